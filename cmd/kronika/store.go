package main

import (
	"context"
	"errors"
	"io"
)

// The store commands: ingest, search, serve and entity. See the store
// issue; these stubs are replaced by the real commands.

var errNotYet = errors.New("not implemented yet")

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errNotYet
}

func runSearch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errNotYet
}

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errNotYet
}

func runEntity(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errNotYet
}
