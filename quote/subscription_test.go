package quote_test

import (
	"testing"
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"github.com/billingkit/billingkit/subscription"
	"pgregory.net/rapid"
)

// acceptSub finalizes and accepts q at at and returns its subscription.
func acceptSub(t testing.TB, q quote.Quote, at time.Time) (quote.Quote, *quote.Subscription) {
	t.Helper()
	open, err := q.Finalize(at)
	if err != nil {
		t.Fatalf("finalize: %v", err)
	}
	acc, o, err := open.Accept(at)
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	if o.Subscription == nil {
		t.Fatalf("accept created %v, want a subscription", o)
	}
	return acc, o.Subscription
}

// Worked example (g) of invoice.md: the walk-through's quote, 3 seats at
// 2000/month + 5000 one-time, 10% off, accepted at 2024-09-19T20:45:41Z,
// and the invoices its subscription produces, by coupon duration and with
// a 20% exclusive default tax rate.
func TestExampleG(t *testing.T) {
	const (
		accepted = 1726778741 // 2024-09-19T20:45:41Z
		oct19    = 1729370741
		nov19    = 1732049141
	)
	at := time.Unix(accepted, 0).UTC()
	build := func(d quote.Duration, months int64, tax bool) quote.Quote {
		q := draft(line("li_seats", monthly("seat", 2000), 3), line("li_setup", oneTime("setup", 5000), 1))
		q.Created = at.Add(-time.Hour)
		q.ExpiresAt = at.Add(30 * 24 * time.Hour)
		disc := percentOff("di_10", "10", d)
		if months > 0 {
			disc.Coupon.DurationInMonths = i64(months)
		}
		q.Discounts = []quote.Discount{disc}
		if tax {
			q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_20", "20", false)}
		}
		return q
	}
	type inv struct {
		created             int64
		subtotal, disc, tax int64
		total               int64
	}
	tests := []struct {
		name     string
		duration quote.Duration
		months   int64
		tax      bool
		want     []inv // invoices 0, 1, 2
	}{
		{"forever", quote.DurationForever, 0, false, []inv{{accepted, 11000, 1100, 0, 9900}, {oct19, 6000, 600, 0, 5400}, {nov19, 6000, 600, 0, 5400}}},
		{"once", quote.DurationOnce, 0, false, []inv{{accepted, 11000, 1100, 0, 9900}, {oct19, 6000, 0, 0, 6000}, {nov19, 6000, 0, 0, 6000}}},
		{"repeating 1 month", quote.DurationRepeating, 1, false, []inv{{accepted, 11000, 1100, 0, 9900}, {oct19, 6000, 0, 0, 6000}, {nov19, 6000, 0, 0, 6000}}},
		{"repeating 2 months", quote.DurationRepeating, 2, false, []inv{{accepted, 11000, 1100, 0, 9900}, {oct19, 6000, 600, 0, 5400}, {nov19, 6000, 0, 0, 6000}}},
		{"forever, 20% tax", quote.DurationForever, 0, true, []inv{{accepted, 11000, 1100, 1980, 11880}, {oct19, 6000, 600, 1080, 6480}, {nov19, 6000, 600, 1080, 6480}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, sub := acceptSub(t, build(tt.duration, tt.months, tt.tax), at)
			first := sub.LatestInvoice
			if first.ID != acc.Invoice || first.BillingReason != invoice.ReasonSubscriptionCreate || first.Parent == nil || first.Parent.Subscription != sub.ID {
				t.Fatalf("first invoice %s (%s, parent %+v); the quote names %s", first.ID, first.BillingReason, first.Parent, acc.Invoice)
			}
			if len(first.Lines) != 2 || first.Lines[0].Amount != 6000 || first.Lines[0].PeriodStart.Unix() != accepted || first.Lines[0].PeriodEnd.Unix() != oct19 ||
				first.Lines[1].Amount != 5000 || first.Lines[1].Parent.Type != invoice.ParentInvoiceItem {
				t.Fatalf("first invoice lines: %+v", first.Lines)
			}
			if got := first.Total; got != acc.Computed.Upfront.AmountTotal {
				t.Errorf("first invoice total %d, computed.upfront %d", got, acc.Computed.Upfront.AmountTotal)
			}
			for k, w := range tt.want {
				got, err := sub.Invoice(k, subscription.Inputs{})
				if err != nil {
					t.Fatalf("Invoice(%d): %v", k, err)
				}
				var disc int64
				for _, d := range got.TotalDiscountAmounts {
					disc += d.Amount
				}
				g := inv{got.Created.Unix(), got.Subtotal, disc, got.TotalTax(), got.Total}
				if g != w {
					t.Errorf("Invoice(%d): (-want +got)\n- %+v\n+ %+v", k, w, g)
				}
				if k == 0 && got.Total != first.Total {
					t.Errorf("Invoice(0) total %d differs from the accepted first invoice's %d", got.Total, first.Total)
				}
			}
		})
	}
}

