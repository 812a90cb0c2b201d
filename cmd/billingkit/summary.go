package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// cmdSummary prints the customer's credit balance summary at -at (unix
// seconds; the current time when absent, as Stripe's API answers "now"),
// after validating every grant and transaction.
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
	// Summarize checks what the balances depend on; the command also refuses
	// grants and transactions that Stripe would not return (priority 101,
	// an expiry before the effective time) and transactions given twice,
	// naming the object and field.
	var problems []error
	for i, g := range in.Grants {
		if err := g.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("grants[%d]: %w", i, err))
		}
	}
	for i, t := range in.Transactions {
		if err := t.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("transactions[%d]: %w", i, err))
		}
	}
	if err := credit.CheckLedger(in.Transactions); err != nil {
		problems = append(problems, err)
	}
	if err := errors.Join(problems...); err != nil {
		return nil, err
	}
	return in.Summarize(at)
}
