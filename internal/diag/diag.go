// Package diag owns the generator's error reports: problems positioned at a
// file, line and column, and lists of them that are sorted and reported all at
// once.
//
// Every stage reports user mistakes as a *Problem, whose text has the form
//
//	path:line:col: what is wrong; how to fix it
//
// Stages collect problems of one kind in a List and return List.Err, so that an
// editor sees every broken reference or URL collision in one run, sorted by file
// and line, instead of fixing them one build at a time.
//
// Messages are written in English at their call, with a constant format
// string, and shown in Norwegian bokmål (or English) when printed: a problem
// keeps its format and arguments, and In(lang) translates it through the
// catalogue in nb.go (see Lang). Error gives the English text, so sorting,
// comparing and logging do not depend on the language.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in an input file. Line and Col count from 1; zero means
// unknown.
type Pos struct {
	Path string
	Line int
	Col  int
}

// String formats the position as path:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Problem is one mistake in the input, at a position.
type Problem struct {
	Pos
	Msg string // in English, lower case; "what is wrong; how to fix it"
	Err error  // the underlying error, if any
	// Format and Args are the message before formatting, for its
	// translation (see Lang); a problem without a Format is shown as Msg
	// in every language.
	Format string
	Args   []any
}

// Errorf returns a problem at pos with a formatted message. The format is an
// English constant, the key of the message in the catalogue (nb.go). A %w
// verb wraps its operand, which Unwrap then returns.
func Errorf(pos Pos, format string, args ...any) *Problem {
	err := fmt.Errorf(format, args...)
	return &Problem{Pos: pos, Msg: err.Error(), Err: errors.Unwrap(err), Format: format, Args: args}
}

// Error returns the problem in English, as path:line:col: message. In gives
// it in another language.
func (p *Problem) Error() string { return p.In(English) }

// In returns the problem in language l, as path:line:col: message.
func (p *Problem) In(l Lang) string {
	if p.Path == "" {
		return p.Text(l)
	}
	return p.Pos.String() + ": " + p.Text(l)
}

// Text returns the message in language l, without the position.
func (p *Problem) Text(l Lang) string {
	if p.Format == "" || l == English {
		return p.Msg
	}
	return l.Sprintf(p.Format, p.Args...)
}

func (p *Problem) Unwrap() error { return p.Err }

// List collects problems.
type List []*Problem

// Add appends a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Append adds err to the list: its problems if it holds any (a *Problem, a
// List, or errors joined from them), else err itself at an unknown position.
func (l *List) Append(err error) {
	if err == nil {
		return
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			l.Append(e)
		}
		return
	}
	var list List
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var p *Problem
	if errors.As(err, &p) {
		*l = append(*l, p)
		return
	}
	*l = append(*l, &Problem{Msg: err.Error(), Err: err, Format: "%v", Args: []any{err}})
}

// Err returns nil for an empty list, else the list sorted by file, line and
// column with exact repeats removed.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	out := slices.Clone(l)
	slices.SortStableFunc(out, func(a, b *Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Msg, b.Msg))
	})
	out = slices.CompactFunc(out, func(a, b *Problem) bool { return a.Error() == b.Error() })
	return out
}

// Error returns the problems in English, one a line.
func (l List) Error() string { return l.In(English) }

// In returns the problems in language l, one a line.
func (ps List) In(l Lang) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.In(l))
	}
	return b.String()
}

// Problems returns the problems held in err, in order; an error that is not a
// problem becomes one at an unknown position.
func Problems(err error) List {
	var l List
	l.Append(err)
	return l
}

// Suggest returns the candidate closest to word, or "" when none is close
// enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	lw := strings.ToLower(word)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(lw, lc)
		if len(lw) >= 3 && (strings.HasPrefix(lc, lw) || strings.HasPrefix(lw, lc)) {
			d = 1 // a shortened or lengthened name: innovasjon → innovasjonskultur
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, counted in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
