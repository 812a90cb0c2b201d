package pricing_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// pointerAddress matches a pointer as fmt prints it: (*int64)(0xc000012345)
// under %#v, 0xc000012345 under %v.
var pointerAddress = regexp.MustCompile(`\(0x[0-9a-f]+\)|0xc0[0-9a-f]{8}`)

func TestMoney_String(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    pricing.Money
		want string
	}{
		{"two-decimal with a symbol", pricing.Money{1000, "usd"}, "$10.00"},
		{"zero-decimal: no point", pricing.Money{1000, "jpy"}, "¥1000"},
		{"three-decimal without a symbol: code and space", pricing.Money{1000, "kwd"}, "KWD 1.000"},
		{"no symbol: uppercase code", pricing.Money{1250, "chf"}, "CHF 12.50"},
		{"negative: minus before the symbol", pricing.Money{-500, "usd"}, "-$5.00"},
		{"negative: minus before the code", pricing.Money{-1250, "chf"}, "-CHF 12.50"},
		{"negative zero-decimal", pricing.Money{-1, "jpy"}, "-¥1"},
		{"zero", pricing.Money{0, "usd"}, "$0.00"},
		{"less than one major unit: leading zeros", pricing.Money{5, "eur"}, "€0.05"},
		{"one fils", pricing.Money{1, "kwd"}, "KWD 0.001"},
		{"no thousands separators", pricing.Money{123456789, "gbp"}, "£1234567.89"},
		{"multi-letter symbol", pricing.Money{999, "cad"}, "CA$9.99"},
		{"MinInt64 does not overflow", pricing.Money{math.MinInt64, "usd"}, "-$92233720368547758.08"},
		{"MinInt64 in a three-decimal currency", pricing.Money{math.MinInt64, "kwd"}, "-KWD 9223372036854775.808"},
		{"MaxInt64", pricing.Money{math.MaxInt64, "jpy"}, "¥9223372036854775807"},
		{"unknown currency: exponent 2, its code", pricing.Money{1234, "xyz"}, "XYZ 12.34"},
		{"zero Money: amount alone", pricing.Money{}, "0.00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.String(); got != tt.want {
				t.Errorf("Money{%d, %q}.String() = %q, want %q", tt.m.Amount, tt.m.Currency, got, tt.want)
			}
			if got := fmt.Sprint(tt.m); got != tt.want {
				t.Errorf("fmt.Sprint = %q, want %q (fmt must use String)", got, tt.want)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tt := range []struct {
		name   string
		amount decimal.Decimal
		c      pricing.Currency
		want   string
	}{
		{"fraction of a cent, written exactly", decimal.RequireFromString("0.125"), "usd", "$0.00125"},
		{"whole amount: as Money", decimal.NewFromInt(1000), "usd", "$10.00"},
		{"positive exponent", decimal.New(1, 3), "usd", "$10.00"},
		{"trailing zeros beyond the exponent dropped", decimal.RequireFromString("12.3400"), "usd", "$0.1234"},
		{"zero-decimal currency with a fraction", decimal.RequireFromString("1000.5"), "jpy", "¥1000.5"},
		{"negative", decimal.RequireFromString("-0.5"), "usd", "-$0.005"},
		{"zero", decimal.Zero, "kwd", "KWD 0.000"},
		{"zero with a positive exponent", decimal.New(0, 5), "usd", "$0.00"},
		{"zero with a negative exponent", decimal.New(0, -7), "usd", "$0.00"},
		{"twelve places", decimal.RequireFromString("0.000000000001"), "eur", "€0.00000000000001"},
		{"beyond int64", decimal.RequireFromString("100000000000000000000"), "usd", "$1000000000000000000.00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := pricing.FormatDecimal(tt.amount, tt.c); got != tt.want {
				t.Errorf("FormatDecimal(%s, %q) = %q, want %q", tt.amount, tt.c, got, tt.want)
			}
		})
	}
}

