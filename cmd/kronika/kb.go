package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kronika/kronika/kb"
)

func runKB(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("kb", flag.ContinueOnError)
	fl.SetOutput(stderr)
	lang := fl.String("lang", "sq", "language of the names (ISO 639-1)")
	asJSON := fl.Bool("json", false, "print the matches as JSON")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kronika kb [flags] NAME ...\n\n"+
			"Looks names up in the knowledge base, inflected forms included\n"+
			"(kronika kb Rusisë \"Koresë së Veriut\" NATO-s), and prints the entities they may name, best first.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if done, err := parseFlags(fl, args); done {
		return err
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return errUsage
	}
	k, err := kb.Default()
	if err != nil {
		return err
	}
	type hit struct {
		Query   string   `json:"query"`
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Type    string   `json:"type"`
		Mention string   `json:"mention_type,omitempty"`
		Base    string   `json:"base"`
		Alias   string   `json:"alias"`
		Source  string   `json:"source"`
		Aliases []string `json:"aliases,omitempty"`
	}
	var hits []hit
	missing := 0
	for _, q := range fl.Args() {
		ms := k.Lookup(q, *lang)
		if len(ms) == 0 {
			missing++
			fmt.Fprintf(stderr, "kronika kb: %q: not known\n", q)
			continue
		}
		for _, m := range ms {
			h := hit{Query: q, ID: m.Entry.ID, Name: m.Entry.Name, Type: m.Entry.Type, Base: m.Base, Alias: m.Alias, Source: m.Entry.Source}
			if m.Type != m.Entry.Type {
				h.Mention = m.Type
			}
			for _, a := range m.Entry.Aliases {
				if a.Lang == *lang || a.Lang == kb.CanonicalLang {
					h.Aliases = append(h.Aliases, a.Lang+":"+a.Text)
				}
			}
			hits = append(hits, h)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if hits == nil {
			hits = []hit{}
		}
		if err := enc.Encode(hits); err != nil {
			return err
		}
	} else if len(hits) > 0 {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "QUERY\tNAME\tTYPE\tID\tMATCHED\tSOURCE\tALIASES")
		for _, h := range hits {
			typ := h.Type
			if h.Mention != "" {
				typ += " (mention " + h.Mention + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.Query, h.Name, typ, h.ID, h.Base, h.Source, strings.Join(h.Aliases, ", "))
		}
		tw.Flush()
	}
	if missing > 0 {
		return exitError{1}
	}
	return nil
}
