package write

import "os"

// swapByRename exchanges two folders with three renames, for systems without
// an atomic exchange. Between the renames b is briefly missing; a build
// killed there leaves the old output at b+".old".
func swapByRename(a, b string) error {
	old := b + ".old"
	remove(old)
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}

// renameByLink moves the file a to b unless b exists, for systems without a
// rename that refuses to replace: a link fails when b exists.
func renameByLink(a, b string) error {
	if err := os.Link(a, b); err != nil {
		return err
	}
	return os.Remove(a)
}
