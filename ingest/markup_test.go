package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestHTMLPage(t *testing.T) {
	data, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	items, err := readAll(t, "dir/skenderaj.html", string(data))
	if err != nil || len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items %+v, err %v", items, err)
	}
	d := items[0].Doc
	if d.ID != "skenderaj" || d.Published != "2025-11-18" || d.URL != "https://lajme.example/skenderaj-permbytjet" ||
		d.Title != "Qeveria ndan 12 milionë euro për fermerët e Skenderajt" {
		t.Errorf("metadata %q %q %q %q", d.ID, d.Published, d.URL, d.Title)
	}
	paras := strings.Split(d.Text, "\n\n")
	if len(paras) != 3 || !strings.HasPrefix(paras[0], "Ministri i Bujqësisë") || !strings.HasPrefix(paras[2], "Banka Botërore") {
		t.Errorf("article text:\n%s", d.Text)
	}
	for _, junk := range []string{"Ballina", "cookies", "Facebook", "ngjashme", "Kontakt", "var ads", "Fusha"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("boilerplate %q kept in:\n%s", junk, d.Text)
		}
	}
}

func TestHTMLWithoutArticle(t *testing.T) {
	items, _ := readAll(t, "nav.html", `<!doctype html><html><body><nav><a href="/">Home</a></nav></body></html>`)
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "nav.html: HTML: no article text") {
		t.Errorf("got %+v", items)
	}
}

func TestHTMLLegacyEncoding(t *testing.T) {
	// "Kosovës" in windows-1252 (ë = 0xEB), declared by the page.
	page := "<html><head><meta charset=\"windows-1252\"></head><body><p>Ministri foli sot p\xebr zhvillimet n\xeb Kosov\xebs, tha se gjithçka \xebsht\xeb n\xebn kontroll.</p></body></html>"
	items, _ := readAll(t, "old.html", page)
	if len(items) != 1 || items[0].Err != nil || !strings.Contains(items[0].Doc.Text, "Kosovës") {
		t.Fatalf("got %+v", items)
	}
}

func TestFeeds(t *testing.T) {
	tests := []struct {
		file      string
		wantDocs  int
		title     string
		published string
		text      string
		source    string
	}{
		{"testdata/feed.xml", 2, "Protesta në Beograd", "2026-01-18", "Mijëra qytetarë protestuan dje në Beograd.\n\nPolicia tha se në protestë morën pjesë rreth 14.000 persona.", "Lajme Shembull"},
		{"testdata/atom.xml", 1, "Kosovo flood damage estimate rises", "2025-11-20", "Flood damage in Skenderaj could reach about 25 million euros, the World Bank said.", "Example Wire"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			items, _ := readAll(t, tt.file, string(data))
			if len(items) != tt.wantDocs {
				t.Fatalf("got %d items, want %d: %+v", len(items), tt.wantDocs, items)
			}
			d := items[0].Doc
			if d == nil {
				t.Fatalf("error %v", items[0].Err)
			}
			if d.Title != tt.title || d.Published != tt.published || d.Text != tt.text || d.Source != tt.source || d.URL == "" || len(d.ID) != 16 {
				t.Errorf("got %+v", d)
			}
		})
	}
}

// warcRecord writes one WARC record.
func warcRecord(typ, uri, block string) string {
	return fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2025-11-19T08:00:00Z\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, uri, len(block), block)
}

func TestWARC(t *testing.T) {
	page, _ := os.ReadFile("testdata/page.html")
	resp := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + string(page)
	image := "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff"
	warc := warcRecord("warcinfo", "", "software: test") +
		warcRecord("request", "https://lajme.example/a", "GET / HTTP/1.1\r\n\r\n") +
		warcRecord("response", "https://lajme.example/a", resp) +
		warcRecord("response", "https://lajme.example/a.jpg", image)

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(warc))
	zw.Close()

	for name, input := range map[string]string{"crawl.warc": warc, "crawl.warc.gz": gz.String()} {
		items, err := readAll(t, name, input)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Err != nil {
			t.Fatalf("%s: got %+v", name, items)
		}
		if d := items[0].Doc; d.URL != "https://lajme.example/skenderaj-permbytjet" || !strings.HasPrefix(d.Text, "Ministri i Bujqësisë") {
			t.Errorf("%s: got %+v", name, d)
		}
	}

	// A truncated record: the pages before it are kept, the error names
	// the input and the record.
	items, _ := readAll(t, "cut.warc", warc[:len(warc)-300]+"")
	last := items[len(items)-1]
	if last.Err == nil || !strings.Contains(last.Err.Error(), "cut.warc: WARC record at byte") {
		t.Errorf("truncated WARC: %+v", items)
	}
}

func TestGzipErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"doc":"a","text":"Tekst."}` + "\n"))
	zw.Close()
	items, _ := readAll(t, "a.jsonl.gz", gz.String())
	if len(items) != 1 || items[0].Doc == nil || items[0].Doc.ID != "a" {
		t.Errorf("gzip JSONL: %+v", items)
	}
	items, _ = readAll(t, "bad.gz", "\x1f\x8b\x08\x00garbage")
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "bad.gz") {
		t.Errorf("bad gzip: %+v", items)
	}
}

func FuzzMarkup(f *testing.F) {
	page, _ := os.ReadFile("testdata/page.html")
	feed, _ := os.ReadFile("testdata/feed.xml")
	atom, _ := os.ReadFile("testdata/atom.xml")
	for _, s := range [][]byte{page, feed, atom, []byte("<html><p>x"), []byte("<?xml version='1.0'?><rss><channel><item>"),
		[]byte(warcRecord("response", "u", "HTTP/1.1 200 OK\r\n\r\n<p>hello world this is text, and more</p>")), []byte("WARC/1.0\r\nContent-Length: 99999999\r\n\r\n")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Read(context.Background(), "fuzz", bytes.NewReader(data), func(it Item) error {
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

func TestWARCPageWithoutArticle(t *testing.T) {
	nav := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><nav><a href=\"/\">Home</a></nav></body></html>"
	items, err := readAll(t, "nav.warc", warcRecord("response", "https://lajme.example/nav", nav))
	if err != nil || len(items) != 1 || items[0].Err == nil {
		t.Fatalf("items %+v, err %v", items, err)
	}
	if e := items[0].Err; !errors.Is(e, ErrNoArticle) || !strings.HasSuffix(e.Error(), "(https://lajme.example/nav): no article text on the page") {
		t.Errorf("got %v, want ErrNoArticle on the page", e)
	}
}
