package pricing_test

import (
	"encoding/json"
	"math"
	"sort"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var roundingModes = []pricing.RoundingMode{pricing.RoundHalfUp, pricing.RoundHalfEven, pricing.RoundUp, pricing.RoundDown}

// checkReference prices q of p with opts in the fast code and in the big.Rat
// reference (slow_test.go) and fails unless both return the same amount or
// the same error (same sentinels, same field). It checks ExactAmount the same
// way, and that ExactAmount rounded half-up is Amount. It does so three
// times: for p as given (built in Go: the general path), for p.Compile()
// (the same price with compiled tier tables) and for p decoded from its own
// JSON (compiled by decoding, and read the way Stripe's JSON is read; the
// reference prices the decoded value).
func checkReference(t *rapid.T, p pricing.Price, q int64, opts pricing.AmountOptions) {
	checkReferenceOf(t, "built", p, q, opts)
	c, _ := p.Compile()
	checkReferenceOf(t, "compiled", c, q, opts)
	if d, ok := decodeAgain(p); ok {
		checkReferenceOf(t, "decoded", d, q, opts)
	}
}

// decodeAgain returns p decoded from its own JSON; false when that JSON
// does not decode (a hostile value, such as a decimal no decoder reads).
func decodeAgain(p pricing.Price) (pricing.Price, bool) {
	data, err := json.Marshal(p)
	if err != nil {
		return pricing.Price{}, false
	}
	var d pricing.Price
	if err := json.Unmarshal(data, &d); err != nil {
		return pricing.Price{}, false
	}
	return d, true
}

func checkReferenceOf(t *rapid.T, form string, p pricing.Price, q int64, opts pricing.AmountOptions) {
	t.Helper()
	got, err := p.AmountWith(q, opts)
	want, werr := pricing.ReferenceAmount(p, q, opts)
	if !pricing.SameError(err, werr) {
		t.Fatalf("%s: AmountWith(%d, %+v) error (-want +got):\n-%v\n+%v", form, q, opts, werr, err)
	}
	if err == nil && got != want {
		t.Fatalf("%s: AmountWith(%d, %+v) (-want +got):\n-%d\n+%d", form, q, opts, want, got)
	}

	exact, err := p.ExactAmount(q)
	wantExact, werr := pricing.ReferenceExact(p, q, pricing.AmountOptions{})
	if !pricing.SameError(err, werr) {
		t.Fatalf("%s: ExactAmount(%d) error (-want +got):\n-%v\n+%v", form, q, werr, err)
	}
	if err != nil {
		return
	}
	if w := pricing.RatToDecimal(wantExact); !exact.Equal(w) {
		t.Fatalf("%s: ExactAmount(%d) (-want +got):\n-%s\n+%s", form, q, w, exact)
	}
	amount, err := p.Amount(q)
	if err != nil {
		t.Fatalf("%s: ExactAmount(%d) = %s but Amount fails: %v", form, q, exact, err)
	}
	if r, err := pricing.RoundHalfUp.Round(exact); err != nil || r != amount {
		t.Fatalf("%s: ExactAmount(%d) = %s rounds half-up to %d (%v), Amount = %d", form, q, exact, r, err, amount)
	}
}

// drawOptions draws options that fit p most of the time: the price's own
// currency or one of its options (sometimes one it lacks), any rounding
// mode, and a custom amount for pay-what-you-want prices (sometimes outside
// the bounds, sometimes missing, sometimes given to a price without one).
func drawOptions(t *rapid.T, p pricing.Price) pricing.AmountOptions {
	var o pricing.AmountOptions
	o.Rounding = rapid.SampledFrom(roundingModes).Draw(t, "rounding")
	keys := []pricing.Currency{"", p.Currency}
	for c := range p.CurrencyOptions {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	if rapid.IntRange(0, 19).Draw(t, "unknown_currency") == 0 {
		o.Currency = "xxx"
	} else {
		o.Currency = rapid.SampledFrom(keys).Draw(t, "currency")
	}
	if rapid.IntRange(0, 4).Draw(t, "has_custom_amount") > 0 {
		v := rapid.OneOf(rapid.Int64Range(0, pricingtest.MaxAmount), rapid.Int64Range(-2, 200_000)).Draw(t, "custom_amount")
		o.CustomAmount = &v
	}
	return o
}

func TestPrice_AmountWith_matchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		q := pricingtest.QuantityFor(p).Draw(t, "quantity")
		if p.CustomUnitAmount != nil && rapid.Bool().Draw(t, "custom_quantity_one") {
			q = 1
		}
		checkReference(t, p, q, drawOptions(t, p))
	})
}

