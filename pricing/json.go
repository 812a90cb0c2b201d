package pricing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// This file holds the JSON encoding of prices and plans: Stripe's wire format
// exactly (see the package documentation, section "JSON").

// Key indexes into wireKeys, one list per object. A decoded object sets
// wireDecoded and the bit of every known key it carried.
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
	okCustomUnitAmount = iota
	okTaxBehavior
	okTiers
	okUnitAmount
	okUnitAmountDecimal
)

const (
	// wireDecoded marks a value decoded from JSON: its key bits say which
	// keys to write. Without it the current API's shape is written.
	wireDecoded wireKeys = 1 << 31
	// wireNullMetadata marks a price made by PlanToPrice from a plan whose
	// metadata was null, so that PriceToPlan can restore the null.
	wireNullMetadata wireKeys = 1 << 30
)

func bit(k int) wireKeys { return 1 << k }

// Keys written for values built in Go (the current API's shape). Keys left
// out here are written only when they hold a value: currency_options and
// tiers (returned by Stripe only when expanded) and aggregate_usage
// (removed in API version 2025-03-31).
const (
	priceShape wireKeys = 1<<pkID | 1<<pkObject | 1<<pkActive | 1<<pkBillingScheme | 1<<pkCreated |
		1<<pkCurrency | 1<<pkCustomUnitAmount | 1<<pkLivemode | 1<<pkLookupKey | 1<<pkMetadata |
		1<<pkNickname | 1<<pkProduct | 1<<pkRecurring | 1<<pkTaxBehavior | 1<<pkTiersMode |
		1<<pkTransformQuantity | 1<<pkType | 1<<pkUnitAmount | 1<<pkUnitAmountDecimal
	planShape wireKeys = 1<<lkID | 1<<lkObject | 1<<lkActive | 1<<lkAmount | 1<<lkAmountDecimal |
		1<<lkBillingScheme | 1<<lkCreated | 1<<lkCurrency | 1<<lkInterval | 1<<lkIntervalCount |
		1<<lkLivemode | 1<<lkMetadata | 1<<lkMeter | 1<<lkNickname | 1<<lkProduct | 1<<lkTiersMode |
		1<<lkTransformUsage | 1<<lkTrialPeriodDays | 1<<lkUsageType
	recurringShape wireKeys = 1<<rkInterval | 1<<rkIntervalCount | 1<<rkMeter | 1<<rkTrialPeriodDays | 1<<rkUsageType
	tierShape      wireKeys = 1<<tkFlatAmount | 1<<tkFlatAmountDecimal | 1<<tkUnitAmount | 1<<tkUnitAmountDecimal | 1<<tkUpTo
	optionShape    wireKeys = 1<<okCustomUnitAmount | 1<<okTaxBehavior | 1<<okUnitAmount | 1<<okUnitAmountDecimal
)

// emit reports whether key k is written: for a decoded value, when it
// carried the key; otherwise when the current shape has it. A key holding a
// value (hasValue) is always written, so nothing set in Go is lost.
func (w wireKeys) emit(k int, shape wireKeys, hasValue bool) bool {
	if hasValue {
		return true
	}
	if w&wireDecoded != 0 {
		return w&bit(k) != 0
	}
	return shape&bit(k) != 0
}

// planWireToPrice maps a decoded plan's keys to the price's (and, through
// rw, the recurring's), so that a price made from a decoded plan writes the
// keys of the same API version. Price-only keys: type, lookup_key and
// tax_behavior always; custom_unit_amount when the plan carried meter (both
// belong to post-2024 API versions).
func planWireToPrice(pw wireKeys, rw *wireKeys) wireKeys {
	if pw&wireDecoded == 0 {
		return 0
	}
	w := wireDecoded | bit(pkRecurring) | bit(pkType) | bit(pkLookupKey) | bit(pkTaxBehavior)
	r := wireDecoded
	for _, m := range planPriceKeys {
		if pw&bit(m.plan) != 0 {
			w |= bit(m.price)
		}
	}
	for _, m := range planRecurringKeys {
		if pw&bit(m.plan) != 0 {
			r |= bit(m.price)
		}
	}
	if pw&bit(lkMeter) != 0 {
		w |= bit(pkCustomUnitAmount)
	}
	*rw = r
	return w
}

// priceWireToPlan is the inverse of planWireToPrice.
func priceWireToPlan(pw, rw wireKeys) wireKeys {
	if pw&wireDecoded == 0 {
		return 0
	}
	w := wireDecoded
	for _, m := range planPriceKeys {
		if pw&bit(m.price) != 0 {
			w |= bit(m.plan)
		}
	}
	if rw&wireDecoded == 0 {
		rw = wireDecoded | recurringShape
	}
	for _, m := range planRecurringKeys {
		if rw&bit(m.price) != 0 {
			w |= bit(m.plan)
		}
	}
	return w
}

type keyMap struct{ plan, price int }

// Read-only tables: planPriceKeys maps plan keys to price keys,
// planRecurringKeys plan keys to price.recurring keys.
var planPriceKeys = []keyMap{
	{lkID, pkID}, {lkObject, pkObject}, {lkActive, pkActive}, {lkAmount, pkUnitAmount}, {lkAmountDecimal, pkUnitAmountDecimal},
	{lkBillingScheme, pkBillingScheme}, {lkCreated, pkCreated}, {lkCurrency, pkCurrency},
	{lkLivemode, pkLivemode}, {lkMetadata, pkMetadata}, {lkNickname, pkNickname}, {lkProduct, pkProduct},
	{lkTiers, pkTiers}, {lkTiersMode, pkTiersMode}, {lkTransformUsage, pkTransformQuantity},
}

