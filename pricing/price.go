package pricing

import (
	"time"

	"github.com/shopspring/decimal"
)

// BillingScheme says how a price computes the amount of a quantity.
type BillingScheme string

// Billing schemes.
const (
	PerUnit BillingScheme = "per_unit"
	Tiered  BillingScheme = "tiered"
)

// TiersMode says how tiers combine: graduated (each tier bills its own units)
// or volume (the tier holding the whole quantity bills every unit).
type TiersMode string

// Tiers modes.
const (
	Graduated TiersMode = "graduated"
	Volume    TiersMode = "volume"
)

// PriceType is one_time or recurring.
type PriceType string

// Price types.
const (
	OneTime       PriceType = "one_time"
	RecurringType PriceType = "recurring"
)

// TaxBehavior is whether a price's amount includes tax.
type TaxBehavior string

// Tax behaviors.
const (
	TaxExclusive   TaxBehavior = "exclusive"
	TaxInclusive   TaxBehavior = "inclusive"
	TaxUnspecified TaxBehavior = "unspecified"
)

// Interval is the unit of a recurring price's billing period.
type Interval string

// Intervals.
const (
	Day   Interval = "day"
	Week  Interval = "week"
	Month Interval = "month"
	Year  Interval = "year"
)

// UsageType is licensed (quantity set on the subscription) or metered (quantity from usage).
type UsageType string

// Usage types.
const (
	Licensed UsageType = "licensed"
	Metered  UsageType = "metered"
)

// AggregateUsage is the legacy way metered usage was aggregated (removed from
// Stripe's API in 2025-03-31, still carried by older objects).
type AggregateUsage string

// Aggregate usage values.
const (
	AggregateSum              AggregateUsage = "sum"
	AggregateLastDuringPeriod AggregateUsage = "last_during_period"
	AggregateLastEver         AggregateUsage = "last_ever"
	AggregateMax              AggregateUsage = "max"
)

// RoundDirection is transform_quantity.round.
type RoundDirection string

// Round directions for transform_quantity.
const (
	RoundDirUp   RoundDirection = "up"
	RoundDirDown RoundDirection = "down"
)

// Tier is one entry of a tiered price's tiers (price_tier and plan_tier have
// the same fields). UpTo nil means no upper bound: Stripe returns null for the
// last tier and accepts "inf" on create; both decode to nil, nil encodes as null.
type Tier struct {
	UpTo              *int64
	UnitAmount        *int64
	UnitAmountDecimal decimal.NullDecimal
	FlatAmount        *int64
	FlatAmountDecimal decimal.NullDecimal
}

// TransformQuantity is package pricing: the quantity is divided by DivideBy
// and rounded up or down before it is multiplied by the unit amount.
type TransformQuantity struct {
	DivideBy int64
	Round    RoundDirection
}

// CustomUnitAmount is "pay what you want": the customer supplies the amount,
// within [Minimum, Maximum] when those are set; Preset is the suggested amount.
type CustomUnitAmount struct {
	Maximum *int64
	Minimum *int64
	Preset  *int64
}

// CurrencyOption is the price in another currency (price.currency_options[c]).
type CurrencyOption struct {
	CustomUnitAmount  *CustomUnitAmount
	TaxBehavior       TaxBehavior
	Tiers             []Tier
	UnitAmount        *int64
	UnitAmountDecimal decimal.NullDecimal
}

// Recurring is price.recurring: how often a recurring price bills.
type Recurring struct {
	Interval        Interval
	IntervalCount   int64
	Meter           string // "" encodes as null
	UsageType       UsageType
	AggregateUsage  AggregateUsage // "" encodes as null
	TrialPeriodDays *int64

	wire wireKeys
}

// Price is Stripe's price object (object "price"). Its JSON is Stripe's wire
// format; nullable strings use "" for null.
type Price struct {
	ID                string
	Active            bool
	BillingScheme     BillingScheme
	Created           time.Time // unix seconds on the wire
	Currency          Currency
	CurrencyOptions   map[Currency]CurrencyOption
	CustomUnitAmount  *CustomUnitAmount
	Livemode          bool
	LookupKey         string
	Metadata          map[string]string
	Nickname          string
	Product           string
	Recurring         *Recurring
	TaxBehavior       TaxBehavior
	Tiers             []Tier
	TiersMode         TiersMode
	TransformQuantity *TransformQuantity
	Type              PriceType
	UnitAmount        *int64
	UnitAmountDecimal decimal.NullDecimal

	wire wireKeys
}

// Plan is Stripe's legacy plan object (object "plan").
type Plan struct {
	ID              string
	Active          bool
	AggregateUsage  AggregateUsage
	Amount          *int64
	AmountDecimal   decimal.NullDecimal
	BillingScheme   BillingScheme
	Created         time.Time
	Currency        Currency
	Interval        Interval
	IntervalCount   int64
	Livemode        bool
	Metadata        map[string]string
	Meter           string
	Nickname        string
	Product         string
	Tiers           []Tier
	TiersMode       TiersMode
	TransformUsage  *TransformQuantity
	TrialPeriodDays *int64
	UsageType       UsageType

	wire wireKeys
}

// wireKeys remembers which optional keys a decoded object carried, so that
// encoding it again writes the same keys (Stripe's API versions differ in
// which keys they send: tiers only when expanded, aggregate_usage before
// 2025-03-31, meter and custom_unit_amount after 2024).
type wireKeys uint32

// AmountOptions are the choices AmountWith takes.
type AmountOptions struct {
	// Currency selects price.currency_options[Currency]; "" or the price's own
	// currency uses the price itself.
	Currency Currency
	// Rounding is the rounding mode for the line; the zero value is half-up.
	Rounding RoundingMode
	// CustomAmount is the amount the customer chose for a custom_unit_amount
	// price, in minor units; required for such prices, refused for others.
	CustomAmount *int64
}
