// Package date finds temporal expressions and resolves them against the
// publication date, following the TIMEX3 value conventions: the value has
// the precision of the expression ("2022", "2024-03", "2024-10-28",
// "2024-Q3", "2024-W43"), and is null when the publication date is not
// known precisely enough ("dje" in an article dated only "2024-11").
//
// Month and weekday names with their inflected forms, relative words and
// modifiers live in the language pack file dates.json; number words come
// from package number. The scanner reads the text itself (package number's
// tokenisation), so it does not depend on the pipeline's segmenter.
package date

import (
	"context"
	"fmt"
	"sort"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/number"
)

// Extractor is the date stage of the pipeline.
type Extractor struct{}

// New returns the date extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "dates" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	if a == nil || a.Doc == nil {
		return nil
	}
	ds, err := Find(a.Doc.Lang, a.Runes, number.Shared(a.Runes), a.Doc.Published)
	if err != nil {
		return fmt.Errorf("dates: %w", err)
	}
	a.Doc.Dates = append(a.Doc.Dates, ds...)
	sort.SliceStable(a.Doc.Dates, func(i, j int) bool { return a.Doc.Dates[i].Start < a.Doc.Dates[j].Start })
	return nil
}

// Find returns the dates of a text in language code, resolved against the
// publication date pub (YYYY, YYYY-MM, YYYY-MM-DD or ""). toks must be
// number.Tokenize(text). A language without date rules gives no dates.
func Find(code string, text []rune, toks []number.Tok, pub string) ([]kronika.Date, error) {
	r, err := rulesFor(code)
	if err != nil || r == nil {
		return nil, err
	}
	s := &scan{r: r, text: text, toks: toks, pub: parsePub(pub)}
	return s.run(), nil
}

// FindNumeric is Find for the dates that contain a number ("28 tetor",
// "para dy ditësh", "2022"), without resolution: what the amount stage
// needs to tell dates from counts, at a fraction of the cost.
func FindNumeric(code string, text []rune, toks []number.Tok) ([]kronika.Date, error) {
	r, err := rulesFor(code)
	if err != nil || r == nil {
		return nil, err
	}
	s := &scan{r: r, text: text, toks: toks, nearNumbers: true}
	return s.run(), nil
}

// scan is the state of one pass over a text.
type scan struct {
	r    *rules
	text []rune
	toks []number.Tok
	pub  pubDate
	hits []hit
	// nearNumbers restricts the scan to expressions near a number.
	nearNumbers bool
}

// hit is one expression found: a token range and what it means.
type hit struct {
	first, last int // tokens [first, last)
	e           expr
}

func (s *scan) run() []kronika.Date {
	toks := s.toks
	nextNum := len(toks) // the first number token at or after i
	if s.nearNumbers {
		nextNum = -1
	}
	for i := 0; i < len(toks); {
		if s.nearNumbers {
			if nextNum < i {
				nextNum = s.nextNumber(i)
			}
			if nextNum-i > 3 {
				i++
				continue
			}
		}
		h, ok := s.at(i)
		if !ok {
			i++
			continue
		}
		// A prefix ("fund të", "early", "in") joins the span.
		if p, _ := s.r.prefixes.MatchEnd(s.text, toks, h.first); p >= 0 && (len(s.hits) == 0 || s.hits[len(s.hits)-1].last <= p) {
			h.first = p
		}
		s.hits = append(s.hits, h)
		i = h.last
	}
	s.ranges()
	out := make([]kronika.Date, 0, len(s.hits))
	for _, h := range s.hits {
		start, end := toks[h.first].Start, toks[h.last-1].End
		h.e.future = s.futureAt(h.first)
		v, rel := h.e.resolve(s.pub, s.r.resolveWeeks)
		d := kronika.Date{Start: start, End: end, Text: string(s.text[start:end]), Value: v}
		if v == nil {
			d.Relative = rel
		}
		out = append(out, d)
	}
	return out
}

// nextNumber returns the first token at or after i that is digits or a
// number word, or len(toks).
func (s *scan) nextNumber(i int) int {
	for ; i < len(s.toks); i++ {
		t := s.toks[i]
		if t.Kind == number.Digits || (t.Kind == number.Word && s.r.numStart[t.Lower]) {
			return i
		}
	}
	return len(s.toks)
}

// ranges gives a month or day without a year the year of the date it is
// paired with: "from April to September 2023".
func (s *scan) ranges() {
	for k := 0; k+1 < len(s.hits); k++ {
		a, b := &s.hits[k], &s.hits[k+1]
		if a.e.kind != absolute || a.e.year != 0 || b.e.kind != absolute || b.e.year == 0 {
			continue
		}
		if e, _ := s.r.rangeLinks.Match(s.text, s.toks, a.last); e == b.first || (e > 0 && e+1 == b.first) {
			a.e.year = b.e.year
		}
	}
	// "June last year", "January this year": one expression.
	for k := 0; k+1 < len(s.hits); k++ {
		a, b := &s.hits[k], s.hits[k+1]
		if a.e.kind == absolute && a.e.year == 0 && a.e.month != 0 && b.e.kind == unitOff && b.e.unit == "year" && b.first == a.last && s.near(b.first) {
			if s.pub.prec == 0 {
				a.e.kind = unresolved
			} else {
				a.e.year = s.pub.y + b.e.off
			}
			a.last = b.last
			s.hits = append(s.hits[:k+1], s.hits[k+2:]...)
		}
	}
}

