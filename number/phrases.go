package number

import (
	"sort"
	"strings"
)

// Phrases finds the longest of a set of word sequences (cue phrases of a
// language pack: "më shumë se", "javën e kaluar") at a token of Tokenize's
// output. Words of a phrase must be near each other (see Near).
type Phrases struct {
	byFirst map[string][]phrase
	longest int // words of the longest phrase: how far MatchEnd looks back
}

// phrase is one phrase: its words and its key, the words joined by one
// space.
type phrase struct {
	words []string
	key   string
}

// NormPhrase puts a phrase in the form Phrases matches: lower case, words
// separated by one space, punctuation split off the way Tokenize splits it.
func NormPhrase(p string) string {
	toks := Tokenize([]rune(p))
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.Lower
	}
	return strings.Join(ws, " ")
}

// NewPhrases compiles a list of phrases.
func NewPhrases(list []string) *Phrases {
	m := &Phrases{byFirst: map[string][]phrase{}}
	for _, p := range list {
		ws := strings.Fields(NormPhrase(p))
		if len(ws) == 0 {
			continue
		}
		m.byFirst[ws[0]] = append(m.byFirst[ws[0]], phrase{ws, strings.Join(ws, " ")})
		m.longest = max(m.longest, len(ws))
	}
	for _, l := range m.byFirst {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].words) > len(l[j].words) })
	}
	return m
}

// Match returns the token index after the longest phrase starting at
// token i, and the phrase's key, or -1.
func (m *Phrases) Match(text []rune, toks []Tok, i int) (int, string) {
	if m == nil || i < 0 || i >= len(toks) {
		return -1, ""
	}
next:
	for _, ps := range m.byFirst[toks[i].Lower] {
		ws := ps.words
		if i+len(ws) > len(toks) {
			continue
		}
		for k, w := range ws {
			t := toks[i+k]
			if t.Lower != w || (k > 0 && !Near(text, toks[i+k-1], t)) {
				continue next
			}
		}
		return i + len(ws), ps.key
	}
	return -1, ""
}

// MatchEnd returns the start token of the longest phrase that ends just
// before token end, and its key, or -1.
func (m *Phrases) MatchEnd(text []rune, toks []Tok, end int) (int, string) {
	if m == nil {
		return -1, ""
	}
	best, key := -1, ""
	for start := end - 1; start >= 0 && start >= end-m.longest; start-- {
		if e, k := m.Match(text, toks, start); e == end {
			best, key = start, k
		}
	}
	return best, key
}

// FirstWords returns the first word of every phrase, for an index of the
// tokens a phrase may start at.
func (m *Phrases) FirstWords() []string {
	if m == nil {
		return nil
	}
	out := make([]string, 0, len(m.byFirst))
	for w := range m.byFirst {
		out = append(out, w)
	}
	return out
}
