// Package amount finds figures in text: their value, approximation, unit and
// holder.
package amount

import (
	"context"

	"github.com/kronika/kronika"
)

// Extractor is the amount stage of the pipeline.
type Extractor struct{}

// New returns the amount extractor.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Name implements kronika.Extractor.
func (*Extractor) Name() string { return "amounts" }

// Extract implements kronika.Extractor.
func (*Extractor) Extract(ctx context.Context, a *kronika.Analysis) error { return nil }
