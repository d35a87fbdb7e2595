package tagger

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// TrainDoc is one annotated document: its sentences as tokens and the
// entities of each sentence as token ranges.
type TrainDoc struct {
	Sentences [][]string
	Labels    [][]Label
}

// TrainOptions controls Train. The zero value is usable: it trains a
// two-stage BIO model for 10 epochs per stage with no word clusters.
type TrainOptions struct {
	Epochs    int                 // passes over the data per stage; default 10
	Folds     int                 // jackknife folds for the second stage; default 5, 1 for a single stage
	Seed      uint64              // shuffling seed
	Scheme    string              // "BIO" (default) or "BILOU"
	MinCount  int                 // drop static features seen fewer times in training; default 1
	Unlabeled [][]string          // extra tokenised sentences for the word clusters
	Clusters  [nClusterLevels]int // cluster counts coarse to fine; zero: no clusters
	Workers   int                 // goroutines for the jackknife; default 1
	Dev       []TrainDoc          // if set, F1 on it is logged after training
	Log       io.Writer           // progress; nil for none
}

// tdoc is a training document laid out as the scratch buffers of tagging.
type tdoc struct {
	toks   []tokInfo
	tokOff []int
	tagOff []int
	gold   []uint8
	caps   []bool
	gaz    []gazHit
	fold   int
}

func (d *tdoc) ctx(si int) sentCtx {
	lo, n := d.tokOff[si], d.tagOff[si+1]-d.tagOff[si]
	c := sentCtx{toks: d.toks[lo : lo+n+4], capsSent: d.caps[si]}
	if d.gaz != nil {
		c.gaz = d.gaz[d.tagOff[si]:d.tagOff[si+1]]
	}
	return c
}

// featStore holds the static feature rows of every training token.
type featStore struct {
	rows []uint32
	off  [][]int32 // per doc: per token, start in rows; one extra at the end
}

func (f *featStore) tok(d, j int) []uint32 { return f.rows[f.off[d][j]:f.off[d][j+1]] }

