package pricing_test

import (
	"math/rand"
	"testing"

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

func amountBenches() []amountBench {
	twin := perUnit("usd", 1250)
	twin.UnitAmountDecimal = decimal.NullDecimal{Decimal: decimal.NewFromInt(1250), Valid: true}
	return []amountBench{
		{"per_unit", perUnit("usd", 1250)},
		{"per_unit_decimal_twin", twin},
		{"package", with(perUnit("usd", 2500), func(p *pricing.Price) {
			p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 5, Round: pricing.RoundDirUp}
		})},
		{"graduated/tiers=10", tiered(pricing.Graduated, tenTiers()...)},
		{"volume/tiers=10", tiered(pricing.Volume, tenTiers()...)},
		{"decimal_unit", perUnitDec("usd", "0.125")},
	}
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

func BenchmarkPrice_Amount(b *testing.B) {
	qs := amountBenchQuantities()
	for _, bp := range amountBenches() {
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
	}
}

func BenchmarkReference_Amount(b *testing.B) {
	qs := amountBenchQuantities()
	for _, bp := range amountBenches() {
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
