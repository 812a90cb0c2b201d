package pricing_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

func i64(v int64) *int64 { return &v }

func dec(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

// tier builds a tier; upTo 0 means unbounded, nil amounts are unset.
func tier(upTo int64, unit, flat *int64) pricing.Tier {
	t := pricing.Tier{UnitAmount: unit, FlatAmount: flat}
	if upTo > 0 {
		t.UpTo = &upTo
	}
	return t
}

func perUnit(cur pricing.Currency, unit int64) pricing.Price {
	return pricing.Price{Currency: cur, BillingScheme: pricing.PerUnit, UnitAmount: &unit}
}

func perUnitDec(cur pricing.Currency, unit string) pricing.Price {
	return pricing.Price{Currency: cur, BillingScheme: pricing.PerUnit, UnitAmountDecimal: dec(unit)}
}

func tiered(mode pricing.TiersMode, tiers ...pricing.Tier) pricing.Price {
	return pricing.Price{Currency: "usd", BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers}
}

// stripeTiers are Stripe's documented example tiers: 1-5 at 7.00 USD,
// 6-10 at 6.50 USD, 11 and up at 6.00 USD.
func stripeTiers() []pricing.Tier {
	return []pricing.Tier{tier(5, i64(700), nil), tier(10, i64(650), nil), tier(0, i64(600), nil)}
}

func with(p pricing.Price, f func(*pricing.Price)) pricing.Price {
	f(&p)
	return p
}

// amountCase is one line to price. A case wants either an amount (and,
// optionally, the exact amount before rounding) or an error matching
// wantErr and, when wantField is set, a *pricing.FieldError naming it.
type amountCase struct {
	name      string
	reason    string
	price     pricing.Price
	quantity  int64
	opts      pricing.AmountOptions
	want      int64
	wantExact string
	wantErr   error
	wantField string
}

func (tc amountCase) check(t *testing.T) {
	t.Helper()
	got, err := tc.price.AmountWith(tc.quantity, tc.opts)
	checkAmountResult(t, "AmountWith", tc, got, err)
	if tc.opts == (pricing.AmountOptions{}) {
		got, err := tc.price.Amount(tc.quantity)
		checkAmountResult(t, "Amount", tc, got, err)
	}
	if tc.wantExact != "" {
		ex, err := tc.price.ExactAmount(tc.quantity)
		if err != nil {
			t.Fatalf("ExactAmount(%d): unexpected error %v (%s)", tc.quantity, err, tc.reason)
		}
		if want := decimal.RequireFromString(tc.wantExact); !ex.Equal(want) {
			t.Errorf("ExactAmount(%d) (-want +got):\n-%s\n+%s\n(%s)", tc.quantity, want, ex, tc.reason)
		}
	}
}

func checkAmountResult(t *testing.T, fn string, tc amountCase, got int64, err error) {
	t.Helper()
	if tc.wantErr == nil {
		if err != nil {
			t.Fatalf("%s(%d): unexpected error %v (%s)", fn, tc.quantity, err, tc.reason)
		}
		if got != tc.want {
			t.Errorf("%s(%d) (-want +got):\n-%d\n+%d\n(%s)", fn, tc.quantity, tc.want, got, tc.reason)
		}
		return
	}
	if !errors.Is(err, tc.wantErr) {
		t.Fatalf("%s(%d) error (-want +got):\n-%v\n+%v (amount %d)\n(%s)", fn, tc.quantity, tc.wantErr, err, got, tc.reason)
	}
	if got != 0 {
		t.Errorf("%s(%d) = %d with an error, want 0", fn, tc.quantity, got)
	}
	if tc.wantField != "" {
		var fe *pricing.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("%s(%d) error %v is not a *pricing.FieldError, want one naming %s", fn, tc.quantity, err, tc.wantField)
		}
		if fe.Field != tc.wantField {
			t.Errorf("%s(%d) error field (-want +got):\n-%s\n+%s\n(%v)", fn, tc.quantity, tc.wantField, fe.Field, err)
		}
	}
}

