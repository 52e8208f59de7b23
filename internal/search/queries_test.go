package search_test

import (
	"strings"
	"testing"

	"sats/internal/model"

	"sats/internal/search"
)

// queries are what residents and journalists type into the search of the
// repository's site, with the page they expect first. TestQueries runs them
// against the Go reference and the browser script.
var queries = []struct{ lang, q, first string }{
	// Kvinnegnist, the network for women in business, by every form of «kvinne».
	{"nb", "kvinne", "/prosjekter/kvinnegnist/"},
	{"nb", "kvinner", "/prosjekter/kvinnegnist/"},
	{"nb", "kvinnelig", "/prosjekter/kvinnegnist/"},
	{"nb", "kvinnelige gründere", "/prosjekter/kvinnegnist/"},
	{"nb", "Kvinnegnist", "/prosjekter/kvinnegnist/"},
	{"nb", "kvinnenettverk", "/nyheter/kvinnegnist-er-stiftet/"},
	// Gründer with and without its accent, in any form.
	{"nb", "gründer", "/prosjekter/grunderhub-hemsedal/"},
	{"nb", "gründere", "/prosjekter/grunderhub-hemsedal/"},
	{"nb", "grunder", "/prosjekter/grunderhub-hemsedal/"},
	{"nb", "gründerfabrikken", "/prosjekter/grunderfabrikken-hemsedal/"},
	{"nb", "trainee", "/prosjekter/trainee-hallingdal/"},
	{"nb", "traineer", "/prosjekter/trainee-hallingdal/"},
	{"nb", "trainee kull 2", "/nyheter/trainee-hallingdal-kull-2/"},
	{"nb", "kommune", "/resultater/prosjekter-per-kommune/"},
	{"nb", "kommunene", "/resultater/prosjekter-per-kommune/"},
	{"nb", "prosjekter per kommune", "/resultater/prosjekter-per-kommune/"},
	{"nb", "Gol", "/kommuner/gol/"},
	{"nb", "Ål", "/kommuner/al/"},
	{"nb", "al", "/kommuner/al/"},
	{"nb", "Flå", "/kommuner/fla/"},
	{"nb", "Hol", "/kommuner/hol/"},
	{"nb", "Hemsedal", "/kommuner/hemsedal/"},
	{"nb", "Nesbyen", "/kommuner/nesbyen/"},
	// The numbers a journalist asks for.
	{"nb", "arbeidsplasser", "/resultater/arbeidsplasser/"},
	{"nb", "hvor mange arbeidsplasser", "/resultater/arbeidsplasser/"},
	{"nb", "arbeidsplass", "/resultater/arbeidsplasser/"},
	{"nb", "budsjett", "/resultater/budsjett/"},
	{"nb", "medvirkning", "/resultater/strategifasen/"},
	{"nb", "åpne data", "/data/"},
	{"nb", "sluttrapporten", "/nyheter/sluttrapporten-er-godkjent/"},
	{"nb", "omstillingsstatus", "/nyheter/hallingdal-far-omstillingsstatus/"},
	{"nb", "utviklingsplan", "/nyheter/utviklingsplan-og-handlingsplan/"},
	// Projects by what they are about, compounds found by their parts.
	{"nb", "fjellfond", "/prosjekter/fjellfond/"},
	{"nb", "fond", "/prosjekter/fjellfond/"},
	{"nb", "investeringsfond", "/prosjekter/fjellfond-investeringsfond/"},
	{"nb", "startup extreme", "/prosjekter/startup-extreme-partner/"},
	{"nb", "sykkel", "/prosjekter/ringvirkningsanalyse-terrengsykkel/"},
	{"nb", "terrengsykling", "/nyheter/tilbakeblikk-analysen-av-terrengsyklingen/"},
	{"nb", "bærekraft", "/prosjekter/house-of-hygge-baerekraft/"},
	{"nb", "baerekraft", "/prosjekter/house-of-hygge-baerekraft/"},
	{"nb", "SMB-utvikling", "/prosjekter/smb-utvikling/"},
	{"nb", "boliger", "/prosjekter/bolignettverk-forprosjekt/"},
	{"nb", "beredskap", "/prosjekter/torpomoen-beredskap-kriseledelse/"},
	{"nb", "vertikalt landbruk", "/prosjekter/hallingjordbaer/"},
	{"nb", "fiskeoppdrett", "/prosjekter/aquasenter-hallingdal-upstream/"},
	{"nb", "rekruttering", "/innsatsomrader/rekruttering-og-kompetanse/"},
	{"nb", "personvern", "/personvern/"},
	{"nb", "strategisk plan", "/rapporter/strategisk-plan-2021-2024/"},
	{"nb", "sluttrapport 2025", "/rapporter/sluttrapport-2025/"},
	{"nb", "nettverk for kvinner", "/prosjekter/kvinnegnist/"},
	// Downloads, as journalists ask for them.
	{"nb", "csv", "/data/"},
	{"nb", "excel", "/data/"},
	{"nb", "last ned csv", "/data/"},
	{"nb", "zip", "/data/"},
	// Nynorsk forms.
	{"nb", "bustad", "/prosjekter/regionalt-bustadsamarbeid/"},
	{"nb", "arbeidsplassar", "/resultater/arbeidsplasser/"},
	{"nb", "kommunane", "/resultater/prosjekter-per-kommune/"},
	// The English pages.
	{"en", "women", "/en/projects/kvinnegnist/"},
	{"en", "jobs", "/en/results/arbeidsplasser/"},
	{"en", "budget", "/en/results/budsjett/"},
	{"en", "trainee", "/en/projects/trainee-hallingdal/"},
	{"en", "trainees", "/en/projects/trainee-hallingdal/"},
	{"en", "housing", "/en/projects/bolignettverk-forprosjekt/"},
	{"en", "investment fund", "/en/projects/fjellfond-investeringsfond/"},
	{"en", "mountain bike", "/en/projects/ringvirkningsanalyse-terrengsykkel/"},
	{"en", "Gol", "/en/municipalities/gol/"},
	{"en", "csv", "/en/data/"},
}

