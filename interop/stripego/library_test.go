package stripego_test

import (
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
	"github.com/shopspring/decimal"
)

// The basil objects as the library builds them (not through quote): a
// subscription from subscription package values, its invoices, a preview
// with a proration, the invoice items a change leaves pending, and the
// meter objects its usage comes from. Every feature the round trip must
// keep is on one of them: discounts of both levels, an exclusive and an
// inclusive tax rate, billing credits (previewed, then finalized), a
// proration (parent.subscription_item_details.proration,
// subscription_proration_date), a flexible credit proration
// (proration_details.credited_items), a trial, a cancellation.

// April and May 2025, UTC.
const (
	apr1  = 1743465600 // 2025-04-01T00:00:00Z
	apr10 = 1744243200 // 2025-04-10T00:00:00Z
	apr16 = 1744761600 // 2025-04-16T00:00:00Z
	may1  = 1746057600 // 2025-05-01T00:00:00Z
	may20 = 1747699200 // 2025-05-20T00:00:00Z
	jun1  = 1748736000 // 2025-06-01T00:00:00Z
)

func utc(s int64) time.Time { return time.Unix(s, 0).UTC() }

// libPrice is a licensed per-unit monthly price of amount cents.
func libPrice(id string, amount int64) pricing.Price {
	return pricing.Price{ID: id, Active: true, BillingScheme: pricing.PerUnit, Created: utc(apr1 - 86400), Currency: "usd",
		Metadata: map[string]string{}, Nickname: "Seat", Product: "prod_seat", Type: pricing.RecurringType, UnitAmount: ptr(amount),
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}
}

// libMeteredPrice is a graduated metered price on meter mtr_api: the
// first 100 units at 2, the rest at 1.5 (a decimal amount).
func libMeteredPrice() pricing.Price {
	return pricing.Price{ID: "price_api", Active: true, BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated,
		Created: utc(apr1 - 86400), Currency: "usd", Metadata: map[string]string{}, Product: "prod_api", Type: pricing.RecurringType,
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Metered, Meter: "mtr_api"},
		Tiers: []pricing.Tier{
			{UpTo: ptr(int64(100)), UnitAmount: ptr(int64(2)), UnitAmountDecimal: decimal.NewNullDecimal(decimal.NewFromInt(2))},
			{UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("1.5"))},
		}}
}

func libTaxRate(id, pct string, inclusive bool) invoice.TaxRate {
	return invoice.TaxRate{ID: id, Active: true, Created: utc(apr1 - 86400), DisplayName: "Tax " + pct, Inclusive: inclusive,
		Percentage: decimal.RequireFromString(pct), Metadata: map[string]string{}}
}

// libDiscounts are the discounts the library's objects carry, by id: what
// a caller who fetched them would expand a bare id into.
func libDiscounts() map[string]invoice.Discount {
	return map[string]invoice.Discount{
		"di_sub10": {ID: "di_sub10", Start: utc(apr1), Customer: "cus_lib", Coupon: invoice.Coupon{ID: "co_10",
			PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Duration: invoice.DurationForever, Valid: true, Created: utc(apr1)}},
		"di_seat300": {ID: "di_seat300", Start: utc(apr1), Customer: "cus_lib", Coupon: invoice.Coupon{ID: "co_300",
			AmountOff: ptr(int64(300)), Currency: "usd", Duration: invoice.DurationForever, Valid: true, Created: utc(apr1)}},
	}
}

// libMeter is the sum meter of the metered price; libEvents its usage by
// cus_lib: 150 units in April, 30 in May.
func libMeter() meter.Meter {
	return meter.Meter{ID: "mtr_api", Created: utc(apr1 - 86400), DisplayName: "API calls", EventName: "api_calls",
		DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum}, Status: meter.StatusActive, Updated: utc(apr1 - 86400),
		CustomerMapping: meter.CustomerMapping{EventPayloadKey: "stripe_customer_id", Type: meter.CustomerMappingByID},
		ValueSettings:   meter.ValueSettings{EventPayloadKey: "value"}}
}

func libEvents() []meter.Event {
	ev := func(id, value string, at int64) meter.Event {
		return meter.Event{Created: utc(at + 5), EventName: "api_calls", Identifier: id, Timestamp: utc(at),
			Payload: map[string]string{"stripe_customer_id": "cus_lib", "value": value}}
	}
	return []meter.Event{ev("ev_1", "100", apr1+3600), ev("ev_2", "50", apr10), ev("ev_3", "30", may20)}
}

// libGrant is 1000 usd of credits for metered prices.
func libGrant() credit.Grant {
	return credit.Grant{ID: "credgr_lib", Amount: credit.Money("usd", 1000), Category: credit.CategoryPaid,
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Created:             utc(apr1), EffectiveAt: utc(apr1), Customer: "cus_lib", Name: "Purchased credits", Metadata: map[string]string{}}
}

// libInputs are the inputs every computation of the library's
// subscriptions reads.
func libInputs() subscription.Inputs {
	return subscription.Inputs{Meters: []meter.Meter{libMeter()}, Events: libEvents(), Grants: []credit.Grant{libGrant()}}
}

