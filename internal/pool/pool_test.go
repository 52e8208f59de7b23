package pool

import (
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryItemOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		calls := make([]atomic.Int32, n)
		Each(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d: item %d called %d times, want 1", n, i, c)
			}
		}
	}
}

func TestEachWithGivesEveryGoroutineItsOwnState(t *testing.T) {
	type state struct{ items []int }
	var states atomic.Int32
	out := make([]*state, 100)
	EachWith(len(out), func() *state { states.Add(1); return &state{} }, func(s *state, i int) {
		s.items = append(s.items, i) // no other goroutine touches s: -race would say so
		out[i] = s
	})
	seen := 0
	for i, s := range out {
		if s == nil {
			t.Fatalf("item %d was not called", i)
		}
		seen++
	}
	if states.Load() < 1 || seen != 100 {
		t.Errorf("%d states for %d items", states.Load(), seen)
	}
}
