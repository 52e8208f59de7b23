package load

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"sats/internal/diag"
)

// The YAML parser says what kind of syntax error it met, but not reliably
// where: its line is the line before the problem for some errors, and for
// an error on the first line it gives none at all. So a syntax error is
// located again by scanning the source for the mistakes people make when
// they edit YAML by hand, and each gets the fix in its hint:
//
//	title: Ål og Hol: fiber     a colon and a space inside a value that is not in quotes
//	<tab>- id: kultur           a tab in the indentation
//	tags: [a, b                 a [ or { that is not closed
//	title: "Om oss              a quote mark that is not closed
//	title: "Om" oss             text after the closing quote mark
//	a: [1, 2]]                  a ] or } that closes nothing
//	email: @post                a value starting with @ or `
//
// Lines and columns count from 1, columns in characters, as editors show
// them.

// yamlSpot is a syntax mistake found in the source: where, and the message.
type yamlSpot struct {
	line, col int
	format    string // a constant format, as every message
	args      []any
}

// yamlSpotKind is what kind of mistake a spot is, to match it with the
// parser's message.
type yamlSpotKind int

const (
	spotTab yamlSpotKind = iota
	spotColon
	spotUnclosedFlow
	spotStrayCloser
	spotUnclosedQuote
	spotAfterQuote
	spotBadStart
)

// locateYAMLError finds the mistake behind the parser's message msg in src:
// the first mistake of the kind the message names, else the first mistake
// of any kind. ok is false when the scan finds none.
func locateYAMLError(src []byte, msg string) (spot yamlSpot, ok bool) {
	spots := scanYAML(string(src))
	var want []yamlSpotKind
	switch {
	case strings.Contains(msg, "tab character"):
		want = []yamlSpotKind{spotTab}
	case strings.Contains(msg, "mapping values are not allowed"):
		want = []yamlSpotKind{spotColon}
	case strings.Contains(msg, "did not find expected ',' or"):
		want = []yamlSpotKind{spotUnclosedFlow, spotStrayCloser}
	case strings.Contains(msg, "unexpected end of stream"), strings.Contains(msg, "quoted scalar"):
		want = []yamlSpotKind{spotUnclosedQuote}
	case strings.Contains(msg, "cannot start any token"):
		want = []yamlSpotKind{spotBadStart, spotTab}
	}
	for _, k := range want {
		for _, s := range spots {
			if s.kind == k {
				return s.yamlSpot, true
			}
		}
	}
	if len(spots) > 0 {
		return spots[0].yamlSpot, true
	}
	return yamlSpot{}, false
}

type kindSpot struct {
	yamlSpot
	kind yamlSpotKind
}

// yamlScanner holds what scanYAML knows between lines.
type yamlScanner struct {
	spots []kindSpot
	// A block scalar (| or >): its lines are text, down to a line indented
	// no deeper than blockIndent.
	inBlock     bool
	blockIndent int
	// Open [ and {, and the line the first was opened on.
	flow       []rune
	flowLine   int
	flowCol    int
	flowIndent int
	flowText   string
	// An open quoted value running over lines.
	quote       rune
	quoteLine   int
	quoteCol    int
	quoteIndent int
	quoteText   string
}

// scanYAML lists the syntax mistakes in src in the order of the text.
func scanYAML(src string) []kindSpot {
	src = strings.TrimPrefix(src, "\ufeff")
	s := &yamlScanner{}
	for i, line := range strings.Split(src, "\n") {
		s.line(i+1, strings.TrimSuffix(line, "\r"))
	}
	s.closeOpen()
	return s.spots
}

func (s *yamlScanner) spotf(kind yamlSpotKind, line, col int, format string, args ...any) {
	s.spots = append(s.spots, kindSpot{yamlSpot{line, col, format, args}, kind})
}

// closeOpen reports a bracket or quote still open at the end, or where a
// new key shows it was never closed.
func (s *yamlScanner) closeOpen() {
	if len(s.flow) > 0 {
		open, want := s.flow[0], closerOf(s.flow[0])
		fix := strings.TrimSpace(s.flowText) + closersOf(s.flow)
		s.spotf(spotUnclosedFlow, s.flowLine, s.flowCol, "invalid YAML: the %q here is not closed; add %q at the end: %s", string(open), string(want), fix)
		s.flow = nil
	}
	if s.quote != 0 {
		fix := strings.TrimSpace(s.quoteText) + string(s.quote)
		s.spotf(spotUnclosedQuote, s.quoteLine, s.quoteCol, "invalid YAML: the quote mark %s here is not closed; put %s at the end of the value: %s", string(s.quote), string(s.quote), fix)
		s.quote = 0
	}
}

