package ledgerd

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// authConn is a client connection authenticated with an nkey, recording the
// permission violations the server reports to it.
type authConn struct {
	*nats.Conn
	js jetstream.JetStream

	mu         sync.Mutex
	violations []string
}

func connectAuth(t *testing.T, url string, kp nkeys.KeyPair) *authConn {
	t.Helper()
	opt, err := eventlog.NkeyOption(kp)
	if err != nil {
		t.Fatal(err)
	}
	c := &authConn{}
	nc, err := nats.Connect(url, opt, nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		c.mu.Lock()
		c.violations = append(c.violations, err.Error())
		c.mu.Unlock()
	}))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	c.Conn = nc
	if c.js, err = jetstream.New(nc); err != nil {
		t.Fatal(err)
	}
	return c
}

// refused reports whether the server reported a publish permission
// violation on subject to this connection.
func (c *authConn) refused(subject string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.violations {
		if strings.Contains(v, "Permissions Violation for Publish to \""+subject+"\"") {
			return true
		}
	}
	return false
}

// With authentication on, swarmd connects with its own in-process key, an
// authorized node and scheduler publish on their own subjects and are
// folded, a scheduler queries the read service, and every other subject is
// refused by NATS with a permissions violation, nothing reaching the stream:
// another node's or scheduler's subjects, the chain's and the ledger's, the
// stream's and the KV buckets' APIs.
func TestServiceWithAuth(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	a, b, sched2 := mustKey(t), mustKey(t), mustKey(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := startRunning(ctx, t, Config{Params: e2eParams(t, k), Auth: &eventlog.Auth{
		Nodes: []string{pub(t, a), pub(t, b)}, Schedulers: []string{pub(t, k.sched), pub(t, sched2)}}})
	node, sched := connectAuth(t, s.NATSURL(), a), connectAuth(t, s.NATSURL(), k.sched)

	own := []struct {
		conn *authConn
		ev   *events.Event
		kp   nkeys.KeyPair
	}{
		{node, &events.Event{Src: pub(t, a), Seq: 1, Body: &events.NodeUnjailBody{}}, a},
		{sched, &events.Event{Src: pub(t, k.sched), Seq: 1, Body: &events.TaskCompletedBody{Task: "t", GPUSeconds: 1}}, k.sched},
	}
	for _, o := range own {
		msg, err := events.SignEncode(o.ev, o.kp)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.conn.js.Publish(ctx, eventlog.Subject(o.ev.Body.EventType(), o.ev.Src), msg, jetstream.WithMsgID(o.ev.ID())); err != nil {
			t.Fatalf("publishing on its own subject: %v", err)
		}
	}
	waitFor(t, "the fold", func() bool { return s.Checkpoint() == uint64(len(own)) })
	reply, err := sched.Request(projections.MicroDefaultPrefix+".overview", nil, 5*time.Second)
	if err != nil || reply.Header.Get(micro.ErrorCodeHeader) != "" {
		t.Fatalf("a scheduler querying the read service: %v %v", err, reply)
	}

	forbidden := []string{
		"$JS.API.STREAM.PURGE." + eventlog.StreamName,
		"$JS.API.STREAM.DELETE." + eventlog.StreamName,
		"$JS.API.STREAM.MSG.DELETE." + eventlog.StreamName,
		"$JS.API.STREAM.UPDATE." + eventlog.StreamName,
		"$JS.API.STREAM.CREATE.SHADOW",
		"$JS.API.CONSUMER.CREATE." + eventlog.StreamName,
		"$KV." + eventlog.DefaultLeaseBucket + ".leader",
		"$KV.swarm_state.watcher",
		eventlog.Subject(events.ChainBonded, events.ChainSrc),
		eventlog.Subject(events.EpochClosed, pub(t, k.ledger)),
		eventlog.SubjectPrefix + "raw",
	}
	type refusal struct {
		who     string
		conn    *authConn
		subject string
	}
	cases := []refusal{
		{"node", node, eventlog.Subject(events.NodeHeartbeat, pub(t, b))},
		{"node", node, eventlog.Subject(events.GPUVerified, pub(t, k.sched))},
		{"node", node, projections.MicroDefaultPrefix + ".nodes"},
		{"scheduler", sched, eventlog.Subject(events.GPUVerified, pub(t, sched2))},
		{"scheduler", sched, eventlog.Subject(events.NodeHeartbeat, pub(t, a))},
	}
	for _, subj := range forbidden {
		cases = append(cases, refusal{"node", node, subj}, refusal{"scheduler", sched, subj})
	}
	forged, _ := events.SignEncode(&events.Event{Src: pub(t, a), Seq: 2, Body: &events.NodeUnjailBody{}}, a)
	for _, c := range cases {
		if err := c.conn.PublishMsg(&nats.Msg{Subject: c.subject, Reply: c.conn.NewRespInbox(), Data: forged}); err != nil {
			t.Fatal(err)
		}
	}
	for _, conn := range []*authConn{node, sched} {
		if err := conn.FlushTimeout(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var missing []string
		for _, c := range cases {
			if !c.conn.refused(c.subject) {
				missing = append(missing, c.who+" on "+c.subject)
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no permissions violation reported for: %s", strings.Join(missing, ", "))
		}
	}
	info, err := s.stream.Info(ctx)
	if err != nil {
		t.Fatalf("the stream after the refusals: %v", err)
	}
	if info.State.Msgs != uint64(len(own)) || info.State.LastSeq != uint64(len(own)) {
		t.Fatalf("stream holds %d messages (last seq %d), want only the %d own ones", info.State.Msgs, info.State.LastSeq, len(own))
	}
	time.Sleep(100 * time.Millisecond)
	if got := s.Checkpoint(); got != uint64(len(own)) {
		t.Fatalf("checkpoint %d: a refused publish reached the log", got)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
}
