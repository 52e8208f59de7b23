// Command compare is `make bench`'s side-by-side benchmark: it writes the
// synthetic site at several sizes (internal/bench/synth), builds each with
// sats and an equivalent Hugo site (internal/bench/hugo) with the same posts,
// alternating the two for several runs, and reports the median wall time,
// CPU time and peak memory of each, with the ratios. With -write it puts the
// table into docs/performance.md between the benchmark markers.
//
//	go run ./internal/bench/compare -sizes 1000,10000,50000 -runs 3 -write
package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type measure struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

type row struct {
	tool   string
	size   int
	pages  int
	m      measure // medians
	files  int     // files written
	bytes  int64   // their size
	repeat measure // sats: median of the builds after one post was edited
}

func main() {
	sizes := flag.String("sizes", "1000,10000,50000", "post counts")
	runs := flag.Int("runs", 3, "runs per tool and size")
	hugo := flag.String("hugo", "", "the hugo binary (default: hugo on PATH or in $GOPATH/bin)")
	work := flag.String("work", "", "work folder (default: a temporary one)")
	write := flag.Bool("write", false, "write the results into docs/performance.md")
	flag.Parse()
	if err := run(*sizes, *runs, *hugo, *work, *write); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(sizeList string, runs int, hugo, work string, write bool) error {
	if work == "" {
		dir, err := os.MkdirTemp("", "sats-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	defer os.RemoveAll(filepath.Join(work, "aside")) // moveAside
	if hugo == "" {
		hugo = findHugo()
	}
	if hugo == "" {
		return errors.New("hugo not found; install it with: go install github.com/gohugoio/hugo@v0.165.0")
	}
	bin := filepath.Join(work, "bin")
	for _, pkg := range []string{"./cmd/sats", "./internal/bench/synth"} {
		if out, err := exec.Command("go", "build", "-o", bin+"/", pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	hv, _ := exec.Command(hugo, "version").Output()
	fmt.Printf("machine: %d cores, %s/%s; %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, hv)
	var rows []row
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("bad size %q", s)
		}
		s, h, err := compareAt(n, runs, bin, hugo, work)
		if err != nil {
			return err
		}
		rows = append(rows, s, h)
	}
	real, err := realSite(filepath.Join(bin, "sats"), runs)
	if err != nil {
		return err
	}
	first, err := firstPage(work)
	if err != nil {
		return err
	}
	table := format(rows, runs, string(bytes.TrimSpace(hv))) + real + first
	fmt.Print(table)
	if write {
		return writeDoc("docs/performance.md", table)
	}
	return nil
}

// compareAt writes the synthetic site of n posts and its Hugo twin, and
// builds each runs times, alternating: sats cold, sats again after one post
// is edited, Hugo.
func compareAt(n, runs int, bin, hugo, work string) (s, h row, err error) {
	site := filepath.Join(work, fmt.Sprintf("site-%d", n))
	if out, err := exec.Command(filepath.Join(bin, "synth"), "-n", strconv.Itoa(n), "-o", site, "-paginate", "20").CombinedOutput(); err != nil {
		return s, h, fmt.Errorf("synth: %v\n%s", err, out)
	}
	hsite := filepath.Join(work, fmt.Sprintf("hugo-%d", n))
	if err := hugoSite(site, hsite); err != nil {
		return s, h, err
	}
	var sm, rm, hm []measure
	s, h = row{tool: "sats", size: n}, row{tool: "hugo", size: n}
	for r := range runs {
		out := filepath.Join(work, "out")
		if err := moveAside(work, out); err != nil {
			return s, h, err
		}
		_ = os.RemoveAll(filepath.Join(site, ".cache")) // a cold build: no cache of an earlier one
		m, err := timed(exec.Command(filepath.Join(bin, "sats"), "build", "-source", site, "-o", out))
		if err != nil {
			return s, h, err
		}
		sm = append(sm, m)
		if s.pages, err = countNews(filepath.Join(out, "nyheter")); err != nil {
			return s, h, err
		}
		if s.files, s.bytes, err = outputSize(out); err != nil {
			return s, h, err
		}
		// The same site again, after an editor changed one post.
		rep, err := afterOneEdit(site, func() (measure, error) {
			return timed(exec.Command(filepath.Join(bin, "sats"), "build", "-source", site, "-o", out))
		})
		if err != nil {
			return s, h, err
		}
		rm = append(rm, rep)
		if err := moveAside(work, out); err != nil {
			return s, h, err
		}
		hm1, err := timed(exec.Command(hugo, "--source", hsite, "--destination", out, "--minify", "--quiet"))
		if err != nil {
			return s, h, err
		}
		hm = append(hm, hm1)
		if h.pages, err = countNews(filepath.Join(out, "nyheter")); err != nil {
			return s, h, err
		}
		if h.files, h.bytes, err = outputSize(out); err != nil {
			return s, h, err
		}
		fmt.Printf("  %6d posts, run %d: sats %v %d MB (after one edit %v), hugo %v %d MB\n", n, r+1,
			sm[r].wall.Round(time.Millisecond), sm[r].rss>>20, rep.wall.Round(time.Millisecond), hm1.wall.Round(time.Millisecond), hm1.rss>>20)
	}
	// The benchmark is void if a build left posts out.
	if s.pages < n || h.pages < n {
		return s, h, fmt.Errorf("%d posts: sats wrote %d post pages, hugo %d; want %d each", n, s.pages, h.pages, n)
	}
	s.m, s.repeat, h.m = median(sm), median(rm), median(hm)
	return s, h, nil
}

// moveAside moves the output of a build (path, if it is there) into
// work/aside, where it stays until the benchmark ends, rather than removing
// it: ext4 checks every recently freed inode when it gives out a new one,
// and after a removal of some 20,000 files that made the next build
// (whichever tool's) up to twice as slow, for minutes.
func moveAside(work, path string) error {
	if _, err := os.Lstat(path); err != nil {
		return nil
	}
	aside := filepath.Join(work, "aside")
	if err := os.MkdirAll(aside, 0o755); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(aside, "out-")
	if err != nil {
		return err
	}
	return os.Rename(path, filepath.Join(dir, "out"))
}

func findHugo() string {
	if p, err := exec.LookPath("hugo"); err == nil {
		return p
	}
	gopath, _ := exec.Command("go", "env", "GOPATH").Output()
	p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "hugo")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// hugoSite makes the Hugo site: the config and layouts of internal/bench/hugo
// and the synthetic site's posts.
func hugoSite(site, dst string) error {
	_ = os.RemoveAll(dst)
	if err := copyDir("internal/bench/hugo", dst); err != nil {
		return err
	}
	if err := copyDir(filepath.Join(site, "content/nyheter"), filepath.Join(dst, "content/nyheter")); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "content/_index.md"), []byte("---\ntitle: Forside\n---\n"), 0o644)
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// countNews counts the post pages written below the news folder.
func countNews(dir string) (int, error) {
	n := 0
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "post-") {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), "index.html")); err == nil {
				n++
			}
		}
	}
	return n, nil
}

