package search

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"sats/internal/cache"
	"sats/internal/model"
)

// The Norwegian cases. TestScriptMatchesGo checks static/js/search.js
// against the same tables.
var normalizeCases = []struct{ in, want string }{
	{"Arbeidsplass", "arbeidsplass"},
	{"Bærekraft", "baerekraft"},
	{"BÆREKRAFT", "baerekraft"},
	{"Sør-Aurdal", "sor-aurdal"},
	{"Ål", "al"},
	{"på", "pa"},
	{"Hallingdal Næringshage", "hallingdal naeringshage"},
	{"kafé", "kafe"},
	{"Zürich", "zurich"},
	{"Skåne og Malmö", "skane og malmo"},
	{"Straße", "strasse"},
	{"Œuvre", "oeuvre"},
	{"Sámi", "sami"},
	{"«sitat» – 2024", "«sitat» – 2024"},
}

var stemCases = []struct{ in, want string }{
	{"arbeidsplass", "arbeidsplass"},   // -s only after some letters: not after s
	{"arbeidsplassar", "arbeidsplass"}, // nn plural
	{"arbeidsplassene", "arbeidsplass"},
	{"arbeidsplassane", "arbeidsplass"}, // nn definite plural
	{"arbeidsplassen", "arbeidsplass"},
	{"arbeidsplasser", "arbeidsplass"},
	{"arbeidsplassens", "arbeidsplass"},
	{"prosjektet", "prosjekt"},
	{"prosjekta", "prosjekt"},
	{"prosjektets", "prosjekt"},
	{"prosjektenes", "prosjekt"},
	{"bedrifter", "bedrift"},
	{"kvinne", "kvinn"},
	{"kvinner", "kvinn"},
	{"kvinnelig", "kvinn"}, // step 3: -lig, -elig
	{"kvinnelige", "kvinn"},
	{"kvinnegnist", "kvinnegnist"},
	{"grunder", "grund"},
	{"grundere", "grunder"},
	{"grunderne", "grunder"}, // -erne → -er, our rule
	{"trainee", "traine"},
	{"traineer", "traine"},
	{"traineene", "traine"},
	{"kommune", "kommun"},
	{"kommunene", "kommun"},
	{"kommunane", "kommun"},
	{"kommunar", "kommun"},
	{"naeringshagen", "naeringshag"},
	{"baerekraftig", "baerekraft"},
	{"studerte", "studer"}, // -erte → -er
	{"studert", "studer"},
	{"havs", "hav"},       // -s after v
	{"sykkels", "sykkel"}, // -s after l
	{"fiks", "fiks"},      // -s after k only after a consonant: R1 is empty anyway
	{"parks", "park"},     // -s after k after a consonant
	{"jenta", "jent"},
	{"jente", "jent"},
	{"hallingdal", "hallingdal"},
	{"gol", "gol"},   // no ending
	{"hus", "hus"},   // R1 is empty: nothing goes
	{"ene", "ene"},   // the whole word is an ending
	{"bena", "ben"},  // R1 starts after the third letter
	{"tre", "tre"},   // no vowel before a consonant
	{"2024", "2024"}, // digits
	{"entrepreneurs", "entrepreneur"},
}

