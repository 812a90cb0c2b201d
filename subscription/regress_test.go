package subscription_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// Regressions of the review of the subscription code: each case failed
// (a wrong number, a panic, an error not raised) before its fix.

func wantField(t *testing.T, what string, err error, sentinel error, field string) {
	t.Helper()
	var fe *subscription.FieldError
	if !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, sentinel) {
		t.Fatalf("%s: err %v; want a FieldError on %s wrapping %v", what, err, field, sentinel)
	}
}

// An anchor more than one interval after the start is refused (it billed
// about 3 periods at creation, and wrapped or panicked on large amounts).
func TestRegress_AnchorBeyondNextBillingDate(t *testing.T) {
	for _, unit := range []int64{1000, 4_000_000_000_000_000_000} {
		s := subAt(apr1, monthly("p", unit))
		s.BillingCycleAnchor = unixT(apr1 + 3*2592000)
		_, err := s.Invoice(0, subscription.Inputs{})
		wantField(t, "anchor +3 months", err, subscription.ErrInvalidSubscription, "billing_cycle_anchor")
	}
}

// billing_cycle_anchor_config applies to month and year intervals only.
func TestRegress_AnchorConfigWeekly(t *testing.T) {
	s := subAt(apr1, price("w", 1000, pricing.Week, 1))
	s.BillingCycleAnchor = zero()
	s.AnchorConfig = &subscription.AnchorConfig{DayOfMonth: ptr(int64(28))}
	_, err := s.Invoice(0, subscription.Inputs{})
	wantField(t, "weekly with a day of month", err, subscription.ErrInvalidSubscription, "billing_cycle_anchor_config")
}

// A trial whose explicit anchor is not its end is refused (the time from
// trial_end to the anchor went unbilled).
func TestRegress_TrialAnchorNotTrialEnd(t *testing.T) {
	s := subAt(apr1, monthly("a", 2000))
	s.TrialEnd = unixT(apr16)
	_, err := s.Invoice(0, subscription.Inputs{})
	wantField(t, "anchor at start with a trial", err, subscription.ErrInvalidSubscription, "billing_cycle_anchor")
}

// A cancel_at set in the same change as a quantity change cuts the debit
// at cancel_at (it was ignored): -500 for the unused month, +333 for two
// seats up to April 21, as the same change in two calls nets (-167).
func TestRegress_CancelAtWithQuantityChange(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	c := subscription.Change{Items: []subscription.ItemChange{{ID: "si_a", Quantity: ptr(int64(2))}}, CancelAt: unixT(apr21)}
	_, items, _ := mustUpdate(t, s, c, apr16, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-500, apr16, may1, true}, {333, apr16, apr21, true}})
}

// A cancel_at at the change's own instant credits the rest of the period
// (it credited nothing), and the final invoice, at cancel_at, bills it.
func TestRegress_CancelAtNow(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	ns, items, _ := mustUpdate(t, s, subscription.Change{CancelAt: unixT(apr16)}, apr16, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{-500, apr16, may1, true}})
	final := mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	if final.Total != -500 || final.AmountDue != 0 || final.Created.Unix() != apr16 {
		t.Fatalf("final invoice: total %d due %d at %d", final.Total, final.AmountDue, final.Created.Unix())
	}
	if _, _, _, err := subscription.Update(s, subscription.Change{CancelAt: unixT(apr1)}, unixT(apr16), subscription.Inputs{}); !errors.Is(err, subscription.ErrInvalidChange) {
		t.Fatalf("cancel_at in the past: %v", err)
	}
}

// A metered item given a licensed price is debited for the rest of the
// period (nothing was written), as deleting it and adding the licensed one.
func TestRegress_MeteredToLicensed(t *testing.T) {
	s := subAt(apr1, meteredPrice("m", 10))
	_, items, _ := mustUpdate(t, s, swap(monthly("l", 3000), subscription.CreateProrations, 0), apr16, subscription.Inputs{})
	checkLines(t, "items", itemLines(items), []line{{1500, apr16, may1, true}})
}

