package sqlite

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kronika/kronika"
)

func strp(s string) *string { return &s }

// eventDoc is an article with two events: a meeting of e1 and e2 in e3,
// and a statement of e1.
func eventDoc(id, published, kurti string) *kronika.Document {
	text := kurti + " met Vučić in Brussels. " + kurti + " said it went well."
	d := doc(id, "en", published, "X", text,
		ent(kurti, kronika.PER, "", kurti),
		ent("Aleksandar Vučić", kronika.PER, "aleksandar-vucic", "Vučić"),
		ent("Brussels", kronika.LOC, "geo:brussels", "Brussels"))
	d.Events = []kronika.Event{
		{Type: kronika.Meeting, Start: 0, End: len([]rune(kurti)) + 23, Cue: "met", Actors: []string{"e1", "e2"}, Place: strp("e3"), Date: strp(published)},
		{Type: kronika.Statement, Start: len([]rune(kurti)) + 24, End: len([]rune(text)), Cue: "said", Actors: []string{"e1"}},
	}
	return d
}

func TestEventsRoundTrip(t *testing.T) {
	db := open(t)
	d := eventDoc("a", "2025-03-01", "Kurti")
	put(t, db, d)
	a, err := db.Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Events, d.Events) {
		t.Errorf("events read back:\n%+v\nwant\n%+v", a.Events, d.Events)
	}
	vucic, err := db.FindEntity(ctx, "Aleksandar Vučić")
	if err != nil {
		t.Fatal(err)
	}
	l, err := db.Events(ctx, kronika.EventFilter{Entity: vucic.ID}, kronika.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 1 || len(l.Items) != 1 {
		t.Fatalf("events of Vučić: %+v", l)
	}
	ev := l.Items[0]
	if ev.Type != kronika.Meeting || ev.Article != "a" || ev.Sentence != "Kurti met Vučić in Brussels." ||
		len(ev.ActorRefs) != 2 || ev.ActorRefs[1].ID != vucic.ID || ev.PlaceRef == nil || ev.PlaceRef.Name != "Brussels" {
		t.Errorf("event of Vučić: %+v", ev)
	}
	kurti, _ := db.FindEntity(ctx, "Kurti")
	if l, _ := db.Events(ctx, kronika.EventFilter{Entity: kurti.ID}, kronika.Page{}); l.Total != 2 {
		t.Errorf("events of Kurti: %d, want 2", l.Total)
	}
	if l, _ := db.Events(ctx, kronika.EventFilter{Article: "a"}, kronika.Page{Limit: 1}); l.Total != 2 || len(l.Items) != 1 {
		t.Errorf("events of article a, one page: total %d, %d items", l.Total, len(l.Items))
	}
	if s, _ := db.Stats(ctx); s.Events != 2 {
		t.Errorf("stats: %d events", s.Events)
	}
	// Storing the article again with other facts replaces its events.
	d2 := eventDoc("a", "2025-03-02", "Kurti")
	d2.Events = d2.Events[1:]
	put(t, db, d2)
	if l, _ := db.Events(ctx, kronika.EventFilter{Entity: vucic.ID}, kronika.Page{}); l.Total != 0 {
		t.Errorf("events of Vučić after the update: %d", l.Total)
	}
}

func TestDocuments(t *testing.T) {
	db := open(t)
	put(t, db, eventDoc("a", "2025-03-01", "Albin Kurti"), eventDoc("b", "2025-03-02", "Kurti"),
		doc("c", "sq", "2025-03-03", "Y", "Tekst pa emra."))
	var got []*kronika.Document
	err := db.Documents(ctx, func(d *kronika.Document) error {
		got = append(got, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != "a" || got[1].ID != "b" || got[2].ID != "c" {
		t.Fatalf("documents: %d", len(got))
	}
	if len(got[1].Events) != 2 || got[1].Entities[0].Name != "Kurti" || got[2].Text != "Tekst pa emra." {
		t.Errorf("document b: %+v", got[1])
	}
	// After a merge the documents carry the registry's name.
	full, _ := db.FindEntity(ctx, "Albin Kurti")
	short, _ := db.FindEntity(ctx, "Kurti")
	if full.ID == short.ID {
		t.Fatal("Kurti and Albin Kurti are one entity before the merge")
	}
	if err := db.Correct(ctx, kronika.Correction{Kind: kronika.Merge, From: short.ID, To: full.ID}); err != nil {
		t.Fatal(err)
	}
	var names []string
	db.Documents(ctx, func(d *kronika.Document) error {
		if d.ID == "b" {
			names = append(names, d.Entities[0].Name)
		}
		return nil
	})
	if len(names) != 1 || names[0] != "Albin Kurti" {
		t.Errorf("b's first entity after the merge: %v, want Albin Kurti", names)
	}
}

// TestSchema1Readable opens a store written before events were kept.
func TestSchema1Readable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d := eventDoc("a", "2025-03-01", "Kurti")
	d.Events = nil
	put(t, db, d)
	for _, q := range []string{"drop table events", "drop table event_entities", "pragma user_version = 1"} {
		if _, err := db.wr.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Events == nil || len(a.Events) != 0 {
		t.Errorf("events of an old article: %#v, want []", a.Events)
	}
	if l, err := db.Events(ctx, kronika.EventFilter{}, kronika.Page{}); err != nil || l.Total != 0 {
		t.Errorf("events of an old store: %v %v", l, err)
	}
}
