package tagger

import (
	"fmt"
	"slices"
	"strings"
)

// PRF is precision, recall and F1 with the counts behind them.
type PRF struct {
	TP, FP, FN int
}

// Precision returns TP/(TP+FP).
func (p PRF) Precision() float64 { return ratio(p.TP, p.TP+p.FP) }

// Recall returns TP/(TP+FN).
func (p PRF) Recall() float64 { return ratio(p.TP, p.TP+p.FN) }

// F1 is the harmonic mean of precision and recall.
func (p PRF) F1() float64 { return ratio(2*p.TP, 2*p.TP+p.FP+p.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score is exact span-and-type agreement, overall and per type.
type Score struct {
	All    PRF
	ByType map[string]PRF
}

func (s Score) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "F1 %.4f (P %.4f R %.4f)", s.All.F1(), s.All.Precision(), s.All.Recall())
	var types []string
	for t := range s.ByType {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		fmt.Fprintf(&b, " %s %.4f", t, s.ByType[t].F1())
	}
	return b.String()
}

// Evaluate tags each document with TagDoc and scores exact spans and types
// against the labels.
func (m *Model) Evaluate(docs []TrainDoc) Score {
	s := Score{ByType: map[string]PRF{}}
	for _, d := range docs {
		got := m.TagDoc(d.Sentences)
		for si := range d.Sentences {
			gold := map[Label]bool{}
			for _, l := range d.Labels[si] {
				gold[l] = true
			}
			for _, l := range got[si] {
				p := s.ByType[l.Type]
				if gold[l] {
					p.TP++
					s.All.TP++
					delete(gold, l)
				} else {
					p.FP++
					s.All.FP++
				}
				s.ByType[l.Type] = p
			}
			for l := range gold {
				p := s.ByType[l.Type]
				p.FN++
				s.All.FN++
				s.ByType[l.Type] = p
			}
		}
	}
	return s
}
