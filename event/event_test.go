package event

import (
	"context"
	"strings"
	"testing"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/segment"
)

// analyse segments a text and marks the named entities at their first
// occurrences (name=type:kb pairs).
func analyse(t *testing.T, lang, text string, ents ...[3]string) *kronika.Analysis {
	t.Helper()
	a := &kronika.Analysis{Doc: &kronika.Document{ID: "t", Lang: lang, Text: text}, Runes: []rune(text)}
	a.Tokens, a.Sentences = segment.New().Segment(a.Runes, lang)
	for i, e := range ents {
		surface, typ, kb := e[0], e[1], e[2]
		ent := kronika.Entity{ID: "e" + string(rune('1'+i)), Name: surface, Type: typ, KB: kb}
		rs := []rune(surface)
		for s := 0; s+len(rs) <= len(a.Runes); s++ {
			if string(a.Runes[s:s+len(rs)]) == surface {
				ent.Mentions = append(ent.Mentions, kronika.Mention{Start: s, End: s + len(rs), Text: surface})
			}
		}
		a.Doc.Entities = append(a.Doc.Entities, ent)
	}
	return a
}

func render(a *kronika.Analysis) []string {
	name := map[string]string{}
	for _, e := range a.Doc.Entities {
		name[e.ID] = e.Name
	}
	var out []string
	for _, ev := range a.Doc.Events {
		var actors []string
		for _, id := range ev.Actors {
			actors = append(actors, name[id])
		}
		s := ev.Type + " [" + strings.Join(actors, ",") + "]"
		if ev.Place != nil {
			s += " @" + name[*ev.Place]
		}
		if ev.Date != nil {
			s += " " + *ev.Date
		}
		out = append(out, s)
	}
	return out
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name, lang, text string
		ents             [][3]string
		dates            map[string]string
		want             []string
	}{
		{
			name: "meeting with place and date", lang: "sq",
			text:  "Kurti u takua me Borrellin në Bruksel më 3 mars.",
			ents:  [][3]string{{"Kurti", "PER", "albin-kurti"}, {"Borrellin", "PER", "josep-borrell"}, {"Bruksel", "LOC", "gn:2800866"}},
			dates: map[string]string{"3 mars": "2025-03-03"},
			want:  []string{"meeting [Kurti,Borrellin] @Bruksel 2025-03-03"},
		},
		{
			name: "a country stays an actor, a pronoun is the last person", lang: "sq",
			text: "Putin foli sot. Ai tha se Rusia vendosi sanksione ndaj Polonisë.",
			ents: [][3]string{{"Putin", "PER", "vladimir-putin"}, {"Rusia", "LOC", "iso:RU"}, {"Polonisë", "LOC", "iso:PL"}},
			want: []string{"sanctions [Putin,Rusia,Polonisë]"},
		},
		{
			name: "English arrest and protest", lang: "en",
			text: "Police arrested 12 protesters in Belgrade on Monday.",
			ents: [][3]string{{"Belgrade", "LOC", "gn:792680"}},
			want: []string{"arrest [] @Belgrade", "protest [] @Belgrade"},
		},
		{
			name: "no cue, no event", lang: "en",
			text: "The weather in Tirana was mild.",
			ents: [][3]string{{"Tirana", "LOC", "gn:3183875"}},
		},
	}
	x, _ := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.lang, tt.text, tt.ents...)
			for text, v := range tt.dates {
				s := strings.Index(tt.text, text)
				start := len([]rune(tt.text[:s]))
				val := v
				a.Doc.Dates = append(a.Doc.Dates, kronika.Date{Start: start, End: start + len([]rune(text)), Text: text, Value: &val})
			}
			if err := x.Extract(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			got := render(a)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
