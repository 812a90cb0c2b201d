// Package pricingtest provides rapid generators of pricing values for
// property-based tests, in the manner of net/http/httptest: the pricing
// package's own tests use them, and so can the credit and quote packages and
// any caller that builds on pricing.
//
// Every price and plan a generator here returns passes Validate. Amounts are
// kept small (unit and flat amounts below 10^7 minor units, quantities below
// 10^5, at most ten tiers) so that the amount of a generated quantity fits in
// int64; overflow needs its own, deliberately large, inputs.
//
// PriceWith, PlanWith and Catalogue take Options: the currencies to draw
// in, and (Catalogue) a list of prices with unique ids for the quotetest and
// credittest generators to draw lines from.
//
// The generators are deterministic functions of rapid's random stream and
// hold no state, so they are safe to share between tests.
package pricingtest

import (
	"slices"
	"strconv"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Bounds of generated values. Amounts stay below MaxAmount and quantities
// below MaxQuantity, so MaxAmount x MaxQuantity x 10 tiers is far from the
// int64 limit.
const (
	// MaxAmount bounds generated unit and flat amounts (exclusive), in minor units.
	MaxAmount = 10_000_000
	// MaxQuantity bounds generated quantities (exclusive).
	MaxQuantity = 100_000
	// MaxTiers is the most tiers a generated tiered price has.
	MaxTiers = 10
)

// Currency generates a supported currency, drawn in equal parts from the
// zero-decimal (jpy, krw, ...), three-decimal (bhd, jod, kwd, omr, tnd) and
// two-decimal (usd, eur, ...) classes, so that every exponent is well
// represented.
func Currency() *rapid.Generator[pricing.Currency] {
	var zero, two, three []pricing.Currency
	for _, c := range pricing.Currencies() {
		switch c.Exponent() {
		case 0:
			zero = append(zero, c)
		case 3:
			three = append(three, c)
		default:
			two = append(two, c)
		}
	}
	return rapid.OneOf(rapid.SampledFrom(zero), rapid.SampledFrom(two), rapid.SampledFrom(three))
}

// Options shape PriceWith, PlanWith and Catalogue. The zero Options draws
// what Price and Plan draw.
type Options struct {
	// Currencies restricts every currency drawn, a price's or plan's own and
	// those of a price's currency_options, to this list (one currency or
	// several). Nil or empty: any supported currency, as Currency draws.
	// Building a generator panics on a currency Stripe does not support.
	Currencies []pricing.Currency
}

// currencies returns the generator of a value's own currency and the pool
// of currency_options currencies (nil: any supported).
func (o Options) currencies() (*rapid.Generator[pricing.Currency], []pricing.Currency) {
	if len(o.Currencies) == 0 {
		return Currency(), nil
	}
	pool := make([]pricing.Currency, 0, len(o.Currencies))
	for _, c := range o.Currencies {
		if !c.Valid() {
			panic("pricingtest: Options.Currencies: unsupported currency " + strconv.Quote(string(c)))
		}
		if !slices.Contains(pool, c) {
			pool = append(pool, c)
		}
	}
	return rapid.SampledFrom(pool), pool
}

// PriceWith generates a valid price of any shape, as Price does, shaped by
// o: with o.Currencies set, the price and every entry of its
// currency_options are in those currencies.
func PriceWith(o Options) *rapid.Generator[pricing.Price] {
	cur, pool := o.currencies()
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		s := rapid.SampledFrom([]shape{shapePerUnit, shapePackage, shapeGraduated, shapeVolume, shapeCustom}).Draw(t, "shape")
		return drawPriceIn(t, s, kindAny, cur, pool)
	})
}

// PlanWith generates a valid plan, as Plan does, shaped by o: with
// o.Currencies set, the plan is in one of those currencies.
func PlanWith(o Options) *rapid.Generator[pricing.Plan] {
	cur, _ := o.currencies()
	return rapid.Custom(func(t *rapid.T) pricing.Plan { return drawPlan(t, cur) })
}

