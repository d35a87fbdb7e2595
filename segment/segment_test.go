package segment

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/lang"
)

// texts renders tokens as their texts joined by " | ".
func texts(toks []kronika.Token) string {
	s := make([]string, len(toks))
	for i, t := range toks {
		s[i] = t.Text
	}
	return strings.Join(s, " | ")
}

func TestTokens(t *testing.T) {
	seg := New()
	for _, tc := range []struct {
		name, lang, in, want string
	}{
		{"albanian letters", "sq", "Çështja e ëndrrës", "Çështja | e | ëndrrës"},
		{"decomposed diaeresis", "sq", "nje\u0308 he\u0308re\u0308", "nje\u0308 | he\u0308re\u0308"},
		{"apostrophe clitics", "sq", "s’foli t’iu t'i t`u LDK’së", "s’foli | t’iu | t'i | t`u | LDK’së"},
		{"english apostrophes", "en", "don't O'Brien leaders’ talks", "don't | O'Brien | leaders | ’ | talks"},
		{"hyphenated", "sq", "NATO-s SHBA-ja BE-së euro-atlantike Indo-Paqësorit koreano-veriorë COVID-19 2024-ën",
			"NATO-s | SHBA-ja | BE-së | euro-atlantike | Indo-Paqësorit | koreano-veriorë | COVID-19 | 2024-ën"},
		{"numbers", "sq", "600.000 3,5 1,200.50 10.000 15% 28.10.2024 14:30",
			"600.000 | 3,5 | 1,200.50 | 10.000 | 15 | % | 28.10.2024 | 14:30"},
		{"range and iso date", "en", "10-15 2024-10-28 1996-08-22T14:30", "10 | - | 15 | 2024-10-28 | 1996-08-22T14:30"},
		{"number then stop", "sq", "vitin 2022.", "vitin | 2022 | ."},
		{"sq abbreviations", "sq", "z. Kurti, znj. Osmani, Dr. Gashi, p.sh. nr. 5, sh.p.k. etj.",
			"z. | Kurti | , | znj. | Osmani | , | Dr. | Gashi | , | p.sh. | nr. | 5 | , | sh.p.k. | etj."},
		{"capitalised lower-case entry", "sq", "Nr. 5", "Nr. | 5"},
		{"en abbreviations", "en", "Mr. Smith, Jan. 5, U.S. troops, No. 10, Acme Inc.",
			"Mr. | Smith | , | Jan. | 5 | , | U.S. | troops | , | No. | 10 | , | Acme | Inc."},
		{"lower-case no is a word", "en", "he said no.", "he | said | no | ."},
		{"initials", "sq", "Mark J. Rutte, I.V. Stalin, U.S.A e.g.", "Mark | J. | Rutte | , | I.V. | Stalin | , | U.S.A | e.g."},
		{"abbreviation glued to name", "en", "Dr.Smith J.Rutte", "Dr. | Smith | J. | Rutte"},
		{"ellipsis after abbreviation", "sq", "etj...", "etj | ..."},
		{"stop runs", "en", "What?! Wait... Yes…", "What | ?! | Wait | ... | Yes | …"},
		{"url and email", "sq", "Shih https://www.koha.net/lajme/1?a=b). ose www.rtk.org. ose info@koha.net.",
			"Shih | https://www.koha.net/lajme/1?a=b | ) | . | ose | www.rtk.org | . | ose | info@koha.net | ."},
		{"domain", "sq", "shkruan koha.net, KALLXO.com dhe lajmi.net/artikull", "shkruan | koha.net | , | KALLXO.com | dhe | lajmi.net/artikull"},
		{"url glued to sentence", "sq", "vdekur.https://kallxo.com/a", "vdekur | . | https://kallxo.com/a"},
		{"email local part with capitals", "en", "First.Last@example.com", "First.Last@example.com"},
		{"quotes", "sq", "„Po“ “Jo” «Ndoshta» \"Ok\" 'Hë' ‘Mirë’",
			"„ | Po | “ | “ | Jo | ” | « | Ndoshta | » | \" | Ok | \" | ' | Hë | ' | ‘ | Mirë | ’"},
		{"emoji", "sq", "👨‍👩‍👧 🇽🇰🇦🇱 👍🏽 1️⃣ ❤️", "👨‍👩‍👧 | 🇽🇰 | 🇦🇱 | 👍🏽 | 1️⃣ | ❤️"},
		{"symbols", "en", "$5 €10 & #1 @user", "$ | 5 | € | 10 | & | # | 1 | @ | user"},
		{"glued sentences", "sq", "rastet”, tha ai.Krasniqi tha", "rastet | ” | , | tha | ai | . | Krasniqi | tha"},
		{"glued one-letter word", "sq", "qytetit.I riu", "qytetit | . | I | riu"},
		{"no-break space and zwsp", "sq", "10\u00a0mijë\u200beuro", "10 | mijë | euro"},
		{"soft hyphen inside word", "sq", "për\u00adfaqësues", "për\u00adfaqësues"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks, _ := seg.Segment([]rune(tc.in), tc.lang)
			if got := texts(toks); got != tc.want {
				t.Errorf("Segment(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			checkInvariants(t, []rune(tc.in), toks, nil)
		})
	}
}

func TestKinds(t *testing.T) {
	seg := New()
	toks, _ := seg.Segment([]rune("Rutte 600.000 2024-ën 15% , 🇽🇰 www.koha.net COVID-19"), "sq")
	want := []kronika.TokenKind{kronika.Word, kronika.Number, kronika.Number, kronika.Number, kronika.Symbol,
		kronika.Punct, kronika.Symbol, kronika.Word, kronika.Word}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens (%s), want %d", len(toks), texts(toks), len(want))
	}
	for i, tk := range toks {
		if tk.Kind != want[i] {
			t.Errorf("%q: kind %d, want %d", tk.Text, tk.Kind, want[i])
		}
	}
}

