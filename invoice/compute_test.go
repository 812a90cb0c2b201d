package invoice_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// Invoice.Compute on hand-built invoices: every number written by hand.

func i64(v int64) *int64 { return &v }

// mkLine is a discountable line of amount for product prod_<id> (a
// licensed monthly price).
func mkLine(id string, amount int64) invoice.LineItem {
	return invoice.LineItem{ID: "il_" + id, Amount: amount, Discountable: true, Quantity: 1,
		Price: pricing.Price{ID: "price_" + id, Product: "prod_" + id, Currency: "usd", Type: pricing.RecurringType,
			Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}}
}

// mkMetered is a line priced by a meter price.
func mkMetered(id string, amount int64) invoice.LineItem {
	l := mkLine(id, amount)
	l.Price.Recurring.UsageType, l.Price.Recurring.Meter = pricing.Metered, "mtr_1"
	return l
}

// mkProration is a proration line: not discountable, amount already net.
func mkProration(id string, amount int64) invoice.LineItem {
	l := mkLine(id, amount)
	l.Discountable = false
	l.Parent = invoice.LineParent{Type: invoice.ParentSubscriptionItem, Proration: true, InvoiceItem: "ii_" + id, Subscription: "sub_1", SubscriptionItem: "si_1"}
	return l
}

func mkInvoice(lines ...invoice.LineItem) invoice.Invoice {
	return invoice.Invoice{ID: "in_1", Customer: "cus_1", Currency: "usd", Status: "draft",
		Created: time.Unix(1746057600, 0).UTC(), PeriodStart: time.Unix(1743465600, 0).UTC(), PeriodEnd: time.Unix(1746057600, 0).UTC(), Lines: lines}
}

func pctOff(id, pct string) invoice.Discount {
	return invoice.Discount{ID: "di_" + id, Coupon: invoice.Coupon{ID: "co_" + id, PercentOff: decimal.NewNullDecimal(decimal.RequireFromString(pct)), Duration: invoice.DurationForever, Valid: true}}
}

func amtOff(id string, off int64) invoice.Discount {
	return invoice.Discount{ID: "di_" + id, Coupon: invoice.Coupon{ID: "co_" + id, AmountOff: &off, Currency: "usd", Duration: invoice.DurationForever, Valid: true}}
}

func rateOf(id, pct string, inclusive bool) invoice.TaxRate {
	return invoice.TaxRate{ID: "txr_" + id, Percentage: decimal.RequireFromString(pct), Inclusive: inclusive, Active: true}
}

