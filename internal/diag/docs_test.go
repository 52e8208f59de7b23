package diag_test

import (
	"flag"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"sats/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the list of messages in docs/errors.md from the catalogue")

const (
	errorsDoc      = "../../docs/errors.md"
	catalogueBegin = "<!-- messages: begin (go test ./internal/diag -run Docs -update writes this list) -->\n"
	catalogueEnd   = "<!-- messages: end -->\n"
)

// TestDocsListEveryMessage keeps the list of all messages in docs/errors.md,
// in Norwegian and English, equal to the catalogue.
func TestDocsListEveryMessage(t *testing.T) {
	doc, err := os.ReadFile(errorsDoc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, catalogueBegin), strings.Index(s, catalogueEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no list of messages between %q and %q", errorsDoc, catalogueBegin, catalogueEnd)
	}
	want := messageTable(diag.Catalogue())
	if got := s[i+len(catalogueBegin) : j]; got != want {
		if *update {
			s = s[:i+len(catalogueBegin)] + want + s[j:]
			if err := os.WriteFile(errorsDoc, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the list of messages in %s is not the catalogue's; run go test ./internal/diag -run Docs -update", errorsDoc)
	}
}

// messageTable writes the catalogue as a Markdown table, sorted by the
// English text, with the verbs shown as … (what they stand for differs).
func messageTable(cat map[string]string) string {
	var b strings.Builder
	b.WriteString("\n| norsk (standard) | English (`-lang en`) |\n|---|---|\n")
	for _, en := range slices.Sorted(maps.Keys(cat)) {
		b.WriteString("| " + code(cat[en]) + " | " + code(en) + " |\n")
	}
	b.WriteString("\n")
	return b.String()
}

// code writes a format as a Markdown code span: verbs as …, newlines left
// out.
func code(format string) string {
	s := strings.TrimSpace(verbRE.ReplaceAllStringFunc(format, func(v string) string {
		if v == "%%" {
			return "%"
		}
		return "…"
	}))
	s = strings.ReplaceAll(s, "\n", " ")
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}
