package entity

import (
	"context"
	"strings"
	"testing"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/segment"
)

// fakeLinker knows a few entities by their exact forms.
type fakeLinker map[string]Known

func (f fakeLinker) Link(s, _ string) (Known, bool) { k, ok := f[s]; return k, ok }

// Base strips the Albanian definite and case endings this test uses.
func (f fakeLinker) Base(s, _ string) string {
	for _, suf := range []string{"it", "in", "t"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf)+3 {
			return strings.TrimSuffix(s, suf)
		}
	}
	return s
}

var (
	nato   = Known{ID: "nato", Name: "NATO", Type: kronika.ORG}
	russia = Known{ID: "russia", Name: "Russia", Type: kronika.LOC}
	nk     = Known{ID: "north-korea", Name: "North Korea", Type: kronika.LOC}
	rutte  = Known{ID: "mark-rutte", Name: "Mark Rutte", Type: kronika.PER}
)

var sqLinker = fakeLinker{
	"NATO-s": nato, "NATO-ja": nato, "NATO": nato,
	"Rusisë": russia, "Rusi": russia, "Rusia": russia,
	"Koresë së Veriut": nk, "Koreja e Veriut": nk,
	"Mark Rutte": rutte,
}

func analyse(t *testing.T, lang, text string) *kronika.Analysis {
	t.Helper()
	a := &kronika.Analysis{Doc: &kronika.Document{ID: "t", Lang: lang, Text: text}, Runes: []rune(text)}
	a.Tokens, a.Sentences = segment.New().Segment(a.Runes, lang)
	return a
}

// summary renders entities as "Name/TYPE: mention|mention".
func summary(es []kronika.Entity) []string {
	var out []string
	for _, e := range es {
		var ms []string
		for _, m := range e.Mentions {
			t := m.Text
			if m.Type != "" {
				t += "(" + m.Type + ")"
			}
			ms = append(ms, t)
		}
		out = append(out, e.Name+"/"+e.Type+": "+strings.Join(ms, "|"))
	}
	return out
}

func TestAlbanianRules(t *testing.T) {
	x, err := New(sqLinker)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			"known names, inflected, multiword and hyphenated",
			"Shefi i NATO-s, Mark Rutte, tha se trupa të Koresë së Veriut janë në Rusi. NATO-ja e konfirmoi.",
			[]string{"NATO/ORG: NATO-s|NATO-ja", "Mark Rutte/PER: Mark Rutte", "North Korea/LOC: Koresë së Veriut", "Russia/LOC: Rusi"},
		},
		{
			"surname joins the full name; sentence-initial common word left out",
			"Takimi u mbajt në Tiranë. Lufta vazhdon, tha Mark Rutte. Rutte shtoi se Rusia humbi.",
			[]string{"Tiranë/LOC: Tiranë", "Mark Rutte/PER: Mark Rutte|Rutte", "Russia/LOC: Rusia"},
		},
		{
			"unknown person by title, inflected later",
			"Deklaratën e bëri kryeministri Avdullah Hoti. Sipas Hotit, puna vazhdon.",
			[]string{"Avdullah Hoti/PER: Avdullah Hoti|Hotit"},
		},
		{
			"coordination: a place's kind carries over, a left-out genitive's partner is left out",
			"Ai vizitoi fshatrat Bardhaniq dhe Ponoshec. Ministrja e Financave dhe Planifikimit foli sot.",
			[]string{"Bardhaniq/LOC: Bardhaniq", "Ponoshec/LOC: Ponoshec"},
		},
		{
			"organisation head with linking article",
			"Raporti i Ministria e Shëndetësisë doli sot. Kuvendin e Kosovës e thirri LDK-ja.",
			[]string{"Ministria e Shëndetësisë/ORG: Ministria e Shëndetësisë", "Kuvendin e Kosovës/ORG: Kuvendin e Kosovës", "LDK/ORG: LDK-ja"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, "sq", tt.text)
			if err := x.Extract(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			got := summary(a.Doc.Entities)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			for i, e := range a.Doc.Entities {
				if e.ID != "e"+string(rune('1'+i)) {
					t.Errorf("entity %d has id %s", i, e.ID)
				}
			}
		})
	}
}

// fakeTagger labels capitalised tokens as one-token entities of a fixed
// type, so the test sees how spans and possessives are handled.
type fakeTagger struct{}

func (fakeTagger) TagDoc(sents [][]string) [][]TagSpan {
	out := make([][]TagSpan, len(sents))
	for i, s := range sents {
		for j, w := range s {
			if w != "" && strings.ToUpper(w[:1]) == w[:1] && w[0] >= 'A' && w[0] <= 'Z' && j > 0 {
				out[i] = append(out[i], TagSpan{j, j + 1, kronika.LOC})
			}
		}
	}
	return out
}

func TestTaggedPossessive(t *testing.T) {
	x, _ := New(fakeLinker{"Kosovo": {ID: "kosovo", Name: "Kosovo", Type: kronika.LOC}}, WithTagger("en", func() (Tagger, error) { return fakeTagger{}, nil }))
	a := analyse(t, "en", "The news from Kosovo's capital and Kosovo.")
	if err := x.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(summary(a.Doc.Entities), "\n")
	if got != "Kosovo/LOC: Kosovo|Kosovo" {
		t.Errorf("got %s", got)
	}
}

func TestUnknownLanguage(t *testing.T) {
	x, _ := New(nil)
	a := analyse(t, "xx", "Mark Rutte")
	if err := x.Extract(context.Background(), a); err != nil || len(a.Doc.Entities) != 0 {
		t.Errorf("a language without a pack: %v, %v", err, a.Doc.Entities)
	}
}

func TestRetype(t *testing.T) {
	place := Known{ID: "kyiv", Name: "Kyiv", Type: kronika.LOC}
	tests := []struct {
		tagged  string
		k       Known
		tabular bool
		want    string
	}{
		{kronika.ORG, place, false, kronika.LOC},
		{kronika.ORG, place, true, kronika.ORG}, // a team in a results table
		{kronika.PER, place, false, kronika.LOC},
		{kronika.MISC, place, false, kronika.LOC},
		{kronika.LOC, Known{Type: kronika.LOC, MentionType: kronika.MISC}, false, kronika.MISC},
		{kronika.PER, Known{Type: kronika.PER}, false, kronika.PER},
		{kronika.ORG, Known{Type: kronika.PER}, false, kronika.ORG},
		{kronika.LOC, Known{Type: kronika.ORG}, false, kronika.ORG},
		{kronika.MISC, Known{Type: kronika.ORG}, false, kronika.ORG},
	}
	for _, tt := range tests {
		if got := retype(tt.tagged, tt.k, tt.tabular); got != tt.want {
			t.Errorf("retype(%s, %+v, %v) = %s, want %s", tt.tagged, tt.k, tt.tabular, got, tt.want)
		}
	}
}
