package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/ingest"
	"github.com/kronika/kronika/pipeline"
)

// kronikaRun runs the command in process and returns its output.
func kronikaRun(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func decodeDocs(t *testing.T, s string) []kronika.Document {
	t.Helper()
	var docs []kronika.Document
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var d kronika.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("output line is not JSON: %v: %s", err, sc.Text())
		}
		docs = append(docs, d)
	}
	return docs
}

func TestExtractSeedFormat(t *testing.T) {
	out, errs, code := kronikaRun(t, "", "extract", "testdata/sample-sq.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	docs := decodeDocs(t, out)
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	d := docs[0]
	if d.ID != "sample-sq" || d.Published != "2024-03-15" || d.Source != "SHEMBULL" {
		t.Errorf("metadata: got %q %q %q", d.ID, d.Published, d.Source)
	}
	if !strings.HasPrefix(d.Text, "Kryeministri i Kosovës") || !strings.HasSuffix(d.Text, "qindra banorë.") {
		t.Errorf("body not trimmed to the article: %q…", d.Text[:40])
	}
	// The output keeps the exact keys of the contract.
	var raw map[string]any
	json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &raw)
	for _, k := range []string{"doc", "lang", "source", "published", "text", "entities", "quotes", "amounts", "dates"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("output lacks key %q", k)
		}
	}
}

func TestExtractKeepsTextExactly(t *testing.T) {
	texts := []string{
		"Rusisë ë ç Ç",
		"emoji 😀 👩‍👩‍👧 🇦🇱 flags",
		"e\u0301 decomposed, a\u0308\u0301 stacked, Ë",
		"\n\n  leading and trailing space kept  \n",
		"tab\tand\r\nCRLF",
	}
	var in strings.Builder
	for i, s := range texts {
		b, _ := json.Marshal(map[string]string{"doc": string(rune('a' + i)), "lang": "sq", "text": s})
		in.Write(b)
		in.WriteByte('\n')
	}
	out, errs, code := kronikaRun(t, in.String(), "extract")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	docs := decodeDocs(t, out)
	if len(docs) != len(texts) {
		t.Fatalf("got %d documents, want %d", len(docs), len(texts))
	}
	for i, d := range docs {
		if d.Text != texts[i] {
			t.Errorf("doc %d: text %q, want %q", i, d.Text, texts[i])
		}
		checkSpans(t, d)
	}
}

// checkSpans checks that every span of a document is within its text and
// that each span's text is the code points it covers.
func checkSpans(t *testing.T, d kronika.Document) {
	t.Helper()
	r := []rune(d.Text)
	check := func(what string, s, e int, text string) {
		if s < 0 || e > len(r) || s > e {
			t.Errorf("%s: %s span [%d,%d) outside text of %d code points", d.ID, what, s, e, len(r))
			return
		}
		if string(r[s:e]) != text {
			t.Errorf("%s: %s span [%d,%d) is %q, text says %q", d.ID, what, s, e, string(r[s:e]), text)
		}
	}
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			check("mention", m.Start, m.End, m.Text)
		}
	}
	for _, q := range d.Quotes {
		check("quote", q.Start, q.End, q.Text)
	}
	for _, a := range d.Amounts {
		check("amount", a.Start, a.End, a.Text)
	}
	for _, x := range d.Dates {
		check("date", x.Start, x.End, x.Text)
	}
}

