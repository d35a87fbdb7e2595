// Command kronika reads news articles and turns them into structured facts:
// entities, quotes, amounts and dates, each pointing back to its characters.
//
// Usage:
//
//	kronika extract [flags] [FILE|DIR ...]   one JSON object per article on stdout
//	kronika bench [flags] [FILE|DIR ...]     words per second, per stage and in total
//	kronika help [COMMAND]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// command is one subcommand of kronika.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"extract", "extract facts from articles and print one JSON object per article", runExtract},
		{"bench", "measure extraction speed in words per second, per stage and in total", runBench},
		{"kb", "look names up in the knowledge base", runKB},
		{"claims", "line up conflicting and agreeing figures across articles", runClaims},
		{"ingest", "extract facts from articles and store them", runIngest},
		{"search", "search the stored articles", runSearch},
		{"serve", "serve the HTTP API and the web UI", runServe},
		{"entity", "correct the entity registry: merge, alias, split", runEntity},
	}
}

// exitError carries a non-zero exit status without a message of its own:
// the command has already reported what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdin, stdout, stderr)
		var ee exitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.code
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(stderr, "kronika %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "kronika: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// errUsage reports that the flags were wrong; the flag package has already
// printed why.
var errUsage = errors.New("usage")

// parseFlags parses a command's flags. done is true when the command must
// return at once, with err: nil after -h (the usage is printed), errUsage
// after a bad flag (the flag package said why).
func parseFlags(fl *flag.FlagSet, args []string) (done bool, err error) {
	switch err := fl.Parse(args); {
	case err == nil:
		return false, nil
	case errors.Is(err, flag.ErrHelp):
		return true, nil
	default:
		return true, errUsage
	}
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("kronika turns news articles into structured, searchable facts.\n\nUsage:\n\n\tkronika COMMAND [flags] [args]\n\nCommands:\n\n")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(&b, "\t%-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'kronika help COMMAND' for a command's flags.\n")
	io.WriteString(w, b.String())
}
