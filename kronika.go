// Package kronika holds the domain types of the kronika news-intelligence
// engine: documents and the facts extracted from them (entities, quotes,
// amounts, dates), the analysed form extractors share, and the interfaces
// that the implementation packages satisfy.
//
// Every offset in this package counts Unicode code points into
// Document.Text, never bytes: that is the contract of the output format
// (see ../shared/eval/FORMAT.md) and of the spans the store keeps.
package kronika

import "context"

// Document is one article: its metadata, its body and what was extracted
// from it. Its JSON form is the output contract of `kronika extract`.
type Document struct {
	ID        string `json:"doc"`
	Lang      string `json:"lang"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Text      string `json:"text"`

	Entities []Entity `json:"entities"`
	Quotes   []Quote  `json:"quotes"`
	Amounts  []Amount `json:"amounts"`
	Dates    []Date   `json:"dates"`
	Events   []Event  `json:"events"`
}

// Span is a half-open range [Start, End) of code points in a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of code points the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether s and o share at least one code point.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Entity types, after the CoNLL-2003 conventions.
const (
	PER  = "PER"
	ORG  = "ORG"
	LOC  = "LOC"
	MISC = "MISC"
)

// Entity is one real-world referent of a document with all its mentions.
type Entity struct {
	ID       string    `json:"id"`   // stable within the document: e1, e2, …
	Name     string    `json:"name"` // canonical English name, or the base form
	Type     string    `json:"type"`
	KB       string    `json:"kb,omitempty"` // knowledge-base id, the same across documents
	Titles   []string  `json:"titles,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// Mention is one place in the text that names an entity.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Type is set only when it differs from the entity's (the nationality
	// adjective "German" is MISC while its entity, Germany, is LOC).
	Type string `json:"type,omitempty"`
}

// Quote kinds.
const (
	Direct   = "direct"
	Indirect = "indirect"
)

// Quote is something said, directly or reported, with its speaker.
type Quote struct {
	Kind        string  `json:"kind"`
	Start       int     `json:"start"`
	End         int     `json:"end"`
	Text        string  `json:"text"`
	Speaker     *string `json:"speaker"` // entity id, or null
	SpeakerText string  `json:"speaker_text,omitempty"`
	Cue         string  `json:"cue,omitempty"`
}

// Approximation markers of an amount.
const (
	Exact    = "exact"
	About    = "about"
	MoreThan = "more_than"
	LessThan = "less_than"
	Vague    = "vague"
)

// Amount is a figure: its value, how exact it is, what it counts and who
// claims it.
type Amount struct {
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Text     string   `json:"text"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max,omitempty"`
	Approx   string   `json:"approx"`
	Unit     string   `json:"unit,omitempty"`
	Holder   *string  `json:"holder"` // entity id, or null
}

// Date is a temporal expression resolved against the publication date at the
// precision it is known (TIMEX3 value conventions); Value is nil when it
// cannot be resolved.
type Date struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Value    *string `json:"value"`
	Relative string  `json:"relative,omitempty"`
}

// Event types: a small fixed set, the same in every language.
const (
	Statement  = "statement"
	Meeting    = "meeting"
	Deployment = "deployment"
	Attack     = "attack"
	Casualties = "casualties"
	Arrest     = "arrest"
	Election   = "election"
	Agreement  = "agreement"
	Sanctions  = "sanctions"
	Protest    = "protest"
	Visit      = "visit"
	WarStart   = "war_start"
)

// Event is a coarse record of what happened, read from one sentence: its
// type, who took part, where and when.
type Event struct {
	Type   string   `json:"type"`
	Start  int      `json:"start"` // the sentence
	End    int      `json:"end"`
	Cue    string   `json:"cue"`    // the words that signal the event
	Actors []string `json:"actors"` // entity ids
	Place  *string  `json:"place"`  // entity id, or null
	Date   *string  `json:"date"`   // a resolved date value, or null
}

// Token kinds.
const (
	Word TokenKind = iota
	Number
	Punct
	Symbol
)

// TokenKind classifies a token.
type TokenKind uint8

// Token is one word, number or punctuation mark of a text.
type Token struct {
	Start, End int // code points
	Text       string
	Kind       TokenKind
}

// Sentence is a run of tokens; First and Last index Analysis.Tokens
// (Last exclusive) and Start/End are its code-point span.
type Sentence struct {
	Start, End  int
	First, Last int
}

// Analysis is a document together with its segmentation: what every
// extractor reads, and writes its results into (through Doc).
type Analysis struct {
	Doc       *Document
	Runes     []rune // Doc.Text as code points, so spans index it directly
	Tokens    []Token
	Sentences []Sentence

	memo map[any]any // see Memo
}

// Slice returns the text of a code-point span.
func (a *Analysis) Slice(start, end int) string { return string(a.Runes[start:end]) }

// Memo returns the value kept under key, calling build for it on the first
// call: data derived from an analysis that several extractors read (the
// lower-cased token texts, an index of the entity mentions) is computed once
// per analysis. The value is what build saw at that first call, so it must
// be derived from what no later stage changes, and callers share it read
// only. An Analysis is used by one goroutine at a time, so Memo takes no
// lock. A key should be of a type unexported by the package that builds the
// value, as with context values.
func (a *Analysis) Memo(key any, build func() any) any {
	if v, ok := a.memo[key]; ok {
		return v
	}
	v := build()
	if a.memo == nil {
		a.memo = map[any]any{}
	}
	a.memo[key] = v
	return v
}

// Extractor adds one kind of fact to an analysed document. Extractors run
// in a fixed order (entities, titles, quotes, amounts, dates, events), so a
// later one may read what an earlier one wrote. An extractor must be safe for concurrent
// use on different analyses.
type Extractor interface {
	Name() string
	Extract(ctx context.Context, a *Analysis) error
}

// Segmenter splits a text into tokens and sentences.
type Segmenter interface {
	Segment(text []rune, lang string) ([]Token, []Sentence)
}

// LanguageIdentifier names the language of a text with its ISO 639-1 code
// ("sh" stands for the Serbian/Croatian/Bosnian group), or "" when unsure.
type LanguageIdentifier interface {
	Identify(text string) string
}
