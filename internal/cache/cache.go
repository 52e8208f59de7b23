// Package cache keeps the results of a build's pure steps on disk, for the
// next build of the same site: `sats build` after an edit makes again only
// what the edit changed.
//
// A Store is one file (.cache/store in the site's folder) of records, each
// a value under a key. A key is the SHA-256 of everything the value was
// made from (Key), so a record can never be stale: when an input changes,
// so does the key, and the old record is simply not asked for again. A
// record holds the SHA-256 of its value, checked when the value is read: a
// damaged record is a missing one, and the step makes its value again.
//
//	"sats-store-1\n"
//	record*: key (32 bytes) · length (4, little-endian) · SHA-256 of value (32) · value
//
// A build reads the file once (Open), takes the values it can use (Get) and
// gives the values it made (Put). Save appends the new records to the file,
// so a build after one edit writes little; when the records this build did
// not use make up more than half of the file, Save writes a new file with
// only the used ones instead (into a temporary file, then renamed), so the
// store never grows beyond a few builds' worth. A file cut short (a build
// killed while appending) is read up to its last whole record.
//
// The values are bytes; each step encodes its own (see the Encoder and
// Decoder helpers), so that reading a value costs little more than slicing
// the file.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// FileName is the name of the store's file in its folder.
const FileName = "store"

// magic starts the file; it names the format of the records.
const magic = "sats-store-1\n"

const headSize = 32 + 4 + 32

// Store is a persistent set of values under their keys. Its methods may be
// called concurrently. A nil *Store holds nothing and keeps nothing.
type Store struct {
	dir string

	mu    sync.Mutex
	data  []byte              // the file as read
	spans map[[32]byte]span   // the records of data, by key
	used  map[[32]byte]bool   // keys of data asked for by this build
	added map[[32]byte][]byte // values this build made
	order [][32]byte          // the keys of added, in the order given
	size  int                 // the length of data up to its last whole record
}

type span struct{ off, n int } // the record's value: data[off : off+n]

// Open reads the store in dir; a store that is missing or of another format
// is an empty one. dir is made when the store is first saved. A folder that
// is a symbolic link, or whose parent is, is refused: writes would land
// elsewhere.
func Open(dir string) (*Store, error) {
	for _, p := range []string{filepath.Dir(dir), dir} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s is a symbolic link; the build cache is not used through links: remove the link (the cache is made again)", p)
		}
	}
	s := &Store{dir: dir, spans: map[[32]byte]span{}, used: map[[32]byte]bool{}, added: map[[32]byte][]byte{}}
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil || !bytes.HasPrefix(data, []byte(magic)) {
		return s, nil
	}
	s.data = data
	s.size = len(magic)
	for off := len(magic); off+headSize <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[off+32:]))
		end := off + headSize + n
		if n < 0 || end > len(data) || end < off {
			break
		}
		var k [32]byte
		copy(k[:], data[off:])
		s.spans[k] = span{off + 32 + 4, n}
		s.size = end
		off = end
	}
	return s, nil
}

// Get returns the value under key, if the store holds it whole.
func (s *Store) Get(key [32]byte) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	if v, ok := s.added[key]; ok {
		s.mu.Unlock()
		return v, true
	}
	sp, ok := s.spans[key]
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	var sum [32]byte
	copy(sum[:], s.data[sp.off:])
	v := s.data[sp.off+32 : sp.off+32+sp.n]
	if sha256.Sum256(v) != sum {
		s.mu.Lock()
		delete(s.spans, key) // damaged: Put may give it again
		s.mu.Unlock()
		return nil, false
	}
	s.mu.Lock()
	s.used[key] = true
	s.mu.Unlock()
	return v, true
}

// Put keeps value under key for the next build, in place of what the
// store held under it. The store keeps value as it is: the caller must not
// change it afterwards.
func (s *Store) Put(key [32]byte, value []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sp, ok := s.spans[key]; ok {
		if bytes.Equal(s.data[sp.off+32:sp.off+32+sp.n], value) {
			s.used[key] = true
			return
		}
		// A later record under the same key is the one read.
		delete(s.spans, key)
		delete(s.used, key)
	}
	if _, ok := s.added[key]; !ok {
		s.order = append(s.order, key)
	}
	s.added[key] = value
}

// Stats tells how many values a build took from the store and how many it
// gave.
func (s *Store) Stats() (used, added int) {
	if s == nil {
		return 0, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.used), len(s.added)
}

// Save writes what this build made to the store's file: appended to the
// file when most of it is still in use, else a new file of the used
// records alone.
func (s *Store) Save() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	live := 0
	for k := range s.used {
		live += headSize + s.spans[k].n
	}
	name := filepath.Join(s.dir, FileName)
	if s.data != nil && 2*live >= s.size-len(magic) {
		if len(s.added) == 0 {
			return nil
		}
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err == nil {
			// Anything after the last whole record is cut off first.
			if err = f.Truncate(int64(s.size)); err == nil {
				_, err = f.WriteAt(s.appendAdded(nil), int64(s.size))
			}
			err = errors.Join(err, f.Close())
		}
		if err == nil {
			return nil
		}
		// The file could not be appended to: write it anew.
	}
	buf := append(make([]byte, 0, len(magic)+live), magic...)
	for off := len(magic); off < s.size; {
		n := int(binary.LittleEndian.Uint32(s.data[off+32:]))
		var k [32]byte
		copy(k[:], s.data[off:])
		if s.used[k] && s.spans[k].off == off+32+4 { // not a record replaced later
			buf = append(buf, s.data[off:off+headSize+n]...)
		}
		off += headSize + n
	}
	buf = s.appendAdded(buf)
	tmp, err := os.CreateTemp(s.dir, ".tmp-store-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(buf)
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// appendAdded appends the records of the values this build made.
func (s *Store) appendAdded(buf []byte) []byte {
	for _, k := range s.order {
		v := s.added[k]
		sum := sha256.Sum256(v)
		buf = append(buf, k[:]...)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(v)))
		buf = append(buf, sum[:]...)
		buf = append(buf, v...)
	}
	return buf
}

// Offsets returns where in the file the value of each record the store
// read starts (for tests that damage a store).
func (s *Store) Offsets() []int {
	var offs []int
	for _, sp := range s.spans {
		offs = append(offs, sp.off+32)
	}
	return offs
}
