package date

import (
	"strings"

	"github.com/kronika/kronika/number"
)

// numeric reads "28.10.2024", "28/10/2024", "10/28/2024" (mdy packs) and
// "2024-10-28".
func (s *scan) numeric(i int) (hit, bool) {
	t := s.toks[i]
	if t.Kind != number.Digits {
		return hit{}, false
	}
	var parts []string
	last := i + 1
	if strings.Count(t.Lower, ".") == 2 && !strings.Contains(t.Lower, ",") {
		parts = strings.Split(t.Lower, ".")
	} else if !strings.ContainsAny(t.Lower, ".,") {
		// d/m/y or y-m-d: digit tokens glued by one repeated mark.
		parts = []string{t.Lower}
		var sep string
		for k := i + 1; k+1 < len(s.toks) && len(parts) < 3; k += 2 {
			p, d := s.toks[k], s.toks[k+1]
			if p.Kind != number.Punct || (p.Lower != "/" && p.Lower != "-") || d.Kind != number.Digits ||
				!number.Glued(s.toks[k-1], p) || !number.Glued(p, d) || strings.ContainsAny(d.Lower, ".,") {
				break
			}
			if sep != "" && p.Lower != sep {
				break
			}
			sep = p.Lower
			parts = append(parts, d.Lower)
			last = k + 2
		}
		if len(parts) != 3 {
			return hit{}, false
		}
		if sep == "-" && len(parts[0]) != 4 {
			return hit{}, false
		}
	}
	if len(parts) != 3 {
		return hit{}, false
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	case len(parts[2]) == 4:
		y, m, d = atoi(parts[2]), atoi(parts[1]), atoi(parts[0])
		if s.r.mdy && last > i+1 && s.toks[i+1].Lower == "/" {
			m, d = d, m
		}
	default:
		return hit{}, false
	}
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return hit{}, false
	}
	if n, ok := s.tok(last); ok && number.Glued(s.toks[last-1], n) && n.Kind == number.Digits {
		return hit{}, false
	}
	return hit{first: i, last: last, e: expr{kind: absolute, year: y, month: m, day: d}}, true
}

// dayMonth reads "28 tetor", "24 shkurt të vitit 2022", "16 korrikut",
// "28 Oct 2024".
func (s *scan) dayMonth(i int) (hit, bool) {
	d, j, ok := s.dayNum(i)
	if !ok {
		return hit{}, false
	}
	if s.punct(j, ".") && number.Glued(s.toks[j-1], s.toks[j]) {
		j++ // "28. tetor"
	}
	if s.punct(j, "-") && number.Glued(s.toks[j-1], s.toks[j]) {
		return hit{}, false
	}
	m, ok := s.month(j)
	if !ok || !s.near(j) || d > daysIn(2024, m) {
		return hit{}, false
	}
	j = s.skipDot(j + 1)
	y, j := s.optYear(j)
	return hit{first: i, last: j, e: expr{kind: absolute, year: y, month: m, day: d}}, true
}

// monthFirst reads "October 28, 2024", "Feb. 28", "September 2023",
// "muajit maj", "last April", and a month alone ("në mars", "August").
func (s *scan) monthFirst(i int) (hit, bool) {
	first := i
	e := expr{kind: absolute}
	// "last April", "this September"
	if end, w := s.r.before.Match(s.text, s.toks, i); end > 0 {
		if off, ok := s.r.beforeVal[w]; ok {
			if _, ok := s.month(end); ok {
				e.mod, e.hasMod = off, true
				i = end
			}
		}
	}
	// "muajit maj": a month unit word before the name
	if t, ok := s.tok(i); ok && s.r.units[t.Lower] == "month" {
		if _, ok := s.month(i + 1); ok && s.near(i+1) {
			i++
		}
	}
	m, ok := s.month(i)
	if !ok {
		return hit{}, false
	}
	e.month = m
	j := s.skipDot(i + 1)
	if d, k, ok := s.dayNum(j); ok && s.near(j) && d <= daysIn(2024, m) {
		e.day = d
		j = k
		e.year, j = s.optYear(j)
		return hit{first: first, last: j, e: e}, true
	}
	if y, ok := s.yearNum(j); ok && s.near(j) {
		e.year = y
		return hit{first: first, last: j + 1, e: e}, true
	}
	if e2, _ := s.r.yearLinks.Match(s.text, s.toks, j); e2 > 0 && !s.punct(j, ",") {
		if y, ok := s.yearNum(e2); ok {
			e.year = y
			return hit{first: first, last: e2 + 1, e: e}, true
		}
	}
	if i == first && s.r.caseSensitive && j < len(s.toks) && s.toks[j].Kind == number.Word && s.toks[j].Upper && s.near(j) {
		// "May Day", "March Madness": a capitalised name follows.
		return hit{}, false
	}
	return hit{first: first, last: j, e: e}, true
}

