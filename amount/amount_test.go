package amount

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/kronika/kronika"
)

type want struct {
	text   string
	value  float64
	max    float64 // 0: no range
	approx string
	unit   string
}

func run(t testing.TB, a *kronika.Analysis) []kronika.Amount {
	t.Helper()
	e, _ := New()
	if err := e.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a.Doc.Amounts
}

func analysis(lang, text string) *kronika.Analysis {
	return &kronika.Analysis{Doc: &kronika.Document{Lang: lang, Text: text}, Runes: []rune(text)}
}

func TestAmounts(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []want
	}{
		{"sq", "pas humbjes së më shumë se 600.000 ushtarëve në luftë", []want{{"më shumë se 600.000 ushtarëve", 600000, 0, "more_than", "ushtar"}}},
		{"sq", "diplomatë të 32 vendeve anëtare", []want{{"32 vendeve", 32, 0, "exact", "vend"}}},
		{"sq", "Shtimi i mijëra ushtarëve dhe miliona të tjerë", []want{{"mijëra ushtarëve", 1000, 0, "vague", "ushtar"}, {"miliona", 1e6, 0, "vague", ""}}},
		{"sq", "rreth 3.000 ushtarë janë në Rusi", []want{{"rreth 3.000 ushtarë", 3000, 0, "about", "ushtar"}}},
		{"sq", "inflacioni arriti 3,5 për qind", []want{{"3,5 për qind", 3.5, 0, "exact", "%"}}},
		{"sq", "kostoja është 1.2 milionë euro", []want{{"1.2 milionë euro", 1.2e6, 0, "exact", "euro"}}},
		{"sq", "ndërsa 15% e tyre dhe 170 eurot", []want{{"15%", 15, 0, "exact", "%"}, {"170 eurot", 170, 0, "exact", "euro"}}},
		{"sq", "nga 3 deri në 5 mijë persona", []want{{"nga 3 deri në 5 mijë persona", 3000, 5000, "exact", "person"}}},
		{"sq", "njëzet e pesë pacientë dhe shtatë ditë", []want{{"njëzet e pesë pacientë", 25, 0, "exact", "pacient"}, {"shtatë ditë", 7, 0, "exact", "ditë"}}},
		{"sq", "së paku edhe dy javë, mbi 600 pacientë", []want{{"së paku edhe dy javë", 2, 0, "more_than", "javë"}, {"mbi 600 pacientë", 600, 0, "more_than", "pacient"}}},
		{"sq", "një takim më 28 tetor 2024, në ora 10:30, para dy javësh", nil},
		{"sq", "Luftës së Dytë Botërore, G7, COVID-19 dhe nr. 5 dhe 044 123 456", nil},
		{"sq", "rreth 100,000 qytetarë", []want{{"rreth 100,000 qytetarë", 100000, 0, "about", "qytetar"}}},
		{"en", "a population of 1.4 million people", []want{{"1.4 million people", 1.4e6, 0, "exact", "person"}}},
		{"en", "it costs $5 billion and €2.3m", []want{{"$5 billion", 5e9, 0, "exact", "dollar"}, {"€2.3m", 2.3e6, 0, "exact", "euro"}}},
		{"en", "under three per cent, between 30 and 54 and 3-5,000 troops", []want{{"under three per cent", 3, 0, "less_than", "%"}, {"between 30 and 54", 30, 54, "exact", ""}, {"3-5,000 troops", 3000, 5000, "exact", "troop"}}},
		{"en", "some 30 attackers and twenty-five soldiers", []want{{"some 30 attackers", 30, 0, "about", "attacker"}, {"twenty-five soldiers", 25, 0, "exact", "soldier"}}},
		{"en", "thousands of people, dozens more and 15 percent", []want{{"thousands", 1000, 0, "vague", ""}, {"dozens", 12, 0, "vague", ""}, {"15 percent", 15, 0, "exact", "%"}}},
		{"en", "a couple thousand more troops, about a quarter", []want{{"a couple thousand", 2000, 0, "about", ""}, {"about a quarter", 0.25, 0, "about", ""}}},
		{"en", "On October 28, 2024 at 2:30 a.m. the 5th of the G7, one of them, in 2022", nil},
		{"en", "Over 10,000 USD", []want{{"Over 10,000 USD", 10000, 0, "more_than", "dollar"}}},
	}
	for _, tt := range tests {
		got := run(t, analysis(tt.lang, tt.text))
		if len(got) != len(tt.want) {
			t.Errorf("%s %q: got %d amounts %+v, want %d", tt.lang, tt.text, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := got[i]
			max := 0.0
			if g.ValueMax != nil {
				max = *g.ValueMax
			}
			if g.Text != w.text || math.Abs(g.Value-w.value) > 1e-9*math.Max(1, w.value) || max != w.max || g.Approx != w.approx || g.Unit != w.unit {
				t.Errorf("%s %q: amount %d = %q %v-%v %s %q, want %q %v-%v %s %q", tt.lang, tt.text, i,
					g.Text, g.Value, max, g.Approx, g.Unit, w.text, w.value, w.max, w.approx, w.unit)
			}
		}
	}
}

