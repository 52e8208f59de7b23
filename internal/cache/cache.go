// Package cache keeps the results of a build's pure steps on disk, for the
// next build of the same site: `sats build` after an edit makes again only
// what the edit changed.
//
// A Store is one file (.cache/build/store in the site's folder) of records, each
// a value under a key. A key is the SHA-256 of everything the value was
// made from (Key), so a record can never be stale: when an input changes,
// so does the key, and the old record is simply not asked for again. A
// record holds the CRC-32C of its value, checked when the value is read: a
// damaged record is a missing one, and the step makes its value again. (The
// key already names the value; the check is for damage on disk, which
// CRC-32C finds at a small part of the cost of a SHA-256.)
//
//	"sats-store-2\n"
//	record*: key (32 bytes) · length (4, little-endian) · CRC-32C of value (4) · value
//
// A build maps the file into memory (Open: a large store is not copied,
// and only the values used are read from disk), takes the values it can
// use (Get) and
// gives the values it made (Put), which go straight to a temporary file
// beside the store, so that a build does not hold them in memory. Save
// appends the new records to the store, so a build after one edit writes
// little; when the records this build did not use make up more than half
// of the store, Save instead adds the used ones to the temporary file and
// renames it over the store, so the store never grows beyond a few builds'
// worth (a cold build's records are all new: its temporary file becomes
// the store). The file is never cut short in place, so a mapping of it
// stays valid while another build writes. A build that fails calls Close,
// which removes the temporary file. A file cut short (a build killed while
// appending) is read up to its last whole record, and written anew.
//
// The values are bytes; each step encodes its own (see the Encoder and
// Decoder helpers), so that reading a value costs little more than slicing
// the file. A value Get gives stays as it is for as long as the program
// runs, so the strings a Decoder reads share its bytes.
package cache

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// FileName is the name of the store's file in its folder.
const FileName = "store"

// magic starts the file; it names the format of the records.
const magic = "sats-store-2\n"

const headSize = 32 + 4 + 4

// castagnoli is the table of CRC-32C, which the processor computes.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Store is a persistent set of values under their keys. Its methods may be
// called concurrently. A nil *Store holds nothing and keeps nothing.
type Store struct {
	dir string

	mu    sync.Mutex
	data  []byte            // the file as read
	spans map[[32]byte]span // the records of data, by key
	used  map[[32]byte]bool // keys of data asked for by this build
	added map[[32]byte]bool // keys of the values this build made
	size  int               // the length of data up to its last whole record
	tmp   *os.File          // the records this build made, after magic
	w     *bufio.Writer     // writes to tmp
	err   error             // the first error writing tmp
	head  [headSize]byte
}

type span struct{ off, n int } // the record's value: data[off : off+n]

// Open reads the store in dir; a store that is missing or of another format
// is an empty one. dir is made when the store is first written. A folder
// that is a symbolic link, or whose parent is, is refused: writes would
// land elsewhere.
func Open(dir string) (*Store, error) {
	for _, p := range []string{filepath.Dir(dir), dir} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s is a symbolic link; the build cache is not used through links: remove the link (the cache is made again)", p)
		}
	}
	s := &Store{dir: dir, spans: map[[32]byte]span{}, used: map[[32]byte]bool{}, added: map[[32]byte]bool{}}
	data, err := readFile(filepath.Join(dir, FileName))
	if err != nil || !bytes.HasPrefix(data, []byte(magic)) {
		return s, nil
	}
	s.data = data
	s.size = len(magic)
	for off := len(magic); off+headSize <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[off+32:]))
		end := off + headSize + n
		if end > len(data) || end < off {
			break
		}
		var k [32]byte
		copy(k[:], data[off:])
		s.spans[k] = span{off + headSize, n}
		s.size = end
		off = end
	}
	return s, nil
}

// Get returns the value under key, if the store held it whole when it was
// opened. The value is the store's: the caller must not change it.
func (s *Store) Get(key [32]byte) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	sp, ok := s.spans[key]
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	v := s.data[sp.off : sp.off+sp.n]
	if crc32.Checksum(v, castagnoli) != binary.LittleEndian.Uint32(s.data[sp.off-4:]) {
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
// store held under it.
func (s *Store) Put(key [32]byte, value []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sp, ok := s.spans[key]; ok {
		if bytes.Equal(s.data[sp.off:sp.off+sp.n], value) {
			s.used[key] = true
			return
		}
		// A later record under the same key is the one read.
		delete(s.spans, key)
		delete(s.used, key)
	}
	if s.added[key] || s.err != nil {
		return // a step gives a value once
	}
	if s.tmp == nil {
		if s.err = s.startTemp(); s.err != nil {
			return
		}
	}
	s.added[key] = true
	s.writeRecord(key, value)
}

// writeRecord writes a record to the temporary file.
func (s *Store) writeRecord(key [32]byte, value []byte) {
	h := s.head[:0]
	h = append(h, key[:]...)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(value)))
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(value, castagnoli))
	s.w.Write(h)
	if _, err := s.w.Write(value); err != nil && s.err == nil {
		s.err = err
	}
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
// records and the new ones. The Store must not be used after.
func (s *Store) Save() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	live := 0
	for k := range s.used {
		live += headSize + s.spans[k].n
	}
	name := filepath.Join(s.dir, FileName)
	// Appending needs a file that ends with its last whole record: a file
	// is never cut short in place (readFile).
	appending := s.data != nil && s.size == len(s.data) && 2*live >= s.size-len(magic)
	if s.tmp == nil {
		if appending || s.data == nil {
			return nil // nothing new, and the store is mostly in use or empty
		}
		if err := s.startTemp(); err != nil {
			return err
		}
	}
	defer s.discard()
	if s.err != nil {
		return s.err
	}
	if appending {
		if err := s.w.Flush(); err != nil {
			return err
		}
		if err := s.appendTemp(name); err == nil {
			return nil
		}
		// The store could not be appended to: write it anew.
	}
	for off := len(magic); off < s.size; {
		n := int(binary.LittleEndian.Uint32(s.data[off+32:]))
		var k [32]byte
		copy(k[:], s.data[off:])
		if s.used[k] && s.spans[k].off == off+headSize { // not a record replaced later
			s.w.Write(s.data[off : off+headSize+n])
		}
		off += headSize + n
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	return os.Rename(s.tmp.Name(), name)
}

// startTemp starts the temporary file.
func (s *Store) startTemp() error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.dir, ".tmp-store-*")
	if err != nil {
		return err
	}
	s.tmp, s.w = tmp, bufio.NewWriterSize(tmp, 1<<20)
	s.w.WriteString(magic)
	return nil
}

// appendTemp appends the records of the temporary file to the store.
func (s *Store) appendTemp(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	// The file must be the one this build read, with nothing appended.
	if info, err := f.Stat(); err != nil || info.Size() != int64(s.size) {
		f.Close()
		return errors.New("cache: the store changed while the build ran")
	}
	if _, err = s.tmp.Seek(int64(len(magic)), io.SeekStart); err == nil {
		_, err = io.Copy(f, s.tmp)
	}
	return errors.Join(err, f.Close())
}

// Close removes what a build that did not Save wrote.
func (s *Store) Close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.discard()
}

// discard closes and removes the temporary file, if it is still there.
func (s *Store) discard() {
	if s.tmp != nil {
		s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		s.tmp, s.w = nil, nil
	}
}

// Offsets returns where in the file the value of each record the store
// read starts (for tests that damage a store).
func (s *Store) Offsets() []int {
	var offs []int
	for _, sp := range s.spans {
		offs = append(offs, sp.off)
	}
	return offs
}
