// Package entity recognises named entities (PER, ORG, LOC, MISC) and links
// their mentions to one canonical name per referent.
//
// Recognition depends on what the language pack (lang/<code>/entities.json)
// asks for: "tagger" runs the statistical tagger of package tagger; "rules"
// finds names from capitalisation, the lexicon of common words, the
// knowledge base and context words (titles, organisation heads,
// prepositions), which is what a language without an annotated corpus
// (Albanian) has. Either way every mention is then linked: a known entity
// gives its canonical English name and knowledge-base id; an unknown one is
// named by the base form of its fullest mention, and shorter mentions (a
// surname, an inflected form) join the entity they refer to.
package entity

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
)

// Known is an entity of the knowledge base.
type Known struct {
	ID   string // stable across documents
	Name string // canonical English name
	Type string // PER, ORG, LOC or MISC
	// MentionType is the type of the mention when it differs from the
	// entity's: MISC for a nationality word ("Russian") naming a country.
	MentionType string
	// Weak is set when the name matched only by a form foreign to the
	// text's language (a GeoNames town's English name): such a match
	// gives way when the word is an ordinary word of the language ("Uji",
	// the water, is also a town in Japan).
	Weak bool
}

// Linker resolves names to known entities.
type Linker interface {
	// Link returns the known entity that a surface form, possibly
	// inflected, names in a language.
	Link(surface, lang string) (Known, bool)
	// Base returns the base form (nominative, indefinite) of a name.
	Base(surface, lang string) string
}

// Tagger finds entities in tokenised sentences; Type is PER, ORG, LOC or
// MISC and Start/End index the sentence's tokens.
type Tagger interface {
	TagDoc(sentences [][]string) [][]TagSpan
}

// TagSpan is one entity found by a Tagger.
type TagSpan struct {
	Start, End int
	Type       string
}

// Extractor is the entity stage of the pipeline. It is safe for concurrent
// use.
type Extractor struct {
	linker  Linker
	taggers map[string]func() (Tagger, error) // by language
}

// Option configures an Extractor.
type Option func(*Extractor)

// WithTagger sets the statistical tagger used for a language whose pack
// asks for one. load is called once, on first use.
func WithTagger(lang string, load func() (Tagger, error)) Option {
	return func(x *Extractor) { x.taggers[lang] = sync.OnceValues(load) }
}

// New returns an entity extractor that links through linker (nil: nothing
// is known, every entity is named by its base form).
func New(linker Linker, opts ...Option) (*Extractor, error) {
	x := &Extractor{linker: linker, taggers: map[string]func() (Tagger, error){}}
	if x.linker == nil {
		x.linker = noLinker{}
	}
	for _, o := range opts {
		o(x)
	}
	return x, nil
}

// memo remembers a linker's answers for one document.
type memo struct {
	Linker
	known map[string]memoEntry
}

type memoEntry struct {
	k  Known
	ok bool
}

func (m *memo) Link(surface, lang string) (Known, bool) {
	if e, ok := m.known[surface]; ok {
		return e.k, e.ok
	}
	k, ok := m.Linker.Link(surface, lang)
	m.known[surface] = memoEntry{k, ok}
	return k, ok
}

type noLinker struct{}

func (noLinker) Link(string, string) (Known, bool) { return Known{}, false }
func (noLinker) Base(s, _ string) string           { return s }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "entities" }

