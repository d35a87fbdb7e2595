package sqlite

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kronika/kronika/kb"
	"github.com/kronika/kronika/lang"
)

// The full-text index holds, beside nothing else, the normalised words of
// each article: lower case, diacritics folded, and the inflectional ending
// of the article's language stripped, so that "Rusia", "Rusisë" and
// "Rusinë" are one term. A query word is normalised with the rules of
// every language in the store and matches any of its forms.

// foldTab maps the letters of the Latin, Greek and Cyrillic blocks to their
// lower-case base letter, built from the knowledge base's loose key so that
// search and linking fold alike.
var foldTab [0x500]rune

func init() {
	for r := rune(0); r < rune(len(foldTab)); r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		_, loose := kb.Key(string(r))
		if c, n := utf8.DecodeRuneInString(loose); n == len(loose) && c != utf8.RuneError {
			foldTab[r] = c
		}
	}
}

func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r < rune(len(foldTab)) && foldTab[r] != 0 {
		return foldTab[r]
	}
	return unicode.ToLower(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// word is one word of a text: its code-point span and folded form.
type word struct {
	start, end int
	folded     string
}

// words splits a text into words at every character that is not a letter
// or digit, so "NATO-s" gives "nato" and "s".
func words(text string, out []word) []word {
	var b []byte
	start, i := -1, 0
	for _, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
				b = b[:0]
			}
			if !unicode.Is(unicode.Mn, r) {
				b = utf8.AppendRune(b, fold(r))
			}
		} else if start >= 0 {
			out = append(out, word{start, i, string(b)})
			start = -1
		}
		i++
	}
	if start >= 0 {
		out = append(out, word{start, i, string(b)})
	}
	return out
}

// stemmer strips the inflectional endings of one language.
type stemmer struct {
	endings [][]string // by length in runes, longest first
	minStem int
	// byLast holds, per group of endings, those ending in each byte, in
	// the group's order: stem tries only the endings a word can have.
	byLast [][256][]string
	vowels string // the final letters stem drops after an ending, folded
}

// stemmers holds each language's stemmer, built from its pack's name
// inflection rules (the endings kb.BaseForms strips, and the vowels); a
// language without them gets a stemmer that only folds.
var stemmers = lang.NewCache(func(code string, p *lang.Pack) (*stemmer, error) {
	s := &stemmer{minStem: 3}
	var rules struct {
		Vowels  string                   `json:"vowels"`
		Hand    []struct{ Strip string } `json:"hand"`
		Derived []struct{ Strip string } `json:"derived"`
	}
	// Rules that do not parse leave the language folded only, as a
	// missing file does: indexing must not fail on a pack, and kb, which
	// reads the same file, reports it.
	if err := p.JSON("names_inflection.json", &rules); err != nil {
		return s, nil
	}
	seen := map[string]bool{}
	for _, r := range append(rules.Hand, rules.Derived...) {
		var b []byte
		ok := true
		for _, c := range r.Strip {
			if !isWordRune(c) {
				ok = false
				break
			}
			b = utf8.AppendRune(b, fold(c))
		}
		e := string(b)
		if !ok || e == "" || seen[e] {
			continue
		}
		seen[e] = true
		n := utf8.RuneCount(b)
		for len(s.endings) < n {
			s.endings = append(s.endings, nil)
		}
		s.endings[n-1] = append(s.endings[n-1], e)
	}
	for _, c := range rules.Vowels {
		if isWordRune(c) && !strings.ContainsRune(s.vowels, fold(c)) {
			s.vowels += string(fold(c))
		}
	}
	for i, j := 0, len(s.endings)-1; i < j; i, j = i+1, j-1 {
		s.endings[i], s.endings[j] = s.endings[j], s.endings[i]
	}
	s.byLast = make([][256][]string, len(s.endings))
	for i, group := range s.endings {
		for _, e := range group {
			s.byLast[i][e[len(e)-1]] = append(s.byLast[i][e[len(e)-1]], e)
		}
	}
	return s, nil
})

// stemmerFor returns the stemmer of a language.
func stemmerFor(code string) *stemmer {
	s, _ := stemmers.Get(code) // the loader never fails
	return s
}

// stem strips the longest known ending that leaves a stem of minStem
// letters, then a final vowel, so that the forms of one noun meet:
// rusia, rusise, rusine and rusi all give "rus". Numbers and short words
// stay as they are.
func (s *stemmer) stem(w string) string {
	if len(s.endings) == 0 || w == "" || w[0] >= '0' && w[0] <= '9' {
		return w
	}
	n := utf8.RuneCountInString(w)
	if n <= s.minStem {
		return w
	}
	last := w[len(w)-1]
	for i := range s.byLast {
		for _, e := range s.byLast[i][last] {
			if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= s.minStem {
				w = w[:len(w)-len(e)]
				n -= utf8.RuneCountInString(e)
				goto vowel
			}
		}
	}
vowel:
	if n > s.minStem {
		if r, size := utf8.DecodeLastRuneInString(w); strings.ContainsRune(s.vowels, r) {
			w = w[:len(w)-size]
		}
	}
	return w
}

// indexText returns the normalised words of a text, space-separated, for
// the full-text index.
func indexText(text, code string, buf []word) (string, []word) {
	buf = words(text, buf[:0])
	st := stemmerFor(code)
	var b strings.Builder
	b.Grow(len(text))
	for i, w := range buf {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(st.stem(w.folded))
	}
	return b.String(), buf
}

// queryForms returns the index forms a query word may take in any of the
// languages, sorted and without repeats.
func queryForms(folded string, langs []string) []string {
	set := map[string]bool{folded: true}
	for _, l := range langs {
		set[stemmerFor(l).stem(folded)] = true
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
