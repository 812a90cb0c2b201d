package pricing

import (
	"slices"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// This file holds the codecs of prices and plans on the shared kit
// (internal/stripejson): one key table per object, a decoder and an encoder
// each. The wire rules, and the readings of stripe-go's shapes, are the
// package documentation's section "JSON"; the comments here point to it.

// Key tables: the modelled keys of each object in writing order (id,
// object, then alphabetical). A key ending in "?" is written for a value
// built in Go only when it holds a value: tiers and currency_options (sent
// by Stripe only when expanded), aggregate_usage (removed in API version
// 2025-03-31) and deleted (only ever false on an object that decodes). The
// constants below index the tables; TestKeyTables checks they agree.
var (
	priceKeys = stripejson.NewKeys("id", "object", "active", "billing_scheme", "created", "currency",
		"currency_options?", "custom_unit_amount", "livemode", "lookup_key", "metadata", "nickname",
		"product", "recurring", "tax_behavior", "tiers?", "tiers_mode", "transform_quantity", "type",
		"unit_amount", "unit_amount_decimal", "deleted?")
	planKeys = stripejson.NewKeys("id", "object", "active", "aggregate_usage?", "amount", "amount_decimal",
		"billing_scheme", "created", "currency", "interval", "interval_count", "livemode", "metadata",
		"meter", "nickname", "product", "tiers?", "tiers_mode", "transform_usage", "trial_period_days",
		"usage_type", "deleted?")
	recurringKeys = stripejson.NewKeys("aggregate_usage?", "interval", "interval_count", "meter",
		"trial_period_days", "usage_type")
	tierKeys      = stripejson.NewKeys("flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal", "up_to")
	transformKeys = stripejson.NewKeys("divide_by", "round")
	customKeys    = stripejson.NewKeys("maximum", "minimum", "preset")
	optionKeys    = stripejson.NewKeys("custom_unit_amount", "tax_behavior", "tiers?", "unit_amount", "unit_amount_decimal")
)

const (
	pkID = iota
	pkObject
	pkActive
	pkBillingScheme
	pkCreated
	pkCurrency
	pkCurrencyOptions
	pkCustomUnitAmount
	pkLivemode
	pkLookupKey
	pkMetadata
	pkNickname
	pkProduct
	pkRecurring
	pkTaxBehavior
	pkTiers
	pkTiersMode
	pkTransformQuantity
	pkType
	pkUnitAmount
	pkUnitAmountDecimal
	pkDeleted
)

const (
	lkID = iota
	lkObject
	lkActive
	lkAggregateUsage
	lkAmount
	lkAmountDecimal
	lkBillingScheme
	lkCreated
	lkCurrency
	lkInterval
	lkIntervalCount
	lkLivemode
	lkMetadata
	lkMeter
	lkNickname
	lkProduct
	lkTiers
	lkTiersMode
	lkTransformUsage
	lkTrialPeriodDays
	lkUsageType
	lkDeleted
)

const (
	rkAggregateUsage = iota
	rkInterval
	rkIntervalCount
	rkMeter
	rkTrialPeriodDays
	rkUsageType
)

const (
	tkFlatAmount = iota
	tkFlatAmountDecimal
	tkUnitAmount
	tkUnitAmountDecimal
	tkUpTo
)

const (
	xkDivideBy = iota
	xkRound
)

const (
	ckMaximum = iota
	ckMinimum
	ckPreset
)

const (
	okCustomUnitAmount = iota
	okTaxBehavior
	okTiers
	okUnitAmount
	okUnitAmountDecimal
)

// Plan <-> price key maps for Shape.Map (PlanToPrice, PriceToPlan): plan key
// planToPriceFrom[j] is price key planToPriceTo[j], and plan key
// planToRecurringFrom[j] is price.recurring key planToRecurringTo[j].
var (
	planToPriceFrom = []int{lkID, lkObject, lkActive, lkAmount, lkAmountDecimal, lkBillingScheme, lkCreated,
		lkCurrency, lkLivemode, lkMetadata, lkNickname, lkProduct, lkTiers, lkTiersMode, lkTransformUsage, lkDeleted}
	planToPriceTo = []int{pkID, pkObject, pkActive, pkUnitAmount, pkUnitAmountDecimal, pkBillingScheme, pkCreated,
		pkCurrency, pkLivemode, pkMetadata, pkNickname, pkProduct, pkTiers, pkTiersMode, pkTransformQuantity, pkDeleted}
	planToRecurringFrom = []int{lkAggregateUsage, lkInterval, lkIntervalCount, lkMeter, lkTrialPeriodDays, lkUsageType}
	planToRecurringTo   = []int{rkAggregateUsage, rkInterval, rkIntervalCount, rkMeter, rkTrialPeriodDays, rkUsageType}
)

// ---------------------------------------------------------------------------
// Decoding

// unmarshal is stripejson.Decode with this package's ErrInvalidJSON.
func unmarshal[T any](data []byte, object string, dst *T, decode func(*stripejson.Decoder, *T)) error {
	return stripejson.Decode(data, ErrInvalidJSON, object, dst, func(v *T, d *stripejson.Decoder) { decode(d, v) })
}

// decodePtr reads a nullable nested object: nil for null.
func decodePtr[T any](d *stripejson.Decoder, decode func(*stripejson.Decoder, *T)) *T {
	if d.IsNull() {
		return nil
	}
	v := new(T)
	decode(d, v)
	return v
}

// readTwins is the stripe-go reading of an integer amount and its _decimal
// twin (package doc, "JSON"): 0 beside a non-zero decimal is null, and a
// zero decimal beside a non-zero integer is null.
func readTwins(v **int64, dec *decimal.NullDecimal) {
	switch {
	case *v == nil || !dec.Valid:
	case **v == 0 && !dec.Decimal.IsZero():
		*v = nil
	case **v != 0 && dec.Decimal.IsZero():
		*dec = decimal.NullDecimal{}
	}
}

// readNoUnitAmount is the stripe-go reading of the unit amount of a price
// (or currency option) that has none, a tiered or pay-what-you-want one
// (package doc, "JSON"): a unit_amount and unit_amount_decimal that are
// both 0 or null are null.
func readNoUnitAmount(v **int64, dec *decimal.NullDecimal) {
	if (*v == nil || **v == 0) && (!dec.Valid || dec.Decimal.IsZero()) {
		*v, *dec = nil, decimal.NullDecimal{}
	}
}

// decodeDeleted refuses a deleted object ({"deleted": true}).
func decodeDeleted(d *stripejson.Decoder, object string) {
	if d.Bool() {
		d.Fail("a deleted %s carries no %s data", object, object)
	}
}

func decodePrice(d *stripejson.Decoder, p *Price) {
	ok := d.Object(priceKeys, &p.wire, func(i int) {
		switch i {
		case pkID:
			p.ID = d.String()
		case pkObject:
			d.Const("price")
		case pkActive:
			p.Active = d.Bool()
		case pkBillingScheme:
			p.BillingScheme = BillingScheme(d.String())
		case pkCreated:
			p.Created = d.Unix()
		case pkCurrency:
			p.Currency = Currency(d.String())
		case pkCurrencyOptions:
			p.CurrencyOptions = decodeCurrencyOptions(d)
		case pkCustomUnitAmount:
			p.CustomUnitAmount = decodePtr(d, decodeCustom)
		case pkLivemode:
			p.Livemode = d.Bool()
		case pkLookupKey:
			p.LookupKey = d.String()
		case pkMetadata:
			p.Metadata = d.Metadata()
		case pkNickname:
			p.Nickname = d.String()
		case pkProduct:
			p.Product = d.ID()
		case pkRecurring:
			p.Recurring = decodePtr(d, decodeRecurring)
		case pkTaxBehavior:
			p.TaxBehavior = TaxBehavior(d.String())
		case pkTiers:
			p.Tiers = decodeTiers(d)
		case pkTiersMode:
			p.TiersMode = TiersMode(d.String())
		case pkTransformQuantity:
			p.TransformQuantity = decodePtr(d, decodeTransform)
		case pkType:
			p.Type = PriceType(d.String())
		case pkUnitAmount:
			p.UnitAmount = d.IntPtr()
		case pkUnitAmountDecimal:
			p.UnitAmountDecimal = d.Decimal()
		case pkDeleted:
			decodeDeleted(d, "price")
		}
	})
	if !ok {
		return
	}
	readTwins(&p.UnitAmount, &p.UnitAmountDecimal)
	tiered := p.BillingScheme == Tiered
	if tiered || p.CustomUnitAmount != nil {
		readNoUnitAmount(&p.UnitAmount, &p.UnitAmountDecimal)
	}
	if tiered {
		for c, o := range p.CurrencyOptions {
			readNoUnitAmount(&o.UnitAmount, &o.UnitAmountDecimal)
			p.CurrencyOptions[c] = o
		}
	}
	p.tab = compilePrice(p) // as Compile does (compile.go)
}

func decodePlan(d *stripejson.Decoder, p *Plan) {
	ok := d.Object(planKeys, &p.wire, func(i int) {
		switch i {
		case lkID:
			p.ID = d.String()
		case lkObject:
			d.Const("plan")
		case lkActive:
			p.Active = d.Bool()
		case lkAggregateUsage:
			p.AggregateUsage = AggregateUsage(d.String())
		case lkAmount:
			p.Amount = d.IntPtr()
		case lkAmountDecimal:
			p.AmountDecimal = d.Decimal()
		case lkBillingScheme:
			p.BillingScheme = BillingScheme(d.String())
		case lkCreated:
			p.Created = d.Unix()
		case lkCurrency:
			p.Currency = Currency(d.String())
		case lkInterval:
			p.Interval = Interval(d.String())
		case lkIntervalCount:
			p.IntervalCount = d.Int()
		case lkLivemode:
			p.Livemode = d.Bool()
		case lkMetadata:
			p.Metadata = d.Metadata()
		case lkMeter:
			p.Meter = d.String()
		case lkNickname:
			p.Nickname = d.String()
		case lkProduct:
			p.Product = d.ID()
		case lkTiers:
			p.Tiers = decodeTiers(d)
		case lkTiersMode:
			p.TiersMode = TiersMode(d.String())
		case lkTransformUsage:
			p.TransformUsage = decodePtr(d, decodeTransform)
		case lkTrialPeriodDays:
			p.TrialPeriodDays = d.IntPtr()
		case lkUsageType:
			p.UsageType = UsageType(d.String())
		case lkDeleted:
			decodeDeleted(d, "plan")
		}
	})
	if ok {
		readTwins(&p.Amount, &p.AmountDecimal)
		if p.BillingScheme == Tiered {
			readNoUnitAmount(&p.Amount, &p.AmountDecimal)
		}
	}
}

func decodeRecurring(d *stripejson.Decoder, r *Recurring) {
	d.Object(recurringKeys, &r.wire, func(i int) {
		switch i {
		case rkAggregateUsage:
			r.AggregateUsage = AggregateUsage(d.String())
		case rkInterval:
			r.Interval = Interval(d.String())
		case rkIntervalCount:
			r.IntervalCount = d.Int()
		case rkMeter:
			r.Meter = d.String()
		case rkTrialPeriodDays:
			r.TrialPeriodDays = d.IntPtr()
		case rkUsageType:
			r.UsageType = UsageType(d.String())
		}
	})
}

// decodeTiers reads a tiers list. The last tier's up_to 0 is unbounded
// (package doc, "JSON"); elsewhere 0 stays 0.
func decodeTiers(d *stripejson.Decoder) []Tier {
	if d.IsNull() {
		return nil
	}
	ts := make([]Tier, d.Len())
	d.Array(func(i int) {
		if i < len(ts) {
			decodeTier(d, &ts[i])
		}
	})
	if n := len(ts); n > 0 && ts[n-1].UpTo != nil && *ts[n-1].UpTo == 0 {
		ts[n-1].UpTo = nil
	}
	return ts
}

// decodeTier reads one tier; inside a list a null tier is a problem.
func decodeTier(d *stripejson.Decoder, t *Tier) {
	if d.IsNull() {
		d.Fail("want an object, got null")
		return
	}
	ok := d.Object(tierKeys, &t.wire, func(i int) {
		switch i {
		case tkFlatAmount:
			t.FlatAmount = d.IntPtr()
		case tkFlatAmountDecimal:
			t.FlatAmountDecimal = d.Decimal()
		case tkUnitAmount:
			t.UnitAmount = d.IntPtr()
		case tkUnitAmountDecimal:
			t.UnitAmountDecimal = d.Decimal()
		case tkUpTo:
			t.UpTo = decodeUpTo(d)
		}
	})
	if ok {
		readTwins(&t.UnitAmount, &t.UnitAmountDecimal)
		readTwins(&t.FlatAmount, &t.FlatAmountDecimal)
	}
}

// decodeUpTo reads up_to: an integer, null or "inf" (the last two: nil,
// unbounded).
func decodeUpTo(d *stripejson.Decoder) *int64 {
	switch k := d.Kind(); k {
	case "null":
		return nil
	case "a number":
		return d.IntPtr()
	case "a string":
		if s := d.String(); s != "inf" {
			d.Fail("want an integer, null or \"inf\", got the string %s", stripejson.Short(s))
		}
		return nil
	default:
		d.Fail("want an integer, null or \"inf\", got %s", k)
		return nil
	}
}

func decodeTransform(d *stripejson.Decoder, t *TransformQuantity) {
	d.Object(transformKeys, &t.wire, func(i int) {
		switch i {
		case xkDivideBy:
			t.DivideBy = d.Int()
		case xkRound:
			t.Round = RoundDirection(d.String())
		}
	})
}

func decodeCustom(d *stripejson.Decoder, c *CustomUnitAmount) {
	d.Object(customKeys, &c.wire, func(i int) {
		switch i {
		case ckMaximum:
			c.Maximum = d.IntPtr()
		case ckMinimum:
			c.Minimum = d.IntPtr()
		case ckPreset:
			c.Preset = d.IntPtr()
		}
	})
}

// decodeCurrencyOption reads one entry of currency_options; inside the map
// a null entry is a problem.
func decodeCurrencyOption(d *stripejson.Decoder, o *CurrencyOption) {
	if d.IsNull() {
		d.Fail("want an object, got null")
		return
	}
	ok := d.Object(optionKeys, &o.wire, func(i int) {
		switch i {
		case okCustomUnitAmount:
			o.CustomUnitAmount = decodePtr(d, decodeCustom)
		case okTaxBehavior:
			o.TaxBehavior = TaxBehavior(d.String())
		case okTiers:
			o.Tiers = decodeTiers(d)
		case okUnitAmount:
			o.UnitAmount = d.IntPtr()
		case okUnitAmountDecimal:
			o.UnitAmountDecimal = d.Decimal()
		}
	})
	if ok {
		readTwins(&o.UnitAmount, &o.UnitAmountDecimal)
		if o.CustomUnitAmount != nil {
			readNoUnitAmount(&o.UnitAmount, &o.UnitAmountDecimal)
		}
	}
}

func decodeCurrencyOptions(d *stripejson.Decoder) map[Currency]CurrencyOption {
	if d.IsNull() {
		return nil
	}
	out := map[Currency]CurrencyOption{}
	d.Map(func(key string) {
		var o CurrencyOption
		decodeCurrencyOption(d, &o)
		out[Currency(key)] = o
	})
	return out
}

// UnmarshalJSON decodes Stripe's price object into p, replacing its
// previous contents, under the package's JSON rules (package doc, "JSON"):
// it remembers the keys it carried and keeps unknown keys for MarshalJSON,
// refuses a case-variant of a modelled key, tolerates unknown enum values
// (Validate reports them), and reads stripe-go's shapes (created 0, the
// last tier's up_to 0, unit_amount 0 beside a decimal). It returns a
// *FieldError wrapping ErrInvalidJSON naming the field ("tiers[1].up_to")
// for a value of the wrong JSON type, an integer out of range, a malformed
// decimal string, a time outside the years 1970 to 9999, an object other
// than "price", a deleted price ({"deleted": true}) and malformed JSON.
// JSON null leaves p unchanged. The decoded price carries the compiled
// tier tables Compile would give it (without validating), so that its
// tiered lines are priced without checking every tier on every call.
func (p *Price) UnmarshalJSON(data []byte) error {
	// unmarshal's generic call would move the Price to the heap; the hot
	// path decodes into a stack copy.
	var out Price
	null := false
	err := stripejson.Unmarshal(data, ErrInvalidJSON, "price", func(d *stripejson.Decoder) {
		if null = d.IsNull(); !null {
			decodePrice(d, &out)
		}
	})
	if err == nil && !null {
		*p = out
	}
	return err
}

// UnmarshalJSON decodes Stripe's plan object into p, with the rules of
// Price.UnmarshalJSON. A null metadata stays nil. JSON null leaves p
// unchanged.
func (p *Plan) UnmarshalJSON(data []byte) error { return unmarshal(data, "plan", p, decodePlan) }

// UnmarshalJSON decodes price.recurring into r, replacing its contents; see
// Price.UnmarshalJSON for the rules. Errors name the field without an
// object ("interval_count").
func (r *Recurring) UnmarshalJSON(data []byte) error { return unmarshal(data, "", r, decodeRecurring) }

// UnmarshalJSON decodes a price_tier or plan_tier into t; up_to may be an
// integer, null or "inf" (both of the latter mean unbounded). A tier decoded
// on its own does not know whether it is the last, so its up_to 0 stays 0.
func (t *Tier) UnmarshalJSON(data []byte) error { return unmarshal(data, "", t, decodeTier) }

// UnmarshalJSON decodes {"divide_by", "round"} into t.
func (t *TransformQuantity) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "", t, decodeTransform)
}

