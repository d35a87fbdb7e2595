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
	"cmp"
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

// scratch holds the per-call buffers, so that tagging allocates nothing
// per token.
type scratch struct {
	toks   []tokInfo // per sentence: 2 pads, tokens, 2 pads
	tokOff []int     // start of each sentence in toks
	tags   []uint8   // stage-1 then final tags, flat over the document
	tagOff []int
	df     []docFeat
	gaz    []gazHit
	fs     []uint64
	scores []int32
	ctxs   []sentCtx
	agg    docAgg
	base   []int32      // per token: the sums of its word features
	cache  [2]wordCache // per stage
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
		m.greedy(sc, &ctxs[si], 0, s, sc.tags[sc.tagOff[si]:sc.tagOff[si+1]])
	}
	if len(m.stages) < 2 {
		return
	}
	// The document features take what they need of the stage-1 tags
	// before stage 2 overwrites them.
	sc.agg.compute(m, sc.toks, sc.tokOff, sc.tagOff, sc.tags, sc.df)
	for si, s := range sentences {
		ctxs[si].s1 = sc.df[sc.tagOff[si]:sc.tagOff[si+1]]
		m.greedy(sc, &ctxs[si], 1, s, sc.tags[sc.tagOff[si]:sc.tagOff[si+1]])
	}
}

// greedy tags one sentence (its words) left to right with stage st.
func (m *Model) greedy(sc *scratch, c *sentCtx, st int, words []string, out []uint8) {
	w := m.stages[st]
	nt := len(m.tags)
	sc.base = grow(sc.base, len(out)*nt)
	sc.cache[st].sentence(w, nt, c, words, sc.base)
	p1, p2 := nt, nt
	scores := sc.scores[:nt]
	for i := range out {
		copy(scores, sc.base[i*nt:i*nt+nt])
		fs := contextFeatures(c, i, sc.fs[:0])
		fs = dynamicFeatures(c, i, p1, p2, fs)
		sc.fs = fs
		w.add(fs, scores)
		best := argmax(scores)
		out[i] = uint8(best)
		p2, p1 = p1, best
	}
}

// argmax returns the index of the largest value of s, the first of equal
// ones (0 for an empty s).
func argmax[T cmp.Ordered](s []T) int {
	best := 0
	for k := 1; k < len(s); k++ {
		if s[k] > s[best] {
			best = k
		}
	}
	return best
}

// wordCacheSize is the number of words a wordCache holds.
const wordCacheSize = 1 << 12

// wordCache remembers, for the words seen last, the summed weights of the
// features that depend on one word: those of the token itself
// (tokenFeatures) and those it gives the tokens one and two places away
// (neighbourFeatures), two thirds of a token's lookups in all. Frequent
// words then cost one probe of a small table instead of some thirty
// probes of a large one. Sums of integers are exact, so the scores are
// those of looking every feature up.
type wordCache struct {
	w     *weights
	nt    int
	words []string // by slot; the word whose sums the slot holds
	full  []bool
	sums  []int32 // per slot: nt for the token, then nt per neighbour position
	pads  [2][]int32
	fs    []uint64
}

// fill sets sum (nt·(1+nNeighbours) int32s) to the sums of token t.
func (wc *wordCache) fill(t *tokInfo, sum []int32) {
	clear(sum)
	nt := wc.nt
	wc.fs = tokenFeatures(t, wc.fs[:0])
	wc.w.add(wc.fs, sum[:nt])
	for nb := range nNeighbours {
		wc.fs = neighbourFeatures(t, nb, wc.fs[:0])
		wc.w.add(wc.fs, sum[nt+nb*nt:nt+nb*nt+nt])
	}
}

// sentence sets base (nt per token) to the sums of the word features of
// every token of the sentence c, whose words are words.
func (wc *wordCache) sentence(w *weights, nt int, c *sentCtx, words []string, base []int32) {
	stride := nt * (1 + nNeighbours)
	if wc.w != w || wc.nt != nt {
		*wc = wordCache{
			w:     w,
			nt:    nt,
			words: make([]string, wordCacheSize),
			full:  make([]bool, wordCacheSize),
			sums:  make([]int32, wordCacheSize*stride),
		}
		for k, pad := range []*tokInfo{&padBefore, &padAfter} {
			wc.pads[k] = make([]int32, stride)
			wc.fill(pad, wc.pads[k])
		}
	}
	n := len(words)
	addTo := func(i int, v []int32) {
		b := base[i*nt : i*nt+nt]
		for k := range b {
			b[k] += v[k]
		}
	}
	// part returns the sums token j gives at neighbour position nb (-1:
	// its own).
	part := func(sum []int32, nb int) []int32 { return sum[nt+nb*nt : nt+nb*nt+nt] }
	for j, word := range words {
		t := &c.toks[j+2]
		s := int(t.word & (wordCacheSize - 1))
		sum := wc.sums[s*stride : s*stride+stride]
		if !wc.full[s] || wc.words[s] != word {
			wc.fill(t, sum)
			wc.words[s], wc.full[s] = word, true
		}
		addTo(j, sum[:nt])
		if j+1 < n {
			addTo(j+1, part(sum, nbLeft1))
		}
		if j+2 < n {
			addTo(j+2, part(sum, nbLeft2))
		}
		if j >= 1 {
			addTo(j-1, part(sum, nbRight1))
		}
		if j >= 2 {
			addTo(j-2, part(sum, nbRight2))
		}
	}
	// The pads outside the sentence.
	before, after := wc.pads[0], wc.pads[1]
	for i := range n {
		if i < 1 {
			addTo(i, part(before, nbLeft1))
		}
		if i < 2 {
			addTo(i, part(before, nbLeft2))
		}
		if i+1 >= n {
			addTo(i, part(after, nbRight1))
		}
		if i+2 >= n {
			addTo(i, part(after, nbRight2))
		}
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
