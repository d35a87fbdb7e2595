package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/kronika/kronika/demo"
	"github.com/kronika/kronika/ingest"
)

// planted is demo/conflicts.json: the claim groups planted in the demo
// corpus.
type planted struct {
	Groups []struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Claims []struct {
			File  string  `json:"file"`
			Text  string  `json:"text"`
			Value float64 `json:"value"`
		} `json:"claims"`
	} `json:"groups"`
	Copies [][2]string `json:"copies"`
}

// demoLedger runs the demo corpus through the pipeline into a ledger and
// returns it with the documents' texts.
func demoLedger(t *testing.T) (*claim.Ledger, map[string]string) {
	t.Helper()
	p, err := newPipeline(0)
	if err != nil {
		t.Fatal(err)
	}
	l, err := newLedger()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	corpus := demo.Corpus()
	err = fs.WalkDir(corpus, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := corpus.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return ingest.Read(context.Background(), path, f, func(it ingest.Item) error {
			if it.Err != nil {
				return it.Err
			}
			if _, err := p.Analyze(context.Background(), it.Doc); err != nil {
				return err
			}
			l.Add(it.Doc)
			texts[it.Doc.ID] = it.Doc.Text
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return l, texts
}

// readPlanted reads demo/conflicts.json.
func readPlanted(t *testing.T) planted {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "demo", "conflicts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pl planted
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestDemoClaims checks the claim ledger built from files on the demo
// corpus: every planted conflict is found, no false conflict is reported,
// copies are detected.
func TestDemoClaims(t *testing.T) {
	l, texts := demoLedger(t)
	checkPlanted(t, readPlanted(t), l.Groups(claim.Filter{Conflicts: true}), l.Groups(claim.Filter{}), l.CopyOf, texts)
}

// TestDemoClaimsStore checks `kronika claims --db` on a store filled with
// the demo corpus, as TestDemoClaims checks the files.
func TestDemoClaimsStore(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	if _, errs, code := kronikaRun(t, "", "ingest", "--db", db, filepath.Join("..", "..", "demo", "corpus")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	groups := func(args ...string) []claim.Group {
		out, errs, code := kronikaRun(t, "", append([]string{"claims", "--db", db, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("claims %v: exit %d: %s", args, code, errs)
		}
		var gs []claim.Group
		if err := json.Unmarshal([]byte(out), &gs); err != nil {
			t.Fatalf("claims --json: %v: %s", err, out)
		}
		return gs
	}
	conflicts, all := groups("--conflicts"), groups("--all")
	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	texts := map[string]string{}
	st.Documents(ctx, func(d *kronika.Document) error {
		texts[d.ID] = d.Text
		return nil
	})
	l, err := ledgerFrom(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	checkPlanted(t, readPlanted(t), conflicts, all, l.CopyOf, texts)

	// The text output and the filters.
	out, _, _ := kronikaRun(t, "", "claims", "--db", db, "--conflicts")
	if !strings.HasPrefix(out, "CONFLICT: ") || strings.Contains(out, "CORROBORATION") {
		t.Errorf("claims --conflicts text output:\n%s", out)
	}
	if _, errs, code := kronikaRun(t, "", "claims", "--db", filepath.Join(t.TempDir(), "none.db")); code != 1 || !strings.Contains(errs, "no store") {
		t.Errorf("claims on a missing store: exit %d: %s", code, errs)
	}
}

// checkPlanted checks claim groups against the groups planted in the demo
// corpus: conflicts are the conflict groups, all every group.
func checkPlanted(t *testing.T, pl planted, conflicts, all []claim.Group, copyOf func(string) string, texts map[string]string) {
	t.Helper()

	type where struct {
		doc        string
		start, end int
	}
	type mark struct {
		group, kind string
		value       float64
	}
	var marks []struct {
		w where
		m mark
	}
	for _, g := range pl.Groups {
		for _, c := range g.Claims {
			doc := strings.TrimSuffix(c.File, ".txt")
			text, ok := texts[doc]
			if !ok {
				t.Fatalf("%s: not in the corpus", c.File)
			}
			i := strings.Index(text, c.Text)
			if i < 0 {
				t.Fatalf("%s: %q not in the text", c.File, c.Text)
			}
			s := len([]rune(text[:i]))
			marks = append(marks, struct {
				w where
				m mark
			}{where{doc, s, s + len([]rune(c.Text))}, mark{g.ID, g.Kind, c.Value}})
		}
	}
	lookup := func(c claim.Claim) (mark, bool) {
		for _, m := range marks {
			if m.w.doc == c.Doc && c.Start < m.w.end && m.w.start < c.End {
				return m.m, true
			}
		}
		return mark{}, false
	}

	found := map[string]bool{}
	for _, g := range conflicts {
		values := map[string]map[float64]bool{}
		for _, c := range g.Claims {
			if m, ok := lookup(c); ok && m.kind == claim.Conflict && c.CopyOf == "" {
				if values[m.group] == nil {
					values[m.group] = map[float64]bool{}
				}
				values[m.group][m.value] = true
			}
		}
		real := false
		for id, vs := range values {
			if len(vs) > 1 {
				found[id] = true
				real = true
			}
		}
		if !real {
			var cs []string
			for _, c := range g.Claims {
				cs = append(cs, c.Doc+": "+c.Text)
			}
			t.Errorf("false conflict on %s %s: %s", g.Concept, g.Unit, strings.Join(cs, "; "))
		}
	}
	corroborated := 0
	for _, g := range all {
		for _, c := range g.Claims {
			if m, ok := lookup(c); ok && m.kind == claim.Corroboration && g.Status == claim.Corroboration {
				corroborated++
				break
			}
		}
	}
	want := 0
	for _, g := range pl.Groups {
		if g.Kind == claim.Conflict {
			want++
			if !found[g.ID] {
				t.Errorf("planted conflict %s not found", g.ID)
			}
		}
	}
	t.Logf("conflicts found: %d of %d; corroboration groups: %d", len(found), want, corroborated)
	for _, cp := range pl.Copies {
		orig, cop := strings.TrimSuffix(cp[0], ".txt"), strings.TrimSuffix(cp[1], ".txt")
		if got := copyOf(cop); got != orig {
			t.Errorf("CopyOf(%s) = %q, want %s", cop, got, orig)
		}
	}
}

// BenchmarkLedgerRebuild measures rebuilding the claim ledger over 100,000
// stored articles (the demo corpus, analysed once, copied with new ids and
// dates spread over years): adding every article, then grouping.
func BenchmarkLedgerRebuild(b *testing.B) {
	p, err := newPipeline(0)
	if err != nil {
		b.Fatal(err)
	}
	var docs []kronika.Document
	corpus := demo.Corpus()
	fs.WalkDir(corpus, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, _ := corpus.Open(path)
		defer f.Close()
		return ingest.Read(context.Background(), path, f, func(it ingest.Item) error {
			if it.Err == nil {
				p.Analyze(context.Background(), it.Doc)
				docs = append(docs, *it.Doc)
			}
			return nil
		})
	})
	const n = 100000
	all := make([]kronika.Document, 0, n)
	for i := 0; len(all) < n; i++ {
		for _, d := range docs {
			d.ID = fmt.Sprintf("%s-%d", d.ID, i)
			// Spread the copies over the days of 30 years so that time
			// windows keep stories apart as in a real archive.
			d.Published = fmt.Sprintf("%04d-%02d-%02d", 1996+i/366, 1+(i/31)%12, 1+i%28)
			all = append(all, d)
		}
	}
	b.ResetTimer()
	for range b.N {
		l, _ := newLedger()
		for i := range all {
			l.Add(&all[i])
		}
		gs := l.Groups(claim.Filter{})
		b.ReportMetric(float64(len(gs)), "groups")
	}
	b.ReportMetric(float64(len(all)), "articles")
}

// TestSeedClaims checks the reference article from a store: its three
// troop figures (thousands, 10,000, about 3,000) are one group, a conflict;
// the 600,000 Russian losses are another.
func TestSeedClaims(t *testing.T) {
	seed := filepath.Join(shared(t), "seed", "000_a9c94aec80565383.txt")
	db := filepath.Join(t.TempDir(), "k.db")
	if _, errs, code := kronikaRun(t, "", "ingest", "--db", db, seed); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	out, errs, code := kronikaRun(t, "", "claims", "--db", db, "--json", "--all")
	if code != 0 {
		t.Fatalf("claims: exit %d: %s", code, errs)
	}
	var gs []claim.Group
	if err := json.Unmarshal([]byte(out), &gs); err != nil {
		t.Fatal(err)
	}
	// The figures by their text in the article.
	groupOf := map[string]int{}
	for i, g := range gs {
		for _, c := range g.Claims {
			groupOf[c.Text] = i + 1
		}
	}
	troops := groupOf["10.000 ushtarë"]
	if troops == 0 || groupOf["rreth 3.000 ushtarë"] != troops || groupOf["mijëra ushtarëve"] != troops {
		t.Fatalf("troop figures in groups %v; want one:\n%s", groupOf, out)
	}
	if g := gs[troops-1]; g.Status != claim.Conflict || len(g.Claims) != 3 {
		t.Errorf("troop group: %s with %d claims, want a conflict of 3", g.Status, len(g.Claims))
	}
	if l := groupOf["më shumë se 600.000 ushtarëve"]; l == 0 || l == troops {
		t.Errorf("600,000 losses in group %d, troops in %d", l, troops)
	}
}

func TestFigure(t *testing.T) {
	for v, want := range map[float64]string{12e6: "12,000,000", 2.1: "2.1", 600: "600", 1234.5: "1,234.5", -3000: "-3,000", 1e12: "1,000,000,000,000"} {
		if got := figure(v); got != want {
			t.Errorf("figure(%g) = %q, want %q", v, got, want)
		}
	}
}
