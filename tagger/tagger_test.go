package tagger

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kronika/kronika/tagger/internal/conll"
)

// sharedData returns ../shared/data relative to the repository root, or
// skips the test when it is absent.
func sharedData(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(dir, "conll2003", "dev.jsonl")); err != nil {
		tb.Skip("shared data not present:", err)
	}
	return dir
}

func loadDocs(tb testing.TB, path string) []TrainDoc {
	tb.Helper()
	docs, err := conll.Read(path)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]TrainDoc, len(docs))
	for i, d := range docs {
		out[i].Sentences = d.Sentences
		out[i].Labels = make([][]Label, len(d.Entities))
		for si, es := range d.Entities {
			for _, e := range es {
				out[i].Labels[si] = append(out[i].Labels[si], Label{e.Start, e.End, e.Type})
			}
		}
	}
	return out
}

func mustEnglish(tb testing.TB) *Model {
	tb.Helper()
	m, err := English()
	if err != nil {
		tb.Fatalf("English: %v", err)
	}
	return m
}

func TestEnglishLoads(t *testing.T) {
	m := mustEnglish(t)
	if got := strings.Join(m.Types(), ","); got != "LOC,MISC,ORG,PER" {
		t.Errorf("types = %s", got)
	}
	if len(m.stages) != 2 {
		t.Errorf("stages = %d, want 2", len(m.stages))
	}
	m2, err := English()
	if err != nil || m2 != m {
		t.Errorf("English() is not loaded once: %p %p %v", m, m2, err)
	}
}

func TestTag(t *testing.T) {
	m := mustEnglish(t)
	tests := []struct {
		sentence string
		want     []string // "text/TYPE", in order; other entities may appear
	}{
		{"Angela Merkel met Emmanuel Macron in Paris on Monday .",
			[]string{"Angela Merkel/PER", "Emmanuel Macron/PER", "Paris/LOC"}},
		{"Shares of Microsoft rose 3 percent in New York trading .",
			[]string{"Microsoft/ORG", "New York/LOC"}},
		{"The European Union said Germany would host the talks .",
			[]string{"European Union/ORG", "Germany/LOC"}},
		{"Manchester United beat Arsenal 2-1 at Old Trafford .",
			[]string{"Manchester United/ORG", "Arsenal/ORG"}},
		{"Italian Prime Minister Romano Prodi arrived in Brussels .",
			[]string{"Italian/MISC", "Romano Prodi/PER", "Brussels/LOC"}},
		{"RUSSIA AND CHINA SIGN TRADE DEAL IN BEIJING .",
			[]string{"RUSSIA/LOC", "CHINA/LOC", "BEIJING/LOC"}},
	}
	for _, tt := range tests {
		toks := strings.Fields(tt.sentence)
		var got []string
		for _, l := range m.Tag(toks) {
			got = append(got, strings.Join(toks[l.Start:l.End], " ")+"/"+l.Type)
		}
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				if g == w {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: missing %s; got %v", tt.sentence, w, got)
			}
		}
	}
}

func TestTagEdgeCases(t *testing.T) {
	m := mustEnglish(t)
	if got := m.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
	if got := m.TagDoc(nil); len(got) != 0 {
		t.Errorf("TagDoc(nil) = %v", got)
	}
	got := m.TagDoc([][]string{{}, {"Paris"}, {"\xff\xfe", "", "ÇÖĞÜŞ"}})
	if len(got) != 3 || len(got[0]) != 0 {
		t.Errorf("TagDoc = %v", got)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := mustEnglish(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	toks := strings.Fields("Peter Blackburn of Reuters reported from BRUSSELS on Tuesday .")
	a, b := m.Tag(toks), m2.Tag(toks)
	if len(a) != len(b) {
		t.Fatalf("round trip changed tags: %v vs %v", a, b)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("round trip changed tags: %v vs %v", a, b)
		}
	}
	if _, err := Load(strings.NewReader("not a model")); err == nil {
		t.Error("Load accepted garbage")
	}
}

// TestTrainSmall trains on a tiny hand-written set to exercise Train.
func TestTrainSmall(t *testing.T) {
	var docs []TrainDoc
	for _, s := range []string{
		"John Smith visited Berlin .", "Mary Jones visited Paris .",
		"John Smith works for Acme Corp .", "Mary Jones left Berlin .",
	} {
		docs = append(docs, TrainDoc{Sentences: [][]string{strings.Fields(s)}})
	}
	docs[0].Labels = [][]Label{{{0, 2, "PER"}, {3, 4, "LOC"}}}
	docs[1].Labels = [][]Label{{{0, 2, "PER"}, {3, 4, "LOC"}}}
	docs[2].Labels = [][]Label{{{0, 2, "PER"}, {4, 6, "ORG"}}}
	docs[3].Labels = [][]Label{{{0, 2, "PER"}, {3, 4, "LOC"}}}
	m, err := Train(docs, TrainOptions{Epochs: 5, Folds: 2, Scheme: "BIO"})
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Evaluate(docs); s.All.F1() < 0.8 {
		t.Errorf("training-set F1 = %s", s)
	}
}

// TestDevF1 scores the embedded model on CoNLL-2003 dev (eng.testa).
func TestDevF1(t *testing.T) {
	dev := loadDocs(t, filepath.Join(sharedData(t), "conll2003", "dev.jsonl"))
	s := mustEnglish(t).Evaluate(dev)
	t.Logf("dev: %s", s)
	const floor = 0.915
	if f := s.All.F1(); f < floor {
		t.Errorf("dev F1 %.4f below %.2f", f, floor)
	}
}

func BenchmarkTag(b *testing.B) {
	dev := loadDocs(b, filepath.Join(sharedData(b), "conll2003", "dev.jsonl"))
	m := mustEnglish(b)
	words := 0
	for _, d := range dev {
		for _, s := range d.Sentences {
			words += len(s)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range dev {
			m.TagDoc(d.Sentences)
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}
