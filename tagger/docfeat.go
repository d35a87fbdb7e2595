package tagger

// nClusterLevels is how many granularities of word clusters a token
// carries (coarse to fine), each an id+1 packed in 10 bits.
const nClusterLevels = 3

func packClusters(ids [nClusterLevels]uint32) uint32 {
	var v uint32
	for l, id := range ids {
		v |= (id & 0x3ff) << (10 * l)
	}
	return v
}

func unpackClusters(v uint32) [nClusterLevels]uint32 {
	var ids [nClusterLevels]uint32
	for l := range ids {
		ids[l] = (v >> (10 * l)) & 0x3ff
	}
	return ids
}

// maxGazLen is the longest name, in tokens, the gazetteer matches.
const maxGazLen = 6

const gazSeed = 0x6a09e667f3bcc908

// gazKey extends the hash of a token sequence by one (lower-cased) token.
func gazKey(h, lower uint64) uint64 { return mix(h, lower) }

// matchGaz marks every token covered by a gazetteer name.
func matchGaz(g *u64map, toks []tokInfo, out []gazHit) {
	for i := range toks {
		if toks[i].flags&flHasLetter == 0 && toks[i].flags&flHasDigit == 0 {
			continue
		}
		h := uint64(gazSeed)
		for l := 1; l <= maxGazLen && i+l <= len(toks); l++ {
			h = gazKey(h, toks[i+l-1].lower)
			v, ok := g.get(h)
			if !ok {
				continue
			}
			bits := uint8(v)
			out[i].begin |= bits
			for j := i; j < i+l; j++ {
				out[j].types |= bits
				if l >= 2 {
					out[j].long |= bits
				}
			}
		}
	}
}

// docAgg gathers, for every capitalised word of a document (compared in
// lower case, so headline capitals meet body text), what the first stage
// tagged it as throughout the document.
type docAgg struct {
	idx      map[uint64]int32
	counts   []int32 // nTags per word
	firstPos []int32
	firstTag []uint8
}

func (a *docAgg) compute(m *Model, toks []tokInfo, tokOff, tagOff []int, s1 []uint8, df []docFeat) {
	if a.idx == nil {
		a.idx = make(map[uint64]int32)
	} else {
		clear(a.idx)
	}
	nt := len(m.tags)
	a.counts, a.firstPos, a.firstTag = a.counts[:0], a.firstPos[:0], a.firstTag[:0]
	for si, lo := range tokOff {
		base := tagOff[si]
		for i := 0; i < tagOff[si+1]-base; i++ {
			t := &toks[lo+2+i]
			if t.flags&flInitCap == 0 {
				continue
			}
			k, ok := a.idx[t.lower]
			if !ok {
				k = int32(len(a.firstPos))
				a.idx[t.lower] = k
				for range nt {
					a.counts = append(a.counts, 0)
				}
				a.firstPos = append(a.firstPos, int32(base+i))
				a.firstTag = append(a.firstTag, s1[base+i])
			}
			a.counts[int(k)*nt+int(s1[base+i])]++
		}
	}
	nTypes := len(m.types)
	var typeCount [8]int32
	for si, lo := range tokOff {
		base := tagOff[si]
		for i := 0; i < tagOff[si+1]-base; i++ {
			j := base + i
			d := docFeat{s1Tag: s1[j]}
			t := &toks[lo+2+i]
			if t.flags&flInitCap != 0 {
				k := a.idx[t.lower]
				c := a.counts[int(k)*nt : int(k)*nt+nt]
				c[s1[j]]-- // leave this occurrence out
				typeCount = [8]int32{}
				others, ents := int32(0), int32(0)
				bestTag := -1
				for tg, n := range c {
					if n == 0 {
						continue
					}
					others += n
					if ty := m.tagType[tg]; ty >= 0 {
						typeCount[ty] += n
						ents += n
						d.has |= 1 << ty
					}
					if bestTag < 0 || n > c[bestTag] {
						bestTag = tg
					}
				}
				c[s1[j]]++
				if others > 0 {
					d.fullMaj = uint8(bestTag + 1)
					if ents == 0 {
						d.maj = uint8(1 + nTypes)
					} else {
						d.maj = uint8(1 + argmax(typeCount[:nTypes]))
					}
				}
				if a.firstPos[k] != int32(j) {
					d.first = a.firstTag[k] + 1
				}
			}
			df[j] = d
		}
	}
}
