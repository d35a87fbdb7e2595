// Package tagger is a statistical named-entity tagger for English news: a
// greedy left-to-right averaged perceptron over hashed features, in two
// stages. The first stage tags each sentence from local features (word,
// shape, affixes, context words, word clusters, a gazetteer, the previous
// two predicted tags); the second stage sees the same features plus what
// the first stage said about the same word elsewhere in the document,
// which resolves headlines in capitals and later short mentions.
//
// The English model is trained on CoNLL-2003 by ./internal/train and
// embedded in the binary; see README.md.
package tagger

import (
	"bytes"
	_ "embed"
	"sync"
)

// Label is one entity found in a sentence: the tokens [Start, End) and the
// entity type (PER, ORG, LOC or MISC for the English model).
type Label struct {
	Start, End int
	Type       string
}

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	types    []string // entity types, sorted
	tags     []string // "O", then "B-PER"… in the model's scheme
	tagKind  []byte   // 'O', 'B', 'I', 'L' or 'U'
	tagType  []int8   // index into types; -1 for O
	clusters u64map   // lower-case word hash → packed cluster ids
	gaz      u64map   // token-sequence hash → type bit mask
	stages   []*weights
	pool     sync.Pool
}

//go:embed model/en.bin
var enModel []byte

var english = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(enModel))
})

// English returns the embedded English model, loading it on first use.
func English() (*Model, error) { return english() }

// Types returns the entity types the model assigns.
func (m *Model) Types() []string { return append([]string(nil), m.types...) }

// Tag finds the entities of one sentence, without document context.
func (m *Model) Tag(tokens []string) []Label {
	return m.TagDoc([][]string{tokens})[0]
}

// TagDoc finds the entities of every sentence of a document. Passing a
// whole document rather than sentence by sentence lets the second stage
// use what the document says about each word elsewhere.
func (m *Model) TagDoc(sentences [][]string) [][]Label {
	sc := m.getScratch()
	defer m.pool.Put(sc)
	m.tagDoc(sc, sentences)
	out := make([][]Label, len(sentences))
	for si := range sentences {
		out[si] = m.decode(sc.sentTags(si), nil)
	}
	return out
}

// TagDocTags is TagDoc returning the raw tag names (B-PER, I-PER, O…).
func (m *Model) TagDocTags(sentences [][]string) [][]string {
	sc := m.getScratch()
	defer m.pool.Put(sc)
	m.tagDoc(sc, sentences)
	out := make([][]string, len(sentences))
	for si := range sentences {
		tags := sc.sentTags(si)
		out[si] = make([]string, len(tags))
		for i, t := range tags {
			out[si][i] = m.tags[t]
		}
	}
	return out
}

// scratch holds the per-call buffers, so that tagging allocates nothing
// per token.
type scratch struct {
	toks   []tokInfo // per sentence: 2 pads, tokens, 2 pads
	tokOff []int     // start of each sentence in toks
	tags   []uint8   // stage-1 then final tags, flat over the document
	tagOff []int
	s1     []uint8
	df     []docFeat
	gaz    []gazHit
	fs     []uint64
	scores []int32
	ctxs   []sentCtx
	agg    docAgg
}

func (sc *scratch) sentTags(si int) []uint8 { return sc.tags[sc.tagOff[si]:sc.tagOff[si+1]] }

func (m *Model) getScratch() *scratch {
	if v := m.pool.Get(); v != nil {
		return v.(*scratch)
	}
	return &scratch{fs: make([]uint64, 0, 128), scores: make([]int32, len(m.tags))}
}

