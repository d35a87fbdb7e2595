package amount

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/number"
)

// packData is the layout of a pack's amounts.json. Words are lower case;
// a multi-word entry of a phrase list is its words separated by single
// spaces. The word lists (ApproxGap, NotAlone, NotBefore, NotAfter, Stop,
// Modifiers, NeedsUnit, NoRange, CoupleOf) are looked up one token at a
// time, so an entry with a space, a hyphen or a full stop never matches.
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
	// "nr", "neni", "ora"; an abbreviation's full stop may stand between
	// ("nr. 5").
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
	// CoupleOf are the words that may follow a couple-word that has no
	// scale after it: "a couple of hundred" ("of").
	CoupleOf []string `json:"couple_of"`
}

// rules is the compiled amount knowledge of one language.
type rules struct {
	num         *number.Lang
	approx      *number.Phrases
	approxVal   map[string]string
	approxGap   map[string]bool
	coupleOf    map[string]bool
	currencies  *number.Phrases
	currencyVal map[string]string
	percent     *number.Phrases
	rangeLinks  *number.Phrases
	between     *number.Phrases
	betweenLink *number.Phrases
	notAlone    map[string]bool
	notBefore   map[string]bool
	notAfter    map[string]bool
	stop        map[string]bool
	modifier    map[string]bool
	modEndings  []string
	lemma       [][2]string
	lemmas      map[string]string
	notPhrases  *number.Phrases
	needsUnit   map[string]bool
	noRange     map[string]bool
	couple      *number.Phrases
	coupleVal   map[string]float64
	speech      *number.Phrases
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
		approx:      number.NewPhrases(slices.Sorted(maps.Keys(d.Approx))),
		approxVal:   lowerMap(d.Approx),
		approxGap:   number.WordSet(d.ApproxGap),
		currencies:  number.NewPhrases(slices.Sorted(maps.Keys(d.Currencies))),
		currencyVal: lowerMap(d.Currencies),
		percent:     number.NewPhrases(d.Percent),
		rangeLinks:  number.NewPhrases(d.RangeLinks),
		between:     number.NewPhrases(d.Between),
		betweenLink: number.NewPhrases(d.BetweenLink),
		notAlone:    number.WordSet(d.NotAlone),
		notBefore:   number.WordSet(d.NotBefore),
		notAfter:    number.WordSet(d.NotAfter),
		stop:        number.WordSet(d.Stop),
		coupleOf:    number.WordSet(d.CoupleOf),
		modifier:    number.WordSet(d.Modifiers),
		modEndings:  d.ModifierEndings,
		lemma:       d.Lemma,
		lemmas:      lowerMap(d.Lemmas),
		coupleVal:   map[string]float64{},
		speech:      number.NewPhrases(verbs),
		notPhrases:  number.NewPhrases(d.NotPhrases),
		needsUnit:   number.WordSet(d.NeedsUnit),
		noRange:     number.WordSet(d.NoRange),
	}
	var cs []string
	for k, v := range d.Couple {
		k = number.NormPhrase(k)
		cs = append(cs, k)
		r.coupleVal[k] = v
	}
	r.couple = number.NewPhrases(cs)
	r.starts = map[string]bool{}
	for _, w := range num.Words() {
		r.starts[w] = true
	}
	for _, w := range r.couple.FirstWords() {
		r.starts[w] = true
	}
	return r
}

func lowerMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[number.NormPhrase(k)] = v
	}
	return out
}
