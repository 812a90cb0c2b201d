package pricing_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// amountBench is one benchmark input: a price and quantities drawn from a
// fixed seed, cycled through by the loop.
type amountBench struct {
	name  string
	price pricing.Price
}

// tenTiers returns ten tiers of ten units each (the last unbounded), unit
// amounts falling from 1000 to 100 and a flat fee on every other tier.
func tenTiers() []pricing.Tier {
	tiers := make([]pricing.Tier, 10)
	for i := range tiers {
		unit := int64(1000 - 100*i)
		tiers[i].UnitAmount = &unit
		if i%2 == 0 {
			flat := int64(500)
			tiers[i].FlatAmount = &flat
		}
		if i < 9 {
			up := int64(10 * (i + 1))
			tiers[i].UpTo = &up
		}
	}
	return tiers
}

// stripeTieredJSON is a price with the ten tiers of tenTiers as Stripe's API
// returns it: every amount with its _decimal twin, null where a tier has no
// flat amount, the last up_to null.
func stripeTieredJSON(mode pricing.TiersMode) []byte {
	var tiers []string
	for i, t := range tenTiers() {
		flat, flatDec := "null", "null"
		if t.FlatAmount != nil {
			flat = strconv.FormatInt(*t.FlatAmount, 10)
			flatDec = strconv.Quote(flat)
		}
		upTo := "null"
		if i < 9 {
			upTo = strconv.FormatInt(*t.UpTo, 10)
		}
		unit := strconv.FormatInt(*t.UnitAmount, 10)
		tiers = append(tiers, fmt.Sprintf(`{"flat_amount": %s, "flat_amount_decimal": %s, "unit_amount": %s, "unit_amount_decimal": %q, "up_to": %s}`,
			flat, flatDec, unit, unit, upTo))
	}
	return []byte(`{
  "id": "price_1MoBy5LkdIwHu7ixZhnattbh", "object": "price", "active": true,
  "billing_scheme": "tiered", "created": 1679431181, "currency": "usd",
  "custom_unit_amount": null, "livemode": false, "lookup_key": null, "metadata": {},
  "nickname": null, "product": "prod_NZKdYqrwEYx6iK",
  "recurring": {"aggregate_usage": null, "interval": "month", "interval_count": 1, "meter": null, "trial_period_days": null, "usage_type": "licensed"},
  "tax_behavior": "unspecified",
  "tiers": [` + strings.Join(tiers, ", ") + `],
  "tiers_mode": "` + string(mode) + `", "transform_quantity": null, "type": "recurring",
  "unit_amount": null, "unit_amount_decimal": null
}`)
}

// decodedPrice decodes a price from JSON, for benchmarks and tests.
func decodedPrice(tb testing.TB, data []byte) pricing.Price {
	tb.Helper()
	var p pricing.Price
	if err := json.Unmarshal(data, &p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// compiledPrice is p.Compile() for a valid p.
func compiledPrice(tb testing.TB, p pricing.Price) pricing.Price {
	tb.Helper()
	c, err := p.Compile()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// amountBenches are the lines of the README's benchmark table. A tiered
// price comes three ways: built in Go (priced by the general path, which
// checks every tier on every call), built in Go and compiled, and decoded
// from Stripe's JSON (compiled by decoding, with Stripe's _decimal twins).
func amountBenches(tb testing.TB) []amountBench {
	twin := perUnit("usd", 1250)
	twin.UnitAmountDecimal = decimal.NullDecimal{Decimal: decimal.NewFromInt(1250), Valid: true}
	out := []amountBench{
		{"per_unit", perUnit("usd", 1250)},
		{"per_unit_decimal_twin", twin},
		{"package", with(perUnit("usd", 2500), func(p *pricing.Price) {
			p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirUp}
		})},
	}
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		built := tiered(mode, tenTiers()...)
		name := string(mode) + "/tiers=10/"
		out = append(out,
			amountBench{name + "built", built},
			amountBench{name + "compiled", compiledPrice(tb, built)},
			amountBench{name + "decoded", decodedPrice(tb, stripeTieredJSON(mode))})
	}
	return append(out, amountBench{"decimal_unit", perUnitDec("usd", "0.125")})
}

// amountBenchQuantities are 1024 quantities in [0, 120) from a fixed seed, so that
// graduated lines reach every tier and volume lines land in every tier.
func amountBenchQuantities() []int64 {
	r := rand.New(rand.NewSource(1))
	qs := make([]int64, 1024)
	for i := range qs {
		qs[i] = r.Int63n(120)
	}
	return qs
}

var amountSink int64

// int64Tiers is a tier list as bare int64 columns, for the baseline: up_to
// (math.MaxInt64 for the unbounded last tier), unit and flat amounts.
type int64Tiers struct{ up, unit, flat []int64 }

func int64TiersOf(tiers []pricing.Tier) int64Tiers {
	var t int64Tiers
	for _, x := range tiers {
		up, unit, flat := int64(math.MaxInt64), int64(0), int64(0)
		if x.UpTo != nil {
			up = *x.UpTo
		}
		if x.UnitAmount != nil {
			unit = *x.UnitAmount
		}
		if x.FlatAmount != nil {
			flat = *x.FlatAmount
		}
		t.up, t.unit, t.flat = append(t.up, up), append(t.unit, unit), append(t.flat, flat)
	}
	return t
}

// mulAdd returns a*b + c for non-negative operands, and false on overflow.
func mulAdd(a, b, c int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	s := int64(lo) + c
	return s, hi == 0 && lo <= math.MaxInt64 && s >= c
}

// graduated is the baseline of a graduated line: a checked int64 loop over
// trusted, already-parsed tiers, no validation at all.
//
//go:noinline
func (t *int64Tiers) graduated(q int64) (int64, bool) {
	var total, prev int64
	for i, up := range t.up {
		m, ok := mulAdd(min(q, up)-prev, t.unit[i], t.flat[i])
		if total += m; !ok || total < m {
			return 0, false
		}
		if q <= up {
			break
		}
		prev = up
	}
	return total, true
}

// volume is the baseline of a volume line.
//
//go:noinline
func (t *int64Tiers) volume(q int64) (int64, bool) {
	for i, up := range t.up {
		if q <= up {
			return mulAdd(q, t.unit[i], t.flat[i])
		}
	}
	return 0, false
}

func (t *int64Tiers) line(mode pricing.TiersMode) func(int64) (int64, bool) {
	if mode == pricing.Volume {
		return t.volume
	}
	return t.graduated
}

// BenchmarkPrice_Amount prices one line. The tiered cases come with their
// baseline in the same run: int64_loop, a checked int64 loop over the same
// ten tiers held as bare int64 columns (see BenchmarkPrice_AmountVsInt64Loop
// for the ratio measured interleaved).
func BenchmarkPrice_Amount(b *testing.B) {
	qs := amountBenchQuantities()
	for _, bp := range amountBenches(b) {
		b.Run(bp.name, func(b *testing.B) {
			p := bp.price
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v, err := p.Amount(qs[i&1023])
				if err != nil {
					b.Fatal(err)
				}
				amountSink += v
			}
		})
		if mode, ok := strings.CutSuffix(bp.name, "/tiers=10/decoded"); ok {
			t := int64TiersOf(tenTiers())
			line := t.line(pricing.TiersMode(mode))
			b.Run(mode+"/tiers=10/int64_loop", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					v, ok := line(qs[i&1023])
					if !ok {
						b.Fatal("overflow")
					}
					amountSink += v
				}
			})
		}
	}
}

