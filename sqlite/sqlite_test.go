package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kronika/kronika"
)

func open(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// doc builds a document whose entities are found by their names in text.
func doc(id, lang, published, source, text string, ents ...kronika.Entity) *kronika.Document {
	d := &kronika.Document{ID: id, Lang: lang, Published: published, Source: source, Text: text}
	rs := []rune(text)
	for i, e := range ents {
		e.ID = "e" + string(rune('1'+i))
		for j, f := range e.Mentions {
			at := strings.Index(text, f.Text)
			if at < 0 {
				panic("mention " + f.Text + " not in text")
			}
			s := len([]rune(text[:at]))
			e.Mentions[j] = kronika.Mention{Start: s, End: s + len([]rune(f.Text)), Text: string(rs[s : s+len([]rune(f.Text))])}
		}
		d.Entities = append(d.Entities, e)
	}
	return d
}

func ent(name, typ, kb string, forms ...string) kronika.Entity {
	e := kronika.Entity{Name: name, Type: typ, KB: kb}
	for _, f := range forms {
		e.Mentions = append(e.Mentions, kronika.Mention{Text: f})
	}
	return e
}

var ctx = context.Background()

func put(t *testing.T, db *DB, docs ...*kronika.Document) []kronika.PutStatus {
	t.Helper()
	st, err := db.Put(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	put(t, db, doc("a", "sq", "2024-01-01", "X", "Tekst."))
	db.Close()
	// Opening again applies nothing and keeps the data.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.SchemaVersion(ctx); v != len(migrations) {
		t.Errorf("schema version %d, want %d", v, len(migrations))
	}
	if s, _ := db.Stats(ctx); s.Articles != 1 {
		t.Errorf("articles after reopening: %d", s.Articles)
	}
	var mode string
	db.rd.QueryRow("pragma journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal mode %q, want wal", mode)
	}
}

func TestPutIdempotent(t *testing.T) {
	db := open(t)
	d := doc("a", "sq", "2024-01-01", "X", "Rusia sulmoi.", ent("Russia", "LOC", "Q159", "Rusia"))
	if st := put(t, db, d); st[0] != kronika.Inserted {
		t.Fatalf("first put: %v", st[0])
	}
	if st := put(t, db, d); st[0] != kronika.Unchanged {
		t.Errorf("second put: %v", st[0])
	}
	// The same content under another id is not stored again.
	d2 := *d
	d2.ID = "copy"
	if st := put(t, db, &d2); st[0] != kronika.Unchanged {
		t.Errorf("copy: %v", st[0])
	}
	if ok, _ := db.Stored(ctx, "a", kronika.ContentHash(d)); !ok {
		t.Error("Stored: false for a stored article")
	}
	d3 := doc("a", "sq", "2024-01-01", "X", "Rusia dhe Rusia sulmuan.", ent("Russia", "LOC", "Q159", "Rusia"))
	d3.Entities[0].Mentions = append(d3.Entities[0].Mentions, kronika.Mention{Start: 11, End: 16, Text: "Rusia"})
	if st := put(t, db, d3); st[0] != kronika.Updated {
		t.Errorf("changed: %v", st[0])
	}
	s, _ := db.Stats(ctx)
	if s.Articles != 1 {
		t.Errorf("articles: %d, want 1", s.Articles)
	}
	e, err := db.FindEntity(ctx, "Russia")
	if err != nil {
		t.Fatal(err)
	}
	if e.Mentions != 2 || e.Articles != 1 {
		t.Errorf("counts after update: %d mentions, %d articles; want 2, 1", e.Mentions, e.Articles)
	}
	a, err := db.Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != d3.Text || len(a.Entities) != 1 || a.Registry["e1"] != e.ID {
		t.Errorf("article: %+v", a)
	}
	if _, err := db.Article(ctx, "nope"); !errors.Is(err, kronika.ErrNotFound) {
		t.Errorf("missing article: %v", err)
	}
}

func corpus(t *testing.T, db *DB) {
	t.Helper()
	put(t, db,
		doc("sq1", "sq", "2024-03-02", "Telegrafi", "Sanksionet ndaj Rusisë u zgjatën. Shefi i NATO-s foli në Tiranë.",
			ent("Russia", "LOC", "Q159", "Rusisë"), ent("NATO", "ORG", "Q7184", "NATO-s")),
		doc("sq2", "sq", "2024-04-10", "Koha", "Rusia dhe Koreja e Veriut nënshkruan një marrëveshje.",
			ent("Russia", "LOC", "Q159", "Rusia"), ent("North Korea", "LOC", "Q423", "Koreja e Veriut")),
		doc("en1", "en", "2023-12-01", "Reuters", "NATO leaders met in Brussels. The United States and the U.S. Congress agreed.",
			ent("NATO", "ORG", "Q7184", "NATO"), ent("United States", "LOC", "Q30", "United States"), ent("U.S.", "ORG", "", "U.S.")),
		doc("en2", "en", "2024-02-01", "Reuters", "<script>alert(1)</script> North Korea fired a missile.",
			ent("North Korea", "LOC", "Q423", "North Korea")),
	)
}

