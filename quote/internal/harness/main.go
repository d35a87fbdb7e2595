// Command harness runs the title and quote stages on gold documents whose
// entities are taken from the gold itself (one entity per canonical name),
// so that the two stages can be measured before the entity stage is done:
//
//	go run ./quote/internal/harness GOLD.jsonl > pred.jsonl
//	python3 ../shared/eval/score.py compare GOLD.jsonl pred.jsonl
//
// With -entities=false it leaves the entities empty; with -pred the input
// is the output of kronika extract and its entities are kept, which
// measures the two stages on the pipeline's own entities:
//
//	score.py input GOLD | kronika extract | harness -pred /dev/stdin > pred.jsonl
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/quote"
	"github.com/kronika/kronika/segment"
	"github.com/kronika/kronika/title"
)

type goldEntity struct {
	Text      string  `json:"text"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Type      string  `json:"type"`
	Canonical *string `json:"canonical"`
}

type goldDoc struct {
	kronika.Document
	GoldEntities []goldEntity `json:"entities"`
}

func main() {
	useEnts := flag.Bool("entities", true, "take the entities from the gold")
	fromPred := flag.Bool("pred", false, "the input is kronika extract output: keep its entities")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: harness GOLD.jsonl")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	seg := segment.New()
	ti, _ := title.New()
	qu, _ := quote.New()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for sc.Scan() {
		var g goldDoc
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		doc := g.Document
		doc.Entities = nil
		doc.Quotes = nil
		if *fromPred {
			var p kronika.Document
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			doc.Entities = p.Entities
			for i := range doc.Entities {
				doc.Entities[i].Titles = nil
			}
		} else if *useEnts {
			byName := map[string]int{}
			sort.Slice(g.GoldEntities, func(i, j int) bool { return g.GoldEntities[i].Start < g.GoldEntities[j].Start })
			for _, e := range g.GoldEntities {
				name := e.Text
				if e.Canonical != nil && *e.Canonical != "" {
					name = *e.Canonical
				}
				i, ok := byName[name]
				if !ok {
					i = len(doc.Entities)
					byName[name] = i
					doc.Entities = append(doc.Entities, kronika.Entity{ID: fmt.Sprintf("e%d", i+1), Name: name, Type: e.Type})
				}
				m := kronika.Mention{Start: e.Start, End: e.End, Text: e.Text}
				if e.Type != doc.Entities[i].Type {
					m.Type = e.Type
				}
				doc.Entities[i].Mentions = append(doc.Entities[i].Mentions, m)
			}
		}
		a := &kronika.Analysis{Doc: &doc, Runes: []rune(doc.Text)}
		a.Tokens, a.Sentences = seg.Segment(a.Runes, doc.Lang)
		ctx := context.Background()
		if err := ti.Extract(ctx, a); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		if err := qu.Extract(ctx, a); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		if doc.Quotes == nil {
			doc.Quotes = []kronika.Quote{}
		}
		enc.Encode(&doc)
	}
}
