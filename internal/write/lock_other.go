//go:build !unix

package write

import (
	"io"
	"os"
	"time"
)

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

func lockFile(string) (io.Closer, error) { return nopCloser{}, nil }

// staleAge is how old a temporary folder must be before Begin removes it as
// left over from a killed build, where there are no file locks.
const staleAge = 10 * time.Minute

func locked(name string) bool {
	info, err := os.Stat(name)
	return err == nil && time.Since(info.ModTime()) < staleAge
}

func waitLock(string) (io.Closer, error) { return nopCloser{}, nil }

// inode is 0 where the system has none to tell: a file is then known by its
// size and time only.
func inode(os.FileInfo) uint64 { return 0 }
