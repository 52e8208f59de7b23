package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatching checks the rules on any text: a query finds the text it was
// taken from; a stem is a prefix of its word; normalizing twice changes
// nothing.
func FuzzMatching(f *testing.F) {
	for _, c := range matchCases {
		f.Add(c.query + " " + c.text)
	}
	f.Add("İstanbul ǅemal ﬁre Ǆ ß ẞ œ Æ")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", s, Normalize(n), n)
		}
		for _, w := range words(n) {
			if !strings.HasPrefix(w, Stem(w)) {
				t.Errorf("Stem(%q) = %q, not a prefix", w, Stem(w))
			}
		}
		usable := false
		for _, w := range words(n) {
			usable = usable || utf8.RuneCountInString(w) >= minWord
		}
		if usable && !matches(s, s) {
			t.Errorf("matches(%q, itself) = false", s)
		}
	})
}

// FuzzHead checks that the text an entry keeps for snippets is the start
// of the page's text, at most maxText characters, cut between words.
func FuzzHead(f *testing.F) {
	f.Add(strings.Repeat("Arbeidsplassane i kommunen. ", 40)+"Til slutt arbeidsplassene og Kommunar.", 100)
	f.Add("kort tekst", 600)
	f.Fuzz(func(t *testing.T, body string, n int) {
		if !utf8.ValidString(body) || n < 0 || n > 1000 {
			return
		}
		h := head(body, n)
		if !strings.HasPrefix(body, h) || utf8.RuneCountInString(h) > n {
			t.Fatalf("head %q is not the first %d characters of %q", h, n, body)
		}
		if rest := body[len(h):]; rest != "" && h != "" && !strings.HasPrefix(rest, " ") && utf8.RuneCountInString(h) < n {
			t.Fatalf("head %q of %q is cut inside a word", h, body)
		}
	})
}

// FuzzNormalWords checks that the words of a text, normalized piece by
// piece (with a cache), are those of the text normalized whole.
func FuzzNormalWords(f *testing.F) {
	f.Add("Blåbær-Ål på\tFLÅ, e\u0301 ﬁn ǅ ß İ")
	f.Fuzz(func(t *testing.T, s string) {
		nw := newNormalWords()
		got, want := nw.of(s+" "+s), words(Normalize(s+" "+s))
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("words of %q piece by piece: %q, whole: %q", s, got, want)
		}
	})
}

// FuzzPlainText checks that any HTML gives text without tags.
func FuzzPlainText(f *testing.F) {
	f.Add(`<p>Et <em>ord</em> og <a href="/x/">lenke</a>&nbsp;&amp; mer</p><ol><li>to</li></ol>`)
	f.Add("<>< <p")
	f.Fuzz(func(t *testing.T, h string) {
		s := plainText(h)
		if strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
			t.Errorf("plainText(%q) = %q, white space not collapsed", h, s)
		}
	})
}

func TestPlainText(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<p>Et <em>ord</em>s og <a href="/x/">lenke</a></p><p>Neste</p>`, "Et ords og lenke Neste"},
		{`<h2 id="a">Tittel</h2><ul><li>en</li><li>to</li></ul>`, "Tittel en to"},
		{`<p>A &amp; B &lt;C&gt; &#8211; «D»</p>`, "A & B <C> – «D»"},
		{`<p>Tekst<sup id="fnref:1"><a href="#fn:1">1</a></sup></p><div class="footnotes"><ol><li id="fn:1"><p>Note&#160;<a href="#fnref:1" class="footnote-backref">&#x21a9;&#xfe0e;</a></p></li></ol></div>`, "Tekst 1 Note"},
		{`<table><tr><th>År</th><td>2024</td></tr></table>`, "År 2024"},
		{"", ""},
	}
	for _, c := range cases {
		if got := plainText(c.in); got != c.want {
			t.Errorf("plainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