func TestSentences(t *testing.T) {
	seg := New()
	for _, tc := range []struct {
		name, lang, in string
		want           []string
	}{
		{"simple", "sq", "Ai erdhi. Ajo iku.", []string{"Ai erdhi.", "Ajo iku."}},
		{"closing quote", "sq", "Ai tha: “Ne vazhdojmë.” Ai tha se po.", []string{"Ai tha: “Ne vazhdojmë.”", "Ai tha se po."}},
		{"low-high quotes", "sq", "„Ne vazhdojmë.“ Ai tha.", []string{"„Ne vazhdojmë.“", "Ai tha."}},
		{"quote then lower case", "sq", "“A vjen?”, pyeti ai. Po.", []string{"“A vjen?”, pyeti ai.", "Po."}},
		{"abbreviation", "sq", "E takoi z. Kurti. Pastaj p.sh. Ai.", []string{"E takoi z. Kurti.", "Pastaj p.sh. Ai."}},
		{"initial", "sq", "Erdhi Mark J. Rutte sot.", []string{"Erdhi Mark J. Rutte sot."}},
		{"numbers", "sq", "Ishin 600.000 ushtarë. Më 28.10.2024 ra.", []string{"Ishin 600.000 ushtarë.", "Më 28.10.2024 ra."}},
		{"digit start", "sq", "Ra në vitin 2022. 10 persona vdiqën.", []string{"Ra në vitin 2022.", "10 persona vdiqën."}},
		{"lower-case continues", "sq", "Pse... ai nuk erdhi? askush s’e di.", []string{"Pse... ai nuk erdhi? askush s’e di."}},
		{"runs", "sq", "Vërtet?! Po… Ashtu.", []string{"Vërtet?!", "Po…", "Ashtu."}},
		{"paragraph break", "sq", "Titulli pa pikë\n\nteksti fillon", []string{"Titulli pa pikë", "teksti fillon"}},
		{"line break before capital", "sq", "Titulli pa pikë\nTeksti fillon", []string{"Titulli pa pikë", "Teksti fillon"}},
		{"line break before lower case", "sq", "fjali e\nthyer", []string{"fjali e\nthyer"}},
		{"glued", "sq", "…rastet”, tha ai.Krasniqi tha se po.", []string{"…rastet”, tha ai.", "Krasniqi tha se po."}},
		{"glued after quote", "sq", "tha “rastet”.Krasniqi tha.", []string{"tha “rastet”.", "Krasniqi tha."}},
		{"glued opening quote", "sq", "drejtor i WidO-së.“Një rrjedhë”, tha.", []string{"drejtor i WidO-së.", "“Një rrjedhë”, tha."}},
		{"glued after number", "sq", "me COVID-19.Ajo tha.", []string{"me COVID-19.", "Ajo tha."}},
		{"glued after acronym", "sq", "shkruan KOHA.Në fund.", []string{"shkruan KOHA.", "Në fund."}},
		{"glued one-letter word", "sq", "e qytetit.I riu vdiq.", []string{"e qytetit.", "I riu vdiq."}},
		{"glued kept whole", "sq", "Në U.S.A dhe koha.net p.sh.Ai 10.000 fjalë.", []string{"Në U.S.A dhe koha.net p.sh.Ai 10.000 fjalë."}},
		{"english", "en", "Mr. Smith met Gen. Doe in the U.S. on Jan. 5. They talked.",
			[]string{"Mr. Smith met Gen. Doe in the U.S. on Jan. 5.", "They talked."}},
		{"unknown language uses all packs", "xx", "Dr. Smith and z. Kurti met. Fine.", []string{"Dr. Smith and z. Kurti met.", "Fine."}},
		{"empty", "sq", "", nil},
		{"spaces only", "sq", " \n\n ", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := []rune(tc.in)
			toks, sents := seg.Segment(r, tc.lang)
			checkInvariants(t, r, toks, sents)
			var got []string
			for _, s := range sents {
				got = append(got, string(r[s.Start:s.End]))
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
				t.Errorf("Segment(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestFixtures segments the texts of testdata/*_sentences.txt, where each
// line is one expected sentence.
func TestFixtures(t *testing.T) {
	for _, c := range []struct{ lang, file string }{{"sq", "sq_sentences.txt"}, {"en", "en_sentences.txt"}} {
		t.Run(c.lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			var want, paras []string
			var para []string
			flush := func() {
				if len(para) > 0 {
					paras = append(paras, strings.Join(para, " "))
					para = nil
				}
			}
			for _, l := range strings.Split(string(b), "\n") {
				switch {
				case strings.HasPrefix(l, "#"):
				case strings.TrimSpace(l) == "":
					flush()
				default:
					para = append(para, l)
					want = append(want, l)
				}
			}
			flush()
			r := []rune(strings.Join(paras, "\n\n"))
			toks, sents := New().Segment(r, c.lang)
			checkInvariants(t, r, toks, sents)
			var got []string
			for _, s := range sents {
				got = append(got, string(r[s.Start:s.End]))
			}
			for i := 0; i < len(got) || i < len(want); i++ {
				var g, w string
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Errorf("sentence %d\n got %q\nwant %q", i, g, w)
				}
			}
		})
	}
}

// checkInvariants verifies what every caller relies on: tokens ordered,
// non-overlapping, in bounds, non-empty, free of white space, with Text
// equal to their span; sentences non-empty, ordered, partitioning the
// tokens, spanning their first and last token.
func checkInvariants(t *testing.T, text []rune, toks []kronika.Token, sents []kronika.Sentence) {
	t.Helper()
	prevEnd := 0
	for i, tk := range toks {
		if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(text) {
			t.Fatalf("token %d %+v out of order or bounds (prev end %d, len %d)", i, tk, prevEnd, len(text))
		}
		prevEnd = tk.End
		if want := string(text[tk.Start:tk.End]); tk.Text != want {
			t.Fatalf("token %d text %q, want %q", i, tk.Text, want)
		}
		for _, r := range text[tk.Start:tk.End] {
			if unicode.IsSpace(r) {
				t.Fatalf("token %d %q holds white space", i, tk.Text)
			}
		}
		if tk.Kind > kronika.Symbol {
			t.Fatalf("token %d has kind %d", i, tk.Kind)
		}
	}
	if sents == nil {
		return
	}
	next := 0
	for i, s := range sents {
		if s.First != next || s.Last <= s.First || s.Last > len(toks) {
			t.Fatalf("sentence %d %+v does not continue at token %d", i, s, next)
		}
		if s.Start != toks[s.First].Start || s.End != toks[s.Last-1].End {
			t.Fatalf("sentence %d %+v does not span its tokens", i, s)
		}
		next = s.Last
	}
	if next != len(toks) {
		t.Fatalf("sentences end at token %d of %d", next, len(toks))
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"Shefi i NATO-s, Mark J. Rutte, tha: “Ne vazhdojmë.” Ai tha.",
		"…rastet”, tha ai.Krasniqi tha WidO-së.“Një 2022.Lufta p.sh.Ai U.S.A",
		"info@koha.net https://x.al/a(b)c). www.a.b First.Last@x.com a@b",
		"👨‍👩‍👧 🇽🇰 👍🏽 1️⃣ e\u0308 \u0308 \u200d x\u200d 2024-10-28 10-15 1,200.50 14:30",
		"etj... ?! \n\n ...\r\n\u2029 . .a a. \"'", "\xff\xfe", "vdekur.https://",
	} {
		f.Add(s, "sq")
	}
	f.Add("Mr. Smith met Gen. Doe. No. Jan.", "en")
	f.Add("Dr. x", "zz")
	seg := New()
	f.Fuzz(func(t *testing.T, s, lang string) {
		r := []rune(s)
		toks, sents := seg.Segment(r, lang)
		checkInvariants(t, r, toks, sents)
		// Invalid code points must not break the byte mapping either.
		r = append(r, -1, 0xD800, 0x110000, 'a', '.', 'B', 'c')
		toks, sents = seg.Segment(r, lang)
		checkInvariants(t, r, toks, sents)
	})
}

func TestConcurrent(t *testing.T) {
	seg := New()
	r := []rune("Dr. Smith tha: “Po.” z. Kurti, p.sh., jo. Mr. Doe. Fund.")
	want, _ := seg.Segment(r, "en")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for _, l := range []string{"sq", "en", "xx", ""} {
				toks, sents := seg.Segment(r, l)
				checkInvariants(t, r, toks, sents)
			}
			if toks, _ := seg.Segment(r, "en"); texts(toks) != texts(want) {
				t.Errorf("goroutine %d: got %s", g, texts(toks))
			}
		}(g)
	}
	wg.Wait()
}

func TestAbbreviationFiles(t *testing.T) {
	for _, code := range lang.Codes() {
		lines, err := lang.Get(code).Lines("abbreviations.txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if a := strings.Fields(l)[0]; !strings.HasSuffix(a, ".") {
				t.Errorf("%s: entry %q lacks its final dot", code, a)
			}
		}
	}
	a := abbrevsFor("sq")
	for _, s := range []string{"z.", "Z.", "znj.", "Znj.", "p.sh.", "P.sh.", "nr.", "Nr.", "etj.", "sh.p.k.", "Dr."} {
		if !a.has([]rune(s)) {
			t.Errorf("sq: %q missing", s)
		}
	}
	if a.has([]rune("DR.")) {
		t.Error(`sq: "DR." matched though only "Dr." and "dr." are listed`)
	}
}

