// Package quote finds direct and reported speech and attributes it to its
// speaker.
//
// Direct quotes are the top-level quotations of the text in any mark style
// (“…”, „…“, «…», "…", '…', ‘…’), paired by their flanks (see findPairs).
// Reported speech hangs on a cue: a speech verb of the language pack with
// its auxiliaries ("ka thënë se", "said the previous day that"), an
// according-to phrase ("Sipas tij,", "according to X") or, in Albanian, a
// statement noun ("deklaratës së kryeministrit …, se"). A cue takes the
// clause after it (after se/që/that, a colon, or in English a bare clause)
// or, when it closes its sentence ("…”, tha ai", "…, the Pentagon said
// Tuesday"), the clause or quotation before it. A clause cue of the pack
// ("appears to", "is expected to", "reportedly") takes the clause it
// stands in, subject and all, with no source. A reported clause made
// mostly of one quotation is given as that direct quote; a quotation inside
// a reported clause is part of it, and so is the lead-in of a quotation
// that a closing cue attributes ("With thousands of systems, “there is no
// single point of failure,” he said"). Quotations left without a cue are
// direct quotes of the previous speaker when long (the continuation of a
// split quote or of a paragraph), and scare quotes of their sentence's
// speaker when short, dropped when their sentence has none.
//
// The speaker is the entity named by the subject of the cue: a mention, a
// pronoun or relative pronoun resolved to the latest compatible speaker or
// person, a title phrase resolved to the person holding that title
// ("kryeministri tha"), or, for a cue without a subject, the subject of
// its sentence or the latest speaker; a bare participle after a comma
// ("…, saying that") takes its sentence's subject, not the object before
// it. The words that name the speaker are kept in SpeakerText, also when no
// entity matches them, with the appositions and non-restrictive relative
// clauses that describe the speaker ("Scott Pruitt, the Republican
// attorney general of Oklahoma, said"), the way annotators mark a source.
package quote

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/title"
)

// Extractor is the quote stage of the pipeline.
type Extractor struct {
	extra map[string][]string // language → object cues beyond its pack
	rules map[string]*rules   // the packs' rules with the extra cues
}

// Option configures an Extractor.
type Option func(*Extractor)

// WithObjectCues adds cues whose object is what is attributed to those
// of the language's pack, the way the pack's object_cues and learned cues
// are read; the cue learner measures its candidates with it.
func WithObjectCues(code string, cues ...string) Option {
	return func(e *Extractor) {
		if e.extra == nil {
			e.extra = map[string][]string{}
		}
		e.extra[code] = append(e.extra[code], cues...)
	}
}

// New returns the quote extractor.
func New(opts ...Option) (*Extractor, error) {
	e := &Extractor{}
	for _, o := range opts {
		o(e)
	}
	for code, cues := range e.extra {
		r, err := rulesFor(code)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, fmt.Errorf("quote: no quote rules for %q to add cues to", code)
		}
		if e.rules == nil {
			e.rules = map[string]*rules{}
		}
		e.rules[code] = r.withObjectCues(cues)
	}
	return e, nil
}

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "quotes" }

// Extract implements kronika.Extractor.
func (e *Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	if a == nil || a.Doc == nil || len(a.Tokens) == 0 {
		return nil
	}
	r, err := e.rulesFor(a.Doc.Lang)
	if err != nil {
		return err
	}
	if r == nil {
		r, err = e.rulesFor("en") // a language without a pack still gets its quotation marks
		if err != nil || r == nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d := newDoc(a, r)
	d.run()
	a.Doc.Quotes = append(a.Doc.Quotes, d.quotes()...)
	return nil
}

func (e *Extractor) rulesFor(code string) (*rules, error) {
	if r, ok := e.rules[code]; ok {
		return r, nil
	}
	return rulesFor(code)
}

// found is a quote before it is written out.
type found struct {
	kind        string
	span        kronika.Span
	speaker     int // entity index or -1
	speakerText string
	cue         string
	tok         int  // token where its cue (or quotation) starts, for ordering
	statement   bool // its cue is a statement noun, not a verb with a subject
}

// doc is the working state of one analysis.
type doc struct {
	a       *kronika.Analysis
	r       *rules
	toks    []kronika.Token
	lower   []string
	ix      *title.MentionIndex
	sentOf  []int32
	sents   []kronika.Sentence
	pairs   []pair
	inPair  []int32 // 1+index of the pair whose inside holds the token, or 0
	openAt  map[int]int
	closeAt map[int]int
	found   []found
	gender  []byte // per entity: 'm', 'f' or 0
	rank    []int  // per sentence: how many sentences outside quotations end at it
	titled  []int8 // per sentence: 1 in title case, -1 not, 0 not yet known
}

func newDoc(a *kronika.Analysis, r *rules) *doc {
	d := &doc{a: a, r: r, toks: a.Tokens, lower: title.LowerOf(a), ix: title.MentionsOf(a),
		openAt: map[int]int{}, closeAt: map[int]int{}}
	d.sents = a.Sentences
	if len(d.sents) == 0 {
		d.sents = []kronika.Sentence{{Start: 0, End: len(a.Runes), First: 0, Last: len(a.Tokens)}}
	}
	d.pairs = findPairs(a)
	for pi, p := range d.pairs {
		d.openAt[p.open] = pi
		if p.closed {
			d.closeAt[p.close] = pi
			if c := p.close; c+1 < len(d.toks) && d.toks[c+1].Text == d.toks[c].Text && d.toks[c+1].Start == d.toks[c].End {
				d.closeAt[c+1] = pi // the second half of a doubled ''
			}
		}
	}
	// an opening mark glued to the stop before it ("shtretërve.“ Me") opens
	// the next sentence, whatever the segmenter made of it
	d.sents = append([]kronika.Sentence(nil), d.sents...)
	for si := 0; si+1 < len(d.sents); si++ {
		s := &d.sents[si]
		if s.Last-1 > s.First && d.isOpen(s.Last-1) && d.sents[si+1].First == s.Last {
			s.Last--
			s.End = d.toks[s.Last-1].End
			d.sents[si+1].First--
			d.sents[si+1].Start = d.toks[d.sents[si+1].First].Start
		}
	}
	d.sentOf = make([]int32, len(d.toks))
	for si, s := range d.sents {
		for k := max(s.First, 0); k < s.Last && k < len(d.toks); k++ {
			d.sentOf[k] = int32(si)
		}
	}
	d.inPair = make([]int32, len(d.toks))
	for pi, p := range d.pairs {
		for k := p.open + 1; k < p.close && k < len(d.toks); k++ {
			d.inPair[k] = int32(pi + 1)
		}
	}
	// sentences inside quotations do not count as distance between a
	// speaker and a pronoun: a long quotation keeps its speaker current
	d.rank = make([]int, len(d.sents))
	n := 0
	for si, st := range d.sents {
		if f := st.First; f >= 0 && f < len(d.toks) && d.inPair[f] == 0 {
			n++
		}
		d.rank[si] = n
	}
	d.gender = make([]byte, len(a.Doc.Entities))
	for i, e := range a.Doc.Entities {
		d.gender[i] = d.entityGender(e)
	}
	return d
}

// entityGender guesses a person's gender from a feminine title or a first
// name of the pack; 0 when unknown.
func (d *doc) entityGender(e kronika.Entity) byte {
	if e.Type != kronika.PER {
		return 0
	}
	for _, t := range e.Titles {
		if h, ok := d.r.titles.HeadOf(t); ok && h.Gender == "f" {
			return 'f'
		}
	}
	names := []string{e.Name}
	for _, m := range e.Mentions {
		names = append(names, m.Text)
	}
	for _, n := range names {
		f := strings.Fields(n)
		if len(f) < 2 {
			continue
		}
		first := lower(f[0])
		switch {
		case d.r.female[first] && !d.r.male[first]:
			return 'f'
		case d.r.male[first] && !d.r.female[first]:
			return 'm'
		}
	}
	return 0
}

func (d *doc) quotes() []kronika.Quote {
	sort.SliceStable(d.found, func(i, j int) bool { return d.found[i].span.Start < d.found[j].span.Start })
	out := make([]kronika.Quote, 0, len(d.found))
	for _, f := range d.found {
		if f.span.End <= f.span.Start {
			continue
		}
		q := kronika.Quote{Kind: f.kind, Start: f.span.Start, End: f.span.End,
			Text: d.a.Slice(f.span.Start, f.span.End), SpeakerText: f.speakerText, Cue: f.cue}
		if f.speaker >= 0 {
			id := d.a.Doc.Entities[f.speaker].ID
			q.Speaker = &id
		}
		out = append(out, q)
	}
	return out
}

// run finds the cues in text order, then gives the quotations no cue took
// to the speakers around them.
func (d *doc) run() {
	for i := 0; i < len(d.toks); i++ {
		if d.inPair[i] != 0 || d.toks[i].Kind != kronika.Word {
			continue
		}
		if next, ok := d.labelCue(i); ok {
			i = next - 1
			continue
		}
		if n := d.clauseCueAt(i); n > 0 {
			if next := d.clauseCue(i, n); next > i {
				i = next - 1
				continue
			}
		}
		if n := d.accordingAt(i); n > 0 {
			if next := d.according(i, n); next > i {
				i = next - 1
			}
			continue
		}
		if n := d.verbAt(i); n > 0 {
			if next := d.cue(i, n); next > i {
				i = next - 1
			}
			continue
		}
		if d.r.namingObj && d.r.naming[d.lower[i]] {
			if next := d.namingCue(i); next > i {
				i = next - 1
			}
			continue
		}
		if d.r.comps[d.lower[i]] && i > 0 && d.toks[i-1].Text == "," {
			d.statementCue(i)
		}
	}
	d.leftovers()
}

// verbAt returns how many tokens the speech verb starting at token i
// spans, or 0.
func (d *doc) verbAt(i int) int {
	for _, m := range d.r.multiFirst[d.lower[i]] {
		if d.match(i, m) {
			return len(m)
		}
	}
	w := d.lower[i]
	if !d.r.verbs[w] || d.ix.Ent[i] >= 0 && !d.verbInHeadline(i) || isCap(d.toks[i].Text) && i != d.sentFirst(i) && !d.headline(i) {
		return 0 // "States" in "United States" is no verb
	}
	if i > 0 && (d.r.determiners[d.lower[i-1]] || d.possessiveBefore(i)) && !(i+1 < len(d.toks) && d.r.comps[d.lower[i+1]]) {
		return 0 // "the show", "Editor’s note" are nouns; "his claims that …" still reports
	}
	if d.r.afterQuote[w] && !d.afterClose(d.cueStart(i)) {
		return 0 // "përfundoi" reports only a quotation just before it
	}
	if next, ok := d.r.notBefore[w]; ok && i+1 < len(d.toks) && d.lower[i+1] == next {
		return 0 // "failed to show up"
	}
	if next, ok := d.r.needsNext[w]; ok {
		if next == "" || i+1 >= len(d.toks) || d.lower[i+1] != next {
			return 0
		}
		return 2
	}
	// a parenthetical ("siç tha ai", "as he said") reports nothing new
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if d.r.asMarkers[d.lower[k]] {
			if i+1 < len(d.toks) && d.toks[i+1].Text == "," {
				return 1 // "As he said, …": asCue decides
			}
			return 0
		}
		if !d.r.aux[d.lower[k]] && !d.r.clitics[d.lower[k]] && !d.isPronoun(k) {
			break
		}
	}
	return 1
}

// verbInHeadline reports whether token i, which ends a name in a
// title-case headline, is the headline's verb that the tagger took into
// the name: "… Clean Energy, Lindsey Graham Says".
func (d *doc) verbInHeadline(i int) bool {
	last := i+1 >= len(d.toks) || d.ix.Ent[i+1] != d.ix.Ent[i] || d.ix.Start[i+1]
	return last && i > d.sentFirst(i) && d.headline(i) && !d.possessive(i-1)
}

// headline reports whether the sentence of token k is written in title
// case, the way headlines are ("Glenn Beck Says Trump Poses A Threat"),
// where a capital does not make a verb a name.
func (d *doc) headline(k int) bool {
	si := d.sentOf[k]
	if d.titled == nil {
		d.titled = make([]int8, len(d.sents))
	}
	if d.titled[si] == 0 {
		d.titled[si] = -1
		long, caps := 0, 0
		for j := d.sentFirst(k); j < d.sentLast(k); j++ {
			if t := d.toks[j]; t.Kind == kronika.Word && len([]rune(t.Text)) > 3 {
				long++
				if isCap(t.Text) {
					caps++
				}
			}
		}
		if long >= 3 && caps*5 >= long*4 {
			d.titled[si] = 1
		}
	}
	return d.titled[si] == 1
}

// possessiveBefore reports whether a name's possessive stands before the
// cue word at i, making it a noun ("Editor’s note"); a progressive is the
// contracted "is" ("Trump’s claiming").
func (d *doc) possessiveBefore(i int) bool {
	for _, suf := range d.r.progressive {
		if strings.HasSuffix(d.lower[i], suf) {
			return false
		}
	}
	if d.possessive(i - 1) {
		return true
	}
	return i >= 2 && d.toks[i-1].Start == d.toks[i-2].End && slices.Contains(d.r.contractions, d.lower[i-1]) && d.possessive(i-2)
}

func (d *doc) match(i int, words []string) bool {
	if i+len(words) > len(d.toks) {
		return false
	}
	for k, w := range words {
		if d.lower[i+k] != w {
			return false
		}
	}
	return true
}

func (d *doc) accordingAt(i int) int {
	for _, a := range d.r.according[d.lower[i]] {
		if d.match(i, a) {
			return len(a)
		}
	}
	return 0
}

func (d *doc) isPronoun(k int) bool {
	_, ok := d.r.pronouns[d.lower[k]]
	return ok && d.ix.Ent[k] < 0
}

func (d *doc) isPunct(k int) bool {
	return k < 0 || k >= len(d.toks) || d.toks[k].Kind == kronika.Punct || d.toks[k].Kind == kronika.Symbol
}

func (d *doc) sentFirst(k int) int { return d.sents[d.sentOf[k]].First }
func (d *doc) sentLast(k int) int  { return min(d.sents[d.sentOf[k]].Last, len(d.toks)) }

// add records a quote and returns it for the caller to adjust.
func (d *doc) add(f found) {
	if f.span.End <= f.span.Start {
		return
	}
	for _, g := range d.found {
		if g.span.Overlaps(f.span) {
			return // one quote per stretch of text
		}
	}
	d.found = append(d.found, f)
}

// cue handles the speech verb at token v (n tokens long) and returns the
// token to go on from.
func (d *doc) cue(v, n int) int {
	ve := v + n
	cs := d.cueStart(v)
	sentEnd := d.sentLast(v)
	// (A) a complementizer after the verb, past adverbials and the
	// addressee: "ka thënë javën e kaluar se", "told reporters on Sunday that"
	limit := 8
	if k, ok := d.r.bareObject[d.lower[v]]; ok {
		limit += k
	}
	inPP := false // inside a prepositional adverbial: "during a Friday rally in Michigan that"
	if n > 1 && d.r.preps[d.lower[ve-1]] {
		limit = -1 // "asked about Trump's declaration that …": the object's own clause
	}
	for j := ve; j < sentEnd && j-ve <= limit; j++ {
		if pi, ok := d.openAt[j]; ok && d.pairs[pi].closed && d.titleCase(&d.pairs[pi]) && d.inPair[j] == 0 {
			// the addressee is a name in quotation marks: "tells MSNBC’s
			// “Morning Joe” on Friday that …"
			limit += d.pairs[pi].close - j
			j = d.pairs[pi].close
			continue
		}
		if d.inPair[j] != 0 || d.isOpen(j) {
			break
		}
		if d.r.preps[d.lower[j]] {
			inPP = true
			limit = max(limit, j-ve+6)
		}
		if d.r.comps[d.lower[j]] && d.relativeAt(ve, j) {
			break // "tha pas vizitës që i bëri": a relative clause
		}
		if d.r.comps[d.lower[j]] || j == ve && d.r.weakComps[d.lower[j]] {
			spk := d.subjectBefore(cs, v)
			if spk.ent < 0 && spk.text == "" && j > ve && !d.participle(cs, v) {
				spk = d.npAfter(ve, j) // "tha ai se"
				if spk.ent < 0 && spk.text == "" {
					spk = d.nullSubject(cs)
				}
			} else if spk.ent < 0 && spk.text == "" {
				spk = d.nullSubject(cs)
			}
			end := d.clauseEnd(j + 1)
			if d.attributedAfter(end) {
				return ve // "voters who believe that Wall Street is a boon, according to exit polls": the whole sentence is the source's
			}
			d.emitClause(j+1, end, spk, d.text(cs, j+1), cs)
			return end
		}
		if d.toks[j].Text == "," && j-ve <= 1 && j+1 < sentEnd && d.r.comps[d.lower[j+1]] && !d.r.ambigComps[d.lower[j+1]] {
			continue // "ka shtuar, se …": a stray comma
		}
		if d.toks[j].Text == "," && j+1 < sentEnd && d.r.asMarkers[d.lower[j+1]] {
			// "cautioned, as did the campaign itself, that …"
			k := j + 2
			for k < sentEnd && k-j <= 10 && d.toks[k].Text != "," && !d.isPunct(k) {
				k++
			}
			if k < sentEnd && d.toks[k].Text == "," && k+1 < sentEnd && d.r.comps[d.lower[k+1]] {
				limit += k - j
				j = k
				continue
			}
		}
		if d.isPunct(j) || !(d.betweenVerbAndComp(v, ve, j) || inPP && d.verbAt(j) == 0 && !d.r.coords[d.lower[j]]) {
			break
		}
	}
	if next, ok := d.asCue(cs, v, ve); ok {
		return next
	}
	// (B) a colon or (C/D) a quotation right after the verb
	j := ve
	if j < sentEnd && d.toks[j].Text == ":" {
		j++
		spk := d.subjectOrNull(cs, v)
		if pi, ok := d.openAt[j]; ok {
			d.emitPair(pi, spk, d.text(cs, ve), cs)
			return d.pairs[pi].close + 1
		}
		end := d.clauseEnd(j)
		d.emitClause(j, end, spk, d.text(cs, ve), cs)
		return end
	}
	if pi, ok := d.openAt[j]; ok && d.pairs[pi].closed && d.titleCase(&d.pairs[pi]) {
		// "…, shkruan “Bota Sot”": a name in quotation marks is the source
		if next, took := d.finalCue(cs, v, ve); took {
			return next
		}
		return d.pairs[pi].close + 1
	}
	if pi, ok := d.openAt[j]; ok || (j < len(d.toks) && d.toks[j].Text == "," && d.isOpen(j+1)) {
		if !ok {
			pi = d.openAt[j+1]
			if next, took := d.finalCue(cs, v, ve); took {
				return next // "“…,” Limbach said, “…”"
			}
		}
		spk := d.subjectOrNull(cs, v)
		if p := d.pairs[pi]; p.closed && p.words <= 4 && p.close+1 < sentEnd && !d.isPunct(p.close+1) {
			// 'said "budget reforms" and …': a clause with a quoted fragment
			end := d.clauseEnd(j)
			d.emitClause(j, end, spk, d.text(cs, ve), cs)
			return end
		}
		d.emitPair(pi, spk, d.text(cs, ve), cs)
		return d.pairs[pi].close + 1
	}
	// (F) the cue ends its sentence: the clause or quotation before it;
	// a cue that takes an object does not end it while words follow
	objCue := d.r.objects[strings.Join(d.lower[v:ve], " ")]
	if !objCue || ve >= sentEnd || d.isPunct(ve) {
		if next, ok := d.finalCue(cs, v, ve); ok {
			return next
		}
	}
	// (E) a bare reported clause: "said he was sorry"
	if d.r.bare[d.lower[v]] {
		j := ve
		if k, ok := d.r.bareObject[d.lower[v]]; ok {
			// skip the addressee: "told reporters", "told USA Today"
			e := j
			for e < sentEnd && e-j < k && d.toks[e].Kind == kronika.Word && !d.r.comps[d.lower[e]] {
				e++
			}
			if e > j && e-j < k {
				j = e
			} else if e > j {
				j++
			}
		}
		if j == ve && j < sentEnd && (d.r.preps[d.lower[j]] || d.r.adverbs[d.lower[j]] && !d.r.determiners[d.lower[j]]) {
			// "said after the convention he would …": an adverbial, then a
			// clause opened by a pronoun subject
			for e := j + 1; e < sentEnd && e-j <= 6 && !d.isPunct(e) && d.inPair[e] == 0; e++ {
				if d.isPronoun(e) && !d.r.preps[d.lower[e-1]] && d.ix.Ent[e] < 0 && d.r.pronouns[d.lower[e]] != "n" {
					j = e
					break
				}
			}
		}
		if j < sentEnd && d.clauseStart(j) {
			end := d.clauseEnd(j)
			if d.attributedAfter(end) {
				return ve
			}
			if end-j >= 3 {
				spk := d.subjectOrNull(cs, v)
				d.emitClause(j, end, spk, d.text(cs, ve), cs)
				return end
			}
		}
	}
	// (G) a cue whose object is what is attributed: "criticized the plan",
	// "called for a ban", "talked about the economy"
	if objCue {
		if n == 1 && d.passiveAt(cs, v) {
			return ve // "was criticized": the subject is not the source
		}
		if ve < sentEnd && (!d.isPunct(ve) || d.isOpen(ve)) {
			end := d.objectEnd(ve)
			if d.attributedAfter(end) {
				return ve // "… likely raised less suspicion, Mr. Verdery said": the whole clause is his
			}
			spk := d.subjectOrNull(cs, v)
			d.emitClause(ve, end, spk, d.text(cs, ve), cs)
			return end
		}
	}
	return ve
}

// asCue handles an attribution opened by an as-marker and closed by a
// comma: "As Crane said, the two candidates have …" reports the clause
// after it, "Hawaii, as one adviser pointed out, normally does not …" the
// sentence around it.
func (d *doc) asCue(cs, v, ve int) (int, bool) {
	sentEnd := d.sentLast(v)
	if ve >= sentEnd || d.inPair[ve] != 0 {
		return 0, false
	}
	near := false // the cheap test first: an as-marker shortly before
	for k := cs - 1; k >= d.sentFirst(cs) && k >= cs-12; k-- {
		if d.r.asMarkers[d.lower[k]] {
			near = true
			break
		}
	}
	if !near {
		return 0, false
	}
	spk := d.subjectBefore(cs, v)
	if spk.end <= spk.start || spk.start == 0 {
		return 0, false
	}
	m := spk.start - 1
	if !d.r.asMarkers[d.lower[m]] || !(m == d.sentFirst(m) || m > 0 && d.toks[m-1].Text == ",") {
		return 0, false
	}
	if t := d.toks[ve].Text; (t == "." || t == "!" || t == "?") && m > d.sentFirst(m)+2 {
		// "…, as police have said.": the clause before
		s := d.clauseBegin(m - 1)
		if m-1-s < 3 {
			return ve, true
		}
		d.emitClause(s, m-1, spk, d.text(m, ve), m)
		return ve, true
	}
	if ve+1 >= sentEnd || d.toks[ve].Text != "," || d.inPair[ve+1] != 0 {
		return 0, false
	}
	end := d.clauseEnd(ve + 1)
	mid := m > d.sentFirst(m)
	if end-(ve+1) < 3 || !mid && !d.clauseStart(ve+1) {
		return ve, true // a parenthetical that reports nothing
	}
	s := ve + 1
	if mid {
		s = d.clauseBegin(m - 1)
	}
	d.emitClause(s, end, spk, d.text(m, ve), m)
	return end, true
}

// labelCue handles a line opened by a source and a colon, the way
// headlines and transcripts attribute: "Pence: Gennifer Flowers Won’t Be
// at Debate", "BOULDUAN: You guys, back in January, …". What follows, to
// the end of the line, is the source's.
func (d *doc) labelCue(i int) (int, bool) {
	if !d.r.labels || i > 0 && !paragraphBreak(d.a.Runes, d.toks[i-1].End, d.toks[i].Start) || !isCap(d.toks[i].Text) {
		return 0, false
	}
	c := i
	for c < len(d.toks) && c-i <= 6 && d.toks[c].Text != ":" {
		if d.inPair[c] != 0 || d.isOpen(c) || d.toks[c].Kind == kronika.Word && d.ix.Ent[c] < 0 && d.verbAt(c) > 0 ||
			d.isPunct(c) && d.toks[c].Text != "’" && d.toks[c].Text != "'" && d.toks[c].Text != "-" && d.toks[c].Text != "." {
			return 0, false
		}
		c++
	}
	if c >= len(d.toks) || c == i || d.toks[c].Text != ":" || d.r.labelExclude[strings.ToLower(d.text(i, c))] || d.r.preps[d.lower[i]] {
		return 0, false // "Among the tidbits in the letter: …" is no source
	}
	e := c + 1
	for e < len(d.toks) && !paragraphBreak(d.a.Runes, d.toks[e-1].End, d.toks[e].Start) {
		e++
	}
	words := 0
	for k := c + 1; k < e; k++ {
		if d.toks[k].Kind == kronika.Word {
			words++
		}
	}
	if words < 3 {
		return 0, false
	}
	source := false // a name, a source noun, or a transcript's capitals: not "The Gap Goes On:"
	for k := i; k < c; k++ {
		t := d.toks[k].Text
		if ei := d.ix.Ent[k]; ei >= 0 && d.a.Doc.Entities[ei].Type != kronika.MISC ||
			d.r.sources[d.lower[k]] || d.r.groups[d.lower[k]] || d.toks[k].Kind == kronika.Word && len(t) > 1 && strings.ToUpper(t) == t && strings.ToLower(t) != t {
			source = true
		}
	}
	if !source {
		return 0, false
	}
	spk := d.analyseNP(i, c)
	d.emitClause(c+1, e, spk, ":", i)
	return e, true
}

// clauseCueAt returns how many tokens the clause cue of the pack starting
// at token i spans ("seemed to", "reportedly"), or 0.
func (d *doc) clauseCueAt(i int) int {
	for _, c := range d.r.clauseCues[d.lower[i]] {
		if d.match(i, c) {
			if d.r.clausePassive[c[0]] && !d.passiveAt(d.cueStart(i), i) {
				continue // "expected to" raises only in "is expected to"
			}
			return len(c)
		}
	}
	return 0
}

// clauseCue handles a cue that attributes the clause it stands in, its
// subject included ("Sanders appears to have a slight lead", "The company
// is expected to report a loss"): the attribution has no source. It
// returns the token to go on from, or 0 when the cue opens no clause.
func (d *doc) clauseCue(v, n int) int {
	ve := v + n
	sentEnd := d.sentLast(v)
	if ve >= sentEnd || d.isPunct(ve) && !d.isOpen(ve) || d.inPair[v] != 0 || d.verbAt(ve) > 0 || d.r.naming[d.lower[ve]] {
		return 0 // "appeared to suggest that …": the speech verb is the cue
	}
	cs := d.cueStart(v)
	s := d.clauseSubject(cs)
	end := d.clauseEnd(ve)
	if end-ve < 2 {
		return 0
	}
	d.emitClause(s, end, noSpeaker, d.text(cs, ve), cs)
	return end
}

// clauseSubject returns the first token of the clause whose verb phrase
// starts at cs: back to the sentence start, a punctuation mark, a
// complementizer or a word that opens a clause ("but", "while", "and").
func (d *doc) clauseSubject(cs int) int {
	first := d.sentFirst(cs)
	s := cs
	for s > first && cs-s < 25 {
		k := s - 1
		w := d.lower[k]
		if d.isPunct(k) && !(d.ix.Ent[k] >= 0 && d.ix.Ent[k] == d.ix.Ent[max(k-1, 0)]) || d.inPair[k] != 0 {
			break
		}
		if d.ix.Ent[k] < 0 && (d.r.comps[w] || d.r.breaks[w] || d.r.subords[w] || d.r.coords[w] || d.verbAt(k) > 0) {
			break
		}
		s = k
	}
	return s
}

// namingCue handles a naming verb at token v whose object is named in
// quotation marks: "called the senator a “nasty guy”", "described her as a
// “disgrace”". The object and its name are what is attributed; without a
// quotation the verb is too ambiguous ("called the police") to take.
func (d *doc) namingCue(v int) int {
	ve := v + 1
	if ve >= len(d.toks) || d.ix.Ent[v] >= 0 || d.isPunct(ve) {
		return ve
	}
	cs := d.cueStart(v)
	if d.passiveAt(cs, v) {
		return ve // "was called “X” by": the subject is not the source
	}
	end := d.objectEnd(ve)
	quoted := false
	for k := ve; k < end && k-ve <= 8; k++ {
		if d.isOpen(k) {
			quoted = true
			break
		}
	}
	spk := d.subjectOrNull(cs, v)
	if s := d.subjectBefore(cs, v); !quoted && (s.ent < 0 && !s.pron || s.end != cs || s.end-s.start > 5) {
		return ve
	}
	if !quoted {
		// "called him a political opportunist": a name given without
		// quotation marks, when a source gives it ("a disease called
		// monkeypox" names nothing) and the object is no event to be
		// called ("called a meeting")
		if spk.ent < 0 && !spk.pron || d.r.calledEvents[d.lower[min(ve+1, end-1)]] || d.r.calledEvents[d.lower[ve]] || end-ve < 2 {
			return ve
		}
	}
	d.emitClause(ve, end, spk, d.text(cs, ve), cs)
	return end
}

// passiveAt reports whether a be-auxiliary of the pack stands in the cue
// before the verb at v: then the subject undergoes the act.
func (d *doc) passiveAt(cs, v int) bool {
	for _, suf := range d.r.progressive {
		if strings.HasSuffix(d.lower[v], suf) {
			return false // "is promising" is active
		}
	}
	for k := cs; k < v; k++ {
		if d.r.passive[d.lower[k]] {
			return true
		}
	}
	return false
}

// relativeAt reports whether the complementizer at token j after the cue
// ending at ve opens a relative clause on the common noun before it ("pas
// vizitës që i bëri"), not a report: one of the pack's ambiguous
// complementizers after a lower-case word that is no adverbial, pronoun or
// name.
func (d *doc) relativeAt(ve, j int) bool {
	if !d.r.ambigComps[d.lower[j]] || j <= ve {
		return false
	}
	k := j - 1
	t := d.toks[k]
	if t.Kind != kronika.Word || isCap(t.Text) || d.ix.Ent[k] >= 0 || d.isPronoun(k) {
		return false
	}
	w := d.lower[k]
	return !(d.r.adverbs[w] || d.r.preps[w] || d.r.genitive[w] || d.r.clitics[w] || d.r.aux[w])
}

// betweenVerbAndComp reports whether token j may stand between a speech
// verb [v, ve) and its complementizer: an adverbial, an addressee, a name.
func (d *doc) betweenVerbAndComp(v, ve, j int) bool {
	w := d.lower[j]
	if d.r.adverbs[w] || d.r.preps[w] || d.r.genitive[w] || d.r.clitics[w] || d.isPronoun(j) ||
		d.ix.Ent[j] >= 0 || isCap(d.toks[j].Text) || d.toks[j].Kind == kronika.Number {
		return true
	}
	if k, ok := d.r.bareObject[d.lower[v]]; ok && j-ve < k {
		return true
	}
	return j > 0 && d.r.preps[d.lower[j-1]] // the object of a preposition
}

func (d *doc) isOpen(k int) bool {
	_, ok := d.openAt[k]
	return ok
}

// closeBefore returns the closing mark of a quotation that the
// attribution starting at token cs follows, past a comma, a dash or a
// doubled closing mark ("…”, tha", "…”-deklaron", "…”” njoftoi"); -1 when
// none does.
func (d *doc) closeBefore(cs int) int {
	for b := cs - 1; b >= 0 && cs-b <= 3; b-- {
		if d.isClose(b) {
			return b
		}
		switch t := d.toks[b].Text; {
		case t == "," || t == "-" || t == "–" || t == "—":
		case isQuoteTok(d.toks[b]) && d.inPair[b] == 0:
			// a stray second closing mark
		default:
			return -1
		}
	}
	return -1
}

// afterClose reports whether the attribution starting at cs follows a
// quotation.
func (d *doc) afterClose(cs int) bool { return d.closeBefore(cs) >= 0 }

// impersonalCue reports whether the cue [cs, ve) needs no subject: "thuhet",
// "është bërë e ditur".
func (d *doc) impersonalCue(cs, ve int) bool {
	cue := " " + strings.Join(d.lower[cs:ve], " ") + " "
	for _, w := range d.r.impersonal {
		if strings.Contains(cue, " "+w+" ") {
			return true
		}
	}
	return false
}

// cueStart extends a verb leftwards over auxiliaries and clitics: "e ka
// konsideruar", "do të thotë", "has also said".
func (d *doc) cueStart(v int) int {
	cs := v
	for k := v - 1; k >= 0 && v-k <= 4; k-- {
		w := d.lower[k]
		if d.toks[k].End < d.toks[k+1].Start-1 || d.isPunct(k) {
			break
		}
		if d.r.aux[w] || d.r.clitics[w] {
			if d.ix.Ent[k] >= 0 {
				break
			}
			cs = k
			continue
		}
		if k > 0 && d.mannerAdverb(k) {
			if p := d.lower[k-1]; d.toks[k-1].Text == "," || d.r.aux[p] || d.r.coords[p] || d.isPronoun(k-1) || d.ix.Ent[k-1] >= 0 {
				// "…, forcefully told", "has sharply criticized", "Trump
				// openly mocked": the adverb belongs to the cue
				cs = k
				continue
			}
		}
		break
	}
	return cs
}

// mannerAdverb reports whether token k is a lower-case adverb by one of
// the pack's adverb endings ("forcefully").
func (d *doc) mannerAdverb(k int) bool {
	t := d.toks[k]
	if t.Kind != kronika.Word || isCap(t.Text) || d.ix.Ent[k] >= 0 || len([]rune(t.Text)) < 6 {
		return false
	}
	for _, suf := range d.r.adverbEndings {
		if strings.HasSuffix(d.lower[k], suf) {
			return true
		}
	}
	return false
}

// clauseStart reports whether token j can open a bare reported clause.
func (d *doc) clauseStart(j int) bool {
	if d.isPunct(j) {
		return false
	}
	w := d.lower[j]
	// An adverbial ("on Tuesday", "later") does not open a clause, but a
	// determiner listed among the adverbials' words may ("the plan
	// failed"); a complementiser is handled below.
	if d.r.preps[w] || d.r.adverbs[w] && !d.isPronoun(j) && !d.r.determiners[w] && !d.r.comps[w] {
		return false
	}
	if d.r.comps[w] || d.r.verbs[w] || d.r.coords[w] {
		return false
	}
	return true
}

// clauseEnd returns the token after a reported clause starting at token
// s: its sentence's end, or where a comma brings another cue ("…, dhe ka
// paralajmëruar se", "…, adding that") or a contrast ("…, but").
func (d *doc) clauseEnd(s int) int { return d.reportEnd(s, false) }

// attributedAfter reports whether the report ending at token end is
// followed by an attribution of the whole sentence: ", according to …" or
// a short source and a speech verb closing the sentence (", Mr. Verdery
// said.", ", analysts say.", ", the poll found.").
func (d *doc) attributedAfter(end int) bool {
	if end >= len(d.toks) || d.toks[end].Text != "," {
		return false
	}
	sentEnd := d.sentLast(end)
	if end+1 < sentEnd && d.accordingAt(end+1) > 0 {
		return true
	}
	for k := end + 1; k < sentEnd && k-end <= 8; k++ {
		if d.isPunct(k) || d.inPair[k] != 0 {
			return false
		}
		if d.verbAt(k) > 0 && d.r.bare[d.lower[k]] && k > end+1 {
			j := k + 1
			for j < sentEnd && !d.isPunct(j) && j-k <= 4 && (d.r.adverbs[d.lower[j]] || d.r.preps[d.lower[j]] || isCap(d.toks[j].Text)) {
				j++
			}
			return j >= sentEnd || d.toks[j].Text == "." || d.toks[j].Text == "!" || d.toks[j].Text == "?"
		}
	}
	return false
}

// objectEnd is clauseEnd for what an object cue attributes, which also
// ends where its subject's next cue is coordinated: "… called it their
// “crystal ball” and said it was …". In a reported clause the coordinated
// verb is the clause's own ("say he posed a threat and refused to drop the
// gun").
func (d *doc) objectEnd(s int) int { return d.reportEnd(s, true) }

func (d *doc) reportEnd(s int, object bool) int {
	end := d.sentLast(max(s-1, 0))
	if s < len(d.toks) && d.sentOf[s] != d.sentOf[max(s-1, 0)] {
		end = d.sentLast(s)
	}
	for j := s; j < end; j++ {
		if d.inPair[j] != 0 {
			continue
		}
		t := d.toks[j].Text
		if t == ";" {
			return j
		}
		if j-2 > s && d.r.breaks[d.lower[j]] && d.isClose(j-1) && d.toks[j-2].Text == "," {
			return j // "… “jobs, jobs, jobs,” but he has …": the comma inside the quotation
		}
		if (t == "." || t == "!" || t == "?") && d.isOpen(j+1) {
			return j // a quotation opens the next sentence
		}
		if w := d.lower[j]; object && j > s && d.r.coords[w] && !d.r.clitics[w] && !d.r.genitive[w] {
			// "… called it their “crystal ball” and said it was …": the
			// subject's second cue reports on its own
			k := j + 1
			for k < end && k-j <= 3 && (d.r.aux[d.lower[k]] || d.mannerAdverb(k)) {
				k++
			}
			if k < end && d.verbAt(k) > 0 {
				return j
			}
		}
		if t != "," && t != "—" && t != "–" {
			continue
		}
		if d.attributedAfter(j) {
			return j
		}
		k := j + 1
		if k < end && d.r.breaks[d.lower[k]] && !(k+1 < end && d.r.comps[d.lower[k+1]]) {
			return j // "…, but that …" goes on reporting
		}
		for k < end && k-j <= 4 && (d.r.coords[d.lower[k]] || d.r.aux[d.lower[k]] || d.r.clitics[d.lower[k]] || d.mannerAdverb(k) || d.r.adverbs[d.lower[k]] && d.r.verbs[d.lower[min(k+1, end-1)]]) {
			k++
		}
		if k < end && (d.verbAt(k) > 0 || d.r.naming[d.lower[k]] && d.ix.Ent[k] < 0) && !d.r.asMarkers[d.lower[j+1]] {
			return j
		}
		// "…, he barely mentioned …": a subject and a cue of their own
		if k = j + 1; k < end && (d.isPronoun(k) || d.isRelative(k) || d.ix.Ent[k] >= 0 && d.ix.Start[k]) && object {
			rel := d.isRelative(k)
			if d.ix.Ent[k] >= 0 {
				k = int(d.ix.End[k]) - 1
			}
			k++
			if rel && k < end && (d.isPronoun(k) || d.ix.Ent[k] >= 0 && d.ix.Start[k]) {
				// "…, which RT pointed to as …": the relative clause's own subject
				if d.ix.Ent[k] >= 0 {
					k = int(d.ix.End[k]) - 1
				}
				k++
			}
			for k < end && k-j <= 6 && (d.r.aux[d.lower[k]] || d.mannerAdverb(k)) {
				k++
			}
			if k < end && d.verbAt(k) > 0 {
				return j
			}
		}
		// "…, while the United States had until now only expressed concern
		// that …": a clause with a cue of its own
		for k = j + 1; k < end && k-j <= 10 && !d.isPunct(k) && d.inPair[k] == 0; k++ {
			if n := d.verbAt(k); n > 0 {
				for c := k + n; c < end && c-k-n <= 2; c++ {
					if d.r.comps[d.lower[c]] {
						return j
					}
				}
			}
		}
	}
	return end
}

// emitClause records the reported clause [s, e) (tokens); a clause that is
// mostly one quotation is recorded as that direct quote.
func (d *doc) emitClause(s, e int, spk speaker, cue string, at int) {
	if s >= e || s >= len(d.toks) {
		return
	}
	for e-1 > s && (d.toks[e-1].Kind == kronika.Punct || d.toks[e-1].Kind == kronika.Symbol) && isQuoteTok(d.toks[e-1]) && !d.isClose(e-1) {
		e-- // a stray closing mark
	}
	start := d.toks[s].Start
	end := d.toks[e-1].End
	for end > start && strings.ContainsRune(".,;:", d.a.Runes[end-1]) {
		end--
	}
	for end > start && unicode.IsSpace(d.a.Runes[end-1]) {
		end--
	}
	span := kronika.Span{Start: start, End: end}
	best, bestLen := -1, 0
	for pi := range d.pairs {
		p := &d.pairs[pi]
		if p.open >= s-1 && p.open < e {
			p.used = true
			if p.span.Len() > bestLen {
				best, bestLen = pi, p.span.Len()
			}
		}
	}
	if best >= 0 && d.wordsOutside(s, e, best) <= 2 {
		d.add(found{kind: kronika.Direct, span: d.pairs[best].span, speaker: spk.ent, speakerText: spk.text, cue: cue, tok: at})
		return
	}
	d.add(found{kind: kronika.Indirect, span: span, speaker: spk.ent, speakerText: spk.text, cue: cue, tok: at})
}

// wordsOutside counts the words of tokens [s, e) outside pair pi: a
// clause with more than a word or two around its quotation is reported
// speech with a quoted fragment ("lower taxes and “jobs, jobs, jobs”").
func (d *doc) wordsOutside(s, e, pi int) int {
	p := d.pairs[pi]
	n := 0
	for k := s; k < e; k++ {
		if (k < p.open || k > p.close) && d.toks[k].Kind == kronika.Word {
			n++
		}
	}
	return n
}

func (d *doc) emitPair(pi int, spk speaker, cue string, at int) {
	p := &d.pairs[pi]
	p.used = true
	d.add(found{kind: kronika.Direct, span: p.span, speaker: spk.ent, speakerText: spk.text, cue: cue, tok: at})
}

// finalCue handles a cue that closes its sentence: "…”, tha ai.", "…, the
// Pentagon said Tuesday.", "…,” Ryder said, adding …". It reports whether
// it took a quote.
func (d *doc) finalCue(cs, v, ve int) (int, bool) {
	sentEnd := d.sentLast(v)
	if d.r.gerund[d.lower[cs]] && !d.afterClose(cs) {
		return 0, false // "…, duke e paralajmëruar atë": a participle closes no report
	}
	var spk speaker
	boundary := -1
	after := ve
	appEnd := 0 // the token after an inverted subject's appositions
	qb := d.closeBefore(cs)
	// inverted subject: "tha Vuçiç", "raporton Gazeta Sinjali", "said Ryder"
	if cs > 0 && (d.toks[cs-1].Text == "," || d.isClose(cs-1) || d.toks[cs-1].Text == "—" || qb >= 0) {
		if ve+1 < sentEnd && d.r.agentPreps[d.lower[ve]] && d.impersonalCue(cs, ve) {
			// the agent of a passive cue: "…, është bërë e ditur nga Instituti"
			if s := d.npAfter(ve+1, sentEnd); s.end > ve+1 && (s.ent >= 0 || s.named) {
				spk, boundary, after = s, cs-1, s.end
			}
		}
		if pi, ok := d.openAt[ve]; ok && boundary < 0 && d.pairs[pi].closed && d.titleCase(&d.pairs[pi]) {
			// a name in quotation marks: "…, shkruan “Bota Sot”"
			p := &d.pairs[pi]
			s := d.analyseNP(p.open+1, p.close)
			s.start, s.end, s.named = ve, p.close+1, true
			p.used = true
			spk, boundary, after = s, cs-1, s.end
		}
		if boundary >= 0 {
			// found above
		} else if s := d.npAfter(ve, sentEnd); s.end > ve && (s.ent >= 0 || s.pron || s.named || s.group || !d.r.bare[d.lower[v]]) {
			spk, boundary, after = s, cs-1, s.end
			spk.text, appEnd = d.withApposition(s, sentEnd)
		} else if s := d.invertedAfterQuote(cs, ve, sentEnd); s.end > ve {
			spk, boundary, after = s, cs-1, s.end
			spk.text, appEnd = d.withApposition(s, sentEnd)
		}
	}
	if boundary < 0 && qb >= 0 && d.impersonalCue(cs, ve) {
		// "…”, thuhet në njoftimin e FHK-së": the organisation of the
		// adverbial, else whoever a null subject stands for
		boundary = cs - 1
		spk = noSpeaker
		for k := ve; k < sentEnd && k-ve < 10 && !d.isPunct(k); k++ {
			if ei := d.ix.Ent[k]; ei >= 0 && d.ix.Start[k] && k > ve && d.r.genitive[d.lower[k-1]] && d.a.Doc.Entities[ei].Type == kronika.ORG {
				spk = speaker{ent: int(ei), text: d.text(k, int(d.ix.End[k])), start: k, end: int(d.ix.End[k]), named: true}
				break
			}
		}
	}
	if boundary < 0 {
		s := d.subjectSpan(cs)
		if s.start <= 0 || s.start >= cs {
			return 0, false
		}
		b := s.start - 1
		if !(d.toks[b].Text == "," || d.isClose(b) || d.toks[b].Text == "—") ||
			paragraphBreak(d.a.Runes, d.toks[b].End, d.toks[s.start].Start) || b < d.sentFirst(s.start)-1 {
			return 0, false
		}
		spk, boundary = s, b
	}
	if after > ve {
		after = d.skipParens(after, sentEnd) // "said Rep. G.K. Butterfield (D-N.C.)"
	}
	// nothing but adverbials may follow ("said on Sunday evening", "told
	// reporters", "told a press conference"): no clause, no object
	j := after
	if j < sentEnd && after > ve && !d.r.preps[d.lower[j]] && (d.r.aux[d.lower[j]] && d.ix.Ent[j] < 0 || d.verbAt(j) > 0) {
		return 0, false // "…, said China and Russia have …": the subject of a reported clause
	}
	if j < sentEnd && !d.isPunct(j) {
		w := d.lower[j]
		_, obj := d.r.bareObject[d.lower[v]]
		if !(d.r.preps[w] || d.r.adverbs[w] || d.r.gerund[w] || obj || isCap(d.toks[j].Text) && after == ve) {
			return 0, false
		}
	}
	span := 10
	for j < sentEnd && j-after < span {
		if pi, ok := d.openAt[j]; ok && j > after && (d.r.preps[d.lower[j-1]] || d.r.preps[d.lower[after]]) && d.pairs[pi].closed && d.pairs[pi].words <= 5 {
			// a title after a preposition: "said on “Meet the Press.”"
			d.pairs[pi].used = true
			j = d.pairs[pi].close + 1
			for j < sentEnd && d.toks[j].Text == "." && d.toks[j].End <= d.pairs[pi].span.End+1 {
				j++
			}
			continue
		}
		if d.isPunct(j) {
			break
		}
		if d.r.comps[d.lower[j]] {
			if !d.relativeAt(after, j) {
				return 0, false
			}
			span = j - after + 12 // "…, tha Vuçiqi pas vizitës që i bëri batalionit …"
		}
		if j > after && d.r.preps[d.lower[after]] && d.isClose(boundaryMark(d, boundary+1)) && d.progressiveCue(j) {
			break // "…,” she said at a news conference announcing that …": a cue of its own
		}
		j++
	}
	if j < sentEnd && d.toks[j].Text != "," && d.toks[j].Text != "." && !d.isClose(j) && d.toks[j].Text != "!" && d.toks[j].Text != "?" &&
		!(j > after && d.r.preps[d.lower[after]] && d.progressiveCue(j)) {
		return 0, false
	}
	if spk.ent < 0 && spk.text == "" {
		spk = d.nullSubject(cs)
	}
	cue := d.text(cs, ve)
	if after > ve && boundary == cs-1 {
		cue = d.text(cs, after)
	}
	// the quotation just before: "…”, tha" or "…,” he said"
	b := boundary
	if d.toks[b].Text == "," && b > 0 && d.isClose(b-1) {
		b--
	}
	if qb >= 0 && boundary == cs-1 {
		b = qb
	}
	if pi, ok := d.closeAt[b]; ok {
		if s := d.leadIn(pi); s >= 0 {
			// "With thousands of systems, “there is no single point of
			// failure,” he said": reported speech with a quoted part
			d.emitClause(s, d.pairs[pi].close+1, spk, cue, cs)
		} else {
			d.emitPair(pi, spk, cue, cs)
		}
		d.splitContinuation(max(j, appEnd), spk, cue, cs)
		return max(j, ve, appEnd), true
	}
	if !d.isClose(b) && d.toks[boundary].Text == "," {
		s := d.clauseBegin(boundary)
		runOn := j < sentEnd && d.toks[j].Text == "," && j+1 < sentEnd && !d.isOpen(j+1) && d.verbAt(j+1) == 0
		if boundary-s < 3 && !(runOn && d.r.bare[d.lower[v]] && d.clauseEnd(j+1)-(j+1) >= 4) {
			return 0, false // "Last month, X announced" is no report; "Now, she said, the …" is
		}
		for _, f := range d.found {
			if f.tok >= s && f.tok < boundary {
				return 0, false // "…”, tha Vuçiqi pas vizitës …, raporton X": an attribution, not a report
			}
		}
		// "In cases of abortion, it said, “the woman is a victim.”":
		// reported words running into a quotation are one report
		pi, quoteOn := d.openAt[j+1]
		quoteOn = quoteOn && j < sentEnd && d.toks[j].Text == "," && d.pairs[pi].closed && !d.pairs[pi].used && !d.titleCase(&d.pairs[pi])
		if runOn || quoteOn {
			// "Too often, Mr. Clarke said, the debate …": the report runs
			// on past the attribution
			end := d.clauseEnd(j + 1)
			if quoteOn {
				end = d.pairs[pi].close + 1
			}
			if end-(j+1) >= 3 {
				d.emitClause(s, end, spk, cue, cs)
				return end, true
			}
		}
		d.emitClause(s, boundary, spk, cue, cs)
		d.splitContinuation(max(j, appEnd), spk, cue, cs)
		return max(j, ve, appEnd), true
	}
	return 0, false
}

// leadIn returns the first token of the words of its clause that lead
// into quotation pi when they are more than a word or two and hold no cue
// of their own, or -1.
func (d *doc) leadIn(pi int) int {
	p := d.pairs[pi]
	if !p.closed || p.open <= 0 || d.inPair[p.open] != 0 {
		return -1
	}
	s := d.clauseBegin(p.open)
	if s < d.sentFirst(p.open) || p.open-s < 3 {
		return -1
	}
	words := 0
	for k := s; k < p.open; k++ {
		if d.inPair[k] != 0 || d.isOpen(k) || d.isClose(k) || d.toks[k].Kind == kronika.Word && d.verbAt(k) > 0 {
			return -1
		}
		if d.toks[k].Kind == kronika.Word {
			words++
		}
	}
	if words < 3 {
		return -1
	}
	return s
}

// boundaryMark returns the token before the attribution starting at cs,
// stepping back over a comma: the closing mark of "…,” he said" when there
// is one.
func boundaryMark(d *doc, cs int) int {
	b := cs - 1
	if b > 0 && d.toks[b].Text == "," {
		b--
	}
	return b
}

// skipParens returns the token after a short parenthesis opening at k
// ("(D-N.C.)"), or k.
func (d *doc) skipParens(k, limit int) int {
	if k >= limit || d.toks[k].Text != "(" {
		return k
	}
	for e := k + 1; e < limit && e-k <= 8; e++ {
		if d.toks[e].Text == ")" {
			return e + 1
		}
	}
	return k
}

// invertedAfterQuote returns the subject after a cue that follows a
// closing quotation mark ("…,” said 9/11 widow Terry Strada", "…,” said
// one source on the panel"): there the words up to the next comma, stop or
// parenthesis name the speaker whatever they look like. noSpeaker when the
// cue does not follow a quotation or an adverbial follows it ("…,” said
// in a statement").
func (d *doc) invertedAfterQuote(cs, ve, limit int) speaker {
	b := cs - 1
	if b > 0 && d.toks[b].Text == "," {
		b--
	}
	if !d.isClose(b) || ve >= limit {
		return noSpeaker
	}
	w := d.lower[ve]
	if d.isPunct(ve) || d.r.preps[w] || d.r.adverbs[w] && !d.r.determiners[w] || d.r.comps[w] || d.isOpen(ve) {
		return noSpeaker
	}
	e := ve
	for e < limit && e-ve < 12 && d.inPair[e] == 0 && !d.isOpen(e) {
		t := d.toks[e].Text
		if t == "," || t == "." || t == ";" || t == "(" || t == ":" || t == "!" || t == "?" || t == "—" {
			break
		}
		if d.toks[e].Kind == kronika.Word && d.ix.Ent[e] < 0 && (d.r.comps[d.lower[e]] || d.verbAt(e) > 0) {
			return noSpeaker // a clause follows, not a name
		}
		e++
	}
	if e == ve || e-ve >= 12 {
		return noSpeaker
	}
	for e > ve && d.r.preps[d.lower[e-1]] {
		e--
	}
	spk := d.analyseNP(ve, e)
	spk.named = true
	return spk
}

