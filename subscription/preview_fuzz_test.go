package subscription_test

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// pvBehaviors are the proration behaviors FuzzPreview picks from, an
// unknown one included.
var pvBehaviors = []subscription.ProrationBehavior{"", subscription.CreateProrations, subscription.AlwaysInvoice, subscription.None, "sometimes"}

var pvIntervals = []pricing.Interval{pricing.Month, pricing.Week, pricing.Day, pricing.Year, "fortnight"}

// pvInput builds a subscription of two items (a licensed one, and a
// metered one when meteredUnit is not 0, priced per unit or, for an odd
// kind, by Stripe's graduated tiers), its inputs (one usage event an hour
// after the start, a metered-scope grant when grant is positive) and a
// change, all from fuzzed numbers, unchecked: whatever the numbers, the
// library must answer without panicking.
func pvInput(start, atOff, pdOff, unit1, unit2, qty1, qty2, meteredUnit, usage, grant int64, trialDays, behavior, kind, interval uint8) (subscription.Subscription, subscription.Inputs, subscription.Change, time.Time) {
	st := time.Unix(start, 0).UTC()
	iv := pvIntervals[int(interval)%len(pvIntervals)]
	s := subscription.Subscription{ID: smSubID, Customer: smCustomer, Currency: "usd", Status: subscription.StatusActive,
		Created: st, StartDate: st, BillingCycleAnchor: st}
	p1 := smLicensed(unit1, iv)
	if interval >= 128 {
		p1.Recurring.IntervalCount = int64(interval % 13)
	}
	s.Items = []subscription.Item{{ID: "si_pv_0", Created: st, Price: p1, Quantity: qty1, Subscription: smSubID}}
	if meteredUnit != 0 {
		p := smMeteredPrice(iv, kind%2 == 1, meteredUnit)
		p.Recurring.IntervalCount = p1.Recurring.IntervalCount
		s.Items = append(s.Items, subscription.Item{ID: "si_pv_metered", Created: st, Price: p, Subscription: smSubID})
	}
	if trialDays > 0 {
		s.TrialStart, s.TrialEnd = st, st.AddDate(0, 0, int(trialDays))
		s.BillingCycleAnchor = s.TrialEnd
		if kind&4 != 0 {
			s.BillingCycleAnchor = time.Time{}
		}
	}
	if kind&8 != 0 {
		s.BillingMode = subscription.Flexible
	}
	if kind&16 != 0 {
		s.Discounts = append(s.Discounts, smAmountOff("pv_off", unit2, 1, st))
	}
	if kind&32 != 0 {
		s.DefaultTaxRates = append(s.DefaultTaxRates, smRate("txr_pv", "20", kind&64 != 0))
	}
	at := time.Unix(start+atOff, 0).UTC()
	in := subscription.Inputs{Meters: []meter.Meter{smSumMeter()}, Events: []meter.Event{{EventName: smEvent, Identifier: "ev_pv",
		Timestamp: st.Add(time.Hour), Created: st.Add(time.Hour), Payload: map[string]string{"stripe_customer_id": smCustomer, "value": strconv.FormatInt(usage, 10)}}}}
	if grant != 0 {
		in.Grants = []credit.Grant{{ID: "credgr_pv", Amount: credit.Money("usd", grant), Category: credit.CategoryPaid,
			ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
			Created:             st, EffectiveAt: st, Customer: smCustomer}}
	}
	c := subscription.Change{ProrationBehavior: pvBehaviors[int(behavior)%len(pvBehaviors)]}
	if behavior >= 128 {
		c.ProrationDate = time.Unix(start+atOff+pdOff, 0).UTC()
	}
	switch (kind >> 1) % 8 {
	case 0:
		p := smLicensed(unit2, iv)
		c.Items = []subscription.ItemChange{{ID: "si_pv_0", Price: &p}}
	case 1:
		c.Items = []subscription.ItemChange{{ID: "si_pv_0", Quantity: &qty2}}
	case 2:
		p := smLicensed(unit2, iv)
		c.Items = []subscription.ItemChange{{Price: &p, Quantity: &qty2}}
	case 3:
		c.Items = []subscription.ItemChange{{ID: "si_pv_0", Deleted: true}}
	case 4:
		yes := true
		c.CancelAtPeriodEnd = &yes
	case 5:
		c.CancelNow = true
	case 6:
		c.Items = []subscription.ItemChange{{ID: "si_unknown", Quantity: &qty2}}
	case 7:
		c.CancelAt = time.Unix(start+atOff+pdOff, 0).UTC()
	}
	return s, in, c, at
}

