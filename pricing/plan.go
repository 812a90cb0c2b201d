package pricing

import (
	"fmt"
	"maps"
	"slices"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// PlanToPrice converts a legacy plan to the equivalent recurring price
// ("the Prices API is backwards compatible with Plans"). The mapping:
//
//   - amount, amount_decimal -> unit_amount, unit_amount_decimal
//   - interval, interval_count, usage_type, aggregate_usage,
//     trial_period_days, meter -> recurring.*
//   - transform_usage -> transform_quantity (same fields)
//   - tiers, tiers_mode, billing_scheme, active, nickname, currency, product,
//     created, livemode -> the same fields
//   - id -> the same id (a plan id is usable as a price id, as Stripe's
//     fixtures show)
//   - type is always recurring
//   - tax_behavior is "unspecified", as on every price Stripe returns for a
//     plan-era object (the plan fixtures' price twins show it)
//   - metadata: a null plan metadata becomes an empty map, as a price's
//     metadata is never null; PriceToPlan restores the null for a price
//     that came from such a plan, so Plan -> Price -> Plan is lossless.
//
// The price's lookup_key, currency_options and custom_unit_amount have no
// plan counterpart and are left empty (null).
//
// A decoded plan gives a price that is written with the keys of the same
// API version: the plan's keys under their price names, plus type,
// recurring, lookup_key and tax_behavior (every price has them), plus
// custom_unit_amount when the plan carried meter (both appeared in 2024).
// The plan's unknown keys stay at the price's top level: which of them a
// price has cannot be known, and keeping them makes Plan -> Price -> Plan
// lossless down to the JSON; one that is a key the price models (in any
// case: a plan carrying "unit_amount" or "Type") is dropped, so that the
// price's JSON never holds a key twice or a case-variant.
// PlanToPrice does not validate; it never returns an error today (the error
// is kept for future rules) and copies slices and maps, so the price shares
// no memory with p.
func PlanToPrice(p Plan) (Price, error) {
	r := &Recurring{
		Interval:        p.Interval,
		IntervalCount:   p.IntervalCount,
		Meter:           p.Meter,
		UsageType:       p.UsageType,
		AggregateUsage:  p.AggregateUsage,
		TrialPeriodDays: clonePtr(p.TrialPeriodDays),
		wire:            p.wire.Map(recurringKeys, planToRecurringFrom, planToRecurringTo).WithoutExtra(),
	}
	out := Price{
		ID:                p.ID,
		Active:            p.Active,
		BillingScheme:     p.BillingScheme,
		Created:           p.Created,
		Currency:          p.Currency,
		Livemode:          p.Livemode,
		Metadata:          maps.Clone(p.Metadata),
		Nickname:          p.Nickname,
		Product:           p.Product,
		Recurring:         r,
		TaxBehavior:       TaxUnspecified,
		Tiers:             cloneTiers(p.Tiers),
		TiersMode:         p.TiersMode,
		TransformQuantity: clonePtr(p.TransformUsage),
		Type:              RecurringType,
		UnitAmount:        clonePtr(p.Amount),
		UnitAmountDecimal: p.AmountDecimal,
		wire:              p.wire.Map(priceKeys, planToPriceFrom, planToPriceTo).With(pkRecurring).With(pkType).With(pkLookupKey).With(pkTaxBehavior),
	}
	if p.wire.Has(lkMeter) {
		out.wire = out.wire.With(pkCustomUnitAmount)
	}
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
		out.planNullMetadata = true
	}
	return out, nil
}