// sharedDir is ../shared beside the repository root, two levels up from
// this package; tests that need it skip when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared not present")
	}
	return dir
}

// TestSeed segments the reference article (its body as the gold file has
// it) and checks a few boundaries.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sharedDir(t), "seed", "gold.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	var doc struct{ Text string }
	line, _, _ := strings.Cut(string(b), "\n")
	if err := json.Unmarshal([]byte(line), &doc); err != nil {
		t.Fatalf("seed gold: %v", err)
	}
	// The gold text is the body of the seed file without its header and
	// trailer lines.
	if raw, err := os.ReadFile(filepath.Join(sharedDir(t), "seed", "000_a9c94aec80565383.txt")); err == nil &&
		!strings.Contains(string(raw), doc.Text) {
		t.Fatal("seed file does not hold the gold text")
	}
	r := []rune(doc.Text)
	toks, sents := New().Segment(r, "sq")
	checkInvariants(t, r, toks, sents)
	got := make([]string, len(sents))
	for i, s := range sents {
		got[i] = string(r[s.Start:s.End])
	}
	if len(got) != 18 {
		t.Errorf("got %d sentences, want 18:\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, want := range []string{
		"Shefi i NATO-s, Mark Rutte, ka thënë se aleanca ushtarake e ka konfirmuar se trupa të Koresë së Veriut janë në Kursk të Rusisë, rajon në kufi me Ukrainën.",
		"“Ne vazhdojmë të monitorojmë situatën nga afër”, ka thënë ai.",
		"SHBA-ja ka thënë se rreth 3.000 ushtarë koreano-veriorë janë në Rusi për trajnime.",
		"Lufta në Ukrainë ka nisur më 24 shkurt të vitit 2022.",
	} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("sentence not found: %q", want)
		}
	}
	for _, w := range []string{"NATO-s", "600.000", "euro-atlantike", "Indo-Paqësorit", "t’iu", "koreano-veriorë", "10.000"} {
		found := false
		for _, tk := range toks {
			found = found || tk.Text == w
		}
		if !found {
			t.Errorf("token %q not found", w)
		}
	}
}

// TestRawCorpus segments every article of sq-news-raw and checks the
// invariants, and that glued sentences were split.
func TestRawCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedDir(t), "data", "sq-news-raw", "articles.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	seg := New()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	docs, words, sentences := 0, 0, 0
	for sc.Scan() {
		var d struct{ Doc, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %d: %v", docs+1, err)
		}
		r := []rune(d.Text)
		toks, sents := seg.Segment(r, "sq")
		checkInvariants(t, r, toks, sents)
		docs++
		words += len(toks)
		sentences += len(sents)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles, %d tokens, %d sentences", docs, words, sentences)
	if docs < 1000 || sentences < 10*docs {
		t.Errorf("%d articles gave %d sentences: glued sentences not split?", docs, sentences)
	}
}

func BenchmarkSegment(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "bench_sq.txt"))
	if err != nil {
		b.Fatal(err)
	}
	r := []rune(string(data))
	seg := New()
	toks, _ := seg.Segment(r, "sq")
	words := 0
	for _, tk := range toks {
		if tk.Kind == kronika.Word || tk.Kind == kronika.Number {
			words++
		}
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		seg.Segment(r, "sq")
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}
