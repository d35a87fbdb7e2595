// Package kb is kronika's knowledge base of named entities: countries,
// territories and regions (CLDR, iso-codes), major cities (GeoNames) and a
// curated list of organisations, people, places and events that the news
// of the region names. It answers the entity extractor's question "which
// known entity is this surface string, in this language?", through
// Albanian (and English) inflection: "Rusisë", "NATO-s" and "Koresë së
// Veriut" find Russia, NATO and North Korea.
//
// The table kb.tsv.gz is built by ./internal/gen from data packages (see
// README.md) and embedded; it is parsed once, on first use.
package kb

//go:generate go run ./internal/gen -kb . -lang ../lang

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed kb.tsv.gz
var tableGz []byte

// CanonicalLang is the language of the entries' canonical names, which are
// English Wikipedia titles: a match on one is a match in that language.
const CanonicalLang = "en"

// Entry is one known entity.
type Entry struct {
	ID         string // stable: iso:RU, un:150, gn:524901 (GeoNames), or a slug (nato)
	Name       string // canonical name: the English Wikipedia title
	Type       string // PER, ORG, LOC or MISC
	Source     string // cldr, geonames or curated
	Population int    // for places, when known; ranks ambiguous names
	Aliases    []Alias
}

// Alias is another name of an entry in one language.
type Alias struct {
	Lang string // ISO 639-1 code, or "*" for any language
	Text string
	// Type is MISC for a nationality word ("Russian", "rus") that names the
	// entry but is a MISC mention; empty otherwise.
	Type string
}

// Match is one entry that a surface string may name.
type Match struct {
	Entry *Entry
	Alias string // the name or alias of the entry that matched
	Lang  string // its language ("*" for the canonical name)
	Base  string // the form of the surface that matched: the surface itself or a base form
	Type  string // type of the mention: the entry's, or MISC for a nationality word
	// Inflected is set when Base is a base form rather than the surface;
	// Folded when the match ignored diacritics.
	Inflected, Folded bool
	Score             float64 // higher is better; only comparable within one lookup
}

// ref is one index posting: an entry under one of its names.
type ref struct {
	entry int32
	alias int32 // index into Entry.Aliases, -1 for the canonical name
	short bool  // an acronym of at most three letters (US, BE, PS)
	acr   bool  // written in capitals (NATO, SHBA)
}

// KB is the loaded knowledge base. It is safe for concurrent use.
type KB struct {
	entries []Entry
	byID    map[string]int
	exact   map[string][]ref
	loose   map[string][]ref
}

var (
	defaultOnce sync.Once
	defaultKB   *KB
	defaultErr  error
)

// Default returns the embedded knowledge base, loading it on first use.
func Default() (*KB, error) {
	defaultOnce.Do(func() {
		defaultKB, defaultErr = Load(tableGz)
	})
	return defaultKB, defaultErr
}

// Load parses a gzipped table in the format that ./internal/gen writes.
func Load(gz []byte) (*KB, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("kb: table: %w", err)
	}
	defer zr.Close()
	k := &KB{byID: map[string]int{}, exact: map[string][]ref{}, loose: map[string][]ref{}}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 5 {
			return nil, fmt.Errorf("kb: table line %d: %d fields", ln, len(fs))
		}
		pop, err := strconv.Atoi(fs[4])
		if err != nil {
			return nil, fmt.Errorf("kb: table line %d: population: %w", ln, err)
		}
		e := Entry{ID: fs[0], Type: fs[1], Source: fs[2], Name: fs[3], Population: pop}
		for _, f := range fs[5:] {
			l, text, ok := strings.Cut(f, "|")
			if !ok {
				return nil, fmt.Errorf("kb: table line %d: alias %q", ln, f)
			}
			a := Alias{Lang: l, Text: text}
			if l, t, ok := strings.Cut(l, "."); ok {
				a.Lang, a.Type = l, t
			}
			e.Aliases = append(e.Aliases, a)
		}
		k.entries = append(k.entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("kb: table: %w", err)
	}
	for i := range k.entries {
		e := &k.entries[i]
		k.byID[e.ID] = i
		k.index(int32(i), -1, e.Name)
		for j, a := range e.Aliases {
			k.index(int32(i), int32(j), a.Text)
		}
	}
	return k, nil
}