func TestSearch(t *testing.T) {
	db := open(t)
	corpus(t, db)
	tests := []struct {
		q    string
		want []string // docs, in any order
	}{
		{"Rusia", []string{"sq1", "sq2"}},
		{"Rusisë", []string{"sq1", "sq2"}},
		{"rusise", []string{"sq1", "sq2"}},
		{"NATO", []string{"sq1", "en1"}},
		{"NATO lang:sq", []string{"sq1"}},
		{"NATO source:reuters", []string{"en1"}},
		{`entity:"North Korea"`, []string{"sq2", "en2"}},
		{`entity:"North Korea" lang:en`, []string{"en2"}},
		{`entity:Q159`, []string{"sq1", "sq2"}},
		{"Rusia from:2024-04-01", []string{"sq2"}},
		{"Rusia to:2024-03", []string{"sq1"}},
		{"Rusia -marrëveshje", []string{"sq1"}},
		{`"Koreja e Veriut"`, []string{"sq2"}},
		{"entity:Nowhere", nil},
		{"missile", []string{"en2"}},
		{`NEAR( "x`, nil}, // syntax is quoted away, not an error
	}
	for _, tt := range tests {
		got, err := db.Search(ctx, kronika.ParseQuery(tt.q), kronika.Page{})
		if err != nil {
			t.Errorf("%s: %v", tt.q, err)
			continue
		}
		var ids []string
		for _, h := range got.Items {
			ids = append(ids, h.ID)
		}
		if !sameSet(ids, tt.want) || got.Total != len(tt.want) {
			t.Errorf("%s: got %v (total %d), want %v", tt.q, ids, got.Total, tt.want)
		}
	}
	got, _ := db.Search(ctx, kronika.ParseQuery("Rusia"), kronika.Page{})
	for _, h := range got.Items {
		if !strings.Contains(h.Snippet, "<mark>Rusi") {
			t.Errorf("snippet of %s has no highlight: %s", h.ID, h.Snippet)
		}
	}
	got, _ = db.Search(ctx, kronika.ParseQuery("missile"), kronika.Page{})
	if s := got.Items[0].Snippet; strings.Contains(s, "<script") || !strings.Contains(s, "&gt;") {
		t.Errorf("snippet not escaped: %s", s)
	}
	// Pages.
	p1, _ := db.Search(ctx, kronika.ParseQuery("lang:sq"), kronika.Page{Limit: 1})
	p2, _ := db.Search(ctx, kronika.ParseQuery("lang:sq"), kronika.Page{Limit: 1, Offset: 1})
	if p1.Total != 2 || len(p1.Items) != 1 || len(p2.Items) != 1 || p1.Items[0].ID == p2.Items[0].ID {
		t.Errorf("pages: %+v / %+v", p1, p2)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestEntitiesAndQuotes(t *testing.T) {
	db := open(t)
	d := doc("q1", "en", "2024-05-01", "X", `"We are ready," Mark Rutte said.`, ent("Mark Rutte", "PER", "Q57792", "Mark Rutte"))
	d.Entities[0].Titles = []string{"NATO Secretary General"}
	sp := "e1"
	d.Quotes = []kronika.Quote{{Kind: kronika.Direct, Start: 1, End: 13, Text: "We are ready", Speaker: &sp, SpeakerText: "Mark Rutte", Cue: "said"}}
	put(t, db, d)
	corpus(t, db)
	l, err := db.Entities(ctx, kronika.EntityFilter{}, kronika.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total < 5 || l.Items[0].Mentions < l.Items[len(l.Items)-1].Mentions {
		t.Errorf("entities: %+v", l)
	}
	r, _ := db.FindEntity(ctx, "Mark Rutte")
	e, err := db.Entity(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Titles) != 1 || e.Titles[0].Text != "NATO Secretary General" || len(e.Timeline) != 1 || e.Timeline[0].Month != "2024-05" {
		t.Errorf("entity detail: %+v", e)
	}
	qs, err := db.Quotes(ctx, kronika.QuoteFilter{Speaker: r.ID}, kronika.Page{})
	if err != nil || qs.Total != 1 || qs.Items[0].SpeakerName != "Mark Rutte" || qs.Items[0].Article != "q1" {
		t.Errorf("quotes: %+v %v", qs, err)
	}
	rus, _ := db.FindEntity(ctx, "Rusisë") // a form seen in a text
	if rus == nil || rus.Name != "Russia" {
		t.Errorf("find by form: %+v", rus)
	}
}

func TestCorrectionsSurviveReingest(t *testing.T) {
	db := open(t)
	corpus(t, db)
	us, _ := db.FindEntity(ctx, "United States")
	usAbbr, _ := db.FindEntity(ctx, "U.S.")
	if us == nil || usAbbr == nil || us.ID == usAbbr.ID {
		t.Fatalf("setup: %+v %+v", us, usAbbr)
	}
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Merge, From: usAbbr.ID, To: us.ID}); err != nil {
		t.Fatal(err)
	}
	e, _ := db.Entity(ctx, us.ID)
	if e.Mentions != 2 || len(e.Merged) != 1 {
		t.Errorf("after merge: %+v", e)
	}
	if got, _ := db.Entity(ctx, usAbbr.ID); got.ID != us.ID {
		t.Errorf("merged-away id gives %d, want %d", got.ID, us.ID)
	}
	// Alias: "Shtetet e Bashkuara" names the United States.
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Alias, To: us.ID, Surface: "Shtetet e Bashkuara"}); err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := db.Lookup(ctx, "shtetet e bashkuara", "sq"); !ok || got.ID != us.ID {
		t.Errorf("lookup alias: %+v %v", got, ok)
	}
	// Split: "Tiranë" was wrongly attached to NATO.
	nd := doc("sq3", "sq", "2024-06-01", "Koha", "NATO dhe Tiranë. Shtetet e Bashkuara po ashtu.",
		ent("NATO", "ORG", "Q7184", "NATO", "Tiranë"), ent("Shtetet e Bashkuara", "LOC", "", "Shtetet e Bashkuara"))
	put(t, db, nd)
	nato, _ := db.FindEntity(ctx, "NATO")
	before := nato.Mentions
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Split, From: nato.ID, Surface: "Tiranë"}); err != nil {
		t.Fatal(err)
	}
	nato, _ = db.FindEntity(ctx, "NATO")
	if nato.Mentions != before-1 {
		t.Errorf("NATO mentions after split: %d, want %d", nato.Mentions, before-1)
	}
	check := func(when string) {
		t.Helper()
		e, _ := db.Entity(ctx, us.ID)
		if e.Mentions != 3 || e.Articles != 2 {
			t.Errorf("%s: United States %d mentions in %d articles, want 3 in 2 (%+v)", when, e.Mentions, e.Articles, e)
		}
		nato, _ := db.FindEntity(ctx, "NATO")
		e, _ = db.Entity(ctx, nato.ID)
		for _, f := range e.Forms {
			if f.Text == "Tiranë" {
				t.Errorf("%s: Tiranë still a form of NATO", when)
			}
		}
		h, _ := db.Search(ctx, kronika.ParseQuery(`entity:"United States"`), kronika.Page{})
		if h.Total != 2 {
			t.Errorf("%s: entity filter after merge: %d hits", when, h.Total)
		}
	}
	check("after corrections")
	// Re-ingest changed versions of the articles: the corrections hold.
	en1, _ := db.Article(ctx, "en1")
	en1.Text += " "
	nd.Text += " "
	put(t, db, &en1.Document, nd)
	check("after re-ingest")
	// And after reopening the store.
	db.Close()
	db2, err := Open(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	db = db2
	en1.Text += " "
	put(t, db, &en1.Document)
	check("after reopening")
	cs, _ := db.Corrections(ctx)
	if len(cs) != 3 {
		t.Errorf("corrections: %+v", cs)
	}
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Merge, From: 999, To: us.ID}); !errors.Is(err, kronika.ErrNotFound) {
		t.Errorf("merge of a missing entity: %v", err)
	}
}