// rules is the entity data of one language pack.
type rules struct {
	Recognizer   string   `json:"recognizer"`
	Connectors   []string `json:"connectors"`
	OrgHeads     []string `json:"org_heads"`
	PersonTitles []string `json:"person_titles"`
	LocPreps     []string `json:"locative_prepositions"`
	LocContext   []string `json:"loc_context"`
	Coordinators []string `json:"coordinators"`
	OrgConnect   []string `json:"org_connectors"`
	Possessives  []string `json:"possessive_suffixes"`
	Joiners      []string `json:"joiners"`
	Nominative   []ending `json:"nominative"`
	Agreement    []struct {
		After   string `json:"after"`
		Article string `json:"article"`
	} `json:"article_agreement"`
	// How a word is matched to a lemma of common_lemmas.txt: up to
	// LemmaMaxStrip letters are cut off its end, leaving a stem of at
	// least LemmaMinStem letters, and the stem plus one of LemmaEndings
	// is looked up.
	LemmaEndings  []string `json:"lemma_endings"`
	LemmaMaxStrip int      `json:"lemma_max_strip"`
	LemmaMinStem  int      `json:"lemma_min_stem"`

	// Word sets, lower case.
	connector, orgConnector, coord map[string]bool
	orgHead, title                 map[string]bool
	locPrep, locContext            map[string]bool
	common, lemmas, joiner         map[string]bool

	firstNames map[string]bool // given names as written; the file's gender column is not used
}

// ending is a rule that turns an inflected name into its nominative.
type ending struct {
	Suffix  string `json:"suffix"`
	Replace string `json:"replace"`
	Strong  bool   `json:"strong"` // applies even when the result is not seen in the document
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[strings.ToLower(w)] = true
	}
	return m
}

// packs holds each language's entity rules, compiled once.
var packs = lang.NewCache(func(_ string, p *lang.Pack) (*rules, error) {
	if !p.Has("entities.json") {
		return nil, nil
	}
	r := &rules{}
	if err := p.JSON("entities.json", r); err != nil {
		return nil, err
	}
	r.connector, r.orgHead, r.title, r.locPrep = set(r.Connectors), set(r.OrgHeads), set(r.PersonTitles), set(r.LocPreps)
	r.orgConnector, r.locContext, r.coord = set(r.OrgConnect), set(r.LocContext), set(r.Coordinators)
	r.joiner = set(r.Joiners)
	common, err := p.Lines("common_words.txt")
	if err != nil {
		return nil, err
	}
	r.common = set(common)
	lemmas, err := p.Lines("common_lemmas.txt")
	if err != nil {
		return nil, err
	}
	r.lemmas = set(lemmas)
	names, err := p.Lines("first_names.txt")
	if err != nil {
		return nil, err
	}
	r.firstNames = make(map[string]bool, len(names))
	for _, l := range names {
		n, _, _ := strings.Cut(l, "\t")
		r.firstNames[n] = true
	}
	return r, nil
})

// mention is a recognised name before entities are formed.
type mention struct {
	start, end int    // code points
	typ        string // the mention's own type
	known      Known  // set when linked
	linked     bool
	base       string // base form, for unknown names
	tokens     int    // number of tokens, to pick the fullest mention
}

// Extract implements kronika.Extractor.
func (x *Extractor) Extract(ctx context.Context, a *kronika.Analysis) error {
	r, err := packs.Get(a.Doc.Lang)
	if err != nil || r == nil {
		return err
	}
	// The rules ask about the same names many times (every sub-span of a
	// run, every repetition): remember the answers for this document.
	y := *x
	y.linker = &memo{Linker: x.linker, known: map[string]memoEntry{}}
	x = &y
	var ms []mention
	switch r.Recognizer {
	case "tagger":
		load := x.taggers[a.Doc.Lang]
		if load == nil {
			return nil
		}
		t, err := load()
		if err != nil {
			return fmt.Errorf("entities: %s tagger: %w", a.Doc.Lang, err)
		}
		ms = x.tagged(a, r, t)
	case "rules":
		ms = x.byRules(a, r)
	default:
		return fmt.Errorf("entities: language pack %s: unknown recognizer %q", a.Doc.Lang, r.Recognizer)
	}
	a.Doc.Entities = group(a, ms)
	return nil
}

// piece is a token as the tagger sees it.
type piece struct {
	start, end int
	word       bool // a word or number, not punctuation
}

