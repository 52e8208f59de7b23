package render

import (
	"strings"
	"testing"
)

func TestNestingCountsMarkersIndentationAndBrackets(t *testing.T) {
	for _, c := range []struct {
		body                   string
		line, blocks, brackets int
	}{
		{"Tekst.\n\n- a\n  - b\n    - c\n", 0, 0, 0},
		{"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n", 0, 0, 0}, // a thematic break
		{"```\n" + strings.Repeat("> ", 50) + strings.Repeat("[", 50) + "x\n```\n", 0, 0, 0},
		{"-1 er et tall\n*uthevet*\n", 0, 0, 0},
		{"a\n" + strings.Repeat("> ", 41) + "x\n", 2, 41, 0},
		{"a\n\nb\n" + strings.Repeat("- ", 50) + "x\n", 4, 50, 0},
		{strings.Repeat(" ", 80) + "- x\n", 1, 41, 0},
		{strings.Repeat("\t", 20) + "- x\n", 1, 41, 0},
		{strings.Repeat("> ", 40) + "x\n", 0, 0, 0},
		{strings.Repeat("[x] ", 100) + "\n" + strings.Repeat("[", 32) + "\n", 0, 0, 32},
		{"a\n" + strings.Repeat("[", 20) + "\n" + strings.Repeat("[", 13) + "\n", 3, 0, 33},
		{strings.Repeat("[", 20) + "\n\n" + strings.Repeat("[", 20) + "\n", 0, 0, 20}, // a paragraph each
		{strings.Repeat("\\[", 40) + "\n", 0, 0, 0},
		{"- " + strings.Repeat("[", 40) + "\n", 1, 0, 33},
	} {
		line, blocks, brackets := nesting([]byte(c.body))
		if line != c.line || blocks != c.blocks || brackets != c.brackets {
			t.Errorf("nesting(%.30q) = line %d, depths %d, %d; want %d, %d, %d", c.body, line, blocks, brackets, c.line, c.blocks, c.brackets)
		}
	}
}

// BenchmarkNesting measures the check on a Markdown body of 100 kB.
func BenchmarkNesting(b *testing.B) {
	body := []byte(strings.Repeat("Et avsnitt med tekst som fyller en linje eller to.\n\n- punkt\n  - underpunkt\n\n> sitat\n\n", 1000))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		nesting(body)
	}
}

func TestMarkdownOfTooManyLinesIsRefused(t *testing.T) {
	_, err := renderDoc(t, strings.Repeat("## a\n", MaxMarkdownLines+1), nil)
	want := "content/nyheter/bilde.md:100005: the text has 100001 lines, more than the 100000 a page may have; split it into several pages"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	if _, err := renderDoc(t, strings.Repeat("a\n", MaxMarkdownLines), nil); err != nil {
		t.Errorf("a text of %d lines: %v", MaxMarkdownLines, err)
	}
}
