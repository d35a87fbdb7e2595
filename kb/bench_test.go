package kb

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// BenchmarkLookup looks up single tokens, a mix of hits as written, hits
// through a base form and misses.
func BenchmarkLookup(b *testing.B) {
	k := mustKB(b)
	words := []string{"Kosovës", "NATO-s", "Rusia", "Kurtit", "Prishtina", "Xyzzy", "Shtëpia", "Brukseli", "Gashi", "Moscow"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k.Lookup(words[i%len(words)], "sq")
	}
}

// BenchmarkLookupHit looks up names found as written.
func BenchmarkLookupHit(b *testing.B) {
	k := mustKB(b)
	words := []string{"Rusia", "NATO", "Kurti", "Prishtina", "Moscow"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k.Lookup(words[i%len(words)], "sq")
	}
}

func FuzzBaseForms(f *testing.F) {
	for _, s := range []string{"Rusisë", "NATO-s", "Koresë së Veriut", "Shteteve të Bashkuara", "BE‑ja", "a", "-", "e e e", "Ë", "the", "X-"} {
		f.Add(s, "sq")
	}
	f.Add("the United States's", "en")
	f.Fuzz(func(t *testing.T, s, lang string) {
		if len(lang) > 3 {
			lang = "sq"
		}
		forms := BaseForms(s, lang)
		if len(forms) > maxForms {
			t.Fatalf("BaseForms(%q) gave %d forms", s, len(forms))
		}
		for _, f := range forms {
			if f == s || f == "" {
				t.Fatalf("BaseForms(%q) gave %q", s, f)
			}
			if utf8.ValidString(s) && !utf8.ValidString(f) {
				t.Fatalf("BaseForms(%q) gave invalid UTF-8 %q", s, f)
			}
			if strings.TrimSpace(f) != f {
				t.Fatalf("BaseForms(%q) gave untrimmed %q", s, f)
			}
		}
		if k, err := Default(); err == nil {
			k.Lookup(s, lang)
		}
	})
}
