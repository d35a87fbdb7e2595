package http

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
)

// ledger is the server's claim ledger: rebuilt from the store at start
// and after a correction, fed every article stored through the server in
// between. Grouping all claims is the costly part, so the groups are
// computed once per change and kept.
type ledger struct {
	build func() *claim.Ledger

	mu      sync.Mutex
	l       *claim.Ledger
	version int // counts changes to l
	// rebuilding is set while a rebuild runs, and for a correction's
	// rebuilds from before the first starts until the last ends, so that
	// a correction in between asks for another instead of starting one.
	rebuilding bool
	again      bool                // a correction came during a rebuild
	pending    []*kronika.Document // added during a rebuild, for the new ledger too

	gmu      sync.Mutex // one grouping at a time
	groups   []claim.Group
	gversion int
}

// ClaimStats says what a ledger rebuild found.
type ClaimStats struct {
	Articles  int
	Groups    int // with two claims or more
	Conflicts int
	Took      time.Duration
}

func (s ClaimStats) String() string {
	return fmt.Sprintf("%d articles, %d claim groups (%d conflicts) in %s", s.Articles, s.Groups, s.Conflicts, s.Took.Round(time.Millisecond))
}

// RebuildClaims builds the claim ledger afresh from every stored article
// and replaces the one the server holds. Articles stored through the
// server while it runs are carried over.
func (s *Server) RebuildClaims(ctx context.Context) (ClaimStats, error) {
	lg := s.ledger
	if lg == nil {
		return ClaimStats{}, fmt.Errorf("http: the server has no claim ledger")
	}
	lg.mu.Lock()
	lg.rebuilding = true
	lg.mu.Unlock()
	st, err := s.rebuildClaims(ctx, lg)
	lg.mu.Lock()
	lg.rebuilding, lg.pending = false, nil
	lg.mu.Unlock()
	return st, err
}

// rebuildClaims does the work of RebuildClaims; the caller has set
// lg.rebuilding.
func (s *Server) rebuildClaims(ctx context.Context, lg *ledger) (ClaimStats, error) {
	t := time.Now()
	lg.mu.Lock()
	lg.pending = nil
	lg.mu.Unlock()

	l := lg.build()
	n, err := l.AddStore(ctx, s.store)
	lg.mu.Lock()
	if err != nil {
		lg.pending = nil
		lg.mu.Unlock()
		return ClaimStats{}, fmt.Errorf("http: claim ledger: %w", err)
	}
	for _, d := range lg.pending {
		l.Add(d)
	}
	lg.pending = nil
	lg.l = l
	lg.version++
	lg.mu.Unlock()

	st := ClaimStats{Articles: n}
	for _, g := range lg.all() {
		if len(g.Claims) >= 2 {
			st.Groups++
			if g.Status == claim.Conflict {
				st.Conflicts++
			}
		}
	}
	st.Took = time.Since(t)
	return st, nil
}

// addClaims files the claims of freshly stored documents.
func (s *Server) addClaims(docs []*kronika.Document, st []kronika.PutStatus) {
	lg := s.ledger
	if lg == nil {
		return
	}
	lg.mu.Lock()
	defer lg.mu.Unlock()
	added := false
	for i, d := range docs {
		if st[i] == kronika.Unchanged {
			continue
		}
		if lg.l != nil {
			lg.l.Add(d)
			added = true
		}
		if lg.rebuilding {
			lg.pending = append(lg.pending, d)
		}
	}
	// Only a change makes the kept groups stale: a batch of unchanged
	// articles must not cost a regrouping.
	if added {
		lg.version++
	}
}

// claimsCorrected rebuilds the ledger in the background after a
// correction: the ledger reads the registry's names, which a merge or an
// alias changes in articles that cannot be told cheaply. The old ledger
// answers until the new one is ready.
func (s *Server) claimsCorrected() {
	lg := s.ledger
	if lg == nil {
		return
	}
	// The flag is set here, under the lock that checks it, and cleared
	// only when the last rebuild is done: a correction at any moment in
	// between asks the running loop for one more rebuild rather than
	// starting a second one beside it.
	lg.mu.Lock()
	if lg.rebuilding {
		lg.again = true
		lg.mu.Unlock()
		return
	}
	lg.rebuilding = true
	lg.mu.Unlock()
	go func() {
		for {
			st, err := s.rebuildClaims(context.Background(), lg)
			if err != nil {
				s.log.Error("claim ledger rebuild", "err", err)
			} else {
				s.log.Info("claim ledger rebuilt after a correction", "stats", st.String())
			}
			lg.mu.Lock()
			if !lg.again {
				lg.rebuilding, lg.pending = false, nil
				lg.mu.Unlock()
				return
			}
			lg.again = false
			lg.mu.Unlock()
		}
	}()
}

