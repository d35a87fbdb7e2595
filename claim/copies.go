package claim

import (
	"hash/fnv"
	"sort"
	"strings"
	"unicode"

	"github.com/kronika/kronika"
)

// Near-duplicate detection: MinHash signatures over word 5-shingles, with
// locality-sensitive hashing (bands of rows) so that finding the copies
// of a new article does not compare it with every stored one.
const (
	shingle   = 5
	numHashes = 64
	bands     = 16
	rows      = numHashes / bands
	// copyJaccard is the estimated shingle overlap above which one article
	// is a copy of another: a republished wire story, lightly edited.
	copyJaccard = 0.6
	maxBucket   = 32
)

// mix is splitmix64's finaliser: one shingle hash salted per
// permutation gives the numHashes independent-enough hashes of MinHash,
// deterministically, so the same articles always give the same copies.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

type signature [numHashes]uint64

type docSig struct {
	id, published string
	sig           signature
}

type copyIndex struct {
	docs    map[string]*docSig
	buckets map[uint64][]string
	copyOf  map[string]string
}

func newCopyIndex() *copyIndex {
	return &copyIndex{docs: map[string]*docSig{}, buckets: map[uint64][]string{}, copyOf: map[string]string{}}
}

// sign computes the MinHash signature of a text, or false when it is too
// short to have shingles.
func sign(text string) (signature, bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var sig signature
	if len(words) < shingle {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	var b strings.Builder
	for i := 0; i+shingle <= len(words); i++ {
		b.Reset()
		for _, w := range words[i : i+shingle] {
			b.WriteString(w)
			b.WriteByte(' ')
		}
		f := fnv.New64a()
		f.Write([]byte(b.String()))
		sh := f.Sum64()
		for k := range sig {
			if h := mix(sh ^ uint64(k+1)*0x9e3779b97f4a7c15); h < sig[k] {
				sig[k] = h
			}
		}
	}
	return sig, true
}

func bandKey(sig *signature, band int) uint64 {
	h := uint64(band + 1)
	for _, v := range sig[band*rows : (band+1)*rows] {
		h = mix(h ^ v)
	}
	return h
}

func similarity(a, b *signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

// add indexes a document and records the earlier article it copies, if
// any.
func (x *copyIndex) add(doc *kronika.Document) {
	sig, ok := sign(doc.Text)
	if !ok {
		return
	}
	d := &docSig{id: doc.ID, published: doc.Published, sig: sig}
	cands := map[string]bool{}
	for b := 0; b < bands; b++ {
		k := bandKey(&sig, b)
		for _, id := range x.buckets[k] {
			cands[id] = true
		}
		// A bucket this full holds one story's many copies: its first
		// entries, the earliest indexed, are enough to find the original,
		// and comparing with all of them would make indexing quadratic.
		if len(x.buckets[k]) < maxBucket {
			x.buckets[k] = append(x.buckets[k], doc.ID)
		}
	}
	x.docs[doc.ID] = d
	var best []*docSig
	for id := range cands {
		o := x.docs[id]
		if o != nil && similarity(&sig, &o.sig) >= copyJaccard {
			best = append(best, o)
		}
	}
	if len(best) == 0 {
		return
	}
	// The original is the earliest article of the story (then the lowest
	// id); if the new one is earlier, the others become its copies.
	sort.Slice(best, func(i, j int) bool { return earlier(best[i], best[j]) })
	orig := best[0]
	if x.copyOf[orig.id] != "" {
		orig = x.docs[x.copyOf[orig.id]]
	}
	if orig == nil || earlier(d, orig) {
		for _, o := range best {
			x.copyOf[o.id] = d.id
		}
		return
	}
	x.copyOf[d.id] = orig.id
}

func earlier(a, b *docSig) bool {
	if a.published != b.published {
		return a.published < b.published
	}
	return a.id < b.id
}

func (x *copyIndex) remove(id string) {
	d := x.docs[id]
	if d == nil {
		return
	}
	for b := 0; b < bands; b++ {
		k := bandKey(&d.sig, b)
		ids := x.buckets[k][:0]
		for _, o := range x.buckets[k] {
			if o != id {
				ids = append(ids, o)
			}
		}
		x.buckets[k] = ids
	}
	delete(x.docs, id)
	delete(x.copyOf, id)
}

// CopyOf returns the article that a document copies, or "".
func (l *Ledger) CopyOf(id string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.copies.copyOf[id]
}
