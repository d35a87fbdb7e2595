// Package pipeline runs the analysis of documents: language identification,
// segmentation, then every extractor in a fixed order. Run spreads documents
// over a pool of workers and hands the results back in input order, so the
// output of a batch is deterministic whatever the number of cores.
package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
)

// Pipeline holds the stages. The zero value analyses nothing but still
// produces valid documents (one sentence, no tokens, no facts).
type Pipeline struct {
	LangID     kronika.LanguageIdentifier // nil: the language must be given
	Segmenter  kronika.Segmenter          // nil: no tokens, the whole text one sentence
	Extractors []kronika.Extractor        // run in this order
	Workers    int                        // Run's pool size; <= 0 means GOMAXPROCS

	stats Stats
}

// Stats accumulates the work done per stage. Durations add up across
// workers, so words / Time is per-core throughput.
type Stats struct {
	Docs  atomic.Int64
	Words atomic.Int64
	mu    sync.Mutex
	time  map[string]time.Duration
	order []string
}

func (s *Stats) add(stage string, d time.Duration) {
	s.mu.Lock()
	if s.time == nil {
		s.time = map[string]time.Duration{}
	}
	if _, ok := s.time[stage]; !ok {
		s.order = append(s.order, stage)
	}
	s.time[stage] += d
	s.mu.Unlock()
}

// Reset sets every counter back to zero, so that a measurement can leave
// out a warm-up run without building a new, cold pipeline.
func (s *Stats) Reset() {
	s.Docs.Store(0)
	s.Words.Store(0)
	s.mu.Lock()
	s.time, s.order = nil, nil
	s.mu.Unlock()
}

// StageTime is the time spent in one stage.
type StageTime struct {
	Stage string
	Time  time.Duration
}

// Stages returns the time spent per stage, in pipeline order.
func (s *Stats) Stages() []StageTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]StageTime, 0, len(s.order))
	for _, st := range s.order {
		out = append(out, StageTime{st, s.time[st]})
	}
	return out
}

// Stats returns the pipeline's counters.
func (p *Pipeline) Stats() *Stats { return &p.stats }

// Analyze runs every stage over one document, filling its facts in place.
// A given language tag is normalised first (lang.Normalize: "en-US" becomes
// "en"), so that every stage finds its pack and the output names the
// language that was analysed. An extractor's error is returned wrapped
// with the stage and document.
func (p *Pipeline) Analyze(ctx context.Context, doc *kronika.Document) (*kronika.Analysis, error) {
	a := &kronika.Analysis{Doc: doc}

	t := time.Now()
	doc.Lang = lang.Normalize(doc.Lang)
	a.Runes = []rune(doc.Text)
	if doc.Lang == "" && p.LangID != nil {
		doc.Lang = p.LangID.Identify(doc.Text)
	}
	p.stats.add("langid", time.Since(t))

	t = time.Now()
	if p.Segmenter != nil {
		a.Tokens, a.Sentences = p.Segmenter.Segment(a.Runes, doc.Lang)
	} else {
		a.Sentences = []kronika.Sentence{{Start: 0, End: len(a.Runes)}}
	}
	p.stats.add("segment", time.Since(t))

	ensureSlices(doc)
	for _, x := range p.Extractors {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t = time.Now()
		err := x.Extract(ctx, a)
		p.stats.add(x.Name(), time.Since(t))
		if err != nil {
			return nil, fmt.Errorf("%s: document %s: %w", x.Name(), doc.ID, err)
		}
	}
	p.stats.Docs.Add(1)
	p.stats.Words.Add(int64(CountWords(doc.Text)))
	return a, nil
}

// ensureSlices makes the fact lists empty rather than null in JSON.
func ensureSlices(d *kronika.Document) {
	if d.Entities == nil {
		d.Entities = []kronika.Entity{}
	}
	if d.Quotes == nil {
		d.Quotes = []kronika.Quote{}
	}
	if d.Amounts == nil {
		d.Amounts = []kronika.Amount{}
	}
	if d.Dates == nil {
		d.Dates = []kronika.Date{}
	}
	if d.Events == nil {
		d.Events = []kronika.Event{}
	}
}

// CountWords counts runs of letters or digits: the unit of every
// words-per-second figure kronika reports.
func CountWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// Job is one unit of work for Run: a document to analyse, or an error read
// in its place that is passed through in order.
type Job struct {
	Doc *kronika.Document
	Err error
}

// Result is a finished job.
type Result struct {
	Doc      *kronika.Document
	Analysis *kronika.Analysis
	Err      error
}

// Run analyses the jobs read from in on a pool of workers and calls out with
// each result in the order the jobs arrived. It returns when in is closed
// and every result is delivered, or at the first error from out or ctx.
func (p *Pipeline) Run(ctx context.Context, in <-chan Job, out func(Result) error) error {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type task struct {
		job  Job
		done chan Result
	}
	work := make(chan task)
	// order holds the pending results in input order; its capacity bounds
	// how far the workers may run ahead of a slow consumer.
	order := make(chan chan Result, 4*workers)

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for t := range work {
				if t.job.Err != nil {
					t.done <- Result{Err: t.job.Err}
					continue
				}
				a, err := p.Analyze(ctx, t.job.Doc)
				t.done <- Result{Doc: t.job.Doc, Analysis: a, Err: err}
			}
		})
	}

	go func() {
		defer close(order)
		defer close(work)
		for {
			select {
			case <-ctx.Done():
				return
			case j, ok := <-in:
				if !ok {
					return
				}
				done := make(chan Result, 1)
				select {
				case order <- done:
				case <-ctx.Done():
					return
				}
				select {
				case work <- task{j, done}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	var err error
	for done := range order {
		if err != nil {
			continue // drain so the feeder can finish
		}
		select {
		case r := <-done:
			if e := out(r); e != nil {
				err = e
				cancel()
			}
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
}
