package publisher

import "github.com/prometheus/client_golang/prometheus"

// Collectors returns the publisher's Prometheus series: the spool depth
// (what the SwarmAgentSpoolBacklog alert reads) and the delivery counters.
func (p *Publisher) Collectors() []prometheus.Collector {
	stat := func(f func(published, retries, duplicate uint64) uint64) func() float64 {
		return func() float64 { return float64(f(p.stats.Snapshot())) }
	}
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_agent_spool_messages", Help: "Signed events in the spool not yet acknowledged by JetStream."},
			func() float64 { return float64(p.Spooled()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "swarm_agent_published_total", Help: "Events JetStream acknowledged (duplicates included)."},
			stat(func(pub, _, _ uint64) uint64 { return pub })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "swarm_agent_publish_retries_total", Help: "Failed publish attempts (disconnects, timeouts)."},
			stat(func(_, retries, _ uint64) uint64 { return retries })),
	}
}
