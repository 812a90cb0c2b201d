package main

import (
	"fmt"
	"io"

	"github.com/billingkit/billingkit/quote"
)

// cmdQuote runs one quote transition at -at (unix seconds, required) and
// prints {"quote": ...} plus, for accept, the created object under its Stripe
// name ("invoice", "subscription" or "subscription_schedule").
func cmdQuote(args []string, stdin io.Reader) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%w: quote: want finalize, accept or cancel", errUsage)
	}
	event := args[0]
	switch event {
	case "finalize", "accept", "cancel":
	default:
		return nil, fmt.Errorf("%w: quote: unknown transition %q (want finalize, accept or cancel)", errUsage, event)
	}
	fs := newFlags("quote " + event)
	var atFlag unixFlag
	fs.Var(&atFlag, "at", "the instant of the transition, unix seconds (required)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return nil, err
	}
	if !atFlag.set {
		return nil, fmt.Errorf("%w: quote %s: -at UNIX is required", errUsage, event)
	}
	at := atFlag.t
	b, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	var q quote.Quote
	if err := decodeStrict(b, &q); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	q, o, err := q.Apply(quote.Event(event), at)
	if err != nil {
		return nil, err
	}
	return quote.Result{Quote: q, Outcome: o}, nil
}
