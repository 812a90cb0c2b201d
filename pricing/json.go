package pricing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
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

func keySet(ks ...int) wireKeys {
	var w wireKeys
	for _, k := range ks {
		w |= bit(k)
	}
	return w
}

// Keys written for values built in Go (the current API's shape). Keys left
// out here are written only when they hold a value: currency_options and
// tiers (returned by Stripe only when expanded) and aggregate_usage
// (removed in API version 2025-03-31).
var (
	priceShape = keySet(pkID, pkObject, pkActive, pkBillingScheme, pkCreated, pkCurrency, pkCustomUnitAmount,
		pkLivemode, pkLookupKey, pkMetadata, pkNickname, pkProduct, pkRecurring, pkTaxBehavior, pkTiersMode,
		pkTransformQuantity, pkType, pkUnitAmount, pkUnitAmountDecimal)
	planShape = keySet(lkID, lkObject, lkActive, lkAmount, lkAmountDecimal, lkBillingScheme, lkCreated, lkCurrency,
		lkInterval, lkIntervalCount, lkLivemode, lkMetadata, lkMeter, lkNickname, lkProduct, lkTiersMode,
		lkTransformUsage, lkTrialPeriodDays, lkUsageType)
	recurringShape = keySet(rkInterval, rkIntervalCount, rkMeter, rkTrialPeriodDays, rkUsageType)
	tierShape      = keySet(tkFlatAmount, tkFlatAmountDecimal, tkUnitAmount, tkUnitAmountDecimal, tkUpTo)
	optionShape    = keySet(okCustomUnitAmount, okTaxBehavior, okUnitAmount, okUnitAmountDecimal)
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
	w := wireDecoded | keySet(pkObject, pkRecurring, pkType, pkLookupKey, pkTaxBehavior)
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
	w := wireDecoded | bit(lkObject)
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

var planPriceKeys = []keyMap{
	{lkID, pkID}, {lkActive, pkActive}, {lkAmount, pkUnitAmount}, {lkAmountDecimal, pkUnitAmountDecimal},
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
	e.b = append(e.b, d.Decimal.String()...)
	e.b = append(e.b, '"')
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
// It never returns an error.
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

// ---------------------------------------------------------------------------
// Decoding

// decoder reads the fields of one object and keeps the first problem.
type decoder struct {
	obj string
	err error
}

func (d *decoder) failf(field, format string, args ...any) {
	if d.err == nil {
		d.err = &FieldError{Object: d.obj, Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrInvalidJSON}
	}
}

// kind names the JSON type of raw for error messages.
func kind(raw json.RawMessage) string {
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

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || raw[0] == 'n' }

// unquote decodes a JSON string literal.
func unquote(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

func (d *decoder) str(field string, raw json.RawMessage) string {
	if isNull(raw) {
		return ""
	}
	s, ok := unquote(raw)
	if !ok {
		d.failf(field, "want a string or null, got %s", kind(raw))
	}
	return s
}

func (d *decoder) boolean(field string, raw json.RawMessage) bool {
	switch {
	case isNull(raw):
		return false
	case bytes.Equal(raw, []byte("true")):
		return true
	case bytes.Equal(raw, []byte("false")):
		return false
	}
	d.failf(field, "want a boolean, got %s", kind(raw))
	return false
}

func (d *decoder) integer(field string, raw json.RawMessage) (int64, bool) {
	if kind(raw) != "a number" {
		d.failf(field, "want an integer, got %s", kind(raw))
		return 0, false
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		if strings.ContainsAny(string(raw), ".eE") {
			d.failf(field, "want an integer, got %s", raw)
		} else {
			d.failf(field, "%s is out of the int64 range", raw)
		}
		return 0, false
	}
	return v, true
}

func (d *decoder) intPtr(field string, raw json.RawMessage) *int64 {
	if isNull(raw) {
		return nil
	}
	if v, ok := d.integer(field, raw); ok {
		return &v
	}
	return nil
}

func (d *decoder) count(field string, raw json.RawMessage) int64 {
	if isNull(raw) {
		return 0
	}
	v, _ := d.integer(field, raw)
	return v
}

// maxDecimalExponent bounds the exponent of a decoded decimal string, so
// that "1e999999999" is refused instead of printing a billion zeros.
const maxDecimalExponent = 64

func (d *decoder) decimal(field string, raw json.RawMessage) decimal.NullDecimal {
	if isNull(raw) {
		return decimal.NullDecimal{}
	}
	s, ok := unquote(raw)
	if !ok {
		d.failf(field, "want a decimal string or null, got %s", kind(raw))
		return decimal.NullDecimal{}
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		d.failf(field, "%q is not a decimal number", s)
		return decimal.NullDecimal{}
	}
	if e := v.Exponent(); e > maxDecimalExponent || e < -maxDecimalExponent {
		d.failf(field, "%q is out of range", s)
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: v, Valid: true}
}

func (d *decoder) created(field string, raw json.RawMessage) time.Time {
	if isNull(raw) {
		return time.Time{}
	}
	v, ok := d.integer(field, raw)
	if !ok || v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// upTo reads a tier's up_to: an integer, null or "inf" (nil: unbounded).
func (d *decoder) upTo(field string, raw json.RawMessage) *int64 {
	if isNull(raw) {
		return nil
	}
	if raw[0] == '"' {
		if s, _ := unquote(raw); s != "inf" {
			d.failf(field, "want an integer, null or \"inf\", got the string %q", s)
		}
		return nil
	}
	if kind(raw) != "a number" {
		d.failf(field, "want an integer, null or \"inf\", got %s", kind(raw))
		return nil
	}
	return d.intPtr(field, raw)
}

// object splits an object into its members; ok is false for null.
func (d *decoder) members(field string, raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if isNull(raw) {
		return nil, false
	}
	if raw[0] != '{' {
		d.failf(field, "want an object or null, got %s", kind(raw))
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		d.failf(field, "%v", err)
		return nil, false
	}
	return m, true
}

func (d *decoder) metadata(field string, raw json.RawMessage) map[string]string {
	m, ok := d.members(field, raw)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if isNull(v) {
			out[k] = ""
			continue
		}
		s, ok := unquote(v)
		if !ok {
			d.failf(field+"."+k, "want a string, got %s", kind(v))
		}
		out[k] = s
	}
	return out
}

// product reads an id, or the id of an expanded product object.
func (d *decoder) product(field string, raw json.RawMessage) string {
	if len(raw) > 0 && raw[0] == '{' {
		m, _ := d.members(field, raw)
		return d.str(field+".id", m["id"])
	}
	return d.str(field, raw)
}

func (d *decoder) transform(field string, raw json.RawMessage) *TransformQuantity {
	m, ok := d.members(field, raw)
	if !ok {
		return nil
	}
	return &TransformQuantity{
		DivideBy: d.count(field+".divide_by", m["divide_by"]),
		Round:    RoundDirection(d.str(field+".round", m["round"])),
	}
}

func (d *decoder) custom(field string, raw json.RawMessage) *CustomUnitAmount {
	m, ok := d.members(field, raw)
	if !ok {
		return nil
	}
	return &CustomUnitAmount{
		Maximum: d.intPtr(field+".maximum", m["maximum"]),
		Minimum: d.intPtr(field+".minimum", m["minimum"]),
		Preset:  d.intPtr(field+".preset", m["preset"]),
	}
}

// present sets bit k in w when raw was there.
func present(w *wireKeys, k int, raw json.RawMessage) {
	if raw != nil {
		*w |= bit(k)
	}
}

func (d *decoder) tier(field string, raw json.RawMessage) Tier {
	m, ok := d.members(field, raw)
	if !ok {
		if d.err == nil {
			d.failf(field, "want an object, got null")
		}
		return Tier{}
	}
	t := Tier{
		UpTo:              d.upTo(field+".up_to", m["up_to"]),
		UnitAmount:        d.intPtr(field+".unit_amount", m["unit_amount"]),
		UnitAmountDecimal: d.decimal(field+".unit_amount_decimal", m["unit_amount_decimal"]),
		FlatAmount:        d.intPtr(field+".flat_amount", m["flat_amount"]),
		FlatAmountDecimal: d.decimal(field+".flat_amount_decimal", m["flat_amount_decimal"]),
		wire:              wireDecoded,
	}
	present(&t.wire, tkFlatAmount, m["flat_amount"])
	present(&t.wire, tkFlatAmountDecimal, m["flat_amount_decimal"])
	present(&t.wire, tkUnitAmount, m["unit_amount"])
	present(&t.wire, tkUnitAmountDecimal, m["unit_amount_decimal"])
	present(&t.wire, tkUpTo, m["up_to"])
	return t
}

func (d *decoder) tiers(field string, raw json.RawMessage) []Tier {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '[' {
		d.failf(field, "want an array or null, got %s", kind(raw))
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		d.failf(field, "%v", err)
		return nil
	}
	out := make([]Tier, len(items))
	for i, it := range items {
		out[i] = d.tier(field+"["+strconv.Itoa(i)+"]", it)
	}
	return out
}

func (d *decoder) recurring(field string, raw json.RawMessage) *Recurring {
	m, ok := d.members(field, raw)
	if !ok {
		return nil
	}
	r := d.recurringFields(field+".", m)
	return &r
}

func (d *decoder) recurringFields(prefix string, m map[string]json.RawMessage) Recurring {
	r := Recurring{
		Interval:        Interval(d.str(prefix+"interval", m["interval"])),
		IntervalCount:   d.count(prefix+"interval_count", m["interval_count"]),
		Meter:           d.str(prefix+"meter", m["meter"]),
		UsageType:       UsageType(d.str(prefix+"usage_type", m["usage_type"])),
		AggregateUsage:  AggregateUsage(d.str(prefix+"aggregate_usage", m["aggregate_usage"])),
		TrialPeriodDays: d.intPtr(prefix+"trial_period_days", m["trial_period_days"]),
		wire:            wireDecoded,
	}
	present(&r.wire, rkAggregateUsage, m["aggregate_usage"])
	present(&r.wire, rkInterval, m["interval"])
	present(&r.wire, rkIntervalCount, m["interval_count"])
	present(&r.wire, rkMeter, m["meter"])
	present(&r.wire, rkTrialPeriodDays, m["trial_period_days"])
	present(&r.wire, rkUsageType, m["usage_type"])
	return r
}

func (d *decoder) currencyOption(field string, raw json.RawMessage) CurrencyOption {
	m, ok := d.members(field, raw)
	if !ok {
		if d.err == nil {
			d.failf(field, "want an object, got null")
		}
		return CurrencyOption{}
	}
	o := CurrencyOption{
		CustomUnitAmount:  d.custom(field+".custom_unit_amount", m["custom_unit_amount"]),
		TaxBehavior:       TaxBehavior(d.str(field+".tax_behavior", m["tax_behavior"])),
		Tiers:             d.tiers(field+".tiers", m["tiers"]),
		UnitAmount:        d.intPtr(field+".unit_amount", m["unit_amount"]),
		UnitAmountDecimal: d.decimal(field+".unit_amount_decimal", m["unit_amount_decimal"]),
		wire:              wireDecoded,
	}
	present(&o.wire, okCustomUnitAmount, m["custom_unit_amount"])
	present(&o.wire, okTaxBehavior, m["tax_behavior"])
	present(&o.wire, okTiers, m["tiers"])
	present(&o.wire, okUnitAmount, m["unit_amount"])
	present(&o.wire, okUnitAmountDecimal, m["unit_amount_decimal"])
	return o
}

func (d *decoder) currencyOptions(field string, raw json.RawMessage) map[Currency]CurrencyOption {
	m, ok := d.members(field, raw)
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error reported does not depend on map order
	out := make(map[Currency]CurrencyOption, len(m))
	for _, k := range keys {
		out[Currency(k)] = d.currencyOption(field+"."+k, m[k])
	}
	return out
}

// top splits the top-level object and checks object and deleted.
func (d *decoder) top(data []byte) (map[string]json.RawMessage, bool) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		d.failf("", "want a JSON object, got %s", kind(data))
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		d.failf("", "%v", err)
		return nil, false
	}
	if raw, ok := m["object"]; ok && !isNull(raw) {
		if s := d.str("object", raw); d.err == nil && s != d.obj {
			d.failf("object", "%q is not %q", s, d.obj)
		}
	}
	if raw, ok := m["deleted"]; ok && d.boolean("deleted", raw) {
		d.failf("deleted", "a deleted %s carries no %s data", d.obj, d.obj)
	}
	return m, d.err == nil
}

func isJSONNull(data []byte) bool { return bytes.Equal(bytes.TrimSpace(data), []byte("null")) }

// UnmarshalJSON decodes Stripe's price object into p, replacing its previous
// contents, and remembers which keys it carried so that MarshalJSON writes
// them again (see the package documentation). It tolerates unknown keys and
// unknown enum values (Validate reports those), reads tiers[].up_to from an
// integer, null or "inf", and product from an id or an expanded product
// object (keeping its id). It returns a *FieldError wrapping ErrInvalidJSON
// naming the field ("price.tiers[1].up_to") for a value of the wrong JSON
// type, an integer out of range or a malformed decimal string, for an
// object other than "price", and for a deleted price ({"deleted": true}).
// JSON null leaves p unchanged.
func (p *Price) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	d := decoder{obj: "price"}
	m, ok := d.top(data)
	if !ok {
		return d.err
	}
	out := Price{
		ID:                d.str("id", m["id"]),
		Active:            d.boolean("active", m["active"]),
		BillingScheme:     BillingScheme(d.str("billing_scheme", m["billing_scheme"])),
		Created:           d.created("created", m["created"]),
		Currency:          Currency(d.str("currency", m["currency"])),
		CurrencyOptions:   d.currencyOptions("currency_options", m["currency_options"]),
		CustomUnitAmount:  d.custom("custom_unit_amount", m["custom_unit_amount"]),
		Livemode:          d.boolean("livemode", m["livemode"]),
		LookupKey:         d.str("lookup_key", m["lookup_key"]),
		Metadata:          d.metadata("metadata", m["metadata"]),
		Nickname:          d.str("nickname", m["nickname"]),
		Product:           d.product("product", m["product"]),
		Recurring:         d.recurring("recurring", m["recurring"]),
		TaxBehavior:       TaxBehavior(d.str("tax_behavior", m["tax_behavior"])),
		Tiers:             d.tiers("tiers", m["tiers"]),
		TiersMode:         TiersMode(d.str("tiers_mode", m["tiers_mode"])),
		TransformQuantity: d.transform("transform_quantity", m["transform_quantity"]),
		Type:              PriceType(d.str("type", m["type"])),
		UnitAmount:        d.intPtr("unit_amount", m["unit_amount"]),
		UnitAmountDecimal: d.decimal("unit_amount_decimal", m["unit_amount_decimal"]),
		wire:              wireDecoded,
	}
	if d.err != nil {
		return d.err
	}
	for k, name := range priceKeyNames {
		present(&out.wire, k, m[name])
	}
	*p = out
	return nil
}