var matchCases = []struct {
	query, text string
	want        bool
}{
	{"arbeidsplass", "Prosjektene skapte 37 arbeidsplassar", true},
	{"arbeidsplass", "alle arbeidsplassene i regionen", true},
	{"arbeidsplassene", "nye arbeidsplasser", true},
	{"arbeidsplassar", "én arbeidsplass", true},
	{"Arbeidsplass", "ARBEIDSPLASSEN", true},
	{"arbeid", "arbeidsplassane", true}, // a prefix
	{"baerekraft", "Bærekraft og mobilitet", true},
	{"bærekraft", "baerekraftig reiseliv", true},
	{"næringshagen", "Hallingdal Næringshage", true},
	{"al", "Ål kommune", true},
	{"ål", "Al", true},
	{"ål", "Alternative varmekilder", false}, // two letters: whole words only
	{"ål", "Åls kommunestyre", false},
	{"gol", "Golfbanen på Gol", true},
	{"go", "Golfbanen", false},
	{"sor", "Sør-Aurdal", true},
	{"kafe", "en kafé på Gol", true},
	{"kommunen", "Kommunane i Hallingdal", true},
	{"trainee hallingdal", "Trainee Hallingdal kull 2", true},
	{"hallingdal trainee", "Trainee Hallingdal kull 2", true}, // order does not matter
	{"trainee fjellfond", "Trainee Hallingdal", false},        // every word must match
	{"arbeidsplass", "arbeid og plass", false},                // not across words
	{"plass", "arbeidsplassar", true},                         // inside a compound
	{"fond", "Fjellfond – investeringsfond", true},
	{"kommune", "Viken fylkeskommune", true},
	{"plass", "splash", false},   // not in a compound's first three letters
	{"dal", "Hallingdal", false}, // three letters: not inside a compound
	{"kvinne", "Kvinnegnist er stiftet", true},
	{"kvinner", "Kvinnegnist", true},
	{"kvinnelig", "Kvinnegnist", true},
	{"kvinnelige gründere", "Kvinnegnist, et nettverk for gründere", true},
	{"gründer", "nye gründere", true},
	{"gründere", "en gründer", true},
	{"grunder", "Gründerfabrikken i Hemsedal", true},
	{"gründerne", "Grunderfabrikken", true},
	{"trainee", "traineer i bedriftene", true},
	{"traineer", "Trainee Hallingdal", true},
	{"kommune", "kommunene i Hallingdal", true},
	{"kommunene", "Hol kommune", true},
	{"gol", "Hemsedal og Hol", false},
	{"2024", "stiftet 8. mars 2024", true},
	{"a", "alt", false}, // words shorter than two letters are ignored
	{"", "alt", false},
	{"  –  ", "alt", false},
}

