package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/billingkit/billingkit/quote"
)

// transitions are the quote subcommands, in the order the usage lists them.
var transitions = []struct {
	name  string
	apply func(q quote.Quote, at time.Time) (quote.Quote, quote.Outcome, error)
}{
	{"finalize", func(q quote.Quote, at time.Time) (quote.Quote, quote.Outcome, error) {
		q, err := q.Finalize(at)
		return q, quote.Outcome{}, err
	}},
	{"accept", func(q quote.Quote, at time.Time) (quote.Quote, quote.Outcome, error) {
		return q.Accept(at)
	}},
	{"cancel", func(q quote.Quote, at time.Time) (quote.Quote, quote.Outcome, error) {
		q, err := q.Cancel(at)
		return q, quote.Outcome{}, err
	}},
}

// quoteResult is what a quote subcommand prints: {"quote": <quote>}, plus
// for an accept the created object under its Stripe name, "invoice",
// "subscription" or "subscription_schedule" (quote.Outcome.Object).
type quoteResult struct {
	Quote   quote.Quote
	Outcome quote.Outcome
}

// resultKeys are the members of a quoteResult: "quote" and the names an
// Outcome's object can have.
var resultKeys = []string{"quote", "invoice", "subscription", "subscription_schedule"}

// MarshalJSON writes {"quote": ..., "<object>": ...}, the quote first.
func (r quoteResult) MarshalJSON() ([]byte, error) {
	qb, err := json.Marshal(r.Quote)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"quote":`)
	buf.Write(qb)
	if name, v := r.Outcome.Object(); name != "" {
		ob, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		nb, _ := json.Marshal(name)
		buf.WriteByte(',')
		buf.Write(nb)
		buf.WriteByte(':')
		buf.Write(ob)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// cmdQuote runs one quote transition at -at (unix seconds, required) and
// prints a quoteResult.
func cmdQuote(args []string, stdin io.Reader) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%w: quote: want finalize, accept or cancel (see billingkit quote -h)", errUsage)
	}
	if isHelpWord(args[0]) {
		return nil, helpRequest{usages["quote"]}
	}
	i := 0
	for i < len(transitions) && transitions[i].name != args[0] {
		i++
	}
	if i == len(transitions) {
		return nil, fmt.Errorf("%w: quote: unknown transition %q (want finalize, accept or cancel)", errUsage, args[0])
	}
	tr := transitions[i]
	fs := newFlags("quote " + tr.name)
	var atFlag unixFlag
	fs.Var(&atFlag, "at", "the instant of the transition, unix seconds (required)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return nil, err
	}
	if !atFlag.set {
		return nil, fmt.Errorf("%w: quote %s: -at UNIX is required (see billingkit quote %s -h)", errUsage, tr.name, tr.name)
	}
	b, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	q, err := decodeQuoteInput(b)
	if err != nil {
		return nil, err
	}
	q, o, err := tr.apply(q, atFlag.t)
	if err != nil {
		return nil, err
	}
	return quoteResult{Quote: q, Outcome: o}, nil
}

// decodeQuoteInput decodes a bare Stripe quote, or the {"quote": ...} that
// a quote subcommand prints, so that one subcommand's output pipes into the
// next. A Stripe quote has no "quote" member, so its presence marks the
// wrapper; the wrapper's other members may only be the object an accept
// created, which is ignored (the quote names it).
func decodeQuoteInput(b []byte) (quote.Quote, error) {
	var q quote.Quote
	m, err := decodeObject(b)
	if err != nil {
		return q, fmt.Errorf("input: %w", err)
	}
	if raw, ok := m["quote"]; ok {
		if err := checkKeys(m, resultKeys...); err != nil {
			return q, fmt.Errorf("input: %w", err)
		}
		if _, err := decodeObject(raw); err != nil {
			return q, fmt.Errorf("quote: %w", err)
		}
		if err := decodeStrict(raw, &q); err != nil {
			return q, fmt.Errorf("quote: %w", err)
		}
		return q, nil
	}
	if err := decodeStrict(b, &q); err != nil {
		return q, fmt.Errorf("input: %w", err)
	}
	return q, nil
}
