package events

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrBadExport is returned for a '!' line whose base64 does not decode or
// that holds anything besides it (a '\r' included); it makes the whole file
// unreadable (SPEC §8).
var ErrBadExport = errors.New("events: export line: bad base64")

// needsEscape reports whether msg must be written as a '!' line.
func needsEscape(msg []byte) bool {
	return (len(msg) > 0 && msg[0] == '!') || bytes.IndexByte(msg, '\n') >= 0 || bytes.IndexByte(msg, '\r') >= 0
}

// AppendExportLine appends one export line for msg, its trailing '\n'
// included.
func AppendExportLine(out, msg []byte) []byte {
	if !needsEscape(msg) {
		out = append(out, msg...)
		return append(out, '\n')
	}
	out = append(out, '!')
	out = base64.StdEncoding.AppendEncode(out, msg)
	return append(out, '\n')
}

// ExportWriter writes messages in the SPEC §8 export format.
type ExportWriter struct {
	w   *bufio.Writer
	buf []byte
}

// NewExportWriter returns a writer of export lines to w. Call Flush at the end.
func NewExportWriter(w io.Writer) *ExportWriter {
	return &ExportWriter{w: bufio.NewWriterSize(w, 1<<20)}
}

// Write writes one message.
func (x *ExportWriter) Write(msg []byte) error {
	x.buf = AppendExportLine(x.buf[:0], msg)
	_, err := x.w.Write(x.buf)
	return err
}

// Flush flushes buffered lines.
func (x *ExportWriter) Flush() error { return x.w.Flush() }

// ExportReader reads messages from the SPEC §8 export format.
type ExportReader struct {
	r    *bufio.Reader
	line int
	done bool
}

// NewExportReader returns a reader of the export in r.
func NewExportReader(r io.Reader) *ExportReader {
	return &ExportReader{r: bufio.NewReaderSize(r, 1<<20)}
}

// Next returns the next message, a fresh slice the caller may keep. It
// returns io.EOF after the last one. An empty line is an empty message; a
// last line without '\n' is still a message; '\r' is part of a message, but
// makes a '!' line unreadable.
func (x *ExportReader) Next() ([]byte, error) {
	if x.done {
		return nil, io.EOF
	}
	line, err := x.r.ReadBytes('\n')
	switch {
	case err == io.EOF && len(line) == 0:
		x.done = true
		return nil, io.EOF
	case err == io.EOF:
		x.done = true
	case err != nil:
		return nil, fmt.Errorf("events: reading export: %w", err)
	default:
		line = line[:len(line)-1]
	}
	x.line++
	if len(line) == 0 || line[0] != '!' {
		return line, nil
	}
	// The line is the base64 and nothing else: Go's decoder skips '\r'
	// (and '\n'), which SPEC §8 forbids on a '!' line.
	if i := bytes.IndexByte(line, '\r'); i >= 0 {
		return nil, fmt.Errorf("%w: line %d: '\\r' at byte %d of a '!' line", ErrBadExport, x.line, i)
	}
	msg, derr := base64.StdEncoding.AppendDecode(nil, line[1:])
	if derr != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrBadExport, x.line, derr)
	}
	return msg, nil
}

// Line is the 1-based line number of the message Next last returned.
func (x *ExportReader) Line() int { return x.line }

// ReadExport reads every message of an export.
func ReadExport(r io.Reader) ([][]byte, error) {
	x := NewExportReader(r)
	var out [][]byte
	for {
		msg, err := x.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, msg)
	}
}

// ReadExportFile reads every message of the export file at path.
func ReadExportFile(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadExport(f)
}

// WriteExportFile writes msgs to path in the export format, replacing the
// file.
func WriteExportFile(path string, msgs [][]byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := NewExportWriter(f)
	for _, m := range msgs {
		if err := w.Write(m); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
