package eventlog

import "testing"

// The embedded server fsyncs every write unless NoSync (benchmark loads)
// asks otherwise.
func TestServerSyncsEveryWrite(t *testing.T) {
	for _, noSync := range []bool{false, true} {
		opts, err := ServerConfig{StoreDir: t.TempDir(), NoSync: noSync}.options()
		if err != nil {
			t.Fatal(err)
		}
		if opts.SyncAlways == noSync {
			t.Errorf("NoSync %v: SyncAlways %v", noSync, opts.SyncAlways)
		}
	}
}