// A price Validate accepts can always be priced, at any quantity within
// pricingtest's bounds, in its own currency and every option's, with the
// customer's amount within bounds for pay-what-you-want prices.
func TestPrice_AmountWith_validPricesPrice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		if err := p.Validate(); err != nil {
			t.Fatalf("pricingtest.Price generated an invalid price: %v", err)
		}
		q := pricingtest.QuantityFor(p).Draw(t, "quantity")
		currencies := []pricing.Currency{""}
		for c := range p.CurrencyOptions {
			currencies = append(currencies, c)
		}
		for _, c := range currencies {
			o := pricing.AmountOptions{Currency: c, Rounding: rapid.SampledFrom(roundingModes).Draw(t, "rounding")}
			cu := p.CustomUnitAmount
			if c != "" {
				cu = p.CurrencyOptions[c].CustomUnitAmount
			}
			if cu != nil {
				lo, hi := int64(0), int64(pricingtest.MaxAmount)
				if cu.Minimum != nil {
					lo = *cu.Minimum
				}
				if cu.Maximum != nil {
					hi = *cu.Maximum
				}
				v := rapid.Int64Range(lo, hi).Draw(t, "custom_amount")
				o.CustomAmount, q = &v, 1
			}
			if _, err := p.AmountWith(q, o); err != nil {
				t.Fatalf("a valid price fails to price %d in %q: %v", q, c, err)
			}
		}
	})
}

func TestPrice_AmountWith_everyModeMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		q := pricingtest.QuantityFor(p).Draw(t, "quantity")
		o := drawOptions(t, p)
		for _, m := range roundingModes {
			o.Rounding = m
			checkReference(t, p, q, o)
		}
	})
}

func TestPrice_AmountWith_currencyOptionsMatchReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		q := pricingtest.QuantityFor(p).Draw(t, "quantity")
		for c := range p.CurrencyOptions {
			o := pricing.AmountOptions{Currency: c}
			if p.CustomUnitAmount != nil {
				v := rapid.Int64Range(0, pricingtest.MaxAmount).Draw(t, "custom_amount")
				o.CustomAmount, q = &v, 1
			}
			checkReference(t, p, q, o)
		}
	})
}

func TestPrice_Amount_graduatedMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.TieredPrice(pricing.Graduated).Draw(t, "price")
		q1 := pricingtest.QuantityFor(p).Draw(t, "q1")
		q2 := pricingtest.QuantityFor(p).Draw(t, "q2")
		if q1 > q2 {
			q1, q2 = q2, q1
		}
		e1, err1 := p.ExactAmount(q1)
		e2, err2 := p.ExactAmount(q2)
		if err1 != nil || err2 != nil {
			t.Fatalf("ExactAmount: %v, %v", err1, err2)
		}
		if e1.GreaterThan(e2) {
			t.Fatalf("exact amount of %d = %s > exact amount of %d = %s", q1, e1, q2, e2)
		}
		for _, m := range roundingModes {
			a1, _ := p.AmountWith(q1, pricing.AmountOptions{Rounding: m})
			a2, _ := p.AmountWith(q2, pricing.AmountOptions{Rounding: m})
			if a1 > a2 {
				t.Fatalf("%v: amount of %d = %d > amount of %d = %d", m, q1, a1, q2, a2)
			}
		}
	})
}

// drawUnit draws an amount as a tier or price carries it: integer, decimal,
// or both.
func drawUnit(t *rapid.T, label string) (*int64, decimal.NullDecimal) {
	v := rapid.Int64Range(0, pricingtest.MaxAmount).Draw(t, label)
	switch rapid.IntRange(0, 2).Draw(t, label+"_form") {
	case 0:
		return &v, decimal.NullDecimal{}
	case 1:
		return &v, decimal.NullDecimal{Decimal: decimal.NewFromInt(v), Valid: true}
	}
	places := rapid.IntRange(0, 12).Draw(t, label+"_places")
	return nil, decimal.NullDecimal{Decimal: decimal.New(v, int32(-places)), Valid: true}
}

