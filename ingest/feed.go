package ingest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/kronika/kronika"
)

// rss and atom are the parts of RSS 2.0 and Atom 1.0 documents that carry
// articles. Content in either may be HTML; it is reduced to text.
type rss struct {
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items []rssItem `xml:"item"` // RSS 1.0 (RDF) puts items beside the channel
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Description string `xml:"description"`
	Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

type atomFeed struct {
	Title   string      `xml:"title"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Title string `xml:"title"`
	ID    string `xml:"id"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Summary   string `xml:"summary"`
	Content   string `xml:"content"`
}

// feedItem is one article of a feed before it becomes a document.
type feedItem struct {
	title, link, id, date, content string
}

// parseFeed reads the articles of an RSS or Atom feed.
func parseFeed(name string, data []byte) ([]*kronika.Document, error) {
	var items []feedItem
	source := ""
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = charsetReader
	// Find the root element to know which shape to decode.
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	switch strings.ToLower(root.Name.Local) {
	case "rss", "rdf":
		var f rss
		if err := dec.DecodeElement(&f, &root); err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		source = strings.TrimSpace(f.Channel.Title)
		for _, it := range append(f.Channel.Items, f.Items...) {
			date := it.PubDate
			if date == "" {
				date = it.Date
			}
			content := it.Content
			if strings.TrimSpace(content) == "" {
				content = it.Description
			}
			items = append(items, feedItem{it.Title, strings.TrimSpace(it.Link), strings.TrimSpace(it.GUID), date, content})
		}
	case "feed":
		var f atomFeed
		if err := dec.DecodeElement(&f, &root); err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		source = strings.TrimSpace(f.Title)
		for _, e := range f.Entries {
			link := ""
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = l.Href
					break
				}
			}
			date := e.Published
			if date == "" {
				date = e.Updated
			}
			content := e.Content
			if strings.TrimSpace(content) == "" {
				content = e.Summary
			}
			items = append(items, feedItem{e.Title, strings.TrimSpace(link), strings.TrimSpace(e.ID), date, content})
		}
	default:
		return nil, fmt.Errorf("feed: root element <%s> is neither RSS nor Atom", root.Name.Local)
	}

	var docs []*kronika.Document
	for n, it := range items {
		text := htmlFragmentText(it.content)
		if text == "" {
			continue // a headline-only item has no article to read
		}
		key := it.id
		if key == "" {
			key = it.link
		}
		id := fmt.Sprintf("%s-%d", docID(name), n+1)
		if key != "" {
			id = hashID(key)
		}
		docs = append(docs, &kronika.Document{
			ID: id, Title: collapse(htmlFragmentText(it.title)), URL: it.link,
			Source: source, Published: feedDate(it.date), Text: text,
		})
	}
	return docs, nil
}

// htmlFragmentText reduces an HTML fragment (or plain text) to paragraphs
// of text.
func htmlFragmentText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	// Only the article text of the wrapped fragment is wanted: parse it
	// without reading the page metadata that ParseHTML would.
	if doc, err := parseHTML([]byte("<html><body><div>" + s + "</div></body></html>")); err == nil {
		if t := articleText(doc); t != "" {
			return t
		}
	}
	// No paragraph markup: the fragment is one run of text. It is parsed
	// again unwrapped, where a leading <title> or <meta> falls into the
	// head and out of the text, as it does not inside the wrapper.
	return collapse(textOfHTML(s))
}

// feedDate reads the date formats feeds use (RFC 822/1123 in RSS, RFC 3339
// in Atom) and keeps the day.
func feedDate(s string) string {
	s = strings.TrimSpace(s)
	if d := isoDate(s); d != "" {
		return d
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}