func (s *yamlScanner) line(n int, text string) {
	ws := len(text) - len(strings.TrimLeft(text, " \t"))
	indent, rest := ws, text[ws:]
	blank := rest == "" || rest[0] == '#'
	// A line that starts a new key or item less indented than an open
	// bracket or quote: that one was never closed.
	if !blank && looksLikeKey(rest) && ((len(s.flow) > 0 && indent <= s.flowIndent) || (s.quote != 0 && indent <= s.quoteIndent)) {
		s.closeOpen()
	}
	switch {
	case s.quote != 0:
		end := closingQuote(text, 0, s.quote)
		if end < 0 {
			return
		}
		s.quote = 0
		s.afterQuote(n, text, end+1, "", 0)
		return
	case len(s.flow) > 0:
		s.scanFlow(n, text, 0)
		return
	case s.inBlock:
		if blank || indent > s.blockIndent {
			return
		}
		s.inBlock = false
	}
	if i := strings.IndexByte(text[:ws], '\t'); i >= 0 {
		s.spotf(spotTab, n, i+1, "invalid YAML: a tab in the indentation; indent with spaces, not tabs")
	}
	if blank || rest == "---" || rest == "..." {
		return
	}
	// List markers: "- ", "- - ".
	col := ws
	for rest == "-" || strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "-\t") {
		t := strings.TrimLeft(rest[1:], " \t")
		col += len(rest) - len(t)
		rest = t
	}
	key, value, vcol := splitKey(rest, col)
	s.value(n, text, indent, key, value, vcol)
}

// looksLikeKey reports whether a line's text starts a key or a list item.
func looksLikeKey(rest string) bool {
	if strings.HasPrefix(rest, "- ") || rest == "-" {
		return true
	}
	k, _, ok := strings.Cut(rest, ":")
	return ok && k != "" && !strings.ContainsAny(k, " \"'[]{},#")
}

// splitKey splits "key: value" at its first ": " (or a final ":"). col is the
// byte offset of rest in the line; vcol that of value. Without a key, value
// is rest.
func splitKey(rest string, col int) (key, value string, vcol int) {
	if rest == "" || strings.ContainsRune("\"'[{|>", rune(rest[0])) {
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			// A quoted key: "a b": value
			if end := closingQuote(rest, 1, rune(rest[0])); end > 0 && strings.HasPrefix(rest[end+1:], ":") && (len(rest) == end+2 || rest[end+2] == ' ') {
				v := strings.TrimLeft(rest[end+2:], " ")
				return rest[:end+1], v, col + len(rest) - len(v)
			}
		}
		return "", rest, col
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '#' && i > 0 && rest[i-1] == ' ' {
			break // a comment
		}
		if rest[i] == ':' && (i+1 == len(rest) || rest[i+1] == ' ' || rest[i+1] == '\t') {
			v := strings.TrimLeft(rest[i+1:], " \t")
			return rest[:i], v, col + len(rest) - len(v)
		}
	}
	return "", rest, col
}

// value scans a value that starts at byte vcol of the line's text.
func (s *yamlScanner) value(n int, text string, indent int, key, value string, vcol int) {
	if value == "" || value[0] == '#' {
		return
	}
	prefix := text[:vcol] // "  - title: " as written
	switch c := value[0]; c {
	case '"', '\'':
		end := closingQuote(text, vcol+1, rune(c))
		if end < 0 {
			s.quote, s.quoteLine, s.quoteCol, s.quoteIndent, s.quoteText = rune(c), n, runeCol(text, vcol), indent, text
			return
		}
		s.afterQuote(n, text, end+1, prefix, vcol)
	case '[', '{':
		s.flow, s.flowLine, s.flowCol, s.flowIndent, s.flowText = []rune{rune(c)}, n, runeCol(text, vcol), indent, text
		s.scanFlow(n, text, vcol+1)
	case '|', '>':
		s.inBlock, s.blockIndent = true, indent
	case '@', '`':
		s.spotf(spotBadStart, n, runeCol(text, vcol), "invalid YAML: a value cannot start with %s; put the value in quotes: %s", string(c), strings.TrimLeft(prefix, " ")+quoteYAML(plainValue(value)))
	case '&', '*', '!', '%':
		// anchors, aliases, tags and directives: left to the parser
	default:
		v := plainValue(value)
		if i := strings.Index(v+" ", ": "); i >= 0 && key != "" {
			s.spotf(spotColon, n, runeCol(text, vcol+i), "invalid YAML: the value has a colon followed by a space, which YAML reads as a new key; put the value in quotes: %s", strings.TrimLeft(prefix, " ")+quoteYAML(v))
		}
	}
}

// afterQuote checks the text after a closing quote mark at byte end of the
// line: only a comment, or the : of a quoted key, may follow. prefix and
// vcol are the text before the value and where it starts, for the fix.
func (s *yamlScanner) afterQuote(n int, text string, end int, prefix string, vcol int) {
	rest := strings.TrimLeft(text[end:], " \t")
	if rest == "" || rest[0] == '#' || rest[0] == ':' || rest[0] == ',' || rest[0] == ']' || rest[0] == '}' {
		return
	}
	at := len(text) - len(rest)
	if prefix == "" {
		s.spotf(spotAfterQuote, n, runeCol(text, at), "invalid YAML: text after the closing quote mark; put the whole value in quotes")
		return
	}
	s.spotf(spotAfterQuote, n, runeCol(text, at), "invalid YAML: text after the closing quote mark; put the whole value in quotes: %s", strings.TrimLeft(prefix, " ")+quoteYAML(plainValue(text[vcol:])))
}