func discStr(ds []invoice.DiscountAmount) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%d %s", d.Amount, d.Discount.ID)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func taxStr(ts []invoice.TaxAmount) string {
	parts := make([]string, len(ts))
	for i, x := range ts {
		kind := "excl"
		if x.Rate.Inclusive {
			kind = "incl"
		}
		parts[i] = fmt.Sprintf("%d of %d %s %s", x.Amount, x.TaxableAmount, x.Rate.ID, kind)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func pretaxStr(ps []invoice.PretaxCreditAmount) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		ref := p.Discount
		if p.Type == invoice.CreditBalance {
			ref = p.CreditBalanceTransaction
		}
		parts[i] = fmt.Sprintf("%d %s %s", p.Amount, p.Type, ref)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// sums is what the tables check of an invoice's amounts.
type sums struct {
	Subtotal, SubtotalExcludingTax, TotalExcludingTax, Total, AmountDue int64
}

func sumsOf(inv invoice.Invoice) sums {
	return sums{inv.Subtotal, inv.SubtotalExcludingTax, inv.TotalExcludingTax, inv.Total, inv.AmountDue}
}

func mustCompute(t *testing.T, inv invoice.Invoice) invoice.Invoice {
	t.Helper()
	before := copyDeep(inv)
	out, err := inv.Compute()
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	if !reflect.DeepEqual(inv, before) {
		t.Fatal("Compute modified its receiver's slices")
	}
	again, err := out.Compute()
	if err != nil {
		t.Fatalf("Compute of a computed invoice: %v", err)
	}
	if !reflect.DeepEqual(again, out) {
		t.Errorf("Compute is not idempotent:\nonce  %+v\ntwice %+v", sumsOf(out), sumsOf(again))
	}
	return out
}

func TestInvoice_ComputeDiscounts(t *testing.T) {
	own := func(l invoice.LineItem, ds ...invoice.Discount) invoice.LineItem { l.Discounts = ds; return l }
	appliesTo := pctOff("b_only", "50")
	appliesTo.Coupon.AppliesTo = &invoice.AppliesTo{Products: []string{"prod_b"}}
	tests := []struct {
		name      string
		lines     []invoice.LineItem
		discounts []invoice.Discount // the invoice's
		want      []string           // each line's discount_amounts
		total     string             // total_discount_amounts
		sums      sums
	}{
		{
			name:  "line percent, then invoice percent on what is left",
			lines: []invoice.LineItem{own(mkLine("a", 1000), pctOff("10", "10")), mkLine("b", 2000)}, discounts: []invoice.Discount{pctOff("50", "50")},
			// a: 10% of 1000 = 100, then 50% of 900 = 450; b: 50% of 2000.
			want: []string{"[100 di_10, 450 di_50]", "[1000 di_50]"}, total: "[100 di_10, 1450 di_50]",
			sums: sums{2900, 2900, 1450, 1450, 1450},
		},
		{
			name:  "amount_off spread by largest remainder",
			lines: []invoice.LineItem{mkLine("a", 1000), mkLine("b", 2000)}, discounts: []invoice.Discount{amtOff("500", 500)},
			// 500 x 1/3 = 166.67, 500 x 2/3 = 333.33: floors 166 + 333, the
			// remaining unit to a (remainder 2000/3000 > 1000/3000).
			want: []string{"[167 di_500]", "[333 di_500]"}, total: "[500 di_500]",
			sums: sums{3000, 3000, 2500, 2500, 2500},
		},
		{
			name:  "amount_off remainder ties go to the earlier line",
			lines: []invoice.LineItem{mkLine("a", 100), mkLine("b", 100), mkLine("c", 100)}, discounts: []invoice.Discount{amtOff("100", 100)},
			want: []string{"[34 di_100]", "[33 di_100]", "[33 di_100]"}, total: "[100 di_100]",
			sums: sums{300, 300, 200, 200, 200},
		},
		{
			name:  "amount_off capped at the discountable lines",
			lines: []invoice.LineItem{mkLine("a", 300), mkProration("p", 500)}, discounts: []invoice.Discount{amtOff("1000", 1000)},
			want: []string{"[300 di_1000]", "[0 di_1000]"}, total: "[300 di_1000]",
			sums: sums{800, 800, 500, 500, 500},
		},
		{
			name:  "a line's amount_off takes at most the line",
			lines: []invoice.LineItem{own(mkLine("a", 1000), amtOff("1500", 1500)), mkLine("b", 200)},
			want:  []string{"[1000 di_1500]", "[]"}, total: "[1000 di_1500]",
			sums: sums{200, 200, 200, 200, 200},
		},
		{
			name:  "percent rounds half up per line",
			lines: []invoice.LineItem{mkLine("a", 25), mkLine("b", 35)}, discounts: []invoice.Discount{pctOff("10", "10")},
			want: []string{"[3 di_10]", "[4 di_10]"}, total: "[7 di_10]",
			sums: sums{60, 60, 53, 53, 53},
		},
		{
			name:  "applies_to touches the listed products only",
			lines: []invoice.LineItem{mkLine("a", 1000), mkLine("b", 1000)}, discounts: []invoice.Discount{appliesTo},
			want: []string{"[]", "[500 di_b_only]"}, total: "[500 di_b_only]",
			sums: sums{2000, 2000, 1500, 1500, 1500},
		},
		{
			name:  "a negative discountable line takes no discount",
			lines: []invoice.LineItem{mkLine("a", -500), mkLine("b", 1000)}, discounts: []invoice.Discount{pctOff("10", "10")},
			want: []string{"[]", "[100 di_10]"}, total: "[100 di_10]",
			sums: sums{500, 500, 400, 400, 400},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := mkInvoice(tt.lines...)
			inv.Discounts = tt.discounts
			out := mustCompute(t, inv)
			for i, l := range out.Lines {
				if got := discStr(l.DiscountAmounts); got != tt.want[i] {
					t.Errorf("lines[%d].discount_amounts = %s; want %s", i, got, tt.want[i])
				}
			}
			if got := discStr(out.TotalDiscountAmounts); got != tt.total {
				t.Errorf("total_discount_amounts = %s; want %s", got, tt.total)
			}
			if got := sumsOf(out); got != tt.sums {
				t.Errorf("totals (-want +got):\n-%+v\n+%+v", tt.sums, got)
			}
		})
	}
}

