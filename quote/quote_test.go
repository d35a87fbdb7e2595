package quote_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/quote"
	"github.com/kronika/kronika/segment"
	"github.com/kronika/kronika/title"
)

// ent is a test entity: every occurrence of each mention string in the
// text becomes a mention.
type ent struct {
	name, typ string
	mentions  []string
}

var seg = segment.New()

// analyse builds an analysis of text with the given entities and runs the
// title and quote stages on it.
func analyse(t testing.TB, lang, text string, ents []ent) *kronika.Analysis {
	t.Helper()
	doc := &kronika.Document{ID: "t", Lang: lang, Text: text}
	runes := []rune(text)
	for i, e := range ents {
		ke := kronika.Entity{ID: "e" + string(rune('1'+i)), Name: e.name, Type: e.typ}
		for _, m := range e.mentions {
			for off := 0; ; {
				k := strings.Index(text[off:], m)
				if k < 0 {
					break
				}
				b := off + k
				start := utf8.RuneCountInString(text[:b])
				end := start + utf8.RuneCountInString(m)
				if (start == 0 || !isLetter(runes[start-1])) && (end == len(runes) || !isLetter(runes[end])) {
					ke.Mentions = append(ke.Mentions, kronika.Mention{Start: start, End: end, Text: m})
				}
				off = b + len(m)
			}
		}
		doc.Entities = append(doc.Entities, ke)
	}
	a := &kronika.Analysis{Doc: doc, Runes: runes}
	a.Tokens, a.Sentences = seg.Segment(runes, lang)
	ti, _ := title.New()
	qu, _ := quote.New()
	if err := ti.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if err := qu.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && r != '’' && r != '“' && r != '”'
}

func speakerName(a *kronika.Analysis, q kronika.Quote) string {
	if q.Speaker == nil {
		return ""
	}
	for _, e := range a.Doc.Entities {
		if e.ID == *q.Speaker {
			return e.Name
		}
	}
	return "?"
}

var (
	rutte   = ent{"Mark Rutte", "PER", []string{"Mark Rutte", "Rutte"}}
	putin   = ent{"Vladimir Putin", "PER", []string{"Vladimir Putin", "Putin"}}
	nato    = ent{"NATO", "ORG", []string{"NATO-s", "NATO"}}
	usa     = ent{"United States", "LOC", []string{"SHBA-ja", "United States"}}
	hoti    = ent{"Avdullah Hoti", "PER", []string{"Avdullah Hoti", "Hoti"}}
	meliza  = ent{"Meliza Haradinaj", "PER", []string{"Meliza Haradinaj", "Haradinaj"}}
	limbach = ent{"Benjamin Limbach", "PER", []string{"Benjamin Limbach", "Limbach"}}
	willis  = ent{"Nicola Willis", "PER", []string{"Nicola Willis", "Willis"}}
)

