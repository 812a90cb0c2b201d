package pricing_test

import (
	"fmt"
	"math"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Amounts print by their currency's exponent: a symbol for well-known
// currencies, the uppercase code otherwise, the minus sign first.
func ExampleMoney_String() {
	fmt.Println(pricing.Money{Amount: 1000, Currency: "usd"})
	fmt.Println(pricing.Money{Amount: 1000, Currency: "jpy"})
	fmt.Println(pricing.Money{Amount: 1000, Currency: "kwd"})
	fmt.Println(pricing.Money{Amount: 1250, Currency: "chf"})
	fmt.Println(pricing.Money{Amount: -500, Currency: "eur"})
	fmt.Println(pricing.Money{Amount: math.MinInt64, Currency: "usd"})
	// Output:
	// $10.00
	// ¥1000
	// KWD 1.000
	// CHF 12.50
	// -€5.00
	// -$92233720368547758.08
}

// A unit_amount_decimal of an eighth of a cent prints exactly.
func ExampleFormatDecimal() {
	fmt.Println(pricing.FormatDecimal(decimal.RequireFromString("0.125"), "usd"))
	fmt.Println(pricing.FormatDecimal(decimal.RequireFromString("2500"), "gbp"))
	// Output:
	// $0.00125
	// £25.00
}

// %#v (and rapid's log of a drawn value) prints amounts, not addresses.
func ExamplePrice_GoString() {
	amount := int64(1000)
	p := pricing.Price{
		ID: "price_1", Currency: "usd", UnitAmount: &amount, Type: pricing.RecurringType,
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1},
	}
	fmt.Printf("%#v\n", p)
	// Output:
	// pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000, Recurring:{month x1}, Type:"recurring"}
}
