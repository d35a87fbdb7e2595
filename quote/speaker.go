package quote

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kronika/kronika"
)

// speaker is who a cue names: an entity (or -1) and the words naming it,
// with the token span of those words and what kind of words they are.
type speaker struct {
	ent        int
	text       string
	start, end int
	pron       bool // a pronoun or relative pronoun
	named      bool // holds a capitalised word: a name, even if no entity has it
	group      bool // a group noun: "zyrtarë", "officials"
}

var noSpeaker = speaker{ent: -1}

// chunkWord reports whether token k can belong to a subject noun phrase
// ending before token e.
func (d *doc) chunkWord(k, e int) bool {
	t := d.toks[k]
	if t.Kind != kronika.Word && t.Kind != kronika.Number {
		return d.ix.Ent[k] >= 0 && d.ix.Ent[k] == d.ix.Ent[max(k-1, 0)] // punctuation inside a name
	}
	if d.inPair[k] != 0 {
		return false
	}
	w := d.lower[k]
	if d.r.comps[w] && !(d.r.genitive[w] || d.r.clitics[w]) || d.r.breaks[w] || d.r.asMarkers[w] && !d.r.preps[w] {
		return false
	}
	if d.r.coords[w] && !d.r.genitive[w] {
		// "zyrtarë të SHBA-së dhe Koresë së Jugut": coordinated names stay
		// in one phrase; any other "and" ends it
		return k > 0 && k+1 < e && d.ix.Ent[k-1] >= 0 && d.ix.Start[k+1]
	}
	if d.ix.Ent[k] < 0 && d.verbAt(k) > 0 {
		return false
	}
	return true
}

// subjectSpan returns the noun phrase before token cs that is the subject
// of the cue starting there: it steps over adverbials ("Kryeministri Hoti,
// gjatë një raportimi …, tha") and appositions ("Miroslav Aleksic, one of
// its leaders, said"). A phrase found only by stepping back must name an
// entity or be a pronoun.
func (d *doc) subjectSpan(cs int) speaker {
	if cs <= 0 || cs > len(d.toks) {
		return noSpeaker
	}
	first := d.sentFirst(cs - 1)
	if cs < len(d.toks) {
		first = d.sentFirst(cs)
	}
	first = d.afterDateline(first, cs)
	if cs-1 >= first && d.inPair[cs-1] == 0 && d.r.relWord[d.lower[cs-1]] {
		return d.analyseNP(cs-1, cs) // "an architect who said": the relative pronoun
	}
	if cs-1 > first && d.toks[cs-1].Text == "," {
		if spk, ok := d.appositiveSubject(first, cs-1); ok {
			return spk
		}
	}
	e := cs
	hopped := false
	for hop := 0; hop < 8 && e > first; hop++ {
		s := e
		limit := 12
		if hopped {
			limit = 40 // an adverbial between commas may be long
		}
		for s > first && e-s < limit {
			if d.toks[s-1].Text == ")" && s-1 > first {
				// "Rep. Gwen Moore (D-Wis.) said": the party and state
				// belong to the name
				if o := d.openParen(s-1, first); o > first && d.chunkWord(o-1, e) {
					s = o
					continue
				}
			}
			if !d.chunkWord(s-1, e) {
				break
			}
			s--
		}
		if s == e {
			if d.toks[e-1].Text == "," && e-1 > first {
				e--
				hopped = true
				continue
			}
			return noSpeaker
		}
		if e-s >= limit {
			return noSpeaker // a clause, not a noun phrase
		}
		if (d.r.openers[d.lower[s]] || d.r.preps[d.lower[s]]) && d.ix.Ent[s] < 0 && !d.isPronoun(s) {
			// an adverbial opens the chunk: the subject is before its comma
			if s-1 > first && d.toks[s-1].Text == "," {
				e = s - 1
				hopped = true
				continue
			}
			return noSpeaker
		}
		if d.r.breaks[d.lower[s]] || d.r.subords[d.lower[s]] {
			s++ // "while the United States had …": the subject follows
			if s == e {
				return noSpeaker
			}
		}
		spk := d.analyseNP(s, e)
		if s-1 > first && d.toks[s-1].Text == "," && d.ix.Ent[s-2] >= 0 && !d.ix.Misc[s-2] && !d.isPronoun(s) && !spk.group &&
			(spk.ent < 0 && !spk.pron && !spk.named || hopped && !isCap(d.toks[s].Text) && d.a.Doc.Entities[d.ix.Ent[s-2]].Type == kronika.PER) {
			// an apposition after a name: "Brian Fallon, a spokesman for
			// the Clinton campaign, said" is Fallon's
			e = s - 1
			hopped = true
			continue
		}
		if hopped && spk.ent < 0 && !spk.pron {
			return noSpeaker
		}
		if hopped && spk.start < cs-1 && d.toks[cs-1].Text == "," {
			// the words naming the speaker run on to the cue, appositions
			// and all, the way annotators mark a source
			spk.text = d.a.Slice(d.toks[spk.start].Start, d.toks[cs-1].End)
		}
		return spk
	}
	return noSpeaker
}