// A proration credit: not discountable (its amount is already net), taxed
// by its own rate, the tax negative and rounded half away from zero.
func TestInvoice_ComputeProrationLines(t *testing.T) {
	vat := []invoice.TaxRate{rateOf("10", "10", false)}
	credit, debit, renewal := mkProration("c", -335), mkProration("d", 335), mkLine("r", 2000)
	credit.TaxRates, debit.TaxRates, renewal.TaxRates = vat, vat, vat
	inv := mkInvoice(credit, debit, renewal)
	inv.Discounts = []invoice.Discount{pctOff("10", "10")}
	out := mustCompute(t, inv)
	want := []struct{ disc, taxes string }{
		{"[0 di_10]", "[-34 of -335 txr_10 excl]"}, // -33.5 -> -34
		{"[0 di_10]", "[34 of 335 txr_10 excl]"},   // 33.5 -> 34
		{"[200 di_10]", "[180 of 1800 txr_10 excl]"},
	}
	for i, l := range out.Lines {
		if got := discStr(l.DiscountAmounts); got != want[i].disc {
			t.Errorf("lines[%d].discount_amounts = %s; want %s", i, got, want[i].disc)
		}
		if got := taxStr(l.Taxes); got != want[i].taxes {
			t.Errorf("lines[%d].taxes = %s; want %s", i, got, want[i].taxes)
		}
	}
	if got, w := discStr(out.TotalDiscountAmounts), "[200 di_10]"; got != w {
		t.Errorf("total_discount_amounts = %s; want %s (prorations excluded)", got, w)
	}
	if got, w := taxStr(out.TotalTaxes), "[180 of 1800 txr_10 excl]"; got != w {
		t.Errorf("total_taxes = %s; want %s", got, w)
	}
	if got, w := sumsOf(out), (sums{2000, 2000, 1800, 1980, 1980}); got != w {
		t.Errorf("totals (-want +got):\n-%+v\n+%+v", w, got)
	}

	// A credit alone: a negative total, nothing due.
	alone := mustCompute(t, mkInvoice(credit))
	if got, w := sumsOf(alone), (sums{-335, -335, -335, -369, 0}); got != w {
		t.Errorf("credit alone (-want +got):\n-%+v\n+%+v", w, got)
	}
	if alone.AmountRemaining != 0 {
		t.Errorf("credit alone: amount_remaining %d; want 0", alone.AmountRemaining)
	}
}