// tagged runs a statistical tagger over the sentences and links what it
// finds.
func (x *Extractor) tagged(a *kronika.Analysis, r *rules, t Tagger) []mention {
	sents := make([][]string, 0, len(a.Sentences))
	spans := make([][]piece, 0, len(a.Sentences))
	for _, s := range a.Sentences {
		words := make([]string, 0, s.Last-s.First+2)
		ps := make([]piece, 0, s.Last-s.First+2)
		for _, tok := range a.Tokens[s.First:s.Last] {
			// The tagger learnt from text where a possessive is a token of
			// its own ("Kosovo 's"): split it off the same way.
			if suf := possessive(tok.Text, r.Possessives); suf > 0 {
				cut := tok.End - suf
				words = append(words, string(a.Runes[tok.Start:cut]), string(a.Runes[cut:tok.End]))
				ps = append(ps, piece{tok.Start, cut, true}, piece{cut, tok.End, false})
				continue
			}
			words = append(words, tok.Text)
			ps = append(ps, piece{tok.Start, tok.End, tok.Kind == kronika.Word || tok.Kind == kronika.Number})
		}
		sents = append(sents, words)
		spans = append(spans, ps)
	}
	var ms []mention
	tabular := isTabular(a)
	tagged := t.TagDoc(sents)
	for si, labels := range tagged {
		tagged[si] = x.mergeKnown(a, r, spans[si], labels)
	}
	for si, labels := range tagged {
		for _, l := range labels {
			if l.Start < 0 || l.End > len(spans[si]) {
				continue
			}
			// Quotation marks and other punctuation at the edges of a
			// span are not part of the name.
			for l.Start < l.End && !spans[si][l.Start].word {
				l.Start++
			}
			for l.End > l.Start && !spans[si][l.End-1].word {
				l.End--
			}
			if l.Start >= l.End {
				continue
			}
			m := mention{start: spans[si][l.Start].start, end: spans[si][l.End-1].end, typ: l.Type, tokens: l.End - l.Start}
			x.link(a, &m)
			if m.linked {
				m.typ = retype(m.typ, m.known, tabular)
			}
			ms = append(ms, m)
		}
	}
	return x.backfill(a, spans, tagged, ms)
}

// backfill adds what the tagger left untagged but the knowledge base knows
// for certain: a capitalised word inside a sentence that names a known
// place ("Pyongyang"), and an acronym that names a known organisation
// ("WHO", "AP").
func (x *Extractor) backfill(a *kronika.Analysis, spans [][]piece, tagged [][]TagSpan, ms []mention) []mention {
	added := false
	for si, ps := range spans {
		covered := make([]bool, len(ps))
		for _, l := range tagged[si] {
			for k := max(l.Start, 0); k < l.End && k < len(ps); k++ {
				covered[k] = true
			}
		}
		for k, p := range ps {
			if covered[k] || !p.word || k == 0 && !isAcronym(string(a.Runes[p.start:p.end])) {
				continue
			}
			w := string(a.Runes[p.start:p.end])
			first, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(first) {
				continue
			}
			kn, ok := x.linker.Link(w, a.Doc.Lang)
			if !ok || kn.Weak || kn.MentionType != "" {
				continue
			}
			if kn.Type == kronika.LOC && !isAcronym(w) || kn.Type == kronika.ORG && isAcronym(w) {
				ms = append(ms, mention{start: p.start, end: p.end, typ: kn.Type, known: kn, linked: true, tokens: 1})
				added = true
			}
		}
	}
	if added {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	}
	return ms
}

// retype settles the type of a tagged mention of a known entity. A
// nationality word is MISC ("Kosovar"); a known place or organisation is
// not a person. The tagger's ORG for a known place is kept only in
// tabular text (results, standings), where cities name teams ("CHICAGO 5
// Houston 3"), which CoNLL-2003 types ORG.
func retype(tagged string, k Known, tabular bool) string {
	switch {
	case k.MentionType != "":
		return k.MentionType
	case tagged == kronika.PER && k.Type != kronika.PER:
		return k.Type
	case tagged == kronika.MISC && k.Type == kronika.LOC:
		return k.Type
	case tagged == kronika.LOC && k.Type == kronika.ORG, tagged == kronika.MISC && k.Type == kronika.ORG:
		return k.Type // "African Union", "Serbian Progressive Party"
	case tagged == kronika.ORG && k.Type == kronika.LOC && !tabular:
		return k.Type
	}
	return tagged
}