// libSubscription is cus_lib's subscription from April 1 (mode classic or
// flexible): 3 seats at 2000 less 300 (an item discount), with the
// subscription's 20% exclusive default tax rate, and the metered API
// price under a 10% inclusive rate of its own; 10% off everything.
// latest_invoice is its creation invoice.
func libSubscription(mode subscription.BillingMode) subscription.Subscription {
	ds := libDiscounts()
	s := subscription.Subscription{
		ID: "sub_lib_" + string(mode), Customer: "cus_lib", Currency: "usd", CollectionMethod: invoice.ChargeAutomatically,
		Status: subscription.StatusActive, Created: utc(apr1), StartDate: utc(apr1), BillingCycleAnchor: utc(apr1),
		BillingMode: mode, Discounts: []invoice.Discount{ds["di_sub10"]},
		DefaultTaxRates: []invoice.TaxRate{libTaxRate("txr_vat20", "20", false)},
		Description:     "Seats and API", Metadata: map[string]string{"team": "blue"},
	}
	s.Items = []subscription.Item{
		{ID: "si_seat", Created: utc(apr1), CurrentPeriodStart: utc(apr1), CurrentPeriodEnd: utc(may1),
			Discounts: []invoice.Discount{ds["di_seat300"]}, Metadata: map[string]string{}, Price: libPrice("price_seat", 2000),
			Quantity: 3, Subscription: s.ID},
		{ID: "si_api", Created: utc(apr1), CurrentPeriodStart: utc(apr1),
			CurrentPeriodEnd: utc(may1), Discounts: []invoice.Discount{}, Metadata: map[string]string{}, Price: libMeteredPrice(),
			Subscription: s.ID, TaxRates: []invoice.TaxRate{libTaxRate("txr_gst10", "10", true)}},
	}
	first, err := s.Invoice(0, libInputs())
	if err != nil {
		panic(err)
	}
	s.LatestInvoice = &first
	return s
}

// libUpgrade moves the seats to a 3000 price on April 16 (prorated).
func libUpgrade(b subscription.ProrationBehavior) subscription.Change {
	return libMove(libPrice("price_seat_plus", 3000), b)
}

// libMove moves the seats to price p on April 16.
func libMove(p pricing.Price, b subscription.ProrationBehavior) subscription.Change {
	return subscription.Change{Items: []subscription.ItemChange{{ID: "si_seat", Price: &p}}, ProrationBehavior: b, ProrationDate: utc(apr16)}
}

// libWorld is everything the library built, by name.
type libWorld struct {
	subscriptions map[string]subscription.Subscription
	invoices      map[string]invoice.Invoice
	// pending are the items the upgrade of each mode's subscription
	// leaves for the next invoice; swept those its immediate invoice took.
	pending, swept map[string][]invoice.Item
}

func buildLibWorld() libWorld {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	w := libWorld{subscriptions: map[string]subscription.Subscription{}, invoices: map[string]invoice.Invoice{},
		pending: map[string][]invoice.Item{}, swept: map[string][]invoice.Item{}}
	in := libInputs()
	for _, mode := range []subscription.BillingMode{subscription.Classic, subscription.Flexible} {
		m := string(mode)
		s := libSubscription(mode)
		w.subscriptions[m] = s
		w.invoices[m+" creation"] = *s.LatestInvoice

		may, err := s.Invoice(1, in)
		must(err)
		w.invoices[m+" may 1 draft (credits previewed)"] = may
		fin, _, err := invoice.Finalize(may, in.Grants, nil, utc(may1+3600), credit.ApplyOptions{})
		must(err)
		w.invoices[m+" may 1 finalized (credits applied)"] = fin

		pv, err := subscription.Preview(s, utc(apr16), in, libUpgrade(subscription.CreateProrations))
		must(err)
		w.invoices[m+" preview of the upgrade"] = pv

		up, pending, _, err := subscription.Update(s, libUpgrade(subscription.CreateProrations), utc(apr16), in)
		must(err)
		w.subscriptions[m+" upgraded"] = up
		w.pending[m] = pending
		withPending := in
		withPending.Pending = pending
		next, err := up.Invoice(1, withPending)
		must(err)
		w.invoices[m+" may 1 after the upgrade (prorations swept)"] = next

		upNow, swept, now, err := subscription.Update(s, libUpgrade(subscription.AlwaysInvoice), utc(apr16), in)
		must(err)
		w.subscriptions[m+" upgraded, invoiced now"] = upNow
		w.invoices[m+" upgrade invoiced now"] = *now
		w.swept[m] = swept
	}

	// A trial that ends, a cancellation at a date, and one now.
	tr := libSubscription(subscription.Classic)
	tr.ID, tr.Status = "sub_lib_trial", subscription.StatusTrialing
	tr.TrialStart, tr.TrialEnd, tr.BillingCycleAnchor = utc(apr1), utc(apr16), utc(apr16)
	tr.CancelAt = utc(jun1 + 10*86400)
	tr.CollectionMethod, tr.DaysUntilDue = invoice.SendInvoice, ptr(int64(14))
	tr.AnchorConfig = &subscription.AnchorConfig{DayOfMonth: ptr(int64(16)), Hour: ptr(int64(0)), Minute: ptr(int64(0)), Second: ptr(int64(0))}
	tr.LatestInvoice = nil
	for i := range tr.Items {
		tr.Items[i].Subscription = tr.ID
	}
	first, err := tr.Invoice(0, in)
	must(err)
	tr.LatestInvoice = &first
	w.subscriptions["trial, cancel_at"] = tr
	w.invoices["trial creation"] = first
	after, err := tr.Invoice(1, in)
	must(err)
	w.invoices["trial end (send_invoice, due_date)"] = after

	gone, _, final, err := subscription.Update(libSubscription(subscription.Classic), subscription.Change{CancelNow: true}, utc(apr16), in)
	must(err)
	w.subscriptions["canceled now"] = gone
	w.invoices["final invoice of the cancellation"] = *final
	return w
}
