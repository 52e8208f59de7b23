package build

import (
	"errors"
	"io/fs"
	"slices"
	"sync"

	"sats/internal/model"
)

// State is a site built in memory, for the preview server. Rebuild makes
// the model and the table of output files (outputs.go) and stops there: a
// file is made when it is first asked for, by the same function from the
// same model as in `sats build`, so every file a State gives is the file the
// build writes from the same input files with the same options. A State
// never changes what it gives; the next edit makes a new one.
//
// What makes an edit cheap is the Memo: Rebuild reads again only the files
// that changed, and the pure steps (layouts, Markdown, figures, search
// entries) take from the previous build every result whose inputs are the
// same. There is no list of what a page depends on: every page of a new
// State is rendered from the new model when it is asked for.
type State struct {
	b    *builder
	done sync.Once
	err  error // of Complete
}

// errStopped is what Complete returns for a State stopped before it was
// complete.
var errStopped = errors.New("stopped: a newer build replaced this one")

// Rebuild builds the site in memory. With a previous state and the files
// changed since (slash-separated paths from the site root), it reads only the
// changed files again and uses the previous state's Memo; the result is the
// same as a build from nothing. It returns the problems of loading, the
// model, the layouts, the Markdown and the figures; those of the other files
// and of the links come from Complete.
func Rebuild(fsys fs.FS, prev *State, changed []string, opts Options) (*State, *Result, error) {
	b := newBuilder(fsys, opts, prev)
	b.changed = slices.Clone(changed)
	if err := b.run(b.prepare()); err != nil {
		return nil, b.res, err
	}
	return &State{b: b}, b.res, nil
}

// Open returns an output file, making it now if it is not made yet. A file
// that is not in the table (a fingerprinted asset, the headers files) is
// there once the whole site is made, so Open completes the State first.
func (s *State) Open(name string) (data []byte, found bool, err error) {
	o := s.b.outs.lookup(name)
	if o == nil {
		s.b.outs.wait() // the search index may be on its way
		o = s.b.outs.lookup(name)
	}
	if o == nil {
		if err := s.Complete(); errors.Is(err, errStopped) {
			return nil, false, err
		}
		if o = s.b.outs.lookup(name); o == nil {
			return nil, false, nil
		}
	}
	data, err = o.get(s.b.makeFile)
	return data, true, err
}

// File returns an output file of the build, or false if there is none or
// it cannot be made.
func (s *State) File(name string) ([]byte, bool) {
	data, ok, err := s.Open(name)
	return data, ok && err == nil
}

// Files lists the output files, sorted, once every one is made.
func (s *State) Files() []string {
	_ = s.Complete()
	names := s.b.names()
	slices.Sort(names)
	return names
}

// Complete makes every file, the fingerprinted assets and the headers
// files, and checks the links: after it, the State holds what `sats build`
// writes. It returns the problems the build would report. It runs once;
// later calls return the same.
func (s *State) Complete() error {
	s.done.Do(func() { s.err = s.b.run(s.b.finish(false)) })
	return s.err
}

// Stop tells a Complete that is under way, or yet to come, to make no more
// files: the State has been replaced. Files can still be opened one by one.
func (s *State) Stop() { s.b.stop.Store(true) }

// Check builds the same input files again with other options (those of the
// publishing build: no drafts, no future posts), in memory and using this
// State's Memo, and returns the problems that build would report. Nothing
// of it is kept. Stop stops it too.
func (s *State) Check(opts Options) error {
	b := newBuilder(s.b.fsys, opts, s)
	b.in, b.target, b.stop = s.b.in, Discard{}, s.b.stop
	if err := b.run(b.prepare()); err != nil {
		return err
	}
	return b.run(b.finish(true))
}

// Site returns the model of the build.
func (s *State) Site() *model.Site { return s.b.site }
