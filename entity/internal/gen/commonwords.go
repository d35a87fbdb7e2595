package main

// commonWords derives the list of words that Albanian news writes in lower
// case, from raw articles: a capitalised word at the start of a sentence
// that is on this list is an ordinary word, not a name. Only counts are
// kept: a word enters the list when it is seen in lower case at least
// minCount times and at least ratio times as often as it is seen
// capitalised inside a sentence. No text of the articles is written.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"unicode"
)

func commonWords(in, out string, minCount int, ratio float64) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("commonwords: %w", err)
	}
	defer f.Close()
	lower, capMid := map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	docs := 0
	for sc.Scan() {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return fmt.Errorf("commonwords: %s: line %d: %w", in, docs+1, err)
		}
		docs++
		count(d.Text, lower, capMid)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("commonwords: %s: %w", in, err)
	}
	var words []string
	for w, n := range lower {
		if n >= minCount && float64(n) >= ratio*float64(capMid[w]) {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	var b strings.Builder
	fmt.Fprintf(&b, "# Words that Albanian news writes in lower case (derived counts, see entity/internal/commonwords):\n")
	fmt.Fprintf(&b, "# seen lower-case >= %d times and >= %.0fx as often as capitalised mid-sentence, in %d articles\n", minCount, ratio, docs)
	fmt.Fprintf(&b, "# of sq-news-raw (Albanian Fake News Corpus, true half). One word a line, lower case.\n")
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	log.Printf("%d articles, %d word types, %d common words", docs, len(lower)+len(capMid), len(words))
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// count tallies the words of one text: lower-case ones, and capitalised
// ones that do not start a sentence.
func count(text string, lower, capMid map[string]int) {
	initial := true
	var w []rune
	flush := func() {
		if len(w) == 0 {
			return
		}
		s := string(w)
		ls := strings.ToLower(s)
		switch {
		case unicode.IsLower(w[0]):
			lower[ls]++
		case !initial && unicode.IsUpper(w[0]):
			capMid[ls]++
		}
		initial = false
		w = w[:0]
	}
	for _, r := range text {
		if unicode.IsLetter(r) || (len(w) > 0 && (r == '-' || r == '’' || r == '\'')) {
			w = append(w, r)
			continue
		}
		flush()
		switch r {
		case '.', '!', '?', '\n', '“', '"', '„', ':', '«', '–', '—':
			initial = true
		case ' ', '\t', '\u00a0', ',', ';', '(', ')', '”', '»':
		default:
			if unicode.IsDigit(r) {
				initial = false
			}
		}
	}
	flush()
}
