package tagger

// rowBits is the size of the hashed feature space: a feature hash keeps its
// top rowBits bits as its row. Training indexes a dense array by row; the
// trained model keeps only the rows with weight, in an open-addressing
// table keyed by row, so both see exactly the same collisions.
const rowBits = 22

func rowOf(h uint64) uint32 { return uint32(h >> (64 - rowBits)) }

// weights is the compact, quantised weight table of one stage: an
// open-addressing index from row to the row's place in a dense weight
// array. Each index slot packs the key (row+1) in its high half and the
// place in its low half, so that a feature without weights, the common
// case, costs one probe in an index small enough to stay in cache, and a
// feature with weights one more read of nTags int16s. Tagging is bound by
// these lookups: a layout with the weights inside the slots is four times
// larger and misses the cache on nearly every probe.
type weights struct {
	nTags int
	mask  uint32
	index []uint64 // key<<32 | place; 0 is empty
	w     []int16  // nTags weights per place
	scale float32  // real weight = w * scale
	rows  int
}

func newWeights(nTags, rows int) *weights {
	// A load of at most 3/4: the probes of a miss stay within a cache
	// line or two, and the index is a quarter of the size it is at 1/4.
	size := 16
	for size*3 < 4*rows {
		size <<= 1
	}
	return &weights{
		nTags: nTags,
		mask:  uint32(size - 1),
		index: make([]uint64, size),
		w:     make([]int16, 0, rows*nTags),
	}
}

// key returns the key of slot s: its row+1, or 0 when the slot is empty.
func (t *weights) key(s int) uint32 { return uint32(t.index[s] >> 32) }

// wrow returns the weights of slot s.
func (t *weights) wrow(s int) []int16 {
	o := int(uint32(t.index[s])) * t.nTags
	return t.w[o : o+t.nTags]
}

// size returns the number of slots.
func (t *weights) size() int { return int(t.mask) + 1 }

// slot returns the slot of row, or -1 when the row has no weights.
// Rows are top hash bits, hence already uniform: no further hashing.
func (t *weights) slot(row uint32) int {
	key := row + 1
	for s := row & t.mask; ; s = (s + 1) & t.mask {
		k := t.key(int(s))
		if k == key {
			return int(s)
		}
		if k == 0 {
			return -1
		}
	}
}

// insert sets the weights of row; the table must have been sized for all
// its rows.
func (t *weights) insert(row uint32, w []int16) {
	key := row + 1
	s := int(row & t.mask)
	for k := t.key(s); k != 0 && k != key; k = t.key(s) {
		s = (s + 1) & int(t.mask)
	}
	if t.key(s) == 0 {
		t.index[s] = uint64(key)<<32 | uint64(t.rows)
		t.rows++
		t.w = append(t.w, make([]int16, t.nTags)...)
	}
	copy(t.wrow(s), w[:t.nTags])
}

// add adds the weights of the feature hashes fs to scores.
func (t *weights) add(fs []uint64, scores []int32) {
	n, mask, index, ws := t.nTags, t.mask, t.index, t.w
	scores = scores[:n]
	for _, h := range fs {
		row := rowOf(h)
		key := uint64(row + 1)
		for s := row & mask; ; s = (s + 1) & mask {
			e := index[s]
			if e>>32 == key {
				o := int(uint32(e)) * n
				w := ws[o : o+n]
				for i := range scores {
					scores[i] += int32(w[i])
				}
				break
			}
			if e == 0 {
				break
			}
		}
	}
}

// u64map is a small open-addressing map from a 64-bit hash to a uint32, for
// the word-cluster and gazetteer tables.
type u64map struct {
	n    int
	mask uint64
	keys []uint64 // 0 is empty; a real 0 key is stored as 1
	vals []uint32
}

func newU64map(n int) u64map {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return u64map{mask: uint64(size - 1), keys: make([]uint64, size), vals: make([]uint32, size)}
}

func fixKey(k uint64) uint64 {
	if k == 0 {
		return 1
	}
	return k
}

func (m *u64map) get(k uint64) (uint32, bool) {
	if m.n == 0 {
		return 0, false
	}
	k = fixKey(k)
	for s := k & m.mask; ; s = (s + 1) & m.mask {
		switch m.keys[s] {
		case k:
			return m.vals[s], true
		case 0:
			return 0, false
		}
	}
}

// put sets k to v; the map must have been sized for all its keys.
func (m *u64map) put(k uint64, v uint32) {
	k = fixKey(k)
	s := k & m.mask
	for m.keys[s] != 0 && m.keys[s] != k {
		s = (s + 1) & m.mask
	}
	if m.keys[s] == 0 {
		m.n++
	}
	m.keys[s] = k
	m.vals[s] = v
}

// each calls f for every entry, in slot order.
func (m *u64map) each(f func(k uint64, v uint32)) {
	for s, k := range m.keys {
		if k != 0 {
			f(k, m.vals[s])
		}
	}
}