// splitContinuation takes the second half of a split quotation: "“…,” he
// said, “…”".
func (d *doc) splitContinuation(j int, spk speaker, cue string, at int) {
	if j < len(d.toks) && d.toks[j].Text == "," && j+1 < len(d.toks) {
		if pi, ok := d.openAt[j+1]; ok && !d.pairs[pi].used {
			d.emitPair(pi, spk, cue, at)
		}
	}
}

func (d *doc) isClose(k int) bool {
	if k < 0 || k >= len(d.toks) {
		return false
	}
	_, ok := d.closeAt[k]
	return ok
}

// clauseBegin returns the first token of the clause that ends before the
// comma at token b: the sentence start, or after a colon or a quote
// already taken.
func (d *doc) clauseBegin(b int) int {
	s := d.afterDateline(d.sentFirst(b), b)
	for k := b - 1; k >= s; k-- {
		if d.toks[k].Text == ":" && d.inPair[k] == 0 {
			return k + 1
		}
		if t := d.toks[k].Text; (t == "." || t == "!" || t == "?") && d.inPair[k] == 0 && k+1 < b &&
			d.toks[k+1].Start == d.toks[k].End && isCap(d.toks[k+1].Text) && d.toks[k+1].Kind == kronika.Word {
			return k + 1 // a sentence glued to the one before: "… është 432.Sa i përket …"
		}
	}
	for _, f := range d.found {
		if f.span.End <= d.toks[b].Start && f.span.End > d.toks[s].Start {
			for s < b && d.toks[s].Start < f.span.End {
				s++
			}
		}
	}
	for s < b && d.isPunct(s) {
		s++
	}
	return s
}

// according handles "sipas X" / "according to X" at token i (n tokens).
func (d *doc) according(i, n int) int {
	sentEnd := d.sentLast(i)
	j := i + n
	e := j
	lim := 8
	if d.r.accordingAny {
		lim = 16 // "according to a New York Times/CBS News poll released last week"
	}
	for e < sentEnd && e-j < lim && !d.isPunct(e) {
		e++
		if p := d.skipParens(e, sentEnd); p > e {
			e = p // "according to the organizer Alliance to Reclaim Our Schools (AROS)"
		}
	}
	if e == j {
		return j
	}
	if e < sentEnd && d.toks[e].Text != "," || e-j >= lim {
		// no comma closes the source: it is the noun phrase after
		// "sipas" and what follows is reported ("Sipas prokurorit akuzat
		// janë ngritur"), unless "…, sipas X." ends the sentence
		ends := e >= sentEnd || d.toks[e].Text == "." || d.toks[e].Text == "!" || d.toks[e].Text == "?"
		if ne := d.npChain(j, e); ne < e && !(ends && i > d.sentFirst(i) && d.toks[i-1].Text == ",") {
			spk := d.analyseNP(j, ne)
			if !d.r.accordingAny && spk.ent < 0 && !spk.pron && !spk.named && !spk.group && !d.hasSource(j, ne) && !d.personNP(j, ne) {
				return j
			}
			spk.text = d.text(j, ne)
			end := d.clauseEnd(ne)
			if end-ne < 3 {
				return j
			}
			d.emitClause(ne, end, spk, d.text(i, ne), i)
			return end
		}
	}
	spk := d.analyseNP(j, e)
	if !d.r.accordingAny && spk.ent < 0 && !spk.pron && !spk.named && !spk.group && !d.hasSource(j, e) {
		return j // "sipas informatave të para" names no source
	}
	spk.text = d.text(j, e)
	cue := d.text(i, e)
	if e < sentEnd && d.toks[e].Text == "," {
		// "Sipas tij, …" or "…, according to X, …"; a short phrase before
		// is a topic, not the report: "Sa i përket të infektuarve, sipas
		// raportit …, 163 kanë rezultuar pozitivë"
		if d.r.accordingAround && i > d.sentFirst(i) && d.toks[i-1].Text == "," {
			// "Fundraising, according to the campaign, has surged": the
			// sentence around the attribution is reported
			s := d.clauseBegin(i - 1)
			end := d.clauseEnd(e + 1)
			d.emitClause(s, end, spk, cue, i)
			return end
		}
		if i > d.sentFirst(i) && d.toks[i-1].Text == "," && !(i-1-d.clauseBegin(i-1) <= 6 && d.clauseEnd(e+1)-(e+1) >= 6) {
			s := d.clauseBegin(i - 1)
			d.emitClause(s, i-1, spk, cue, i)
			return e + 1
		}
		end := d.clauseEnd(e + 1)
		d.emitClause(e+1, end, spk, cue, i)
		return end
	}
	if i > d.sentFirst(i) && d.toks[i-1].Text == "," {
		s := d.clauseBegin(i - 1)
		d.emitClause(s, i-1, spk, cue, i)
		return e
	}
	if e < sentEnd && i == d.sentFirst(i) {
		end := d.clauseEnd(e)
		d.emitClause(e, end, spk, cue, i)
		return end
	}
	return e
}

// personNP reports whether tokens [s, e) hold a title or a noun that
// describes a person ("prokurorit", "mjekut"): a source even unnamed.
func (d *doc) personNP(s, e int) bool {
	for k := s; k < e; k++ {
		if _, ok := d.r.titles.HeadAt(d.lower, k); ok || d.r.personNouns[d.lower[k]] {
			return true
		}
	}
	return false
}

// npChain returns the token after the noun phrase opening at j, at most
// up to limit: a pronoun, or a name or noun with its genitive complements
// ("raportit të Ministrisë së Shëndetësisë", "profesorit Matteo Bassetti").
func (d *doc) npChain(j, limit int) int {
	if j >= limit {
		return j
	}
	if d.isPronoun(j) {
		return j + 1
	}
	k := j
	if d.r.demonstr[d.lower[k]] && k+1 < limit {
		k++ // "këtyre rezultateve"
	}
	next := func(k int) int {
		if d.ix.Start[k] {
			return min(int(d.ix.End[k]), limit)
		}
		return k + 1
	}
	k = next(k)
	if k < limit && d.ix.Start[k] && d.a.Doc.Entities[d.ix.Ent[k]].Type == kronika.PER && !d.ix.Start[j] {
		k = next(k) // a title and its holder
	}
	for k+1 < limit && d.r.genitive[d.lower[k]] && d.toks[k+1].Kind == kronika.Word {
		k = next(k + 1)
	}
	return k
}

// statementCue handles "deklaratës së kryeministrit … Avdullah Hoti, se …":
// a statement noun, its author in the genitive, then the reported clause.
func (d *doc) statementCue(c int) {
	first := d.sentFirst(c)
	for k := c - 2; k >= first && c-k <= 12; k-- {
		if d.isPunct(k) {
			return
		}
		if !d.r.statements[d.lower[k]] {
			continue
		}
		spk := d.analyseNP(k+1, c-1)
		if spk.ent < 0 || d.a.Doc.Entities[spk.ent].Type != kronika.PER {
			return
		}
		end := d.clauseEnd(c + 1)
		n := len(d.found)
		d.emitClause(c+1, end, spk, d.text(k, c+1), k)
		if len(d.found) > n {
			d.found[n].statement = true
		}
		return
	}
}

// leftovers gives the quotations no cue took to a speaker: a long one to
// the previous quote's speaker (a split or continued quotation), a short
// one to the speaker of its sentence.
func (d *doc) leftovers() {
	for pi := range d.pairs {
		p := &d.pairs[pi]
		if p.used || d.coveredByFound(p.span) {
			continue
		}
		if d.titleCase(p) {
			continue // “Morning Joe”, “State of the Union.”: a name, not speech
		}
		if p.words <= 4 && !d.hasStop(p) {
			spk, cue, ok := d.sentenceSpeaker(p.open)
			if ok {
				d.emitPair(pi, spk, cue, p.open)
			}
			continue
		}
		if spk, cue, ok := d.dashSource(p); ok {
			d.emitPair(pi, spk, cue, p.open)
			continue
		}
		if spk, span, ok := d.speakerLabel(p); ok {
			p.used = true
			d.add(found{kind: kronika.Direct, span: span, speaker: spk.ent, speakerText: spk.text, cue: ":", tok: p.open})
			continue
		}
		if dq := d.previousDirect(p.span.Start); dq != nil && d.continues(dq, p) {
			// what the attribution's own clauses report ("…,” Trump said,
			// mocking concerns about …. “…”) stays a quote of its own
			dq.span.End = p.span.End
			p.used = true
			continue
		}
		prev := d.previousQuote(p.span.Start)
		spk := speaker{ent: -1}
		cue := ""
		if prev != nil && int(d.sentOf[p.open])-int(d.sentOf[prev.tok]) <= 4 {
			spk = speaker{ent: prev.speaker, text: prev.speakerText}
			cue = prev.cue
		}
		d.emitPair(pi, spk, cue, p.open)
	}
}