// UnmarshalJSON decodes {"maximum", "minimum", "preset"} into c.
func (c *CustomUnitAmount) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "", c, decodeCustom)
}

// UnmarshalJSON decodes one entry of price.currency_options into o.
func (o *CurrencyOption) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "", o, decodeCurrencyOption)
}

// ---------------------------------------------------------------------------
// Encoding

func appendPrice(b []byte, p *Price) []byte {
	sh := p.wire // the encoder keeps a pointer to the shape: let only the shape escape, not p
	e := stripejson.NewEncoder(b, priceKeys, &sh)
	e.String(pkID, p.ID)
	e.Const(pkObject, "price")
	e.Bool(pkActive, p.Active)
	e.String(pkBillingScheme, string(p.BillingScheme))
	e.UnixRequired(pkCreated, p.Created)
	e.String(pkCurrency, string(p.Currency))
	if e.Field(pkCurrencyOptions, p.CurrencyOptions != nil) {
		e.B = appendCurrencyOptions(e.B, p.CurrencyOptions)
	}
	if e.Field(pkCustomUnitAmount, p.CustomUnitAmount != nil) {
		e.B = appendPtr(e.B, p.CustomUnitAmount, appendCustom)
	}
	e.Bool(pkLivemode, p.Livemode)
	e.String(pkLookupKey, p.LookupKey)
	e.Metadata(pkMetadata, p.Metadata)
	e.String(pkNickname, p.Nickname)
	e.String(pkProduct, p.Product)
	if e.Field(pkRecurring, p.Recurring != nil) {
		e.B = appendPtr(e.B, p.Recurring, appendRecurring)
	}
	e.String(pkTaxBehavior, string(p.TaxBehavior))
	if e.Field(pkTiers, p.Tiers != nil) {
		e.B = appendTiers(e.B, p.Tiers)
	}
	e.String(pkTiersMode, string(p.TiersMode))
	if e.Field(pkTransformQuantity, p.TransformQuantity != nil) {
		e.B = appendPtr(e.B, p.TransformQuantity, appendTransform)
	}
	e.String(pkType, string(p.Type))
	e.IntPtr(pkUnitAmount, p.UnitAmount)
	e.Decimal(pkUnitAmountDecimal, p.UnitAmountDecimal)
	e.Bool(pkDeleted, false)
	return e.Close()
}

