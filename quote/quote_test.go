package quote_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/shopspring/decimal"
)

var t0 = time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)

func i64(v int64) *int64 { return &v }

func oneTime(id string, unit int64) pricing.Price {
	return pricing.Price{ID: id, Active: true, BillingScheme: pricing.PerUnit, Currency: "usd",
		Product: "prod_" + id, Type: pricing.OneTime, UnitAmount: i64(unit)}
}

func monthly(id string, unit int64) pricing.Price {
	p := oneTime(id, unit)
	p.Type = pricing.RecurringType
	p.Recurring = &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}
	return p
}

func line(id string, p pricing.Price, qty int64) quote.LineItem {
	return quote.LineItem{ID: id, Price: p, Quantity: qty}
}

func percentOff(id string, pct string, d quote.Duration) quote.Discount {
	return quote.Discount{ID: id, Coupon: quote.Coupon{ID: "co_" + id, Duration: d, PercentOff: decimal.NewNullDecimal(decimal.RequireFromString(pct)), Valid: true}}
}

func amountOff(id string, off int64, d quote.Duration) quote.Discount {
	return quote.Discount{ID: id, Coupon: quote.Coupon{ID: "co_" + id, Duration: d, AmountOff: i64(off), Currency: "usd", Valid: true}}
}

func taxRate(id, pct string, inclusive bool) quote.TaxRate {
	return quote.TaxRate{ID: id, Percentage: decimal.RequireFromString(pct), Inclusive: inclusive, DisplayName: "VAT", Active: true}
}

func draft(lines ...quote.LineItem) quote.Quote {
	q := quote.New("qt_test", t0)
	q.Customer = "cus_test"
	q.Currency = "usd"
	q.LineItems = append([]quote.LineItem{}, lines...)
	return q
}

// totals is what a scenario checks: computed.upfront (= the top level) and
// computed.recurring (nil when nothing recurs), and each line's total.
type totals struct {
	subtotal, discount, tax, total int64
}

func upfrontOf(q quote.Quote) totals {
	u := q.Computed.Upfront
	return totals{u.AmountSubtotal, u.TotalDetails.AmountDiscount, u.TotalDetails.AmountTax, u.AmountTotal}
}

func recurringOf(q quote.Quote) *totals {
	r := q.Computed.Recurring
	if r == nil {
		return nil
	}
	return &totals{r.AmountSubtotal, r.TotalDetails.AmountDiscount, r.TotalDetails.AmountTax, r.AmountTotal}
}

