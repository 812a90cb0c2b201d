package stripego_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/shopspring/decimal"
	stripe "github.com/stripe/stripe-go/v82"
	"pgregory.net/rapid"
)

// What stripe-go cannot carry of a price or a plan (see doc.go):
//
//   - *_decimal fields are float64 in stripe-go: a decimal is carried only to
//     float64 precision (about 15-17 significant digits), and null is written
//     "0";
//   - nullable integers (unit_amount, flat_amount, amount, trial_period_days,
//     custom_unit_amount's maximum, minimum and preset) are int64: null is
//     written 0; the unbounded tier's up_to null is written 0;
//   - recurring.aggregate_usage and plan.aggregate_usage are not in API
//     2025-08-27.basil and are dropped;
//   - null strings (nickname, lookup_key, tiers_mode, tax_behavior, meter)
//     are written "".
//
// stripeView maps a price to the one value each of those lossy states reads
// as, so that a price and its trip through stripe-go can be compared with
// Price.Equal. It leaves alone what the library's target policy says must
// survive: up_to null (an unbounded tier written as up_to 0 reads as null
// again), and unit_amount null beside a non-zero unit_amount_decimal
// (written as unit_amount 0, read as null).
func stripeView(p pricing.Price) pricing.Price {
	p.UnitAmount, p.UnitAmountDecimal = viewAmount(p.UnitAmount, p.UnitAmountDecimal, true)
	p.CustomUnitAmount = viewCustom(p.CustomUnitAmount)
	p.Tiers = viewTiers(p.Tiers)
	if p.Recurring != nil {
		r := *p.Recurring
		r.AggregateUsage = ""
		r.TrialPeriodDays = zeroIfNil(r.TrialPeriodDays)
		p.Recurring = &r
	}
	if p.CurrencyOptions != nil {
		opts := make(map[pricing.Currency]pricing.CurrencyOption, len(p.CurrencyOptions))
		for c, o := range p.CurrencyOptions {
			o.UnitAmount, o.UnitAmountDecimal = viewAmount(o.UnitAmount, o.UnitAmountDecimal, true)
			o.CustomUnitAmount = viewCustom(o.CustomUnitAmount)
			o.Tiers = viewTiers(o.Tiers)
			opts[c] = o
		}
		p.CurrencyOptions = opts
	}
	return p
}

// stripeViewPlan is stripeView for a plan. Its amount beside amount_decimal
// is compared leniently (null and 0 alike): the target policy names
// unit_amount; whether the plan's amount follows shows in its amounts.
func stripeViewPlan(p pricing.Plan) pricing.Plan {
	p.Amount, p.AmountDecimal = viewAmount(p.Amount, p.AmountDecimal, false)
	p.AggregateUsage = ""
	p.TrialPeriodDays = zeroIfNil(p.TrialPeriodDays)
	p.Tiers = viewTiers(p.Tiers)
	return p
}

func viewTiers(ts []pricing.Tier) []pricing.Tier {
	if ts == nil {
		return nil
	}
	out := make([]pricing.Tier, len(ts))
	for i, t := range ts {
		out[i] = pricing.Tier{UpTo: t.UpTo}
		out[i].UnitAmount, out[i].UnitAmountDecimal = viewAmount(t.UnitAmount, t.UnitAmountDecimal, true)
		out[i].FlatAmount, out[i].FlatAmountDecimal = viewAmount(t.FlatAmount, t.FlatAmountDecimal, false)
	}
	return out
}

// viewAmount maps an integer amount and its decimal twin to what stripe-go
// can tell apart: the decimal at float64 precision, null as "0"; the integer
// null as 0, except (strict) beside a non-zero decimal, where the target
// policy reads stripe-go's 0 as null and null must stay null.
func viewAmount(u *int64, d decimal.NullDecimal, strict bool) (*int64, decimal.NullDecimal) {
	dd := decimal.NullDecimal{Decimal: decimal.Zero, Valid: true}
	if d.Valid {
		dd.Decimal = floatDecimal(d.Decimal)
	}
	switch {
	case u == nil && strict && !dd.Decimal.IsZero():
		return nil, dd
	case u == nil:
		return ptr(int64(0)), dd
	case !strict && *u == 0 && !dd.Decimal.IsZero():
		return ptr(int64(0)), dd
	}
	return ptr(*u), dd
}

