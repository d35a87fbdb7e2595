package quote

import (
	"unicode"

	"github.com/kronika/kronika"
)

// pair is one top-level quotation: the tokens of its marks and the span of
// what is inside them (marks, blanks and a trailing comma excluded).
type pair struct {
	open, close int // token indexes of the marks; close is the last token inside when the quote runs to a paragraph end unclosed
	span        kronika.Span
	words       int
	closed      bool
	used        bool
}

// mark families: double marks close double marks of any style, so “…”,
// „…“, «…», "…" and the Albanian ”…” all pair, and single marks pair
// with single ones.
const (
	famDouble = 1
	famSingle = 2
)

// markInfo classifies a quotation mark: its family and its direction
// (+1 opening, -1 closing, 0 either).
func markInfo(r rune) (fam, dir int) {
	switch r {
	case '“', '„', '«':
		return famDouble, 1
	case '”', '»':
		return famDouble, -1
	case '"', '＂':
		return famDouble, 0
	case '‘', '‚', '‹':
		return famSingle, 1
	case '’', '›':
		return famSingle, -1
	case '\'':
		return famSingle, 0
	}
	return 0, 0
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// findPairs pairs the quotation marks of a text and returns the top-level
// quotations in text order. Whether a mark opens or closes is read from
// its flanks (a blank before and a letter after opens: ”Vrasje e Rëndë”),
// then from its shape. Nested quotations are left inside their outer one;
// a closing mark with nothing open is ignored (a stray mark), and a
// double quotation still open at a paragraph break ends there, the
// convention for a quotation that continues in the next paragraph.
func findPairs(a *kronika.Analysis) []pair {
	toks := a.Tokens
	type open struct{ tok, fam int }
	var stack []open
	var out []pair
	lastWordBefore := func(i int) int {
		for j := i - 1; j >= 0; j-- {
			if toks[j].Kind == kronika.Word || toks[j].Kind == kronika.Number {
				return j
			}
		}
		return -1
	}
	flush := func(endTok int) {
		// close a double quotation left open at a paragraph end
		if len(stack) > 0 && stack[0].fam == famDouble {
			last := lastWordBefore(endTok)
			if last > stack[0].tok {
				out = append(out, makePair(a, stack[0].tok, last+1, false))
			}
		}
		stack = stack[:0]
	}
	for i, t := range toks {
		if i > 0 && len(stack) > 0 && paragraphBreak(a.Runes, toks[i-1].End, t.Start) {
			flush(i)
		}
		if t.Kind != kronika.Punct && t.Kind != kronika.Symbol {
			continue
		}
		r := firstRune(t.Text)
		fam, dir := markInfo(r)
		if r == '`' {
			fam, dir = famSingle, 1
		}
		if fam == 0 || len([]rune(t.Text)) != 1 {
			continue
		}
		if (r == '\'' || r == '`') && i+1 < len(toks) && toks[i+1].Text == t.Text && toks[i+1].Start == t.End {
			// the typewriter doubles '' and `` of some newswires: one double
			// mark over two tokens, seen as its second token
			continue
		}
		if (r == '\'' || r == '`') && i > 0 && toks[i-1].Text == t.Text && toks[i-1].End == t.Start {
			fam = famDouble
			if r == '`' {
				dir = 1
			}
		}
		f := i // the first token of the mark
		if fam == famDouble && (r == '\'' || r == '`') {
			f = i - 1
		}
		spaceBefore := f == 0 || toks[f-1].End < toks[f].Start || toks[f-1].Kind == kronika.Punct && !isQuoteTok(toks[f-1])
		spaceAfter := i+1 == len(toks) || toks[i+1].Start > t.End || toks[i+1].Kind == kronika.Punct
		canOpen := !(i+1 == len(toks) || toks[i+1].Start > t.End) && spaceBefore
		canClose := !(f == 0 || toks[f-1].End < toks[f].Start) && spaceAfter
		top := -1
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].fam == fam {
				top = k
				break
			}
		}
		var opens bool
		switch {
		case top >= 0 && (r == '“' && firstRune(toks[stack[top].tok].Text) == '„' || r == '‘' && firstRune(toks[stack[top].tok].Text) == '‚'):
			opens = false // the German/Albanian „…“ style
		case canOpen && !canClose:
			opens = true
		case canClose && !canOpen:
			opens = dir > 0 && top < 0
		case dir > 0:
			opens = true
		case dir < 0:
			opens = false
		default:
			opens = top < 0
		}
		if fam == famSingle && opens && !canOpen {
			continue // an apostrophe, not a quotation
		}
		if opens {
			stack = append(stack, open{i, fam})
			continue
		}
		if top < 0 {
			continue // a stray closing mark
		}
		if top == 0 {
			if p := makePair(a, stack[0].tok, f, true); p.words > 0 {
				out = append(out, p)
			}
		}
		stack = stack[:top]
	}
	flush(len(toks))
	return out
}

func isQuoteTok(t kronika.Token) bool {
	f, _ := markInfo(firstRune(t.Text))
	return f != 0
}

// paragraphBreak reports whether a line break separates two offsets.
func paragraphBreak(runes []rune, from, to int) bool {
	for k := from; k < to && k < len(runes); k++ {
		if runes[k] == '\n' || runes[k] == '\u2029' {
			return true
		}
	}
	return false
}

// makePair builds a pair from the opening mark at token o to the closing
// mark at token c (or, unclosed, to the token before c).
func makePair(a *kronika.Analysis, o, c int, closed bool) pair {
	toks := a.Tokens
	start := toks[o].End
	end := toks[c-1].End
	if closed {
		end = toks[c].Start
	}
	for start < end && unicode.IsSpace(a.Runes[start]) {
		start++
	}
	for end > start && (unicode.IsSpace(a.Runes[end-1]) || a.Runes[end-1] == ',') {
		end--
	}
	words := 0
	for k := o + 1; k < c; k++ {
		if toks[k].Kind == kronika.Word || toks[k].Kind == kronika.Number {
			words++
		}
	}
	return pair{open: o, close: c, span: kronika.Span{Start: start, End: end}, words: words, closed: closed}
}