// PriceToPlan converts a recurring price to the equivalent legacy plan, the
// inverse of PlanToPrice. A one-time price (type one_time, or no type and no
// recurring) has no plan counterpart: the error wraps ErrOneTimePrice. A
// price of type recurring without recurring is a *FieldError naming
// recurring and wrapping ErrInvalidPrice. The price's lookup_key,
// tax_behavior, currency_options and custom_unit_amount are dropped, as a
// plan cannot carry them. Slices and maps are copied.
//
// A decoded price gives a plan written with the price's keys under their
// plan names (and, for a recurring built in Go, the current recurring
// keys). The price's unknown top-level keys stay at the plan's top level,
// as in PlanToPrice (but for those the plan models);
// unknown keys inside its recurring object are dropped, as a plan has no
// such object.
func PriceToPlan(p Price) (Plan, error) {
	if p.Type == OneTime || (p.Type == "" && p.Recurring == nil) {
		return Plan{}, fmt.Errorf("%w: price %q has type %q and recurring %s", ErrOneTimePrice, p.ID, string(p.Type), nullOr(p.Recurring != nil, "set"))
	}
	if p.Recurring == nil {
		return Plan{}, stripejson.Errorf(ErrInvalidPrice, "price", p.ID, "recurring", "required to convert a price of type %q to a plan", string(p.Type))
	}
	r := p.Recurring
	out := Plan{
		ID:              p.ID,
		Active:          p.Active,
		AggregateUsage:  r.AggregateUsage,
		Amount:          clonePtr(p.UnitAmount),
		AmountDecimal:   p.UnitAmountDecimal,
		BillingScheme:   p.BillingScheme,
		Created:         p.Created,
		Currency:        p.Currency,
		Interval:        r.Interval,
		IntervalCount:   r.IntervalCount,
		Livemode:        p.Livemode,
		Metadata:        maps.Clone(p.Metadata),
		Meter:           r.Meter,
		Nickname:        p.Nickname,
		Product:         p.Product,
		Tiers:           cloneTiers(p.Tiers),
		TiersMode:       p.TiersMode,
		TransformUsage:  clonePtr(p.TransformQuantity),
		TrialPeriodDays: clonePtr(r.TrialPeriodDays),
		UsageType:       r.UsageType,
		wire:            p.wire.Map(planKeys, planToPriceTo, planToPriceFrom),
	}
	for j, k := range planToRecurringTo {
		// A recurring built in Go counts as carrying the current keys.
		if r.wire.Has(k) || (!r.wire.Decoded() && k != rkAggregateUsage) {
			out.wire = out.wire.With(planToRecurringFrom[j])
		}
	}
	if p.planNullMetadata && len(p.Metadata) == 0 {
		out.Metadata = nil
	}
	return out, nil
}

func nullOr(set bool, s string) string {
	if set {
		return s
	}
	return "null"
}

// clonePtr returns a copy of *v in new memory, or nil.
func clonePtr[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// Clone returns a deep copy of p: no slice, map or pointer is shared with
// p, so editing one leaves the other alone. A price with compiled tier
// tables (decoded, or Compile'd) keeps them, built for the copy's tiers.
func (p Price) Clone() Price {
	compiled := p.tab != nil
	p.CurrencyOptions = maps.Clone(p.CurrencyOptions)
	for c, o := range p.CurrencyOptions {
		o.CustomUnitAmount = o.CustomUnitAmount.clone()
		o.Tiers = cloneTiers(o.Tiers)
		o.UnitAmount = clonePtr(o.UnitAmount)
		p.CurrencyOptions[c] = o
	}
	p.CustomUnitAmount = p.CustomUnitAmount.clone()
	p.Metadata = maps.Clone(p.Metadata)
	if p.Recurring != nil {
		r := *p.Recurring
		r.TrialPeriodDays = clonePtr(r.TrialPeriodDays)
		p.Recurring = &r
	}
	p.Tiers = cloneTiers(p.Tiers)
	p.TransformQuantity = clonePtr(p.TransformQuantity)
	p.UnitAmount = clonePtr(p.UnitAmount)
	p.tab = nil
	if compiled {
		p.tab = compilePrice(&p)
	}
	return p
}

func (c *CustomUnitAmount) clone() *CustomUnitAmount {
	if c == nil {
		return nil
	}
	out := *c
	out.Maximum, out.Minimum, out.Preset = clonePtr(c.Maximum), clonePtr(c.Minimum), clonePtr(c.Preset)
	return &out
}

// cloneTiers copies ts and the amounts its tiers point to.
func cloneTiers(ts []Tier) []Tier {
	c := slices.Clone(ts)
	for i := range c {
		c[i].UpTo = clonePtr(c[i].UpTo)
		c[i].UnitAmount = clonePtr(c[i].UnitAmount)
		c[i].FlatAmount = clonePtr(c[i].FlatAmount)
	}
	return c
}