func TestPrice_Amount_oneTierIsPerUnit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		unit, unitDec := drawUnit(t, "unit")
		per := pricing.Price{Currency: "usd", BillingScheme: pricing.PerUnit, UnitAmount: unit, UnitAmountDecimal: unitDec}
		one := pricing.Tier{UnitAmount: unit, UnitAmountDecimal: unitDec}
		grad := pricing.Price{Currency: "usd", BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated, Tiers: []pricing.Tier{one}}
		vol := grad
		vol.TiersMode = pricing.Volume
		q := pricingtest.Quantity().Draw(t, "quantity")
		m := rapid.SampledFrom(roundingModes).Draw(t, "rounding")
		o := pricing.AmountOptions{Rounding: m}
		want, err := per.AmountWith(q, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []pricing.Price{grad, vol} {
			got, err := p.AmountWith(q, o)
			if err != nil || got != want {
				t.Fatalf("%s with one tier, q=%d (-want +got):\n-%d\n+%d %v", p.TiersMode, q, want, got, err)
			}
		}
	})
}

func TestPrice_Amount_volumeAndGraduatedAgreeWithOneTier(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var one pricing.Tier
		one.UnitAmount, one.UnitAmountDecimal = drawUnit(t, "unit")
		if rapid.Bool().Draw(t, "has_flat") {
			one.FlatAmount, one.FlatAmountDecimal = drawUnit(t, "flat")
		}
		grad := pricing.Price{Currency: "usd", BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated, Tiers: []pricing.Tier{one}}
		vol := grad
		vol.TiersMode = pricing.Volume
		q := pricingtest.Quantity().Draw(t, "quantity")
		g, gerr := grad.ExactAmount(q)
		v, verr := vol.ExactAmount(q)
		if gerr != nil || verr != nil || !g.Equal(v) {
			t.Fatalf("one tier, q=%d: graduated %s (%v), volume %s (%v)", q, g, gerr, v, verr)
		}
	})
}

func TestPrice_Amount_packageIsPerUnitOnTransformedQuantity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.PackagePrice().Draw(t, "price")
		q := pricingtest.QuantityFor(p).Draw(t, "quantity")
		tq := *p.TransformQuantity
		packages := q / tq.DivideBy
		if tq.Round == pricing.RoundDirUp && packages*tq.DivideBy != q {
			packages++
		}
		per := p
		per.TransformQuantity = nil
		m := rapid.SampledFrom(roundingModes).Draw(t, "rounding")
		o := pricing.AmountOptions{Rounding: m}
		want, err := per.AmountWith(packages, o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.AmountWith(q, o)
		if err != nil || got != want {
			t.Fatalf("q=%d in packages of %d rounded %s = %d packages (-want +got):\n-%d\n+%d %v", q, tq.DivideBy, tq.Round, packages, want, got, err)
		}
	})
}

