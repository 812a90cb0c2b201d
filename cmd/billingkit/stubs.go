package main

import (
	"errors"
	"io"
)

func cmdSummary(args []string, stdin io.Reader) (any, error) {
	return nil, errors.New("summary: not built yet")
}

func cmdQuote(args []string, stdin io.Reader) (any, error) {
	return nil, errors.New("quote: not built yet")
}

func walkthrough(w io.Writer) error { return errors.New("not built yet") }
