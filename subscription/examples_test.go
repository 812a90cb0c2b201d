package subscription_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// The worked examples of invoice.md section 3 (all but (g), which goes
// through quote), with every number written by hand as in the spec.

// April 2025 and its neighbours (invoice.md section 3: every example is
// monthly, period [2025-04-01, 2025-05-01)).
const (
	apr1  = 1743465600 // 2025-04-01T00:00:00Z
	apr16 = 1744761600 // 2025-04-16T00:00:00Z: halfway through April
	apr21 = 1745193600 // 2025-04-21T00:00:00Z: a third of April left
	may1  = 1746057600 // 2025-05-01T00:00:00Z
	may15 = 1747267200 // 2025-05-15T00:00:00Z: 17 of May's 31 days left
	may16 = 1747396800 // 2025-05-16T12:00:00Z: halfway through May
	jun1  = 1748736000 // 2025-06-01T00:00:00Z
)

func unixT(s int64) time.Time { return time.Unix(s, 0).UTC() }

func ptr[T any](v T) *T { return &v }

// price is a licensed per-unit recurring price.
func price(id string, amount int64, interval pricing.Interval, count int64) pricing.Price {
	return pricing.Price{ID: id, Currency: "usd", Product: "prod_" + id, Type: pricing.RecurringType, BillingScheme: pricing.PerUnit,
		UnitAmount: &amount, Recurring: &pricing.Recurring{Interval: interval, IntervalCount: count, UsageType: pricing.Licensed}, Active: true}
}

func monthly(id string, amount int64) pricing.Price { return price(id, amount, pricing.Month, 1) }

// meteredPrice is a metered per-unit monthly price on meter mtr_1.
func meteredPrice(id string, unit int64) pricing.Price {
	p := monthly(id, unit)
	p.Recurring.UsageType = pricing.Metered
	p.Recurring.Meter = "mtr_1"
	return p
}

// subAt is a subscription of cus_1 started (and anchored) at start, one
// item of quantity 1 per price: si_a, si_b, ...
func subAt(start int64, prices ...pricing.Price) subscription.Subscription {
	s := subscription.Subscription{ID: "sub_1", Customer: "cus_1", Currency: "usd", Status: subscription.StatusActive,
		Created: unixT(start), StartDate: unixT(start), BillingCycleAnchor: unixT(start)}
	for i, p := range prices {
		s.Items = append(s.Items, subscription.Item{ID: "si_" + string(rune('a'+i)), Price: p, Quantity: 1, Subscription: "sub_1", Created: unixT(start)})
	}
	return s
}

func percentOff(id string, pct int64, d invoice.Duration, months int64) invoice.Discount {
	c := invoice.Coupon{ID: "co_" + id, PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(pct)), Duration: d, Valid: true}
	if d == invoice.DurationRepeating {
		c.DurationInMonths = &months
	}
	return invoice.Discount{ID: "di_" + id, Coupon: c}
}

func taxRate(id, pct string, inclusive bool) invoice.TaxRate {
	return invoice.TaxRate{ID: id, Percentage: decimal.RequireFromString(pct), Inclusive: inclusive, Active: true, DisplayName: "Tax"}
}

// swap is a change of item si_a to price p.
func swap(p pricing.Price, b subscription.ProrationBehavior, date int64) subscription.Change {
	c := subscription.Change{Items: []subscription.ItemChange{{ID: "si_a", Price: &p}}, ProrationBehavior: b}
	if date != 0 {
		c.ProrationDate = unixT(date)
	}
	return c
}

// line is what the examples check of a line: amount, period, proration.
type line struct {
	Amount     int64
	Start, End int64
	Proration  bool
}

func (l line) String() string {
	p := ""
	if l.Proration {
		p = " proration"
	}
	return fmt.Sprintf("{%d [%d, %d)%s}", l.Amount, l.Start, l.End, p)
}

func linesOf(inv invoice.Invoice) []line {
	out := make([]line, len(inv.Lines))
	for i, l := range inv.Lines {
		out[i] = line{l.Amount, l.PeriodStart.Unix(), l.PeriodEnd.Unix(), l.Parent.Proration}
	}
	return out
}

func itemLines(items []invoice.Item) []line {
	out := make([]line, len(items))
	for i, it := range items {
		out[i] = line{it.Amount, it.PeriodStart.Unix(), it.PeriodEnd.Unix(), it.Proration}
	}
	return out
}

func checkLines(t *testing.T, what string, got, want []line) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s lines (-want +got):\n-%v\n+%v", what, want, got)
	}
}

// totals is what the examples check of an invoice's amounts.
type totals struct {
	Subtotal, TotalExcludingTax, Total, AmountDue int64
}

func totalsOf(inv invoice.Invoice) totals {
	return totals{inv.Subtotal, inv.TotalExcludingTax, inv.Total, inv.AmountDue}
}

func checkTotals(t *testing.T, what string, inv invoice.Invoice, want totals) {
	t.Helper()
	if got := totalsOf(inv); got != want {
		t.Errorf("%s totals (-want +got):\n-%+v\n+%+v", what, want, got)
	}
}

func mustInvoice(t *testing.T, s subscription.Subscription, k int, in subscription.Inputs) invoice.Invoice {
	t.Helper()
	inv, err := s.Invoice(k, in)
	if err != nil {
		t.Fatalf("Invoice(%d): %v", k, err)
	}
	return inv
}

func mustUpdate(t *testing.T, s subscription.Subscription, c subscription.Change, at int64, in subscription.Inputs) (subscription.Subscription, []invoice.Item, *invoice.Invoice) {
	t.Helper()
	ns, items, inv, err := subscription.Update(s, c, unixT(at), in)
	if err != nil {
		t.Fatalf("Update at %d: %v", at, err)
	}
	return ns, items, inv
}

