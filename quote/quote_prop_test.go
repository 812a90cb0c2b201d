package quote_test

import (
	"encoding/json"
	"errors"
	"time"

	"testing"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func mustCompute(t *rapid.T, q quote.Quote) quote.Quote {
	c, err := q.Compute()
	if err != nil {
		t.Fatalf("compute generated quote: %v", err)
	}
	return c
}

// TestQuote_ComputeMatchesReference compares Compute with the big.Rat
// reference on every line and total of the three sets (line items,
// computed.upfront, computed.recurring).
func TestQuote_ComputeMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		c := mustCompute(t, q)
		check := func(name string, got []quote.LineItem, mode refMode) refTotals {
			want, tot := refCompute(q, mode)
			if got == nil {
				return tot
			}
			for i, w := range want {
				g := got[i]
				if g.AmountSubtotal != w.sub || g.AmountDiscount != w.disc || g.AmountTax != w.tax || g.AmountTotal != w.total {
					t.Fatalf("%s line %d: (-want +got)\n- sub %d disc %d tax %d total %d\n+ sub %d disc %d tax %d total %d",
						name, i, w.sub, w.disc, w.tax, w.total, g.AmountSubtotal, g.AmountDiscount, g.AmountTax, g.AmountTotal)
				}
			}
			return tot
		}
		check("line_items", c.LineItems, refList)
		up := check("computed.upfront", c.Computed.Upfront.LineItems, refUpfront)
		u := c.Computed.Upfront
		if u.AmountSubtotal != up.sub || u.AmountTotal != up.total || u.TotalDetails.AmountDiscount != up.disc || u.TotalDetails.AmountTax != up.tax {
			t.Fatalf("computed.upfront: (-want +got)\n- %+v\n+ %d %d %d %d", up, u.AmountSubtotal, u.TotalDetails.AmountDiscount, u.TotalDetails.AmountTax, u.AmountTotal)
		}
		_, rec := refCompute(q, refRecurring)
		if r := c.Computed.Recurring; r != nil {
			if r.AmountSubtotal != rec.sub || r.AmountTotal != rec.total || r.TotalDetails.AmountDiscount != rec.disc || r.TotalDetails.AmountTax != rec.tax {
				t.Fatalf("computed.recurring: (-want +got)\n- %+v\n+ %+v", rec, *r)
			}
		}
	})
}

func exclusiveTax(li quote.LineItem) int64 {
	var s int64
	for _, t := range li.TaxAmounts {
		if !t.Rate.Inclusive {
			s += t.Amount
		}
	}
	return s
}

// TestQuote_ComputeTotals: amount_total = subtotal - discount + exclusive tax
// on every line and summed; no line below zero; discount and tax amounts add
// up to the line's; the top-level totals equal computed.upfront; recurring
// is null exactly when no line recurs.
func TestQuote_ComputeTotals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := mustCompute(t, quotetest.Quote().Draw(t, "quote"))
		for name, lines := range map[string][]quote.LineItem{"line_items": c.LineItems, "upfront": c.Computed.Upfront.LineItems} {
			var sub, disc, tax, total int64
			for i, li := range lines {
				if li.AmountSubtotal-li.AmountDiscount < 0 {
					t.Fatalf("%s[%d] below zero: subtotal %d discount %d", name, i, li.AmountSubtotal, li.AmountDiscount)
				}
				if want := li.AmountSubtotal - li.AmountDiscount + exclusiveTax(li); li.AmountTotal != want {
					t.Fatalf("%s[%d]: total %d, want subtotal - discount + exclusive tax = %d", name, i, li.AmountTotal, want)
				}
				var d, x int64
				for _, da := range li.DiscountAmounts {
					if da.Amount < 0 {
						t.Fatalf("%s[%d]: negative discount %d", name, i, da.Amount)
					}
					d += da.Amount
				}
				for _, ta := range li.TaxAmounts {
					x += ta.Amount
				}
				if d != li.AmountDiscount || x != li.AmountTax {
					t.Fatalf("%s[%d]: discounts sum %d (field %d), taxes sum %d (field %d)", name, i, d, li.AmountDiscount, x, li.AmountTax)
				}
				sub, disc, tax, total = sub+li.AmountSubtotal, disc+li.AmountDiscount, tax+li.AmountTax, total+li.AmountTotal
			}
			if name == "upfront" {
				u := c.Computed.Upfront
				if u.AmountSubtotal != sub || u.TotalDetails.AmountDiscount != disc || u.TotalDetails.AmountTax != tax || u.AmountTotal != total {
					t.Fatalf("upfront totals %d/%d/%d/%d, lines sum to %d/%d/%d/%d", u.AmountSubtotal, u.TotalDetails.AmountDiscount, u.TotalDetails.AmountTax, u.AmountTotal, sub, disc, tax, total)
				}
			}
		}
		if c.AmountSubtotal != c.Computed.Upfront.AmountSubtotal || c.AmountTotal != c.Computed.Upfront.AmountTotal ||
			c.TotalDetails.AmountDiscount != c.Computed.Upfront.TotalDetails.AmountDiscount || c.TotalDetails.AmountTax != c.Computed.Upfront.TotalDetails.AmountTax {
			t.Fatal("top-level totals differ from computed.upfront")
		}
		if (c.Computed.Recurring != nil) != c.HasRecurring() {
			t.Fatalf("computed.recurring = %v with recurring lines %v", c.Computed.Recurring, c.HasRecurring())
		}
	})
}

