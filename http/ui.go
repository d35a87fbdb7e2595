package http

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kronika/kronika"
)

// sentenceEnd finds the end of a first sentence: a stop before space, not
// the point inside "5.4".
var sentenceEnd = regexp.MustCompile(`([.!?])\s|\n`)

// cookieName holds the token in the browser after /login.
const cookieName = "kronika_token"

var pageNames = []string{"search", "article", "entity", "entities", "speaker", "claims", "error"}

func (s *Server) parseTemplates() error {
	s.tmpl = map[string]*template.Template{}
	funcs := template.FuncMap{
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
		"mul": func(a, b int) int { return a * b },
		"pct": func(n, max int) int {
			if max == 0 {
				return 0
			}
			return 100 * n / max
		},
	}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "ui/layout.html", "ui/"+name+".html")
		if err != nil {
			return fmt.Errorf("http: template %s: %w", name, err)
		}
		s.tmpl[name] = t
	}
	return nil
}

func (s *Server) uiRoutes() {
	ui := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		s.mux.Handle(pattern, s.read(uiHandler{s, h}))
	}
	ui("GET /{$}", s.searchPage)
	ui("GET /articles/{id}", s.articlePage)
	ui("GET /entities", s.entitiesPage)
	ui("GET /entities/{id}", s.entityPage)
	ui("GET /speakers/{id}", s.speakerPage)
	ui("GET /claims", s.claimsPage)
	s.mux.Handle("POST /entities/{id}/correct", s.write(uiHandler{s, s.correctEntity}))
	s.mux.HandleFunc("POST /login", s.login)
	s.mux.HandleFunc("POST /logout", s.logout)
}

// uiHandler renders an error page for a failed page handler.
type uiHandler struct {
	s *Server
	h func(http.ResponseWriter, *http.Request) error
}

func (u uiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	err := u.h(w, r)
	if err == nil {
		return
	}
	code, msg := http.StatusInternalServerError, "Something went wrong."
	var he *httpError
	switch {
	case errors.As(err, &he):
		code, msg = he.code, he.msg
	case errors.Is(err, kronika.ErrNotFound):
		code, msg = http.StatusNotFound, "Not found."
	default:
		u.s.log.Error("page", "path", r.URL.Path, "err", err)
	}
	u.s.render(w, r, code, "error", map[string]any{"Title": http.StatusText(code), "Message": msg})
}

// render executes a page template into a buffer first, so a template
// error does not leave half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data map[string]any) error {
	data["Auth"] = s.authorized(r)
	data["Writable"] = s.token != ""
	data["Path"] = r.URL.RequestURI()
	var b bytes.Buffer
	if err := s.tmpl[name].Execute(&b, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	data := map[string]any{"Title": "Search", "Q": q}
	if strings.TrimSpace(q) != "" {
		hits, err := s.store.Search(r.Context(), kronika.ParseQuery(q), p)
		if err != nil {
			return err
		}
		items := make([]map[string]any, len(hits.Items))
		for i, h := range hits.Items {
			// The store escapes the snippet and adds only <mark>.
			items[i] = map[string]any{"Hit": h, "Snippet": template.HTML(h.Snippet)}
		}
		data["Hits"] = items
		data["Total"] = hits.Total
		data["Pager"] = pager(r, hits.Total, p)
	} else {
		arts, err := s.store.Articles(r.Context(), kronika.Filter{}, kronika.Page{Limit: 15})
		if err != nil {
			return err
		}
		ents, err := s.store.Entities(r.Context(), kronika.EntityFilter{}, kronika.Page{Limit: 24})
		if err != nil {
			return err
		}
		data["Recent"] = arts.Items
		data["Entities"] = ents.Items
		data["Count"] = arts.Total
	}
	return s.render(w, r, http.StatusOK, "search", data)
}

// pager gives the links to the previous and next pages.
type pagerLinks struct {
	Prev, Next   string
	From, To, Of int
}