// Example (a), create_prorations: 1000/month -> 2000/month halfway through
// April leaves two pending items (-500, +1000) that the May 1 invoice
// sweeps before the renewal; a preview any time in April shows the same.
func TestExampleA_CreateProrations(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	change := swap(monthly("p2000", 2000), subscription.CreateProrations, apr16)
	ns, items, inv := mustUpdate(t, s, change, apr16, subscription.Inputs{})
	if inv != nil {
		t.Errorf("create_prorations issued invoice %s now; want none", inv.ID)
	}
	checkLines(t, "pending items", itemLines(items), []line{{-500, apr16, may1, true}, {1000, apr16, may1, true}})
	for i, it := range items {
		if it.Invoice != "" || it.Discountable || !strings.HasPrefix(it.ID, "ii_") || it.SubscriptionItem != "si_a" || it.Subscription != "sub_1" || !it.Date.Equal(unixT(apr16)) {
			t.Errorf("items[%d] = {id %s invoice %q discountable %v sub %s si %s date %d}; want a pending, non-discountable ii_ of sub_1/si_a dated %d",
				i, it.ID, it.Invoice, it.Discountable, it.Subscription, it.SubscriptionItem, it.Date.Unix(), apr16)
		}
	}
	if got := ns.Items[0]; got.Price.ID != "p2000" || got.CurrentPeriodStart.Unix() != apr1 || got.CurrentPeriodEnd.Unix() != may1 {
		t.Errorf("updated item: price %s period [%d, %d); want p2000 [%d, %d)", got.Price.ID, got.CurrentPeriodStart.Unix(), got.CurrentPeriodEnd.Unix(), apr1, may1)
	}

	may := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	checkLines(t, "May 1 invoice", linesOf(may), []line{{-500, apr16, may1, true}, {1000, apr16, may1, true}, {2000, may1, jun1, false}})
	checkTotals(t, "May 1 invoice", may, totals{2500, 2500, 2500, 2500})
	if may.PeriodStart.Unix() != apr1 || may.PeriodEnd.Unix() != may1 || may.BillingReason != invoice.ReasonSubscriptionCycle || may.Created.Unix() != may1 {
		t.Errorf("May 1 invoice: period [%d, %d) reason %s created %d; want April, subscription_cycle, %d",
			may.PeriodStart.Unix(), may.PeriodEnd.Unix(), may.BillingReason, may.Created.Unix(), may1)
	}
	for i := 0; i < 2; i++ {
		if got := may.Lines[i].Parent.InvoiceItem; got != items[i].ID {
			t.Errorf("May 1 lines[%d].parent.invoice_item = %q; want the pending item %q", i, got, items[i].ID)
		}
	}
	// Swept items are not billed again at the next boundary.
	june := mustInvoice(t, ns, 2, subscription.Inputs{Pending: items})
	checkLines(t, "June 1 invoice", linesOf(june), []line{{2000, jun1, 1751328000 /* 2025-07-01 */, false}})

	for _, at := range []int64{apr1, apr1 + 1, apr16, apr16 + 3600, may1 - 1} {
		pv, err := subscription.Preview(s, unixT(at), subscription.Inputs{}, change)
		if err != nil {
			t.Fatalf("Preview at %d: %v", at, err)
		}
		what := fmt.Sprintf("preview at %d", at)
		checkLines(t, what, linesOf(pv), linesOf(may))
		checkTotals(t, what, pv, totalsOf(may))
		if pv.Parent == nil || pv.Parent.ProrationDate.Unix() != apr16 {
			t.Errorf("%s: subscription_proration_date = %v; want %d", what, pv.Parent, apr16)
		}
		if pv.BillingReason != invoice.ReasonUpcoming || pv.Status != "draft" || !strings.HasPrefix(pv.ID, "upcoming_in") || pv.Created.Unix() != at {
			t.Errorf("%s: id %s reason %s status %s created %d; want upcoming_in..., upcoming, draft, %d", what, pv.ID, pv.BillingReason, pv.Status, pv.Created.Unix(), at)
		}
		for i, l := range pv.Lines {
			if l.Invoice != pv.ID {
				t.Errorf("%s: lines[%d].invoice = %q; want %q", what, i, l.Invoice, pv.ID)
			}
		}
	}
	// After the update, a preview of the updated subscription with its
	// pending items shows the same lines, and no proration date (no change
	// in the request).
	pv, err := subscription.Preview(ns, unixT(apr16+86400), subscription.Inputs{Pending: items})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, "preview of the pending items", linesOf(pv), linesOf(may))
	if pv.Parent == nil || !pv.Parent.ProrationDate.IsZero() {
		t.Errorf("preview without a change: subscription_proration_date = %v; want null", pv.Parent)
	}
}

// Example (a) previewed at the period's first instant: April 1 00:00 is
// "any time in April", so the preview holds the change's prorations.
func TestExampleA_PreviewAtPeriodStart(t *testing.T) {
	for _, start := range []int64{apr1, 1740787200 /* 2025-03-01: apr1 is boundary 1 */} {
		s := subAt(start, monthly("p1000", 1000))
		change := swap(monthly("p2000", 2000), subscription.CreateProrations, apr16)
		pv, err := subscription.Preview(s, unixT(apr1), subscription.Inputs{}, change)
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, fmt.Sprintf("started %d, preview at %d", start, apr1), linesOf(pv),
			[]line{{-500, apr16, may1, true}, {1000, apr16, may1, true}, {2000, may1, jun1, false}})
	}
}

// A change at the very instant a period starts (here 2025-04-01 of a
// subscription started 2025-03-01) prorates that period; the invoice at
// that instant was issued before the change, so the pending items go on the
// next one (May 1), as for a change at any later instant of April.
func TestUpdate_AtBoundaryInstant(t *testing.T) {
	const mar1 = 1740787200
	s := subAt(mar1, monthly("p1000", 1000))
	ns, items, _ := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.CreateProrations, 0), apr1, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-1000, apr1, may1, true}, {2000, apr1, may1, true}})
	may := mustInvoice(t, ns, 2, subscription.Inputs{Pending: items})
	checkLines(t, "May 1 invoice", linesOf(may), []line{{-1000, apr1, may1, true}, {2000, apr1, may1, true}, {2000, may1, jun1, false}})
	// Not on the April 1 invoice too.
	april := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	checkLines(t, "April 1 invoice", linesOf(april), []line{{2000, apr1, may1, false}})
}

// A change in an initial period [start, anchor) (anchor after the start,
// invoice.md 2.1) prorates what that period billed: start Apr 1, anchor Apr
// 11, 3000/month; the initial invoice bills 3000 x 10/31 (Mar 11 to Apr 11
// is 31 days) = 967.74 -> 968. Switching to 6000 at Apr 6 (5 of the 10 days
// left, 5/31 of a month) credits 3000 x 5/31 = 483.87 -> -484 and debits
// 6000 x 5/31 = 967.74 -> 968: never more than the period billed.
func TestUpdate_InInitialPeriod(t *testing.T) {
	const (
		apr6  = 1743897600
		apr11 = 1744329600
	)
	s := subAt(apr1, monthly("p3000", 3000))
	s.BillingCycleAnchor = unixT(apr11)
	first := mustInvoice(t, s, 0, subscription.Inputs{})
	checkLines(t, "initial invoice", linesOf(first), []line{{968, apr1, apr11, false}})
	_, items, _ := mustUpdate(t, s, swap(monthly("p6000", 6000), subscription.CreateProrations, 0), apr6, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-484, apr6, apr11, true}, {968, apr6, apr11, true}})
}

