package date

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kronika/kronika/number"
)

// TestSharedSets measures the scanner on the development sets in
// ../shared (next to the repository) with the scorer's rule (overlapping
// spans, exact values), and holds it to the targets of the date issue.
func TestSharedSets(t *testing.T) {
	sets := []struct {
		path      string
		f1, value float64
	}{
		{"seed/gold.jsonl", 1, 1},
		{"data/sq-news-dev/gold.jsonl", 0.90, 0.85},
		{"data/en-news-dev/gold.jsonl", 0.90, 0.85},
		{"data/timeml/train.jsonl", 0.85, 0.80},
	}
	for _, set := range sets {
		path := filepath.Join("..", "..", "shared", set.path)
		f, err := os.Open(path)
		if err != nil {
			t.Skipf("shared data not available: %v", err)
		}
		tp, fp, fn, ok := 0, 0, 0, 0
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<24), 1<<24)
		for sc.Scan() {
			var d struct {
				Lang, Published, Text string
				Dates                 []struct {
					Start, End int
					Value      *string
				}
			}
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			rs := []rune(d.Text)
			got, err := Find(d.Lang, rs, number.Tokenize(rs), d.Published)
			if err != nil {
				t.Fatal(err)
			}
			used := map[int]bool{}
			for _, g := range d.Dates {
				m := -1
				for k, p := range got {
					if !used[k] && p.Start < g.End && g.Start < p.End {
						m = k
						break
					}
				}
				if m < 0 {
					fn++
					continue
				}
				used[m] = true
				tp++
				if (got[m].Value == nil) == (g.Value == nil) && (g.Value == nil || *got[m].Value == *g.Value) {
					ok++
				}
			}
			fp += len(got) - len(used)
		}
		f.Close()
		if tp == 0 {
			t.Errorf("%s: nothing found", set.path)
			continue
		}
		p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		f1, value := 2*p*r/(p+r), float64(ok)/float64(tp)
		t.Logf("%s: tp %d fp %d fn %d F1 %.3f value %.3f", set.path, tp, fp, fn, f1, value)
		if f1 < set.f1 || value < set.value {
			t.Errorf("%s: F1 %.3f value %.3f, want at least %.2f and %.2f", set.path, f1, value, set.f1, set.value)
		}
	}
}
