package main

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"sats/internal/write"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds of the stress test: no input of maxInput bytes or less may make a
// build use more CPU time or memory than this, crash it, or make it write
// outside its output folder. The CPU time (user and system, from the
// kernel) is measured rather than the wall time, which a busy machine
// stretches; a build that does not end within hangAfter is a hang.
const (
	maxInput  = 10 << 20
	maxCPU    = 10 * time.Second
	maxMemory = 1 << 30
	hangAfter = 2 * time.Minute
)

// stressCase is an input laid over the corpus base site: files to add
// (by path below the site) and a function for what files cannot say.
type stressCase struct {
	name  string
	files map[string][]byte
	setup func(t *testing.T, site string) // may be nil
	args  []string                        // after "build -source SITE"; default: -o OUT
}

// pngHeader is a PNG whose header says w×h pixels of 8-bit RGB, followed by
// n bytes of compressed zero rows: a small file that decodes huge.
func pngHeader(w, h uint32, n int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
		body := append([]byte(typ), data...)
		b.Write(body)
		b.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(body)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, 8, 2, 0, 0, 0))
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zeros := make([]byte, 1<<20)
	for z.Len() < n {
		_, _ = zw.Write(zeros)
		_ = zw.Flush()
	}
	_ = zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

func page(title, body string) []byte {
	return []byte("---\ntitle: " + title + "\n---\n" + body)
}