// futureAt reports whether a future cue precedes token i in its clause.
func (s *scan) futureAt(i int) bool {
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		t := s.toks[k]
		if t.Kind == number.Punct && (t.Lower == "." || t.Lower == "!" || t.Lower == "?" || t.Lower == ";" || t.Lower == "\"" || t.Lower == "“" || t.Lower == "”") {
			return false
		}
		if s.r.past[t.Lower] {
			return false
		}
		if s.r.future[t.Lower] {
			return true
		}
	}
	return false
}

// at tries every pattern at token i and keeps the longest.
func (s *scan) at(i int) (hit, bool) {
	t := s.toks[i]
	best := hit{last: -1}
	try := func(h hit, ok bool) {
		if ok && h.last > best.last {
			best = h
		}
	}
	switch {
	case t.Kind == number.Digits:
		try(s.numeric(i))
		try(s.dayMonth(i))
		try(s.year(i))
		try(s.quarter(i))
		try(s.clock(i))
		try(s.ago(i))
	case t.Kind == number.Punct && t.Lower == "'":
		try(s.year(i))
	case t.Kind == number.Word && s.r.starts[t.Lower] != 0:
		// Only words that can open an expression get this far, and only
		// to the patterns they can open.
		bits := s.r.starts[t.Lower]
		if bits&pMonth != 0 {
			try(s.monthFirst(i))
		}
		if bits&pWeekday != 0 {
			try(s.weekday(i))
		}
		if bits&pDayWord != 0 {
			try(s.dayWord(i))
		}
		if bits&pPhrase != 0 {
			try(s.phrase(i))
		}
		if bits&pRelative != 0 {
			try(s.relative(i))
		}
		if bits&pAgo != 0 {
			try(s.ago(i))
		}
		if bits&pYear != 0 {
			try(s.year(i))
		}
		if bits&pQuarter != 0 {
			try(s.quarter(i))
		}
		if bits&pSeason != 0 {
			try(s.season(i))
		}
	default:
		return best, false
	}
	return best, best.last > i
}

// word reports whether token i is a word, in the given set when the set is
// not nil.
func (s *scan) tok(i int) (number.Tok, bool) {
	if i < 0 || i >= len(s.toks) {
		return number.Tok{}, false
	}
	return s.toks[i], true
}

// near reports whether tokens i-1 and i are separated by spaces only.
func (s *scan) near(i int) bool {
	return i > 0 && i < len(s.toks) && number.Near(s.text, s.toks[i-1], s.toks[i])
}

// punct reports whether token i is the punctuation p.
func (s *scan) punct(i int, p string) bool {
	t, ok := s.tok(i)
	return ok && t.Kind == number.Punct && t.Lower == p
}

// month returns the month named by token i.
func (s *scan) month(i int) (int, bool) { return s.named(i, s.r.months) }

// weekdayAt returns the weekday named by token i, Sunday = 0.
func (s *scan) weekdayAt(i int) (int, bool) { return s.named(i, s.r.weekdays) }

// named looks token i up in a table of names (months, weekdays), which
// count only capitalised in a case-sensitive pack.
func (s *scan) named(i int, names map[string]int) (int, bool) {
	t, ok := s.tok(i)
	if !ok || t.Kind != number.Word {
		return 0, false
	}
	v, ok := names[t.Lower]
	if !ok || (s.r.caseSensitive && !t.Upper) {
		return 0, false
	}
	return v, true
}

// dayNum reads a day of month at token i ("28", "1st").
func (s *scan) dayNum(i int) (day, next int, ok bool) {
	t, ok := s.tok(i)
	if !ok || t.Kind != number.Digits || len(t.Lower) > 2 {
		return 0, 0, false
	}
	d := atoi(t.Lower)
	if d < 1 || d > 31 {
		return 0, 0, false
	}
	next = i + 1
	if n, ok := s.tok(next); ok && n.Kind == number.Word && number.Glued(t, n) {
		if !s.r.daySuffix[n.Lower] {
			return 0, 0, false
		}
		next++
	}
	return d, next, true
}

// yearNum reads a four-digit year at token i.
func (s *scan) yearNum(i int) (int, bool) {
	t, ok := s.tok(i)
	if !ok || t.Kind != number.Digits || len(t.Lower) != 4 {
		return 0, false
	}
	y := atoi(t.Lower)
	if y < 1000 || y > 2200 {
		return 0, false
	}
	if n, ok := s.tok(i + 1); ok && number.Glued(t, n) && (n.Kind == number.Digits || n.Kind == number.Word && !s.r.decadeSuffix[n.Lower]) {
		return 0, false
	}
	return y, true
}

// optYear reads an optional year after a day and month, through a link
// ("të vitit", ","), returning the year and the token after it.
func (s *scan) optYear(i int) (int, int) {
	if y, ok := s.yearNum(i); ok && s.near(i) {
		return y, i + 1
	}
	if e, _ := s.r.yearLinks.Match(s.text, s.toks, i); e > 0 {
		if y, ok := s.yearNum(e); ok {
			return y, e + 1
		}
	}
	if s.punct(i, ",") {
		if y, ok := s.yearNum(i + 1); ok {
			return y, i + 2
		}
	}
	return 0, i
}

// skipDot steps over an abbreviation's full stop ("Oct. 13"), but not
// over a sentence's: only digits may follow.
func (s *scan) skipDot(i int) int {
	if s.punct(i, ".") && number.Glued(s.toks[i-1], s.toks[i]) && i+1 < len(s.toks) && s.toks[i+1].Kind == number.Digits && s.near(i+1) {
		return i + 1
	}
	return i
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return -1
		}
	}
	return n
}
