package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// cmdSummary prints the customer's credit balance summary at -at (unix
// seconds; the current time when absent, as Stripe's API answers "now").
func cmdSummary(args []string, stdin io.Reader) (any, error) {
	fs := newFlags("summary")
	var atFlag unixFlag
	fs.Var(&atFlag, "at", "the instant, unix seconds (default: now)")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	at := time.Now().UTC()
	if atFlag.set {
		at = atFlag.t
	}
	b, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	var in credit.SummaryInput
	if err := decodeStrict(b, &in); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	if in.Customer == "" {
		return nil, errors.New("customer: required")
	}
	return in.Summarize(at)
}