func stressCases() []stressCase {
	var cats, vals strings.Builder
	for i := range 5000 {
		if i > 0 {
			cats.WriteString(", ")
			vals.WriteString(", ")
		}
		fmt.Fprintf(&cats, "k%d", i)
		vals.WriteString("1")
	}
	figure := "licence: {name: NLOD 2.0, url: https://data.norge.no/nlod/no/2.0}\nfigures:\n  - id: stor\n    title: Stor\n    categories: [" +
		cats.String() + "]\n    series:\n      - {id: a, label: A, values: [" + vals.String() + "]}\n"
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range "bcdefghi" {
		laughs += fmt.Sprintf("%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 10), ", "))
		prev = string(n)
	}
	return []stressCase{
		{name: "png-30000x30000", files: map[string][]byte{
			"static/bilder/stor.png": pngHeader(30000, 30000, 3<<20),
			"content/om.md":          page("Om oss", "![Stor](/bilder/stor.png)\n"),
		}},
		{name: "png-30000x30000-unreferenced", files: map[string][]byte{"static/bilder/stor.png": pngHeader(30000, 30000, 3<<20)}},
		{name: "figure-5000-categories", files: map[string][]byte{"data/results.yaml": []byte(figure)}},
		{name: "nested-lists", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("- ", 1_900_000)+"x\n")}},
		{name: "nested-quotes", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat(">", 3_900_000)+"x\n")}},
		{name: "nested-brackets", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("[", 1_000_000)+"x"+strings.Repeat("]", 1_000_000)+"\n")}},
		{name: "nested-emphasis", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("*a **a ", 500_000)+"\n")}},
		{name: "unclosed-links", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("[a](b ", 600_000)+"\n")}},
		{name: "many-backticks", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("a`", 1_900_000)+"\n")}},
		{name: "long-table", files: map[string][]byte{"content/om.md": page("Om", "|a|b|\n|-|-|\n"+strings.Repeat("|x|y|\n", 99_000))}},
		{name: "too-long-table", files: map[string][]byte{"content/om.md": page("Om", "|a|\n|-|\n"+strings.Repeat("|x|\n", 990_000))}},
		{name: "too-many-paragraphs", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("a\n\n", 1_300_000))}},
		{name: "too-many-headings", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("## a\n", 790_000))}},
		{name: "many-headings", files: map[string][]byte{"content/om.md": page("Om", strings.Repeat("## Et avsnitt\n", 99_000))}},
		{name: "yaml-billion-laughs", files: map[string][]byte{"data/results.yaml": []byte(laughs)}},
		{name: "large-static-file", files: map[string][]byte{"static/dokumenter/stor.pdf": bytes.Repeat([]byte("%PDF-1.7 "), maxInput/9)}},
		{name: "large-stylesheet", files: map[string][]byte{"static/css/stor.css": bytes.Repeat([]byte("a{color:red}"), 3_000_000/12)}},
		{name: "many-files", setup: func(t *testing.T, site string) {
			for i := range 5000 {
				writeFile(t, filepath.Join(site, "static", "filer", fmt.Sprintf("f%04d.txt", i)), []byte("x"))
			}
		}},
		{name: "fifo-as-image", files: map[string][]byte{"content/om.md": page("Om", "![Rør](/bilder/ror.png)\n")}, setup: func(t *testing.T, site string) {
			if err := os.MkdirAll(filepath.Join(site, "static", "bilder"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(site, "static", "bilder", "ror.png"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "static-linked-elsewhere", setup: func(t *testing.T, site string) {
			secret := filepath.Join(filepath.Dir(site), "hemmelig")
			writeFile(t, filepath.Join(secret, "privat.key"), []byte("PRIVATE KEY"))
			if err := os.RemoveAll(filepath.Join(site, "static")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, filepath.Join(site, "static")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "output-is-the-site", args: []string{"-o", "SITE"}},
		{name: "output-holds-the-site", args: []string{"-o", "ROOT"}},
	}
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStress builds each input of stressCases with the real command: it
// must end with status 0 or 1 (a problem reported), without a Go panic or
// runtime error, within the bounds above, writing only inside its output
// folder. It runs when SATS_STRESS is set: make stress (part of make check)
// sets it and runs the test under a memory ceiling as well.
func TestStress(t *testing.T) {
	if os.Getenv("SATS_STRESS") == "" {
		t.Skip("set SATS_STRESS=1 (make stress) to build the command and run it on large inputs")
	}
	bin := buildSats(t)
	for _, c := range stressCases() {
		t.Run(c.name, func(t *testing.T) {
			site, _ := writeCase(t, "../../testdata/bad/_base.txtar")
			root := filepath.Dir(site)
			size := 0
			for name, data := range c.files {
				writeFile(t, filepath.Join(site, filepath.FromSlash(name)), data)
				size += len(data)
			}
			if c.setup != nil {
				c.setup(t, site)
			}
			if size > maxInput {
				t.Fatalf("the input is %d bytes, more than the %d of the bound", size, maxInput)
			}
			out := filepath.Join(root, "public")
			args := []string{"build", "-source", site}
			if c.args == nil {
				args = append(args, "-o", out)
			}
			for _, a := range c.args {
				a = strings.NewReplacer("SITE", site, "ROOT", root).Replace(a)
				args = append(args, a)
			}
			before := listFiles(t, root)

			ctx, cancel := context.WithTimeout(context.Background(), hangAfter)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("the build did not end within %v (a hang)", hangAfter)
			}
			var exit *exec.ExitError
			code := 0
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			msg := stderr.String()
			if code != 0 && code != 1 || strings.Contains(msg, "panic:") || strings.Contains(msg, "fatal error:") || strings.Contains(msg, "goroutine ") {
				t.Fatalf("the build crashed (exit %d):\n%.2000s", code, msg)
			}
			use := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			mem := use.Maxrss << 10 // kilobytes on Linux
			t.Logf("exit %d, %v CPU, %d MB peak memory: %.200s", code, cpu.Round(time.Millisecond), mem>>20, strings.SplitN(msg, "\n", 2)[0])
			if cpu > maxCPU {
				t.Errorf("the build took %v of CPU time, more than %v", cpu, maxCPU)
			}
			if mem > maxMemory {
				t.Errorf("the build used %d MB of memory, more than %d MB", mem>>20, maxMemory>>20)
			}
			// Nothing leaks: the site's folder and its parent are as they
			// were, but for the output, its manifest and the site's cache.
			for _, p := range listFiles(t, root) {
				if !slices.Contains(before, p) && !within(p, out) && !within(p, filepath.Join(site, cacheDir)) && p != write.ManifestPath(out) {
					t.Errorf("the build wrote %s, outside its output folder", p)
				}
			}
			if entries, err := os.ReadDir(out); err == nil {
				for _, e := range entries {
					if e.Name() == "privat.key" || e.Name() == "hemmelig" {
						t.Errorf("the output holds %s", e.Name())
					}
				}
			}
		})
	}
}