func appendPlan(b []byte, p *Plan) []byte {
	sh := p.wire // the encoder keeps a pointer to the shape: let only the shape escape, not p
	e := stripejson.NewEncoder(b, planKeys, &sh)
	e.String(lkID, p.ID)
	e.Const(lkObject, "plan")
	e.Bool(lkActive, p.Active)
	e.String(lkAggregateUsage, string(p.AggregateUsage))
	e.IntPtr(lkAmount, p.Amount)
	e.Decimal(lkAmountDecimal, p.AmountDecimal)
	e.String(lkBillingScheme, string(p.BillingScheme))
	e.UnixRequired(lkCreated, p.Created)
	e.String(lkCurrency, string(p.Currency))
	e.String(lkInterval, string(p.Interval))
	e.Int(lkIntervalCount, p.IntervalCount)
	e.Bool(lkLivemode, p.Livemode)
	e.Metadata(lkMetadata, p.Metadata)
	e.String(lkMeter, p.Meter)
	e.String(lkNickname, p.Nickname)
	e.String(lkProduct, p.Product)
	if e.Field(lkTiers, p.Tiers != nil) {
		e.B = appendTiers(e.B, p.Tiers)
	}
	e.String(lkTiersMode, string(p.TiersMode))
	if e.Field(lkTransformUsage, p.TransformUsage != nil) {
		e.B = appendPtr(e.B, p.TransformUsage, appendTransform)
	}
	e.IntPtr(lkTrialPeriodDays, p.TrialPeriodDays)
	e.String(lkUsageType, string(p.UsageType))
	e.Bool(lkDeleted, false)
	return e.Close()
}