// Catalogue generates between minLen and maxLen valid prices drawn with
// PriceWith(o), whose ids are unique across the catalogue, as a Stripe
// account's are. Use it as the catalogue a quote or an invoice draws its
// prices from (quotetest.Config.Prices, credittest.Options.Prices).
func Catalogue(o Options, minLen, maxLen int) *rapid.Generator[[]pricing.Price] {
	return rapid.SliceOfNDistinct(PriceWith(o), minLen, maxLen, func(p pricing.Price) string { return p.ID })
}

// Quantity generates a non-negative quantity below MaxQuantity: often small
// (0..20), sometimes 0 exactly, sometimes a common tier boundary (1, 5, 10,
// 100, 1000 and their neighbours), otherwise anywhere in range.
func Quantity() *rapid.Generator[int64] {
	boundaries := []int64{0, 1, 2, 4, 5, 6, 9, 10, 11, 99, 100, 101, 999, 1000, 1001}
	return rapid.OneOf(
		rapid.Just(int64(0)),
		rapid.Int64Range(0, 20),
		rapid.SampledFrom(boundaries),
		rapid.Int64Range(0, MaxQuantity-1),
	)
}

// QuantityFor generates a quantity below MaxQuantity that exercises p: one
// of p's tier boundaries (up_to) or a neighbour of it, a multiple of
// transform_quantity.divide_by or a neighbour, 0, or any small quantity.
func QuantityFor(p pricing.Price) *rapid.Generator[int64] {
	var special []int64
	add := func(v int64) {
		for _, d := range []int64{-1, 0, 1} {
			if q := v + d; q >= 0 && q < MaxQuantity {
				special = append(special, q)
			}
		}
	}
	add(0)
	for _, t := range p.Tiers {
		if t.UpTo != nil {
			add(*t.UpTo)
		}
	}
	if tq := p.TransformQuantity; tq != nil && tq.DivideBy > 0 && tq.DivideBy < MaxQuantity/3 {
		add(tq.DivideBy)
		add(2 * tq.DivideBy)
	}
	return rapid.OneOf(rapid.SampledFrom(special), Quantity())
}

// Recurring generates a valid price.recurring: any interval, an
// interval_count from 1 up to the three-year maximum (mostly small), licensed
// or metered usage, and for metered usage optionally a legacy
// aggregate_usage or a meter id (never both); trial_period_days null or
// 0..730.
func Recurring() *rapid.Generator[pricing.Recurring] {
	return rapid.Custom(func(t *rapid.T) pricing.Recurring {
		return drawRecurring(t)
	})
}

func drawRecurring(t *rapid.T) pricing.Recurring {
	interval := rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week, pricing.Month, pricing.Year}).Draw(t, "interval")
	max := map[pricing.Interval]int64{pricing.Day: 1095, pricing.Week: 156, pricing.Month: 36, pricing.Year: 3}[interval]
	count := rapid.OneOf(rapid.Just(int64(1)), rapid.Int64Range(1, min(max, 12)), rapid.Int64Range(1, max)).Draw(t, "interval_count")
	r := pricing.Recurring{
		Interval:      interval,
		IntervalCount: count,
		UsageType:     rapid.SampledFrom([]pricing.UsageType{pricing.Licensed, pricing.Metered}).Draw(t, "usage_type"),
	}
	if r.UsageType == pricing.Metered {
		switch rapid.IntRange(0, 2).Draw(t, "metered_by") {
		case 1:
			r.AggregateUsage = rapid.SampledFrom([]pricing.AggregateUsage{
				pricing.AggregateSum, pricing.AggregateLastDuringPeriod, pricing.AggregateLastEver, pricing.AggregateMax,
			}).Draw(t, "aggregate_usage")
		case 2:
			r.Meter = "mtr_" + drawIDSuffix(t, "meter")
		}
	}
	if rapid.Bool().Draw(t, "has_trial") {
		d := rapid.Int64Range(0, 730).Draw(t, "trial_period_days")
		r.TrialPeriodDays = &d
	}
	return r
}

