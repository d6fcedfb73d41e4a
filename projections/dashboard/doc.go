// Package dashboard is the web dashboard of the read API: a single page,
// in vanilla HTML, CSS and JavaScript embedded in the binary, that reads
// the JSON of /v1 (projections' types) from the same origin.
//
// Handler serves the page at "/" (and "/index.html") and its assets under
// "/assets/", GET and HEAD only, with explicit content types, a strong
// ETag, Cache-Control: no-cache (every load revalidates, so a new binary
// is picked up at once) and a strict Content-Security-Policy: everything
// from the page's own origin, no inline script or style, no frames, no
// other origin. Mount it at the root of a server whose /v1 is the read API,
// or under a prefix with http.StripPrefix ("/dash/" → "/"): the page
// refers to its assets relatively and to the API at the absolute /v1.
//
// The page routes on the URL fragment: #/ (network overview), #/epochs and
// #/epochs/{k} (closed epochs, one in detail with the slashes its close
// decided, each with its evidence and due process: decided, proposed with a
// countdown to its executable_at, vetoed, executed), #/providers/{address}
// (earnings, claims, stake, statements and nodes of a provider),
// #/stakers/{address} (a staker's positions, its part of each epoch's
// statement and the slashes of the providers it backs), #/earners/{address}
// (finds out whether an address is a provider or a staker and shows that
// page) and #/nodes?… (the ranked catalog; the query keys are those of GET
// /v1/nodes). Earner links lead by role: a provider's page for a provider,
// the staker page for a staker. It refreshes
// the current view every few seconds, revalidating with If-None-Match.
// Amounts (atto-SWARM decimal strings) are shown as SWARM truncated to
// four decimals, computed with BigInt. API errors are shown in a banner
// (#error-banner). Elements a test reads carry data-testid attributes.
package dashboard
