// Package amount finds figures in text: their value, approximation, unit and
// holder.
//
// A figure is a number (digits in the language's convention, number words,
// scale words, vague plurals such as "mijëra") with what goes with it: an
// approximation cue before it ("rreth", "more than"), a currency, a
// percent sign, a range partner ("3 deri në 5 mijë", "between 30 and 54")
// and the counted object after it. Years, dates, clock times, ordinals,
// phone and law numbers and digits inside names ("G7", "COVID-19") are not
// figures. All language knowledge is in the pack files amounts.json and
// numbers.json (package number); the date scanner of package date marks
// the numbers that belong to dates.
package amount

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/date"
	"github.com/kronika/kronika/number"
)

// Extractor is the amount stage of the pipeline.
type Extractor struct{}

// New returns the amount extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "amounts" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	if a == nil || a.Doc == nil {
		return nil
	}
	r, err := rulesFor(a.Doc.Lang)
	if err != nil {
		return fmt.Errorf("amounts: %w", err)
	}
	if r == nil {
		return nil
	}
	toks := number.Shared(a.Runes)
	dates, err := date.FindNumeric(a.Doc.Lang, a.Runes, toks)
	if err != nil {
		return fmt.Errorf("amounts: %w", err)
	}
	s := &scan{r: r, text: a.Runes, toks: toks, blocked: make([]bool, len(toks))}
	k := 0
	for i, t := range toks {
		for k < len(dates) && dates[k].End <= t.Start {
			k++
		}
		if k < len(dates) && dates[k].Start < t.End {
			s.blocked[i] = true
		}
	}
	found := s.run()
	h := newHolders(a, r, toks)
	for i := range found {
		found[i].Holder = h.holder(found[i].Start, found[i].End)
	}
	a.Doc.Amounts = append(a.Doc.Amounts, found...)
	sort.SliceStable(a.Doc.Amounts, func(i, j int) bool { return a.Doc.Amounts[i].Start < a.Doc.Amounts[j].Start })
	return nil
}

// scan is the state of one pass over a text.
type scan struct {
	r       *rules
	text    []rune
	toks    []number.Tok
	blocked []bool // tokens inside a date
}

func (s *scan) run() []kronika.Amount {
	var out []kronika.Amount
	for i := 0; i < len(s.toks); i++ {
		if s.blocked[i] || (s.toks[i].Kind == number.Word && !s.r.starts[s.toks[i].Lower]) {
			continue
		}
		am, end, ok := s.at(i)
		if !ok {
			continue
		}
		if len(out) > 0 && out[len(out)-1].End > am.Start {
			continue
		}
		out = append(out, am)
		i = end - 1
	}
	return out
}

// num scans a number at token i and checks that it is a count.
func (s *scan) num(i int) (number.Num, bool) { return s.numAt(i, false) }

// numAt is num; upper says the number is a range's upper bound, which may
// touch its lower bound ("3-5,000").
func (s *scan) numAt(i int, upper bool) (number.Num, bool) {
	if i < 0 || i >= len(s.toks) || s.blocked[i] {
		return number.Num{}, false
	}
	n, ok := s.r.num.Scan(s.text, s.toks, i)
	if !ok {
		return n, false
	}
	for k := n.First; k < n.Last; k++ {
		if s.blocked[k] {
			return n, false
		}
	}
	return n, s.isCount(n, upper)
}

