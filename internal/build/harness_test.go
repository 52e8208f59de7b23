package build

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/diag"
	"sats/internal/model"
)

// baseSite is the smallest complete site: settings and one layout per kind.
// Tests add or replace files with their own txtar archive.
// baseSitePath is the smallest complete site: settings and one layout per
// kind. Tests add or replace files with their own txtar archive.
const baseSitePath = "../../testdata/minimal-site.txtar"

// testNow is the build time of the tests: after every dated test post but
// before the ones that are meant to be in the future.
var testNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// siteFS builds an fs.FS from the base site overlaid with archive.
func siteFS(archive string) fstest.MapFS {
	base, err := txtar.ParseFile(baseSitePath)
	if err != nil {
		panic(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range append(base.Files, txtar.Parse([]byte(archive)).Files...) {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

type testBuild struct {
	t      *testing.T
	out    *Memory
	result *Result
	err    error
}

// buildSite builds the base site overlaid with archive, in memory.
func buildSite(t *testing.T, archive string, opts ...func(*Options)) *testBuild {
	t.Helper()
	o := Options{Model: model.Options{Now: testNow}}
	for _, f := range opts {
		f(&o)
	}
	out := &Memory{}
	res, err := Build(siteFS(archive), out, o)
	return &testBuild{t: t, out: out, result: res, err: err}
}

// ok fails the test if the build failed.
func (b *testBuild) ok() *testBuild {
	b.t.Helper()
	if b.err != nil {
		b.t.Fatalf("build failed:\n%v", b.err)
	}
	if !b.out.Committed {
		b.t.Fatal("build succeeded but did not commit its output")
	}
	return b
}

// fails checks that the build failed, wrote nothing to the target folder, and
// reported each wanted message (substrings of the problem list).
func (b *testBuild) fails(want ...string) *testBuild {
	b.t.Helper()
	if b.err == nil {
		b.t.Fatal("build succeeded, want it to fail")
	}
	if b.out.Committed || !b.out.Aborted {
		b.t.Errorf("failed build: committed=%v aborted=%v, want only aborted", b.out.Committed, b.out.Aborted)
	}
	msg := b.err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			b.t.Errorf("problems do not contain %q; got:\n%s", w, msg)
		}
	}
	return b
}

// problems returns the number of problems reported.
func (b *testBuild) problems() int { return len(diag.Problems(b.err)) }

// file asserts that an output file exists and contains each line; a line
// starting with "! " must not be contained.
func (b *testBuild) file(name string, lines ...string) {
	b.t.Helper()
	data, ok := b.out.Files[name]
	if !ok {
		b.t.Errorf("output %s is missing", name)
		return
	}
	for _, l := range lines {
		if not, ok := strings.CutPrefix(l, "! "); ok {
			if strings.Contains(string(data), not) {
				b.t.Errorf("%s contains %q, it must not:\n%s", name, not, data)
			}
		} else if !strings.Contains(string(data), l) {
			b.t.Errorf("%s does not contain %q:\n%s", name, l, data)
		}
	}
}

// noFile asserts that an output file does not exist.
func (b *testBuild) noFile(name string) {
	b.t.Helper()
	if _, ok := b.out.Files[name]; ok {
		b.t.Errorf("output %s exists, want none", name)
	}
}
