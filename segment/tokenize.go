package segment

import "github.com/kronika/kronika"

// tokenizer holds the state of one Segment call.
type tokenizer struct {
	text []rune
	str  string // string(text): token texts are slices of it
	abbr *abbrevSet
	toks []kronika.Token
	// A cursor mapping code-point offsets to byte offsets of str. Token
	// offsets move forward (and back a little when an e-mail address takes
	// back tokens), so walking from the last position is cheap.
	cr, cb int
}

func (t *tokenizer) byteAt(pos int) int {
	for t.cr < pos {
		t.cb += runeLen(t.text[t.cr])
		t.cr++
	}
	for t.cr > pos {
		t.cr--
		t.cb -= runeLen(t.text[t.cr])
	}
	return t.cb
}

func (t *tokenizer) emit(s, e int, k kronika.TokenKind) {
	if e <= s {
		return
	}
	bs := t.byteAt(s)
	be := t.byteAt(e)
	t.toks = append(t.toks, kronika.Token{Start: s, End: e, Text: t.str[bs:be], Kind: k})
}

func kindOf(r rune) kronika.TokenKind {
	if classOf(r) == cDigit {
		return kronika.Number
	}
	return kronika.Word
}

func (t *tokenizer) run() {
	text := t.text
	n := len(text)
	runStart := 0 // where the current run of non-space characters began
	for i := 0; i < n; {
		switch classOf(text[i]) {
		case cSep, cJoin:
			i++
			runStart = i
		case cLetter:
			i = t.word(i, runStart)
		case cDigit:
			if i+1 < n && (text[i+1] == 0xFE0F || text[i+1] == 0x20E3) {
				i = t.symbol(i) // keycap emoji
			} else {
				i = t.word(i, runStart)
			}
		case cPunct:
			i = t.punct(i)
		default:
			i = t.symbol(i)
		}
	}
}

// word scans a word or number starting at a letter or digit and returns
// where it ends.
func (t *tokenizer) word(start, runStart int) int {
	text := t.text
	n := len(text)
	if r := text[start]; (r == 'w' || r == 'W') && start+4 < n && hasPrefixFold(text[start:], "www.") &&
		isWordChar(classOf(text[start+4])) {
		return t.url(start)
	}
	dotted := false // a dot joins two letters (p.sh, koha.net)
	seg := start    // start of the current dot-separated segment
	i := start + 1
loop:
	for i < n {
		r := text[i]
		c := classOf(r)
		if isWordChar(c) {
			i++
			continue
		}
		next := rune(-1)
		if i+1 < n {
			next = text[i+1]
		}
		nc := classOf(next)
		pc := classOf(text[i-1])
		switch {
		case c == cJoin:
			if isWordChar(nc) {
				i += 2
				continue
			}
		case isApostrophe(r):
			if nc == cLetter && pc != cDigit {
				i += 2
				continue
			}
		case isHyphen(r):
			if isWordChar(nc) {
				if pc == cDigit && nc == cDigit {
					// A range (10-15) splits; an ISO date stays whole.
					if e := isoDate(text, start, i); e > 0 {
						i = e
						continue
					}
					break loop
				}
				i += 2
				continue
			}
		case r == '.':
			if pc == cDigit && nc == cDigit {
				i += 2
				continue
			}
			if nc == cLetter && pc != cDigit {
				// A capitalised word glued to the dot starts a new token
				// (a sentence glued to the previous one, or Dr.Smith);
				// anything else continues a chain (p.sh, U.S.A, koha.net).
				if isUpper(next) && (letterRun(text, i+1) >= 2 || gluedCapital(text, seg, i)) {
					break loop
				}
				dotted = true
				i += 2
				seg = i - 1
				continue
			}
		case r == ',' || r == ':':
			if pc == cDigit && nc == cDigit {
				i += 2
				continue
			}
			if r == ':' && next == '/' && i+2 < n && text[i+2] == '/' && isASCIILetter(text[i-1]) {
				return t.schemeURL(start, i)
			}
		case r == '_':
			if isWordChar(nc) {
				i += 2
				continue
			}
		case r == '@':
			if isWordChar(nc) {
				if e := t.email(start, runStart, i); e > 0 {
					return e
				}
			}
		case r == '/':
			if dotted && isWordChar(nc) && pc == cLetter {
				return t.url(start) // koha.net/lajme
			}
		}
		break
	}
	end := i
	if i < n && text[i] == '.' && (i+1 >= n || text[i+1] != '.') && t.dotJoins(start, i) {
		end = i + 1
	}
	t.emit(start, end, kindOf(text[start]))
	return end
}

// dotJoins reports whether the dot at text[dot] belongs to the word
// text[start:dot]: an abbreviation, an initial or a chain of initials.
func (t *tokenizer) dotJoins(start, dot int) bool {
	if classOf(t.text[start]) == cDigit {
		return false
	}
	return t.abbr.has(t.text[start:dot+1]) || isInitials(t.text[start:dot])
}

// isInitials reports whether w is a single capital (J) or single letters
// joined by dots (U.S, I.V, e.g).
func isInitials(w []rune) bool {
	segs := 0
	for j := 0; j < len(w); {
		if classOf(w[j]) != cLetter {
			return false
		}
		upper := isUpper(w[j])
		j++
		for j < len(w) && classOf(w[j]) == cMark {
			j++
		}
		segs++
		if j == len(w) {
			return segs > 1 || upper
		}
		if w[j] != '.' {
			return false
		}
		j++
	}
	return false
}

