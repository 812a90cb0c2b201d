package pricing_test

import (
	"fmt"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Stripe's tiered pricing example: units 1-5 at 7.00 USD, 6-10 at 6.50 USD,
// 11 and up at 6.00 USD, billed graduated and by volume.
func ExamplePrice_Amount_tiered() {
	upTo5, upTo10 := int64(5), int64(10)
	u700, u650, u600 := int64(700), int64(650), int64(600)
	tiers := []pricing.Tier{
		{UpTo: &upTo5, UnitAmount: &u700},
		{UpTo: &upTo10, UnitAmount: &u650},
		{UnitAmount: &u600}, // up_to "inf"
	}
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		p := pricing.Price{Currency: "usd", BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers}
		for _, q := range []int64{6, 25} {
			amount, err := p.Amount(q)
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("%-9s %2d units: %6d cents\n", mode, q, amount)
		}
	}
	// Output:
	// graduated  6 units:   4150 cents
	// graduated 25 units:  15750 cents
	// volume     6 units:   3900 cents
	// volume    25 units:  15000 cents
}

// A fractional unit amount is summed exactly and rounded once per line, by
// default half-up; AmountWith chooses another rounding mode.
func ExamplePrice_AmountWith() {
	p := pricing.Price{
		Currency:          "usd",
		BillingScheme:     pricing.PerUnit,
		UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("0.5")), // half a cent
	}
	exact, _ := p.ExactAmount(5)
	halfUp, _ := p.Amount(5)
	halfEven, _ := p.AmountWith(5, pricing.AmountOptions{Rounding: pricing.RoundHalfEven})
	fmt.Println(exact, halfUp, halfEven)
	// Output:
	// 2.5 3 2
}

// A monthly price anchored on January 31 bills on the last day of shorter
// months and returns to the 31st afterwards.
func ExampleRecurring_Period() {
	r := pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
	anchor := time.Date(2024, time.January, 31, 0, 0, 0, 0, time.UTC)
	for n := 0; n < 4; n++ {
		start, end, err := r.Period(anchor, n)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("period %d: [%s, %s)\n", n, start.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	// Output:
	// period 0: [2024-01-31, 2024-02-29)
	// period 1: [2024-02-29, 2024-03-31)
	// period 2: [2024-03-31, 2024-04-30)
	// period 3: [2024-04-30, 2024-05-31)
}