func (k *KB) index(entry, alias int32, text string) {
	ex, lo := Key(text)
	if ex == "" {
		return
	}
	r := ref{entry: entry, alias: alias, acr: isUpper(text)}
	if r.acr {
		n := 0
		for _, c := range text {
			if unicode.IsLetter(c) {
				n++
			}
		}
		r.short = n <= 3
	}
	add := func(m map[string][]ref, key string) {
		for _, o := range m[key] {
			if o.entry == entry && o.alias == alias {
				return
			}
		}
		m[key] = append(m[key], r)
	}
	add(k.exact, ex)
	add(k.loose, lo)
}

// Len returns the number of entries.
func (k *KB) Len() int { return len(k.entries) }

// Entries calls f for every entry, in id order, until f returns false.
func (k *KB) Entries(f func(*Entry) bool) {
	for i := range k.entries {
		if !f(&k.entries[i]) {
			return
		}
	}
}

// Get returns the entry of an id, or nil.
func (k *KB) Get(id string) *Entry {
	if i, ok := k.byID[id]; ok {
		return &k.entries[i]
	}
	return nil
}

// Lookup returns the entries that a name as written in a text of language
// lang may refer to, best first. It tries the surface, then its base forms
// (see BaseForms): "Rusisë" (sq) finds Russia, "the U.S." (en) the United
// States. Keys ignore case, and diacritics as a fallback ("Vucic" finds
// Aleksandar Vučić, ranked below an exact match). A surface in capitals
// of at most three letters matches only acronyms ("US", not "us").
func (k *KB) Lookup(surface, lang string) []Match {
	var out []Match
	var ebuf, lbuf [96]byte
	ex, lo := appendKeys(ebuf[:0], lbuf[:0], surface)
	if len(ex) == 0 {
		return nil
	}
	out = k.collect(out, ex, lo, surface, surface, lang, 0)
	if !k.sameLang(out, lang) {
		for i, b := range BaseForms(surface, lang) {
			ex, lo = appendKeys(ebuf[:0], lbuf[:0], b)
			out = k.collect(out, ex, lo, surface, b, lang, i+1)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// sameLang reports whether a match was found in the text's language as
// written, which makes base forms unnecessary.
func (k *KB) sameLang(ms []Match, lang string) bool {
	for _, m := range ms {
		if !m.Folded && (m.Lang == lang || m.Lang == "*") {
			return true
		}
	}
	return false
}

// collect adds the entries found under the keys of one candidate form.
// rank is 0 for the surface and i+1 for the i-th base form.
func (k *KB) collect(out []Match, ex, lo []byte, surface, form, lang string, rank int) []Match {
	formUpper := isUpper(form)
	for pass := 0; pass < 2; pass++ {
		var refs []ref
		if pass == 0 {
			refs = k.exact[string(ex)]
		} else {
			refs = k.loose[string(lo)]
		}
		for _, r := range refs {
			e := &k.entries[r.entry]
			m := Match{Entry: e, Alias: e.Name, Lang: "*", Base: form, Type: e.Type, Inflected: rank > 0, Folded: pass == 1}
			if r.alias >= 0 {
				a := e.Aliases[r.alias]
				m.Alias, m.Lang = a.Text, a.Lang
				if a.Type != "" {
					m.Type = a.Type
				}
			}
			same := m.Lang == lang || m.Lang == "*"
			switch {
			case r.short && !formUpper:
				continue // "us" is not the US, "be" not the EU
			case r.short && !same:
				continue // a foreign three-letter acronym is too likely a word
			case rank > 0 && !same:
				continue // inflection rules apply to the language's own names
			}
			m.Score = score(m, e, same, rank)
			out = merge(out, m)
		}
	}
	return out
}

func score(m Match, e *Entry, same bool, rank int) float64 {
	s := 1.0
	if !same {
		s -= 0.3
	}
	if m.Folded {
		s -= 0.2
	}
	if rank > 0 {
		s -= 0.1 + 0.01*float64(min(rank, 20))
	}
	switch e.Source {
	case "curated":
		s += 0.1
	case "cldr":
		s += 0.08
	}
	if e.Population > 0 {
		s += 0.01 * math.Log10(float64(e.Population))
	}
	return s
}

// merge keeps the best match of each entry.
func merge(out []Match, m Match) []Match {
	for i := range out {
		if out[i].Entry == m.Entry {
			if m.Score > out[i].Score {
				out[i] = m
			}
			return out
		}
	}
	return append(out, m)
}