// An invoice a change issues now takes the pending items of its own
// period only: the May 1 invoice billed April's prorations already.
func TestRegress_InvoiceNowSweepsItsPeriodOnly(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	ns, items, _ := mustUpdate(t, s, swap(monthly("b", 2000), subscription.CreateProrations, 0), apr16, subscription.Inputs{})
	mustInvoice(t, ns, 1, subscription.Inputs{Pending: items})
	_, _, inv := mustUpdate(t, ns, swap(monthly("c", 3000), subscription.AlwaysInvoice, 0), may16, subscription.Inputs{Pending: items})
	for _, l := range inv.Lines {
		if l.PeriodStart.Unix() == apr16 {
			t.Fatalf("the May 16 invoice bills April's proration again: %v", linesOf(*inv))
		}
	}
	if len(inv.Lines) != 2 {
		t.Fatalf("May 16 invoice: %v; want its two prorations", linesOf(*inv))
	}
}

// A once coupon a change adds applies to the next invoice (it never did:
// it counted from the start date).
func TestRegress_ChangeAddsOnceDiscount(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	c := subscription.Change{Discounts: []invoice.Discount{percentOff("half", 50, invoice.DurationOnce, 0)}}
	ns, items, _ := mustUpdate(t, s, c, may16, subscription.Inputs{})
	if len(items) != 0 {
		t.Fatalf("a discount-only change wrote %d items", len(items))
	}
	if jun := mustInvoice(t, ns, 2, subscription.Inputs{}); jun.Total != 500 {
		t.Fatalf("June 1 invoice total %d; want 500", jun.Total)
	}
	if jul := mustInvoice(t, ns, 3, subscription.Inputs{}); jul.Total != 1000 {
		t.Fatalf("July 1 invoice total %d; want 1000 (once is used)", jul.Total)
	}
}

// Flexible: a second change credits what the first one debited (pending),
// not the original debit again: 2000 x 10/15 of the +1000 left = -667.
func TestRegress_FlexibleSecondChange(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	s.BillingMode = subscription.Flexible
	first := mustInvoice(t, s, 0, subscription.Inputs{})
	s.LatestInvoice = &first
	ns, items1, _ := mustUpdate(t, s, swap(monthly("b", 2000), subscription.CreateProrations, 0), apr16, subscription.Inputs{})
	_, items2, _ := mustUpdate(t, ns, swap(monthly("c", 3000), subscription.CreateProrations, 0), apr21, subscription.Inputs{Pending: items1})
	checkLines(t, "second change", itemLines(items2), []line{{-667, apr21, may1, true}, {1000, apr21, may1, true}})
}

// Two changes that invoice at once at the same instant get distinct
// invoice and item ids.
func TestRegress_SameInstantInvoicesNow(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	ns, it1, inv1 := mustUpdate(t, s, swap(monthly("b", 2000), subscription.AlwaysInvoice, 0), apr16, subscription.Inputs{})
	_, it2, inv2 := mustUpdate(t, ns, swap(monthly("c", 3000), subscription.AlwaysInvoice, 0), apr16, subscription.Inputs{})
	if inv1.ID == inv2.ID {
		t.Fatalf("two invoices %s", inv1.ID)
	}
	for _, a := range it1 {
		for _, b := range it2 {
			if a.ID == b.ID {
				t.Fatalf("items share id %s (%d, %d)", a.ID, a.Amount, b.Amount)
			}
		}
	}
}

