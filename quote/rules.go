package quote

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/title"
)

// packData is the JSON form of a pack's quotes.json (documented in its
// "_doc" key).
type packData struct {
	Verbs           []string          `json:"verbs"`
	MultiwordVerbs  []string          `json:"multiword_verbs"`
	VerbNeedsNext   map[string]string `json:"verb_needs_next"`
	NamingVerbs     []string          `json:"naming_verbs"`
	Aux             []string          `json:"aux"`
	Clitics         []string          `json:"clitics"`
	Adverbs         []string          `json:"adverbs"`
	Complementizer  []string          `json:"complementizers"`
	WeakComps       []string          `json:"weak_complementizers"`
	OrgNouns        []string          `json:"org_nouns"`
	Subordinators   []string          `json:"subordinators"`
	According       []string          `json:"according"`
	Pronouns        map[string]string `json:"pronouns"`
	Relatives       []string          `json:"relatives"`
	Prepositions    []string          `json:"prepositions"`
	Genitive        []string          `json:"genitive"`
	GroupNouns      []string          `json:"group_nouns"`
	AsMarkers       []string          `json:"as_markers"`
	ClauseBreaks    []string          `json:"clause_breaks"`
	Coordinators    []string          `json:"coordinators"`
	StatementNouns  []string          `json:"statement_nouns"`
	SubjectOpeners  []string          `json:"subject_openers"`
	BareComplement  []string          `json:"bare_complement"`
	BareObject      map[string]int    `json:"bare_object"`
	FemaleNames     string            `json:"female_first_names"`
	ObjectCues      []string          `json:"object_cues"`
	SourceNouns     []string          `json:"source_nouns"`
	PassiveAux      []string          `json:"passive_aux"`
	Progressive     []string          `json:"progressive_endings"`
	NamingObject    bool              `json:"naming_takes_object"`
	Contractions    []string          `json:"contractions"`
	Determiners     []string          `json:"determiners"`
	AdverbEndings   []string          `json:"adverb_endings"`
	AfterQuote      []string          `json:"after_quote_verbs"`
	Impersonal      []string          `json:"impersonal_verbs"`
	AgentPreps      []string          `json:"agent_prepositions"`
	AmbiguousComps  []string          `json:"ambiguous_complementizers"`
	PersonNouns     []string          `json:"person_nouns"`
	ObliqueEndings  []string          `json:"oblique_endings"`
	Demonstratives  []string          `json:"demonstratives"`
	GerundMarkers   []string          `json:"gerund_markers"`
	ClauseCues      []string          `json:"clause_cues"`
	ClausePassive   []string          `json:"clause_cues_passive"`
	AccordingAny    bool              `json:"according_any_source"`
	JoinContinued   bool              `json:"join_continued_quotes"`
	SpeakerLabels   bool              `json:"speaker_labels"`
	AccordingAround bool              `json:"according_around"`
	NotBefore       map[string]string `json:"verb_not_before"`
	CalledEvents    []string          `json:"called_events"`
	LabelExclude    []string          `json:"label_exclude"`
}

