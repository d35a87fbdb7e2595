package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/pipeline"
)

// facts is the JSON form of a document's extracted facts, kept whole so an
// article page shows exactly what extraction produced.
type facts struct {
	Entities []kronika.Entity `json:"entities"`
	Quotes   []kronika.Quote  `json:"quotes"`
	Amounts  []kronika.Amount `json:"amounts"`
	Dates    []kronika.Date   `json:"dates"`
	Events   []kronika.Event  `json:"events,omitempty"` // absent in stores of schema 1
}

// writer holds the prepared statements of one write transaction.
type writer struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	delta map[int64]*[2]int // registry entity → mentions, articles
	buf   []word
	fts   []ftsOp // full-text index changes, applied last
}

// ftsOp is one change to the full-text index: a delete of rowid id, or an
// insert of its stems.
//
// The changes wait until the end of the transaction because FTS5 flushes
// its pending terms to a new index segment at every statement savepoint,
// and each multi-row INSERT of facts opens one: written in place, every
// article became a segment of its own, and merging them cost more than
// writing them. Written last, a whole batch makes one segment.
type ftsOp struct {
	del           bool
	id            int64
	tstems, stems string
}

// maxFTSBatch is the rows of one full-text insert: a transaction's worth,
// since each statement past the first flushes a segment.
const maxFTSBatch = 1024

// flushFTS applies the pending full-text index changes in order, inserts
// in multi-row statements.
func (w *writer) flushFTS(ctx context.Context) error {
	ins := newBatch("insert into article_fts(rowid, tstems, stems) values", 3)
	ins.max = maxFTSBatch
	for _, op := range w.fts {
		if !op.del {
			ins.add(op.id, op.tstems, op.stems)
			continue
		}
		if err := w.flush(ctx, ins); err != nil {
			return err
		}
		if _, err := w.exec(ctx, "delete from article_fts where rowid = ?", op.id); err != nil {
			return err
		}
	}
	w.fts = w.fts[:0]
	return w.flush(ctx, ins)
}

func (w *writer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		w.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

// batch collects the rows of one table to write them with multi-row
// INSERT statements: one statement per up to maxBatch rows instead of one
// per row, which is most of the cost of storing an article's facts.
type batch struct {
	head string // "insert into t(a, b) values"
	cols int
	max  int // rows per statement
	args []any
}

const maxBatch = 64

func newBatch(head string, cols int) *batch { return &batch{head: head, cols: cols, max: maxBatch} }

func (b *batch) add(args ...any) { b.args = append(b.args, args...) }

// flush writes the collected rows and empties the batch.
func (w *writer) flush(ctx context.Context, b *batch) error {
	n := len(b.args) / b.cols
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", b.cols), ",") + ")"
	for start := 0; start < n; start += b.max {
		k := min(b.max, n-start)
		q := b.head + " " + strings.TrimSuffix(strings.Repeat(one+",", k), ",")
		if _, err := w.exec(ctx, q, b.args[start*b.cols:(start+k)*b.cols]...); err != nil {
			return err
		}
	}
	b.args = b.args[:0]
	return nil
}

func (w *writer) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(ctx, query); err != nil {
			return w.tx.QueryRowContext(ctx, query, args...)
		}
		w.stmts[query] = st
	}
	return st.QueryRowContext(ctx, args...)
}

func (w *writer) add(id int64, mentions, articles int) {
	d := w.delta[id]
	if d == nil {
		d = new([2]int)
		w.delta[id] = d
	}
	d[0] += mentions
	d[1] += articles
}

// begin starts a write transaction; the caller holds db.mu.
func (db *DB) begin(ctx context.Context) (*writer, error) {
	tx, err := db.wr.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return &writer{tx: tx, stmts: map[string]*sql.Stmt{}, delta: map[int64]*[2]int{}}, nil
}