func ptr(s string) *string { return &s }

// TestHolder builds analyses by hand with the entities and quotes that the
// earlier stages would have written.
func TestHolder(t *testing.T) {
	text := "Rutte tha se 600 ushtarë janë atje. Zelensky: “10.000 ushtarë janë gati”. Në Kursk ka 5 tanke."
	rs := []rune(text)
	idx := func(sub string) int { return len([]rune(text[:strings.Index(text, sub)])) }
	ents := []kronika.Entity{
		{ID: "e1", Type: kronika.PER, Mentions: []kronika.Mention{{Start: 0, End: 5, Text: "Rutte"}}},
		{ID: "e2", Type: kronika.PER, Mentions: []kronika.Mention{{Start: idx("Zelensky"), End: idx("Zelensky") + 8, Text: "Zelensky"}}},
		{ID: "e3", Type: kronika.LOC, Mentions: []kronika.Mention{{Start: idx("Kursk"), End: idx("Kursk") + 5, Text: "Kursk"}}},
	}
	qs, qe := idx("10.000"), idx("gati")+4
	quotes := []kronika.Quote{{Kind: kronika.Direct, Start: qs, End: qe, Text: string(rs[qs:qe]), Speaker: ptr("e2")}}
	s1 := idx("Zelensky")
	s2 := idx("Në Kursk")
	sents := []kronika.Sentence{{Start: 0, End: s1 - 1}, {Start: s1, End: s2 - 1}, {Start: s2, End: len(rs)}}
	a := &kronika.Analysis{Doc: &kronika.Document{Lang: "sq", Text: text, Entities: ents, Quotes: quotes}, Runes: rs, Sentences: sents}
	got := run(t, a)
	want := []*string{ptr("e1"), ptr("e2"), nil}
	if len(got) != len(want) {
		t.Fatalf("got %d amounts %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i].Holder
		if (g == nil) != (w == nil) || (g != nil && *g != *w) {
			t.Errorf("amount %q holder = %v, want %v", got[i].Text, deref(g), deref(w))
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func TestUnknownLanguage(t *testing.T) {
	if got := run(t, analysis("xx", "600 soldiers")); len(got) != 0 {
		t.Errorf("unknown language gave %+v", got)
	}
}

func FuzzAmounts(f *testing.F) {
	for _, s := range []string{"më shumë se 600.000 ushtarëve", "$5bn", "3-5,000", "between 30 and", "nga 3 deri në 5 mijë", "a couple", "+0.2%", "1,2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"sq", "en"} {
			a := analysis(lang, text)
			for _, am := range run(t, a) {
				if am.Start < 0 || am.End > len(a.Runes) || am.Start >= am.End || am.Text != string(a.Runes[am.Start:am.End]) {
					t.Fatalf("bad span %+v in %q", am, text)
				}
				if math.IsNaN(am.Value) || math.IsInf(am.Value, 0) {
					t.Fatalf("bad value %+v", am)
				}
			}
		}
	})
}

func BenchmarkAmounts(b *testing.B) {
	for _, lang := range []string{"sq", "en"} {
		raw, err := os.ReadFile("testdata/bench_" + lang + ".txt")
		if err != nil {
			b.Fatal(err)
		}
		text := strings.Repeat(string(raw), 20)
		words := len(strings.FieldsFunc(text, unicode.IsSpace))
		rs := []rune(text)
		b.Run(lang, func(b *testing.B) {
			e, _ := New()
			for b.Loop() {
				// A fresh copy, as the pipeline makes for every document,
				// so that no tokenisation is reused across iterations.
				rs := append([]rune(nil), rs...)
				a := &kronika.Analysis{Doc: &kronika.Document{Lang: lang, Text: text}, Runes: rs}
				if err := e.Extract(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