// all returns every group of the ledger, conflicts first.
func (lg *ledger) all() []claim.Group {
	lg.gmu.Lock()
	defer lg.gmu.Unlock()
	lg.mu.Lock()
	l, v := lg.l, lg.version
	lg.mu.Unlock()
	if l == nil {
		return nil
	}
	if lg.groups == nil || lg.gversion != v {
		lg.groups = l.Groups(claim.Filter{MinClaims: 1})
		if lg.groups == nil {
			lg.groups = []claim.Group{}
		}
		lg.gversion = v
	}
	return lg.groups
}

// ClaimList is a page of claim groups.
type ClaimList struct {
	Items []claim.Group `json:"items"`
	Total int           `json:"total"`
	kronika.Page
}

// readClaimFilter reads the claim filter of a request; groups of one
// claim are shown only with all=1.
func readClaimFilter(r *http.Request) (claim.Filter, error) {
	q := r.URL.Query()
	f := claim.Filter{Entity: strings.TrimSpace(q.Get("entity")), MinClaims: 2}
	var err error
	if f.Conflicts, err = boolParam(q, "conflicts"); err != nil {
		return f, err
	}
	all, err := boolParam(q, "all")
	if err != nil {
		return f, err
	}
	if all {
		f.MinClaims = 1
	}
	return f, nil
}

// boolParam reads a flag parameter; an absent one is false.
func boolParam(q url.Values, name string) (bool, error) {
	s := q.Get(name)
	if s == "" {
		return false, nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return false, errorf(http.StatusBadRequest, "%s: want 1 or 0, got %q", name, s)
	}
	return v, nil
}

// claimPage filters the kept groups and cuts a page.
func (s *Server) claimPage(f claim.Filter, p kronika.Page) (ClaimList, error) {
	if s.ledger == nil {
		return ClaimList{}, errorf(http.StatusNotFound, "this server keeps no claim ledger")
	}
	out := ClaimList{Items: []claim.Group{}, Page: p}
	for _, g := range s.ledger.all() {
		if !f.Keep(g) {
			continue
		}
		if out.Total >= p.Offset && len(out.Items) < p.Limit {
			out.Items = append(out.Items, g)
		}
		out.Total++
	}
	return out, nil
}

func (s *Server) claims(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	f, err := readClaimFilter(r)
	if err != nil {
		return err
	}
	l, err := s.claimPage(f, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// approxSign is how the UI marks an approximate figure.
var approxSign = map[string]string{
	kronika.About: "≈", kronika.MoreThan: ">", kronika.LessThan: "<", kronika.Vague: "~",
}

// figure writes a number with thousands separators: 600000 → 600,000.
func figure(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatInt(int64(math.Abs(v)), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// claimView is one claim as the claims page shows it.
type claimView struct {
	claim.Claim
	Sign, Value        string
	HolderID           int64
	Before, Fig, After string // the sentence cut around the figure
}

// groupView is one group as the claims page shows it.
type groupView struct {
	claim.Group
	What     string
	Subjects []entityLink
	Figure   string
	Claims   []claimView
}

type entityLink struct {
	Name string
	ID   int64
}

func (s *Server) claimsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := pageOr(r, 10)
	if err != nil {
		return err
	}
	f, err := readClaimFilter(r)
	if err != nil {
		return err
	}
	l, err := s.claimPage(f, p)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	resolve := func(name string) int64 {
		if id, ok := ids[name]; ok {
			return id
		}
		e, err := s.store.FindEntity(r.Context(), name)
		if err != nil {
			ids[name] = 0
			return 0
		}
		ids[name] = e.ID
		return e.ID
	}
	var groups []groupView
	for _, g := range l.Items {
		v := groupView{Group: g, What: g.Unit, Figure: figure(g.Figure)}
		if g.Concept != "" {
			v.What = g.Concept + " · " + g.Unit
		}
		for _, sub := range g.Subject {
			v.Subjects = append(v.Subjects, entityLink{sub, resolve(sub)})
		}
		for _, c := range g.Claims {
			cv := claimView{Claim: c, Sign: approxSign[c.Approx], Value: figure(c.Value)}
			if c.ValueMax != nil {
				cv.Value += "–" + figure(*c.ValueMax)
			}
			if c.Holder != nil {
				cv.HolderID = resolve(*c.Holder)
			}
			cv.Before, cv.Fig, cv.After = c.Sentence, "", ""
			if i := strings.Index(c.Sentence, c.Text); i >= 0 && c.Text != "" {
				cv.Before, cv.Fig, cv.After = c.Sentence[:i], c.Text, c.Sentence[i+len(c.Text):]
			}
			v.Claims = append(v.Claims, cv)
		}
		groups = append(groups, v)
	}
	title := "Claims"
	if f.Conflicts {
		title = "Conflicting claims"
	}
	return s.render(w, r, http.StatusOK, "claims", map[string]any{
		"Title": title, "Groups": groups, "List": l, "Conflicts": f.Conflicts, "Entity": f.Entity,
		"All": f.MinClaims == 1, "Pager": pager(r, l.Total, p),
	})
}
