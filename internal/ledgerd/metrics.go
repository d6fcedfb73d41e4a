package ledgerd

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/swarm-ledger/swarm/internal/ingest"
)

// metrics are the ledger's Prometheus series.
type metrics struct {
	reg        *prometheus.Registry
	events     *prometheus.CounterVec
	checkpoint prometheus.Gauge
	lag        prometheus.Gauge
	batch      prometheus.Histogram
	gaps       prometheus.Counter
	folding    prometheus.Gauge
	watching   prometheus.Gauge // registered only with a chain
	leader     prometheus.Gauge // registered only with a chain

	projectionLag    *prometheus.GaugeVec
	projectionErrors prometheus.Counter
	readsShed        prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "swarm_ledger_events_total",
			Help: "Log messages folded, by result: accepted or the rejection reason.",
		}, []string{"result"}),
		checkpoint: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "swarm_ledger_checkpoint", Help: "Stream sequence of the last committed message."}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "swarm_ledger_lag_messages", Help: "Messages in the stream not yet folded."}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "swarm_ledger_batch_seconds",
			Help:    "Time to fold and commit one batch.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
		gaps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "swarm_ledger_gaps_total", Help: "Stream sequence gaps detected (folding stops)."}),
		folding: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "swarm_ledger_folding", Help: "1 while the ledger folds the stream, 0 when stopped."}),
		watching: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "swarm_chain_watching", Help: "1 while the chain watcher runs, 0 when stopped (a finality violation needs an operator)."}),
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "swarm_settlement_leader", Help: "1 while this replica holds the leader lease (runs the chain watcher and settlement)."}),
		projectionLag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "swarm_projection_lag_messages", Help: "Messages the ledger has committed that a projection has not applied."}, []string{"projection"}),
		projectionErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "swarm_projection_errors_total", Help: "Times the projections feed stopped on an error (reads then go stale; /readyz fails)."}),
		readsShed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "swarm_api_reads_shed_total", Help: "Read API (/v1) requests answered 503 with Retry-After because --max-reads were being answered."}),
	}
	m.reg.MustRegister(m.events, m.checkpoint, m.lag, m.batch, m.gaps, m.folding, m.projectionLag, m.projectionErrors, m.readsShed,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(b ingest.BatchInfo) {
	if b.Accepted > 0 {
		m.events.WithLabelValues("accepted").Add(float64(b.Accepted))
	}
	for r, n := range b.Rejected {
		m.events.WithLabelValues(string(r)).Add(float64(n))
	}
	m.checkpoint.Set(float64(b.Checkpoint))
	m.batch.Observe((b.FoldTime + b.CommitTime).Seconds())
}