var priceKeyNames = [...]string{
	pkID: "id", pkObject: "object", pkActive: "active", pkBillingScheme: "billing_scheme",
	pkCreated: "created", pkCurrency: "currency", pkCurrencyOptions: "currency_options",
	pkCustomUnitAmount: "custom_unit_amount", pkLivemode: "livemode", pkLookupKey: "lookup_key",
	pkMetadata: "metadata", pkNickname: "nickname", pkProduct: "product", pkRecurring: "recurring",
	pkTaxBehavior: "tax_behavior", pkTiers: "tiers", pkTiersMode: "tiers_mode",
	pkTransformQuantity: "transform_quantity", pkType: "type", pkUnitAmount: "unit_amount",
	pkUnitAmountDecimal: "unit_amount_decimal",
}

var planKeyNames = [...]string{
	lkID: "id", lkObject: "object", lkActive: "active", lkAggregateUsage: "aggregate_usage",
	lkAmount: "amount", lkAmountDecimal: "amount_decimal", lkBillingScheme: "billing_scheme",
	lkCreated: "created", lkCurrency: "currency", lkInterval: "interval", lkIntervalCount: "interval_count",
	lkLivemode: "livemode", lkMetadata: "metadata", lkMeter: "meter", lkNickname: "nickname",
	lkProduct: "product", lkTiers: "tiers", lkTiersMode: "tiers_mode", lkTransformUsage: "transform_usage",
	lkTrialPeriodDays: "trial_period_days", lkUsageType: "usage_type",
}

