package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"

	"sats/internal/cache"
)

// The manifest (.public.manifest beside public/) lists what the last build
// left in the output: every file sats wrote, with its SHA-256 and the facts
// that tell it is still the file sats wrote (size, time, inode), and every
// folder with its time, which changes when an entry is added to the folder
// or removed from it. Its first line names the format and the SHA-256 of
// the rest, so a damaged manifest reads as none (the next build then writes
// the whole output). The rest is binary, in the build cache's codec
// (cache.Encoder): numbers and paths, in no order (sorting 35,000 paths
// would cost more than reading and writing them).
const manifestFormat = "sats-manifest 2"

// facts identify one file of the output as sats wrote it.
type facts struct {
	sum   [32]byte
	size  int64
	mtime int64 // nanoseconds since 1970
	ino   uint64
	racy  bool // changed too close to when the manifest was written: check the content
}

// folder is what the manifest holds of a folder of the output.
type folder struct {
	mtime int64
	racy  bool // check the names it holds
}

// manifest describes an output folder as the last build left it.
type manifest struct {
	marker uint64 // inode of the output's marker: which output this describes
	files  map[string]facts
	dirs   map[string]folder // "." is the output folder itself
}

// ManifestPath is where the manifest of the output folder target is kept:
// beside it, .<name>.manifest. It is the one file sats writes outside the
// output folder.
func ManifestPath(target string) string {
	parent, base := filepath.Split(target)
	return filepath.Join(parent, "."+base+".manifest")
}

// readManifest reads the manifest of target and the SHA-256 of its content,
// or nil when it is missing or damaged.
func readManifest(target string) (*manifest, [32]byte) {
	var id [32]byte
	raw, err := os.ReadFile(ManifestPath(target))
	if err != nil {
		return nil, id
	}
	head, body, ok := bytes.Cut(raw, []byte("\n"))
	id = sha256.Sum256(body)
	if !ok || string(head) != manifestFormat+" "+hex.EncodeToString(id[:]) {
		return nil, id
	}
	m, err := decodeManifest(body)
	if err != nil {
		return nil, id
	}
	return m, id
}

// manifestID returns the SHA-256 of the manifest of target as it is on
// disk now, to tell whether another build replaced it.
func manifestID(target string) [32]byte {
	raw, _ := os.ReadFile(ManifestPath(target))
	_, body, _ := bytes.Cut(raw, []byte("\n"))
	return sha256.Sum256(body)
}

// writeManifest writes m as the manifest of target: into a new file that
// replaces the old one in one step. The folders in stat are read from the
// disk now (nil: all of them); the time the manifest file was created
// tells which entries changed too recently to be trusted by their time.
func writeManifest(target string, m *manifest, stat map[string]bool) error {
	name := ManifestPath(target)
	f, err := os.Create(name + ".new")
	if err != nil {
		return err
	}
	defer os.Remove(name + ".new") // fails once renamed
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	now := info.ModTime().UnixNano()
	recent := func(mtime int64) bool { return mtime > now-int64(cache.RacyAge(now)) }
	var dirs []string
	for dir := range m.dirs {
		if stat == nil || stat[dir] {
			dirs = append(dirs, dir)
		}
	}
	times := make([]int64, len(dirs))
	if !eachAtOnce(len(dirs), func(i int) bool {
		info, err := os.Lstat(filepath.Join(target, filepath.FromSlash(dirs[i])))
		if err != nil || !info.IsDir() {
			return false
		}
		times[i] = info.ModTime().UnixNano()
		return true
	}) {
		f.Close()
		return errors.New("a folder of the output is missing")
	}
	for i, dir := range dirs {
		m.dirs[dir] = folder{mtime: times[i], racy: recent(times[i])}
	}
	for name, fa := range m.files {
		if !fa.racy && recent(fa.mtime) {
			fa.racy = true
			m.files[name] = fa
		}
	}
	body := m.encode()
	sum := sha256.Sum256(body)
	_, err = f.WriteString(manifestFormat + " " + hex.EncodeToString(sum[:]) + "\n")
	if err == nil {
		_, err = f.Write(body)
	}
	if err := errors.Join(err, f.Close()); err != nil {
		return err
	}
	return os.Rename(name+".new", name)
}

// encode writes m with the build cache's codec (cache.Encoder): numbers,
// and paths and sums as strings. A signed time or size is written as its
// bits.
func (m *manifest) encode() []byte {
	var e cache.Encoder
	e.Grow(64*len(m.dirs) + 96*len(m.files))
	e.Uint(m.marker)
	e.Uint(uint64(len(m.dirs)))
	for d, f := range m.dirs {
		e.String(d)
		e.Uint(uint64(f.mtime))
		e.Uint(flag(f.racy))
	}
	e.Uint(uint64(len(m.files)))
	for name, f := range m.files {
		e.String(name)
		e.Blob(f.sum[:])
		e.Uint(uint64(f.size))
		e.Uint(uint64(f.mtime))
		e.Uint(f.ino)
		e.Uint(flag(f.racy))
	}
	return e.Bytes()
}

func flag(racy bool) uint64 {
	if racy {
		return 1
	}
	return 0
}

// errManifest: the manifest does not decode (its sum was right: a bug or
// another format).
var errManifest = errors.New("bad manifest")

// decodeManifest reads what encode wrote. The paths share body's bytes
// (cache.Decoder.String), which the caller does not change.
func decodeManifest(body []byte) (*manifest, error) {
	d := cache.NewDecoder(body)
	m := &manifest{marker: d.Uint()}
	nd := d.Uint()
	if !d.OK() || nd > uint64(len(body)) {
		return nil, errManifest
	}
	m.dirs = make(map[string]folder, nd)
	for range nd {
		p := d.String()
		m.dirs[p] = folder{mtime: int64(d.Uint()), racy: d.Uint() == 1}
	}
	nf := d.Uint()
	if !d.OK() || nf > uint64(len(body)) {
		return nil, errManifest
	}
	m.files = make(map[string]facts, nf)
	for range nf {
		p := d.String()
		sum := d.Bytes()
		if len(sum) != len(facts{}.sum) {
			return nil, errManifest
		}
		f := facts{sum: [32]byte(sum), size: int64(d.Uint()), mtime: int64(d.Uint()), ino: d.Uint(), racy: d.Uint() == 1}
		m.files[p] = f
	}
	if d.Err() != nil {
		return nil, errManifest
	}
	return m, nil
}