// isCount rejects numbers that are labels, ordinals, times, years or parts
// of names.
func (s *scan) isCount(n number.Num, upper bool) bool {
	toks := s.toks
	t := toks[n.First]
	prev, hasPrev := s.tok(n.First - 1)
	next, hasNext := s.tok(n.Last)
	if hasPrev && s.r.notBefore[prev.Lower] {
		return false
	}
	if pp, ok := s.tok(n.First - 2); ok && prev.Lower == "." && s.r.notBefore[pp.Lower] {
		return false // "nr. 5"
	}
	if t.Kind == number.Digits {
		if hasPrev && number.Glued(prev, t) {
			switch {
			case prev.Kind == number.Word && !s.currencyBefore(n.First):
				return false // "G7"
			case prev.Lower == "-" || prev.Lower == "‑":
				// "COVID-19", "F-16" are names; "minus-5", "sub-7" are not.
				if w, ok := s.tok(n.First - 2); ok && w.Kind == number.Word && number.Glued(w, prev) && hasUpper(s.text[w.Start:w.End]) {
					return false
				}
				if w, ok := s.tok(n.First - 2); ok && !upper && w.Kind == number.Digits && number.Glued(w, prev) {
					return false // the second half of "07-001"
				}
			case prev.Lower == "+":
				if !(hasNext && s.isPercent(n.Last)) {
					return false // "+383" is a phone prefix, "+0.2%" a change
				}
			case prev.Lower == "/" || prev.Lower == ":" || prev.Lower == "#" || prev.Lower == "№":
				return false // "07/L-001", "No.5"
			case prev.Kind == number.Digits:
				return false
			}
		}
		if hasPrev && prev.Kind == number.Word && prev.Upper && !number.Glued(prev, t) && !s.sentenceStart(n.First-1) &&
			!s.currencyBefore(n.First) && !s.approxBefore(n.First) && !s.r.num.IsWord(prev.Lower) {
			return false // "Big 12", "iPhone 11", "S&P 500": a name's number
		}
		if n.Scaled && n.Last > n.First+1 {
			// A one-letter scale glued to digits ("2.3m") needs a
			// currency before it: "100m" may be metres, "1b" a label.
			if sfx := toks[n.First+1]; number.Glued(t, sfx) && len([]rune(sfx.Lower)) == 1 && !s.isCurrency(n.First-1) && !s.currencyBefore(n.First) {
				return false
			}
		}
		if hasPrev && prev.Kind == number.Digits && number.Near(s.text, prev, t) {
			return false // "044 123 456"
		}
		if len(t.Lower) > 1 && t.Lower[0] == '0' && t.Lower[1] != '.' && t.Lower[1] != ',' {
			return false // "044", "03"
		}
		if hasNext && number.Glued(toks[n.Last-1], next) {
			switch {
			case next.Lower == ":" || next.Lower == "/":
				return false // "03:00", "24/7"
			case next.Kind == number.Word && s.r.notAfter[next.Lower]:
				return false // "28th"
			case next.Kind == number.Word && !n.Scaled && !next.Upper && len([]rune(next.Lower)) == 1:
				return false // "clade 1b", "2a"
			case next.Lower == "-" || next.Lower == "." || next.Lower == "‑":
				if w, ok := s.tok(n.Last + 1); ok && w.Kind == number.Word && number.Glued(next, w) && s.r.notAfter[w.Lower] {
					return false // "3-ta", "2024-ën"
				}
			}
		}
		if hasNext && next.Kind == number.Digits && number.Near(s.text, toks[n.Last-1], next) && !n.Scaled {
			return false
		}
		if n.Plain && len(t.Lower) == 4 && n.Value >= 1900 && n.Value <= 2100 && !s.isCurrency(n.First-1) &&
			!(hasNext && (s.isPercent(n.Last) || s.isCurrency(n.Last))) {
			return false // a year the date scanner left alone
		}
		return true
	}
	// Words.
	if e, _ := s.r.notPhrases.Match(s.text, s.toks, n.First); e > 0 {
		return false
	}
	if n.Last == n.First+1 && !n.Vague && !n.Scaled && s.r.notAlone[t.Lower] {
		return false
	}
	if s.r.needsUnit[t.Lower] && n.Last == n.First+1 && !s.unitAt(n.Last) {
		return false // "each one they lose"
	}
	if hasNext && (next.Lower == "-" || next.Lower == "‑") && number.Glued(toks[n.Last-1], next) {
		if w, ok := s.tok(n.Last + 1); ok && w.Kind == number.Word && number.Glued(next, w) {
			return false // "a five-year contract", "a third-party"
		}
	}
	if t.Upper && n.First > 0 && !s.sentenceStart(n.First) && !n.Vague {
		return false // "Tre Lisat", a name
	}
	return true
}

