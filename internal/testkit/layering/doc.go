// Package layering holds the test that keeps the repository's import graph
// running downward: events at the bottom, importing nothing of the
// repository; the chain-bound hashes (merkle) on it; the fold (aggregates)
// above them; settlement, which talks to the chain, above the fold; and the
// projections beside settlement, never importing it. The package has no
// code of its own: the rules and their check are in layering_test.go.
package layering
