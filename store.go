package kronika

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"unicode"
)

// Store keeps analysed documents and the registry of entities across them.
// The embedded implementation is package sqlite; every caller (the command,
// the HTTP server) depends only on this interface, so that another backend
// can be added without touching them. Every method is safe for concurrent
// use; writes are serialised inside the store.
type Store interface {
	// Put stores analysed documents. A document whose ID is known with the
	// same content hash, or whose content is already stored under another
	// ID, is left alone (Unchanged); a known ID with a new hash is replaced
	// (Updated). The registry's corrections are applied while storing.
	Put(ctx context.Context, docs []*Document) ([]PutStatus, error)
	// Stored reports whether a document with this ID and content hash (see
	// ContentHash) is already stored, so that a caller can skip analysing it.
	Stored(ctx context.Context, id, hash string) (bool, error)

	// Article returns one document with all its facts, or ErrNotFound.
	Article(ctx context.Context, id string) (*Article, error)
	// Articles lists documents, newest first, filtered like a search.
	Articles(ctx context.Context, f Filter, p Page) (ArticleList, error)
	// Search runs a full-text query; see ParseQuery for the syntax.
	Search(ctx context.Context, q Query, p Page) (HitList, error)

	// Entities lists registry entities by mention count.
	Entities(ctx context.Context, f EntityFilter, p Page) (EntityList, error)
	// Entity returns one registry entity with its forms, titles and
	// timeline, or ErrNotFound.
	Entity(ctx context.Context, id int64) (*EntityDetail, error)
	// FindEntity resolves a name, alias, surface form or KB id to a
	// registry entity, or ErrNotFound.
	FindEntity(ctx context.Context, name string) (*RegistryEntity, error)
	// Quotes lists quotes, newest first, optionally of one speaker.
	Quotes(ctx context.Context, f QuoteFilter, p Page) (QuoteList, error)
	// Events lists events, newest first, optionally of one entity (as an
	// actor or the place) or one article.
	Events(ctx context.Context, f EventFilter, p Page) (EventList, error)
	// Documents calls fn with every stored document and its facts, in the
	// order they were first stored, until fn returns an error: what a
	// claim ledger is rebuilt from. Entity names are the registry's, so
	// that corrections (merges, aliases) reach whatever is built from
	// them. The document is fn's to keep.
	Documents(ctx context.Context, fn func(*Document) error) error

	// Correct records a correction of the registry and applies it to the
	// stored documents; it is applied again to every later Put.
	Correct(ctx context.Context, c Correction) error
	// Corrections lists the recorded corrections, oldest first.
	Corrections(ctx context.Context) ([]Correction, error)
	// Lookup returns the registry entity that a surface form is attached to
	// by an alias correction, for the extraction's linker to honour.
	Lookup(ctx context.Context, surface, lang string) (*RegistryEntity, bool, error)

	// Stats counts what the store holds.
	Stats(ctx context.Context) (StoreStats, error)
	Close() error
}

// ErrNotFound is returned when an article or entity does not exist.
var ErrNotFound = errors.New("not found")

// PutStatus says what Put did with one document.
type PutStatus int

// The outcomes of Put.
const (
	Inserted PutStatus = iota
	Updated
	Unchanged
)

