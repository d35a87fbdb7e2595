// Package number reads numbers the way a language writes them: digits with
// its decimal and grouping marks ("600.000" and "3,5" in Albanian, "600,000"
// and "3.5" in English), scale words and suffixes ("1.2 milionë", "€2.3m",
// "5 mln"), number words ("njëzet e pesë", "twenty-five", "two and a half")
// and vague plurals ("mijëra", "thousands"). The words come from the
// language pack file numbers.json; the amount and date extractors share it.
package number

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kronika/kronika/lang"
)

// Data is the layout of a pack's numbers.json.
type Data struct {
	Decimal string             `json:"decimal"` // decimal mark: "," or "."
	Group   string             `json:"group"`   // grouping mark: "." or ","
	Units   map[string]float64 `json:"units"`   // additive words: one…nineteen, twenty…, dyqind
	Scales  map[string]float64 `json:"scales"`  // multiplying words: hundred, thousand, milion
	// Suffixes are scale abbreviations that may be glued to digits or
	// follow them: "2.3m", "5 mln", "$5bn".
	Suffixes  map[string]float64 `json:"suffixes"`
	And       []string           `json:"and"`       // joins number words: "e", "and"
	Articles  []string           `json:"articles"`  // count as 1 before a scale or fraction: "a"
	Fractions map[string]float64 `json:"fractions"` // "half", "quarter", "gjysmë"
	// Vague plurals stand for an order of magnitude: "mijëra" = 1000.
	Vague map[string]float64 `json:"vague"`
	// VagueOf are the words of "tens of millions": a vague word, this
	// word, a scale.
	VagueOf []string `json:"vague_of"`
	// AmbiguousGroups: a single decimal mark followed by exactly three
	// digits groups thousands ("100,000" in an Albanian text, where the
	// English convention is common too).
	AmbiguousGroups bool `json:"ambiguous_groups"`
	// Several are quantifiers that make a following scale vague:
	// "several hundred".
	Several []string `json:"several"`
}

// Lang is the compiled number knowledge of one language.
type Lang struct {
	Code      string
	decimal   rune
	group     rune
	units     map[string]float64
	scales    map[string]float64
	suffixes  map[string]float64
	and       map[string]bool
	articles  map[string]bool
	fractions map[string]float64
	vague     map[string]float64
	vagueOf   map[string]bool
	several   map[string]bool
	ambiguous bool
	starts    map[string]bool // words that may open a number
}

var cache = lang.NewCache(func(code string, p *lang.Pack) (*Lang, error) {
	if !p.Has("numbers.json") {
		return nil, nil
	}
	var d Data
	if err := p.JSON("numbers.json", &d); err != nil {
		return nil, fmt.Errorf("number: %w", err)
	}
	return Compile(code, d), nil
})

// For returns the compiled number data of a language, loading it from the
// language pack once. It returns nil and no error for a language without a
// pack or without numbers.json.
func For(code string) (*Lang, error) { return cache.Get(code) }

// Compile builds a Lang from its data.
func Compile(code string, d Data) *Lang {
	l := &Lang{
		Code: code, decimal: '.', group: ',',
		units: lower(d.Units), scales: lower(d.Scales), suffixes: lower(d.Suffixes),
		fractions: lower(d.Fractions), vague: lower(d.Vague),
		and: WordSet(d.And), articles: WordSet(d.Articles), vagueOf: WordSet(d.VagueOf), several: WordSet(d.Several),
		ambiguous: d.AmbiguousGroups,
	}
	l.starts = map[string]bool{}
	for _, m := range []map[string]float64{l.units, l.scales, l.vague} {
		for w := range m {
			l.starts[w] = true
		}
	}
	for _, m := range []map[string]bool{l.articles, l.several} {
		for w := range m {
			l.starts[w] = true
		}
	}
	for w := range l.several {
		l.starts[strings.Fields(w)[0]] = true
	}
	if d.Decimal != "" {
		l.decimal = []rune(d.Decimal)[0]
	}
	if d.Group != "" {
		l.group = []rune(d.Group)[0]
	}
	return l
}