func pager(r *http.Request, total int, p kronika.Page) pagerLinks {
	link := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return r.URL.Path + "?" + q.Encode()
	}
	pl := pagerLinks{From: p.Offset + 1, To: min(total, p.Offset+p.Limit), Of: total}
	if p.Offset > 0 {
		pl.Prev = link(max(0, p.Offset-p.Limit))
	}
	if p.Offset+p.Limit < total {
		pl.Next = link(p.Offset + p.Limit)
	}
	return pl
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	title := a.Title
	if title == "" {
		title = firstSentence(a.Text)
	}
	type entRow struct {
		Local, Name, Type string
		Registry          int64
		Count             int
		Titles            []string
	}
	var ents []entRow
	for _, e := range a.Entities {
		ents = append(ents, entRow{e.ID, e.Name, e.Type, a.Registry[e.ID], len(e.Mentions), e.Titles})
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Count > ents[j].Count })
	names := map[string]string{}
	for _, e := range a.Entities {
		names[e.ID] = e.Name
	}
	type quoteRow struct {
		kronika.Quote
		SpeakerName string
		SpeakerID   int64
	}
	var quotes []quoteRow
	for _, q := range a.Quotes {
		row := quoteRow{Quote: q}
		if q.Speaker != nil {
			row.SpeakerName = names[*q.Speaker]
			row.SpeakerID = a.Registry[*q.Speaker]
		}
		quotes = append(quotes, row)
	}
	type amountRow struct {
		kronika.Amount
		HolderName string
	}
	var amounts []amountRow
	for _, x := range a.Amounts {
		row := amountRow{Amount: x}
		if x.Holder != nil {
			row.HolderName = names[*x.Holder]
		}
		amounts = append(amounts, row)
	}
	type eventRow struct {
		kronika.Event
		Actors []entityLink
		Place  *entityLink
	}
	var events []eventRow
	for _, e := range a.Events {
		row := eventRow{Event: e}
		for _, l := range e.Actors {
			row.Actors = append(row.Actors, entityLink{names[l], a.Registry[l]})
		}
		if e.Place != nil {
			row.Place = &entityLink{names[*e.Place], a.Registry[*e.Place]}
		}
		events = append(events, row)
	}
	return s.render(w, r, http.StatusOK, "article", map[string]any{
		"Title": title, "A": a, "Body": annotate(&a.Document, a.Registry, spotParam(r)),
		"Entities": ents, "Quotes": quotes, "Amounts": amounts, "Dates": a.Dates, "Events": events,
	})
}

// spotParam reads ?spot=START-END, the span a link points at.
func spotParam(r *http.Request) kronika.Span {
	a, b, ok := strings.Cut(r.URL.Query().Get("spot"), "-")
	if !ok {
		return kronika.Span{}
	}
	s, err1 := strconv.Atoi(a)
	e, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || s < 0 || e <= s {
		return kronika.Span{}
	}
	return kronika.Span{Start: s, End: e}
}

func firstSentence(text string) string {
	text = sentenceEnd.ReplaceAllString(text, "$1\x00")
	if i := strings.IndexByte(text, 0); i > 0 {
		text = text[:i]
	}
	if rs := []rune(text); len(rs) > 90 {
		return string(rs[:90]) + "…"
	}
	return text
}

// annotate renders an article's text as HTML, every character escaped,
// with mentions, amounts and dates marked inline and quotes around them.
// Inline marks never overlap: where two would, the earlier one wins. A
// non-empty spot (a claim's figure the claims page links to) is marked
// <mark id="spot">, around the inline marks.
func annotate(d *kronika.Document, reg map[string]int64, spot kronika.Span) template.HTML {
	rs := []rune(d.Text)
	type mark struct {
		start, end int
		open       string
	}
	var inline []mark
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			typ := m.Type
			if typ == "" {
				typ = e.Type
			}
			href := ""
			if id := reg[e.ID]; id != 0 {
				href = fmt.Sprintf(` href="/entities/%d"`, id)
			}
			inline = append(inline, mark{m.Start, m.End, fmt.Sprintf(`<a class="ent ent-%s" data-ent="%s"%s title="%s (%s)">`,
				html.EscapeString(strings.ToLower(typ)), html.EscapeString(e.ID), href, html.EscapeString(e.Name), html.EscapeString(typ))})
		}
	}
	for _, x := range d.Amounts {
		t := strconv.FormatFloat(x.Value, 'f', -1, 64)
		if x.Unit != "" {
			t += " " + x.Unit
		}
		inline = append(inline, mark{x.Start, x.End, `<span class="amount" title="` + html.EscapeString(t+" ("+x.Approx+")") + `">`})
	}
	for _, x := range d.Dates {
		t := "unresolved"
		if x.Value != nil {
			t = *x.Value
		}
		inline = append(inline, mark{x.Start, x.End, `<time class="date" title="` + html.EscapeString(t) + `">`})
	}
	sort.SliceStable(inline, func(i, j int) bool {
		if inline[i].start != inline[j].start {
			return inline[i].start < inline[j].start
		}
		return inline[i].end > inline[j].end
	})
	kept := inline[:0]
	end := 0
	for _, m := range inline {
		if m.start < end || m.start < 0 || m.end > len(rs) || m.start >= m.end {
			continue
		}
		kept = append(kept, m)
		end = m.end
	}
	// Cut points: every boundary of a quote, the spot or a kept mark.
	const inQuote, inSpot = 1, 2
	wrap := make([]int8, len(rs)+1)
	for _, q := range d.Quotes {
		if q.Start < 0 || q.End > len(rs) || q.Start >= q.End {
			continue
		}
		for i := q.Start; i < q.End; i++ {
			wrap[i] |= inQuote
		}
	}
	if spot.Start >= 0 && spot.End <= len(rs) && spot.Start < spot.End {
		for i := spot.Start; i < spot.End; i++ {
			wrap[i] |= inSpot
		}
	}
	var b strings.Builder
	closeTag := func(open string) string {
		switch {
		case strings.HasPrefix(open, "<a"):
			return "</a>"
		case strings.HasPrefix(open, "<time"):
			return "</time>"
		}
		return "</span>"
	}
	k := 0
	var state int8
	spotted := false
	var cur *mark
	for i := 0; i <= len(rs); i++ {
		if cur != nil && i == cur.end {
			b.WriteString(closeTag(cur.open))
			cur = nil
		}
		var st int8
		if i < len(rs) {
			st = wrap[i]
		}
		if st != state {
			// A boundary inside a mark closes and reopens it, and the spot
			// inside a quote, so the tags nest: <q> outside <mark>
			// outside the inline mark.
			if cur != nil {
				b.WriteString(closeTag(cur.open))
			}
			if state&inSpot != 0 {
				b.WriteString(`</mark>`)
			}
			if st&inQuote != state&inQuote {
				if st&inQuote != 0 {
					b.WriteString(`<q class="quote">`)
				} else {
					b.WriteString(`</q>`)
				}
			}
			if st&inSpot != 0 {
				if !spotted {
					b.WriteString(`<mark class="spot" id="spot">`)
					spotted = true
				} else {
					b.WriteString(`<mark class="spot">`)
				}
			}
			if cur != nil {
				b.WriteString(cur.open)
			}
			state = st
		}
		if i == len(rs) {
			break
		}
		if k < len(kept) && kept[k].start == i {
			cur = &kept[k]
			k++
			b.WriteString(cur.open)
		}
		switch r := rs[i]; r {
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteString(html.EscapeString(string(r)))
		}
	}
	return template.HTML(b.String())
}

