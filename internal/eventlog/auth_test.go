package eventlog

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

func connectAs(t *testing.T, url string, kp nkeys.KeyPair) (*nats.Conn, error) {
	t.Helper()
	opt, err := NkeyOption(kp)
	if err != nil {
		t.Fatal(err)
	}
	return nats.Connect(url, opt, nats.Timeout(2*time.Second))
}

// authServer starts a server with auth, connects the service key svc and
// creates the stream; everything is closed when the test ends.
func authServer(ctx context.Context, t *testing.T, auth *Auth, svc nkeys.KeyPair) (*server.Server, *nats.Conn, jetstream.Stream) {
	t.Helper()
	srv, err := StartServer(ServerConfig{Name: "auth", Port: -1, StoreDir: t.TempDir(), Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	admin, err := connectAs(t, srv.ClientURL(), svc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(admin.Close)
	js, err := jetstream.New(admin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := EnsureStream(ctx, js, StreamConfig(1, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return srv, admin, s
}

// With auth on, a node publishes only on its own subjects: publishing on
// another node's subject is refused by NATS and never reaches the log.
func TestNodeMayPublishOnlyItsOwnSubjects(t *testing.T) {
	a, _ := nkeys.CreateUser()
	b, _ := nkeys.CreateUser()
	svc, _ := nkeys.CreateUser()
	aID, _ := a.PublicKey()
	bID, _ := b.PublicKey()
	svcID, _ := svc.PublicKey()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv, _, s := authServer(ctx, t, &Auth{Nodes: []string{aID, bID}, Services: []string{svcID}}, svc)
	if _, err := nats.Connect(srv.ClientURL(), nats.Timeout(2*time.Second)); err == nil {
		t.Fatal("an anonymous client connected")
	}
	stranger, _ := nkeys.CreateUser()
	if _, err := connectAs(t, srv.ClientURL(), stranger); err == nil {
		t.Fatal("an unknown key connected")
	}
	nc, err := connectAs(t, srv.ClientURL(), a)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	own, other := Subject(events.NodeHeartbeat, aID), Subject(events.NodeHeartbeat, bID)
	if _, err := js.Publish(ctx, own, []byte("mine")); err != nil {
		t.Fatalf("publishing on its own subject: %v", err)
	}
	pctx, pcancel := context.WithTimeout(ctx, time.Second)
	defer pcancel()
	if _, err := js.Publish(pctx, other, []byte("forged")); err == nil {
		t.Fatal("published on another node's subject")
	}
	info, _ := s.Info(ctx)
	if info.State.Msgs != 1 {
		t.Fatalf("stream holds %d messages, want only the node's own", info.State.Msgs)
	}
}

// Mutual TLS: a client without a certificate from the client CA is refused.
func TestMutualTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := selfSignedCA(t)
	writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", ca.Raw)
	serverCert := issue(t, ca, caKey, dir, "server", true)
	clientCert := issue(t, ca, caKey, dir, "client", false)
	srv, err := StartServer(ServerConfig{Name: "tls", Port: -1, StoreDir: t.TempDir(),
		TLS: &TLSConfig{CertFile: serverCert + ".pem", KeyFile: serverCert + ".key", ClientCAFile: filepath.Join(dir, "ca.pem")}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	url := srv.ClientURL()
	if _, err := nats.Connect(url, nats.RootCAs(filepath.Join(dir, "ca.pem")), nats.Timeout(2*time.Second)); err == nil {
		t.Fatal("a client without a certificate connected")
	}
	nc, err := nats.Connect(url, nats.RootCAs(filepath.Join(dir, "ca.pem")),
		nats.ClientCert(clientCert+".pem", clientCert+".key"), nats.Timeout(2*time.Second))
	if err != nil {
		t.Fatalf("client with a certificate: %v", err)
	}
	nc.Close()
}

func selfSignedCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "swarm test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	return ca, key
}

func issue(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, dir, name string, server bool) string {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
		tmpl.DNSNames = []string{"localhost"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, name)
	writePEM(t, base+".pem", "CERTIFICATE", der)
	kb, _ := x509.MarshalECPrivateKey(key)
	writePEM(t, base+".key", "EC PRIVATE KEY", kb)
	return base
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Each node and scheduler receives replies only on its own inbox: it can
// neither subscribe to the shared _INBOX.> nor to another client's inbox,
// while its own requests (JetStream publishes with their PubAcks) work.
func TestRepliesReachOnlyTheirOwnClient(t *testing.T) {
	node, _ := nkeys.CreateUser()
	other, _ := nkeys.CreateUser()
	sched, _ := nkeys.CreateUser()
	svc, _ := nkeys.CreateUser()
	nodeID, _ := node.PublicKey()
	otherID, _ := other.PublicKey()
	schedID, _ := sched.PublicKey()
	svcID, _ := svc.PublicKey()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv, admin, _ := authServer(ctx, t, &Auth{Nodes: []string{nodeID, otherID}, Schedulers: []string{schedID}, Services: []string{svcID}}, svc)
	// A service answering on a query subject, as swarmd's micro service does.
	if _, err := admin.Subscribe("swarm.ledger.v1.ping", func(m *nats.Msg) { m.Respond([]byte("pong")) }); err != nil {
		t.Fatal(err)
	}
	admin.Flush()

	for _, c := range []struct {
		name string
		kp   nkeys.KeyPair
		id   string
	}{{"node", node, nodeID}, {"scheduler", sched, schedID}} {
		denied := make(chan error, 8)
		opt, err := NkeyOption(c.kp)
		if err != nil {
			t.Fatal(err)
		}
		nc, err := nats.Connect(srv.ClientURL(), opt, nats.Timeout(2*time.Second),
			nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { denied <- err }))
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		if got := nc.NewRespInbox(); !strings.HasPrefix(got, InboxPrefix(c.id)+".") {
			t.Fatalf("%s: inbox %s, want under %s", c.name, got, InboxPrefix(c.id))
		}
		// Its own request and reply work: a PubAck (nodes), a query (schedulers).
		if c.name == "node" {
			js, _ := jetstream.New(nc)
			if _, err := js.Publish(ctx, Subject(events.NodeHeartbeat, c.id), []byte("hb")); err != nil {
				t.Fatalf("node: publish with PubAck: %v", err)
			}
		} else if m, err := nc.Request("swarm.ledger.v1.ping", nil, 2*time.Second); err != nil || string(m.Data) != "pong" {
			t.Fatalf("scheduler: query: %v", err)
		}
		for _, subj := range []string{"_INBOX.>", InboxPrefix(otherID) + ".>", ">"} {
			sub, err := nc.SubscribeSync(subj)
			if err != nil {
				t.Fatal(err)
			}
			nc.Flush()
			select {
			case err := <-denied:
				if !errors.Is(err, nats.ErrPermissionViolation) && !strings.Contains(strings.ToLower(err.Error()), "permissions violation") {
					t.Fatalf("%s: subscribing to %s: %v", c.name, subj, err)
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("%s: subscribed to %s", c.name, subj)
			}
			sub.Unsubscribe()
		}
	}
}

// A node's publish permission covers exactly its own subject of each node
// event type: a subject of its own under any other name (which would add an
// entry to the stream's subject index for every new name) is refused, and
// it may connect only as a plain client.
func TestNodeMayPublishOnlyNodeEventSubjects(t *testing.T) {
	node, _ := nkeys.CreateUser()
	svc, _ := nkeys.CreateUser()
	nodeID, _ := node.PublicKey()
	svcID, _ := svc.PublicKey()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	auth := &Auth{Nodes: []string{nodeID}, Services: []string{svcID}}
	srv, _, s := authServer(ctx, t, auth, svc)
	nc, err := connectAs(t, srv.ClientURL(), node)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	own := NodeSubjects(nodeID)
	if len(own) != 3 {
		t.Fatalf("node subjects %v, want one per node event type", own)
	}
	for _, subj := range own {
		if _, err := js.Publish(ctx, subj, []byte("mine")); err != nil {
			t.Fatalf("publishing on %s: %v", subj, err)
		}
	}
	for _, subj := range []string{
		SubjectPrefix + "node." + nodeID + ".junk",
		SubjectPrefix + "node." + nodeID + ".node_heartbeat.1",
		SubjectPrefix + "node." + nodeID + ".gpu_verified",
		SubjectPrefix + "node." + nodeID,
	} {
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		_, err := js.Publish(pctx, subj, []byte("junk"))
		pcancel()
		if err == nil {
			t.Fatalf("published on %s", subj)
		}
	}
	info, _ := s.Info(ctx)
	if info.State.Msgs != uint64(len(own)) {
		t.Fatalf("stream holds %d messages, want %d", info.State.Msgs, len(own))
	}
	for _, u := range auth.users() {
		if u.Nkey != nodeID {
			continue
		}
		if _, ok := u.AllowedConnectionTypes["STANDARD"]; !ok || len(u.AllowedConnectionTypes) != 1 {
			t.Fatalf("node connection types %v, want only STANDARD", u.AllowedConnectionTypes)
		}
	}
}
