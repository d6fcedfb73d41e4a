package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// keys nats-config writes the authorization block nats-server accepts, with
// one user per id of the file; a bad file writes nothing.
func TestKeysNatsConfig(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for range 3 {
		kp, _ := nkeys.CreateUser()
		id, _ := kp.PublicKey()
		ids = append(ids, id)
	}
	auth := filepath.Join(dir, "auth.json")
	os.WriteFile(auth, []byte(`{"nodes":["`+ids[0]+`"],"schedulers":["`+ids[1]+`"],"services":["`+ids[2]+`"]}`), 0o644)
	out := filepath.Join(dir, "auth.conf")
	stdout, errOut, code := swarmctl(t, "keys", "nats-config", auth, "--out", out)
	if code != 0 || !strings.Contains(stdout, "1 nodes, 1 schedulers, 1 services") {
		t.Fatalf("exit %d: %s%s", code, stdout, errOut)
	}
	conf := filepath.Join(dir, "nats.conf")
	os.WriteFile(conf, []byte("port: -1\ninclude ./auth.conf\n"), 0o644)
	opts, err := server.ProcessConfigFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Nkeys) != 3 || opts.Nkeys[0].Nkey != ids[0] || opts.Nkeys[2].Permissions != nil {
		t.Fatalf("users %+v", opts.Nkeys)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"nodes":["`+ids[0]+`"],"admins":[]}`), 0o644)
	badOut := filepath.Join(dir, "bad.conf")
	if _, errOut, code := swarmctl(t, "keys", "nats-config", bad, "--out", badOut); code == 0 || !strings.Contains(errOut, "authorization file") {
		t.Fatalf("bad file: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(badOut); !os.IsNotExist(err) {
		t.Fatalf("a refused file left %s: %v", badOut, err)
	}
}
