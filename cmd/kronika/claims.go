package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/kronika/kronika/kb"
	"github.com/kronika/kronika/pipeline"
)

// newLedger returns an empty claim ledger that recognises nationality
// words through the knowledge base.
func newLedger() (*claim.Ledger, error) {
	k, err := kb.Default()
	if err != nil {
		return nil, err
	}
	return claim.New(func(word, lang string) (string, bool) {
		for _, m := range k.Lookup(word, lang) {
			if m.Type != m.Entry.Type && (!m.Inflected || m.Alias == word) {
				return m.Entry.Name, true
			}
		}
		return "", false
	}), nil
}

func runClaims(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("claims", flag.ContinueOnError)
	fl.SetOutput(stderr)
	conflicts := fl.Bool("conflicts", false, "only groups whose figures disagree")
	entityName := fl.String("entity", "", "only groups about or claimed by this entity (canonical name)")
	asJSON := fl.Bool("json", false, "print a JSON array of groups")
	all := fl.Bool("all", false, "also groups with a single claim")
	db := fl.String("db", defaultDB(), "the store to read the articles from when no file is given")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika claims [flags] [FILE|DIR|- ...]\n\n"+
			"Lines up the figures the articles give for the same thing (the claim ledger):\n"+
			"conflicts, corroborations, who claims what and when. Copies of one story count once.\n"+
			"Without files, the ledger is built from every article of the store (--db).\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	f := claim.Filter{Conflicts: *conflicts, Entity: *entityName, MinClaims: 2}
	if *all {
		f.MinClaims = 1
	}
	if fl.NArg() == 0 {
		l, err := storeLedger(ctx, *db)
		if err != nil {
			return err
		}
		printGroups(stdout, l.Groups(f), *asJSON)
		return nil
	}
	p, err := newPipeline(0)
	if err != nil {
		return err
	}
	l, err := newLedger()
	if err != nil {
		return err
	}
	failed := 0
	err = process(ctx, p, fl.Args(), stdin, func(r pipeline.Result) error {
		if r.Err != nil {
			failed++
			fmt.Fprintf(stderr, "kronika claims: %v\n", r.Err)
			return nil
		}
		l.AddAnalysis(r.Analysis)
		return nil
	})
	if err != nil {
		return err
	}
	printGroups(stdout, l.Groups(f), *asJSON)
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

// storeLedger builds the claim ledger from every article of the store at
// path, which must exist.
func storeLedger(ctx context.Context, path string) (*claim.Ledger, error) {
	st, err := openExistingStore(ctx, path, func(err error) error {
		return fmt.Errorf("no store at %s (kronika ingest fills one; or give files): %w", path, err)
	})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return ledgerFrom(ctx, st)
}

// ledgerFrom builds the claim ledger from every article of a store.
func ledgerFrom(ctx context.Context, st kronika.Store) (*claim.Ledger, error) {
	l, err := newLedger()
	if err != nil {
		return nil, err
	}
	if _, err := l.AddStore(ctx, st); err != nil {
		return nil, err
	}
	return l, nil
}

func printGroups(w io.Writer, groups []claim.Group, asJSON bool) {
	if asJSON {
		if groups == nil {
			groups = []claim.Group{}
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		enc.Encode(groups)
		return
	}
	if len(groups) == 0 {
		fmt.Fprintln(w, "no claim groups")
		return
	}
	for _, g := range groups {
		about := strings.Join(g.Subject, ", ")
		if about == "" {
			about = "(one article)"
		}
		what := g.Unit
		if g.Concept != "" {
			what = g.Concept + " in " + g.Unit
		}
		fmt.Fprintf(w, "%s: %s, about %s — %d claims from %d sources; lowest figure %s\n",
			strings.ToUpper(g.Status), what, about, len(g.Claims), g.Sources, figure(g.Figure))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range g.Claims {
			holder := "unattributed"
			if c.Holder != nil {
				holder = *c.Holder
			}
			cp := ""
			if c.CopyOf != "" {
				cp = " (copy of " + c.CopyOf + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s [%d,%d) %q%s\n",
				c.Published, c.Source, c.Approx, figure(c.Value), holder, c.Doc, c.Start, c.End, c.Text, cp)
		}
		tw.Flush()
	}
}

// figure writes a number the way a reader expects it: digits grouped by
// thousands, decimals only when there are some (12,000,000; 2.1).
func figure(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