func (s *Server) entitiesPage(w http.ResponseWriter, r *http.Request) error {
	p, err := pageOr(r, 50)
	if err != nil {
		return err
	}
	f := kronika.EntityFilter{Type: strings.ToUpper(r.URL.Query().Get("type")), Name: r.URL.Query().Get("name")}
	l, err := s.store.Entities(r.Context(), f, p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "entities", map[string]any{
		"Title": "Entities", "List": l, "Type": f.Type, "Name": f.Name, "Pager": pager(r, l.Total, p),
	})
}

func (s *Server) entityPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Entity(r.Context(), id)
	if err != nil {
		return err
	}
	if e.ID != id {
		http.Redirect(w, r, fmt.Sprintf("/entities/%d", e.ID), http.StatusMovedPermanently)
		return nil
	}
	p, err := page(r)
	if err != nil {
		return err
	}
	arts, err := s.store.Articles(r.Context(), kronika.Filter{Entities: []string{"id:" + strconv.FormatInt(id, 10)}}, p)
	if err != nil {
		return err
	}
	quotes, err := s.store.Quotes(r.Context(), kronika.QuoteFilter{Speaker: id}, kronika.Page{Limit: 5})
	if err != nil {
		return err
	}
	events, err := s.store.Events(r.Context(), kronika.EventFilter{Entity: id}, kronika.Page{Limit: 10})
	if err != nil {
		return err
	}
	peak := 0
	for _, t := range e.Timeline {
		peak = max(peak, t.Articles)
	}
	return s.render(w, r, http.StatusOK, "entity", map[string]any{
		"Title": e.Name, "E": e, "Articles": arts, "Quotes": quotes, "Events": events, "Peak": peak, "Pager": pager(r, arts.Total, p),
		"Msg": r.URL.Query().Get("msg"),
	})
}

func (s *Server) speakerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Entity(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := page(r)
	if err != nil {
		return err
	}
	quotes, err := s.store.Quotes(r.Context(), kronika.QuoteFilter{Speaker: e.ID}, p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "speaker", map[string]any{
		"Title": e.Name + ": quotes", "E": e, "Quotes": quotes, "Pager": pager(r, quotes.Total, p),
	})
}

// correctEntity applies a correction from the entity page's forms.
func (s *Server) correctEntity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errorf(http.StatusBadRequest, "form: %v", err)
	}
	c := kronika.Correction{Kind: r.PostForm.Get("kind"), Surface: strings.TrimSpace(r.PostForm.Get("surface"))}
	other := strings.TrimSpace(r.PostForm.Get("other"))
	switch c.Kind {
	case kronika.Merge:
		// "other" is merged into this entity.
		o, err := s.findEntity(r.Context(), other)
		if errors.Is(err, kronika.ErrNotFound) {
			return errorf(http.StatusNotFound, "no entity %q", other)
		}
		if err != nil {
			return err
		}
		c.From, c.To = o, id
	case kronika.Alias:
		c.To = id
	case kronika.Split:
		c.From = id
	}
	if err := s.correct(r.Context(), c); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/entities/%d?msg=%s", id, url.QueryEscape("Saved: "+c.Kind)), http.StatusSeeOther)
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/"
	}
	tok := r.PostFormValue("token")
	if s.token == "" || tok != s.token {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
