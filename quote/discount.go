package quote

import "github.com/billingkit/billingkit/invoice"

// The discount and tax objects, shared with invoices and subscriptions
// (package invoice documents them and computes them).
type (
	Duration             = invoice.Duration
	Coupon               = invoice.Coupon
	CouponCurrencyOption = invoice.CouponCurrencyOption
	AppliesTo            = invoice.AppliesTo
	Discount             = invoice.Discount
	DiscountAmount       = invoice.DiscountAmount
	TaxRate              = invoice.TaxRate
	TaxAmount            = invoice.TaxAmount
)

// Coupon durations.
const (
	DurationOnce      = invoice.DurationOnce
	DurationRepeating = invoice.DurationRepeating
	DurationForever   = invoice.DurationForever
)
