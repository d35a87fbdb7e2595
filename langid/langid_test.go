package langid

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kronika/kronika/langid/internal/corpus"
)

type fixture struct{ lang, text string }

func readFixtures(t testing.TB) []fixture {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sentences.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fixture
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lang, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad fixture line %q", line)
		}
		out = append(out, fixture{lang, text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIdentifyFixtures(t *testing.T) {
	id := Default()
	for _, f := range readFixtures(t) {
		if got := id.Identify(f.text); got != f.lang {
			t.Errorf("Identify(%q) = %q, want %q (scores %v)", f.text, got, f.lang, id.Scores(f.text)[:2])
		}
	}
}

func TestIdentifyEdgeCases(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", ""},
		{"spaces", " \n\t ", ""},
		{"digits and punctuation", "12.05.2024 — 3,5% (+0,2) !!!", ""},
		{"three letters", "dhe", ""},
		{"japanese", "政府は本日の会議で来年度の予算を承認した。", ""},
		{"invalid utf-8 only", "\xff\xfe\xfd\xfc\xfb", ""},
		{"invalid utf-8 in albanian", "Qeveria \xff e Kosovës miratoi \xc3 buxhetin për vitin e ardhshëm.", "sq"},
		{"greek script", "Αθήνα", "el"},
		{"serbian letter", "ђаци ћуте", "sh"},
		{"macedonian letters", "ќе се вратам во ѓурѓовден", "mk"},
		{"upper case english", "THE GOVERNMENT APPROVED THE BUDGET FOR NEXT YEAR", "en"},
		{"albanian with latin names", "Donald Trump dhe Joe Biden u takuan sot në Uashington për të folur për Kosovën.", "sq"},
		{"russian with english names", "Компания Microsoft объявила, что Satya Nadella посетит Москву в следующем месяце.", "ru"},
	}
	id := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := id.Identify(tt.text); got != tt.want {
				t.Errorf("Identify(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScores(t *testing.T) {
	id := Default()
	text := "Kryeministri deklaroi se zgjedhjet do të mbahen në pranverë."
	s := id.Scores(text)
	if len(s) == 0 || s[0].Lang != id.Identify(text) {
		t.Fatalf("Scores(%q) = %v, want %q first", text, s, id.Identify(text))
	}
	var sum float64
	for i, x := range s {
		sum += x.Prob
		if i > 0 && x.Prob > s[i-1].Prob {
			t.Errorf("scores not sorted: %v", s)
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("probabilities sum to %v", sum)
	}
	if got := id.Scores("ab"); got != nil {
		t.Errorf("Scores of a short text = %v, want nil", got)
	}
	for _, x := range id.Scores("Правительство одобрило бюджет на следующий год.") {
		if x.Lang == "en" || x.Lang == "el" {
			t.Errorf("Cyrillic text scored for %s", x.Lang)
		}
	}
}

func TestDefaultConcurrent(t *testing.T) {
	fx := readFixtures(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range fx {
				if got := Default().Identify(f.text); got != f.lang {
					t.Errorf("Identify(%q) = %q, want %q", f.text, got, f.lang)
				}
			}
		}()
	}
	wg.Wait()
}

func TestNewRejectsGarbage(t *testing.T) {
	if _, err := New(strings.NewReader("not a model")); err == nil {
		t.Error("New accepted a non-model")
	}
}

// sharedData finds ../shared/data beside the repository root.
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data not found at %s", p)
	}
	return p
}

// TestAccuracy checks sentence accuracy on text the model was not trained
// on: the held-out articles of sq-news-raw (the trainer's split) and the
// CoNLL-2003 and en-news-dev development documents.
func TestAccuracy(t *testing.T) {
	data := sharedData(t)
	sets := []struct {
		lang  string
		files []string
		held  func(corpus.Unit) bool
	}{
		{"sq", []string{"sq-news-raw/articles.jsonl"}, corpus.HeldOut},
		{"en", []string{"conll2003/dev.jsonl", "en-news-dev/gold.jsonl"}, func(corpus.Unit) bool { return true }},
	}
	id := Default()
	for _, set := range sets {
		n, ok := 0, 0
		for _, file := range set.files {
			p := filepath.Join(data, file)
			if _, err := os.Stat(p); err != nil {
				t.Skipf("%s not found", p)
			}
			units, err := corpus.JSONL(p, set.lang, file)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range units {
				if !set.held(u) {
					continue
				}
				for _, s := range corpus.Sentences(u.Text) {
					if !corpus.SentenceLength(s) {
						continue
					}
					n++
					if id.Identify(s) == set.lang {
						ok++
					} else if testing.Verbose() {
						t.Logf("%s: %q -> %q", set.lang, s, id.Identify(s))
					}
				}
			}
		}
		acc := float64(ok) / float64(n)
		t.Logf("%s: %d/%d sentences = %.4f", set.lang, ok, n, acc)
		if n < 200 || acc < 0.99 {
			t.Errorf("%s: accuracy %.4f on %d sentences, want >= 0.99 on >= 200", set.lang, acc, n)
		}
	}
}

func BenchmarkIdentify(b *testing.B) {
	fx := readFixtures(b)
	var article strings.Builder
	for article.Len() < 8000 {
		article.WriteString(fx[article.Len()%3].text)
		article.WriteString(" ")
	}
	id := Default()
	b.Run("sentence", func(b *testing.B) {
		total := 0
		for _, f := range fx {
			total += len(f.text)
		}
		b.SetBytes(int64(total / len(fx)))
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			id.Identify(fx[i%len(fx)].text)
		}
	})
	b.Run("article", func(b *testing.B) {
		text := article.String()
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			id.Identify(text)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	for _, x := range readFixtures(f) {
		f.Add(x.text)
	}
	f.Add("\xff\xfe")
	f.Add("")
	id := Default()
	langs := map[string]bool{"": true}
	for _, l := range id.Languages() {
		langs[l] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := id.Identify(s)
		if !langs[got] {
			t.Fatalf("Identify(%q) = %q, not a known language", s, got)
		}
		if utf8.ValidString(s) && got == "" && id.Scores(s) != nil {
			t.Fatalf("Scores(%q) not nil while Identify gives none", s)
		}
	})
}
