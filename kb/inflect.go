package kb

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kronika/kronika/lang"
)

// inflectionFile is the language-pack file that describes how names
// inflect; see lang/sq/names_inflection.json for the schema.
const inflectionFile = "names_inflection.json"

// rule replaces the ending Strip of a word by Add. After restricts the
// letter before the ending: "C" a consonant, "V" a vowel, "" anything.
type rule struct {
	Strip  string `json:"strip"`
	Add    string `json:"add"`
	After  string `json:"after"`
	Weight int    `json:"weight"`

	stripRunes int
}

// inflection is the parsed names_inflection.json of one language.
type inflection struct {
	Vowels     string              `json:"vowels"`
	Prefixes   []string            `json:"prefixes"`
	Articles   map[string][]string `json:"articles"`
	AcrSeps    []string            `json:"acronym_separators"`
	AcrEndings []string            `json:"acronym_endings"`
	Hand       []rule              `json:"hand"`
	Derived    []rule              `json:"derived"`

	endings map[string]bool
	byLast  map[rune][]rule // rules by the last letter of Strip
}

// inflections holds each language's prepared rules; a language without
// the file gets empty rules (names are then only looked up as written).
var inflections = lang.NewCache(func(_ string, p *lang.Pack) (*inflection, error) {
	in := &inflection{}
	if err := p.JSON(inflectionFile, in); err != nil {
		return nil, fmt.Errorf("kb: inflection rules: %w", err)
	}
	in.prepare()
	return in, nil
})

func (in *inflection) prepare() {
	in.endings = map[string]bool{}
	for _, e := range in.AcrEndings {
		in.endings[strings.ToLower(e)] = true
	}
	for i, p := range in.Prefixes {
		in.Prefixes[i] = strings.ToLower(p)
	}
	// Merge hand and derived rules: one rule per (strip, add, after), with
	// the larger weight; heavier rules are tried first.
	type k struct{ s, a, f string }
	best := map[k]rule{}
	for _, r := range append(append([]rule(nil), in.Hand...), in.Derived...) {
		r.Strip, r.Add = strings.ToLower(r.Strip), strings.ToLower(r.Add)
		if r.Strip == "" {
			continue
		}
		key := k{r.Strip, r.Add, r.After}
		if o, ok := best[key]; !ok || r.Weight > o.Weight {
			best[key] = r
		}
	}
	in.byLast = map[rune][]rule{}
	for _, r := range best {
		r.stripRunes = utf8.RuneCountInString(r.Strip)
		last, _ := utf8.DecodeLastRuneInString(r.Strip)
		in.byLast[last] = append(in.byLast[last], r)
	}
	for _, rs := range in.byLast {
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].Weight != rs[j].Weight {
				return rs[i].Weight > rs[j].Weight
			}
			return rs[i].Strip+rs[i].Add < rs[j].Strip+rs[j].Add
		})
	}
}

// BaseForms returns the candidate base forms of a name as written in a text
// of the given language, most likely first, without the surface itself:
// "Rusisë" gives "Rusi" and "Rusia", "NATO-s" gives "NATO", "Koresë së
// Veriut" gives "Koreja e Veriut" among others. The candidates
// over-generate; a KB lookup decides which exist. A language without
// inflection rules gives none.
func BaseForms(surface, lang string) []string {
	in, err := inflections.Get(lang)
	if err != nil || in == nil {
		return nil
	}
	return in.baseForms(surface)
}

// maxForms bounds the candidates of one surface, so that a long phrase of
// inflectable words cannot blow up.
const maxForms = 64

func (in *inflection) baseForms(surface string) []string {
	s := strings.Join(strings.Fields(strings.Map(normRune, surface)), " ")
	if s == "" {
		return nil
	}
	var out []string
	add := func(c string) {
		if c == "" || c == surface || len(out) >= maxForms {
			return
		}
		for _, o := range out {
			if o == c {
				return
			}
		}
		out = append(out, c)
	}
	ls := strings.ToLower(s)
	for _, p := range in.Prefixes {
		if strings.HasPrefix(ls, p) && len(s) > len(p) {
			s = strings.TrimSpace(s[len(p):])
			add(s)
			break
		}
	}
	words := strings.Split(s, " ")
	// A linking article (i, e, të, së) ties a head to its complement: the
	// head inflects and the article changes with its case, the complement
	// stays ("Koresë së Veriut" → "Koreja e Veriut").
	for k := 1; k < len(words)-1; k++ {
		arts, ok := in.Articles[strings.ToLower(words[k])]
		if !ok {
			continue
		}
		tail := strings.Join(words[k+1:], " ")
		for _, h := range in.phraseForms(words[:k], true) {
			for _, a := range arts {
				add(h + " " + a + " " + tail)
			}
		}
		return out
	}
	for _, f := range in.phraseForms(words, false) {
		add(f)
	}
	return out
}

// phraseForms inflects the last word of a phrase ("Albin Kurtin" → "Albin
// Kurti") and also the first word, since an Albanian noun carries the case
// before its adjectives and appositions ("Policisë Rajonale", "Lëvizjes
// Vetëvendosje"). With self, the phrase as written is included.
func (in *inflection) phraseForms(words []string, self bool) []string {
	var out []string
	if self {
		out = append(out, strings.Join(words, " "))
	}
	n := len(words)
	pre := strings.Join(words[:n-1], " ")
	for _, w := range in.wordForms(words[n-1]) {
		if pre != "" {
			w = pre + " " + w
		}
		out = append(out, w)
	}
	if n > 1 {
		post := strings.Join(words[1:], " ")
		for _, w := range in.wordForms(words[0]) {
			out = append(out, w+" "+post)
		}
	}
	return out
}

// wordForms returns the candidate base forms of one word.
func (in *inflection) wordForms(w string) []string {
	var out []string
	// Endings written after a hyphen: "NATO-s", "BE-së", "Facebook-ut".
	for _, sep := range in.AcrSeps {
		i := strings.LastIndex(w, sep)
		if i <= 0 || i+len(sep) >= len(w) {
			continue
		}
		if end := w[i+len(sep):]; in.endings[end] {
			out = append(out, w[:i])
			return out // a hyphenated ending is never also a suffix
		}
	}
	rs := []rune(w)
	if len(rs) < 3 {
		return out
	}
	lower := []rune(strings.ToLower(w))
	if len(lower) != len(rs) {
		return out
	}
	upper := isUpper(w)
	for _, r := range in.byLast[lower[len(lower)-1]] {
		stem := len(lower) - r.stripRunes
		if stem < 2 || !hasSuffixRunes(lower, r.Strip) {
			continue
		}
		if r.After != "" {
			v := strings.ContainsRune(in.Vowels, lower[stem-1])
			if r.After == "C" && (v || !unicode.IsLetter(lower[stem-1])) || r.After == "V" && !v {
				continue
			}
		}
		add := r.Add
		if upper {
			add = strings.ToUpper(add)
		}
		out = append(out, string(rs[:stem])+add)
	}
	return out
}

func hasSuffixRunes(s []rune, suf string) bool {
	i := len(s)
	for j := len(suf); j > 0; {
		r, n := utf8.DecodeLastRuneInString(suf[:j])
		j -= n
		i--
		if i < 0 || s[i] != r {
			return false
		}
	}
	return true
}

// isUpper reports whether a word of two or more letters is written in
// capitals, like an acronym or a headline.
func isUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}