var planRecurringKeys = []keyMap{
	{lkAggregateUsage, rkAggregateUsage}, {lkInterval, rkInterval}, {lkIntervalCount, rkIntervalCount},
	{lkMeter, rkMeter}, {lkTrialPeriodDays, rkTrialPeriodDays}, {lkUsageType, rkUsageType},
}

// ---------------------------------------------------------------------------
// Encoding

// encoder writes one JSON object.
type encoder struct {
	b     []byte
	first bool
}

func (e *encoder) open()  { e.b = append(e.b, '{'); e.first = true }
func (e *encoder) close() { e.b = append(e.b, '}') }

func (e *encoder) key(k string) {
	if !e.first {
		e.b = append(e.b, ',')
	}
	e.first = false
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
}

// str writes s, or null for "".
func (e *encoder) str(k, s string) {
	e.key(k)
	if s == "" {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = appendString(e.b, s)
}

func (e *encoder) boolean(k string, v bool) {
	e.key(k)
	e.b = strconv.AppendBool(e.b, v)
}

func (e *encoder) integer(k string, v int64) {
	e.key(k)
	e.b = strconv.AppendInt(e.b, v, 10)
}

func (e *encoder) intPtr(k string, v *int64) {
	e.key(k)
	if v == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = strconv.AppendInt(e.b, *v, 10)
}

func (e *encoder) dec(k string, d decimal.NullDecimal) {
	e.key(k)
	if !d.Valid {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, '"')
	e.b = appendDecimal(e.b, d.Decimal)
	e.b = append(e.b, '"')
}

// appendDecimal appends d as Stripe writes a decimal string ("0.125"). A
// value no amount can have, at least 10^65 or below 10^-65 (Validate rejects
// both), is written as coefficient e exponent ("1e1048576") instead of
// digit by digit, which for an exponent built in Go could take gigabytes;
// UnmarshalJSON refuses such an exponent.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	if d.Sign() != 0 {
		e := int64(d.Exponent())
		if e > maxDecimalExponent || int64(d.NumDigits())+e < -maxDecimalExponent {
			b = d.Coefficient().Append(b, 10)
			b = append(b, 'e')
			return strconv.AppendInt(b, e, 10)
		}
	}
	return append(b, d.String()...)
}

func (e *encoder) metadata(k string, m map[string]string) {
	e.key(k)
	if m == nil {
		e.b = append(e.b, "null"...)
		return
	}
	keys := make([]string, 0, len(m))
	for mk := range m {
		keys = append(keys, mk)
	}
	sort.Strings(keys)
	e.b = append(e.b, '{')
	for i, mk := range keys {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendString(e.b, mk)
		e.b = append(e.b, ':')
		e.b = appendString(e.b, m[mk])
	}
	e.b = append(e.b, '}')
}

func (e *encoder) transform(k string, t *TransformQuantity) {
	e.key(k)
	if t == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = appendTransform(e.b, *t)
}

func (e *encoder) tiers(k string, ts []Tier) {
	e.key(k)
	if ts == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, '[')
	for i, t := range ts {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendTier(e.b, t)
	}
	e.b = append(e.b, ']')
}

