package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/kronika/kronika/demo"
	khttp "github.com/kronika/kronika/http"
	"github.com/kronika/kronika/ingest"
	"github.com/kronika/kronika/sqlite"
)

func TestIngestAndSearch(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	in := filepath.Join(dir, "in")
	os.MkdirAll(filepath.Join(in, "sub"), 0o755)
	copyFile(t, "testdata/sample-sq.txt", filepath.Join(in, "sample-sq.txt"))
	copyFile(t, "testdata/sample-en.txt", filepath.Join(in, "sub", "sample-en.txt"))
	os.WriteFile(filepath.Join(in, "bad.txt"), []byte("date 2024-13-45 broken /X/"), 0o644)

	_, errs, code := kronikaRun(t, "", "ingest", "--db", db, in)
	if code != 1 || !strings.Contains(errs, "bad.txt") || !strings.Contains(errs, "ingested 2 (2 new, 0 updated), unchanged 0, failed 1") {
		t.Fatalf("first ingest: exit %d: %s", code, errs)
	}
	// Again: nothing changes.
	_, errs, _ = kronikaRun(t, "", "ingest", "--db", db, in)
	if !strings.Contains(errs, "ingested 0 (0 new, 0 updated), unchanged 2, failed 1") {
		t.Errorf("second ingest: %s", errs)
	}
	// A changed article is updated; standard input works too.
	line := `{"doc":"sample-en","lang":"en","text":"NATO met in Brussels on Monday."}` + "\n"
	_, errs, code = kronikaRun(t, line, "ingest", "--db", db)
	if code != 0 || !strings.Contains(errs, "ingested 1 (0 new, 1 updated)") {
		t.Errorf("update from stdin: exit %d: %s", code, errs)
	}

	out, errs, code := kronikaRun(t, "", "search", "--db", db, "--json", "Kosovës")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, errs)
	}
	var hits []kronika.Hit
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("search --json: %v: %s", err, out)
	}
	if len(hits) != 1 || hits[0].ID != "sample-sq" || hits[0].Score <= 0 || !strings.Contains(hits[0].Snippet, "<mark>") {
		t.Errorf("search hits: %+v", hits)
	}
	out, _, _ = kronikaRun(t, "", "search", "--db", db, "NATO")
	if !strings.Contains(out, "[NATO]") || !strings.Contains(out, "sample-en") {
		t.Errorf("search text output: %s", out)
	}
	out, _, _ = kronikaRun(t, "", "search", "--db", db, "--json", "lang:xx")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("no hits should print []: %q", out)
	}
	if _, _, code := kronikaRun(t, "", "search", "--db", filepath.Join(dir, "none.db"), "x"); code != 1 {
		t.Errorf("search on a missing store: exit %d", code)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEntityCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	docs := `{"doc":"a","lang":"en","text":"The United States and Russia talked. The United States agreed."}
{"doc":"b","lang":"en","text":"The US said on Monday that Washington would reply."}
`
	if _, errs, code := kronikaRun(t, docs, "ingest", "--db", db); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	out, _, code := kronikaRun(t, "", "entity", "--db", db, "list")
	if code != 0 || !strings.Contains(out, "United States") {
		t.Fatalf("list: %s", out)
	}
	out, errs, code := kronikaRun(t, "", "entity", "--db", db, "alias", "United States", "Uncle Sam")
	if code != 0 || !strings.Contains(out, "alias recorded") {
		t.Errorf("alias: exit %d: %s %s", code, out, errs)
	}
	out, _, _ = kronikaRun(t, "", "entity", "--db", db, "show", "Uncle Sam")
	if !strings.Contains(out, "United States") || !strings.Contains(out, "Uncle Sam") {
		t.Errorf("show by alias: %s", out)
	}
	// A later article naming the alias is counted for the entity.
	if _, errs, code := kronikaRun(t, `{"doc":"c","lang":"en","text":"Uncle Sam pays."}`+"\n", "ingest", "--db", db); code != 0 {
		t.Fatalf("ingest c: %s", errs)
	}
	out, _, _ = kronikaRun(t, "", "search", "--db", db, "--json", `entity:"United States"`)
	if !strings.Contains(out, `"doc": "a"`) {
		t.Errorf("entity filter: %s", out)
	}
	out, _, _ = kronikaRun(t, "", "entity", "--db", db, "corrections")
	if !strings.Contains(out, "alias") {
		t.Errorf("corrections: %s", out)
	}
	if _, errs, code := kronikaRun(t, "", "entity", "--db", db, "merge", "Nowhere", "United States"); code != 1 || !strings.Contains(errs, "no entity") {
		t.Errorf("merge of an unknown entity: exit %d: %s", code, errs)
	}
	if _, _, code := kronikaRun(t, "", "entity", "--db", db, "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d", code)
	}
}