// rules is the compiled quote knowledge of one language.
type rules struct {
	verbs        map[string]bool
	multi        [][]string
	multiFirst   map[string][][]string // multi by first word, in multi's order
	needsNext    map[string]string
	naming       map[string]bool
	aux          map[string]bool
	clitics      map[string]bool
	adverbs      map[string]bool
	comps        map[string]bool
	weakComps    map[string]bool       // complementizers only right after the verb ("ka thënë së")
	orgNouns     map[string]bool       // "the agency", "ministria": an organisation named before
	subords      map[string]bool       // open a clause whose subject follows: "while", "ndërsa"
	according    map[string][][]string // according-to phrases by first word
	pronouns     map[string]string
	relatives    [][]string
	relWord      map[string]bool // the one-word relatives: "who"
	preps        map[string]bool
	genitive     map[string]bool
	groups       map[string]bool
	asMarkers    map[string]bool
	breaks       map[string]bool
	coords       map[string]bool
	statements   map[string]bool
	openers      map[string]bool
	bare         map[string]bool
	bareObject   map[string]int
	female       map[string]bool // first names, lower case, of women
	male         map[string]bool
	titles       *title.Lexicon
	objects      map[string]bool // cues whose content is their object: "criticized", "called for"
	sources      map[string]bool // nouns that name a non-speaking source: "poll", "report"
	passive      map[string]bool // auxiliaries that make a participle passive: "was criticized"
	progressive  []string        // verb endings that make a be-auxiliary active: "is promising"
	namingObj    bool            // a naming verb attributes its object with the quoted name
	contractions []string        // auxiliaries glued to a pronoun: "’s" in "He’s claiming"
	determiners  map[string]bool // a cue word after one is a noun: "the show"
	// adverbEndings make a word after a comma part of the cue: "…, forcefully told"
	adverbEndings []string
	afterQuote    map[string]bool // verbs that cue only a quotation just before them: "”, përfundoi Osmani"
	impersonal    []string        // cues without a subject: "thuhet", "është bërë e ditur"
	agentPreps    map[string]bool // introduce the source after a passive cue: "nga"
	ambigComps    map[string]bool // complementizers that also open relative clauses: "që"
	personNouns   map[string]bool // nouns describing a person named before: "mjeku"
	oblique       []string        // endings of a name in an oblique case: "Kurtit"
	demonstr      map[string]bool // open a noun phrase: "këtyre rezultateve"
	gerund        map[string]bool // open a participle cue: "duke thënë"
	// clauseCues attribute the clause they stand in, subject and all: "Sanders
	// appears to have a lead", "Trump reportedly told aides …"
	clauseCues      map[string][][]string // by first word
	clausePassive   map[string]bool       // clause cues only after a passive auxiliary: "is expected to"
	accordingAny    bool                  // any noun phrase after an according-to phrase is a source
	joinContinued   bool                  // "“…,” she said. “…”" is one quote
	labels          bool                  // "Pence: …" at a line's start attributes the line
	accordingAround bool                  // "X, according to Y, Z" reports X and Z, not Z alone
	notBefore       map[string]string     // a word after which a verb is no cue: "show" before "up"
	calledEvents    map[string]bool       // what one calls without naming it: "called a meeting"
	labelExclude    map[string]bool       // line openers that are no source: "update", "editor’s note"
}

// learnedFile holds the cues the cue learner (quote/internal/learncues)
// measured on annotated news, kept apart from the hand-written pack.
const learnedFile = "quote_cues.json"

// learnedCues is the learner's output as rulesFor reads it.
type learnedCues struct {
	ObjectCues []string `json:"object_cues"`
}

// addObjectCues adds cues whose object is what is attributed: a one-word
// cue is a verb, a longer one a multiword cue.
func (r *rules) addObjectCues(cues []string) {
	for _, c := range cues {
		w := strings.Fields(lower(c))
		switch len(w) {
		case 0:
			continue
		case 1:
			r.verbs[w[0]] = true
		default:
			r.multi = append(r.multi, w)
		}
		r.objects[strings.Join(w, " ")] = true
	}
}

// withObjectCues returns a copy of r with more object cues.
func (r *rules) withObjectCues(cues []string) *rules {
	c := *r
	c.verbs = maps.Clone(r.verbs)
	c.objects = maps.Clone(r.objects)
	c.multi = slices.Clone(r.multi)
	c.addObjectCues(cues)
	c.indexMulti()
	return &c
}

// indexMulti indexes the multiword cues by their first word.
func (r *rules) indexMulti() {
	r.multiFirst = byFirst(r.multi)
}

// byFirst indexes phrases by their first word, keeping their order under
// each word, so that a token is matched against the few that can start
// there.
func byFirst(phrases [][]string) map[string][][]string {
	m := map[string][][]string{}
	for _, p := range phrases {
		if len(p) > 0 {
			m[p[0]] = append(m[p[0]], p)
		}
	}
	return m
}

// rulesFor loads (once) the quote rules of a language; nil when the
// language has no quotes.json.
func rulesFor(code string) (*rules, error) { return rulesCache.Get(code) }

