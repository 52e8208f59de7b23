package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fileSize(t *testing.T, dir string) int64 {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// A build keeps what it made; the next one finds it, appending what it makes.
func TestValuesLastUntilTheNextBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	s := open(t, dir)
	for i := range 100 {
		s.Put(Key("test", fmt.Sprint(i)), []byte(fmt.Sprint("value ", i)))
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	first := fileSize(t, dir)

	s = open(t, dir)
	for i := range 100 {
		v, ok := s.Get(Key("test", fmt.Sprint(i)))
		if !ok || string(v) != fmt.Sprint("value ", i) {
			t.Fatalf("value %d: %q, %v", i, v, ok)
		}
	}
	s.Put(Key("test", "new"), []byte("new"))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if got, want := fileSize(t, dir), first+headSize+3; got != want {
		t.Errorf("after one new value the store has %d bytes, want %d (appended)", got, want)
	}
	s = open(t, dir)
	if v, ok := s.Get(Key("test", "new")); !ok || string(v) != "new" {
		t.Errorf("appended value: %q, %v", v, ok)
	}
}

// Values no build asks for are dropped once they are most of the file.
func TestUnusedValuesAreDropped(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	s := open(t, dir)
	for i := range 10 {
		s.Put(Key("test", fmt.Sprint(i)), bytes.Repeat([]byte{'x'}, 100))
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir)
	s.Get(Key("test", "0"))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if got, want := fileSize(t, dir), int64(len(magic)+headSize+100); got != want {
		t.Errorf("store has %d bytes, want %d (the one value used)", got, want)
	}
	s = open(t, dir)
	if _, ok := s.Get(Key("test", "1")); ok {
		t.Error("a value no build used is still there")
	}
	if _, ok := s.Get(Key("test", "0")); !ok {
		t.Error("the value used is gone")
	}
}

// A damaged or cut file gives what is whole in it and nothing wrong.
func TestDamagedStore(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
		whole  int // values still found
	}{
		{"a byte of the last value", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, 2},
		{"cut in the last record", func(b []byte) []byte { return b[:len(b)-5] }, 2},
		{"cut in the last head", func(b []byte) []byte { return b[:len(b)-headSize] }, 2},
		{"another format", func(b []byte) []byte { b[0] = 'X'; return b }, 0},
		{"a length far too long", func(b []byte) []byte { b[len(magic)+32+3] = 0xff; return b }, 0},
		{"empty", func([]byte) []byte { return nil }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cache")
			s := open(t, dir)
			for i := range 3 {
				s.Put(Key("test", fmt.Sprint(i)), []byte(fmt.Sprint("value ", i)))
			}
			if err := s.Save(); err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, FileName)
			data, _ := os.ReadFile(name)
			if err := os.WriteFile(name, tc.damage(data), 0o644); err != nil {
				t.Fatal(err)
			}
			s = open(t, dir)
			found := 0
			for i := range 3 {
				if v, ok := s.Get(Key("test", fmt.Sprint(i))); ok {
					if string(v) != fmt.Sprint("value ", i) {
						t.Fatalf("value %d is %q", i, v)
					}
					found++
				}
			}
			if found != tc.whole {
				t.Errorf("found %d values, want %d", found, tc.whole)
			}
			// What was lost is made again and kept.
			for i := range 3 {
				s.Put(Key("test", fmt.Sprint(i)), []byte(fmt.Sprint("value ", i)))
			}
			if err := s.Save(); err != nil {
				t.Fatal(err)
			}
			s = open(t, dir)
			for i := range 3 {
				if v, ok := s.Get(Key("test", fmt.Sprint(i))); !ok || string(v) != fmt.Sprint("value ", i) {
					t.Errorf("after saving again, value %d: %q, %v", i, v, ok)
				}
			}
		})
	}
}

func TestLinkedFolderIsRefused(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "elsewhere"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "cache")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(root, "cache")); err == nil {
		t.Error("a store in a linked folder was opened")
	}
}

func TestNilStoreHoldsNothing(t *testing.T) {
	var s *Store
	s.Put(Key("a"), []byte("b"))
	if _, ok := s.Get(Key("a")); ok {
		t.Error("a nil store gave a value")
	}
	if err := s.Save(); err != nil {
		t.Error(err)
	}
}

func TestKeysOfDifferentPartsDiffer(t *testing.T) {
	if Key("ab", "c") == Key("a", "bc") || Key("a") == Key("a", "") {
		t.Error("two lists of parts share a key")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	var e Encoder
	e.Uint(300)
	e.String("blåbær")
	e.Strings([]string{"a", "", "c"})
	e.Strings(nil)
	d := NewDecoder(e.Bytes())
	if d.Uint() != 300 || d.String() != "blåbær" || fmt.Sprint(d.Strings()) != "[a  c]" || d.Strings() != nil || d.Err() != nil {
		t.Error("round trip failed")
	}
	for n := range len(e.Bytes()) {
		d := NewDecoder(e.Bytes()[:n])
		_, _, _, _ = d.Uint(), d.String(), d.Strings(), d.Strings()
		if d.Err() == nil {
			t.Errorf("value cut at %d read without error", n)
		}
	}
}

func FuzzOpen(f *testing.F) {
	f.Add([]byte(magic))
	f.Add(append([]byte(magic), make([]byte, headSize)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		s := open(t, dir)
		for k := range s.spans {
			s.Get(k)
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
	})
}

// A value given again under the same key replaces the one before for the
// next build.
func TestPutReplaces(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	s := open(t, dir)
	k := Key("test", "k")
	s.Put(k, []byte("old"))
	s.Put(Key("test", "other"), []byte("other"))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"new", "newer", "newer"} {
		s = open(t, dir)
		s.Get(Key("test", "other"))
		s.Put(k, []byte(want))
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
		if v, _ := open(t, dir).Get(k); string(v) != want {
			t.Errorf("in the next build: %q, want %q", v, want)
		}
	}
}

// A build that fails keeps nothing of what it made, and leaves no file.
func TestCloseWithoutSaveKeepsTheStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	s := open(t, dir)
	s.Put(Key("test", "a"), []byte("a"))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	s = open(t, dir)
	s.Put(Key("test", "b"), []byte("b"))
	s.Close()
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Error("the store changed without Save")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the store only", len(entries))
	}
}