// badInputs writes a directory holding one good article and one of each
// kind of bad input, and returns it.
func badInputs(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"a-good.txt":        "date 2024-11 Rutte tha se NATO është gati. /REL/",
		"b-empty.txt":       "",
		"c-binary.bin":      "\x00\x01\x02\x03ELF\x00",
		"d-invalid.txt":     "Tekst \xc3\x28 i prishur",
		"e-header.txt":      "date 2024-99 Tekst. /REL/",
		"f-truncated.jsonl": "{\"doc\":\"ok1\",\"text\":\"Tekst i plotë.\"}\n{\"doc\":\"cut\",\"text\":\"Tek",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExtractBadInputsKeepGoing(t *testing.T) {
	dir := badInputs(t)
	out, errs, code := kronikaRun(t, "", "extract", dir, filepath.Join(dir, "missing.txt"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	docs := decodeDocs(t, out)
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, ",") != "a-good,ok1" {
		t.Errorf("documents %v, want the good ones [a-good ok1]", ids)
	}
	for _, want := range []string{
		"b-empty.txt: empty input",
		"c-binary.bin:1: binary data",
		"d-invalid.txt:1: invalid UTF-8 at byte 6",
		"e-header.txt:1: malformed seed header",
		"f-truncated.jsonl:2: invalid JSON",
		"missing.txt: no such file or directory",
		"6 input(s) failed",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestExtractStopsAtFirstError(t *testing.T) {
	dir := badInputs(t)
	out, errs, code := kronikaRun(t, "", "extract", "--keep-going=false",
		filepath.Join(dir, "b-empty.txt"), filepath.Join(dir, "a-good.txt"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if out != "" {
		t.Errorf("output after the first error: %s", out)
	}
	if strings.Count(errs, "b-empty.txt") != 1 {
		t.Errorf("stderr should name the failing input once:\n%s", errs)
	}
}

func TestUsage(t *testing.T) {
	if _, errs, code := kronikaRun(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %s", code, errs)
	}
	if _, errs, code := kronikaRun(t, "", "extract", "--no-such-flag"); code != 2 || !strings.Contains(errs, "Usage") {
		t.Errorf("bad flag: exit %d, %s", code, errs)
	}
	if _, errs, code := kronikaRun(t, "", "help", "extract"); code != 0 || !strings.Contains(errs, "kronika extract") {
		t.Errorf("help extract: exit %d, %s", code, errs)
	}
}

func TestBench(t *testing.T) {
	out, errs, code := kronikaRun(t, "", "bench", "--min-words", "1000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"segment", "entities", "quotes", "amounts", "dates", "all stages", "words/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
}

// TestBenchNoWords checks that a corpus without a word is refused rather
// than repeated for ever in search of --min-words.
func TestBenchNoWords(t *testing.T) {
	_, errs, code := kronikaRun(t, `{"doc":"a","lang":"sq","text":"… — !"}`+"\n", "bench", "-")
	if code != 1 || !strings.Contains(errs, "no words to measure") {
		t.Errorf("exit %d, %s; want 1 and no words to measure", code, errs)
	}
}

// shared returns the path of ../shared beside the repository, skipping
// the test when it is absent.
func shared(t testing.TB) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(p, "seed")); err != nil {
		t.Skip("../shared is absent")
	}
	return p
}

func TestExtractSharedSeed(t *testing.T) {
	sh := shared(t)
	gold, err := os.ReadFile(filepath.Join(sh, "seed", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var g kronika.Document
	if err := json.Unmarshal(bytes.SplitN(gold, []byte("\n"), 2)[0], &g); err != nil {
		t.Fatal(err)
	}
	out, errs, code := kronikaRun(t, "", "extract", filepath.Join(sh, "seed", g.ID+".txt"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	docs := decodeDocs(t, out)
	if len(docs) != 1 {
		t.Fatalf("got %d documents", len(docs))
	}
	d := docs[0]
	if d.ID != g.ID || d.Published != g.Published || d.Source != g.Source || d.Text != g.Text {
		t.Errorf("seed file read as {%q %q %q}, text equal %v; gold {%q %q %q}",
			d.ID, d.Published, d.Source, d.Text == g.Text, g.ID, g.Published, g.Source)
	}
	checkSpans(t, d)
}

// BenchmarkPipeline measures the whole pipeline on the bundled sample
// article, on all cores.
func BenchmarkPipeline(b *testing.B) {
	p, err := newPipeline(runtime.GOMAXPROCS(0))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var doc *kronika.Document
	readInputs(ctx, []string{"testdata/sample-sq.txt"}, nil, func(it ingest.Item) error {
		doc = it.Doc
		return it.Err
	})
	warm := *doc
	p.Analyze(ctx, &warm)
	words := pipeline.CountWords(doc.Text)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d := *doc
			if _, err := p.Analyze(ctx, &d); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
}

func TestKB(t *testing.T) {
	out, errs, code := kronikaRun(t, "", "kb", "--json", "Rusisë", "Koresë së Veriut", "NATO-s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var hits []struct{ Query, Name string }
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, h := range hits {
		if _, ok := first[h.Query]; !ok {
			first[h.Query] = h.Name
		}
	}
	for q, want := range map[string]string{"Rusisë": "Russia", "Koresë së Veriut": "North Korea", "NATO-s": "NATO"} {
		if first[q] != want {
			t.Errorf("kb %q: best %q, want %q", q, first[q], want)
		}
	}
	if _, errs, code := kronikaRun(t, "", "kb", "Xyzzyqq"); code != 1 || !strings.Contains(errs, "not known") {
		t.Errorf("unknown name: exit %d, %s", code, errs)
	}
}

// TestSeedEvents checks the events of the seed against its gold: at least
// five of the six with the right type and every gold actor among ours.
func TestSeedEvents(t *testing.T) {
	sh := shared(t)
	gold, err := os.ReadFile(filepath.Join(sh, "seed", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		ID     string `json:"doc"`
		Events []struct {
			Type   string   `json:"type"`
			Actors []string `json:"actors"`
		} `json:"events"`
	}
	if err := json.Unmarshal(bytes.SplitN(gold, []byte("\n"), 2)[0], &g); err != nil {
		t.Fatal(err)
	}
	out, errs, code := kronikaRun(t, "", "extract", filepath.Join(sh, "seed", g.ID+".txt"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	d := decodeDocs(t, out)[0]
	name := map[string]string{}
	for _, e := range d.Entities {
		name[e.ID] = e.Name
	}
	found := 0
	for _, ge := range g.Events {
		for _, pe := range d.Events {
			if pe.Type != ge.Type {
				continue
			}
			have := map[string]bool{}
			for _, id := range pe.Actors {
				have[name[id]] = true
			}
			all := true
			for _, a := range ge.Actors {
				all = all && have[a]
			}
			if all {
				found++
				break
			}
		}
	}
	if found < 5 {
		t.Errorf("found %d of the %d gold events, want at least 5: %+v", found, len(g.Events), d.Events)
	}
}

// TestExtractRegionalTag checks that a language given as a regional tag
// ("en-US") is analysed with its language's pack: the same facts as "en",
// and the output names the normalised code.
func TestExtractRegionalTag(t *testing.T) {
	const text = "President Joe Biden said in Washington on 3 March 2024 that the United States would send $5 million to Ukraine."
	facts := map[string]kronika.Document{}
	for _, tag := range []string{"en", "en-US", "EN_gb"} {
		b, _ := json.Marshal(map[string]string{"doc": "a", "lang": tag, "text": text})
		out, errs, code := kronikaRun(t, string(b)+"\n", "extract")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tag, code, errs)
		}
		docs := decodeDocs(t, out)
		if len(docs) != 1 {
			t.Fatalf("%s: got %d documents, want 1", tag, len(docs))
		}
		if docs[0].Lang != "en" {
			t.Errorf("%s: output lang %q, want en", tag, docs[0].Lang)
		}
		facts[tag] = docs[0]
	}
	en := facts["en"]
	if len(en.Entities) == 0 || len(en.Amounts) == 0 || len(en.Dates) == 0 {
		t.Fatalf("en: %d entities, %d amounts, %d dates; want some of each", len(en.Entities), len(en.Amounts), len(en.Dates))
	}
	for _, tag := range []string{"en-US", "EN_gb"} {
		d := facts[tag]
		if len(d.Entities) != len(en.Entities) || len(d.Amounts) != len(en.Amounts) || len(d.Dates) != len(en.Dates) || len(d.Quotes) != len(en.Quotes) || len(d.Events) != len(en.Events) {
			t.Errorf("%s: %d/%d/%d/%d/%d entities/amounts/dates/quotes/events, want en's %d/%d/%d/%d/%d", tag,
				len(d.Entities), len(d.Amounts), len(d.Dates), len(d.Quotes), len(d.Events),
				len(en.Entities), len(en.Amounts), len(en.Dates), len(en.Quotes), len(en.Events))
		}
	}
}