// Inclusive taxes are found inside the net: per rate p of the inclusive
// sum I, round(net x p / (100 + I)), and the taxable amount is what is left,
// so that they add up to the net exactly.
func TestInvoice_ComputeInclusiveTaxes(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
		rates  []invoice.TaxRate
		taxes  string
		sums   sums
	}{
		{"20% inclusive", 1000, []invoice.TaxRate{rateOf("20i", "20", true)},
			// 1000 x 20/120 = 166.67 -> 167; 1000 - 167 = 833.
			"[167 of 833 txr_20i incl]", sums{1000, 833, 1000, 1000, 1000}},
		{"10% and 5% inclusive", 1000, []invoice.TaxRate{rateOf("10i", "10", true), rateOf("5i", "5", true)},
			// 1000 x 10/115 = 86.96 -> 87, 1000 x 5/115 = 43.48 -> 43; 870 left.
			"[87 of 870 txr_10i incl, 43 of 870 txr_5i incl]", sums{1000, 870, 1000, 1000, 1000}},
		{"15% inclusive and 20% exclusive", 1000, []invoice.TaxRate{rateOf("15i", "15", true), rateOf("20", "20", false)},
			// 1000 x 15/115 = 130.43 -> 130; exclusive 20% of the 869.57
			// before tax: 1000 x 20/115 = 173.91 -> 174, added.
			"[130 of 870 txr_15i incl, 174 of 870 txr_20 excl]", sums{1000, 870, 1000, 1174, 1174}},
		{"a credit, 20% inclusive", -1000, []invoice.TaxRate{rateOf("20i", "20", true)},
			"[-167 of -833 txr_20i incl]", sums{-1000, -833, -1000, -1000, 0}},
		{"half a unit, 20% inclusive", 3, []invoice.TaxRate{rateOf("20i", "20", true)},
			// 3 x 20/120 = 0.5 -> 1 (half up); 2 left.
			"[1 of 2 txr_20i incl]", sums{3, 2, 3, 3, 3}},
		{"minus half a unit, 20% inclusive", -3, []invoice.TaxRate{rateOf("20i", "20", true)},
			// -0.5 -> -1 (half away from zero); -2 left.
			"[-1 of -2 txr_20i incl]", sums{-3, -2, -3, -3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mkProration("a", tt.amount)
			if tt.amount > 0 {
				l = mkLine("a", tt.amount)
			}
			inv := mkInvoice(l)
			inv.DefaultTaxRates = tt.rates
			out := mustCompute(t, inv)
			if got := taxStr(out.Lines[0].Taxes); got != tt.taxes {
				t.Errorf("taxes = %s; want %s", got, tt.taxes)
			}
			if got := sumsOf(out); got != tt.sums {
				t.Errorf("totals (-want +got):\n-%+v\n+%+v", tt.sums, got)
			}
		})
	}

	// Any net, any inclusive rates: the inclusive taxes and the taxable
	// amount add up to the net exactly.
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, "amount")
		n := rapid.IntRange(1, 3).Draw(t, "rates")
		var rates []invoice.TaxRate
		for i := 0; i < n; i++ {
			p := decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "pct"), -4)
			rates = append(rates, invoice.TaxRate{ID: fmt.Sprintf("txr_%d", i), Percentage: p, Inclusive: rapid.Bool().Draw(t, "inclusive")})
		}
		l := mkLine("a", amount)
		l.TaxRates = rates
		l.Discountable = rapid.Bool().Draw(t, "discountable")
		inv := mkInvoice(l)
		inv.Discounts = []invoice.Discount{pctOff("d", decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "off"), -4).String())}
		out, err := inv.Compute()
		if err != nil {
			t.Fatal(err)
		}
		line := out.Lines[0]
		var disc, incl, excl int64
		for _, d := range line.DiscountAmounts {
			disc += d.Amount
		}
		for _, x := range line.Taxes {
			if x.Rate.Inclusive {
				incl += x.Amount
			} else {
				excl += x.Amount
			}
		}
		net := amount - disc
		for _, x := range line.Taxes {
			if x.TaxableAmount+incl != net {
				t.Fatalf("%s: taxable %d + inclusive %d != net %d", x.Rate.ID, x.TaxableAmount, incl, net)
			}
		}
		if out.Total != net+excl || out.SubtotalExcludingTax != out.Subtotal-incl {
			t.Fatalf("total %d (net %d + exclusive %d), subtotal_excluding_tax %d (subtotal %d - inclusive %d)", out.Total, net, excl, out.SubtotalExcludingTax, out.Subtotal, incl)
		}
	})
}

