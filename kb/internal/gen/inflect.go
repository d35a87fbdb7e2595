package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// A paradigm flexion: stem number, ending and grammatical tags.
type flex struct {
	stem  int
	end   string
	gramm string
}

// readParadigms parses the -paradigm blocks of a uniparser grammar.
func readParadigms(path string) (map[string][]flex, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("paradigms: %w", err)
	}
	defer f.Close()
	out := map[string][]flex{}
	var cur string
	var pending []flex
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "-paradigm:"):
			cur = strings.TrimSpace(strings.TrimPrefix(line, "-paradigm:"))
		case strings.HasPrefix(t, "-flex:"):
			pending = pending[:0]
			for _, alt := range strings.Split(strings.TrimSpace(strings.TrimPrefix(t, "-flex:")), "//") {
				n := 0
				if strings.HasPrefix(alt, "<") {
					if i := strings.IndexByte(alt, '>'); i > 0 {
						fmt.Sscanf(alt[1:i], "%d", &n)
						alt = alt[i+1:]
					}
				}
				pending = append(pending, flex{stem: n, end: strings.ReplaceAll(alt, ".", "")})
			}
		case strings.HasPrefix(t, "gramm:") && cur != "":
			for _, p := range pending {
				p.gramm = strings.TrimSpace(strings.TrimPrefix(t, "gramm:"))
				out[cur] = append(out[cur], p)
			}
			pending = pending[:0]
		}
	}
	return out, sc.Err()
}

type lexeme struct {
	lex        string
	stems      []string
	paradigms  []string
	properNoun bool
}

// readNouns parses the -lexeme blocks of the noun lexicon.
func readNouns(path string) ([]lexeme, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("noun lexicon: %w", err)
	}
	defer f.Close()
	var out []lexeme
	var cur *lexeme
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(t, ":")
		v = strings.TrimSpace(v)
		switch {
		case t == "-lexeme":
			out = append(out, lexeme{})
			cur = &out[len(out)-1]
		case cur == nil || !ok:
		case k == "lex":
			cur.lex = v
			r, _ := utf8.DecodeRuneInString(v)
			cur.properNoun = strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
		case k == "stem":
			for _, s := range strings.Split(v, "|") {
				s = strings.Split(s, "//")[0]
				cur.stems = append(cur.stems, strings.ReplaceAll(s, ".", ""))
			}
		case k == "paradigm":
			cur.paradigms = append(cur.paradigms, v)
		}
	}
	return out, sc.Err()
}

// Rule is one suffix replacement, in the schema of names_inflection.json.
type Rule struct {
	Strip  string `json:"strip"`
	Add    string `json:"add"`
	After  string `json:"after,omitempty"`
	Weight int    `json:"weight"`
}

