package pricing

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/billingkit/billingkit/internal/gostring"
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
	var f gostring.Fields
	f.Str("ID", p.ID)
	f.Str("Currency", string(p.Currency))
	f.Ptr("UnitAmount", p.UnitAmount)
	f.Dec("UnitAmountDecimal", p.UnitAmountDecimal)
	f.Str("BillingScheme", string(p.BillingScheme))
	f.Str("TiersMode", string(p.TiersMode))
	addTiers(&f, "Tiers", p.Tiers)
	if tq := p.TransformQuantity; tq != nil {
		f.Raw("TransformQuantity", transformGo(*tq))
	}
	if cu := p.CustomUnitAmount; cu != nil {
		f.Raw("CustomUnitAmount", customGo(*cu))
	}
	if r := p.Recurring; r != nil {
		f.Raw("Recurring", recurringGo(*r))
	}
	f.Str("Type", string(p.Type))
	if p.CurrencyOptions != nil {
		keys := slices.Sorted(maps.Keys(p.CurrencyOptions))
		opts := make(gostring.Fields, len(keys))
		for i, c := range keys {
			opts[i] = string(c) + ":" + optionGo(p.CurrencyOptions[c])
		}
		f.Raw("CurrencyOptions", opts.Braces())
	}
	f.Str("TaxBehavior", string(p.TaxBehavior))
	f.Str("Product", p.Product)
	f.Str("Nickname", p.Nickname)
	f.Str("LookupKey", p.LookupKey)
	f.Bool("Active", p.Active)
	f.Bool("Livemode", p.Livemode)
	f.Time("Created", p.Created)
	f.Metadata("Metadata", p.Metadata)
	return "pricing.Price" + f.Braces()
}

// GoString prints p's set fields, amounts first, with the rules of
// Price.GoString.
func (p Plan) GoString() string {
	var f gostring.Fields
	f.Str("ID", p.ID)
	f.Str("Currency", string(p.Currency))
	f.Ptr("Amount", p.Amount)
	f.Dec("AmountDecimal", p.AmountDecimal)
	f.Str("Interval", string(p.Interval))
	f.Int("IntervalCount", p.IntervalCount)
	f.Str("UsageType", string(p.UsageType))
	f.Str("AggregateUsage", string(p.AggregateUsage))
	f.Str("Meter", p.Meter)
	f.Str("BillingScheme", string(p.BillingScheme))
	f.Str("TiersMode", string(p.TiersMode))
	addTiers(&f, "Tiers", p.Tiers)
	if tq := p.TransformUsage; tq != nil {
		f.Raw("TransformUsage", transformGo(*tq))
	}
	f.Ptr("TrialPeriodDays", p.TrialPeriodDays)
	f.Str("Product", p.Product)
	f.Str("Nickname", p.Nickname)
	f.Bool("Active", p.Active)
	f.Bool("Livemode", p.Livemode)
	f.Time("Created", p.Created)
	f.Metadata("Metadata", p.Metadata)
	return "pricing.Plan" + f.Braces()
}

// GoString prints t's set fields with the rules of Price.GoString:
// pricing.Tier{UpTo:10, UnitAmount:100}. The unbounded last tier has no UpTo.
func (t Tier) GoString() string { return "pricing.Tier" + tierGo(t) }

func tierGo(t Tier) string {
	var f gostring.Fields
	f.Ptr("UpTo", t.UpTo)
	f.Ptr("UnitAmount", t.UnitAmount)
	f.Dec("UnitAmountDecimal", t.UnitAmountDecimal)
	f.Ptr("FlatAmount", t.FlatAmount)
	f.Dec("FlatAmountDecimal", t.FlatAmountDecimal)
	return f.Braces()
}

// addTiers adds a non-nil ts as a list of tiers.
func addTiers(f *gostring.Fields, name string, ts []Tier) {
	if ts != nil {
		f.List(name, len(ts), func(i int) string { return tierGo(ts[i]) })
	}
}

// recurringGo prints the cadence as "month x1", then the other set fields.
func recurringGo(r Recurring) string {
	var f gostring.Fields
	if r.Interval != "" && r.IntervalCount != 0 {
		f = append(f, string(r.Interval)+" x"+strconv.FormatInt(r.IntervalCount, 10))
	} else {
		f.Str("Interval", string(r.Interval))
		f.Int("IntervalCount", r.IntervalCount)
	}
	f.Str("UsageType", string(r.UsageType))
	f.Str("AggregateUsage", string(r.AggregateUsage))
	f.Str("Meter", r.Meter)
	f.Ptr("TrialPeriodDays", r.TrialPeriodDays)
	return f.Braces()
}

func transformGo(tq TransformQuantity) string {
	var f gostring.Fields
	f.Int("DivideBy", tq.DivideBy)
	f.Str("Round", string(tq.Round))
	return f.Braces()
}

func customGo(cu CustomUnitAmount) string {
	var f gostring.Fields
	f.Ptr("Minimum", cu.Minimum)
	f.Ptr("Maximum", cu.Maximum)
	f.Ptr("Preset", cu.Preset)
	return f.Braces()
}

func optionGo(o CurrencyOption) string {
	var f gostring.Fields
	f.Ptr("UnitAmount", o.UnitAmount)
	f.Dec("UnitAmountDecimal", o.UnitAmountDecimal)
	addTiers(&f, "Tiers", o.Tiers)
	if cu := o.CustomUnitAmount; cu != nil {
		f.Raw("CustomUnitAmount", customGo(*cu))
	}
	f.Str("TaxBehavior", string(o.TaxBehavior))
	return f.Braces()
}