// Billing credits come off after discounts and before tax.
func TestInvoice_ComputePretaxCredits(t *testing.T) {
	met := mkMetered("m", 4150)
	met.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: 1000, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"}}
	inv := mkInvoice(met)
	inv.Discounts = []invoice.Discount{pctOff("10", "10")}
	inv.DefaultTaxRates = []invoice.TaxRate{rateOf("10", "10", false)}
	out := mustCompute(t, inv)
	// 4150 - 415 (10%) - 1000 = 2735; tax 273.5 -> 274.
	if got, w := pretaxStr(out.Lines[0].PretaxCreditAmounts), "[415 discount di_10, 1000 credit_balance_transaction cbtxn_1]"; got != w {
		t.Errorf("line pretax_credit_amounts = %s; want %s", got, w)
	}
	if got, w := pretaxStr(out.TotalPretaxCreditAmounts), "[415 discount di_10, 1000 credit_balance_transaction cbtxn_1]"; got != w {
		t.Errorf("total_pretax_credit_amounts = %s; want %s", got, w)
	}
	if got, w := taxStr(out.Lines[0].Taxes), "[274 of 2735 txr_10 excl]"; got != w {
		t.Errorf("taxes = %s; want %s", got, w)
	}
	if got, w := sumsOf(out), (sums{4150, 4150, 2735, 3009, 3009}); got != w {
		t.Errorf("totals (-want +got):\n-%+v\n+%+v", w, got)
	}

	// The invoice's credit entries add up per transaction; a preview's,
	// with no transaction, stay apart.
	a, b := mkMetered("a", 1000), mkMetered("b", 2000)
	a.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: 300, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"}}
	b.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: 200, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"}}
	out = mustCompute(t, mkInvoice(a, b))
	if got, w := pretaxStr(out.TotalPretaxCreditAmounts), "[500 credit_balance_transaction cbtxn_1]"; got != w {
		t.Errorf("one transaction: total_pretax_credit_amounts = %s; want %s", got, w)
	}
	a.PretaxCreditAmounts[0].CreditBalanceTransaction, b.PretaxCreditAmounts[0].CreditBalanceTransaction = "", ""
	out = mustCompute(t, mkInvoice(a, b))
	if got, w := pretaxStr(out.TotalPretaxCreditAmounts), "[300 credit_balance_transaction , 200 credit_balance_transaction ]"; got != w {
		t.Errorf("preview: total_pretax_credit_amounts = %s; want %s", got, w)
	}
	if got, w := sumsOf(out), (sums{3000, 3000, 2500, 2500, 2500}); got != w {
		t.Errorf("totals (-want +got):\n-%+v\n+%+v", w, got)
	}
}

// Compute twice is Compute once, on random invoices.
func TestInvoice_ComputeIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(t, "lines")
		var lines []invoice.LineItem
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%d", i)
			var l invoice.LineItem
			switch rapid.IntRange(0, 2).Draw(t, "kind") {
			case 0:
				l = mkLine(id, rapid.Int64Range(0, 1_000_000).Draw(t, "amount"))
			case 1:
				l = mkProration(id, rapid.Int64Range(-1_000_000, 1_000_000).Draw(t, "amount"))
			default:
				l = mkMetered(id, rapid.Int64Range(0, 1_000_000).Draw(t, "amount"))
				// Credits pay at most the line after discounts: a credited
				// line here takes no discount.
				if c := rapid.Int64Range(0, min(1000, l.Amount)).Draw(t, "credit"); c > 0 {
					l.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: c, Type: invoice.CreditBalance}}
					l.Discountable = false
				}
			}
			if rapid.Bool().Draw(t, "own_discount") {
				l.Discounts = []invoice.Discount{pctOff("own"+id, "12.5")}
			}
			if rapid.Bool().Draw(t, "own_rate") {
				l.TaxRates = []invoice.TaxRate{rateOf("own", "8.25", rapid.Bool().Draw(t, "own_inclusive"))}
			}
			lines = append(lines, l)
		}
		inv := mkInvoice(lines...)
		if rapid.Bool().Draw(t, "percent") {
			inv.Discounts = append(inv.Discounts, pctOff("p", "15"))
		}
		if rapid.Bool().Draw(t, "amount_off") {
			inv.Discounts = append(inv.Discounts, amtOff("a", rapid.Int64Range(0, 100_000).Draw(t, "off")))
		}
		if rapid.Bool().Draw(t, "default_rate") {
			inv.DefaultTaxRates = []invoice.TaxRate{rateOf("d", "20", rapid.Bool().Draw(t, "default_inclusive"))}
		}
		before := copyDeep(inv)
		once, err := inv.Compute()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(inv, before) {
			t.Fatal("Compute modified its receiver")
		}
		twice, err := once.Compute()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(once, twice) {
			t.Fatalf("Compute twice differs:\nonce  %+v %s\ntwice %+v %s", sumsOf(once), pretaxStr(once.TotalPretaxCreditAmounts), sumsOf(twice), pretaxStr(twice.TotalPretaxCreditAmounts))
		}
	})
}

