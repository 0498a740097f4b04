package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// flusher hands batches to Bleve in the background, so that reading,
// parsing and mapping the next notes (on every core) overlaps Bleve building
// the last batch's segment (on one) and writing it. One batch at a time is
// in Bleve: two at once doubled the memory and took more CPU time, the
// second segment being merged with the first in memory before it is written.
type flusher struct {
	bi    bleve.Index
	slots chan struct{}
	wg    sync.WaitGroup

	mu       sync.Mutex
	first    error     // the first batch that failed
	written  int       // notes whose batch is on disk
	progress func(int) // told written, one call at a time
}

func newFlusher(bi bleve.Index, progress func(int)) *flusher {
	return &flusher{bi: bi, slots: make(chan struct{}, 1), progress: progress}
}

// add takes b, the batch of the notes read since the last one (some of
// which may need nothing written); it blocks while the one before is
// being written.
func (f *flusher) add(b *bleve.Batch, notes int) {
	if b.Size() == 0 {
		f.done(nil, notes)
		return
	}
	f.slots <- struct{}{}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		err := f.bi.Batch(b)
		<-f.slots
		f.done(err, notes)
	}()
}

func (f *flusher) done(err error, notes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil && f.first == nil {
		f.first = err
	}
	f.written += notes
	if f.progress != nil && notes > 0 {
		f.progress(f.written)
	}
}

// err is the first error of a batch written so far.
func (f *flusher) err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first
}

// wait returns when every batch is written, with the first error.
func (f *flusher) wait() error {
	f.wg.Wait()
	return f.err()
}
