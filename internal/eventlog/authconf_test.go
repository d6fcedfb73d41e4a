package eventlog

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

func newID(t *testing.T) string {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	id, _ := kp.PublicKey()
	return id
}

// The rendered authorization block, read back by nats-server's own config
// parser, gives exactly the users (nkeys and permissions) an embedded server
// started with the same Auth has.
func TestAuthServerConfigRoundTrips(t *testing.T) {
	a := &Auth{Nodes: []string{newID(t), newID(t)}, Schedulers: []string{newID(t)}, Services: []string{newID(t), newID(t)}}
	conf, err := a.ServerConfig()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "nats.conf")
	if err := os.WriteFile(path, []byte("port: -1\n"+conf), 0o644); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("nats-server refuses the rendered block: %v\n%s", err, conf)
	}
	want := a.users()
	if len(opts.Nkeys) != len(want) {
		t.Fatalf("parsed %d users, want %d", len(opts.Nkeys), len(want))
	}
	for i, u := range opts.Nkeys {
		if u.Nkey != want[i].Nkey || !reflect.DeepEqual(u.Permissions, want[i].Permissions) {
			t.Fatalf("user %d: parsed %s %+v, embedded server has %s %+v", i, u.Nkey, u.Permissions, want[i].Nkey, want[i].Permissions)
		}
		if len(u.AllowedConnectionTypes) != len(want[i].AllowedConnectionTypes) {
			t.Fatalf("user %d (%s): parsed connection types %v, embedded server has %v", i, u.Nkey, u.AllowedConnectionTypes, want[i].AllowedConnectionTypes)
		}
		for ct := range want[i].AllowedConnectionTypes {
			if _, ok := u.AllowedConnectionTypes[ct]; !ok {
				t.Fatalf("user %d (%s): parsed connection types %v, embedded server has %v", i, u.Nkey, u.AllowedConnectionTypes, want[i].AllowedConnectionTypes)
			}
		}
	}
	if !strings.Contains(conf, `"$SRV.>"`) {
		t.Fatalf("the scheduler's $SRV.> is not quoted:\n%s", conf)
	}
}

func TestLoadAuthRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := newID(t)
	for name, body := range map[string]string{
		"unknown field": `{"nodes":["` + good + `"],"readers":[]}`,
		"not an nkey":   `{"nodes":["U123"]}`,
		"seed not id":   `{"services":["SUAB"]}`,
		"not json":      `nodes: [x]`,
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := LoadAuth(p); err == nil || !strings.Contains(err.Error(), "authorization file") {
			t.Errorf("%s: LoadAuth = %v, want an authorization file error", name, err)
		}
	}
	p := filepath.Join(dir, "ok.json")
	os.WriteFile(p, []byte(`{"nodes":["`+good+`"],"schedulers":[],"services":[]}`), 0o644)
	a, err := LoadAuth(p)
	if err != nil || len(a.Nodes) != 1 || a.Nodes[0] != good {
		t.Fatalf("LoadAuth = %+v, %v", a, err)
	}
}
