package tagger

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

var splitSentences = [][]string{
	{"U.N.", "official", "Ekeus", "heads", "for", "Baghdad", "."},
	{"EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."},
	{"PRIME", "MINISTER", "MEETS", "UNIONS"},
	{"Peter", "Blackburn"},
	{"Germany"},
	{"The", "European", "Commission", "said", "on", "Thursday", "it", "disagreed", "with", "German", "advice", "."},
	{"Rusia", "dhe", "Ukraina", "të", "hënën", "në", "Stamboll", "-", "NATO-s", "3,5", "%"},
}

// tagReference tags a document looking every feature up, as training
// does, without the word cache.
func tagReference(m *Model, sentences [][]string) [][]uint8 {
	sc := &scratch{scores: make([]int32, len(m.tags))}
	m.prepare(sc, sentences)
	nt := len(m.tags)
	ctxs := make([]sentCtx, len(sentences))
	run := func(st int) {
		for si := range sentences {
			c := &ctxs[si]
			p1, p2 := nt, nt
			out := sc.tags[sc.tagOff[si]:sc.tagOff[si+1]]
			for i := range out {
				fs := staticFeatures(c, i, nil)
				fs = dynamicFeatures(c, i, p1, p2, fs)
				scores := make([]int32, nt)
				m.stages[st].add(fs, scores)
				best := argmax(scores)
				out[i] = uint8(best)
				p2, p1 = p1, best
			}
		}
	}
	for si, s := range sentences {
		ctxs[si] = m.sentence(sc, si, len(s))
	}
	run(0)
	if len(m.stages) > 1 {
		sc.agg.compute(m, sc.toks, sc.tokOff, sc.tagOff, sc.tags, sc.df)
		for si := range sentences {
			ctxs[si].s1 = sc.df[sc.tagOff[si]:sc.tagOff[si+1]]
		}
		run(1)
	}
	out := make([][]uint8, len(sentences))
	for si := range sentences {
		out[si] = slices.Clone(sc.sentTags(si))
	}
	return out
}

// TestWordCacheExact checks that tagging through the word cache gives the
// tags of looking every feature up, on the sentences above and, when the
// shared data is present, on CoNLL-2003 dev, tagged twice so that the
// second pass runs on a warm cache.
func TestWordCacheExact(t *testing.T) {
	m := mustEnglish(t)
	docs := [][][]string{splitSentences}
	_, file, _, _ := runtime.Caller(0)
	dev := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", "conll2003", "dev.jsonl")
	if _, err := os.Stat(dev); err == nil && !testing.Short() {
		for _, d := range loadDocs(t, dev) {
			docs = append(docs, d.Sentences)
		}
	}
	for pass := range 2 {
		for di, d := range docs {
			want := tagReference(m, d)
			sc := m.getScratch()
			m.tagDoc(sc, d)
			for si := range d {
				if got := sc.sentTags(si); !slices.Equal(got, want[si]) {
					t.Fatalf("pass %d doc %d sentence %d: cached tags %v, reference %v", pass, di, si, got, want[si])
				}
			}
			m.pool.Put(sc)
		}
	}
}
