package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sats/internal/diag"
)

// TestLanguageOfMessages: Norwegian by default, whatever the machine's locale;
// English with -lang en or SATS_LANG=en, the flag winning over the
// environment.
func TestLanguageOfMessages(t *testing.T) {
	dir, _ := writeCase(t, "../../testdata/bad/frontmatter-wrong-types.txtar")
	const (
		nb = `content/om.md:3:8: skal være true eller false, men fant "kanskje"
content/om.md:4:9: skal være et helt tall, men fant "først"
content/om.md:6:3: skal være en liste, men fant nøkler og verdier; skriv hvert punkt på en egen linje som begynner med '- '
sats: sjekken feilet: 3 feil; ingenting ble skrevet
`
		en = `content/om.md:3:8: expected true or false, found "kanskje"
content/om.md:4:9: expected a whole number, found "først"
content/om.md:6:3: expected a list, found keys and values; write each item on its own line starting with '- '
sats: check failed: 3 problem(s); nothing was written
`
	)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"default", nil, nil, nb},
		{"machine locale is not read", map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}, nil, nb},
		{"-lang en", nil, []string{"-lang", "en"}, en},
		{"SATS_LANG=en", map[string]string{diag.LangEnv: "en"}, nil, en},
		{"-lang nb over SATS_LANG=en", map[string]string{diag.LangEnv: "en"}, []string{"-lang", "nb"}, nb},
		{"unknown SATS_LANG", map[string]string{diag.LangEnv: "klingon"}, nil, nb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := append([]string{"check", "-source", dir}, tt.args...)
			code, _, stderr := sats(args...)
			if code != 1 || stderr != tt.want {
				t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, tt.want)
			}
		})
	}
	// The flag package writes its errors itself, in English.
	if code, _, stderr := sats("check", "-lang", "de", "-source", dir); code != 2 || !strings.Contains(stderr, `unknown language "de"; use nb or en`) {
		t.Errorf("-lang de: exit %d, %q", code, stderr)
	}
	if code, _, stderr := sats("bygg", "-lang", "en"); code != 2 || !strings.Contains(stderr, `ukjent kommando "bygg"`) {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	t.Setenv(diag.LangEnv, "en")
	if code, _, stderr := sats("bygg"); code != 2 || !strings.Contains(stderr, `unknown command "bygg"; run 'sats help' for the commands`) {
		t.Errorf("unknown command with SATS_LANG=en: exit %d, %q", code, stderr)
	}
}

// TestBuildAndNewSpeakNorwegian: the lines about pages left out, the next
// scheduled change, the summary and sats new's report.
func TestBuildAndNewSpeakNorwegian(t *testing.T) {
	extra := filepath.Join(t.TempDir(), "extra.txtar")
	archive := "-- content/nyheter/utkast.md --\n---\ntitle: Utkast\ndate: 2024-01-01\ndraft: true\n---\n" +
		"-- content/nyheter/senere.md --\n---\ntitle: Senere\ndate: 2099-01-01\n---\n"
	if err := os.WriteFile(extra, []byte(archive), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _ := writeCase(t, extra)
	code, stdout, stderr := sats("build", "-source", dir, "-o", filepath.Join(t.TempDir(), "public"))
	if code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	for _, want := range []string{
		"utelatt (utkast): content/nyheter/utkast.md\n",
		"utelatt (planlagt til 2099-01-01 00:00 CET): content/nyheter/senere.md\n",
		"neste planlagte endring: 2099-01-01T00:00:00+01:00\n",
		"sats: bygde ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = sats("new", "-source", dir, "news", "Ny sak")
	if code != 0 || !regexp.MustCompile(`^laget content/nyheter/[-0-9a-z]+\.md \(draft: true — fjern den linjen for å publisere\)\n$`).MatchString(stdout) {
		t.Errorf("new: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = sats("new", "-source", dir, "news", "Ny sak")
	if code != 1 || !strings.Contains(stderr, "finnes allerede; velg en annen tittel, eller rediger den fila") {
		t.Errorf("new again: exit %d, stderr %q", code, stderr)
	}
}