// TestQueries searches the repository's site with the queries above, by the
// Go reference (Rank) and with the browser script, on its index as the build
// writes it (one file) and split into shards and chunks, and checks that all
// put the expected page first and give the same results in the same order.
func TestQueries(t *testing.T) {
	site, whole := buildIndexes(t)
	split := map[string]map[string][]byte{}
	for _, p := range site.Pages {
		if p.Layout != search.Layout {
			continue
		}
		for _, q := range append([]*model.Page{p}, p.Translations...) {
			files, err := search.SplitIndex(q.Site, siteContent)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) < 10 {
				t.Fatalf("the split index of the %s site is %d files", q.Lang, len(files))
			}
			split[q.Lang] = files
		}
	}
	var reference [][]string
	for _, v := range []struct {
		name    string
		indexes map[string]map[string][]byte
	}{{"one file", whole}, {"split", split}} {
		got := queryBoth(t, v.name, v.indexes)
		if reference == nil {
			reference = got
			continue
		}
		for i, c := range queries {
			if strings.Join(got[i], " ") != strings.Join(reference[i], " ") {
				t.Errorf("searching %q (%s): the split index finds %v, the whole %v", c.q, c.lang, got[i][:min(5, len(got[i]))], reference[i][:min(5, len(reference[i]))])
			}
		}
	}
}

// queryBoth runs the queries with Go and the script on indexes, checks
// that both put the expected page first and agree, and returns the results.
func queryBoth(t *testing.T, name string, indexes map[string]map[string][]byte) [][]string {
	type query struct {
		Lang string `json:"lang"`
		Q    string `json:"q"`
	}
	var in struct {
		Indexes map[string]map[string]string `json:"indexes"`
		Queries []query                      `json:"queries"`
	}
	in.Indexes = map[string]map[string]string{}
	for lang, files := range indexes {
		in.Indexes[lang] = stringFiles(files)
	}
	goResults := make([][]string, len(queries))
	for i, c := range queries {
		in.Queries = append(in.Queries, query{c.lang, c.q})
		res, err := search.Rank(indexes[c.lang], c.q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			goResults[i] = append(goResults[i], r.URL)
		}
		if len(res) == 0 || res[0].URL != c.first {
			t.Errorf("Go, %s: searching %q (%s) finds first %v, want %s", name, c.q, c.lang, goResults[i][:min(3, len(goResults[i]))], c.first)
		}
	}
	var js [][]string
	search.RunScript(t, `const ixs = {}, out = [];
		for (const [lang, files] of Object.entries(input.indexes)) ixs[lang] = await S.open(name => Promise.resolve(JSON.parse(files[name])));
		for (const q of input.queries) out.push((await S.search(ixs[q.lang], q.q)).map(p => p.u));
		return out;`, in, &js)
	if len(js) != len(queries) {
		t.Fatalf("the script answered %d of %d queries", len(js), len(queries))
	}
	for i, c := range queries {
		if len(js[i]) == 0 || js[i][0] != c.first {
			t.Errorf("script, %s: searching %q (%s) finds first %v, want %s", name, c.q, c.lang, js[i][:min(3, len(js[i]))], c.first)
		}
		if g, s := len(goResults[i]), len(js[i]); g != s {
			t.Errorf("%s: searching %q (%s): Go finds %d pages, the script %d", name, c.q, c.lang, g, s)
			continue
		}
		for k := range js[i] {
			if js[i][k] != goResults[i][k] {
				t.Errorf("%s: searching %q (%s): result %d is %s in Go, %s in the script", name, c.q, c.lang, k+1, goResults[i][k], js[i][k])
				break
			}
		}
	}
	return goResults
}

// TestScriptStemsEveryWordAsGo stems every word of the repository's indexes
// with the script and with Stem: the two stemmers must agree on all of them.
func TestScriptStemsEveryWordAsGo(t *testing.T) {
	_, indexes := buildIndexes(t)
	seen := map[string]bool{}
	var ws []string
	for _, files := range indexes {
		for _, w := range search.Words(search.Normalize(string(files[search.ManifestName]))) {
			if !seen[w] {
				seen[w] = true
				ws = append(ws, w)
			}
		}
	}
	// And every ending of the stemmer after bases of every shape: short,
	// vowel-initial, ending in k after a vowel or a consonant, non-ASCII.
	for _, base := range []string{"a", "ab", "kv", "kvinn", "park", "fiks", "hav", "grunn", "ek", "trainee", "æ", "ål", "sykkel", "bygd", "arbeidsplass", "oy", "straße"} {
		for _, e := range search.Endings() {
			ws = append(ws, search.Normalize(base)+e, search.Normalize(base)+e+"s", search.Normalize(base)+"s"+e)
		}
	}
	var got []string
	search.RunScript(t, `return input.map(S.stem);`, ws, &got)
	if len(got) != len(ws) {
		t.Fatalf("the script stemmed %d of %d words", len(got), len(ws))
	}
	differ := 0
	for i, w := range ws {
		if want := search.Stem(w); got[i] != want {
			if differ++; differ <= 10 {
				t.Errorf("stem(%q): the script gives %q, Go %q", w, got[i], want)
			}
		}
	}
	t.Logf("%d words", len(ws))
}
