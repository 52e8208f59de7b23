package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// outputSize counts the files of an output folder and their bytes.
func outputSize(dir string) (files int, size int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	return files, size, err
}

// afterOneEdit changes the text of one post of a synthetic site as an
// editor would, runs build, and puts the post back as it was.
func afterOneEdit(site string, build func() (measure, error)) (measure, error) {
	posts, err := filepath.Glob(filepath.Join(site, "content", "nyheter", "post-*.md"))
	if err != nil || len(posts) == 0 {
		return measure{}, fmt.Errorf("no posts in %s to edit (%v)", site, err)
	}
	slices.Sort(posts)
	post := posts[len(posts)/2]
	orig, err := os.ReadFile(post)
	if err != nil {
		return measure{}, err
	}
	if err := os.WriteFile(post, append(slices.Clone(orig), "\nEn setning lagt til av benchmarken.\n"...), 0o644); err != nil {
		return measure{}, err
	}
	m, err := build()
	if rerr := os.WriteFile(post, orig, 0o644); err == nil {
		err = rerr
	}
	return m, err
}

// realSite builds a copy of the repository's site with the sats binary:
// cold (no output and no cache), and again with nothing changed (warm).
func realSite(sats string, runs int) (string, error) {
	work, err := os.MkdirTemp("", "sats-real-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	site := filepath.Join(work, "site")
	if err := copySite(site); err != nil {
		return "", err
	}
	out := filepath.Join(work, "out")
	var cold, warm []measure
	for range runs {
		if err := moveAside(work, out); err != nil {
			return "", err
		}
		_ = os.RemoveAll(filepath.Join(site, ".cache"))
		m, err := timed(exec.Command(sats, "build", "-source", site, "-o", out))
		if err != nil {
			return "", err
		}
		cold = append(cold, m)
		if m, err = timed(exec.Command(sats, "build", "-source", site, "-o", out)); err != nil {
			return "", err
		}
		warm = append(warm, m)
	}
	c, w := median(cold), median(warm)
	return fmt.Sprintf("\nThe repository's site as a command (`sats build`, median of %d): cold (no output, no cache) %.0f ms and %d MB, "+
		"again with nothing changed %.0f ms and %d MB.\n", runs, ms(c.wall), c.rss>>20, ms(w.wall), w.rss>>20), nil
}

// copySite copies the repository's site, as a fresh clone has it (no
// .cache, no output), to dst.
func copySite(dst string) error {
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		if err := copyDir(dir, filepath.Join(dst, dir)); err != nil {
			return err
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// firstPage measures what `make serve` costs on a fresh machine before the
// first page shows: compiling sats with an empty Go build cache (the
// modules are already downloaded), then starting the preview server until
// it answers the home page.
func firstPage(work string) (string, error) {
	cache := filepath.Join(work, "gocache")
	_ = os.RemoveAll(cache)
	defer os.RemoveAll(cache)
	bin := filepath.Join(work, "first", "sats")
	build := exec.Command("go", "build", "-o", bin, "./cmd/sats")
	build.Env = append(os.Environ(), "GOCACHE="+cache)
	compile, err := timed(build)
	if err != nil {
		return "", err
	}
	site := filepath.Join(work, "first", "site")
	_ = os.RemoveAll(site)
	if err := copySite(site); err != nil {
		return "", err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	start := time.Now()
	serve := exec.Command(bin, "serve", "-source", site, "-port", strconv.Itoa(port))
	if err := serve.Start(); err != nil {
		return "", err
	}
	defer func() { _ = serve.Process.Kill(); _ = serve.Wait() }()
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > time.Minute {
			return "", errors.New("sats serve did not answer " + url + " within a minute")
		}
		time.Sleep(10 * time.Millisecond) // polling a process: there is nothing to wait on
	}
	first := time.Since(start)
	out, _ := exec.Command("go", "version").Output()
	return fmt.Sprintf("\nTime to the first page on a fresh machine (%s, modules downloaded): compiling sats with an empty build cache %.1f s "+
		"(%.1f s of CPU), then `sats serve` to the home page %.0f ms: %.1f s in all.\n",
		strings.TrimSpace(string(out)), compile.wall.Seconds(), compile.cpu.Seconds(), ms(first), (compile.wall + first).Seconds()), nil
}
