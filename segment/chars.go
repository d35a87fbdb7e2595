package segment

import (
	"unicode"
	"unicode/utf8"
)

// class is the role a code point plays for the tokenizer.
type class uint8

const (
	cSep    class = iota // white space, controls and invisible format characters: never inside a token
	cLetter              // letters (any script)
	cDigit               // decimal digits and other numeric characters (½, ²)
	cMark                // combining marks, variation selectors, emoji tags: glue to what precedes
	cJoin                // soft hyphen, ZWJ, ZWNJ: inside a word or an emoji sequence only
	cPunct               // punctuation
	cSymbol              // symbols, emoji, %, &, @, #, and anything unassigned
)

var asciiClass [128]class

func init() {
	for r := rune(0); r < 128; r++ {
		asciiClass[r] = slowClass(r)
	}
}

func classOf(r rune) class {
	if r >= 0 && r < 128 {
		return asciiClass[r]
	}
	return slowClass(r)
}

func slowClass(r rune) class {
	switch r {
	case 0x00AD, 0x200C, 0x200D:
		return cJoin
	case '%', '‰', '‱', '&', '@', '#', '§', '†', '‡':
		// These stand for words (per cent, and, at, number, section), so
		// extractors look for them next to numbers as symbols.
		return cSymbol
	}
	switch {
	case r < 0 || r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF):
		return cSymbol
	case unicode.IsSpace(r) || unicode.IsControl(r):
		return cSep
	case unicode.IsLetter(r):
		return cLetter
	case unicode.IsNumber(r):
		return cDigit
	case unicode.IsMark(r), r >= 0xE0020 && r <= 0xE007F:
		return cMark
	case unicode.Is(unicode.Cf, r):
		// ZWSP, word joiner, BOM, bidi controls: invisible, treated as
		// separators so they never end up inside a token.
		return cSep
	case unicode.IsPunct(r):
		return cPunct
	}
	return cSymbol
}

// runeLen is the length in bytes of r in string(text): invalid code
// points become U+FFFD, three bytes.
func runeLen(r rune) int {
	if r >= 0 && r < utf8.RuneSelf {
		return 1
	}
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return 3
}

func isWordChar(c class) bool { return c == cLetter || c == cDigit || c == cMark }

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´', 'ʼ':
		return true
	}
	return false
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// isStop reports whether r ends a sentence.
func isStop(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '。', '！', '？', '؟', '।', '۔':
		return true
	}
	return false
}

// isQuote reports whether r is a quotation mark; whether it opens or
// closes depends on where it stands, not on the character, since „…“,
// “…”, ”…” and »…« are all in use.
func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '“', '”', '„', '‟', '‘', '’', '‚', '«', '»', '‹', '›', '「', '」', '『', '』':
		return true
	}
	return false
}

// isCloser reports whether r, right after a sentence stop, closes what the
// stop ends: unambiguous closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '”', '»', '’', '›', ')', ']', '}', '」', '』':
		return true
	}
	return false
}

// isOpener reports whether r may begin a sentence (besides letters and digits).
func isOpener(r rune) bool {
	if isQuote(r) {
		return true
	}
	switch r {
	case '(', '[', '{', '¿', '¡', '–', '—', '-', '•', '·', '*', '▪', '►':
		return true
	}
	return false
}

func isUpper(r rune) bool {
	if r >= 'A' && r <= 'Z' {
		return true
	}
	if r < 128 {
		return false
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

func isLower(r rune) bool {
	if r >= 'a' && r <= 'z' {
		return true
	}
	if r < 128 {
		return false
	}
	return unicode.IsLower(r)
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func isEmojiModifier(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }
