//go:build linux

package load

import (
	"io/fs"
	"strconv"
	"syscall"
)

// statFacts returns what the file system says of a file that changes when
// its content does: size, modification and change time (the change time
// cannot be set back by a program), inode and device. ok is false when info
// is not of a file system that tells them (a file system in memory).
func statFacts(info fs.FileInfo) (facts string, mtime int64, ok bool) {
	st, isStat := info.Sys().(*syscall.Stat_t)
	if !isStat || !info.Mode().IsRegular() {
		return "", 0, false
	}
	mtime = info.ModTime().UnixNano()
	ctime := st.Ctim.Sec*1e9 + st.Ctim.Nsec
	return strconv.FormatInt(info.Size(), 10) + " " + strconv.FormatInt(mtime, 10) + " " +
		strconv.FormatInt(ctime, 10) + " " + strconv.FormatUint(uint64(st.Ino), 10) + " " +
		strconv.FormatUint(uint64(st.Dev), 10), max(mtime, ctime), true
}