// TestQuote_ComputeIdempotent: computing a computed quote changes nothing.
func TestQuote_ComputeIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := mustCompute(t, quotetest.QuoteWith(quotetest.Config{MaxLines: 4}).Draw(t, "quote"))
		c2 := mustCompute(t, c)
		a, _ := json.Marshal(c)
		b, _ := json.Marshal(c2)
		if string(a) != string(b) {
			t.Fatalf("Compute is not idempotent:\n- %s\n+ %s", a, b)
		}
	})
}

// TestQuote_ComputeFullPercent: a 100% quote-level coupon on every line
// leaves nothing to pay, up front and (forever) recurring.
func TestQuote_ComputeFullPercent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		q.Discounts = []quote.Discount{{ID: "di_full", Coupon: quote.Coupon{ID: "full", Duration: quote.DurationForever,
			PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(100)), Valid: true}}}
		c := mustCompute(t, q)
		for i, li := range c.LineItems {
			if li.AmountTotal != 0 || li.AmountTax != 0 || li.AmountDiscount != li.AmountSubtotal {
				t.Fatalf("line %d: %+v, want everything discounted", i, li)
			}
		}
		if c.AmountTotal != 0 || (c.Computed.Recurring != nil && c.Computed.Recurring.AmountTotal != 0) {
			t.Fatalf("totals %d / %+v, want 0", c.AmountTotal, c.Computed.Recurring)
		}
	})
}

// TestQuote_ComputeLineOrder: without a quote-level amount_off (whose
// remainder goes to the earlier line on ties, an order rule), reordering the
// lines reorders the results and changes no amount. The subtotal never
// depends on order.
func TestQuote_ComputeLineOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		perm := rapid.Permutation(q.LineItems).Draw(t, "order")
		p := q
		p.LineItems = perm
		a, b := mustCompute(t, q), mustCompute(t, p)
		if a.AmountSubtotal != b.AmountSubtotal {
			t.Fatalf("subtotal %d vs %d after reordering", a.AmountSubtotal, b.AmountSubtotal)
		}
		for _, d := range q.Discounts {
			if d.Coupon.AmountOff != nil {
				return
			}
		}
		byID := map[string]quote.LineItem{}
		for _, li := range a.LineItems {
			byID[li.ID] = li
		}
		for _, li := range b.LineItems {
			w := byID[li.ID]
			if w.AmountTotal != li.AmountTotal || w.AmountDiscount != li.AmountDiscount || w.AmountTax != li.AmountTax {
				t.Fatalf("line %s changed with order: %d/%d/%d vs %d/%d/%d", li.ID, w.AmountDiscount, w.AmountTax, w.AmountTotal, li.AmountDiscount, li.AmountTax, li.AmountTotal)
			}
		}
		if a.AmountTotal != b.AmountTotal || a.TotalDetails.AmountTax != b.TotalDetails.AmountTax {
			t.Fatalf("totals changed with order: %d vs %d", a.AmountTotal, b.AmountTotal)
		}
	})
}