// A pending item in another currency is refused; another customer's item
// is not billed.
func TestRegress_PendingItemsOfOthers(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	eur := invoice.Item{ID: "ii_eur", Amount: 500, Currency: "eur", Customer: "cus_1", Date: unixT(apr16), Subscription: "sub_1"}
	if _, err := s.Invoice(1, subscription.Inputs{Pending: []invoice.Item{eur}}); !errors.Is(err, invoice.ErrCurrencyMismatch) || !errors.Is(err, subscription.ErrInvalidSubscription) {
		t.Fatalf("eur item on a usd invoice: %v", err)
	}
	other := invoice.Item{ID: "ii_other", Amount: 500, Currency: "usd", Customer: "cus_OTHER", Date: unixT(apr16)}
	if inv := mustInvoice(t, s, 1, subscription.Inputs{Pending: []invoice.Item{other}}); inv.Total != 1000 {
		t.Fatalf("another customer's item billed: total %d", inv.Total)
	}
}

// A repeating coupon with duration_in_months outside 1..1200 is refused,
// naming it (it was dropped silently).
func TestRegress_DurationInMonthsRange(t *testing.T) {
	for _, m := range []int64{-3, 1 << 62} {
		s := subAt(apr1, monthly("a", 1000))
		s.Discounts = []invoice.Discount{percentOff("x", 50, invoice.DurationRepeating, m)}
		_, err := s.Invoice(1, subscription.Inputs{})
		wantField(t, "duration_in_months", err, subscription.ErrInvalidSubscription, "discounts[0].coupon.duration_in_months")
	}
	if _, err := subscription.AddMonths(unixT(apr1), 1<<40); err == nil {
		t.Fatal("AddMonths accepted 2^40 months")
	}
}

// An error of the invoice engine comes wrapped in this package's sentinel.
func TestRegress_ErrorsWrapSentinel(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	off := int64(100)
	s.Discounts = []invoice.Discount{{ID: "di_eur", Coupon: invoice.Coupon{ID: "eur", AmountOff: &off, Currency: "eur", Duration: invoice.DurationForever}}}
	_, err := s.Invoice(1, subscription.Inputs{})
	if !errors.Is(err, subscription.ErrInvalidSubscription) || !errors.Is(err, invoice.ErrCurrencyMismatch) {
		t.Fatalf("err %v", err)
	}
}

// The invoice shares no memory with the subscription: editing it leaves
// the subscription's tax rates, discounts and metadata alone.
func TestRegress_InvoiceSharesNoMemory(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	s.Metadata = map[string]string{"k": "v"}
	s.DefaultTaxRates = []invoice.TaxRate{taxRate("txr", "20", false)}
	s.Discounts = []invoice.Discount{percentOff("p", 10, invoice.DurationForever, 0)}
	inv := mustInvoice(t, s, 1, subscription.Inputs{})
	inv.DefaultTaxRates[0].DisplayName = "edited"
	inv.Discounts[0].Coupon.Name = "edited"
	inv.Parent.SubscriptionMetadata["k"] = "edited"
	*inv.Lines[0].Price.UnitAmount = 1
	if s.DefaultTaxRates[0].DisplayName == "edited" || s.Discounts[0].Coupon.Name == "edited" || s.Metadata["k"] != "v" || *s.Items[0].Price.UnitAmount != 1000 {
		t.Fatal("editing the invoice edited the subscription")
	}
}

func zero() (t time.Time) { return }

// Flexible invoices the usage of a metered item the change removes (a
// pending item for [period start, change)); classic leaves it.
func TestRegress_FlexibleRemovedMeteredUsage(t *testing.T) {
	for _, mode := range []subscription.BillingMode{subscription.Classic, subscription.Flexible} {
		s := subAt(apr1, monthly("a", 1000), meteredPrice("m", 2))
		s.BillingMode = mode
		in := subscription.Inputs{Meters: []meter.Meter{sumMeter()}, Events: meterEvents()}
		c := subscription.Change{Items: []subscription.ItemChange{{ID: "si_b", Deleted: true}}}
		_, items, _ := mustUpdate(t, s, c, apr16, in)
		want := []line{}
		if mode == subscription.Flexible {
			want = []line{{700, apr1, apr16, false}} // (100 + 250) x 2
		}
		checkLines(t, string(mode)+" removal", itemLines(items), want)
	}
}

