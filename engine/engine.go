// Package engine assembles kronika's analysis pipeline from its stages:
// language identification, segmentation, then entities (with the
// knowledge base and the English tagger), titles, quotes, amounts, dates
// and events, in that fixed order. Commands and training tools build their
// pipelines here so that what a tool measures is what kronika runs.
package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/amount"
	"github.com/kronika/kronika/date"
	"github.com/kronika/kronika/entity"
	"github.com/kronika/kronika/event"
	"github.com/kronika/kronika/kb"
	"github.com/kronika/kronika/langid"
	"github.com/kronika/kronika/pipeline"
	"github.com/kronika/kronika/quote"
	"github.com/kronika/kronika/segment"
	"github.com/kronika/kronika/tagger"
	"github.com/kronika/kronika/title"
)

// Options configure New. The zero value is the default pipeline.
type Options struct {
	// Workers is the number of articles analysed at once; 0 means one per
	// CPU.
	Workers int
	// Store, when set, lends its registry to entity linking: an alias a
	// user attached to an entity links that entity.
	Store kronika.Store
	// Quote holds options for the quote stage (a training tool's extra
	// cues).
	Quote []quote.Option
}

// New builds the analysis pipeline.
func New(o Options) (*pipeline.Pipeline, error) {
	ent, err := newEntities(o.Store)
	if err != nil {
		return nil, err
	}
	tit, err := title.New()
	if err != nil {
		return nil, err
	}
	quo, err := quote.New(o.Quote...)
	if err != nil {
		return nil, err
	}
	amt, err := amount.New()
	if err != nil {
		return nil, err
	}
	dat, err := date.New()
	if err != nil {
		return nil, err
	}
	evt, err := event.New()
	if err != nil {
		return nil, err
	}
	return &pipeline.Pipeline{
		LangID:     langid.Default(),
		Segmenter:  segment.New(),
		Extractors: []kronika.Extractor{ent, tit, quo, amt, dat, evt},
		Workers:    o.Workers,
	}, nil
}

// newEntities builds the entity stage with its knowledge base and the
// English tagger; with a store, the registry's corrections come first.
func newEntities(st kronika.Store) (*entity.Extractor, error) {
	k, err := kb.Default()
	if err != nil {
		return nil, err
	}
	kl := newKBLinker(k)
	var linker entity.Linker = kl
	if st != nil {
		linker = storeLinker{kl, st}
	}
	return entity.New(linker, entity.WithTagger("en", func() (entity.Tagger, error) {
		m, err := tagger.English()
		if err != nil {
			return nil, err
		}
		return taggerAdapter{m}, nil
	}))
}

// kbLinker links names through the knowledge base, remembering its
// answers: news names the same people and places in article after article.
type kbLinker struct {
	k     *kb.KB
	cache *linkCache
}

func newKBLinker(k *kb.KB) kbLinker { return kbLinker{k, &linkCache{}} }

// linkCache is a bounded, concurrency-safe memory of link answers; when
// full it starts over rather than tracking recency, which costs little
// since the frequent names come back at once.
type linkCache struct {
	m sync.Map // lang + "\x00" + surface → linkAnswer
	n atomic.Int64
}

type linkAnswer struct {
	k  entity.Known
	ok bool
}

const linkCacheSize = 1 << 17

func (l kbLinker) Link(surface, lang string) (entity.Known, bool) {
	key := lang + "\x00" + surface
	if v, ok := l.cache.m.Load(key); ok {
		a := v.(linkAnswer)
		return a.k, a.ok
	}
	k, ok := l.lookup(surface, lang)
	if l.cache.n.Add(1) > linkCacheSize {
		l.cache.m.Clear()
		l.cache.n.Store(0)
	}
	l.cache.m.Store(key, linkAnswer{k, ok})
	return k, ok
}

func (l kbLinker) lookup(surface, lang string) (entity.Known, bool) {
	ms := l.k.Lookup(surface, lang)
	if len(ms) == 0 {
		return entity.Known{}, false
	}
	m := ms[0]
	k := entity.Known{ID: m.Entry.ID, Name: m.Entry.Name, Type: m.Entry.Type,
		Weak: m.Entry.Source == "geonames" && m.Lang != lang && !(m.Lang == "*" && lang == kb.CanonicalLang)}
	if m.Type != m.Entry.Type {
		k.MentionType = m.Type
	}
	return k, true
}

func (l kbLinker) Base(surface, lang string) string {
	if forms := kb.BaseForms(surface, lang); len(forms) > 0 {
		return forms[0]
	}
	return surface
}

// storeLinker links through the store's registry first: a surface form a
// user attached to an entity (kronika entity alias) names that entity.
type storeLinker struct {
	kbLinker
	st kronika.Store
}

func (l storeLinker) Link(surface, lang string) (entity.Known, bool) {
	// The linker has no context of its own: a registry lookup is a local
	// read that does not outlive the call.
	if e, ok, err := l.st.Lookup(context.Background(), surface, lang); err == nil && ok {
		id := e.KB
		if id == "" {
			id = fmt.Sprintf("registry:%d", e.ID)
		}
		return entity.Known{ID: id, Name: e.Name, Type: e.Type}, true
	}
	return l.kbLinker.Link(surface, lang)
}

// taggerAdapter gives the tagger's labels the entity stage's shape.
type taggerAdapter struct{ m *tagger.Model }

func (t taggerAdapter) TagDoc(sents [][]string) [][]entity.TagSpan {
	labels := t.m.TagDoc(sents)
	out := make([][]entity.TagSpan, len(labels))
	for i, ls := range labels {
		out[i] = make([]entity.TagSpan, len(ls))
		for j, l := range ls {
			out[i][j] = entity.TagSpan{Start: l.Start, End: l.End, Type: l.Type}
		}
	}
	return out
}
