package deploytest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Unit is the part of a systemd service unit that says how it runs.
type Unit struct {
	Path            string
	ExecStart       string
	EnvironmentFile string
	StateDirectory  string
	Fields          map[string][]string // every key=value of [Service]
}

// ParseUnit reads a service unit, joining backslash-continued lines.
func ParseUnit(path string) (*Unit, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	u := &Unit{Path: path, Fields: map[string][]string{}}
	section, pending := "", ""
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if pending != "" {
			line = pending + " " + line
			pending = ""
		}
		if strings.HasSuffix(line, "\\") {
			pending = strings.TrimSuffix(line, "\\")
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: %q is not key=value", path, line)
		}
		if section != "[Service]" {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		u.Fields[k] = append(u.Fields[k], v)
		switch k {
		case "ExecStart":
			u.ExecStart = v
		case "EnvironmentFile":
			u.EnvironmentFile = v
		case "StateDirectory":
			u.StateDirectory = v
		}
	}
	if u.ExecStart == "" {
		return nil, fmt.Errorf("%s: no ExecStart", path)
	}
	return u, nil
}

// ParseEnv reads an EnvironmentFile: KEY=VALUE lines, # comments.
func ParseEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: %q is not KEY=VALUE", path, line)
		}
		env[k] = v
	}
	return env, sc.Err()
}

var braced = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// ErrUnset is returned for a variable the command line uses and the
// environment does not define.
var ErrUnset = errors.New("deploytest: variable not set")

// Command expands ExecStart as systemd does: a word that is exactly $NAME
// becomes the value's whitespace-separated words (none when empty),
// ${NAME} is replaced in place.
func (u *Unit) Command(env map[string]string) ([]string, error) {
	var out []string
	for _, w := range strings.Fields(u.ExecStart) {
		if strings.HasPrefix(w, "$") && !strings.HasPrefix(w, "${") {
			v, ok := env[w[1:]]
			if !ok {
				return nil, fmt.Errorf("%w: %s in %s", ErrUnset, w, filepath.Base(u.Path))
			}
			out = append(out, strings.Fields(v)...)
			continue
		}
		var missing error
		w = braced.ReplaceAllStringFunc(w, func(m string) string {
			v, ok := env[m[2:len(m)-1]]
			if !ok {
				missing = fmt.Errorf("%w: %s in %s", ErrUnset, m, filepath.Base(u.Path))
			}
			return v
		})
		if missing != nil {
			return nil, missing
		}
		out = append(out, w)
	}
	return out, nil
}
