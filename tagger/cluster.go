package tagger

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Word clusters: every lower-cased word seen often enough in unlabelled
// text gets a vector of its left and right neighbours (positive PMI over
// the most frequent context words), the vectors are grouped by spherical
// k-means, and the cluster centroids are grouped again for the coarser
// levels. Words that share a cluster share features, which helps with
// names seen rarely or never in the labelled data.

const (
	clusterContexts = 1000 // most frequent words used as contexts
	clusterMinFreq  = 2
	clusterMaxVocab = 40000
	clusterIters    = 12
)

type sparseVec struct {
	idx []int32
	val []float32
}

func buildClusters(sents [][]string, sizes [nClusterLevels]int, seed uint64, logf func(string, ...any)) u64map {
	freq := map[string]int{}
	lowered := make([][]string, len(sents))
	for si, s := range sents {
		ls := make([]string, len(s))
		for i, w := range s {
			ls[i] = strings.ToLower(w)
			freq[ls[i]]++
		}
		lowered[si] = ls
	}
	type wf struct {
		w string
		f int
	}
	var words []wf
	for w, f := range freq {
		if f >= clusterMinFreq {
			words = append(words, wf{w, f})
		}
	}
	slices.SortFunc(words, func(a, b wf) int {
		if c := cmp.Compare(b.f, a.f); c != 0 {
			return c
		}
		return strings.Compare(a.w, b.w)
	})
	if len(words) > clusterMaxVocab {
		words = words[:clusterMaxVocab]
	}
	vocab := make(map[string]int32, len(words))
	for i, w := range words {
		vocab[w.w] = int32(i)
	}
	nCtx := min(clusterContexts, len(words))
	ctxID := func(ls []string, j int) int32 {
		if j < 0 {
			return int32(nCtx) // sentence start
		}
		if j >= len(ls) {
			return int32(nCtx)
		}
		if v, ok := vocab[ls[j]]; ok && int(v) < nCtx {
			return v
		}
		return -1
	}
	dim := 2 * (nCtx + 1)
	counts := make([]map[int32]float32, len(words))
	for i := range counts {
		counts[i] = map[int32]float32{}
	}
	ctxTotal := make([]float64, dim)
	total := 0.0
	for _, ls := range lowered {
		for j, w := range ls {
			v, ok := vocab[w]
			if !ok {
				continue
			}
			if l := ctxID(ls, j-1); l >= 0 {
				counts[v][l]++
				ctxTotal[l]++
				total++
			}
			if r := ctxID(ls, j+1); r >= 0 {
				counts[v][int32(nCtx+1)+r]++
				ctxTotal[int32(nCtx+1)+r]++
				total++
			}
		}
	}
	vecs := make([]sparseVec, len(words))
	for i, cm := range counts {
		var wt float64
		for _, c := range cm {
			wt += float64(c)
		}
		keys := make([]int32, 0, len(cm))
		for k := range cm {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var sv sparseVec
		norm := 0.0
		for _, k := range keys {
			pmi := math.Log(float64(cm[k]) * total / (wt * ctxTotal[k]))
			if pmi <= 0 {
				continue
			}
			sv.idx = append(sv.idx, k)
			sv.val = append(sv.val, float32(pmi))
			norm += pmi * pmi
		}
		norm = math.Sqrt(norm)
		for j := range sv.val {
			sv.val[j] /= float32(norm)
		}
		vecs[i] = sv
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	fine := min(sizes[nClusterLevels-1], len(words))
	assign, cents := kmeans(vecs, dim, fine, rng)
	logf("clusters: %d words, %d fine clusters", len(words), fine)
	ids := make([][nClusterLevels]uint32, len(words))
	for i, a := range assign {
		ids[i][nClusterLevels-1] = uint32(a + 1)
	}
	// Coarser levels cluster the centroids of the level below.
	parent := make([]int, fine)
	for i := range parent {
		parent[i] = i
	}
	for l := nClusterLevels - 2; l >= 0; l-- {
		cv := make([]sparseVec, len(cents))
		for c, cen := range cents {
			var sv sparseVec
			for d, x := range cen {
				if x != 0 {
					sv.idx = append(sv.idx, int32(d))
					sv.val = append(sv.val, x)
				}
			}
			cv[c] = sv
		}
		a, next := kmeans(cv, dim, min(sizes[l], len(cv)), rng)
		for f := range parent {
			parent[f] = a[parent[f]]
		}
		for i := range ids {
			ids[i][l] = uint32(parent[assign[i]] + 1)
		}
		cents = next
	}
	m := newU64map(len(words))
	for i, w := range words {
		m.put(hashLower(w.w), packClusters(ids[i]))
	}
	return m
}

// kmeans is spherical k-means on unit vectors, with centroids seeded from
// distinct random points. It returns the assignment and the centroids.
func kmeans(vecs []sparseVec, dim, k int, rng *rand.Rand) ([]int, [][]float32) {
	cents := make([][]float32, k)
	perm := rng.Perm(len(vecs))
	for c := range cents {
		cents[c] = make([]float32, dim)
		v := vecs[perm[c]]
		for j, d := range v.idx {
			cents[c][d] = v.val[j]
		}
	}
	assign := make([]int, len(vecs))
	// Transposed centroids make the sparse dot products contiguous.
	tr := make([]float32, dim*k)
	sims := make([]float32, k)
	for it := 0; it < clusterIters; it++ {
		for c, cen := range cents {
			for d, x := range cen {
				tr[d*k+c] = x
			}
		}
		for i, v := range vecs {
			clear(sims)
			for j, d := range v.idx {
				x := v.val[j]
				row := tr[int(d)*k : int(d)*k+k]
				for c := range sims {
					sims[c] += x * row[c]
				}
			}
			assign[i] = argmax(sims)
		}
		for c := range cents {
			clear(cents[c])
		}
		size := make([]int, k)
		for i, v := range vecs {
			c := assign[i]
			size[c]++
			for j, d := range v.idx {
				cents[c][d] += v.val[j]
			}
		}
		for c, cen := range cents {
			if size[c] == 0 {
				// Re-seed an empty cluster with a random point.
				v := vecs[rng.IntN(len(vecs))]
				for j, d := range v.idx {
					cen[d] = v.val[j]
				}
				continue
			}
			n := 0.0
			for _, x := range cen {
				n += float64(x) * float64(x)
			}
			if n > 0 {
				inv := float32(1 / math.Sqrt(n))
				for d := range cen {
					cen[d] *= inv
				}
			}
		}
	}
	return assign, cents
}
