package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// summaryInput is what `billingkit summary` reads.
type summaryInput struct {
	Customer     string               `json:"customer"`
	Grants       []credit.Grant       `json:"grants"`
	Transactions []credit.Transaction `json:"transactions"`
	Filter       *credit.Filter       `json:"filter"`
}

// cmdSummary prints the customer's credit balance summary at -at (unix
// seconds; the current time when absent, as Stripe's API answers "now").
func cmdSummary(args []string, stdin io.Reader) (any, error) {
	fs := newFlags("summary")
	atFlag := fs.Int64("at", -1, "the instant, unix seconds (default: now)")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	at := time.Now().UTC()
	if *atFlag >= 0 {
		at = time.Unix(*atFlag, 0).UTC()
	}
	b, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	var in summaryInput
	if err := decodeStrict(b, &in); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	if in.Customer == "" {
		return nil, errors.New("customer: required")
	}
	if in.Filter == nil {
		return nil, errors.New("filter: required ({\"type\": \"credit_grant\", ...} or {\"type\": \"applicability_scope\", ...})")
	}
	return credit.Summarize(in.Customer, in.Grants, in.Transactions, *in.Filter, at)
}