// TestQuote_Compute is the scenario table: every number is computed by hand
// in the reason.
func TestQuote_Compute(t *testing.T) {
	mixed := func() quote.Quote {
		return draft(line("li_setup", oneTime("setup", 5000), 1), line("li_seat", monthly("seat", 2000), 3))
	}
	trial := func(days int64) quote.Quote {
		q := mixed()
		q.SubscriptionData.TrialPeriodDays = i64(days)
		return q
	}
	tiered := pricing.Price{ID: "tiered", Active: true, BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated, Currency: "usd",
		Type: pricing.OneTime, Product: "prod_tiered", Tiers: []pricing.Tier{{UpTo: i64(5), UnitAmount: i64(1000)}, {UnitAmount: i64(800)}}}
	half := oneTime("half", 0)
	half.UnitAmount = nil
	half.UnitAmountDecimal = decimal.NewNullDecimal(decimal.RequireFromString("0.5"))

	tests := []struct {
		name      string
		reason    string
		q         quote.Quote
		upfront   totals
		recurring *totals
		lines     []int64 // line_items amount_total, in order
	}{
		{"one-time only", "1099 x 2 = 2198 (Stripe's API reference example)",
			draft(line("li_1", oneTime("tshirt", 1099), 2)),
			totals{2198, 0, 0, 2198}, nil, []int64{2198}},
		{"recurring only", "1500/month x 10 = 15000 (Stripe's recorded quote events)",
			draft(line("li_1", monthly("plan", 1500), 10)),
			totals{15000, 0, 0, 15000}, &totals{15000, 0, 0, 15000}, []int64{15000}},
		{"mixed", "5000 once + 2000/month x 3 = 11000 up front, 6000 a month",
			mixed(), totals{11000, 0, 0, 11000}, &totals{6000, 0, 0, 6000}, []int64{5000, 6000}},
		{"forever coupon", "10% of 5000 and of 6000 up front (1100 off); forever: 10% of 6000 every month",
			func() quote.Quote {
				q := mixed()
				q.Discounts = []quote.Discount{percentOff("di_10", "10", quote.DurationForever)}
				return q
			}(),
			totals{11000, 1100, 0, 9900}, &totals{6000, 600, 0, 5400}, []int64{4500, 5400}},
		{"once coupon", "10% off the first invoice only: recurring stays 6000",
			func() quote.Quote {
				q := mixed()
				q.Discounts = []quote.Discount{percentOff("di_10", "10", quote.DurationOnce)}
				return q
			}(),
			totals{11000, 1100, 0, 9900}, &totals{6000, 0, 0, 6000}, []int64{4500, 5400}},
		{"repeating coupon", "repeating counts up front, not in computed.recurring (forever only)",
			func() quote.Quote {
				q := mixed()
				d := percentOff("di_10", "10", quote.DurationRepeating)
				d.Coupon.DurationInMonths = i64(3)
				q.Discounts = []quote.Discount{d}
				return q
			}(),
			totals{11000, 1100, 0, 9900}, &totals{6000, 0, 0, 6000}, []int64{4500, 5400}},
		{"percent rounds half-up per line", "12.5% of 999 = 124.875 -> 125",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 999), 1))
				q.Discounts = []quote.Discount{percentOff("di", "12.5", quote.DurationOnce)}
				return q
			}(),
			totals{999, 125, 0, 874}, nil, []int64{874}},
		{"amount_off spread by largest remainder", "1000 over 1000/2000/3000: 166.67, 333.33, 500 -> floors 166+333+500 = 999, the extra unit to the largest remainder (line 1)",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 1000), 1), line("li_2", oneTime("b", 2000), 1), line("li_3", oneTime("c", 3000), 1))
				q.Discounts = []quote.Discount{amountOff("di_off", 1000, quote.DurationOnce)}
				return q
			}(),
			totals{6000, 1000, 0, 5000}, nil, []int64{833, 1667, 2500}},
		{"amount_off tie goes to the earlier line", "1 over 1000 and 1000: 0.5 each, the tie to line 1",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 1000), 1), line("li_2", oneTime("b", 1000), 1))
				q.Discounts = []quote.Discount{amountOff("di_off", 1, quote.DurationOnce)}
				return q
			}(),
			totals{2000, 1, 0, 1999}, nil, []int64{999, 1000}},
		{"amount_off never below zero", "5000 off a 600 quote takes 600",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 200), 3))
				q.Discounts = []quote.Discount{amountOff("di_off", 5000, quote.DurationOnce)}
				return q
			}(),
			totals{600, 600, 0, 0}, nil, []int64{0}},
		{"coupon in another currency with an option", "a eur coupon with currency_options.usd.amount_off 300 takes 300 off a usd quote",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 1000), 1))
				d := amountOff("di_eur", 250, quote.DurationOnce)
				d.Coupon.Currency = "eur"
				d.Coupon.CurrencyOptions = map[pricing.Currency]quote.CouponCurrencyOption{"usd": {AmountOff: 300}}
				q.Discounts = []quote.Discount{d}
				return q
			}(),
			totals{1000, 300, 0, 700}, nil, []int64{700}},
		{"line discount before quote discount", "10000 - 1000 (line) = 9000, then 50% = 4500",
			func() quote.Quote {
				l := line("li_1", oneTime("a", 10000), 1)
				l.Discounts = []quote.Discount{amountOff("di_line", 1000, quote.DurationOnce)}
				q := draft(l)
				q.Discounts = []quote.Discount{percentOff("di_half", "50", quote.DurationOnce)}
				return q
			}(),
			totals{10000, 5500, 0, 4500}, nil, []int64{4500}},
		{"exclusive tax", "20% of 2198 = 439.6 -> 440 added: 2638",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("tshirt", 1099), 2))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", false)}
				return q
			}(),
			totals{2198, 0, 440, 2638}, nil, []int64{2638}},
		{"inclusive tax", "20% inside 2198 = 2198 x 20/120 = 366.33 -> 366, reported not added",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("tshirt", 1099), 2))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", true)}
				return q
			}(),
			totals{2198, 0, 366, 2198}, nil, []int64{2198}},
		{"inclusive and exclusive on one line", "net 1000 with 10% inclusive and 5% exclusive: taxable 1000/1.1; 90.9 -> 91 inside, 45.45 -> 45 added",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 1000), 1))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_in", "10", true), taxRate("txr_ex", "5", false)}
				return q
			}(),
			totals{1000, 0, 136, 1045}, nil, []int64{1045}},
		{"line tax rates replace the defaults", "line 1 untaxed by its own 0% rate, line 2 taxed 10% by default: 100",
			func() quote.Quote {
				l := line("li_1", oneTime("a", 1000), 1)
				l.TaxRates = []quote.TaxRate{taxRate("txr_zero", "0", false)}
				q := draft(l, line("li_2", oneTime("b", 1000), 1))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "10", false)}
				return q
			}(),
			totals{2000, 0, 100, 2100}, nil, []int64{1000, 1100}},
		{"tax after discount", "20% exclusive on 2000 - 10% = 1800: 360",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 2000), 1))
				q.Discounts = []quote.Discount{percentOff("di", "10", quote.DurationOnce)}
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", false)}
				return q
			}(),
			totals{2000, 200, 360, 2160}, nil, []int64{2160}},
		{"trial", "14-day trial: the recurring line is 0 up front, only the 5000 setup fee is due; 6000 a month after",
			trial(14), totals{5000, 0, 0, 5000}, &totals{6000, 0, 0, 6000}, []int64{5000, 6000}},
		{"trial with amount_off", "up front, 1000 off spread over what is due: all on the setup fee; line_items (one period, no trial) spread it over 5000 and 6000: 454.55 -> 455 (larger remainder), 545.45 -> 545",
			func() quote.Quote {
				q := trial(14)
				q.Discounts = []quote.Discount{amountOff("di", 1000, quote.DurationOnce)}
				return q
			}(),
			totals{5000, 1000, 0, 4000}, &totals{6000, 0, 0, 6000}, []int64{4545, 5455}},
		{"future effective date", "an effective date does not change the amounts",
			func() quote.Quote { q := mixed(); q.SubscriptionData.EffectiveDate = t0.AddDate(0, 1, 0); return q }(),
			totals{11000, 0, 0, 11000}, &totals{6000, 0, 0, 6000}, []int64{5000, 6000}},
		{"graduated tiers through pricing", "7 units: 5 x 1000 + 2 x 800 = 6600",
			draft(line("li_1", tiered, 7)), totals{6600, 0, 0, 6600}, nil, []int64{6600}},
		{"decimal unit amount", "3 x 0.5 = 1.5 -> 2 (rounded once per line, half-up)",
			draft(line("li_1", half, 3)), totals{2, 0, 0, 2}, nil, []int64{2}},
		{"empty draft", "no lines: zero totals, nothing recurs",
			draft(), totals{0, 0, 0, 0}, nil, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.q.Compute()
			if err != nil {
				t.Fatalf("Compute: %v (%s)", err, tt.reason)
			}
			if got := upfrontOf(c); got != tt.upfront {
				t.Errorf("computed.upfront (-want +got):\n- %+v\n+ %+v\n(%s)", tt.upfront, got, tt.reason)
			}
			if got := (totals{c.AmountSubtotal, c.TotalDetails.AmountDiscount, c.TotalDetails.AmountTax, c.AmountTotal}); got != tt.upfront {
				t.Errorf("top-level totals (-want +got):\n- %+v\n+ %+v", tt.upfront, got)
			}
			got := recurringOf(c)
			if (got == nil) != (tt.recurring == nil) || (got != nil && *got != *tt.recurring) {
				t.Errorf("computed.recurring (-want +got):\n- %v\n+ %v\n(%s)", tt.recurring, got, tt.reason)
			}
			var lines []int64
			for _, li := range c.LineItems {
				lines = append(lines, li.AmountTotal)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tt.lines) {
				t.Errorf("line totals (-want +got):\n- %v\n+ %v\n(%s)", tt.lines, lines, tt.reason)
			}
		})
	}
}