// Price generates a valid price of any shape: per_unit with an integer or a
// decimal unit amount (up to 12 decimal places), package pricing
// (transform_quantity), tiered graduated or volume with 1..10 tiers of
// integer or decimal unit and flat amounts, or pay-what-you-want
// (custom_unit_amount, one-time only). Prices are one_time or recurring and
// may carry currency_options, metadata, lookup_key and so on.
func Price() *rapid.Generator[pricing.Price] {
	return rapid.OneOf(
		PerUnitPrice(),
		PackagePrice(),
		TieredPrice(pricing.Graduated),
		TieredPrice(pricing.Volume),
		CustomUnitAmountPrice(),
	)
}

// RecurringPrice generates a valid recurring price of any shape except
// pay-what-you-want, which Stripe allows only on one-time prices.
func RecurringPrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		s := rapid.SampledFrom([]shape{shapePerUnit, shapePackage, shapeGraduated, shapeVolume}).Draw(t, "shape")
		return drawPrice(t, s, kindRecurring)
	})
}

// OneTimePrice generates a valid one-time price of any shape.
func OneTimePrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		s := rapid.SampledFrom([]shape{shapePerUnit, shapePackage, shapeGraduated, shapeVolume, shapeCustom}).Draw(t, "shape")
		return drawPrice(t, s, kindOneTime)
	})
}

// PerUnitPrice generates a valid per_unit price without transform_quantity:
// unit_amount, unit_amount_decimal (integral or with up to 12 decimal
// places) or both agreeing, as Stripe returns them; one_time or recurring.
func PerUnitPrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price { return drawPrice(t, shapePerUnit, kindAny) })
}

// PackagePrice generates a valid per_unit price with transform_quantity
// (divide_by 1..1000, round up or down); one_time or recurring.
func PackagePrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price { return drawPrice(t, shapePackage, kindAny) })
}

// TieredPrice generates a valid tiered price in the given mode with 1..10
// tiers (see Tiers); one_time or recurring. A mode other than Graduated or
// Volume is drawn at random between the two.
func TieredPrice(mode pricing.TiersMode) *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		switch mode {
		case pricing.Graduated:
			return drawPrice(t, shapeGraduated, kindAny)
		case pricing.Volume:
			return drawPrice(t, shapeVolume, kindAny)
		}
		return drawPrice(t, rapid.SampledFrom([]shape{shapeGraduated, shapeVolume}).Draw(t, "mode"), kindAny)
	})
}

// CustomUnitAmountPrice generates a valid pay-what-you-want price: one_time,
// per_unit, with custom_unit_amount (minimum <= preset <= maximum where
// set) and no unit amount.
func CustomUnitAmountPrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price { return drawPrice(t, shapeCustom, kindOneTime) })
}

// Tiers generates a valid tier list of 1..10 tiers: up_to strictly
// ascending from 1..10 in steps of 1..100, the last tier unbounded; each
// tier has an integer and/or decimal unit amount and/or flat amount.
func Tiers() *rapid.Generator[[]pricing.Tier] {
	return rapid.Custom(func(t *rapid.T) []pricing.Tier {
		n := rapid.IntRange(1, MaxTiers).Draw(t, "tiers")
		bounds := make([]int64, n-1)
		next := rapid.Int64Range(1, 10).Draw(t, "first_up_to")
		for i := range bounds {
			bounds[i] = next
			next += rapid.Int64Range(1, 100).Draw(t, "up_to_step")
		}
		return drawTiers(t, bounds)
	})
}

// Plan generates a valid plan: per_unit (amount and/or amount_decimal),
// package (transform_usage) or tiered, with any recurring settings and
// optional metadata (null, empty or filled), nickname, product and meter.
func Plan() *rapid.Generator[pricing.Plan] {
	return rapid.Custom(func(t *rapid.T) pricing.Plan { return drawPlan(t, Currency()) })
}

