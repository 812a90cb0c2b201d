package invoice

import (
	"github.com/billingkit/billingkit/internal/totals"
)

// The discount and tax objects invoices, subscriptions and quotes share.
// Their codecs and the rules that compute them live in one place (see the
// package doc, section Totals).
type (
	// Coupon is Stripe's coupon object (object "coupon").
	Coupon = totals.Coupon
	// CouponCurrencyOption is a coupon's amount_off in another currency.
	CouponCurrencyOption = totals.CouponCurrencyOption
	// AppliesTo restricts a coupon to the listed products.
	AppliesTo = totals.AppliesTo
	// Duration is how long a coupon applies: once, repeating, forever.
	Duration = totals.Duration
	// Discount is Stripe's discount object (object "discount").
	Discount = totals.Discount
	// DiscountAmount is what one discount took off a line or a total.
	DiscountAmount = totals.DiscountAmount
	// TaxRate is Stripe's tax_rate object (object "tax_rate").
	TaxRate = totals.TaxRate
	// TaxAmount is the tax one rate added to (or found inside) a line or a
	// total.
	TaxAmount = totals.TaxAmount
)

// Coupon durations.
const (
	DurationOnce      = totals.DurationOnce
	DurationRepeating = totals.DurationRepeating
	DurationForever   = totals.DurationForever
)

// The one discount and tax engine (quote and Invoice.Compute use it).
type (
	// Calc is what one owner (an invoice, a quote) applies to its lines;
	// Calc.Run states the rules.
	Calc = totals.Calc
	// CalcLine is one line's input to Calc.Run.
	CalcLine = totals.Line
	// CalcResult is Calc.Run's output.
	CalcResult = totals.Result
)