// Two changes at the same instant (two Update calls in one second, or a
// preview with two changes) create distinct invoice items: ids are unique,
// and the invoice does not depend on the order the items are passed in.
func TestUpdate_SameInstantDistinctIDs(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	first := swap(monthly("p2000", 2000), subscription.CreateProrations, 0)
	second := swap(monthly("p3000", 3000), subscription.CreateProrations, 0)
	ns, items1, _ := mustUpdate(t, s, first, apr16, subscription.Inputs{})
	ns, items2, _ := mustUpdate(t, ns, second, apr16, subscription.Inputs{Pending: items1})
	all := append(append([]invoice.Item{}, items1...), items2...)
	seen := map[string]int{}
	for i, it := range all {
		if j, dup := seen[it.ID]; dup {
			t.Errorf("items %d (%d) and %d (%d) share id %s", j, all[j].Amount, i, it.Amount, it.ID)
		}
		seen[it.ID] = i
	}
	reversed := []invoice.Item{all[3], all[2], all[1], all[0]}
	a := mustInvoice(t, ns, 1, subscription.Inputs{Pending: all})
	b := mustInvoice(t, ns, 1, subscription.Inputs{Pending: reversed})
	if !reflect.DeepEqual(linesOf(a), linesOf(b)) {
		t.Errorf("May 1 invoice depends on the pending items' order:\n%v\n%v", linesOf(a), linesOf(b))
	}
	// -500 + 1000 (1000 -> 2000), -1000 + 1500 (2000 -> 3000), renewal 3000.
	checkTotals(t, "May 1 invoice", a, totals{4000, 4000, 4000, 4000})
	pv, err := subscription.Preview(s, unixT(apr16), subscription.Inputs{}, first, second)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, l := range pv.Lines {
		if id := l.Parent.InvoiceItem; id != "" {
			if ids[id] {
				t.Errorf("preview lines[%d]: invoice item %s appears twice", i, id)
			}
			ids[id] = true
		}
	}
}

// Example (a), always_invoice: the prorations are invoiced at once
// (subscription_update, 500) and the May 1 invoice holds the renewal only.
func TestExampleA_AlwaysInvoice(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	ns, items, inv := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.AlwaysInvoice, apr16), apr16, subscription.Inputs{})
	if inv == nil {
		t.Fatal("always_invoice issued no invoice")
	}
	checkLines(t, "items", itemLines(items), []line{{-500, apr16, may1, true}, {1000, apr16, may1, true}})
	checkLines(t, "invoice now", linesOf(*inv), []line{{-500, apr16, may1, true}, {1000, apr16, may1, true}})
	checkTotals(t, "invoice now", *inv, totals{500, 500, 500, 500})
	if inv.BillingReason != invoice.ReasonSubscriptionUpdate || inv.Created.Unix() != apr16 || !strings.HasPrefix(inv.ID, "in_") {
		t.Errorf("invoice now: id %s reason %s created %d; want in_..., subscription_update, %d", inv.ID, inv.BillingReason, inv.Created.Unix(), apr16)
	}
	for i, it := range items {
		if it.Invoice != inv.ID {
			t.Errorf("items[%d].invoice = %q; want %q (always_invoice leaves nothing pending)", i, it.Invoice, inv.ID)
		}
	}
	if ns.LatestInvoice == nil || ns.LatestInvoice.ID != inv.ID {
		t.Errorf("latest_invoice = %v; want %s", ns.LatestInvoice, inv.ID)
	}
	// Whether or not the caller passes the (invoiced) items back, May 1
	// bills the renewal only.
	for _, pending := range [][]invoice.Item{nil, items} {
		may := mustInvoice(t, ns, 1, subscription.Inputs{Pending: pending})
		checkLines(t, "May 1 invoice", linesOf(may), []line{{2000, may1, jun1, false}})
		checkTotals(t, "May 1 invoice", may, totals{2000, 2000, 2000, 2000})
	}
}

// Example (a), none: no proration; May 1 bills the new price in full.
func TestExampleA_None(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	ns, items, inv := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.None, 0), apr16, subscription.Inputs{})
	if len(items) != 0 || inv != nil {
		t.Errorf("none: %d items, invoice %v; want none", len(items), inv)
	}
	may := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	checkLines(t, "May 1 invoice", linesOf(may), []line{{2000, may1, jun1, false}})
	checkTotals(t, "May 1 invoice", may, totals{2000, 2000, 2000, 2000})

	// none carries no proration_date (invoice.md section 4).
	_, _, _, err := subscription.Update(s, swap(monthly("p2000", 2000), subscription.None, apr16), unixT(apr16), subscription.Inputs{})
	if !errors.Is(err, subscription.ErrInvalidChange) || !strings.Contains(err.Error(), "proration_date") {
		t.Errorf("none with a proration_date: err = %v; want ErrInvalidChange naming proration_date", err)
	}
}

// Example (a), Stripe's API reference: 100 USD -> 200 USD on May 15, billed
// about 250 USD on June 1. In a 31-day May the exact numbers are
// 17/31 of each; at the exact midpoint they are 250.00.
func TestExampleA_APIReference(t *testing.T) {
	tests := []struct {
		name       string
		at         int64
		credit     int64 // written by hand
		debit      int64
		june1Total int64
	}{
		// 10000 x 17/31 = 5483.87 -> 5484; 20000 x 17/31 = 10967.74 -> 10968.
		{"may 15", may15, -5484, 10968, 20000 - 5484 + 10968},
		// 1,339,200 of 2,678,400 s left: exactly 1/2.
		{"midpoint", may16, -5000, 10000, 25000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := subAt(may1, monthly("p100usd", 10000))
			ns, items, _ := mustUpdate(t, s, swap(monthly("p200usd", 20000), subscription.CreateProrations, 0), tt.at, subscription.Inputs{})
			checkLines(t, "items", itemLines(items), []line{{tt.credit, tt.at, jun1, true}, {tt.debit, tt.at, jun1, true}})
			june := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
			if june.Total != tt.june1Total || june.AmountDue != tt.june1Total {
				t.Errorf("June 1 total %d, amount_due %d; want %d", june.Total, june.AmountDue, tt.june1Total)
			}
		})
	}
}

