package number

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a Tok.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota // letters, with inner apostrophes
	Digits             // digits, with inner '.' or ',' between digits
	Punct              // any other single non-space rune
)

// Tok is one unit of the light tokenisation the number, amount and date
// scanners share. It is deliberately independent of the pipeline's
// segmenter: these scanners need digit groups kept whole ("600.000") and
// hyphens split off ("twenty-five", "NATO-s").
type Tok struct {
	Start, End int    // code points
	Kind       Kind   //
	Lower      string // lower-cased text (Word, Digits) or the rune (Punct)
	Upper      bool   // starts with an upper-case letter
}

// Tokenize splits text into Tok units; white space separates tokens and is
// not itself a token.
func Tokenize(text []rune) []Tok {
	toks := make([]Tok, 0, len(text)/5+1)
	buf := make([]byte, 0, len(text)+len(text)/8)
	spans := make([][3]int, 0, len(text)/5+1) // token, arena start, arena end
	n := len(text)
	for i := 0; i < n; {
		r := text[i]
		switch {
		case r == ' ' || r == '\n' || r == '\t' || r == '\r' || (r > 0x7f && unicode.IsSpace(r)):
			i++
		case isDigit(r):
			j := i + 1
			for j < n {
				if isDigit(text[j]) {
					j++
					continue
				}
				if (text[j] == '.' || text[j] == ',') && j+1 < n && isDigit(text[j+1]) {
					j += 2
					continue
				}
				break
			}
			from := len(buf)
			for _, c := range text[i:j] {
				buf = append(buf, byte(c)) // digits and marks are ASCII
			}
			toks = append(toks, Tok{Start: i, End: j, Kind: Digits})
			spans = append(spans, [3]int{len(toks) - 1, from, len(buf)})
			i = j
		case isLetter(r):
			j := i + 1
			for j < n {
				c := text[j]
				if isLetter(c) || (c > 0x7f && unicode.Is(unicode.Mn, c)) {
					j++
					continue
				}
				if isApostrophe(c) && j+1 < n && isLetter(text[j+1]) && !possessive(text, j) {
					j += 2
					continue
				}
				break
			}
			// Lower-cased words go to one arena; Lower is sliced from it
			// below, so a text costs one string allocation, not one a word.
			from := len(buf)
			for _, c := range text[i:j] {
				switch {
				case c >= 'A' && c <= 'Z':
					buf = append(buf, byte(c+'a'-'A'))
				case c < 0x80:
					buf = append(buf, byte(c))
				default:
					buf = utf8.AppendRune(buf, unicode.ToLower(c))
				}
			}
			toks = append(toks, Tok{Start: i, End: j, Kind: Word, Upper: r >= 'A' && r <= 'Z' || r > 0x7f && unicode.IsUpper(r)})
			spans = append(spans, [3]int{len(toks) - 1, from, len(buf)})
			i = j
		default:
			toks = append(toks, Tok{Start: i, End: i + 1, Kind: Punct, Lower: string(r)})
			i++
		}
	}
	arena := string(buf)
	for _, sp := range spans {
		toks[sp[0]].Lower = arena[sp[1]:sp[2]]
	}
	return toks
}

func isLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// Glued reports whether tokens a and b touch (no white space between).
func Glued(a, b Tok) bool { return a.End == b.Start }

// Near reports whether only plain white space without a paragraph break
// separates a and b.
func Near(text []rune, a, b Tok) bool {
	if b.Start-a.End > 3 {
		return false
	}
	nl := 0
	for _, r := range text[a.End:b.Start] {
		if r == '\n' {
			nl++
		}
	}
	return nl < 2
}

// possessive reports whether the apostrophe at j starts a clitic "'s"
// ("year's"), which is split off so that the word stays whole.
func possessive(text []rune, j int) bool {
	return j+1 < len(text) && (text[j+1] == 's' || text[j+1] == 'S') && (j+2 == len(text) || !unicode.IsLetter(text[j+2]))
}

// recent keeps the last few tokenisations: the amount and date stages read
// the same text one after the other, and the pipeline may run several
// documents at once.
var recent struct {
	sync.Mutex
	next  int
	slots [8]struct {
		text []rune
		toks []Tok
	}
}

// Shared returns Tokenize(text), reusing the result of a recent call on
// the very same slice (same backing array and length). The tokens must be
// treated as read-only.
func Shared(text []rune) []Tok {
	if len(text) == 0 {
		return nil
	}
	recent.Lock()
	for k := range recent.slots {
		sl := &recent.slots[k]
		if len(sl.text) == len(text) && &sl.text[0] == &text[0] {
			toks := sl.toks
			recent.Unlock()
			return toks
		}
	}
	recent.Unlock()
	toks := Tokenize(text)
	recent.Lock()
	recent.slots[recent.next] = struct {
		text []rune
		toks []Tok
	}{text, toks}
	recent.next = (recent.next + 1) % len(recent.slots)
	recent.Unlock()
	return toks
}