// isTabular reports whether a document is mostly figures, as sports
// results and market tables are: there a place name is usually a team.
func isTabular(a *kronika.Analysis) bool {
	nums := 0
	for _, t := range a.Tokens {
		if t.Kind == kronika.Number {
			nums++
		}
	}
	return nums*100 > len(a.Tokens)*3
}

// mergeKnown joins labels that the tagger split but that together form a
// known name ("North" + "Korean", "Latin" + "America").
func (x *Extractor) mergeKnown(a *kronika.Analysis, r *rules, ps []piece, ls []TagSpan) []TagSpan {
	out := ls[:0:0]
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		for i+1 < len(ls) && ls[i+1].Start-l.End <= 3 && l.End <= len(ps) && ls[i+1].End <= len(ps) {
			// Only joining words and capitalised words may stand between:
			// "Democratic" [Republic of] "Congo".
			gapOK := true
			for k := l.End; k < ls[i+1].Start; k++ {
				w := string(a.Runes[ps[k].start:ps[k].end])
				first, _ := utf8.DecodeRuneInString(w)
				if !ps[k].word || !r.joiner[strings.ToLower(w)] && !unicode.IsUpper(first) {
					gapOK = false
					break
				}
			}
			if !gapOK {
				break
			}
			surface := string(a.Runes[ps[l.Start].start:ps[ls[i+1].End-1].end])
			if _, ok := x.linker.Link(surface, a.Doc.Lang); !ok {
				break
			}
			l.End = ls[i+1].End
			i++
		}
		out = append(out, l)
	}
	return out
}

// possessive returns the length in code points of a possessive ending of
// word ("'s" of "Kosovo's"), or 0.
func possessive(word string, suffixes []string) int {
	for _, s := range suffixes {
		if len(word) > len(s) && strings.HasSuffix(word, s) && !strings.HasSuffix(word, "'"+s) {
			if s == "'" || s == "’" {
				// A bare apostrophe is possessive only after an s ("Reuters'").
				if !strings.HasSuffix(word[:len(word)-len(s)], "s") {
					continue
				}
			}
			return len([]rune(s))
		}
	}
	return 0
}

func (x *Extractor) link(a *kronika.Analysis, m *mention) {
	surface := string(a.Runes[m.start:m.end])
	if k, ok := x.linker.Link(surface, a.Doc.Lang); ok {
		m.known, m.linked = k, true
		return
	}
	m.base = x.linker.Base(surface, a.Doc.Lang)
}

// isCap reports whether a token starts with a capital letter.
func isCap(t kronika.Token) bool {
	if t.Kind != kronika.Word {
		return false
	}
	for _, c := range t.Text {
		return unicode.IsUpper(c)
	}
	return false
}

// isAcronym reports whether a token is an acronym, possibly with an
// inflectional ending after a hyphen (LDK, NATO-s).
func isAcronym(t string) bool {
	head, _, _ := strings.Cut(t, "-")
	n := 0
	for _, c := range head {
		if !unicode.IsUpper(c) {
			return false
		}
		n++
	}
	return n >= 2
}

// adjacent reports whether only spaces (no line break, no punctuation)
// separate tokens i and i+1.
func adjacent(a *kronika.Analysis, i int) bool {
	for _, c := range a.Runes[a.Tokens[i].End:a.Tokens[i+1].Start] {
		if c != ' ' && c != '\u00a0' {
			return false
		}
	}
	return true
}