// sentenceStart reports whether token i opens a sentence or a quotation.
func (s *scan) sentenceStart(i int) bool {
	p, ok := s.tok(i - 1)
	return !ok || p.Kind == number.Punct && strings.ContainsAny(p.Lower, ".!?\"“”«»:—–-(") || hasNewline(s.text[p.End:s.toks[i].Start])
}

func hasNewline(rs []rune) bool {
	for _, r := range rs {
		if r == '\n' {
			return true
		}
	}
	return false
}

func (s *scan) tok(i int) (number.Tok, bool) {
	if i < 0 || i >= len(s.toks) {
		return number.Tok{}, false
	}
	return s.toks[i], true
}

func (s *scan) isCurrency(i int) bool {
	e, _ := s.r.currencies.Match(s.text, s.toks, i)
	return e > 0
}

// currencyBefore reports whether a currency sign or code ends just before
// token i.
func (s *scan) currencyBefore(i int) bool {
	c, _ := s.r.currencies.MatchEnd(s.text, s.toks, i)
	return c >= 0
}

// approxBefore reports whether an approximation cue ends just before
// token i.
func (s *scan) approxBefore(i int) bool {
	a, _ := s.r.approx.MatchEnd(s.text, s.toks, i)
	return a >= 0
}

// unitAt reports whether token i can be the counted object.
func (s *scan) unitAt(i int) bool {
	w, ok := s.tok(i)
	return ok && w.Kind == number.Word && !w.Upper && !s.blocked[i] && number.Near(s.text, s.toks[i-1], w) &&
		!s.r.stop[w.Lower] && !s.r.num.IsWord(w.Lower) && len([]rune(w.Lower)) > 1
}

// modifierAt reports whether token i is a word that modifies the counted
// noun after it rather than being it.
func (s *scan) modifierAt(i int) bool {
	w, ok := s.tok(i)
	if !ok || w.Kind != number.Word {
		return false
	}
	if s.r.modifier[w.Lower] {
		return true
	}
	for _, e := range s.r.modEndings {
		if strings.HasSuffix(w.Lower, e) && len(w.Lower) > len(e)+2 {
			return true
		}
	}
	return false
}