// timed runs a command and measures its wall time, CPU time and peak RSS.
// What the builds before wrote is flushed to disk first (sync), so that no
// build, of either tool, pays for the writes of the one before it, as none
// does when an editor saves a file some seconds after the last build.
func timed(cmd *exec.Cmd) (measure, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	syscall.Sync()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	wall := time.Since(start)
	u, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m := measure{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if u != nil {
		m.rss = u.Maxrss * 1024
	}
	return m, nil
}

func median(ms []measure) measure {
	pick := func(f func(measure) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return measure{
		wall: time.Duration(pick(func(m measure) int64 { return int64(m.wall) })),
		cpu:  time.Duration(pick(func(m measure) int64 { return int64(m.cpu) })),
		rss:  pick(func(m measure) int64 { return m.rss }),
	}
}

func format(rows []row, runs int, hugoVersion string) string {
	var b strings.Builder
	commit, _ := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	fmt.Fprintf(&b, "\nMedian of %d runs each, alternating sats and Hugo (%s), on %d cores, %s, at commit %s.\n\n",
		runs, hugoVersion, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"), strings.TrimSpace(string(commit)))
	b.WriteString("| posts | tool | pages of posts | wall | CPU | peak RSS | wall vs Hugo | RSS vs Hugo | files | output | after one edit |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	slices.SortStableFunc(rows, func(a, c row) int { return cmp.Compare(a.size, c.size) })
	for i := 0; i+1 < len(rows); i += 2 {
		s, h := rows[i], rows[i+1]
		for _, r := range []row{s, h} {
			ratioW, ratioM := "", ""
			if r.tool == "sats" {
				ratioW = fmt.Sprintf("%.2f×", r.m.wall.Seconds()/h.m.wall.Seconds())
				ratioM = fmt.Sprintf("%.2f×", float64(r.m.rss)/float64(h.m.rss))
			}
			repeat := ""
			if r.tool == "sats" {
				repeat = fmt.Sprintf("%.2f s (%.2f×)", r.repeat.wall.Seconds(), r.repeat.wall.Seconds()/r.m.wall.Seconds())
			}
			fmt.Fprintf(&b, "| %d | %s | %d | %.2f s | %.2f s | %d MB | %s | %s | %d | %d MB | %s |\n", r.size, r.tool, r.pages,
				r.m.wall.Seconds(), r.m.cpu.Seconds(), r.m.rss>>20, ratioW, ratioM, r.files, r.bytes>>20, repeat)
		}
	}
	// Linearity: each size against the one before, for sats.
	var sats []row
	for _, r := range rows {
		if r.tool == "sats" {
			sats = append(sats, r)
		}
	}
	for i := 1; i < len(sats); i++ {
		a, c := sats[i-1], sats[i]
		fmt.Fprintf(&b, "\nsats from %d to %d posts (%.0f× the posts): wall %.2f×, RSS %.2f×.", a.size, c.size,
			float64(c.size)/float64(a.size), c.m.wall.Seconds()/a.m.wall.Seconds(), float64(c.m.rss)/float64(a.m.rss))
	}
	b.WriteString("\n")
	return b.String()
}

const (
	beginMark = "<!-- begin bench -->"
	endMark   = "<!-- end bench -->"
)

// writeDoc replaces the text between the markers of the performance page.
func writeDoc(path, table string) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	i, j := bytes.Index(doc, []byte(beginMark)), bytes.Index(doc, []byte(endMark))
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s markers", path, beginMark, endMark)
	}
	out := append([]byte{}, doc[:i+len(beginMark)]...)
	out = append(out, table...)
	out = append(out, doc[j:]...)
	return os.WriteFile(path, out, 0o644)
}