func runAmountCases(t *testing.T, cases []amountCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.check(t) })
	}
}

// workedExamples is testdata/worked-examples.json, a copy of Stripe's
// documented examples with their numbers.
type workedExamples struct {
	Examples []struct {
		ID     string          `json:"id"`
		Source string          `json:"source"`
		Price  json.RawMessage `json:"price"`
		Cases  []struct {
			Quantity int64 `json:"quantity"`
			Amount   int64 `json:"amount"`
		} `json:"cases"`
	} `json:"examples"`
}

func TestPrice_Amount_workedExamples(t *testing.T) {
	raw, err := os.ReadFile("testdata/worked-examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var w workedExamples
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Examples) == 0 {
		t.Fatal("no examples in testdata/worked-examples.json")
	}
	n := 0
	for _, ex := range w.Examples {
		var p pricing.Price
		if err := json.Unmarshal(ex.Price, &p); err != nil {
			t.Fatalf("%s: decoding the price: %v", ex.ID, err)
		}
		for _, c := range ex.Cases {
			n++
			amountCase{
				name:     ex.ID,
				reason:   "Stripe's documented result, " + ex.Source,
				price:    p,
				quantity: c.Quantity,
				want:     c.Amount,
			}.check(t)
			if got, err := pricing.ReferenceAmount(p, c.Quantity, pricing.AmountOptions{}); err != nil || got != c.Amount {
				t.Errorf("%s: the reference pricer bills %d units (-want +got):\n-%d\n+%d %v", ex.ID, c.Quantity, c.Amount, got, err)
			}
		}
	}
	if n < 11 {
		t.Errorf("checked %d worked cases, want all 11 of the file", n)
	}
}