func (e *encoder) custom(k string, c *CustomUnitAmount) {
	e.key(k)
	if c == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = appendCustomUnitAmount(e.b, *c)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendTransform(b []byte, t TransformQuantity) []byte {
	e := encoder{b: b}
	e.open()
	e.integer("divide_by", t.DivideBy)
	e.str("round", string(t.Round))
	e.close()
	return e.b
}

func appendCustomUnitAmount(b []byte, c CustomUnitAmount) []byte {
	e := encoder{b: b}
	e.open()
	e.intPtr("maximum", c.Maximum)
	e.intPtr("minimum", c.Minimum)
	e.intPtr("preset", c.Preset)
	e.close()
	return e.b
}

func appendTier(b []byte, t Tier) []byte {
	w := t.wire
	e := encoder{b: b}
	e.open()
	if w.emit(tkFlatAmount, tierShape, t.FlatAmount != nil) {
		e.intPtr("flat_amount", t.FlatAmount)
	}
	if w.emit(tkFlatAmountDecimal, tierShape, t.FlatAmountDecimal.Valid) {
		e.dec("flat_amount_decimal", t.FlatAmountDecimal)
	}
	if w.emit(tkUnitAmount, tierShape, t.UnitAmount != nil) {
		e.intPtr("unit_amount", t.UnitAmount)
	}
	if w.emit(tkUnitAmountDecimal, tierShape, t.UnitAmountDecimal.Valid) {
		e.dec("unit_amount_decimal", t.UnitAmountDecimal)
	}
	// up_to null means unbounded, so a decoded tier's up_to key is kept
	// whenever it was there.
	if w.emit(tkUpTo, tierShape, t.UpTo != nil) {
		e.intPtr("up_to", t.UpTo)
	}
	e.close()
	return e.b
}

func appendRecurring(b []byte, r Recurring) []byte {
	w := r.wire
	e := encoder{b: b}
	e.open()
	if w.emit(rkAggregateUsage, recurringShape, r.AggregateUsage != "") {
		e.str("aggregate_usage", string(r.AggregateUsage))
	}
	if w.emit(rkInterval, recurringShape, r.Interval != "") {
		e.str("interval", string(r.Interval))
	}
	if w.emit(rkIntervalCount, recurringShape, r.IntervalCount != 0) {
		e.integer("interval_count", r.IntervalCount)
	}
	if w.emit(rkMeter, recurringShape, r.Meter != "") {
		e.str("meter", r.Meter)
	}
	if w.emit(rkTrialPeriodDays, recurringShape, r.TrialPeriodDays != nil) {
		e.intPtr("trial_period_days", r.TrialPeriodDays)
	}
	if w.emit(rkUsageType, recurringShape, r.UsageType != "") {
		e.str("usage_type", string(r.UsageType))
	}
	e.close()
	return e.b
}

func appendCurrencyOption(b []byte, o CurrencyOption) []byte {
	w := o.wire
	e := encoder{b: b}
	e.open()
	if w.emit(okCustomUnitAmount, optionShape, o.CustomUnitAmount != nil) {
		e.custom("custom_unit_amount", o.CustomUnitAmount)
	}
	if w.emit(okTaxBehavior, optionShape, o.TaxBehavior != "") {
		e.str("tax_behavior", string(o.TaxBehavior))
	}
	if w.emit(okTiers, optionShape, o.Tiers != nil) {
		e.tiers("tiers", o.Tiers)
	}
	if w.emit(okUnitAmount, optionShape, o.UnitAmount != nil) {
		e.intPtr("unit_amount", o.UnitAmount)
	}
	if w.emit(okUnitAmountDecimal, optionShape, o.UnitAmountDecimal.Valid) {
		e.dec("unit_amount_decimal", o.UnitAmountDecimal)
	}
	e.close()
	return e.b
}

func appendPrice(b []byte, p *Price) []byte {
	w := p.wire
	e := encoder{b: b}
	e.open()
	if w.emit(pkID, priceShape, p.ID != "") {
		e.str("id", p.ID)
	}
	if w.emit(pkObject, priceShape, false) {
		e.str("object", "price")
	}
	if w.emit(pkActive, priceShape, p.Active) {
		e.boolean("active", p.Active)
	}
	if w.emit(pkBillingScheme, priceShape, p.BillingScheme != "") {
		e.str("billing_scheme", string(p.BillingScheme))
	}
	if w.emit(pkCreated, priceShape, !p.Created.IsZero()) {
		e.integer("created", unixSeconds(p.Created))
	}
	if w.emit(pkCurrency, priceShape, p.Currency != "") {
		e.str("currency", string(p.Currency))
	}
	if w.emit(pkCurrencyOptions, priceShape, p.CurrencyOptions != nil) {
		e.key("currency_options")
		if p.CurrencyOptions == nil {
			e.b = append(e.b, "null"...)
		} else {
			keys := make([]string, 0, len(p.CurrencyOptions))
			for k := range p.CurrencyOptions {
				keys = append(keys, string(k))
			}
			sort.Strings(keys)
			e.b = append(e.b, '{')
			for i, k := range keys {
				if i > 0 {
					e.b = append(e.b, ',')
				}
				e.b = appendString(e.b, k)
				e.b = append(e.b, ':')
				e.b = appendCurrencyOption(e.b, p.CurrencyOptions[Currency(k)])
			}
			e.b = append(e.b, '}')
		}
	}
	if w.emit(pkCustomUnitAmount, priceShape, p.CustomUnitAmount != nil) {
		e.custom("custom_unit_amount", p.CustomUnitAmount)
	}
	if w.emit(pkLivemode, priceShape, p.Livemode) {
		e.boolean("livemode", p.Livemode)
	}
	if w.emit(pkLookupKey, priceShape, p.LookupKey != "") {
		e.str("lookup_key", p.LookupKey)
	}
	if w.emit(pkMetadata, priceShape, p.Metadata != nil) {
		e.metadata("metadata", p.Metadata)
	}
	if w.emit(pkNickname, priceShape, p.Nickname != "") {
		e.str("nickname", p.Nickname)
	}
	if w.emit(pkProduct, priceShape, p.Product != "") {
		e.str("product", p.Product)
	}
	if w.emit(pkRecurring, priceShape, p.Recurring != nil) {
		e.key("recurring")
		if p.Recurring == nil {
			e.b = append(e.b, "null"...)
		} else {
			e.b = appendRecurring(e.b, *p.Recurring)
		}
	}
	if w.emit(pkTaxBehavior, priceShape, p.TaxBehavior != "") {
		e.str("tax_behavior", string(p.TaxBehavior))
	}
	if w.emit(pkTiers, priceShape, p.Tiers != nil) {
		e.tiers("tiers", p.Tiers)
	}
	if w.emit(pkTiersMode, priceShape, p.TiersMode != "") {
		e.str("tiers_mode", string(p.TiersMode))
	}
	if w.emit(pkTransformQuantity, priceShape, p.TransformQuantity != nil) {
		e.transform("transform_quantity", p.TransformQuantity)
	}
	if w.emit(pkType, priceShape, p.Type != "") {
		e.str("type", string(p.Type))
	}
	if w.emit(pkUnitAmount, priceShape, p.UnitAmount != nil) {
		e.intPtr("unit_amount", p.UnitAmount)
	}
	if w.emit(pkUnitAmountDecimal, priceShape, p.UnitAmountDecimal.Valid) {
		e.dec("unit_amount_decimal", p.UnitAmountDecimal)
	}
	e.close()
	return e.b
}

func appendPlan(b []byte, p *Plan) []byte {
	w := p.wire
	e := encoder{b: b}
	e.open()
	if w.emit(lkID, planShape, p.ID != "") {
		e.str("id", p.ID)
	}
	if w.emit(lkObject, planShape, false) {
		e.str("object", "plan")
	}
	if w.emit(lkActive, planShape, p.Active) {
		e.boolean("active", p.Active)
	}
	if w.emit(lkAggregateUsage, planShape, p.AggregateUsage != "") {
		e.str("aggregate_usage", string(p.AggregateUsage))
	}
	if w.emit(lkAmount, planShape, p.Amount != nil) {
		e.intPtr("amount", p.Amount)
	}
	if w.emit(lkAmountDecimal, planShape, p.AmountDecimal.Valid) {
		e.dec("amount_decimal", p.AmountDecimal)
	}
	if w.emit(lkBillingScheme, planShape, p.BillingScheme != "") {
		e.str("billing_scheme", string(p.BillingScheme))
	}
	if w.emit(lkCreated, planShape, !p.Created.IsZero()) {
		e.integer("created", unixSeconds(p.Created))
	}
	if w.emit(lkCurrency, planShape, p.Currency != "") {
		e.str("currency", string(p.Currency))
	}
	if w.emit(lkInterval, planShape, p.Interval != "") {
		e.str("interval", string(p.Interval))
	}
	if w.emit(lkIntervalCount, planShape, p.IntervalCount != 0) {
		e.integer("interval_count", p.IntervalCount)
	}
	if w.emit(lkLivemode, planShape, p.Livemode) {
		e.boolean("livemode", p.Livemode)
	}
	if w.emit(lkMetadata, planShape, p.Metadata != nil) {
		e.metadata("metadata", p.Metadata)
	}
	if w.emit(lkMeter, planShape, p.Meter != "") {
		e.str("meter", p.Meter)
	}
	if w.emit(lkNickname, planShape, p.Nickname != "") {
		e.str("nickname", p.Nickname)
	}
	if w.emit(lkProduct, planShape, p.Product != "") {
		e.str("product", p.Product)
	}
	if w.emit(lkTiers, planShape, p.Tiers != nil) {
		e.tiers("tiers", p.Tiers)
	}
	if w.emit(lkTiersMode, planShape, p.TiersMode != "") {
		e.str("tiers_mode", string(p.TiersMode))
	}
	if w.emit(lkTransformUsage, planShape, p.TransformUsage != nil) {
		e.transform("transform_usage", p.TransformUsage)
	}
	if w.emit(lkTrialPeriodDays, planShape, p.TrialPeriodDays != nil) {
		e.intPtr("trial_period_days", p.TrialPeriodDays)
	}
	if w.emit(lkUsageType, planShape, p.UsageType != "") {
		e.str("usage_type", string(p.UsageType))
	}
	e.close()
	return e.b
}

// MarshalJSON encodes p as Stripe's price object. A decoded price is written
// with the keys it was read with (plus any key set since); a price built in
// Go is written in the current API's shape (see the package documentation).
// Decimals are written as Stripe writes them ("0.125"); one no amount can
// have (10^65 or more, below 10^-65) is written as coefficient e exponent,
// which UnmarshalJSON refuses. It never returns an error.
func (p Price) MarshalJSON() ([]byte, error) { return appendPrice(make([]byte, 0, 512), &p), nil }

// MarshalJSON encodes p as Stripe's plan object, with the key policy of
// Price.MarshalJSON. It never returns an error.
func (p Plan) MarshalJSON() ([]byte, error) { return appendPlan(make([]byte, 0, 512), &p), nil }

// MarshalJSON encodes r as price.recurring: interval, interval_count, meter,
// trial_period_days and usage_type, plus aggregate_usage when set or when
// the decoded object had it. It never returns an error.
func (r Recurring) MarshalJSON() ([]byte, error) { return appendRecurring(nil, r), nil }

// MarshalJSON encodes t as a price_tier: up_to null when unbounded. It never
// returns an error.
func (t Tier) MarshalJSON() ([]byte, error) { return appendTier(nil, t), nil }

// MarshalJSON encodes t as {"divide_by", "round"}. It never returns an error.
func (t TransformQuantity) MarshalJSON() ([]byte, error) { return appendTransform(nil, t), nil }

// MarshalJSON encodes c as {"maximum", "minimum", "preset"}, null where
// unset. It never returns an error.
func (c CustomUnitAmount) MarshalJSON() ([]byte, error) { return appendCustomUnitAmount(nil, c), nil }

// MarshalJSON encodes o as one entry of price.currency_options. It never
// returns an error.
func (o CurrencyOption) MarshalJSON() ([]byte, error) { return appendCurrencyOption(nil, o), nil }

// Decoding
//
// The decoder reads the document once: json.Valid checks the syntax, then
// a small scanner walks objects and arrays, handing each member's raw value
// to the reader of its field. Field paths for errors are built only when an
// error is reported.

// path is the location of a value, built lazily for error messages.
type path struct {
	parent  *path
	name    string
	index   int
	isIndex bool
}

func (p *path) appendTo(b []byte) []byte {
	if p == nil {
		return b
	}
	b = p.parent.appendTo(b)
	if p.isIndex {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(p.index), 10)
		return append(b, ']')
	}
	if len(b) > 0 {
		b = append(b, '.')
	}
	return append(b, p.name...)
}

