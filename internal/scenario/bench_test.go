package scenario

import "testing"

// config1M is a network whose log holds about a million events.
func config1M() Config {
	c := DefaultConfig()
	c.Epochs, c.Nodes, c.Providers, c.Stakers = 10, 5000, 125, 500
	return c
}

// BenchmarkGenerate1M generates a log of about a million events; run it
// with -benchtime 1x.
func BenchmarkGenerate1M(b *testing.B) {
	c := config1M()
	for b.Loop() {
		s, err := Generate(c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(s.Messages)), "events")
	}
}
