package title_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/segment"
	"github.com/kronika/kronika/title"
)

type ent struct {
	name, typ string
	mentions  []string
}

var seg = segment.New()

func analyse(t testing.TB, lang, text string, ents []ent) *kronika.Analysis {
	t.Helper()
	doc := &kronika.Document{ID: "t", Lang: lang, Text: text}
	for i, e := range ents {
		ke := kronika.Entity{ID: "e" + string(rune('1'+i)), Name: e.name, Type: e.typ}
		for _, m := range e.mentions {
			for off := 0; ; {
				k := strings.Index(text[off:], m)
				if k < 0 {
					break
				}
				b := off + k
				start := utf8.RuneCountInString(text[:b])
				ke.Mentions = append(ke.Mentions, kronika.Mention{Start: start, End: start + utf8.RuneCountInString(m), Text: m})
				off = b + len(m)
			}
		}
		doc.Entities = append(doc.Entities, ke)
	}
	a := &kronika.Analysis{Doc: doc, Runes: []rune(text)}
	a.Tokens, a.Sentences = seg.Segment(a.Runes, lang)
	ex, _ := title.New()
	if err := ex.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestTitles(t *testing.T) {
	tests := []struct {
		name, lang, text string
		ents             []ent
		want             map[string][]string
	}{
		{"sq apposition with comma", "sq", "Shefi i NATO-s, Mark Rutte, ka thënë se aleanca po monitoron.",
			[]ent{{"NATO", "ORG", []string{"NATO-s"}}, {"Mark Rutte", "PER", []string{"Mark Rutte"}}},
			map[string][]string{"Mark Rutte": {"Shefi i NATO-s"}}},
		{"sq adjective, inflected forms counted once", "sq", "Ai foli për presidentit rus, Vladimir Putin. Presidenti rus, Vladimir Putin synon shumë.",
			[]ent{{"Vladimir Putin", "PER", []string{"Vladimir Putin"}}},
			map[string][]string{"Vladimir Putin": {"presidentit rus"}}},
		{"sq pre-modifier without comma", "sq", "Deklarata e kryeministrit të Kosovës Avdullah Hoti erdhi vonë. Kryeministri Hoti foli.",
			[]ent{{"Kosovo", "LOC", []string{"Kosovës"}}, {"Avdullah Hoti", "PER", []string{"Avdullah Hoti", "Hoti"}}},
			map[string][]string{"Avdullah Hoti": {"kryeministrit të Kosovës", "Kryeministri"}}},
		{"sq plural title over two names", "sq", "Deputetët e LDK-së Kujtim Shala e Arben Gashi heshtën.",
			[]ent{{"LDK", "ORG", []string{"LDK-së"}}, {"Kujtim Shala", "PER", []string{"Kujtim Shala"}}, {"Arben Gashi", "PER", []string{"Arben Gashi"}}},
			map[string][]string{"Kujtim Shala": {"Deputetët e LDK-së"}, "Arben Gashi": {"Deputetët e LDK-së"}}},
		{"sq plural before one name is no title", "sq", "Gjatë raportimit para deputetëve, Hoti tha se po.",
			[]ent{{"Avdullah Hoti", "PER", []string{"Hoti"}}}, map[string][]string{}},
		{"sq title with article", "sq", "I dërguari i posaçëm për dialog, Richard Grenell, foli.",
			[]ent{{"Richard Grenell", "PER", []string{"Richard Grenell"}}},
			map[string][]string{"Richard Grenell": {"I dërguari i posaçëm për dialog"}}},
		{"sq no person after", "sq", "Ai do të diskutojë me presidentin e Koresë së Jugut dhe ministrin ukrainas të Mbrojtjes.",
			nil, map[string][]string{}},
		{"en stacked titles", "en", "“Quote,” Pentagon spokesman Major General Pat Ryder said.",
			[]ent{{"Patrick S. Ryder", "PER", []string{"Pat Ryder"}}},
			map[string][]string{"Patrick S. Ryder": {"Pentagon spokesman", "Major General"}}},
		{"en pre-modifiers", "en", "New Zealand Finance Minister Nicola Willis said so. The party of outgoing foreign minister Ivica Dacic lost.",
			[]ent{{"Nicola Willis", "PER", []string{"Nicola Willis"}}, {"Ivica Dačić", "PER", []string{"Ivica Dacic"}}},
			map[string][]string{"Nicola Willis": {"New Zealand Finance Minister"}, "Ivica Dačić": {"outgoing foreign minister"}}},
		{"en of-phrase apposition", "en", "The state justice minister of North Rhine-Westphalia, Benjamin Limbach, praised it.",
			[]ent{{"Benjamin Limbach", "PER", []string{"Benjamin Limbach"}}},
			map[string][]string{"Benjamin Limbach": {"state justice minister of North Rhine-Westphalia"}}},
		{"en possessive and hyphen", "en", "It went to the UN health agency's director-general Tedros Adhanom Ghebreyesus.",
			[]ent{{"Tedros Adhanom Ghebreyesus", "PER", []string{"Tedros Adhanom Ghebreyesus"}}},
			map[string][]string{"Tedros Adhanom Ghebreyesus": {"UN health agency's director-general"}}},
		{"en title of an organisation is none", "en", "President Obama met the NATO chief of staff.",
			[]ent{{"NATO", "ORG", []string{"NATO"}}, {"Barack Obama", "PER", []string{"Obama"}}},
			map[string][]string{"Barack Obama": {"President"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, tc.lang, tc.text, tc.ents)
			got := map[string][]string{}
			for _, e := range a.Doc.Entities {
				if len(e.Titles) > 0 {
					got[e.Name] = e.Titles
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("titles = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHeadOf(t *testing.T) {
	sq, err := title.LexiconFor("sq")
	if err != nil {
		t.Fatal(err)
	}
	for in, lemma := range map[string]string{"presidentit rus": "president", "Ministrja e Financave": "ministër", "i dërguari amerikan": "i dërguar"} {
		if h, ok := sq.HeadOf(in); !ok || h.Lemma != lemma {
			t.Errorf("HeadOf(%q) = %q, %v; want %q", in, h.Lemma, ok, lemma)
		}
	}
	if h, ok := sq.HeadOf("Ministrja e Financave"); !ok || h.Gender != "f" {
		t.Errorf("Ministrja: gender %q, want f", h.Gender)
	}
}

func BenchmarkTitles(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("testdata", "sample.txt"))
	if err != nil {
		b.Fatal(err)
	}
	ents := []ent{{"Mark Rutte", "PER", []string{"Mark Rutte", "Rutte"}}, {"Vladimir Putin", "PER", []string{"Vladimir Putin", "Putin"}},
		{"Avdullah Hoti", "PER", []string{"Hoti"}}, {"NATO", "ORG", []string{"NATO-s", "NATO"}}}
	var as []*kronika.Analysis
	words := 0
	for _, lang := range []string{"sq", "en"} {
		as = append(as, analyse(b, lang, string(text), ents))
		words += len(strings.Fields(string(text)))
	}
	ex, _ := title.New()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range as {
			for k := range a.Doc.Entities {
				a.Doc.Entities[k].Titles = nil
			}
			if err := ex.Extract(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}
