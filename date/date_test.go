package date

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/number"
)

type want struct{ text, value string } // value "" means null

func run(t testing.TB, lang, pub, text string) []kronika.Date {
	t.Helper()
	doc := &kronika.Document{Lang: lang, Published: pub, Text: text}
	a := &kronika.Analysis{Doc: doc, Runes: []rune(text)}
	e, _ := New()
	if err := e.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return doc.Dates
}

func check(t *testing.T, name string, got []kronika.Date, ws []want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Errorf("%s: got %d dates %+v, want %v", name, len(got), got, ws)
		return
	}
	for i, w := range ws {
		v := ""
		if got[i].Value != nil {
			v = *got[i].Value
		}
		if got[i].Text != w.text || v != w.value {
			t.Errorf("%s: date %d = %q %q, want %q %q", name, i, got[i].Text, v, w.text, w.value)
		}
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		lang, pub, text string
		want            []want
	}{
		{"sq", "2024-11", "Duke folur më 28 tetor, ai tha.", []want{{"28 tetor", "2024-10-28"}}},
		{"sq", "2024-11-05", "Lufta ka nisur më 24 shkurt të vitit 2022.", []want{{"24 shkurt të vitit 2022", "2022-02-24"}}},
		{"sq", "2024-11-05", "Takimi u mbajt më 28.10.2024 në Prishtinë.", []want{{"28.10.2024", "2024-10-28"}}},
		{"sq", "2020-07-26", "Ai foli të premten dhe më 16 korrikut.", []want{{"të premten", "2020-07-24"}, {"16 korrikut", "2020-07-16"}}},
		{"sq", "2020-07-28", "Para dy javësh, dje dhe sot.", []want{{"Para dy javësh", "2020-07-14"}, {"dje", "2020-07-27"}, {"sot", "2020-07-28"}}},
		{"sq", "2024-04-10", "Më 1 prilli dhe 12 marsit.", []want{{"1 prilli", "2024-04-01"}, {"12 marsit", "2024-03-12"}}},
		{"sq", "2020-07-15", "Ai tha javën e kaluar se muajin e ardhshëm do të vijë.", []want{{"javën e kaluar", ""}, {"muajin e ardhshëm", "2020-08"}}},
		{"sq", "2020-07-15", "Në fund të muajit maj dhe në vitin 2020.", []want{{"fund të muajit maj", "2020-05"}, {"vitin 2020", "2020"}}},
		{"sq", "2020-07-15", "Në mars ishte ndryshe.", []want{{"mars", "2020-03"}}},
		{"sq", "2020-07-15", "Ata kanë planifikuar dy mbledhje, të mërkurën dhe të premten.", []want{{"të mërkurën", "2020-07-15"}, {"të premten", "2020-07-17"}}},
		{"sq", "2020-07-15", "Ai ka punuar dy javë atje.", nil},
		{"en", "2024-10-29", "On Tuesday the Pentagon said troops arrived in August.", []want{{"Tuesday", "2024-10-29"}, {"August", "2024-08"}}},
		{"en", "2024-01-24", "The bank next meets on Feb. 28, after a rise in June 2021.", []want{{"Feb. 28", "2024-02-28"}, {"June 2021", "2021-06"}}},
		{"en", "2024-06-17", "From April to September 2023, and last year.", []want{{"April", "2023-04"}, {"September 2023", "2023-09"}, {"last year", "2023"}}},
		{"en", "2024-10-29", "October 28, 2024. On 28 Oct. In 2022 too.", []want{{"October 28, 2024", "2024-10-28"}, {"28 Oct", "2024-10-28"}, {"2022", "2022"}}},
		{"en", "2024-10-29", "Two days ago, yesterday and last week.", []want{{"Two days ago", "2024-10-27"}, {"yesterday", "2024-10-28"}, {"last week", "2024-W43"}}},
		{"en", "2023-09-24", "The attack began at 2:30 a.m. local time.", []want{{"2:30 a.m.", "2023-09-24T02:30"}}},
		{"en", "1989-10-26", "Profit fell in the third quarter and third-quarter sales rose.", []want{{"third quarter", "1989-Q3"}, {"third-quarter", "1989-Q3"}}},
		{"en", "1998-02-06", "The 1990s were calm, this summer too.", []want{{"1990s", "199"}, {"this summer", "1998-SU"}}},
		{"en", "2024-10-29", "He served for three years with 2000 troops.", nil},
		{"en", "2024-10-29", "May I ask the march organisers?", nil},
	}
	for _, tt := range tests {
		check(t, tt.lang+" "+tt.text, run(t, tt.lang, tt.pub, tt.text), tt.want)
	}
}

// TestPrecision resolves the same expressions against publication dates
// known to the year, the month, the day, and not at all.
func TestPrecision(t *testing.T) {
	text := "Më 28 tetor, në mars, dje, të hënën, vitin e kaluar dhe muajin e kaluar."
	tests := []struct {
		pub  string
		want []string
	}{
		{"2024-11-06", []string{"2024-10-28", "2024-03", "2024-11-05", "2024-11-04", "2023", "2024-10"}},
		{"2024-11", []string{"2024-10-28", "2024-03", "", "", "2023", "2024-10"}},
		{"2024", []string{"2024-10-28", "2024-03", "", "", "2023", ""}},
		{"", []string{"", "", "", "", "", ""}},
		{"2024-02-10", []string{"2023-10-28", "2024-03", "2024-02-09", "2024-02-05", "2023", "2024-01"}}, // March is near ahead
		{"2024-06-10", []string{"2023-10-28", "2024-03", "2024-06-09", "2024-06-10", "2023", "2024-05"}},
	}
	for _, tt := range tests {
		got := run(t, "sq", tt.pub, text)
		if len(got) != len(tt.want) {
			t.Errorf("pub %q: got %d dates %+v", tt.pub, len(got), got)
			continue
		}
		for i, w := range tt.want {
			v := ""
			if got[i].Value != nil {
				v = *got[i].Value
			}
			if v != w {
				t.Errorf("pub %q: %q = %q, want %q", tt.pub, got[i].Text, v, w)
			}
			if v == "" && got[i].Relative == "" {
				t.Errorf("pub %q: %q has neither value nor relative", tt.pub, got[i].Text)
			}
		}
	}
}

func TestUnknownLanguage(t *testing.T) {
	if got := run(t, "xx", "2024-01-01", "28 October 2024"); len(got) != 0 {
		t.Errorf("unknown language gave %+v", got)
	}
}

func FuzzDates(f *testing.F) {
	for _, s := range []string{"më 28 tetor", "24 shkurt të vitit 2022", "para dy ditësh", "October 28, 2024", "2:30 a.m.", "31.02.2024", "the '80s", "last Friday, Oct. 13"} {
		f.Add(s, "2024-11-05")
	}
	f.Fuzz(func(t *testing.T, text, pub string) {
		for _, lang := range []string{"sq", "en"} {
			rs := []rune(text)
			ds, err := Find(lang, rs, number.Tokenize(rs), pub)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Start < 0 || d.End > len(rs) || d.Start >= d.End || d.Text != string(rs[d.Start:d.End]) {
					t.Fatalf("bad span %+v in %q", d, text)
				}
			}
		}
	})
}

func BenchmarkDates(b *testing.B) {
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
				a := &kronika.Analysis{Doc: &kronika.Document{Lang: lang, Published: "2024-11-05", Text: text}, Runes: rs}
				if err := e.Extract(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