// FuzzPreview builds a subscription and a change from fuzzed numbers and
// calls Preview and Update: neither panics; every error is a
// *subscription.FieldError naming a field; on success the totals of the
// preview and of any invoice issued now balance (invoice.md 2.9), and
// nothing given is modified.
//
//	go test -run '^$' -fuzz '^FuzzPreview$' -fuzztime 60s ./subscription
func FuzzPreview(f *testing.F) {
	const apr1, apr16, apr21 = 1743465600, 1744761600, 1745193600
	f.Add(int64(apr1), int64(apr16-apr1), int64(0), int64(1000), int64(2000), int64(1), int64(1), int64(0), int64(0), int64(0), uint8(0), uint8(1), uint8(0), uint8(0))
	f.Add(int64(apr1), int64(apr21-apr1), int64(0), int64(1000), int64(2000), int64(1), int64(1), int64(0), int64(0), int64(0), uint8(0), uint8(2), uint8(0), uint8(0))
	f.Add(int64(apr1), int64(apr16-apr1), int64(-3600), int64(1000), int64(2000), int64(1), int64(3), int64(7), int64(6), int64(1000), uint8(0), uint8(131), uint8(3), uint8(0))
	f.Add(int64(1706659200), int64(1710460800-1706659200), int64(0), int64(1000), int64(2000), int64(1), int64(1), int64(0), int64(0), int64(0), uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add(int64(1735689600), int64(86400*3), int64(0), int64(2000), int64(500), int64(2), int64(0), int64(3), int64(4), int64(5), uint8(14), uint8(1), uint8(10), uint8(1))
	f.Add(int64(apr1), int64(86400), int64(0), int64(1000), int64(300), int64(1), int64(1), int64(2), int64(5), int64(0), uint8(0), uint8(2), uint8(11+16+32), uint8(0))
	f.Add(int64(apr1), int64(0), int64(0), int64(-1), int64(0), int64(-1), int64(-1), int64(-2), int64(-5), int64(-1), uint8(255), uint8(255), uint8(255), uint8(255))
	f.Add(int64(253402300799), int64(86400), int64(0), int64(1<<62), int64(1<<62), int64(1<<40), int64(1<<40), int64(1<<62), int64(1<<62), int64(1<<62), uint8(0), uint8(2), uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, start, atOff, pdOff, unit1, unit2, qty1, qty2, meteredUnit, usage, grant int64, trialDays, behavior, kind, interval uint8) {
		s, in, c, at := pvInput(start, atOff, pdOff, unit1, unit2, qty1, qty2, meteredUnit, usage, grant, trialDays, behavior, kind, interval)
		sBefore, inBefore, cBefore := deepCopy(s), deepCopy(in), deepCopy(c)
		pv, err := subscription.Preview(s, at, in, c)
		smCheckError(t, "Preview", err)
		if err == nil {
			if err := smCheckTotals(pv); err != nil {
				t.Fatalf("preview: %v", err)
			}
		}
		_, items, inv, err := subscription.Update(s, c, at, in)
		smCheckError(t, "Update", err)
		if err == nil && inv != nil {
			if err := smCheckTotals(*inv); err != nil {
				t.Fatalf("invoice issued now: %v", err)
			}
			for _, it := range items {
				if it.Invoice != inv.ID {
					t.Fatalf("item %s of an invoice issued now names invoice %q, want %s", it.ID, it.Invoice, inv.ID)
				}
			}
		}
		if !reflect.DeepEqual(s, sBefore) || !reflect.DeepEqual(in, inBefore) || !reflect.DeepEqual(c, cBefore) {
			t.Fatal("Preview or Update modified its arguments")
		}
	})
}