func hasUpper(rs []rune) bool {
	for _, r := range rs {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func (s *scan) isPercent(i int) bool {
	e, _ := s.r.percent.Match(s.text, s.toks, i)
	return e > 0
}

// at reads a figure whose number starts at token i.
func (s *scan) at(i int) (kronika.Amount, int, bool) {
	first := i
	approx := kronika.Exact
	var n number.Num
	if e, p := s.r.couple.Match(s.text, s.toks, i); e > 0 {
		// "a couple thousand": about two thousand.
		n = number.Num{First: i, Last: e, Value: s.r.coupleVal[p], Words: true}
		if m, ok := s.r.num.Scale(tokLower(s.toks, e)); ok && e < len(s.toks) {
			n.Value *= m
			n.Last = e + 1
		} else if !s.r.coupleOf[tokLower(s.toks, e)] {
			return kronika.Amount{}, 0, false
		}
		approx = kronika.About
	} else {
		var ok bool
		n, ok = s.num(i)
		if !ok {
			return kronika.Amount{}, 0, false
		}
	}
	if n.Vague {
		approx = kronika.Vague
	}
	unit := ""
	// A currency sign or code before the number: "$5 billion", "US $58".
	if c, p := s.r.currencies.MatchEnd(s.text, s.toks, first); c >= 0 && !s.blocked[c] {
		unit = s.r.currencyVal[p]
		first = c
	}
	value, lo := n.Value, n
	var valueMax *float64
	last := n.Last
	// "between 30 and 54"
	if b, _ := s.r.between.MatchEnd(s.text, s.toks, first); b >= 0 {
		if e, _ := s.r.betweenLink.Match(s.text, s.toks, last); e > 0 {
			if hi, ok := s.numAt(s.skipCurrency(e), true); ok {
				value, valueMax = rangeOf(lo, hi)
				first, last = b, hi.Last
			}
		}
	}
	if valueMax == nil && approx != kronika.Vague && !s.r.noRange[tokLower(s.toks, first-1)] {
		if e, _ := s.r.rangeLinks.Match(s.text, s.toks, last); e > 0 && s.linkOK(last, e) {
			if hi, ok := s.numAt(s.skipCurrency(e), true); ok && !hi.Vague {
				value, valueMax = rangeOf(lo, hi)
				last = hi.Last
			}
		}
	}
	// An approximation cue before: "rreth", "më shumë se", "së paku edhe".
	if a, p := s.r.approx.MatchEnd(s.text, s.toks, first); a >= 0 && !s.blocked[a] {
		if approx != kronika.Vague {
			approx = s.r.approxVal[p]
		}
		first = a
	} else if g, ok := s.tok(first - 1); ok && s.r.approxGap[g.Lower] {
		if a, p := s.r.approx.MatchEnd(s.text, s.toks, first-1); a >= 0 && !s.blocked[a] {
			if approx != kronika.Vague {
				approx = s.r.approxVal[p]
			}
			first = a
		}
	}
	// What it counts: percent, currency, or the next word.
	if e, _ := s.r.percent.Match(s.text, s.toks, last); e > 0 && number.Near(s.text, s.toks[last-1], s.toks[last]) {
		unit, last = "%", e
	} else if e, p := s.r.currencies.Match(s.text, s.toks, last); e > 0 && unit == "" && number.Near(s.text, s.toks[last-1], s.toks[last]) {
		unit, last = s.r.currencyVal[p], e
	} else if unit == "" {
		// Skip up to two modifiers before the counted noun.
		at := last
		for n := 0; n < 2 && s.modifierAt(at) && s.unitAt(at+1); n++ {
			at++
		}
		if s.unitAt(at) {
			unit = s.lemma(s.toks[at].Lower)
			last = at + 1
		}
	}
	start, end := s.toks[first].Start, s.toks[last-1].End
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return kronika.Amount{}, 0, false
	}
	return kronika.Amount{
		Start: start, End: end, Text: string(s.text[start:end]),
		Value: value, ValueMax: valueMax, Approx: approx, Unit: unit,
	}, last, true
}

func tokLower(toks []number.Tok, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i].Lower
}

// linkOK checks a range link: a hyphen must touch both numbers ("3-5"), or
// have space on both sides ("25 – 40").
func (s *scan) linkOK(last, e int) bool {
	l := s.toks[last]
	if l.Kind != number.Punct {
		return true
	}
	if e >= len(s.toks) {
		return false
	}
	g1, g2 := number.Glued(s.toks[last-1], l), number.Glued(l, s.toks[e])
	return g1 == g2
}

// skipCurrency steps over a currency sign before a range's upper bound
// ("$62 and $68").
func (s *scan) skipCurrency(i int) int {
	if e, _ := s.r.currencies.Match(s.text, s.toks, i); e > 0 && e < len(s.toks) && s.toks[e].Kind == number.Digits {
		return e
	}
	return i
}

// rangeOf gives the bounds of a range, carrying the upper bound's scale to
// a bare lower bound: "3 deri në 5 mijë" is 3000–5000, "3-5,000" too.
func rangeOf(lo, hi number.Num) (float64, *float64) {
	a, b := lo.Value, hi.Value
	if !lo.Scaled && hi.Scale > 1 && a*hi.Scale <= b*1.0001 {
		a *= hi.Scale
	} else if !lo.Scaled && !lo.Decimal && a > 0 && a < 10 && b >= 1000 && math.Mod(b, 1000) == 0 {
		for a*1000 <= b {
			a *= 1000
		}
	}
	if a > b {
		a, b = b, a
	}
	return a, &b
}

// lemma reduces a counted word to its base form by the pack's rules.
func (s *scan) lemma(w string) string {
	if l, ok := s.r.lemmas[w]; ok {
		return l
	}
	rs := len([]rune(w))
	for _, rule := range s.r.lemma {
		suf, rep := rule[0], rule[1]
		if strings.HasSuffix(w, suf) && rs-len([]rune(suf)) >= 3 {
			return strings.TrimSuffix(w, suf) + rep
		}
	}
	return w
}