// prepare analyses every token of the document into sc.
func (m *Model) prepare(sc *scratch, sentences [][]string) {
	sc.toks = sc.toks[:0]
	sc.tokOff = sc.tokOff[:0]
	sc.tagOff = append(sc.tagOff[:0], 0)
	n := 0
	for _, s := range sentences {
		sc.tokOff = append(sc.tokOff, len(sc.toks))
		sc.toks = append(sc.toks, padBefore, padBefore)
		for _, w := range s {
			var t tokInfo
			t.analyse(w, m)
			sc.toks = append(sc.toks, t)
		}
		sc.toks = append(sc.toks, padAfter, padAfter)
		n += len(s)
		sc.tagOff = append(sc.tagOff, n)
	}
	sc.tags = grow(sc.tags, n)
	sc.s1 = grow(sc.s1, n)
	sc.gaz = grow(sc.gaz, n)
	sc.df = grow(sc.df, n)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// sentence returns the feature context of sentence si (without stage-1
// information).
func (m *Model) sentence(sc *scratch, si int, sentLen int) sentCtx {
	lo := sc.tokOff[si]
	c := sentCtx{toks: sc.toks[lo : lo+sentLen+4]}
	c.capsSent = capsSentence(c.toks[2 : 2+sentLen])
	if m.gaz.n > 0 {
		c.gaz = sc.gaz[sc.tagOff[si]:sc.tagOff[si+1]]
		matchGaz(&m.gaz, c.toks[2:2+sentLen], c.gaz)
	}
	return c
}

// tagDoc runs both stages over the document and leaves the tags in sc.tags.
func (m *Model) tagDoc(sc *scratch, sentences [][]string) {
	m.prepare(sc, sentences)
	sc.ctxs = grow(sc.ctxs, len(sentences))
	ctxs := sc.ctxs
	for si, s := range sentences {
		ctxs[si] = m.sentence(sc, si, len(s))
		m.greedy(sc, &ctxs[si], m.stages[0], sc.tags[sc.tagOff[si]:sc.tagOff[si+1]])
	}
	if len(m.stages) < 2 {
		return
	}
	copy(sc.s1, sc.tags)
	sc.agg.compute(m, sc.toks, sc.tokOff, sc.tagOff, sc.s1, sc.df)
	for si := range sentences {
		ctxs[si].s1 = sc.df[sc.tagOff[si]:sc.tagOff[si+1]]
		m.greedy(sc, &ctxs[si], m.stages[1], sc.tags[sc.tagOff[si]:sc.tagOff[si+1]])
	}
}

// greedy tags one sentence left to right.
func (m *Model) greedy(sc *scratch, c *sentCtx, w *weights, out []uint8) {
	nt := len(m.tags)
	p1, p2 := nt, nt
	scores := sc.scores[:nt]
	for i := range out {
		fs := staticFeatures(c, i, sc.fs[:0])
		fs = dynamicFeatures(c, i, p1, p2, fs)
		sc.fs = fs
		clear(scores)
		w.add(fs, scores)
		best := 0
		for k := 1; k < nt; k++ {
			if scores[k] > scores[best] {
				best = k
			}
		}
		out[i] = uint8(best)
		p2, p1 = p1, best
	}
}

// capsSentence reports whether a sentence is written in capitals, as
// headlines are: no token has a lower-case letter and some have letters.
func capsSentence(toks []tokInfo) bool {
	letters := 0
	for i := range toks {
		if toks[i].flags&flHasLower != 0 {
			return false
		}
		if toks[i].flags&flHasLetter != 0 {
			letters++
		}
	}
	return letters > 0
}

// decode turns tags into labels. It is lenient, as conlleval is: an I- or
// L- tag that does not continue an entity of its type starts one.
func (m *Model) decode(tags []uint8, out []Label) []Label {
	open := -1
	var typ int8 = -1
	flush := func(end int) {
		if open >= 0 {
			out = append(out, Label{Start: open, End: end, Type: m.types[typ]})
		}
		open = -1
	}
	for i, t := range tags {
		k, ty := m.tagKind[t], m.tagType[t]
		switch k {
		case 'O':
			flush(i)
		case 'B', 'U':
			flush(i)
			open, typ = i, ty
		case 'I', 'L':
			if open < 0 || typ != ty {
				flush(i)
				open, typ = i, ty
			}
		}
		if k == 'U' || k == 'L' {
			flush(i + 1)
		}
	}
	flush(len(tags))
	return out
}