// appendPtr appends *v with appendV, or null for nil.
func appendPtr[T any](b []byte, v *T, appendV func([]byte, *T) []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return appendV(b, v)
}

func appendRecurring(b []byte, r *Recurring) []byte {
	e := stripejson.NewEncoder(b, recurringKeys, &r.wire)
	e.String(rkAggregateUsage, string(r.AggregateUsage))
	e.String(rkInterval, string(r.Interval))
	e.Int(rkIntervalCount, r.IntervalCount)
	e.String(rkMeter, r.Meter)
	e.IntPtr(rkTrialPeriodDays, r.TrialPeriodDays)
	e.String(rkUsageType, string(r.UsageType))
	return e.Close()
}

func appendTiers(b []byte, ts []Tier) []byte {
	if ts == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTier(b, &ts[i])
	}
	return append(b, ']')
}

// appendTier writes a tier; nil up_to (unbounded) is null, and a decoded
// tier keeps its up_to key whenever it had one.
func appendTier(b []byte, t *Tier) []byte {
	e := stripejson.NewEncoder(b, tierKeys, &t.wire)
	e.IntPtr(tkFlatAmount, t.FlatAmount)
	e.Decimal(tkFlatAmountDecimal, t.FlatAmountDecimal)
	e.IntPtr(tkUnitAmount, t.UnitAmount)
	e.Decimal(tkUnitAmountDecimal, t.UnitAmountDecimal)
	e.IntPtr(tkUpTo, t.UpTo)
	return e.Close()
}