func TestQuote_ComputeErrors(t *testing.T) {
	eur := oneTime("eur", 100)
	eur.Currency = "eur"
	yearly := monthly("yearly", 100)
	yearly.Recurring = &pricing.Recurring{Interval: pricing.Year, IntervalCount: 1, UsageType: pricing.Licensed}
	tests := []struct {
		name   string
		reason string
		q      quote.Quote
		field  string
		is     error
	}{
		{"currency mismatch", "a eur price without a usd option cannot be quoted in usd",
			draft(line("li_1", oneTime("a", 100), 1), line("li_2", eur, 1)), "line_items[1].price.currency", quote.ErrCurrencyMismatch},
		{"mixed intervals", "classic mode: recurring lines share one interval",
			draft(line("li_1", monthly("m", 100), 1), line("li_2", yearly, 1)), "line_items[1].price.recurring", quote.ErrInvalidQuote},
		{"negative quantity", "quantities are non-negative",
			draft(line("li_1", oneTime("a", 100), -1)), "line_items[0].quantity", quote.ErrInvalidQuote},
		{"coupon in another currency", "amount_off must be in the quote's currency",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				d := amountOff("di", 10, quote.DurationOnce)
				d.Coupon.Currency = "eur"
				q.Discounts = []quote.Discount{d}
				return q
			}(), "discounts[0].coupon.currency", quote.ErrCurrencyMismatch},
		{"coupon currency option", "amount_off in eur with a usd option: fine, so a negative option is the only error",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				d := amountOff("di", 10, quote.DurationOnce)
				d.Coupon.Currency = "eur"
				d.Coupon.CurrencyOptions = map[pricing.Currency]quote.CouponCurrencyOption{"usd": {AmountOff: -5}}
				q.Discounts = []quote.Discount{d}
				return q
			}(), "discounts[0].coupon.currency_options.usd.amount_off", quote.ErrInvalidQuote},
		{"percent over 100", "percent_off lies in (0, 100]",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.Discounts = []quote.Discount{percentOff("di", "100.5", quote.DurationOnce)}
				return q
			}(), "discounts[0].coupon.percent_off", quote.ErrInvalidQuote},
		{"percent of zero", "Stripe requires percent_off greater than 0",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.Discounts = []quote.Discount{percentOff("di", "0", quote.DurationOnce)}
				return q
			}(), "discounts[0].coupon.percent_off", quote.ErrInvalidQuote},
		{"unexpanded discount", "a bare discount id has no coupon to compute with",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.Discounts = []quote.Discount{{ID: "di_1", Unexpanded: true}}
				return q
			}(), "discounts[0]", quote.ErrInvalidQuote},
		{"tax rate with five decimals", "percentages carry at most four decimal places",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr", "7.12345", false)}
				return q
			}(), "default_tax_rates[0].percentage", quote.ErrInvalidQuote},
		{"lines not expanded", "a quote decoded without line_items cannot be recomputed",
			func() quote.Quote { q := draft(); q.LineItems = nil; return q }(), "line_items", quote.ErrInvalidQuote},
		{"automatic tax", "automatic tax needs a tax service: out of scope",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.AutomaticTax.Enabled = true
				return q
			}(),
			"automatic_tax.enabled", quote.ErrUnsupported},
		{"overflow", "9e18 x 2 does not fit in int64",
			draft(line("li_1", oneTime("big", 9_000_000_000_000_000_000), 2)), "line_items[0].price", quote.ErrOverflow},
		{"overflow in the sum", "two lines of 5e18 sum beyond int64",
			draft(line("li_1", oneTime("a", 5_000_000_000_000_000_000), 1), line("li_2", oneTime("b", 5_000_000_000_000_000_000), 1)), "amount_subtotal", quote.ErrOverflow},
		{"overflow in a line's tax", "two exclusive rates of 100% on 5e18 add 1e19 of tax",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 5_000_000_000_000_000_000), 1))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_a", "100", false), taxRate("txr_b", "100", false)}
				return q
			}(), "line_items[0].amount_tax", quote.ErrOverflow},
		{"overflow in a line's total", "5e18 plus 90% exclusive tax exceeds int64",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 5_000_000_000_000_000_000), 1))
				q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_a", "90", false)}
				return q
			}(), "line_items[0].amount_total", quote.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Compute()
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v (%s)", err, tt.is, tt.reason)
			}
			if tt.field != "" && !strings.Contains(err.Error(), tt.field+":") {
				t.Errorf("error %q does not name %s (%s)", err, tt.field, tt.reason)
			}
			if got.AmountTotal != tt.q.AmountTotal {
				t.Error("a failed Compute changed the quote")
			}
		})
	}
}

