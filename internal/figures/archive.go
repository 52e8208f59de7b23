package figures

import (
	"archive/zip"
	"bytes"
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
// the same files give the same bytes on every build. It returns the zip and
// the download that describes it.
func Archive(files []File, figs []*model.Figure, m Meta) ([]byte, model.Download, error) {
	dir := strings.TrimPrefix(m.DataURL, "/")
	var in []File
	for _, f := range files {
		if strings.HasPrefix(f.Path, dir) {
			in = append(in, f)
		}
	}
	slices.SortFunc(in, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	modified := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range figs {
		if u := f.Updated; u.After(modified) {
			modified = time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range in {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: strings.TrimPrefix(f.Path, dir), Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, model.Download{}, err
		}
		if _, err := fw.Write(f.Data); err != nil {
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
