package main

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/swarm-ledger/swarm/agent/publisher"
)

// serveMetrics serves the publisher's series on addr's /metrics until the
// returned close; it returns the URL it bound.
func serveMetrics(addr string, pub *publisher.Publisher) (url string, stop func(), err error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(pub.Collectors()...)
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("--metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with http.ErrServerClosed at stop

	return "http://" + ln.Addr().String() + "/metrics", func() { srv.Close() }, nil
}