// weekday reads "të premten", "on Tuesday", "last Friday",
// "Sunday evening", "Friday, Oct. 13".
func (s *scan) weekday(i int) (hit, bool) {
	first := i
	e := expr{kind: weekdayK}
	if end, w := s.r.before.Match(s.text, s.toks, i); end > 0 {
		if off, ok := s.r.beforeVal[w]; ok {
			if _, ok := s.weekdayAt(end); ok {
				e.mod, e.hasMod = off, off != 0
				i = end
			}
		}
	}
	if t, ok := s.tok(i); ok && s.r.wdArticles[t.Lower] {
		if _, ok := s.weekdayAt(i + 1); ok && s.near(i+1) {
			i++
		}
	}
	wd, ok := s.weekdayAt(i)
	if !ok {
		return hit{}, false
	}
	e.wd = wd
	j := s.skipDot(i + 1)
	if e2, _ := s.r.dayParts.Match(s.text, s.toks, j); e2 > 0 {
		j = e2
	}
	// "Friday, Oct. 13": the calendar date decides the value.
	k := j
	if s.punct(k, ",") {
		k++
	}
	if h, ok := s.monthFirst(k); ok && h.e.day != 0 {
		h.first = first
		return h, true
	}
	if h, ok := s.dayMonth(k); ok {
		h.first = first
		return h, true
	}
	return hit{first: first, last: j, e: e}, true
}

// dayWord reads "dje", "sot", "today", "yesterday morning".
func (s *scan) dayWord(i int) (hit, bool) {
	off, ok := s.r.dayWords[s.toks[i].Lower]
	if !ok || s.toks[i].Kind != number.Word {
		return hit{}, false
	}
	j := i + 1
	if e2, _ := s.r.dayParts.Match(s.text, s.toks, j); e2 > 0 {
		j = e2
	}
	return hit{first: i, last: j, e: expr{kind: dayOff, off: off}}, true
}

// phrase reads the fixed expressions of the pack.
func (s *scan) phrase(i int) (hit, bool) {
	end, w := s.r.phrases.Match(s.text, s.toks, i)
	if end < 0 {
		return hit{}, false
	}
	p := s.r.phraseVal[w]
	e := expr{rel: p.Rel}
	switch {
	case p.Ref != "":
		e.kind, e.ref = refK, p.Ref
	case p.Offset == nil:
		e.kind = unresolved
	case p.Unit == "day":
		e.kind, e.off = dayOff, *p.Offset
	default:
		e.kind, e.unit, e.off = unitOff, p.Unit, *p.Offset
	}
	return hit{first: i, last: end, e: e}, true
}

// relative reads a calendar unit with a modifier: "javën e kaluar",
// "muajin e ardhshëm", "last week", "this year", "the past month".
func (s *scan) relative(i int) (hit, bool) {
	j := i
	off, have, vague := 0, false, false
	if end, w := s.r.before.Match(s.text, s.toks, i); end > 0 {
		if s.r.unresolved[w] {
			vague = true
		} else {
			off = s.r.beforeVal[w]
		}
		have = true
		j = end
	}
	t, ok := s.tok(j)
	if !ok || t.Kind != number.Word || (j > i && !s.near(j)) {
		return hit{}, false
	}
	unit, ok := s.r.units[t.Lower]
	if !ok {
		return hit{}, false
	}
	j++
	if !have {
		end, w := s.r.after.Match(s.text, s.toks, j)
		if end < 0 || !s.near(j) {
			return hit{}, false
		}
		off, j = s.r.afterVal[w], end
	}
	e := expr{kind: unitOff, unit: unit, off: off}
	if vague {
		e.kind = unresolved
		e.rel = strings.TrimSpace(s.text2(i, j))
	}
	// "vitin e kaluar" is a year; "this year's third quarter" is left to
	// the quarter pattern.
	return hit{first: i, last: j, e: e}, true
}

func (s *scan) text2(i, j int) string {
	return string(s.text[s.toks[i].Start:s.toks[j-1].End])
}

