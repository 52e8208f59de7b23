package write

import "golang.org/x/sys/unix"

// swap exchanges two folders in one atomic step (renameat2 with
// RENAME_EXCHANGE), so a reader of b sees either the old or the new output,
// never a mix or nothing.
func swap(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return swapByRename(a, b)
	}
	return err
}

// renameNew moves the file a to b, which must not exist: a file someone put
// at b is never replaced.
func renameNew(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return renameByLink(a, b)
	}
	return err
}
