// Package date finds temporal expressions and resolves them against the
// publication date.
package date

import (
	"context"

	"github.com/kronika/kronika"
)

// Extractor is the date stage of the pipeline.
type Extractor struct{}

// New returns the date extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "dates" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error { return nil }
