package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/kronika/kronika"
)

// maxRecord bounds one WARC record's content: a crawl may hold videos, and
// an article page is far below this.
const maxRecord = 32 << 20

// readWARC reads the HTML pages of the response records of a WARC file
// (WARC/1.0 or 1.1, already decompressed) and emits one document per page
// with article text. Other records (requests, metadata, images) are
// skipped; a malformed record ends the file with an error naming its
// position, after the pages before it.
func readWARC(name string, r io.Reader, emit func(Item) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var offset int64
	fail := func(err error) error {
		return emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("WARC record at byte %d: %w", offset, err)}})
	}
	for n := 0; ; n++ {
		// Skip the blank lines between records.
		for {
			b, err := br.Peek(1)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fail(err)
			}
			if b[0] != '\r' && b[0] != '\n' {
				break
			}
			br.ReadByte()
			offset++
		}
		version, err := br.ReadString('\n')
		if err != nil {
			return fail(fmt.Errorf("truncated header: %w", err))
		}
		if !strings.HasPrefix(version, "WARC/") {
			return fail(fmt.Errorf("not a WARC record: %.20q", version))
		}
		tp := textproto.NewReader(br)
		hdr, err := tp.ReadMIMEHeader()
		if err != nil {
			return fail(fmt.Errorf("header: %w", err))
		}
		length, err := strconv.ParseInt(hdr.Get("Content-Length"), 10, 64)
		if err != nil || length < 0 {
			return fail(fmt.Errorf("bad Content-Length %q", hdr.Get("Content-Length")))
		}
		start := offset
		offset += int64(len(version)) + length // approximate: headers are not counted
		if length > maxRecord || hdr.Get("Warc-Type") != "response" {
			if _, err := io.CopyN(io.Discard, br, length); err != nil {
				return fail(fmt.Errorf("truncated content: %w", err))
			}
			continue
		}
		block := make([]byte, length)
		if _, err := io.ReadFull(br, block); err != nil {
			return fail(fmt.Errorf("truncated content: %w", err))
		}
		doc, err := warcPage(hdr, block)
		if err != nil {
			if err := emit(Item{Err: &Error{Name: name, Err: fmt.Errorf("WARC record at byte %d (%s): %w", start, hdr.Get("Warc-Target-Uri"), err)}}); err != nil {
				return err
			}
			continue
		}
		if doc == nil {
			continue
		}
		if err := emit(Item{Doc: doc}); err != nil {
			return err
		}
	}
}

// warcPage turns the HTTP response of a WARC response record into a
// document, or nil for a response that is not an HTML page.
func warcPage(hdr textproto.MIMEHeader, block []byte) (*kronika.Document, error) {
	br := bufio.NewReader(bytes.NewReader(block))
	status, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/") {
		return nil, nil // not an HTTP response (dns:, a resource record)
	}
	if f := strings.Fields(status); len(f) < 2 || f[1] != "200" {
		return nil, nil
	}
	h, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("HTTP header: %w", err)
	}
	if ct := strings.ToLower(h.Get("Content-Type")); ct != "" && !strings.Contains(ct, "html") {
		return nil, nil
	}
	body, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	p := ParseHTML(body)
	if p.Text == "" {
		return nil, fmt.Errorf("%w on the page", ErrNoArticle)
	}
	uri := strings.Trim(hdr.Get("Warc-Target-Uri"), "<>")
	// The crawl date (WARC-Date) is not the publication date: only the
	// page's own metadata gives that.
	d := &kronika.Document{ID: hashID(uri), URL: uri, Title: p.Title, Published: p.Published, Text: p.Text}
	if p.URL != "" {
		d.URL = p.URL
	}
	return d, nil
}
