//go:build !linux

package write

func swap(a, b string) error { return swapByRename(a, b) }

func renameNew(a, b string) error { return renameByLink(a, b) }