// BenchmarkPrice_AmountVsInt64Loop measures a tiered line against the int64
// loop over the same tiers, alternating blocks of 1024 lines of each so that
// both see the same machine (a shared CI runner drifts between
// sub-benchmarks). It reports the line's time (ns/line), the loop's
// (int64-ns/line) and their ratio (x-int64).
func BenchmarkPrice_AmountVsInt64Loop(b *testing.B) {
	qs := amountBenchQuantities()
	for _, bp := range amountBenches(b) {
		mode, _, ok := strings.Cut(bp.name, "/tiers=10/")
		if !ok {
			continue
		}
		t := int64TiersOf(tenTiers())
		line := t.line(pricing.TiersMode(mode))
		b.Run(bp.name, func(b *testing.B) {
			p := bp.price
			var fast, loop time.Duration
			for n := 0; n < b.N; n += len(qs) {
				start := time.Now()
				for _, q := range qs {
					v, err := p.Amount(q)
					if err != nil {
						b.Fatal(err)
					}
					amountSink += v
				}
				mid := time.Now()
				for _, q := range qs {
					v, _ := line(q)
					amountSink += v
				}
				fast, loop = fast+mid.Sub(start), loop+time.Since(mid)
			}
			lines := float64((b.N + len(qs) - 1) / len(qs) * len(qs))
			b.ReportMetric(float64(fast.Nanoseconds())/lines, "ns/line")
			b.ReportMetric(float64(loop.Nanoseconds())/lines, "int64-ns/line")
			b.ReportMetric(float64(fast)/float64(loop), "x-int64")
		})
	}
}

// referenceBenches are the lines BenchmarkReference_Amount prices: those of
// amountBenches, each price once (the reference reads no table).
func referenceBenches(tb testing.TB) []amountBench {
	var out []amountBench
	for _, bp := range amountBenches(tb) {
		if strings.HasSuffix(bp.name, "/compiled") || strings.HasSuffix(bp.name, "/decoded") {
			continue
		}
		out = append(out, amountBench{strings.TrimSuffix(bp.name, "/built"), bp.price})
	}
	return out
}

func BenchmarkReference_Amount(b *testing.B) {
	qs := amountBenchQuantities()
	for _, bp := range referenceBenches(b) {
		b.Run(bp.name, func(b *testing.B) {
			p := bp.price
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v, err := pricing.ReferenceAmount(p, qs[i&1023], pricing.AmountOptions{})
				if err != nil {
					b.Fatal(err)
				}
				amountSink += v
			}
		})
	}
}

func BenchmarkRecurring_Period(b *testing.B) {
	a := date(2024, 1, 31)
	for _, r := range []pricing.Recurring{
		{Interval: pricing.Month, IntervalCount: 1},
		{Interval: pricing.Week, IntervalCount: 2},
	} {
		b.Run(string(r.Interval), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				s, _, err := r.Period(a, i&255)
				if err != nil {
					b.Fatal(err)
				}
				amountSink += s.Unix()
			}
		})
	}
}