// Train trains a model on docs. It is deterministic for given options.
func Train(docs []TrainDoc, opt TrainOptions) (*Model, error) {
	if len(docs) == 0 {
		return nil, errors.New("tagger: no training documents")
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Folds == 0 {
		opt.Folds = 5
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	if opt.Scheme == "" {
		opt.Scheme = "BIO"
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	start := time.Now()

	m := &Model{}
	typeSet := map[string]bool{}
	for _, d := range docs {
		if len(d.Labels) != len(d.Sentences) {
			return nil, errors.New("tagger: Labels and Sentences differ in length")
		}
		for _, ls := range d.Labels {
			for _, l := range ls {
				typeSet[l.Type] = true
			}
		}
	}
	for t := range typeSet {
		m.types = append(m.types, t)
	}
	slices.Sort(m.types)
	if len(m.types) > 8 {
		return nil, errors.New("tagger: more than 8 entity types")
	}
	if err := m.setTags(opt.Scheme); err != nil {
		return nil, err
	}
	if opt.Clusters[0] > 0 {
		var all [][]string
		all = append(all, opt.Unlabeled...)
		for _, d := range docs {
			all = append(all, d.Sentences...)
		}
		m.clusters = buildClusters(all, opt.Clusters, opt.Seed, logf)
		logf("clusters: %d words (%s)", m.clusters.n, time.Since(start).Round(time.Millisecond))
	}

	// Folds over a fixed shuffle of the documents.
	nFolds := opt.Folds
	if nFolds <= 1 {
		nFolds = 5 // the gazetteer is held out by fold even with one stage
	}
	perm := rand.New(rand.NewPCG(opt.Seed, 1)).Perm(len(docs))
	fold := make([]int, len(docs))
	for i, p := range perm {
		fold[p] = i % nFolds
	}

	// Gazetteers: the full one goes into the model; training documents see
	// one built without their own fold, so that the tagger learns how far
	// to trust a name it has not memorised.
	var gazFold []u64map
	m.gaz, gazFold = buildGazetteers(m, docs, fold, nFolds)
	logf("gazetteer: %d names", m.gaz.n)

	td := make([]*tdoc, len(docs))
	for di, d := range docs {
		t, err := m.layout(d)
		if err != nil {
			return nil, fmt.Errorf("tagger: document %d: %w", di, err)
		}
		t.fold = fold[di]
		g := &gazFold[t.fold]
		t.gaz = make([]gazHit, len(t.gold))
		for si := range d.Sentences {
			lo, n := t.tokOff[si], t.tagOff[si+1]-t.tagOff[si]
			matchGaz(g, t.toks[lo+2:lo+2+n], t.gaz[t.tagOff[si]:t.tagOff[si+1]])
		}
		td[di] = t
	}

	fs1 := extract(td, nil, opt.MinCount)
	logf("stage 1 features: %d rows (%s)", len(fs1.rows), time.Since(start).Round(time.Millisecond))
	all := make([]int, len(td))
	for i := range all {
		all[i] = i
	}
	if opt.Folds <= 1 {
		m.stages = []*weights{trainStage(m, td, fs1, all, opt.Epochs, opt.Seed, logf, "stage 1")}
		logf("trained in %s", time.Since(start).Round(time.Millisecond))
		if len(opt.Dev) > 0 {
			logf("dev: %s", m.Evaluate(opt.Dev))
		}
		return m, nil
	}

	// Jackknife: every training document gets first-stage tags from a
	// model that did not see it, as unseen text will at tagging time.
	s1 := make([][]uint8, len(td))
	var stage1 *weights
	var wg sync.WaitGroup
	sem := make(chan struct{}, opt.Workers)
	for k := 0; k <= opt.Folds; k++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if k == opt.Folds {
				stage1 = trainStage(m, td, fs1, all, opt.Epochs, opt.Seed, logf, "stage 1")
				return
			}
			var in, out []int
			for i, t := range td {
				if t.fold == k {
					out = append(out, i)
				} else {
					in = append(in, i)
				}
			}
			w := trainStage(m, td, fs1, in, opt.Epochs, opt.Seed, logf, fmt.Sprintf("fold %d", k))
			for _, di := range out {
				s1[di] = predictDoc(m, td[di], fs1, di, w)
			}
		}()
	}
	wg.Wait()

	var agg docAgg
	dfs := make(map[*tdoc][]docFeat, len(td))
	for di, t := range td {
		df := make([]docFeat, len(t.gold))
		agg.compute(m, t.toks, t.tokOff, t.tagOff, s1[di], df)
		dfs[t] = df
	}
	fs2 := extract(td, dfs, opt.MinCount)
	logf("stage 2 features: %d rows", len(fs2.rows))
	stage2 := trainStage(m, td, fs2, all, opt.Epochs, opt.Seed+1, logf, "stage 2")
	m.stages = []*weights{stage1, stage2}
	logf("trained in %s", time.Since(start).Round(time.Millisecond))
	if len(opt.Dev) > 0 {
		logf("dev: %s", m.Evaluate(opt.Dev))
	}
	return m, nil
}

func (m *Model) setTags(scheme string) error {
	var kinds string
	switch scheme {
	case "BIO":
		kinds = "BI"
	case "BILOU":
		kinds = "BILU"
	default:
		return fmt.Errorf("tagger: unknown tag scheme %q", scheme)
	}
	m.tags, m.tagKind, m.tagType = []string{"O"}, []byte{'O'}, []int8{-1}
	for ti, t := range m.types {
		for _, k := range []byte(kinds) {
			m.tags = append(m.tags, string(k)+"-"+t)
			m.tagKind = append(m.tagKind, k)
			m.tagType = append(m.tagType, int8(ti))
		}
	}
	if len(m.tags) > 250 {
		return errors.New("tagger: too many tags")
	}
	return nil
}

// tagIndex returns the tag of kind k and type ty.
func (m *Model) tagIndex(k byte, ty int) uint8 {
	for i := range m.tags {
		if m.tagKind[i] == k && int(m.tagType[i]) == ty {
			return uint8(i)
		}
	}
	if k == 'U' {
		return m.tagIndex('B', ty)
	}
	if k == 'L' {
		return m.tagIndex('I', ty)
	}
	return 0
}

// layout analyses a training document and encodes its gold tags.
func (m *Model) layout(d TrainDoc) (*tdoc, error) {
	t := &tdoc{tagOff: []int{0}}
	for si, s := range d.Sentences {
		t.tokOff = append(t.tokOff, len(t.toks))
		t.toks = append(t.toks, padBefore, padBefore)
		for _, w := range s {
			var ti tokInfo
			ti.analyse(w, m)
			t.toks = append(t.toks, ti)
		}
		t.toks = append(t.toks, padAfter, padAfter)
		t.caps = append(t.caps, capsSentence(t.toks[len(t.toks)-2-len(s):len(t.toks)-2]))
		gold := make([]uint8, len(s))
		for _, l := range d.Labels[si] {
			if l.Start < 0 || l.End > len(s) || l.Start >= l.End {
				return nil, fmt.Errorf("label %v outside sentence %d", l, si)
			}
			ty := slices.Index(m.types, l.Type)
			if l.End-l.Start == 1 {
				gold[l.Start] = m.tagIndex('U', ty)
				continue
			}
			gold[l.Start] = m.tagIndex('B', ty)
			for j := l.Start + 1; j < l.End-1; j++ {
				gold[j] = m.tagIndex('I', ty)
			}
			gold[l.End-1] = m.tagIndex('L', ty)
		}
		t.gold = append(t.gold, gold...)
		t.tagOff = append(t.tagOff, len(t.gold))
	}
	return t, nil
}

func buildGazetteers(m *Model, docs []TrainDoc, fold []int, folds int) (u64map, []u64map) {
	perFold := make([]map[uint64]uint8, max(folds, 1))
	for i := range perFold {
		perFold[i] = map[uint64]uint8{}
	}
	var ti tokInfo
	for di, d := range docs {
		for si, ls := range d.Labels {
			for _, l := range ls {
				if l.End-l.Start > maxGazLen {
					continue
				}
				h := uint64(gazSeed)
				for _, w := range d.Sentences[si][l.Start:l.End] {
					ti.analyse(w, nil)
					h = gazKey(h, ti.lower)
				}
				perFold[fold[di]%len(perFold)][h] |= 1 << slices.Index(m.types, l.Type)
			}
		}
	}
	build := func(skip int) u64map {
		merged := map[uint64]uint8{}
		for f, mp := range perFold {
			if f == skip {
				continue
			}
			for k, v := range mp {
				merged[k] |= v
			}
		}
		keys := make([]uint64, 0, len(merged))
		for k := range merged {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		g := newU64map(len(keys))
		for _, k := range keys {
			g.put(k, uint32(merged[k]))
		}
		return g
	}
	full := build(-1)
	var per []u64map
	for f := range folds {
		per = append(per, build(f))
	}
	return full, per
}

// extract computes the static feature rows of every token, dropping rows
// seen fewer than minCount times.
func extract(td []*tdoc, df map[*tdoc][]docFeat, minCount int) *featStore {
	f := &featStore{off: make([][]int32, len(td))}
	var buf []uint64
	for di, t := range td {
		off := make([]int32, 0, len(t.gold)+1)
		for si := range t.caps {
			c := t.ctx(si)
			if df != nil {
				c.s1 = df[t][t.tagOff[si]:t.tagOff[si+1]]
			}
			for i := 0; i < t.tagOff[si+1]-t.tagOff[si]; i++ {
				off = append(off, int32(len(f.rows)))
				buf = staticFeatures(&c, i, buf[:0])
				for _, h := range buf {
					f.rows = append(f.rows, rowOf(h))
				}
			}
		}
		off = append(off, int32(len(f.rows)))
		f.off[di] = off
	}
	if minCount > 1 {
		count := make([]uint16, 1<<rowBits)
		for _, r := range f.rows {
			if count[r] < math.MaxUint16 {
				count[r]++
			}
		}
		// Compact in place, rewriting the offsets.
		w := int32(0)
		for di := range f.off {
			off := f.off[di]
			for j := 0; j+1 < len(off); j++ {
				lo, hi := off[j], off[j+1]
				off[j] = w
				for _, r := range f.rows[lo:hi] {
					if int(count[r]) >= minCount {
						f.rows[w] = r
						w++
					}
				}
			}
			off[len(off)-1] = w
		}
		f.rows = f.rows[:w]
	}
	return f
}

// trainStage runs the averaged perceptron over the documents in subset and
// returns the compact averaged weights.
func trainStage(m *Model, td []*tdoc, fs *featStore, subset []int, epochs int, seed uint64, logf func(string, ...any), name string) *weights {
	nt := len(m.tags)
	w := make([]float32, (1<<rowBits)*nt)
	u := make([]float64, len(w)) // sum of c·Δ, for the averaging trick
	c := 1.0
	order := slices.Clone(subset)
	scores := make([]float32, nt)
	var dyn []uint64
	var rows []uint32
	start := time.Now()
	for ep := range epochs {
		r := rand.New(rand.NewPCG(seed, uint64(ep)+100))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, toks := 0, 0
		for _, di := range order {
			t := td[di]
			for si := range t.caps {
				ctx := t.ctx(si)
				p1, p2 := nt, nt
				base := t.tagOff[si]
				for i := 0; i < t.tagOff[si+1]-base; i++ {
					j := base + i
					rows = append(rows[:0], fs.tok(di, j)...)
					dyn = dynamicFeatures(&ctx, i, p1, p2, dyn[:0])
					for _, h := range dyn {
						rows = append(rows, rowOf(h))
					}
					clear(scores)
					for _, rr := range rows {
						ws := w[int(rr)*nt : int(rr)*nt+nt]
						for k := range scores {
							scores[k] += ws[k]
						}
					}
					best := argmax(scores)
					g := int(t.gold[j])
					if best != g {
						errs++
						for _, rr := range rows {
							b := int(rr) * nt
							w[b+g]++
							u[b+g] += c
							w[b+best]--
							u[b+best] -= c
						}
					}
					c++
					toks++
					p2, p1 = p1, best
				}
			}
		}
		logf("%s epoch %d: %d errors in %d tokens (%s)", name, ep+1, errs, toks, time.Since(start).Round(time.Millisecond))
	}
	// Average, then quantise the rows that carry weight.
	avg := w
	maxAbs := 0.0
	for i := range w {
		a := float64(w[i]) - u[i]/c
		avg[i] = float32(a)
		maxAbs = max(maxAbs, math.Abs(a))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	var keep []uint32
	q := make([]int16, nt)
	for r := 0; r < 1<<rowBits; r++ {
		for _, a := range avg[r*nt : r*nt+nt] {
			if math.Abs(float64(a))/scale >= 0.5 {
				keep = append(keep, uint32(r))
				break
			}
		}
	}
	out := newWeights(nt, len(keep))
	out.scale = float32(scale)
	for _, r := range keep {
		for k, a := range avg[int(r)*nt : int(r)*nt+nt] {
			q[k] = int16(math.Round(float64(a) / scale))
		}
		out.insert(r, q)
	}
	logf("%s: %d rows kept", name, len(keep))
	return out
}

// predictDoc tags a training document greedily with compact weights w
// (first stage, for the jackknife).
func predictDoc(m *Model, t *tdoc, fs *featStore, di int, w *weights) []uint8 {
	nt := len(m.tags)
	out := make([]uint8, len(t.gold))
	scores := make([]int32, nt)
	var dyn []uint64
	for si := range t.caps {
		ctx := t.ctx(si)
		p1, p2 := nt, nt
		base := t.tagOff[si]
		for i := 0; i < t.tagOff[si+1]-base; i++ {
			j := base + i
			clear(scores)
			w.addRows(fs.tok(di, j), scores)
			dyn = dynamicFeatures(&ctx, i, p1, p2, dyn[:0])
			w.add(dyn, scores)
			best := argmax(scores)
			out[j] = uint8(best)
			p2, p1 = p1, best
		}
	}
	return out
}

func (t *weights) addRows(rows []uint32, scores []int32) {
	n := t.nTags
	for _, r := range rows {
		s := t.slot(r)
		if s < 0 {
			continue
		}
		w := t.wrow(s)
		for k := range scores[:n] {
			scores[k] += int32(w[k])
		}
	}
}
