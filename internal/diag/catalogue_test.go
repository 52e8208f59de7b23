package diag_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sats/internal/diag"
	"sats/internal/schema"
)

// messageCalls names the functions and methods that take a format string of
// the catalogue, and the index of that argument. A method named Sprintf or
// Fprintf counts when it is not package fmt's (diag.Lang's).
var messageCalls = map[string]int{
	"Errorf":  1, // diag.Errorf(pos, format, …)
	"Add":     1, // (*diag.List).Add(pos, format, …)
	"errorf":  1, // the YAML decoder's d.errorf(node, format, …)
	"Msg":     0, // diag.Msg(format, …)
	"addf":    0, // the schema's addf(format, …) in collect
	"spotf":   3, // the YAML syntax scanner's s.spotf(kind, line, col, format, …)
	"Sprintf": 0, // diag.Lang.Sprintf(format, …)
	"Fprintf": 1, // diag.Lang.Fprintf(w, format, …)
}

// sourceFormats returns every constant format string passed to a message
// function in the non-test Go files under internal/ and cmd/, with where it
// was found.
func sourceFormats(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "bench") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok {
						if x.Name == "fmt" || (name == "Errorf" && x.Name != "diag") {
							return true
						}
					}
				default:
					return true
				}
				i, ok := messageCalls[name]
				if !ok || len(call.Args) <= i {
					return true
				}
				if _, isKey := constString(call.Args[0]); name == "Add" && isKey {
					return true // http.Header.Add("Vary", "…") and the like: no position, no message
				}
				if format, ok := constString(call.Args[i]); ok && hasWords(format) {
					found[format] = fset.Position(call.Pos()).String()
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	texts, err := schema.Texts()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range texts {
		found[schema.MessageFormat(text)] = "a title or x-fix of internal/schema/*.json"
	}
	return found
}

// constString returns the value of a string literal, or of literals joined
// with +.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X)
		b, ok2 := constString(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}

var (
	verbRE    = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0-9.]*([a-zA-Z%])`)
	cmdPrefix = regexp.MustCompile(`^sats(?: [a-z]+)?: `)
	letters   = regexp.MustCompile(`\pL`)
)

// hasWords reports whether a format has words to translate, besides its
// verbs and the command's name in front.
func hasWords(format string) bool {
	return letters.MatchString(verbRE.ReplaceAllString(cmdPrefix.ReplaceAllString(format, ""), ""))
}

// TestEveryMessageIsTranslated walks the source of the generator: every
// format string of a message must have its Norwegian translation in the
// catalogue, and every entry of the catalogue must still be used.
func TestEveryMessageIsTranslated(t *testing.T) {
	found := sourceFormats(t)
	if len(found) < 100 {
		t.Fatalf("found %d message formats in the source, want at least 100: is the walk broken?", len(found))
	}
	cat := diag.Catalogue()
	var missing, unused []string
	for _, f := range slices.Sorted(maps.Keys(found)) {
		if _, ok := cat[f]; !ok {
			missing = append(missing, found[f]+": "+strconv.Quote(f))
		}
	}
	for _, f := range slices.Sorted(maps.Keys(cat)) {
		if _, ok := found[f]; !ok {
			unused = append(unused, strconv.Quote(f))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d message(s) have no Norwegian translation; add them to internal/diag/nb.go, then run go test ./internal/diag -run Docs -update:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	if len(unused) > 0 {
		t.Errorf("%d entries of the catalogue are no longer used; remove them from internal/diag/nb.go:\n%s", len(unused), strings.Join(unused, "\n"))
	}
}

// TestTranslationsKeepTheVerbs checks each translation has the verbs of its
// English format: in the same order, or numbered (%[2]s) when the Norwegian
// order differs.
func TestTranslationsKeepTheVerbs(t *testing.T) {
	for en, nb := range diag.Catalogue() {
		if strings.TrimSpace(nb) == "" {
			t.Errorf("%q: empty translation", en)
			continue
		}
		if strings.HasSuffix(en, "\n") != strings.HasSuffix(nb, "\n") {
			t.Errorf("%q: the translation %q does not end as the English does (newline)", en, nb)
		}
		want := verbs(en)
		got := verbs(nb)
		if !slices.Equal(got, want) {
			t.Errorf("%q: verbs %v, but the translation %q has %v", en, want, nb, got)
		}
	}
}

// verbs lists the verbs of a format by the argument they take, in order of
// the arguments.
func verbs(format string) []string {
	byArg := map[int]string{}
	arg := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			arg = n - 1
		}
		byArg[arg] = m[2]
		arg++
	}
	out := make([]string, len(byArg))
	for i, v := range byArg {
		if i < len(out) {
			out[i] = v
		}
	}
	return out
}
