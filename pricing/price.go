package pricing

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
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
// A tier needs a unit amount, a flat amount or both; the zero Tier (unbounded,
// no amounts) is invalid.
type Tier struct {
	UpTo              *int64              // last quantity in the tier, inclusive; nil: unbounded
	UnitAmount        *int64              // per unit, minor units
	UnitAmountDecimal decimal.NullDecimal // per unit, minor units, at most 12 decimal places
	FlatAmount        *int64              // for the whole tier, minor units
	FlatAmountDecimal decimal.NullDecimal // for the whole tier, minor units, at most 12 decimal places

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

// TransformQuantity is package pricing: the quantity is divided by DivideBy
// and rounded up or down before it is multiplied by the unit amount. It is
// price.transform_quantity and plan.transform_usage. DivideBy must be at least
// 1, so the zero value is invalid.
type TransformQuantity struct {
	DivideBy int64          // divide_by: units per package, at least 1
	Round    RoundDirection // round: up (ceil) or down (floor) after dividing

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

// CustomUnitAmount is "pay what you want": the customer supplies the amount,
// within [Minimum, Maximum] when those are set; Preset is the suggested amount.
// All three are minor units, nil when unset; the zero value (no bounds, no
// preset) is valid.
type CustomUnitAmount struct {
	Maximum *int64 // maximum: the most the customer may choose; nil: no bound
	Minimum *int64 // minimum: the least the customer may choose; nil: no bound
	Preset  *int64 // preset: the amount suggested to the customer; nil: none

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

// CurrencyOption is the price in another currency (price.currency_options[c]):
// the amounts, tiers and custom_unit_amount that replace the price's own in
// that currency, while billing_scheme, tiers_mode and transform_quantity stay
// the price's. Stripe returns Tiers only when expanded.
type CurrencyOption struct {
	CustomUnitAmount  *CustomUnitAmount   // custom_unit_amount in this currency; nil: null
	TaxBehavior       TaxBehavior         // tax_behavior; "": null
	Tiers             []Tier              // tiers in this currency (a tiered price); nil: not expanded
	UnitAmount        *int64              // unit_amount, minor units of this currency; nil: null
	UnitAmountDecimal decimal.NullDecimal // unit_amount_decimal, at most 12 decimal places

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

// Recurring is price.recurring: how often a recurring price bills
// (IntervalCount x Interval, at most three years) and how its quantity is
// determined (UsageType). AggregateUsage is the legacy aggregation of metered
// usage, Meter the billing meter of a metered price. The zero value is
// invalid (no interval).
type Recurring struct {
	Interval        Interval       // interval: day, week, month or year
	IntervalCount   int64          // interval_count: intervals per period, at least 1
	Meter           string         // meter: id of the billing meter; "" encodes as null
	UsageType       UsageType      // usage_type: licensed or metered
	AggregateUsage  AggregateUsage // aggregate_usage (legacy); "" encodes as null
	TrialPeriodDays *int64         // trial_period_days; nil: null

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

// Metered reports whether a price with this recurring bills usage in
// arrears: usage_type metered, or a meter set (valid only with metered).
// A nil Recurring (a one-time price) is not metered.
func (r *Recurring) Metered() bool {
	return r != nil && (r.UsageType == Metered || r.Meter != "")
}

// Price is Stripe's price object (object "price"). Its JSON is Stripe's wire
// format (see the package documentation); nullable strings use "" for null,
// nullable numbers nil. Amounts are in minor units of Currency. A Price is a
// value: methods never modify it. The zero Price is invalid (no currency, no
// amount); Validate lists what is wrong with a Price.
type Price struct {
	ID                string                      // id ("price_..."; a plan's id for a converted plan)
	Active            bool                        // active: usable for new purchases
	BillingScheme     BillingScheme               // billing_scheme: per_unit or tiered; "": per_unit
	Created           time.Time                   // created: unix seconds on the wire
	Currency          Currency                    // currency: the currency of the amounts below
	CurrencyOptions   map[Currency]CurrencyOption // currency_options: the price in other currencies; nil: not expanded
	CustomUnitAmount  *CustomUnitAmount           // custom_unit_amount: pay what you want; nil: null
	Livemode          bool                        // livemode
	LookupKey         string                      // lookup_key; "": null
	Metadata          map[string]string           // metadata; nil: null (Stripe sends {} for a price)
	Nickname          string                      // nickname; "": null
	Product           string                      // product: the product's id (an expanded product is read as its id)
	Recurring         *Recurring                  // recurring; nil: null (a one_time price)
	TaxBehavior       TaxBehavior                 // tax_behavior; "": null
	Tiers             []Tier                      // tiers of a tiered price; nil: not expanded or none
	TiersMode         TiersMode                   // tiers_mode: graduated or volume; "": null
	TransformQuantity *TransformQuantity          // transform_quantity: package pricing; nil: null
	Type              PriceType                   // type: one_time or recurring
	UnitAmount        *int64                      // unit_amount, minor units; nil: null
	UnitAmountDecimal decimal.NullDecimal         // unit_amount_decimal, minor units, at most 12 decimal places

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
	// planNullMetadata marks a price made by PlanToPrice from a plan whose
	// metadata was null, so that PriceToPlan restores the null.
	planNullMetadata bool
	// tab holds the tier tables compiled by UnmarshalJSON or Compile; nil
	// when none. It is immutable and shared by copies (compile.go).
	tab *compiled
}

// Plan is Stripe's legacy plan object (object "plan"), the recurring price of
// the API before prices; see PlanToPrice for the correspondence. Its JSON is
// Stripe's wire format; unlike a price's, its metadata may be null (nil). The
// zero Plan is invalid.
type Plan struct {
	ID              string              // id ("plan_..."; also usable as a price id)
	Active          bool                // active: usable for new subscriptions
	AggregateUsage  AggregateUsage      // aggregate_usage (legacy, metered only); "": null
	Amount          *int64              // amount per unit, minor units; nil: null
	AmountDecimal   decimal.NullDecimal // amount_decimal, minor units, at most 12 decimal places
	BillingScheme   BillingScheme       // billing_scheme: per_unit or tiered; "": per_unit
	Created         time.Time           // created: unix seconds on the wire
	Currency        Currency            // currency
	Interval        Interval            // interval: day, week, month or year
	IntervalCount   int64               // interval_count: intervals per period, at least 1
	Livemode        bool                // livemode
	Metadata        map[string]string   // metadata; nil: null
	Meter           string              // meter: id of the billing meter; "": null
	Nickname        string              // nickname; "": null
	Product         string              // product: the product's id
	Tiers           []Tier              // tiers of a tiered plan; nil: not expanded or none
	TiersMode       TiersMode           // tiers_mode: graduated or volume; "": null
	TransformUsage  *TransformQuantity  // transform_usage: package pricing; nil: null
	TrialPeriodDays *int64              // trial_period_days; nil: null
	UsageType       UsageType           // usage_type: licensed or metered

	wire stripejson.Shape // the JSON keys it was decoded with (package doc, "JSON")
}

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

// Equal reports whether p and q hold the same price: every exported field
// equal, decimals compared by value (decimal.Decimal.Equal), pointers by the
// values they point to, Created to the second (the zero Time and the Unix
// epoch count as equal, as both are written "created": 0), and metadata and
// currency_options nil only equal to nil (null and {} are different JSON). It
// ignores which JSON keys a decoded price carried.
func (p Price) Equal(q Price) bool {
	return p.ID == q.ID && p.Active == q.Active && p.BillingScheme == q.BillingScheme &&
		unixSeconds(p.Created) == unixSeconds(q.Created) && p.Currency == q.Currency &&
		currencyOptionsEqual(p.CurrencyOptions, q.CurrencyOptions) &&
		customUnitAmountEqual(p.CustomUnitAmount, q.CustomUnitAmount) &&
		p.Livemode == q.Livemode && p.LookupKey == q.LookupKey &&
		metadataEqual(p.Metadata, q.Metadata) && p.Nickname == q.Nickname &&
		p.Product == q.Product && recurringPtrEqual(p.Recurring, q.Recurring) &&
		p.TaxBehavior == q.TaxBehavior && tiersEqual(p.Tiers, q.Tiers) &&
		p.TiersMode == q.TiersMode && transformEqual(p.TransformQuantity, q.TransformQuantity) &&
		p.Type == q.Type && int64PtrEqual(p.UnitAmount, q.UnitAmount) &&
		nullDecimalEqual(p.UnitAmountDecimal, q.UnitAmountDecimal)
}

// Equal reports whether p and q hold the same plan, with the rules of
// Price.Equal.
func (p Plan) Equal(q Plan) bool {
	return p.ID == q.ID && p.Active == q.Active && p.AggregateUsage == q.AggregateUsage &&
		int64PtrEqual(p.Amount, q.Amount) && nullDecimalEqual(p.AmountDecimal, q.AmountDecimal) &&
		p.BillingScheme == q.BillingScheme && unixSeconds(p.Created) == unixSeconds(q.Created) &&
		p.Currency == q.Currency && p.Interval == q.Interval && p.IntervalCount == q.IntervalCount &&
		p.Livemode == q.Livemode && metadataEqual(p.Metadata, q.Metadata) && p.Meter == q.Meter &&
		p.Nickname == q.Nickname && p.Product == q.Product && tiersEqual(p.Tiers, q.Tiers) &&
		p.TiersMode == q.TiersMode && transformEqual(p.TransformUsage, q.TransformUsage) &&
		int64PtrEqual(p.TrialPeriodDays, q.TrialPeriodDays) && p.UsageType == q.UsageType
}

// Equal reports whether r and s are the same billing cadence and usage
// settings, ignoring which JSON keys a decoded value carried.
func (r Recurring) Equal(s Recurring) bool {
	return r.Interval == s.Interval && r.IntervalCount == s.IntervalCount && r.Meter == s.Meter &&
		r.UsageType == s.UsageType && r.AggregateUsage == s.AggregateUsage &&
		int64PtrEqual(r.TrialPeriodDays, s.TrialPeriodDays)
}

// Equal reports whether t and u are the same tier (decimals compared by
// value), ignoring which JSON keys a decoded tier carried.
func (t Tier) Equal(u Tier) bool {
	return int64PtrEqual(t.UpTo, u.UpTo) && int64PtrEqual(t.UnitAmount, u.UnitAmount) &&
		nullDecimalEqual(t.UnitAmountDecimal, u.UnitAmountDecimal) &&
		int64PtrEqual(t.FlatAmount, u.FlatAmount) && nullDecimalEqual(t.FlatAmountDecimal, u.FlatAmountDecimal)
}

// Equal reports whether o and q are the same currency option.
func (o CurrencyOption) Equal(q CurrencyOption) bool {
	return customUnitAmountEqual(o.CustomUnitAmount, q.CustomUnitAmount) && o.TaxBehavior == q.TaxBehavior &&
		tiersEqual(o.Tiers, q.Tiers) && int64PtrEqual(o.UnitAmount, q.UnitAmount) &&
		nullDecimalEqual(o.UnitAmountDecimal, q.UnitAmountDecimal)
}

// unixSeconds is t on the wire: whole seconds since the epoch, 0 for the
// zero Time.
func unixSeconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func int64PtrEqual(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func nullDecimalEqual(a, b decimal.NullDecimal) bool {
	if !a.Valid || !b.Valid {
		return a.Valid == b.Valid
	}
	return decimalsEqual(a.Decimal, b.Decimal)
}

func tiersEqual(a, b []Tier) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

func transformEqual(a, b *TransformQuantity) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.DivideBy == b.DivideBy && a.Round == b.Round
}

func customUnitAmountEqual(a, b *CustomUnitAmount) bool {
	if a == nil || b == nil {
		return a == b
	}
	return int64PtrEqual(a.Maximum, b.Maximum) && int64PtrEqual(a.Minimum, b.Minimum) && int64PtrEqual(a.Preset, b.Preset)
}

func recurringPtrEqual(a, b *Recurring) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func metadataEqual(a, b map[string]string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func currencyOptionsEqual(a, b map[Currency]CurrencyOption) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}