// Example (b): (a) with a 50% forever subscription coupon. Prorations
// carry the discounted amounts (not discountable, discount amounts 0).
func TestExampleB_ForeverCoupon(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	s.Discounts = []invoice.Discount{percentOff("50", 50, invoice.DurationForever, 0)}

	april := mustInvoice(t, s, 0, subscription.Inputs{})
	checkLines(t, "April invoice", linesOf(april), []line{{1000, apr1, may1, false}})
	checkTotals(t, "April invoice", april, totals{1000, 500, 500, 500})

	change := swap(monthly("p2000", 2000), subscription.CreateProrations, apr16)
	ns, items, _ := mustUpdate(t, s, change, apr16, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-250, apr16, may1, true}, {500, apr16, may1, true}})

	may := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	checkLines(t, "May 1 invoice", linesOf(may), []line{{-250, apr16, may1, true}, {500, apr16, may1, true}, {2000, may1, jun1, false}})
	checkTotals(t, "May 1 invoice", may, totals{2250, 1250, 1250, 1250})
	if got := discountAmounts(may.TotalDiscountAmounts); got != "[1000 di_50]" {
		t.Errorf("total_discount_amounts = %s; want [1000 di_50]", got)
	}
	for i, want := range []string{"[0 di_50]", "[0 di_50]", "[1000 di_50]"} {
		l := may.Lines[i]
		if got := discountAmounts(l.DiscountAmounts); got != want {
			t.Errorf("lines[%d].discount_amounts = %s; want %s", i, got, want)
		}
		if l.Discountable == l.Parent.Proration {
			t.Errorf("lines[%d]: discountable %v, proration %v; want prorations not discountable", i, l.Discountable, l.Parent.Proration)
		}
	}

	_, _, now := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.AlwaysInvoice, apr16), apr16, subscription.Inputs{})
	checkLines(t, "invoice now", linesOf(*now), []line{{-250, apr16, may1, true}, {500, apr16, may1, true}})
	checkTotals(t, "invoice now", *now, totals{250, 250, 250, 250})
}

// The immediate invoice of a change is a subscription invoice like the
// others: it carries the subscription's discounts, and its prorations show
// them at 0 (invoice.md 2.3, basil; 2.5).
func TestExampleB_AlwaysInvoiceCarriesDiscounts(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	s.Discounts = []invoice.Discount{percentOff("50", 50, invoice.DurationForever, 0)}
	_, _, now := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.AlwaysInvoice, apr16), apr16, subscription.Inputs{})
	if got := discountIDs(now.Discounts); got != "[di_50]" {
		t.Errorf("invoice now: discounts = %s; want [di_50]", got)
	}
	for i, l := range now.Lines {
		if got := discountAmounts(l.DiscountAmounts); got != "[0 di_50]" {
			t.Errorf("invoice now: lines[%d].discount_amounts = %s; want [0 di_50]", i, got)
		}
	}
}

func discountAmounts(ds []invoice.DiscountAmount) string {
	var b strings.Builder
	b.WriteString("[")
	for i, d := range ds {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d %s", d.Amount, d.Discount.ID)
	}
	return b.String() + "]"
}

func discountIDs(ds []invoice.Discount) string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return "[" + strings.Join(ids, " ") + "]"
}

// Example (c): anchor Jan 31 2024 bills Feb 29, Mar 31, Apr 30; a change
// on Mar 15 prorates over the 31 days of [Feb 29, Mar 31).
func TestExampleC_MonthEndAnchor(t *testing.T) {
	const (
		jan31 = 1706659200
		feb29 = 1709164800
		mar15 = 1710460800
		mar31 = 1711843200
		apr30 = 1714435200
		may31 = 1717113600
	)
	s := subAt(jan31, monthly("p1000", 1000))
	for k, want := range [][2]int64{{jan31, feb29}, {feb29, mar31}, {mar31, apr30}, {apr30, may31}} {
		inv := mustInvoice(t, s, k, subscription.Inputs{})
		checkLines(t, fmt.Sprintf("invoice %d", k), linesOf(inv), []line{{1000, want[0], want[1], false}})
		if inv.Created.Unix() != want[0] {
			t.Errorf("invoice %d created %d; want %d", k, inv.Created.Unix(), want[0])
		}
	}
	ns, items, _ := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.CreateProrations, 0), mar15, subscription.Inputs{})
	// 16 of 31 days: 1000 x 16/31 = 516.13 -> 516, 2000 x 16/31 = 1032.26 -> 1032.
	checkLines(t, "items", itemLines(items), []line{{-516, mar15, mar31, true}, {1032, mar15, mar31, true}})
	if it := ns.Items[0]; it.CurrentPeriodStart.Unix() != feb29 || it.CurrentPeriodEnd.Unix() != mar31 {
		t.Errorf("current period [%d, %d); want [%d, %d)", it.CurrentPeriodStart.Unix(), it.CurrentPeriodEnd.Unix(), feb29, mar31)
	}
	mar := mustInvoice(t, ns, 2, subscription.Inputs{Pending: items})
	checkLines(t, "Mar 31 invoice", linesOf(mar), []line{{-516, mar15, mar31, true}, {1032, mar15, mar31, true}, {2000, mar31, apr30, false}})
	checkTotals(t, "Mar 31 invoice", mar, totals{2516, 2516, 2516, 2516})
}

// meterEvents is example (d)'s usage of cus_1 (and one event of another
// customer, which never counts).
func meterEvents() []meter.Event {
	ev := func(id, customer, value string, ts int64) meter.Event {
		return meter.Event{EventName: "api_requests", Identifier: id, Timestamp: unixT(ts), Created: unixT(ts + 60),
			Payload: map[string]string{"stripe_customer_id": customer, "value": value}}
	}
	return []meter.Event{
		ev("ev_1", "cus_1", "100", apr1),
		ev("ev_2", "cus_1", "250", 1744243200), // 2025-04-10T00:00:00Z
		ev("ev_3", "cus_1", "50", may1-1),
		ev("ev_4", "cus_1", "999", may1),
		ev("ev_x", "cus_2", "7", apr16),
	}
}

func sumMeter() meter.Meter {
	return meter.Meter{ID: "mtr_1", EventName: "api_requests", DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum},
		Status: meter.StatusActive}
}

