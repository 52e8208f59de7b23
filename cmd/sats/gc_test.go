package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// The pacer lets the heap grow fourfold more while it is small, and
// returns to the default pace once it holds the limit.
func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC() // what is left is live
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	limit := sample[0].Value.Uint64() + 64<<20 // more than the test's heap
	p := paceGC(limit)
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("pace at the start: GOGC=%d, want 400", got)
	}
	keep := make([][]byte, 0, 96)
	for range 96 {
		keep = append(keep, make([]byte, 1<<20))
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the pacer did not return to the default pace after the heap passed its limit")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("pace after the limit: GOGC=%d, want 100", got)
	}
	p.stop()
	_ = keep

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	paceGC(8 << 20).stop()
	if got := debug.SetGCPercent(100); got != 50 {
		t.Errorf("with GOGC set the pacer changed the pace to %d", got)
	}
}