// fieldName is the path of member name under p ("" for p itself).
func fieldName(p *path, name string) string {
	b := p.appendTo(nil)
	if name != "" {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, name...)
	}
	return string(b)
}

// decoder reads the fields of one object and keeps the first problem.
type decoder struct {
	obj string
	err error
}

func (d *decoder) failf(p *path, name, format string, args ...any) {
	if d.err == nil {
		d.err = &FieldError{Object: d.obj, Field: fieldName(p, name), Reason: fmt.Sprintf(format, args...), Err: ErrInvalidJSON}
	}
}

// kind names the JSON type of raw for error messages.
func kind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "a number"
}

func isNull(raw []byte) bool { return len(raw) == 0 || raw[0] == 'n' }

// Scanner over syntactically valid JSON (checked by json.Valid first). It
// never indexes out of range, whatever the input.

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// eachMember calls f with the key (unescaped, invalid UTF-8 replaced by
// U+FFFD as in string values) and raw value of every member of the object
// obj, in document order.
func eachMember(obj []byte, f func(key, val []byte)) {
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		end := skipString(obj, i)
		key := obj[i+1 : max(i+1, end-1)]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			var s string
			if json.Unmarshal(obj[i:end], &s) == nil {
				key = []byte(s)
			}
		}
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return
		}
		i = skipSpace(obj, i+1)
		vEnd := skipValue(obj, i)
		f(key, obj[i:vEnd])
		i = skipSpace(obj, vEnd)
		if i >= len(obj) || obj[i] != ',' {
			return
		}
		i = skipSpace(obj, i+1)
	}
}