func (s PutStatus) String() string {
	switch s {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// Page selects a window of a list. Limit 0 means the default (20); the
// largest accepted is MaxLimit.
type Page struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// MaxLimit bounds one page.
const MaxLimit = 200

// Norm returns the page with its defaults and bounds applied.
func (p Page) Norm() Page {
	if p.Offset < 0 {
		p.Offset = 0
	}
	if p.Limit <= 0 {
		p.Limit = 20
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	return p
}

// Filter restricts articles and search hits. Dates compare as text
// (YYYY, YYYY-MM or YYYY-MM-DD), both ends inclusive; To "2024-03" takes
// in all of March.
type Filter struct {
	Entities []string `json:"entities,omitempty"` // names, aliases or KB ids; all must be mentioned
	Lang     string   `json:"lang,omitempty"`
	Source   string   `json:"source,omitempty"`
	From     string   `json:"from,omitempty"`
	To       string   `json:"to,omitempty"`
}

// Query is a parsed search: words and phrases, all required, and filters.
type Query struct {
	Terms   []string `json:"terms"` // words; a phrase is one term with spaces
	Exclude []string `json:"exclude,omitempty"`
	Filter
}

// ParseQuery reads the search syntax: words, "quoted phrases", -word to
// exclude, and the filters entity:NAME (or entity:"North Korea"),
// lang:sq, source:NAME, from:2024-01-01, to:2024-12-31.
func ParseQuery(s string) Query {
	var q Query
	for _, f := range splitQuery(s) {
		key, val, ok := strings.Cut(f, ":")
		if ok && !strings.HasPrefix(f, `"`) && val != "" {
			val = strings.Trim(val, `"`)
			switch strings.ToLower(key) {
			case "entity":
				q.Entities = append(q.Entities, val)
				continue
			case "lang":
				q.Lang = strings.ToLower(val)
				continue
			case "source":
				q.Source = val
				continue
			case "from", "after", "since":
				q.From = val
				continue
			case "to", "before", "until":
				q.To = val
				continue
			}
		}
		if strings.HasPrefix(f, "-") && len(f) > 1 {
			q.Exclude = append(q.Exclude, strings.Trim(f[1:], `"`))
			continue
		}
		if t := strings.TrimSpace(strings.Trim(f, `"`)); t != "" {
			q.Terms = append(q.Terms, t)
		}
	}
	return q
}

// splitQuery splits on white space outside double quotes.
func splitQuery(s string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case unicode.IsSpace(r) && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// Article is a stored document with the registry entity of each of its
// entities.
type Article struct {
	Document
	Hash     string           `json:"hash"`
	Ingested string           `json:"ingested"` // RFC 3339
	Registry map[string]int64 `json:"registry"` // document entity id (e1) → registry entity id
}

// ArticleSummary is one row of an article list.
type ArticleSummary struct {
	ID        string `json:"doc"`
	Title     string `json:"title"`
	Lang      string `json:"lang"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	Words     int    `json:"words"`
}

// ArticleList is a page of articles.
type ArticleList struct {
	Items []ArticleSummary `json:"items"`
	Total int              `json:"total"`
	Page
}

// Hit is one search result. Snippet is HTML: the article text escaped,
// with the matched words in <mark> elements.
type Hit struct {
	ID        string  `json:"doc"`
	Title     string  `json:"title"`
	Published string  `json:"published,omitempty"`
	Source    string  `json:"source,omitempty"`
	Lang      string  `json:"lang"`
	Snippet   string  `json:"snippet"`
	Score     float64 `json:"score"`
}

// HitList is a page of search results. Total may stop counting at a bound
// (10,000 in the SQLite store) when a query matches more.
type HitList struct {
	Items []Hit `json:"items"`
	Total int   `json:"total"`
	Page
}

// RegistryEntity is an entity of the store's registry: one referent across
// documents, keyed by its KB id, or by type and name when it has none.
type RegistryEntity struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	KB       string `json:"kb,omitempty"`
	Mentions int    `json:"mentions"`
	Articles int    `json:"articles"`
}

// EntityFilter restricts an entity list.
type EntityFilter struct {
	Type string `json:"type,omitempty"`
	Name string `json:"name,omitempty"` // a prefix of the name, case-insensitive
}

// EntityList is a page of entities.
type EntityList struct {
	Items []RegistryEntity `json:"items"`
	Total int              `json:"total"`
	Page
}

// Form is one way an entity is written, with how often.
type Form struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Period is the number of articles mentioning an entity in one month.
type Period struct {
	Month    string `json:"month"` // YYYY-MM
	Articles int    `json:"articles"`
	Mentions int    `json:"mentions"`
}

// EntityDetail is an entity with everything known about it.
type EntityDetail struct {
	RegistryEntity
	Names    []string `json:"names"`  // canonical names given by extraction
	Forms    []Form   `json:"forms"`  // surface forms in the texts
	Titles   []Form   `json:"titles"` // titles and roles given to it
	Aliases  []string `json:"aliases"`
	Timeline []Period `json:"timeline"`
	Merged   []int64  `json:"merged,omitempty"` // entities merged into this one
}

// QuoteFilter restricts a quote list.
type QuoteFilter struct {
	Speaker int64  `json:"speaker,omitempty"` // registry entity id, 0 for any
	Article string `json:"article,omitempty"`
}

// StoredQuote is a quote with its article and its speaker in the registry.
type StoredQuote struct {
	Quote
	Article     string `json:"article"`
	Title       string `json:"title"`
	Published   string `json:"published,omitempty"`
	SpeakerID   int64  `json:"speaker_id,omitempty"`
	SpeakerName string `json:"speaker_name,omitempty"`
}

// QuoteList is a page of quotes.
type QuoteList struct {
	Items []StoredQuote `json:"items"`
	Total int           `json:"total"`
	Page
}

// EventFilter restricts an event list.
type EventFilter struct {
	Entity  int64  `json:"entity,omitempty"` // registry entity id, as actor or place; 0 for any
	Article string `json:"article,omitempty"`
}

// EntityRef names a registry entity.
type EntityRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// StoredEvent is an event with its article, its sentence and its actors
// and place in the registry.
type StoredEvent struct {
	Event
	Article   string      `json:"article"`
	Title     string      `json:"title"`
	Published string      `json:"published,omitempty"`
	Sentence  string      `json:"sentence"`
	ActorRefs []EntityRef `json:"actor_refs"`
	PlaceRef  *EntityRef  `json:"place_ref"`
}

// EventList is a page of events.
type EventList struct {
	Items []StoredEvent `json:"items"`
	Total int           `json:"total"`
	Page
}

// Correction kinds.
const (
	Merge = "merge" // From is merged into To
	Alias = "alias" // Surface names To
	Split = "split" // Surface no longer names From; it becomes its own entity
)

// Correction is a user's fix of the registry. Entities are given by
// registry id.
type Correction struct {
	ID      int64  `json:"id,omitempty"`
	Kind    string `json:"kind"`
	From    int64  `json:"from,omitempty"`
	To      int64  `json:"to,omitempty"`
	Surface string `json:"surface,omitempty"`
	Created string `json:"created,omitempty"`
}

// Validate checks that a correction names what its kind needs.
func (c Correction) Validate() error {
	switch c.Kind {
	case Merge:
		if c.From == 0 || c.To == 0 || c.From == c.To {
			return errors.New("merge needs two different entities")
		}
	case Alias:
		if c.To == 0 || strings.TrimSpace(c.Surface) == "" {
			return errors.New("alias needs an entity and a name")
		}
	case Split:
		if c.From == 0 || strings.TrimSpace(c.Surface) == "" {
			return errors.New("split needs an entity and a name")
		}
	default:
		return errors.New("unknown correction " + c.Kind)
	}
	return nil
}

// StoreStats counts what a store holds.
type StoreStats struct {
	Articles int `json:"articles"`
	Entities int `json:"entities"`
	Quotes   int `json:"quotes"`
	Events   int `json:"events"`
}

// ContentHash is the hash that tells whether an article changed: its text
// and metadata, not its ID nor what extraction made of it.
func ContentHash(d *Document) string {
	h := sha256.New()
	for _, s := range []string{d.Source, d.Published, d.Title, d.URL, d.Text} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