// demoCorpus is the bundled demo corpus, or a small stand-in while it is
// empty.
func demoCorpus(t *testing.T) fs.FS {
	n := 0
	fs.WalkDir(demo.Corpus(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasPrefix(string(mustRead(demo.Corpus(), p)), "date ") {
			n++
		}
		return nil
	})
	if n > 0 {
		return demo.Corpus()
	}
	return fstest.MapFS{
		"sq.txt": {Data: mustRead(os.DirFS("testdata"), "sample-sq.txt")},
		"en.txt": {Data: mustRead(os.DirFS("testdata"), "sample-en.txt")},
	}
}

func mustRead(fsys fs.FS, name string) []byte {
	b, _ := fs.ReadFile(fsys, name)
	return b
}

// demoServer loads the demo corpus into a temporary store and serves it.
func demoServer(t testing.TB) (*httptest.Server, kronika.Store) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := newPipeline(0)
	if err != nil {
		t.Fatal(err)
	}
	var fsys fs.FS = demo.Corpus()
	if tt, ok := t.(*testing.T); ok {
		fsys = demoCorpus(tt)
	}
	sum := &ingestSummary{start: time.Now()}
	if err := ingestInto(context.Background(), st, p, readFS(fsys), sum, func(err error) { t.Logf("demo: %v", err) }); err != nil {
		t.Fatal(err)
	}
	srv, err := khttp.NewServer(st, khttp.Options{Token: "t", Ledger: func() *claim.Ledger {
		l, err := newLedger()
		if err != nil {
			t.Fatal(err)
		}
		return l
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.RebuildClaims(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, st
}

func TestServeFlags(t *testing.T) {
	if _, _, code := kronikaRun(t, "", "serve", "--nope"); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	errb := &syncWriter{}
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &strings.Builder{}, errb)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(errb.String(), "ready in") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve --demo: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "write token:") {
		t.Errorf("serve --demo printed no token: %s", errb.String())
	}
}

// syncWriter lets the test read what a goroutine writes.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// chromium finds the browser for the UI test.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser loads the demo, searches, opens an article and checks the
// highlighted entities, in a real headless Chromium.
func TestBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary")
	}
	ts, st := demoServer(t)
	// A query word that the demo surely holds: the most mentioned entity.
	ents, err := st.Entities(context.Background(), kronika.EntityFilter{}, kronika.Page{Limit: 1})
	if err != nil || len(ents.Items) == 0 {
		t.Fatalf("demo has no entities: %v", err)
	}
	top, _ := st.Entity(context.Background(), ents.Items[0].ID)
	word := top.Forms[0].Text

	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	err = chromedp.Do(bctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(`#recent`),
		chromedp.SendKeys(`input[name=q]`, word),
		chromedp.Submit(`input[name=q]`),
		chromedp.WaitVisible(`#hits`),
	)
	if err != nil {
		t.Fatal(err)
	}
	count, err := chromedp.Run(bctx, chromedp.Text(`#count`))
	if err != nil {
		t.Fatal(err)
	}
	marks, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("#hits mark").length`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(`#hits a.hit-title`), chromedp.WaitVisible(`#text`)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(bctx, chromedp.Text(`#title`))
	if err != nil {
		t.Fatal(err)
	}
	ents2, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("#text a.ent").length`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(count, "result") || marks == 0 {
		t.Errorf("search for %q: %q, %d highlights", word, count, marks)
	}
	if title == "" || ents2 == 0 {
		t.Errorf("article page: title %q, %d highlighted entities", title, ents2)
	}
	if dir := *screenshots; dir != "" {
		os.WriteFile(filepath.Join(dir, "article.jpg"), shot, 0o644)
	}

	// The claims page, from the navigation: conflicts first, each claim
	// linking to its span in the article.
	if err := chromedp.Do(bctx, chromedp.Click(`header nav a[href="/claims"]`), chromedp.WaitVisible(`#groups`)); err != nil {
		t.Fatal(err)
	}
	conflicts, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("#groups li.group.status-conflict").length`))
	if err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(bctx, chromedp.Text(`#groups li.group .badge`))
	if err != nil {
		t.Fatal(err)
	}
	if conflicts == 0 || !strings.EqualFold(first, "conflict") {
		t.Errorf("claims page: %d conflicts, first group %q", conflicts, first)
	}
	if err := chromedp.Do(bctx, chromedp.Click(`#groups a.src`), chromedp.WaitVisible(`#spot`)); err != nil {
		t.Fatal(err)
	}
	spot, err := chromedp.Run(bctx, chromedp.Text(`#spot`))
	if err != nil || spot == "" {
		t.Errorf("the claim's span is not marked in the article: %q %v", spot, err)
	}
}