// rulesCache compiles each language's quotes.json once.
var rulesCache = lang.NewCache(func(code string, p *lang.Pack) (*rules, error) {
	if !p.Has("quotes.json") {
		return nil, nil
	}
	var d packData
	if err := p.JSON("quotes.json", &d); err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	shared, err := p.Lines("speech_verbs.txt")
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	tl, err := title.LexiconFor(code)
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	r := &rules{
		verbs:           set(d.Verbs),
		needsNext:       map[string]string{},
		naming:          set(d.NamingVerbs),
		aux:             set(d.Aux),
		clitics:         set(d.Clitics),
		adverbs:         set(d.Adverbs),
		comps:           set(d.Complementizer),
		weakComps:       set(d.WeakComps),
		orgNouns:        set(d.OrgNouns),
		subords:         set(d.Subordinators),
		pronouns:        map[string]string{},
		preps:           set(d.Prepositions),
		genitive:        set(d.Genitive),
		groups:          set(d.GroupNouns),
		asMarkers:       set(d.AsMarkers),
		breaks:          set(d.ClauseBreaks),
		coords:          set(d.Coordinators),
		statements:      set(d.StatementNouns),
		openers:         set(d.SubjectOpeners),
		bare:            set(d.BareComplement),
		bareObject:      d.BareObject,
		female:          map[string]bool{},
		male:            map[string]bool{},
		titles:          tl,
		objects:         map[string]bool{},
		sources:         set(d.SourceNouns),
		passive:         set(d.PassiveAux),
		progressive:     d.Progressive,
		namingObj:       d.NamingObject,
		contractions:    lowerAll(d.Contractions),
		determiners:     set(d.Determiners),
		adverbEndings:   lowerAll(d.AdverbEndings),
		afterQuote:      set(d.AfterQuote),
		impersonal:      lowerAll(d.Impersonal),
		agentPreps:      set(d.AgentPreps),
		ambigComps:      set(d.AmbiguousComps),
		personNouns:     set(d.PersonNouns),
		oblique:         lowerAll(d.ObliqueEndings),
		demonstr:        set(d.Demonstratives),
		gerund:          set(d.GerundMarkers),
		clausePassive:   set(d.ClausePassive),
		accordingAny:    d.AccordingAny,
		joinContinued:   d.JoinContinued,
		labels:          d.SpeakerLabels,
		accordingAround: d.AccordingAround,
		notBefore:       map[string]string{},
		calledEvents:    set(d.CalledEvents),
		labelExclude:    set(d.LabelExclude),
	}
	var clauseCues [][]string
	for _, c := range d.ClauseCues {
		clauseCues = append(clauseCues, strings.Fields(lower(c)))
	}
	r.clauseCues = byFirst(clauseCues)
	for w := range r.afterQuote {
		r.verbs[w] = true
	}
	r.addObjectCues(d.ObjectCues)
	if p.Has(learnedFile) {
		var l learnedCues
		if err := p.JSON(learnedFile, &l); err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		r.addObjectCues(l.ObjectCues)
	}
	for k, v := range d.NotBefore {
		r.notBefore[lower(k)] = lower(v)
	}
	for k, v := range d.VerbNeedsNext {
		r.needsNext[lower(k)] = lower(v)
	}
	for k, v := range d.Pronouns {
		r.pronouns[lower(k)] = v
	}
	var according [][]string
	for _, a := range d.According {
		according = append(according, strings.Fields(lower(a)))
	}
	r.according = byFirst(according)
	r.relWord = map[string]bool{}
	for _, a := range d.Relatives {
		w := strings.Fields(lower(a))
		r.relatives = append(r.relatives, w)
		if len(w) == 1 {
			r.relWord[w[0]] = true
		}
	}
	for _, m := range d.MultiwordVerbs {
		r.multi = append(r.multi, strings.Fields(lower(m)))
	}
	// speech_verbs.txt is shared with the amount stage: a one-word line is a
	// verb form, "aux … verb" adds the verb, anything else is a multiword
	// cue ("bëri të ditur") or an according-to phrase.
	for _, l := range shared {
		w := strings.Fields(lower(l))
		if len(w) > 1 && r.comps[w[len(w)-1]] {
			w = w[:len(w)-1] // "deklaroi se": the complementizer is found on its own
		}
		switch {
		case len(w) == 0:
		case len(w) == 1:
			r.verbs[w[0]] = true
		case allIn(w[:len(w)-1], r.aux):
			r.verbs[w[len(w)-1]] = true
		case slices.ContainsFunc(r.according[w[0]], func(a []string) bool { return slices.Equal(a, w) }):
		default:
			r.multi = append(r.multi, w)
		}
	}
	if d.FemaleNames != "" {
		names, err := p.Lines(d.FemaleNames)
		if err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		for _, l := range names {
			f := strings.Fields(l)
			if len(f) == 2 {
				switch f[1] {
				case "f":
					r.female[lower(f[0])] = true
				case "m":
					r.male[lower(f[0])] = true
				}
			}
		}
	}
	r.indexMulti()
	return r, nil
})

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[lower(x)] = true
	}
	return m
}

// lower is the form of a pack word that matches the tokens' title.Lower.
func lower(s string) string {
	return title.LowerWord(strings.TrimSpace(s))
}

func lowerAll(xs []string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, lower(x))
	}
	return out
}

func allIn(ws []string, m map[string]bool) bool {
	for _, w := range ws {
		if !m[w] {
			return false
		}
	}
	return true
}
