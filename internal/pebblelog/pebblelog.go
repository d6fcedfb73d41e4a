// Package pebblelog is the Pebble logger of every store in the project: it
// drops Pebble's informational lines (they would interleave with command
// output) and writes its errors to stderr, prefixed with the store's name.
package pebblelog

import (
	"fmt"
	"os"
)

// Logger implements Pebble's Logger. The zero value prefixes "pebble".
type Logger struct{ Store string }

func (Logger) Infof(string, ...any) {}

func (l Logger) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s: %s\n", l.name(), fmt.Sprintf(format, args...))
}

// Fatalf reports and exits: Pebble calls it for states it cannot continue
// from.
func (l Logger) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s: fatal: %s\n", l.name(), fmt.Sprintf(format, args...))
	os.Exit(1)
}

func (l Logger) name() string {
	if l.Store == "" {
		return "pebble"
	}
	return l.Store
}