// drawLargePrice draws a valid price whose amounts and quantities are large
// enough that the line often exceeds int64.
func drawLargePrice(t *rapid.T) (pricing.Price, int64) {
	big := rapid.OneOf(
		rapid.Int64Range(0, 1000),
		rapid.Int64Range(math.MaxInt64/1_000_000, math.MaxInt64/1000),
		rapid.Int64Range(math.MaxInt64/4, math.MaxInt64),
	)
	amount := func(label string) (*int64, decimal.NullDecimal) {
		v := big.Draw(t, label)
		switch rapid.IntRange(0, 2).Draw(t, label+"_form") {
		case 0:
			return &v, decimal.NullDecimal{}
		case 1:
			return nil, decimal.NullDecimal{Decimal: decimal.NewFromInt(v), Valid: true}
		}
		// a fraction just below v
		return nil, decimal.NullDecimal{Decimal: decimal.NewFromInt(v).Sub(decimal.New(rapid.Int64Range(1, 999).Draw(t, label+"_frac"), -3)).Abs(), Valid: true}
	}
	p := pricing.Price{Currency: "usd", BillingScheme: pricing.PerUnit}
	switch rapid.IntRange(0, 2).Draw(t, "shape") {
	case 0:
		p.UnitAmount, p.UnitAmountDecimal = amount("unit")
		if rapid.Bool().Draw(t, "package") {
			p.TransformQuantity = &pricing.TransformQuantity{DivideBy: rapid.Int64Range(1, 10).Draw(t, "divide_by"), Round: pricing.RoundDirUp}
		}
	default:
		p.BillingScheme = pricing.Tiered
		p.TiersMode = rapid.SampledFrom([]pricing.TiersMode{pricing.Graduated, pricing.Volume}).Draw(t, "mode")
		n := rapid.IntRange(1, 4).Draw(t, "tiers")
		up := int64(0)
		for i := 0; i < n; i++ {
			var tr pricing.Tier
			tr.UnitAmount, tr.UnitAmountDecimal = amount("tier_unit")
			tr.FlatAmount, tr.FlatAmountDecimal = amount("tier_flat")
			if i < n-1 {
				up += rapid.OneOf(rapid.Int64Range(1, 100), rapid.Int64Range(1, math.MaxInt64/8)).Draw(t, "width")
				u := up
				tr.UpTo = &u
			}
			p.Tiers = append(p.Tiers, tr)
		}
	}
	q := rapid.OneOf(rapid.Int64Range(0, 10), rapid.Int64Range(0, math.MaxInt64), rapid.Just(int64(math.MaxInt64))).Draw(t, "quantity")
	return p, q
}

func TestPrice_Amount_overflowIsReported(t *testing.T) {
	overflows := 0
	rapid.Check(t, func(t *rapid.T) {
		p, q := drawLargePrice(t)
		checkReference(t, p, q, pricing.AmountOptions{Rounding: rapid.SampledFrom(roundingModes).Draw(t, "rounding")})
		if _, err := pricing.ReferenceExact(p, q, pricing.AmountOptions{}); err != nil {
			overflows++
		}
	})
	if overflows == 0 {
		t.Error("no generated line overflowed: the generator does not exercise ErrOverflow")
	}
}

// hostilePrice draws any Price value at all, valid or not: each field is
// usually sensible and sometimes (about one draw in ten) negative, missing,
// huge, out of order or unknown, so that most lines get past the first check
// and every check is reached.
func hostilePrice() *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		p := pricing.Price{Currency: "usd", BillingScheme: pricing.PerUnit}
		if rare(t, "odd_currency") {
			p.Currency = rapid.SampledFrom([]pricing.Currency{"jpy", "kwd", "", "USD"}).Draw(t, "currency")
		}
		tiered := rapid.Bool().Draw(t, "tiered")
		if tiered {
			p.BillingScheme = pricing.Tiered
			p.TiersMode = rapid.SampledFrom([]pricing.TiersMode{pricing.Graduated, pricing.Volume}).Draw(t, "tiers_mode")
		}
		if rare(t, "odd_scheme") {
			p.BillingScheme = rapid.SampledFrom([]pricing.BillingScheme{pricing.PerUnit, pricing.Tiered, "", "flat"}).Draw(t, "billing_scheme")
			p.TiersMode = rapid.SampledFrom([]pricing.TiersMode{pricing.Graduated, pricing.Volume, "", "stairstep"}).Draw(t, "any_tiers_mode")
		}
		custom := !tiered && rapid.IntRange(0, 3).Draw(t, "custom") == 0
		if !tiered && !custom || rare(t, "odd_unit") {
			p.UnitAmount, p.UnitAmountDecimal = hostileAmount(t, "unit")
		}
		if tiered || rare(t, "odd_tiers") {
			p.Tiers = hostileTiers(t, "tiers")
		}
		if !tiered && !custom && rapid.IntRange(0, 2).Draw(t, "package") == 0 || rare(t, "odd_transform") {
			tq := pricing.TransformQuantity{
				DivideBy: rapid.Int64Range(1, 12).Draw(t, "divide_by"),
				Round:    rapid.SampledFrom([]pricing.RoundDirection{pricing.RoundDirUp, pricing.RoundDirDown}).Draw(t, "round"),
			}
			if rare(t, "odd_divide_by") {
				tq.DivideBy = rapid.SampledFrom([]int64{-1, 0, math.MaxInt64}).Draw(t, "any_divide_by")
			}
			if rare(t, "odd_round") {
				tq.Round = rapid.SampledFrom([]pricing.RoundDirection{"", "nearest"}).Draw(t, "any_round")
			}
			p.TransformQuantity = &tq
		}
		if custom || rare(t, "odd_custom") {
			p.CustomUnitAmount = hostileCustom(t, "custom")
		}
		if rapid.IntRange(0, 2).Draw(t, "has_options") == 0 {
			p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{}
			for _, c := range []pricing.Currency{"eur", "jpy", "usd"} {
				if !rapid.Bool().Draw(t, "has_"+string(c)) {
					continue
				}
				var o pricing.CurrencyOption
				if !tiered && !custom || rare(t, string(c)+"_odd_unit") {
					o.UnitAmount, o.UnitAmountDecimal = hostileAmount(t, string(c)+"_unit")
				}
				if tiered || rare(t, string(c)+"_odd_tiers") {
					o.Tiers = hostileTiers(t, string(c)+"_tiers")
				}
				if custom || rare(t, string(c)+"_odd_custom") {
					o.CustomUnitAmount = hostileCustom(t, string(c)+"_custom")
				}
				p.CurrencyOptions[c] = o
			}
		}
		return p
	})
}

