package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/txtar"

	"sats/internal/load"
)

// writeCase writes a case of the corpus of bad inputs (testdata/bad, see
// internal/build/corpus_test.go for the format) to a folder, laid over the
// minimal site and the corpus's data set, with real symbolic links and large
// files for its fs: lines. It returns the folder and the expected problems.
func writeCase(t *testing.T, name string) (dir string, want []string) {
	t.Helper()
	files := map[string][]byte{}
	var comment string
	for _, archive := range []string{"../../testdata/minimal-site.txtar", "../../testdata/bad/_base.txtar", name} {
		a, err := txtar.ParseFile(archive)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			files[f.Name] = f.Data
		}
		comment = string(a.Comment)
	}
	for _, line := range strings.Split(string(files["expect"]), "\n") {
		if line != "" {
			want = append(want, line)
		}
	}
	delete(files, "expect")
	delete(files, "expect.en")
	dir = t.TempDir()
	var links, fifos []string
	for _, line := range strings.Split(comment, "\n") {
		rest, ok := strings.CutPrefix(line, "fs: ")
		if !ok {
			continue
		}
		verb, arg, _ := strings.Cut(rest, " ")
		switch verb {
		case "symlink":
			links = append(links, arg)
			for name := range files {
				if strings.HasPrefix(name, arg+"/") {
					delete(files, name)
				}
			}
		case "fifo":
			fifos = append(fifos, arg)
		case "create":
			name, err := strconv.Unquote(arg)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			files[name] = nil
		case "oversize":
			files[arg] = bytes.Repeat([]byte("a\n"), load.MaxFileSize/2+1)
		case "remove":
			delete(files, arg)
		case "replace":
			path, quoted, _ := strings.Cut(arg, " ")
			var old, repl string
			if _, err := fmt.Sscanf(quoted, "%q %q", &old, &repl); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			files[path] = bytes.Replace(files[path], []byte(old), []byte(repl), 1)
		default:
			t.Fatalf("unknown directive %q", line)
		}
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/etc/passwd", p); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range fifos {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(name)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, want
}

// TestCheckPrintsTheCorpusMessages runs `sats check` on every case of the
// corpus of bad inputs, from real files on disk: it must exit with status 1
// and print exactly the expected problems in Norwegian, then the count.
func TestCheckPrintsTheCorpusMessages(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/bad/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, c := range cases {
		if strings.HasPrefix(filepath.Base(c), "_") {
			continue
		}
		ran++
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			dir, want := writeCase(t, c)
			code, stdout, stderr := sats("check", "-source", dir)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			wantErr := strings.Join(want, "\n") + fmt.Sprintf("\nsats: sjekken feilet: %d feil; ingenting ble skrevet\n", len(want))
			if strings.HasSuffix(c, "/fs-missing-settings.txtar") {
				// The command finds out before building that the folder is no site.
				wantErr = "sats: " + dir + " har ingen data/site.yaml; kjør sats i mappen til nettstedet, eller oppgi -source MAPPE\n"
			}
			if stderr != wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
			}
			if stdout != "" {
				t.Errorf("stdout: %q, want nothing", stdout)
			}
		})
	}
	if ran < 30 {
		t.Errorf("ran %d cases, want at least 30", ran)
	}
}

func TestFormatGitHubAnnotatesTheLines(t *testing.T) {
	dir, _ := writeCase(t, "../../testdata/bad/many-problems-sorted.txtar")
	code, stdout, stderr := sats("check", "-format", "github", "-lang", "en", "-source", dir)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := `::error file=content/nyheter/andre.md,line=3,col=1::unknown key "dato"; did you mean "date"?
::error file=content/om.md,line=3,col=8::expected true or false, found "kanskje"
::error file=content/om.md,line=4,col=1::unknown key "tittel"; did you mean "title"?
::error file=data/projects.yaml,line=4,col=9::id "Fjellfond" is not valid; use lower case letters a–z, digits and '-' between words, e.g. "fjellfond"
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	wantErr := `content/nyheter/andre.md:3:1: unknown key "dato"; did you mean "date"?
content/om.md:3:8: expected true or false, found "kanskje"
content/om.md:4:1: unknown key "tittel"; did you mean "title"?
data/projects.yaml:4:9: id "Fjellfond" is not valid; use lower case letters a–z, digits and '-' between words, e.g. "fjellfond"
sats: check failed: 4 problem(s); nothing was written
`
	if stderr != wantErr {
		t.Errorf("stderr: %q", stderr)
	}

	code, stdout, _ = sats("check", "-format", "github", "-source", dir)
	if code != 1 || !strings.HasPrefix(stdout, `::error file=content/nyheter/andre.md,line=3,col=1::ukjent nøkkel "dato"; mente du "date"?`) {
		t.Errorf("in Norwegian: exit %d, stdout:\n%s", code, stdout)
	}

	if code, _, stderr := sats("build", "-format", "json", "-source", dir); code != 2 || !strings.Contains(stderr, `ukjent -format "json"; bruk text eller github`) {
		t.Errorf("unknown format: exit %d, %q", code, stderr)
	}
}

// TestSlugCannotEscapeTheOutputFolder builds, for real, a site whose front
// matter has slug: ../../x: the build fails and no file lands anywhere, least
// of all outside the output folder.
func TestSlugCannotEscapeTheOutputFolder(t *testing.T) {
	dir, _ := writeCase(t, "../../testdata/bad/frontmatter-slug-escapes.txtar")
	root := t.TempDir()
	out := filepath.Join(root, "a", "b", "public")
	code, _, stderr := sats("build", "-source", dir, "-o", out)
	if code != 1 || !strings.Contains(stderr, `slug "../../x" er ikke gyldig`) {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("the failed build wrote %s", p)
		}
		return err
	})
}
