package main

import (
	"github.com/kronika/kronika"
	"github.com/kronika/kronika/entity"
	"github.com/kronika/kronika/langid"
	"github.com/kronika/kronika/segment"
	"github.com/kronika/kronika/tagger"
)

// languageIdentifier and segmenter are the pipeline's first two stages.
func languageIdentifier() kronika.LanguageIdentifier { return langid.Default() }

func segmenter() kronika.Segmenter { return segment.New() }

// newEntities builds the entity stage with its knowledge base and the
// English tagger.
func newEntities() (*entity.Extractor, error) {
	return entity.New(nil, entity.WithTagger("en", func() (entity.Tagger, error) {
		m, err := tagger.English()
		if err != nil {
			return nil, err
		}
		return taggerAdapter{m}, nil
	}))
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