func TestQuote_Finalize(t *testing.T) {
	eur := oneTime("eur", 100)
	eur.Currency = "eur"
	tests := []struct {
		name   string
		reason string
		q      quote.Quote
		at     time.Time
		want   []string // fields named in the error; nil means success
		is     error
	}{
		{"ok", "a draft with a customer and a line finalizes", draft(line("li_1", oneTime("a", 100), 1)), t0, nil, nil},
		{"no customer", "Stripe requires a customer before finalizing",
			func() quote.Quote { q := draft(line("li_1", oneTime("a", 100), 1)); q.Customer = ""; return q }(), t0,
			[]string{"customer"}, quote.ErrInvalidQuote},
		{"no lines and no customer", "every problem is reported at once",
			func() quote.Quote { q := draft(); q.Customer = ""; return q }(), t0,
			[]string{"customer", "line_items"}, quote.ErrInvalidQuote},
		{"expired", "finalizing at expires_at is too late",
			draft(line("li_1", oneTime("a", 100), 1)), t0.Add(quote.DefaultExpiry), nil, quote.ErrExpired},
		{"send_invoice without days", "policy: send_invoice needs days_until_due",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.CollectionMethod = quote.SendInvoice
				return q
			}(), t0, []string{"invoice_settings.days_until_due"}, quote.ErrInvalidQuote},
		{"days_until_due with charge_automatically", "policy: a due date needs send_invoice",
			func() quote.Quote {
				q := draft(line("li_1", oneTime("a", 100), 1))
				q.InvoiceSettings.DaysUntilDue = i64(30)
				return q
			}(), t0, []string{"invoice_settings.days_until_due"}, quote.ErrInvalidQuote},
		{"two currencies", "one currency per quote", draft(line("li_1", oneTime("a", 100), 1), line("li_2", eur, 1)), t0,
			[]string{"line_items[1].price.currency"}, quote.ErrCurrencyMismatch},
		{"21 recurring lines", "a subscription holds at most 20 items",
			func() quote.Quote {
				var ls []quote.LineItem
				for i := range 21 {
					ls = append(ls, line(fmt.Sprint("li_", i), monthly("m", 100), 1))
				}
				return draft(ls...)
			}(), t0, []string{"line_items"}, quote.ErrInvalidQuote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Finalize(tt.at)
			if tt.is == nil {
				if err != nil {
					t.Fatalf("Finalize: %v (%s)", err, tt.reason)
				}
				if got.Status != quote.StatusOpen || !got.StatusTransitions.FinalizedAt.Equal(tt.at) || got.Number == "" {
					t.Fatalf("finalized: status %s finalized_at %v number %q", got.Status, got.StatusTransitions.FinalizedAt, got.Number)
				}
				return
			}
			if !errors.Is(err, quote.ErrInvalidTransition) || !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want ErrInvalidTransition and %v (%s)", err, tt.is, tt.reason)
			}
			var te *quote.TransitionError
			if !errors.As(err, &te) || te.From != quote.StatusDraft || te.Event != quote.EventFinalize {
				t.Fatalf("err %v is not a *TransitionError naming draft and finalize", err)
			}
			for _, f := range tt.want {
				if !strings.Contains(err.Error(), f+":") {
					t.Errorf("error %q does not name %s (%s)", err, f, tt.reason)
				}
			}
			if got.Status != quote.StatusDraft {
				t.Error("a refused Finalize changed the status")
			}
		})
	}
}

