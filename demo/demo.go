// Package demo holds the demo corpus that `kronika serve --demo` loads: short
// news articles in Albanian and English written for this project, some of
// them telling the same story with differing figures and quotes, so that
// every page and the claim ledger have something real to show.
package demo

import (
	"embed"
	"io/fs"
)

//go:embed corpus
var files embed.FS

// Corpus returns the demo articles, one file each in the seed format
// ("date YYYY-MM-DD body /SOURCE/").
func Corpus() fs.FS {
	sub, err := fs.Sub(files, "corpus")
	if err != nil {
		panic(err) // the directory is embedded: it exists
	}
	return sub
}
