package pricing

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// maxDecimalPlaces is the most decimal places a *_decimal field may carry.
const maxDecimalPlaces = 12

// maxIntervalCount is the longest billing interval Stripe allows (three
// years, since 2024-01-25) in unit i; ok is false for an unknown unit. Stripe
// states 3 years, 36 months and 156 weeks; 1095 days is this package's
// reading of "three years" in days.
func maxIntervalCount(i Interval) (max int64, ok bool) {
	switch i {
	case Day:
		return 1095, true
	case Week:
		return 156, true
	case Month:
		return 36, true
	case Year:
		return 3, true
	}
	return 0, false
}

// Validate reports every problem with p at once, joined with errors.Join, or
// nil when p is a valid price. Each problem is a *FieldError naming the field
// as Stripe does ("tiers[2].up_to") and wrapping ErrInvalidPrice (and
// ErrUnknownCurrency for currency codes). The rules:
//
//   - currency is a known lowercase currency (see Currencies).
//   - type is one_time or recurring; recurring requires recurring to be set
//     and one_time requires it to be null. An empty type is inferred from
//     recurring, as Stripe does for create parameters.
//   - recurring: interval is day, week, month or year; interval_count is at
//     least 1 and the whole interval at most three years (3 years, 36 months,
//     156 weeks, 1095 days); usage_type is licensed, metered or empty
//     (licensed, Stripe's default); aggregate_usage and meter only with
//     usage_type metered; trial_period_days not negative.
//   - billing_scheme is per_unit, tiered or empty (per_unit, Stripe's
//     default). per_unit needs unit_amount, unit_amount_decimal or
//     custom_unit_amount, and no tiers or tiers_mode. tiered needs tiers and
//     tiers_mode (graduated or volume), no unit_amount(_decimal) and no
//     transform_quantity.
//   - amounts are not negative; a *_decimal value has at most 12 decimal
//     places; when an amount and its _decimal twin are both set (as on every
//     object Stripe returns) they are equal.
//   - tiers: each tier has unit_amount(_decimal) and/or flat_amount(_decimal);
//     up_to is at least 1 and strictly ascending; the last tier, and only
//     the last, is unbounded (up_to null).
//   - transform_quantity: divide_by at least 1, round up or down.
//   - custom_unit_amount (the price's or a currency option's): minimum,
//     maximum and preset not negative, minimum <= preset <= maximum where
//     set; not combined with unit_amount(_decimal), tiers or
//     transform_quantity; only on one_time prices (Stripe's
//     pay-what-you-want does not support recurring prices).
//   - tax_behavior is exclusive, inclusive, unspecified or empty (null).
//   - created is the zero Time (or the Unix epoch, both written 0) or lies
//     in the years 1970 to 9999, so that it decodes again (package doc,
//     "JSON").
//   - metadata: at most 50 keys, each at most 40 characters without square
//     brackets, each value at most 500 characters; lookup_key at most 200
//     characters.
//   - currency_options: every key a known currency; every option has the
//     amounts the price's billing_scheme needs, checked like the price's own
//     (per_unit: unit_amount, unit_amount_decimal or custom_unit_amount;
//     tiered: valid tiers). An entry for the price's own currency is allowed
//     (Stripe includes it when currency_options is expanded); where both
//     carry a unit_amount, unit_amount_decimal or tiers they must be equal.
func (p Price) Validate() error {
	c := checker{object: "price", id: p.ID}
	c.currency("currency", p.Currency)

	oneTime := p.Type == OneTime || (p.Type == "" && p.Recurring == nil)
	switch p.Type {
	case "":
	case OneTime:
		if p.Recurring != nil {
			c.fail("recurring", "must be null for a one_time price")
		}
	case RecurringType:
		if p.Recurring == nil {
			c.fail("recurring", "required for a recurring price")
		}
	default:
		c.fail("type", "unknown value %q (want one_time or recurring)", p.Type)
	}
	if p.Recurring != nil {
		c.recurring("recurring.", *p.Recurring)
	}
	c.taxBehavior("tax_behavior", p.TaxBehavior)
	c.metadata(p.Metadata)
	c.created(p.Created)
	if n := utf8.RuneCountInString(p.LookupKey); n > maxLookupKey {
		c.fail("lookup_key", "%d characters, at most %d allowed", n, maxLookupKey)
	}

	c.amounts(top, "unit_amount", p.UnitAmount, "unit_amount_decimal", p.UnitAmountDecimal)
	c.scheme(schemeInput{
		scheme:         p.BillingScheme,
		unitField:      "unit_amount",
		unit:           p.UnitAmount,
		decField:       "unit_amount_decimal",
		dec:            p.UnitAmountDecimal,
		custom:         p.CustomUnitAmount != nil,
		tiersField:     "tiers",
		tiers:          p.Tiers,
		tiersMode:      p.TiersMode,
		transformField: "transform_quantity",
		transform:      p.TransformQuantity,
	})
	if p.CustomUnitAmount != nil {
		c.customUnitAmount("custom_unit_amount", *p.CustomUnitAmount)
		if !oneTime {
			c.fail("custom_unit_amount", "only allowed on one_time prices (pay what you want does not support recurring prices)")
		}
		if p.TransformQuantity != nil {
			c.fail("transform_quantity", "cannot be combined with custom_unit_amount (the customer's amount is for one item)")
		}
	}

	if len(p.CurrencyOptions) > 0 {
		keys := make([]Currency, 0, len(p.CurrencyOptions))
		for k := range p.CurrencyOptions {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, k := range keys {
			c.currencyOption(p, k, p.CurrencyOptions[k])
		}
	}
	return c.err()
}

// Validate reports every problem with p at once, joined with errors.Join, or
// nil when p is a valid plan. Each problem is a *FieldError naming the plan's
// field ("interval_count", "transform_usage.divide_by", "tiers[0].up_to")
// and wrapping ErrInvalidPrice (and ErrUnknownCurrency for the currency).
// The rules are the price's (see Price.Validate) under the plan's field
// names: amount and amount_decimal for unit_amount(_decimal), transform_usage
// for transform_quantity, and interval, interval_count, usage_type,
// aggregate_usage, meter and trial_period_days at the top level. A plan has
// no type, currency_options or custom_unit_amount.
func (p Plan) Validate() error {
	c := checker{object: "plan", id: p.ID}
	c.currency("currency", p.Currency)
	c.recurring("", Recurring{
		Interval:        p.Interval,
		IntervalCount:   p.IntervalCount,
		Meter:           p.Meter,
		UsageType:       p.UsageType,
		AggregateUsage:  p.AggregateUsage,
		TrialPeriodDays: p.TrialPeriodDays,
	})
	c.metadata(p.Metadata)
	c.created(p.Created)
	c.amounts(top, "amount", p.Amount, "amount_decimal", p.AmountDecimal)
	c.scheme(schemeInput{
		scheme:         p.BillingScheme,
		unitField:      "amount",
		unit:           p.Amount,
		decField:       "amount_decimal",
		dec:            p.AmountDecimal,
		tiersField:     "tiers",
		tiers:          p.Tiers,
		tiersMode:      p.TiersMode,
		transformField: "transform_usage",
		transform:      p.TransformUsage,
	})
	return c.err()
}

// checker collects the problems Validate finds.
type checker struct {
	object, id string
	errs       []error
}

func (c *checker) fail(field, format string, args ...any) {
	c.errs = append(c.errs, stripejson.Errorf(ErrInvalidPrice, c.object, c.id, field, format, args...))
}

// failCurrency records a problem with a currency code: ErrInvalidPrice,
// caused by ErrUnknownCurrency.
func (c *checker) failCurrency(field, format string, args ...any) {
	e := stripejson.Errorf(ErrInvalidPrice, c.object, c.id, field, format, args...)
	e.Cause = ErrUnknownCurrency
	c.errs = append(c.errs, e)
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return errors.Join(c.errs...)
}

func (c *checker) currency(field string, cur Currency) {
	if cur == "" {
		c.failCurrency(field, "required")
		return
	}
	if _, err := ParseCurrency(string(cur)); err != nil {
		reason := fmt.Sprintf("unknown currency %q", string(cur))
		if lower := toLowerASCII(string(cur)); lower != string(cur) && Currency(lower).Valid() {
			reason = fmt.Sprintf("%q is not lowercase (Stripe writes %q)", string(cur), lower)
		}
		c.failCurrency(field, "%s", reason)
	}
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

// Stripe's metadata and lookup_key limits.
const (
	maxMetadataKeys   = 50
	maxMetadataKeyLen = 40
	maxMetadataValue  = 500
	maxLookupKey      = 200
)

// metadata checks Stripe's limits, reporting keys in sorted order.
func (c *checker) metadata(m map[string]string) {
	if len(m) > maxMetadataKeys {
		c.fail("metadata", "%d keys, at most %d allowed", len(m), maxMetadataKeys)
	}
	var bad []string
	for k, v := range m {
		if utf8.RuneCountInString(k) > maxMetadataKeyLen || strings.ContainsAny(k, "[]") || k == "" || utf8.RuneCountInString(v) > maxMetadataValue {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	for _, k := range bad {
		switch v := m[k]; {
		case k == "":
			c.fail("metadata", "empty key")
		case strings.ContainsAny(k, "[]"):
			c.fail("metadata."+k, "key contains square brackets")
		case utf8.RuneCountInString(k) > maxMetadataKeyLen:
			c.fail("metadata."+k, "key has %d characters, at most %d allowed", utf8.RuneCountInString(k), maxMetadataKeyLen)
		default:
			c.fail("metadata."+k, "value has %d characters, at most %d allowed", utf8.RuneCountInString(v), maxMetadataValue)
		}
	}
}

// created checks that t is written as a unix time decoding accepts: 0 (the
// zero Time, or the epoch) or within [stripejson.MinUnix, stripejson.MaxUnix].
func (c *checker) created(t time.Time) {
	if s := unixSeconds(t); s < 0 || s > stripejson.MaxUnix {
		c.fail("created", "%s is outside the years 1970 to 9999", t.UTC().Format(time.RFC3339))
	}
}

func (c *checker) taxBehavior(field string, t TaxBehavior) {
	switch t {
	case "", TaxExclusive, TaxInclusive, TaxUnspecified:
	default:
		c.fail(field, "unknown value %q (want exclusive, inclusive or unspecified)", t)
	}
}

// recurring checks the fields of price.recurring (prefix "recurring.") or
// their plan counterparts (prefix "").
func (c *checker) recurring(prefix string, r Recurring) {
	max, known := maxIntervalCount(r.Interval)
	switch {
	case r.Interval == "":
		c.fail(prefix+"interval", "required (day, week, month or year)")
	case !known:
		c.fail(prefix+"interval", "unknown value %q (want day, week, month or year)", r.Interval)
	}
	switch {
	case r.IntervalCount < 1:
		c.fail(prefix+"interval_count", "must be at least 1 (got %d)", r.IntervalCount)
	case known && r.IntervalCount > max:
		c.fail(prefix+"interval_count", "%d %ss exceeds the maximum interval of three years (%d %ss)", r.IntervalCount, r.Interval, max, r.Interval)
	}
	metered := r.UsageType == Metered
	switch r.UsageType {
	case "", Licensed, Metered:
	default:
		c.fail(prefix+"usage_type", "unknown value %q (want licensed or metered)", r.UsageType)
	}
	switch r.AggregateUsage {
	case "":
	case AggregateSum, AggregateLastDuringPeriod, AggregateLastEver, AggregateMax:
		if !metered {
			c.fail(prefix+"aggregate_usage", "only allowed when usage_type is metered")
		}
	default:
		c.fail(prefix+"aggregate_usage", "unknown value %q (want sum, last_during_period, last_ever or max)", r.AggregateUsage)
	}
	if r.Meter != "" && !metered {
		c.fail(prefix+"meter", "only allowed when usage_type is metered")
	}
	if r.TrialPeriodDays != nil && *r.TrialPeriodDays < 0 {
		c.fail(prefix+"trial_period_days", "must not be negative (got %d)", *r.TrialPeriodDays)
	}
}

// at names a field lazily, so that valid values cost no string building:
// prefix[index].name, or prefix.name when index < 0.
type at struct {
	prefix string
	index  int
}

func (a at) field(name string) string {
	s := a.prefix
	if a.index >= 0 {
		s += "[" + strconv.Itoa(a.index) + "]"
	}
	if name == "" {
		return s
	}
	if s == "" {
		return name
	}
	return s + "." + name
}

// top is the object itself.
var top = at{index: -1}

// amounts checks an integer amount and its _decimal twin, a.intName and
// a.decName.
func (c *checker) amounts(a at, intName string, v *int64, decName string, d decimal.NullDecimal) {
	if v != nil && *v < 0 {
		c.fail(a.field(intName), "must not be negative (got %d)", *v)
	}
	if !d.Valid {
		return
	}
	cv, places, kind := classify(d.Decimal)
	switch kind {
	case decNegative:
		c.fail(a.field(decName), "must not be negative (got %s)", fmtDecimal(d.Decimal))
	case decPlaces:
		c.fail(a.field(decName), "has more than %d decimal places (%s)", maxDecimalPlaces, fmtDecimal(d.Decimal))
	case decLarge:
		c.fail(a.field(decName), "does not fit in int64 minor units (%s)", fmtDecimal(d.Decimal))
	}
	if v != nil && !agreesWithInt(d.Decimal, cv, places, kind, *v) {
		c.fail(a.field(decName), "%q disagrees with %s %d", fmtDecimal(d.Decimal), intName, *v)
	}
}

// agreesWithInt reports whether d, which classify sorted into (cv, places,
// kind), equals v.
func agreesWithInt(d decimal.Decimal, cv int64, places int, kind decKind, v int64) bool {
	switch kind {
	case decWhole:
		return places == 0 && cv == v
	case decNegative:
		if v >= 0 || v == math.MinInt64 {
			return false
		}
		nc, np, nk := classify(d.Neg())
		return nk == decWhole && np == 0 && nc == -v
	}
	return false // a fraction, too many places or beyond int64: never an integer amount
}

// trimZeros removes trailing zeros from c / 10^places.
func trimZeros(c int64, places int) (int64, int) {
	for places > 0 && c%10 == 0 {
		c, places = c/10, places-1
	}
	return c, places
}

// decimalsEqual reports whether a == b by value (1.0 equals 1, 1e20 equals
// 100000000000000000000) without ever scaling a hostile exponent: amounts
// classify places within int64 compare without allocating; anything else
// (negative, beyond int64, too many places: already reported by Validate)
// first compares signs and magnitudes, and rescales only values of the same
// magnitude, whose exponents differ by less than their digit counts.
func decimalsEqual(a, b decimal.Decimal) bool {
	ac, ap, ak := classify(a)
	bc, bp, bk := classify(b)
	if ak != bk {
		return false
	}
	switch {
	case (ak == decWhole || ak == decFrac) && ap >= 0 && bp >= 0:
		ac, ap = trimZeros(ac, ap)
		bc, bp = trimZeros(bc, bp)
		return ac == bc && ap == bp
	case ak == decWhole || ak == decFrac:
		return a.Equal(b) // both within int64 with at most 12 places
	}
	if a.Sign() != b.Sign() {
		return false
	}
	// a lies in [10^(mag-1), 10^mag) in absolute value; equal values have
	// equal magnitudes.
	magA := int64(a.NumDigits()) + int64(a.Exponent())
	magB := int64(b.NumDigits()) + int64(b.Exponent())
	return magA == magB && a.Equal(b)
}

type schemeInput struct {
	scheme         BillingScheme
	unitField      string
	unit           *int64
	decField       string
	dec            decimal.NullDecimal
	custom         bool
	tiersField     string
	tiers          []Tier
	tiersMode      TiersMode
	transformField string
	transform      *TransformQuantity
}

// scheme checks billing_scheme and the fields it requires or forbids.
func (c *checker) scheme(in schemeInput) {
	hasUnit := in.unit != nil || in.dec.Valid
	switch in.scheme {
	case "", PerUnit:
		if !hasUnit && !in.custom {
			if in.unitField == "amount" {
				c.fail(in.unitField, "required: a per_unit plan needs amount or amount_decimal")
			} else {
				c.fail(in.unitField, "required: a per_unit price needs unit_amount, unit_amount_decimal or custom_unit_amount")
			}
		}
		if hasUnit && in.custom {
			c.fail("custom_unit_amount", "cannot be combined with %s or %s", in.unitField, in.decField)
		}
		if len(in.tiers) > 0 {
			c.fail(in.tiersField, "only allowed when billing_scheme is tiered")
		}
		if in.tiersMode != "" {
			c.fail("tiers_mode", "only allowed when billing_scheme is tiered (got %q)", in.tiersMode)
		}
	case Tiered:
		if len(in.tiers) == 0 {
			c.fail(in.tiersField, "required when billing_scheme is tiered")
		}
		switch in.tiersMode {
		case Graduated, Volume:
		case "":
			c.fail("tiers_mode", "required when billing_scheme is tiered (graduated or volume)")
		}
		if in.unit != nil {
			c.fail(in.unitField, "must be null when billing_scheme is tiered")
		}
		if in.dec.Valid {
			c.fail(in.decField, "must be null when billing_scheme is tiered")
		}
		if in.custom {
			c.fail("custom_unit_amount", "only allowed when billing_scheme is per_unit")
		}
		if in.transform != nil {
			c.fail(in.transformField, "cannot be combined with tiers")
		}
	default:
		c.fail("billing_scheme", "unknown value %q (want per_unit or tiered)", in.scheme)
	}
	switch in.tiersMode {
	case "", Graduated, Volume:
	default:
		c.fail("tiers_mode", "unknown value %q (want graduated or volume)", in.tiersMode)
	}
	c.tiers(in.tiersField, in.tiers)
	if in.transform != nil {
		c.transform(in.transformField, *in.transform)
	}
}

// tiers checks each tier and the order of up_to.
func (c *checker) tiers(field string, tiers []Tier) {
	var prev *int64
	prevIndex := -1
	for i, t := range tiers {
		a := at{prefix: field, index: i}
		c.amounts(a, "unit_amount", t.UnitAmount, "unit_amount_decimal", t.UnitAmountDecimal)
		c.amounts(a, "flat_amount", t.FlatAmount, "flat_amount_decimal", t.FlatAmountDecimal)
		if t.UnitAmount == nil && !t.UnitAmountDecimal.Valid && t.FlatAmount == nil && !t.FlatAmountDecimal.Valid {
			c.fail(a.field(""), "needs unit_amount, unit_amount_decimal, flat_amount or flat_amount_decimal")
		}
		last := i == len(tiers)-1
		switch {
		case t.UpTo == nil && !last:
			c.fail(a.field("up_to"), "only the last tier may be unbounded (null or \"inf\")")
		case t.UpTo != nil && last:
			c.fail(a.field("up_to"), "the last tier must be unbounded (null or \"inf\"), got %d", *t.UpTo)
		}
		if t.UpTo == nil {
			continue
		}
		switch {
		case *t.UpTo < 1:
			c.fail(a.field("up_to"), "must be at least 1 (got %d)", *t.UpTo)
		case prev != nil && *t.UpTo <= *prev:
			c.fail(a.field("up_to"), "must be greater than %s[%d].up_to (%d), got %d", field, prevIndex, *prev, *t.UpTo)
		}
		prev, prevIndex = t.UpTo, i
	}
}

func (c *checker) transform(field string, t TransformQuantity) {
	if t.DivideBy < 1 {
		c.fail(field+".divide_by", "must be at least 1 (got %d)", t.DivideBy)
	}
	switch t.Round {
	case RoundDirUp, RoundDirDown:
	case "":
		c.fail(field+".round", "required (up or down)")
	default:
		c.fail(field+".round", "unknown value %q (want up or down)", t.Round)
	}
}

func (c *checker) customUnitAmount(field string, cu CustomUnitAmount) {
	for _, f := range []struct {
		name string
		v    *int64
	}{{"maximum", cu.Maximum}, {"minimum", cu.Minimum}, {"preset", cu.Preset}} {
		if f.v != nil && *f.v < 0 {
			c.fail(field+"."+f.name, "must not be negative (got %d)", *f.v)
		}
	}
	if cu.Minimum != nil && cu.Maximum != nil && *cu.Minimum > *cu.Maximum {
		c.fail(field+".minimum", "%d is greater than maximum %d", *cu.Minimum, *cu.Maximum)
	}
	if cu.Preset != nil {
		if cu.Minimum != nil && *cu.Preset < *cu.Minimum {
			c.fail(field+".preset", "%d is less than minimum %d", *cu.Preset, *cu.Minimum)
		}
		if cu.Maximum != nil && *cu.Preset > *cu.Maximum {
			c.fail(field+".preset", "%d is greater than maximum %d", *cu.Preset, *cu.Maximum)
		}
	}
}

// currencyOption checks price.currency_options[k].
func (c *checker) currencyOption(p Price, k Currency, o CurrencyOption) {
	f := "currency_options." + string(k)
	c.currency(f, k)
	c.taxBehavior(f+".tax_behavior", o.TaxBehavior)
	c.amounts(at{prefix: f, index: -1}, "unit_amount", o.UnitAmount, "unit_amount_decimal", o.UnitAmountDecimal)
	hasUnit := o.UnitAmount != nil || o.UnitAmountDecimal.Valid
	switch p.BillingScheme {
	case "", PerUnit:
		if !hasUnit && o.CustomUnitAmount == nil {
			c.fail(f+".unit_amount", "required: a per_unit price's currency option needs unit_amount, unit_amount_decimal or custom_unit_amount")
		}
		if hasUnit && o.CustomUnitAmount != nil {
			c.fail(f+".custom_unit_amount", "cannot be combined with unit_amount or unit_amount_decimal")
		}
		if len(o.Tiers) > 0 {
			c.fail(f+".tiers", "only allowed when billing_scheme is tiered")
		}
	case Tiered:
		if len(o.Tiers) == 0 {
			c.fail(f+".tiers", "required when billing_scheme is tiered")
		}
		if o.UnitAmount != nil {
			c.fail(f+".unit_amount", "must be null when billing_scheme is tiered")
		}
		if o.UnitAmountDecimal.Valid {
			c.fail(f+".unit_amount_decimal", "must be null when billing_scheme is tiered")
		}
		if o.CustomUnitAmount != nil {
			c.fail(f+".custom_unit_amount", "only allowed when billing_scheme is per_unit")
		}
	}
	c.tiers(f+".tiers", o.Tiers)
	if o.CustomUnitAmount != nil {
		c.customUnitAmount(f+".custom_unit_amount", *o.CustomUnitAmount)
		if p.Type == RecurringType || (p.Type == "" && p.Recurring != nil) {
			c.fail(f+".custom_unit_amount", "only allowed on one_time prices (pay what you want does not support recurring prices)")
		}
		if p.TransformQuantity != nil {
			c.fail(f+".custom_unit_amount", "cannot be combined with transform_quantity (the customer's amount is for one item)")
		}
	}
	if k != p.Currency {
		return
	}
	if o.UnitAmount != nil && p.UnitAmount != nil && *o.UnitAmount != *p.UnitAmount {
		c.fail(f+".unit_amount", "%d differs from the price's own unit_amount %d", *o.UnitAmount, *p.UnitAmount)
	}
	if o.UnitAmountDecimal.Valid && p.UnitAmountDecimal.Valid && !decimalsEqual(o.UnitAmountDecimal.Decimal, p.UnitAmountDecimal.Decimal) {
		c.fail(f+".unit_amount_decimal", "%q differs from the price's own unit_amount_decimal %q", fmtDecimal(o.UnitAmountDecimal.Decimal), fmtDecimal(p.UnitAmountDecimal.Decimal))
	}
	if o.Tiers != nil && p.Tiers != nil && !tiersEqual(o.Tiers, p.Tiers) {
		c.fail(f+".tiers", "differ from the price's own tiers")
	}
}