func TestQuotes(t *testing.T) {
	type want struct{ text, speaker, kind string }
	tests := []struct {
		name, lang, text string
		ents             []ent
		want             []want
	}{
		{"sq reported se", "sq", "Shefi i NATO-s, Mark Rutte, ka thënë se aleanca e ka konfirmuar lajmin.",
			[]ent{nato, rutte}, []want{{"aleanca e ka konfirmuar lajmin", "Mark Rutte", "indirect"}}},
		{"sq direct, pronoun after", "sq", "Rutte foli në Bruksel.\n\n“Ne vazhdojmë të monitorojmë situatën”, ka thënë ai.",
			[]ent{rutte}, []want{{"Ne vazhdojmë të monitorojmë situatën", "Mark Rutte", "direct"}}},
		{"sq Sipas tij with scare quote", "sq", "Rutte ka thënë se lufta vazhdon. Sipas tij, ky veprim sinjalizon “dëshpërimin” e Putin.",
			[]ent{rutte, putin}, []want{{"lufta vazhdon", "Mark Rutte", "indirect"}, {"ky veprim sinjalizon “dëshpërimin” e Putin", "Mark Rutte", "indirect"}}},
		{"sq null subject coordination", "sq", "Ai ka thënë se NATO-ja është gati, dhe ka paralajmëruar se do të diskutojë me partnerët.",
			[]ent{rutte}, []want{{"NATO-ja është gati", "", "indirect"}, {"do të diskutojë me partnerët", "", "indirect"}}},
		{"sq organisation speaker", "sq", "SHBA-ja ka thënë se rreth 3.000 ushtarë janë në Rusi.",
			[]ent{usa}, []want{{"rreth 3.000 ushtarë janë në Rusi", "United States", "indirect"}}},
		{"sq naming verb scare quote", "sq", "Putin e quan luftën “operacion special ushtarak” për të çmilitarizuar Ukrainën.",
			[]ent{putin}, []want{{"operacion special ushtarak", "Vladimir Putin", "direct"}}},
		{"sq low double quotes", "sq", "Kryeministri Hoti tha: „Nuk ka pezullim të aktiviteteve tona.“",
			[]ent{hoti}, []want{{"Nuk ka pezullim të aktiviteteve tona.", "Avdullah Hoti", "direct"}}},
		{"sq guillemets", "sq", "«Kjo është e vërteta», tha Hoti.",
			[]ent{hoti}, []want{{"Kjo është e vërteta", "Avdullah Hoti", "direct"}}},
		{"sq feminine pronoun", "sq", "Ministrja Meliza Haradinaj foli sot. Ajo ka shtuar se masat duhet të respektohen.",
			[]ent{meliza}, []want{{"masat duhet të respektohen", "Meliza Haradinaj", "indirect"}}},
		{"sq title alone resolves", "sq", "Kryeministri Avdullah Hoti vizitoi Brukselin. Kryeministri tha se dialogu vazhdon.",
			[]ent{hoti}, []want{{"dialogu vazhdon", "Avdullah Hoti", "indirect"}}},
		{"en split quote", "en", "“This is a blow to crime,” Limbach said, “and it hurts the drug lords.”",
			[]ent{limbach}, []want{{"This is a blow to crime", "Benjamin Limbach", "direct"}, {"and it hurts the drug lords.", "Benjamin Limbach", "direct"}}},
		{"en straight quotes and she said", "en", "Finance Minister Nicola Willis spoke.\n\n\"Our focus is inflation,\" she said.",
			[]ent{willis}, []want{{"Our focus is inflation", "Nicola Willis", "direct"}}},
		{"en reported that", "en", "NATO chief Mark Rutte said the previous day that North Korean forces were in Kursk.",
			[]ent{rutte}, []want{{"North Korean forces were in Kursk", "Mark Rutte", "indirect"}}},
		{"en bare clause", "en", "Willis said a key goal of the government was to lower inflation.",
			[]ent{willis}, []want{{"a key goal of the government was to lower inflation", "Nicola Willis", "indirect"}}},
		{"en clause before attribution", "en", "Inflation has slowed to its lowest rate in years, Willis said on Wednesday.",
			[]ent{willis}, []want{{"Inflation has slowed to its lowest rate in years", "Nicola Willis", "indirect"}}},
		{"en according to", "en", "According to Limbach, the suspects set up 100 companies.",
			[]ent{limbach}, []want{{"the suspects set up 100 companies", "Benjamin Limbach", "indirect"}}},
		{"en single curly quotes", "en", "‘We will win this,’ Rutte told reporters.",
			[]ent{rutte}, []want{{"We will win this", "Mark Rutte", "direct"}}},
		{"en paragraph continuation", "en", "“We are concerned about this,” Rutte said.\n\n“It is something that should concern us all.”",
			[]ent{rutte}, []want{{"We are concerned about this", "Mark Rutte", "direct"}, {"It is something that should concern us all.", "Mark Rutte", "direct"}}},
		{"en unbalanced closing mark", "en", "Police said they found \"significant amounts\" of weapons and equipment.\"",
			nil, []want{{"they found \"significant amounts\" of weapons and equipment", "", "indirect"}}},
		{"en unclosed quote at paragraph end", "en", "Rutte said: “We will stay the course\n\nNothing else was said.",
			[]ent{rutte}, []want{{"We will stay the course", "Mark Rutte", "direct"}}},
		{"nested quotes stay one", "sq", "“Nëse thirrja është ‘Ejani të firmosni’, as mos na thërrisni”, tha Hoti.",
			[]ent{hoti}, []want{{"Nëse thirrja është ‘Ejani të firmosni’, as mos na thërrisni", "Avdullah Hoti", "direct"}}},
		{"scare quote without speaker dropped", "sq", "Pagesat po dalin të jenë “dardhë me bisht” për kosovarët.",
			nil, nil},
		{"en quotation going on after the attribution's sentence", "en", "“This is a blow to crime,” Limbach said. “It hurts the drug lords.”",
			[]ent{limbach}, []want{{"This is a blow to crime,” Limbach said. “It hurts the drug lords.", "Benjamin Limbach", "direct"}}},
		{"en attribution opened by as", "en", "As Rutte said, the alliance is ready to act.",
			[]ent{rutte}, []want{{"the alliance is ready to act", "Mark Rutte", "indirect"}}},
		{"en as-parenthetical inside the report", "en", "The alliance, as Rutte pointed out, is ready to act.",
			[]ent{rutte}, []want{{"The alliance, as Rutte pointed out, is ready to act", "Mark Rutte", "indirect"}}},
		{"en headline with a source and a colon", "en", "Rutte: Alliance Will Stand By Ukraine\n\nThe summit ended.",
			[]ent{rutte}, []want{{"Alliance Will Stand By Ukraine", "Mark Rutte", "indirect"}}},
		{"en line label without a source", "en", "The Gap Goes On: the summit ended without a deal.\n\nNothing more.",
			nil, nil},
		{"en headline verb in title case", "en", "Alliance Will Stand By Ukraine, Mark Rutte Says\n\nThe summit ended.",
			[]ent{rutte}, []want{{"Alliance Will Stand By Ukraine", "Mark Rutte", "indirect"}}},
		{"en coordinated cues of one subject", "en", "Willis criticized the new tariffs and said the deficit would grow.",
			[]ent{willis}, []want{{"the new tariffs", "Nicola Willis", "indirect"}, {"the deficit would grow", "Nicola Willis", "indirect"}}},
		{"en reported clause keeps its coordination", "en", "Police say the man posed a threat and refused to drop the gun.",
			nil, []want{{"the man posed a threat and refused to drop the gun", "", "indirect"}}},
		{"en naming verb without quotation marks", "en", "Willis called him a reckless gambler.",
			[]ent{willis}, []want{{"him a reckless gambler", "Nicola Willis", "indirect"}}},
		{"en participle naming names nothing", "en", "A disease called mpox spread quickly.",
			nil, nil},
		{"en relative pronoun subject", "en", "Rutte met an official who said the talks had failed.",
			[]ent{rutte}, []want{{"the talks had failed", "", "indirect"}}},
		{"en inverted source named by a group noun", "en", "The meeting ended in anger, said a source in the room.",
			nil, []want{{"The meeting ended in anger", "", "indirect"}}},
		{"en dateline is no subject", "en", "BRUSSELS — The alliance is ready, Rutte said on Monday.",
			[]ent{rutte}, []want{{"The alliance is ready", "Mark Rutte", "indirect"}}},
		{"en cue word after a possessive is a noun", "en", "The Treasury’s note was short.",
			nil, nil},
		{"en reported words running into a quotation", "en", "In cases of abortion, Willis said, “the woman is a victim.”",
			[]ent{willis}, []want{{"In cases of abortion, Willis said, “the woman is a victim.”", "Nicola Willis", "indirect"}}},
		{"en object of a cue ending in a preposition", "en", "Willis asked about the report that the deficit grew.",
			[]ent{willis}, []want{{"the report that the deficit grew", "Nicola Willis", "indirect"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, tc.lang, tc.text, tc.ents)
			got := a.Doc.Quotes
			if len(got) != len(tc.want) {
				for _, q := range got {
					t.Logf("got %s %q speaker %q (%q) cue %q", q.Kind, q.Text, speakerName(a, q), q.SpeakerText, q.Cue)
				}
				t.Fatalf("got %d quotes, want %d", len(got), len(tc.want))
			}
			for i, w := range tc.want {
				q := got[i]
				if q.Text != w.text || q.Kind != w.kind {
					t.Errorf("quote %d = %s %q, want %s %q", i, q.Kind, q.Text, w.kind, w.text)
				}
				if w.speaker != "" && speakerName(a, q) != w.speaker {
					t.Errorf("quote %d %q: speaker %q (%q), want %q", i, q.Text, speakerName(a, q), q.SpeakerText, w.speaker)
				}
				if string(a.Runes[q.Start:q.End]) != q.Text {
					t.Errorf("quote %d: text does not match its span", i)
				}
			}
		})
	}
}

