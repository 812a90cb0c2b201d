package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/subscription"
)

// invoiceInput is what `billingkit invoice` reads: {"subscription",
// "changes", "meters", "meter_events", "meter_event_adjustments", "grants",
// "transactions", "pending_invoice_items"}. Like the summary input it is the
// command's shape: any other key is refused.
type invoiceInput struct {
	Subscription subscription.Subscription
	Changes      []subscription.Change
	In           subscription.Inputs
}

var invoiceKeys = []string{"subscription", "changes", "meters", "meter_events", "meter_event_adjustments",
	"grants", "transactions", "pending_invoice_items"}

func decodeInvoiceInput(b []byte) (invoiceInput, error) {
	var in invoiceInput
	m, err := decodeObject(b)
	if err == nil {
		err = checkKeys(m, invoiceKeys...)
	}
	if err != nil {
		return in, fmt.Errorf("input: %w", err)
	}
	if _, ok := m["subscription"]; !ok {
		return in, fmt.Errorf("subscription: required")
	}
	var meters []meter.Meter
	var events []meter.Event
	var adj []meter.Adjustment
	var grants []credit.Grant
	var txns []credit.Transaction
	if err := decodeMembers(m, []member{
		{"subscription", &in.Subscription},
		{"meters", &meters},
		{"meter_events", &events},
		{"meter_event_adjustments", &adj},
		{"grants", &grants},
		{"transactions", &txns},
		{"pending_invoice_items", &in.In.Pending},
	}); err != nil {
		return in, err
	}
	// Each change on its own, so that an error names it: changes[1].items[0].price.
	if raw, ok := m["changes"]; ok {
		var list []json.RawMessage
		if err := decodeStrict(raw, &list); err != nil {
			return in, fmt.Errorf("changes: %w", err)
		}
		in.Changes = make([]subscription.Change, len(list))
		for i, c := range list {
			if err := decodeStrict(c, &in.Changes[i]); err != nil {
				return in, fmt.Errorf("changes[%d]: %w", i, err)
			}
		}
	}
	// As summary does: what enters is validated, naming the object.
	var problems []error
	for i, m := range meters {
		if err := m.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("meters[%d]: %w", i, err))
		}
	}
	problems = append(problems, validateLedger(grants, txns)...)
	if err := errors.Join(problems...); err != nil {
		return in, err
	}
	in.In.Meters, in.In.Events, in.In.Adjustments = meters, events, adj
	in.In.Grants, in.In.Transactions = grants, txns
	return in, nil
}

// cmdInvoice runs `invoice preview -at UNIX` (create_preview with the
// changes applied at -at) or `invoice period -k K` (the invoice at the k-th
// boundary; changes are refused there: pass their invoice items as
// pending_invoice_items).
func cmdInvoice(args []string, stdin io.Reader) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%w: invoice: want preview or period (see billingkit invoice -h)", errUsage)
	}
	if isHelpWord(args[0]) {
		return nil, helpRequest{usages["invoice"]}
	}
	switch args[0] {
	case "preview":
		fs := newFlags("invoice preview")
		var atFlag unixFlag
		fs.Var(&atFlag, "at", "the instant of the preview, unix seconds (required)")
		if err := parseFlags(fs, args[1:]); err != nil {
			return nil, err
		}
		if !atFlag.set {
			return nil, fmt.Errorf("%w: invoice preview: -at UNIX is required (see billingkit invoice preview -h)", errUsage)
		}
		in, err := readInvoiceInput(stdin)
		if err != nil {
			return nil, err
		}
		return subscription.Preview(in.Subscription, atFlag.t, in.In, in.Changes...)
	case "period":
		fs := newFlags("invoice period")
		var k countFlag
		fs.Var(&k, "k", "the period boundary: 0 at creation, 1 at the end of the first period, ... (required)")
		if err := parseFlags(fs, args[1:]); err != nil {
			return nil, err
		}
		if !k.set {
			return nil, fmt.Errorf("%w: invoice period: -k K is required (see billingkit invoice period -h)", errUsage)
		}
		if k.n > 1<<20 {
			return nil, fmt.Errorf("%w: invoice period: -k %d: at most %d", errUsage, k.n, 1<<20)
		}
		in, err := readInvoiceInput(stdin)
		if err != nil {
			return nil, err
		}
		if len(in.Changes) > 0 {
			return nil, fmt.Errorf("changes: invoice period takes none: apply them with invoice preview, or pass their items as pending_invoice_items")
		}
		return in.Subscription.Invoice(int(k.n), in.In)
	}
	return nil, fmt.Errorf("%w: invoice: unknown subcommand %q (want preview or period)", errUsage, args[0])
}

func readInvoiceInput(stdin io.Reader) (invoiceInput, error) {
	b, err := readInput(stdin)
	if err != nil {
		return invoiceInput{}, err
	}
	return decodeInvoiceInput(b)
}

const invoiceUsageInput = `Reads {"subscription", "changes", "meters", "meter_events",
"meter_event_adjustments", "grants", "transactions", "pending_invoice_items"}
on standard input (only "subscription" is required; changes are the
parameters of POST /v1/subscriptions/:id, with new prices given whole) and
prints a Stripe invoice. Billing credits show as a preview: no transaction.
`

func init() {
	usages["invoice"] = `usage: billingkit invoice preview -at UNIX < input.json
       billingkit invoice period -k K < input.json

` + invoiceUsageInput + `
  preview -at UNIX   POST /v1/invoices/create_preview at that instant, with the
                     changes applied in order
  period -k K        the invoice at the subscription's k-th period boundary
                     (0: at creation; with a trial, 1 is at trial_end)
`
	usages["invoice preview"] = `usage: billingkit invoice preview -at UNIX < input.json

` + invoiceUsageInput + `
  -at UNIX   the instant, unix seconds (required): decimal digits with an
             optional leading '-', no leading zero, years 1 to 9999
`
	usages["invoice period"] = `usage: billingkit invoice period -k K < input.json

` + invoiceUsageInput + `
  -k K   the period boundary (required): 0 at creation, 1 at the end of the
         first period (with a trial, at trial_end), ...; decimal digits
`
}
