package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// summaryInput is what `billingkit summary` reads: the arguments of
// credit.Summarize as one JSON object,
// {"customer": ..., "grants": [...], "transactions": [...], "filter": {...}}.
// It is the command's shape, not Stripe's, so its keys match exactly and any
// other key is refused: a misspelt "transaction" must not silently drop the
// ledger.
type summaryInput struct {
	Customer     string
	Grants       []credit.Grant
	Transactions []credit.Transaction
	Filter       credit.Filter
}

// decodeSummaryInput decodes b, naming the member in every error.
func decodeSummaryInput(b []byte) (summaryInput, error) {
	var in summaryInput
	m, err := decodeObject(b)
	if err == nil {
		err = checkKeys(m, "customer", "grants", "transactions", "filter")
	}
	if err != nil {
		return in, fmt.Errorf("input: %w", err)
	}
	err = decodeMembers(m, []member{
		{"customer", &in.Customer},
		{"grants", &in.Grants},
		{"transactions", &in.Transactions},
		{"filter", &in.Filter},
	})
	return in, err
}

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
	in, err := decodeSummaryInput(b)
	if err != nil {
		return nil, err
	}
	if in.Customer == "" {
		return nil, errors.New("customer: required")
	}
	// Summarize checks what the balances depend on; the command also refuses
	// grants and transactions that Stripe would not return (priority 101,
	// an expiry before the effective time) and transactions given twice,
	// naming the object and field.
	if err := errors.Join(validateLedger(in.Grants, in.Transactions)...); err != nil {
		return nil, err
	}
	return credit.Summarize(in.Customer, in.Grants, in.Transactions, in.Filter, at)
}

// validateLedger returns the problems of grants and txns, naming each
// object by its index: what Validate refuses of each, then the ledger's
// (a transaction given twice). summary and invoice both check what enters.
func validateLedger(grants []credit.Grant, txns []credit.Transaction) []error {
	var problems []error
	for i, g := range grants {
		if err := g.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("grants[%d]: %w", i, err))
		}
	}
	for i, t := range txns {
		if err := t.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("transactions[%d]: %w", i, err))
		}
	}
	if len(txns) > 0 {
		if err := credit.CheckLedger(txns); err != nil {
			problems = append(problems, err)
		}
	}
	return problems
}