// eachElement calls f with every element of the array arr.
func eachElement(arr []byte, f func(i int, val []byte)) {
	i := skipSpace(arr, 1)
	for n := 0; i < len(arr) && arr[i] != ']'; n++ {
		end := skipValue(arr, i)
		f(n, arr[i:end])
		i = skipSpace(arr, end)
		if i >= len(arr) || arr[i] != ',' {
			return
		}
		i = skipSpace(arr, i+1)
	}
}

// fields splits the object raw into the raw values of the keys in names
// (out[k] for names[k], nil when absent; the last of duplicate keys wins).
// It returns false for null and, with an error, for anything but an object.
func (d *decoder) fields(p *path, name string, raw []byte, names []string, out [][]byte) bool {
	if isNull(raw) {
		return false
	}
	if raw[0] != '{' {
		d.failf(p, name, "want an object or null, got %s", kind(raw))
		return false
	}
	eachMember(raw, func(key, val []byte) {
		for k, n := range names {
			if string(key) == n {
				out[k] = val
				return
			}
		}
	})
	return true
}

// unquote decodes a JSON string literal.
func unquote(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", false
			}
			return s, true
		}
	}
	return string(inner), true
}

func (d *decoder) str(p *path, name string, raw []byte) string {
	if isNull(raw) {
		return ""
	}
	s, ok := unquote(raw)
	if !ok {
		d.failf(p, name, "want a string or null, got %s", kind(raw))
	}
	return s
}

func (d *decoder) boolean(p *path, name string, raw []byte) bool {
	switch {
	case isNull(raw):
		return false
	case string(raw) == "true":
		return true
	case string(raw) == "false":
		return false
	}
	d.failf(p, name, "want a boolean, got %s", kind(raw))
	return false
}