// deriveRules generates every singular and plural case form of every noun
// of the lexicon and records, for each form, the suffix replacement that
// leads back to the citation form, to the definite nominative singular and
// (for plural forms, only) to the definite nominative plural. A replacement keeps
// one letter of context: a vowel literally, a consonant as the class "C".
// Proper nouns weigh ten times a common noun. vowels are the letters kept
// literally as context.
func deriveRules(morph, vowels string) ([]Rule, error) {
	pars, err := readParadigms(filepath.Join(morph, "paradigms.txt"))
	if err != nil {
		return nil, err
	}
	nouns, err := readNouns(filepath.Join(morph, "sqi_lexemes_N.txt"))
	if err != nil {
		return nil, err
	}
	type key struct{ strip, add, after string }
	count := map[key]int{}
	for _, lx := range nouns {
		lemma := strings.ToLower(lx.lex)
		w := 1
		if lx.properNoun {
			w = 10
		}
		var forms, defSg, defPl []string
		for _, p := range lx.paradigms {
			for _, fl := range pars[p] {
				if fl.stem >= len(lx.stems) || strings.Contains(fl.gramm, "nonst") || strings.Contains(fl.gramm, "voc") {
					continue
				}
				form := lx.stems[fl.stem] + fl.end
				g := "," + fl.gramm + ","
				switch {
				case strings.Contains(g, ",sg,") && strings.Contains(g, ",nom,") && strings.Contains(g, ",def,"):
					defSg = append(defSg, form)
				case strings.Contains(g, ",pl,") && strings.Contains(g, ",nom,") && strings.Contains(g, ",def,"):
					defPl = append(defPl, form)
				}
				if strings.Contains(g, ",pl,") {
					form = "P" + form // marks plural forms for the targets below
				}
				forms = append(forms, form)
			}
		}
		seen := map[key]bool{}
		for _, f := range forms {
			// Singular forms lead to the singular citation forms; plural
			// forms only to the definite plural ("Shteteve" → "Shtetet"),
			// since a name cited in the plural is cited that way.
			targets := append([]string{lemma}, defSg...)
			if strings.HasPrefix(f, "P") {
				f, targets = f[1:], defPl
			}
			for _, t := range targets {
				if k, ok := diff(f, t, vowels); ok && !seen[k] {
					seen[k] = true
					count[key(k)] += w
				}
			}
		}
	}
	var rules []Rule
	for k, n := range count {
		if n >= 100 {
			rules = append(rules, Rule{Strip: k.strip, Add: k.add, After: k.after, Weight: n})
		}
	}
	sort.Slice(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		return a.Strip+"|"+a.Add+"|"+a.After < b.Strip+"|"+b.Add+"|"+b.After
	})
	return rules, nil
}

// diff returns the suffix replacement that turns form into target.
func diff(form, target, vowels string) (struct{ strip, add, after string }, bool) {
	var k struct{ strip, add, after string }
	if form == target || form == "" || target == "" {
		return k, false
	}
	fr, tr := []rune(form), []rune(target)
	i := 0
	for i < len(fr) && i < len(tr) && fr[i] == tr[i] {
		i++
	}
	if i == len(fr) || i < 2 { // a form that only lengthens the target is no inflection
		return k, false
	}
	c := fr[i-1]
	if strings.ContainsRune(vowels, c) {
		k.strip, k.add = string(fr[i-1:]), string(tr[i-1:])
	} else {
		k.strip, k.add, k.after = string(fr[i:]), string(tr[i:]), "C"
	}
	if utf8.RuneCountInString(k.strip) > 4 {
		return k, false
	}
	return k, true
}

// writeInflection replaces the "derived" rules of names_inflection.json and
// keeps everything written by hand, among it the "vowels" the rules are
// derived with.
func writeInflection(morph, path string) error {
	doc := map[string]json.RawMessage{}
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("inflection rules: %w", err)
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var vowels string
	if err := json.Unmarshal(doc["vowels"], &vowels); err != nil || vowels == "" {
		return fmt.Errorf("%s: no \"vowels\" string", path)
	}
	rules, err := deriveRules(morph, vowels)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(rules)
	if err != nil {
		return err
	}
	doc["derived"] = raw
	// Keep a stable key order with the hand-written sections first.
	order := []string{"comment", "vowels", "prefixes", "articles", "acronym_separators", "acronym_endings", "hand", "derived"}
	var b strings.Builder
	b.WriteString("{\n")
	first := true
	emit := func(k string, v json.RawMessage) {
		if !first {
			b.WriteString(",\n")
		}
		first = false
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		if k == "derived" || k == "hand" {
			var rs []Rule
			_ = json.Unmarshal(v, &rs)
			b.WriteString("[\n")
			for i, r := range rs {
				rb, _ := json.Marshal(r)
				b.WriteString("  ")
				b.Write(rb)
				if i < len(rs)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString("]")
			return
		}
		b.Write(v)
	}
	done := map[string]bool{}
	for _, k := range order {
		if v, ok := doc[k]; ok {
			emit(k, v)
			done[k] = true
		}
	}
	var rest []string
	for k := range doc {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		emit(k, doc[k])
	}
	b.WriteString("\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