func TestQuote_Update(t *testing.T) {
	open, err := draft(line("li_1", oneTime("a", 100), 1)).Finalize(t0)
	if err != nil {
		t.Fatal(err)
	}
	lines := []quote.LineItem{line("li_1", oneTime("a", 100), 5)}
	later := t0.AddDate(0, 2, 0)
	past := t0.Add(-time.Hour)
	other := "cus_other"
	tests := []struct {
		name   string
		reason string
		q      quote.Quote
		u      quote.Update
		field  string // named in the error; "" means success
	}{
		{"draft lines", "a draft is fully editable", draft(line("li_1", oneTime("a", 100), 1)), quote.Update{LineItems: &lines}, ""},
		{"draft customer write-once", "the customer cannot change once set", draft(), quote.Update{Customer: &other}, "customer"},
		{"draft first customer", "a draft without a customer takes one", func() quote.Quote { q := draft(); q.Customer = ""; return q }(), quote.Update{Customer: &other}, ""},
		{"open metadata", "an open quote takes metadata", open, quote.Update{Metadata: map[string]string{"k": "v"}}, ""},
		{"open expires_at", "an open quote takes a later expires_at", open, quote.Update{ExpiresAt: &later}, ""},
		{"open lines", "an open quote's lines are frozen", open, quote.Update{LineItems: &lines}, "line_items"},
		{"expires_at in the past", "expires_at must be in the future", open, quote.Update{ExpiresAt: &past}, "expires_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Update(t0, tt.u)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Update: %v (%s)", err, tt.reason)
				}
				if tt.u.LineItems != nil && got.AmountTotal != 500 {
					t.Errorf("total after update %d, want 500 (recomputed)", got.AmountTotal)
				}
				if tt.u.Metadata != nil && got.Metadata["k"] != "v" {
					t.Errorf("metadata %v", got.Metadata)
				}
				if tt.u.ExpiresAt != nil && !got.ExpiresAt.Equal(*tt.u.ExpiresAt) {
					t.Errorf("expires_at %v, want %v", got.ExpiresAt, *tt.u.ExpiresAt)
				}
				if tt.u.Customer != nil && got.Customer != *tt.u.Customer {
					t.Errorf("customer %q, want %q", got.Customer, *tt.u.Customer)
				}
				if got.Status != tt.q.Status {
					t.Errorf("an edit changed the status from %s to %s", tt.q.Status, got.Status)
				}
				return
			}
			if !errors.Is(err, quote.ErrInvalidTransition) || !strings.Contains(err.Error(), tt.field+":") {
				t.Fatalf("err = %v, want ErrInvalidTransition naming %s (%s)", err, tt.field, tt.reason)
			}
		})
	}
	canceled, _ := open.Cancel(t0)
	if _, err := canceled.Update(t0, quote.Update{Metadata: map[string]string{"k": "v"}}); !errors.Is(err, quote.ErrInvalidTransition) ||
		!strings.Contains(err.Error(), "update") || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("update of a canceled quote: err = %v, want an error naming the event and the status", err)
	}
}

