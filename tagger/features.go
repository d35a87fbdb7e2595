package tagger

import (
	"unicode"
	"unicode/utf8"
)

// Features are hashed on the fly: every token gets a handful of 64-bit
// hashes (form, lower case, shape, affixes) computed once per sentence, and
// a feature is a template id mixed with one or more of them. No strings are
// built while tagging.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix combines two hashes; it is a murmur3-style finaliser over a^b.
func mix(a, b uint64) uint64 {
	h := a ^ (b*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019)
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func fnvByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func fnvRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		return fnvByte(h, byte(r))
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h = fnvByte(h, b)
	}
	return h
}

// hashString is FNV-1a over the bytes of s.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return h
}

// hashLower is FNV-1a over the bytes of the lower-cased s, without
// building the lower-cased string.
func hashLower(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			h = fnvByte(h, byte(r))
			continue
		}
		h = fnvRune(h, unicode.ToLower(r))
	}
	return h
}

// Token flags.
const (
	flInitCap uint16 = 1 << iota
	flHasDigit
	flHasLower
	flHasLetter
)

const maxAffix = 4

// tokInfo holds the per-token hashes the feature templates combine.
type tokInfo struct {
	word, lower, shape, short uint64
	pre, suf                  [maxAffix]uint64
	clus                      [nClusterLevels]uint32 // 0: unknown word
	flags                     uint16
}

// Sentinels for positions outside the sentence.
var (
	padBefore = tokInfo{word: 0xb5f1, lower: 0xb5f1, shape: 0xb5f1, short: 0xb5f1}
	padAfter  = tokInfo{word: 0xe0d5, lower: 0xe0d5, shape: 0xe0d5, short: 0xe0d5}
)

func shapeClass(r rune) rune {
	switch {
	case 'a' <= r && r <= 'z':
		return 'x'
	case 'A' <= r && r <= 'Z':
		return 'X'
	case '0' <= r && r <= '9':
		return 'd'
	case r < utf8.RuneSelf:
		return r
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r), unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return r
}

// analyse fills t from the token s. Shapes cap runs of one class at three
// ("Xxxx" for every capitalised word of four letters or more); the short
// shape collapses runs to one ("Xx", "d-d", "X.X.").
func (t *tokInfo) analyse(s string, m *Model) {
	t.word = hashString(s)
	lower := uint64(fnvOffset)
	shape := uint64(fnvOffset)
	short := uint64(fnvOffset)
	var last [maxAffix]rune
	var prevClass rune = -1
	run := 0
	n := 0
	var fl uint16
	for _, r := range s {
		c := shapeClass(r)
		switch c {
		case 'X':
			fl |= flHasLetter
			if n == 0 {
				fl |= flInitCap
			}
		case 'x':
			fl |= flHasLetter | flHasLower
		case 'd':
			fl |= flHasDigit
		}
		if c == prevClass {
			run++
		} else {
			run = 1
			short = fnvRune(short, c)
		}
		if run <= 3 {
			shape = fnvRune(shape, c)
		}
		prevClass = c
		lr := unicode.ToLower(r)
		lower = fnvRune(lower, lr)
		if n < maxAffix {
			t.pre[n] = lower
		}
		last[n%maxAffix] = lr
		n++
	}
	for k := n; k < maxAffix; k++ {
		t.pre[k] = lower
	}
	// Suffix hashes run backwards from the last rune.
	h := uint64(fnvOffset)
	for k := 0; k < maxAffix; k++ {
		if k < n {
			h = fnvRune(h, last[(n-1-k)%maxAffix])
		}
		t.suf[k] = h
	}
	t.lower, t.shape, t.short, t.flags = lower, shape, short, fl
	t.clus = [nClusterLevels]uint32{}
	if m != nil && m.clusters.n > 0 {
		if v, ok := m.clusters.get(lower); ok {
			t.clus = unpackClusters(v)
		}
	}
}

// Feature template ids. They are part of the model format: renumbering
// them invalidates trained models.
const (
	tBias uint64 = iota + 1
	tWord
	tLower
	tShape
	tShort
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tShapeM1
	tShapeP1
	tShort3
	tBiM1
	tBiP1
	tInitial
	tCapsSent
	tCapsSentLower
	tClusM1
	tClusP1
	tWordM1
	tWordP1
	tGaz
	tGazLen
	tGazInit
	tS1Tag
	tS1TagM1
	tS1TagP1
	tDocMaj
	tDocHas
	tDocMajShort
	tDocFullMaj
	tDocFirst
	tP1
	tP2P1
	tP1Lower
	tP1Short
	tP1Shape
)

// Templates with one id per affix length or cluster level.
const (
	tPre  uint64 = 100
	tSuf  uint64 = 110
	tClus uint64 = 120
)

// sentCtx is what the templates may look at besides the tokens.
type sentCtx struct {
	toks     []tokInfo // with two pads on each side
	capsSent bool
	gaz      []gazHit // per token; nil without a gazetteer
	s1       []docFeat
}

// docFeat carries the non-local, first-stage information of one token.
type docFeat struct {
	s1Tag   uint8 // first-stage tag at this token
	maj     uint8 // 0 none; 1+type: majority type of the same word elsewhere in the document; 1+nTypes: seen only outside entities
	has     uint8 // bit mask of types the same word has elsewhere
	fullMaj uint8 // majority full tag elsewhere, +1
	first   uint8 // tag of the first occurrence in the document, +1 (0 if this is it)
}

type gazHit struct {
	types uint8 // bit per type: a name of that type covers the token
	begin uint8 // bit per type: a name of that type starts here
	long  uint8 // bit per type: the covering name has two or more tokens
}

