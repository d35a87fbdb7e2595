package ingest

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Page is what an HTML page holds of an article: its body with the
// boilerplate (navigation, menus, share buttons, related links, footers)
// removed, paragraphs separated by blank lines, and the metadata the page
// declares.
type Page struct {
	Title     string
	Published string // YYYY-MM-DD, or "" when the page does not say
	URL       string // its canonical URL, when declared
	Text      string
}

// boilerplate matches class and id values of page furniture.
var boilerplate = regexp.MustCompile(`(?i)(^|[-_ ])(nav|navbar|menu|header|footer|sidebar|aside|comment|comments|share|sharing|social|related|recommended|promo|advert|ads?|banner|newsletter|subscribe|cookie|popup|modal|breadcrumbs?|tags|widget|byline-share|most-read|trending)($|[-_ ])`)

// skipped are elements whose text is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Button: true, atom.Select: true, atom.Template: true, atom.Head: true, atom.Figure: true,
}

// blocks are the elements whose text makes a paragraph of the article.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
}

// ParseHTML extracts the article of an HTML page. It never fails on bad
// markup (the parser repairs it as browsers do); a page without article
// text gives a Page with empty Text.
func ParseHTML(data []byte) Page {
	doc, err := parseHTML(data)
	if err != nil {
		return Page{}
	}
	var p Page
	readMeta(doc, &p)
	p.Text = articleText(doc)
	return p
}

// parseHTML parses a page, decoding it first when it is not UTF-8.
func parseHTML(data []byte) (*html.Node, error) {
	if !utf8.Valid(data) {
		// A page in a legacy encoding (windows-1250, ISO-8859-2): decode it
		// as its meta charset, or the bytes, say.
		e, _, _ := charset.DetermineEncoding(data, "")
		if b, err := e.NewDecoder().Bytes(data); err == nil {
			data = b
		}
	}
	return html.Parse(bytes.NewReader(data))
}

// readMeta fills the page's title, date and URL from its head.
func readMeta(doc *html.Node, p *Page) {
	var title, h1 string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = textOf(n)
				}
			case atom.H1:
				if h1 == "" {
					h1 = textOf(n)
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				content := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:title", "twitter:title":
					if p.Title == "" {
						p.Title = content
					}
				case "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date":
					if p.Published == "" {
						p.Published = isoDate(content)
					}
				case "og:url":
					if p.URL == "" {
						p.URL = content
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && p.URL == "" {
					p.URL = attr(n, "href")
				}
			case atom.Time:
				if p.Published == "" {
					p.Published = isoDate(attr(n, "datetime"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if p.Title == "" {
		p.Title = h1
	}
	if p.Title == "" {
		p.Title = title
	}
}

var isoDay = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})`)

// isoDate keeps the day of an ISO 8601 date-time, or gives "".
func isoDate(s string) string {
	m := isoDay.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || validDate(m[0]) != nil {
		return ""
	}
	return m[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// isBoilerplate reports whether an element is page furniture.
func isBoilerplate(n *html.Node) bool {
	if skipped[n.DataAtom] {
		return true
	}
	if r := attr(n, "role"); r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" {
		return true
	}
	return boilerplate.MatchString(attr(n, "class")) || boilerplate.MatchString(attr(n, "id"))
}

// paragraph is the text of one block element.
type paragraph struct {
	node       *html.Node
	text       string
	linkLetter int // letters inside links
	letters    int
}

// articleText finds the element that holds most of the page's paragraph
// text (each paragraph scores its parent, and half that its grandparent,
// as readability tools do) and returns its paragraphs.
func articleText(doc *html.Node) string {
	var paras []paragraph
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && isBoilerplate(n) {
			return
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			t, links := blockText(n)
			if t != "" {
				paras = append(paras, paragraph{node: n, text: t, linkLetter: links, letters: letters(t)})
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	score := map[*html.Node]float64{}
	for _, p := range paras {
		if p.letters < 25 || p.linkLetter*2 > p.letters {
			continue // a caption, a button label, a list of links
		}
		s := 1 + float64(strings.Count(p.text, ",")) + min(float64(p.letters)/100, 3)
		if parent := p.node.Parent; parent != nil {
			score[parent] += s
			if gp := parent.Parent; gp != nil {
				score[gp] += s / 2
			}
		}
	}
	var best *html.Node
	for n, s := range score {
		if best == nil || s > score[best] || s == score[best] && depth(n) > depth(best) {
			best = n
		}
	}
	var out []string
	for _, p := range paras {
		if p.linkLetter*2 > p.letters {
			continue
		}
		if best == nil || within(p.node, best) {
			out = append(out, p.text)
		}
	}
	return strings.Join(out, "\n\n")
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil; n = n.Parent {
		d++
	}
	return d
}

func within(n, ancestor *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// blockText returns the text of a block with its white space collapsed,
// and how many of its letters are inside links.
func blockText(n *html.Node) (string, int) {
	var b strings.Builder
	links := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			if inLink {
				links += letters(n.Data)
			}
		case html.ElementNode:
			if skipped[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
			inLink = inLink || n.DataAtom == atom.A
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return collapse(b.String()), links
}

// textOf returns the collapsed text of a node.
func textOf(n *html.Node) string {
	t, _ := blockText(n)
	return t
}

// collapse turns runs of white space into single spaces and trims.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r == utf8.RuneError {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// textOfHTML returns the collapsed text of an HTML fragment.
func textOfHTML(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return textOf(doc)
}

// charsetReader decodes an XML document declared in a legacy encoding.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	return charset.NewReaderLabel(label, input)
}