// ago reads "para dy ditësh", "two days ago", "a year ago".
func (s *scan) ago(i int) (hit, bool) {
	first := i
	before := s.r.agoBefore[s.toks[i].Lower]
	if before {
		i++
	}
	n, next, ok := s.count(i)
	if !ok || (before && !s.near(i)) {
		return hit{}, false
	}
	t, ok := s.tok(next)
	if !ok || !s.near(next) {
		return hit{}, false
	}
	unit, ok := s.r.units[t.Lower]
	if !ok || unit == "quarter" {
		return hit{}, false
	}
	j := next + 1
	if !before {
		a, ok := s.tok(j)
		if !ok || !s.r.agoAfter[a.Lower] || !s.near(j) {
			return hit{}, false
		}
		j++
	}
	return hit{first: first, last: j, e: expr{kind: agoK, unit: unit, off: n}}, true
}

// count reads a small whole number at token i: digits, number words, or a
// word meaning one ("a", "një").
func (s *scan) count(i int) (int, int, bool) {
	t, ok := s.tok(i)
	if !ok {
		return 0, 0, false
	}
	if s.r.one[t.Lower] {
		return 1, i + 1, true
	}
	if s.r.num == nil {
		return 0, 0, false
	}
	n, ok := s.r.num.Scan(s.text, s.toks, i)
	if !ok || n.Vague || n.Decimal || n.Value < 1 || n.Value > 1000 {
		return 0, 0, false
	}
	return int(n.Value), n.Last, true
}

// year reads "vitin 2020", "in 2022" and a bare year, telling years from
// counts by their context.
func (s *scan) year(i int) (hit, bool) {
	first := i
	if s.r.yearUnit[s.toks[i].Lower] {
		if y, ok := s.yearNum(i + 1); ok && s.near(i+1) {
			return hit{first: first, last: i + 2, e: expr{kind: absolute, year: y}}, true
		}
		return hit{}, false
	}
	t := s.toks[i]
	if t.Kind == number.Punct && t.Lower == "'" && s.r.decades {
		// "the '80s"
		if d, ok := s.tok(i + 1); ok && d.Kind == number.Digits && len(d.Lower) == 2 && number.Glued(t, d) {
			if e, ok := s.tok(i + 2); ok && s.r.decadeSuffix[e.Lower] && number.Glued(d, e) {
				return hit{first: i, last: i + 3, e: expr{kind: decadeK, decade: "19" + d.Lower[:1]}}, true
			}
		}
		return hit{}, false
	}
	if t.Kind == number.Word {
		return s.spelledYear(i)
	}
	y, ok := s.yearNum(i)
	if !ok {
		return hit{}, false
	}
	if n, ok := s.tok(i + 1); ok && s.r.decades && s.r.decadeSuffix[n.Lower] && number.Glued(t, n) && y%10 == 0 {
		return hit{first: i, last: i + 2, e: expr{kind: decadeK, decade: t.Lower[:3]}}, true
	}
	if !s.yearLike(i, y) {
		return hit{}, false
	}
	return hit{first: i, last: i + 1, e: expr{kind: absolute, year: y}}, true
}

