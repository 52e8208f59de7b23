// Command synth writes a synthetic copy of the site for benchmarks (see
// package synthsite): the real site with its news replaced by N generated
// posts.
//
//	go run ./internal/bench/synth -n 10000 -o /tmp/site-10k
package main

import (
	"flag"
	"fmt"
	"os"

	"sats/internal/bench/synthsite"
)

func main() {
	n := flag.Int("n", 1000, "number of news posts")
	src := flag.String("source", ".", "the real site")
	out := flag.String("o", "", "output folder (replaced)")
	seed := flag.Uint64("seed", 1, "random seed")
	paginate := flag.Int("paginate", 0, "news per list page (default: the real site's)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "synth: give -o DIR")
		os.Exit(2)
	}
	err := synthsite.Write(*src, *out, *n, *seed)
	if err == nil && *paginate > 0 {
		err = synthsite.SetPaginate(*out, *paginate)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