func viewCustom(c *pricing.CustomUnitAmount) *pricing.CustomUnitAmount {
	if c == nil {
		return nil
	}
	return &pricing.CustomUnitAmount{Maximum: zeroIfNil(c.Maximum), Minimum: zeroIfNil(c.Minimum), Preset: zeroIfNil(c.Preset)}
}

func zeroIfNil(p *int64) *int64 {
	if p == nil {
		return ptr(int64(0))
	}
	return ptr(*p)
}

// floatDecimal is d after a trip through a float64 field with the ",string"
// option, as stripe-go stores *_decimal fields.
func floatDecimal(d decimal.Decimal) decimal.Decimal {
	f, _ := d.Float64()
	out, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', -1, 64))
	if err != nil {
		panic(err)
	}
	return out
}

// floatPrice is p with every decimal at float64 precision and nothing else
// changed: the price a stripe-go user holds, whose amounts the round trip
// must reproduce.
func floatPrice(p pricing.Price) pricing.Price {
	fd := func(d decimal.NullDecimal) decimal.NullDecimal {
		if d.Valid {
			d.Decimal = floatDecimal(d.Decimal)
		}
		return d
	}
	ft := func(ts []pricing.Tier) []pricing.Tier {
		if ts == nil {
			return nil
		}
		out := slices.Clone(ts)
		for i := range out {
			out[i].UnitAmountDecimal = fd(out[i].UnitAmountDecimal)
			out[i].FlatAmountDecimal = fd(out[i].FlatAmountDecimal)
		}
		return out
	}
	p.UnitAmountDecimal = fd(p.UnitAmountDecimal)
	p.Tiers = ft(p.Tiers)
	if p.CurrencyOptions != nil {
		opts := maps.Clone(p.CurrencyOptions)
		for c, o := range opts {
			o.UnitAmountDecimal = fd(o.UnitAmountDecimal)
			o.Tiers = ft(o.Tiers)
			opts[c] = o
		}
		p.CurrencyOptions = opts
	}
	return p
}

// quantities are the fixed quantities every price is priced at, besides
// generated ones: zero, small, tier-boundary-like and large.
var quantities = []int64{0, 1, 2, 3, 5, 10, 11, 100, 101, 1000, 99_999}

// customAmounts are the amounts a customer chooses for a pay-what-you-want
// price p, to price it with: its bounds and preset, and amounts below an
// unset minimum. None when p has no maximum: stripe-go writes a null maximum
// as 0, a valid maximum, so after stripe-go such a price takes nothing but 0
// (a documented loss, see doc.go).
func customAmounts(p pricing.Price) []int64 {
	cu := p.CustomUnitAmount
	if cu == nil || cu.Maximum == nil {
		return nil
	}
	var out []int64
	for _, v := range []*int64{cu.Minimum, cu.Preset, cu.Maximum} {
		if v != nil {
			out = append(out, *v)
		}
	}
	if cu.Minimum == nil {
		out = append(out, 0, *cu.Maximum/2)
	}
	return out
}