// scanFlow follows brackets and quotes from byte i of the line.
func (s *yamlScanner) scanFlow(n int, text string, i int) {
	for ; i < len(text) && len(s.flow) > 0; i++ {
		switch c := text[i]; c {
		case '[', '{':
			s.flow = append(s.flow, rune(c))
		case ']', '}':
			top := s.flow[len(s.flow)-1]
			if closerOf(top) != rune(c) {
				s.spotf(spotStrayCloser, n, runeCol(text, i), "invalid YAML: %q does not close the %q before it; use %q", string(c), string(top), string(closerOf(top)))
				s.flow = nil
				return
			}
			s.flow = s.flow[:len(s.flow)-1]
		case '"', '\'':
			end := closingQuote(text, i+1, rune(c))
			if end < 0 {
				// A quote inside a list that is not closed on its line.
				s.spotf(spotUnclosedQuote, n, runeCol(text, i), "invalid YAML: the quote mark %s here is not closed; put %s at the end of the value", string(c), string(c))
				s.flow = nil
				return
			}
			i = end
		case '#':
			if i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
				return // a comment to the end of the line
			}
		}
	}
	if len(s.flow) > 0 {
		return
	}
	rest := strings.TrimLeft(text[i:], " \t")
	if rest == "" || rest[0] == '#' {
		return
	}
	at := len(text) - len(rest)
	if rest[0] == ']' || rest[0] == '}' {
		s.spotf(spotStrayCloser, n, runeCol(text, at), "invalid YAML: this %q closes nothing; remove it", rest[:1])
		return
	}
	s.spotf(spotStrayCloser, n, runeCol(text, at), "invalid YAML: text after the closing bracket; put it inside the brackets, or the whole value in quotes")
}

// closingQuote returns the byte index of the quote mark q that closes a
// quoted value whose text starts at byte i of line, or -1.
func closingQuote(line string, i int, q rune) int {
	for ; i < len(line); i++ {
		switch {
		case q == '"' && line[i] == '\\':
			i++ // an escaped character
		case rune(line[i]) == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++ // '' is a quote mark inside '…'
		case rune(line[i]) == q:
			return i
		}
	}
	return -1
}

func closerOf(open rune) rune {
	if open == '[' {
		return ']'
	}
	return '}'
}

// closersOf returns what closes the open brackets, innermost first.
func closersOf(open []rune) string {
	var b strings.Builder
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteRune(closerOf(open[i]))
	}
	return b.String()
}

// plainValue returns a value without its comment and the spaces at its end.
func plainValue(v string) string {
	for i := 1; i < len(v); i++ {
		if v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
			v = v[:i]
			break
		}
	}
	return strings.TrimRight(v, " \t")
}

// quoteYAML writes v in double quotes, or in single quotes when it holds a
// double quote mark or a backslash.
func quoteYAML(v string) string {
	if !strings.ContainsAny(v, "\"\\") {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// runeCol returns the column, counted in characters from 1, of byte i of
// line.
func runeCol(line string, i int) int {
	return utf8.RuneCountInString(line[:i]) + 1
}

// parserLine returns the line of a YAML error message ("yaml: line 3: …")
// as a line of the file, and the message without it. The parser counts the
// lines of its own errors from 0 and gives none for the first line; its
// scanner counts from 1.
func parserLine(msg string) (line int, rest string) {
	rest = strings.TrimPrefix(msg, "yaml: ")
	if r, ok := strings.CutPrefix(rest, "line "); ok {
		if num, tail, ok := strings.Cut(r, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, rest = n, tail
			}
		}
	}
	if isParserError(rest) {
		return line + 1, rest
	}
	return max(line, 1), rest
}

// isParserError reports whether a message comes from the YAML parser (which
// counts lines from 0) rather than its scanner.
func isParserError(msg string) bool {
	for _, m := range []string{"did not find expected ',' or", "did not find expected '-' indicator", "did not find expected <", "did not find expected key", "did not find expected node content", "found duplicate %", "found incompatible YAML", "found undefined tag handle"} {
		if strings.HasPrefix(msg, m) {
			return true
		}
	}
	return false
}

// syntaxProblem turns a YAML parse error into a problem at the line and
// column of the mistake, with its fix.
func syntaxProblem(path string, src []byte, lineOffset int, err error) *diag.Problem {
	line, msg := parserLine(err.Error())
	if spot, ok := locateYAMLError(src, msg); ok {
		return diag.Errorf(diag.Pos{Path: path, Line: spot.line + lineOffset, Col: spot.col}, spot.format, spot.args...)
	}
	hint := diag.Msg("check the indentation and that every key is followed by ': '")
	if strings.Contains(msg, "found character that cannot start any token") {
		hint = diag.Msg("a value starting with a character such as @ or ` must be put in quotes")
	}
	return diag.Errorf(diag.Pos{Path: path, Line: line + lineOffset}, "invalid YAML: %s; %s", msg, hint)
}
