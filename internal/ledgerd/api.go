package ledgerd

import "net/http"

// apiHandler serves the read API under /v1.
func (s *Service) apiHandler() http.Handler {
	return http.NewServeMux()
}
