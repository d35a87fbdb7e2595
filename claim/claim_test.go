package claim

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/segment"
)

// doc builds an analysed document by hand: amounts and entity mentions
// are given by their text, found at their first occurrence.
type spec struct {
	id, source, published, lang, text string
	amounts                           []amt
	entities                          [][2]string // surface, canonical name
}

type amt struct {
	text   string
	value  float64
	approx string
	unit   string
	holder string // surface of the holder's entity
}

func build(t *testing.T, s spec) *kronika.Document {
	t.Helper()
	d := &kronika.Document{ID: s.id, Source: s.source, Published: s.published, Lang: s.lang, Text: s.text}
	at := func(sub string) (int, int) {
		i := strings.Index(s.text, sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, s.text)
		}
		st := len([]rune(s.text[:i]))
		return st, st + len([]rune(sub))
	}
	ids := map[string]string{}
	for i, e := range s.entities {
		st, en := at(e[0])
		id := "e" + string(rune('1'+i))
		ids[e[0]] = id
		d.Entities = append(d.Entities, kronika.Entity{ID: id, Name: e[1], Type: kronika.LOC,
			Mentions: []kronika.Mention{{Start: st, End: en, Text: e[0]}}})
	}
	for _, a := range s.amounts {
		st, en := at(a.text)
		am := kronika.Amount{Start: st, End: en, Text: a.text, Value: a.value, Approx: a.approx, Unit: a.unit}
		if a.holder != "" {
			h := ids[a.holder]
			am.Holder = &h
		}
		d.Amounts = append(d.Amounts, am)
	}
	return d
}

func TestLedgerConflictAcrossLanguagesAndCopies(t *testing.T) {
	l := New(func(w, lang string) (string, bool) {
		if w == "koreano-veriorë" {
			return "North Korea", true
		}
		return "", false
	})
	docs := []spec{
		{id: "a", source: "REL", published: "2024-10-20", lang: "sq",
			text:     "Zelensky tha se 10.000 ushtarë të Koresë së Veriut janë gati.",
			entities: [][2]string{{"Zelensky", "Volodymyr Zelensky"}, {"Koresë së Veriut", "North Korea"}},
			amounts:  []amt{{"10.000 ushtarë", 10000, kronika.Exact, "ushtar", "Zelensky"}}},
		{id: "b", source: "WIRE", published: "2024-10-25", lang: "en",
			text:     "The United States said about 3,000 soldiers from North Korea were in Russia for training.",
			entities: [][2]string{{"United States", "United States"}, {"North Korea", "North Korea"}, {"Russia", "Russia"}},
			amounts:  []amt{{"about 3,000 soldiers", 3000, kronika.About, "soldier", "United States"}}},
		{id: "c", source: "REL", published: "2024-10-26", lang: "sq",
			text:    "SHBA-ja ka thënë se rreth 3.000 ushtarë koreano-veriorë janë në Rusi për trajnime.",
			amounts: []amt{{"rreth 3.000 ushtarë", 3000, kronika.About, "ushtar", ""}}},
		// A copy of b, republished with one word changed: its figure must not
		// count as a second source.
		{id: "d", source: "COPY", published: "2024-10-26", lang: "en",
			text:     "The United States said about 3,000 soldiers from North Korea were in Russia for military training.",
			entities: [][2]string{{"United States", "United States"}, {"North Korea", "North Korea"}, {"Russia", "Russia"}},
			amounts:  []amt{{"about 3,000 soldiers", 3000, kronika.About, "soldier", "United States"}}},
	}
	for _, s := range docs {
		l.Add(build(t, s))
	}
	if got := l.CopyOf("d"); got != "b" {
		t.Errorf("CopyOf(d) = %q, want b", got)
	}
	gs := l.Groups(Filter{MinClaims: 2})
	if len(gs) != 1 {
		t.Fatalf("got %d groups, want 1: %+v", len(gs), gs)
	}
	g := gs[0]
	if g.Status != Conflict || g.Unit != "soldier" || g.Subject[0] != "North Korea" || len(g.Claims) != 4 {
		t.Errorf("group %+v", g)
	}
	if g.Figure != 2400 {
		t.Errorf("figure %g, want 2400 (the lower bound of about 3,000)", g.Figure)
	}
	if g.Claims[0].Doc != "a" || g.Claims[0].Holder == nil || *g.Claims[0].Holder != "Volodymyr Zelensky" {
		t.Errorf("first claim %+v", g.Claims[0])
	}
	if len(l.Groups(Filter{Conflicts: true, Entity: "north korea"})) != 1 || len(l.Groups(Filter{Entity: "Peru"})) != 0 {
		t.Error("entity filter")
	}

	// Without the 10,000 the figures agree: a corroboration by two
	// independent sources (the copy does not count).
	l.Remove("a")
	g = l.Groups(Filter{MinClaims: 2})[0]
	if g.Status != Corroboration || g.Sources != 2 {
		t.Errorf("after removing a: %s from %d sources", g.Status, g.Sources)
	}
}

