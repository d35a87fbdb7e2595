package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/kronika/kronika"
)

// ftsString quotes a string for an FTS5 query, so no query word is read as
// syntax.
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// matchPhrase builds the FTS5 expression for a run of words: each word in
// any of its normalised forms, or, for a phrase, the whole phrase as
// normalised in one of the languages.
func matchPhrase(ws []word, langs []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		forms := queryForms(ws[0].folded, langs)
		for i, f := range forms {
			forms[i] = ftsString(f)
		}
		return "(" + strings.Join(forms, " OR ") + ")"
	}
	seen := map[string]bool{}
	var alts []string
	for _, l := range append([]string{""}, langs...) {
		st := stemmerFor(l)
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = st.stem(w.folded)
		}
		p := ftsString(strings.Join(parts, " "))
		if !seen[p] {
			seen[p] = true
			alts = append(alts, p)
		}
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// matchExpr builds the FTS5 expression of a query, its words normalised
// in langs, or "" when it has no words.
func (db *DB) matchExpr(q kronika.Query, langs []string) string {
	var pos, neg []string
	for _, t := range q.Terms {
		if e := matchPhrase(words(t, nil), langs); e != "" {
			pos = append(pos, e)
		}
	}
	if len(pos) == 0 {
		return ""
	}
	for _, t := range q.Exclude {
		if e := matchPhrase(words(t, nil), langs); e != "" {
			neg = append(neg, e)
		}
	}
	expr := "{tstems stems} : (" + strings.Join(pos, " AND ") + ")"
	for _, n := range neg {
		expr += " NOT {tstems stems} : " + n
	}
	return expr
}

