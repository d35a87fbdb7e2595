// Package conll reads the CoNLL-2003 JSONL conversion in ../shared/data
// (tokens joined by single spaces, sentences by "\n", entities with
// code-point offsets) back into token sequences with token-range entities.
package conll

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// Entity is a token range [Start, End) of one sentence and its type.
type Entity struct {
	Start, End int
	Type       string
}

// Doc is one document: its sentences as tokens and the entities of each.
type Doc struct {
	ID        string
	Sentences [][]string
	Entities  [][]Entity
}

type rawDoc struct {
	Doc      string `json:"doc"`
	Text     string `json:"text"`
	Entities []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Type  string `json:"type"`
	} `json:"entities"`
}

// Read parses a JSONL file. Entities that do not fall on token boundaries
// are reported as an error, since they would silently corrupt training.
func Read(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("conll: %w", err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var r rawDoc
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("conll: %s:%d: %w", path, line, err)
		}
		d, err := convert(r)
		if err != nil {
			return nil, fmt.Errorf("conll: %s:%d: %w", path, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: %s: %w", path, err)
	}
	return docs, nil
}

type tokPos struct{ sent, tok int }

func convert(r rawDoc) (Doc, error) {
	d := Doc{ID: r.Doc}
	starts := map[int]tokPos{}
	ends := map[int]tokPos{}
	off := 0
	for si, s := range strings.Split(r.Text, "\n") {
		var toks []string
		for ti, t := range strings.Split(s, " ") {
			n := utf8.RuneCountInString(t)
			starts[off] = tokPos{si, ti}
			ends[off+n] = tokPos{si, ti + 1}
			toks = append(toks, t)
			off += n + 1
		}
		d.Sentences = append(d.Sentences, toks)
	}
	d.Entities = make([][]Entity, len(d.Sentences))
	for _, e := range r.Entities {
		s, ok1 := starts[e.Start]
		t, ok2 := ends[e.End]
		if !ok1 || !ok2 || s.sent != t.sent {
			return d, fmt.Errorf("entity [%d,%d) not on token boundaries", e.Start, e.End)
		}
		d.Entities[s.sent] = append(d.Entities[s.sent], Entity{s.tok, t.tok, e.Type})
	}
	return d, nil
}