// finish applies the counter changes and commits, or rolls back on err; a
// rollback reloads the registry, whose cache may hold rows that are gone.
func (db *DB) finish(ctx context.Context, w *writer, err error) error {
	if err == nil {
		for id, d := range w.delta {
			if d[0] == 0 && d[1] == 0 {
				continue
			}
			if _, err = w.exec(ctx, "update entities set mentions = mentions + ?, articles = articles + ? where id = ?", d[0], d[1], id); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = w.flushFTS(ctx)
	}
	for _, st := range w.stmts {
		st.Close()
	}
	if err == nil {
		if err = w.tx.Commit(); err == nil {
			return nil
		}
	} else {
		w.tx.Rollback()
	}
	if reg, rerr := loadRegistry(context.WithoutCancel(ctx), db.wr); rerr == nil {
		db.reg = reg
		db.corr.Store(reg.corrections())
	}
	return err
}

// Put stores analysed documents in one transaction.
func (db *DB) Put(ctx context.Context, docs []*kronika.Document) ([]kronika.PutStatus, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	w, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]kronika.PutStatus, len(docs))
	now := time.Now().UTC().Format(time.RFC3339)
	for i, d := range docs {
		if out[i], err = db.put(ctx, w, d, now); err != nil {
			err = fmt.Errorf("sqlite: store %s: %w", d.ID, err)
			break
		}
	}
	if err := db.finish(ctx, w, err); err != nil {
		return nil, err
	}
	for _, d := range docs {
		db.addLang(d.Lang)
	}
	return out, nil
}

func (db *DB) put(ctx context.Context, w *writer, d *kronika.Document, now string) (kronika.PutStatus, error) {
	hash := kronika.ContentHash(d)
	if d.ID == "" {
		d.ID = hash
	}
	var id int64
	var old string
	err := w.queryRow(ctx, "select id, hash from articles where doc = ?", d.ID).Scan(&id, &old)
	switch {
	case err == sql.ErrNoRows:
		var x int
		err = w.queryRow(ctx, "select 1 from articles where hash = ? limit 1", hash).Scan(&x)
		if err == nil {
			return kronika.Unchanged, nil // the same article under another name
		}
		if err != sql.ErrNoRows {
			return 0, err
		}
	case err != nil:
		return 0, err
	case old == hash:
		return kronika.Unchanged, nil
	}
	f := facts{d.Entities, d.Quotes, d.Amounts, d.Dates, d.Events}
	fj, err := json.Marshal(f)
	if err != nil {
		return 0, err
	}
	status := kronika.Inserted
	nwords := pipeline.CountWords(d.Text)
	if id != 0 {
		status = kronika.Updated
		if err := db.clearFacts(ctx, w, id); err != nil {
			return 0, err
		}
		w.fts = append(w.fts, ftsOp{del: true, id: id})
		_, err = w.exec(ctx, `update articles set hash=?, lang=?, source=?, published=?, title=?, url=?, text=?, words=?, facts=?, ingested=? where id=?`,
			hash, d.Lang, d.Source, d.Published, d.Title, d.URL, d.Text, nwords, fj, now, id)
		if err != nil {
			return 0, err
		}
	} else {
		res, err := w.exec(ctx, `insert into articles(doc, hash, lang, source, published, title, url, text, words, facts, ingested) values(?,?,?,?,?,?,?,?,?,?,?)`,
			d.ID, hash, d.Lang, d.Source, d.Published, d.Title, d.URL, d.Text, nwords, fj, now)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	}
	var tstems, stems string
	tstems, w.buf = indexText(d.Title, d.Lang, w.buf)
	stems, w.buf = indexText(d.Text, d.Lang, w.buf)
	w.fts = append(w.fts, ftsOp{id: id, tstems: tstems, stems: stems})
	if err := db.writeFacts(ctx, w, id, d); err != nil {
		return 0, err
	}
	return status, nil
}