// amountsOf prices p at each quantity in its own currency and in each of its
// currency options, and at each customer amount in customs. Each entry is
// "what=amount" or "what=error: message".
func amountsOf(p pricing.Price, qs []int64, customs []int64) []string {
	var out []string
	line := func(what string, a int64, err error) {
		if err != nil {
			out = append(out, what+"=error: "+err.Error())
			return
		}
		out = append(out, fmt.Sprintf("%s=%d", what, a))
	}
	for _, q := range qs {
		a, err := p.Amount(q)
		line(fmt.Sprintf("amount(%d)", q), a, err)
		for _, c := range slices.Sorted(maps.Keys(p.CurrencyOptions)) {
			a, err := p.AmountWith(q, pricing.AmountOptions{Currency: c})
			line(fmt.Sprintf("amount(%d, %s)", q, c), a, err)
		}
	}
	for _, v := range customs {
		a, err := p.AmountWith(1, pricing.AmountOptions{CustomAmount: &v})
		line(fmt.Sprintf("custom(%d)", v), a, err)
	}
	return out
}

// checkPriceTrip checks a price decoded from JSON a stripe-go struct wrote
// (got) against the price that JSON came from (want): the same value as far
// as stripe-go can carry it, and the same amounts.
func checkPriceTrip(t tb, want, got pricing.Price, qs []int64) {
	t.Helper()
	if w, g := stripeView(want), stripeView(got); !w.Equal(g) {
		t.Fatalf("price after stripe-go differs beyond what stripe-go cannot carry:\nwant %s\n got %s",
			mustJSON(t, w), mustJSON(t, g))
	}
	cs := customAmounts(want)
	wa, ga := amountsOf(floatPrice(want), qs, cs), amountsOf(got, qs, cs)
	if !sameAmounts(wa, ga) {
		t.Fatalf("amounts after stripe-go differ:\n%s", diffLines(wa, ga))
	}
}

// sameAmounts reports whether two results of amountsOf agree: the same
// amounts, and errors where there were errors (whatever their message).
func sameAmounts(want, got []string) bool {
	return slices.EqualFunc(want, got, func(w, g string) bool {
		w, _, _ = strings.Cut(w, ": ")
		g, _, _ = strings.Cut(g, ": ")
		return w == g
	})
}

func diffLines(want, got []string) string {
	var b strings.Builder
	shown := 0
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			if shown++; shown > 4 {
				b.WriteString("...\n")
				break
			}
			fmt.Fprintf(&b, "-%s\n+%s\n", w, g)
		}
	}
	return b.String()
}

// priceViaStripe sends p's JSON through stripe.Price and decodes the result.
func priceViaStripe(t tb, b []byte) pricing.Price {
	t.Helper()
	out, err := viaStripe[stripe.Price](b)
	if err != nil {
		t.Fatalf("%v\ninput: %s", err, b)
	}
	var p pricing.Price
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("stripe-go's JSON does not decode into pricing.Price: %v\nstripe-go JSON: %s", err, clip(out))
	}
	return p
}

func planViaStripe(t tb, b []byte) pricing.Plan {
	t.Helper()
	out, err := viaStripe[stripe.Plan](b)
	if err != nil {
		t.Fatalf("%v\ninput: %s", err, b)
	}
	var p pricing.Plan
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("stripe-go's JSON does not decode into pricing.Plan: %v\nstripe-go JSON: %s", err, clip(out))
	}
	return p
}

// planPrice is the price of a plan, for its amounts.
func planPrice(t tb, p pricing.Plan) pricing.Price {
	t.Helper()
	pr, err := pricing.PlanToPrice(p)
	if err != nil {
		t.Fatalf("PlanToPrice: %v", err)
	}
	return pr
}

// (a) for generated prices: our JSON decodes into stripe.Price, and its
// json.Marshal decodes back into the same price with the same amounts.
func TestPrice_StripeGoGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(pricingtest.Price(), pricingtest.CustomUnitAmountPrice()).Draw(t, "price")
		qs := append(slices.Clone(quantities), rapid.SliceOfN(pricingtest.QuantityFor(p), 3, 3).Draw(t, "quantities")...)
		got := priceViaStripe(t, mustJSON(t, p))
		checkPriceTrip(t, p, got, qs)
		// One trip through stripe-go is as far as values move: a second
		// trip changes nothing.
		again := priceViaStripe(t, mustJSON(t, got))
		if !got.Equal(again) {
			t.Fatalf("a second trip through stripe-go changed the price:\nfirst  %s\nsecond %s", mustJSON(t, got), mustJSON(t, again))
		}
	})
}

