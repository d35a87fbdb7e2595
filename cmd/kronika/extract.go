package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/engine"
	"github.com/kronika/kronika/ingest"
	"github.com/kronika/kronika/pipeline"
)

// newPipeline builds the full analysis pipeline (engine.New).
func newPipeline(workers int) (*pipeline.Pipeline, error) {
	return engine.New(engine.Options{Workers: workers})
}

// newStorePipeline is newPipeline for articles going into a store: the
// entity stage honours the store's registry corrections (an alias a user
// attached to an entity links that entity).
func newStorePipeline(workers int, st kronika.Store) (*pipeline.Pipeline, error) {
	return engine.New(engine.Options{Workers: workers, Store: st})
}

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("extract", flag.ContinueOnError)
	fl.SetOutput(stderr)
	keepGoing := fl.Bool("keep-going", true, "go on past inputs that fail; false stops at the first error")
	workers := fl.Int("workers", 0, "analysis workers (0: one per core)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika extract [flags] [FILE|DIR ...]\n\n"+
			"Reads articles (seed format, JSON Lines or plain text, recognised by content;\n"+
			"directories recursively; standard input when no argument or \"-\") and writes one\n"+
			"JSON object per article to standard output, in input order.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	p, err := newPipeline(*workers)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)

	failed := 0
	errStop := errors.New("stop")
	err = process(ctx, p, fl.Args(), stdin, func(r pipeline.Result) error {
		if r.Err != nil {
			failed++
			fmt.Fprintf(stderr, "kronika extract: %v\n", r.Err)
			if !*keepGoing {
				return errStop
			}
			return nil
		}
		return enc.Encode(r.Doc)
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "kronika extract: %d input(s) failed\n", failed)
		return exitError{1}
	}
	return nil
}

// process reads every input named in args (standard input when there are
// none) and runs the documents through p, calling out in input order.
func process(ctx context.Context, p *pipeline.Pipeline, args []string, stdin io.Reader, out func(pipeline.Result) error) error {
	jobs := make(chan pipeline.Job, 64)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		send := func(it ingest.Item) error {
			select {
			case jobs <- pipeline.Job{Doc: it.Doc, Err: it.Err}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		_ = readInputs(ctx, args, stdin, send)
	}()
	return p.Run(ctx, jobs, out)
}

// readInputs reads the inputs named in args in order, expanding
// directories, and emits each article or error.
func readInputs(ctx context.Context, args []string, stdin io.Reader, emit func(ingest.Item) error) error {
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, arg := range args {
		if arg == "-" {
			if err := ingest.Read(ctx, "-", stdin, emit); err != nil {
				return err
			}
			continue
		}
		files, err := expand(arg)
		if err != nil {
			if err := emit(ingest.Item{Err: err}); err != nil {
				return err
			}
		}
		for _, f := range files {
			if err := readFile(ctx, f, emit); err != nil {
				return err
			}
		}
	}
	return nil
}

func readFile(ctx context.Context, name string, emit func(ingest.Item) error) error {
	f, err := os.Open(name)
	if err != nil {
		return emit(ingest.Item{Err: &ingest.Error{Name: name, Err: unwrapPath(err)}})
	}
	defer f.Close()
	return ingest.Read(ctx, name, f, emit)
}

// expand turns a path into the files it names: itself, or the regular
// files below a directory in lexical order, hidden ones left out.
func expand(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &ingest.Error{Name: path, Err: unwrapPath(err)}
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if err != nil {
		return files, &ingest.Error{Name: path, Err: unwrapPath(err)}
	}
	return files, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path the caller's
// error already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