// Example (d) through a metered subscription item at 2 per unit: usage
// bills in arrears, on the invoice after its period.
func TestExampleD_MeteredItem(t *testing.T) {
	s := subAt(apr1, meteredPrice("pmet", 2))
	m := sumMeter()
	in := subscription.Inputs{Meters: []meter.Meter{m}, Events: meterEvents()}

	first := mustInvoice(t, s, 0, in)
	checkLines(t, "creation invoice (classic: a 0 line)", linesOf(first), []line{{0, apr1, may1, false}})
	if first.Lines[0].Quantity != 0 || first.Total != 0 {
		t.Errorf("creation invoice: quantity %d total %d; want 0, 0", first.Lines[0].Quantity, first.Total)
	}

	dayWindow := m
	dayWindow.EventTimeWindow = meter.WindowDay
	ev5 := meter.Event{EventName: "api_requests", Identifier: "ev_5", Timestamp: unixT(1744286400), Created: unixT(1744286400 + 3600),
		Payload: map[string]string{"stripe_customer_id": "cus_1", "value": "70"}}
	tests := []struct {
		name string
		in   subscription.Inputs
		k    int
		qty  int64 // written by hand
		from int64
		to   int64
	}{
		{"april", in, 1, 400, apr1, may1},
		{"may", in, 2, 999, may1, jun1},
		{"ev_2 cancelled", subscription.Inputs{Meters: in.Meters, Events: in.Events,
			Adjustments: []meter.Adjustment{{EventName: "api_requests", Type: meter.AdjustmentCancel, Cancel: meter.Cancel{Identifier: "ev_2"}}}}, 1, 150, apr1, may1},
		{"day window, ev_5 replaces ev_2", subscription.Inputs{Meters: []meter.Meter{dayWindow}, Events: append(meterEvents(), ev5)}, 1, 220, apr1, may1},
		{"raw, ev_5 adds", subscription.Inputs{Meters: in.Meters, Events: append(meterEvents(), ev5)}, 1, 470, apr1, may1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := mustInvoice(t, s, tt.k, tt.in)
			checkLines(t, "invoice", linesOf(inv), []line{{2 * tt.qty, tt.from, tt.to, false}})
			if got := inv.Lines[0].Quantity; got != tt.qty {
				t.Errorf("quantity %d; want %d", got, tt.qty)
			}
			if inv.PeriodStart.Unix() != tt.from || inv.PeriodEnd.Unix() != tt.to {
				t.Errorf("invoice period [%d, %d); want [%d, %d)", inv.PeriodStart.Unix(), inv.PeriodEnd.Unix(), tt.from, tt.to)
			}
		})
	}

	// A metered item's meter must be among the inputs.
	_, err := s.Invoice(1, subscription.Inputs{})
	if !errors.Is(err, subscription.ErrInvalidSubscription) || !strings.Contains(err.Error(), "items.data[0].price.recurring.meter") {
		t.Errorf("no meters: err = %v; want ErrInvalidSubscription naming items.data[0].price.recurring.meter", err)
	}
}

// Canceling now with prorations (invoice.md 2.3: prorate and invoice_now)
// credits the unused licensed time and invoices the un-invoiced usage at
// once; the canceled subscription then bills that usage no more.
func TestUpdate_CancelNowBillsUsageOnce(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000), meteredPrice("pmet", 2))
	in := subscription.Inputs{Meters: []meter.Meter{sumMeter()}, Events: meterEvents()}
	ns, items, now := mustUpdate(t, s, subscription.Change{CancelNow: true}, apr16, in)
	checkLines(t, "items", itemLines(items), []line{{-500, apr16, may1, true}})
	if now == nil {
		t.Fatal("no final invoice")
	}
	// ev_1 100 + ev_2 250 before Apr 16, at 2 per unit.
	checkLines(t, "final invoice", linesOf(*now), []line{{-500, apr16, may1, true}, {700, apr1, apr16, false}})
	if ns.Status != subscription.StatusCanceled || ns.EndedAt.Unix() != apr16 {
		t.Errorf("status %s ended_at %d; want canceled at %d", ns.Status, ns.EndedAt.Unix(), apr16)
	}
	after, err := ns.Invoice(1, in)
	if err != nil {
		if !errors.Is(err, subscription.ErrNoInvoice) {
			t.Fatalf("Invoice(1) after the cancellation: %v", err)
		}
		return
	}
	for i, l := range after.Lines {
		if l.Amount != 0 {
			t.Errorf("Invoice(1) after the final invoice: lines[%d] %v bills again (created %d)", i, linesOf(after)[i], after.Created.Unix())
		}
	}
}

// graduated is example (e)'s price: up to 5 @ 700, up to 10 @ 650, then
// 600, metered on mtr_1.
func graduated() pricing.Price {
	p := meteredPrice("pgrad", 0)
	p.UnitAmount = nil
	p.BillingScheme, p.TiersMode = pricing.Tiered, pricing.Graduated
	p.Tiers = []pricing.Tier{{UpTo: ptr(int64(5)), UnitAmount: ptr(int64(700))}, {UpTo: ptr(int64(10)), UnitAmount: ptr(int64(650))}, {UnitAmount: ptr(int64(600))}}
	return p
}

func creditGrant() credit.Grant {
	return credit.Grant{ID: "credgr_1", Amount: credit.Money("usd", 1000), Category: credit.CategoryPaid,
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Created:             unixT(apr1), EffectiveAt: unixT(apr1), Customer: "cus_1", Name: "Purchased credits"}
}

// usage6 is six units of cus_1 in April (4 + 2).
func usage6() []meter.Event {
	return []meter.Event{
		{EventName: "api_requests", Identifier: "u_1", Timestamp: unixT(apr1 + 3600), Created: unixT(apr1 + 3600), Payload: map[string]string{"stripe_customer_id": "cus_1", "value": "4"}},
		{EventName: "api_requests", Identifier: "u_2", Timestamp: unixT(apr16), Created: unixT(apr16), Payload: map[string]string{"stripe_customer_id": "cus_1", "value": "2"}},
	}
}

