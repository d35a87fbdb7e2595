package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/kronika/kronika/demo"
	khttp "github.com/kronika/kronika/http"
	"github.com/kronika/kronika/kb"
	"github.com/kronika/kronika/pipeline"
)

func runSearch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", defaultDB(), "the store")
	asJSON := fl.Bool("json", false, "print a JSON array of hits (doc, title, published, source, lang, snippet, score)")
	limit := fl.Int("limit", 10, "hits to show")
	offset := fl.Int("offset", 0, "hits to skip")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika search [flags] QUERY...\n\n"+
			"Searches the stored articles. Words match in any inflection (Rusia finds Rusisë);\n"+
			"\"quoted phrases\", -word to exclude, and the filters entity:NAME (entity:\"North Korea\"),\n"+
			"lang:sq, source:NAME, from:2024-01-01, to:2024-12.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return errUsage
	}
	st, err := openExistingStore(ctx, *db, func(error) error {
		return fmt.Errorf("no store at %s: run kronika ingest first, or give --db", *db)
	})
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(ctx, kronika.ParseQuery(strings.Join(fl.Args(), " ")), kronika.Page{Offset: *offset, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(hits.Items)
	}
	if hits.Total == 0 {
		fmt.Fprintln(stdout, "no articles found")
		return nil
	}
	fmt.Fprintf(stdout, "%d articles; %d–%d:\n\n", hits.Total, hits.Offset+1, hits.Offset+len(hits.Items))
	for i, h := range hits.Items {
		fmt.Fprintf(stdout, "%d. %s  [%s]\n   %s · %s · %s · score %.2f\n   %s\n\n", hits.Offset+i+1, h.Title, h.ID, h.Published, h.Source, h.Lang, h.Score, plainSnippet(h.Snippet))
	}
	return nil
}

// plainSnippet turns an HTML snippet into text, the matches in brackets.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "[", "</mark>", "]").Replace(s)
	return html.UnescapeString(s)
}

