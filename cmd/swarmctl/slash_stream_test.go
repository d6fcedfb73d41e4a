package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// TestEquivocationMessagesFromStream: an equivocation's two messages are
// read from an embedded NATS server's SWARM stream by their hashes: on the
// node's subjects when they are there (a copy elsewhere at an earlier
// sequence is not the one printed), over the whole stream when the node's
// subjects hold neither; printable bytes as they are, others as base64; a
// hash in neither place is reported missing.
func TestEquivocationMessagesFromStream(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "t", Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Minute)); err != nil {
		t.Fatal(err)
	}
	node := func() string {
		kp, _ := nkeys.CreateUser()
		id, _ := kp.PublicKey()
		return id
	}
	n, other := node(), node()
	accepted := []byte(`{"type":"node.heartbeat","seq":7}`)
	conflicting := []byte{0x7b, 0x00, 0xff, 0x01}
	onNode := eventlog.SubjectPrefix + "node." + n + ".node_heartbeat"
	for i, p := range []struct {
		subject string
		data    []byte
	}{
		{eventlog.SubjectPrefix + "raw", accepted}, // seq 1: a copy off the node's subjects
		{onNode, []byte(`{"other":1}`)},            // seq 2
		{onNode, accepted},                         // seq 3
		{onNode, conflicting},                      // seq 4
	} {
		if _, err := js.Publish(ctx, p.subject, p.data, jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	show := func(d projections.SlashEvidence) (string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := printEquivocationMessages(ctx, &out, &errOut, srv.ClientURL(), &d); err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String()
	}
	ha, hc := events.MessageHash(accepted).String(), events.MessageHash(conflicting).String()

	out, errOut := show(projections.SlashEvidence{Node: n, Seq: 7, Accepted: ha, Conflicting: hc})
	want := fmt.Sprintf("accepted message %s: stream seq 3, subject %s (canonical JSON):\n%s\n", ha, onNode, accepted) +
		fmt.Sprintf("conflicting message %s: stream seq 4, subject %s (base64):\n%s\n", hc, onNode, base64.StdEncoding.EncodeToString(conflicting))
	if out != want || errOut != "" {
		t.Errorf("on the node's subjects: got\n%s(stderr %q)\nwant\n%s", out, errOut, want)
	}

	// Nothing on the other node's subjects: the whole stream is read.
	missing := events.MessageHash([]byte("never published")).String()
	out, _ = show(projections.SlashEvidence{Node: other, Seq: 7, Accepted: ha, Conflicting: missing})
	want = fmt.Sprintf("accepted message %s: stream seq 1, subject %sraw (canonical JSON):\n%s\n", ha, eventlog.SubjectPrefix, accepted) +
		fmt.Sprintf("conflicting message %s: not in the stream\n", missing)
	if out != want {
		t.Errorf("over the whole stream: got\n%s\nwant\n%s", out, want)
	}

	// NATS unreachable: a warning, no error.
	var o, e bytes.Buffer
	if err := printEquivocationMessages(ctx, &o, &e, "nats://127.0.0.1:1", &projections.SlashEvidence{Node: n, Accepted: ha, Conflicting: hc}); err != nil ||
		o.Len() != 0 || !strings.HasPrefix(e.String(), "warning: the conflicting messages were not read from the stream: connect to") {
		t.Errorf("unreachable: err %v, stdout %q, stderr %q", err, o.String(), e.String())
	}
}
