package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kronika/kronika"
)

// Events lists events, newest first. An event's actors and place are
// read from its article's facts and mapped to the registry.
func (db *DB) Events(ctx context.Context, f kronika.EventFilter, p kronika.Page) (kronika.EventList, error) {
	p = p.Norm()
	out := kronika.EventList{Items: []kronika.StoredEvent{}, Page: p}
	from := " from events e join articles a on a.id = e.article where 1"
	var args []any
	if f.Entity != 0 {
		from = " from event_entities x join events e on e.article = x.article and e.n = x.n join articles a on a.id = e.article where x.entity = ?"
		args = append(args, db.resolveID(f.Entity))
	}
	if f.Article != "" {
		from += " and a.doc = ?"
		args = append(args, f.Article)
	}
	if err := db.rd.QueryRowContext(ctx, "select count(*)"+from, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("sqlite: events: %w", err)
	}
	rows, err := db.rd.QueryContext(ctx, "select e.article, e.n, a.doc, a.title, substr(a.text, 1, 200), e.published, substr(a.text, e.start + 1, e.end - e.start)"+
		from+" order by e.published desc, e.article desc, e.n limit ? offset ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("sqlite: events: %w", err)
	}
	type ref struct {
		article int64
		n       int
	}
	var refs []ref
	for rows.Next() {
		var s kronika.StoredEvent
		var r ref
		var head string
		if err := rows.Scan(&r.article, &r.n, &s.Article, &s.Title, &head, &s.Published, &s.Sentence); err != nil {
			rows.Close()
			return out, fmt.Errorf("sqlite: events: %w", err)
		}
		if s.Title == "" {
			s.Title = headline(head)
		}
		refs = append(refs, r)
		out.Items = append(out.Items, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("sqlite: events: %w", err)
	}
	// The event itself comes from the article's facts, which keep it as
	// extraction wrote it; the registry gives its entities.
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range refs {
		if !seen[r.article] {
			seen[r.article] = true
			ids = append(ids, r.article)
		}
	}
	arts, err := db.eventFacts(ctx, ids)
	if err != nil {
		return out, err
	}
	for i, r := range refs {
		a := arts[r.article]
		if a == nil || r.n >= len(a.events) {
			continue
		}
		it := &out.Items[i]
		it.Event = a.events[r.n]
		it.ActorRefs = []kronika.EntityRef{}
		for _, l := range it.Actors {
			if e, ok := a.reg[l]; ok {
				it.ActorRefs = append(it.ActorRefs, e)
			}
		}
		if it.Place != nil {
			if e, ok := a.reg[*it.Place]; ok {
				it.PlaceRef = &e
			}
		}
	}
	return out, nil
}

// articleEvents is an article's events with the registry entity of each
// of its document entities.
type articleEvents struct {
	events []kronika.Event
	reg    map[string]kronika.EntityRef
}

// eventFacts reads the events and registry entities of articles, two
// queries for a whole page rather than two an article.
func (db *DB) eventFacts(ctx context.Context, ids []int64) (map[int64]*articleEvents, error) {
	out := make(map[int64]*articleEvents, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.rd.QueryContext(ctx, "select id, facts from articles where id in "+in, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	for rows.Next() {
		var id int64
		var fj []byte
		if err := rows.Scan(&id, &fj); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: events: %w", err)
		}
		var f struct {
			Events []kronika.Event `json:"events"`
		}
		if err := json.Unmarshal(fj, &f); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: events: facts of article %d: %w", id, err)
		}
		out[id] = &articleEvents{events: f.Events, reg: map[string]kronika.EntityRef{}}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	rows, err = db.rd.QueryContext(ctx, `select ae.article, ae.local, e.id, e.name, e.type from article_entities ae
		join entities e on e.id = ae.entity where ae.article in `+in+` order by ae.article, ae.mentions`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l string
		var e kronika.EntityRef
		if err := rows.Scan(&id, &l, &e.ID, &e.Name, &e.Type); err != nil {
			return nil, fmt.Errorf("sqlite: events: %w", err)
		}
		if a := out[id]; a != nil {
			a.reg[l] = e // the group with most mentions comes last and wins
		}
	}
	return out, rows.Err()
}

// Documents streams every stored document with its facts, oldest first.
// Two cursors run side by side over the same article order, the articles
// and their registry entities, so that no per-article query is needed.
func (db *DB) Documents(ctx context.Context, fn func(*kronika.Document) error) error {
	names, err := db.registryNames(ctx)
	if err != nil {
		return err
	}
	resolve := db.corr.Load().resolve
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ents, err := db.rd.QueryContext(ctx, "select article, local, entity, mentions from article_entities order by article")
	if err != nil {
		return fmt.Errorf("sqlite: documents: %w", err)
	}
	defer ents.Close()
	rows, err := db.rd.QueryContext(ctx, "select id, doc, lang, source, published, title, url, text, facts from articles order by id")
	if err != nil {
		return fmt.Errorf("sqlite: documents: %w", err)
	}
	defer rows.Close()

	// The entity cursor is one row ahead: pending is the row read but not
	// yet used.
	type entRow struct {
		article  int64
		local    string
		entity   int64
		mentions int
	}
	var pending entRow
	havePending, entsDone := false, false
	next := func() (entRow, bool, error) {
		if havePending {
			havePending = false
			return pending, true, nil
		}
		if entsDone || !ents.Next() {
			entsDone = true
			return entRow{}, false, ents.Err()
		}
		var r entRow
		err := ents.Scan(&r.article, &r.local, &r.entity, &r.mentions)
		return r, err == nil, err
	}
	type best struct {
		entity   int64
		mentions int
	}
	main := map[string]best{}
	for rows.Next() {
		var id int64
		var fj []byte
		d := &kronika.Document{}
		if err := rows.Scan(&id, &d.ID, &d.Lang, &d.Source, &d.Published, &d.Title, &d.URL, &d.Text, &fj); err != nil {
			return fmt.Errorf("sqlite: documents: %w", err)
		}
		var f facts
		if err := json.Unmarshal(fj, &f); err != nil {
			return fmt.Errorf("sqlite: documents: facts of %s: %w", d.ID, err)
		}
		d.Entities, d.Quotes, d.Amounts, d.Dates, d.Events = f.Entities, f.Quotes, f.Amounts, f.Dates, f.Events
		clear(main)
		for {
			r, ok, err := next()
			if err != nil {
				return fmt.Errorf("sqlite: documents: %w", err)
			}
			if !ok {
				break
			}
			if r.article > id {
				pending, havePending = r, true
				break
			}
			if r.article < id {
				continue // an article deleted since the cursor opened
			}
			if b, ok := main[r.local]; !ok || r.mentions > b.mentions {
				main[r.local] = best{r.entity, r.mentions}
			}
		}
		for i := range d.Entities {
			e := &d.Entities[i]
			if b, ok := main[e.ID]; ok {
				if n, ok := names[resolve(b.entity)]; ok {
					e.Name = n
				}
			}
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: documents: %w", err)
	}
	return nil
}

// registryNames maps registry entity ids to their names.
func (db *DB) registryNames(ctx context.Context) (map[int64]string, error) {
	rows, err := db.rd.QueryContext(ctx, "select id, name from entities")
	if err != nil {
		return nil, fmt.Errorf("sqlite: documents: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("sqlite: documents: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
