// Package quote finds direct and reported speech and attributes it to its
// speaker.
package quote

import (
	"context"

	"github.com/kronika/kronika"
)

// Extractor is the quote stage of the pipeline.
type Extractor struct{}

// New returns the quote extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "quotes" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error { return nil }