// TestClaimsAPI checks GET /api/claims on the demo: groups with their
// claims, in the keys the issue names, conflicts first, filters and pages.
func TestClaimsAPI(t *testing.T) {
	ts, _ := demoServer(t)
	get := func(q string) map[string]any {
		res, err := http.Get(ts.URL + "/api/claims" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&v) != nil {
			t.Fatalf("GET /api/claims%s: %s", q, res.Status)
		}
		return v
	}
	all := get("")
	items, _ := all["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("no claim groups: %v", all)
	}
	g := items[0].(map[string]any)
	if g["status"] != "conflict" {
		t.Errorf("first group is %v, want a conflict", g["status"])
	}
	c := g["claims"].([]any)[0].(map[string]any)
	for _, k := range []string{"value", "approx", "unit", "holder", "doc", "start", "end", "published"} {
		if _, ok := c[k]; !ok {
			t.Errorf("a claim has no %q: %v", k, c)
		}
	}
	conf := get("?conflicts=1&limit=2&offset=1")
	for _, it := range conf["items"].([]any) {
		if it.(map[string]any)["status"] != "conflict" {
			t.Errorf("conflicts=1 gave %v", it.(map[string]any)["status"])
		}
	}
	if n := len(conf["items"].([]any)); n > 2 || conf["total"].(float64) < 7 {
		t.Errorf("conflicts page: %d items of %v", n, conf["total"])
	}
	if got := get("?entity=nobody-at-all"); got["total"].(float64) != 0 {
		t.Errorf("entity filter: %v", got["total"])
	}
	if res, _ := http.Get(ts.URL + "/api/claims?conflicts=maybe"); res == nil || res.StatusCode != 400 {
		t.Errorf("a bad flag is not a 400")
	}
}

var screenshots = flag.String("screenshots", "", "directory to write the browser test's screenshots to")

