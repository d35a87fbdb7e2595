// Package segment splits a text into tokens and sentences in one pass
// over its code points, without regular expressions. It is the first step
// of every analysis, so it is written for speed: token texts share one
// string converted from the input, and the only other allocations are the
// token and sentence slices.
//
// Tokens:
//   - Words keep letters, combining marks and digits together, plus an
//     apostrophe between two letters (s’foli, t’iu, LDK’së, don't and
//     Trump's stay one token: Albanian clitics must not be split, and an
//     English possessive is left for the extractors to strip), a hyphen
//     between two alphanumerics (NATO-s, euro-atlantike, COVID-19,
//     2024-ën) and a dot inside a chain such as p.sh, U.S.A or koha.net.
//   - A hyphen between two digits splits (a range, 10-15) except in an
//     ISO date (2024-10-28), which stays whole.
//   - Numbers keep . , between digits and : between digits (600.000, 3,5,
//     1,200.50, 28.10.2024, 14:30). A token is a Number when it starts
//     with a digit (2024-ën, 10km, 5G included), otherwise a Word.
//   - A final dot joins the word when word+dot is an abbreviation of the
//     language pack (abbreviations.txt), a single capital (the initial in
//     Mark J. Rutte) or a chain of single letters (U.S., I.V., e.g.).
//   - URLs (scheme:// or www.) and e-mail addresses are one Word token.
//   - Punct: every punctuation mark alone, except runs of sentence stops
//     (..., ?!) and of hyphens (--), which are one token each.
//   - Symbol: Unicode symbols (currency, maths, emoji), % ‰ & @ # § and
//     anything unassigned. An emoji with its modifiers, variation
//     selectors and ZWJ-joined parts, a flag (two regional indicators) and
//     a keycap are one Symbol token.
//
// Sentences end at a stop (. ! ? … and runs of them) with the closing
// quotes and brackets glued to it, when the next token begins a sentence
// (a capital, a digit, an opening quote or bracket, a dash) after white
// space, or when the next token is glued to the stop and is a capitalised
// word of two or more letters or an opening quote ("tha ai.Krasniqi",
// "WidO-së.“Një"), as in news whose paragraph breaks were lost. A blank
// line always ends a sentence; a single line break ends one when the next
// line begins like a sentence (a headline, a byline, a paragraph).
package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
)

// Segmenter is the kronika.Segmenter of this package. It is safe for
// concurrent use.
type Segmenter struct{}

var _ kronika.Segmenter = (*Segmenter)(nil)

// New returns a Segmenter.
func New() *Segmenter {
	return &Segmenter{}
}

// Segment splits text into tokens and sentences. lang is an ISO 639-1
// code or a tag such as en-US (see lang.Normalize); a code without a pack
// (or without abbreviations.txt) uses the abbreviations of all packs.
// Offsets are code points into text.
func (s *Segmenter) Segment(text []rune, lang string) ([]kronika.Token, []kronika.Sentence) {
	if len(text) == 0 {
		return nil, nil
	}
	t := tokenizer{
		text: text,
		str:  string(text),
		abbr: abbrevsFor(lang),
		toks: make([]kronika.Token, 0, len(text)/5+4),
	}
	t.run()
	return t.toks, sentences(text, t.toks)
}

// abbrevs holds the abbreviation set of each language, shared by every
// Segmenter.
var abbrevs = lang.NewCache(loadAbbrevs)

// abbrevsFor returns the abbreviation set of a language tag.
func abbrevsFor(code string) *abbrevSet {
	a, _ := abbrevs.Get(lang.Normalize(code)) // loadAbbrevs never fails
	return a
}

// loadAbbrevs reads the abbreviations of a language's pack, or of all
// packs when p is nil or has none. It never fails: a missing or unreadable
// file only leaves its entries out.
func loadAbbrevs(_ string, p *lang.Pack) (*abbrevSet, error) {
	a := &abbrevSet{m: map[string]struct{}{}}
	if lines, err := p.Lines("abbreviations.txt"); err == nil && len(lines) > 0 {
		a.add(lines)
		return a, nil
	}
	// Unknown language: the union of all packs, so that "Dr." and "p.sh."
	// still hold a sentence together.
	for _, c := range lang.Codes() {
		lines, err := lang.Get(c).Lines("abbreviations.txt")
		if err == nil {
			a.add(lines)
		}
	}
	return a, nil
}

// abbrevSet holds abbreviations with their final dot. An entry written
// all in lower case also matches with its first letter capitalised.
type abbrevSet struct {
	m      map[string]struct{}
	maxLen int // in code points
}

func (a *abbrevSet) add(lines []string) {
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 0 {
			l = f[0]
		}
		if !strings.HasSuffix(l, ".") || len(l) < 2 {
			continue
		}
		a.put(l)
		if strings.ToLower(l) == l {
			r, n := utf8.DecodeRuneInString(l)
			if u := unicode.ToUpper(r); u != r {
				a.put(string(u) + l[n:])
			}
		}
	}
}

func (a *abbrevSet) put(s string) {
	a.m[s] = struct{}{}
	if n := utf8.RuneCountInString(s); n > a.maxLen {
		a.maxLen = n
	}
}

// has reports whether the runes (dot included) are an abbreviation,
// without allocating.
func (a *abbrevSet) has(rs []rune) bool {
	if a == nil || len(rs) > a.maxLen || len(rs) > 16 {
		return false
	}
	var buf [64]byte
	b := buf[:0]
	for _, r := range rs {
		b = utf8.AppendRune(b, r)
	}
	_, ok := a.m[string(b)]
	return ok
}
