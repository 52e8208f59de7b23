package diag

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Lang is the language messages are written in: Norwegian bokmål, the
// default, or English.
//
// Every message has one English format string, the one written at the call
// of Errorf, List.Add or Msg; it is the message's key in the catalogue
// (nb.go), which gives its Norwegian format with the same verbs. A problem
// keeps its format and arguments and is translated when it is printed, so
// the stages need not know the language. The zero Lang is Norwegian.
type Lang string

const (
	Norwegian Lang = "nb"
	English   Lang = "en"
)

// LangEnv is the environment variable that chooses the language of messages
// when no -lang flag does: SATS_LANG=en.
const LangEnv = "SATS_LANG"

// ParseLang reads a language name: nb (also no, nob, norsk) or en (also
// english). Case and a region (en_GB.UTF-8) do not matter.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i > 0 {
		s = s[:i]
	}
	switch s {
	case "nb", "no", "nob", "norsk", "bokmål", "bokmal", "norwegian":
		return Norwegian, true
	case "en", "eng", "english", "engelsk":
		return English, true
	}
	return "", false
}

// LangFromEnv returns the language SATS_LANG names, read with getenv
// (os.Getenv), or Norwegian when it is unset or unknown. The machine's locale
// (LANG, LC_ALL) is not read: the output does not change with the machine.
func LangFromEnv(getenv func(string) string) Lang {
	if l, ok := ParseLang(getenv(LangEnv)); ok {
		return l
	}
	return Norwegian
}

// Sprintf formats a message of the catalogue in language l: format is the
// English format string, translated by the catalogue; arguments that are
// messages themselves (a *Message, a *Problem) are written in l as well.
// A %w verb is allowed, as in fmt.Errorf.
func (l Lang) Sprintf(format string, args ...any) string {
	f := format
	if l != English {
		if t, ok := norwegian[format]; ok {
			f = t
		}
	}
	targs := make([]any, len(args))
	for i, a := range args {
		targs[i] = l.arg(a)
	}
	return fmt.Errorf(f, targs...).Error()
}

// Fprintf writes a message of the catalogue to w in language l (see Sprintf).
func (l Lang) Fprintf(w io.Writer, format string, args ...any) {
	_, _ = io.WriteString(w, l.Sprintf(format, args...))
}

// arg writes a message argument in l; other arguments are left as they are.
func (l Lang) arg(a any) any {
	switch a := a.(type) {
	case *Message:
		return text(a.In(l))
	case *Problem:
		return text(a.In(l))
	case List:
		return text(a.In(l))
	}
	return a
}

// text is a translated message passed on as an argument: it formats like the
// error or string it stands for with %v, %s and %q.
type text string

func (t text) Error() string  { return string(t) }
func (t text) String() string { return string(t) }

// Message is a text of the catalogue without a position: a format string and
// its arguments. As an error its text is English; In gives it in a language.
// Messages passed as arguments of other messages are translated with them.
type Message struct {
	Format string
	Args   []any
	err    error // what a %w verb wrapped
}

// Msg returns a message of the catalogue. A %w verb wraps its operand.
func Msg(format string, args ...any) *Message {
	return &Message{Format: format, Args: args, err: errors.Unwrap(fmt.Errorf(format, args...))}
}

func (m *Message) Error() string { return m.In(English) }

// In returns the message in language l.
func (m *Message) In(l Lang) string { return l.Sprintf(m.Format, m.Args...) }

func (m *Message) Unwrap() error { return m.err }
