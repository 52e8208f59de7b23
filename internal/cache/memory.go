package cache

import "sync"

// Values is what a step of a build uses of a store: values under their
// keys. A step takes one (search.Index, load.LoadStored) rather than a
// Store, so that the build can give each step its own keys, and tests a
// Memory.
type Values interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, value []byte)
}

// Memory is a store in memory with the methods of a Store that a step uses
// (Get and Put), for tests: it counts the values it gave.
type Memory struct {
	mu     sync.Mutex
	values map[[32]byte][]byte
	Gave   int // values Get returned
}

// Get returns the value under key.
func (m *Memory) Get(key [32]byte) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if ok {
		m.Gave++
	}
	return v, ok
}

// Put keeps value under key.
func (m *Memory) Put(key [32]byte, value []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.values == nil {
		m.values = map[[32]byte][]byte{}
	}
	m.values[key] = value
}

// Damage cuts the last byte of every value (for tests of damaged values).
func (m *Memory) Damage() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range m.values {
		m.values[k] = v[:max(0, len(v)-1)]
	}
}
