// Package ngram turns text into hashed character n-gram features. The
// identifier and its trainer share it so that a model is always read with
// the same features it was trained on.
package ngram

import (
	"unicode"
	"unicode/utf8"
)

// MaxN is the longest n-gram taken.
const MaxN = 5

// Script classes of a letter, as far as the identifier cares.
const (
	Other = iota
	Latin
	Cyrillic
	Greek
	NumScripts
)

// ScriptOf classifies a letter.
func ScriptOf(r rune) int {
	switch {
	case r < 0x80:
		if r|0x20 >= 'a' && r|0x20 <= 'z' {
			return Latin
		}
		return Other
	case r >= 0x400 && r <= 0x52f:
		return Cyrillic
	case r >= 0x370 && r <= 0x3ff, r >= 0x1f00 && r <= 0x1fff:
		return Greek
	case unicode.Is(unicode.Latin, r):
		return Latin
	}
	return Other
}

// Stats summarises the letters seen while hashing.
type Stats struct {
	Letters int             // letters read
	Script  [NumScripts]int // letters by script
}

// Scan counts the letters of text by script, up to maxLetters letters.
func Scan(text string, maxLetters int) Stats {
	var st Stats
	for i := 0; i < len(text) && st.Letters < maxLetters; {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if c|0x20 >= 'a' && c|0x20 <= 'z' {
				st.Letters++
				st.Script[Latin]++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if unicode.IsLetter(r) {
			st.Letters++
			st.Script[ScriptOf(r)]++
		}
	}
	return st
}

// Main returns the script most of the letters are in, Other included.
func (st Stats) Main() int {
	best := Latin
	for sc := Cyrillic; sc < NumScripts; sc++ {
		if st.Script[sc] > st.Script[best] {
			best = sc
		}
	}
	if st.Script[Other] > st.Script[best] {
		return Other
	}
	return best
}

// Append appends to buf the hashed n-grams (1 to MaxN runes) of the letters
// of text that are in the given script, folded to lower case, with every
// run of other characters read as one space so that n-grams may span a
// word boundary (" e d" is a strong cue in Albanian). Letters of other
// scripts are left out because they are names and terms quoted from other
// languages: a Latin name in a Cyrillic sentence says nothing about which
// Cyrillic language it is. Only the first maxLetters letters of text are
// read. Hashes are full 64-bit values; Bucket reduces them to a table
// size. Invalid UTF-8 bytes are read as non-letters.
func Append(buf []uint64, text string, maxLetters, script int) []uint64 {
	var win [MaxN]rune // win[0] is the newest rune
	have := 1          // the text starts at a boundary
	win[0] = ' '
	letters := 0
	for i := 0; i < len(text) && letters < maxLetters; {
		c := text[i]
		var r rune
		if c < utf8.RuneSelf {
			i++
			if c|0x20 < 'a' || c|0x20 > 'z' {
				if win[0] == ' ' {
					continue
				}
				r = ' '
			} else {
				letters++
				if script != Latin {
					if win[0] == ' ' {
						continue
					}
					r = ' '
				} else {
					r = rune(c | 0x20)
				}
			}
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			i += size
			if unicode.IsLetter(r) {
				letters++
				if ScriptOf(r) == script {
					r = unicode.ToLower(r)
				} else {
					r = ' '
				}
			} else {
				r = ' '
			}
			if r == ' ' && win[0] == ' ' {
				continue
			}
		}
		buf, have = push(buf, &win, have, r)
	}
	if win[0] != ' ' {
		buf, _ = push(buf, &win, have, ' ')
	}
	return buf
}

// push shifts r into the window and appends the hashes of the n-grams that
// end with it.
func push(buf []uint64, win *[MaxN]rune, have int, r rune) ([]uint64, int) {
	copy(win[1:], win[:MaxN-1])
	win[0] = r
	if have < MaxN {
		have++
	}
	var h uint64 = 0xcbf29ce484222325
	for k := 0; k < have; k++ {
		h ^= uint64(win[k])
		h *= 0x100000001b3
		if k == 0 && r == ' ' {
			continue // a lone space says nothing
		}
		buf = append(buf, h+uint64(k))
	}
	return buf, have
}

// Bucket reduces a hash from Append to a table index below 1<<bits.
func Bucket(h uint64, bits uint) uint32 {
	h ^= h >> 31
	h *= 0x9e3779b97f4a7c15
	return uint32(h >> (64 - bits))
}
