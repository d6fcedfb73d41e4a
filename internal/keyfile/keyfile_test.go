package keyfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func TestUserSeed(t *testing.T) {
	dir := t.TempDir()
	user, _ := nkeys.CreateUser()
	userSeed, _ := user.Seed()
	account, _ := nkeys.CreateAccount()
	accountSeed, _ := account.Seed()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return p
	}
	good := write("user.nk", "\n"+string(userSeed)+"\n", 0o600)
	kp, err := UserSeed(good)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := kp.PublicKey(); a != mustPub(t, user) {
		t.Fatalf("read key %s, want %s", a, mustPub(t, user))
	}
	if _, err := UserSeed(write("readonly.nk", string(userSeed), 0o400)); err != nil {
		t.Fatalf("an owner-only read-only seed: %v", err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o606, 0o610} {
		p := write("open-"+mode.String()+".nk", string(userSeed), mode)
		_, err := UserSeed(p)
		if !errors.Is(err, ErrOpen) || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %v: %v, want a refusal", mode, err)
		}
		if err != nil && strings.Contains(err.Error(), string(userSeed)) {
			t.Errorf("mode %v: the error holds the seed", mode)
		}
	}
	for name, content := range map[string]string{
		"account.nk": string(accountSeed),
		"damaged.nk": string(userSeed[:len(userSeed)-4]) + "AAAA",
		"hex.key":    strings.Repeat("ab", 32),
		"empty.nk":   "",
	} {
		_, err := UserSeed(write(name, content, 0o600))
		if !errors.Is(err, ErrNotUserSeed) {
			t.Errorf("%s: %v, want ErrNotUserSeed", name, err)
		}
		if err != nil && content != "" && strings.Contains(err.Error(), content) {
			t.Errorf("%s: the error holds the file's content", name)
		}
	}
	if _, err := UserSeed(filepath.Join(dir, "missing.nk")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := UserSeed(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v", err)
	}
}

func mustPub(t *testing.T, kp nkeys.KeyPair) string {
	t.Helper()
	p, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
