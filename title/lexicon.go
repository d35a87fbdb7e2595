package title

import (
	"fmt"
	"strings"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
)

// packFile is the language-pack file this package reads.
const packFile = "titles.json"

// packData is the JSON form of titles.json.
type packData struct {
	Heads []struct {
		Lemma  string   `json:"lemma"`
		Gender string   `json:"gender"`
		Sg     []string `json:"sg"`
		Pl     []string `json:"pl"`
	} `json:"heads"`
	PreModifiers []string `json:"pre_modifiers"`
	EnglishStyle bool     `json:"english_style"`
	MaxPost      int      `json:"max_post"`
	Stops        []string `json:"stops"`
	PostLinks    []string `json:"post_links"`
	Coordinators []string `json:"coordinators"`
	Determiners  []string `json:"determiners"`
	Possessives  []string `json:"possessive_endings"`
}

// Head is what the lexicon knows about one title word form.
type Head struct {
	Lemma  string
	Gender string // "m", "f" or ""
	Plural bool
	Words  int // how many tokens the form spans
}

// Lexicon holds the title words of one language.
type Lexicon struct {
	// forms maps the first word of a form to the forms starting with it,
	// longest first, each split into words.
	forms     map[string][]form
	preMods   map[string]bool
	stops     map[string]bool
	postLinks map[string]bool
	coords    map[string]bool
	dets      map[string]bool
	possEnds  []string // endings of a possessive modifier: "’s"
	english   bool
	maxPost   int
}

type form struct {
	words []string
	head  Head
}

// LexiconFor returns the title lexicon of a language, loaded once from its
// pack; a language without titles.json gets an empty lexicon.
func LexiconFor(code string) (*Lexicon, error) { return lexCache.Get(code) }

// lexCache compiles each language's titles.json once.
var lexCache = lang.NewCache(func(_ string, p *lang.Pack) (*Lexicon, error) {
	var d packData
	if err := p.JSON(packFile, &d); err != nil {
		return nil, fmt.Errorf("title: %w", err)
	}
	l := &Lexicon{
		forms:     map[string][]form{},
		preMods:   set(d.PreModifiers),
		stops:     set(d.Stops),
		postLinks: set(d.PostLinks),
		coords:    set(d.Coordinators),
		dets:      set(d.Determiners),
		possEnds:  lowerAll(d.Possessives),
		english:   d.EnglishStyle,
		maxPost:   d.MaxPost,
	}
	for _, h := range d.Heads {
		add := func(forms []string, pl bool) {
			for _, f := range forms {
				w := strings.Fields(strings.ToLower(f))
				if len(w) == 0 {
					continue
				}
				l.forms[w[0]] = append(l.forms[w[0]], form{words: w, head: Head{Lemma: h.Lemma, Gender: h.Gender, Plural: pl, Words: len(w)}})
			}
		}
		add(h.Sg, false)
		add(h.Pl, true)
	}
	for k, fs := range l.forms {
		// longest form first, so "i dërguari i posaçëm" wins over "i dërguari"
		for i := 1; i < len(fs); i++ {
			for j := i; j > 0 && len(fs[j].words) > len(fs[j-1].words); j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
			}
		}
		l.forms[k] = fs
	}
	return l, nil
})

func lowerAll(xs []string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, LowerWord(x))
	}
	return out
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[strings.ToLower(x)] = true
	}
	return m
}

// HeadAt reports whether a title word form starts at token i, given the
// lower-cased token texts.
func (l *Lexicon) HeadAt(lower []string, i int) (Head, bool) {
	if l == nil || i < 0 || i >= len(lower) {
		return Head{}, false
	}
	for _, f := range l.forms[lower[i]] {
		if i+len(f.words) > len(lower) {
			continue
		}
		ok := true
		for k, w := range f.words[1:] {
			if lower[i+1+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return f.head, true
		}
	}
	return Head{}, false
}

// HeadOf returns the head of a title phrase as written ("presidentit rus",
// "the Serbian president"): the first title word form in it.
func (l *Lexicon) HeadOf(title string) (Head, bool) {
	words := strings.Fields(strings.ToLower(title))
	for i := range words {
		words[i] = strings.Trim(words[i], ",.;:")
	}
	var best Head
	found := false
	for i := range words {
		if h, ok := l.HeadAt(words, i); ok {
			best, found = h, true
			if !l.english {
				return best, true // Albanian titles lead with their head
			}
		}
	}
	return best, found // English titles end with theirs
}

// Lower returns the lower-cased texts of tokens, the form HeadAt reads.
func Lower(toks []kronika.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = LowerWord(t.Text)
	}
	return out
}

// LowerWord lower-cases a word and unifies the apostrophe, so that s'ka
// and s’ka look the same to the word lists. Other stages use it on their
// own word lists so that these match the tokens Lower gives.
func LowerWord(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') || c == '\'' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.ReplaceAll(strings.ToLower(s), "'", "’")
}