// rare is true about one time in ten.
// (rapid favours the low end of a range, so the top value is the rare one.)
func rare(t *rapid.T, label string) bool { return rapid.IntRange(0, 9).Draw(t, label) == 9 }

// hostileInt is a usually small non-negative integer, sometimes missing,
// negative or huge.
func hostileInt(t *rapid.T, label string) *int64 {
	if rapid.IntRange(0, 3).Draw(t, label+"_set") == 0 {
		return nil
	}
	g := rapid.Int64Range(0, 1000)
	if rare(t, label+"_odd") {
		g = rapid.OneOf(rapid.Int64Range(-3, -1), rapid.Int64Range(math.MaxInt64/1000, math.MaxInt64), rapid.Int64())
	}
	v := g.Draw(t, label)
	return &v
}

// hostileAmount is an amount and its decimal twin: either or both, the
// decimal usually agreeing or fractional, sometimes disagreeing, negative,
// huge or with too many places.
func hostileAmount(t *rapid.T, label string) (*int64, decimal.NullDecimal) {
	v := hostileInt(t, label)
	var d decimal.NullDecimal
	switch rapid.IntRange(0, 9).Draw(t, label+"_decimal") {
	case 0, 1, 2, 3: // none
	case 4, 5, 6: // the integer's twin, with trailing zeros sometimes
		if v != nil {
			d = decimal.NullDecimal{Decimal: decimal.NewFromInt(*v), Valid: true}
			if rapid.Bool().Draw(t, label+"_zeros") {
				d.Decimal = decimal.RequireFromString(d.Decimal.String() + ".000")
			}
		}
	case 7, 8: // a fraction with up to 12 places, alone
		coef := rapid.Int64Range(0, 100_000_000).Draw(t, label+"_coefficient")
		d = decimal.NullDecimal{Decimal: decimal.New(coef, -int32(rapid.IntRange(0, 12).Draw(t, label+"_places"))), Valid: true}
		v = nil
	default: // anything: too many places, huge, negative, disagreeing
		coef := rapid.OneOf(rapid.Int64Range(0, 100_000), rapid.Int64(), rapid.Int64Range(math.MaxInt64/10, math.MaxInt64)).Draw(t, label+"_any_coefficient")
		exp := rapid.IntRange(-16, 4).Draw(t, label+"_exponent")
		d = decimal.NullDecimal{Decimal: decimal.New(coef, int32(exp)), Valid: true}
	}
	return v, d
}

