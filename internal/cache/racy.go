package cache

import "time"

// RacyAge is how long after a file or folder changed at t (nanoseconds
// since 1970, as its file system gives it) the file system's facts of it
// can be trusted to tell a later change: a change made in the same tick of
// the file system's clock leaves its times as they were. Both the source
// files a build takes unread from the store (package load) and the output
// files it keeps (package write) go by it. A file system that keeps times
// in whole seconds (FAT, HFS+, ext3) ticks at most every 2 s; one that keeps
// fractions of a second (ext4, XFS, Btrfs, APFS, NTFS, exFAT) ticks at
// least every 10 ms, and a time t with a fraction tells which: RacyAge(t)
// is 100 ms for it, else 2 s. (A time of a fine file system falls on a
// whole second once in 10⁹.)
func RacyAge(t int64) time.Duration {
	if t%int64(time.Second) != 0 {
		return 100 * time.Millisecond
	}
	return 2 * time.Second
}
