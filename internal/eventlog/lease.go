package eventlog

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DefaultLeaseBucket is the KV bucket leases are kept in unless configured.
const DefaultLeaseBucket = "swarm_leases"

// Bounds of a lease period. Below MinLeaseTTL a renewal round trip is no
// longer small next to the TTL/6 left for retries.
const (
	MinLeaseTTL = time.Second
	MaxLeaseTTL = time.Hour
)

var (
	// ErrLeaseConfig is returned for an invalid LeaseConfig or argument.
	ErrLeaseConfig = errors.New("eventlog: invalid lease configuration")
	// ErrLeaseBucketTTL is returned when the lease bucket exists with a TTL
	// other than the lease period: every lease in a bucket shares its TTL.
	ErrLeaseBucketTTL = errors.New("eventlog: lease bucket TTL differs from the lease period")
	// ErrLeaseValue is returned when a lease key holds something that is not
	// a lease.
	ErrLeaseValue = errors.New("eventlog: malformed lease value")
	// ErrLeaseLost is the cause of a lead context cancelled because the key
	// is held by another replica, was deleted, or expired.
	ErrLeaseLost = errors.New("eventlog: lease lost")
	// ErrLeaseRenewOverdue is the cause of a lead context cancelled because
	// no renewal succeeded within half the lease period.
	ErrLeaseRenewOverdue = errors.New("eventlog: lease renewal overdue")
	// ErrLeaseLeadReturned is the cause of a lead context cancelled because
	// lead returned by itself.
	ErrLeaseLeadReturned = errors.New("eventlog: lead returned")
)

var (
	validLeaseBucket = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)    // as nats.go checks bucket names
	validLeaseKey    = regexp.MustCompile(`^[-/_=.a-zA-Z0-9]+$`) // as nats.go checks keys
	validLeaseHolder = regexp.MustCompile(`^[-/_=.:@a-zA-Z0-9]{1,128}$`)
)

// LeaseConfig configures RunLease.
type LeaseConfig struct {
	// Bucket is the KV bucket, DefaultLeaseBucket when empty. Every lease
	// in a bucket must use the same TTL.
	Bucket string
	// Key names the lease, e.g. "settlement" (required, a valid KV key).
	Key string
	// Holder identifies this replica (required, unique among replicas;
	// letters, digits and -/_=.:@, at most 128 bytes).
	Holder string
	// TTL is the lease period, between MinLeaseTTL and MaxLeaseTTL. It is
	// also the bucket's TTL (MaxAge).
	TTL time.Duration
	// Replicas of the KV bucket: 1 on an embedded server, 3 on a cluster.
	// Default 1, at most 5.
	Replicas int
	// Log receives acquisitions and losses at Info; slog.Default when nil.
	Log *slog.Logger
}

func (c LeaseConfig) normalized() (LeaseConfig, error) {
	if c.Bucket == "" {
		c.Bucket = DefaultLeaseBucket
	}
	if c.Replicas == 0 {
		c.Replicas = 1
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	var p []string
	check := func(bad bool, format string, args ...any) {
		if bad {
			p = append(p, fmt.Sprintf(format, args...))
		}
	}
	check(!validLeaseBucket.MatchString(c.Bucket), "bucket %q is not a valid KV bucket name", c.Bucket)
	check(!leaseKeyValid(c.Key), "key %q is not a valid KV key", c.Key)
	check(!validLeaseHolder.MatchString(c.Holder), "holder %q must be 1-128 of [-/_=.:@a-zA-Z0-9]", c.Holder)
	check(c.TTL < MinLeaseTTL || c.TTL > MaxLeaseTTL, "TTL %s is outside [%s, %s]", c.TTL, MinLeaseTTL, MaxLeaseTTL)
	check(c.Replicas < 1 || c.Replicas > 5, "replicas %d is outside [1, 5]", c.Replicas)
	if len(p) > 0 {
		return c, fmt.Errorf("%w: %s", ErrLeaseConfig, strings.Join(p, "; "))
	}
	return c, nil
}

func leaseKeyValid(key string) bool {
	return validLeaseKey.MatchString(key) && key[0] != '.' && key[len(key)-1] != '.' && !strings.Contains(key, "..")
}

// LeaseBucketConfig returns the lease bucket's configuration with every
// field set explicitly: file storage, one value per key, keys expiring
// after the lease period.
func LeaseBucketConfig(bucket string, ttl time.Duration, replicas int) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:         bucket,
		Description:    "Swarm leader leases; a key expires one lease period after its last renewal",
		MaxValueSize:   1024,
		History:        1,
		TTL:            ttl,
		MaxBytes:       -1,
		Storage:        jetstream.FileStorage,
		Replicas:       replicas,
		Placement:      nil,
		RePublish:      nil,
		Mirror:         nil,
		Sources:        nil,
		Compression:    false,
		LimitMarkerTTL: 0,
		Metadata:       nil,
	}
}

