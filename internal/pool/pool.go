// Package pool runs the independent pieces of a build step on every core.
//
// The steps that do the same work for many items (reading documents,
// converting Markdown, rendering pages, publishing figures, making feeds and
// search entries) hand it to Each or EachWith. Item i is given to exactly one
// goroutine, which writes its result into slot i of a slice of the caller's:
// the results are in the items' order however the work was spread, so a
// parallel build gives the same bytes as a sequential one.
package pool

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i in [0, n) on GOMAXPROCS goroutines and
// returns when all calls have returned.
func Each(n int, fn func(i int)) {
	EachWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { fn(i) })
}

// EachWith is Each with a state per goroutine, made by start when the
// goroutine starts: a cache, or a value that is not safe for concurrent use.
func EachWith[S any](n int, start func() S, fn func(s S, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			s := start()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(s, i)
			}
		})
	}
	wg.Wait()
}