// clearFacts removes the rows derived from an article's facts and takes
// its counts off the registry.
func (db *DB) clearFacts(ctx context.Context, w *writer, id int64) error {
	rows, err := w.tx.QueryContext(ctx, "select entity, sum(mentions) from article_entities where article = ? group by entity", id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e int64
		var n int
		if err := rows.Scan(&e, &n); err != nil {
			rows.Close()
			return err
		}
		w.add(e, -n, -1)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range []string{"article_entities", "titles", "quotes", "events", "event_entities"} {
		if _, err := w.exec(ctx, "delete from "+t+" where article = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// writeFacts writes the rows derived from a document's facts, mapping its
// entities to the registry through the corrections.
func (db *DB) writeFacts(ctx context.Context, w *writer, id int64, d *kronika.Document) error {
	main := make(map[string]int64, len(d.Entities))
	seen := map[int64]bool{}
	forms := newBatch("insert or ignore into entity_forms(key, entity) values", 2)
	ents := newBatch("insert or replace into article_entities(article, entity, local, name, forms, spans, mentions) values", 7)
	titles := newBatch("insert into titles(article, entity, title) values", 3)
	for _, e := range d.Entities {
		groups, err := db.reg.assign(ctx, w, e)
		if err != nil {
			return err
		}
		best := 0
		for _, g := range groups {
			texts := make([]string, 0, len(g.mentions))
			spans := make([][2]int, 0, len(g.mentions))
			for _, m := range g.mentions {
				texts = append(texts, m.Text)
				spans = append(spans, [2]int{m.Start, m.End})
				if k := (detach{g.entity, surfaceKey(m.Text)}); !db.reg.forms[k] {
					forms.add(k.key, k.entity)
					db.reg.forms[k] = true
				}
			}
			fj, _ := json.Marshal(texts)
			sj, _ := json.Marshal(spans)
			ents.add(id, g.entity, e.ID, e.Name, fj, sj, len(g.mentions))
			arts := 0
			if !seen[g.entity] {
				seen[g.entity] = true
				arts = 1
			}
			w.add(g.entity, len(g.mentions), arts)
			if len(g.mentions) > best {
				best = len(g.mentions)
				main[e.ID] = g.entity
			}
		}
		if _, ok := main[e.ID]; !ok && len(groups) > 0 {
			main[e.ID] = groups[0].entity
		}
		for _, t := range e.Titles {
			titles.add(id, main[e.ID], t)
		}
	}
	ref := func(local *string) any {
		if local == nil {
			return nil
		}
		if r, ok := main[*local]; ok {
			return r
		}
		return nil
	}
	quotes := newBatch("insert into quotes(article, n, kind, start, end, text, speaker, speaker_local, speaker_text, cue, published) values", 11)
	for n, q := range d.Quotes {
		var sl any
		if q.Speaker != nil {
			sl = *q.Speaker
		}
		quotes.add(id, n, q.Kind, q.Start, q.End, q.Text, ref(q.Speaker), sl, q.SpeakerText, q.Cue, d.Published)
	}
	events := newBatch("insert into events(article, n, type, start, end, cue, published) values", 7)
	parts := newBatch("insert or ignore into event_entities(entity, article, n) values", 3)
	for n, ev := range d.Events {
		events.add(id, n, ev.Type, ev.Start, ev.End, ev.Cue, d.Published)
		locals := append([]string(nil), ev.Actors...)
		if ev.Place != nil {
			locals = append(locals, *ev.Place)
		}
		for _, l := range locals {
			r, ok := main[l]
			if !ok {
				continue
			}
			parts.add(r, id, n)
		}
	}
	for _, b := range []*batch{forms, ents, titles, quotes, events, parts} {
		if err := w.flush(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// Stored reports whether the article with this id, or any article, has
// this content hash.
func (db *DB) Stored(ctx context.Context, id, hash string) (bool, error) {
	var x int
	err := db.rd.QueryRowContext(ctx, "select 1 from articles where doc = ? and hash = ? union all select 1 from articles where hash = ? limit 1", id, hash, hash).Scan(&x)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: stored: %w", err)
	}
	return true, nil
}

// loadDoc reads back an article as its document.
func (db *DB) loadDoc(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, where string, arg any) (int64, *kronika.Article, error) {
	var a kronika.Article
	var id int64
	var fj []byte
	err := q.QueryRowContext(ctx, "select id, doc, hash, lang, source, published, title, url, text, facts, ingested from articles where "+where, arg).
		Scan(&id, &a.ID, &a.Hash, &a.Lang, &a.Source, &a.Published, &a.Title, &a.URL, &a.Text, &fj, &a.Ingested)
	if err == sql.ErrNoRows {
		return 0, nil, kronika.ErrNotFound
	}
	if err != nil {
		return 0, nil, err
	}
	var f facts
	if err := json.Unmarshal(fj, &f); err != nil {
		return 0, nil, fmt.Errorf("facts of %s: %w", a.ID, err)
	}
	a.Entities, a.Quotes, a.Amounts, a.Dates, a.Events = f.Entities, f.Quotes, f.Amounts, f.Dates, f.Events
	if a.Events == nil {
		a.Events = []kronika.Event{}
	}
	return id, &a, nil
}
