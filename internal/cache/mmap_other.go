//go:build !unix

package cache

import "os"

// readFile reads the store's file.
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