func drawPlan(t *rapid.T, cur *rapid.Generator[pricing.Currency]) pricing.Plan {
	s := rapid.SampledFrom([]shape{shapePerUnit, shapePackage, shapeGraduated, shapeVolume}).Draw(t, "shape")
	r := drawRecurring(t)
	p := pricing.Plan{
		ID:              drawID(t, "id", []string{"plan_", "price_"}),
		Active:          rapid.Bool().Draw(t, "active"),
		AggregateUsage:  r.AggregateUsage,
		BillingScheme:   pricing.PerUnit,
		Created:         drawCreated(t),
		Currency:        cur.Draw(t, "currency"),
		Interval:        r.Interval,
		IntervalCount:   r.IntervalCount,
		Livemode:        rapid.Bool().Draw(t, "livemode"),
		Metadata:        drawMetadata(t, true),
		Meter:           r.Meter,
		Nickname:        drawOptionalText(t, "nickname"),
		TrialPeriodDays: r.TrialPeriodDays,
		UsageType:       r.UsageType,
	}
	if rapid.IntRange(0, 5).Draw(t, "has_product") > 0 {
		p.Product = "prod_" + drawIDSuffix(t, "product")
	}
	switch s {
	case shapePerUnit, shapePackage:
		p.Amount, p.AmountDecimal = drawAmount(t, "amount")
		if s == shapePackage {
			tq := drawTransform(t)
			p.TransformUsage = &tq
		}
	default:
		p.BillingScheme = pricing.Tiered
		p.TiersMode = pricing.Graduated
		if s == shapeVolume {
			p.TiersMode = pricing.Volume
		}
		p.Tiers = Tiers().Draw(t, "tiers")
	}
	return p
}

type shape int

const (
	shapePerUnit shape = iota
	shapePackage
	shapeGraduated
	shapeVolume
	shapeCustom
)

type kind int

const (
	kindAny kind = iota
	kindOneTime
	kindRecurring
)

func drawPrice(t *rapid.T, s shape, k kind) pricing.Price {
	return drawPriceIn(t, s, k, Currency(), nil)
}

// drawPriceIn draws a price in a currency from cur, with currency_options
// in currencies of pool (nil: any supported).
func drawPriceIn(t *rapid.T, s shape, k kind, cur *rapid.Generator[pricing.Currency], pool []pricing.Currency) pricing.Price {
	p := pricing.Price{
		ID:            drawID(t, "id", []string{"price_", "plan_"}),
		Active:        rapid.Bool().Draw(t, "active"),
		BillingScheme: pricing.PerUnit,
		Created:       drawCreated(t),
		Currency:      cur.Draw(t, "currency"),
		Livemode:      rapid.Bool().Draw(t, "livemode"),
		LookupKey:     drawOptionalText(t, "lookup_key"),
		Metadata:      drawMetadata(t, false),
		Nickname:      drawOptionalText(t, "nickname"),
		Product:       "prod_" + drawIDSuffix(t, "product"),
		TaxBehavior:   rapid.SampledFrom([]pricing.TaxBehavior{"", pricing.TaxExclusive, pricing.TaxInclusive, pricing.TaxUnspecified}).Draw(t, "tax_behavior"),
		Type:          pricing.OneTime,
	}
	if s == shapeCustom {
		k = kindOneTime
	}
	if k == kindRecurring || (k == kindAny && rapid.Bool().Draw(t, "recurring")) {
		r := drawRecurring(t)
		p.Type = pricing.RecurringType
		p.Recurring = &r
	}
	var bounds []int64
	switch s {
	case shapePerUnit, shapePackage:
		p.UnitAmount, p.UnitAmountDecimal = drawAmount(t, "unit_amount")
		if s == shapePackage {
			tq := drawTransform(t)
			p.TransformQuantity = &tq
		}
	case shapeGraduated, shapeVolume:
		p.BillingScheme = pricing.Tiered
		p.TiersMode = pricing.Graduated
		if s == shapeVolume {
			p.TiersMode = pricing.Volume
		}
		p.Tiers = Tiers().Draw(t, "tiers")
		for _, tier := range p.Tiers {
			if tier.UpTo != nil {
				bounds = append(bounds, *tier.UpTo)
			}
		}
	case shapeCustom:
		cu := drawCustomUnitAmount(t)
		p.CustomUnitAmount = &cu
	}
	if rapid.IntRange(0, 3).Draw(t, "has_currency_options") == 0 {
		p.CurrencyOptions = drawCurrencyOptions(t, p, s, bounds, pool)
	}
	return p
}

