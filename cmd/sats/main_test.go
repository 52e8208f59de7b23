package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copySite copies the repository's site sources into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		err := filepath.WalkDir(filepath.Join("../..", dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func sats(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBuildThenBrokenEditKeepsThePreviousOutput(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := sats("build", "-source", site, "-o", out)
	if code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "sats: bygde ") || !strings.Contains(stdout, "sider") {
		t.Errorf("stdout = %q", stdout)
	}
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	// A typo in a project's focus area.
	projects := filepath.Join(site, "data", "projects.yaml")
	data, _ := os.ReadFile(projects)
	broken := strings.Replace(string(data), "focusArea: innovasjonskultur", "focusArea: innovasjon", 1)
	if broken == string(data) {
		t.Fatal("test data has no focusArea: innovasjonskultur")
	}
	_ = os.WriteFile(projects, []byte(broken), 0o644)
	code, _, stderr = sats("build", "-source", site, "-o", out)
	if code != 1 {
		t.Errorf("broken build exited %d, want 1", code)
	}
	for _, want := range []string{`data/projects.yaml:`, `innsatsområde "innovasjon" finnes ikke; mente du "innovasjonskultur"?`, "ingenting ble skrevet"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not contain %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr shows a Go stack trace:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the previous output")
	}

	code, _, stderr = sats("check", "-source", site)
	if code != 1 || !strings.Contains(stderr, "sjekken feilet") {
		t.Errorf("check exited %d:\n%s", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	if code, out, _ := sats("help"); code != 0 || !strings.Contains(out, "sats build") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, errOut := sats("bygg"); code != 2 || !strings.Contains(errOut, `ukjent kommando "bygg"`) {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if code, _, errOut := sats("build", "-source", t.TempDir()); code != 1 || !strings.Contains(errOut, "har ingen data/site.yaml") {
		t.Errorf("no site: %d %q", code, errOut)
	}
}
