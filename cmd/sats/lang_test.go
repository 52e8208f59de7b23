package main

import (
	"os"
	"strings"
	"testing"

	"sats/internal/diag"
)

// TestMain runs the tests without SATS_LANG, whatever the shell has: they
// expect the default language, Norwegian.
func TestMain(m *testing.M) {
	os.Unsetenv(diag.LangEnv)
	os.Exit(m.Run())
}

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