// TestQuote_Accept checks the three outcomes on hand-built quotes.
func TestQuote_Accept(t *testing.T) {
	mixed := draft(line("li_setup", oneTime("setup", 5000), 1), line("li_seat", monthly("seat", 2000), 3))
	future := mixed
	future.SubscriptionData.EffectiveDate = t0.AddDate(0, 0, 10)
	pastDate := mixed
	pastDate.SubscriptionData.EffectiveDate = t0.AddDate(0, 0, -10)
	tests := []struct {
		name, reason string
		q            quote.Quote
		want         string
	}{
		{"one-time", "no recurring line: an invoice", draft(line("li_1", oneTime("a", 100), 1)), "invoice"},
		{"recurring now", "recurring lines, no effective date: a subscription", mixed, "subscription"},
		{"future effective date", "a schedule starting then", future, "subscription_schedule"},
		{"past effective date", "a past effective date is ignored", pastDate, "subscription"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, err := tt.q.Finalize(t0)
			if err != nil {
				t.Fatal(err)
			}
			_, o, err := open.Accept(t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if name, _ := o.Object(); name != tt.want {
				t.Fatalf("outcome %s, want %s (%s)", name, tt.want, tt.reason)
			}
		})
	}
}

func TestQuote_Validate(t *testing.T) {
	base := func() quote.Quote { return draft(line("li_1", oneTime("a", 100), 1)) }
	tests := []struct {
		name, reason string
		edit         func(*quote.Quote)
		fields       []string // named in the error; none means valid
	}{
		{"valid", "a plain draft", func(*quote.Quote) {}, nil},
		{"unknown status", "decoding keeps it, validation rejects it", func(q *quote.Quote) { q.Status = "stale" }, []string{"status"}},
		{"unknown collection method", "only charge_automatically and send_invoice", func(q *quote.Quote) { q.CollectionMethod = "barter" }, []string{"collection_method"}},
		{"repeating without months", "a repeating coupon says for how long",
			func(q *quote.Quote) { q.Discounts = []quote.Discount{percentOff("di", "5", quote.DurationRepeating)} },
			[]string{"discounts[0].coupon.duration_in_months"}},
		{"unknown duration on a line coupon", "once, repeating or forever",
			func(q *quote.Quote) { q.LineItems[0].Discounts = []quote.Discount{percentOff("di", "5", "sometimes")} },
			[]string{"line_items[0].discounts[0].coupon.duration"}},
		{"negative trial and days", "every problem at once",
			func(q *quote.Quote) {
				q.CollectionMethod = quote.SendInvoice
				q.InvoiceSettings.DaysUntilDue = i64(-1)
				q.SubscriptionData.TrialPeriodDays = i64(-2)
			},
			[]string{"invoice_settings.days_until_due", "subscription_data.trial_period_days"}},
		{"trial and days beyond their limits", "a due date or trial end past year 292 billion would wrap; Stripe caps trials at 730 days",
			func(q *quote.Quote) {
				q.CollectionMethod = quote.SendInvoice
				q.InvoiceSettings.DaysUntilDue = i64(math.MaxInt64)
				q.SubscriptionData.TrialPeriodDays = i64(731)
			},
			[]string{"invoice_settings.days_until_due", "subscription_data.trial_period_days"}},
		{"limits themselves", "3650 days until due and a 730-day trial are fine",
			func(q *quote.Quote) {
				q.CollectionMethod = quote.SendInvoice
				q.InvoiceSettings.DaysUntilDue = i64(3650)
				q.SubscriptionData.TrialPeriodDays = i64(730)
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := base()
			tt.edit(&q)
			err := q.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v (%s)", err, tt.reason)
				}
				return
			}
			if !errors.Is(err, quote.ErrInvalidQuote) {
				t.Fatalf("err = %v, want ErrInvalidQuote (%s)", err, tt.reason)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), f+":") {
					t.Errorf("error %q does not name %s (%s)", err, f, tt.reason)
				}
			}
		})
	}
}

