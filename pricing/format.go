package pricing

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Money is an amount in minor units of a currency, for display: Money{1000,
// "usd"} prints "$10.00". It is a plain value; the zero Money prints "0.00".
type Money struct {
	Amount   int64    // minor units (cents for usd, yen for jpy, fils for kwd)
	Currency Currency // the currency of Amount
}

// symbols is the display symbol of a few well-known currencies: the
// standard symbols of the Unicode CLDR's English locale. Every other
// currency prints its uppercase code.
var symbols = map[Currency]string{
	"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cny": "CN¥", "inr": "₹",
	"krw": "₩", "ils": "₪", "vnd": "₫", "cad": "CA$", "aud": "A$", "nzd": "NZ$",
	"hkd": "HK$", "mxn": "MX$", "brl": "R$", "twd": "NT$",
}

// String formats m by a fixed policy, the same for every locale:
//
//   - the amount is written in major units with exactly Currency.Exponent
//     decimal places after a point ("10.00" for 1000 usd, "1000" for 1000
//     jpy, "1.000" for 1000 kwd), digits only, no thousands separators;
//   - a currency in the symbol table (usd $, eur €, gbp £, jpy ¥, cny CN¥,
//     inr ₹, krw ₩, ils ₪, vnd ₫, cad CA$, aud A$, nzd NZ$, hkd HK$, mxn MX$,
//     brl R$, twd NT$) is written as its symbol right before the amount
//     ("$10.00"); any other as its uppercase code and a space ("CHF 12.50",
//     "KWD 1.000"); an empty currency as the amount alone;
//   - a negative amount starts with a minus sign, before the symbol or code
//     ("-$5.00", "-CHF 12.50").
//
// Every int64 formats exactly, math.MinInt64 included.
func (m Money) String() string {
	neg := m.Amount < 0
	u := uint64(m.Amount)
	if neg {
		u = -u // two's complement: exact for math.MinInt64 too
	}
	return formatMoney(neg, strconv.FormatUint(u, 10), 0, m.Currency)
}

// FormatDecimal formats amount, a number of minor units of c that may be
// fractional (a unit_amount_decimal such as 0.125 cents), with Money's
// policy. The amount is written exactly: at least c.Exponent decimal
// places, more when it has them, never rounded ("$0.00125" for 0.125 usd
// cents, "$10.00" for 1000).
func FormatDecimal(amount decimal.Decimal, c Currency) string {
	if amount.Sign() == 0 {
		return formatMoney(false, "0", 0, c)
	}
	neg := amount.Sign() < 0
	digits := amount.Coefficient()
	digits.Abs(digits)
	e := int(amount.Exponent())
	s := digits.String()
	if e > 0 {
		s += strings.Repeat("0", e)
		e = 0
	}
	return formatMoney(neg, s, -e, c)
}

// formatMoney writes the amount digits x 10^-places minor units of c, with
// digits a non-empty string of decimal digits.
func formatMoney(neg bool, digits string, places int, c Currency) string {
	exp := c.Exponent()
	places += exp // decimal places in major units
	for places > exp && digits[len(digits)-1] == '0' {
		digits, places = digits[:len(digits)-1], places-1
	}
	if len(digits) <= places {
		digits = strings.Repeat("0", places-len(digits)+1) + digits
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if sym, ok := symbols[c]; ok {
		b.WriteString(sym)
	} else if c != "" {
		b.WriteString(strings.ToUpper(string(c)))
		b.WriteByte(' ')
	}
	b.WriteString(digits[:len(digits)-places])
	if places > 0 {
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-places:])
	}
	return b.String()
}

