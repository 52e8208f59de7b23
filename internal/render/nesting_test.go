package render

import (
	"strings"
	"testing"
)

func TestNestingCountsMarkersAndIndentation(t *testing.T) {
	for _, c := range []struct {
		body        string
		line, depth int
	}{
		{"Tekst.\n\n- a\n  - b\n    - c\n", 0, 3},
		{"> sitat\n> > svar\n", 0, 2},
		{"1. en\n   2) to\n", 0, 2},
		{"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n", 0, 0}, // a thematic break
		{"```\n" + strings.Repeat("> ", 50) + "x\n```\n", 0, 0},
		{"-1 er et tall\n*uthevet*\n", 0, 0},
		{"a\n" + strings.Repeat("> ", 41) + "x\n", 2, 41},
		{"a\n\nb\n" + strings.Repeat("- ", 50) + "x\n", 4, 50},
		{strings.Repeat(" ", 80) + "- x\n", 1, 41},
		{strings.Repeat("\t", 20) + "- x\n", 1, 41},
	} {
		line, depth := nesting([]byte(c.body))
		if line != c.line || depth != c.depth {
			t.Errorf("nesting(%.30q) = line %d, depth %d; want %d, %d", c.body, line, depth, c.line, c.depth)
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
