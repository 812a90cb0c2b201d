package pricing

import "fmt"

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
		TrialPeriodDays: cloneInt64(p.TrialPeriodDays),
	}
	out := Price{
		ID:                p.ID,
		Active:            p.Active,
		BillingScheme:     p.BillingScheme,
		Created:           p.Created,
		Currency:          p.Currency,
		Livemode:          p.Livemode,
		Metadata:          cloneMetadata(p.Metadata),
		Nickname:          p.Nickname,
		Product:           p.Product,
		Recurring:         r,
		TaxBehavior:       TaxUnspecified,
		Tiers:             cloneTiers(p.Tiers),
		TiersMode:         p.TiersMode,
		TransformQuantity: cloneTransform(p.TransformUsage),
		Type:              RecurringType,
		UnitAmount:        cloneInt64(p.Amount),
		UnitAmountDecimal: p.AmountDecimal,
	}
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
		out.wire |= wireNullMetadata
	}
	out.wire |= planWireToPrice(p.wire, &r.wire)
	return out, nil
}

// PriceToPlan converts a recurring price to the equivalent legacy plan, the
// inverse of PlanToPrice. A one-time price (type one_time, or no type and no
// recurring) has no plan counterpart: the error wraps ErrOneTimePrice. A
// price of type recurring without recurring is a *FieldError naming
// recurring and wrapping ErrInvalidPrice. The price's lookup_key,
// tax_behavior, currency_options and custom_unit_amount are dropped, as a
// plan cannot carry them. Slices and maps are copied.
func PriceToPlan(p Price) (Plan, error) {
	if p.Type == OneTime || (p.Type == "" && p.Recurring == nil) {
		return Plan{}, fmt.Errorf("%w: price %q has type %q and recurring %s", ErrOneTimePrice, p.ID, string(p.Type), nullOr(p.Recurring != nil, "set"))
	}
	if p.Recurring == nil {
		return Plan{}, &FieldError{Object: "price", Field: "recurring", Reason: fmt.Sprintf("required to convert price %q (type %q) to a plan", p.ID, string(p.Type)), Err: ErrInvalidPrice}
	}
	r := p.Recurring
	out := Plan{
		ID:              p.ID,
		Active:          p.Active,
		AggregateUsage:  r.AggregateUsage,
		Amount:          cloneInt64(p.UnitAmount),
		AmountDecimal:   p.UnitAmountDecimal,
		BillingScheme:   p.BillingScheme,
		Created:         p.Created,
		Currency:        p.Currency,
		Interval:        r.Interval,
		IntervalCount:   r.IntervalCount,
		Livemode:        p.Livemode,
		Metadata:        cloneMetadata(p.Metadata),
		Meter:           r.Meter,
		Nickname:        p.Nickname,
		Product:         p.Product,
		Tiers:           cloneTiers(p.Tiers),
		TiersMode:       p.TiersMode,
		TransformUsage:  cloneTransform(p.TransformQuantity),
		TrialPeriodDays: cloneInt64(r.TrialPeriodDays),
		UsageType:       r.UsageType,
	}
	if p.wire&wireNullMetadata != 0 && len(p.Metadata) == 0 {
		out.Metadata = nil
	}
	out.wire = priceWireToPlan(p.wire, r.wire)
	return out, nil
}

func nullOr(set bool, s string) string {
	if set {
		return s
	}
	return "null"
}

func cloneInt64(v *int64) *int64 {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

func cloneTransform(t *TransformQuantity) *TransformQuantity {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func cloneMetadata(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func cloneTiers(ts []Tier) []Tier {
	if ts == nil {
		return nil
	}
	c := make([]Tier, len(ts))
	for i, t := range ts {
		t.UpTo = cloneInt64(t.UpTo)
		t.UnitAmount = cloneInt64(t.UnitAmount)
		t.FlatAmount = cloneInt64(t.FlatAmount)
		c[i] = t
	}
	return c
}