func lower(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// WordSet is the set of a pack's word list, lower-cased: what the stages
// that read packs look their words up in.
func WordSet(ws []string) map[string]bool {
	out := make(map[string]bool, len(ws))
	for _, w := range ws {
		out[strings.ToLower(w)] = true
	}
	return out
}

// Num is a number found in a token stream.
type Num struct {
	First, Last int // token range [First, Last)
	Value       float64
	Words       bool    // spelt out, at least in part
	Vague       bool    // a vague plural: "mijëra", "several hundred"
	Scaled      bool    // has a scale word or suffix
	Scale       float64 // the product of the scales applied, 0 when none
	Plain       bool    // a bare digit run without marks or scale: "2022"
	Decimal     bool    // has a decimal part
}

// Words lists the words that may open a number.
func (l *Lang) Words() []string {
	out := make([]string, 0, len(l.starts))
	for w := range l.starts {
		out = append(out, w)
	}
	return out
}

// IsWord reports whether a lower-case word is a number word of the
// language (unit, scale or vague plural).
func (l *Lang) IsWord(w string) bool {
	_, u := l.units[w]
	_, s := l.scales[w]
	_, v := l.vague[w]
	return u || s || v
}

// Unit returns the value of an additive number word ("dy", "twenty").
func (l *Lang) Unit(w string) (float64, bool) {
	v, ok := l.units[w]
	return v, ok
}

// Scale returns the value of a scale word or suffix ("mijë", "bn").
func (l *Lang) Scale(w string) (float64, bool) {
	if v, ok := l.scales[w]; ok {
		return v, true
	}
	v, ok := l.suffixes[w]
	return v, ok
}

// digits reads a digit token in the language's convention. A single
// grouping mark followed by exactly three digits groups thousands; so does
// a single decimal mark in a language whose pack says that writers mix
// conventions ("100,000" in an Albanian text is a hundred thousand).
// scaled says a scale word follows, which makes a single mark decimal
// ("1.356 billion").
func (l *Lang) digits(s string, scaled bool) (v float64, decimal bool, ok bool) {
	var marks []int // byte positions
	for i := 0; i < len(s); i++ {
		if s[i] == '.' || s[i] == ',' {
			marks = append(marks, i)
		}
	}
	if len(marks) == 0 {
		f, err := strconv.ParseFloat(s, 64)
		return f, false, err == nil
	}
	dec := -1 // byte index of the decimal mark
	last := marks[len(marks)-1]
	lastMark := rune(s[last])
	tail := len(s) - last - 1
	mixed := false
	for _, m := range marks {
		if rune(s[m]) != lastMark {
			mixed = true
		}
	}
	switch {
	case mixed:
		dec = last // "1.234,5" or "1,234.5"
	case len(marks) > 1:
		// Repeated marks group: "1.200.000". Groups must have three digits.
		for k := 1; k < len(marks); k++ {
			if marks[k]-marks[k-1] != 4 {
				return 0, false, false
			}
		}
		if tail != 3 {
			return 0, false, false
		}
	case scaled:
		dec = last
	case tail == 3 && s[:last] != "0" && (lastMark == l.group || l.ambiguous):
		// one mark, three digits: grouping
	default:
		dec = last
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case i == dec:
			b.WriteByte('.')
		case s[i] == '.' || s[i] == ',':
		default:
			b.WriteByte(s[i])
		}
	}
	f, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false, false
	}
	return f, dec >= 0, true
}

// Scan reads the number that starts at token i, if any: digits with an
// optional glued or following scale, or a run of number words.
func (l *Lang) Scan(text []rune, toks []Tok, i int) (Num, bool) {
	if l == nil || i < 0 || i >= len(toks) {
		return Num{}, false
	}
	t := toks[i]
	switch t.Kind {
	case Digits:
		v, dec, ok := l.digits(t.Lower, l.scaleNext(text, toks, i))
		if !ok {
			return Num{}, false
		}
		n := Num{First: i, Last: i + 1, Value: v, Decimal: dec, Plain: !dec && !strings.ContainsAny(t.Lower, ".,")}
		j := i + 1
		if j < len(toks) && toks[j].Kind == Word && Glued(t, toks[j]) {
			// "2.3m", "5bn": only a suffix may be glued to digits.
			m, ok := l.Scale(toks[j].Lower)
			if !ok {
				return n, true
			}
			n.Value *= m
			n.Scale = m
			n.Scaled, n.Plain, n.Last = true, false, j+1
			j++
		}
		return l.scales2(text, toks, n, j), true
	case Word:
		if !l.starts[t.Lower] {
			return Num{}, false
		}
		return l.words(text, toks, i)
	}
	return Num{}, false
}

// scaleNext reports whether a scale word or suffix follows digit token i.
func (l *Lang) scaleNext(text []rune, toks []Tok, i int) bool {
	j := i + 1
	if j >= len(toks) || toks[j].Kind != Word {
		return false
	}
	if Glued(toks[i], toks[j]) {
		_, ok := l.suffixes[toks[j].Lower]
		return ok
	}
	_, ok := l.scales[toks[j].Lower]
	return ok && Near(text, toks[i], toks[j])
}

// scales2 extends a number with following scale words: "1.2 milionë",
// "3 hundred thousand", "5 mln", and a vague plural used as a scale
// ("3 miliona").
func (l *Lang) scales2(text []rune, toks []Tok, n Num, j int) Num {
	for j < len(toks) && toks[j].Kind == Word && Near(text, toks[j-1], toks[j]) {
		w := toks[j].Lower
		m, ok := l.scales[w]
		if !ok {
			m, ok = l.vague[w]
		}
		if !ok || n.Value == 0 {
			break
		}
		n.Value *= m
		if n.Scale == 0 {
			n.Scale = m
		} else {
			n.Scale *= m
		}
		n.Scaled, n.Plain, n.Last = true, false, j+1
		j++
	}
	return n
}