// TestAttributionPatterns covers attributions that are not speech verbs
// with a clause: an object cue, a non-speaking source, and the words that
// name a speaker with their apposition.
func TestAttributionPatterns(t *testing.T) {
	tests := []struct {
		name, text  string
		ents        []ent
		wantText    string
		wantSpeaker string // entity name, or "" for none
		wantWords   string // must be inside SpeakerText
	}{
		{"object of a verb", "Rutte criticized the new tariffs on steel.", []ent{rutte},
			"the new tariffs on steel", "Mark Rutte", "Rutte"},
		{"verb with preposition", "Willis called for a review of the central bank.", []ent{willis},
			"a review of the central bank", "Nicola Willis", "Willis"},
		{"according to a document", "The minister resigned in March, according to court records.", nil,
			"The minister resigned in March", "", "records"},
		{"apposition before the cue", "Nicola Willis, a spokeswoman for the Treasury, said the budget was balanced.", []ent{willis},
			"the budget was balanced", "Nicola Willis", "Treasury,"},
		{"apposition after an inverted subject", "“The budget is balanced,” said Nicola Willis, a spokeswoman for the Treasury.", []ent{willis},
			"The budget is balanced", "Nicola Willis", "Treasury"},
		{"that after a long adverbial", "Rutte said during a long evening rally in Brussels that the alliance was ready.", []ent{rutte},
			"the alliance was ready", "Mark Rutte", "Rutte"},
		{"naming verb with a quoted name", "Willis called the proposal a “reckless gamble” on Tuesday.", []ent{willis},
			"the proposal a “reckless gamble” on Tuesday", "Nicola Willis", "Willis"},
		{"progressive is not passive", "Rutte is promising lower taxes and “more jobs” for the region.", []ent{rutte},
			"lower taxes and “more jobs” for the region", "Mark Rutte", "Rutte"},
		{"any inverted subject after a quotation", "“We will win this vote,” said one senior official in the room.", nil,
			"We will win this vote", "", "official"},
		{"party and state after a name", "Rep. Mark Rutte (D-Mass.) said the budget was balanced.", []ent{rutte},
			"the budget was balanced", "Mark Rutte", "(D-Mass.)"},
		{"source signed with a dash", "“The plan is a disaster for families.” ― Nicola Willis", []ent{willis},
			"The plan is a disaster for families.", "Nicola Willis", "Willis"},
		{"transcript speaker label", "\"WILLIS: We will cut taxes next year.\"", []ent{willis},
			"We will cut taxes next year.", "Nicola Willis", "WILLIS"},
		{"pronoun with a contracted auxiliary", "Rutte arrived in Kyiv. He’s claiming that the aid will come soon.", []ent{rutte},
			"the aid will come soon", "Mark Rutte", "He"},
		{"apposition and relative clause before the cue", "Nicola Willis, a spokeswoman for the Treasury, which sets the budget, said the deficit was shrinking.", []ent{willis},
			"the deficit was shrinking", "Nicola Willis", "budget,"},
		{"apposition before an adverb of the cue", "Mark Rutte, the head of the alliance, firmly told reporters that the plan would hold.", []ent{rutte},
			"the plan would hold", "Mark Rutte", "alliance,"},
		{"inverted subject with a place and appositions", "“The plan will hold,” said Mark Rutte of Brussels, the alliance chief, who has led it since 2024.", []ent{rutte, ent{"Brussels", "LOC", []string{"Brussels"}}},
			"The plan will hold", "Mark Rutte", "2024"},
		{"participle after the object", "Rutte met the Treasury chief for two hours, saying that the deficit was too high.", []ent{rutte, ent{"Treasury", "ORG", []string{"Treasury"}}},
			"the deficit was too high", "Mark Rutte", "Rutte"},
		{"participle after by", "Nicola Willis opened the meeting on Monday by saying the deficit was too high.", []ent{willis},
			"the deficit was too high", "Nicola Willis", "Willis"},
		{"clause cue with its subject", "Mark Rutte appears to have a slight lead in the north.", []ent{rutte},
			"Mark Rutte appears to have a slight lead in the north", "", ""},
		{"passive clause cue", "The alliance is expected to approve the new budget next week.", nil,
			"The alliance is expected to approve the new budget next week", "", ""},
		{"clause cue before a speech verb", "Rutte appeared to suggest that the plan would fail.", []ent{rutte},
			"the plan would fail", "Mark Rutte", "Rutte"},
		{"according to any source at the end", "About nine million workers live in the region, according to federal statistics.", nil,
			"About nine million workers live in the region", "", "statistics"},
		{"lead-in to a quotation", "With thousands of counting machines, “there is no single point of failure,” Rutte said.", []ent{rutte},
			"With thousands of counting machines, “there is no single point of failure,”", "Mark Rutte", "Rutte"},
		{"short lead before a parenthetical cue", "Now, Rutte said, the two parties no longer trust each other.", []ent{rutte},
			"Now, Rutte said, the two parties no longer trust each other", "Mark Rutte", "Rutte"},
		{"bare clause after an adverbial", "Rutte said after the summit he would not accept the offer.", []ent{rutte},
			"he would not accept the offer", "Mark Rutte", "Rutte"},
		{"asked with an object", "Willis asked the Treasury to cut the deficit by half.", []ent{willis},
			"the Treasury to cut the deficit by half", "Nicola Willis", "Willis"},
		{"sentence subject with its apposition", "Nicola Willis, a former banker, then went on the radio and began by saying the deficit was too high.", []ent{willis},
			"the deficit was too high", "Nicola Willis", "banker,"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, "en", tc.text, tc.ents)
			if len(a.Doc.Quotes) != 1 {
				t.Fatalf("got %d quotes, want 1: %+v", len(a.Doc.Quotes), a.Doc.Quotes)
			}
			q := a.Doc.Quotes[0]
			if q.Text != tc.wantText {
				t.Errorf("text %q, want %q", q.Text, tc.wantText)
			}
			if got := speakerName(a, q); got != tc.wantSpeaker {
				t.Errorf("speaker %q, want %q", got, tc.wantSpeaker)
			}
			if !strings.Contains(" "+q.SpeakerText+" ", " "+tc.wantWords+" ") {
				t.Errorf("speaker text %q lacks %q", q.SpeakerText, tc.wantWords)
			}
		})
	}
}

