package build

import (
	"slices"
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/links"
	"sats/internal/model"
)

// outputs is the table of a build's output files: each file's name, what
// makes it, and how. Every step of a build that makes files adds them here
// (pages, figure downloads, feeds, the search index, static files, resized
// images), and nothing else decides what a build writes: `sats build` makes
// every file of the table and writes it; the preview server makes a file when
// a browser first asks for it. Both make it with the same function from the
// same model, so the preview shows what the build writes.
//
// The table takes one file per name: a second file at a name already taken
// (a static file at the path of a page, say) is a problem naming both.
type outputs struct {
	mu       sync.RWMutex // files are added while others are read (State)
	list     []*output
	byName   map[string]*output
	problems diag.List
	jobs     []*lateJob // makers of files added later (later)
}

// output is one file of the table. It is made at most once.
type output struct {
	name string
	from diag.Pos    // what makes it, for messages
	page *model.Page // the page it is, or nil
	make func() ([]byte, error)
	// bodies, when not nil, are the pages whose Markdown make reads besides
	// the model (render.Job.Bodies): the build cache keys the file by them.
	bodies []*model.Page
	// stream is the file of the site (static/…) that the output is, as it
	// is: a build copies it as a stream rather than read it whole.
	stream string

	once sync.Once
	data []byte
	doc  *links.Doc // a page's links and ids, for the link check
	err  error

	// With the build cache: the SHA-256 of data, when known; or, for a page
	// the target keeps as the last build wrote it (keeper), its size, with
	// data nil.
	sum  *[32]byte
	kept int
}

func newOutputs() *outputs { return &outputs{byName: map[string]*output{}} }

// generated is where a file comes from that no input file makes alone.
var generated = diag.Pos{Path: "(generated)"}

// add puts a file into the table, unless its name is taken, and reports
// whether it did.
func (t *outputs) add(o *output) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old := t.byName[o.name]; old != nil {
		at, other := o, old
		if strings.HasPrefix(o.from.Path, "(") { // report it at a file the editor can change
			at, other = old, o
		}
		t.problems.Add(at.from, "this makes the file %s, which %s makes too; rename or move one of them", o.name, describe(other))
		return false
	}
	t.byName[o.name] = o
	t.list = append(t.list, o)
	return true
}

// describe names what made a file, for messages.
func describe(o *output) any {
	if o.page != nil {
		return diag.Msg("the page %s from %s", o.page.URL, o.from.Path)
	}
	return o.from.Path
}

// addData puts a file that is already made into the table, unless its name
// is taken, and returns it (nil when the name is taken).
func (t *outputs) addData(name string, from diag.Pos, data []byte) *output {
	o := &output{name: name, from: from, data: data}
	o.once.Do(func() {})
	if !t.add(o) {
		return nil
	}
	return o
}

// emit puts a file made after the other files (an asset, the headers) into
// the table and, in a build, writes it at once and keeps no copy. A file
// whose name is taken is reported by the table and not written, so it never
// replaces the file that has the name.
func (b *builder) emit(name string, data []byte) (*output, error) {
	o := b.outs.addData(name, generated, data)
	if o == nil || b.target == nil {
		return o, nil
	}
	err := b.target.WriteFile(name, data)
	o.data = nil
	return o, err
}

// later registers run, which adds files to the table, for files whose
// names are known only once they are made (the search index). It runs when
// the files are first needed: when every file is made (start), when a name
// is not found (wait), or when the next build asks for what it made. A
// problem it returns is the table's.
func (t *outputs) later(run func() error) *lateJob {
	j := &lateJob{t: t, run: run, done: make(chan struct{})}
	t.mu.Lock()
	t.jobs = append(t.jobs, j)
	t.mu.Unlock()
	return j
}

// start starts the jobs of later.
func (t *outputs) start() {
	t.mu.RLock()
	jobs := slices.Clone(t.jobs)
	t.mu.RUnlock()
	for _, j := range jobs {
		j.start()
	}
}

// wait runs the jobs of later, if they have not run, and waits until their
// files are in the table.
func (t *outputs) wait() {
	t.start()
	t.mu.RLock()
	jobs := slices.Clone(t.jobs)
	t.mu.RUnlock()
	for _, j := range jobs {
		<-j.done
	}
}

// lateJob is a job of later.
type lateJob struct {
	t    *outputs
	run  func() error
	once sync.Once
	done chan struct{}
}

func (j *lateJob) start() {
	j.once.Do(func() {
		go func() {
			defer close(j.done)
			if err := j.run(); err != nil {
				j.t.mu.Lock()
				j.t.problems.Append(err)
				j.t.mu.Unlock()
			}
		}()
	})
}

// finish runs the job, if it has not run, and waits until it is done.
func (j *lateJob) finish() {
	j.start()
	<-j.done
}

// lookup returns the file of a name, or nil.
func (t *outputs) lookup(name string) *output {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.byName[name]
}

// all returns the files of the table, in the order they were added.
func (t *outputs) all() []*output {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return slices.Clone(t.list)
}

// err returns the collisions found so far.
func (t *outputs) err() error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.problems.Err()
}

// get makes the file if it is not made yet and returns it.
func (o *output) get(build func(*output)) ([]byte, error) {
	o.once.Do(func() { build(o) })
	return o.data, o.err
}
