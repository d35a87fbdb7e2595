package tagger

// rowBits is the size of the hashed feature space: a feature hash keeps its
// top rowBits bits as its row. Training indexes a dense array by row; the
// trained model keeps only the rows with weight, in an open-addressing
// table keyed by row, so both see exactly the same collisions.
const rowBits = 22

func rowOf(h uint64) uint32 { return uint32(h >> (64 - rowBits)) }

// weights is the compact, quantised weight table of one stage.
type weights struct {
	nTags int
	mask  uint32
	keys  []uint32 // row+1; 0 marks an empty slot
	w     []int16  // nTags per slot
	scale float32  // real weight = w * scale
	rows  int
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
		nTags: nTags,
		mask:  uint32(size - 1),
		keys:  make([]uint32, size),
		w:     make([]int16, size*nTags),
	}
}

// slot returns the slot of row, or -1 when the row has no weights.
// Rows are top hash bits, hence already uniform: no further hashing.
func (t *weights) slot(row uint32) int {
	key := row + 1
	for s := row & t.mask; ; s = (s + 1) & t.mask {
		k := t.keys[s]
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
	s := row & t.mask
	for t.keys[s] != 0 && t.keys[s] != key {
		s = (s + 1) & t.mask
	}
	if t.keys[s] == 0 {
		t.rows++
	}
	t.keys[s] = key
	copy(t.w[int(s)*t.nTags:], w)
}

// add adds the weights of the feature hashes fs to scores.
func (t *weights) add(fs []uint64, scores []int32) {
	n := t.nTags
	scores = scores[:n]
	for _, h := range fs {
		s := t.slot(rowOf(h))
		if s < 0 {
			continue
		}
		w := t.w[s*n : s*n+n]
		for k := range scores {
			scores[k] += int32(w[k])
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