// UnmarshalJSON decodes Stripe's plan object into p, with the rules of
// Price.UnmarshalJSON (errors name "plan.<field>"). A null metadata stays
// nil. JSON null leaves p unchanged.
func (p *Plan) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	d := decoder{obj: "plan"}
	m, ok := d.top(data)
	if !ok {
		return d.err
	}
	r := d.recurringFields("", m)
	out := Plan{
		ID:              d.str("id", m["id"]),
		Active:          d.boolean("active", m["active"]),
		AggregateUsage:  r.AggregateUsage,
		Amount:          d.intPtr("amount", m["amount"]),
		AmountDecimal:   d.decimal("amount_decimal", m["amount_decimal"]),
		BillingScheme:   BillingScheme(d.str("billing_scheme", m["billing_scheme"])),
		Created:         d.created("created", m["created"]),
		Currency:        Currency(d.str("currency", m["currency"])),
		Interval:        r.Interval,
		IntervalCount:   r.IntervalCount,
		Livemode:        d.boolean("livemode", m["livemode"]),
		Metadata:        d.metadata("metadata", m["metadata"]),
		Meter:           r.Meter,
		Nickname:        d.str("nickname", m["nickname"]),
		Product:         d.product("product", m["product"]),
		Tiers:           d.tiers("tiers", m["tiers"]),
		TiersMode:       TiersMode(d.str("tiers_mode", m["tiers_mode"])),
		TransformUsage:  d.transform("transform_usage", m["transform_usage"]),
		TrialPeriodDays: r.TrialPeriodDays,
		UsageType:       r.UsageType,
		wire:            wireDecoded,
	}
	if d.err != nil {
		return d.err
	}
	for k, name := range planKeyNames {
		present(&out.wire, k, m[name])
	}
	*p = out
	return nil
}

