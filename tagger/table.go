package tagger

// rowBits is the size of the hashed feature space: a feature hash keeps its
// top rowBits bits as its row. Training indexes a dense array by row; the
// trained model keeps only the rows with weight, in an open-addressing
// table keyed by row, so both see exactly the same collisions.
const rowBits = 22

func rowOf(h uint64) uint32 { return uint32(h >> (64 - rowBits)) }

// weights is the compact, quantised weight table of one stage. Each slot
// holds its key and its weights side by side (stride int16s: the key's two
// halves, then one weight per tag), so that looking a feature up touches
// one cache line rather than one in a key array and another in a weight
// array: tagging is bound by these lookups.
type weights struct {
	nTags  int
	stride int
	mask   uint32
	data   []int16
	scale  float32 // real weight = w * scale
	rows   int
}

func newWeights(nTags, rows int) *weights {
	size := 1
	for size < 2*rows {
		size <<= 1
	}
	if size < 16 {
		size = 16
	}
	return &weights{
		nTags:  nTags,
		stride: nTags + 2,
		mask:   uint32(size - 1),
		data:   make([]int16, size*(nTags+2)),
	}
}

// key returns the key of slot s: its row+1, or 0 when the slot is empty.
func (t *weights) key(s int) uint32 {
	o := s * t.stride
	return uint32(uint16(t.data[o]))<<16 | uint32(uint16(t.data[o+1]))
}

// wrow returns the weights of slot s.
func (t *weights) wrow(s int) []int16 {
	o := s*t.stride + 2
	return t.data[o : o+t.nTags]
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

func (t *weights) insert(row uint32, w []int16) {
	key := row + 1
	s := int(row & t.mask)
	for k := t.key(s); k != 0 && k != key; k = t.key(s) {
		s = (s + 1) & int(t.mask)
	}
	if t.key(s) == 0 {
		t.rows++
	}
	o := s * t.stride
	t.data[o], t.data[o+1] = int16(uint16(key>>16)), int16(uint16(key))
	copy(t.wrow(s), w)
}

// add adds the weights of the feature hashes fs to scores.
func (t *weights) add(fs []uint64, scores []int32) {
	n, stride, mask, data := t.nTags, t.stride, t.mask, t.data
	scores = scores[:n]
	for _, h := range fs {
		row := rowOf(h)
		key := row + 1
		for s := row & mask; ; s = (s + 1) & mask {
			o := int(s) * stride
			k := uint32(uint16(data[o]))<<16 | uint32(uint16(data[o+1]))
			if k == key {
				w := data[o+2 : o+2+n]
				for i := range scores {
					scores[i] += int32(w[i])
				}
				break
			}
			if k == 0 {
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