func TestConceptsSeparateGroups(t *testing.T) {
	l := New(nil)
	l.Add(build(t, spec{id: "a", source: "X", published: "2025-03-01", lang: "sq",
		text:     "Dëmet në Skenderaj arrijnë 25 milionë euro, ndërsa ndihma për Skenderaj është 2 milionë euro.",
		entities: [][2]string{{"Skenderaj", "Skenderaj"}},
		amounts:  []amt{{"25 milionë euro", 25e6, kronika.Exact, "euro", ""}, {"2 milionë euro", 2e6, kronika.Exact, "euro", ""}}}))
	l.Add(build(t, spec{id: "b", source: "Y", published: "2025-03-02", lang: "en",
		text:     "The damage in Skenderaj is 12 million euros.",
		entities: [][2]string{{"Skenderaj", "Skenderaj"}},
		amounts:  []amt{{"12 million euros", 12e6, kronika.Exact, "euro", ""}}}))
	var got []string
	for _, g := range l.Groups(Filter{}) {
		got = append(got, g.Status+" "+g.Concept+" "+g.Unit)
	}
	want := "conflict damage euro|single aid euro"
	if strings.Join(got, "|") != want {
		t.Errorf("groups %q, want %q", got, want)
	}
}

func TestBounds(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		a, b Claim
		want bool
	}{
		{Claim{Value: 10000, Approx: kronika.Exact}, Claim{Value: 3000, Approx: kronika.About}, false},
		{Claim{Value: 1000, Approx: kronika.Vague}, Claim{Value: 3000, Approx: kronika.About}, true},
		{Claim{Value: 5000, Approx: kronika.MoreThan}, Claim{Value: 20000, Approx: kronika.Exact}, true},
		{Claim{Value: 5000, Approx: kronika.LessThan}, Claim{Value: 20000, Approx: kronika.Exact}, false},
		{Claim{Value: 3, ValueMax: f(5), Approx: kronika.Exact}, Claim{Value: 4, Approx: kronika.Exact}, true},
		{Claim{Value: 100, Approx: kronika.About}, Claim{Value: 115, Approx: kronika.Exact}, true},
	}
	for _, tt := range tests {
		if got := agree(tt.a, tt.b); got != tt.want {
			t.Errorf("agree(%v, %v) = %v", tt.a, tt.b, got)
		}
	}
}

func TestPacks(t *testing.T) {
	for _, code := range lang.Codes() {
		if _, err := packs.Get(code); err != nil {
			t.Errorf("%s: %v", code, err)
		}
	}
}

// docStore is a store that holds documents and can fail after them; only
// Documents is implemented.
type docStore struct {
	kronika.Store
	docs []*kronika.Document
	err  error
}

func (s docStore) Documents(ctx context.Context, fn func(*kronika.Document) error) error {
	for _, d := range s.docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return s.err
}

