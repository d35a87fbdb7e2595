package http

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/kronika/kronika/sqlite"
)

const token = "s3cret"

// fixture builds a store with three articles whose facts are written by
// hand, and a server over it whose analyser only finds "Rusia".
func fixture(t *testing.T, private bool) (*httptest.Server, kronika.Store) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sp, place := "e1", "e2"
	v := "2024-03-01"
	docs := []*kronika.Document{
		{ID: "a1", Lang: "sq", Published: "2024-03-02", Source: "Koha", Title: "Sanksionet ndaj Rusisë",
			Text: "Mark Rutte tha: \"Sanksionet ndaj Rusisë mbeten.\" Dje, 5 milionë euro.",
			Entities: []kronika.Entity{
				{ID: "e1", Name: "Mark Rutte", Type: "PER", KB: "rutte", Titles: []string{"Sekretar i Përgjithshëm"}, Mentions: []kronika.Mention{{Start: 0, End: 10, Text: "Mark Rutte"}}},
				{ID: "e2", Name: "Russia", Type: "LOC", KB: "iso:RU", Mentions: []kronika.Mention{{Start: 32, End: 38, Text: "Rusisë"}}},
			},
			Quotes:  []kronika.Quote{{Kind: "direct", Start: 17, End: 46, Text: "Sanksionet ndaj Rusisë mbeten", Speaker: &sp, SpeakerText: "Mark Rutte", Cue: "tha"}},
			Amounts: []kronika.Amount{{Start: 55, End: 68, Text: "5 milionë euro", Value: 5e6, Approx: "exact", Unit: "EUR"}},
			Dates:   []kronika.Date{{Start: 49, End: 52, Text: "Dje", Value: &v, Relative: "-P1D"}},
			Events:  []kronika.Event{{Type: "statement", Start: 0, End: 47, Cue: "tha", Actors: []string{"e1"}, Place: &place, Date: &v}},
		},
		{ID: "a2", Lang: "en", Published: "2024-04-01", Source: "Wire", Text: "<script>alert('x')</script> Russia and the U.S. met.",
			Entities: []kronika.Entity{
				{ID: "e1", Name: "Russia", Type: "LOC", KB: "iso:RU", Mentions: []kronika.Mention{{Start: 29, End: 35, Text: "Russia"}}},
				{ID: "e2", Name: "U.S.", Type: "LOC", Mentions: []kronika.Mention{{Start: 44, End: 48, Text: "U.S."}}},
			}},
		{ID: "a3", Lang: "en", Published: "2024-05-01", Source: "Wire", Text: "The United States voted.",
			Entities: []kronika.Entity{{ID: "e1", Name: "United States", Type: "LOC", KB: "iso:US", Mentions: []kronika.Mention{{Start: 4, End: 17, Text: "United States"}}}}},
	}
	if _, err := st.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	ing := func(ctx context.Context, docs []*kronika.Document) ([]kronika.PutStatus, error) {
		for _, d := range docs {
			if i := strings.Index(d.Text, "Rusia"); i >= 0 {
				n := len([]rune(d.Text[:i]))
				d.Entities = []kronika.Entity{{ID: "e1", Name: "Russia", Type: "LOC", KB: "iso:RU", Mentions: []kronika.Mention{{Start: n, End: n + 5, Text: "Rusia"}}}}
			}
			// A figure of soldiers, as the amount stage would give it.
			if i := strings.Index(d.Text, " ushtarë"); i >= 0 {
				j := strings.LastIndex(d.Text[:i], " ") + 1
				n, _ := strconv.ParseFloat(strings.ReplaceAll(d.Text[j:i], ".", ""), 64)
				s := len([]rune(d.Text[:j]))
				e := len([]rune(d.Text[:i+len(" ushtarë")]))
				d.Amounts = []kronika.Amount{{Start: s, End: e, Text: string([]rune(d.Text)[s:e]), Value: n, Approx: "exact", Unit: "ushtarë"}}
			}
		}
		return st.Put(ctx, docs)
	}
	srv, err := NewServer(st, Options{Ingest: ing, Token: token, Private: private, Ledger: func() *claim.Ledger { return claim.New(nil) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.RebuildClaims(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, st
}

func do(t *testing.T, method, u, body, tok string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	code, body := do(t, "GET", u, "", "")
	if code == 200 {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%s: %v: %s", u, err, body)
		}
	}
	return code
}

func TestAPI(t *testing.T) {
	ts, st := fixture(t, false)
	u := ts.URL
	rus, _ := st.FindEntity(context.Background(), "Russia")
	rutte, _ := st.FindEntity(context.Background(), "Mark Rutte")
	id := func(e *kronika.RegistryEntity) string { return strings.TrimSpace(jsonNum(e.ID)) }

	var al kronika.ArticleList
	if code := getJSON(t, u+"/api/articles", &al); code != 200 || al.Total != 3 || al.Items[0].ID != "a3" {
		t.Errorf("articles: %d %+v", code, al)
	}
	getJSON(t, u+"/api/articles?limit=1&offset=1", &al)
	if len(al.Items) != 1 || al.Items[0].ID != "a2" || al.Limit != 1 || al.Offset != 1 {
		t.Errorf("articles page 2: %+v", al)
	}
	getJSON(t, u+"/api/articles?lang=sq", &al)
	if al.Total != 1 {
		t.Errorf("articles lang=sq: %+v", al)
	}
	var a kronika.Article
	if code := getJSON(t, u+"/api/articles/a1", &a); code != 200 || len(a.Quotes) != 1 || a.Registry["e2"] != rus.ID {
		t.Errorf("article: %d %+v", code, a)
	}
	if code, _ := do(t, "GET", u+"/api/articles/nope", "", ""); code != 404 {
		t.Errorf("missing article: %d", code)
	}
	var el kronika.EntityList
	if getJSON(t, u+"/api/entities?type=loc", &el); el.Total != 3 {
		t.Errorf("entities type=loc: %+v", el)
	}
	var ed kronika.EntityDetail
	if code := getJSON(t, u+"/api/entities/"+id(rus), &ed); code != 200 || ed.Mentions != 2 || len(ed.Timeline) != 2 {
		t.Errorf("entity: %d %+v", code, ed)
	}
	getJSON(t, u+"/api/entities/"+id(rus)+"/articles", &al)
	if al.Total != 2 {
		t.Errorf("entity articles: %+v", al)
	}
	var ql kronika.QuoteList
	if getJSON(t, u+"/api/entities/"+id(rutte)+"/quotes", &ql); ql.Total != 1 {
		t.Errorf("entity quotes: %+v", ql)
	}
	if getJSON(t, u+"/api/quotes?speaker="+url.QueryEscape("Mark Rutte"), &ql); ql.Total != 1 {
		t.Errorf("quotes by speaker name: %+v", ql)
	}
	if getJSON(t, u+"/api/quotes?speaker=Nobody", &ql); ql.Total != 0 {
		t.Errorf("quotes by unknown speaker: %+v", ql)
	}
	var tl struct{ Timeline []kronika.Period }
	if getJSON(t, u+"/api/entities/"+id(rus)+"/timeline", &tl); len(tl.Timeline) != 2 {
		t.Errorf("timeline: %+v", tl)
	}
	var hl kronika.HitList
	if getJSON(t, u+"/api/search?q=Rusia", &hl); hl.Total != 1 || hl.Items[0].ID != "a1" || !strings.Contains(hl.Items[0].Snippet, "<mark>") {
		t.Errorf("search: %+v", hl)
	}
	if getJSON(t, u+"/api/search?q=russia&lang=en", &hl); hl.Total != 1 || hl.Items[0].ID != "a2" {
		t.Errorf("search lang=en: %+v", hl)
	}
	if getJSON(t, u+"/api/search?q="+url.QueryEscape(`entity:Russia`), &hl); hl.Total != 2 {
		t.Errorf("search by entity: %+v", hl)
	}
	for _, bad := range []string{"/api/articles?limit=x", "/api/articles?offset=-1", "/api/entities/abc", "/api/search?limit=1000"} {
		if code, _ := do(t, "GET", u+bad, "", ""); code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
	if code, body := do(t, "GET", u+"/api/claims", "", ""); code != 200 || !strings.Contains(body, `"items":[]`) {
		t.Errorf("claims: %d %s", code, body)
	}
	if code, _ := do(t, "GET", u+"/api/nothing", "", ""); code != 404 {
		t.Errorf("unknown endpoint: %d", code)
	}
	var spec map[string]any
	if code := getJSON(t, u+"/api/openapi.json", &spec); code != 200 || spec["openapi"] == nil {
		t.Errorf("openapi: %d", code)
	}
	var stats kronika.StoreStats
	if getJSON(t, u+"/api/stats", &stats); stats.Articles != 3 {
		t.Errorf("stats: %+v", stats)
	}
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestWriteNeedsToken(t *testing.T) {
	ts, st := fixture(t, false)
	u := ts.URL
	body := `{"doc":"new","lang":"sq","text":"Rusia foli sot."}` + "\n"
	if code, _ := do(t, "POST", u+"/api/articles", body, ""); code != 401 {
		t.Errorf("no token: %d", code)
	}
	if code, _ := do(t, "POST", u+"/api/articles", body, "wrong"); code != 401 {
		t.Errorf("wrong token: %d", code)
	}
	code, resp := do(t, "POST", u+"/api/articles", body, token)
	if code != 200 || !strings.Contains(resp, `"status":"inserted"`) {
		t.Errorf("post: %d %s", code, resp)
	}
	if code, resp = do(t, "POST", u+"/api/articles", body, token); !strings.Contains(resp, `"status":"unchanged"`) {
		t.Errorf("post again: %d %s", code, resp)
	}
	if code, _ := do(t, "POST", u+"/api/articles", "\x00\x01", token); code != 400 {
		t.Errorf("bad body: %d", code)
	}
	// Corrections.
	us, _ := st.FindEntity(context.Background(), "United States")
	abbr, _ := st.FindEntity(context.Background(), "U.S.")
	c := `{"kind":"merge","from":` + jsonNum(abbr.ID) + `,"to":` + jsonNum(us.ID) + `}`
	if code, _ := do(t, "POST", u+"/api/corrections", c, ""); code != 401 {
		t.Errorf("correction without token: %d", code)
	}
	if code, body := do(t, "POST", u+"/api/corrections", c, token); code != 201 {
		t.Errorf("correction: %d %s", code, body)
	}
	if code, _ := do(t, "POST", u+"/api/corrections", `{"kind":"merge","from":1}`, token); code != 400 {
		t.Errorf("bad correction: %d", code)
	}
	if code, _ := do(t, "POST", u+"/api/corrections", `{"kind":"alias","to":99999,"surface":"x"}`, token); code != 404 {
		t.Errorf("correction of a missing entity: %d", code)
	}
	var ed kronika.EntityDetail
	getJSON(t, u+"/api/entities/"+jsonNum(us.ID), &ed)
	if ed.Articles != 2 {
		t.Errorf("after merge: %+v", ed)
	}
	var cl struct{ Total int }
	if getJSON(t, u+"/api/corrections", &cl); cl.Total != 1 {
		t.Errorf("corrections: %+v", cl)
	}
	// Metrics count the requests and the ingested article.
	_, m := do(t, "GET", u+"/metrics", "", "")
	for _, want := range []string{`kronika_http_requests_total{code="401",method="POST",route="POST /api/articles"}`, `kronika_articles_ingested_total{status="inserted"} 1`, "kronika_http_request_duration_seconds_bucket"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestWritingDisabledWithoutToken(t *testing.T) {
	st, _ := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	defer st.Close()
	srv, _ := NewServer(st, Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	if code, _ := do(t, "POST", ts.URL+"/api/articles", "x", ""); code != 403 {
		t.Errorf("post without a server token: %d", code)
	}
	if code, _ := do(t, "GET", ts.URL+"/", "", ""); code != 200 {
		t.Errorf("empty store home: %d", code)
	}
}

func TestPrivateReads(t *testing.T) {
	ts, _ := fixture(t, true)
	if code, _ := do(t, "GET", ts.URL+"/api/articles", "", ""); code != 401 {
		t.Errorf("private read without token: %d", code)
	}
	if code, _ := do(t, "GET", ts.URL+"/api/articles", "", token); code != 200 {
		t.Errorf("private read with token: %d", code)
	}
}

func TestUIPages(t *testing.T) {
	ts, st := fixture(t, false)
	u := ts.URL
	rus, _ := st.FindEntity(context.Background(), "Russia")
	rutte, _ := st.FindEntity(context.Background(), "Mark Rutte")
	pages := []struct {
		path string
		code int
		want []string
	}{
		{"/", 200, []string{"Latest articles", "Russia"}},
		{"/?q=Rusia", 200, []string{"1 result", "<mark>Rusisë</mark>", `href="/articles/a1"`}},
		{"/articles/a1", 200, []string{`class="ent ent-per"`, `<q class="quote">`, `class="amount"`, `class="date"`, "Sekretar i Përgjithshëm", "/speakers/" + jsonNum(rutte.ID)}},
		{"/articles/a2", 200, []string{"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"}},
		{"/entities", 200, []string{"Russia", "Mark Rutte"}},
		{"/entities/" + jsonNum(rus.ID), 200, []string{"Rusisë", "Russia", "2024-03"}},
		{"/speakers/" + jsonNum(rutte.ID), 200, []string{"Sanksionet ndaj Rusisë mbeten"}},
		{"/articles/nope", 404, []string{"Not found"}},
		{"/entities/99999", 404, nil},
		{"/static/style.css", 200, []string{".ent-per"}},
	}
	for _, p := range pages {
		code, body := do(t, "GET", u+p.path, "", "")
		if code != p.code {
			t.Errorf("%s: %d, want %d", p.path, code, p.code)
		}
		for _, w := range p.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q", p.path, w)
			}
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: article text not escaped", p.path)
		}
	}
}

func TestUICorrection(t *testing.T) {
	ts, st := fixture(t, false)
	us, _ := st.FindEntity(context.Background(), "United States")
	form := url.Values{"kind": {"merge"}, "other": {"U.S."}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(cookie string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/entities/"+jsonNum(us.ID)+"/correct", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: cookieName, Value: cookie})
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != 401 {
		t.Errorf("UI correction without token: %d", code)
	}
	// Sign in sets the cookie.
	resp, err := noRedirect.PostForm(ts.URL+"/login", url.Values{"token": {token}, "back": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Cookies()) == 0 || resp.Cookies()[0].Value != token {
		t.Fatalf("login set no cookie")
	}
	if code := post(token); code != 303 {
		t.Errorf("UI correction: %d", code)
	}
	e, _ := st.Entity(context.Background(), us.ID)
	if e.Articles != 2 {
		t.Errorf("after UI merge: %+v", e)
	}
}

func TestAnnotateNesting(t *testing.T) {
	v := "2024"
	d := &kronika.Document{
		Text: "a <b> \"Rutte said 2024\" end",
		Entities: []kronika.Entity{{ID: "e1", Name: "Rutte", Type: "PER", Mentions: []kronika.Mention{
			{Start: 7, End: 12, Text: "Rutte"}, {Start: 8, End: 10, Text: "ut"}, // overlapping: dropped
		}}},
		Quotes: []kronika.Quote{{Start: 10, End: 22}}, // cuts through the mention
		Dates:  []kronika.Date{{Start: 18, End: 22, Text: "2024", Value: &v}},
	}
	got := string(annotate(d, map[string]int64{"e1": 7}, kronika.Span{}))
	want := `a &lt;b&gt; &#34;<a class="ent ent-per" data-ent="e1" href="/entities/7" title="Rutte (PER)">Rut</a><q class="quote"><a class="ent ent-per" data-ent="e1" href="/entities/7" title="Rutte (PER)">te</a> said <time class="date" title="2024">2024</time></q>&#34; end`
	if got != want {
		t.Errorf("annotate:\n got %s\nwant %s", got, want)
	}
}

func TestEventsAPI(t *testing.T) {
	ts, st := fixture(t, false)
	u := ts.URL
	var a kronika.Article
	if getJSON(t, u+"/api/articles/a1", &a) != 200 || len(a.Events) != 1 || a.Events[0].Cue != "tha" {
		t.Errorf("article events: %+v", a.Events)
	}
	rutte, _ := st.FindEntity(context.Background(), "Mark Rutte")
	var l kronika.EventList
	if getJSON(t, u+"/api/entities/"+jsonNum(rutte.ID)+"/events", &l) != 200 || l.Total != 1 ||
		len(l.Items[0].ActorRefs) != 1 || l.Items[0].ActorRefs[0].ID != rutte.ID || l.Items[0].PlaceRef == nil || l.Items[0].PlaceRef.Name != "Russia" {
		t.Errorf("events of Rutte: %+v", l)
	}
	if getJSON(t, u+"/api/events?entity=Russia", &l) != 200 || l.Total != 1 {
		t.Errorf("events in Russia: %+v", l)
	}
	if getJSON(t, u+"/api/events?entity=nobody", &l) != 200 || l.Total != 0 {
		t.Errorf("events of nobody: %+v", l)
	}
	_, body := do(t, "GET", u+"/entities/"+jsonNum(rutte.ID), "", "")
	if !strings.Contains(body, `id="events"`) || !strings.Contains(body, "statement") {
		t.Errorf("the entity page lists no events")
	}
	_, body = do(t, "GET", u+"/articles/a1?spot=55-68", "", "")
	if !strings.Contains(body, `<mark class="spot" id="spot"><span class="amount"`) || !strings.Contains(body, `id="events"`) {
		t.Errorf("article page: no spot or no events")
	}
}

// TestClaimsIncremental checks that articles posted to the server reach
// its claim ledger, and the claims page shows them.
func TestClaimsIncremental(t *testing.T) {
	ts, _ := fixture(t, false)
	u := ts.URL
	var l struct {
		Items []claim.Group `json:"items"`
		Total int           `json:"total"`
	}
	if getJSON(t, u+"/api/claims?all=1", &l) != 200 {
		t.Fatal("GET /api/claims")
	}
	before := l.Total
	body := `{"doc":"k1","lang":"sq","published":"2024-06-01","source":"A","text":"Rusia dërgoi 10.000 ushtarë në Kursk."}
{"doc":"k2","lang":"sq","published":"2024-06-02","source":"B","text":"Rusia dërgoi rreth 3.000 ushtarë në Kursk."}`
	if code, res := do(t, "POST", u+"/api/articles", body, token); code != 200 {
		t.Fatalf("POST: %d %s", code, res)
	}
	if getJSON(t, u+"/api/claims?all=1", &l) != 200 || l.Total <= before {
		t.Fatalf("claims after the POST: %d groups, before %d", l.Total, before)
	}
	docs := map[string]bool{}
	for _, g := range l.Items {
		for _, c := range g.Claims {
			docs[c.Doc] = true
		}
	}
	if !docs["k1"] || !docs["k2"] {
		t.Errorf("posted articles not in the ledger: %v", docs)
	}
	code, page := do(t, "GET", u+"/claims?all=1", "", "")
	if code != 200 || !strings.Contains(page, `href="/articles/k1?spot=`) {
		t.Errorf("claims page: %d", code)
	}
	if code, _ := do(t, "GET", u+"/claims?conflicts=x", "", ""); code != 400 {
		t.Errorf("claims page with a bad flag: %d", code)
	}
}

// TestAddClaimsUnchanged checks that articles stored unchanged leave the
// kept claim groups as they are.
func TestAddClaimsUnchanged(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := NewServer(st, Options{Ledger: func() *claim.Ledger { return claim.New(nil) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.RebuildClaims(context.Background()); err != nil {
		t.Fatal(err)
	}
	docs := []*kronika.Document{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}}
	v := srv.ledger.version
	srv.addClaims(docs, []kronika.PutStatus{kronika.Unchanged, kronika.Unchanged})
	if srv.ledger.version != v {
		t.Errorf("unchanged articles moved the ledger's version from %d to %d", v, srv.ledger.version)
	}
	srv.addClaims(docs, []kronika.PutStatus{kronika.Unchanged, kronika.Inserted})
	if srv.ledger.version == v {
		t.Error("an inserted article left the ledger's version as it was")
	}
}

// TestClaimsCorrectedOneRebuild checks that corrections coming while a
// correction's rebuild runs, or before it has started, ask for one more
// rebuild instead of starting a second beside it.
func TestClaimsCorrectedOneRebuild(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var builds, running, most atomic.Int32
	release := make(chan struct{})
	srv, err := NewServer(st, Options{Ledger: func() *claim.Ledger {
		builds.Add(1)
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		running.Add(-1)
		return claim.New(nil)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		srv.claimsCorrected()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		srv.ledger.mu.Lock()
		busy := srv.ledger.rebuilding
		srv.ledger.mu.Unlock()
		if !busy {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuilds did not end")
		}
	}
	if most.Load() != 1 || builds.Load() != 2 {
		t.Errorf("%d rebuilds, at most %d at once; want 2, one at a time", builds.Load(), most.Load())
	}
}
