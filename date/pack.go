package date

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/number"
)

// packData is the layout of a pack's dates.json. Every word is lower case;
// a multi-word entry is its words separated by single spaces.
type packData struct {
	// CaseSensitive: month and weekday names count only when capitalised
	// (English "May", "March").
	CaseSensitive bool       `json:"case_sensitive"`
	Months        [][]string `json:"months"`   // 12 lists of forms, January first
	Weekdays      [][]string `json:"weekdays"` // 7 lists of forms, Sunday first
	// Articles that belong to a weekday's span: "të premten".
	WeekdayArticles []string `json:"weekday_articles"`
	// DayParts may follow a weekday or day word: "Sunday evening".
	DayParts []string `json:"day_parts"`
	// DayWords are days relative to publication: "dje" = -1.
	DayWords map[string]int `json:"day_words"`
	// Phrases are fixed expressions: a day offset, or a TIMEX3 reference.
	Phrases map[string]phrase `json:"phrases"`
	// Units maps calendar-unit words (all forms) to day, week, month,
	// quarter or year.
	Units map[string]string `json:"units"`
	// Before and After are unit modifiers with their offset: "last" -1,
	// "e kaluar" -1, "this" 0. An offset of null (absent in Unresolved)
	// marks a vague modifier ("the past", "recent").
	Before     map[string]int `json:"before"`
	After      map[string]int `json:"after"`
	Unresolved []string       `json:"unresolved"` // vague modifiers: "the past", "recent"
	AgoBefore  []string       `json:"ago_before"` // "para" (para dy ditësh)
	AgoAfter   []string       `json:"ago_after"`  // "ago"
	One        []string       `json:"one"`        // count as 1 before a unit: "a", "një"
	// YearLinks join a day and month to their year: "të vitit", ",".
	YearLinks []string `json:"year_links"`
	// YearUnit words stand before a year: "vitin 2020".
	YearUnit []string `json:"year_unit"`
	// YearPreps introduce a bare year ("in 2022"), so a number after them
	// is a year.
	YearPreps []string `json:"year_preps"`
	// Prefixes belong to a date's span without changing its value:
	// "fund të", "early".
	Prefixes []string `json:"prefixes"`
	// RangeLinks join two dates of a range: "to", "deri në".
	RangeLinks []string `json:"range_links"`
	// FutureCues before a date in its sentence make an underspecified date
	// point forward ("will meet on Friday").
	FutureCues []string `json:"future_cues"`
	// PastCues cancel a future cue between it and the date.
	PastCues     []string          `json:"past_cues"`
	ResolveWeeks bool              `json:"resolve_weeks"` // give ISO weeks ("2024-W43") a value
	NumericOrder string            `json:"numeric_order"` // "dmy" or "mdy" for 1/2/2024
	Ordinals     map[string]int    `json:"ordinals"`      // first … fourth (quarters)
	Seasons      map[string]string `json:"seasons"`       // summer → SU
	Times        bool              `json:"times"`         // annotate clock times
	Meridiem     map[string]int    `json:"meridiem"`      // "a.m." → 0, "p.m." → 12
	Decades      bool              `json:"decades"`       // "the 1990s"
	// DaySuffixes are the endings glued to a day of month: "1st", "28th".
	// Digits glued to another word are no day.
	DaySuffixes []string `json:"day_suffixes"`
	// DecadeSuffixes are the endings glued to a year that make it a
	// decade when Decades is set: "1990s", "'80s". A four-digit number
	// glued to another word is no year.
	DecadeSuffixes []string `json:"decade_suffixes"`
	// PluralEnds mark a plural noun: a bare year followed by a lower-case
	// word without one of these endings is a year ("the 1996 campaign").
	// Without them only capitalised words and year prepositions may follow.
	PluralEnds []string `json:"plural_ends"`
	// CountNouns are plural nouns without a plural ending ("people").
	CountNouns []string `json:"count_nouns"`
}

type phrase struct {
	Unit   string `json:"unit"`   // day, week, month, year, quarter
	Offset *int   `json:"offset"` // nil: unresolvable
	Ref    string `json:"ref"`    // PRESENT_REF, PAST_REF, FUTURE_REF
	Rel    string `json:"rel"`    // English gloss for Date.Relative
}

// rules is the compiled date knowledge of one language.
type rules struct {
	caseSensitive bool
	months        map[string]int
	weekdays      map[string]int
	wdArticles    map[string]bool
	dayParts      *number.Phrases
	dayWords      map[string]int
	phrases       *number.Phrases
	phraseVal     map[string]phrase
	units         map[string]string
	before        *number.Phrases
	beforeVal     map[string]int
	after         *number.Phrases
	afterVal      map[string]int
	unresolved    map[string]bool
	agoBefore     map[string]bool
	agoAfter      map[string]bool
	one           map[string]bool
	yearLinks     *number.Phrases
	yearUnit      map[string]bool
	yearPreps     map[string]bool
	prefixes      *number.Phrases
	rangeLinks    *number.Phrases
	future        map[string]bool
	past          map[string]bool
	resolveWeeks  bool
	mdy           bool
	ordinals      map[string]int
	seasons       map[string]string
	times         bool
	meridiem      map[string]int
	decades       bool
	daySuffix     map[string]bool
	decadeSuffix  map[string]bool
	num           *number.Lang
	pluralEnds    []string
	countNouns    map[string]bool
	// starts holds every word that can open an expression, so that the
	// scanner dismisses all other words with one lookup.
	starts map[string]uint16
	// numStart holds the words that open a count: number words and "a".
	numStart map[string]bool
}

