// Package ingest reads articles from files and streams in the formats
// kronika accepts, recognising the format by content rather than by name:
//
//   - the seed format: optional leading white space, "date YYYY-MM" or
//     "date YYYY-MM-DD", the body, and a closing "/SOURCE/";
//   - JSON Lines, one input object a line (doc, lang, source, published,
//     title, url, text);
//   - HTML pages: the article text with the boilerplate removed, the title,
//     date and canonical URL from the page's metadata;
//   - RSS and Atom feeds: one article per item with text;
//   - WARC files (WARC/1.0, 1.1): one article per HTML response record;
//   - plain text: the whole file is the body;
//   - any of these compressed with gzip.
//
// Every problem is reported as an *Error naming the input and, where it
// has one, the line, so that a batch can go on past a bad input.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kronika/kronika"
)

// Format names an input format.
type Format string

// The formats Read recognises.
const (
	Seed  Format = "seed"
	JSONL Format = "jsonl"
	HTML  Format = "html"
	Feed  Format = "feed"
	WARC  Format = "warc"
	Gzip  Format = "gzip"
	Plain Format = "text"
)

// MaxLine is the longest JSONL line Read accepts: a generous bound on one
// article that keeps a corrupt file from exhausting memory.
const MaxLine = 64 << 20

// Error is a problem with one input, or one line of it.
type Error struct {
	Name string // the file name, or "-" for standard input
	Line int    // 1-based, 0 when the error concerns the whole input
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Errors that Read wraps in an *Error.
var (
	ErrEmpty       = errors.New("empty input")
	ErrBinary      = errors.New("binary data, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrHeader      = errors.New("malformed seed header")
	ErrNoArticle   = errors.New("no article text")
)

// Item is one article read from an input, or the error that stood in its
// place. Exactly one of Doc and Err is set.
type Item struct {
	Doc *kronika.Document
	Err error
}

// Read reads every article of one input and calls emit for each, in input
// order, with either a document or an *Error. A problem confined to one line
// of a JSONL file is emitted and reading goes on; a problem with the input
// as a whole is emitted once. Read returns only emit's error or the
// context's.
func Read(ctx context.Context, name string, r io.Reader, emit func(Item) error) error {
	return read(ctx, name, r, emit, false)
}

func read(ctx context.Context, name string, r io.Reader, emit func(Item) error, gunzipped bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	switch f := sniff(head); f {
	case Gzip:
		if gunzipped {
			return emit(Item{Err: &Error{Name: name, Err: errors.New("gzip inside gzip")}})
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			return emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("gzip: %w", err)}})
		}
		defer zr.Close()
		return read(ctx, name, &gzipErrReader{zr}, emit, true)
	case JSONL:
		return readJSONL(ctx, name, br, emit)
	case WARC:
		return readWARC(name, br, emit)
	case HTML, Feed:
		data, err := io.ReadAll(io.LimitReader(br, maxPage+1))
		if err != nil {
			return emit(Item{Err: &Error{Name: name, Err: err}})
		}
		if len(data) > maxPage {
			return emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("larger than %d bytes", maxPage)}})
		}
		return readMarkup(name, f, data, emit)
	default:
		data, err := io.ReadAll(br)
		if err != nil {
			return emit(Item{Err: &Error{Name: name, Err: err}})
		}
		doc, err := parseWhole(name, data)
		if err != nil {
			return emit(Item{Err: err})
		}
		return emit(Item{Doc: doc})
	}
}

// sniff guesses the format from the first bytes of an input.
func sniff(head []byte) Format {
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return Gzip
	}
	head = bytes.TrimPrefix(head, bom)
	t := bytes.TrimLeft(head, " \t\r\n")
	lower := bytes.ToLower(t[:min(len(t), 1024)])
	switch {
	case len(t) > 0 && t[0] == '{':
		return JSONL
	case bytes.HasPrefix(t, []byte("date ")):
		return Seed
	case bytes.HasPrefix(t, []byte("WARC/")):
		return WARC
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")):
		return HTML
	case bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<rss")) || bytes.HasPrefix(lower, []byte("<feed")) || bytes.HasPrefix(lower, []byte("<rdf")):
		if bytes.Contains(lower, []byte("<rss")) || bytes.Contains(lower, []byte("<feed")) || bytes.Contains(lower, []byte("<rdf:rdf")) {
			return Feed
		}
		if bytes.Contains(lower, []byte("<html")) {
			return HTML // XHTML
		}
	case bytes.HasPrefix(lower, []byte("<!--")) || bytes.HasPrefix(lower, []byte("<head")) || bytes.HasPrefix(lower, []byte("<body")):
		return HTML
	}
	return Plain
}

// maxPage bounds an HTML page or a feed read whole.
const maxPage = 64 << 20

// readMarkup reads an HTML page or a feed (f, as sniffed) held in memory.
func readMarkup(name string, f Format, data []byte, emit func(Item) error) error {
	if f == Feed {
		docs, err := parseFeed(name, data)
		if err != nil {
			return emit(Item{Err: &Error{Name: name, Err: err}})
		}
		if len(docs) == 0 {
			return emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("feed: %w in any item", ErrNoArticle)}})
		}
		for _, d := range docs {
			if err := emit(Item{Doc: d}); err != nil {
				return err
			}
		}
		return nil
	}
	p := ParseHTML(data)
	if p.Text == "" {
		return emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("HTML: %w", ErrNoArticle)}})
	}
	return emit(Item{Doc: &kronika.Document{ID: docID(name), Title: p.Title, Published: p.Published, URL: p.URL, Text: p.Text}})
}