// Example (e): a graduated metered price, 6 units in April = 4150, paid
// 1000 by a metered-scope credit grant: the draft shows the credit with no
// transaction; invoice.Finalize writes it.
func TestExampleE_CreditsOnMeteredUsage(t *testing.T) {
	s := subAt(apr1, graduated())
	grants := []credit.Grant{creditGrant()}
	in := subscription.Inputs{Meters: []meter.Meter{sumMeter()}, Events: usage6(), Grants: grants}
	before := deepCopyInputs(in)

	draft := mustInvoice(t, s, 1, in)
	checkLines(t, "draft", linesOf(draft), []line{{4150, apr1, may1, false}})
	checkTotals(t, "draft", draft, totals{4150, 3150, 3150, 3150})
	wantCredit := []invoice.PretaxCreditAmount{{Amount: 1000, Type: invoice.CreditBalance}}
	if got := draft.Lines[0].PretaxCreditAmounts; !samePretax(got, wantCredit) {
		t.Errorf("draft line pretax_credit_amounts = %s; want %s", pretax(got), pretax(wantCredit))
	}
	if got := draft.TotalPretaxCreditAmounts; !samePretax(got, wantCredit) {
		t.Errorf("draft total_pretax_credit_amounts = %s; want %s", pretax(got), pretax(wantCredit))
	}
	if !reflect.DeepEqual(in, before) {
		t.Error("Invoice modified its inputs")
	}

	pv, err := subscription.Preview(s, unixT(apr16+3600), in)
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, "April preview", pv, totals{4150, 3150, 3150, 3150})
	if !samePretax(pv.TotalPretaxCreditAmounts, wantCredit) {
		t.Errorf("preview total_pretax_credit_amounts = %s; want %s", pretax(pv.TotalPretaxCreditAmounts), pretax(wantCredit))
	}

	draftBefore := deepCopyInvoice(draft)
	fin, app, err := invoice.Finalize(draft, grants, nil, unixT(may1), credit.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(draft, draftBefore) {
		t.Error("Finalize modified the draft")
	}
	if len(app.Transactions) != 1 {
		t.Fatalf("Finalize wrote %d transactions; want 1", len(app.Transactions))
	}
	tx := app.Transactions[0]
	if tx.Debit.Type != credit.CreditsApplied || tx.Debit.Amount.Monetary.Value != 1000 || tx.CreditGrant != "credgr_1" ||
		tx.Debit.CreditsApplied.Invoice != draft.ID || tx.Debit.CreditsApplied.InvoiceLineItem != draft.Lines[0].ID {
		t.Errorf("transaction = %+v; want a credits_applied debit of 1000 from credgr_1 on %s/%s", tx, draft.ID, draft.Lines[0].ID)
	}
	wantFinal := []invoice.PretaxCreditAmount{{Amount: 1000, Type: invoice.CreditBalance, CreditBalanceTransaction: tx.ID}}
	if got := fin.Lines[0].PretaxCreditAmounts; !samePretax(got, wantFinal) {
		t.Errorf("final line pretax_credit_amounts = %s; want %s", pretax(got), pretax(wantFinal))
	}
	if got := fin.TotalPretaxCreditAmounts; !samePretax(got, wantFinal) {
		t.Errorf("final total_pretax_credit_amounts = %s; want %s", pretax(got), pretax(wantFinal))
	}
	checkTotals(t, "final", fin, totals{4150, 3150, 3150, 3150})
	if fin.Status != "open" || fin.FinalizedAt.Unix() != may1 || fin.EndingBalance == nil || *fin.EndingBalance != 0 {
		t.Errorf("final: status %s finalized_at %d ending_balance %v; want open, %d, 0", fin.Status, fin.FinalizedAt.Unix(), fin.EndingBalance, may1)
	}

	for _, c := range []struct {
		name  string
		txns  []credit.Transaction
		avail int64
	}{{"before", nil, 1000}, {"after appending", app.Transactions, 0}} {
		sum, err := credit.Summarize("cus_1", grants, c.txns, credit.GrantFilter("credgr_1"), unixT(may1))
		if err != nil {
			t.Fatal(err)
		}
		b, ok := sum.Balance("usd")
		if !ok || b.AvailableBalance.Monetary.Value != c.avail {
			t.Errorf("balance %s: %+v; want available %d", c.name, b, c.avail)
		}
	}
	// Finalizing again against the updated ledger is refused.
	if _, _, err := invoice.Finalize(draft, grants, app.Transactions, unixT(may1), credit.ApplyOptions{}); !errors.Is(err, credit.ErrAlreadyApplied) {
		t.Errorf("second Finalize: err = %v; want credit.ErrAlreadyApplied", err)
	}
	if !reflect.DeepEqual(in, before) {
		t.Error("inputs modified")
	}

	// NoCredits leaves them off.
	off := in
	off.NoCredits = true
	plain := mustInvoice(t, s, 1, off)
	checkTotals(t, "NoCredits", plain, totals{4150, 4150, 4150, 4150})
}

func samePretax(a, b []invoice.PretaxCreditAmount) bool { return pretax(a) == pretax(b) }

func pretax(ps []invoice.PretaxCreditAmount) string {
	var b strings.Builder
	b.WriteString("[")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "{%d %s %s %q}", p.Amount, p.Type, p.Discount, p.CreditBalanceTransaction)
	}
	return b.String() + "]"
}

// Example (f): a 14-day trial invoices 0 at creation, then a full period
// from trial_end, which is the anchor.
func TestExampleF_Trial(t *testing.T) {
	const (
		jan1  = 1735689600
		jan15 = 1736899200
		feb15 = 1739577600
		mar15 = 1741996800
	)
	s := subAt(jan1, monthly("p2000", 2000))
	s.BillingCycleAnchor = time.Time{} // the default: trial_end
	s.TrialStart, s.TrialEnd = unixT(jan1), unixT(jan15)
	s.Status = subscription.StatusTrialing
	tests := []struct {
		k                    int
		lines                []line
		total                int64
		periodFrom, periodTo int64
		reason               string
	}{
		{0, []line{{0, jan1, jan15, false}}, 0, jan1, jan1, invoice.ReasonSubscriptionCreate},
		{1, []line{{2000, jan15, feb15, false}}, 2000, jan1, jan15, invoice.ReasonSubscriptionCycle},
		{2, []line{{2000, feb15, mar15, false}}, 2000, jan15, feb15, invoice.ReasonSubscriptionCycle},
	}
	for _, tt := range tests {
		inv := mustInvoice(t, s, tt.k, subscription.Inputs{})
		what := fmt.Sprintf("invoice %d", tt.k)
		checkLines(t, what, linesOf(inv), tt.lines)
		if inv.Total != tt.total || inv.PeriodStart.Unix() != tt.periodFrom || inv.PeriodEnd.Unix() != tt.periodTo || inv.BillingReason != tt.reason {
			t.Errorf("%s: total %d period [%d, %d) reason %s; want %d [%d, %d) %s", what, inv.Total, inv.PeriodStart.Unix(), inv.PeriodEnd.Unix(), inv.BillingReason,
				tt.total, tt.periodFrom, tt.periodTo, tt.reason)
		}
	}
	if got := mustInvoice(t, s, 0, subscription.Inputs{}).Lines[0].Description; got != "Trial period for prod_p2000" {
		t.Errorf("trial line description %q; want %q", got, "Trial period for prod_p2000")
	}
}