// byRules finds names in a language without a tagger.
func (x *Extractor) byRules(a *kronika.Analysis, r *rules) []mention {
	var ms []mention
	toks := a.Tokens
	words := docWords(a)
	for _, s := range a.Sentences {
		for i := s.First; i < s.Last; i++ {
			if !isCap(toks[i]) {
				continue
			}
			j := i
			for j+1 < s.Last && isCap(toks[j+1]) && adjacent(a, j) {
				j++
			}
			// Extend over linking words: "Koresë së Veriut" (a known
			// name), "Ministria e Punëve të Jashtme", "Shërbimi Spitalor
			// dhe Klinik Universitar të Kosovës" (an organisation head).
			org := r.orgHead[strings.ToLower(toks[i].Text)]
			for j+2 < s.Last && isCap(toks[j+2]) && adjacent(a, j) && adjacent(a, j+1) {
				w := strings.ToLower(toks[j+1].Text)
				if !(r.connector[w] || org && r.orgConnector[w]) {
					break
				}
				if r.firstNames[toks[j+2].Text] && r.coord[w] {
					break // "Komunën e Mitrovicës dhe Agim Bahtirin": a second party
				}
				k := j + 2
				for k+1 < s.Last && isCap(toks[k+1]) && adjacent(a, k) {
					k++
				}
				if !org {
					if _, ok := x.linker.Link(string(a.Runes[toks[i].Start:toks[k].End]), a.Doc.Lang); !ok {
						break
					}
				}
				j = k
			}
			ms = append(ms, x.splitRun(a, r, words, ms, s.First, i, j+1)...)
			i = j
		}
	}
	return ms
}

// docInfo is what the rules need to know about the whole document.
type docInfo struct {
	words  map[string]bool // every word, to check a guessed base form
	capMid map[string]bool // words written capitalised inside a sentence
}

func docWords(a *kronika.Analysis) docInfo {
	d := docInfo{words: make(map[string]bool, len(a.Tokens)/2), capMid: map[string]bool{}}
	for _, s := range a.Sentences {
		for i := s.First; i < s.Last; i++ {
			t := a.Tokens[i]
			if t.Kind != kronika.Word {
				continue
			}
			d.words[t.Text] = true
			if i > s.First && isCap(t) && !opensClause(a, i) {
				d.capMid[t.Text] = true
			}
		}
	}
	return d
}

// opensClause reports whether token i starts a sentence-like unit: the
// sentence itself, or a quotation inside it.
func opensClause(a *kronika.Analysis, i int) bool {
	if i == 0 {
		return true
	}
	p := a.Tokens[i-1]
	if p.Kind != kronika.Punct {
		return false
	}
	switch p.Text {
	case "“", "„", "«", "\"", "‘", "'", "‚", "‹", "—", "–", "-", ":", "(":
		return true
	}
	return false
}

// commonNoun reports whether a capitalised word opening a clause is a form
// of a common noun or adjective and is never written capitalised inside a
// sentence of the document ("Thellimi i bashkëpunimit…").
func (r *rules) commonNoun(w string, d docInfo) bool {
	return !d.capMid[w] && r.formOfLemma(w)
}

// allWords reports whether the tokens [i, j) are all ordinary words of the
// language, as the words of a programme's or a law's name are and a
// person's surname is not ("Qëndron Kastrati").
func (r *rules) allWords(a *kronika.Analysis, i, j int) bool {
	for k := i; k < j; k++ {
		w := a.Tokens[k].Text
		if !r.common[strings.ToLower(w)] && !r.formOfLemma(w) {
			return false
		}
	}
	return true
}

// formOfLemma reports whether a word is a form of a common noun or
// adjective of the lexicon.
func (r *rules) formOfLemma(w string) bool {
	if len(r.lemmas) == 0 {
		return false
	}
	rs := []rune(strings.ToLower(w))
	for k := 0; k <= r.LemmaMaxStrip && len(rs)-k >= r.LemmaMinStem; k++ {
		stem := string(rs[:len(rs)-k])
		for _, e := range r.LemmaEndings {
			if r.lemmas[stem+e] {
				return true
			}
		}
	}
	return false
}