// afterDateline returns the token after a dateline that opens the
// sentence starting at first, "WASHINGTON (AP) — …", else first: the
// place is not the subject of the cue at cs.
func (d *doc) afterDateline(first, cs int) int {
	for k := first; k < cs && k-first <= 6; k++ {
		t := d.toks[k].Text
		switch {
		case t == "—" || t == "―" || t == "–" || t == "--" || t == "-":
			if k > first {
				return k + 1
			}
			return first
		case t == "(" || t == ")" || t == "," || t == ".":
		case d.toks[k].Kind == kronika.Word && strings.ToUpper(t) == t && strings.ToLower(t) != t:
		default:
			return first
		}
	}
	return first
}

// appositiveSubject finds a name followed by appositions and
// non-restrictive relative clauses that ends at the comma at token c:
// "Angelique Brunner, a developer and spokeswoman for the Coalition,
// which is made up of investors, said". The segments between commas are
// read back from c; each must open like an apposition (a lower-case word
// that is no verb, a number, a relative pronoun) until one holds a name,
// which is the speaker. The words from the name to c are its text, the way
// annotators mark a source.
func (d *doc) appositiveSubject(first, c int) (speaker, bool) {
	end := c
	skipped := 0
	for seg := 0; seg < 4 && end > first; seg++ {
		s := end
		for s > first && end-s < 30 && d.toks[s-1].Text != "," && d.inPair[s-1] == 0 && !d.isOpen(s-1) && !d.isClose(s-1) {
			switch d.toks[s-1].Text {
			case ".", ";", ":", "!", "?", "—", "–", "--":
				return noSpeaker, false
			}
			s--
		}
		if s == end || end-s >= 30 || s > first && d.toks[s-1].Text != "," && !d.isClose(s-1) {
			return noSpeaker, false
		}
		if (s == first || d.toks[s-1].Text == ",") && d.appositionAt(s, end) {
			skipped++
			end = s - 1
			continue
		}
		if skipped == 0 || end-s > 8 {
			return noSpeaker, false
		}
		for k := s; k < end; k++ {
			if !d.chunkWord(k, end) {
				return noSpeaker, false
			}
		}
		spk := d.analyseNP(s, end)
		if spk.ent < 0 && !spk.named || spk.pron || !isCap(d.toks[end-1].Text) {
			return noSpeaker, false
		}
		spk.text = d.a.Slice(d.toks[s].Start, d.toks[c].End)
		return spk, true
	}
	return noSpeaker, false
}

// appositionAt reports whether the words [s, e) between two commas read as
// an apposition or a non-restrictive relative clause.
func (d *doc) appositionAt(s, e int) bool {
	for _, rel := range d.r.relatives {
		if e-s > len(rel) && d.match(s, rel) {
			// "who emphasized that …" reports on its own
			return !d.hasCue(s+len(rel), e)
		}
	}
	t := d.toks[s]
	if t.Kind == kronika.Number {
		return e-s <= 2 // an age: "Donna Rawlings, 59, of Ashton"
	}
	w := d.lower[s]
	if t.Kind == kronika.Word && e-s >= 2 && (d.r.determiners[w] && !isCap(t.Text) || d.possessive(s)) {
		return !d.hasCue(s+1, e) || d.r.determiners[w] // "her Republican opponent", "McCrory's opponent in …"
	}
	if t.Kind != kronika.Word || isCap(t.Text) || d.isPronoun(s) || d.verbAt(s) > 0 || d.r.verbs[w] || d.r.naming[w] ||
		d.r.comps[w] || d.r.coords[w] || d.r.breaks[w] || d.r.subords[w] || d.r.asMarkers[w] || d.r.openers[w] && !d.r.determiners[w] {
		return false
	}
	// a clause is no apposition: "the plan, he said, failed"
	return !d.hasCue(s+1, e)
}

// possessive reports whether token k is a name with a possessive ending
// of the pack ("McCrory’s"), written glued or as its own token.
func (d *doc) possessive(k int) bool {
	if !isCap(d.toks[k].Text) {
		return false
	}
	for _, c := range d.r.contractions {
		if strings.HasSuffix(d.lower[k], c) || k+1 < len(d.toks) && d.lower[k+1] == c && d.toks[k+1].Start == d.toks[k].End {
			return true
		}
	}
	return false
}

// hasCue reports whether a speech verb stands in tokens [s, e).
func (d *doc) hasCue(s, e int) bool {
	for k := s; k < e; k++ {
		if d.ix.Ent[k] < 0 && d.verbAt(k) > 0 {
			return true
		}
	}
	return false
}

// openParen returns the "(" matching the ")" at token c, within a few
// tokens and not before first; -1 when there is none.
func (d *doc) openParen(c, first int) int {
	for k := c - 1; k >= first && c-k <= 8; k-- {
		switch d.toks[k].Text {
		case "(":
			return k
		case ")", "!", "?":
			return -1
		}
	}
	return -1
}

// subjectBefore is the subject of the cue starting at cs, or noSpeaker.
func (d *doc) subjectBefore(cs, v int) speaker {
	if d.participle(cs, v) {
		return noSpeaker
	}
	s := d.subjectSpan(cs)
	if s.end <= s.start {
		return noSpeaker
	}
	return s
}

// participle reports whether the cue at v (starting at cs) is a bare
// participle after a comma or a preposition ("…, saying that", "responded
// … by saying"): its subject is the sentence's, not the words before it,
// which end the object ("Trump attacked Clinton for her record, saying").
func (d *doc) participle(cs, v int) bool {
	if cs != v || v == 0 {
		return false
	}
	if p := d.lower[v-1]; d.toks[v-1].Text != "," && !d.r.preps[p] {
		return false
	}
	return d.progressiveCue(v)
}

// progressiveCue reports whether a speech verb in a progressive form of
// the pack ("announcing", "saying") starts at token v.
func (d *doc) progressiveCue(v int) bool {
	if d.verbAt(v) == 0 {
		return false
	}
	for _, suf := range d.r.progressive {
		if strings.HasSuffix(d.lower[v], suf) {
			return true
		}
	}
	return false
}

// subjectOrNull is the subject of the cue, or the speaker a null subject
// stands for.
func (d *doc) subjectOrNull(cs, v int) speaker {
	if s := d.subjectBefore(cs, v); s.ent >= 0 || s.text != "" {
		return s
	}
	return d.nullSubject(cs)
}

// npAfter returns the noun phrase from token s (an inverted subject: "tha
// Vuçiç", "raporton Gazeta Sinjali") up to token limit.
func (d *doc) npAfter(s, limit int) speaker {
	e := s
	for e < limit && e-s < 6 && !d.isPunct(e) && d.inPair[e] == 0 {
		w := d.lower[e]
		if d.ix.Ent[e] < 0 && (d.r.preps[w] || d.r.aux[w] && e > s || d.r.adverbs[w] && !(e == s && d.r.determiners[w]) || d.r.comps[w] || d.r.breaks[w] || d.verbAt(e) > 0) {
			break
		}
		inName := e > s && d.ix.Ent[e] >= 0 && d.ix.Ent[e] == d.ix.Ent[e-1] && !d.ix.Start[e]
		if d.r.coords[w] && !inName && !(d.ix.Ent[max(e-1, 0)] >= 0 && e+1 < limit && d.ix.Start[e+1]) {
			break
		}
		e++
		if d.isPronoun(e-1) && e-s == 1 {
			break
		}
	}
	if e == s {
		return noSpeaker
	}
	return d.analyseNP(s, e)
}

// antecedent returns the entity a relative pronoun at token s stands for,
// the latest one named before it in its sentence that is not MISC; -1 when
// there is none.
func (d *doc) antecedent(s int) int {
	for k := s - 1; k >= d.sentFirst(s); k-- {
		if ei := d.ix.Ent[k]; ei >= 0 && d.a.Doc.Entities[ei].Type != kronika.MISC {
			return int(ei)
		}
	}
	return -1
}

// analyseNP finds the entity a noun phrase [s, e) names.
func (d *doc) analyseNP(s, e int) speaker {
	spk := speaker{ent: -1, start: s, end: e, text: strings.TrimSpace(d.text(s, e))}
	if e-s == 1 {
		// a pronoun with a contracted auxiliary: "He’s claiming", "who’s called for"
		for _, c := range d.r.contractions {
			stem, ok := strings.CutSuffix(d.lower[s], c)
			if !ok || stem == "" {
				continue
			}
			if _, isPron := d.r.pronouns[stem]; isPron && d.ix.Ent[s] < 0 {
				spk.pron = true
				spk.text = string([]rune(d.toks[s].Text)[:len([]rune(stem))])
				spk.ent = d.resolvePronounWord(stem, s)
				return spk
			}
			if d.r.relWord[stem] {
				spk.pron = true
				spk.text = string([]rune(d.toks[s].Text)[:len([]rune(stem))])
				spk.ent = d.antecedent(s)
				return spk
			}
		}
	}
	// a relative pronoun: its antecedent is the name just before it
	for _, rel := range d.r.relatives {
		if e-s == len(rel) && d.match(s, rel) {
			spk.pron = true
			spk.ent = d.antecedent(s)
			return spk
		}
	}
	perLast, otherFirst := -1, -1
	for k := s; k < e; k++ {
		if !d.ix.Start[k] {
			continue
		}
		ei := int(d.ix.Ent[k])
		ent := d.a.Doc.Entities[ei]
		if d.ix.Misc[k] {
			continue
		}
		if k > s {
			w := d.lower[k-1]
			if (d.r.preps[w] || d.r.genitive[w]) && !(k-2 >= s && d.r.groups[d.lower[k-2]]) && !d.nominativeName(k) {
				continue
			}
		}
		if ent.Type == kronika.PER {
			perLast = ei
		} else if otherFirst < 0 {
			otherFirst = ei
		}
	}
	if perLast < 0 && otherFirst < 0 && d.isPronoun(s) {
		// "Ai", "Ajo në një postim në Facebook", "he also"
		spk.pron = true
		spk.text = d.toks[s].Text
		spk.ent = d.resolvePronoun(s)
		return spk
	}
	if p := e - 1; perLast < 0 && otherFirst < 0 && p > s && d.isPronoun(p) && !d.r.genitive[d.lower[p-1]] && !d.r.preps[d.lower[p-1]] {
		// an adverbial before the pronoun: "Mes tjerash ai", "Tutje ai"
		spk.pron = true
		spk.text = d.toks[p].Text
		spk.start = p
		spk.ent = d.resolvePronoun(p)
		return spk
	}
	org := false
	for k := s; k < e; k++ {
		w := d.lower[k]
		if d.r.groups[w] {
			spk.group = true
		}
		if d.r.orgNouns[w] {
			org = true
		}
		if isCap(d.toks[k].Text) && d.ix.Ent[k] < 0 && (k > s && !d.r.preps[d.lower[k-1]] && !d.r.genitive[d.lower[k-1]] || k == s && k != d.sentFirst(k)) {
			spk.named = true // a name no entity has
		}
	}
	switch {
	case perLast >= 0:
		spk.ent = perLast
	case otherFirst >= 0:
		spk.ent = otherFirst
	default:
		// a name the entity stage missed, whose surname a person has:
		// "Qëndron Kastrati" before "Kastrati"
		spk.ent = d.surnameOf(s, e)
		// a title standing for its holder: "kryeministri tha", "the Serbian president said"
		title, person := false, false
		for k := s; k < e && spk.ent < 0; k++ {
			if h, ok := d.r.titles.HeadAt(d.lower, k); ok && !h.Plural {
				spk.ent = d.titleHolder(h.Lemma, s)
				title = true
				break
			}
			if d.r.personNouns[d.lower[k]] {
				person = true
			}
		}
		if spk.ent < 0 && (title || person) && !spk.named && !spk.group {
			// "Kreu i ekzekutivit ka thënë", "Mjeku italian po pretendon":
			// the person speaking just before; a description, not a
			// title, may also stand for the person named just before
			spk.ent = d.describedPerson(s, person)
		}
		// "The pollsters also said" after "pollsters Ipsos and CeSID
		// predicted": the same head noun names the same source
		if spk.ent < 0 && !spk.named && !d.isPronoun(e-1) {
			head := d.lower[e-1]
			for i := len(d.found) - 1; i >= 0 && spk.ent < 0; i-- {
				f := d.found[i]
				if f.speaker >= 0 && f.tok < s && slices.Contains(strings.Fields(lower(f.speakerText)), head) {
					spk.ent = f.speaker
				}
			}
		}
		// "the agency said": the organisation that spoke last
		if spk.ent < 0 && org {
			if f := d.lastSpeaker(s, 3, 0); f != nil && d.a.Doc.Entities[f.speaker].Type != kronika.PER {
				spk.ent = f.speaker
			}
		}
	}
	if spk.ent >= 0 {
		spk.named = true
	}
	return spk
}

// nominativeName reports whether the person mention starting at token k,
// after a genitive article, is in apposition rather than a genitive
// complement: a name of two words or more not in an oblique case
// ("zëvendësministri i Mbrojtjes Enver Dugolli" as the entity stage may cut
// it, but not "i Hashim Thaçit").
func (d *doc) nominativeName(k int) bool {
	ei := d.ix.Ent[k]
	if ei < 0 || d.a.Doc.Entities[ei].Type != kronika.PER || len(d.r.oblique) == 0 {
		return false
	}
	end := int(d.ix.End[k])
	if end-k < 2 {
		return false
	}
	last := d.lower[end-1]
	for _, suf := range d.r.oblique {
		if strings.HasSuffix(last, suf) {
			return false
		}
	}
	return true
}

// surnameOf returns the person whose name ends in the last capitalised
// word of tokens [s, e) when no entity covers that word (or only a MISC
// one), -1 otherwise.
func (d *doc) surnameOf(s, e int) int {
	for k := e - 1; k > s; k-- {
		t := d.toks[k]
		if t.Kind != kronika.Word || !isCap(t.Text) || d.ix.Ent[k] >= 0 && !d.ix.Misc[k] {
			continue
		}
		if !isCap(d.toks[k-1].Text) {
			return -1 // a full name has a capitalised given name before
		}
		for ei, ent := range d.a.Doc.Entities {
			if ent.Type != kronika.PER {
				continue
			}
			f := strings.Fields(ent.Name)
			if len(f) > 0 && strings.EqualFold(f[len(f)-1], t.Text) {
				return ei
			}
			for _, m := range ent.Mentions {
				if strings.EqualFold(m.Text, t.Text) {
					return ei
				}
			}
		}
		return -1
	}
	return -1
}

// describedPerson returns the person a title or description such as
// "mjeku italian" stands for: the latest person quoted in the last
// sentences, else, when named is set, the latest person named outside
// quotation marks in them; -1 when none.
func (d *doc) describedPerson(k int, named bool) int {
	if f := d.lastSpeaker(k, 2, 'p'); f != nil && d.a.Doc.Entities[f.speaker].Type == kronika.PER {
		return f.speaker
	}
	if !named {
		return -1
	}
	first := d.sentFirst(k)
	if si := d.sentOf[k]; si > 0 {
		first = d.sents[si-1].First
	}
	for j := k - 1; j >= first && j >= 0; j-- {
		if ei := d.ix.Ent[j]; ei >= 0 && d.inPair[j] == 0 && d.a.Doc.Entities[ei].Type == kronika.PER {
			return int(ei)
		}
	}
	return -1
}

func isCap(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// titleHolder returns the person holding a title of this lemma, the one
// mentioned last before token k when several do; -1 when none.
func (d *doc) titleHolder(lemma string, k int) int {
	best, bestPos := -1, -1
	pos := 0
	if k < len(d.toks) {
		pos = d.toks[k].Start
	}
	for ei, e := range d.a.Doc.Entities {
		if e.Type != kronika.PER {
			continue
		}
		has := false
		for _, t := range e.Titles {
			if h, ok := d.r.titles.HeadOf(t); ok && h.Lemma == lemma {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		last := -1
		for _, m := range e.Mentions {
			if m.Start < pos && m.Start > last {
				last = m.Start
			}
		}
		if last >= 0 && (best < 0 || last > bestPos) {
			best, bestPos = ei, last
		}
	}
	return best
}

// nullSubject is who a cue without a subject reports: the speaker of an
// earlier cue of its sentence ("…, dhe ka paralajmëruar se"), the subject
// of its sentence ("… duke thënë se"), or the latest speaker.
func (d *doc) nullSubject(cs int) speaker {
	if cs >= len(d.toks) {
		return noSpeaker
	}
	si := d.sentOf[cs]
	var prev *found
	for i := range d.found {
		f := &d.found[i]
		if f.tok < cs && d.sentOf[f.tok] == si && !f.statement && (prev == nil || f.tok > prev.tok) {
			prev = f
		}
	}
	if prev != nil && (prev.speaker >= 0 || prev.speakerText != "") {
		return speaker{ent: prev.speaker, text: prev.speakerText}
	}
	if s := d.sentenceSubject(d.sentFirst(cs), cs); s.ent >= 0 {
		return s
	}
	if f := d.lastSpeaker(cs, 3, 0); f != nil {
		return speaker{ent: f.speaker, text: f.speakerText}
	}
	return noSpeaker
}

// sentenceSubject is the first pronoun or name in [first, cs) that is not
// the object of a preposition or a genitive.
func (d *doc) sentenceSubject(first, cs int) speaker {
	for k := first; k < cs; k++ {
		if d.inPair[k] != 0 {
			continue
		}
		if k > first {
			w := d.lower[k-1]
			if (d.r.preps[w] || d.r.genitive[w]) && !(k-2 >= first && d.r.groups[d.lower[k-2]]) {
				continue
			}
		}
		if k > first+1 && d.r.coords[d.lower[k-1]] && d.ix.Ent[k-2] >= 0 {
			continue // the second of two names shares the first one's role
		}
		if d.isPronoun(k) {
			return speaker{ent: d.resolvePronoun(k), text: d.toks[k].Text, start: k, end: k + 1, pron: true}
		}
		if d.ix.Start[k] {
			ei := int(d.ix.Ent[k])
			if d.ix.Misc[k] {
				continue
			}
			e := int(d.ix.End[k])
			return speaker{ent: ei, text: d.withLeadApposition(k, e, cs), start: k, end: e, named: true}
		}
	}
	return noSpeaker
}

// withLeadApposition returns the text of the name [k, e) that opens a
// sentence with the appositions after it, trailing comma and all, the way
// annotators mark a source: "Dean, a medical doctor, then appeared … by
// saying" gives "Dean, a medical doctor,".
func (d *doc) withLeadApposition(k, e, limit int) string {
	text := d.text(k, e)
	end := d.skipParens(e, limit)
	for seg := 0; seg < 3 && end+1 < limit && d.toks[end].Text == ","; seg++ {
		c := end + 1
		for c < limit && c-end <= 30 && !d.isPunct(c) && d.inPair[c] == 0 {
			c++
		}
		if c >= limit || d.toks[c].Text != "," || !d.appositionAt(end+1, c) {
			break
		}
		end = c
		text = d.a.Slice(d.toks[k].Start, d.toks[c].End)
	}
	return text
}

// lastSpeaker returns the latest quote before token k, within win
// sentences, whose speaker is an entity compatible with gender g (0: any;
// 'p': any entity; 'm'/'f': a person not known to be of the other gender).
func (d *doc) lastSpeaker(k, win int, g byte) *found {
	var best *found
	si := d.rank[d.sentOf[min(k, len(d.toks)-1)]]
	for i := range d.found {
		f := &d.found[i]
		if f.tok >= k || f.speaker < 0 || si-d.rank[d.sentOf[f.tok]] > win {
			continue
		}
		if (g == 'm' || g == 'f') && !d.compatible(f.speaker, g) {
			continue
		}
		if best == nil || f.tok > best.tok {
			best = f
		}
	}
	return best
}

func (d *doc) compatible(ei int, g byte) bool {
	e := d.a.Doc.Entities[ei]
	if e.Type != kronika.PER {
		return false
	}
	return d.gender[ei] == 0 || d.gender[ei] == g
}

// resolvePronoun returns the entity a pronoun at token k refers to: the
// latest compatible speaker of the last sentences, else the latest
// compatible person named before it; -1 when none.
func (d *doc) resolvePronoun(k int) int {
	return d.resolvePronounWord(d.lower[k], k)
}

// resolvePronounWord resolves pronoun w standing at token k.
func (d *doc) resolvePronounWord(w string, k int) int {
	g := d.r.pronouns[w]
	var gb byte
	switch g {
	case "m":
		gb = 'm'
	case "f":
		gb = 'f'
	case "p":
		gb = 'p'
	case "n":
		gb = 'n'
	default:
		return -1
	}
	if gb == 'm' || gb == 'f' {
		if f := d.lastSpeaker(k, 3, gb); f != nil {
			return f.speaker
		}
		for j := k - 1; j >= 0; j-- {
			if ei := d.ix.Ent[j]; ei >= 0 && d.inPair[j] == 0 && d.compatible(int(ei), gb) {
				return int(ei)
			}
		}
		return -1
	}
	// plural or neuter: a speaking organisation, else the latest one named
	if f := d.lastSpeaker(k, 2, 0); f != nil && d.a.Doc.Entities[f.speaker].Type != kronika.PER {
		return f.speaker
	}
	for j := k - 1; j >= 0 && k-j < 60; j-- {
		if ei := d.ix.Ent[j]; ei >= 0 && d.a.Doc.Entities[ei].Type == kronika.ORG {
			return int(ei)
		}
	}
	return -1
}
