package sqlite

import (
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kronika/kronika/demo"
)

// stemReference is stem as first written: every ending of every group
// tried in order. The byte index must not change what it strips.
func stemReference(s *stemmer, w string) string {
	if len(s.endings) == 0 || w == "" || w[0] >= '0' && w[0] <= '9' {
		return w
	}
	n := utf8.RuneCountInString(w)
	if n <= s.minStem {
		return w
	}
	for _, group := range s.endings {
		for _, e := range group {
			if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= s.minStem {
				w = w[:len(w)-len(e)]
				n -= utf8.RuneCountInString(e)
				goto vowel
			}
		}
	}
vowel:
	if n > s.minStem {
		switch w[len(w)-1] {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			w = w[:len(w)-1]
		}
	}
	return w
}

func TestStemMatchesReference(t *testing.T) {
	// Every ending after stems of several lengths, and every word of the
	// demo corpus.
	var ws []string
	for _, code := range []string{"sq", "en"} {
		for _, g := range stemmerFor(code).endings {
			for _, e := range g {
				for _, st := range []string{"", "r", "ru", "rus", "rusi", "shqiperi", "ë"} {
					ws = append(ws, st+e)
				}
			}
		}
	}
	fs.WalkDir(demo.Corpus(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(demo.Corpus(), path)
		if err == nil {
			for _, w := range words(string(b), nil) {
				ws = append(ws, w.folded)
			}
		}
		return nil
	})
	if len(ws) < 1000 {
		t.Fatalf("only %d words to test", len(ws))
	}
	for _, code := range []string{"sq", "en", "xx"} {
		s := stemmerFor(code)
		for _, w := range ws {
			if got, want := s.stem(w), stemReference(s, w); got != want {
				t.Errorf("%s: stem(%q) = %q, want %q", code, w, got, want)
			}
		}
	}
}
