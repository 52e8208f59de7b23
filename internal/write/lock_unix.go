//go:build unix

package write

import (
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive advisory lock on the file name, held until the
// returned Closer is closed or the process ends (a killed build releases it).
func lockFile(name string) (io.Closer, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// locked reports whether another open file holds the lock on name.
func locked(name string) bool {
	l, err := lockFile(name)
	if err != nil {
		return true
	}
	l.Close()
	return false
}

// waitLock takes an exclusive advisory lock on the file name, waiting while
// another build holds it.
func waitLock(name string) (io.Closer, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// inode returns the inode number of the file info describes.
func inode(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino) // not uint64 on every system
	}
	return 0
}
