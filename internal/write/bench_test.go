package write

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkWriteFiles writes 1,000 pages of 20 kB into a fresh output and
// swaps it in, as a build does.
func BenchmarkWriteFiles(b *testing.B) {
	page := make([]byte, 20<<10)
	target := filepath.Join(b.TempDir(), "public")
	b.SetBytes(int64(len(page)) * 1000)
	for b.Loop() {
		d, err := Begin(target)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 1000 {
			if err := d.WriteFile(fmt.Sprintf("nyheter/post-%04d/index.html", i), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
