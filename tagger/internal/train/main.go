// Command train rebuilds the embedded English tagger model from
// CoNLL-2003 (../shared/data/conll2003) and, for the word clusters, the
// unlabelled text of the CoNLL, PolNeAR and TimeML sets:
//
//	go run ./tagger/internal/train -out tagger/model/en.bin
//
// Training is deterministic for a given seed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kronika/kronika/tagger"
	"github.com/kronika/kronika/tagger/internal/conll"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data"), "shared data directory")
	out := flag.String("out", "", "model file to write (required)")
	epochs := flag.Int("epochs", 10, "epochs per stage")
	folds := flag.Int("folds", 5, "jackknife folds for the second stage (1: one stage)")
	scheme := flag.String("scheme", "BIO", "tag scheme: BIO or BILOU")
	minCount := flag.Int("mincount", 1, "minimum count of a static feature")
	clusters := flag.String("clusters", "32,128,512", "word cluster counts, coarse to fine (empty: none)")
	workers := flag.Int("workers", 2, "goroutines for the jackknife (at most 2 on a shared machine)")
	seed := flag.Uint64("seed", 1, "shuffle seed")
	flag.Parse()
	if *out == "" {
		log.Fatal("train: -out is required")
	}
	start := time.Now()
	train, err := readDocs(filepath.Join(*data, "conll2003", "train.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	dev, err := readDocs(filepath.Join(*data, "conll2003", "dev.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	opt := tagger.TrainOptions{
		Epochs: *epochs, Folds: *folds, Scheme: *scheme, MinCount: *minCount,
		Workers: *workers, Seed: *seed, Dev: dev, Log: os.Stderr,
	}
	if *clusters != "" {
		parts := strings.Split(*clusters, ",")
		if len(parts) != len(opt.Clusters) {
			log.Fatalf("train: -clusters needs %d counts", len(opt.Clusters))
		}
		for i, p := range parts {
			if opt.Clusters[i], err = strconv.Atoi(p); err != nil {
				log.Fatalf("train: -clusters: %v", err)
			}
		}
		// Unlabelled text only: the dev text is used for clusters, never
		// its labels.
		for _, d := range dev {
			opt.Unlabeled = append(opt.Unlabeled, d.Sentences...)
		}
		for _, f := range []string{"polnear/train.jsonl", "polnear/dev.jsonl", "timeml/train.jsonl"} {
			s, err := readText(filepath.Join(*data, f))
			if err != nil {
				log.Fatal(err)
			}
			opt.Unlabeled = append(opt.Unlabeled, s...)
		}
	}
	m, err := tagger.Train(train, opt)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(*out)
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes) in %s\n", *out, st.Size(), time.Since(start).Round(time.Second))
}

func readDocs(path string) ([]tagger.TrainDoc, error) {
	docs, err := conll.Read(path)
	if err != nil {
		return nil, err
	}
	out := make([]tagger.TrainDoc, len(docs))
	for i, d := range docs {
		out[i].Sentences = d.Sentences
		out[i].Labels = make([][]tagger.Label, len(d.Entities))
		for si, es := range d.Entities {
			for _, e := range es {
				out[i].Labels[si] = append(out[i].Labels[si], tagger.Label{Start: e.Start, End: e.End, Type: e.Type})
			}
		}
	}
	return out, nil
}

// readText reads the "text" of every document of a JSONL file and splits
// it into lines of tokens, roughly as CoNLL tokenises.
func readText(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var out [][]string
	for sc.Scan() {
		var d struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("train: %s: %w", path, err)
		}
		for _, line := range strings.Split(d.Text, "\n") {
			if toks := tokenize(line); len(toks) > 0 {
				out = append(out, toks)
			}
		}
	}
	return out, sc.Err()
}

// typographic maps curly quotes to the ASCII ones of CoNLL-2003.
var typographic = strings.NewReplacer("’", "'", "“", "\"", "”", "\"")

// tokenize splits on spaces, then peels punctuation off both ends and
// clitics ('s, n't) off the end.
func tokenize(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		f = typographic.Replace(f)
		var tail []string
		for len(f) > 0 && unicode.IsPunct(rune(f[0])) && f[0] < 0x80 {
			out = append(out, f[:1])
			f = f[1:]
		}
		for len(f) > 1 && f[len(f)-1] < 0x80 && unicode.IsPunct(rune(f[len(f)-1])) && !(f[len(f)-1] == '.' && strings.Count(f, ".") > 1) {
			tail = append(tail, f[len(f)-1:])
			f = f[:len(f)-1]
		}
		for _, cl := range []string{"n't", "'s"} {
			if len(f) > len(cl) && strings.HasSuffix(strings.ToLower(f), cl) {
				tail = append(tail, f[len(f)-len(cl):])
				f = f[:len(f)-len(cl)]
			}
		}
		if f != "" {
			out = append(out, f)
		}
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
	}
	return out
}