// RunLease campaigns for the lease cfg.Key until ctx ends, and calls
// lead(leadCtx), in the calling goroutine, for every term in which this
// replica holds it. It returns nil when ctx ends, and an error only for a
// bad configuration: an invalid LeaseConfig, or a bucket that exists with a
// TTL other than cfg.TTL. Other failures (connection down, no JetStream
// leader) are logged and retried.
//
// The lease is a key in a KV bucket (created with LeaseBucketConfig: file
// storage, History 1, TTL = cfg.TTL, cfg.Replicas; an existing bucket is
// reused as it is if its TTL matches) whose value names the holder and
// a random per-term token. The KV revision of the key is the term; it grows
// with every renewal and every later term.
//
//   - Acquire: kv.Create, which succeeds only while the key is absent,
//     deleted or expired. Non-leaders retry every TTL/3.
//   - Renew: every TTL/3, kv.Update against the last revision. A revision
//     mismatch or a missing key means the lease was lost (expired, deleted,
//     or taken): leadCtx is cancelled at once.
//   - Safety margin: the server expires the key no earlier than TTL after it
//     stored the last renewal, which was after we sent it. leadCtx is
//     cancelled TTL/2 after the last successful renewal was sent (local
//     monotonic clock) if no later one succeeded, so lead has TTL/2 to stop
//     before anyone else can acquire. This assumes the servers' clocks do
//     not jump, run at nearly the right rate and, in a cluster, agree to
//     well within TTL/2 (a new stream leader expires keys by its own clock);
//     and that lead stops acting promptly when leadCtx is done.
//   - Release: when a term ends (ctx ends, lead returns, or the lease is
//     lost), RunLease cancels leadCtx, waits for lead to return, and then
//     deletes the key conditionally on our revision (kv.Delete with
//     jetstream.LastRevision), so a successor takes over at once instead of
//     after the TTL. It never deletes another holder's lease. The release
//     is given at most TTL/3, also when ctx has ended.
//   - A write whose reply was lost is recognised by its token: RunLease
//     renews against it, or releases it, rather than leave it to expire.
//
// context.Cause(leadCtx) says why a term ended: ErrLeaseLost,
// ErrLeaseRenewOverdue, ErrLeaseLeadReturned, or ctx's own cause. After a
// term RunLease waits TTL/3 before campaigning again.
func RunLease(ctx context.Context, js jetstream.JetStream, cfg LeaseConfig, lead func(ctx context.Context)) error {
	cfg, err := cfg.normalized()
	if err != nil {
		return err
	}
	if js == nil || lead == nil {
		return fmt.Errorf("%w: nil JetStream or lead function", ErrLeaseConfig)
	}
	l := &lease{cfg: cfg, log: cfg.Log.With("lease", cfg.Bucket+"/"+cfg.Key, "holder", cfg.Holder)}
	for l.kv == nil {
		if err := l.ensureBucket(ctx, js); errors.Is(err, ErrLeaseBucketTTL) {
			return err
		} else if err != nil {
			if ctx.Err() == nil {
				l.warn(ctx, "lease bucket unavailable", err)
			}
			if !sleepCtx(ctx, cfg.TTL/3) {
				return nil
			}
		}
	}
	for {
		if t, ok := l.acquire(ctx); ok {
			l.hold(ctx, t, lead)
		}
		if !sleepCtx(ctx, cfg.TTL/3) {
			return nil
		}
	}
}

// LeaseHolder returns the current holder of the lease key in bucket
// (DefaultLeaseBucket when empty) and the KV revision (the term); "" and 0
// when nobody holds it. On a replicated bucket the read may be served by a
// lagging replica: it is advisory, not a fencing check.
func LeaseHolder(ctx context.Context, js jetstream.JetStream, bucket, key string) (holder string, term uint64, err error) {
	if bucket == "" {
		bucket = DefaultLeaseBucket
	}
	if !validLeaseBucket.MatchString(bucket) || !leaseKeyValid(key) {
		return "", 0, fmt.Errorf("%w: bucket %q, key %q", ErrLeaseConfig, bucket, key)
	}
	kv, err := js.KeyValue(ctx, bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("eventlog: lease bucket %s: %w", bucket, err)
	}
	e, err := kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("eventlog: get lease %s/%s: %w", bucket, key, err)
	}
	v, err := decodeLease(e.Value())
	if err != nil {
		return "", 0, err
	}
	return v.Holder, e.Revision(), nil
}

