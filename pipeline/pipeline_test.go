package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kronika/kronika"
)

// marker is a test extractor that records, in the document, the order in
// which the stages ran.
type marker struct {
	name  string
	calls atomic.Int64
	fail  string // document id to fail on
}

func (m *marker) Name() string { return m.name }

func (m *marker) Extract(ctx context.Context, a *kronika.Analysis) error {
	m.calls.Add(1)
	if a.Doc.ID == m.fail {
		return errors.New("boom")
	}
	a.Doc.Title += m.name + ";"
	return nil
}

type fixedLang string

func (f fixedLang) Identify(string) string { return string(f) }

func TestAnalyzeRunsStagesInOrder(t *testing.T) {
	a, b := &marker{name: "a"}, &marker{name: "b"}
	p := &Pipeline{LangID: fixedLang("sq"), Extractors: []kronika.Extractor{a, b}}
	doc := &kronika.Document{ID: "d", Text: "Rusisë 😀 e\u0301"}
	an, err := p.Analyze(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "a;b;" {
		t.Errorf("stages ran as %q, want a;b;", doc.Title)
	}
	if doc.Lang != "sq" {
		t.Errorf("lang %q, want the identified sq", doc.Lang)
	}
	if len(an.Runes) != 11 || an.Slice(7, 8) != "😀" {
		t.Errorf("runes are not code points: %d", len(an.Runes))
	}
	if doc.Entities == nil || doc.Quotes == nil || doc.Amounts == nil || doc.Dates == nil {
		t.Error("fact lists must be empty, not nil")
	}
	if got := p.Stats().Words.Load(); got != 2 {
		t.Errorf("words %d, want 2", got)
	}
}

func TestAnalyzeKeepsGivenLanguage(t *testing.T) {
	p := &Pipeline{LangID: fixedLang("sq")}
	doc := &kronika.Document{ID: "d", Lang: "en", Text: "x"}
	if _, err := p.Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lang != "en" {
		t.Errorf("lang %q, want the given en", doc.Lang)
	}
}

func TestRunPreservesOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 7} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			m := &marker{name: "m", fail: "doc-13"}
			p := &Pipeline{Extractors: []kronika.Extractor{m}, Workers: workers}
			in := make(chan Job)
			go func() {
				defer close(in)
				for i := range 200 {
					if i == 50 {
						in <- Job{Err: errors.New("read error")}
						continue
					}
					// Unequal sizes so that workers finish out of order.
					in <- Job{Doc: &kronika.Document{ID: fmt.Sprintf("doc-%d", i), Text: strings.Repeat("fjalë ", (i*37)%500)}}
				}
			}()
			i := 0
			err := p.Run(context.Background(), in, func(r Result) error {
				switch {
				case i == 50:
					if r.Err == nil || r.Err.Error() != "read error" {
						t.Errorf("result 50: want the read error, got %+v", r)
					}
				case i == 13:
					if r.Err == nil || !strings.Contains(r.Err.Error(), "doc-13") {
						t.Errorf("result 13: want the extractor error naming doc-13, got %v", r.Err)
					}
				default:
					if r.Err != nil || r.Doc.ID != fmt.Sprintf("doc-%d", i) {
						t.Fatalf("result %d out of order: %+v", i, r)
					}
				}
				i++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if i != 200 {
				t.Errorf("got %d results, want 200", i)
			}
		})
	}
}

func TestRunStopsWhenOutFails(t *testing.T) {
	p := &Pipeline{Workers: 2}
	in := make(chan Job)
	go func() {
		defer close(in)
		for range 1000 {
			select {
			case in <- Job{Doc: &kronika.Document{Text: "x"}}:
			case <-t.Context().Done():
				return
			}
		}
	}()
	stop := errors.New("stop")
	n := 0
	err := p.Run(t.Context(), in, func(Result) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Fatalf("got %v after %d results, want stop after 3", err, n)
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"NATO-s tha se 600.000 ushtarë", 7},
		{"  Rusisë, ë!  ", 2},
		{"😀", 0},
	}
	for _, tt := range tests {
		if got := CountWords(tt.in); got != tt.want {
			t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestAnalyzeNormalisesLanguageTag(t *testing.T) {
	p := &Pipeline{LangID: fixedLang("sq")}
	doc := &kronika.Document{ID: "d", Lang: "en-US", Text: "x"}
	if _, err := p.Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lang != "en" {
		t.Errorf("lang %q, want en-US normalised to en", doc.Lang)
	}
}

func TestStatsReset(t *testing.T) {
	p := &Pipeline{Extractors: []kronika.Extractor{&marker{name: "a"}}}
	if _, err := p.Analyze(context.Background(), &kronika.Document{ID: "d", Text: "two words"}); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	st.Reset()
	if st.Docs.Load() != 0 || st.Words.Load() != 0 || len(st.Stages()) != 0 {
		t.Errorf("after Reset: %d docs, %d words, stages %v; want none", st.Docs.Load(), st.Words.Load(), st.Stages())
	}
	if _, err := p.Analyze(context.Background(), &kronika.Document{ID: "e", Text: "three more words"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range st.Stages() {
		names = append(names, s.Stage)
	}
	if st.Docs.Load() != 1 || st.Words.Load() != 3 || strings.Join(names, ",") != "langid,segment,a" {
		t.Errorf("after Reset and one document: %d docs, %d words, stages %v; want 1, 3, langid,segment,a", st.Docs.Load(), st.Words.Load(), names)
	}
}