// invoice.md 2.4, Stripe's case: 1000 -> 2000 with none, then back to
// 1000 with always_invoice a third of a period before the end. Classic
// credits the current price (2000/3) and debits 1000/3: -334; flexible
// credits what was last debited (1000/3) and debits 1000/3: 0.
func TestBillingMode_ClassicVsFlexible(t *testing.T) {
	tests := []struct {
		mode          subscription.BillingMode
		credit, debit int64 // written by hand
		total         int64
	}{
		{subscription.Classic, -667, 333, -334},
		{subscription.Flexible, -333, 333, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			s := subAt(apr1, monthly("p1000", 1000))
			s.BillingMode = tt.mode
			first := mustInvoice(t, s, 0, subscription.Inputs{})
			s.LatestInvoice = &first
			mid, items, _ := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.None, 0), apr16, subscription.Inputs{})
			if len(items) != 0 {
				t.Fatalf("none wrote %d items", len(items))
			}
			_, items, now := mustUpdate(t, mid, swap(monthly("p1000", 1000), subscription.AlwaysInvoice, 0), apr21, subscription.Inputs{})
			checkLines(t, "items", itemLines(items), []line{{tt.credit, apr21, may1, true}, {tt.debit, apr21, may1, true}})
			if now == nil {
				t.Fatal("no invoice now")
			}
			if now.Total != tt.total || now.AmountDue != max(0, tt.total) {
				t.Errorf("invoice now: total %d amount_due %d; want %d, %d", now.Total, now.AmountDue, tt.total, max(0, tt.total))
			}
		})
	}
}

// A flexible credit proration names the debit it credits in
// proration_details.credited_items (invoice.md 2.4, [S:CMP][S:GO]).
func TestBillingMode_FlexibleCreditNamesDebit(t *testing.T) {
	s := subAt(apr1, monthly("p1000", 1000))
	s.BillingMode = subscription.Flexible
	first := mustInvoice(t, s, 0, subscription.Inputs{})
	s.LatestInvoice = &first
	_, _, now := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.AlwaysInvoice, 0), apr16, subscription.Inputs{})
	checkLines(t, "invoice now", linesOf(*now), []line{{-500, apr16, may1, true}, {1000, apr16, may1, true}})
	ci := now.Lines[0].Parent.CreditedItems
	if ci == nil || ci.Invoice != first.ID || !reflect.DeepEqual(ci.InvoiceLineItems, []string{first.Lines[0].ID}) {
		t.Errorf("flexible credit: proration_details.credited_items = %+v; want {%s [%s]}", ci, first.ID, first.Lines[0].ID)
	}
	if ci := now.Lines[1].Parent.CreditedItems; ci != nil {
		t.Errorf("debit: credited_items = %+v; want null", ci)
	}
}

// A proration's net is the item's amount after discounts as the period's
// invoice computed it (invoice.md 2.3), amount_off spread included: the
// invoice lists items newest first, and a tie in the spread goes to the
// earlier line. Two items of 1000 (si_b added after si_a) and 1 off: the
// May 1 invoice takes the 1 from si_b and bills si_a 1000, so deleting
// si_a at May 1 credits the whole 1000.
func TestUpdate_NetAsTheInvoiceSpreadsAmountOff(t *testing.T) {
	s := subAt(apr1, monthly("pa", 1000), monthly("pb", 1000))
	s.Items[1].Created = unixT(apr16)
	s.Discounts = []invoice.Discount{{ID: "di_1", Coupon: invoice.Coupon{ID: "co_1", AmountOff: ptr(int64(1)), Currency: "usd", Duration: invoice.DurationForever, Valid: true}}}
	may := mustInvoice(t, s, 1, subscription.Inputs{})
	billed := map[string]int64{}
	for _, l := range may.Lines {
		billed[l.Parent.SubscriptionItem] = l.Amount
		for _, d := range l.DiscountAmounts {
			billed[l.Parent.SubscriptionItem] -= d.Amount
		}
	}
	if want := map[string]int64{"si_a": 1000, "si_b": 999}; !reflect.DeepEqual(billed, want) {
		t.Fatalf("May 1 invoice nets %v; want %v", billed, want)
	}
	_, items, _ := mustUpdate(t, s, subscription.Change{Items: []subscription.ItemChange{{ID: "si_a", Deleted: true}}, ProrationDate: unixT(may1)}, may1, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-1000, may1, jun1, true}})
}

// Coupons by duration (invoice.md 2.5) over invoices 0..3 of example (g)'s
// subscription: 3 seats at 2000, 10% off.
func TestDiscounts_Durations(t *testing.T) {
	const (
		t0 = 1726778741 // 2024-09-19T20:45:41Z
		t1 = 1729370741
		t2 = 1732049141
		t3 = 1734641141
	)
	tests := []struct {
		name  string
		d     invoice.Discount
		start int64 // the discount's start; 0: null (the subscription's start)
		want  [4]int64
	}{
		{"once", percentOff("once", 10, invoice.DurationOnce, 0), 0, [4]int64{5400, 6000, 6000, 6000}},
		{"repeating 1 month", percentOff("rep", 10, invoice.DurationRepeating, 1), t0, [4]int64{5400, 6000, 6000, 6000}},
		{"repeating 2 months", percentOff("rep2", 10, invoice.DurationRepeating, 2), t0, [4]int64{5400, 5400, 6000, 6000}},
		{"forever", percentOff("ever", 10, invoice.DurationForever, 0), t0, [4]int64{5400, 5400, 5400, 5400}},
		// Added mid-period: the first invoice at or after its start.
		{"once from the second period", percentOff("once2", 10, invoice.DurationOnce, 0), t1 + 86400, [4]int64{6000, 6000, 5400, 6000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := subAt(t0, monthly("seat", 2000))
			s.Items[0].Quantity = 3
			d := tt.d
			if tt.start != 0 {
				d.Start = unixT(tt.start)
			}
			s.Discounts = []invoice.Discount{d}
			for k, want := range tt.want {
				inv := mustInvoice(t, s, k, subscription.Inputs{})
				if inv.Total != want {
					t.Errorf("invoice %d (created %d): total %d; want %d", k, inv.Created.Unix(), inv.Total, want)
				}
			}
			for k, at := range []int64{t0, t1, t2, t3} {
				if inv := mustInvoice(t, s, k, subscription.Inputs{}); inv.Created.Unix() != at {
					t.Errorf("invoice %d created %d; want %d", k, inv.Created.Unix(), at)
				}
			}
		})
	}

	// An item's own discount applies before the subscription's: 6000 - 10%
	// = 5400, then 50% = 2700; subtotal keeps item discounts off.
	s := subAt(t0, monthly("seat", 2000))
	s.Items[0].Quantity = 3
	s.Items[0].Discounts = []invoice.Discount{percentOff("item", 10, invoice.DurationForever, 0)}
	s.Discounts = []invoice.Discount{percentOff("sub", 50, invoice.DurationForever, 0)}
	inv := mustInvoice(t, s, 1, subscription.Inputs{})
	checkTotals(t, "item then subscription discount", inv, totals{5400, 2700, 2700, 2700})
	if got := discountAmounts(inv.Lines[0].DiscountAmounts); got != "[600 di_item 2700 di_sub]" {
		t.Errorf("discount_amounts = %s; want [600 di_item 2700 di_sub]", got)
	}
}

