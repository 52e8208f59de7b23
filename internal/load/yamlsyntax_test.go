package load

import (
	"strings"
	"testing"
	"time"
)

// TestYAMLSyntaxErrorsAtTheirPlace decodes sources with the syntax mistakes
// people make by hand: each must be reported at the line and column an
// editor shows for the mistake, with the fix.
func TestYAMLSyntaxErrorsAtTheirPlace(t *testing.T) {
	tests := []struct {
		name, src string
		offset    int // lines before the source (front matter)
		want      string
	}{
		{"colon in a value on the first line", "title: Ål og Hol: fiber\n", 0,
			`f.yaml:1:17: invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: title: "Ål og Hol: fiber"`},
		{"colon in a value in front matter", "title: Ål og Hol: fiber\ndate: 2024-01-01\n", 1,
			`f.yaml:2:17: invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: title: "Ål og Hol: fiber"`},
		{"colon in a list item, with a comment", "projects:\n  - id: a\n    name: Fiber: Ål # merk\n", 0,
			`f.yaml:3:16: invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: name: "Fiber: Ål"`},
		{"colon in a value with a quote mark", "title: Ål \"og\" Hol: fiber\n", 0,
			`f.yaml:1:19: invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: title: 'Ål "og" Hol: fiber'`},
		{"colon at the end of a value", "a: 1\ntitle: Merk:\n", 0,
			`f.yaml:2:12: invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: title: "Merk:"`},
		{"tab in the indentation", "focusAreas:\n  - id: a\n    name: B\n\t- id: k\n    name: I\n", 0,
			`f.yaml:4:1: invalid YAML: a tab in the indentation; indent with spaces, not tabs`},
		{"tab after spaces", "a:\n  b: 1\n  \tc: 2\n", 0,
			`f.yaml:3:3: invalid YAML: a tab in the indentation; indent with spaces, not tabs`},
		{"tab under a key", "a:\n\tb: 2\n", 3,
			`f.yaml:5:1: invalid YAML: a tab in the indentation; indent with spaces, not tabs`},
		{"list not closed", "title: Om\ntags: [a, b\n", 1,
			`f.yaml:3:7: invalid YAML: the "[" here is not closed; add "]" at the end: tags: [a, b]`},
		{"list not closed, keys after it", "title: Om\ntags: [a, b\ndate: 2024-01-01\n", 0,
			`f.yaml:2:7: invalid YAML: the "[" here is not closed; add "]" at the end: tags: [a, b]`},
		{"nested brackets not closed", "municipalities:\n  - {id: al, population: [{date: 2020-01-01, count: 4}\n  - {id: gol}\n", 0,
			`f.yaml:2:5: invalid YAML: the "{" here is not closed; add "}" at the end: - {id: al, population: [{date: 2020-01-01, count: 4}]}`},
		{"keys and values not closed", "x: {a: 1, b: 2\ny: 3\n", 0,
			`f.yaml:1:4: invalid YAML: the "{" here is not closed; add "}" at the end: x: {a: 1, b: 2}`},
		{"a bracket too many", "a: [1, 2]]\n", 0,
			`f.yaml:1:10: invalid YAML: this "]" closes nothing; remove it`},
		{"the wrong bracket", "a: [1, 2}\n", 0,
			`f.yaml:1:9: invalid YAML: "}" does not close the "[" before it; use "]"`},
		{"double quote not closed", "title: \"Om oss\ndate: 2024-01-01\n", 1,
			`f.yaml:2:8: invalid YAML: the quote mark " here is not closed; put " at the end of the value: title: "Om oss"`},
		{"single quote not closed, last line", "date: 2024-01-01\ntitle: 'Om oss\n", 0,
			`f.yaml:2:8: invalid YAML: the quote mark ' here is not closed; put ' at the end of the value: title: 'Om oss'`},
		{"text after the quotes", "title: \"Om\" oss\ndate: 2024\n", 0,
			`f.yaml:1:13: invalid YAML: text after the closing quote mark; put the whole value in quotes: title: '"Om" oss'`},
		{"value starting with @", "email: @post\n", 0,
			"f.yaml:1:8: invalid YAML: a value cannot start with @; put the value in quotes: email: \"@post\""},
	}
	for _, tt := range tests {
		var v map[string]any
		problems := decodeYAML("f.yaml", []byte(tt.src), tt.offset, time.UTC, &v)
		if len(problems) != 1 || problems[0].Error() != tt.want {
			t.Errorf("%s:\n got %v\nwant %s", tt.name, problems, tt.want)
		}
	}
}

// TestYAMLMultiLineValuesAreNoMistakes: brackets and quotes that close on a
// later line, block text and comments are valid YAML, so the scan must not
// find a mistake in them.
func TestYAMLMultiLineValuesAreNoMistakes(t *testing.T) {
	for _, src := range []string{
		"tags: [\n  a, b,\n]\n",
		"a: {x: 1,\n  y: 2}\nb: 3\n",
		"title: \"Om\n  oss\"\nb: 1\n",
		"text: |\n  Ål og Hol: fiber\n  \tmed tab\nb: [x]\n",
		"a: b # c: d\n",
		"url: https://example.org/a\n",
		"'a: b': c\n",
		"- [a, 'b]', \"c]\"]\n",
		"title: 'It''s'\n",
	} {
		if spots := scanYAML(src); len(spots) > 0 {
			t.Errorf("%q: found %+v", src, spots)
		}
	}
}

// FuzzYAMLSyntaxErrors: any source the YAML parser refuses gives one problem
// on a line of the source, without panicking.
func FuzzYAMLSyntaxErrors(f *testing.F) {
	for _, s := range []string{"title: Ål og Hol: fiber\n", "a:\n\tb: 1\n", "tags: [a, b\n", "t: \"x\n", "a: [1]]\n", "t: \"a\" b\n", "e: @x\n", "a: |\n  b\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var v map[string]any
		problems := decodeYAML("f.yaml", []byte(src), 2, time.UTC, &v)
		for _, p := range problems {
			if !strings.HasPrefix(p.Msg, "invalid YAML") {
				continue
			}
			lines := yamlLines(src)
			if len(problems) != 1 || p.Line < 3 || p.Line > lines+2 || p.Col < 0 {
				t.Fatalf("%q: %v", src, problems)
			}
		}
	})
}

// yamlLines counts the lines of src as YAML does: it breaks lines at \n,
// \r\n, \r, NEL, LS and PS.
func yamlLines(src string) int {
	n := 1
	for i, r := range src {
		switch r {
		case '\n', '\u0085', '\u2028', '\u2029':
			n++
		case '\r':
			if !strings.HasPrefix(src[i+1:], "\n") {
				n++
			}
		}
	}
	return n
}