// splitRun turns a run of capitalised tokens [i, j) into mentions: the
// whole run when it is a known name or an organisation's name, else known
// names inside it and the unknown rest, with common words, titles and
// descriptive genitives left out.
func (x *Extractor) splitRun(a *kronika.Analysis, r *rules, d docInfo, prev []mention, first, i, j int) []mention {
	toks := a.Tokens
	// The longest known name starting at each token of the run, looked up
	// once: finding where an unknown name ends asks about every token
	// after it, and the name found there starts the next mention.
	type knownAt struct {
		end  int
		k    Known
		done bool
	}
	at := make([]knownAt, j-i)
	from := i
	longest := func(s int) (int, Known) {
		f := &at[s-from]
		if !f.done {
			f.end, f.k = x.longestKnown(a, s, j)
			f.done = true
		}
		return f.end, f.k
	}
	startsKnown := func(s int) bool {
		end, _ := longest(s)
		return end > 0
	}
	var ms []mention
	for i < j {
		end, k := longest(i)
		if end == i+1 && k.Weak && (r.common[strings.ToLower(toks[i].Text)] || r.commonNoun(toks[i].Text, d)) {
			end = -1
		}
		if end > 0 {
			typ := k.Type
			if k.MentionType != "" {
				typ = k.MentionType
			}
			ms = append(ms, mention{start: toks[i].Start, end: toks[end-1].End, typ: typ, known: k, linked: true, tokens: end - i})
			i = end
			continue
		}
		if !isCap(toks[i]) {
			i++ // a linking word left over after a known name: "… dhe Tranfere"
			continue
		}
		lower := strings.ToLower(toks[i].Text)
		if r.orgHead[lower] && j-i > 1 {
			// "Policisë Rajonale të Gjakovës": one organisation, even if
			// it ends in a known place.
			m := mention{start: toks[i].Start, end: toks[j-1].End, typ: kronika.ORG, tokens: j - i}
			m.base = r.nominative(a, i, j, i, d.words)
			ms = append(ms, m)
			break
		}
		if j-i > 1 && i != first && !opensClause(a, i) && r.common[lower] && !r.title[lower] && !r.orgHead[lower] && !startsKnown(i+1) && r.allWords(a, i+1, j) {
			// A capitalised common word inside a sentence that opens a run
			// of capitalised words names something: "Pakos Fiskale
			// Emergjente", a programme, a law, an event.
			m := mention{start: toks[i].Start, end: toks[j-1].End, typ: kronika.MISC, tokens: j - i}
			m.base = r.nominative(a, i, j, i, d.words)
			ms = append(ms, m)
			break
		}
		if r.orgHead[lower] || x.skip(a, r, first, i) || (i == first || opensClause(a, i)) && r.commonNoun(toks[i].Text, d) {
			i++
			continue
		}
		// An unknown name runs until the next known one.
		e := i + 1
		for e < j && !startsKnown(e) && !r.title[strings.ToLower(toks[e].Text)] {
			e++
		}
		if e == i+1 && (i == first || opensClause(a, i)) && lone(a, r, d, i) {
			// A lone capitalised word opening a sentence that the text never
			// capitalises elsewhere, and that no list knows, is an ordinary
			// word ("Fokusohuni", "Sidoqoftë"), not a name.
			i = e
			continue
		}
		m := mention{start: toks[i].Start, end: toks[e-1].End, tokens: e - i}
		m.typ = guessType(a, r, i, e)
		// "fshatrat Prekaz dhe Runik": a name coordinated with the one
		// just before it is of its kind.
		if i >= 2 && r.coord[strings.ToLower(toks[i-1].Text)] {
			all := append(prev, ms...)
			if n := len(all); n > 0 && all[n-1].end == toks[i-2].End {
				m.typ = all[n-1].typ
			}
		}
		inflected := e - 1 // a person's last name inflects
		if m.typ != kronika.PER {
			inflected = i // an organisation's or place's head
		}
		m.base = r.nominative(a, i, e, inflected, d.words)
		ms = append(ms, m)
		i = e
	}
	return ms
}

