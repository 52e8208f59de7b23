package build

import (
	"strings"

	"sats/internal/diag"
	"sats/internal/figures"
	"sats/internal/load"
	"sats/internal/model"
)

// archives writes the zip of each language's open data folder, for «last
// ned alt» (figures.Archive): every file under the folder, from files
// (output path → data: the figures' downloads and the catalog). The zip's
// download goes onto the language's site, Site.DataArchive, for the
// layouts. sites[i] is the site of langs[i].
func (b *builder) archives(langs []figures.Language, sites []*model.Site, files map[string][]byte) error {
	for i, l := range langs {
		data, dl, err := figures.Archive(files, l.Figures, l.Meta)
		if err != nil {
			return diag.Errorf(diag.Pos{Path: load.DataDir + "/results.yaml"}, "cannot make the zip of the open data files: %v; report this as a bug of sats", err)
		}
		if err := b.writeFile(strings.TrimPrefix(dl.URL, "/"), data); err != nil {
			return err
		}
		sites[i].DataArchive = &dl
	}
	return nil
}