// BenchmarkIngest ingests copies of the demo corpus (each copy a distinct
// article: another id and source) with extraction on, into a new store.
// Reports articles per second.
func BenchmarkIngest(b *testing.B) {
	var docs []kronika.Document
	readFS(demo.Corpus())(context.Background(), func(it ingest.Item) error {
		if it.Err == nil {
			docs = append(docs, *it.Doc)
		}
		return nil
	})
	if len(docs) == 0 {
		b.Skip("empty demo corpus")
	}
	p, err := newPipeline(0)
	if err != nil {
		b.Fatal(err)
	}
	n := *benchCopies * len(docs)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum := &ingestSummary{start: time.Now()}
		src := func(ctx context.Context, emit func(ingest.Item) error) error {
			for i := range n {
				d := docs[i%len(docs)]
				d.ID = fmt.Sprintf("%s-%d", d.ID, i/len(docs))
				d.Source = fmt.Sprintf("%s-%d", d.Source, i/len(docs))
				if err := emit(ingest.Item{Doc: &d}); err != nil {
					return err
				}
			}
			return nil
		}
		if err := ingestInto(context.Background(), st, p, src, sum, func(error) {}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := sum.inserted.Load(); got != int64(n) {
			b.Fatalf("inserted %d of %d", got, n)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

var benchCopies = flag.Int("bench.copies", 40, "BenchmarkIngest: copies of the demo corpus")

var (
	searchArticles = flag.Int("bench.articles", 5000, "BenchmarkSearch: articles in the store (the target is measured at 100000)")
	searchStore    = flag.String("bench.store", "", "BenchmarkSearch: keep the store at this path and reuse it when it exists")
)

// benchStore opens the store of -bench.store, filling it first with
// -bench.articles copies of the analysed demo corpus when it does not
// exist (a temporary one without the flag).
func benchStore(b *testing.B) *sqlite.DB {
	ctx := context.Background()
	path := *searchStore
	if path == "" {
		path = filepath.Join(b.TempDir(), "search.db")
	}
	_, statErr := os.Stat(path)
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if statErr == nil {
		return st
	}
	p, err := newPipeline(0)
	if err != nil {
		b.Fatal(err)
	}
	var docs []*kronika.Document
	readFS(demo.Corpus())(ctx, func(it ingest.Item) error {
		if it.Err == nil {
			if _, err := p.Analyze(ctx, it.Doc); err == nil {
				docs = append(docs, it.Doc)
			}
		}
		return nil
	})
	if len(docs) == 0 {
		b.Skip("empty demo corpus")
	}
	// Copies differ in id, source and date, so filters and ranking
	// have something to do; each copy a day after the last, so that no
	// two have the same content and every one is stored.
	day0 := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < *searchArticles; i += ingestBatch {
		batch := make([]*kronika.Document, 0, ingestBatch)
		for j := i; j < min(i+ingestBatch, *searchArticles); j++ {
			d := *docs[j%len(docs)]
			k := j / len(docs)
			d.ID = fmt.Sprintf("%s-%d", d.ID, k)
			d.Source = fmt.Sprintf("%s-%d", d.Source, k%50)
			d.Published = day0.AddDate(0, 0, k).Format("2006-01-02")
			batch = append(batch, &d)
		}
		if _, err := st.Put(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if s, err := st.Stats(ctx); err == nil && s.Articles < *searchArticles {
		b.Fatalf("stored %d articles of %d", s.Articles, *searchArticles)
	}
	return st
}

// BenchmarkLedgerFromStore measures rebuilding the claim ledger from the
// store of BenchmarkSearch (-bench.articles, -bench.store), as the server
// does at start: streaming every document, adding it, grouping.
func BenchmarkLedgerFromStore(b *testing.B) {
	ctx := context.Background()
	st := benchStore(b)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		l, err := ledgerFrom(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(t)
		gs := l.Groups(claim.Filter{MinClaims: 2})
		b.ReportMetric(read.Seconds(), "add-s")
		b.ReportMetric(float64(len(gs)), "groups")
		b.ReportMetric(float64(l.Len()), "articles")
	}
}

// BenchmarkSearch measures search latency on a store of copies of the
// analysed demo corpus, over a mix of queries (words, inflected forms,
// phrases, entity, language and date filters), and reports p50 and p99.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	st := benchStore(b)
	queries := []string{"Kosova", "Kosovës", "NATO", "Rusia", "protesta Beograd", `"Kryeministri i Kosovës"`,
		`entity:"Albin Kurti"`, "zjarrfikës lang:sq", "flood from:2020-01-01 to:2020-12-31", `NATO entity:Serbia`,
		"Kurti -Rama", "World Bank", "tërmet Durrës", "energji source:PRIZMA-DEMO-3"}
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		q := kronika.ParseQuery(queries[i%len(queries)])
		t := time.Now()
		if _, err := st.Search(ctx, q, kronika.Page{Limit: 20}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// TestAliasHonouredByExtraction checks that an alias a user attaches to an
// entity makes later extraction link that surface form to it.
func TestAliasHonouredByExtraction(t *testing.T) {
	ctx := context.Background()
	st, err := openStore(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := newStorePipeline(1, st)
	if err != nil {
		t.Fatal(err)
	}
	doc := &kronika.Document{ID: "a", Lang: "sq", Published: "2025-01-10",
		Text: "Kryeministri Albin Kurti foli në Prishtinë. Kryeministri Zgjebja tha se do të vijë."}
	if _, err := p.Analyze(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, []*kronika.Document{doc}); err != nil {
		t.Fatal(err)
	}
	kurti, err := st.FindEntity(ctx, "Albin Kurti")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Correct(ctx, kronika.Correction{Kind: kronika.Alias, To: kurti.ID, Surface: "Zgjebja"}); err != nil {
		t.Fatal(err)
	}
	again := &kronika.Document{ID: "b", Lang: "sq", Published: "2025-01-11", Text: "Zgjebja tha sot se Kuvendi do të mblidhet."}
	if _, err := p.Analyze(ctx, again); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range again.Entities {
		names = append(names, e.Name)
	}
	if len(names) == 0 || names[0] != "Albin Kurti" {
		t.Errorf("after the alias, Zgjebja is %v, want Albin Kurti", names)
	}
}