// staticFeatures appends the hashes of every feature of token i that does
// not depend on the tags being predicted. Tagging sums the same features by
// part (see wordCache): the token's word alone (tokenFeatures), the words
// one and two places to its left and right (neighbourFeatures), and the
// rest (contextFeatures).
func staticFeatures(c *sentCtx, i int, out []uint64) []uint64 {
	tk := c.toks[i : i+5 : i+5] // tk[2] is token i
	out = tokenFeatures(&tk[2], out)
	out = neighbourFeatures(&tk[1], nbLeft1, out)
	out = neighbourFeatures(&tk[3], nbRight1, out)
	out = neighbourFeatures(&tk[0], nbLeft2, out)
	out = neighbourFeatures(&tk[4], nbRight2, out)
	return contextFeatures(c, i, out)
}

// tokenFeatures appends the features that depend on token t alone.
func tokenFeatures(t *tokInfo, out []uint64) []uint64 {
	out = append(out,
		tBias,
		mix(tWord, t.word),
		mix(tLower, t.lower),
		mix(tShape, t.shape),
		mix(tShort, t.short),
	)
	for k := 0; k < maxAffix; k++ {
		out = append(out, mix(tPre+uint64(k), t.pre[k]), mix(tSuf+uint64(k), t.suf[k]))
	}
	for l := 0; l < nClusterLevels; l++ {
		if t.clus[l] != 0 {
			out = append(out, mix(tClus+uint64(l), uint64(t.clus[l])))
		}
	}
	return out
}

// Neighbour positions: where token t stands relative to the token whose
// features neighbourFeatures gives.
const (
	nbLeft1 = iota
	nbRight1
	nbLeft2
	nbRight2
	nNeighbours
)

// neighbourFeatures appends the features a token gets from its neighbour t
// at position nb.
func neighbourFeatures(t *tokInfo, nb int, out []uint64) []uint64 {
	switch nb {
	case nbLeft1:
		out = append(out, mix(tLowerM1, t.lower), mix(tShapeM1, t.shape), mix(tWordM1, t.word))
		if t.clus[1] != 0 {
			out = append(out, mix(tClusM1, uint64(t.clus[1])))
		}
	case nbRight1:
		out = append(out, mix(tLowerP1, t.lower), mix(tShapeP1, t.shape), mix(tWordP1, t.word))
		if t.clus[1] != 0 {
			out = append(out, mix(tClusP1, uint64(t.clus[1])))
		}
	case nbLeft2:
		out = append(out, mix(tLowerM2, t.lower))
	case nbRight2:
		out = append(out, mix(tLowerP2, t.lower))
	}
	return out
}

// contextFeatures appends the features of staticFeatures that neither
// tokenFeatures nor neighbourFeatures give.
func contextFeatures(c *sentCtx, i int, out []uint64) []uint64 {
	tk := c.toks[i : i+5 : i+5] // tk[2] is token i
	t := &tk[2]
	out = append(out,
		mix(mix(mix(tShort3, tk[1].short), t.short), tk[3].short),
		mix(mix(tBiM1, tk[1].lower), t.lower),
		mix(mix(tBiP1, t.lower), tk[3].lower),
	)
	if i == 0 {
		out = append(out, mix(tInitial, t.short))
	}
	if c.capsSent {
		out = append(out, tCapsSent, mix(tCapsSentLower, t.lower))
	}
	return docFeatures(c, i, t.short, out)
}

// dynamicFeatures appends the features that look at the two previous
// predicted tags (p1 is the previous, p2 the one before; nTags marks
// "before the sentence").
func dynamicFeatures(c *sentCtx, i int, p1, p2 int, out []uint64) []uint64 {
	t := &c.toks[i+2]
	a, b := uint64(p1), uint64(p2)
	return append(out,
		mix(tP1, a),
		mix(mix(tP2P1, b), a),
		mix(mix(tP1Lower, a), t.lower),
		mix(mix(tP1Short, a), t.short),
		mix(mix(tP1Shape, a), t.shape),
	)
}

// docFeatures appends the features of token i that come from the
// gazetteer and from the first stage's view of the document, the tail of
// contextFeatures.
func docFeatures(c *sentCtx, i int, short uint64, out []uint64) []uint64 {
	if c.gaz != nil {
		g := c.gaz[i]
		if g.types != 0 {
			out = append(out,
				mix(tGaz, uint64(g.types)),
				mix(tGazInit, uint64(g.begin)),
				mix(tGazLen, uint64(g.long)),
			)
		}
	}
	if c.s1 != nil {
		d := c.s1[i]
		var m1, p1 uint8 = 255, 254
		if i > 0 {
			m1 = c.s1[i-1].s1Tag
		}
		if i+1 < len(c.s1) {
			p1 = c.s1[i+1].s1Tag
		}
		out = append(out,
			mix(tS1Tag, uint64(d.s1Tag)),
			mix(mix(tS1TagM1, uint64(m1)), uint64(d.s1Tag)),
			mix(mix(tS1TagP1, uint64(p1)), uint64(d.s1Tag)),
		)
		if d.maj != 0 {
			out = append(out,
				mix(tDocMaj, uint64(d.maj)),
				mix(tDocHas, uint64(d.has)),
				mix(mix(tDocMajShort, uint64(d.maj)), short),
				mix(tDocFullMaj, uint64(d.fullMaj)),
			)
		}
		if d.first != 0 {
			out = append(out, mix(tDocFirst, uint64(d.first)))
		}
	}
	return out
}