// fieldsOf lists the fields of every *FieldError in err (joined or not).
func fieldsOf(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*invoice.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range j.Unwrap() {
				walk(c)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func TestInvoice_ComputeErrors(t *testing.T) {
	unexpanded := invoice.Discount{ID: "di_bare", Unexpanded: true}
	bareRate := invoice.TaxRate{ID: "txr_bare", Unexpanded: true}
	eur := amtOff("eur", 100)
	eur.Coupon.Currency = "eur"
	withDisc := func(l invoice.LineItem, d invoice.Discount) invoice.LineItem {
		l.Discounts = []invoice.Discount{d}
		return l
	}
	withRate := func(l invoice.LineItem, r invoice.TaxRate) invoice.LineItem {
		l.TaxRates = []invoice.TaxRate{r}
		return l
	}
	tests := []struct {
		name     string
		inv      invoice.Invoice
		sentinel error
		fields   []string
	}{
		{"unexpanded line discount", mkInvoice(withDisc(mkLine("a", 100), unexpanded)), invoice.ErrInvalidInvoice, []string{"lines.data[0].discounts[0]"}},
		{"unexpanded line tax rate", mkInvoice(mkLine("a", 100), withRate(mkLine("b", 100), bareRate)), invoice.ErrInvalidInvoice, []string{"lines.data[1].tax_rates[0]"}},
		{"unexpanded invoice discount", func() invoice.Invoice {
			inv := mkInvoice(mkLine("a", 100))
			inv.Discounts = []invoice.Discount{pctOff("ok", "10"), unexpanded}
			return inv
		}(), invoice.ErrInvalidInvoice, []string{"discounts[1]"}},
		{"unexpanded default tax rate", func() invoice.Invoice {
			inv := mkInvoice(mkLine("a", 100))
			inv.DefaultTaxRates = []invoice.TaxRate{bareRate}
			return inv
		}(), invoice.ErrInvalidInvoice, []string{"default_tax_rates[0]"}},
		{"every problem at once", mkInvoice(withDisc(mkLine("a", 100), unexpanded), withRate(mkLine("b", 100), bareRate)), invoice.ErrInvalidInvoice,
			[]string{"lines.data[0].discounts[0]", "lines.data[1].tax_rates[0]"}},
		{"negative credit", func() invoice.Invoice {
			l := mkMetered("a", 100)
			l.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: -1, Type: invoice.CreditBalance}}
			return mkInvoice(l)
		}(), invoice.ErrInvalidInvoice, []string{"lines.data[0].pretax_credit_amounts[0].amount"}},
		{"line in another currency", func() invoice.Invoice {
			l := mkLine("a", 100)
			l.Currency = "eur"
			return mkInvoice(mkLine("z", 1), l)
		}(), invoice.ErrCurrencyMismatch, []string{"lines.data[1].currency"}},
		{"amount_off in another currency", func() invoice.Invoice {
			inv := mkInvoice(mkLine("a", 100))
			inv.Discounts = []invoice.Discount{eur}
			return inv
		}(), invoice.ErrCurrencyMismatch, []string{"discounts[0].coupon.currency"}},
		{"percent_off and amount_off", mkInvoice(withDisc(mkLine("a", 100), func() invoice.Discount {
			d := pctOff("both", "10")
			d.Coupon.AmountOff = i64(5)
			return d
		}())), invoice.ErrInvalidInvoice, []string{"lines.data[0].discounts[0].coupon"}},
		{"overflow", mkInvoice(mkLine("a", math.MaxInt64), mkLine("b", 1)), invoice.ErrOverflow, []string{"subtotal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := copyDeep(tt.inv)
			out, err := tt.inv.Compute()
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v; want %v", err, tt.sentinel)
			}
			if got := fieldsOf(err); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields = %q; want %q (err %v)", got, tt.fields, err)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("message %q does not name %s", err, f)
				}
			}
			if !strings.HasPrefix(err.Error(), "invoice: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
			if !reflect.DeepEqual(out, before) || !reflect.DeepEqual(tt.inv, before) {
				t.Error("on error Compute must return the invoice unchanged and leave it alone")
			}
		})
	}
}

