package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/kb"
)

// registry is the in-memory view of the entity registry that the writer
// maps documents through: keys to ids, and the corrections.
type registry struct {
	byKey    map[string]int64
	merged   map[int64]int64  // entity → the entity it was merged into
	alias    map[string]int64 // surface key → entity
	detached map[detach]bool  // surfaces split off an entity
	forms    map[detach]bool  // surface keys known to name an entity
}

type detach struct {
	entity int64
	key    string
}

// surfaceKey is how a surface form is compared: lower case, diacritics
// and dots dropped ("U.S." and "us" meet, "Kosovë" and "Kosove" too).
func surfaceKey(s string) string {
	_, loose := kb.Key(s)
	return loose
}

// entityKey is the registry key of an extracted entity: its KB id, or its
// type and name.
func entityKey(e kronika.Entity) string {
	if e.KB != "" {
		return "kb:" + e.KB
	}
	return e.Type + ":" + surfaceKey(e.Name)
}

func loadRegistry(ctx context.Context, db *sql.DB) (*registry, error) {
	r := &registry{byKey: map[string]int64{}, merged: map[int64]int64{}, alias: map[string]int64{}, detached: map[detach]bool{}, forms: map[detach]bool{}}
	rows, err := db.QueryContext(ctx, "select id, key, coalesce(merged_into, 0) from entities")
	if err != nil {
		return nil, fmt.Errorf("sqlite: registry: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, m int64
		var k string
		if err := rows.Scan(&id, &k, &m); err != nil {
			return nil, fmt.Errorf("sqlite: registry: %w", err)
		}
		r.byKey[k] = id
		if m != 0 {
			r.merged[id] = m
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: registry: %w", err)
	}
	cs, err := db.QueryContext(ctx, "select kind, coalesce(from_entity, 0), coalesce(to_entity, 0), surface_key from corrections order by id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: corrections: %w", err)
	}
	defer cs.Close()
	for cs.Next() {
		var kind, key string
		var from, to int64
		if err := cs.Scan(&kind, &from, &to, &key); err != nil {
			return nil, fmt.Errorf("sqlite: corrections: %w", err)
		}
		r.apply(kind, from, to, key)
	}
	return r, cs.Err()
}

// apply records a correction in memory.
func (r *registry) apply(kind string, from, to int64, key string) {
	switch kind {
	case kronika.Alias:
		r.alias[key] = to
		// An alias given after a split wins over it.
		for d := range r.detached {
			if d.key == key {
				delete(r.detached, d)
			}
		}
	case kronika.Split:
		r.detached[detach{r.resolve(from), key}] = true
		if r.alias[key] != 0 && r.resolve(r.alias[key]) == r.resolve(from) {
			delete(r.alias, key)
		}
	}
}

// corrections returns a copy of the merges and aliases, which resolve and
// alias lookups need and nothing else.
func (r *registry) corrections() *registry {
	return &registry{merged: maps.Clone(r.merged), alias: maps.Clone(r.alias)}
}

// resolve follows merges to the entity that stands for id now.
func (r *registry) resolve(id int64) int64 {
	for i := 0; i < 64; i++ {
		m, ok := r.merged[id]
		if !ok {
			break
		}
		id = m
	}
	return id
}

// ensure returns the id of the registry entity with this key, creating it.
func (r *registry) ensure(ctx context.Context, w *writer, key, kbID, name, typ string) (int64, error) {
	if id, ok := r.byKey[key]; ok {
		return r.resolve(id), nil
	}
	res, err := w.exec(ctx, "insert into entities(key, kb, name, type) values(?,?,?,?)", key, kbID, name, typ)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	r.byKey[key] = id
	return id, nil
}

// group is the mentions of one document entity that go to one registry
// entity.
type group struct {
	entity   int64
	mentions []kronika.Mention
}

// assign maps a document entity to registry entities: its own (by KB id or
// type and name, following merges), the target of an alias of its name or
// of a mention, and, for mentions split off it, an entity of their own.
func (r *registry) assign(ctx context.Context, w *writer, e kronika.Entity) ([]group, error) {
	base, ok := r.alias[surfaceKey(e.Name)]
	if ok {
		base = r.resolve(base)
	} else {
		var err error
		if base, err = r.ensure(ctx, w, entityKey(e), e.KB, e.Name, e.Type); err != nil {
			return nil, err
		}
	}
	if len(r.alias) == 0 && len(r.detached) == 0 {
		return []group{{base, e.Mentions}}, nil
	}
	var gs []group
	put := func(id int64, m kronika.Mention) {
		for i := range gs {
			if gs[i].entity == id {
				gs[i].mentions = append(gs[i].mentions, m)
				return
			}
		}
		gs = append(gs, group{id, []kronika.Mention{m}})
	}
	for _, m := range e.Mentions {
		k := surfaceKey(m.Text)
		if a, ok := r.alias[k]; ok {
			put(r.resolve(a), m)
			continue
		}
		if r.detached[detach{base, k}] {
			id, err := r.ensure(ctx, w, e.Type+":"+k, "", m.Text, e.Type)
			if err != nil {
				return nil, err
			}
			if id == base { // the split-off form is the entity's own key
				id, err = r.ensure(ctx, w, "split:"+e.Type+":"+k, "", m.Text, e.Type)
				if err != nil {
					return nil, err
				}
			}
			put(id, m)
			continue
		}
		put(base, m)
	}
	if len(gs) == 0 {
		gs = append(gs, group{entity: base})
	}
	return gs, nil
}

// Correct records a correction and re-maps the stored articles it
// touches.
func (db *DB) Correct(ctx context.Context, c kronika.Correction) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("sqlite: correction: %w", err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, id := range []int64{c.From, c.To} {
		if id == 0 {
			continue
		}
		var x int
		if err := db.wr.QueryRowContext(ctx, "select 1 from entities where id = ?", id).Scan(&x); err != nil {
			if err == sql.ErrNoRows {
				return fmt.Errorf("sqlite: correction: entity %d: %w", id, kronika.ErrNotFound)
			}
			return fmt.Errorf("sqlite: correction: %w", err)
		}
	}
	from, to := db.reg.resolve(c.From), db.reg.resolve(c.To)
	if c.Kind == kronika.Merge && from == to {
		return fmt.Errorf("sqlite: correction: entities %d and %d are already one", c.From, c.To)
	}
	key := surfaceKey(c.Surface)
	w, err := db.begin(ctx)
	if err != nil {
		return err
	}
	err = func() error {
		_, err := w.exec(ctx, "insert into corrections(kind, from_entity, to_entity, surface, surface_key, created) values(?,?,?,?,?,?)",
			c.Kind, nullID(c.From), nullID(c.To), c.Surface, key, time.Now().UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		// The articles whose mapping may change.
		var affected []int64
		switch c.Kind {
		case kronika.Merge:
			if _, err := w.exec(ctx, "update entities set merged_into = ? where id = ? or merged_into = ?", to, from, from); err != nil {
				return err
			}
			for id, m := range db.reg.merged {
				if m == from {
					db.reg.merged[id] = to
				}
			}
			db.reg.merged[from] = to
			affected, err = articleIDs(ctx, w.tx, "select distinct article from article_entities where entity = ?", from)
		case kronika.Split:
			affected, err = articleIDs(ctx, w.tx, "select distinct article from article_entities where entity = ?", from)
		case kronika.Alias:
			affected, err = db.articlesWith(ctx, w.tx, c.Surface)
		}
		if err != nil {
			return err
		}
		db.reg.apply(c.Kind, from, to, key)
		for _, id := range affected {
			if err := db.remap(ctx, w, id); err != nil {
				return err
			}
		}
		return nil
	}()
	if err := db.finish(ctx, w, err); err != nil {
		return fmt.Errorf("sqlite: correction: %w", err)
	}
	db.corr.Store(db.reg.corrections())
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func articleIDs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// articlesWith finds the articles whose text has every word of a surface
// form, through the full-text index: the candidates an alias may touch.
func (db *DB) articlesWith(ctx context.Context, tx *sql.Tx, surface string) ([]int64, error) {
	expr := matchPhrase(words(surface, nil), db.queryLangs())
	if expr == "" {
		return nil, nil
	}
	return articleIDs(ctx, tx, "select rowid from article_fts where article_fts match ?", "stems : "+expr)
}

// remap rewrites the facts of a stored article through the registry as it
// is now.
func (db *DB) remap(ctx context.Context, w *writer, id int64) error {
	_, a, err := db.loadDoc(ctx, w.tx, "id = ?", id)
	if err != nil {
		return err
	}
	if err := db.clearFacts(ctx, w, id); err != nil {
		return err
	}
	return db.writeFacts(ctx, w, id, &a.Document)
}

// Corrections lists the recorded corrections.
func (db *DB) Corrections(ctx context.Context) ([]kronika.Correction, error) {
	rows, err := db.rd.QueryContext(ctx, "select id, kind, coalesce(from_entity, 0), coalesce(to_entity, 0), surface, created from corrections order by id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: corrections: %w", err)
	}
	defer rows.Close()
	out := []kronika.Correction{}
	for rows.Next() {
		var c kronika.Correction
		if err := rows.Scan(&c.ID, &c.Kind, &c.From, &c.To, &c.Surface, &c.Created); err != nil {
			return nil, fmt.Errorf("sqlite: corrections: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Lookup returns the entity an alias correction attaches a surface form
// to. The language is not needed: an alias holds in every language.
func (db *DB) Lookup(ctx context.Context, surface, lang string) (*kronika.RegistryEntity, bool, error) {
	corr := db.corr.Load()
	id, ok := corr.alias[surfaceKey(surface)]
	if ok {
		id = corr.resolve(id)
	}
	if !ok {
		return nil, false, nil
	}
	e, err := db.entity(ctx, id)
	if err != nil {
		return nil, false, err
	}
	return e, true, nil
}

const entityCols = "id, name, type, kb, mentions, articles"

func scanEntity(s interface{ Scan(...any) error }) (*kronika.RegistryEntity, error) {
	var e kronika.RegistryEntity
	if err := s.Scan(&e.ID, &e.Name, &e.Type, &e.KB, &e.Mentions, &e.Articles); err != nil {
		return nil, err
	}
	return &e, nil
}

func (db *DB) entity(ctx context.Context, id int64) (*kronika.RegistryEntity, error) {
	e, err := scanEntity(db.rd.QueryRowContext(ctx, "select "+entityCols+" from entities where id = ?", id))
	if err == sql.ErrNoRows {
		return nil, kronika.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: %w", id, err)
	}
	return e, nil
}

func (db *DB) resolveID(id int64) int64 {
	return db.corr.Load().resolve(id)
}

// FindEntity resolves "id:123", a KB id, an alias, or a name (the most
// mentioned entity of that name wins).
func (db *DB) FindEntity(ctx context.Context, name string) (*kronika.RegistryEntity, error) {
	name = strings.TrimSpace(name)
	if s, ok := strings.CutPrefix(name, "id:"); ok {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, kronika.ErrNotFound
		}
		return db.entity(ctx, db.resolveID(id))
	}
	if e, ok, err := db.Lookup(ctx, name, ""); err != nil || ok {
		return e, err
	}
	for _, q := range []string{
		"select coalesce(merged_into, id) from entities where kb = ? and kb != '' limit 1",
		"select coalesce(merged_into, id) from entities where name = ? collate nocase order by mentions desc limit 1",
	} {
		var id int64
		err := db.rd.QueryRowContext(ctx, q, name).Scan(&id)
		if err == nil {
			return db.entity(ctx, db.resolveID(id))
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("sqlite: find entity: %w", err)
		}
	}
	// A form seen in the texts, through its folded key ("Rusisë").
	var id int64
	err := db.rd.QueryRowContext(ctx, `select f.entity from entity_forms f join entities e on e.id = coalesce(
		(select merged_into from entities where id = f.entity), f.entity) where f.key = ? order by e.mentions desc limit 1`, surfaceKey(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kronika.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: find entity: %w", err)
	}
	return db.entity(ctx, db.resolveID(id))
}

// Entities lists the registry entities that stand for themselves (not
// merged away), most mentioned first.
func (db *DB) Entities(ctx context.Context, f kronika.EntityFilter, p kronika.Page) (kronika.EntityList, error) {
	p = p.Norm()
	out := kronika.EntityList{Items: []kronika.RegistryEntity{}, Page: p}
	where := "merged_into is null and mentions > 0"
	var args []any
	if f.Type != "" {
		where += " and type = ?"
		args = append(args, f.Type)
	}
	if f.Name != "" {
		where += " and name like ? escape '\\'"
		args = append(args, likePrefix(f.Name))
	}
	if err := db.rd.QueryRowContext(ctx, "select count(*) from entities where "+where, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("sqlite: entities: %w", err)
	}
	rows, err := db.rd.QueryContext(ctx, "select "+entityCols+" from entities where "+where+" order by mentions desc, id limit ? offset ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("sqlite: entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return out, fmt.Errorf("sqlite: entities: %w", err)
		}
		out.Items = append(out.Items, *e)
	}
	return out, rows.Err()
}

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// Entity returns an entity with its names, forms, titles, aliases and
// timeline; a merged-away id gives the entity it was merged into.
func (db *DB) Entity(ctx context.Context, id int64) (*kronika.EntityDetail, error) {
	e, err := db.entity(ctx, db.resolveID(id))
	if err != nil {
		return nil, err
	}
	d := &kronika.EntityDetail{RegistryEntity: *e, Names: []string{}, Forms: []kronika.Form{}, Titles: []kronika.Form{}, Aliases: []string{}, Timeline: []kronika.Period{}}
	forms := func(q string) ([]kronika.Form, error) {
		rows, err := db.rd.QueryContext(ctx, q, e.ID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []kronika.Form{}
		for rows.Next() {
			var f kronika.Form
			if err := rows.Scan(&f.Text, &f.Count); err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, rows.Err()
	}
	names, err := forms("select name, count(*) from article_entities where entity = ? group by name order by 2 desc limit 20")
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: %w", id, err)
	}
	for _, n := range names {
		d.Names = append(d.Names, n.Text)
	}
	if d.Forms, err = forms("select j.value, count(*) from article_entities ae, json_each(ae.forms) j where ae.entity = ? group by j.value order by 2 desc, 1 limit 50"); err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: %w", id, err)
	}
	if d.Titles, err = forms("select title, count(*) from titles where entity = ? group by title order by 2 desc, 1 limit 30"); err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: %w", id, err)
	}
	al, err := forms("select surface, count(*) from corrections where kind = 'alias' and to_entity in (select ?1 union select id from entities where merged_into = ?1) group by surface")
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: %w", id, err)
	}
	for _, a := range al {
		d.Aliases = append(d.Aliases, a.Text)
	}
	rows, err := db.rd.QueryContext(ctx, `select substr(a.published, 1, 7) m, count(distinct ae.article), sum(ae.mentions)
		from article_entities ae join articles a on a.id = ae.article
		where ae.entity = ? and length(a.published) >= 7 group by m order by m`, e.ID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity %d: timeline: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p kronika.Period
		if err := rows.Scan(&p.Month, &p.Articles, &p.Mentions); err != nil {
			return nil, err
		}
		d.Timeline = append(d.Timeline, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	m, err := db.rd.QueryContext(ctx, "select id from entities where merged_into = ? order by id", e.ID)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	for m.Next() {
		var x int64
		if err := m.Scan(&x); err != nil {
			return nil, err
		}
		d.Merged = append(d.Merged, x)
	}
	return d, m.Err()
}
