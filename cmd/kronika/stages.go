package main

import "github.com/kronika/kronika"

// languageIdentifier and segmenter are the pipeline's first two stages.
func languageIdentifier() kronika.LanguageIdentifier { return nil }

func segmenter() kronika.Segmenter { return nil }
