package quote_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/shopspring/decimal"
)

var benchSizes = []int{1, 20, 1000}

// benchQuote builds a draft quote of n lines from a fixed seed: per-unit,
// package and graduated prices, every fourth line with its own coupon, a
// quote-level percent and amount_off coupon, an inclusive and an exclusive
// default tax rate. recurring makes the first line recurring (a
// subscription on acceptance); the others are one-time, so that any n can
// be finalized.
func benchQuote(n int, recurring bool) quote.Quote {
	r := rand.New(rand.NewSource(42))
	q := quote.New("qt_bench", t0)
	q.Customer = "cus_bench"
	q.Currency = "usd"
	q.LineItems = make([]quote.LineItem, n)
	for i := range q.LineItems {
		p := oneTime(fmt.Sprintf("p%d", i), int64(100+r.Intn(100_000)))
		switch i % 3 {
		case 1:
			p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 10, Round: pricing.RoundDirUp}
		case 2:
			p.UnitAmount = nil
			p.BillingScheme, p.TiersMode = pricing.Tiered, pricing.Graduated
			p.Tiers = []pricing.Tier{{UpTo: i64(10), UnitAmount: i64(1000)}, {UpTo: i64(100), UnitAmount: i64(800)}, {UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("612.5"))}}
		}
		if recurring && i == 0 {
			p = monthly("p0", 2500)
		}
		li := line(fmt.Sprintf("li_%d", i), p, int64(1+r.Intn(200)))
		if i%4 == 0 {
			li.Discounts = []quote.Discount{percentOff(fmt.Sprintf("di_line_%d", i), "5", quote.DurationOnce)}
		}
		q.LineItems[i] = li
	}
	q.Discounts = []quote.Discount{percentOff("di_pct", "12.5", quote.DurationForever), amountOff("di_off", 12345, quote.DurationOnce)}
	q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_in", "7.7", true), taxRate("txr_ex", "19", false)}
	return q
}

func BenchmarkQuote_Compute(b *testing.B) {
	for _, n := range benchSizes {
		q := benchQuote(n, true)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := q.Compute(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQuote_ComputeReference measures the big.Rat reference on the same
// quotes (the three sets of totals Compute computes), for ratios.
func BenchmarkQuote_ComputeReference(b *testing.B) {
	for _, n := range benchSizes {
		q := benchQuote(n, true)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				refCompute(q, refList)
				refCompute(q, refUpfront)
				refCompute(q, refRecurring)
			}
		})
	}
}

func BenchmarkQuote_Accept(b *testing.B) {
	for _, n := range benchSizes {
		open, err := benchQuote(n, false).Finalize(t0)
		if err != nil {
			b.Fatal(err)
		}
		at := t0.Add(time.Hour)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := open.Accept(at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQuote_UnmarshalJSON decodes the JSON of a computed quote of 20
// lines built from the fixed seed (full prices, line and quote discounts,
// inclusive and exclusive taxes, computed.upfront with its lines).
func BenchmarkQuote_UnmarshalJSON(b *testing.B) {
	for _, n := range []int{20} {
		q, err := benchQuote(n, true).Compute()
		if err != nil {
			b.Fatal(err)
		}
		doc, err := json.Marshal(q)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				var d quote.Quote
				if err := json.Unmarshal(doc, &d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