// CreditInput keeps the metered lines only, each at its amount after
// discounts (line's own and the invoice's), and the invoice's identity.
func TestInvoice_CreditInput(t *testing.T) {
	met := mkMetered("m", 4150)
	met.Discounts = []invoice.Discount{pctOff("own", "10")}
	usage := mkLine("u", 500) // metered by usage_type, no meter
	usage.Price.Recurring.UsageType = pricing.Metered
	oneTime := mkLine("o", 700)
	oneTime.Price.Recurring, oneTime.Price.Type = nil, pricing.OneTime
	inv := mkInvoice(mkLine("l", 1000), met, usage, oneTime, mkProration("p", -300))
	inv.Discounts = []invoice.Discount{pctOff("50", "50")}
	before := copyDeep(inv)
	out := mustCompute(t, inv)
	got := out.CreditInput()
	// met: 4150 - 415 = 3735, then 50%: 1867.5 -> 1868 off: 1867.
	// usage: 500 - 250 = 250.
	want := credit.Invoice{ID: "in_1", Customer: "cus_1", Currency: "usd", PeriodEnd: inv.PeriodEnd,
		Lines: []credit.InvoiceLine{{ID: "il_m", Price: "price_m", Metered: true, Amount: 1867}, {ID: "il_u", Price: "price_u", Metered: true, Amount: 250}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CreditInput (-want +got):\n-%+v\n+%+v", want, got)
	}
	if !reflect.DeepEqual(inv, before) {
		t.Error("inputs modified")
	}
	if err := got.Validate(); err != nil {
		t.Errorf("CreditInput is not a valid credit.Invoice: %v", err)
	}
	// Credits already on the lines do not lower what credits may pay.
	out.Lines[1].PretaxCreditAmounts = append(out.Lines[1].PretaxCreditAmounts, invoice.PretaxCreditAmount{Amount: 500, Type: invoice.CreditBalance})
	if got := out.CreditInput().Lines[0].Amount; got != 1867 {
		t.Errorf("with a credit entry: amount %d; want 1867", got)
	}
}

// Finalize with nothing to credit opens the invoice at its instant.
func TestFinalize_NoCredits(t *testing.T) {
	inv := mkInvoice(mkLine("a", 1000))
	at := time.Unix(1746057700, 0)
	out, app, err := invoice.Finalize(inv, nil, nil, at, credit.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != "open" || !out.FinalizedAt.Equal(at.UTC()) || out.EndingBalance == nil || *out.EndingBalance != 0 || out.AmountDue != 1000 {
		t.Errorf("status %s finalized_at %v ending_balance %v amount_due %d; want open, %v, 0, 1000", out.Status, out.FinalizedAt, out.EndingBalance, out.AmountDue, at)
	}
	if len(app.Transactions) != 0 {
		t.Errorf("%d transactions; want none", len(app.Transactions))
	}
}

// copyDeep returns a copy of v sharing no exported slice, map or pointer
// with it, so that reflect.DeepEqual(before, after) detects a mutation.
func copyDeep[T any](v T) T {
	return copyVal(reflect.ValueOf(&v).Elem()).Interface().(T)
}

func copyVal(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(copyVal(v.Elem()))
			out.Set(p)
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := 0; i < v.Len(); i++ {
				s.Index(i).Set(copyVal(v.Index(i)))
			}
			out.Set(s)
		}
	case reflect.Map:
		if !v.IsNil() {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			for it := v.MapRange(); it.Next(); {
				m.SetMapIndex(copyVal(it.Key()), copyVal(it.Value()))
			}
			out.Set(m)
		}
	case reflect.Struct:
		out.Set(v) // unexported fields: shallow
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(copyVal(v.Field(i)))
			}
		}
	default:
		out.Set(v)
	}
	return out
}