// TestRelativeCueNotApposition checks that a relative clause with a cue of
// its own after an inverted subject is reported, not taken for part of the
// speaker's description.
func TestRelativeCueNotApposition(t *testing.T) {
	a := analyse(t, "en", "“It works,” said Mark Rutte, who stressed that the plan would hold.", []ent{rutte})
	if len(a.Doc.Quotes) != 2 {
		t.Fatalf("got %d quotes, want 2: %+v", len(a.Doc.Quotes), a.Doc.Quotes)
	}
	if q := a.Doc.Quotes[1]; q.Text != "the plan would hold" || !strings.Contains(q.SpeakerText, "who") {
		t.Errorf("got %q by %q, want the relative clause's report by “who”", q.Text, q.SpeakerText)
	}
}

// TestQuoteBeforeParticipleCue checks that a quotation before "he said
// at …" goes to that cue, not to the report a participle after it opens.
func TestQuoteBeforeParticipleCue(t *testing.T) {
	a := analyse(t, "en", "Rutte arrived.\n\n“We will get there together,” he said at a news conference announcing that the budget was ready.", []ent{rutte})
	if len(a.Doc.Quotes) != 2 {
		t.Fatalf("got %d quotes, want 2: %+v", len(a.Doc.Quotes), a.Doc.Quotes)
	}
	if q := a.Doc.Quotes[0]; q.Text != "We will get there together" || q.SpeakerText != "he" || speakerName(a, q) != "Mark Rutte" {
		t.Errorf("got %q by %q (%s), want it by “he”, Mark Rutte", q.Text, q.SpeakerText, speakerName(a, q))
	}
}

