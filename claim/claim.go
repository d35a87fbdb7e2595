// Package claim builds the claim ledger: every figure extracted from the
// articles, with what it counts, what it is about and who claims it,
// grouped with the figures other articles, sources and languages give for
// the same thing. A group whose figures disagree beyond their approximation
// markers is a conflict (10,000 against about 3,000 soldiers); one whose
// figures agree, from independent sources, is a corroboration. Articles
// that copy one another (a wire story republished) are detected and their
// figures counted once.
//
// The rule for a disputed figure follows ACLED's practice: every claim is
// kept, the group states the most conservative figure (the lowest), and
// the dispute is flagged, so a later claim can revise it.
package claim

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
	"github.com/kronika/kronika/number"
	"github.com/kronika/kronika/segment"
)

// Claim is one figure as one article gives it.
type Claim struct {
	Value     float64  `json:"value"`
	ValueMax  *float64 `json:"value_max,omitempty"`
	Approx    string   `json:"approx"`
	Unit      string   `json:"unit"`      // what is counted, as an English lemma
	UnitText  string   `json:"unit_text"` // the unit as the amount stage wrote it
	Concept   string   `json:"concept,omitempty"`
	Subject   []string `json:"subject"` // canonical names of what the figure is about
	Holder    *string  `json:"holder"`  // canonical name of who claims it, or null
	Doc       string   `json:"doc"`
	Source    string   `json:"source,omitempty"`
	Published string   `json:"published,omitempty"`
	Lang      string   `json:"lang,omitempty"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Text      string   `json:"text"`
	Sentence  string   `json:"sentence"`
	CopyOf    string   `json:"copy_of,omitempty"` // the article this one copies

	// context is what links the claim to claims of other articles: its
	// subject and the article's most named entities, countries left out
	// (nearly every article names one).
	context []string
	// countries are the countries of its sentence and article: with the
	// same unit, the same figure and the same week they make two articles'
	// claims one, even when the articles name nothing else alike (the
	// institution in one language, its acronym in the other).
	countries []string
}

// Group statuses.
const (
	Conflict      = "conflict"
	Corroboration = "corroboration"
	Single        = "single" // one independent source so far
)

// Group is the claims about one thing.
type Group struct {
	Key     string   `json:"key"`
	Unit    string   `json:"unit"`
	Concept string   `json:"concept,omitempty"`
	Subject []string `json:"subject"`
	Status  string   `json:"status"`
	// Figure is the most conservative figure of the independent claims
	// (the lowest lower bound), the one to quote while the dispute stands.
	Figure  float64 `json:"figure"`
	Rule    string  `json:"rule"`
	Sources int     `json:"sources"` // independent sources
	Claims  []Claim `json:"claims"`  // in order of publication
}

// DemonymFunc names the country or group a nationality word refers to
// ("koreano-veriorë" → North Korea), or reports false.
type DemonymFunc func(word, lang string) (string, bool)

// Ledger holds the claims of the articles added to it. It is safe for
// concurrent use.
type Ledger struct {
	demonym DemonymFunc
	seg     *segment.Segmenter

	mu     sync.Mutex
	claims map[string][]Claim // by document
	copies *copyIndex
}

// New returns an empty ledger. demonym may be nil.
func New(demonym DemonymFunc) *Ledger {
	return &Ledger{
		demonym: demonym,
		seg:     segment.New(),
		claims:  map[string][]Claim{},
		copies:  newCopyIndex(),
	}
}

// pack is the claim data of one language.
type pack struct {
	Concepts   map[string][]string `json:"concepts"`
	Connectors []string            `json:"connectors"`
	SkipUnits  []string            `json:"skip_units"`

	concepts  []string          // names of Concepts, sorted
	units     map[string]string // exact unit → English lemma
	prefixes  [][2]string       // unit prefix → English lemma
	connector map[string]bool
	skip      map[string]bool
}

// packs holds each language's claim data, compiled once.
var packs = lang.NewCache(func(_ string, lp *lang.Pack) (*pack, error) {
	p := &pack{units: map[string]string{}}
	var u struct {
		Units map[string]string `json:"units"`
	}
	// A pack without these files still gives claims, with units as written.
	if err := lp.JSON("claims.json", p); err != nil {
		return p, err
	}
	if err := lp.JSON("units.json", &u); err != nil {
		return p, err
	}
	for k, v := range u.Units {
		if pre, ok := strings.CutSuffix(k, "*"); ok {
			p.prefixes = append(p.prefixes, [2]string{pre, v})
		} else {
			p.units[k] = v
		}
	}
	// Longest prefix first, so that "vend pune" wins over "vend*".
	sort.Slice(p.prefixes, func(i, j int) bool { return len(p.prefixes[i][0]) > len(p.prefixes[j][0]) })
	for name := range p.Concepts {
		p.concepts = append(p.concepts, name)
	}
	sort.Strings(p.concepts)
	p.connector = number.WordSet(p.Connectors)
	p.skip = number.WordSet(p.SkipUnits)
	return p, nil
})

// packFor returns a language's claim data, never nil: the loader gives a
// language without a pack an empty one. A pack file that does not parse
// is a build defect that TestPacks catches; here it leaves units as
// written rather than losing the article's claims.
func packFor(code string) *pack {
	p, _ := packs.Get(code)
	return p
}

// unit maps a unit as written to its English lemma.
func (p *pack) unit(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if v, ok := p.units[u]; ok {
		return v
	}
	for _, pr := range p.prefixes {
		if strings.HasPrefix(u, pr[0]) {
			return pr[1]
		}
	}
	return u
}

// Add extracts the claims of an analysed document and files them. Adding
// a document again replaces its claims.
func (l *Ledger) Add(doc *kronika.Document) {
	l.file(doc, l.Claims(doc))
}

// AddAnalysis is Add for a document the pipeline has just analysed: its
// tokens and sentences are read from the analysis, not segmented again.
func (l *Ledger) AddAnalysis(a *kronika.Analysis) {
	var claims []Claim
	if len(a.Doc.Amounts) > 0 {
		claims = l.extract(a.Doc, a.Runes, a.Tokens, a.Sentences)
	}
	l.file(a.Doc, claims)
}

// file keeps the claims of a document, replacing any it had.
func (l *Ledger) file(doc *kronika.Document, claims []Claim) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.claims[doc.ID]; ok {
		l.removeLocked(doc.ID)
	}
	l.claims[doc.ID] = claims
	l.copies.add(doc)
}

// AddStore adds every document of a store, in the store's order, and
// returns how many it read. The documents read before an error stay
// added.
func (l *Ledger) AddStore(ctx context.Context, st kronika.Store) (int, error) {
	// Reading the store and filing claims take turns on one core each:
	// one goroutine reads while another adds, in the store's order.
	docs := make(chan *kronika.Document, 256)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for d := range docs {
			l.Add(d)
		}
	}()
	n := 0
	err := st.Documents(ctx, func(d *kronika.Document) error {
		docs <- d
		n++
		return nil
	})
	close(docs)
	<-done
	if err != nil {
		return n, fmt.Errorf("claim: reading the store: %w", err)
	}
	return n, nil
}

// Remove drops the claims of a document.
func (l *Ledger) Remove(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.removeLocked(id)
}

func (l *Ledger) removeLocked(id string) {
	delete(l.claims, id)
	l.copies.remove(id)
}

// Len returns the number of documents in the ledger.
func (l *Ledger) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.claims)
}

// Filter selects groups.
type Filter struct {
	Conflicts bool   // only conflicts
	Entity    string // only groups whose subject or holders name this entity (case-insensitive)
	MinClaims int    // only groups with at least this many claims (default 1)
}

// Keep reports whether a group, settled as Groups returns it, passes the
// filter.
func (f Filter) Keep(g Group) bool {
	if len(g.Claims) < max(f.MinClaims, 1) {
		return false
	}
	if f.Conflicts && g.Status != Conflict {
		return false
	}
	return f.Entity == "" || mentions(g, f.Entity)
}

// Groups returns the groups that pass the filter: conflicts first, then
// corroborations, then the rest, each by its number of claims.
func (l *Ledger) Groups(f Filter) []Group {
	l.mu.Lock()
	var all []Claim
	for _, cs := range l.claims {
		for _, c := range cs {
			// Copies are settled now, not when the claim was filed: an
			// earlier original may have arrived since.
			c.CopyOf = l.copies.copyOf[c.Doc]
			all = append(all, c)
		}
	}
	l.mu.Unlock()

	var out []Group
	for _, g := range cluster(all) {
		if len(g.Claims) < max(f.MinClaims, 1) {
			continue // too small to keep: not worth settling
		}
		settle(&g)
		if f.Keep(g) {
			out = append(out, g)
		}
	}
	rank := map[string]int{Conflict: 0, Corroboration: 1, Single: 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if len(a.Claims) != len(b.Claims) {
			return len(a.Claims) > len(b.Claims)
		}
		return a.Key < b.Key
	})
	return out
}

// window is how far apart in time two articles may be and still report
// on the same thing.
const window = 21 // days

// cluster groups claims about the same thing: the same unit and concept,
// and either the same article, or articles close in time whose figures
// share a subject (an entity named in the figure's sentence). An entity
// that many articles of a unit share (a country every article names)
// does not link them on its own.
func cluster(all []Claim) []Group {
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Published != b.Published {
			return a.Published < b.Published
		}
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		return a.Start < b.Start
	})
	// Dates are compared pairwise below: parse each once.
	days := make([]day, len(all))
	for i, c := range all {
		days[i].n, days[i].ok = parseDay(c.Published)
	}
	parent := make([]int, len(all))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			if rb < ra {
				ra, rb = rb, ra
			}
			parent[rb] = ra
		}
	}
	buckets := map[string][]int{}
	var keys []string
	for i, c := range all {
		k := c.Unit + "|" + c.Concept
		if _, ok := buckets[k]; !ok {
			keys = append(keys, k)
		}
		buckets[k] = append(buckets[k], i)
	}
	for _, k := range keys {
		idx := buckets[k]
		byDoc := map[string]int{}
		byEnt := map[string][]int{}
		var ents []string
		for _, i := range idx {
			c := all[i]
			if j, ok := byDoc[c.Doc]; ok {
				union(j, i)
			} else {
				byDoc[c.Doc] = i
			}
			for _, e := range c.context {
				if _, ok := byEnt[e]; !ok {
					ents = append(ents, e)
				}
				byEnt[e] = append(byEnt[e], i)
			}
		}
		common := max(10, len(byDoc)/20)
		for _, e := range ents {
			list := byEnt[e]
			docs := map[string]bool{}
			for _, i := range list {
				docs[all[i].Doc] = true
			}
			if len(docs) > common {
				continue
			}
			// list is in publication order: link each claim to the
			// previous one when they are close enough in time.
			for n := 1; n < len(list); n++ {
				if near(days[list[n-1]], days[list[n]], window) {
					union(list[n-1], list[n])
				}
			}
		}
		// The same figure in the same country within a week: one story
		// told in two languages whose names for it differ.
		// So does a distinctive figure (312, not 300) given exactly by two
		// articles of the same week.
		byFig := map[string][]int{}
		var figs []string
		add := func(k string, i int) {
			if _, ok := byFig[k]; !ok {
				figs = append(figs, k)
			}
			byFig[k] = append(byFig[k], i)
		}
		for _, i := range idx {
			c := all[i]
			for _, co := range c.countries {
				add(fmt.Sprintf("%s|%g|%s", co, c.Value, c.Approx), i)
			}
			if distinctive(c) {
				add(fmt.Sprintf("|%g", c.Value), i)
			}
		}
		for _, k := range figs {
			list := byFig[k]
			for n := 1; n < len(list); n++ {
				if near(days[list[n-1]], days[list[n]], 7) {
					union(list[n-1], list[n])
				}
			}
		}
	}
	groups := map[int]*Group{}
	var order []int
	for i, c := range all {
		r := find(i)
		g := groups[r]
		if g == nil {
			g = &Group{Unit: c.Unit, Concept: c.Concept}
			groups[r] = g
			order = append(order, r)
		}
		g.Claims = append(g.Claims, c)
	}
	out := make([]Group, 0, len(order))
	for _, r := range order {
		g := groups[r]
		seen := map[string]bool{}
		g.Subject = []string{}
		for _, c := range g.Claims {
			for _, e := range c.Subject {
				if !seen[e] {
					seen[e] = true
					g.Subject = append(g.Subject, e)
				}
			}
		}
		first := g.Claims[0]
		g.Key = fmt.Sprintf("%s|%s|%s@%d", g.Unit, g.Concept, first.Doc, first.Start)
		out = append(out, *g)
	}
	return out
}

// distinctive reports whether a claim's figure is exact and specific
// enough that two articles giving it likely count the same thing.
func distinctive(c Claim) bool {
	v := c.Value
	return c.Approx == kronika.Exact && c.ValueMax == nil && v >= 20 && v == float64(int64(v)) && int64(v)%10 != 0
}

// day is a publication date as parseDay reads it.
type day struct {
	n  int
	ok bool // false when the date is unknown
}

// near reports whether two publication days are at most days apart; an
// unknown date is near anything.
func near(a, b day, days int) bool {
	if !a.ok || !b.ok {
		return true
	}
	d := b.n - a.n
	if d < 0 {
		d = -d
	}
	return d <= days
}

// parseDay returns a day number for a publication date (YYYY-MM or
// YYYY-MM-DD), taking the middle of the month when only the month is
// known.
func parseDay(s string) (int, bool) {
	var y, m, d int
	switch len(s) {
	case 10:
		if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil {
			return 0, false
		}
	case 7:
		if _, err := fmt.Sscanf(s, "%4d-%2d", &y, &m); err != nil {
			return 0, false
		}
		d = 15
	default:
		return 0, false
	}
	return y*372 + m*31 + d, true
}

// mentions reports whether a group's subject or one of its holders is the
// entity name, in any case.
func mentions(g Group, name string) bool {
	for _, s := range g.Subject {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	for _, c := range g.Claims {
		if c.Holder != nil && strings.EqualFold(*c.Holder, name) {
			return true
		}
	}
	return false
}

// settle works out a group's status and figure from its independent
// claims. cluster leaves the claims in order of publication.
func settle(g *Group) {
	var ind []Claim
	sources := map[string]bool{}
	for _, c := range g.Claims {
		if c.CopyOf != "" {
			continue
		}
		ind = append(ind, c)
		src := c.Source
		if src == "" {
			src = "doc:" + c.Doc
		}
		sources[src] = true
	}
	g.Sources = len(sources)
	g.Status = Single
	g.Figure = 0
	for i, c := range ind {
		if lo, _ := bounds(c); i == 0 || lo < g.Figure {
			g.Figure = lo
		}
	}
	g.Rule = "most conservative figure: the lowest lower bound of the independent claims"
	for i := range ind {
		for j := i + 1; j < len(ind); j++ {
			if !agree(ind[i], ind[j]) && independent(ind[i], ind[j]) {
				g.Status = Conflict
				return
			}
		}
	}
	if len(sources) > 1 {
		g.Status = Corroboration
	}
}

// independent reports whether two claims come from different voices: other
// articles, or two different named holders in one article. Two figures one voice gives in
// one article (now and a target, two parties' shares) are not a dispute.
func independent(a, b Claim) bool {
	if a.Doc != b.Doc {
		return true
	}
	// In one article, only two named voices make a dispute: a figure the
	// article gives without a source is its own narration.
	return a.Holder != nil && b.Holder != nil && *a.Holder != *b.Holder
}

// bounds is the range of values a claim allows, given its approximation
// marker: "about 3,000" allows 2,500–3,500; "thousands" 1,000–10,000.
func bounds(c Claim) (lo, hi float64) {
	v := c.Value
	hi = v
	if c.ValueMax != nil {
		hi = *c.ValueMax
	}
	switch c.Approx {
	case kronika.About:
		return v * 0.8, hi * 1.2
	case kronika.MoreThan:
		return v, 1e300
	case kronika.LessThan:
		return 0, hi
	case kronika.Vague:
		if c.ValueMax == nil {
			hi = v * 10
		}
		return v, hi
	}
	return v, hi
}

// agree reports whether two claims can both be right.
func agree(a, b Claim) bool {
	alo, ahi := bounds(a)
	blo, bhi := bounds(b)
	return alo <= bhi && blo <= ahi
}

// Claims extracts the claims of one analysed document, without filing
// them.
func (l *Ledger) Claims(doc *kronika.Document) []Claim {
	if len(doc.Amounts) == 0 {
		return nil
	}
	runes := []rune(doc.Text)
	toks, sents := l.seg.Segment(runes, doc.Lang)
	return l.extract(doc, runes, toks, sents)
}

// extract finds the claims of a document in its tokens and sentences.
func (l *Ledger) extract(doc *kronika.Document, runes []rune, toks []kronika.Token, sents []kronika.Sentence) []Claim {
	p := packFor(doc.Lang)
	names := map[string]*kronika.Entity{}
	type ment struct {
		start, end int
		ent        *kronika.Entity
	}
	var ms []ment
	for i := range doc.Entities {
		e := &doc.Entities[i]
		names[e.ID] = e
		for _, m := range e.Mentions {
			ms = append(ms, ment{m.Start, m.End, e})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	salient := salientEntities(doc, 5)
	var docCountries []string
	for i := range doc.Entities {
		if e := &doc.Entities[i]; country(e) && len(e.Mentions) > 1 {
			docCountries = append(docCountries, e.Name)
		}
	}

	var out []Claim
	for _, a := range doc.Amounts {
		unitEN := p.unit(a.Unit)
		if a.Unit == "" || p.skip[unitEN] {
			continue // a bare number or a duration is not a claim about a count
		}
		c := Claim{
			Value: a.Value, ValueMax: a.ValueMax, Approx: a.Approx, Unit: unitEN, UnitText: a.Unit,
			Doc: doc.ID, Source: doc.Source, Published: doc.Published, Lang: doc.Lang,
			Start: a.Start, End: a.End, Text: a.Text, Subject: []string{},
		}
		var holderID string
		if a.Holder != nil {
			holderID = *a.Holder
			if e := names[holderID]; e != nil {
				n := e.Name
				c.Holder = &n
			}
		}
		// The sentence, and the tokens of it around the figure.
		si := sort.Search(len(sents), func(i int) bool { return sents[i].End > a.Start })
		if si == len(sents) {
			continue
		}
		s := sents[si]
		c.Sentence = string(runes[s.Start:s.End])
		first := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= a.Start })
		last := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= a.End })
		c.Concept = p.concept(toks, s, first, last)

		// What the figure is about: an entity inside its span ("3,000 North
		// Korean soldiers"), a nationality word or genitive right after it
		// ("ushtarë koreano-veriorë", "ushtarë të Koresë së Veriut"), else
		// the entities of its sentence other than the one who claims it.
		subject := ""
		for _, m := range ms {
			if m.start >= a.Start && m.end <= a.End && m.ent.ID != holderID {
				subject = m.ent.Name
				break
			}
		}
		if subject == "" && last < s.Last {
			next := toks[last]
			if l.demonym != nil {
				if n, ok := l.demonym(next.Text, doc.Lang); ok {
					subject = n
				}
			}
			if subject == "" {
				at := last
				if p.connector[strings.ToLower(next.Text)] && last+1 < s.Last {
					at = last + 1
				}
				for _, m := range ms {
					if m.start == toks[at].Start && m.ent.ID != holderID {
						subject = m.ent.Name
						break
					}
				}
			}
		}
		seen := map[string]bool{}
		if subject != "" {
			c.Subject = append(c.Subject, subject)
			seen[subject] = true
		}
		{
			for _, m := range ms {
				if m.start < s.Start || m.end > s.End || m.ent.ID == holderID || seen[m.ent.Name] {
					continue
				}
				if m.ent.Type == kronika.PER {
					continue // a person named beside a figure is rarely what it counts
				}
				seen[m.ent.Name] = true
				c.Subject = append(c.Subject, m.ent.Name)
			}
		}
		ctx := map[string]bool{}
		if subject != "" {
			ctx[subject] = true // what the figure counts belongs to it
		}
		for _, m := range ms {
			if m.start < s.Start || m.end > s.End || m.ent.Name == "" {
				continue
			}
			if country(m.ent) {
				c.countries = appendOnce(c.countries, m.ent.Name)
			} else if seen[m.ent.Name] {
				ctx[m.ent.Name] = true
			}
		}
		for _, n := range docCountries {
			c.countries = appendOnce(c.countries, n)
		}
		for _, n := range salient {
			ctx[n] = true
		}
		for n := range ctx {
			c.context = append(c.context, n)
		}
		sort.Strings(c.context)
		out = append(out, c)
	}
	return out
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// country reports whether an entity is a country: named by nearly every
// article of a region, it says little about which story an article tells.
func country(e *kronika.Entity) bool {
	return strings.HasPrefix(e.KB, "iso:") || strings.HasPrefix(e.KB, "un:")
}

// salientEntities returns the names of the n entities a document names
// most often, countries left out.
func salientEntities(doc *kronika.Document, n int) []string {
	type ec struct {
		name  string
		count int
		first int
	}
	var es []ec
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if country(e) || e.Type == kronika.MISC || len(e.Mentions) == 0 {
			continue
		}
		es = append(es, ec{e.Name, len(e.Mentions), e.Mentions[0].Start})
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].count != es[j].count {
			return es[i].count > es[j].count
		}
		return es[i].first < es[j].first
	})
	var out []string
	for i := 0; i < len(es) && i < n; i++ {
		if es[i].count < 2 {
			break // named once, it is not what the article is about
		}
		out = append(out, es[i].name)
	}
	return out
}

// concept finds what a figure measures among its own words ("20,000
// protesters"), the words just before it (up to eight) and just after it
// (up to three) in its sentence.
func (p *pack) concept(toks []kronika.Token, s kronika.Sentence, first, last int) string {
	try := func(i int) string {
		w := strings.ToLower(toks[i].Text)
		for _, name := range p.concepts {
			for _, cue := range p.Concepts[name] {
				if pre, ok := strings.CutSuffix(cue, "*"); ok && strings.HasPrefix(w, pre) || cue == w {
					return name
				}
			}
		}
		return ""
	}
	for i := first; i < last; i++ {
		if c := try(i); c != "" {
			return c
		}
	}
	for i := first - 1; i >= s.First && i >= first-8; i-- {
		if c := try(i); c != "" {
			return c
		}
	}
	for i := last; i < s.Last && i < last+3; i++ {
		if c := try(i); c != "" {
			return c
		}
	}
	return ""
}

// String renders a claim for logs and the CLI.
func (c Claim) String() string {
	h := "?"
	if c.Holder != nil {
		h = *c.Holder
	}
	return fmt.Sprintf("%s %s %g %s (%s, %s %s)", c.Doc, c.Approx, c.Value, c.Unit, h, c.Source, c.Published)
}
