// Package langid names the language of a text: Albanian, English, the
// Serbian/Croatian/Bosnian group ("sh", Latin or Cyrillic script),
// Macedonian, Bulgarian, Russian, Ukrainian, Romanian, Greek, Turkish,
// German, French and Italian.
//
// It scores hashed character 1- to 5-grams with a naive-Bayes table trained
// by ./internal/train and embedded in the package, after restricting the
// candidates to the languages written in the text's main script. See
// README.md for the data and the measured accuracy.
package langid

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/langid/internal/model"
	"github.com/kronika/kronika/langid/internal/ngram"
)

//go:embed model.gz
var embedded []byte

// MinLetters is the fewest letters a text needs to be judged at all.
const MinLetters = 4

// maxLetters bounds the work on long texts: the first thousand letters
// of an article name its language as well as the whole does.
const maxLetters = 1000

// Identifier identifies languages with a trained model. It is safe for
// concurrent use.
type Identifier struct {
	m    *model.Model
	pool sync.Pool // *scratch
}

type scratch struct {
	hashes []uint64
	cost   []int32
}

// Score is a language and its probability under the model, which is
// overconfident on long texts as naive Bayes is.
type Score struct {
	Lang string
	Prob float64
}

var _ kronika.LanguageIdentifier = (*Identifier)(nil)

// New reads a model file written by the trainer.
func New(r io.Reader) (*Identifier, error) {
	m, err := model.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("langid: %w", err)
	}
	id := &Identifier{m: m}
	id.pool.New = func() any {
		return &scratch{hashes: make([]uint64, 0, 1024), cost: make([]int32, len(m.Langs))}
	}
	return id, nil
}

var (
	defaultOnce sync.Once
	defaultID   *Identifier
)

// Default returns the identifier with the embedded model, loaded on first
// use and shared.
func Default() *Identifier {
	defaultOnce.Do(func() {
		id, err := New(bytes.NewReader(embedded))
		if err != nil {
			// The embedded model is built and tested with the package; a
			// broken one is a build defect, not an input error.
			panic(err)
		}
		defaultID = id
	})
	return defaultID
}

// Languages lists the codes the identifier can return.
func (id *Identifier) Languages() []string { return append([]string(nil), id.m.Langs...) }

// Identify returns the ISO 639-1 code of text's language ("sh" for
// Serbian, Croatian and Bosnian), or "" when text has fewer than
// MinLetters letters or is mostly in a script none of the languages uses.
func (id *Identifier) Identify(text string) string {
	s := id.pool.Get().(*scratch)
	defer id.pool.Put(s)
	best, ok := id.score(text, s)
	if !ok {
		return ""
	}
	return id.m.Langs[best]
}

// Scores returns every candidate language of text's script with its
// probability, most likely first, or nil when Identify would return "".
func (id *Identifier) Scores(text string) []Score {
	s := id.pool.Get().(*scratch)
	defer id.pool.Put(s)
	if _, ok := id.score(text, s); !ok {
		return nil
	}
	var out []Score
	min := int32(math.MaxInt32)
	for _, c := range s.cost {
		if c >= 0 && c < min {
			min = c
		}
	}
	var sum float64
	for l, c := range s.cost {
		if c < 0 {
			continue
		}
		p := math.Exp(-float64(c-min) / float64(id.m.Scale))
		sum += p
		out = append(out, Score{Lang: id.m.Langs[l], Prob: p})
	}
	for i := range out {
		out[i].Prob /= sum
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Prob > out[j].Prob })
	return out
}

// score fills s.cost, with -1 for languages ruled out by script, and
// returns the cheapest language.
func (id *Identifier) score(text string, s *scratch) (int, bool) {
	st := ngram.Scan(text, maxLetters)
	script := st.Main()
	if st.Letters < MinLetters || script == ngram.Other {
		return 0, false
	}
	s.hashes = ngram.Append(s.hashes[:0], text, maxLetters, script)
	for i := range s.cost {
		s.cost[i] = 0
	}
	// Score in chunks and stop once one language leads the rest by a wide
	// margin: an article's first paragraph settles it, and langid runs on
	// every article.
	margin := int32(decisive) * int32(id.m.Scale)
	best := -1
	for h := s.hashes; len(h) > 0; {
		n := min(len(h), chunk)
		id.m.Add(h[:n], s.cost)
		h = h[n:]
		var second int
		best, second = id.leaders(s.cost, script)
		if best < 0 || second < 0 || s.cost[second]-s.cost[best] > margin {
			break
		}
	}
	for l := range s.cost {
		if id.m.Scripts[l]&(1<<script) == 0 {
			s.cost[l] = -1
		}
	}
	return best, best >= 0
}

const (
	chunk    = 512 // n-grams scored between checks of the margin
	decisive = 200 // nats by which the leader must beat the runner-up to stop early
)

// leaders returns the cheapest and the second cheapest language of a
// script, or -1.
func (id *Identifier) leaders(cost []int32, script int) (best, second int) {
	best, second = -1, -1
	for l, c := range cost {
		if id.m.Scripts[l]&(1<<script) == 0 {
			continue
		}
		switch {
		case best < 0 || c < cost[best]:
			best, second = l, best
		case second < 0 || c < cost[second]:
			second = l
		}
	}
	return best, second
}