// TestNoObjectCueInPassive checks that the subject of a passive is not
// taken for a source: "was criticized" names who undergoes the criticism.
func TestNoObjectCueInPassive(t *testing.T) {
	a := analyse(t, "en", "Rutte was criticized by the opposition.", []ent{rutte})
	if len(a.Doc.Quotes) != 0 {
		t.Fatalf("got %+v, want no quote", a.Doc.Quotes)
	}
}

// TestPronounNullSubject checks that a pronoun and an Albanian null subject
// go to the person spoken about, not to the nearest name.
func TestPronounNullSubject(t *testing.T) {
	text := "Rutte e ka konsideruar këtë hap si “përshkallëzim të madh”. Sipas tij, kjo sinjalizon frikën e presidentit rus, Vladimir Putin.\n\n“Bashkëpunimi përbën kërcënim për sigurinë”, ka thënë ai."
	a := analyse(t, "sq", text, []ent{rutte, putin})
	if len(a.Doc.Quotes) != 3 {
		t.Fatalf("got %d quotes, want 3: %+v", len(a.Doc.Quotes), a.Doc.Quotes)
	}
	for _, q := range a.Doc.Quotes {
		if speakerName(a, q) != "Mark Rutte" {
			t.Errorf("%q given to %q, want Mark Rutte", q.Text, speakerName(a, q))
		}
	}
}

