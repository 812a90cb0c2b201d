// Package totals holds what quote and invoice share to turn lines into
// totals: Stripe's coupon, discount and tax_rate objects with their codecs,
// and the one discount and tax engine (Calc). invoice re-exports the types
// and quote aliases invoice's, so there is one place where a discount or a
// tax is computed. The rules are stated once, on Calc.Run.
package totals

import "errors"

// ErrInvalidJSON: JSON that cannot be decoded into one of these objects
// when it is decoded on its own (nested in a quote or an invoice, the
// owner's sentinel is used).
var ErrInvalidJSON = errors.New("invoice: invalid json")

var (
	errOverflow = errors.New("amount overflows int64 minor units")
	errNegative = errors.New("negative amount")
)