func TestParseQuery(t *testing.T) {
	q := kronika.ParseQuery(`Rusia "Koreja e Veriut" entity:"North Korea" lang:SQ source:Koha from:2024-01 to:2024-12-31 -war`)
	if len(q.Terms) != 2 || q.Terms[1] != "Koreja e Veriut" || q.Entities[0] != "North Korea" || q.Lang != "sq" ||
		q.Source != "Koha" || q.From != "2024-01" || q.To != "2024-12-31" || q.Exclude[0] != "war" {
		t.Errorf("%+v", q)
	}
}

// TestRegistryReadsDoNotWaitForWriter checks that resolving merges and
// aliases does not wait on the write lock, which a Put holds for a whole
// batch.
func TestRegistryReadsDoNotWaitForWriter(t *testing.T) {
	db := open(t)
	corpus(t, db)
	us, _ := db.FindEntity(ctx, "United States")
	usAbbr, _ := db.FindEntity(ctx, "U.S.")
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Merge, From: usAbbr.ID, To: us.ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Alias, To: us.ID, Surface: "Shtetet e Bashkuara"}); err != nil {
		t.Fatal(err)
	}
	db.mu.Lock() // a writer in the middle of a batch
	defer db.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if e, ok, err := db.Lookup(ctx, "Shtetet e Bashkuara", ""); err != nil || !ok || e.ID != us.ID {
			t.Errorf("lookup of the alias: %+v %v %v", e, ok, err)
		}
		if e, err := db.FindEntity(ctx, "id:"+strconv.FormatInt(usAbbr.ID, 10)); err != nil || e.ID != us.ID {
			t.Errorf("the merged-away id: %+v %v", e, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("registry reads wait for the writer")
	}
}