func TestNoPackNoPanic(t *testing.T) {
	a := analyse(t, "xx", "“Hello there,” said Bob.", nil)
	if len(a.Doc.Quotes) != 1 {
		t.Errorf("got %d quotes, want 1", len(a.Doc.Quotes))
	}
	var empty kronika.Analysis
	qu, _ := quote.New()
	if err := qu.Extract(context.Background(), &empty); err != nil {
		t.Error(err)
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		"“Ne vazhdojmë”, ka thënë ai.", "\"A,\" he said, \"b.\"", "„x“ «y» ‘z’ 'w' ''q'' ``r''",
		"Sipas tij, “x", "said: ”", "”Vrasje e Rëndë”", "''", "a ' b ' c", "tha se \n\n“",
	} {
		f.Add(s, "sq")
		f.Add(s, "en")
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "sample.txt")); err == nil {
		f.Add(string(b), "sq")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		if !utf8.ValidString(text) {
			return
		}
		words := strings.Fields(text)
		var ents []ent
		if len(words) > 1 {
			ents = []ent{{"A", "PER", []string{words[0]}}, {"B", "ORG", []string{words[len(words)-1]}}}
		}
		a := analyse(t, lang, text, ents)
		for _, q := range a.Doc.Quotes {
			if q.Start < 0 || q.End > len(a.Runes) || q.Start >= q.End {
				t.Fatalf("span %d-%d out of bounds (%d)", q.Start, q.End, len(a.Runes))
			}
			if string(a.Runes[q.Start:q.End]) != q.Text {
				t.Fatalf("text %q != span text %q", q.Text, string(a.Runes[q.Start:q.End]))
			}
		}
	})
}