// parseInt parses a JSON integer; ok is false for a fraction, an exponent
// or a value outside int64.
func parseInt(b []byte) (int64, bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	if n := len(b) - i; n == 0 || n > 18 {
		v, err := strconv.ParseInt(string(b), 10, 64)
		return v, err == nil
	}
	var v int64
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

func (d *decoder) integer(p *path, name string, raw []byte) (int64, bool) {
	if kind(raw) != "a number" {
		d.failf(p, name, "want an integer, got %s", kind(raw))
		return 0, false
	}
	v, ok := parseInt(raw)
	if !ok {
		if bytes.ContainsAny(raw, ".eE") {
			d.failf(p, name, "want an integer, got %s", raw)
		} else {
			d.failf(p, name, "%s is out of the int64 range", raw)
		}
		return 0, false
	}
	return v, true
}

func (d *decoder) intPtr(p *path, name string, raw []byte) *int64 {
	if isNull(raw) {
		return nil
	}
	if v, ok := d.integer(p, name, raw); ok {
		return &v
	}
	return nil
}

func (d *decoder) count(p *path, name string, raw []byte) int64 {
	if isNull(raw) {
		return 0
	}
	v, _ := d.integer(p, name, raw)
	return v
}

// maxDecimalExponent bounds the exponent of a decoded decimal string, so
// that "1e999999" is refused instead of printed with a million zeros.
const maxDecimalExponent = 64

func (d *decoder) decimal(p *path, name string, raw []byte) decimal.NullDecimal {
	if isNull(raw) {
		return decimal.NullDecimal{}
	}
	if len(raw) < 2 || raw[0] != '"' {
		d.failf(p, name, "want a decimal string or null, got %s", kind(raw))
		return decimal.NullDecimal{}
	}
	if inner := raw[1 : len(raw)-1]; len(inner) > 0 && inner[0] != '-' {
		if v, ok := parseInt(inner); ok {
			return decimal.NullDecimal{Decimal: decimal.New(v, 0), Valid: true}
		}
	}
	s, ok := unquote(raw)
	if !ok {
		d.failf(p, name, "want a decimal string or null, got %s", kind(raw))
		return decimal.NullDecimal{}
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		d.failf(p, name, "%q is not a decimal number", s)
		return decimal.NullDecimal{}
	}
	if e := v.Exponent(); e > maxDecimalExponent || e < -maxDecimalExponent {
		d.failf(p, name, "%q is out of range", s)
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: v, Valid: true}
}

func (d *decoder) created(p *path, name string, raw []byte) time.Time {
	if isNull(raw) {
		return time.Time{}
	}
	v, ok := d.integer(p, name, raw)
	if !ok || v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// upTo reads a tier's up_to: an integer, null or "inf" (nil: unbounded).
func (d *decoder) upTo(p *path, name string, raw []byte) *int64 {
	if isNull(raw) {
		return nil
	}
	if raw[0] == '"' {
		if s, _ := unquote(raw); s != "inf" {
			d.failf(p, name, "want an integer, null or \"inf\", got the string %q", s)
		}
		return nil
	}
	if kind(raw) != "a number" {
		d.failf(p, name, "want an integer, null or \"inf\", got %s", kind(raw))
		return nil
	}
	return d.intPtr(p, name, raw)
}

func (d *decoder) metadata(p *path, name string, raw []byte) map[string]string {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '{' {
		d.failf(p, name, "want an object or null, got %s", kind(raw))
		return nil
	}
	out := map[string]string{}
	at := path{parent: p, name: name}
	eachMember(raw, func(key, val []byte) {
		if isNull(val) {
			out[string(key)] = ""
			return
		}
		s, ok := unquote(val)
		if !ok {
			d.failf(&at, string(key), "want a string, got %s", kind(val))
		}
		out[string(key)] = s
	})
	return out
}

// product reads an id, or the id of an expanded product object.
func (d *decoder) product(p *path, name string, raw []byte) string {
	if len(raw) > 0 && raw[0] == '{' {
		var id [1][]byte
		d.fields(p, name, raw, []string{"id"}, id[:])
		return d.str(&path{parent: p, name: name}, "id", id[0])
	}
	return d.str(p, name, raw)
}

var transformNames = []string{"divide_by", "round"}

func (d *decoder) transform(p *path, name string, raw []byte) *TransformQuantity {
	var v [2][]byte
	if !d.fields(p, name, raw, transformNames, v[:]) {
		return nil
	}
	at := path{parent: p, name: name}
	return &TransformQuantity{DivideBy: d.count(&at, "divide_by", v[0]), Round: RoundDirection(d.str(&at, "round", v[1]))}
}

var customNames = []string{"maximum", "minimum", "preset"}

func (d *decoder) custom(p *path, name string, raw []byte) *CustomUnitAmount {
	var v [3][]byte
	if !d.fields(p, name, raw, customNames, v[:]) {
		return nil
	}
	at := path{parent: p, name: name}
	return &CustomUnitAmount{
		Maximum: d.intPtr(&at, "maximum", v[0]),
		Minimum: d.intPtr(&at, "minimum", v[1]),
		Preset:  d.intPtr(&at, "preset", v[2]),
	}
}

// present sets in w the bit of every key whose raw value was there.
func present(w *wireKeys, raws [][]byte, n int) {
	for k := 0; k < n; k++ {
		if raws[k] != nil {
			*w |= bit(k)
		}
	}
}

var tierNames = []string{
	tkFlatAmount: "flat_amount", tkFlatAmountDecimal: "flat_amount_decimal", tkUnitAmount: "unit_amount",
	tkUnitAmountDecimal: "unit_amount_decimal", tkUpTo: "up_to",
}

// tier reads the tier at p (a tiers[i] path).
func (d *decoder) tier(p *path, raw []byte) Tier {
	var v [5][]byte
	if isNull(raw) {
		d.failf(p, "", "want an object, got null")
		return Tier{}
	}
	if !d.fields(p, "", raw, tierNames, v[:]) {
		return Tier{}
	}
	t := Tier{
		UpTo:              d.upTo(p, "up_to", v[tkUpTo]),
		UnitAmount:        d.intPtr(p, "unit_amount", v[tkUnitAmount]),
		UnitAmountDecimal: d.decimal(p, "unit_amount_decimal", v[tkUnitAmountDecimal]),
		FlatAmount:        d.intPtr(p, "flat_amount", v[tkFlatAmount]),
		FlatAmountDecimal: d.decimal(p, "flat_amount_decimal", v[tkFlatAmountDecimal]),
		wire:              wireDecoded,
	}
	present(&t.wire, v[:], len(v))
	return t
}

func (d *decoder) tiers(p *path, name string, raw []byte) []Tier {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '[' {
		d.failf(p, name, "want an array or null, got %s", kind(raw))
		return nil
	}
	out := []Tier{}
	list := path{parent: p, name: name}
	eachElement(raw, func(i int, val []byte) {
		out = append(out, d.tier(&path{parent: &list, index: i, isIndex: true}, val))
	})
	return out
}

var recurringNames = []string{
	rkAggregateUsage: "aggregate_usage", rkInterval: "interval", rkIntervalCount: "interval_count",
	rkMeter: "meter", rkTrialPeriodDays: "trial_period_days", rkUsageType: "usage_type",
}

func (d *decoder) recurring(p *path, name string, raw []byte) *Recurring {
	var v [6][]byte
	if !d.fields(p, name, raw, recurringNames, v[:]) {
		return nil
	}
	r := d.recurringFields(&path{parent: p, name: name}, v[:])
	return &r
}

// recurringFields reads recurring's keys from v (indexed by rk*), at p.
func (d *decoder) recurringFields(p *path, v [][]byte) Recurring {
	r := Recurring{
		Interval:        Interval(d.str(p, "interval", v[rkInterval])),
		IntervalCount:   d.count(p, "interval_count", v[rkIntervalCount]),
		Meter:           d.str(p, "meter", v[rkMeter]),
		UsageType:       UsageType(d.str(p, "usage_type", v[rkUsageType])),
		AggregateUsage:  AggregateUsage(d.str(p, "aggregate_usage", v[rkAggregateUsage])),
		TrialPeriodDays: d.intPtr(p, "trial_period_days", v[rkTrialPeriodDays]),
		wire:            wireDecoded,
	}
	present(&r.wire, v, len(recurringNames))
	return r
}

var optionNames = []string{
	okCustomUnitAmount: "custom_unit_amount", okTaxBehavior: "tax_behavior", okTiers: "tiers",
	okUnitAmount: "unit_amount", okUnitAmountDecimal: "unit_amount_decimal",
}

// currencyOption reads the option at p (a currency_options.<c> path).
func (d *decoder) currencyOption(p *path, raw []byte) CurrencyOption {
	var v [5][]byte
	if isNull(raw) {
		d.failf(p, "", "want an object, got null")
		return CurrencyOption{}
	}
	if !d.fields(p, "", raw, optionNames, v[:]) {
		return CurrencyOption{}
	}
	o := CurrencyOption{
		CustomUnitAmount:  d.custom(p, "custom_unit_amount", v[okCustomUnitAmount]),
		TaxBehavior:       TaxBehavior(d.str(p, "tax_behavior", v[okTaxBehavior])),
		Tiers:             d.tiers(p, "tiers", v[okTiers]),
		UnitAmount:        d.intPtr(p, "unit_amount", v[okUnitAmount]),
		UnitAmountDecimal: d.decimal(p, "unit_amount_decimal", v[okUnitAmountDecimal]),
		wire:              wireDecoded,
	}
	present(&o.wire, v[:], len(v))
	return o
}

func (d *decoder) currencyOptions(p *path, name string, raw []byte) map[Currency]CurrencyOption {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '{' {
		d.failf(p, name, "want an object or null, got %s", kind(raw))
		return nil
	}
	out := map[Currency]CurrencyOption{}
	at := path{parent: p, name: name}
	eachMember(raw, func(key, val []byte) {
		k := string(key)
		out[Currency(k)] = d.currencyOption(&path{parent: &at, name: k}, val)
	})
	return out
}

// top checks that data is an object, splits it into the keys of names, and
// checks object (v[objectKey]) and deleted (the last entry of names).
func (d *decoder) top(data []byte, names []string, objectKey int, v [][]byte) bool {
	data = bytes.TrimSpace(data)
	if !json.Valid(data) {
		var probe any
		err := json.Unmarshal(data, &probe)
		d.failf(nil, "", "%v", err)
		return false
	}
	if data[0] != '{' {
		d.failf(nil, "", "want a JSON object, got %s", kind(data))
		return false
	}
	d.fields(nil, "", data, names, v)
	objectRaw, deletedRaw := v[objectKey], v[len(names)-1]
	if !isNull(objectRaw) {
		if s := d.str(nil, "object", objectRaw); d.err == nil && s != d.obj {
			d.failf(nil, "object", "%q is not %q", s, d.obj)
		}
	}
	if deletedRaw != nil && d.boolean(nil, "deleted", deletedRaw) {
		d.failf(nil, "deleted", "a deleted %s carries no %s data", d.obj, d.obj)
	}
	return d.err == nil
}

func isJSONNull(data []byte) bool { return bytes.Equal(bytes.TrimSpace(data), []byte("null")) }

// priceNames are the price's keys indexed by pk*, then "deleted".
var priceNames = []string{
	pkID: "id", pkObject: "object", pkActive: "active", pkBillingScheme: "billing_scheme",
	pkCreated: "created", pkCurrency: "currency", pkCurrencyOptions: "currency_options",
	pkCustomUnitAmount: "custom_unit_amount", pkLivemode: "livemode", pkLookupKey: "lookup_key",
	pkMetadata: "metadata", pkNickname: "nickname", pkProduct: "product", pkRecurring: "recurring",
	pkTaxBehavior: "tax_behavior", pkTiers: "tiers", pkTiersMode: "tiers_mode",
	pkTransformQuantity: "transform_quantity", pkType: "type", pkUnitAmount: "unit_amount",
	pkUnitAmountDecimal: "unit_amount_decimal", pkUnitAmountDecimal + 1: "deleted",
}

// planNames are the plan's keys indexed by lk*, then "deleted".
var planNames = []string{
	lkID: "id", lkObject: "object", lkActive: "active", lkAggregateUsage: "aggregate_usage",
	lkAmount: "amount", lkAmountDecimal: "amount_decimal", lkBillingScheme: "billing_scheme",
	lkCreated: "created", lkCurrency: "currency", lkInterval: "interval", lkIntervalCount: "interval_count",
	lkLivemode: "livemode", lkMetadata: "metadata", lkMeter: "meter", lkNickname: "nickname",
	lkProduct: "product", lkTiers: "tiers", lkTiersMode: "tiers_mode", lkTransformUsage: "transform_usage",
	lkTrialPeriodDays: "trial_period_days", lkUsageType: "usage_type", lkUsageType + 1: "deleted",
}

// UnmarshalJSON decodes Stripe's price object into p, replacing its previous
// contents, and remembers which keys it carried so that MarshalJSON writes
// them again (see the package documentation). It tolerates unknown keys and
// unknown enum values (Validate reports those), reads tiers[].up_to from an
// integer, null or "inf", and product from an id or an expanded product
// object (keeping its id). It returns a *FieldError wrapping ErrInvalidJSON
// naming the field ("price.tiers[1].up_to") for a value of the wrong JSON
// type, an integer out of range or a malformed decimal string, for an
// object other than "price", for a deleted price ({"deleted": true}) and
// for malformed JSON. JSON null leaves p unchanged.
func (p *Price) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	d := decoder{obj: "price"}
	var v [pkUnitAmountDecimal + 2][]byte
	if !d.top(data, priceNames, pkObject, v[:]) {
		return d.err
	}
	out := Price{
		ID:                d.str(nil, "id", v[pkID]),
		Active:            d.boolean(nil, "active", v[pkActive]),
		BillingScheme:     BillingScheme(d.str(nil, "billing_scheme", v[pkBillingScheme])),
		Created:           d.created(nil, "created", v[pkCreated]),
		Currency:          Currency(d.str(nil, "currency", v[pkCurrency])),
		CurrencyOptions:   d.currencyOptions(nil, "currency_options", v[pkCurrencyOptions]),
		CustomUnitAmount:  d.custom(nil, "custom_unit_amount", v[pkCustomUnitAmount]),
		Livemode:          d.boolean(nil, "livemode", v[pkLivemode]),
		LookupKey:         d.str(nil, "lookup_key", v[pkLookupKey]),
		Metadata:          d.metadata(nil, "metadata", v[pkMetadata]),
		Nickname:          d.str(nil, "nickname", v[pkNickname]),
		Product:           d.product(nil, "product", v[pkProduct]),
		Recurring:         d.recurring(nil, "recurring", v[pkRecurring]),
		TaxBehavior:       TaxBehavior(d.str(nil, "tax_behavior", v[pkTaxBehavior])),
		Tiers:             d.tiers(nil, "tiers", v[pkTiers]),
		TiersMode:         TiersMode(d.str(nil, "tiers_mode", v[pkTiersMode])),
		TransformQuantity: d.transform(nil, "transform_quantity", v[pkTransformQuantity]),
		Type:              PriceType(d.str(nil, "type", v[pkType])),
		UnitAmount:        d.intPtr(nil, "unit_amount", v[pkUnitAmount]),
		UnitAmountDecimal: d.decimal(nil, "unit_amount_decimal", v[pkUnitAmountDecimal]),
		wire:              wireDecoded,
	}
	if d.err != nil {
		return d.err
	}
	present(&out.wire, v[:], pkUnitAmountDecimal+1)
	*p = out
	return nil
}

// UnmarshalJSON decodes Stripe's plan object into p, with the rules of
// Price.UnmarshalJSON (errors name "plan.<field>"). A null metadata stays
// nil. JSON null leaves p unchanged.
func (p *Plan) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	d := decoder{obj: "plan"}
	var v [lkUsageType + 2][]byte
	if !d.top(data, planNames, lkObject, v[:]) {
		return d.err
	}
	var rv [6][]byte
	rv[rkAggregateUsage], rv[rkInterval], rv[rkIntervalCount] = v[lkAggregateUsage], v[lkInterval], v[lkIntervalCount]
	rv[rkMeter], rv[rkTrialPeriodDays], rv[rkUsageType] = v[lkMeter], v[lkTrialPeriodDays], v[lkUsageType]
	r := d.recurringFields(nil, rv[:])
	out := Plan{
		ID:              d.str(nil, "id", v[lkID]),
		Active:          d.boolean(nil, "active", v[lkActive]),
		AggregateUsage:  r.AggregateUsage,
		Amount:          d.intPtr(nil, "amount", v[lkAmount]),
		AmountDecimal:   d.decimal(nil, "amount_decimal", v[lkAmountDecimal]),
		BillingScheme:   BillingScheme(d.str(nil, "billing_scheme", v[lkBillingScheme])),
		Created:         d.created(nil, "created", v[lkCreated]),
		Currency:        Currency(d.str(nil, "currency", v[lkCurrency])),
		Interval:        r.Interval,
		IntervalCount:   r.IntervalCount,
		Livemode:        d.boolean(nil, "livemode", v[lkLivemode]),
		Metadata:        d.metadata(nil, "metadata", v[lkMetadata]),
		Meter:           r.Meter,
		Nickname:        d.str(nil, "nickname", v[lkNickname]),
		Product:         d.product(nil, "product", v[lkProduct]),
		Tiers:           d.tiers(nil, "tiers", v[lkTiers]),
		TiersMode:       TiersMode(d.str(nil, "tiers_mode", v[lkTiersMode])),
		TransformUsage:  d.transform(nil, "transform_usage", v[lkTransformUsage]),
		TrialPeriodDays: r.TrialPeriodDays,
		UsageType:       r.UsageType,
		wire:            wireDecoded,
	}
	if d.err != nil {
		return d.err
	}
	present(&out.wire, v[:], lkUsageType+1)
	*p = out
	return nil
}

