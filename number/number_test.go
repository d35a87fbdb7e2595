package number

import (
	"math"
	"testing"
)

func mustLang(t testing.TB, code string) *Lang {
	t.Helper()
	l, err := For(code)
	if err != nil || l == nil {
		t.Fatalf("For(%q) = %v, %v", code, l, err)
	}
	return l
}

func TestParse(t *testing.T) {
	tests := []struct {
		lang, in string
		want     float64
		ok       bool
	}{
		{"sq", "600.000", 600000, true},
		{"sq", "3,5", 3.5, true},
		{"sq", "1.2 milionë", 1.2e6, true},
		{"sq", "1,2 milionë", 1.2e6, true},
		{"sq", "100,000", 100000, true},
		{"sq", "1.234.567,8", 1234567.8, true},
		{"sq", "dy", 2, true},
		{"sq", "tre", 3, true},
		{"sq", "dhjetë", 10, true},
		{"sq", "njëzet e pesë", 25, true},
		{"sq", "dyqind", 200, true},
		{"sq", "dy qind", 200, true},
		{"sq", "pesë mijë", 5000, true},
		{"sq", "3 milionë", 3e6, true},
		{"sq", "5 mln", 5e6, true},
		{"sq", "dy miliard", 2e9, true},
		{"sq", "dy e gjysmë", 2.5, true},
		{"sq", "mijëra", 1000, true},
		{"sq", "dy tre", 0, false},
		{"sq", "mijë", 0, false},
		{"en", "600,000", 600000, true},
		{"en", "3.5", 3.5, true},
		{"en", "1.356 billion", 1.356e9, true},
		{"en", "96.088", 96.088, true},
		{"en", "2.3m", 2.3e6, true},
		{"en", "5bn", 5e9, true},
		{"en", "two", 2, true},
		{"en", "twenty-five", 25, true},
		{"en", "twenty five", 25, true},
		{"en", "one hundred and five", 105, true},
		{"en", "three hundred thousand", 300000, true},
		{"en", "a hundred", 100, true},
		{"en", "a quarter", 0.25, true},
		{"en", "two and a half", 2.5, true},
		{"en", "thousands", 1000, true},
		{"en", "tens of millions", 1e7, true},
		{"en", "several hundred", 100, true},
		{"en", "dozen", 0, false},
		{"en", "two three", 0, false},
		{"en", "", 0, false},
		{"en", "word", 0, false},
	}
	for _, tt := range tests {
		got, ok := mustLang(t, tt.lang).Parse(tt.in)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9*math.Max(1, tt.want)) {
			t.Errorf("%s Parse(%q) = %v, %v; want %v, %v", tt.lang, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestScanFlags(t *testing.T) {
	l := mustLang(t, "en")
	text := []rune("thousands of people and 2022")
	toks := Tokenize(text)
	n, ok := l.Scan(text, toks, 0)
	if !ok || !n.Vague || n.Value != 1000 {
		t.Errorf("thousands: %+v %v", n, ok)
	}
	n, ok = l.Scan(text, toks, 4)
	if !ok || !n.Plain || n.Value != 2022 {
		t.Errorf("2022: %+v %v", n, ok)
	}
}

func TestTokenize(t *testing.T) {
	text := []rune("NATO-s ka 600.000 ushtarë, last year's $2.3m t’iu")
	var got []string
	for _, tk := range Tokenize(text) {
		got = append(got, string(text[tk.Start:tk.End]))
	}
	want := []string{"NATO", "-", "s", "ka", "600.000", "ushtarë", ",", "last", "year", "'", "s", "$", "2.3", "m", "t’iu"}
	if len(got) != len(want) {
		t.Fatalf("Tokenize = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Tokenize = %q, want %q", got, want)
		}
	}
}

func TestUnknownLanguage(t *testing.T) {
	l, err := For("xx")
	if l != nil || err != nil {
		t.Fatalf("For(xx) = %v, %v", l, err)
	}
	if _, ok := l.Parse("5"); ok {
		t.Fatal("nil Lang parsed a number")
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"600.000", "3,5", "1.2 milionë", "njëzet e pesë", "twenty-five", "$5bn", "1,2.3", "tens of", "a", "9999999999999999999999999"} {
		f.Add(s)
	}
	sq, en := mustLang(f, "sq"), mustLang(f, "en")
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []*Lang{sq, en} {
			v, ok := l.Parse(s)
			if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("Parse(%q) = %v", s, v)
			}
			text := []rune(s)
			toks := Tokenize(text)
			for i, tk := range toks {
				if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
					t.Fatalf("token %d out of bounds: %+v", i, tk)
				}
				if n, ok := l.Scan(text, toks, i); ok && (n.First != i || n.Last <= n.First || n.Last > len(toks)) {
					t.Fatalf("Scan(%q, %d) = %+v", s, i, n)
				}
			}
		}
	})
}

func TestMatchEndLongPhrase(t *testing.T) {
	// MatchEnd looks back as far as the longest phrase, not a fixed four
	// tokens.
	m := NewPhrases([]string{"no fewer than", "not any fewer than some"})
	text := []rune("it was not any fewer than some 20")
	toks := Tokenize(text)
	if start, key := m.MatchEnd(text, toks, 7); start != 2 || key != "not any fewer than some" {
		t.Errorf("MatchEnd = %d %q, want 2 %q", start, key, "not any fewer than some")
	}
	var none *Phrases
	if start, _ := none.MatchEnd(text, toks, 7); start != -1 {
		t.Errorf("nil MatchEnd = %d, want -1", start)
	}
}