func benchAnalyses(b *testing.B) ([]*kronika.Analysis, int) {
	text, err := os.ReadFile(filepath.Join("testdata", "sample.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var as []*kronika.Analysis
	words := 0
	for _, lang := range []string{"sq", "en"} {
		a := analyse(b, lang, string(text), []ent{rutte, putin, hoti, nato})
		as = append(as, a)
		words += len(strings.Fields(string(text)))
	}
	return as, words
}

func BenchmarkQuotes(b *testing.B) {
	as, words := benchAnalyses(b)
	qu, _ := quote.New()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range as {
			a.Doc.Quotes = nil
			if err := qu.Extract(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

// TestAlbanianNews covers patterns of Kosovo news: "sipas" without a
// comma, a stray comma before "se", cues glued to a quotation with a dash,
// relative "që", outlets and impersonal cues as sources, title and pronoun
// anaphora past long quotations, and verbs that are no speech.
func TestAlbanianNews(t *testing.T) {
	krasniqi := ent{"Arben Krasniqi", "PER", []string{"Arben Krasniqi", "Krasniqi", "Krasniqit"}}
	vucic := ent{"Aleksandar Vučić", "PER", []string{"Vuçiqin", "Vuçiq"}}
	ademi := ent{"Bekim Ademi", "PER", []string{"Bekim Ademi"}}
	police := ent{"Kosovo Police", "ORG", []string{"Policisë"}}
	health := ent{"Ministry of Health", "ORG", []string{"Ministria e Shëndetësisë", "Ministrisë së Shëndetësisë"}}
	educ := ent{"Ministry of Education", "ORG", []string{"Ministria e Arsimit"}}
	type want struct{ text, speaker, kind, cue string }
	tests := []struct {
		name, text string
		ents       []ent
		want       []want
	}{
		{"sipas without a comma", "Sipas Krasniqit arsyeja e vonesës është mungesa e stafit.", []ent{krasniqi},
			[]want{{"arsyeja e vonesës është mungesa e stafit", "Arben Krasniqi", "indirect", "Sipas Krasniqit"}}},
		{"sipas after a short topic", "Sa i përket testeve, sipas raportit të Ministrisë së Shëndetësisë, 120 persona kanë rezultuar pozitivë në Prishtinë.", []ent{health},
			[]want{{"120 persona kanë rezultuar pozitivë në Prishtinë", "Ministry of Health", "indirect", "sipas raportit"}}},
		{"stray comma before se", "Ministri Hoti ka shtuar, se buxheti do të rishikohet.", []ent{hoti},
			[]want{{"buxheti do të rishikohet", "Avdullah Hoti", "indirect", "ka shtuar, se"}}},
		{"adverbs inside the cue", "Hoti tha po ashtu se buxheti do të rishikohet.", []ent{hoti},
			[]want{{"buxheti do të rishikohet", "Avdullah Hoti", "indirect", "tha po ashtu se"}}},
		{"cue glued with a dash", "“Do të kthehemi sërish në verë”,-deklaron një pushues nga Peja.", nil,
			[]want{{"Do të kthehemi sërish në verë", "", "direct", "deklaron një pushues"}}},
		{"relative që is no report", "Hoti tha pas takimit që pati me sindikatat.", []ent{hoti}, nil},
		{"suspicion is no speech", "Një i ri dyshohet se e ka vjedhur veturën e fqinjit.", nil, nil},
		{"përfundoi after a quotation", "“Kjo është e gjitha për sot”, përfundoi Hoti.", []ent{hoti},
			[]want{{"Kjo është e gjitha për sot", "Avdullah Hoti", "direct", "përfundoi Hoti"}}},
		{"përfundoi elsewhere ends", "Mbledhja e Kuvendit përfundoi pa marrëveshje, pas tri orësh debat.", nil, nil},
		{"outlet in quotation marks", "Qeveria ka miratuar buxhetin e ri për vitin e ardhshëm, shkruan “Gazeta Jonë”.", nil,
			[]want{{"Qeveria ka miratuar buxhetin e ri për vitin e ardhshëm", "", "indirect", "shkruan “Gazeta Jonë”"}}},
		{"impersonal cue names the organisation", "“Rasti është duke u hetuar”, thuhet në njoftimin e Policisë.", []ent{police},
			[]want{{"Rasti është duke u hetuar", "Kosovo Police", "direct", "thuhet"}}},
		{"agent of a passive cue", "Shkollat do të hapen më një shtator, është bërë e ditur nga Ministria e Arsimit.", []ent{educ},
			[]want{{"Shkollat do të hapen më një shtator", "Ministry of Education", "indirect", "është bërë e ditur nga Ministria e Arsimit"}}},
		{"inverted subject with a genitive article", "“Situata është stabile”” njoftoi Ministria e Shëndetësisë.", []ent{health},
			[]want{{"Situata është stabile", "Ministry of Health", "direct", "njoftoi Ministria e Shëndetësisë"}}},
		{"title anaphor of the last speaker", "Kryeministri Avdullah Hoti tha se dialogu vazhdon. Kreu i ekzekutivit ka thënë se pagat do të rriten.", []ent{hoti},
			[]want{{"dialogu vazhdon", "Avdullah Hoti", "indirect", "tha se"}, {"pagat do të rriten", "Avdullah Hoti", "indirect", "ka thënë se"}}},
		{"pronoun after an adverbial", "Bekim Ademi foli për mediat. Mes tjerash ai tha se spitali është plot.", []ent{ademi},
			[]want{{"spitali është plot", "Bekim Ademi", "indirect", "tha se"}}},
		{"pronoun past a long quotation naming another man", "Hoti foli në Kuvend.“Kam folur me Vuçiqin. Ai e di qëndrimin tonë. Nuk ka ndryshim. Do ta takoj sërish. Kjo është e qartë”.Pastaj ai ka thënë se dialogu vazhdon.", []ent{hoti, vucic},
			[]want{{"Kam folur me Vuçiqin. Ai e di qëndrimin tonë. Nuk ka ndryshim. Do ta takoj sërish. Kjo është e qartë", "", "direct", ""}, {"dialogu vazhdon", "Avdullah Hoti", "indirect", "ka thënë se"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, "sq", tc.text, tc.ents)
			got := a.Doc.Quotes
			if len(got) != len(tc.want) {
				for _, q := range got {
					t.Logf("got %s %q speaker %q (%q) cue %q", q.Kind, q.Text, speakerName(a, q), q.SpeakerText, q.Cue)
				}
				t.Fatalf("got %d quotes, want %d", len(got), len(tc.want))
			}
			for i, w := range tc.want {
				q := got[i]
				if q.Text != w.text || q.Kind != w.kind {
					t.Errorf("quote %d = %s %q, want %s %q", i, q.Kind, q.Text, w.kind, w.text)
				}
				if w.speaker != "" && speakerName(a, q) != w.speaker {
					t.Errorf("quote %d %q: speaker %q (%q), want %q", i, q.Text, speakerName(a, q), q.SpeakerText, w.speaker)
				}
				if !strings.Contains(q.Cue, w.cue) {
					t.Errorf("quote %d %q: cue %q, want it to hold %q", i, q.Text, q.Cue, w.cue)
				}
			}
		})
	}
}

// TestExtraCues checks that cues beyond the pack come from the learnt
// file (lang/en/quote_cues.json) and from WithObjectCues, and that the
// extra cues of one extractor leave the others alone.
func TestExtraCues(t *testing.T) {
	a := analyse(t, "en", "Willis bemoaned the new tariffs on steel.", []ent{willis})
	if len(a.Doc.Quotes) != 1 || a.Doc.Quotes[0].Text != "the new tariffs on steel" {
		t.Errorf("learnt cue: got %+v", a.Doc.Quotes)
	}

	text := "Willis frobbed the new tariffs on steel."
	if a := analyse(t, "en", text, []ent{willis}); len(a.Doc.Quotes) != 0 {
		t.Fatalf("no cue yet: got %+v", a.Doc.Quotes)
	}
	qu, err := quote.New(quote.WithObjectCues("en", "frobbed"))
	if err != nil {
		t.Fatal(err)
	}
	a = analyse(t, "en", text, []ent{willis})
	a.Doc.Quotes = nil
	if err := qu.Extract(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if len(a.Doc.Quotes) != 1 || a.Doc.Quotes[0].Text != "the new tariffs on steel" {
		t.Errorf("WithObjectCues: got %+v", a.Doc.Quotes)
	}
	if a := analyse(t, "en", text, []ent{willis}); len(a.Doc.Quotes) != 0 {
		t.Errorf("another extractor took the extra cue: %+v", a.Doc.Quotes)
	}
	if _, err := quote.New(quote.WithObjectCues("xx", "frobbed")); err == nil {
		t.Error("cues for a language without quote rules: no error")
	}
}