// (a) for generated plans, priced through PlanToPrice.
func TestPlan_StripeGoGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Plan().Draw(t, "plan")
		got := planViaStripe(t, mustJSON(t, p))
		if w, g := stripeViewPlan(p), stripeViewPlan(got); !w.Equal(g) {
			t.Fatalf("plan after stripe-go differs beyond what stripe-go cannot carry:\nwant %s\n got %s", mustJSON(t, w), mustJSON(t, g))
		}
		wp := planPrice(t, p)
		qs := append(slices.Clone(quantities), rapid.SliceOfN(pricingtest.QuantityFor(wp), 3, 3).Draw(t, "quantities")...)
		wa, ga := amountsOf(floatPrice(wp), qs, nil), amountsOf(planPrice(t, got), qs, nil)
		if !sameAmounts(wa, ga) {
			t.Fatalf("amounts after stripe-go differ:\n%s", diffLines(wa, ga))
		}
	})
}

// Every price in Stripe's fixtures: (a) decoded into ours, our JSON through
// stripe-go back into ours; (b) Stripe's JSON through stripe-go into ours,
// compared with decoding Stripe's JSON directly.
func TestPrice_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "price", 10) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct pricing.Price
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into pricing.Price: %v", err)
			}
			t.Run("ours", func(t *testing.T) {
				checkPriceTrip(t, direct, priceViaStripe(t, mustJSON(t, direct)), quantities)
			})
			t.Run("stripe", func(t *testing.T) {
				checkPriceTrip(t, direct, priceViaStripe(t, f.Raw), quantities)
			})
		})
	}
}

func TestPlan_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "plan", 6) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct pricing.Plan
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into pricing.Plan: %v", err)
			}
			check := func(t *testing.T, got pricing.Plan) {
				if w, g := stripeViewPlan(direct), stripeViewPlan(got); !w.Equal(g) {
					t.Fatalf("plan after stripe-go differs beyond what stripe-go cannot carry:\nwant %s\n got %s", mustJSON(t, w), mustJSON(t, g))
				}
				wa, ga := amountsOf(floatPrice(planPrice(t, direct)), quantities, nil), amountsOf(planPrice(t, got), quantities, nil)
				if !sameAmounts(wa, ga) {
					t.Fatalf("amounts after stripe-go differ:\n%s", diffLines(wa, ga))
				}
			}
			t.Run("ours", func(t *testing.T) { check(t, planViaStripe(t, mustJSON(t, direct))) })
			t.Run("stripe", func(t *testing.T) { check(t, planViaStripe(t, f.Raw)) })
		})
	}
}

// A deleted price or plan ({"deleted": true}) decodes into neither ours
// directly nor after stripe-go, which keeps the deleted flag.
func TestPrice_StripeGoDeleted(t *testing.T) {
	dels := append(deletedFixturesOf(t, "price"), deletedFixturesOf(t, "plan")...)
	if len(dels) < 4 {
		t.Fatalf("found %d deleted prices and plans in testdata, want at least 4", len(dels))
	}
	for _, f := range dels {
		t.Run(subtestName(f), func(t *testing.T) {
			var out []byte
			var err error
			var dst any = new(pricing.Price)
			if f.Object == "plan" {
				out, err = viaStripe[stripe.Plan](f.Raw)
				dst = new(pricing.Plan)
			} else {
				out, err = viaStripe[stripe.Price](f.Raw)
			}
			if err != nil {
				t.Fatal(err)
			}
			if json.Unmarshal(f.Raw, dst) == nil {
				t.Errorf("Stripe's deleted %s decodes into ours", f.Object)
			}
			if json.Unmarshal(out, dst) == nil {
				t.Errorf("the deleted %s, through stripe-go, decodes into ours: %s", f.Object, out)
			}
		})
	}
}