// decodeAlone decodes a nested value on its own: errors name its fields
// without an object ("tiers[0].up_to").
func decodeAlone[T any](data []byte, dst *T, f func(d *decoder, raw []byte) T) error {
	if isJSONNull(data) {
		return nil
	}
	data = bytes.TrimSpace(data)
	if !json.Valid(data) {
		var probe any
		return &FieldError{Reason: fmt.Sprint(json.Unmarshal(data, &probe)), Err: ErrInvalidJSON}
	}
	d := decoder{}
	v := f(&d, data)
	if d.err != nil {
		return d.err
	}
	*dst = v
	return nil
}

// UnmarshalJSON decodes price.recurring into r, replacing its contents; see
// Price.UnmarshalJSON for the rules.
func (r *Recurring) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, r, func(d *decoder, raw []byte) Recurring {
		var v [6][]byte
		if !d.fields(nil, "", raw, recurringNames, v[:]) {
			return Recurring{}
		}
		return d.recurringFields(nil, v[:])
	})
}

// UnmarshalJSON decodes a price_tier or plan_tier into t; up_to may be an
// integer, null or "inf" (both of the latter mean unbounded).
func (t *Tier) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, t, func(d *decoder, raw []byte) Tier { return d.tier(nil, raw) })
}

// UnmarshalJSON decodes {"divide_by", "round"} into t.
func (t *TransformQuantity) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, t, func(d *decoder, raw []byte) TransformQuantity {
		if v := d.transform(nil, "", raw); v != nil {
			return *v
		}
		return TransformQuantity{}
	})
}

// UnmarshalJSON decodes {"maximum", "minimum", "preset"} into c.
func (c *CustomUnitAmount) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, c, func(d *decoder, raw []byte) CustomUnitAmount {
		if v := d.custom(nil, "", raw); v != nil {
			return *v
		}
		return CustomUnitAmount{}
	})
}

// UnmarshalJSON decodes one entry of price.currency_options into o.
func (o *CurrencyOption) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, o, func(d *decoder, raw []byte) CurrencyOption { return d.currencyOption(nil, raw) })
}