// filterSQL turns a filter into a WHERE clause over articles a; an entity
// that does not exist makes the filter match nothing.
func (db *DB) filterSQL(ctx context.Context, f kronika.Filter) (string, []any, error) {
	var conds []string
	var args []any
	for _, name := range f.Entities {
		e, err := db.FindEntity(ctx, name)
		if errors.Is(err, kronika.ErrNotFound) {
			return "0", nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		// A rare entity's few articles are best listed first; for a
		// common one, probing the index per candidate article is cheaper
		// than gathering its tens of thousands of articles.
		if e.Articles < rareEntity {
			conds = append(conds, "a.id in (select article from article_entities where entity = ?)")
		} else {
			conds = append(conds, "exists (select 1 from article_entities x where x.entity = ? and x.article = a.id)")
		}
		args = append(args, e.ID)
	}
	if f.Lang != "" {
		conds = append(conds, "a.lang = ?")
		args = append(args, f.Lang)
	}
	if f.Source != "" {
		conds = append(conds, "a.source = ? collate nocase")
		args = append(args, f.Source)
	}
	if f.From != "" {
		conds = append(conds, "a.published >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		// "2024-03" takes in every day of March: compare with a bound
		// just past every date that starts with it.
		conds = append(conds, "a.published <= ?")
		args = append(args, f.To+"\uffff")
	}
	if len(conds) == 0 {
		return "1", nil, nil
	}
	return strings.Join(conds, " and "), args, nil
}

// maxCount bounds the total a search reports; HitList.Total is exact below
// it.
const maxCount = 10000

// rareEntity is the number of articles below which an entity filter lists
// the entity's articles rather than probing each candidate.
const rareEntity = 2000

// Search runs a full-text query, ranked by BM25 with the title weighing
// more than the body; a query of filters only lists the newest articles.
func (db *DB) Search(ctx context.Context, q kronika.Query, p kronika.Page) (kronika.HitList, error) {
	p = p.Norm()
	out := kronika.HitList{Items: []kronika.Hit{}, Page: p}
	where, args, err := db.filterSQL(ctx, q.Filter)
	if err != nil {
		return out, fmt.Errorf("sqlite: search: %w", err)
	}
	langs := db.queryLangs()
	expr := db.matchExpr(q, langs)
	var count, list string
	// Counting every match of a common word or entity costs as much as
	// ranking them: count exactly up to maxCount, then stop.
	if expr == "" {
		count = fmt.Sprintf("select count(*) from (select 1 from articles a where %s limit %d)", where, maxCount)
		list = "select a.id, a.doc, a.title, a.published, a.source, a.lang, a.text, 0 from articles a where " + where +
			" order by a.published desc, a.id desc limit ? offset ?"
	} else {
		args = append([]any{expr}, args...)
		// The articles table is joined only when a filter needs it, and
		// the ranking reads no text: only the page's rows are fetched
		// whole, not every match of a common word.
		from := " from article_fts f where article_fts match ?"
		if q.Lang == "" && q.Source == "" && q.From == "" && q.To == "" && where != "1" {
			// Entity filters need only the article's id.
			from += " and " + strings.ReplaceAll(where, "a.id", "f.rowid")
		} else if where != "1" {
			from = " from article_fts f join articles a on a.id = f.rowid where article_fts match ? and " + where
		}
		count = fmt.Sprintf("select count(*) from (select 1%s limit %d)", from, maxCount)
		list = "select a.id, a.doc, a.title, a.published, a.source, a.lang, a.text, h.r from (select f.rowid as id, bm25(article_fts, 4.0, 1.0) as r" + from +
			" order by r limit ? offset ?) h join articles a on a.id = h.id order by h.r"
	}
	if err := db.rd.QueryRowContext(ctx, count, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("sqlite: search: %w", err)
	}
	rows, err := db.rd.QueryContext(ctx, list, append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("sqlite: search: %w", err)
	}
	defer rows.Close()
	hl := db.highlighter(q, langs)
	for rows.Next() {
		var h kronika.Hit
		var id int64
		var text string
		if err := rows.Scan(&id, &h.ID, &h.Title, &h.Published, &h.Source, &h.Lang, &text, &h.Score); err != nil {
			return out, fmt.Errorf("sqlite: search: %w", err)
		}
		h.Score = -h.Score
		h.Snippet = hl.snippet(text, h.Lang)
		out.Items = append(out.Items, h)
	}
	return out, rows.Err()
}

// highlighter marks the words of a text that match a query.
type highlighter struct {
	forms map[string]bool // normalised forms of the query words
}

// highlighter returns the highlighter of a query, its words normalised
// in langs.
func (db *DB) highlighter(q kronika.Query, langs []string) highlighter {
	h := highlighter{forms: map[string]bool{}}
	for _, t := range q.Terms {
		for _, w := range words(t, nil) {
			for _, f := range queryForms(w.folded, langs) {
				h.forms[f] = true
			}
		}
	}
	return h
}

// snippetWords is the length of a snippet in words.
const snippetWords = 30

// snippet returns HTML: the window of the text with the most matching
// words, escaped, the matches in <mark>.
func (h highlighter) snippet(text, lang string) string {
	ws := words(text, nil)
	rs := []rune(text)
	st := stemmerFor(lang)
	hit := make([]bool, len(ws))
	for i, w := range ws {
		hit[i] = h.forms[w.folded] || h.forms[st.stem(w.folded)]
	}
	best, bestN, n := 0, -1, 0
	for i := range ws {
		if hit[i] {
			n++
		}
		if i >= snippetWords && hit[i-snippetWords] {
			n--
		}
		if n > bestN {
			bestN, best = n, max(0, i-snippetWords+1)
		}
	}
	if len(ws) == 0 {
		return html.EscapeString(truncate(text, 200))
	}
	// Start a few words before the first match of the window, for context.
	for i := best; i < min(len(ws), best+snippetWords); i++ {
		if hit[i] {
			best = max(0, i-5)
			break
		}
	}
	end := min(len(ws), best+snippetWords)
	var b strings.Builder
	if best > 0 {
		b.WriteString("… ")
	}
	pos := ws[best].start
	for i := best; i < end; i++ {
		w := ws[i]
		b.WriteString(html.EscapeString(string(rs[pos:w.start])))
		if hit[i] {
			b.WriteString("<mark>" + html.EscapeString(string(rs[w.start:w.end])) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(string(rs[w.start:w.end])))
		}
		pos = w.end
	}
	if end < len(ws) {
		b.WriteString(" …")
	} else {
		b.WriteString(html.EscapeString(string(rs[pos:])))
	}
	return b.String()
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// Article returns one stored article with the registry ids of its
// entities.
func (db *DB) Article(ctx context.Context, doc string) (*kronika.Article, error) {
	id, a, err := db.loadDoc(ctx, db.rd, "doc = ?", doc)
	if err != nil {
		if errors.Is(err, kronika.ErrNotFound) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlite: article %s: %w", doc, err)
	}
	a.Registry = map[string]int64{}
	rows, err := db.rd.QueryContext(ctx, "select local, entity from article_entities where article = ? order by mentions", id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %s: %w", doc, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l string
		var e int64
		if err := rows.Scan(&l, &e); err != nil {
			return nil, err
		}
		a.Registry[l] = e // the group with most mentions comes last and wins
	}
	return a, rows.Err()
}

// Articles lists articles, newest first.
func (db *DB) Articles(ctx context.Context, f kronika.Filter, p kronika.Page) (kronika.ArticleList, error) {
	p = p.Norm()
	out := kronika.ArticleList{Items: []kronika.ArticleSummary{}, Page: p}
	where, args, err := db.filterSQL(ctx, f)
	if err != nil {
		return out, fmt.Errorf("sqlite: articles: %w", err)
	}
	if err := db.rd.QueryRowContext(ctx, "select count(*) from articles a where "+where, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("sqlite: articles: %w", err)
	}
	rows, err := db.rd.QueryContext(ctx, "select a.doc, a.title, a.lang, a.source, a.published, a.words, substr(a.text, 1, 200) from articles a where "+where+
		" order by a.published desc, a.id desc limit ? offset ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("sqlite: articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s kronika.ArticleSummary
		var head string
		if err := rows.Scan(&s.ID, &s.Title, &s.Lang, &s.Source, &s.Published, &s.Words, &head); err != nil {
			return out, fmt.Errorf("sqlite: articles: %w", err)
		}
		if s.Title == "" {
			s.Title = headline(head)
		}
		out.Items = append(out.Items, s)
	}
	return out, rows.Err()
}

// sentenceEnd is a stop before white space, not the point inside "5.4".
var sentenceEnd = regexp.MustCompile(`[.!?]\s|\n`)

// headline stands in for a missing title: the first sentence, shortened.
func headline(text string) string {
	if m := sentenceEnd.FindStringIndex(text); m != nil && m[0] > 0 {
		text = text[:m[0]+1]
	}
	return truncate(strings.TrimSpace(text), 90)
}

// Quotes lists quotes, newest first.
func (db *DB) Quotes(ctx context.Context, f kronika.QuoteFilter, p kronika.Page) (kronika.QuoteList, error) {
	p = p.Norm()
	out := kronika.QuoteList{Items: []kronika.StoredQuote{}, Page: p}
	where := "1"
	var args []any
	if f.Speaker != 0 {
		where = "q.speaker = ?"
		args = append(args, db.resolveID(f.Speaker))
	}
	if f.Article != "" {
		where += " and a.doc = ?"
		args = append(args, f.Article)
	}
	from := " from quotes q join articles a on a.id = q.article left join entities e on e.id = q.speaker where " + where
	if err := db.rd.QueryRowContext(ctx, "select count(*)"+from, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("sqlite: quotes: %w", err)
	}
	rows, err := db.rd.QueryContext(ctx, "select q.kind, q.start, q.end, q.text, q.speaker_local, q.speaker_text, q.cue, a.doc, a.title, substr(a.text, 1, 200), q.published, coalesce(q.speaker, 0), coalesce(e.name, '')"+
		from+" order by q.published desc, q.article desc, q.n limit ? offset ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("sqlite: quotes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s kronika.StoredQuote
		var local sql.NullString
		var head string
		if err := rows.Scan(&s.Kind, &s.Start, &s.End, &s.Text, &local, &s.SpeakerText, &s.Cue, &s.Article, &s.Title, &head, &s.Published, &s.SpeakerID, &s.SpeakerName); err != nil {
			return out, fmt.Errorf("sqlite: quotes: %w", err)
		}
		if local.Valid {
			s.Speaker = &local.String
		}
		if s.Title == "" {
			s.Title = headline(head)
		}
		out.Items = append(out.Items, s)
	}
	return out, rows.Err()
}
