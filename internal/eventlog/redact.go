package eventlog

import (
	"net/url"
	"strings"
)

// Redact returns a comma-separated list of NATS URLs fit for a log line: a
// password in any of them is replaced (url.URL.Redacted), and a user part
// without a password (a token, or an nkey user) is dropped entirely.
func Redact(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil || u.User == nil {
			if err != nil {
				parts[i] = "(unparsable URL)"
			}
			continue
		}
		if _, hasPassword := u.User.Password(); !hasPassword {
			u.User = url.User("xxxxx")
			parts[i] = u.String()
			continue
		}
		parts[i] = u.Redacted()
	}
	return strings.Join(parts, ",")
}