func appendTransform(b []byte, t *TransformQuantity) []byte {
	e := stripejson.NewEncoder(b, transformKeys, &t.wire)
	e.Int(xkDivideBy, t.DivideBy)
	e.String(xkRound, string(t.Round))
	return e.Close()
}

func appendCustom(b []byte, c *CustomUnitAmount) []byte {
	e := stripejson.NewEncoder(b, customKeys, &c.wire)
	e.IntPtr(ckMaximum, c.Maximum)
	e.IntPtr(ckMinimum, c.Minimum)
	e.IntPtr(ckPreset, c.Preset)
	return e.Close()
}

func appendCurrencyOption(b []byte, o *CurrencyOption) []byte {
	e := stripejson.NewEncoder(b, optionKeys, &o.wire)
	if e.Field(okCustomUnitAmount, o.CustomUnitAmount != nil) {
		e.B = appendPtr(e.B, o.CustomUnitAmount, appendCustom)
	}
	e.String(okTaxBehavior, string(o.TaxBehavior))
	if e.Field(okTiers, o.Tiers != nil) {
		e.B = appendTiers(e.B, o.Tiers)
	}
	e.IntPtr(okUnitAmount, o.UnitAmount)
	e.Decimal(okUnitAmountDecimal, o.UnitAmountDecimal)
	return e.Close()
}