func TestPrice_Amount(t *testing.T) {
	runAmountCases(t, []amountCase{
		{name: "per unit", reason: "q x unit_amount", price: perUnit("usd", 1000), quantity: 3, want: 3000, wantExact: "3000"},
		{name: "per unit zero quantity", reason: "nothing to bill", price: perUnit("usd", 1000), quantity: 0, want: 0, wantExact: "0"},
		{name: "unit amount and its decimal twin", reason: "objects Stripe returns carry both; integral decimals stay integers",
			price: with(perUnit("usd", 100), func(p *pricing.Price) { p.UnitAmountDecimal = dec("100") }), quantity: 7, want: 700, wantExact: "700"},
		{name: "integral decimal with trailing zeros", reason: "100.000 is the integer 100",
			price: perUnitDec("usd", "100.000"), quantity: 7, want: 700, wantExact: "700"},
		{name: "empty billing scheme is per unit", reason: "Stripe's default billing_scheme",
			price: pricing.Price{Currency: "usd", UnitAmount: i64(250)}, quantity: 4, want: 1000},
		{name: "decimal unit amount", reason: "0.5 cent x 3 = 1.5 cents, rounded half-up once",
			price: perUnitDec("usd", "0.5"), quantity: 3, want: 2, wantExact: "1.5"},
		{name: "twelve decimal places", reason: "Stripe allows 12 places; 3 x 0.000000000001 rounds to 0",
			price: perUnitDec("usd", "0.000000000001"), quantity: 3, want: 0, wantExact: "0.000000000003"},
		{name: "zero-decimal currency", reason: "jpy amounts are whole yen; 0.5 yen x 3 = 1.5 -> 2 yen",
			price: perUnitDec("jpy", "0.5"), quantity: 3, want: 2, wantExact: "1.5"},
		{name: "zero-decimal currency integer", reason: "1000 yen x 3",
			price: perUnit("jpy", 1000), quantity: 3, want: 3000},
		{name: "three-decimal currency", reason: "kwd has 3 decimals: 1.250 KWD = 1250 minor units",
			price: perUnit("kwd", 1250), quantity: 3, want: 3750},
		{name: "three-decimal currency decimal", reason: "0.3333 fils x 3 = 0.9999 -> 1",
			price: perUnitDec("kwd", "0.3333"), quantity: 3, want: 1, wantExact: "0.9999"},
		{name: "package up", reason: "Stripe: 25 USD per 5 units, 8 units rounded up to 2 packages",
			price: with(perUnit("usd", 2500), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirUp}
			}), quantity: 8, want: 5000},
		{name: "package down", reason: "floor(8/5) = 1 package",
			price: with(perUnit("usd", 2500), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirDown}
			}), quantity: 8, want: 2500},
		{name: "package exact multiple", reason: "10/5 = 2 packages either way",
			price: with(perUnit("usd", 2500), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirUp}
			}), quantity: 10, want: 5000},
		{name: "package zero", reason: "ceil(0/5) = 0",
			price: with(perUnit("usd", 2500), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirUp}
			}), quantity: 0, want: 0},
		{name: "package huge quantity rounds up without overflow", reason: "ceil(MaxInt64/2) computed without q+d-1",
			price: with(perUnit("usd", 1), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 2, Round: pricing.RoundDirUp}
			}), quantity: math.MaxInt64, want: math.MaxInt64/2 + 1},
		{name: "volume lower boundary", reason: "up_to is inclusive: 5 is in the first tier",
			price: tiered(pricing.Volume, stripeTiers()...), quantity: 5, want: 3500},
		{name: "volume zero quantity bills the first flat", reason: "q = 0 falls in the first tier",
			price: tiered(pricing.Volume, tier(5, i64(700), i64(1000)), tier(0, i64(600), i64(50))), quantity: 0, want: 1000, wantExact: "1000"},
		{name: "volume flat of the tier reached", reason: "6 units at 600 plus that tier's flat 50",
			price: tiered(pricing.Volume, tier(5, i64(700), i64(1000)), tier(0, i64(600), i64(50))), quantity: 6, want: 3650},
		{name: "graduated zero quantity bills the first flat", reason: "the first tier is always reached",
			price: tiered(pricing.Graduated, tier(5, i64(700), i64(1000)), tier(0, i64(600), i64(50))), quantity: 0, want: 1000},
		{name: "graduated flat per tier reached", reason: "5 x 700 + 1000 + 1 x 600 + 50",
			price: tiered(pricing.Graduated, tier(5, i64(700), i64(1000)), tier(0, i64(600), i64(50))), quantity: 6, want: 5150},
		{name: "graduated flat-only first tier", reason: "a base fee covering 10 units, then 100 each: 1000 + 5 x 100",
			price: tiered(pricing.Graduated, tier(10, nil, i64(1000)), tier(0, i64(100), nil)), quantity: 15, want: 1500},
		{name: "decimal flat amount", reason: "flat_amount_decimal 99.5 + 100 = 199.5 -> 200",
			price:    tiered(pricing.Graduated, pricing.Tier{UpTo: i64(1), UnitAmount: i64(100), FlatAmountDecimal: dec("99.5")}, tier(0, i64(100), nil)),
			quantity: 1, want: 200, wantExact: "199.5"},
		{name: "rounded once per line", reason: "0.4 + 0.4 = 0.8 -> 1; rounding each tier would give 0",
			price:    tiered(pricing.Graduated, pricing.Tier{UpTo: i64(1), UnitAmountDecimal: dec("0.4")}, pricing.Tier{UnitAmountDecimal: dec("0.4")}),
			quantity: 2, want: 1, wantExact: "0.8"},
		{name: "half of the largest quantity", reason: "0.5 x MaxInt64 = 4611686018427387903.5, exact in 128 bits, half-up",
			price: perUnitDec("usd", "0.5"), quantity: math.MaxInt64, want: 4611686018427387904, wantExact: "4611686018427387903.5"},
		{name: "long fraction", reason: "a 19-digit coefficient with a fraction is summed as a decimal",
			price: perUnitDec("usd", "1234567890123456.789"), quantity: 2, want: 2469135780246914, wantExact: "2469135780246913.578"},
		{name: "long fraction rounded", reason: "1234567890123456.789 x 1 rounds half-up",
			price: perUnitDec("usd", "1234567890123456.789"), quantity: 1, want: 1234567890123457, wantExact: "1234567890123456.789"},
		{name: "long fraction after a short one", reason: "the sum moves from 128-bit to decimal form mid-line",
			price:    tiered(pricing.Graduated, pricing.Tier{UpTo: i64(1), UnitAmountDecimal: dec("0.25")}, pricing.Tier{FlatAmountDecimal: dec("1234567890123456.25")}),
			quantity: 2, want: 1234567890123457, wantExact: "1234567890123456.5"},
		{name: "largest amount", reason: "exactly math.MaxInt64 minor units fits",
			price: perUnit("usd", math.MaxInt64), quantity: 1, want: math.MaxInt64},
		{name: "largest decimal amount", reason: "a 19-digit decimal equal to math.MaxInt64 fits",
			price: perUnitDec("usd", "9223372036854775807"), quantity: 1, want: math.MaxInt64},
	})
}