// hostileTiers is usually a valid tier list (ascending up_to, the last
// unbounded, some amount in every tier), sometimes not.
func hostileTiers(t *rapid.T, label string) []pricing.Tier {
	n := rapid.IntRange(1, 5).Draw(t, label)
	if rare(t, label+"_none") {
		n = 0
	}
	tiers := make([]pricing.Tier, n)
	up := int64(0)
	for i := range tiers {
		var tr pricing.Tier
		if i < n-1 {
			up += rapid.Int64Range(1, 20).Draw(t, label+"_width")
			u := up
			tr.UpTo = &u
		}
		if rare(t, label+"_odd_up_to") {
			switch rapid.IntRange(0, 2).Draw(t, label+"_odd_up_to_kind") {
			case 0: // repeat the previous bound
				u := up - rapid.Int64Range(0, 1).Draw(t, label+"_back")
				tr.UpTo = &u
			case 1: // flip bounded and unbounded
				if tr.UpTo == nil {
					u := up + 1
					tr.UpTo = &u
				} else {
					tr.UpTo = nil
				}
			default:
				tr.UpTo = hostileInt(t, label+"_up_to")
			}
		}
		tr.UnitAmount, tr.UnitAmountDecimal = hostileAmount(t, label+"_unit")
		tr.FlatAmount, tr.FlatAmountDecimal = hostileAmount(t, label+"_flat")
		if tr.UnitAmount == nil && !tr.UnitAmountDecimal.Valid && tr.FlatAmount == nil && !tr.FlatAmountDecimal.Valid && !rare(t, label+"_empty") {
			// Not a loop: under go test -fuzz an exhausted input draws zeros forever.
			v := rapid.Int64Range(0, 1000).Draw(t, label+"_unit_fallback")
			tr.UnitAmount = &v
		}
		tiers[i] = tr
	}
	return tiers
}

func hostileCustom(t *rapid.T, label string) *pricing.CustomUnitAmount {
	return &pricing.CustomUnitAmount{Minimum: hostileInt(t, label+"_minimum"), Maximum: hostileInt(t, label+"_maximum"), Preset: hostileInt(t, label+"_preset")}
}

func hostileOptions(t *rapid.T, p pricing.Price) pricing.AmountOptions {
	var o pricing.AmountOptions
	o.Rounding = rapid.SampledFrom(roundingModes).Draw(t, "rounding")
	if rare(t, "odd_rounding") {
		o.Rounding = rapid.SampledFrom([]pricing.RoundingMode{-1, 4, 100}).Draw(t, "any_rounding")
	}
	if len(p.CurrencyOptions) > 0 && rapid.Bool().Draw(t, "other_currency") {
		keys := make([]pricing.Currency, 0, len(p.CurrencyOptions))
		for c := range p.CurrencyOptions {
			keys = append(keys, c)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		o.Currency = rapid.SampledFrom(keys).Draw(t, "currency")
	}
	if rare(t, "odd_currency") {
		o.Currency = rapid.SampledFrom([]pricing.Currency{"usd", "eur", "jpy", "gbp"}).Draw(t, "any_currency")
	}
	if p.CustomUnitAmount != nil || rare(t, "odd_custom_amount") {
		o.CustomAmount = hostileInt(t, "custom_amount")
	}
	return o
}

// hostileQuantity is usually small, sometimes negative or huge.
func hostileQuantity() *rapid.Generator[int64] {
	return rapid.Custom(func(t *rapid.T) int64 {
		if rare(t, "odd_quantity") {
			return rapid.OneOf(rapid.Int64Range(-2, -1), rapid.Int64Range(0, math.MaxInt64), rapid.Int64()).Draw(t, "any_quantity")
		}
		return rapid.OneOf(rapid.Int64Range(0, 3), rapid.Int64Range(0, 60)).Draw(t, "quantity")
	})
}

// checkHostile is the body of the hostile-input property and fuzz target:
// no panic, and the same result or error as the reference.
func checkHostile(t *rapid.T) {
	p := hostilePrice().Draw(t, "price")
	q := hostileQuantity().Draw(t, "quantity")
	checkReference(t, p, q, hostileOptions(t, p))
}

func TestPrice_AmountWith_hostileMatchesReference(t *testing.T) {
	rapid.Check(t, checkHostile)
}