// continues reports whether quotation p goes on with the quote prev after
// its attribution closed a sentence, "“…,” she said. “…”", which the
// pack's convention counts as one quote (PolNeAR's for English). A new
// paragraph, or a comma ("“…,” he said, “…”"), keeps two quotes.
func (d *doc) continues(prev *found, p *pair) bool {
	if !d.r.joinContinued || !d.quoted(prev) || prev.span.End > p.span.Start ||
		p.open == 0 || d.toks[p.open-1].Text == "," ||
		paragraphBreak(d.a.Runes, prev.span.End, p.span.Start) {
		return false
	}
	for k := p.open - 1; k >= 0 && d.toks[k].End > prev.span.End; k-- {
		if d.toks[k].Kind == kronika.Word {
			return true // the attribution stands between them
		}
	}
	return false
}

// dashSource finds the source signed after a quotation with a dash, the
// way quoted reactions are listed: "“…” ― Julie Diaz".
func (d *doc) dashSource(p *pair) (speaker, string, bool) {
	k := p.close + 1
	if !p.closed || k+1 >= len(d.toks) {
		return noSpeaker, "", false
	}
	switch d.toks[k].Text {
	case "―", "—", "–":
	default:
		return noSpeaker, "", false
	}
	e := k + 1
	for e < len(d.toks) && e-k <= 6 && d.toks[e].Kind == kronika.Word && isCap(d.toks[e].Text) && !d.isOpen(e) &&
		!paragraphBreak(d.a.Runes, d.toks[e-1].End, d.toks[e].Start) {
		e++
	}
	if e == k+1 || e-k > 6 {
		return noSpeaker, "", false
	}
	spk := d.analyseNP(k+1, e)
	return spk, d.toks[k].Text, true
}

// speakerLabel finds a transcript's speaker label at the start of a
// quotation ("“PENCE: Well, look …”"): a word in capitals and a colon. The
// quote is what follows the label.
func (d *doc) speakerLabel(p *pair) (speaker, kronika.Span, bool) {
	k := p.open + 1
	if k+2 >= p.close || d.toks[k+1].Text != ":" || d.toks[k].Kind != kronika.Word {
		return noSpeaker, p.span, false
	}
	w := d.toks[k].Text
	if len([]rune(w)) < 2 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
		return noSpeaker, p.span, false
	}
	spk := d.analyseNP(k, k+1)
	if spk.ent < 0 {
		// the label is a surname in capitals: the person of that name
		for ei, e := range d.a.Doc.Entities {
			if e.Type != kronika.PER {
				continue
			}
			if f := strings.Fields(e.Name); len(f) > 0 && strings.EqualFold(f[len(f)-1], w) {
				spk.ent = ei
				break
			}
		}
	}
	span := kronika.Span{Start: d.toks[k+2].Start, End: p.span.End}
	if span.End <= span.Start {
		return noSpeaker, p.span, false
	}
	return spk, span, true
}

// titleCase reports whether a short quotation capitalises all its words
// of more than three letters, the way names of works are written.
func (d *doc) titleCase(p *pair) bool {
	if p.words > 6 || p.words == 0 || p.open > 0 && d.headline(p.open-1) {
		return false // in a headline every quotation is capitalised
	}
	long, caps := 0, 0
	for k := p.open + 1; k < p.close; k++ {
		t := d.toks[k]
		if t.Kind == kronika.Word && isCap(t.Text) {
			caps++
		}
		if t.Kind != kronika.Word || len([]rune(t.Text)) <= 3 {
			continue
		}
		long++
		if !isCap(t.Text) {
			return false
		}
	}
	// “Ora News”: short words capitalised too
	return long >= 2 || long == p.words || p.words >= 2 && caps == p.words
}

func (d *doc) coveredByFound(s kronika.Span) bool {
	for _, f := range d.found {
		if f.span.Overlaps(s) {
			return true
		}
	}
	return false
}

// hasStop reports whether a quotation holds a full stop or several
// clauses: then it is speech, not a scare quote.
func (d *doc) hasStop(p *pair) bool {
	for k := p.open + 1; k < p.close; k++ {
		switch d.toks[k].Text {
		case ".", "!", "?", "…":
			return true
		}
	}
	return false
}

func (d *doc) previousQuote(pos int) *found {
	var best *found
	for i := range d.found {
		f := &d.found[i]
		if f.span.End <= pos && (best == nil || f.span.End > best.span.End) {
			best = f
		}
	}
	return best
}

// isRelative reports whether token k is a one-word relative pronoun of
// the pack ("who").
func (d *doc) isRelative(k int) bool {
	return d.r.relWord[d.lower[k]] && d.ix.Ent[k] < 0
}

// quoted reports whether quote f is a quotation or a report that ends
// with one ("The summit accomplished “too little,”").
func (d *doc) quoted(f *found) bool {
	if f.kind == kronika.Direct {
		return true
	}
	if f.span.End <= f.span.Start {
		return false
	}
	fam, dir := markInfo(d.a.Runes[f.span.End-1])
	return fam != 0 && dir != 1
}

// previousDirect returns the last quote that ends by pos with a
// quotation, or nil.
func (d *doc) previousDirect(pos int) *found {
	var best *found
	for i := range d.found {
		f := &d.found[i]
		if d.quoted(f) && f.span.End <= pos && (best == nil || f.span.End > best.span.End) {
			best = f
		}
	}
	return best
}

// sentenceSpeaker finds who speaks in the sentence of token k: a quote
// found in it, or the subject of a naming verb ("Putin e quan luftën").
func (d *doc) sentenceSpeaker(k int) (speaker, string, bool) {
	si := d.sentOf[k]
	for _, f := range d.found {
		if f.tok < len(d.toks) && d.sentOf[f.tok] == si && (f.speaker >= 0 || f.speakerText != "") {
			return speaker{ent: f.speaker, text: f.speakerText}, f.cue, true
		}
	}
	first, last := d.sentFirst(k), d.sentLast(k)
	for j := first; j < last; j++ {
		if d.inPair[j] != 0 || !d.r.naming[d.lower[j]] && !(d.r.verbs[d.lower[j]] && d.verbAt(j) > 0) {
			continue
		}
		cs := d.cueStart(j)
		spk := d.subjectBefore(cs, j)
		if spk.ent < 0 && spk.text == "" {
			spk = d.sentenceSubject(first, cs)
		}
		if spk.ent >= 0 || spk.text != "" {
			return spk, d.text(cs, j+1), true
		}
	}
	return speaker{}, "", false
}

// text returns the text of tokens [s, e).
func (d *doc) text(s, e int) string {
	if s >= e || s < 0 || e > len(d.toks) {
		return ""
	}
	return d.a.Slice(d.toks[s].Start, d.toks[e-1].End)
}

// hasSource reports whether tokens [s, e) hold a source noun of the pack
// ("a poll", "court records").
func (d *doc) hasSource(s, e int) bool {
	for k := s; k < e; k++ {
		if d.r.sources[d.lower[k]] {
			return true
		}
	}
	return false
}

// withApposition returns the text of an inverted subject, and the token
// after it, with what
// follows it up to its sentence's end and names it: a party and state in
// parentheses, a place ("said Representative Charles B. Rangel of New
// York") and appositions ("said Tim Hess, a real estate developer in
// Virginia, who introduced …"), the way annotators mark a source.
func (d *doc) withApposition(s speaker, limit int) (string, int) {
	if s.pron || s.end >= limit {
		return s.text, s.end
	}
	end := d.skipParens(s.end, limit)
	if k := end; k+1 < limit && d.r.preps[d.lower[k]] && d.ix.Ent[k] < 0 {
		e := k + 1
		if d.r.determiners[d.lower[e]] {
			e++
		}
		for e < limit && d.ix.Ent[e] >= 0 && !d.ix.Misc[e] && (e == k+1 || !d.ix.Start[e] || d.ix.Ent[e] == d.ix.Ent[e-1]) {
			e++
		}
		if e > k+1 && d.ix.Ent[e-1] >= 0 && (e == limit || d.isPunct(e) && !d.isOpen(e)) {
			end = d.skipParens(e, limit)
		}
	}
	for seg := 0; seg < 3 && end+1 < limit && d.toks[end].Text == ","; seg++ {
		e := end + 1
		for e < limit && e-end <= 40 && !d.isPunct(e) && d.inPair[e] == 0 {
			e++
		}
		if e-end > 40 || e < limit && d.toks[e].Text != "," && d.toks[e].Text != "." || !d.appositionAt(end+1, e) {
			break
		}
		end = e
	}
	if end <= s.end {
		return s.text, s.end
	}
	if end+1 < limit && d.toks[end].Text == "," {
		// the rest of the sentence goes on describing the source ("…, who
		// helmed the DNC from 1995 to 1997, during Bill Clinton’s
		// presidency, and has backed …"), as annotators mark it, unless it
		// reports or quotes something of its own
		last := limit
		for last > end && d.isPunct(last-1) {
			last--
		}
		k := end + 1
		for ; k < last; k++ {
			if d.inPair[k] != 0 || d.isOpen(k) || d.toks[k-1].Text == "," && (d.verbAt(k) > 0 || d.progressiveCue(k)) {
				break
			}
		}
		if k == last && last > end+1 {
			end = last
		}
	}
	return d.a.Slice(d.toks[s.start].Start, d.toks[end-1].End), end
}