func TestPrice_AmountWith_rounding(t *testing.T) {
	onePointFive := perUnitDec("usd", "0.5") // x 3
	twoPointFive := perUnitDec("usd", "0.5") // x 5
	twoPointOne := perUnitDec("usd", "0.7")  // x 3
	type want struct{ q, halfUp, halfEven, up, down int64 }
	for _, tc := range []struct {
		name  string
		price pricing.Price
		want  want
	}{
		{"1.5", onePointFive, want{3, 2, 2, 2, 1}},
		{"2.5", twoPointFive, want{5, 3, 2, 3, 2}},
		{"2.1", twoPointOne, want{3, 2, 2, 3, 2}},
		{"2.0", twoPointFive, want{4, 2, 2, 2, 2}},
	} {
		for _, m := range []struct {
			mode pricing.RoundingMode
			want int64
		}{
			{pricing.RoundHalfUp, tc.want.halfUp},
			{pricing.RoundHalfEven, tc.want.halfEven},
			{pricing.RoundUp, tc.want.up},
			{pricing.RoundDown, tc.want.down},
		} {
			amountCase{
				name: tc.name + " " + m.mode.String(), reason: "rounding mode " + m.mode.String(),
				price: tc.price, quantity: tc.want.q, opts: pricing.AmountOptions{Rounding: m.mode}, want: m.want,
			}.check(t)
		}
	}
}

func customPrice(min, max *int64) pricing.Price {
	return pricing.Price{Currency: "usd", BillingScheme: pricing.PerUnit, Type: pricing.OneTime,
		CustomUnitAmount: &pricing.CustomUnitAmount{Minimum: min, Maximum: max}}
}

