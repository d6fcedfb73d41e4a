package ledgerd

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/swarm-ledger/swarm/projections"
)

// Admission control (Config.MaxReads): the read API answers at most
// MaxReads /v1 requests at once. One more is answered at once with 503
// Service Unavailable and Retry-After, instead of queueing behind the
// others for a core while the fold saturates them: under overload the
// answers that are given stay about as fast as the cores allow, and a
// client learns within one round trip to come back, rather than after its
// own timeout. Probes, metrics and the dashboard are never refused.

// retryAfterSeconds is the Retry-After of a refused read.
const retryAfterSeconds = 1

// admitReads limits the /v1 requests h answers at once to max (no limit
// when max ≤ 0), refusing the others with 503 and counting them in shed.
func admitReads(h http.Handler, max int, shed func()) http.Handler {
	if max <= 0 {
		return h
	}
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/v1/") {
			h.ServeHTTP(w, r)
			return
		}
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			h.ServeHTTP(w, r)
		default:
			shed()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
			w.WriteHeader(http.StatusServiceUnavailable)
			json.NewEncoder(w).Encode(projections.APIError{Message: "the read API is answering " + strconv.Itoa(max) + " requests; retry after " + strconv.Itoa(retryAfterSeconds) + " s"})
		}
	})
}