// words reads a run of number words starting at token i.
func (l *Lang) words(text []rune, toks []Tok, i int) (Num, bool) {
	w := toks[i].Lower
	// Vague plurals: "mijëra", "tens of millions", "hundreds of thousands".
	if v, ok := l.vague[w]; ok {
		n := Num{First: i, Last: i + 1, Value: v, Words: true, Vague: true}
		if j := i + 2; j < len(toks) && l.vagueOf[toks[i+1].Lower] && toks[j].Kind == Word {
			if m, ok := l.scales[toks[j].Lower]; ok && m >= 1000 {
				n.Value, n.Last = v*m, j+1
			} else if m, ok := l.vague[toks[j].Lower]; ok && m >= 1000 {
				n.Value, n.Last = v*m, j+1
			}
		}
		return n, true
	}
	// "several hundred", "a few thousand"
	if l.several[w] {
		j := i + 1
		if j+1 < len(toks) && l.several[w+" "+toks[j].Lower] {
			j++
		}
		if j < len(toks) {
			if m, ok := l.scales[toks[j].Lower]; ok {
				return Num{First: i, Last: j + 1, Value: m, Words: true, Vague: true, Scaled: true}, true
			}
		}
		return Num{}, false
	}
	var total, cur, scale float64
	last := 0.0 // value of the previous additive word, 0 after a scale
	any, scaled := false, false
	end := i
	j := i
	for j < len(toks) {
		t := toks[j]
		if t.Kind == Punct && t.Lower == "-" && any && j+1 < len(toks) && Glued(toks[j-1], t) && Glued(t, toks[j+1]) && l.IsWord(toks[j+1].Lower) {
			j++ // "twenty-five"
			continue
		}
		if t.Kind != Word || (j > i && !Near(text, toks[j-1], t)) {
			break
		}
		w := t.Lower
		if v, ok := l.units[w]; ok {
			if any && last > 0 && !compatible(last, v) {
				break
			}
			cur += v
			last = v
			any = true
			j++
			end = j
			continue
		}
		if m, ok := l.scales[w]; ok {
			if !any && !(j == i) {
				break
			}
			if !any {
				break // a scale alone ("a baker's dozen") is no count
			}
			scale = math.Max(scale, m)
			if m < 1000 {
				cur *= m
			} else {
				total += cur * m
				cur = 0
			}
			last = 0
			any, scaled = true, true
			j++
			end = j
			continue
		}
		if l.articles[w] && !any && j+1 < len(toks) {
			nw := toks[j+1].Lower
			if _, ok := l.scales[nw]; ok {
				cur = 1
				any = true
				last = 0
				j++
				continue // the scale word applies next
			}
			if f, ok := l.fractions[nw]; ok {
				return Num{First: i, Last: j + 2, Value: f, Words: true}, true
			}
			break
		}
		if l.and[w] && any && j+1 < len(toks) {
			nw := toks[j+1].Lower
			if v, ok := l.units[nw]; ok && ((last == 0 && scaled) || compatible(last, v)) {
				j++
				continue
			}
			// "two and a half", "dy e gjysmë"
			if f, ok := l.fractions[nw]; ok {
				cur += f
				j += 2
				end = j
				break
			}
			if j+2 < len(toks) && l.articles[nw] {
				if f, ok := l.fractions[toks[j+2].Lower]; ok {
					cur += f
					j += 3
					end = j
					break
				}
			}
		}
		break
	}
	if !any || end == i {
		return Num{}, false
	}
	return Num{First: i, Last: end, Value: total + cur, Words: true, Scaled: scaled, Scale: scale}, true
}

// compatible reports whether an additive word of value v may follow one of
// value last in the same number: "twenty five", "njëqind e dy", not "two
// three".
func compatible(last, v float64) bool {
	switch {
	case last >= 100 && math.Mod(last, 100) == 0:
		return v < 100
	case last >= 20 && math.Mod(last, 10) == 0:
		return v < 10
	}
	return false
}

// Parse reads a whole string as one number: "600.000", "3,5",
// "1.2 milionë", "njëzet e pesë", "twenty-five". It fails when anything
// is left over.
func (l *Lang) Parse(s string) (float64, bool) {
	if l == nil {
		return 0, false
	}
	text := []rune(s)
	toks := Tokenize(text)
	if len(toks) == 0 {
		return 0, false
	}
	n, ok := l.Scan(text, toks, 0)
	if !ok || n.Last != len(toks) {
		return 0, false
	}
	return n.Value, true
}
