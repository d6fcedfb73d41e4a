package projections

import "time"

// rateMeter counts records per wall-clock second over a short window (for
// the overview's events/s; it never feeds a projection).
type rateMeter struct {
	secs [rateWindow]struct {
		at int64
		n  uint64
	}
}

const rateWindow = 5

func (m *rateMeter) add(n int) {
	now := time.Now().Unix()
	s := &m.secs[now%rateWindow]
	if s.at != now {
		s.at, s.n = now, 0
	}
	s.n += uint64(n)
}

// perSec is the mean over the window's complete seconds.
func (m *rateMeter) perSec(t time.Time) uint64 {
	now := t.Unix()
	var sum uint64
	for _, s := range m.secs {
		if s.at < now && s.at >= now-(rateWindow-1) {
			sum += s.n
		}
	}
	return sum / (rateWindow - 1)
}