// TestQuote_AcceptOutcome: the outcome kind is exactly the one Stripe's rules
// pick, accepting does not change the amounts, the created objects carry
// the quote's settings, and the first invoice's amounts add up to
// computed.upfront.
func TestQuote_AcceptOutcome(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		open, err := q.Finalize(q.Created)
		if err != nil {
			t.Fatalf("finalize: %v", err)
		}
		at := q.Created.Add(time.Duration(rapid.Int64Range(0, int64(q.ExpiresAt.Sub(q.Created)/time.Second)-1).Draw(t, "accept_after")) * time.Second)
		acc, o, err := open.Accept(at)
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if acc.AmountTotal != open.AmountTotal || acc.AmountSubtotal != open.AmountSubtotal || acc.TotalDetails.AmountTax != open.TotalDetails.AmountTax {
			t.Fatal("accepting changed the amounts")
		}
		n := 0
		for _, set := range []bool{o.Invoice != nil, o.Subscription != nil, o.SubscriptionSchedule != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("outcome sets %d objects, want exactly one", n)
		}
		want := "invoice"
		if open.HasRecurring() {
			want = "subscription"
			if open.SubscriptionData.EffectiveDate.After(at) {
				want = "subscription_schedule"
			}
		}
		if name, _ := o.Object(); name != want {
			t.Fatalf("outcome %s, want %s", name, want)
		}
		var rec, once int
		for _, li := range open.LineItems {
			if li.Price.Recurring != nil {
				rec++
			} else {
				once++
			}
		}
		switch want {
		case "invoice":
			if acc.Invoice != o.Invoice.ID || acc.Subscription != "" || acc.SubscriptionSchedule != "" || o.Invoice.AutoAdvance {
				t.Fatalf("quote records %q/%q/%q", acc.Invoice, acc.Subscription, acc.SubscriptionSchedule)
			}
		case "subscription":
			s := o.Subscription
			if acc.Subscription != s.ID || acc.Invoice != s.LatestInvoice.ID || len(s.Items) != rec || !s.LatestInvoice.AutoAdvance {
				t.Fatalf("subscription %s items %d (want %d), quote records %q/%q", s.ID, len(s.Items), rec, acc.Subscription, acc.Invoice)
			}
			if s.Customer != open.Customer || s.Currency != open.Currency || s.CollectionMethod != open.CollectionMethod {
				t.Fatal("subscription does not carry the quote's customer, currency and collection method")
			}
			if d := open.SubscriptionData.TrialPeriodDays; (d != nil && *d > 0) != !s.TrialEnd.IsZero() {
				t.Fatalf("trial_end %v with trial_period_days %v", s.TrialEnd, d)
			}
		case "subscription_schedule":
			s := o.SubscriptionSchedule
			ph := s.Phases[0]
			if acc.SubscriptionSchedule != s.ID || acc.Invoice != "" || len(ph.Items) != rec || len(ph.AddInvoiceItems) != once ||
				!ph.StartDate.Equal(open.SubscriptionData.EffectiveDate) {
				t.Fatalf("schedule %+v", s)
			}
		}
		if inv := o.FirstInvoice(); inv != nil {
			u := open.Computed.Upfront
			// Stripe's invoice subtotal has item (the lines' own)
			// discounts taken off already.
			var itemDisc int64
			for _, li := range u.LineItems {
				own := map[string]bool{}
				for _, d := range li.Discounts {
					own[d.ID] = true
				}
				for _, da := range li.DiscountAmounts {
					if own[da.Discount.ID] {
						itemDisc += da.Amount
					}
				}
			}
			if inv.Subtotal != u.AmountSubtotal-itemDisc || inv.Total != u.AmountTotal || inv.TotalTax() != u.TotalDetails.AmountTax {
				t.Fatalf("invoice %d/%d/%d, computed.upfront %d (- item discounts %d)/%d/%d", inv.Subtotal, inv.TotalTax(), inv.Total, u.AmountSubtotal, itemDisc, u.TotalDetails.AmountTax, u.AmountTotal)
			}
			var sum, disc, tax int64
			for _, l := range inv.Lines {
				sum += l.Amount
				for _, d := range l.DiscountAmounts {
					disc += d.Amount
				}
				for _, x := range l.Taxes {
					tax += x.Amount
				}
			}
			if sum != u.AmountSubtotal || disc != u.TotalDetails.AmountDiscount || tax != u.TotalDetails.AmountTax {
				t.Fatalf("invoice lines sum to %d/%d/%d, upfront %d/%d/%d", sum, disc, tax, u.AmountSubtotal, u.TotalDetails.AmountDiscount, u.TotalDetails.AmountTax)
			}
			if inv.Customer != open.Customer || inv.Currency != open.Currency || (inv.BillingReason == "quote_accept" && inv.Parent.Quote != open.ID) {
				t.Fatal("invoice does not carry the quote's customer, currency and id")
			}
		}
		// Accepting again creates nothing.
		if _, o2, err := acc.Accept(at); !errors.Is(err, quote.ErrInvalidTransition) || o2.FirstInvoice() != nil {
			t.Fatalf("second accept: err %v", err)
		}
		// The outcome marshals.
		_, v := o.Object()
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("marshal outcome: %v", err)
		}
	})
}

// TestQuote_JSONRoundTripGenerated: a computed quote survives its JSON: the
// decoded quote encodes to the same bytes and computes the same amounts.
func TestQuote_JSONRoundTripGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := mustCompute(t, quotetest.QuoteWith(quotetest.Config{MaxLines: 4}).Draw(t, "quote"))
		a, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var d quote.Quote
		if err := json.Unmarshal(a, &d); err != nil {
			t.Fatalf("decode: %v\n%s", err, a)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, a, b) {
			t.Fatalf("re-encoded JSON differs:\n- %s\n+ %s", a, b)
		}
		r := mustCompute(t, d)
		if r.AmountTotal != c.AmountTotal || r.TotalDetails.AmountTax != c.TotalDetails.AmountTax || r.TotalDetails.AmountDiscount != c.TotalDetails.AmountDiscount {
			t.Fatalf("decoded quote computes %d, original %d", r.AmountTotal, c.AmountTotal)
		}
	})
}