// GoString prints p's set fields, amounts first, in Go-like syntax, so that
// %#v (and rapid's logs of drawn values) shows amounts instead of pointer
// addresses: pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000,
// Recurring:{month x1}}. Nil pointers, empty strings, false, zero numbers
// and zero times are left out; a nil map or slice is left out and an empty
// one prints as {} or [].
func (p Price) GoString() string {
	var f goFields
	f.str("ID", p.ID)
	f.str("Currency", string(p.Currency))
	f.ptr("UnitAmount", p.UnitAmount)
	f.dec("UnitAmountDecimal", p.UnitAmountDecimal)
	f.str("BillingScheme", string(p.BillingScheme))
	f.str("TiersMode", string(p.TiersMode))
	f.tiers("Tiers", p.Tiers)
	if tq := p.TransformQuantity; tq != nil {
		f.raw("TransformQuantity", transformGo(*tq))
	}
	if cu := p.CustomUnitAmount; cu != nil {
		f.raw("CustomUnitAmount", customGo(*cu))
	}
	if r := p.Recurring; r != nil {
		f.raw("Recurring", recurringGo(*r))
	}
	f.str("Type", string(p.Type))
	if p.CurrencyOptions != nil {
		keys := make([]Currency, 0, len(p.CurrencyOptions))
		for c := range p.CurrencyOptions {
			keys = append(keys, c)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		opts := make(goFields, len(keys))
		for i, c := range keys {
			opts[i] = string(c) + ":" + optionGo(p.CurrencyOptions[c])
		}
		f.raw("CurrencyOptions", opts.braces())
	}
	f.str("TaxBehavior", string(p.TaxBehavior))
	f.str("Product", p.Product)
	f.str("Nickname", p.Nickname)
	f.str("LookupKey", p.LookupKey)
	f.bool("Active", p.Active)
	f.bool("Livemode", p.Livemode)
	f.time("Created", p.Created)
	f.metadata("Metadata", p.Metadata)
	return "pricing.Price" + f.braces()
}

// GoString prints p's set fields, amounts first, with the rules of
// Price.GoString.
func (p Plan) GoString() string {
	var f goFields
	f.str("ID", p.ID)
	f.str("Currency", string(p.Currency))
	f.ptr("Amount", p.Amount)
	f.dec("AmountDecimal", p.AmountDecimal)
	f.str("Interval", string(p.Interval))
	f.int("IntervalCount", p.IntervalCount)
	f.str("UsageType", string(p.UsageType))
	f.str("AggregateUsage", string(p.AggregateUsage))
	f.str("Meter", p.Meter)
	f.str("BillingScheme", string(p.BillingScheme))
	f.str("TiersMode", string(p.TiersMode))
	f.tiers("Tiers", p.Tiers)
	if tq := p.TransformUsage; tq != nil {
		f.raw("TransformUsage", transformGo(*tq))
	}
	f.ptr("TrialPeriodDays", p.TrialPeriodDays)
	f.str("Product", p.Product)
	f.str("Nickname", p.Nickname)
	f.bool("Active", p.Active)
	f.bool("Livemode", p.Livemode)
	f.time("Created", p.Created)
	f.metadata("Metadata", p.Metadata)
	return "pricing.Plan" + f.braces()
}

// GoString prints t's set fields with the rules of Price.GoString:
// pricing.Tier{UpTo:10, UnitAmount:100}. The unbounded last tier has no UpTo.
func (t Tier) GoString() string { return "pricing.Tier" + tierGo(t) }

func tierGo(t Tier) string {
	var f goFields
	f.ptr("UpTo", t.UpTo)
	f.ptr("UnitAmount", t.UnitAmount)
	f.dec("UnitAmountDecimal", t.UnitAmountDecimal)
	f.ptr("FlatAmount", t.FlatAmount)
	f.dec("FlatAmountDecimal", t.FlatAmountDecimal)
	return f.braces()
}

// recurringGo prints the cadence as "month x1", then the other set fields.
func recurringGo(r Recurring) string {
	var f goFields
	if r.Interval != "" && r.IntervalCount != 0 {
		f = append(f, string(r.Interval)+" x"+strconv.FormatInt(r.IntervalCount, 10))
	} else {
		f.str("Interval", string(r.Interval))
		f.int("IntervalCount", r.IntervalCount)
	}
	f.str("UsageType", string(r.UsageType))
	f.str("AggregateUsage", string(r.AggregateUsage))
	f.str("Meter", r.Meter)
	f.ptr("TrialPeriodDays", r.TrialPeriodDays)
	return f.braces()
}

func transformGo(tq TransformQuantity) string {
	var f goFields
	f.int("DivideBy", tq.DivideBy)
	f.str("Round", string(tq.Round))
	return f.braces()
}

func customGo(cu CustomUnitAmount) string {
	var f goFields
	f.ptr("Minimum", cu.Minimum)
	f.ptr("Maximum", cu.Maximum)
	f.ptr("Preset", cu.Preset)
	return f.braces()
}

func optionGo(o CurrencyOption) string {
	var f goFields
	f.ptr("UnitAmount", o.UnitAmount)
	f.dec("UnitAmountDecimal", o.UnitAmountDecimal)
	f.tiers("Tiers", o.Tiers)
	if cu := o.CustomUnitAmount; cu != nil {
		f.raw("CustomUnitAmount", customGo(*cu))
	}
	f.str("TaxBehavior", string(o.TaxBehavior))
	return f.braces()
}

// goFields collects "Name:value" entries of a GoString.
type goFields []string

func (f goFields) braces() string { return "{" + strings.Join(f, ", ") + "}" }

func (f *goFields) raw(name, v string) { *f = append(*f, name+":"+v) }

func (f *goFields) str(name, v string) {
	if v != "" {
		f.raw(name, strconv.Quote(v))
	}
}

func (f *goFields) int(name string, v int64) {
	if v != 0 {
		f.raw(name, strconv.FormatInt(v, 10))
	}
}

func (f *goFields) ptr(name string, v *int64) {
	if v != nil {
		f.raw(name, strconv.FormatInt(*v, 10))
	}
}

func (f *goFields) dec(name string, d decimal.NullDecimal) {
	if d.Valid {
		f.raw(name, d.Decimal.String())
	}
}

func (f *goFields) bool(name string, v bool) {
	if v {
		f.raw(name, "true")
	}
}

func (f *goFields) time(name string, t time.Time) {
	if !t.IsZero() {
		f.raw(name, t.Format(time.RFC3339Nano))
	}
}

func (f *goFields) tiers(name string, ts []Tier) {
	if ts == nil {
		return
	}
	list := make([]string, len(ts))
	for i, t := range ts {
		list[i] = tierGo(t)
	}
	f.raw(name, "["+strings.Join(list, ", ")+"]")
}

func (f *goFields) metadata(name string, m map[string]string) {
	if m == nil {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kv := make(goFields, len(keys))
	for i, k := range keys {
		kv[i] = strconv.Quote(k) + ":" + strconv.Quote(m[k])
	}
	f.raw(name, kv.braces())
}