// parseMoney undoes Money's policy: it strips the sign and the symbol or
// code of c, checks the shape of the number (exactly c.Exponent decimal
// places, no separators, no needless leading zero) and returns the minor
// units.
func parseMoney(t *rapid.T, s string, c pricing.Currency, symbol string) int64 {
	rest, neg := strings.CutPrefix(s, "-")
	rest, ok := strings.CutPrefix(rest, symbol)
	if !ok {
		t.Fatalf("%q does not start with %q", s, symbol)
	}
	exp := c.Exponent()
	shape := `^(0|[1-9][0-9]*)$`
	if exp > 0 {
		shape = `^(0|[1-9][0-9]*)\.[0-9]{` + strconv.Itoa(exp) + `}$`
	}
	if !regexp.MustCompile(shape).MatchString(rest) {
		t.Fatalf("%q: number %q does not match %s", s, rest, shape)
	}
	digits := strings.Replace(rest, ".", "", 1)
	if neg {
		digits = "-" + digits
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	if neg && v == 0 {
		t.Fatalf("%q: a minus sign on zero", s)
	}
	return v
}

// symbolOf is the prefix the policy gives c: a symbol from the table, or
// the uppercase code and a space.
func symbolOf(c pricing.Currency) string {
	s := pricing.Money{Currency: c}.String()
	if i := strings.IndexAny(s, "0123456789"); i >= 0 {
		return s[:i]
	}
	return s
}

// Every int64 amount in every currency parses back to itself, and an
// integral decimal formats as the Money of the same amount.
func TestMoney_String_ParsesBack(t *testing.T) {
	currencies := append(pricing.Currencies(), "xyz")
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(currencies).Draw(t, "currency")
		a := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-10_000, 10_000),
			rapid.SampledFrom([]int64{math.MinInt64, math.MinInt64 + 1, math.MaxInt64, -1, 0, 1})).Draw(t, "amount")
		sym := symbolOf(c)
		if sym == "" || strings.ContainsAny(sym, "-0123456789") {
			t.Fatalf("currency %q has prefix %q", c, sym)
		}
		s := pricing.Money{Amount: a, Currency: c}.String()
		if got := parseMoney(t, s, c, sym); got != a {
			t.Fatalf("%q parses back to %d, want %d", s, got, a)
		}
		if d := pricing.FormatDecimal(decimal.NewFromInt(a), c); d != s {
			t.Fatalf("FormatDecimal(%d) = %q, Money = %q", a, d, s)
		}
	})
}

// A decimal amount with up to 12 places parses back to the same value.
func TestFormatDecimal_ParsesBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := pricingtest.Currency().Draw(t, "currency")
		d := decimal.New(rapid.Int64().Draw(t, "coefficient"), int32(rapid.IntRange(-12, 3).Draw(t, "exponent")))
		s := pricing.FormatDecimal(d, c)
		rest, neg := strings.CutPrefix(s, "-")
		rest, ok := strings.CutPrefix(rest, symbolOf(c))
		if !ok {
			t.Fatalf("%q does not start with %q", s, symbolOf(c))
		}
		if neg != (d.Sign() < 0) {
			t.Fatalf("%q: sign of %s", s, d)
		}
		if i := strings.IndexByte(rest, '.'); c.Exponent() > 0 && (i < 0 || len(rest)-i-1 < c.Exponent()) {
			t.Fatalf("%q: fewer than %d decimal places", s, c.Exponent())
		}
		back, err := decimal.NewFromString(rest)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if neg {
			back = back.Neg()
		}
		if back = back.Shift(int32(c.Exponent())); !back.Equal(d) {
			t.Fatalf("%q parses back to %s minor units, want %s", s, back, d)
		}
	})
}

func formatPtr(v int64) *int64 { return &v }

