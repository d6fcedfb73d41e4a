package merkle

import "testing"

func BenchmarkTreeRootAndProofs100k(b *testing.B) { benchmarkRootAndProofs(b, 100_000) }

func BenchmarkTreeRootAndProofs1M(b *testing.B) { benchmarkRootAndProofs(b, 1_000_000) }

// benchmarkRootAndProofs measures building a tree of n leaves and walking
// every proof, the work of producing an epoch's root and proof file.
func benchmarkRootAndProofs(b *testing.B, n int) {
	leaves := randomLeaves(n, 2026)
	var steps, iters int
	for b.Loop() {
		tree, err := BuildTree(leaves)
		if err != nil {
			b.Fatal(err)
		}
		err = tree.AllProofs(func(_ Leaf, proof [][32]byte) error {
			steps += len(proof)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		iters++
	}
	if steps == 0 {
		b.Fatal("no proof steps")
	}
	b.ReportMetric(float64(n)*float64(iters)/b.Elapsed().Seconds(), "leaves/s")
}