// skip reports whether the capitalised token i is not the start of an
// unknown name: a common word ("Lufta" opening a sentence), a title
// ("Presidenti", "Doktor"), a token with digits ("L-014"), or the
// genitive of a descriptive phrase ("Ministrja e Financave": Financave).
func (x *Extractor) skip(a *kronika.Analysis, r *rules, first, i int) bool {
	t := a.Tokens[i].Text
	lower := strings.ToLower(t)
	if isAcronym(t) {
		return false
	}
	if r.common[lower] || r.title[lower] {
		return true
	}
	for _, c := range t {
		if unicode.IsDigit(c) {
			return true
		}
	}
	if r.firstNames[t] {
		return false
	}
	if i-2 >= first && r.connector[strings.ToLower(a.Tokens[i-1].Text)] {
		prev := a.Tokens[i-2]
		pl := strings.ToLower(prev.Text)
		if r.title[pl] || r.common[pl] || (!isCap(prev) && prev.Kind == kronika.Word) {
			return true
		}
		// "Ministrja e Punëve të Jashtme": a genitive of a genitive.
		if isCap(prev) && !r.orgHead[pl] && x.skip(a, r, first, i-2) {
			return true
		}
	}
	// "Ministri i Bujqësisë, Pylltarisë dhe Zhvillimit Rural": what is
	// coordinated with a left-out word is left out too.
	if i-2 >= first && r.coord[strings.ToLower(a.Tokens[i-1].Text)] && isCap(a.Tokens[i-2]) && x.skip(a, r, first, i-2) {
		return true
	}
	return false
}

// lone reports whether the capitalised token i stands alone as a name
// with nothing to back it: not an acronym or brand, not a first name, not
// capitalised inside any sentence of the document.
func lone(a *kronika.Analysis, r *rules, d docInfo, i int) bool {
	t := a.Tokens[i].Text
	if isAcronym(t) || camelCase(t) || d.capMid[t] {
		return false
	}
	if r.firstNames[t] {
		return false
	}
	return true
}

// nominative returns the base form of the name tokens [i, e) with the
// token at inflected put into the nominative by the pack's endings.
func (r *rules) nominative(a *kronika.Analysis, i, e, inflected int, words map[string]bool) string {
	toks := a.Tokens
	var b strings.Builder
	head := ""
	for n := i; n < e; n++ {
		if n > i {
			b.WriteByte(' ') // tokens of a run are apart by spaces only; one is the norm
		}
		w := toks[n].Text
		switch {
		case n == inflected:
			w = r.nominativeWord(w, words)
			head = w
		case n == inflected+1 && head != "" && r.connector[strings.ToLower(w)]:
			// The linking article agrees with its head: "Komunës së
			// Gjilanit" is "Komuna e Gjilanit", "Kuvendin e Kosovës"
			// "Kuvendi i Kosovës".
			w = r.article(head, w)
		}
		b.WriteString(w)
	}
	return b.String()
}

// article returns the linking article that follows a head noun in the
// nominative, by the head's ending, or the article as written.
func (r *rules) article(head, written string) string {
	lower := strings.ToLower(head)
	for _, ag := range r.Agreement {
		if strings.HasSuffix(lower, ag.After) {
			return ag.Article
		}
	}
	return written
}

func (r *rules) nominativeWord(w string, words map[string]bool) string {
	if head, _, ok := strings.Cut(w, "-"); ok && isAcronym(w) {
		return head // "LDK-së" → "LDK"
	}
	if isAcronym(w) {
		return w
	}
	if r.firstNames[w] {
		return w
	}
	for _, en := range r.Nominative {
		stem, ok := strings.CutSuffix(w, en.Suffix)
		if !ok || len([]rune(stem)) < 3 {
			continue
		}
		if b := stem + en.Replace; en.Strong || words[b] {
			return b
		}
	}
	return w
}

// longestKnown returns the end of the longest known name that starts at
// token i and ends by token j, and the entity it names; end is -1 when no
// name starting at i is known.
func (x *Extractor) longestKnown(a *kronika.Analysis, i, j int) (int, Known) {
	for e := j; e > i; e-- {
		if k, ok := x.linker.Link(string(a.Runes[a.Tokens[i].Start:a.Tokens[e-1].End]), a.Doc.Lang); ok {
			return e, k
		}
	}
	return -1, Known{}
}