// For quotes without a trial whose coupons are once or forever and whose
// lines are licensed, the subscription's Invoice(0) total is
// computed.upfront's and Invoice(1)'s is computed.recurring's: the quote's
// numbers and the subscription's invoices agree by construction.
func TestQuote_SubscriptionInvoicesMatchComputed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.RecurringQuote().Draw(t, "quote")
		q.SubscriptionData.TrialPeriodDays = nil
		q.SubscriptionData.EffectiveDate = time.Time{}
		for i := range q.LineItems {
			if r := q.LineItems[i].Price.Recurring; r != nil && r.UsageType == pricing.Metered {
				r2 := *r
				r2.UsageType, r2.Meter = pricing.Licensed, ""
				q.LineItems[i].Price.Recurring = &r2
			}
		}
		keep := func(ds []quote.Discount) []quote.Discount {
			var out []quote.Discount
			for _, d := range ds {
				if d.Coupon.Duration == quote.DurationOnce || d.Coupon.Duration == quote.DurationForever {
					out = append(out, d)
				}
			}
			return out
		}
		q.Discounts = keep(q.Discounts)
		for i := range q.LineItems {
			q.LineItems[i].Discounts = keep(q.LineItems[i].Discounts)
		}
		open, err := q.Finalize(q.Created)
		if err != nil {
			t.Fatalf("finalize a generated quote: %v", err)
		}
		at := open.Created.Add(time.Duration(rapid.Int64Range(0, 3599).Draw(t, "after")) * time.Second)
		acc, o, err := open.Accept(at)
		if err != nil || o.Subscription == nil {
			t.Fatalf("accept: %v (%v)", err, o)
		}
		sub := o.Subscription
		for k, want := range []int64{acc.Computed.Upfront.AmountTotal, acc.Computed.Recurring.AmountTotal} {
			got, err := sub.Invoice(k, subscription.Inputs{})
			if err != nil {
				t.Fatalf("Invoice(%d): %v", k, err)
			}
			if got.Total != want {
				t.Fatalf("Invoice(%d) total %d, quote says %d", k, got.Total, want)
			}
		}
	})
}

// The first invoice lists the lines in the quote's order, so an
// amount_off remainder lands on the line the quote gave it: one-time 1003
// then monthly 1003 with its own 20% rate, 1 off: total 2206 both ways
// (it was 2205: the remainder went to the taxed line).
func TestQuote_FirstInvoiceKeepsLineOrder(t *testing.T) {
	at := t0.Add(time.Hour)
	recurring := line("li_m", monthly("m", 1003), 1)
	recurring.TaxRates = []quote.TaxRate{taxRate("txr_20", "20", false)}
	q := draft(line("li_o", oneTime("o", 1003), 1), recurring)
	q.Discounts = []quote.Discount{amountOff("di_1", 1, quote.DurationForever)}
	acc, sub := acceptSub(t, q, at)
	if got, want := sub.LatestInvoice.Total, acc.Computed.Upfront.AmountTotal; got != want || want != 2206 {
		t.Fatalf("first invoice total %d, computed.upfront %d (want 2206)", got, want)
	}
	again, err := sub.Invoice(0, subscription.Inputs{})
	if err != nil || again.Total != 2206 || again.Lines[0].Parent.Type != invoice.ParentInvoiceItem {
		t.Fatalf("Invoice(0): %v total %d", err, again.Total)
	}
}
