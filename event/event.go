// Package event reads coarse event records from sentences: what happened
// (one of the types of kronika: statement, meeting, deployment, …), who
// took part, where and when. It runs after the other stages and builds on
// their output: actors and places are entities, dates come from the date
// stage. Cue words are language-pack data (lang/<code>/events.json).
package event

import (
	"context"
	"sort"
	"strings"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/number"
)

// Types lists the event types in the order the extractor tries them.
var Types = []string{
	kronika.WarStart, kronika.Deployment, kronika.Attack, kronika.Casualties, kronika.Arrest,
	kronika.Election, kronika.Agreement, kronika.Sanctions, kronika.Protest, kronika.Visit,
	kronika.Meeting, kronika.Statement,
}

// Extractor is the event stage of the pipeline. It is safe for concurrent
// use.
type Extractor struct{}

// New returns the event extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "events" }

// cues is the event data of one language pack.
type cues struct {
	Cues       map[string][]string `json:"cues"`
	Pronouns   []string            `json:"subject_pronouns"`
	PlacePreps []string            `json:"place_prepositions"`

	byType   map[string][]cue
	pronoun  map[string]bool
	placePre map[string]bool

	// exact and prefix index the cues by the first word pattern of their
	// first part, so a sentence is checked only against cues one of its
	// words can start: a cue matches only where its first part occurs.
	exact  map[string][]cueRef
	prefix map[string][]cueRef
}

// cueRef names one cue of one type.
type cueRef struct {
	typ string
	n   int // index into byType[typ]
}

// cue is one way of signalling an event: parts that must all occur in the
// sentence, each a sequence of word patterns.
type cue struct {
	text  string
	parts [][]string
}

// packs holds each language's event cues, compiled once.
var packs = lang.NewCache(func(_ string, p *lang.Pack) (*cues, error) {
	c := &cues{}
	if !p.Has("events.json") {
		return nil, nil
	}
	if err := p.JSON("events.json", c); err != nil {
		return nil, err
	}
	c.byType = map[string][]cue{}
	for typ, list := range c.Cues {
		for _, text := range list {
			cu := cue{text: text}
			for _, part := range strings.Split(text, "+") {
				if f := strings.Fields(strings.ToLower(part)); len(f) > 0 {
					cu.parts = append(cu.parts, f)
				}
			}
			if len(cu.parts) == 0 {
				continue // no words, nothing to match
			}
			c.byType[typ] = append(c.byType[typ], cu)
		}
	}
	c.exact, c.prefix = map[string][]cueRef{}, map[string][]cueRef{}
	for typ, list := range c.byType {
		for n, cu := range list {
			first := cu.parts[0][0]
			if p, ok := strings.CutSuffix(first, "*"); ok {
				c.prefix[p] = append(c.prefix[p], cueRef{typ, n})
			} else {
				c.exact[first] = append(c.exact[first], cueRef{typ, n})
			}
		}
	}
	c.pronoun = number.WordSet(c.Pronouns)
	c.placePre = number.WordSet(c.PlacePreps)
	return c, nil
})

// matchWord reports whether a lower-case word matches a pattern.
func matchWord(pat, w string) bool {
	if p, ok := strings.CutSuffix(pat, "*"); ok {
		return strings.HasPrefix(w, p)
	}
	return pat == w
}

// find returns the token index where a sequence of patterns starts in
// words, or -1.
func find(seq []string, words []string) int {
	for i := 0; i+len(seq) <= len(words); i++ {
		ok := true
		for j, p := range seq {
			if !matchWord(p, words[i+j]) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// matches reports whether every part of a cue occurs in the words.
func matches(cu cue, words []string) bool {
	for _, part := range cu.parts {
		if find(part, words) < 0 {
			return false
		}
	}
	return true
}

// mentionAt is an entity mention with its entity.
type mentionAt struct {
	start, end int
	ent        *kronika.Entity
}

// Extract implements kronika.Extractor.
func (x *Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	c, err := packs.Get(a.Doc.Lang)
	if err != nil || c == nil {
		return err
	}
	var ms []mentionAt
	for i := range a.Doc.Entities {
		e := &a.Doc.Entities[i]
		for _, m := range e.Mentions {
			ms = append(ms, mentionAt{m.Start, m.End, e})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })

	for _, s := range a.Sentences {
		toks := a.Tokens[s.First:s.Last]
		words := make([]string, len(toks))
		for i, t := range toks {
			words[i] = strings.ToLower(t.Text)
		}
		// The cues some word of the sentence can start, best (first
		// listed) per type.
		best := map[string]int{}
		try := func(refs []cueRef) {
			for _, r := range refs {
				if b, ok := best[r.typ]; ok && b <= r.n {
					continue
				}
				if matches(c.byType[r.typ][r.n], words) {
					best[r.typ] = r.n
				}
			}
		}
		for _, w := range words {
			try(c.exact[w])
			for k := 1; k <= len(w); k++ {
				if refs, ok := c.prefix[w[:k]]; ok {
					try(refs)
				}
			}
		}
		for _, typ := range Types {
			if n, ok := best[typ]; ok {
				a.Doc.Events = append(a.Doc.Events, x.event(a, c, s, words, ms, typ, c.byType[typ][n].text))
			}
		}
	}
	return nil
}

// event builds the record of one event found in sentence s.
func (x *Extractor) event(a *kronika.Analysis, c *cues, s kronika.Sentence, words []string, ms []mentionAt, typ, cueText string) kronika.Event {
	ev := kronika.Event{Type: typ, Start: s.Start, End: s.End, Cue: cueText, Actors: []string{}}
	seen := map[string]bool{}
	for _, m := range ms {
		if m.start < s.Start || m.end > s.End || seen[m.ent.ID] {
			continue
		}
		if m.ent.Type == kronika.LOC && ev.Place == nil && placeLike(m.ent) && x.afterPlacePrep(a, c, m) {
			id := m.ent.ID
			ev.Place = &id
			seen[id] = true
			continue
		}
		if m.ent.Type == kronika.MISC {
			continue
		}
		seen[m.ent.ID] = true
		ev.Actors = append(ev.Actors, m.ent.ID)
	}
	// "Ai ka bërë …": a subject pronoun stands for the last person named
	// before the sentence.
	for _, w := range words {
		if c.pronoun[w] {
			if id := lastPerson(ms, s.Start); id != "" && !seen[id] {
				ev.Actors = append([]string{id}, ev.Actors...)
			}
			break
		}
	}
	for _, d := range a.Doc.Dates {
		if d.Start >= s.Start && d.End <= s.End && d.Value != nil {
			v := *d.Value
			ev.Date = &v
			break
		}
	}
	return ev
}

// placeLike reports whether a place entity is a city or region rather than
// a country, which is more often a party to what happens than its scene.
func placeLike(e *kronika.Entity) bool {
	return !strings.HasPrefix(e.KB, "iso:") && !strings.HasPrefix(e.KB, "un:")
}

// afterPlacePrep reports whether a mention follows a preposition of place
// ("në Kursk", "nga Brukseli", "in Brussels").
func (x *Extractor) afterPlacePrep(a *kronika.Analysis, c *cues, m mentionAt) bool {
	i := sort.Search(len(a.Tokens), func(i int) bool { return a.Tokens[i].Start >= m.start })
	return i > 0 && c.placePre[strings.ToLower(a.Tokens[i-1].Text)]
}

func lastPerson(ms []mentionAt, before int) string {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].end <= before && ms[i].ent.Type == kronika.PER {
			return ms[i].ent.ID
		}
	}
	return ""
}
