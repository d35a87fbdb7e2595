package segment

import "github.com/kronika/kronika"

// sentences groups tokens into sentences; see the package comment for the
// rules. Every token belongs to exactly one sentence.
func sentences(text []rune, toks []kronika.Token) []kronika.Sentence {
	n := len(toks)
	if n == 0 {
		return nil
	}
	out := make([]kronika.Sentence, 0, n/16+1)
	first := 0
	cut := func(last int) {
		if last > first {
			out = append(out, kronika.Sentence{
				Start: toks[first].Start, End: toks[last-1].End,
				First: first, Last: last,
			})
			first = last
		}
	}
	for k := 0; k < n; k++ {
		if k > first {
			if nl := lineBreaks(text, toks[k-1].End, toks[k].Start); nl >= 2 || nl == 1 && startsSentence(text, toks[k]) {
				cut(k)
			}
		}
		if toks[k].Kind != kronika.Punct || !isStop(text[toks[k].Start]) {
			continue
		}
		// Closing quotes and brackets glued to the stop end the sentence too.
		j := k + 1
		for j < n && toks[j].Start == toks[j-1].End && closes(text, toks[j]) {
			j++
		}
		if j == n {
			break
		}
		var brk bool
		if toks[j].Start > toks[j-1].End {
			brk = startsSentence(text, toks[j])
		} else {
			brk = gluedStart(text, toks, k, j)
		}
		if brk {
			cut(j)
			k = j - 1
		}
	}
	cut(n)
	return out
}

// lineBreaks counts the line breaks in text[a:b]; a paragraph separator
// counts as two.
func lineBreaks(text []rune, a, b int) int {
	nl := 0
	for p := a; p < b; p++ {
		switch text[p] {
		case '\n', '\v', '\f', 0x85, 0x2028:
			nl++
		case '\r':
			if p+1 >= b || text[p+1] != '\n' {
				nl++
			}
		case 0x2029:
			nl += 2
		}
	}
	return nl
}

// closes reports whether a token right after a stop closes the sentence:
// a closing quote or bracket, or an ambiguous quote not followed by a
// letter (the “ of „…“).
func closes(text []rune, tok kronika.Token) bool {
	if tok.Kind != kronika.Punct || tok.End-tok.Start != 1 {
		return false
	}
	r := text[tok.Start]
	if isCloser(r) {
		return true
	}
	if !isQuote(r) {
		return false
	}
	return tok.End >= len(text) || !isWordChar(classOf(text[tok.End]))
}

// startsSentence reports whether a token after white space may begin a
// sentence: not a lower-case word, nor punctuation that continues one.
func startsSentence(text []rune, tok kronika.Token) bool {
	r := text[tok.Start]
	switch tok.Kind {
	case kronika.Word:
		return !isLower(r)
	case kronika.Punct:
		return isOpener(r)
	}
	return true
}

// gluedStart decides a stop with no space after it (text whose paragraph
// breaks were lost: "tha ai.Krasniqi", "WidO-së.“Një", "qytetit.I riu").
// The tokenizer has already kept abbreviations, initials, chains (U.S.A,
// koha.net) and numbers whole, so a separate stop before a capitalised
// word, an opening quote or bracket is a boundary, provided the token
// before it is a word, a number or a closing quote. A number glued to the
// stop ("bubullima.21.06 – Në") starts a sentence only after a lower-case
// word.
func gluedStart(text []rune, toks []kronika.Token, k, j int) bool {
	if k == 0 {
		return false
	}
	prev := toks[k-1]
	switch prev.Kind {
	case kronika.Punct:
		if !isQuote(text[prev.Start]) && !isCloser(text[prev.Start]) {
			return false
		}
	case kronika.Symbol:
		return false
	}
	nx := toks[j]
	r := text[nx.Start]
	switch nx.Kind {
	case kronika.Word:
		return isUpper(r)
	case kronika.Number:
		return prev.Kind == kronika.Word && prev.End-prev.Start >= 2 && isLower(text[prev.End-1])
	case kronika.Punct:
		return isQuote(r) || r == '(' || r == '['
	}
	return false
}
