// Package title finds the titles and roles of people ("Shefi i NATO-s,
// Mark Rutte", "presidentit rus, Vladimir Putin", "NATO Secretary-General
// Mark Rutte", "deputetët Kujtim Shala dhe Arben Gashi") and attaches them
// to the person entities the entity stage found.
//
// A title phrase is a title word of the language pack (titles.json) with
// its modifiers: in Albanian the genitive and adjective chain after it, in
// English the capitalised words, listed modifiers and possessives before it
// and an of-phrase after it. It is a title when a person's mention follows
// it directly or after one comma; a plural title ("deputetët") needs two
// coordinated names. Titles are written into Entity.Titles as written,
// once per entity and title: inflected forms of the same title ("presidentit
// rus", "Presidenti rus") count as one, the first kept.
package title

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/kronika/kronika"
)

// Extractor is the title stage of the pipeline; it runs after the entity
// stage and before the quote stage.
type Extractor struct{}

// New returns the title extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "titles" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	if a == nil || a.Doc == nil || len(a.Tokens) == 0 || len(a.Doc.Entities) == 0 {
		return nil
	}
	lex, err := LexiconFor(a.Doc.Lang)
	if err != nil {
		return err
	}
	if len(lex.forms) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, f := range Find(a, lex) {
		addTitle(a, lex, f)
	}
	return nil
}

// Found is one title phrase attached to a person.
type Found struct {
	Entity int          // index into Doc.Entities
	Span   kronika.Span // the title as written
}

// MentionIndex maps tokens to the entity mentions covering them.
type MentionIndex struct {
	Ent   []int32 // entity index of the mention covering the token, or -1
	Start []bool  // whether a mention starts at the token
	End   []int32 // for a mention start: the token index after the mention
	Misc  []bool  // for a mention start: the mention or its entity is MISC (a nationality adjective)
}

// memoKey names what this package keeps on an analysis with Memo.
type memoKey int

const (
	lowerKey memoKey = iota
	mentionsKey
)

// LowerOf returns Lower(a.Tokens), computed once per analysis for the title
// and quote stages; callers must not change it.
func LowerOf(a *kronika.Analysis) []string {
	return a.Memo(lowerKey, func() any { return Lower(a.Tokens) }).([]string)
}

// MentionsOf returns IndexMentions(a), computed once per analysis for the
// title and quote stages; callers must not change it. The index holds the
// mentions of the first call, so it is for stages that run after the
// entity stage, which adds them, and leave them as they are.
func MentionsOf(a *kronika.Analysis) *MentionIndex {
	return a.Memo(mentionsKey, func() any { return IndexMentions(a) }).(*MentionIndex)
}

// IndexMentions maps every entity mention of a to the tokens it covers.
func IndexMentions(a *kronika.Analysis) *MentionIndex {
	n := len(a.Tokens)
	ix := &MentionIndex{Ent: make([]int32, n), Start: make([]bool, n), End: make([]int32, n), Misc: make([]bool, n)}
	for i := range ix.Ent {
		ix.Ent[i] = -1
	}
	for ei, e := range a.Doc.Entities {
		for _, m := range e.Mentions {
			first := sort.Search(n, func(i int) bool { return a.Tokens[i].End > m.Start })
			if first >= n || a.Tokens[first].Start >= m.End {
				continue
			}
			last := first
			for last < n && a.Tokens[last].Start < m.End {
				ix.Ent[last] = int32(ei)
				last++
			}
			ix.Start[first] = true
			ix.End[first] = int32(last)
			ix.Misc[first] = e.Type == kronika.MISC || m.Type == kronika.MISC
		}
	}
	return ix
}

// Find returns the title phrases of a, each with the person it belongs to.
func Find(a *kronika.Analysis, lex *Lexicon) []Found {
	toks := a.Tokens
	lower := LowerOf(a)
	ix := MentionsOf(a)
	ents := a.Doc.Entities
	isPER := func(i int) bool {
		return i >= 0 && i < len(toks) && ix.Start[i] && ents[ix.Ent[i]].Type == kronika.PER
	}
	var out []Found
	// attachedAt[i] is the person a title phrase starting at token i was
	// attached to, so that a title directly before another attached title
	// ("Pentagon spokesman Major General Pat Ryder") goes to the same
	// person; the scan runs right to left for that.
	attachedAt := map[int][]int{}
	for i := len(toks) - 1; i >= 0; i-- {
		h, ok := lex.HeadAt(lower, i)
		if !ok || ix.Ent[i] >= 0 {
			continue
		}
		if lex.english && i > 0 {
			// the head is the last title word: "Secretary of State" aside,
			// a head followed by a capitalised modifier+head is left to that
			if _, ok2 := lex.HeadAt(lower, i+h.Words); ok2 && isCap(toks[i+h.Words].Text) && isCap(toks[i].Text) {
				continue
			}
		}
		first := lex.extendLeft(toks, lower, i)
		end := i + h.Words // token after the head
		persons, phraseEnd := lex.holders(a, ix, lower, first, end, h, attachedAt, isPER)
		if len(persons) == 0 {
			continue
		}
		for _, p := range persons {
			out = append(out, Found{Entity: p, Span: kronika.Span{Start: toks[first].Start, End: toks[phraseEnd-1].End}})
		}
		attachedAt[first] = persons
		i = first // a phrase is one title
	}
	// found right to left; the first written form of a title wins
	sort.SliceStable(out, func(x, y int) bool { return out[x].Span.Start < out[y].Span.Start })
	return out
}