func TestNormalize(t *testing.T) {
	for _, c := range normalizeCases {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	for _, c := range stemCases {
		if got := Stem(c.in); got != c.want {
			t.Errorf("Stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMatches(t *testing.T) {
	for _, c := range matchCases {
		if got := matches(c.query, c.text); got != c.want {
			t.Errorf("matches(%q, %q) = %v, want %v", c.query, c.text, got, c.want)
		}
	}
}

// scriptPath is the search script, from this package's folder.
const scriptPath = "../../static/js/search.js"

// runScript runs a program with node, with the search script's functions as
// S and the JSON of input as input, and decodes what the program returns (it
// may await) as JSON into out. It skips the test if node is not installed.
func runScript(t *testing.T, program string, input, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the search script is not tested")
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	src := `const S = require(process.argv[1]);
let data = "";
process.stdin.on("data", c => data += c);
process.stdin.on("end", async () => {
	const input = JSON.parse(data);
	process.stdout.write(JSON.stringify(await (async () => {` + program + `})()));
});`
	cmd := exec.Command(node, "-e", src, scriptPath)
	cmd.Stdin = strings.NewReader(string(in))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("node printed %q: %v", stdout, err)
	}
}

// TestScriptMatchesGo runs the search script's normalize, stem and matches
// with node on the cases above, and on every word of those cases, and
// compares with the Go functions.
func TestScriptMatchesGo(t *testing.T) {
	var in struct {
		Normalize []string    `json:"normalize"`
		Stem      []string    `json:"stem"`
		Matches   [][2]string `json:"matches"`
		Queries   []string    `json:"queries"`
	}
	in.Queries = []string{"hvor mange arbeidsplasser", "og i på", "the jobs of the programme", "kvinner i næringslivet", "Hva er Kvinnegnist?"}
	for w := range stopWords {
		in.Queries = append(in.Queries, w+" hallingdal", w)
	}
	for _, c := range normalizeCases {
		in.Normalize = append(in.Normalize, c.in)
	}
	for _, c := range stemCases {
		in.Stem = append(in.Stem, c.in)
	}
	for _, c := range matchCases {
		in.Matches = append(in.Matches, [2]string{c.query, c.text})
		in.Normalize = append(in.Normalize, c.query, c.text)
		in.Stem = append(in.Stem, words(Normalize(c.query+" "+c.text))...)
	}
	var out struct {
		Normalize []string   `json:"normalize"`
		Stem      []string   `json:"stem"`
		Matches   []bool     `json:"matches"`
		Queries   [][]string `json:"queries"`
	}
	runScript(t, `return {
		normalize: input.normalize.map(S.normalize),
		stem: input.stem.map(S.stem),
		matches: input.matches.map(([q, t]) => S.matches(q, t)),
		queries: input.queries.map(S.stems),
	};`, in, &out)
	for i, q := range in.Queries {
		if i >= len(out.Queries) || strings.Join(out.Queries[i], " ") != strings.Join(queryStems(q), " ") {
			t.Errorf("script stems(%q) differs from Go's %q", q, queryStems(q))
		}
	}
	if len(out.Normalize) != len(in.Normalize) || len(out.Stem) != len(in.Stem) || len(out.Matches) != len(in.Matches) {
		t.Fatalf("the script answered %d/%d/%d cases, want %d/%d/%d", len(out.Normalize), len(out.Stem), len(out.Matches), len(in.Normalize), len(in.Stem), len(in.Matches))
	}
	for i, s := range in.Normalize {
		if want := Normalize(s); out.Normalize[i] != want {
			t.Errorf("script normalize(%q) = %q, Go gives %q", s, out.Normalize[i], want)
		}
	}
	for i, s := range in.Stem {
		if want := Stem(s); out.Stem[i] != want {
			t.Errorf("script stem(%q) = %q, Go gives %q", s, out.Stem[i], want)
		}
	}
	for i, c := range matchCases {
		if out.Matches[i] != c.want {
			t.Errorf("script matches(%q, %q) = %v, want %v", c.query, c.text, out.Matches[i], c.want)
		}
	}
}

// testIndex returns the files of the index of pages, split if larger than
// maxWhole, with their data as strings for the script.
func testIndex(t *testing.T, pages []source, maxWhole int) map[string]string {
	t.Helper()
	return testIndexWith(t, pages, nil, maxWhole)
}

// testIndexWith is testIndex with the pages of the index kept in store.
func testIndexWith(t *testing.T, pages []source, store cache.Values, maxWhole int) map[string]string {
	t.Helper()
	files, _, err := assemble(pages, map[model.Kind]string{model.KindNews: "Nyhet"}, nil, store, "nb", maxWhole)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Name] = string(f.Data)
	}
	return out
}

// TestScriptRanksTitleHitsFirst searches a small index with the script,
// whole and split: a page with the word in its title comes before one with
// it in the summary, which comes before one with it only in the text (also
// far into it); pages without it are left out; a snippet holds the word.
func TestScriptRanksTitleHitsFirst(t *testing.T) {
	pages := []source{
		{kind: model.KindNews, title: "Om kommunene", url: "/text/", date: "2025-01-01", content: "<p>Mange nye arbeidsplassar kom i Gol i fjor, sa ordføreren.</p>"},
		{kind: model.KindNews, title: "Nye arbeidsplasser", url: "/title/", date: "2020-01-01", content: "<p>Ingenting.</p>"},
		{kind: model.KindNews, title: "Fjellfond", url: "/summary/", date: "2024-01-01", summary: "Fondet skal gi arbeidsplassene en start."},
		{kind: model.KindNews, title: "Trainee", url: "/none/", date: "2025-02-01", content: "<p>Kull 2 er i gang.</p>"},
		{kind: model.KindNews, title: "Rapport om året", url: "/words/", content: "<p>Begynnelsen. " + strings.Repeat("Fyllord og mer. ", 60) + "</p>", extra: "arbeidsplassane"},
	}
	for _, maxWhole := range []int{MaxWhole, 0} {
		var out struct {
			URLs    []string `json:"urls"`
			Snippet string   `json:"snippet"`
			Long    string   `json:"long"`
		}
		runScript(t, `const ix = await S.open(name => Promise.resolve(JSON.parse(input[name])));
		const found = await S.search(ix, "arbeidsplass");
		const long = "Fyllord og mer fyllord. ".repeat(12) + "Her kom Kvinnegnist inn. " + "Enda mer fyllord. ".repeat(12);
		return {urls: found.map(p => p.u), snippet: S.snippet(found[found.length - 1 - 1], S.stems("arbeidsplass")),
			long: S.snippet({x: long}, S.stems("kvinnegnist"))};`, testIndex(t, pages, maxWhole), &out)
		want := []string{"/title/", "/summary/", "/text/", "/words/"}
		if strings.Join(out.URLs, " ") != strings.Join(want, " ") {
			t.Errorf("index of at most %d bytes: search for arbeidsplass found %v, want %v", maxWhole, out.URLs, want)
		}
		if !strings.Contains(out.Snippet, "arbeidsplassar") {
			t.Errorf("snippet of /text/ = %q, want it to hold the hit", out.Snippet)
		}
		if l := out.Long; !strings.HasPrefix(l, "…") || !strings.HasSuffix(l, " …") || !strings.Contains(l, "Her kom Kvinnegnist inn.") || len(l) > 220 || strings.Contains(l, "…ord") {
			t.Errorf("snippet of a long text = %q, want about 200 characters around the hit, cut between words", l)
		}
	}
}

// TestScriptShowsResults runs the whole search script with node on a stand-in
// for the browser's DOM, with a split index: it reads ?q= from the address,
// loads the index, lists the first ten results with the hits marked,
// announces their number, shows the next ones with the button (and moves
// the focus to the first of them), and shows the list of every page again
// when the query is emptied. The stand-in throws if the script sets
// innerHTML.
func TestScriptShowsResults(t *testing.T) {
	pages := []source{
		{kind: model.KindNews, title: "Nye arbeidsplasser", url: "/a/", date: "2024-03-08", shown: "8. mars 2024", content: "Tekst."},
		{kind: model.KindNews, title: "<img src=x onerror=alert(1)>", url: "/b/", content: "Mange arbeidsplassar."},
		{kind: model.KindNews, title: "Annet", url: "/c/", content: "Ingenting her."},
	}
	for i := range 22 {
		pages = append(pages, source{kind: model.KindNews, title: "En lang tittel om noe helt annet nummer " + strconv.Itoa(i), url: "/more/" + strconv.Itoa(i) + "/", content: "Om arbeidsplasser."})
	}
	type result struct {
		Title, Href, Meta, Snippet string
		Marks                      []string
	}
	var out struct {
		First struct {
			Status        string
			Results       []result
			ResultsHidden bool
			AllHidden     bool
			MoreHidden    bool
			URL           string
		}
		More struct {
			Results    int
			MoreHidden bool
			Focused    string
		}
		None, Empty struct {
			Status                   string
			ResultsHidden, AllHidden bool
			URL                      string
		}
	}
	runScript(t, `
class El {
	constructor(name) { this.nodeName = name; this.childNodes = []; this.own = ""; this.dataset = {}; this.hidden = false; this.listeners = {}; this.sel = {}; }
	appendChild(c) { this.childNodes.push(c); return c; }
	set textContent(v) { this.childNodes = []; this.own = String(v); }
	get textContent() { return this.own + this.childNodes.map(c => c.textContent).join(""); }
	set innerHTML(v) { throw new Error("the script set innerHTML"); }
	addEventListener(type, fn) { this.listeners[type] = fn; }
	querySelector(s) { return this.sel[s] || null; }
	marks() { return this.childNodes.flatMap(c => c.nodeName === "mark" ? [c.textContent] : c.marks ? c.marks() : []); }
	focus() { focused = this; }
}
let focused = null;
const form = new El("form"), field = new El("input"), status = new El("p"), results = new El("section"), list = new El("ol"), more = new El("button"), all = new El("section");
Object.assign(form.dataset, {index: "/sok/index.json", hits: "%d treff", hitsOne: "%d treff", none: "Ingen treff", error: "Feil"});
form.sel["input[name=q]"] = field; results.sel["ol"] = list; results.sel["button"] = more; results.hidden = true; more.hidden = true;
const ids = {"search-status": status, "search-results": results, "search-all": all};
global.document = {
	querySelector: s => s === "form[data-index]" ? form : null,
	getElementById: id => ids[id] || null,
	createElement: n => new El(n),
	createTextNode: s => ({nodeName: "#text", textContent: s}),
};
let url = "https://example.org/sok/?q=arbeidsplass";
global.location = {get href() { return url; }, get search() { return new URL(url).search; }};
global.history = {replaceState(s, t, u) { url = String(u); }};
global.fetch = async u => {
	const name = new URL(u).pathname.replace(/^\/sok\//, "");
	return name in input ? {ok: true, json: async () => JSON.parse(input[name])} : {ok: false, status: 404};
};
delete require.cache[require.resolve(process.argv[1])];
require(process.argv[1]);
const settle = () => new Promise(r => setTimeout(r, 20));
await settle();
const first = {
	Status: status.textContent, ResultsHidden: results.hidden, AllHidden: all.hidden, MoreHidden: more.hidden, URL: url,
	Results: list.childNodes.map(li => {
		const a = li.childNodes[0].childNodes[0];
		return {Title: a.textContent, Href: a.href, Marks: li.marks(), Meta: li.childNodes[1].textContent, Snippet: li.childNodes[2] ? li.childNodes[2].textContent : ""};
	}),
};
more.listeners.click();
await settle();
const after = {Results: list.childNodes.length, MoreHidden: more.hidden, Focused: focused && focused.href};
const submit = async q => { field.value = q; form.listeners.submit({preventDefault() {}}); await settle(); return {Status: status.textContent, ResultsHidden: results.hidden, AllHidden: all.hidden, URL: url}; };
return {First: first, More: after, None: await submit("fjellfond"), Empty: await submit("")};
`, testIndex(t, pages, 0), &out)

	f := out.First
	if f.Status != "24 treff" || f.ResultsHidden || !f.AllHidden || f.MoreHidden || !strings.HasSuffix(f.URL, "/sok/?q=arbeidsplass") {
		t.Errorf("after loading with ?q=arbeidsplass: status %q, results hidden %v, list of all pages hidden %v, button hidden %v, address %s; want 24 treff, the results and the button shown instead of the list", f.Status, f.ResultsHidden, f.AllHidden, f.MoreHidden, f.URL)
	}
	if len(f.Results) != 10 {
		t.Fatalf("%d results shown, want the first 10", len(f.Results))
	}
	if m := out.More; m.Results != 20 || m.MoreHidden || m.Focused != "/more/16/" {
		t.Errorf("after the button: %+v; want 20 results, the button still shown (of 24) and the focus on the 11th (/more/16/, by title among equals)", m)
	}
	if r := f.Results[0]; r.Title != "Nye arbeidsplasser" || r.Href != "/a/" || r.Meta != "Nyhet8. mars 2024" || strings.Join(r.Marks, "|") != "arbeidsplasser" {
		t.Errorf("first result = %+v; want the title hit, with its kind, date and the hit marked", r)
	}
	if r := f.Results[1]; r.Title != "<img src=x onerror=alert(1)>" || r.Snippet != "Mange arbeidsplassar." || strings.Join(r.Marks, "|") != "arbeidsplassar" {
		t.Errorf("second result = %+v; want the title as text and the hit in the snippet marked", r)
	}
	if n := out.None; n.Status != "Ingen treff" || !n.ResultsHidden || n.AllHidden || !strings.HasSuffix(n.URL, "?q=fjellfond") {
		t.Errorf("a query without hits: %+v; want Ingen treff announced and the list of all pages shown", n)
	}
	if e := out.Empty; e.Status != "" || !e.ResultsHidden || e.AllHidden || strings.Contains(e.URL, "?q") {
		t.Errorf("an empty query: %+v; want no announcement, the list of all pages and no ?q=", e)
	}
}
