package cache

import (
	"testing"
	"time"
)

// The time a change can hide in is the tick of the file system's clock,
// which the fraction of a time it gave tells.
func TestRacyAge(t *testing.T) {
	for _, c := range []struct {
		t    int64
		want time.Duration
	}{
		{time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).UnixNano(), 2 * time.Second},
		{time.Date(2026, 11, 30, 12, 0, 0, 4_000_000, time.UTC).UnixNano(), 100 * time.Millisecond},
		{time.Date(2026, 11, 30, 12, 0, 1, 123, time.UTC).UnixNano(), 100 * time.Millisecond},
	} {
		if got := RacyAge(c.t); got != c.want {
			t.Errorf("RacyAge(%v) = %v, want %v", time.Unix(0, c.t).UTC(), got, c.want)
		}
	}
}