// appendCurrencyOptions writes the options with sorted keys, or null for nil.
func appendCurrencyOptions(b []byte, opts map[Currency]CurrencyOption) []byte {
	if opts == nil {
		return append(b, "null"...)
	}
	keys := make([]Currency, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = stripejson.AppendString(b, string(k))
		b = append(b, ':')
		o := opts[k]
		b = appendCurrencyOption(b, &o)
	}
	return append(b, '}')
}

// MarshalJSON encodes p as Stripe's price object under the package's JSON
// rules (package doc, "JSON"): a decoded price is written with the keys it
// was read with (plus any key set since) and its unknown keys; a price built
// in Go is written in the current API's shape. It never returns an error.
func (p Price) MarshalJSON() ([]byte, error) { return appendPrice(make([]byte, 0, 512), &p), nil }

// MarshalJSON encodes p as Stripe's plan object, with the rules of
// Price.MarshalJSON. It never returns an error.
func (p Plan) MarshalJSON() ([]byte, error) { return appendPlan(make([]byte, 0, 512), &p), nil }

// MarshalJSON encodes r as price.recurring: interval, interval_count, meter,
// trial_period_days and usage_type, plus aggregate_usage when set or when
// the decoded object had it. It never returns an error.
func (r Recurring) MarshalJSON() ([]byte, error) { return appendRecurring(nil, &r), nil }

// MarshalJSON encodes t as a price_tier: up_to null when unbounded. It never
// returns an error.
func (t Tier) MarshalJSON() ([]byte, error) { return appendTier(nil, &t), nil }

// MarshalJSON encodes t as {"divide_by", "round"}. It never returns an error.
func (t TransformQuantity) MarshalJSON() ([]byte, error) { return appendTransform(nil, &t), nil }

// MarshalJSON encodes c as {"maximum", "minimum", "preset"}, null where
// unset. It never returns an error.
func (c CustomUnitAmount) MarshalJSON() ([]byte, error) { return appendCustom(nil, &c), nil }

// MarshalJSON encodes o as one entry of price.currency_options. It never
// returns an error.
func (o CurrencyOption) MarshalJSON() ([]byte, error) { return appendCurrencyOption(nil, &o), nil }
