// Package synthsite writes a synthetic copy of a site for benchmarks: the
// real site's layouts, data and pages, with its news replaced by N generated
// posts and its projects multiplied in proportion, so a build of it runs the
// same code paths as a build of the real site.
//
// The posts are realistic Markdown (headings, paragraphs, lists, links,
// emphasis, a table; 400–900 words; front matter title, date, summary, tags)
// made from the words of the real site's own pages, so the generator holds
// no text of its own. The output depends only on n and seed.
package synthsite

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Write makes the synthetic site.
func Write(src, out string, n int, seed uint64) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	news := "content/nyheter"
	if err := copyTree(src, out, func(rel string) bool {
		return strings.HasPrefix(rel, news+"/") && !strings.HasSuffix(rel, "_index.md")
	}); err != nil {
		return err
	}
	words, err := vocabulary(filepath.Join(src, "content"))
	if err != nil {
		return err
	}
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), words: words}
	projects, err := g.projects(filepath.Join(src, "data/projects.yaml"), filepath.Join(out, "data/projects.yaml"), max(1, n/20))
	if err != nil {
		return err
	}
	g.projectIDs = projects
	g.tags = make([]string, 60)
	for i := range g.tags {
		g.tags[i] = g.word() + " " + g.word()
	}
	// A post every six hours from 2015; more posts than fit before 2025
	// closer together, so that none is dated in the future (a build leaves
	// those out).
	start := time.Date(2015, 1, 1, 9, 0, 0, 0, time.UTC)
	step := 6 * time.Hour
	if span := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start); time.Duration(n)*step > span {
		step = span / time.Duration(n)
	}
	for i := range n {
		date := start.Add(time.Duration(i) * step)
		name := filepath.Join(out, news, fmt.Sprintf("post-%06d.md", i))
		if err := os.WriteFile(name, []byte(g.post(i, n, date)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string, skip func(rel string) bool) error {
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		err := filepath.WalkDir(filepath.Join(src, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() || skip(rel) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			target := filepath.Join(dst, rel)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

var wordRE = regexp.MustCompile(`[A-Za-zÆØÅæøåéÉ]{3,}`)

// vocabulary collects the words of the site's Markdown bodies.
func vocabulary(dir string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, w := range wordRE.FindAllString(string(data), -1) {
			seen[strings.ToLower(w)] = true
		}
		return nil
	})
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	if len(words) < 50 {
		return nil, fmt.Errorf("only %d words in %s; the real site's pages are needed", len(words), dir)
	}
	return words, err
}

type gen struct {
	r          *rand.Rand
	words      []string
	tags       []string
	projectIDs []string
}

func (g *gen) word() string { return g.words[g.r.IntN(len(g.words))] }

func (g *gen) phrase(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	return strings.Join(ws, " ")
}

func capitalize(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func (g *gen) sentence() string {
	s := g.phrase(6 + g.r.IntN(12))
	switch g.r.IntN(6) {
	case 0:
		s = strings.Replace(s, " ", " *", 1) + "*"
	case 1:
		s += " **" + g.word() + "**"
	}
	return capitalize(s) + "."
}

func (g *gen) paragraph() string {
	n := 3 + g.r.IntN(4)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = g.sentence()
	}
	return strings.Join(ss, " ")
}

// post writes post i of n, linking to an earlier post and a project.
func (g *gen) post(i, n int, date time.Time) string {
	var b strings.Builder
	tags := map[string]bool{}
	for range 1 + g.r.IntN(4) {
		tags[g.tags[g.r.IntN(len(g.tags))]] = true
	}
	tagList := slices.Sorted(func(yield func(string) bool) {
		for t := range tags {
			if !yield(t) {
				return
			}
		}
	})
	title := capitalize(g.phrase(3 + g.r.IntN(5)))
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\nsummary: %q\ntags: [%s]\n---\n\n", title, date.Format("2006-01-02T15:04:05"), g.sentence(), quoteAll(tagList))
	words := 400 + g.r.IntN(500)
	for written := 0; written < words; {
		p := g.paragraph()
		b.WriteString(p + "\n\n")
		written += strings.Count(p, " ") + 1
		switch g.r.IntN(7) {
		case 0:
			h := capitalize(g.phrase(2 + g.r.IntN(3)))
			b.WriteString("## " + h + "\n\n")
		case 1:
			for range 3 + g.r.IntN(3) {
				b.WriteString("- " + capitalize(g.phrase(3+g.r.IntN(6))) + "\n")
			}
			b.WriteString("\n")
		case 2:
			if i > 0 {
				fmt.Fprintf(&b, "Les også [%s](post-%06d.md).\n\n", g.phrase(3), g.r.IntN(i))
			}
		case 3:
			if len(g.projectIDs) > 0 {
				fmt.Fprintf(&b, "Se [prosjektet](/prosjekter/%s/).\n\n", g.projectIDs[g.r.IntN(len(g.projectIDs))])
			}
		}
	}
	b.WriteString("| " + capitalize(g.word()) + " | Antall |\n|---|---:|\n")
	for range 3 {
		fmt.Fprintf(&b, "| %s | %d |\n", capitalize(g.word()), g.r.IntN(500))
	}
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// projects copies the real project records, adding generated ones in the same
// format until there are at least want, and returns every id.
func (g *gen) projects(src, dst string, want int) ([]string, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "projects" {
			list = root.Content[i+1]
		}
	}
	if list == nil || len(list.Content) == 0 {
		return nil, fmt.Errorf("%s has no projects", src)
	}
	originals := slices.Clone(list.Content)
	var ids []string
	for _, p := range originals {
		ids = append(ids, field(p, "id"))
	}
	for k := 0; len(list.Content) < want; k++ {
		orig := originals[k%len(originals)]
		clone := deepCopy(orig)
		id := fmt.Sprintf("%s-%d", field(orig, "id"), k)
		setField(clone, "id", id)
		setField(clone, "title", capitalize(g.phrase(2+g.r.IntN(3))))
		setField(clone, "partOf", "")
		list.Content = append(list.Content, clone)
		ids = append(ids, id)
	}
	outData, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, err
	}
	return ids, os.WriteFile(dst, outData, 0o644)
}

func field(m *yaml.Node, key string) string {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1].Value
		}
	}
	return ""
}

func setField(m *yaml.Node, key, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = &yaml.Node{Kind: yaml.ScalarNode, Value: value, Tag: "!!str"}
		}
	}
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = deepCopy(k)
	}
	return &c
}

// SetPaginate sets the number of news per list page in the copy's settings.
func SetPaginate(out string, n int) error {
	p := filepath.Join(out, "data/site.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	re := regexp.MustCompile(`(?m)^paginate: *\d+`)
	if !re.Match(data) {
		return fmt.Errorf("%s has no paginate setting", p)
	}
	return os.WriteFile(p, re.ReplaceAll(data, []byte(fmt.Sprintf("paginate: %d", n))), 0o644)
}
