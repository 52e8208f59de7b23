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