// guessType types an unknown name from its shape and context.
func guessType(a *kronika.Analysis, r *rules, i, e int) string {
	toks := a.Tokens
	first := toks[i].Text
	if r.orgHead[strings.ToLower(first)] {
		return kronika.ORG
	}
	if e-i == 1 && (isAcronym(first) || camelCase(first)) {
		return kronika.ORG
	}
	if r.firstNames[first] {
		return kronika.PER
	}
	if i > 0 {
		prev := strings.ToLower(toks[i-1].Text)
		if r.title[prev] {
			return kronika.PER
		}
		if r.locContext[prev] || r.locPrep[prev] && e-i == 1 {
			return kronika.LOC
		}
	}
	return kronika.PER
}

// camelCase reports whether a word has a capital after a lower-case
// letter, as brand and media names do ("IndeksOnline", "YouTube").
func camelCase(w string) bool {
	lower := false
	for _, c := range w {
		if unicode.IsUpper(c) && lower {
			return true
		}
		lower = unicode.IsLower(c)
	}
	return false
}

// group forms entities from mentions: one per known entity, one per base
// form otherwise, with a person's shorter mentions (a surname) joined to
// the fuller name they repeat.
func group(a *kronika.Analysis, ms []mention) []kronika.Entity {
	type ent struct {
		e      kronika.Entity
		best   int // tokens of the fullest mention
		tokens []string
	}
	var ents []*ent
	byKey := map[string]*ent{}
	for _, m := range ms {
		key := "kb:" + m.known.ID
		if !m.linked {
			key = m.typ + ":" + fold(m.base)
		}
		en := byKey[key]
		if en == nil {
			en = &ent{}
			en.e.Type = m.typ
			if m.linked {
				en.e.Name, en.e.KB, en.e.Type = m.known.Name, m.known.ID, m.known.Type
				en.tokens = strings.Fields(m.known.Name)
			}
			ents = append(ents, en)
			byKey[key] = en
		}
		mm := kronika.Mention{Start: m.start, End: m.end, Text: string(a.Runes[m.start:m.end])}
		if m.typ != en.e.Type {
			mm.Type = m.typ
		}
		en.e.Mentions = append(en.e.Mentions, mm)
		if !m.linked && en.e.KB == "" && m.tokens > en.best {
			en.best, en.e.Name = m.tokens, m.base
			en.tokens = strings.Fields(m.base)
		}
	}
	// A one-word unknown person that repeats the last (or first) word of a
	// fuller person name in the document is that person ("Rutte", "Nora"),
	// whichever of the two came first.
	out := make([]kronika.Entity, 0, len(ents))
	var full []*ent
	for _, en := range ents {
		if en.e.Type == kronika.PER && len(en.tokens) > 1 {
			full = append(full, en)
		}
	}
	for _, en := range ents {
		if en.e.KB == "" && en.e.Type == kronika.PER && len(en.tokens) == 1 {
			for _, f := range full {
				if partOfName(f.tokens, en.tokens[0]) {
					f.e.Mentions = append(f.e.Mentions, en.e.Mentions...)
					en.e.Mentions = nil
					break
				}
			}
		}
	}
	for _, en := range ents {
		if len(en.e.Mentions) == 0 {
			continue
		}
		en.e.ID = "e" + strconv.Itoa(len(out)+1)
		slices.SortStableFunc(en.e.Mentions, func(p, q kronika.Mention) int { return cmp.Compare(p.Start, q.Start) })
		out = append(out, en.e)
	}
	return out
}

// partOfName reports whether a one-word name is the last word (a surname)
// or the first (a given name) of a fuller name.
func partOfName(full []string, w string) bool {
	if len(full) < 2 {
		return false
	}
	w = fold(w)
	return fold(full[len(full)-1]) == w || fold(full[0]) == w
}

// fold is the comparison key of names: lower case without diacritics.
func fold(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch c {
		case 'ë':
			c = 'e'
		case 'ç', 'č', 'ć':
			c = 'c'
		case 'š':
			c = 's'
		case 'ž':
			c = 'z'
		case 'đ':
			c = 'd'
		}
		b.WriteRune(c)
	}
	return b.String()
}
