package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/ingest"
	"github.com/kronika/kronika/pipeline"
	"github.com/kronika/kronika/sqlite"
)

// The store commands: ingest, search, serve and entity.

// defaultDB is the store used without --db: $KRONIKA_DB, else kronika.db in
// the user's data directory ($XDG_DATA_HOME or ~/.local/share/kronika).
func defaultDB() string {
	if p := os.Getenv("KRONIKA_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "kronika.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "kronika", "kronika.db")
}

// openStore opens the store at path, creating its directory.
func openStore(ctx context.Context, path string) (kronika.Store, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store directory: %w", err)
		}
	}
	return sqlite.Open(ctx, path)
}

// openExistingStore opens the store at path for a command that only reads
// it: openStore would create an empty store where there is none, so a
// missing one is reported instead, with the error missing makes of
// os.Stat's.
func openExistingStore(ctx context.Context, path string, missing func(error) error) (kronika.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, missing(err)
	}
	return openStore(ctx, path)
}

// ingestSummary counts what an ingest did.
type ingestSummary struct {
	inserted, updated, unchanged, failed atomic.Int64
	start                                time.Time
}

func (s *ingestSummary) stored() int64 { return s.inserted.Load() + s.updated.Load() }

func (s *ingestSummary) String() string {
	el := time.Since(s.start)
	n := s.stored() + s.unchanged.Load()
	return fmt.Sprintf("ingested %d (%d new, %d updated), unchanged %d, failed %d in %.2fs (%.0f articles/s)",
		s.stored(), s.inserted.Load(), s.updated.Load(), s.unchanged.Load(), s.failed.Load(), el.Seconds(), float64(n)/max(el.Seconds(), 1e-9))
}

// ingestBatch is how many documents go into one store transaction.
const ingestBatch = 256

// ingestGC is the garbage collector's target percentage during ingest.
const ingestGC = 400

// ingestInto reads articles from src, skips those stored unchanged,
// analyses the rest on p's worker pool and stores them from one writer
// goroutine in batches. Bad inputs are reported to onErr and counted; the
// rest goes on.
func ingestInto(ctx context.Context, st kronika.Store, p *pipeline.Pipeline, src func(context.Context, func(ingest.Item) error) error,
	sum *ingestSummary, onErr func(error)) error {
	// Ingest is a throughput job whose garbage is short-lived: collecting
	// less often buys speed with memory the machine has. GOGC, when set,
	// wins.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(ingestGC))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan pipeline.Job, 128)
	go func() {
		defer close(jobs)
		_ = src(ctx, func(it ingest.Item) error {
			if it.Err == nil {
				ok, err := st.Stored(ctx, it.Doc.ID, kronika.ContentHash(it.Doc))
				if err != nil {
					return err
				}
				if ok {
					sum.unchanged.Add(1)
					return nil
				}
			}
			select {
			case jobs <- pipeline.Job{Doc: it.Doc, Err: it.Err}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	batches := make(chan []*kronika.Document, 2)
	werr := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			if err != nil {
				continue // drain after a failure
			}
			var res []kronika.PutStatus
			if res, err = st.Put(ctx, b); err != nil {
				cancel()
				continue
			}
			for _, r := range res {
				switch r {
				case kronika.Inserted:
					sum.inserted.Add(1)
				case kronika.Updated:
					sum.updated.Add(1)
				default:
					sum.unchanged.Add(1)
				}
			}
		}
		werr <- err
	}()
	var batch []*kronika.Document
	err := p.Run(ctx, jobs, func(r pipeline.Result) error {
		if r.Err != nil {
			sum.failed.Add(1)
			onErr(r.Err)
			return nil
		}
		batch = append(batch, r.Doc)
		if len(batch) >= ingestBatch {
			batches <- batch
			batch = nil
		}
		return nil
	})
	if len(batch) > 0 && err == nil {
		batches <- batch
	}
	close(batches)
	if e := <-werr; e != nil {
		return e
	}
	return err
}

// progress prints a live count on a terminal until stop is called.
func progress(w io.Writer, sum *ingestSummary) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(150 * time.Millisecond)
		defer t.Stop()
		spin := `|/-\`
		for i := 0; ; i++ {
			select {
			case <-done:
				fmt.Fprint(f, "\r\033[K")
				return
			case <-t.C:
				n := sum.stored() + sum.unchanged.Load()
				rate := float64(n) / time.Since(sum.start).Seconds()
				bar := strings.Repeat("█", int(n/200)%30) + strings.Repeat("░", 30-int(n/200)%30)
				fmt.Fprintf(f, "\r%c %s %d articles (%d stored, %d unchanged, %d failed) %.0f/s", spin[i%4], bar, n, sum.stored(), sum.unchanged.Load(), sum.failed.Load(), rate)
			}
		}
	}()
	return func() { close(done); <-finished }
}

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", defaultDB(), "the store (created if missing)")
	workers := fl.Int("workers", 0, "analysis workers (0: one per core)")
	quiet := fl.Bool("quiet", false, "no progress bar")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika ingest [flags] [FILE|DIR ...]\n\n"+
			"Reads articles like extract (seed format, JSON Lines or plain text; directories\n"+
			"recursively; standard input when no argument or \"-\"), extracts their facts and\n"+
			"stores them. An article already stored with the same content is skipped; a changed\n"+
			"one is updated. Ends with a summary line.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := newStorePipeline(*workers, st)
	if err != nil {
		return err
	}
	sum := &ingestSummary{start: time.Now()}
	stop := func() {}
	if !*quiet {
		stop = progress(stderr, sum)
	}
	err = ingestInto(ctx, st, p, func(ctx context.Context, emit func(ingest.Item) error) error {
		return readInputs(ctx, fl.Args(), stdin, emit)
	}, sum, func(err error) { fmt.Fprintf(stderr, "\r\033[Kkronika ingest: %v\n", err) })
	stop()
	fmt.Fprintf(stderr, "kronika ingest: %s\n", sum)
	if err != nil {
		return err
	}
	if sum.failed.Load() > 0 {
		return exitError{1}
	}
	return nil
}

// readFS reads every regular file of fsys in lexical order.
func readFS(fsys fs.FS) func(context.Context, func(ingest.Item) error) error {
	return func(ctx context.Context, emit func(ingest.Item) error) error {
		return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return emit(ingest.Item{Err: &ingest.Error{Name: p, Err: err}})
			}
			if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			f, err := fsys.Open(p)
			if err != nil {
				return emit(ingest.Item{Err: &ingest.Error{Name: p, Err: err}})
			}
			defer f.Close()
			return ingest.Read(ctx, p, f, emit)
		})
	}
}