// leaseValue is what a lease key holds.
type leaseValue struct {
	Holder string `json:"holder"`
	Token  string `json:"token"` // random per term: tells our own writes from another's
}

func decodeLease(b []byte) (leaseValue, error) {
	var v leaseValue
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("%w: %w", ErrLeaseValue, err)
	}
	if v.Holder == "" || v.Token == "" {
		return v, fmt.Errorf("%w: %q", ErrLeaseValue, b)
	}
	return v, nil
}

// term is one holding of the lease.
type term struct {
	value []byte    // holder and token, the same for every write of the term
	first uint64    // revision that acquired the lease: the term in logs
	rev   uint64    // revision of our latest known write
	sent  time.Time // when the latest confirmed write was sent, or earlier
}

type lease struct {
	cfg     LeaseConfig
	log     *slog.Logger
	kv      jetstream.KeyValue
	pending *term  // an acquisition whose outcome is unknown (reply lost)
	lastErr string // last warning, to log repeats at Debug only
}

func (l *lease) ensureBucket(ctx context.Context, js jetstream.JetStream) error {
	ctx, cancel := context.WithTimeout(ctx, l.cfg.TTL)
	defer cancel()
	kv, err := js.KeyValue(ctx, l.cfg.Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, LeaseBucketConfig(l.cfg.Bucket, l.cfg.TTL, l.cfg.Replicas))
		if errors.Is(err, jetstream.ErrBucketExists) { // created meanwhile, or differently
			kv, err = js.KeyValue(ctx, l.cfg.Bucket)
		}
	}
	if err != nil {
		return fmt.Errorf("eventlog: lease bucket %s: %w", l.cfg.Bucket, err)
	}
	st, err := kv.Status(ctx)
	if err != nil {
		return fmt.Errorf("eventlog: lease bucket %s status: %w", l.cfg.Bucket, err)
	}
	if st.TTL() != l.cfg.TTL {
		return fmt.Errorf("%w: bucket %s expires keys after %s, the lease period is %s",
			ErrLeaseBucketTTL, l.cfg.Bucket, st.TTL(), l.cfg.TTL)
	}
	l.kv = kv
	return nil
}

// acquire tries once to take the lease.
func (l *lease) acquire(ctx context.Context) (term, bool) {
	sent := time.Now()
	retry := l.pending != nil
	if !retry {
		// Holder is restricted to characters JSON needs no escapes for.
		l.pending = &term{value: fmt.Appendf(nil, `{"holder":%q,"token":%q}`, l.cfg.Holder, rand.Text()), sent: sent}
	}
	p := l.pending
	actx, cancel := context.WithTimeout(ctx, l.cfg.TTL/3)
	defer cancel()
	rev, err := l.kv.Create(actx, l.cfg.Key, p.value)
	switch {
	case err == nil:
		l.pending, l.lastErr = nil, ""
		return term{value: p.value, first: rev, rev: rev, sent: sent}, true
	case isLeaseConflict(err):
		l.pending, l.lastErr = nil, ""
		if retry { // one of our earlier attempts may be what holds it
			e, err := l.kv.Get(actx, l.cfg.Key)
			if err == nil && bytes.Equal(e.Value(), p.value) {
				// It was sent no earlier than p.sent.
				return term{value: p.value, first: e.Revision(), rev: e.Revision(), sent: p.sent}, true
			}
		}
		return term{}, false
	default: // outcome unknown: keep p to recognise the write if it landed
		if ctx.Err() == nil {
			l.warn(ctx, "lease campaign failed", err)
		}
		return term{}, false
	}
}

