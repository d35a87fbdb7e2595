package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/ingest"
)

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	l, err := s.store.Articles(r.Context(), filter(r), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// maxBody bounds what one POST may send.
const maxBody = 64 << 20

// postArticles reads articles in any input format kronika ingest accepts
// (JSON Lines, the seed format, plain text), analyses and stores them.
func (s *Server) postArticles(w http.ResponseWriter, r *http.Request) error {
	if s.ingest == nil {
		return errorf(http.StatusNotImplemented, "this server does not analyse articles")
	}
	var docs []*kronika.Document
	var failed []string
	err := ingest.Read(r.Context(), "request", io.LimitReader(r.Body, maxBody), func(it ingest.Item) error {
		if it.Err != nil {
			failed = append(failed, it.Err.Error())
			return nil
		}
		docs = append(docs, it.Doc)
		return nil
	})
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		s.Ingested.WithLabelValues("failed").Add(float64(len(failed)))
		return errorf(http.StatusBadRequest, "no article in the request: %s", strings.Join(failed, "; "))
	}
	st, err := s.ingest(r.Context(), docs)
	if err != nil {
		return err
	}
	s.addClaims(docs, st)
	type result struct {
		Doc    string `json:"doc"`
		Status string `json:"status"`
	}
	res := struct {
		Results []result `json:"results"`
		Failed  []string `json:"failed"`
	}{Results: []result{}, Failed: failed}
	if res.Failed == nil {
		res.Failed = []string{}
	}
	for i, d := range docs {
		res.Results = append(res.Results, result{d.ID, st[i].String()})
		s.Ingested.WithLabelValues(st[i].String()).Inc()
	}
	s.Ingested.WithLabelValues("failed").Add(float64(len(failed)))
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) listEntities(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	f := kronika.EntityFilter{Type: strings.ToUpper(r.URL.Query().Get("type")), Name: r.URL.Query().Get("name")}
	l, err := s.store.Entities(r.Context(), f, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// entityList reads the entity id of a request's path and its page, and
// checks that the entity exists, for the lists of one entity's things.
func (s *Server) entityList(r *http.Request) (int64, kronika.Page, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, kronika.Page{}, err
	}
	p, err := page(r)
	if err != nil {
		return 0, kronika.Page{}, err
	}
	// FindEntity, not Entity: only the existence (merged ids included) is
	// wanted here, not the forms and timeline Entity gathers.
	if _, err := s.store.FindEntity(r.Context(), "id:"+strconv.FormatInt(id, 10)); err != nil {
		return 0, kronika.Page{}, err
	}
	return id, p, nil
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Entity(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) entityArticles(w http.ResponseWriter, r *http.Request) error {
	id, p, err := s.entityList(r)
	if err != nil {
		return err
	}
	f := filter(r)
	f.Entities = append(f.Entities, "id:"+strconv.FormatInt(id, 10))
	l, err := s.store.Articles(r.Context(), f, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) entityQuotes(w http.ResponseWriter, r *http.Request) error {
	id, p, err := s.entityList(r)
	if err != nil {
		return err
	}
	l, err := s.store.Quotes(r.Context(), kronika.QuoteFilter{Speaker: id}, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) entityTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Entity(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entity": e.ID, "timeline": e.Timeline})
}

func (s *Server) entityEvents(w http.ResponseWriter, r *http.Request) error {
	id, p, err := s.entityList(r)
	if err != nil {
		return err
	}
	l, err := s.store.Events(r.Context(), kronika.EventFilter{Entity: id}, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	ent, err := s.speaker(r.Context(), r.URL.Query().Get("entity"))
	if errors.Is(err, kronika.ErrNotFound) {
		return writeJSON(w, http.StatusOK, kronika.EventList{Items: []kronika.StoredEvent{}, Page: p})
	}
	if err != nil {
		return err
	}
	l, err := s.store.Events(r.Context(), kronika.EventFilter{Entity: ent, Article: r.URL.Query().Get("article")}, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// speaker resolves an optional entity parameter (speaker, entity): an id
// or a name, or 0 when it is empty.
func (s *Server) speaker(ctx context.Context, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	return s.findEntity(ctx, v)
}

// findEntity resolves an entity given as an id or a name.
func (s *Server) findEntity(ctx context.Context, v string) (int64, error) {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return id, nil
	}
	e, err := s.store.FindEntity(ctx, v)
	if err != nil {
		return 0, err
	}
	return e.ID, nil
}

func (s *Server) listQuotes(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	sp, err := s.speaker(r.Context(), r.URL.Query().Get("speaker"))
	if errors.Is(err, kronika.ErrNotFound) {
		return writeJSON(w, http.StatusOK, kronika.QuoteList{Items: []kronika.StoredQuote{}, Page: p})
	}
	if err != nil {
		return err
	}
	l, err := s.store.Quotes(r.Context(), kronika.QuoteFilter{Speaker: sp, Article: r.URL.Query().Get("article")}, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// query reads a search: q in the search syntax, and the filter parameters
// added to it.
func query(r *http.Request) kronika.Query {
	q := kronika.ParseQuery(r.URL.Query().Get("q"))
	f := filter(r)
	q.Entities = append(q.Entities, f.Entities...)
	if f.Lang != "" {
		q.Lang = f.Lang
	}
	if f.Source != "" {
		q.Source = f.Source
	}
	if f.From != "" {
		q.From = f.From
	}
	if f.To != "" {
		q.To = f.To
	}
	return q
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	l, err := s.store.Search(r.Context(), query(r), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) listCorrections(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.store.Corrections(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": cs, "total": len(cs)})
}

func (s *Server) postCorrection(w http.ResponseWriter, r *http.Request) error {
	var c kronika.Correction
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return errorf(http.StatusBadRequest, "correction: %v", err)
	}
	if err := s.correct(r.Context(), c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("ui/openapi.json")
	if err != nil {
		http.Error(w, fmt.Sprint(err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// correct validates and records a correction of the registry, and has the
// claim ledger follow it. Its errors are HTTP errors.
func (s *Server) correct(ctx context.Context, c kronika.Correction) error {
	if err := c.Validate(); err != nil {
		return errorf(http.StatusBadRequest, "correction: %v", err)
	}
	if err := s.store.Correct(ctx, c); err != nil {
		if errors.Is(err, kronika.ErrNotFound) {
			return errorf(http.StatusNotFound, "%v", err)
		}
		return errorf(http.StatusBadRequest, "%v", err)
	}
	s.claimsCorrected()
	return nil
}