// drawCurrencyOptions draws 1..3 options in currencies other than p's (from
// pool, when it is not nil), and sometimes an entry for p's own currency
// that repeats p's amounts (as Stripe returns it when currency_options is
// expanded); always that entry when pool holds no other currency.
func drawCurrencyOptions(t *rapid.T, p pricing.Price, s shape, bounds []int64, pool []pricing.Currency) map[pricing.Currency]pricing.CurrencyOption {
	var others []pricing.Currency
	if pool == nil {
		others = rapid.SliceOfNDistinct(Currency().Filter(func(c pricing.Currency) bool { return c != p.Currency }), 1, 3, rapid.ID[pricing.Currency]).Draw(t, "option_currencies")
	} else if rest := slices.DeleteFunc(slices.Clone(pool), func(c pricing.Currency) bool { return c == p.Currency }); len(rest) > 0 {
		others = rapid.SliceOfNDistinct(rapid.SampledFrom(rest), 1, min(3, len(rest)), rapid.ID[pricing.Currency]).Draw(t, "option_currencies")
	}
	opts := make(map[pricing.Currency]pricing.CurrencyOption, len(others)+1)
	for _, c := range others {
		o := pricing.CurrencyOption{
			TaxBehavior: rapid.SampledFrom([]pricing.TaxBehavior{"", pricing.TaxExclusive, pricing.TaxInclusive, pricing.TaxUnspecified}).Draw(t, "option_tax_behavior"),
		}
		switch s {
		case shapePerUnit, shapePackage:
			o.UnitAmount, o.UnitAmountDecimal = drawAmount(t, "option_unit_amount")
		case shapeGraduated, shapeVolume:
			o.Tiers = drawTiers(t, bounds)
		case shapeCustom:
			cu := drawCustomUnitAmount(t)
			o.CustomUnitAmount = &cu
		}
		opts[c] = o
	}
	if len(others) == 0 || rapid.Bool().Draw(t, "own_currency_option") {
		opts[p.Currency] = pricing.CurrencyOption{
			CustomUnitAmount:  p.CustomUnitAmount,
			TaxBehavior:       p.TaxBehavior,
			Tiers:             p.Tiers,
			UnitAmount:        p.UnitAmount,
			UnitAmountDecimal: p.UnitAmountDecimal,
		}
	}
	return opts
}

// drawTiers draws len(bounds)+1 tiers with the given up_to bounds, the last
// unbounded.
func drawTiers(t *rapid.T, bounds []int64) []pricing.Tier {
	tiers := make([]pricing.Tier, len(bounds)+1)
	for i := range tiers {
		var tier pricing.Tier
		if i < len(bounds) {
			up := bounds[i]
			tier.UpTo = &up
		}
		switch rapid.IntRange(0, 2).Draw(t, "tier_parts") {
		case 0: // unit only
			tier.UnitAmount, tier.UnitAmountDecimal = drawAmount(t, "tier_unit_amount")
		case 1: // flat only
			tier.FlatAmount, tier.FlatAmountDecimal = drawAmount(t, "tier_flat_amount")
		default: // both
			tier.UnitAmount, tier.UnitAmountDecimal = drawAmount(t, "tier_unit_amount")
			tier.FlatAmount, tier.FlatAmountDecimal = drawAmount(t, "tier_flat_amount")
		}
		tiers[i] = tier
	}
	return tiers
}