// gluedCapital reports whether the single capital after the dot at
// text[dot] is a one-letter word (Albanian I, E, A, S’…) starting a
// sentence glued to the previous one: the segment before the dot,
// text[seg:dot], is a lower-case word of two or more letters, and the
// capital is not followed by another dot (U.S.A, e.B.).
func gluedCapital(text []rune, seg, dot int) bool {
	if dot-seg < 2 || !isLower(text[dot-1]) {
		return false
	}
	p := dot + 2
	for p < len(text) && classOf(text[p]) == cMark {
		p++
	}
	return p >= len(text) || text[p] != '.'
}

// letterRun counts the letters starting at p, up to 2.
func letterRun(text []rune, p int) int {
	k := 0
	for ; p < len(text) && k < 2; p++ {
		switch classOf(text[p]) {
		case cLetter:
			k++
		case cMark:
		default:
			return k
		}
	}
	return k
}

// isoDate returns the end of a YYYY-MM-DD date whose first hyphen is at
// text[h] and which starts at start, or 0.
func isoDate(text []rune, start, h int) int {
	if h-start != 4 || h+6 > len(text) || text[h+3] != '-' {
		return 0
	}
	for _, p := range [...]int{h + 1, h + 2, h + 4, h + 5} {
		if text[p] < '0' || text[p] > '9' {
			return 0
		}
	}
	if h+6 < len(text) && classOf(text[h+6]) == cDigit {
		return 0
	}
	return h + 6
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func hasPrefixFold(text []rune, p string) bool {
	if len(text) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		r := text[i]
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r != rune(p[i]) {
			return false
		}
	}
	return true
}

// schemeURL handles "scheme://" found at text[colon] inside the word that
// began at start: what precedes the scheme (a sentence glued to it, as in
// "vdekur.https://…") becomes its own tokens.
func (t *tokenizer) schemeURL(start, colon int) int {
	s := colon
	for s > start && isASCIILetter(t.text[s-1]) {
		s--
	}
	if s > start {
		if t.text[s-1] == '.' {
			t.emit(start, s-1, kindOf(t.text[start]))
			t.emit(s-1, s, kronika.Punct)
		} else {
			t.emit(start, s, kindOf(t.text[start]))
		}
	}
	return t.url(s)
}

// url scans a URL from start up to white space, a quotation mark or an
// unbalanced closing bracket, and leaves out trailing punctuation.
func (t *tokenizer) url(start int) int {
	text := t.text
	n := len(text)
	e := start
	depth := 0
scan:
	for e < n {
		r := text[e]
		switch c := classOf(r); {
		case c == cSep || c == cJoin:
			break scan
		case isQuote(r) || r == '<' || r == '>':
			break scan
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			if depth == 0 {
				break scan
			}
			depth--
		}
		e++
	}
	for e > start+1 {
		switch text[e-1] {
		case '.', ',', ';', ':', '!', '?', '…':
			e--
			continue
		}
		break
	}
	t.emit(start, e, kronika.Word)
	return e
}

func isLocalChar(r rune) bool {
	if isWordChar(classOf(r)) {
		return true
	}
	switch r {
	case '.', '_', '-', '+', '%':
		return true
	}
	return false
}

// email scans an e-mail address whose '@' is at text[at], inside the word
// that began at start; it returns its end, or 0 when there is none. The
// local part may reach back over tokens already emitted (First.Last@…),
// which are taken back.
func (t *tokenizer) email(start, runStart, at int) int {
	text := t.text
	n := len(text)
	e := at + 1
	dot := false
	for e < n {
		r := text[e]
		if isWordChar(classOf(r)) || r == '-' {
			e++
			continue
		}
		if r == '.' && e+1 < n && isWordChar(classOf(text[e+1])) {
			dot = true
			e++
			continue
		}
		break
	}
	for e > at+1 && text[e-1] == '-' {
		e--
	}
	if !dot {
		return 0
	}
	p := at
	for p > runStart && isLocalChar(text[p-1]) {
		p--
	}
	for p < at && !isWordChar(classOf(text[p])) {
		p++
	}
	if p < start {
		for k := len(t.toks); k > 0 && t.toks[k-1].Start >= p; k-- {
			t.toks = t.toks[:k-1]
		}
		if k := len(t.toks); k > 0 && t.toks[k-1].End > p {
			p = t.toks[k-1].End
		}
	}
	if p >= at {
		return 0
	}
	if p > start {
		t.emit(start, p, kindOf(text[start]))
	}
	t.emit(p, e, kronika.Word)
	return e
}

// punct emits one punctuation mark, or a run of sentence stops (...,
// ?!) or of hyphens.
func (t *tokenizer) punct(i int) int {
	text := t.text
	n := len(text)
	r := text[i]
	e := i + 1
	switch {
	case isStop(r):
		for e < n && isStop(text[e]) {
			e++
		}
	case isHyphen(r):
		for e < n && isHyphen(text[e]) {
			e++
		}
	}
	for e < n && classOf(text[e]) == cMark {
		e++
	}
	t.emit(i, e, kronika.Punct)
	return e
}

// symbol emits a symbol with what extends it: combining marks, variation
// selectors, skin-tone modifiers, emoji tags and ZWJ-joined symbols; two
// regional indicators make one flag.
func (t *tokenizer) symbol(i int) int {
	text := t.text
	n := len(text)
	e := i + 1
	if isRegionalIndicator(text[i]) && e < n && isRegionalIndicator(text[e]) {
		e++
	}
	for e < n {
		r := text[e]
		if classOf(r) == cMark || isEmojiModifier(r) {
			e++
			continue
		}
		if r == 0x200D && e+1 < n && classOf(text[e+1]) == cSymbol {
			e += 2
			continue
		}
		break
	}
	t.emit(i, e, kronika.Symbol)
	return e
}
