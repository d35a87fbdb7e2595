package amount

import (
	"sort"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/number"
)

// holders finds who claims a figure: the speaker of the quote it stands in,
// else the entity that is the subject of a speech verb in its sentence.
type holders struct {
	a        *kronika.Analysis
	r        *rules
	toks     []number.Tok
	mentions []mention // sorted by start
}

type mention struct {
	start, end int
	id         string
	loc        bool // a place speaks only by metonymy, right at the verb
}

func newHolders(a *kronika.Analysis, r *rules, toks []number.Tok) *holders {
	h := &holders{a: a, r: r, toks: toks}
	for _, e := range a.Doc.Entities {
		for _, m := range e.Mentions {
			t := m.Type
			if t == "" {
				t = e.Type
			}
			if t == kronika.MISC {
				continue // nationality words do not speak
			}
			h.mentions = append(h.mentions, mention{m.Start, m.End, e.ID, t == kronika.LOC})
		}
	}
	sort.Slice(h.mentions, func(i, j int) bool { return h.mentions[i].start < h.mentions[j].start })
	return h
}

// holder returns the entity id that claims the figure at [start, end), or
// nil.
func (h *holders) holder(start, end int) *string {
	for _, q := range h.a.Doc.Quotes {
		if q.Start <= start && end <= q.End && q.Speaker != nil {
			id := *q.Speaker
			return &id
		}
	}
	if len(h.mentions) == 0 || h.r.speech == nil {
		return nil
	}
	ss, se := h.sentence(start)
	// Token range of the sentence.
	ti := sort.Search(len(h.toks), func(i int) bool { return h.toks[i].Start >= ss })
	best, bestDist := "", 1<<30
	for i := ti; i < len(h.toks) && h.toks[i].Start < se; i++ {
		e, _ := h.r.speech.Match(h.a.Runes, h.toks, i)
		if e < 0 {
			continue
		}
		vs, ve := h.toks[i].Start, h.toks[e-1].End
		// The subject: the mention closest before the verb (within the
		// sentence, at most a few words away), or right after it ("tha
		// Krasniqi", "said Montana").
		if id, ok := h.near(vs, ve, ss, se); ok {
			d := abs(vs - start)
			if d < bestDist {
				best, bestDist = id, d
			}
		}
		i = e - 1
	}
	if best == "" {
		return nil
	}
	return &best
}

// near finds the subject mention of a speech verb at [vs, ve).
func (h *holders) near(vs, ve, ss, se int) (string, bool) {
	const gap = 40 // code points between subject and verb
	var before *mention
	for k := range h.mentions {
		m := &h.mentions[k]
		if m.start < ss || m.end > se {
			continue
		}
		if m.end <= vs && vs-m.end <= gap && (!m.loc || h.blank(m.end, vs)) {
			before = m // the last one before the verb wins
		}
	}
	if before != nil {
		return before.id, true
	}
	for k := range h.mentions {
		m := &h.mentions[k]
		if m.start >= ve && m.start-ve <= 4 && m.end <= se && (!m.loc || h.blank(ve, m.start)) {
			return m.id, true
		}
	}
	return "", false
}

// blank reports whether only a few spaces separate two positions
// ("Washington says", "SHBA-ja ka thënë").
func (h *holders) blank(from, to int) bool {
	if to-from > 3 {
		return false
	}
	for _, r := range h.a.Runes[from:to] {
		if r != ' ' && r != '\u00a0' {
			return false
		}
	}
	return true
}

// sentence returns the bounds of the sentence holding position p: the
// pipeline's sentences when there are any, else the whole text.
func (h *holders) sentence(p int) (int, int) {
	ss := h.a.Sentences
	k := sort.Search(len(ss), func(i int) bool { return ss[i].End > p })
	if k < len(ss) && ss[k].Start <= p {
		return ss[k].Start, ss[k].End
	}
	return 0, len(h.a.Runes)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