// drawAmount draws an amount below MaxAmount as Stripe may carry it: integer
// only, decimal only (integral or with 1..12 decimal places), or both
// agreeing.
func drawAmount(t *rapid.T, label string) (*int64, decimal.NullDecimal) {
	mode := rapid.IntRange(0, 3).Draw(t, label+"_form")
	v := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, MaxAmount-1)).Draw(t, label)
	switch mode {
	case 0: // integer only
		return &v, decimal.NullDecimal{}
	case 1: // both, as on objects Stripe returns
		return &v, decimal.NullDecimal{Decimal: decimal.NewFromInt(v), Valid: true}
	case 2: // integral decimal only
		return nil, decimal.NullDecimal{Decimal: decimal.NewFromInt(v), Valid: true}
	}
	// fractional decimal with up to 12 places, still below MaxAmount
	places := rapid.IntRange(1, 12).Draw(t, label+"_places")
	scale := int64(1)
	for i := 0; i < places; i++ {
		scale *= 10
	}
	frac := rapid.Int64Range(0, scale-1).Draw(t, label+"_fraction")
	d := decimal.NewFromInt(v % (MaxAmount - 1)).Add(decimal.New(frac, int32(-places)))
	return nil, decimal.NullDecimal{Decimal: d, Valid: true}
}

func drawTransform(t *rapid.T) pricing.TransformQuantity {
	return pricing.TransformQuantity{
		DivideBy: rapid.OneOf(rapid.Int64Range(1, 12), rapid.Int64Range(1, 1000)).Draw(t, "divide_by"),
		Round:    rapid.SampledFrom([]pricing.RoundDirection{pricing.RoundDirUp, pricing.RoundDirDown}).Draw(t, "round"),
	}
}

func drawCustomUnitAmount(t *rapid.T) pricing.CustomUnitAmount {
	var cu pricing.CustomUnitAmount
	lo := int64(0)
	hi := int64(MaxAmount - 1)
	if rapid.Bool().Draw(t, "has_minimum") {
		v := rapid.Int64Range(0, 100_000).Draw(t, "minimum")
		cu.Minimum, lo = &v, v
	}
	if rapid.Bool().Draw(t, "has_maximum") {
		v := rapid.Int64Range(lo, MaxAmount-1).Draw(t, "maximum")
		cu.Maximum, hi = &v, v
	}
	if rapid.Bool().Draw(t, "has_preset") {
		v := rapid.Int64Range(lo, hi).Draw(t, "preset")
		cu.Preset = &v
	}
	return cu
}

func drawCreated(t *rapid.T) time.Time {
	return time.Unix(rapid.Int64Range(1_300_000_000, 1_900_000_000).Draw(t, "created"), 0).UTC()
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func drawIDSuffix(t *rapid.T, label string) string {
	runes := rapid.SliceOfN(rapid.SampledFrom([]byte(idAlphabet)), 8, 24).Draw(t, label)
	return string(runes)
}

func drawID(t *rapid.T, label string, prefixes []string) string {
	return rapid.SampledFrom(prefixes).Draw(t, label+"_prefix") + drawIDSuffix(t, label)
}

// drawOptionalText draws "" (null on the wire) half the time, otherwise any
// short string, including ones JSON must escape.
func drawOptionalText(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, "null_"+label) {
		return ""
	}
	return rapid.StringN(1, 20, -1).Draw(t, label)
}

// drawMetadata draws nil (null), an empty map ({}) or up to 4 entries.
// Prices always carry metadata on the wire; allowNil also yields nil, as a
// plan may.
func drawMetadata(t *rapid.T, allowNil bool) map[string]string {
	lo := 0
	if allowNil {
		lo = -1
	}
	switch n := rapid.IntRange(lo, 4).Draw(t, "metadata_len"); {
	case n < 0:
		return nil
	case n == 0:
		return map[string]string{}
	default:
		m := make(map[string]string, n)
		for i := 0; i < n; i++ {
			m["key_"+strconv.Itoa(i)+"_"+rapid.StringMatching(`[a-z_]{0,8}`).Draw(t, "metadata_key")] = rapid.StringN(0, 30, -1).Draw(t, "metadata_value")
		}
		return m
	}
}
