package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func readAll(t *testing.T, name, input string) ([]Item, error) {
	t.Helper()
	var items []Item
	err := Read(context.Background(), name, strings.NewReader(input), func(it Item) error {
		items = append(items, it)
		return nil
	})
	return items, err
}

func TestReadDocuments(t *testing.T) {
	tests := []struct {
		name, file, input string
		want              []struct{ id, published, source, lang, text string }
	}{
		{
			name: "seed with month", file: "dir/000_abc.txt",
			input: " date 2024-11 Shefi i NATO-s tha.\n\nParagrafi i dytë. /REL/\n",
			want: []struct{ id, published, source, lang, text string }{
				{"000_abc", "2024-11", "REL", "", "Shefi i NATO-s tha.\n\nParagrafi i dytë."}},
		},
		{
			name: "seed with day and no space before source", file: "a.txt",
			input: "date 2020-07-28\nTekst.\n/koha.net/",
			want: []struct{ id, published, source, lang, text string }{
				{"a", "2020-07-28", "koha.net", "", "Tekst."}},
		},
		{
			name: "plain text", file: "notes.md",
			input: "\n  Ky është një tekst pa kokë.  \n",
			want: []struct{ id, published, source, lang, text string }{
				{"notes", "", "", "", "Ky është një tekst pa kokë."}},
		},
		{
			name: "plain text that starts with the word date", file: "p.txt",
			input: "dates are hard",
			want: []struct{ id, published, source, lang, text string }{
				{"p", "", "", "", "dates are hard"}},
		},
		{
			name: "jsonl keeps text exactly", file: "in.jsonl",
			input: `{"doc":"d1","lang":"sq","source":"REL","published":"2024-11","text":"\n Rusisë ë 😀 e\u0301 \n"}` + "\n\n" +
				`{"text":"no id","title":"T","url":"http://x"}` + "\n",
			want: []struct{ id, published, source, lang, text string }{
				{"d1", "2024-11", "REL", "sq", "\n Rusisë ë 😀 e\u0301 \n"},
				{"in-3", "", "", "", "no id"}},
		},
		{
			name: "byte order mark", file: "bom.txt",
			input: "\ufeffdate 2024-01 Tekst. /X/",
			want: []struct{ id, published, source, lang, text string }{
				{"bom", "2024-01", "X", "", "Tekst."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readAll(t, tt.file, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != len(tt.want) {
				t.Fatalf("got %d items, want %d: %+v", len(items), len(tt.want), items)
			}
			for i, w := range tt.want {
				it := items[i]
				if it.Err != nil {
					t.Fatalf("item %d: %v", i, it.Err)
				}
				d := it.Doc
				if d.ID != w.id || d.Published != w.published || d.Source != w.source || d.Lang != w.lang || d.Text != w.text {
					t.Errorf("item %d: got {%q %q %q %q %q}, want %+v", i, d.ID, d.Published, d.Source, d.Lang, d.Text, w)
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file, input string
		wantDocs          int
		wantErr           error  // errors.Is target, or nil to check the message only
		wantMsg           string // substring of the error text
	}{
		{"empty file", "empty.txt", "", 0, ErrEmpty, "empty.txt: empty input"},
		{"white space only", "ws.txt", " \n\t\n", 0, ErrEmpty, "ws.txt"},
		{"invalid UTF-8", "bad.txt", "Tekst \xff\xfe i prishur", 0, ErrInvalidUTF8, "bad.txt:1: invalid UTF-8 at byte 6"},
		{"invalid UTF-8 on line 3", "bad3.txt", "a\nb\nc\xc3", 0, ErrInvalidUTF8, "bad3.txt:3:"},
		{"binary", "x.bin", "\x7fELF\x02\x01\x01\x00\x00\x00", 0, ErrBinary, "x.bin:1: binary data"},
		{"malformed header", "h.txt", "date 2024-13 Tekst. /REL/", 0, ErrHeader, "h.txt:1: malformed seed header"},
		{"header without date", "h2.txt", "\n\ndate November Tekst. /REL/", 0, ErrHeader, "h2.txt:3:"},
		{"no trailer", "t.txt", "date 2024-11 Tekst pa burim.", 0, ErrHeader, "no closing /SOURCE/"},
		{"seed without body", "nb.txt", "date 2024-11 /REL/", 0, ErrEmpty, "no body"},
		{"truncated JSONL line", "t.jsonl", `{"doc":"a","text":"ok"}` + "\n" + `{"doc":"b","text":"cut sh`, 1, nil, "t.jsonl:2: invalid JSON"},
		{"JSONL line without text", "n.jsonl", `{"doc":"a"}` + "\n" + `{"doc":"b","text":"ok"}`, 1, nil, `n.jsonl:1: no "text" key`},
		{"JSONL bad published", "p.jsonl", `{"doc":"a","published":"2024-02-30","text":"x"}`, 0, nil, "p.jsonl:1: published"},
		{"JSONL invalid UTF-8", "u.jsonl", "{\"doc\":\"a\",\"text\":\"\xff\"}\n{\"text\":\"ok\"}", 1, ErrInvalidUTF8, "u.jsonl:1: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readAll(t, tt.file, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			docs, errs := 0, []error{}
			for _, it := range items {
				if it.Err != nil {
					errs = append(errs, it.Err)
				} else {
					docs++
				}
			}
			if docs != tt.wantDocs {
				t.Errorf("got %d documents, want %d", docs, tt.wantDocs)
			}
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			var ie *Error
			if !errors.As(errs[0], &ie) || ie.Name != tt.file {
				t.Errorf("error %v does not name the input %q", errs[0], tt.file)
			}
			if tt.wantErr != nil && !errors.Is(errs[0], tt.wantErr) {
				t.Errorf("error %v is not %v", errs[0], tt.wantErr)
			}
			if !strings.Contains(errs[0].Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", errs[0], tt.wantMsg)
			}
		})
	}
}

func TestReadStopsOnEmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), "x.jsonl", strings.NewReader("{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), func(Item) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("got err %v after %d items, want stop after 1", err, n)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"date 2024-11 Tekst. /REL/", `{"doc":"a","text":"b"}`, "plain", "", "\xff", "date 2024-1", "{",
		"  date 2024-11-05\nRusisë 😀 /X Y/\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Read(context.Background(), "fuzz", strings.NewReader(string(data)), func(it Item) error {
			if (it.Doc == nil) == (it.Err == nil) {
				t.Fatalf("item must hold a document or an error: %+v", it)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