// A repeating coupon's end is start + n months, month-end clamped as in
// pricing (invoice.md 2.5): from Jan 31 2024, one month ends Feb 29, so the
// Feb 29 invoice (created = end) pays in full.
func TestDiscounts_RepeatingEndClampsMonthEnd(t *testing.T) {
	s := subAt(1706659200, monthly("p1000", 1000))
	rep := percentOff("rep", 10, invoice.DurationRepeating, 1)
	rep.Start = unixT(1706659200)
	s.Discounts = []invoice.Discount{rep}
	for k, want := range []int64{900, 1000, 1000} {
		if inv := mustInvoice(t, s, k, subscription.Inputs{}); inv.Total != want {
			t.Errorf("repeating from Jan 31: invoice %d (created %d): total %d; want %d", k, inv.Created.Unix(), inv.Total, want)
		}
	}

}

// Tax rates (invoice.md 2.6): an item's tax_rates replace the
// subscription's default_tax_rates; exclusive tax adds, inclusive tax is
// found inside the net.
func TestTaxRates(t *testing.T) {
	const t0 = 1726778741
	vat := taxRate("txr_20", "20", false)

	// Example (g)'s later invoices: 6000 - 10% = 5400, 20% exclusive: 1080.
	s := subAt(t0, monthly("seat", 2000))
	s.Items[0].Quantity = 3
	s.Discounts = []invoice.Discount{percentOff("ever", 10, invoice.DurationForever, 0)}
	s.DefaultTaxRates = []invoice.TaxRate{vat}
	inv := mustInvoice(t, s, 1, subscription.Inputs{})
	checkTotals(t, "20% exclusive", inv, totals{6000, 5400, 6480, 6480})
	if len(inv.TotalTaxes) != 1 || inv.TotalTaxes[0].Amount != 1080 || inv.TotalTaxes[0].TaxableAmount != 5400 || inv.TotalTaxes[0].Rate.ID != "txr_20" {
		t.Errorf("total_taxes = %+v; want [1080 on 5400 by txr_20]", inv.TotalTaxes)
	}
	if inv.SubtotalExcludingTax != 6000 {
		t.Errorf("subtotal_excluding_tax %d; want 6000 (subtotal less inclusive tax)", inv.SubtotalExcludingTax)
	}

	// Item a has its own 10% rate, item b takes the default 20%.
	s = subAt(apr1, monthly("pa", 1000), monthly("pb", 3000))
	s.DefaultTaxRates = []invoice.TaxRate{vat}
	s.Items[0].TaxRates = []invoice.TaxRate{taxRate("txr_10", "10", false)}
	inv = mustInvoice(t, s, 1, subscription.Inputs{})
	byItem := map[string]string{}
	for _, l := range inv.Lines {
		byItem[l.Parent.SubscriptionItem] = taxes(l.Taxes)
	}
	want := map[string]string{"si_a": "[100 of 1000 txr_10]", "si_b": "[600 of 3000 txr_20]"}
	if !reflect.DeepEqual(byItem, want) {
		t.Errorf("line taxes (-want +got):\n-%v\n+%v", want, byItem)
	}
	checkTotals(t, "own vs default rates", inv, totals{4000, 4000, 4700, 4700})

	// An empty tax_rates, what Stripe sends for an item without rates of
	// its own, means the defaults: 20% of 4000.
	s.Items[0].TaxRates = []invoice.TaxRate{}
	inv = mustInvoice(t, s, 1, subscription.Inputs{})
	checkTotals(t, "empty own rates", inv, totals{4000, 4000, 4800, 4800})

	// Inclusive 20% on 1000: tax 1000 x 20/120 = 166.67 -> 167, taxable 833:
	// they sum to the line exactly; the total does not change.
	s = subAt(apr1, monthly("pinc", 1000))
	s.DefaultTaxRates = []invoice.TaxRate{taxRate("txr_inc", "20", true)}
	inv = mustInvoice(t, s, 1, subscription.Inputs{})
	if got := taxes(inv.Lines[0].Taxes); got != "[167 of 833 txr_inc]" {
		t.Errorf("inclusive taxes = %s; want [167 of 833 txr_inc]", got)
	}
	checkTotals(t, "inclusive", inv, totals{1000, 1000, 1000, 1000})
	if inv.SubtotalExcludingTax != 833 {
		t.Errorf("subtotal_excluding_tax %d; want 833", inv.SubtotalExcludingTax)
	}

	// Prorations carry the item's rates: the credit's tax is negative.
	s = subAt(apr1, monthly("p1000", 1000))
	s.DefaultTaxRates = []invoice.TaxRate{vat}
	ns, items, _ := mustUpdate(t, s, swap(monthly("p2000", 2000), subscription.CreateProrations, apr16), apr16, subscription.Inputs{})
	may := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	var got []string
	for _, l := range may.Lines {
		got = append(got, taxes(l.Taxes))
	}
	wantTaxes := []string{"[-100 of -500 txr_20]", "[200 of 1000 txr_20]", "[400 of 2000 txr_20]"}
	if !reflect.DeepEqual(got, wantTaxes) {
		t.Errorf("prorated taxes (-want +got):\n-%v\n+%v", wantTaxes, got)
	}
	checkTotals(t, "prorated with tax", may, totals{2500, 2500, 3000, 3000})
}

func taxes(ts []invoice.TaxAmount) string {
	var b strings.Builder
	b.WriteString("[")
	for i, x := range ts {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d of %d %s", x.Amount, x.TaxableAmount, x.Rate.ID)
	}
	return b.String() + "]"
}
