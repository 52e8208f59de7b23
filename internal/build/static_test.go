package build

import (
	"bytes"
	"io"
	"slices"
	"testing"
	"testing/fstest"

	"sats/internal/model"
)

// streamTarget is a Memory that also takes files as streams, as
// write.Dir does, and notes which files came that way.
type streamTarget struct {
	Memory
	streamed []string
}

func (s *streamTarget) Copy(name string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.streamed = append(s.streamed, name)
	s.mu.Unlock()
	return s.WriteFile(name, data)
}

// TestStaticFilesAreCopiedAsStreams: files the minifier does not handle,
// and large ones it does, are copied from a reader, never read whole.
func TestStaticFilesAreCopiedAsStreams(t *testing.T) {
	fsys := siteFS("")
	big := bytes.Repeat([]byte("a{color:red}\n"), maxMinified/12)
	fsys["static/dokumenter/rapport.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.7")}
	fsys["static/css/stor.css"] = &fstest.MapFile{Data: big}
	fsys["static/css/liten.css"] = &fstest.MapFile{Data: []byte("a { color: red; }\n")}
	out := &streamTarget{}
	if _, err := Build(fsys, out, Options{Model: model.Options{Now: testNow}}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out.streamed)
	if want := []string{"css/stor.css", "dokumenter/rapport.pdf"}; !slices.Equal(out.streamed, want) {
		t.Errorf("streamed %q, want %q", out.streamed, want)
	}
	if got := out.Files["css/liten.css"]; string(got) != "a{color:red}" {
		t.Errorf("the small stylesheet is %q, want it minified", got)
	}
	if !bytes.Equal(out.Files["css/stor.css"], big) {
		t.Error("the large stylesheet was changed")
	}
}