// Patterns a word may open (bits of rules.starts).
const (
	pMonth uint16 = 1 << iota
	pWeekday
	pDayWord
	pPhrase
	pRelative
	pAgo
	pYear
	pQuarter
	pSeason
)

var cache = lang.NewCache(func(code string, p *lang.Pack) (*rules, error) {
	if !p.Has("dates.json") {
		return nil, nil
	}
	var d packData
	if err := p.JSON("dates.json", &d); err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	num, err := number.For(code)
	if err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	return compile(d, num), nil
})

// rulesFor loads and compiles a language's date rules once.
func rulesFor(code string) (*rules, error) { return cache.Get(code) }

func compile(d packData, num *number.Lang) *rules {
	r := &rules{
		caseSensitive: d.CaseSensitive,
		months:        map[string]int{},
		weekdays:      map[string]int{},
		wdArticles:    number.WordSet(d.WeekdayArticles),
		dayParts:      number.NewPhrases(d.DayParts),
		dayWords:      d.DayWords,
		phraseVal:     normKeys(d.Phrases),
		units:         d.Units,
		beforeVal:     normKeys(d.Before),
		afterVal:      normKeys(d.After),
		unresolved:    map[string]bool{},
		agoBefore:     number.WordSet(d.AgoBefore),
		agoAfter:      number.WordSet(d.AgoAfter),
		one:           number.WordSet(d.One),
		yearLinks:     number.NewPhrases(d.YearLinks),
		yearUnit:      number.WordSet(d.YearUnit),
		yearPreps:     number.WordSet(d.YearPreps),
		prefixes:      number.NewPhrases(d.Prefixes),
		rangeLinks:    number.NewPhrases(d.RangeLinks),
		future:        number.WordSet(d.FutureCues),
		past:          number.WordSet(d.PastCues),
		resolveWeeks:  d.ResolveWeeks,
		mdy:           d.NumericOrder == "mdy",
		ordinals:      d.Ordinals,
		seasons:       d.Seasons,
		times:         d.Times,
		meridiem:      d.Meridiem,
		decades:       d.Decades,
		daySuffix:     number.WordSet(d.DaySuffixes),
		decadeSuffix:  number.WordSet(d.DecadeSuffixes),
		num:           num,
		pluralEnds:    d.PluralEnds,
		countNouns:    number.WordSet(d.CountNouns),
	}
	for i, forms := range d.Months {
		for _, f := range forms {
			r.months[strings.ToLower(f)] = i + 1
		}
	}
	for i, forms := range d.Weekdays {
		for _, f := range forms {
			r.weekdays[strings.ToLower(f)] = i
		}
	}
	// unresolved, like the value maps, is keyed the way Phrases.Match
	// names what it found.
	for _, w := range d.Unresolved {
		r.unresolved[number.NormPhrase(w)] = true
	}
	r.phrases = number.NewPhrases(slices.Sorted(maps.Keys(r.phraseVal)))
	bs := append(slices.Sorted(maps.Keys(r.beforeVal)), d.Unresolved...)
	r.before = number.NewPhrases(bs)
	r.after = number.NewPhrases(slices.Sorted(maps.Keys(r.afterVal)))
	// Each word that can open an expression records which patterns to try.
	r.starts = map[string]uint16{}
	add := func(bit uint16, ws ...string) {
		for _, w := range ws {
			r.starts[w] |= bit
		}
	}
	for w := range r.months {
		add(pMonth, w)
	}
	for w := range r.weekdays {
		add(pWeekday, w)
	}
	for w := range r.wdArticles {
		add(pWeekday, w)
	}
	for w := range r.dayWords {
		add(pDayWord, w)
	}
	for _, w := range r.phrases.FirstWords() {
		add(pPhrase, w)
	}
	for _, w := range r.before.FirstWords() {
		add(pMonth|pWeekday|pRelative|pSeason, w)
	}
	for w := range r.units {
		add(pRelative|pMonth, w)
	}
	for w := range r.agoBefore {
		add(pAgo, w)
	}
	for w := range r.one {
		add(pAgo, w)
	}
	for w := range r.yearUnit {
		add(pYear, w)
	}
	for w := range r.ordinals {
		add(pQuarter, w)
	}
	if num != nil {
		for _, w := range num.Words() {
			if v, ok := num.Unit(w); ok && v >= 10 && v <= 20 {
				add(pYear, w)
			}
		}
	}
	for w := range r.seasons {
		add(pSeason, w)
	}
	r.numStart = map[string]bool{}
	for w := range r.one {
		r.numStart[w] = true
	}
	if num != nil {
		for _, w := range num.Words() {
			add(pAgo, w)
			r.numStart[w] = true
		}
	}
	return r
}

// normKeys keys a map by number.NormPhrase, the form of the key that
// Phrases.Match returns.
func normKeys[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[number.NormPhrase(k)] = v
	}
	return out
}
