package pricing_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// benchPrice is a recurring graduated price with n tiers in Stripe's returned
// shape (integer and decimal twins), built deterministically.
func benchPrice(n int) pricing.Price {
	tiers := make([]pricing.Tier, n)
	for i := range tiers {
		unit := int64(1000 - i)
		tiers[i] = pricing.Tier{UnitAmount: &unit, UnitAmountDecimal: decimal.NewNullDecimal(decimal.NewFromInt(unit))}
		if i < n-1 {
			up := int64(10 * (i + 1))
			tiers[i].UpTo = &up
		}
	}
	return pricing.Price{
		ID: "price_1MoBy5LkdIwHu7ixZhnattbh", Active: true, BillingScheme: pricing.Tiered,
		Created: time.Unix(1679431181, 0), Currency: "usd", Metadata: map[string]string{"order_id": "6735"},
		Product: "prod_NZKdYqrwEYx6iK", TaxBehavior: pricing.TaxUnspecified, Type: pricing.RecurringType,
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed},
		Tiers:     tiers, TiersMode: pricing.Graduated,
	}
}

var benchSizes = []int{1, 10, 100}

// BenchmarkPrice_MarshalJSON compares the price encoder (impl=typed) with
// encoding/json encoding the same object decoded generically (impl=reference).
func BenchmarkPrice_MarshalJSON(b *testing.B) {
	for _, n := range benchSizes {
		p := benchPrice(n)
		data, _ := json.Marshal(p)
		var generic any
		_ = json.Unmarshal(data, &generic)
		b.Run("size="+strconv.Itoa(n)+"/impl=typed", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := p.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("size="+strconv.Itoa(n)+"/impl=reference", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := json.Marshal(generic); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrice_UnmarshalJSON compares the price decoder (impl=typed) with
// encoding/json decoding the same bytes into an empty interface
// (impl=reference), which checks no types and keeps no key set.
func BenchmarkPrice_UnmarshalJSON(b *testing.B) {
	for _, n := range benchSizes {
		data, _ := json.Marshal(benchPrice(n))
		b.Run("size="+strconv.Itoa(n)+"/impl=typed", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				var p pricing.Price
				if err := p.UnmarshalJSON(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("size="+strconv.Itoa(n)+"/impl=reference", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrice_Validate measures validation of a valid tiered price.
func BenchmarkPrice_Validate(b *testing.B) {
	for _, n := range benchSizes {
		p := benchPrice(n)
		b.Run("size="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := p.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