// decodeAlone decodes a nested value on its own (errors name its field
// without an object).
func decodeAlone[T any](data []byte, dst *T, f func(d *decoder, raw json.RawMessage) T) error {
	if isJSONNull(data) {
		return nil
	}
	d := decoder{}
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		return &FieldError{Reason: err.Error(), Err: ErrInvalidJSON}
	}
	v := f(&d, bytes.TrimSpace(data))
	if d.err != nil {
		return d.err
	}
	*dst = v
	return nil
}

// UnmarshalJSON decodes price.recurring into r, replacing its contents; see
// Price.UnmarshalJSON for the rules.
func (r *Recurring) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, r, func(d *decoder, raw json.RawMessage) Recurring {
		m, ok := d.members("recurring", raw)
		if !ok {
			return Recurring{}
		}
		return d.recurringFields("", m)
	})
}

// UnmarshalJSON decodes a price_tier or plan_tier into t; up_to may be an
// integer, null or "inf" (both of the latter mean unbounded).
func (t *Tier) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, t, func(d *decoder, raw json.RawMessage) Tier {
		v := d.tier("tier", raw)
		if fe, ok := d.err.(*FieldError); ok {
			fe.Field = strings.TrimPrefix(strings.TrimPrefix(fe.Field, "tier"), ".")
		}
		return v
	})
}

