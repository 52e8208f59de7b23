package figures

import (
	"archive/zip"
	"bytes"
	pathpkg "path"
	"slices"
	"strings"
	"time"

	"sats/internal/model"
)

// ArchiveFile is the name of the zip of every file of a language's open data
// folder, in that folder: /data/data.zip.
const ArchiveFile = "data.zip"

// Archive returns the zip of a language's open data files, for «download
// everything»: every file under the folder m.DataURL, by its name in the
// folder, sorted by name, compressed, and each dated with the newest updated
// date of figs (or 1 January 1980, the first date a zip can hold), so that
// the same files give the same bytes on every build. files maps output paths
// (data/arbeidsplasser.csv) to their data; those outside the folder are
// left out. It returns the zip and the download that describes it.
func Archive(files map[string][]byte, figs []*model.Figure, m Meta) ([]byte, model.Download, error) {
	dir := strings.TrimPrefix(m.DataURL, "/")
	var in []string
	for path := range files {
		if strings.HasPrefix(path, dir) {
			in = append(in, path)
		}
	}
	slices.Sort(in)
	modified := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range figs {
		if u := f.Updated; u.After(modified) {
			modified = time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, path := range in {
		method := zip.Deflate
		switch strings.ToLower(pathpkg.Ext(path)) {
		case ".png", ".xlsx", ".zip": // compressed already: deflating them again costs time and saves nothing
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: strings.TrimPrefix(path, dir), Method: method, Modified: modified})
		if err != nil {
			return nil, model.Download{}, err
		}
		if _, err := fw.Write(files[path]); err != nil {
			return nil, model.Download{}, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, model.Download{}, err
	}
	url := m.DataURL + ArchiveFile
	return b.Bytes(), model.Download{Kind: "zip", Label: m.T("downloadAll"), Format: "ZIP",
		MediaType: "application/zip", URL: url, Size: int64(b.Len())}, nil
}
