package quote

import (
	"encoding/json"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Duration is how long a coupon applies: once (the first invoice), repeating
// (DurationInMonths months) or forever. Stripe marks the enum open; unknown
// values decode and are treated like once by Compute.
type Duration string

// Coupon durations.
const (
	DurationOnce      Duration = "once"
	DurationRepeating Duration = "repeating"
	DurationForever   Duration = "forever"
)

// Coupon is Stripe's coupon object (object "coupon"): a percent_off or an
// amount_off (in Currency) discount.
//
// Rules used by Compute: exactly one of PercentOff (0 < p <= 100; Stripe
// shows two decimal places, Compute accepts up to four [P]) and AmountOff (>= 0, Currency must be the
// quote's, or CurrencyOptions has the quote's currency) is set. A coupon with AppliesTo applies only to lines whose
// price's product is listed. Once and repeating coupons count towards the
// first invoice (computed.upfront and the line items); only forever coupons
// count towards computed.recurring.
type Coupon struct {
	ID               string
	AmountOff        *int64
	Currency         pricing.Currency // amount_off's currency; "" is null
	PercentOff       decimal.NullDecimal
	Duration         Duration
	DurationInMonths *int64
	Name             string
	AppliesTo        *AppliesTo
	// CurrencyOptions are amount_off's values in other currencies: a quote
	// in such a currency uses CurrencyOptions[currency].AmountOff.
	CurrencyOptions map[pricing.Currency]CouponCurrencyOption
	Created         time.Time
	Livemode        bool
	MaxRedemptions  *int64
	Metadata        map[string]string
	RedeemBy        time.Time
	TimesRedeemed   int64
	Valid           bool

	raw json.RawMessage
}

// CouponCurrencyOption is a coupon's amount_off in another currency.
type CouponCurrencyOption struct {
	AmountOff int64
}

// AppliesTo restricts a coupon to the listed products.
type AppliesTo struct {
	Products []string
}

// Discount is Stripe's discount object (object "discount"): a coupon
// applied to a quote or a line. On the wire a discount may be a bare id
// (not expanded); such a Discount has only its ID, decodes and encodes as a
// string, and cannot be computed (Compute names it).
type Discount struct {
	ID            string
	Coupon        Coupon
	Customer      string
	Start         time.Time
	End           time.Time // zero is null
	PromotionCode string
	Invoice       string
	InvoiceItem   string
	Subscription  string
	// Unexpanded is set for a discount decoded from a bare id.
	Unexpanded bool

	raw        json.RawMessage
	fromSource bool // coupon came from source.coupon (newer API versions)
}

// DiscountAmount is the amount one discount took off a line or a total
// (wire: {"amount", "discount"}).
type DiscountAmount struct {
	Amount   int64
	Discount Discount
}

// TaxRate is Stripe's tax rate object (object "tax_rate"). Percentage is the
// rate in percent (20 for 20%); Inclusive says the price already contains
// the tax (it is reported, not added).
type TaxRate struct {
	ID           string
	Active       bool
	Country      string
	Created      time.Time
	Description  string
	DisplayName  string
	Inclusive    bool
	Jurisdiction string
	Livemode     bool
	Metadata     map[string]string
	Percentage   decimal.Decimal
	State        string
	TaxType      string
	// Unexpanded is set for a tax rate decoded from a bare id.
	Unexpanded bool

	raw json.RawMessage
}

// TaxAmount is the tax one rate added to (or, inclusive, found inside) a line
// or a total (wire: {"amount", "rate", "taxability_reason", "taxable_amount"}).
type TaxAmount struct {
	Amount        int64
	Rate          TaxRate
	TaxableAmount int64
}
