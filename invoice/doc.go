// Package invoice models Stripe's invoice (object "invoice", API
// 2025-08-27.basil), its lines ("line_item") and pending invoice items
// ("invoiceitem"), and computes an invoice's totals: discounts, taxes and
// billing credits. It does no I/O and reads no clock. quote and
// subscription build their invoices here, so there is one place where a
// total is computed.
//
// # Totals
//
// Invoice.Compute runs the module's one discount and tax engine (Calc;
// the rules, stated once, are on Calc.Run) over the lines: each line's own
// discounts, then the invoice's discounts (not on lines with
// discountable false, such as prorations, whose amount is already net of
// the subscription's discounts [S]), then the line's billing credits,
// then taxes on what is left (the line's TaxRates, or the invoice's
// default_tax_rates). Inclusive taxes and the taxable amount sum exactly
// to the line's net [P]. Then [S for the definitions, P where credits
// enter]:
//
//   - subtotal = sum of line amounts - item (line-level) discounts;
//   - total_excluding_tax = subtotal - invoice discounts - pretax credits;
//   - total = total_excluding_tax + exclusive tax;
//   - subtotal_excluding_tax = subtotal - inclusive tax;
//   - amount_due = max(0, total) (customer balance not modelled:
//     starting_balance 0); amount_remaining = amount_due - amount_paid.
//
// Both total and amount_due net billing credits [P; Stripe's text names
// amount_due only]. A basil proration line shows the invoice's discounts
// with amount 0 in discount_amounts [S]. Each line's
// pretax_credit_amounts lists its discounts (type discount), then its
// billing credits (type credit_balance_transaction); the invoice's
// total_pretax_credit_amounts combines them, discounts first [P].
// total_taxes sums the lines' taxes per (rate, behavior), each with
// taxability_reason standard_rated and type tax_rate_details [P].
//
// # Credits
//
// Billing credits pay metered lines only (a price with recurring.meter, or
// usage_type metered), at their amount after discounts and before tax
// [S]. Invoice.CreditInput is the invoice as credit.Apply reads it;
// Invoice.WithCredits puts an application's credits on the lines (from its
// transactions, or, in a preview, from its per-line amounts with a null
// credit_balance_transaction); Finalize does both and sets status open,
// finalized_at and ending_balance 0. Grants and transactions are read,
// never written: append the application's transactions to the ledger.
//
// # JSON
//
// Every type marshals to and from Stripe's JSON under the module's one rule
// (a decoded object keeps its keys and unknown members at every level; a
// value built in Go writes the basil shape). Older API versions decode:
// the keys basil removed are kept as unknown keys, not computed from.
// stripe-go's zero readings: a nullable time 0 is null, "" is a null
// string. Basil lines carry no tax_rates: LineItem.TaxRates is Go-only and
// a decoded line takes the invoice's default_tax_rates when recomputed.
package invoice
