package amount

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/number"
)

// packData is the layout of a pack's amounts.json. Words are lower case;
// a multi-word entry is its words separated by single spaces.
type packData struct {
	// Approx maps cue phrases before a number to an approximation marker:
	// "rreth" about, "më shumë se" more_than, "under" less_than.
	Approx map[string]string `json:"approx"`
	// ApproxGap words may stand between a cue and its number: "së paku
	// edhe dy javë".
	ApproxGap []string `json:"approx_gap"`
	// Currencies maps symbols, codes and currency words to the unit
	// recorded: "€" and "eurot" → "euro".
	Currencies map[string]string `json:"currencies"`
	// Percent phrases after a number: "%", "për qind", "per cent".
	Percent []string `json:"percent"`
	// RangeLinks join the two bounds of a range: "deri në", "to", "-".
	RangeLinks []string `json:"range_links"`
	// Between opens a range closed by BetweenLink: "between 30 and 54".
	Between     []string `json:"between"`
	BetweenLink []string `json:"between_link"`
	// NotAlone are number words that are not an amount on their own, such
	// as the numeral-article "një".
	NotAlone []string `json:"not_alone"`
	// NotBefore are words after which a number is a label, not a count:
	// "nr.", "neni", "ora".
	NotBefore []string `json:"not_before"`
	// NotAfter are words that make the number before them a label or
	// ordinal: "th", "-ta".
	NotAfter []string `json:"not_after"`
	// Stop words are never the counted object.
	Stop []string `json:"stop"`
	// Modifiers are words that may stand between a number and what it
	// counts ("11.7 million foreign visitors", "three overcrowded boats");
	// ModifierEndings the endings that mark one ("-ed", "-ing").
	Modifiers       []string `json:"modifiers"`
	ModifierEndings []string `json:"modifier_endings"`
	// Lemma lists suffix rewrites tried in order on the counted word:
	// ["ëve", ""] turns "ushtarëve" into "ushtar".
	Lemma [][2]string `json:"lemma"`
	// Lemmas are exceptions to the suffix rules: "people" → "person".
	Lemmas map[string]string `json:"lemmas"`
	// NotPhrases start with a number that is not a count: "one of".
	NotPhrases []string `json:"not_phrases"`
	// NeedsUnit are number words that count only with an object after
	// them: "one" alone is a pronoun.
	NeedsUnit []string `json:"needs_unit"`
	// NoRange words before a number make "X to Y" a change, not a range:
	// "rose by 5 to 20".
	NoRange []string `json:"no_range"`
	// Couple are phrases that stand for an approximate number: "a couple"
	// = 2.
	Couple map[string]float64 `json:"couple"`
}

// rules is the compiled amount knowledge of one language.
type rules struct {
	num         *number.Lang
	approx      *matcher
	approxVal   map[string]string
	approxGap   map[string]bool
	currencies  *matcher
	currencyVal map[string]string
	percent     *matcher
	rangeLinks  *matcher
	between     *matcher
	betweenLink *matcher
	notAlone    map[string]bool
	notBefore   map[string]bool
	notAfter    map[string]bool
	stop        map[string]bool
	modifier    map[string]bool
	modEndings  []string
	lemma       [][2]string
	lemmas      map[string]string
	notPhrases  *matcher
	needsUnit   map[string]bool
	noRange     map[string]bool
	couple      *matcher
	coupleVal   map[string]float64
	speech      *matcher
	starts      map[string]bool // words that may open a figure
}

var cache = lang.NewCache(func(code string, p *lang.Pack) (*rules, error) {
	if !p.Has("amounts.json") {
		return nil, nil
	}
	var d packData
	if err := p.JSON("amounts.json", &d); err != nil {
		return nil, fmt.Errorf("amount: %w", err)
	}
	num, err := number.For(code)
	if err != nil || num == nil {
		return nil, err
	}
	verbs, err := p.Lines("speech_verbs.txt")
	if err != nil {
		return nil, fmt.Errorf("amount: %w", err)
	}
	return compile(d, num, verbs), nil
})

// rulesFor loads and compiles a language's amount rules once.
func rulesFor(code string) (*rules, error) { return cache.Get(code) }

func compile(d packData, num *number.Lang, verbs []string) *rules {
	r := &rules{
		num:         num,
		approx:      newMatcher(keys(d.Approx)),
		approxVal:   lowerMap(d.Approx),
		approxGap:   set(d.ApproxGap),
		currencies:  newMatcher(keys(d.Currencies)),
		currencyVal: lowerMap(d.Currencies),
		percent:     newMatcher(d.Percent),
		rangeLinks:  newMatcher(d.RangeLinks),
		between:     newMatcher(d.Between),
		betweenLink: newMatcher(d.BetweenLink),
		notAlone:    set(d.NotAlone),
		notBefore:   set(d.NotBefore),
		notAfter:    set(d.NotAfter),
		stop:        set(d.Stop),
		modifier:    set(d.Modifiers),
		modEndings:  d.ModifierEndings,
		lemma:       d.Lemma,
		lemmas:      lowerMap(d.Lemmas),
		coupleVal:   map[string]float64{},
		speech:      newMatcher(verbs),
		notPhrases:  newMatcher(d.NotPhrases),
		needsUnit:   set(d.NeedsUnit),
		noRange:     set(d.NoRange),
	}
	var cs []string
	for k, v := range d.Couple {
		k = norm(k)
		cs = append(cs, k)
		r.coupleVal[k] = v
	}
	r.couple = newMatcher(cs)
	r.starts = map[string]bool{}
	for _, w := range num.Words() {
		r.starts[w] = true
	}
	for w := range r.couple.byFirst {
		r.starts[w] = true
	}
	return r
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func lowerMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[norm(k)] = v
	}
	return out
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[strings.ToLower(w)] = true
	}
	return m
}

// norm puts a phrase in the matcher's form: lower case, words separated
// by one space, with punctuation split off the way Tokenize splits it.
func norm(p string) string {
	toks := number.Tokenize([]rune(p))
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.Lower
	}
	return strings.Join(ws, " ")
}

// phraseSeq is one phrase of a matcher: its words and its key.
type phraseSeq struct {
	words []string
	key   string
}

// matcher finds the longest of a set of token sequences at a token.
type matcher struct {
	byFirst map[string][]phraseSeq
}

func newMatcher(phrases []string) *matcher {
	m := &matcher{byFirst: map[string][]phraseSeq{}}
	for _, p := range phrases {
		ws := strings.Fields(norm(p))
		if len(ws) == 0 {
			continue
		}
		m.byFirst[ws[0]] = append(m.byFirst[ws[0]], phraseSeq{ws, strings.Join(ws, " ")})
	}
	for _, l := range m.byFirst {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].words) > len(l[j].words) })
	}
	return m
}

// match returns the token index after the longest phrase starting at i and
// the phrase, or -1.
func (m *matcher) match(text []rune, toks []number.Tok, i int) (int, string) {
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
			if t.Lower != w || (k > 0 && !number.Near(text, toks[i+k-1], t)) {
				continue next
			}
		}
		return i + len(ws), ps.key
	}
	return -1, ""
}

// matchEnd returns the start of the longest phrase that ends just before
// token end, and the phrase, or -1.
func (m *matcher) matchEnd(text []rune, toks []number.Tok, end int) (int, string) {
	best, phrase := -1, ""
	for start := end - 1; start >= 0 && start >= end-4; start-- {
		if e, p := m.match(text, toks, start); e == end {
			best, phrase = start, p
		}
	}
	return best, phrase
}