// UnmarshalJSON decodes {"divide_by", "round"} into t.
func (t *TransformQuantity) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, t, func(d *decoder, raw json.RawMessage) TransformQuantity {
		m, ok := d.members("transform_quantity", raw)
		if !ok {
			return TransformQuantity{}
		}
		return TransformQuantity{DivideBy: d.count("divide_by", m["divide_by"]), Round: RoundDirection(d.str("round", m["round"]))}
	})
}

// UnmarshalJSON decodes {"maximum", "minimum", "preset"} into c.
func (c *CustomUnitAmount) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, c, func(d *decoder, raw json.RawMessage) CustomUnitAmount {
		m, ok := d.members("custom_unit_amount", raw)
		if !ok {
			return CustomUnitAmount{}
		}
		return CustomUnitAmount{
			Maximum: d.intPtr("maximum", m["maximum"]),
			Minimum: d.intPtr("minimum", m["minimum"]),
			Preset:  d.intPtr("preset", m["preset"]),
		}
	})
}

// UnmarshalJSON decodes one entry of price.currency_options into o.
func (o *CurrencyOption) UnmarshalJSON(data []byte) error {
	return decodeAlone(data, o, func(d *decoder, raw json.RawMessage) CurrencyOption {
		v := d.currencyOption("option", raw)
		if fe, ok := d.err.(*FieldError); ok {
			fe.Field = strings.TrimPrefix(strings.TrimPrefix(fe.Field, "option"), ".")
		}
		return v
	})
}
