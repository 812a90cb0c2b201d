package totals

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var errTest = errors.New("test")

func testCalc(rates []TaxRate, discounts []Discount) Calc {
	return Calc{Object: "test", ID: "t_1", Invalid: errTest, Mismatch: errTest, Overflow: errTest, Currency: "usd",
		DefaultTaxRates: rates, Discounts: discounts,
		LinePath: func(i int) string { return fmt.Sprintf("lines[%d]", i) }}
}

// Inclusive taxes and the taxable amount sum exactly to each line's net
// (before, each was rounded on its own and could exceed it); exclusive
// taxes are p% of the taxable amount, rounded once; a credit mirrors a
// debit.
func TestRun_InclusiveTaxesSumToTheNet(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "rates")
		var rates []TaxRate
		for i := 0; i < n; i++ {
			rates = append(rates, TaxRate{ID: fmt.Sprintf("txr_%d", i),
				Percentage: decimal.New(rapid.Int64Range(0, 300_000).Draw(t, "pct"), -4),
				Inclusive:  rapid.Bool().Draw(t, "inclusive")})
		}
		amount := rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, "amount")
		c := testCalc(rates, nil)
		r, err := c.Run([]Line{{Amount: amount, NotDiscountable: amount < 0}}, true)
		if err != nil {
			t.Fatal(err)
		}
		lr := r.Lines[0]
		var incl int64
		for _, tx := range lr.Taxes {
			if tx.Rate.Inclusive {
				incl += tx.Amount
			}
		}
		for _, tx := range lr.Taxes {
			if tx.TaxableAmount+incl != lr.Net {
				t.Fatalf("taxable %d + inclusive taxes %d != net %d", tx.TaxableAmount, incl, lr.Net)
			}
		}
		// The mirror: the credit of the same amount has the opposite taxes.
		m, err := c.Run([]Line{{Amount: -amount, NotDiscountable: true}}, true)
		if err != nil {
			t.Fatal(err)
		}
		if amount >= 0 {
			r2, _ := c.Run([]Line{{Amount: amount, NotDiscountable: true}}, true)
			if m.Tax != -r2.Tax || m.Total != -r2.Total {
				t.Fatalf("credit %d: tax %d total %d; debit: tax %d total %d", -amount, m.Tax, m.Total, r2.Tax, r2.Total)
			}
		}
	})
}