func TestAddStore(t *testing.T) {
	specs := []spec{
		{id: "a", source: "X", published: "2024-10-20", lang: "en",
			text:     "Officials in Kursk said 3,000 soldiers arrived.",
			entities: [][2]string{{"Kursk", "Kursk"}},
			amounts:  []amt{{"3,000 soldiers", 3000, kronika.Exact, "soldier", ""}}},
		{id: "b", source: "Y", published: "2024-10-22", lang: "en",
			text:     "About 10,000 soldiers are now in Kursk, the ministry said.",
			entities: [][2]string{{"Kursk", "Kursk"}},
			amounts:  []amt{{"About 10,000 soldiers", 10000, kronika.About, "soldier", ""}}},
	}
	st := docStore{}
	want := New(nil)
	for _, s := range specs {
		d := build(t, s)
		st.docs = append(st.docs, d)
		want.Add(d)
	}
	l := New(nil)
	n, err := l.AddStore(context.Background(), st)
	if err != nil || n != 2 || l.Len() != 2 {
		t.Fatalf("AddStore = %d, %v; ledger holds %d", n, err, l.Len())
	}
	got, _ := json.Marshal(l.Groups(Filter{}))
	w, _ := json.Marshal(want.Groups(Filter{MinClaims: 2}))
	if string(got) != string(w) || len(want.Groups(Filter{MinClaims: 2})) != 1 {
		t.Errorf("groups from the store %s, want one group %s", got, w)
	}

	broken := errors.New("disk gone")
	st.err = broken
	n, err = New(nil).AddStore(context.Background(), st)
	if !errors.Is(err, broken) || n != 2 {
		t.Errorf("failing store: AddStore = %d, %v", n, err)
	}
}

func TestFilterKeep(t *testing.T) {
	holder := "Ministry"
	g := Group{Status: Conflict, Subject: []string{"North Korea"},
		Claims: []Claim{{Value: 1}, {Value: 2, Holder: &holder}}}
	single := Group{Status: Single, Subject: []string{}, Claims: []Claim{{Value: 1}}}
	tests := []struct {
		f    Filter
		g    Group
		want bool
	}{
		{Filter{}, g, true},
		{Filter{}, single, true},
		{Filter{MinClaims: 2}, single, false},
		{Filter{Conflicts: true}, g, true},
		{Filter{Conflicts: true}, single, false},
		{Filter{Entity: "north korea"}, g, true},
		{Filter{Entity: "ministry"}, g, true},
		{Filter{Entity: "Peru"}, g, false},
		{Filter{Conflicts: true, Entity: "North Korea", MinClaims: 3}, g, false},
	}
	for _, tt := range tests {
		if got := tt.f.Keep(tt.g); got != tt.want {
			t.Errorf("%+v.Keep(%s with %d claims) = %v, want %v", tt.f, tt.g.Status, len(tt.g.Claims), got, tt.want)
		}
	}
}

// TestAddAnalysis checks that a document filed with the pipeline's tokens
// gives the claims Add finds by segmenting it again.
func TestAddAnalysis(t *testing.T) {
	d := build(t, spec{id: "a", source: "X", published: "2024-10-20", lang: "en",
		text:     "Officials in Kursk said 3,000 soldiers arrived.",
		entities: [][2]string{{"Kursk", "Kursk"}},
		amounts:  []amt{{"3,000 soldiers", 3000, kronika.Exact, "soldier", ""}}})
	want := New(nil)
	want.Add(d)
	runes := []rune(d.Text)
	toks, sents := segment.New().Segment(runes, d.Lang)
	got := New(nil)
	got.AddAnalysis(&kronika.Analysis{Doc: d, Runes: runes, Tokens: toks, Sentences: sents})
	g, _ := json.Marshal(got.Groups(Filter{}))
	w, _ := json.Marshal(want.Groups(Filter{}))
	if got.Len() != 1 || string(g) != string(w) {
		t.Errorf("AddAnalysis filed %s, Add %s", g, w)
	}
}