func TestPrice_GoString(t *testing.T) {
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		name string
		v    fmt.GoStringer
		want string
	}{
		{"the set fields of a recurring price",
			pricing.Price{ID: "price_1", Currency: "usd", UnitAmount: formatPtr(1000), Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}},
			`pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000, Recurring:{month x1}}`},
		{"tiers, options, decimals, metadata and times",
			pricing.Price{
				ID: "price_t", Currency: "eur", BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated,
				Tiers: []pricing.Tier{
					{UpTo: formatPtr(5), UnitAmount: formatPtr(700)},
					{FlatAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("0.5"))},
				},
				CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{
					"usd": {UnitAmount: formatPtr(800)},
					"gbp": {CustomUnitAmount: &pricing.CustomUnitAmount{Minimum: formatPtr(100)}},
				},
				Recurring: &pricing.Recurring{Interval: pricing.Year, IntervalCount: 2, UsageType: pricing.Metered, Meter: "mtr_1", TrialPeriodDays: formatPtr(14)},
				Type:      pricing.RecurringType, Active: true, Created: created,
				Metadata: map[string]string{"b": "2", "a": "1"},
			},
			`pricing.Price{ID:"price_t", Currency:"eur", BillingScheme:"tiered", TiersMode:"graduated", ` +
				`Tiers:[{UpTo:5, UnitAmount:700}, {FlatAmountDecimal:0.5}], ` +
				`Recurring:{year x2, UsageType:"metered", Meter:"mtr_1", TrialPeriodDays:14}, Type:"recurring", ` +
				`CurrencyOptions:{gbp:{CustomUnitAmount:{Minimum:100}}, usd:{UnitAmount:800}}, ` +
				`Active:true, Created:2025-01-02T03:04:05Z, Metadata:{"a":"1", "b":"2"}}`},
		{"package pricing and an empty metadata map",
			pricing.Price{UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("0.125")),
				TransformQuantity: &pricing.TransformQuantity{DivideBy: 10, Round: pricing.RoundDirUp}, Metadata: map[string]string{}},
			`pricing.Price{UnitAmountDecimal:0.125, TransformQuantity:{DivideBy:10, Round:"up"}, Metadata:{}}`},
		{"zero Price", pricing.Price{}, `pricing.Price{}`},
		{"plan",
			pricing.Plan{ID: "plan_1", Currency: "jpy", Amount: formatPtr(500), Interval: pricing.Week, IntervalCount: 1,
				TransformUsage: &pricing.TransformQuantity{DivideBy: 3, Round: pricing.RoundDirDown}, TrialPeriodDays: formatPtr(0)},
			`pricing.Plan{ID:"plan_1", Currency:"jpy", Amount:500, Interval:"week", IntervalCount:1, TransformUsage:{DivideBy:3, Round:"down"}, TrialPeriodDays:0}`},
		{"bounded tier", pricing.Tier{UpTo: formatPtr(10), UnitAmount: formatPtr(100)}, `pricing.Tier{UpTo:10, UnitAmount:100}`},
		{"unbounded tier: no UpTo", pricing.Tier{FlatAmount: formatPtr(0), UnitAmount: formatPtr(-3)}, `pricing.Tier{UnitAmount:-3, FlatAmount:0}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.GoString(); got != tt.want {
				t.Errorf("GoString\n got %s\nwant %s", got, tt.want)
			}
			if got := fmt.Sprintf("%#v", tt.v); got != tt.want {
				t.Errorf("%%#v\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// wantAmounts lists "Name:amount" entries GoString must show for p.
func wantAmounts(p pricing.Price) []string {
	var want []string
	add := func(name string, v *int64) {
		if v != nil {
			want = append(want, name+":"+strconv.FormatInt(*v, 10))
		}
	}
	addDec := func(name string, d decimal.NullDecimal) {
		if d.Valid {
			want = append(want, name+":"+d.Decimal.String())
		}
	}
	add("UnitAmount", p.UnitAmount)
	addDec("UnitAmountDecimal", p.UnitAmountDecimal)
	tiers := p.Tiers
	for _, o := range p.CurrencyOptions {
		add("UnitAmount", o.UnitAmount)
		addDec("UnitAmountDecimal", o.UnitAmountDecimal)
		tiers = append(tiers[:len(tiers):len(tiers)], o.Tiers...)
	}
	for _, tier := range tiers {
		add("UpTo", tier.UpTo)
		add("UnitAmount", tier.UnitAmount)
		addDec("UnitAmountDecimal", tier.UnitAmountDecimal)
		add("FlatAmount", tier.FlatAmount)
		addDec("FlatAmountDecimal", tier.FlatAmountDecimal)
	}
	if cu := p.CustomUnitAmount; cu != nil {
		add("Minimum", cu.Minimum)
		add("Maximum", cu.Maximum)
		add("Preset", cu.Preset)
	}
	return want
}

// Generated prices and plans print their amounts and no pointer address,
// alone and inside a slice (as rapid logs them).
func TestGoString_Generated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		s := fmt.Sprintf("%#v", []pricing.Price{p})
		if pointerAddress.MatchString(s) {
			t.Fatalf("address in %s", s)
		}
		for _, w := range wantAmounts(p) {
			if !strings.Contains(s, w) {
				t.Fatalf("%s lacks %s", s, w)
			}
		}
		pl := pricingtest.Plan().Draw(t, "plan")
		s = fmt.Sprintf("%#v", pl)
		if pointerAddress.MatchString(s) {
			t.Fatalf("address in %s", s)
		}
		if pl.Amount != nil && !strings.Contains(s, "Amount:"+strconv.FormatInt(*pl.Amount, 10)) {
			t.Fatalf("%s lacks Amount:%d", s, *pl.Amount)
		}
	})
}