func TestQuote_Clone(t *testing.T) {
	q := draft(line("li_1", oneTime("a", 100), 3))
	q.Discounts = []quote.Discount{percentOff("di", "10", quote.DurationOnce)}
	q.Metadata = map[string]string{"deal": "42"}
	open, err := q.Finalize(t0)
	if err != nil {
		t.Fatal(err)
	}
	accepted, _, err := open.Accept(t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	canceled, _ := open.Cancel(t0.Add(time.Hour))
	later := t0.AddDate(0, 0, 2)
	tests := []struct {
		name, reason string
		from         quote.Quote
		ok           bool
	}{
		{"draft", "a draft can be duplicated", q, true},
		{"open", "an open quote can be duplicated", open, true},
		{"accepted", "an accepted quote can be duplicated", accepted, true},
		{"canceled", "a canceled quote cannot", canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.from.Clone("qt_copy", later)
			if !tt.ok {
				if !errors.Is(err, quote.ErrInvalidTransition) || !strings.Contains(err.Error(), "clone") {
					t.Fatalf("err = %v, want a refused clone (%s)", err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Clone: %v (%s)", err, tt.reason)
			}
			if c.ID != "qt_copy" || c.Status != quote.StatusDraft || c.Number != "" || c.Invoice != "" ||
				!c.StatusTransitions.FinalizedAt.IsZero() || !c.Created.Equal(later) || !c.ExpiresAt.Equal(later.Add(quote.DefaultExpiry)) {
				t.Fatalf("clone %+v", c)
			}
			if c.FromQuote == nil || c.FromQuote.Quote != tt.from.ID || c.FromQuote.IsRevision {
				t.Fatalf("from_quote %+v", c.FromQuote)
			}
			if c.AmountTotal != 270 || c.Metadata["deal"] != "42" || c.Customer != tt.from.Customer {
				t.Fatalf("clone total %d metadata %v customer %q, want 270 / deal=42 / %q", c.AmountTotal, c.Metadata, c.Customer, tt.from.Customer)
			}
			c.Metadata["deal"] = "changed"
			if tt.from.Metadata["deal"] != "42" {
				t.Fatal("the clone shares its metadata with the original")
			}
		})
	}
	if _, err := q.Revise("qt_rev", t0); !errors.Is(err, quote.ErrInvalidTransition) {
		t.Fatalf("revise a draft: err = %v, want refused (only open quotes are revised)", err)
	}
}

// TestQuote_AcceptGuards: an open quote need not come from Finalize (the
// command decodes one from JSON), so Accept checks Finalize's guards on its
// fields again instead of creating objects Stripe would refuse.
func TestQuote_AcceptGuards(t *testing.T) {
	open := func(q quote.Quote) quote.Quote {
		q.Status = quote.StatusOpen
		q.StatusTransitions.FinalizedAt = t0
		q.Number = "QT-1"
		return q
	}
	var recurring, oneTimes []quote.LineItem
	for i := 0; i < quote.MaxSubscriptionItems+1; i++ {
		recurring = append(recurring, line(fmt.Sprintf("li_m%d", i), monthly(fmt.Sprintf("m%d", i), 100), 1))
		oneTimes = append(oneTimes, line(fmt.Sprintf("li_o%d", i), oneTime(fmt.Sprintf("o%d", i), 100), 1))
	}
	tests := []struct {
		name, reason string
		q            quote.Quote
		field        string
	}{
		{"too many items", "a subscription holds at most 20 items",
			open(draft(recurring...)), "line_items"},
		{"too many add_invoice_items", "a subscription's first invoice takes at most 20 one-time lines",
			open(draft(append([]quote.LineItem{recurring[0]}, oneTimes...)...)), "line_items"},
		{"send_invoice without days_until_due", "send_invoice requires days_until_due (policy)",
			func() quote.Quote {
				q := open(draft(line("li_1", oneTime("a", 100), 1)))
				q.CollectionMethod = quote.SendInvoice
				return q
			}(), "invoice_settings.days_until_due"},
		{"no customer", "the created objects need a customer",
			func() quote.Quote { q := open(draft(line("li_1", oneTime("a", 100), 1))); q.Customer = ""; return q }(), "customer"},
		{"no line", "nothing to invoice",
			open(draft()), "line_items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, o, err := tt.q.Accept(t0.Add(time.Hour))
			if !errors.Is(err, quote.ErrInvalidTransition) {
				t.Fatalf("err = %v, want ErrInvalidTransition (%s)", err, tt.reason)
			}
			if !strings.Contains(err.Error(), tt.field+":") {
				t.Errorf("error %q does not name %s (%s)", err, tt.field, tt.reason)
			}
			if name, _ := o.Object(); name != "" || got.Status != quote.StatusOpen {
				t.Fatalf("refused accept created a %q, status %s", name, got.Status)
			}
		})
	}
}

// TestInvoice_Subtotal: Stripe's invoice subtotal is "before any invoice
// level discount or exclusive tax is applied. Item discounts are already
// incorporated": a line's own coupons are item discounts, the quote's are
// invoice-level ones.
func TestInvoice_Subtotal(t *testing.T) {
	l := line("li_1", oneTime("a", 10000), 1)
	l.Discounts = []quote.Discount{amountOff("di_line", 1000, quote.DurationOnce)}
	q := draft(l, line("li_2", oneTime("b", 2000), 1))
	q.Discounts = []quote.Discount{percentOff("di_half", "50", quote.DurationOnce)}
	open, err := q.Finalize(t0)
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := open.Accept(t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	inv := o.Invoice
	// Lines: 10000 - 1000 (item) - 4500 (50%) = 4500; 2000 - 1000 = 1000.
	// Subtotal 12000 - 1000 of item discount = 11000; total 5500.
	if inv.Subtotal != 11000 || inv.Total != 5500 || open.Computed.Upfront.AmountSubtotal != 12000 {
		t.Fatalf("invoice subtotal %d total %d (quote subtotal %d), want 11000 / 5500 (12000)", inv.Subtotal, inv.Total, open.Computed.Upfront.AmountSubtotal)
	}
	if inv.Lines[0].Amount != 10000 {
		t.Fatalf("line amount %d, want 10000 (before discounts, as Stripe's line amount)", inv.Lines[0].Amount)
	}
}