func TestPrice_AmountWith_customUnitAmount(t *testing.T) {
	p := customPrice(i64(500), i64(10000))
	runAmountCases(t, []amountCase{
		{name: "within bounds", reason: "the customer's amount is the line's amount",
			price: p, quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(2500)}, want: 2500},
		{name: "at the minimum", reason: "bounds are inclusive",
			price: p, quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(500)}, want: 500},
		{name: "at the maximum", reason: "bounds are inclusive",
			price: p, quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(10000)}, want: 10000},
		{name: "no bounds", reason: "minimum and maximum are optional",
			price: customPrice(nil, nil), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(1)}, want: 1},
		{name: "below the minimum", reason: "499 < 500",
			price: p, quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(499)},
			wantErr: pricing.ErrInvalidOptions, wantField: "custom_unit_amount.minimum"},
		{name: "above the maximum", reason: "10001 > 10000",
			price: p, quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(10001)},
			wantErr: pricing.ErrInvalidOptions, wantField: "custom_unit_amount.maximum"},
		{name: "negative custom amount", reason: "an amount is never negative",
			price: customPrice(nil, nil), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(-1)},
			wantErr: pricing.ErrInvalidOptions},
		{name: "custom amount missing", reason: "the customer must choose the amount",
			price: p, quantity: 1, wantErr: pricing.ErrInvalidOptions, wantField: "custom_unit_amount"},
		{name: "quantity other than one", reason: "policy: a pay-what-you-want line bills one item",
			price: p, quantity: 2, opts: pricing.AmountOptions{CustomAmount: i64(2500)}, wantErr: pricing.ErrInvalidQuantity},
		{name: "quantity zero", reason: "policy: a pay-what-you-want line bills one item",
			price: p, quantity: 0, opts: pricing.AmountOptions{CustomAmount: i64(2500)}, wantErr: pricing.ErrInvalidQuantity},
		{name: "custom amount on a normal price", reason: "refused rather than ignored",
			price: perUnit("usd", 100), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(2500)}, wantErr: pricing.ErrInvalidOptions},
		{name: "custom amount on a tiered price", reason: "refused rather than ignored",
			price: tiered(pricing.Volume, stripeTiers()...), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(2500)}, wantErr: pricing.ErrInvalidOptions},
		{name: "minimum above maximum", reason: "no amount can satisfy the bounds",
			price: customPrice(i64(10), i64(5)), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(7)},
			wantErr: pricing.ErrInvalidPrice, wantField: "custom_unit_amount.minimum"},
		{name: "negative minimum", reason: "bounds are amounts",
			price: customPrice(i64(-10), nil), quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(7)},
			wantErr: pricing.ErrInvalidPrice, wantField: "custom_unit_amount.minimum"},
		{name: "with transform_quantity", reason: "packages of a customer's amount mean nothing",
			price: with(p, func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 2, Round: pricing.RoundDirUp}
			}),
			quantity: 1, opts: pricing.AmountOptions{CustomAmount: i64(700)}, wantErr: pricing.ErrInvalidPrice, wantField: "transform_quantity"},
		{name: "unit amount wins over custom_unit_amount", reason: "a price with a unit amount is not pay-what-you-want (Stripe's mock objects carry both)",
			price: with(p, func(p *pricing.Price) { p.UnitAmount = i64(2000) }), quantity: 3, want: 6000},
		{name: "ExactAmount of a custom price", reason: "ExactAmount has no custom amount to use",
			price: p, quantity: 1, wantErr: pricing.ErrInvalidOptions, wantField: "custom_unit_amount"},
	})
	if _, err := p.ExactAmount(1); !errors.Is(err, pricing.ErrInvalidOptions) {
		t.Errorf("ExactAmount of a custom price: error (-want +got):\n-%v\n+%v", pricing.ErrInvalidOptions, err)
	}
}

func TestPrice_AmountWith_currencyOptions(t *testing.T) {
	p := with(perUnit("usd", 1000), func(p *pricing.Price) {
		p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{
			"eur": {UnitAmount: i64(900), UnitAmountDecimal: dec("900")},
			"jpy": {UnitAmountDecimal: dec("150.5")},
			"usd": {UnitAmount: i64(1000)},
			"gbp": {CustomUnitAmount: &pricing.CustomUnitAmount{Minimum: i64(100)}},
		}
	})
	tp := with(tiered(pricing.Graduated, stripeTiers()...), func(p *pricing.Price) {
		p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{
			"eur": {Tiers: []pricing.Tier{tier(5, i64(600), nil), tier(10, i64(550), nil), tier(0, i64(500), nil)}},
			"chf": {Tiers: []pricing.Tier{tier(5, i64(600), nil), tier(5, i64(550), nil), tier(0, i64(500), nil)}},
		}
	})
	runAmountCases(t, []amountCase{
		{name: "option unit amount", reason: "eur uses its own unit amount",
			price: p, quantity: 2, opts: pricing.AmountOptions{Currency: "eur"}, want: 1800},
		{name: "price's own currency", reason: "usd is the price itself",
			price: p, quantity: 2, opts: pricing.AmountOptions{Currency: "usd"}, want: 2000},
		{name: "empty currency", reason: "\"\" is the price itself",
			price: p, quantity: 2, want: 2000},
		{name: "option decimal rounding", reason: "150.5 yen x 3 = 451.5 -> half-even 452",
			price: p, quantity: 3, opts: pricing.AmountOptions{Currency: "jpy", Rounding: pricing.RoundHalfEven}, want: 452},
		{name: "option custom unit amount", reason: "gbp is pay-what-you-want with a minimum of 100",
			price: p, quantity: 1, opts: pricing.AmountOptions{Currency: "gbp", CustomAmount: i64(99)},
			wantErr: pricing.ErrInvalidOptions, wantField: "currency_options.gbp.custom_unit_amount.minimum"},
		{name: "unknown option currency", reason: "the price has no cad option",
			price: p, quantity: 1, opts: pricing.AmountOptions{Currency: "cad"},
			wantErr: pricing.ErrUnknownCurrency, wantField: "currency_options.cad"},
		{name: "option tiers", reason: "eur graduated: 5 x 600 + 5 x 550 + 2 x 500",
			price: tp, quantity: 12, opts: pricing.AmountOptions{Currency: "eur"}, want: 6750},
		{name: "option tier error names the option", reason: "chf tiers[1].up_to is not above tiers[0].up_to",
			price: tp, quantity: 12, opts: pricing.AmountOptions{Currency: "chf"},
			wantErr: pricing.ErrInvalidPrice, wantField: "currency_options.chf.tiers[1].up_to"},
	})
}

