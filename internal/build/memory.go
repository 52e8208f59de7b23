package build

import (
	"bytes"
	"sync"
)

// Memory is a Target that keeps a build's output in memory, by output path:
// for the tests of this package and of the packages that check a built site.
// The zero Memory is empty and ready to use.
type Memory struct {
	mu        sync.Mutex
	Files     map[string][]byte
	Committed bool // Commit was called
	Aborted   bool // Abort was called
}

func (m *Memory) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Files[name] = bytes.Clone(data)
	return nil
}

func (m *Memory) Commit() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Committed = true
	return nil
}

func (m *Memory) Abort() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Aborted = true
	return nil
}
