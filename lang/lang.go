// Package lang gives access to the language packs: per-language data files
// (lexicons, cue words, month names, number words, abbreviations) embedded
// from the directories lang/<code>/. Each extractor reads the files it
// needs from a pack; adding a language means adding a directory.
//
// File conventions: *.txt files hold one entry a line, with blank lines and
// lines starting with '#' ignored; *.json files hold whatever structure the
// package that reads them documents.
package lang

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed */*
var packs embed.FS

// Pack is the data of one language.
type Pack struct {
	Code string // ISO 639-1
	FS   fs.FS
}

var (
	once  sync.Once
	byTag map[string]*Pack
)

func load() {
	byTag = map[string]*Pack{}
	dirs, _ := fs.ReadDir(packs, ".")
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		sub, err := fs.Sub(packs, d.Name())
		if err != nil {
			continue
		}
		byTag[d.Name()] = &Pack{Code: d.Name(), FS: sub}
	}
}

// Normalize reduces a language tag to the code packs are named by: the
// primary subtag, lower-cased and trimmed ("en-US", "en_GB" and "EN" give
// "en"). Input may carry any BCP 47 or POSIX locale tag, while Get and the
// stages' caches look packs up by the bare code.
func Normalize(code string) string {
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	return strings.ToLower(strings.TrimSpace(code))
}

// Get returns the pack of a language, or nil when there is none. code must
// already be normalised (see Normalize).
func Get(code string) *Pack {
	once.Do(load)
	return byTag[code]
}

// Codes lists the languages that have a pack, sorted.
func Codes() []string {
	once.Do(load)
	codes := make([]string, 0, len(byTag))
	for c := range byTag {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// Has reports whether the pack holds a file.
func (p *Pack) Has(name string) bool {
	if p == nil {
		return false
	}
	_, err := fs.Stat(p.FS, name)
	return err == nil
}

// Lines returns the entries of a *.txt file: lines trimmed of surrounding
// space, blank lines and '#' comments dropped. A missing file gives no
// lines and no error, so a pack may leave out what its language lacks.
func (p *Pack) Lines(name string) ([]string, error) {
	if p == nil {
		return nil, nil
	}
	b, err := fs.ReadFile(p.FS, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lang %s: %w", p.Code, err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// JSON decodes a *.json file of the pack into v. A missing file leaves v
// untouched and returns no error.
func (p *Pack) JSON(name string, v any) error {
	if p == nil {
		return nil
	}
	b, err := fs.ReadFile(p.FS, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lang %s: %w", p.Code, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("lang %s: %s: %w", p.Code, name, err)
	}
	return nil
}

// Cache holds what a package compiles from each language's pack (word
// sets, matchers, tables), built once per language on first use and then
// shared: extractors call Get on every document.
type Cache[T any] struct {
	load    func(code string, p *Pack) (T, error)
	entries sync.Map // code → *cacheEntry[T]
}

type cacheEntry[T any] struct {
	once sync.Once
	v    T
	err  error
}

// NewCache returns a cache that builds a language's value with load. load
// gets the language's pack, nil when the language has none, and should
// return the zero value when the pack lacks what it needs.
func NewCache[T any](load func(code string, p *Pack) (T, error)) *Cache[T] {
	return &Cache[T]{load: load}
}

// Get returns the value for a language, building it on first use. An
// error is returned again on every later call for that language.
func (c *Cache[T]) Get(code string) (T, error) {
	// Load first: after the first document every language is cached, and
	// LoadOrStore would allocate an entry on every call only to drop it.
	v, ok := c.entries.Load(code)
	if !ok {
		v, _ = c.entries.LoadOrStore(code, &cacheEntry[T]{})
	}
	e := v.(*cacheEntry[T])
	e.once.Do(func() { e.v, e.err = c.load(code, Get(code)) })
	return e.v, e.err
}