// gzipErrReader marks a decompression error as such, which would
// otherwise surface as a bare "unexpected EOF" from deep in a reader.
type gzipErrReader struct {
	r io.Reader
}

func (g *gzipErrReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

var bom = []byte("\xef\xbb\xbf")

var (
	seedHeader  = regexp.MustCompile(`^date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:\s|$)`)
	seedTrailer = regexp.MustCompile(`\s*/([^/\s][^/\n]*)/\s*$`)
)

// parseWhole reads a seed-format or plain-text input held in memory.
func parseWhole(name string, data []byte) (*kronika.Document, error) {
	fail := func(line int, err error) error { return &Error{Name: name, Line: line, Err: err} }
	data = bytes.TrimPrefix(data, bom)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(0, ErrEmpty)
	}
	if off, bad := checkText(data); bad != nil {
		return nil, fail(lineAt(data, off), fmt.Errorf("%w at byte %d", bad, off))
	}
	text := string(data)
	doc := &kronika.Document{ID: docID(name)}
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(trimmed, "date ") || strings.HasPrefix(trimmed, "date\t") {
		line := lineAt(data, len(text)-len(trimmed))
		m := seedHeader.FindStringSubmatch(trimmed)
		if m == nil {
			return nil, fail(line, fmt.Errorf("%w: want \"date YYYY-MM\" or \"date YYYY-MM-DD\"", ErrHeader))
		}
		if err := validDate(m[1]); err != nil {
			return nil, fail(line, fmt.Errorf("%w: %v", ErrHeader, err))
		}
		doc.Published = m[1]
		body := trimmed[len(m[0]):]
		if t := seedTrailer.FindStringSubmatchIndex(body); t != nil {
			doc.Source = strings.TrimSpace(body[t[2]:t[3]])
			body = body[:t[0]]
		} else {
			return nil, fail(0, fmt.Errorf("%w: no closing /SOURCE/", ErrHeader))
		}
		doc.Text = strings.TrimSpace(body)
		if doc.Text == "" {
			return nil, fail(0, fmt.Errorf("%w: no body", ErrEmpty))
		}
		return doc, nil
	}
	doc.Text = strings.TrimSpace(text)
	return doc, nil
}

// checkText returns the byte offset and kind of the first problem that
// makes data unusable as text: invalid UTF-8, or control characters that
// only binary files hold.
func checkText(data []byte) (int, error) {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b) {
				return i, ErrBinary
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i, ErrInvalidUTF8
		}
		i += n
	}
	return 0, nil
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// hashID names a document by the first 8 bytes of the SHA-256 of key (a
// URL or a feed item's id), in hex: stable across runs and inputs.
func hashID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

func docID(name string) string {
	if name == "" || name == "-" {
		return "stdin"
	}
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// validDate checks a YYYY-MM or YYYY-MM-DD date for a real month and day.
func validDate(s string) error {
	var y, m, d int
	switch len(s) {
	case 7:
		if _, err := fmt.Sscanf(s, "%4d-%2d", &y, &m); err != nil {
			return fmt.Errorf("date %q: %v", s, err)
		}
		d = 1
	case 10:
		if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil {
			return fmt.Errorf("date %q: %v", s, err)
		}
	case 4:
		if _, err := fmt.Sscanf(s, "%4d", &y); err != nil {
			return fmt.Errorf("date %q: %v", s, err)
		}
		m, d = 1, 1
	default:
		return fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return fmt.Errorf("date %q out of range", s)
	}
	return nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// input is the JSONL input shape of FORMAT.md. Unknown keys (gold
// annotations among them) are ignored.
type input struct {
	Doc       string  `json:"doc"`
	Lang      string  `json:"lang"`
	Source    string  `json:"source"`
	Published *string `json:"published"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Text      *string `json:"text"`
}

func readJSONL(ctx context.Context, name string, br *bufio.Reader, emit func(Item) error) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<20), MaxLine)
	line, docs := 0, 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, bom)
		}
		if len(b) == 0 {
			continue
		}
		doc, err := parseLine(b)
		if err != nil {
			if err := emit(Item{Err: &Error{Name: name, Line: line, Err: err}}); err != nil {
				return err
			}
			continue
		}
		docs++
		if doc.ID == "" {
			doc.ID = fmt.Sprintf("%s-%d", docID(name), line)
		}
		if err := emit(Item{Doc: doc}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", MaxLine)
		}
		return emit(Item{Err: &Error{Name: name, Line: line + 1, Err: err}})
	}
	if docs == 0 && line == 0 {
		return emit(Item{Err: &Error{Name: name, Err: ErrEmpty}})
	}
	return nil
}

func parseLine(b []byte) (*kronika.Document, error) {
	if !utf8.Valid(b) {
		off, _ := checkText(b)
		return nil, fmt.Errorf("%w at byte %d of the line", ErrInvalidUTF8, off)
	}
	var in input
	if err := json.Unmarshal(b, &in); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("invalid JSON at byte %d of the line: %v", se.Offset, err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated JSON: %v", err)
		}
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	if in.Text == nil {
		return nil, errors.New(`no "text" key`)
	}
	doc := &kronika.Document{
		ID: in.Doc, Lang: in.Lang, Source: in.Source, Title: in.Title, URL: in.URL, Text: *in.Text,
	}
	if in.Published != nil && *in.Published != "" {
		if err := validDate(*in.Published); err != nil {
			return nil, fmt.Errorf("published: %v", err)
		}
		doc.Published = *in.Published
	}
	return doc, nil
}
