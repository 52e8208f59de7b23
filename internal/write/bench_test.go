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

// posts is an output of n pages of 2 kB, each in a folder of its own, as a
// site of n posts has.
func posts(n int) map[string][]byte {
	files := make(map[string][]byte, n)
	for i := range n {
		page := make([]byte, 2<<10)
		copy(page, fmt.Sprintf("post %d", i))
		files[fmt.Sprintf("nyheter/post-%05d/index.html", i)] = page
	}
	return files
}

func writeAll(b *testing.B, d *Dir, files map[string][]byte) {
	for name, data := range files {
		if err := d.WriteFile(name, data); err != nil {
			b.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFullWrite10k writes an output of 10,000 files in 10,000 folders
// whole (staging + swap), as every build did before the update mode.
func BenchmarkFullWrite10k(b *testing.B) {
	files := posts(10000)
	target := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		d, err := Begin(target)
		if err != nil {
			b.Fatal(err)
		}
		writeAll(b, d, files)
	}
}

// BenchmarkUpdateOneFile updates an output of 10,000 files in 10,000
// folders where one file changed: Update, WriteFile of every file, Commit.
func BenchmarkUpdateOneFile(b *testing.B) {
	files := posts(10000)
	target := filepath.Join(b.TempDir(), "public")
	d, err := Begin(target)
	if err != nil {
		b.Fatal(err)
	}
	writeAll(b, d, files)
	i := 0
	for b.Loop() {
		i++
		files["nyheter/post-00042/index.html"] = fmt.Appendf(nil, "edit %d", i)
		d, err := Update(target)
		if err != nil {
			b.Fatal(err)
		}
		if !d.Updating() {
			b.Fatal("not an update")
		}
		writeAll(b, d, files)
		if d.Written() != 1 {
			b.Fatalf("wrote %d files", d.Written())
		}
	}
}

// BenchmarkManifest writes and reads the manifest of an output of 20,500
// files in 14,600 folders, as a site of 10,000 posts has.
func BenchmarkManifest(b *testing.B) {
	m := &manifest{files: map[string]facts{}, dirs: map[string]folder{".": {}}}
	for i := range 14600 {
		dir := fmt.Sprintf("nyheter/2024/post-%05d", i)
		m.dirs[dir] = folder{mtime: int64(i) << 20}
		m.files[dir+"/index.html"] = facts{size: 20000 + int64(i), mtime: int64(i) << 20, ino: uint64(i) + 1e6}
		if i < 5900 {
			m.files[dir+"/kart.png"] = facts{size: 20000, mtime: int64(i) << 20, ino: uint64(i) + 2e6}
		}
	}
	target := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if err := writeManifest(target, m, map[string]bool{}); err != nil {
			b.Fatal(err)
		}
		if got, _ := readManifest(target); got == nil || len(got.files) != len(m.files) {
			b.Fatal("the manifest does not read back")
		}
	}
}
