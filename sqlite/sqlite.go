// Package sqlite is kronika's embedded store: a single SQLite file through
// a pure-Go driver (no cgo), in WAL mode, with schema migrations and an
// FTS5 full-text index of normalised words. It implements kronika.Store.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// DB is a kronika.Store in one SQLite file. Reads go through a pool of
// connections; writes through one connection, under a mutex, so there is
// exactly one writer.
type DB struct {
	path string
	rd   *sql.DB
	wr   *sql.DB

	mu  sync.Mutex // serialises writes and guards reg
	reg *registry
	// corr is the merges and aliases of reg for readers, copied whenever a
	// correction or a reload changes them and never changed in place: a
	// reader must not wait on mu, which a writer holds for a whole batch.
	corr atomic.Pointer[registry]

	langMu sync.RWMutex
	langs  []string // languages stored, for query normalisation
}

var _ kronika.Store = (*DB)(nil)

// Open opens or creates the store at path and brings its schema up to
// date.
func Open(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "temp_store(MEMORY)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	dsn := "file:" + path + "?" + q.Encode()
	wr, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	wr.SetMaxOpenConns(1)
	rd, err := sql.Open("sqlite", dsn+"&_pragma=query_only(true)")
	if err != nil {
		wr.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	rd.SetMaxOpenConns(8)
	rd.SetMaxIdleConns(8)
	db := &DB{path: path, rd: rd, wr: wr}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.reg, err = loadRegistry(ctx, wr); err != nil {
		db.Close()
		return nil, err
	}
	db.corr.Store(db.reg.corrections())
	if err := db.loadLangs(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	return errors.Join(db.rd.Close(), db.wr.Close())
}

// migrations are applied in order; PRAGMA user_version records how many
// have been. Never edit one that has shipped: add another.
var migrations = []string{
	// 1: articles, the registry, facts, corrections and the full-text index.
	`create table articles(
		id integer primary key,
		doc text not null unique,
		hash text not null,
		lang text not null default '',
		source text not null default '',
		published text not null default '',
		title text not null default '',
		url text not null default '',
		text text not null,
		words integer not null default 0,
		facts text not null,
		ingested text not null
	);
	create index articles_hash on articles(hash);
	create index articles_published on articles(published desc, id desc);
	create index articles_source on articles(source, published desc);
	create index articles_lang on articles(lang, published desc);

	create table entities(
		id integer primary key,
		key text not null unique,
		kb text not null default '',
		name text not null,
		type text not null,
		merged_into integer,
		mentions integer not null default 0,
		articles integer not null default 0
	);
	create index entities_rank on entities(mentions desc) where merged_into is null;
	create index entities_name on entities(name collate nocase);
	create index entities_kb on entities(kb) where kb != '';

	create table article_entities(
		article integer not null,
		entity integer not null,
		local text not null,
		name text not null,
		forms text not null,
		spans text not null,
		mentions integer not null,
		primary key(article, local, entity)
	) without rowid;
	create index article_entities_entity on article_entities(entity, article);

	create table entity_forms(
		key text not null,
		entity integer not null,
		primary key(key, entity)
	) without rowid;

	create table titles(article integer not null, entity integer not null, title text not null);
	create index titles_article on titles(article);
	create index titles_entity on titles(entity);

	create table quotes(
		article integer not null,
		n integer not null,
		kind text not null,
		start integer not null,
		end integer not null,
		text text not null,
		speaker integer,
		speaker_local text,
		speaker_text text not null default '',
		cue text not null default '',
		published text not null default '',
		primary key(article, n)
	) without rowid;
	create index quotes_speaker on quotes(speaker, published desc);
	create index quotes_published on quotes(published desc);

	create table amounts(
		article integer not null,
		n integer not null,
		start integer not null,
		end integer not null,
		text text not null,
		value real not null,
		value_max real,
		approx text not null,
		unit text not null default '',
		holder integer,
		primary key(article, n)
	) without rowid;
	create index amounts_holder on amounts(holder) where holder is not null;

	create table dates(
		article integer not null,
		n integer not null,
		start integer not null,
		end integer not null,
		text text not null,
		value text,
		relative text not null default '',
		primary key(article, n)
	) without rowid;
	create index dates_value on dates(value) where value is not null;

	create table corrections(
		id integer primary key,
		kind text not null,
		from_entity integer,
		to_entity integer,
		surface text not null default '',
		surface_key text not null default '',
		created text not null
	);

	create virtual table article_fts using fts5(
		tstems, stems,
		content='', contentless_delete=1,
		tokenize='unicode61 remove_diacritics 2'
	);`,
	// 2: events, and the registry entities that take part in them. The
	// facts of articles stored before have no events: they read as none.
	`create table events(
		article integer not null,
		n integer not null,
		type text not null,
		start integer not null,
		end integer not null,
		cue text not null default '',
		published text not null default '',
		primary key(article, n)
	) without rowid;
	create index events_published on events(published desc, article desc);

	create table event_entities(
		entity integer not null,
		article integer not null,
		n integer not null,
		primary key(entity, article, n)
	) without rowid;
	create index event_entities_article on event_entities(article);`,
	// 3: amounts and dates are read from each article's facts (the
	// article page, the claim ledger); no query needs them as rows, and
	// writing them cost a fifth of storing an article.
	`drop table if exists amounts;
	drop table if exists dates;`,
}

func (db *DB) migrate(ctx context.Context) error {
	var v int
	if err := db.wr.QueryRowContext(ctx, "pragma user_version").Scan(&v); err != nil {
		return fmt.Errorf("sqlite: schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("sqlite: %s has schema version %d, newer than this kronika (%d)", db.path, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		tx, err := db.wr.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("pragma user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
	}
	return nil
}

// SchemaVersion returns the number of migrations applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.rd.QueryRowContext(ctx, "pragma user_version").Scan(&v)
	return v, err
}

func (db *DB) loadLangs(ctx context.Context) error {
	rows, err := db.rd.QueryContext(ctx, "select distinct lang from articles where lang != ''")
	if err != nil {
		return fmt.Errorf("sqlite: languages: %w", err)
	}
	defer rows.Close()
	var ls []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return err
		}
		ls = append(ls, l)
	}
	db.langMu.Lock()
	db.langs = ls
	db.langMu.Unlock()
	return rows.Err()
}

func (db *DB) addLang(l string) {
	if l == "" {
		return
	}
	db.langMu.RLock()
	for _, x := range db.langs {
		if x == l {
			db.langMu.RUnlock()
			return
		}
	}
	db.langMu.RUnlock()
	db.langMu.Lock()
	db.langs = append(db.langs, l)
	db.langMu.Unlock()
}

// queryLangs is the languages a query word is normalised in: every one
// with a pack, so an empty store still parses queries alike, and those
// stored.
func (db *DB) queryLangs() []string {
	out := lang.Codes()
	db.langMu.RLock()
	defer db.langMu.RUnlock()
	for _, l := range db.langs {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// Stats counts what the store holds.
func (db *DB) Stats(ctx context.Context) (kronika.StoreStats, error) {
	var s kronika.StoreStats
	err := db.rd.QueryRowContext(ctx, `select
		(select count(*) from articles),
		(select count(*) from entities where merged_into is null),
		(select count(*) from quotes),
		(select count(*) from events)`).Scan(&s.Articles, &s.Entities, &s.Quotes, &s.Events)
	if err != nil {
		return s, fmt.Errorf("sqlite: stats: %w", err)
	}
	return s, nil
}
