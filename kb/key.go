package kb

import (
	"unicode"
	"unicode/utf8"
)

// foldArr is foldBase as an array over the blocks it covers, for speed.
var foldArr [0x1F00]rune

func init() {
	for k, v := range foldBase {
		if k < rune(len(foldArr)) {
			foldArr[k] = v
		}
	}
	// Letters with a stroke or ligatures have no canonical decomposition
	// but are written without the mark on keyboards that lack them.
	for k, v := range map[rune]rune{'ł': 'l', 'đ': 'd', 'ø': 'o', 'ı': 'i', 'ħ': 'h', 'ŧ': 't', 'ς': 'σ'} {
		foldArr[k] = v
	}
}

// isMark reports combining diacritical marks, which the loose key drops and
// the exact key composes with the letter before them.
func isMark(r rune) bool { return r >= 0x0300 && r < 0x0370 }

// normRune maps the typographic variants of apostrophes, hyphens and spaces
// to one form each, so "Côte d’Ivoire" and "Côte d'Ivoire" share a key.
func normRune(r rune) rune {
	switch r {
	case '\u2019', '\u2018', '\u02BC', '`', '\u00B4', '\u2032':
		return '\''
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// appendKeys appends to exact the matching key of s (NFC for the letters
// of the fold table, lower case, punctuation variants and runs of space
// normalised) and to loose the same key without diacritics and dots.
func appendKeys(exact, loose []byte, s string) ([]byte, []byte) {
	space := false
	var last rune = -1 // last rune written to exact, for composition
	lastAt := 0
	for _, r := range s {
		r = normRune(r)
		if r == ' ' {
			space = len(exact) > 0
			continue
		}
		if isMark(r) {
			if last >= 0 {
				if c, ok := composePairs[[2]rune{last, r}]; ok {
					exact = utf8.AppendRune(exact[:lastAt], c)
					last = c
					continue
				}
			}
			exact = utf8.AppendRune(exact, r)
			continue
		}
		if space {
			exact = append(exact, ' ')
			loose = append(loose, ' ')
			space = false
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		lastAt = len(exact)
		last = r
		exact = utf8.AppendRune(exact, r)
		switch {
		case r == '.':
			continue
		case r < rune(len(foldArr)) && foldArr[r] != 0:
			loose = utf8.AppendRune(loose, unicode.ToLower(foldArr[r]))
		case r == 'æ':
			loose = append(loose, "ae"...)
		case r == 'œ':
			loose = append(loose, "oe"...)
		case r == 'ß':
			loose = append(loose, "ss"...)
		default:
			loose = utf8.AppendRune(loose, r)
		}
	}
	return exact, loose
}

// Key returns the exact and the diacritics-insensitive matching keys of a
// name, as the KB indexes them.
func Key(s string) (exact, loose string) {
	e, l := appendKeys(nil, nil, s)
	return string(e), string(l)
}