func TestPrice_Amount_errors(t *testing.T) {
	pkg := func(d int64, r pricing.RoundDirection) pricing.Price {
		return with(perUnit("usd", 100), func(p *pricing.Price) { p.TransformQuantity = &pricing.TransformQuantity{DivideBy: d, Round: r} })
	}
	runAmountCases(t, []amountCase{
		{name: "negative quantity", reason: "quantities are non-negative",
			price: perUnit("usd", 100), quantity: -1, wantErr: pricing.ErrInvalidQuantity},
		{name: "unknown rounding mode", reason: "only the four modes exist",
			price: perUnit("usd", 100), quantity: 1, opts: pricing.AmountOptions{Rounding: 9}, wantErr: pricing.ErrInvalidOptions},
		{name: "unknown billing scheme", reason: "per_unit or tiered",
			price: with(perUnit("usd", 100), func(p *pricing.Price) { p.BillingScheme = "flat" }), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "billing_scheme"},
		{name: "custom amount for a tiered price before its tiers_mode", reason: "the documented order: an unwanted CustomAmount is found as soon as the scheme shows it",
			price: tiered("", stripeTiers()...), quantity: 1,
			opts: pricing.AmountOptions{CustomAmount: i64(5)}, wantErr: pricing.ErrInvalidOptions},
		{name: "custom amount for a package price before its divide_by", reason: "the documented order: after the unit amount, before transform_quantity",
			price: pkg(0, pricing.RoundDirUp), quantity: 1,
			opts: pricing.AmountOptions{CustomAmount: i64(5)}, wantErr: pricing.ErrInvalidOptions},
		{name: "missing unit amount", reason: "per_unit needs an amount",
			price: pricing.Price{Currency: "usd", BillingScheme: pricing.PerUnit}, quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount"},
		{name: "negative unit amount", reason: "amounts are non-negative",
			price: perUnit("usd", -1), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount"},
		{name: "negative decimal", reason: "amounts are non-negative",
			price: perUnitDec("usd", "-0.5"), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount_decimal"},
		{name: "thirteen decimal places", reason: "Stripe allows at most 12",
			price: perUnitDec("usd", "0.0000000000001"), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount_decimal"},
		{name: "decimal disagrees", reason: "unit_amount 100 with unit_amount_decimal 100.5",
			price: with(perUnit("usd", 100), func(p *pricing.Price) { p.UnitAmountDecimal = dec("100.5") }), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount_decimal"},
		{name: "fractional decimal beside zero", reason: "unit_amount 0 with unit_amount_decimal 0.5 disagree",
			price: with(perUnit("usd", 0), func(p *pricing.Price) { p.UnitAmountDecimal = dec("0.5") }), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount_decimal"},
		{name: "decimal beyond int64", reason: "an amount must fit in int64 minor units",
			price: perUnitDec("usd", "9223372036854775808"), quantity: 0, wantErr: pricing.ErrOverflow, wantField: "unit_amount_decimal"},
		{name: "hostile large exponent", reason: "1e2147483647 is refused without being expanded",
			price: pricing.Price{Currency: "usd", UnitAmountDecimal: decimal.NewNullDecimal(decimal.New(1, math.MaxInt32))}, quantity: 1,
			wantErr: pricing.ErrOverflow, wantField: "unit_amount_decimal"},
		{name: "hostile small exponent", reason: "1e-2147483648 has far more than 12 places, decided without expanding it",
			price: pricing.Price{Currency: "usd", UnitAmountDecimal: decimal.NewNullDecimal(decimal.New(1, math.MinInt32))}, quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "unit_amount_decimal"},
		{name: "divide_by zero", reason: "divide_by is at least 1",
			price: pkg(0, pricing.RoundDirUp), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "transform_quantity.divide_by"},
		{name: "unknown round", reason: "round is up or down",
			price: pkg(5, "nearest"), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "transform_quantity.round"},
		{name: "tiered without tiers", reason: "tiers are required",
			price: tiered(pricing.Graduated), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "tiers"},
		{name: "tiered without tiers_mode", reason: "graduated or volume is required",
			price: tiered("", stripeTiers()...), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "tiers_mode"},
		{name: "unknown tiers_mode", reason: "graduated or volume",
			price: tiered("stairstep", stripeTiers()...), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "tiers_mode"},
		{name: "tiers with transform_quantity", reason: "Stripe refuses the combination",
			price: with(tiered(pricing.Volume, stripeTiers()...), func(p *pricing.Price) {
				p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 2, Round: pricing.RoundDirUp}
			}), quantity: 1, wantErr: pricing.ErrInvalidPrice, wantField: "transform_quantity"},
		{name: "tier without any amount", reason: "reported whatever the quantity: q = 1 never reaches tier 2",
			price: tiered(pricing.Graduated, tier(5, i64(1), nil), tier(10, i64(1), nil), tier(0, nil, nil)), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[2].unit_amount"},
		{name: "tier up_to not ascending", reason: "10 then 10",
			price: tiered(pricing.Volume, tier(10, i64(1), nil), tier(10, i64(1), nil), tier(0, i64(1), nil)), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[1].up_to"},
		{name: "last tier bounded", reason: "the last tier must be unbounded",
			price: tiered(pricing.Volume, tier(10, i64(1), nil), tier(20, i64(1), nil)), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[1].up_to"},
		{name: "middle tier unbounded", reason: "only the last tier may be unbounded",
			price: tiered(pricing.Volume, tier(0, i64(1), nil), tier(0, i64(1), nil)), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[0].up_to"},
		{name: "up_to zero", reason: "up_to is at least 1",
			price: tiered(pricing.Volume, pricing.Tier{UpTo: i64(0), UnitAmount: i64(1)}, tier(0, i64(1), nil)), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[0].up_to"},
		{name: "negative flat amount", reason: "amounts are non-negative",
			price: tiered(pricing.Volume, tier(0, i64(1), i64(-5))), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[0].flat_amount"},
		{name: "flat decimal disagrees", reason: "flat_amount 5 with flat_amount_decimal 6",
			price: tiered(pricing.Volume, pricing.Tier{FlatAmount: i64(5), FlatAmountDecimal: dec("6")}), quantity: 1,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[0].flat_amount_decimal"},
		{name: "per unit overflow", reason: "MaxInt64 x 2 does not fit",
			price: perUnit("usd", math.MaxInt64), quantity: 2, wantErr: pricing.ErrOverflow},
		{name: "flat overflow", reason: "1 x MaxInt64 + 1 does not fit",
			price: tiered(pricing.Volume, tier(0, i64(math.MaxInt64), i64(1))), quantity: 1, wantErr: pricing.ErrOverflow},
		{name: "graduated sum overflow", reason: "two tiers of MaxInt64/2+1 each",
			price: tiered(pricing.Graduated, tier(1, nil, i64(math.MaxInt64/2+1)), tier(0, nil, i64(math.MaxInt64/2+1))), quantity: 2,
			wantErr: pricing.ErrOverflow},
		{name: "just above int64 in 128 bits", reason: "1.000000000001 x MaxInt64 exceeds MaxInt64 by a fraction of the total",
			price: perUnitDec("usd", "1.000000000001"), quantity: math.MaxInt64, wantErr: pricing.ErrOverflow},
		{name: "long fraction overflow", reason: "a decimal-form sum above MaxInt64",
			price: perUnitDec("usd", "1234567890123456.789"), quantity: 10000, wantErr: pricing.ErrOverflow},
		{name: "decimal overflow", reason: "0.5 x MaxInt64 fits, 1.5 x MaxInt64 does not",
			price: perUnitDec("usd", "1.5"), quantity: math.MaxInt64, wantErr: pricing.ErrOverflow},
		{name: "structure before overflow", reason: "a broken tier is reported before an overflow in an earlier one",
			price: tiered(pricing.Graduated, tier(1, i64(math.MaxInt64), i64(math.MaxInt64)), tier(0, nil, nil)), quantity: 5,
			wantErr: pricing.ErrInvalidPrice, wantField: "tiers[1].unit_amount"},
	})
}

func TestPrice_AmountWith_doesNotMutate(t *testing.T) {
	p := with(tiered(pricing.Graduated, stripeTiers()...), func(p *pricing.Price) {
		p.Tiers[0].UnitAmountDecimal = dec("700")
	})
	before, _ := json.Marshal(p.Tiers[0].UnitAmountDecimal)
	for q := int64(0); q < 30; q++ {
		if _, err := p.Amount(q); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := json.Marshal(p.Tiers[0].UnitAmountDecimal)
	if string(before) != string(after) || *p.Tiers[0].UnitAmount != 700 || *p.Tiers[0].UpTo != 5 {
		t.Errorf("Amount changed the price's tiers: %s -> %s", before, after)
	}
}

// TestPrice_Amount_noAllocs pins the promise that integer prices are priced
// without allocating (a property of the code, not a timing).
func TestPrice_Amount_noAllocs(t *testing.T) {
	opt := with(perUnit("usd", 1000), func(p *pricing.Price) {
		p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{"eur": {UnitAmount: i64(900)}}
	})
	for _, bp := range amountBenches(t) {
		if bp.name == "decimal_unit" {
			continue
		}
		p := bp.price
		if n := testing.AllocsPerRun(100, func() { _, _ = p.Amount(95) }); n != 0 {
			t.Errorf("%s: Amount allocates %v times per call, want 0", bp.name, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = opt.AmountWith(3, pricing.AmountOptions{Currency: "eur", Rounding: pricing.RoundDown}) }); n != 0 {
		t.Errorf("currency option: AmountWith allocates %v times per call, want 0", n)
	}
}

func TestPrice_Amount_fractionalNoAllocs(t *testing.T) {
	p := tiered(pricing.Graduated,
		pricing.Tier{UpTo: i64(10), UnitAmountDecimal: dec("0.125"), FlatAmountDecimal: dec("99.000000000001")},
		pricing.Tier{UnitAmountDecimal: dec("0.0025")})
	if n := testing.AllocsPerRun(100, func() { _, _ = p.Amount(1234) }); n != 0 {
		t.Errorf("fractional graduated: Amount allocates %v times per call, want 0", n)
	}
	if got, err := p.Amount(1234); err != nil || got != 103 { // 10 x 0.125 + 99.000000000001 + 1224 x 0.0025 = 103.310000000001
		t.Errorf("Amount(1234) (-want +got):\n-103 <nil>\n+%d %v", got, err)
	}
}
