package quote

import (
	"github.com/billingkit/billingkit/invoice"
	"maps"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Status is a quote's status. The four statuses of Stripe's generally
// available API are constants; Stripe marks the enum open (preview APIs add
// "accepting" and "stale"), so any other value decodes without error and
// every transition from it is refused.
type Status string

// Quote statuses.
const (
	StatusDraft    Status = "draft"
	StatusOpen     Status = "open"
	StatusAccepted Status = "accepted"
	StatusCanceled Status = "canceled"
)

// Terminal reports whether s is accepted or canceled: no event applies.
func (s Status) Terminal() bool { return s == StatusAccepted || s == StatusCanceled }

// Known reports whether s is one of the four statuses this package models.
func (s Status) Known() bool {
	switch s {
	case StatusDraft, StatusOpen, StatusAccepted, StatusCanceled:
		return true
	}
	return false
}

// CollectionMethod is how invoices created from the quote are paid.
type CollectionMethod = invoice.CollectionMethod

// Collection methods.
const (
	ChargeAutomatically = invoice.ChargeAutomatically
	SendInvoice         = invoice.SendInvoice
)

// DefaultExpiry is how long after creation New sets expires_at: 30 days,
// Stripe's default.
const DefaultExpiry = 30 * 24 * time.Hour

// Quote is Stripe's quote object (object "quote"): the prices offered to a
// customer. It is a plain value; every transition returns a new Quote and
// leaves its receiver (and the slices it shares) untouched.
//
// Its JSON is Stripe's wire format: unix-second times (a zero time.Time is
// null), "" for a null string, line_items as a Stripe list object (omitted
// when LineItems is nil, as Stripe omits it unless expanded). Keys a decoded
// object carried that this package does not model (application,
// transfer_data, automatic_tax.liability, invoice_settings.issuer, preview
// fields...) are kept and written back unchanged.
//
// The zero Quote has status "" and is refused by every transition; build
// one with New.
type Quote struct {
	ID       string
	Status   Status
	Customer string // write-once; "" is null
	Currency pricing.Currency

	// LineItems are the quoted lines, in order. Order matters for the
	// largest-remainder spread of quote-level amount_off coupons (ties go to
	// the earlier line) and for the ids of created objects.
	LineItems []LineItem
	// Discounts are the quote-level discounts, applied after each line's own
	// discounts, in order.
	Discounts []Discount
	// DefaultTaxRates apply to every line without its own TaxRates.
	DefaultTaxRates []TaxRate

	CollectionMethod CollectionMethod // "" encodes as charge_automatically
	InvoiceSettings  InvoiceSettings
	SubscriptionData SubscriptionData
	AutomaticTax     AutomaticTax

	Created           time.Time
	ExpiresAt         time.Time
	Number            string
	StatusTransitions StatusTransitions
	FromQuote         *FromQuote

	// Totals, set by Compute (and every transition that computes).
	AmountSubtotal int64
	AmountTotal    int64
	TotalDetails   TotalDetails
	Computed       Computed

	// Ids of the objects acceptance created.
	Invoice              string
	Subscription         string
	SubscriptionSchedule string

	Metadata    map[string]string
	Livemode    bool
	Header      string
	Description string
	Footer      string

	wire  stripejson.Shape // keys of the decoded object, and those not modelled here
	lines stripejson.List  // the line_items list object
}

// LineItem is one quoted line (Stripe's "item" object): a price and a
// quantity, the line's own discounts and tax rates, and its computed amounts.
//
// Input fields: Price, Quantity, Description, Discounts (the line's own,
// applied before the quote's), TaxRates (nil means the quote's
// DefaultTaxRates). Output fields, set by Compute: the Amount* fields,
// DiscountAmounts (wire "discounts": every discount applied to the line, its
// own first, then the quote's) and TaxAmounts (wire "taxes").
//
// Decoding recovers the inputs from the wire: Discounts are the entries of
// "discounts" whose discount is not one of the quote's, TaxRates the rates of
// "taxes" unless they are exactly the quote's default_tax_rates.
type LineItem struct {
	ID          string
	Price       pricing.Price
	Quantity    int64
	Description string
	Currency    pricing.Currency // set by Compute to the quote's currency

	Discounts []Discount
	TaxRates  []TaxRate

	AmountSubtotal  int64
	AmountDiscount  int64
	AmountTax       int64 // exclusive and inclusive tax
	AmountTotal     int64 // subtotal - discount + exclusive tax
	DiscountAmounts []DiscountAmount
	TaxAmounts      []TaxAmount

	wire stripejson.Shape
}

// InvoiceSettings is quote.invoice_settings.
type InvoiceSettings struct {
	// DaysUntilDue is required when the collection method is send_invoice
	// (policy) and carried to the invoice, subscription or schedule.
	DaysUntilDue *int64

	wire stripejson.Shape
}

// SubscriptionData is quote.subscription_data: what a recurring quote's
// subscription or schedule gets.
type SubscriptionData struct {
	Description string
	// EffectiveDate, when after the acceptance time, makes acceptance create
	// a subscription schedule starting then; a past date is ignored. Zero is null.
	EffectiveDate time.Time
	// TrialPeriodDays, when positive, starts the subscription with a trial:
	// recurring lines charge nothing up front.
	TrialPeriodDays *int64
	Metadata        map[string]string // nil is null

	wire stripejson.Shape
}

// AutomaticTax is quote.automatic_tax. Automatic tax needs a tax service
// (I/O) and is out of scope: Compute refuses a quote with Enabled set.
type AutomaticTax struct {
	Enabled bool
	Status  string // "" is null

	wire stripejson.Shape
}

// StatusTransitions records when the quote changed status; each time is set
// once and never moves. Zero is null.
type StatusTransitions struct {
	FinalizedAt time.Time
	AcceptedAt  time.Time
	CanceledAt  time.Time

	wire stripejson.Shape
}

// FromQuote is quote.from_quote: the quote this one was cloned from, and
// whether it is a revision of it.
type FromQuote struct {
	Quote      string
	IsRevision bool

	wire stripejson.Shape
}

// TotalDetails is the discount, tax and shipping part of a total.
type TotalDetails struct {
	AmountDiscount int64
	AmountTax      int64
	// AmountShipping is 0 on every total Compute sets (shipping is out of
	// scope). Stripe's schema allows null, which decodes to nil and encodes
	// back as null.
	AmountShipping *int64
	// Breakdown lists the amount of each discount and tax rate. Compute sets
	// it; Stripe sends it only when expanded.
	Breakdown *Breakdown

	wire stripejson.Shape
}

// Breakdown is total_details.breakdown.
type Breakdown struct {
	Discounts []DiscountAmount
	Taxes     []TaxAmount

	wire stripejson.Shape
}

// Computed is quote.computed.
type Computed struct {
	Upfront Upfront
	// Recurring is nil (null) when no line recurs.
	Recurring *RecurringTotals

	wire stripejson.Shape
}

// Upfront is computed.upfront: what the first invoice after acceptance
// charges. LineItems are that invoice's lines (nil omits the key).
type Upfront struct {
	AmountSubtotal int64
	AmountTotal    int64
	TotalDetails   TotalDetails
	LineItems      []LineItem

	wire  stripejson.Shape
	lines stripejson.List
}

// RecurringTotals is computed.recurring: what every later period charges,
// recurring lines with forever coupons only.
type RecurringTotals struct {
	AmountSubtotal int64
	AmountTotal    int64
	Interval       pricing.Interval
	IntervalCount  int64
	TotalDetails   TotalDetails

	wire stripejson.Shape
}

// New returns a draft quote with the given id, created at created, expiring
// DefaultExpiry later, collection method charge_automatically, empty
// metadata and no lines. Fill in the draft's fields, then Compute or Finalize.
func New(id string, created time.Time) Quote {
	return Quote{
		ID:               id,
		Status:           StatusDraft,
		CollectionMethod: ChargeAutomatically,
		Created:          created,
		ExpiresAt:        created.Add(DefaultExpiry),
		Metadata:         map[string]string{},
		LineItems:        []LineItem{},
	}
}

// HasRecurring reports whether some line has a recurring price.
func (q Quote) HasRecurring() bool {
	for i := range q.LineItems {
		if isRecurring(q.LineItems[i].Price) {
			return true
		}
	}
	return false
}

func isRecurring(p pricing.Price) bool {
	return p.Type == pricing.RecurringType || (p.Type == "" && p.Recurring != nil)
}

// clone returns a copy of q whose slices, maps and pointed-to values may be
// modified without touching q's. Nested values (prices, coupons) are shared
// read-only.
func (q Quote) clone() Quote {
	c := q
	c.LineItems = slices.Clone(q.LineItems) // an empty list stays a list, not nil (not expanded)
	c.Discounts = slices.Clone(q.Discounts)
	c.DefaultTaxRates = slices.Clone(q.DefaultTaxRates)
	c.Metadata = maps.Clone(q.Metadata)
	c.SubscriptionData.Metadata = maps.Clone(q.SubscriptionData.Metadata)
	c.SubscriptionData.TrialPeriodDays = clonePtr(q.SubscriptionData.TrialPeriodDays)
	c.InvoiceSettings.DaysUntilDue = clonePtr(q.InvoiceSettings.DaysUntilDue)
	c.FromQuote = clonePtr(q.FromQuote)
	c.Computed.Recurring = clonePtr(q.Computed.Recurring)
	return c
}

// clonePtr returns a pointer to a copy of *p, nil for nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