// extendLeft returns the first token of the title phrase whose head
// starts at token i.
func (l *Lexicon) extendLeft(toks []kronika.Token, lower []string, i int) int {
	first := i
	for j := i - 1; j >= 0 && i-j <= 6; j-- {
		t := toks[j]
		if !isSpaceRun(t, toks[j+1]) {
			break
		}
		w := lower[j]
		if t.Kind != kronika.Word || l.stops[w] {
			break
		}
		if l.preMods[w] {
			first = j
			continue
		}
		if !l.english {
			break
		}
		if _, head := l.HeadAt(lower, j); head && !isCap(t.Text) {
			break // a lower-case head begins a title of its own
		}
		if isCap(t.Text) || l.possessive(w) {
			first = j
			continue
		}
		break
	}
	return first
}

// possessive reports whether a lower-cased word ends as a possessive
// modifier of a title does ("Trump’s").
func (l *Lexicon) possessive(w string) bool {
	return slices.ContainsFunc(l.possEnds, func(e string) bool { return strings.HasSuffix(w, e) })
}

// isSpaceRun reports whether only blanks (no line break) separate two
// adjacent tokens; extendLeft never crosses a line break.
func isSpaceRun(a, b kronika.Token) bool { return b.Start-a.End <= 2 }

// holders finds the persons a title phrase whose head ends before token k
// belongs to, and the token after the phrase; first is the phrase's first
// token, extended left from the head.
func (l *Lexicon) holders(a *kronika.Analysis, ix *MentionIndex, lower []string, first, k int, h Head,
	attachedAt map[int][]int, isPER func(int) bool) ([]int, int) {
	toks := a.Tokens
	phraseEnd := k
	maxPost := l.maxPost
	if maxPost <= 0 {
		maxPost = 8
	}
	j := k
	if l.english {
		// an of-phrase: "state justice minister of North Rhine-Westphalia, Benjamin Limbach"
		if j < len(toks) && l.postLinks[lower[j]] {
			for j < len(toks) && j-k <= maxPost && toks[j].Kind == kronika.Word && !isPER(j) {
				j++
			}
			phraseEnd = j
		}
	} else {
		for j < len(toks) && j-k <= maxPost && !isPER(j) {
			t := toks[j]
			if t.Kind != kronika.Word && t.Kind != kronika.Number {
				break
			}
			if l.stops[lower[j]] {
				return nil, 0
			}
			if _, head := l.HeadAt(lower, j); head && ix.Ent[j] < 0 {
				return nil, 0 // another title begins: it takes the name
			}
			j++
		}
		phraseEnd = j
	}
	comma := false
	if j < len(toks) && toks[j].Text == "," {
		comma = true
		j++
	}
	if !isPER(j) {
		if !comma {
			if ps, ok := attachedAt[j]; ok {
				return ps, phraseEnd
			}
		}
		return nil, 0
	}
	if l.english && comma && phraseEnd == k && h.Words > 0 {
		// "…, minister, Name" is a list more often than an apposition unless
		// the phrase opens its clause; accept it only after a determiner or
		// at a sentence start, checked on the phrase's left extension.
		if first > 0 && !l.dets[lower[first-1]] && toks[first-1].Kind == kronika.Word {
			return nil, 0
		}
	}
	p := int(ix.Ent[j])
	if !h.Plural {
		return []int{p}, phraseEnd
	}
	// a plural title needs coordinated names, written without a comma
	if comma {
		return nil, 0
	}
	persons := []int{p}
	e := int(ix.End[j])
	for e+1 < len(toks) && l.coords[lower[e]] && isPER(e+1) {
		persons = append(persons, int(ix.Ent[e+1]))
		e = int(ix.End[e+1])
	}
	if len(persons) < 2 {
		return nil, 0
	}
	return persons, phraseEnd
}

// addTitle writes a found title into its entity unless the entity already
// has it, in this or another inflected form.
func addTitle(a *kronika.Analysis, lex *Lexicon, f Found) {
	e := &a.Doc.Entities[f.Entity]
	text := strings.TrimRight(a.Slice(f.Span.Start, f.Span.End), " ,")
	if text == "" {
		return
	}
	key := lex.key(text)
	for _, t := range e.Titles {
		if strings.EqualFold(t, text) || lex.key(t) == key {
			return
		}
	}
	e.Titles = append(e.Titles, text)
}

// key is the form of a title under which inflected variants meet: the
// words lower-cased with the head form replaced by its lemma and number.
func (l *Lexicon) key(title string) string {
	words := strings.Fields(strings.ToLower(title))
	var b strings.Builder
	for i := 0; i < len(words); i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if h, ok := l.HeadAt(words, i); ok {
			b.WriteString(h.Lemma)
			if h.Plural {
				b.WriteString("/pl")
			}
			i += h.Words - 1
			continue
		}
		b.WriteString(words[i])
	}
	return b.String()
}

func isCap(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}