// hold leads for one term and releases the lease when it ends.
func (l *lease) hold(ctx context.Context, t term, lead func(context.Context)) {
	if time.Until(t.sent.Add(l.cfg.TTL/2)) <= 0 { // a lost reply recognised too late to lead on
		l.release(ctx, t)
		return
	}
	l.log.Info("lease acquired", "term", t.first)
	leadCtx, cancel := context.WithCancelCause(ctx)
	overdue := time.AfterFunc(time.Until(t.sent.Add(l.cfg.TTL/2)), func() { cancel(ErrLeaseRenewOverdue) })
	renewed := make(chan term, 1)
	go func() { renewed <- l.renew(leadCtx, t, overdue, cancel) }()
	lead(leadCtx)
	cancel(ErrLeaseLeadReturned) // no-op if already cancelled
	t = <-renewed
	overdue.Stop()
	msg, cause := "lease stepped down", context.Cause(leadCtx)
	if errors.Is(cause, ErrLeaseLost) || errors.Is(cause, ErrLeaseRenewOverdue) {
		msg = "lease lost"
	}
	l.log.Info(msg, "term", t.first, "revision", t.rev, "reason", cause)
	l.release(ctx, t)
}

// renew keeps the lease until ctx is cancelled or the lease is lost, and
// returns the term with its latest revision.
func (l *lease) renew(ctx context.Context, t term, overdue *time.Timer, lose context.CancelCauseFunc) term {
	ttl := l.cfg.TTL
	next := time.NewTimer(time.Until(t.sent.Add(ttl / 3)))
	defer next.Stop()
	for {
		select {
		case <-ctx.Done():
			return t
		case <-next.C:
		}
		sent := time.Now()
		rctx, cancel := context.WithDeadline(ctx, t.sent.Add(ttl/2))
		rev, err := l.kv.Update(rctx, l.cfg.Key, t.value, t.rev)
		if err == nil {
			cancel()
			t.rev = rev
			if !overdue.Stop() { // too late: leadCtx is being cancelled
				return t
			}
			t.sent, l.lastErr = sent, ""
			overdue.Reset(time.Until(sent.Add(ttl / 2)))
			next.Reset(time.Until(sent.Add(ttl / 3)))
			continue
		}
		if !isLeaseConflict(err) && !errors.Is(err, jetstream.ErrKeyNotFound) {
			cancel()
			if ctx.Err() == nil {
				l.warn(ctx, "lease renewal failed", err)
			}
			next.Reset(ttl / 16)
			continue
		}
		e, err := l.kv.Get(rctx, l.cfg.Key)
		cancel()
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			lose(fmt.Errorf("%w: expired or deleted", ErrLeaseLost))
			return t
		case err != nil:
			if ctx.Err() == nil {
				l.warn(ctx, "lease check failed", err)
			}
			next.Reset(ttl / 16)
		case !bytes.Equal(e.Value(), t.value):
			holder := "?"
			if v, err := decodeLease(e.Value()); err == nil {
				holder = v.Holder
			}
			lose(fmt.Errorf("%w: held by %s at revision %d", ErrLeaseLost, holder, e.Revision()))
			return t
		case e.Revision() > t.rev:
			// A renewal of ours whose reply was lost. It was sent after
			// t.sent, so the overdue deadline stays conservative.
			t.rev = e.Revision()
			next.Reset(0)
		default: // a lagging replica answered
			next.Reset(ttl / 16)
		}
	}
}

// release deletes the key if it still holds this term's value, so that a
// successor need not wait for it to expire. The delete is conditional on
// the revision, so it never removes another holder's lease.
func (l *lease) release(ctx context.Context, t term) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.cfg.TTL/3)
	defer cancel()
	rev := t.rev
	for range 2 {
		err := l.kv.Delete(ctx, l.cfg.Key, jetstream.LastRevision(rev))
		if err == nil {
			l.log.Info("lease released", "term", t.first, "revision", rev)
			return
		}
		if !isLeaseConflict(err) {
			l.log.Warn("lease release failed; it expires by itself", "term", t.first, "err", err)
			return
		}
		// Someone else's, gone, or a write of ours whose reply was lost.
		e, err := l.kv.Get(ctx, l.cfg.Key)
		if err != nil || !bytes.Equal(e.Value(), t.value) || e.Revision() == rev {
			return
		}
		rev = e.Revision()
	}
}

// warn logs err at Warn, or at Debug when it repeats the last warning.
func (l *lease) warn(ctx context.Context, msg string, err error) {
	level := slog.LevelWarn
	if s := err.Error(); s == l.lastErr {
		level = slog.LevelDebug
	} else {
		l.lastErr = s
	}
	l.log.Log(ctx, level, msg, "err", err)
}

// isLeaseConflict reports whether err says the key's revision is not the
// one expected: it exists (Create) or has moved on (Update, Delete).
func isLeaseConflict(err error) bool {
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
