package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"

	"github.com/nats-io/nkeys"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/events"
)

func eventCmd() *cobra.Command {
	ev := &cobra.Command{Use: "event", Short: "Build and sign events"}
	var keyPath, typ, src, body string
	var seq uint64
	var timeMs int64
	sign := &cobra.Command{
		Use:   "sign --key FILE --type TYPE --seq N --time MS --body JSON",
		Short: "Sign an event body as the key's identity (or as chain with --src chain) and print its canonical message",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kp, err := loadKey(keyPath)
			if err != nil {
				return err
			}
			if src == "" {
				if src, err = kp.PublicKey(); err != nil {
					return err
				}
			}
			msg, err := signBody(kp, typ, src, seq, timeMs, []byte(body))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s\n", msg)
			return nil
		},
	}
	f := sign.Flags()
	f.StringVar(&keyPath, "key", "", "nkey seed file of the signer")
	f.StringVar(&typ, "type", "", "event type, e.g. node.heartbeat")
	f.StringVar(&src, "src", "", "src member (default: the key's public id; chain events use 'chain')")
	f.Uint64Var(&seq, "seq", 0, "per-source sequence (chain: block*100000+log)")
	f.Int64Var(&timeMs, "time", 0, "source wall clock, Unix ms")
	f.StringVar(&body, "body", "", "body as JSON (any formatting; it is canonicalized), or @FILE")
	for _, n := range []string{"key", "type", "seq", "body"} {
		sign.MarkFlagRequired(n)
	}
	ev.AddCommand(sign, publishCmd())
	return ev
}

// signBody canonicalizes body, validates the whole event against the schema
// and signs it.
func signBody(kp nkeys.KeyPair, typ, src string, seq uint64, timeMs int64, body []byte) ([]byte, error) {
	if len(body) > 0 && body[0] == '@' {
		raw, err := os.ReadFile(string(body[1:]))
		if err != nil {
			return nil, err
		}
		body = raw
	}
	canon, err := canonicalJSON(body)
	if err != nil {
		return nil, usageError{fmt.Errorf("--body: %w", err)}
	}
	placeholder := bytes.Repeat([]byte("A"), events.SigLen-2)
	tmpl := fmt.Sprintf(`{"body":%s,"seq":%d,"sig":"%s==","src":%q,"time":%d,"type":%q,"v":1}`,
		canon, seq, placeholder, src, timeMs, typ)
	d, err := events.Decode([]byte(tmpl))
	if err != nil {
		return nil, usageError{fmt.Errorf("the event does not satisfy SPEC's schema (types, ranges, ids, members): %w", err)}
	}
	return events.SignEncode(&d.Event, kp)
}

// canonicalJSON re-encodes a JSON value with sorted members and no spaces.
func canonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeCanonical(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeCanonical(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(strconv.Quote(k))
			buf.WriteByte(':')
			if err := writeCanonical(buf, x[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeCanonical(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case string:
		buf.WriteString(strconv.Quote(x))
	case json.Number:
		buf.WriteString(x.String())
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	default:
		return fmt.Errorf("value %v is not allowed in events", v)
	}
	return nil
}
