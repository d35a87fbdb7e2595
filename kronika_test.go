package kronika_test

import (
	"testing"

	"github.com/kronika/kronika"
)

type memoKey struct{}

// TestMemo checks that a memoised value is built once per analysis and
// that analyses do not share it.
func TestMemo(t *testing.T) {
	builds := 0
	build := func() any { builds++; return builds }
	a, b := &kronika.Analysis{}, &kronika.Analysis{}
	if got := a.Memo(memoKey{}, build); got != 1 {
		t.Fatalf("first call: %v, want 1", got)
	}
	if got := a.Memo(memoKey{}, build); got != 1 || builds != 1 {
		t.Errorf("second call: %v after %d builds, want 1 after 1", got, builds)
	}
	if got := b.Memo(memoKey{}, build); got != 2 {
		t.Errorf("another analysis: %v, want its own value 2", got)
	}
}
