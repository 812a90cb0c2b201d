package subscription

import (
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// Change is the parameters of POST /v1/subscriptions/:id, as JSON:
//
//	{"items":[{"id":"si_..","price":{...the full price...},"quantity":N,"deleted":true}],
//	 "proration_behavior":"create_prorations|always_invoice|none","proration_date":UNIX,
//	 "cancel_at":UNIX,"cancel_at_period_end":bool,"trial_end":UNIX,"discounts":[...],
//	 "default_tax_rates":[...]}
//
// A new price is given whole, since nothing is fetched. Unknown keys are
// refused (a parameter this package does not apply must not be dropped
// silently).
type Change struct {
	Items             []ItemChange
	ProrationBehavior ProrationBehavior // "" is create_prorations
	ProrationDate     time.Time         // zero: the change's time
	CancelAt          time.Time         // zero: unchanged
	CancelAtPeriodEnd *bool             // nil: unchanged
	// CancelNow ends the subscription at the change's time (DELETE
	// /v1/subscriptions/:id; prorate and invoice_now follow
	// ProrationBehavior: none writes no credit).
	CancelNow bool
	TrialEnd  time.Time // zero: unchanged
	// Discounts, when not nil, replace the subscription's.
	Discounts []invoice.Discount
	// DefaultTaxRates, when not nil, replace the subscription's.
	DefaultTaxRates []invoice.TaxRate
}

// ItemChange is one entry of a change's items: an existing item by ID
// (a new price, a new quantity, or Deleted), or a new item (ID "").
type ItemChange struct {
	ID       string
	Price    *pricing.Price // nil: unchanged
	Quantity *int64         // nil: unchanged (1 for a new item)
	Deleted  bool
	TaxRates []invoice.TaxRate // nil: unchanged
	// Discounts, when not nil, replace the item's.
	Discounts []invoice.Discount
}