// yearLike tells a bare four-digit year from a count: a year follows a
// year preposition, or is not followed by a lower-case word (what a count
// counts), and has no currency sign or percent.
func (s *scan) yearLike(i, y int) bool {
	if p, ok := s.tok(i - 1); ok {
		if p.Kind == number.Punct && !strings.ContainsAny(p.Lower, "([,;:—–-\"“”'‘’") {
			return false // "$2000", "€1500"
		}
		if s.r.yearPreps[p.Lower] || s.r.months[p.Lower] != 0 {
			return y >= 1000
		}
	}
	if y < 1800 || y > 2100 {
		return false
	}
	n, ok := s.tok(i + 1)
	if !ok || !s.near(i+1) {
		return true
	}
	switch n.Kind {
	case number.Punct:
		return n.Lower != "%" && n.Lower != "-"
	case number.Word:
		if s.r.num != nil {
			if _, ok := s.r.num.Scale(n.Lower); ok {
				return false
			}
		}
		if n.Upper || s.r.yearPreps[n.Lower] {
			return true
		}
		// "the 1996 campaign": a singular noun after a year is what
		// happened then; a plural one ("2000 troops") is what is counted.
		if len(s.r.pluralEnds) > 0 && !s.r.countNouns[n.Lower] {
			for _, e := range s.r.pluralEnds {
				if strings.HasSuffix(n.Lower, e) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// spelledYear reads a year in words: "nineteen ninety-six".
func (s *scan) spelledYear(i int) (hit, bool) {
	if s.r.num == nil {
		return hit{}, false
	}
	a, ok := s.r.num.Unit(s.toks[i].Lower)
	if !ok || a < 10 || a > 20 || i+1 >= len(s.toks) || !s.near(i+1) {
		return hit{}, false
	}
	n, ok := s.r.num.Scan(s.text, s.toks, i+1)
	if !ok || n.Scaled || n.Vague || !n.Words || n.Value < 10 || n.Value > 99 {
		return hit{}, false
	}
	y := int(a)*100 + int(n.Value)
	return hit{first: i, last: n.Last, e: expr{kind: absolute, year: y}}, true
}

// quarter reads "the third quarter", "third-quarter", "the fourth quarter
// of 1990", "the 1988 second quarter".
func (s *scan) quarter(i int) (hit, bool) {
	if len(s.r.ordinals) == 0 {
		return hit{}, false
	}
	first := i
	y := 0
	if yy, ok := s.yearNum(i); ok {
		y = yy
		i++
	}
	ot, ok := s.tok(i)
	if !ok {
		return hit{}, false
	}
	q, ok := s.r.ordinals[ot.Lower]
	if !ok || q < 1 || q > 4 {
		return hit{}, false
	}
	j := i + 1
	if s.punct(j, "-") {
		j++
	}
	t, ok := s.tok(j)
	if !ok || s.r.units[t.Lower] != "quarter" {
		return hit{}, false
	}
	j++
	if y == 0 {
		if e, _ := s.r.yearLinks.Match(s.text, s.toks, j); e > 0 {
			if yy, ok := s.yearNum(e); ok {
				y, j = yy, e+1
			}
		}
	}
	return hit{first: first, last: j, e: expr{kind: quarterK, quarter: q, year: y}}, true
}

// season reads "this summer", "last fall", "the winter of 1994".
func (s *scan) season(i int) (hit, bool) {
	if len(s.r.seasons) == 0 {
		return hit{}, false
	}
	first := i
	e := expr{kind: seasonK}
	if end, w := s.r.before.Match(s.text, s.toks, i); end > 0 {
		if off, ok := s.r.beforeVal[w]; ok {
			e.mod, i = off, end
		}
	}
	code, ok := s.r.seasons[s.toks[min(i, len(s.toks)-1)].Lower]
	if !ok || i >= len(s.toks) {
		return hit{}, false
	}
	e.season = code
	j := i + 1
	if y, ok := s.yearNum(j); ok && s.near(j) {
		e.year, j = y, j+1
	} else if end, _ := s.r.yearLinks.Match(s.text, s.toks, j); end > 0 {
		if y, ok := s.yearNum(end); ok {
			e.year, j = y, end+1
		}
	}
	if first == i && e.year == 0 {
		// A bare season word is too often not a date ("spring water").
		return hit{}, false
	}
	return hit{first: first, last: j, e: e}, true
}

// clock reads "2:30 a.m.", "10 p.m." when the pack annotates clock times.
func (s *scan) clock(i int) (hit, bool) {
	if !s.r.times {
		return hit{}, false
	}
	t := s.toks[i]
	if t.Kind != number.Digits || len(t.Lower) > 2 {
		return hit{}, false
	}
	hh, mm := atoi(t.Lower), 0
	j := i + 1
	if s.punct(j, ":") && j+1 < len(s.toks) && s.toks[j+1].Kind == number.Digits && len(s.toks[j+1].Lower) == 2 && number.Glued(t, s.toks[j]) {
		mm = atoi(s.toks[j+1].Lower)
		j += 2
	}
	// meridiem: "a.m." is the tokens a . m .
	k := j
	var mer strings.Builder
	for k < len(s.toks) && k < j+4 && (s.toks[k].Kind == number.Word || s.toks[k].Lower == ".") {
		mer.WriteString(s.toks[k].Lower)
		k++
		if add, ok := s.r.meridiem[mer.String()]; ok {
			if hh < 1 || hh > 12 || mm > 59 {
				return hit{}, false
			}
			hh = hh%12 + add
			if s.punct(k, ".") && mer.String()[len(mer.String())-1] != '.' {
				k++
			}
			return hit{first: i, last: k, e: expr{kind: clockK, hh: hh, mm: mm}}, true
		}
	}
	return hit{}, false
}
