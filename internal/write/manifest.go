package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
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
// the whole output). The rest is binary: varints and paths, in no order
// (sorting 35,000 paths would cost more than reading and writing them).
const manifestFormat = "sats-manifest 1"

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

func (m *manifest) encode() []byte {
	b := make([]byte, 0, 64*len(m.dirs)+96*len(m.files))
	b = binary.AppendUvarint(b, m.marker)
	put := func(p string) {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	flag := func(racy bool) {
		if racy {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.dirs)))
	for d, f := range m.dirs {
		put(d)
		b = binary.AppendVarint(b, f.mtime)
		flag(f.racy)
	}
	b = binary.AppendUvarint(b, uint64(len(m.files)))
	for name, f := range m.files {
		put(name)
		b = append(b, f.sum[:]...)
		b = binary.AppendVarint(b, f.size)
		b = binary.AppendVarint(b, f.mtime)
		b = binary.AppendUvarint(b, f.ino)
		flag(f.racy)
	}
	return b
}

// errManifest: the manifest does not decode (its sum was right: a bug or
// another format).
var errManifest = errors.New("bad manifest")

func decodeManifest(b []byte) (*manifest, error) {
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	take := func(n uint64) []byte {
		if bad || n > uint64(len(b)) {
			bad = true
			return nil
		}
		s := b[:n]
		b = b[n:]
		return s
	}
	// The paths are parts of one string: one allocation, not one a path.
	all := string(b)
	path := func() string {
		n := uv()
		at := len(all) - len(b)
		if len(take(n)) == 0 {
			bad = true
		}
		if bad {
			return ""
		}
		return all[at : at+int(n)]
	}
	m := &manifest{marker: uv()}
	nd := uv()
	if bad || nd > uint64(len(b)) {
		return nil, errManifest
	}
	m.dirs = make(map[string]folder, nd)
	for range nd {
		p := path()
		mt := sv()
		r := take(1)
		if bad {
			return nil, errManifest
		}
		m.dirs[p] = folder{mtime: mt, racy: r[0] == 1}
	}
	nf := uv()
	if bad || nf > uint64(len(b)) {
		return nil, errManifest
	}
	m.files = make(map[string]facts, nf)
	for range nf {
		var f facts
		p := path()
		copy(f.sum[:], take(32))
		f.size, f.mtime, f.ino = sv(), sv(), uv()
		r := take(1)
		if bad {
			return nil, errManifest
		}
		f.racy = r[0] == 1
		m.files[p] = f
	}
	if len(b) > 0 {
		return nil, errManifest
	}
	return m, nil
}