// A change between free and paid is refused (Stripe restarts the cycle);
// with proration_behavior none it applies.
func TestRegress_FreeToPaidRefused(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	s.Items[0].Quantity = 0
	c := subscription.Change{Items: []subscription.ItemChange{{ID: "si_a", Quantity: ptr(int64(1))}}}
	_, _, _, err := subscription.Update(s, c, unixT(apr16), subscription.Inputs{})
	wantField(t, "free to paid", err, subscription.ErrUnsupported, "items")
	c.ProrationBehavior = subscription.None
	if _, items, _ := mustUpdate(t, s, c, apr16, subscription.Inputs{}); len(items) != 0 {
		t.Fatalf("none wrote %d items", len(items))
	}
}

// Of duplicate keys the last wins, a null included, at every level (an
// earlier value stayed).
func TestRegress_JSONDuplicateKeysLastWins(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"id":"sub_1","object":"subscription","latest_invoice":"in_1","latest_invoice":null}`, `"latest_invoice":null`},
		{`{"id":"sub_1","object":"subscription","billing_cycle_anchor_config":{"day_of_month":5},"billing_cycle_anchor_config":null}`, `"billing_cycle_anchor_config":null`},
		{`{"id":"sub_1","object":"subscription","billing_mode":{"type":"flexible","flexible":{"a":1}},"billing_mode":{"type":"classic"}}`, `"billing_mode":{"type":"classic"}`},
		{`{"id":"sub_1","object":"subscription","items":{"object":"list","data":[],"has_more":true,"url":"/old"},"items":{"object":"list","data":[]}}`, `"items":{"object":"list","data":[]}`},
	} {
		var s subscription.Subscription
		if err := json.Unmarshal([]byte(tc.in), &s); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(s)
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("%s\n-> %s\nwant %s", tc.in, out, tc.want)
		}
	}
	var sc subscription.Schedule
	in := `{"id":"sub_sched_1","object":"subscription_schedule","default_settings":{"collection_method":"send_invoice","invoice_settings":{"days_until_due":3}},"default_settings":null}`
	if err := json.Unmarshal([]byte(in), &sc); err != nil || sc.CollectionMethod != "" || sc.DaysUntilDue != nil {
		t.Fatalf("schedule default_settings null after an object: %v %q %v", err, sc.CollectionMethod, sc.DaysUntilDue)
	}
}

// Errors name what the caller gave: the change (changes[i]) in a preview,
// a deleted item's dropped parameter, a price given by id.
func TestRegress_ErrorsNameTheCallersField(t *testing.T) {
	s := subAt(apr1, monthly("a", 1000))
	bad := subscription.Change{Items: []subscription.ItemChange{{ID: "si_nope", Quantity: ptr(int64(2))}}}
	_, err := subscription.Preview(s, unixT(apr16), subscription.Inputs{}, subscription.Change{}, bad)
	wantField(t, "preview of a bad second change", err, subscription.ErrInvalidChange, "changes[1].items[0].id")

	del := subscription.Change{Items: []subscription.ItemChange{{ID: "si_a", Deleted: true, Quantity: ptr(int64(5))}}}
	_, _, _, err = subscription.Update(s, del, unixT(apr16), subscription.Inputs{})
	wantField(t, "deleted with a quantity", err, subscription.ErrInvalidChange, "items[0].quantity")

	byID := subAt(apr1, pricing.Price{ID: "price_1"})
	_, err = byID.Invoice(1, subscription.Inputs{})
	wantField(t, "a price given by id", err, subscription.ErrInvalidSubscription, "items.data[0].price")

	ends := subAt(apr1, monthly("a", 1000))
	ends.CancelAtPeriodEnd = true
	ends.Items[0].CurrentPeriodEnd = unixT(may1)
	_, err = subscription.Preview(ends, unixT(apr16), subscription.Inputs{})
	wantField(t, "no upcoming invoice", err, subscription.ErrNoInvoice, "at")
}
