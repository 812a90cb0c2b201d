package subscription

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// Status is a subscription's status.
type Status string

// Statuses this package produces (Stripe has more; they decode as given).
const (
	StatusTrialing Status = "trialing"
	StatusActive   Status = "active"
	StatusCanceled Status = "canceled"
)

// BillingMode is billing_mode.type: classic (basil's default, and the
// reading of a null or absent billing_mode) or flexible.
type BillingMode string

// Billing modes.
const (
	Classic  BillingMode = "classic"
	Flexible BillingMode = "flexible"
)

// ProrationBehavior is a change's proration_behavior.
type ProrationBehavior string

// Proration behaviors; "" means CreateProrations (Stripe's default).
const (
	CreateProrations ProrationBehavior = "create_prorations"
	AlwaysInvoice    ProrationBehavior = "always_invoice"
	None             ProrationBehavior = "none"
)

// Subscription is Stripe's subscription object (object "subscription"),
// API 2025-08-27.basil: each item carries its current period.
type Subscription struct {
	ID                 string
	Customer           string
	Currency           pricing.Currency
	CollectionMethod   invoice.CollectionMethod
	DaysUntilDue       *int64
	Status             Status
	Created            time.Time
	StartDate          time.Time
	BillingCycleAnchor time.Time
	// AnchorConfig is billing_cycle_anchor_config (nil is null); the anchor
	// is resolved from it once, at creation: BillingCycleAnchor is the one
	// the periods use.
	AnchorConfig *AnchorConfig
	BillingMode  BillingMode // "" is classic
	// BillingModeUpdatedAt is billing_mode.updated_at; zero is null.
	BillingModeUpdatedAt time.Time
	CancelAt             time.Time // zero is null
	CancelAtPeriodEnd    bool
	CanceledAt           time.Time // zero is null
	EndedAt              time.Time // zero is null
	TrialStart           time.Time // zero is null
	TrialEnd             time.Time // zero is null
	Items                []Item
	// Discounts apply to every invoice of the subscription by their
	// coupons' durations (wire: ids, or expanded objects when decoded so).
	Discounts       []invoice.Discount
	DefaultTaxRates []invoice.TaxRate
	Description     string
	Metadata        map[string]string
	// LatestInvoice: the last invoice issued (expanded when built in Go; a
	// bare id when decoded so).
	LatestInvoice *invoice.Invoice
	Schedule      string
	Livemode      bool

	wire     stripejson.Shape
	items    stripejson.List
	modeWire stripejson.Shape
	flexible string // billing_mode.flexible as decoded (raw JSON), "" when absent
}

// AnchorConfig is billing_cycle_anchor_config; nil fields are null.
type AnchorConfig struct {
	DayOfMonth, Month, Hour, Minute, Second *int64

	wire stripejson.Shape
}

// Item is one item of a subscription (object "subscription_item").
type Item struct {
	ID                 string
	Created            time.Time
	CurrentPeriodStart time.Time
	CurrentPeriodEnd   time.Time
	Discounts          []invoice.Discount // the item's own, before the subscription's
	Metadata           map[string]string
	Price              pricing.Price // the full price
	Quantity           int64
	Subscription       string
	TaxRates           []invoice.TaxRate // nil: the subscription's default_tax_rates

	wire stripejson.Shape
	plan *pricing.Plan // the plan a decoded item carried (built in Go: derived from Price)
}

// Schedule is Stripe's subscription_schedule object.
type Schedule struct {
	ID               string
	Customer         string
	Created          time.Time
	Status           string
	EndBehavior      string // "release" or "cancel"
	BillingMode      BillingMode
	CollectionMethod invoice.CollectionMethod
	DaysUntilDue     *int64
	Description      string
	Phases           []Phase
	Subscription     string
	Metadata         map[string]string
	Livemode         bool

	wire        stripejson.Shape
	settings    stripejson.Shape // default_settings
	settingsInv stripejson.Shape // default_settings.invoice_settings
	modeWire    stripejson.Shape
}

// Phase is one phase of a Schedule.
type Phase struct {
	StartDate         time.Time
	EndDate           time.Time
	TrialEnd          time.Time // zero is null
	Currency          pricing.Currency
	CollectionMethod  invoice.CollectionMethod
	DaysUntilDue      *int64
	Items             []PhaseItem
	AddInvoiceItems   []PhaseItem
	Discounts         []invoice.Discount // wire: [{"coupon", "discount", "promotion_code"}]
	DefaultTaxRates   []invoice.TaxRate
	ProrationBehavior ProrationBehavior
	Description       string
	Metadata          map[string]string

	wire stripejson.Shape
	inv  stripejson.Shape // invoice_settings
}

// PhaseItem is an item or an add_invoice_item of a Phase.
type PhaseItem struct {
	Price     pricing.Price // wire: the price id
	Quantity  int64
	TaxRates  []invoice.TaxRate
	Discounts []invoice.Discount

	wire stripejson.Shape
	plan string // the JSON of the plan a decoded item carried: an id, an expanded plan, or null
}