func runEntity(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("entity", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", defaultDB(), "the store")
	typ := fl.String("type", "", "list: only entities of this type (PER, ORG, LOC, MISC)")
	limit := fl.Int("limit", 30, "list: entities to show")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika entity [flags] COMMAND ARGS\n\n"+
			"Shows and corrects the entity registry. ENTITY is a name, an alias, a KB id or\n"+
			"id:N. Corrections are stored, survive re-ingest and apply to later articles.\n\n"+
			"  list [PREFIX]            entities by mention count\n"+
			"  show ENTITY              names, forms, titles, timeline\n"+
			"  merge ENTITY INTO        count ENTITY as INTO (US, U.S. → United States)\n"+
			"  alias ENTITY NAME        NAME also names ENTITY\n"+
			"  split ENTITY NAME        NAME no longer names ENTITY\n"+
			"  corrections              the corrections made so far\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	a := fl.Args()
	need := map[string]int{"list": 1, "show": 2, "merge": 3, "alias": 3, "split": 3, "corrections": 1}
	if len(a) == 0 || need[a[0]] == 0 || len(a) < need[a[0]] || (a[0] != "list" && len(a) > need[a[0]]) || (a[0] == "list" && len(a) > 2) {
		fl.Usage()
		return errUsage
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	find := func(name string) (*kronika.RegistryEntity, error) {
		if _, err := strconv.ParseInt(name, 10, 64); err == nil {
			name = "id:" + name
		}
		e, err := st.FindEntity(ctx, name)
		if errors.Is(err, kronika.ErrNotFound) {
			return nil, fmt.Errorf("no entity %q", name)
		}
		return e, err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	switch a[0] {
	case "list":
		f := kronika.EntityFilter{Type: strings.ToUpper(*typ)}
		if len(a) > 1 {
			f.Name = a[1]
		}
		l, err := st.Entities(ctx, f, kronika.Page{Limit: *limit})
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "id\tname\ttype\tkb\tmentions\tarticles")
		for _, e := range l.Items {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\n", e.ID, e.Name, e.Type, e.KB, e.Mentions, e.Articles)
		}
	case "show":
		e, err := find(a[1])
		if err != nil {
			return err
		}
		d, err := st.Entity(ctx, e.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t(id %d, %s%s)\n", d.Name, d.ID, d.Type, map[bool]string{true: ", " + d.KB}[d.KB != ""])
		fmt.Fprintf(tw, "mentions\t%d in %d articles\n", d.Mentions, d.Articles)
		forms := func(fs []kronika.Form) string {
			var b []string
			for _, f := range fs {
				b = append(b, fmt.Sprintf("%s (%d)", f.Text, f.Count))
			}
			return strings.Join(b, ", ")
		}
		fmt.Fprintf(tw, "names\t%s\n", strings.Join(d.Names, ", "))
		fmt.Fprintf(tw, "forms\t%s\n", forms(d.Forms))
		fmt.Fprintf(tw, "titles\t%s\n", forms(d.Titles))
		fmt.Fprintf(tw, "aliases\t%s\n", strings.Join(d.Aliases, ", "))
		for _, p := range d.Timeline {
			fmt.Fprintf(tw, "%s\t%d articles, %d mentions\n", p.Month, p.Articles, p.Mentions)
		}
	case "merge", "alias", "split":
		e, err := find(a[1])
		if err != nil {
			return err
		}
		c := kronika.Correction{Kind: a[0]}
		switch a[0] {
		case "merge":
			into, err := find(a[2])
			if err != nil {
				return err
			}
			c.From, c.To = e.ID, into.ID
		case "alias":
			c.To, c.Surface = e.ID, a[2]
		case "split":
			c.From, c.Surface = e.ID, a[2]
		}
		if err := st.Correct(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "kronika entity: %s recorded\n", a[0])
	case "corrections":
		cs, err := st.Corrections(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "id\tkind\tfrom\tto\tsurface\tcreated")
		for _, c := range cs {
			fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%s\n", c.ID, c.Kind, c.From, c.To, c.Surface, c.Created)
		}
	}
	return nil
}

// analyser returns the function that POST /api/articles uses: analyse
// each document with p, then store them in st.
func analyser(st kronika.Store, p *pipeline.Pipeline) khttp.IngestFunc {
	return func(ctx context.Context, docs []*kronika.Document) ([]kronika.PutStatus, error) {
		for _, d := range docs {
			if _, err := p.Analyze(ctx, d); err != nil {
				return nil, err
			}
		}
		return st.Put(ctx, docs)
	}
}

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	start := time.Now()
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", defaultDB(), "the store")
	addr := fl.String("addr", "127.0.0.1:8080", "listen address host:port")
	token := fl.String("token", os.Getenv("KRONIKA_TOKEN"), "bearer token for writing (default $KRONIKA_TOKEN; none: read only)")
	private := fl.Bool("private", false, "reading needs the token too")
	demoMode := fl.Bool("demo", false, "serve a temporary store filled with the bundled demo corpus")
	workers := fl.Int("workers", 0, "analysis workers (0: one per core)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika serve [flags]\n\n"+
			"Serves the web UI and the JSON API (described at /api/openapi.json) and metrics\n"+
			"at /metrics. Reading is open; writing (POST /api/articles, corrections) needs the\n"+
			"token as \"Authorization: Bearer TOKEN\" or through the UI's sign-in.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errUsage
	}
	path := *db
	if *demoMode {
		dir, err := os.MkdirTemp("", "kronika-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = dir + "/demo.db"
		if *token == "" {
			b := make([]byte, 12)
			rand.Read(b)
			*token = hex.EncodeToString(b)
		}
	}
	st, err := openStore(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	// One pipeline serves POST /api/articles and the demo corpus.
	p, err := newStorePipeline(*workers, st)
	if err != nil {
		return err
	}
	// The Ledger function below drops newLedger's error, which can only be
	// the knowledge base's: make sure there is none.
	if _, err := kb.Default(); err != nil {
		return err
	}
	srv, err := khttp.NewServer(st, khttp.Options{Ingest: analyser(st, p), Token: *token, Private: *private,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Ledger: func() *claim.Ledger {
			l, _ := newLedger() // the knowledge base loaded above: no error now
			return l
		}})
	if err != nil {
		return err
	}
	if *demoMode {
		sum := &ingestSummary{start: time.Now()}
		err = ingestInto(ctx, st, p, readFS(demo.Corpus()), sum, func(err error) { fmt.Fprintf(stderr, "kronika serve: demo: %v\n", err) })
		if err != nil {
			return fmt.Errorf("demo corpus: %w", err)
		}
		srv.Ingested.WithLabelValues("inserted").Add(float64(sum.inserted.Load()))
		fmt.Fprintf(stderr, "kronika serve: demo corpus: %s\n", sum)
	}
	cs, err := srv.RebuildClaims(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kronika serve: claim ledger: %s\n", cs)
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *token != "" && *demoMode {
		fmt.Fprintf(stderr, "kronika serve: write token: %s\n", *token)
	}
	fmt.Fprintf(stderr, "kronika serve: ready in %s at http://%s/\n", time.Since(start).Round(time.Millisecond), l.Addr())
	return srv.Serve(ctx, l)
}
