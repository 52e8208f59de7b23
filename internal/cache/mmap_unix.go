//go:build unix

package cache

import (
	"os"

	"golang.org/x/sys/unix"
)

// readFile maps the store's file into memory, read only: a build reads
// only the values it uses, and a large store is not copied. The mapping
// lasts as long as the program. The file is only ever appended to or
// replaced by a rename, never cut short, so the mapped bytes stay valid.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() == 0 || int64(int(info.Size())) != info.Size() {
		return os.ReadFile(name)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return os.ReadFile(name)
	}
	return data, nil
}
