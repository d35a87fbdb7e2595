package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/ingest"
	"github.com/kronika/kronika/pipeline"
)

// sample is the article bench runs on when given no input.
//
//go:embed testdata/sample-sq.txt
var sample []byte

func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	workers := fl.Int("workers", 0, "analysis workers (0: one per core)")
	minWords := fl.Int("min-words", 200000, "repeat the corpus until at least this many words are analysed")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika bench [flags] [FILE|DIR ...]\n\n"+
			"Runs the whole pipeline over the articles (a bundled sample when none is given)\n"+
			"and reports words per second for each stage (per core) and in total (wall clock).\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}

	var docs []kronika.Document
	collect := func(it ingest.Item) error {
		if it.Err != nil {
			fmt.Fprintf(stderr, "kronika bench: skipping %v\n", it.Err)
			return nil
		}
		docs = append(docs, *it.Doc)
		return nil
	}
	var err error
	if fl.NArg() == 0 {
		err = ingest.Read(ctx, "sample-sq.txt", bytesReader(sample), collect)
	} else {
		err = readInputs(ctx, fl.Args(), stdin, collect)
	}
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return errors.New("no article to measure")
	}

	p, err := newPipeline(*workers)
	if err != nil {
		return err
	}
	// Warm up: language packs and models load lazily on first use, which
	// is not what a steady-state figure should include.
	warm := docs[0]
	if _, err := p.Analyze(ctx, &warm); err != nil {
		return err
	}
	// Keep the warm pipeline but not the warm-up in its counters.
	p.Stats().Reset()

	perPass := countWordsDocs(docs)
	if perPass == 0 {
		return errors.New("no words to measure: the articles hold no letters or digits")
	}
	jobs := make(chan pipeline.Job, 64)
	start := time.Now()
	go func() {
		defer close(jobs)
		var words int64
		for words < int64(*minWords) || words == 0 {
			for i := range docs {
				d := docs[i] // a fresh copy: analysis writes into it
				select {
				case jobs <- pipeline.Job{Doc: &d}:
				case <-ctx.Done():
					return
				}
			}
			words += perPass
		}
	}()
	err = p.Run(ctx, jobs, func(r pipeline.Result) error { return r.Err })
	wall := time.Since(start)
	if err != nil {
		return err
	}
	st := p.Stats()
	words := st.Words.Load()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "stage\ttime (cpu)\twords/s per core\t\n")
	var sum time.Duration
	for _, s := range st.Stages() {
		sum += s.Time
		fmt.Fprintf(tw, "%s\t%v\t%s\t\n", s.Stage, s.Time.Round(time.Millisecond), rate(words, s.Time))
	}
	fmt.Fprintf(tw, "all stages\t%v\t%s\t\n", sum.Round(time.Millisecond), rate(words, sum))
	tw.Flush()
	w := *workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	fmt.Fprintf(stdout, "total: %d documents, %d words in %v on %d workers: %s words/s, %.0f documents/s\n",
		st.Docs.Load(), words, wall.Round(time.Millisecond), w, rate(words, wall), float64(st.Docs.Load())/wall.Seconds())
	return nil
}

func countWordsDocs(docs []kronika.Document) int64 {
	var n int64
	for i := range docs {
		n += int64(pipeline.CountWords(docs[i].Text))
	}
	return n
}

func rate(words int64, d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", float64(words)/d.Seconds())
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
