package subscription_test

import (
	"errors"
	"testing"
	"time"

	"github.com/billingkit/billingkit/subscription"
)

// A two-phase schedule: 1000/month in April, 2000/month from May 1 (a
// renewal: no prorations), then 3000 from May 16 (mid-period:
// create_prorations, 16 of 31 days: -1032 and +1548), ending (cancel) on June 1.
func TestSchedule_StartAdvance(t *testing.T) {
	const may16 = 1747353600
	sc := subscription.Schedule{ID: "sub_sched_1", Customer: "cus_1", EndBehavior: "cancel", Phases: []subscription.Phase{
		{StartDate: unixT(apr1), EndDate: unixT(may1), Currency: "usd", Items: []subscription.PhaseItem{{Price: monthly("p1000", 1000), Quantity: 1}}},
		{StartDate: unixT(may1), EndDate: unixT(may16), Items: []subscription.PhaseItem{{Price: monthly("p2000", 2000), Quantity: 1}}},
		{StartDate: unixT(may16), EndDate: unixT(jun1), Items: []subscription.PhaseItem{{Price: monthly("p3000", 3000), Quantity: 1}}},
	}}
	s, err := sc.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Schedule != sc.ID || s.LatestInvoice == nil || s.LatestInvoice.Total != 1000 || !s.CancelAt.Equal(unixT(jun1)) {
		t.Fatalf("started: schedule %q, first invoice %+v, cancel_at %v", s.Schedule, s.LatestInvoice, s.CancelAt)
	}
	s, items, invs, err := sc.Advance(s, unixT(apr1), unixT(may1), subscription.Inputs{})
	if err != nil || len(items) != 0 || len(invs) != 0 {
		t.Fatalf("advance to May 1: %v, items %d, invoices %d", err, len(items), len(invs))
	}
	may, err := s.Invoice(1, subscription.Inputs{})
	if err != nil || may.Total != 2000 {
		t.Fatalf("May 1 invoice: %v, total %d (want 2000: the new phase, in full)", err, may.Total)
	}
	s, items, _, err = sc.Advance(s, unixT(may1), unixT(may16), subscription.Inputs{})
	if err != nil || len(items) != 2 || items[0].Amount != -1032 || items[1].Amount != 1548 {
		t.Fatalf("advance to May 16: %v, %d items", err, len(items))
	}
	jun, err := s.Invoice(2, subscription.Inputs{Pending: items})
	if err != nil {
		t.Fatal(err)
	}
	// The schedule ends (cancel) on June 1: the last invoice has the
	// prorations only; nothing after.
	if jun.Total != 516 || !jun.Created.Equal(unixT(jun1)) {
		t.Fatalf("June 1 invoice: total %d at %v, lines %+v", jun.Total, jun.Created, jun.Lines)
	}
	s, _, _, err = sc.Advance(s, unixT(may16), unixT(jun1), subscription.Inputs{})
	if err != nil || s.Status != subscription.StatusCanceled || !s.EndedAt.Equal(unixT(jun1)) {
		t.Fatalf("end: %v, status %s, ended_at %v", err, s.Status, s.EndedAt)
	}
	if _, err := s.Invoice(3, subscription.Inputs{}); err == nil {
		t.Fatal("an invoice after the schedule canceled the subscription")
	}
}

// A decoded schedule names prices by id: starting it is refused, naming the
// field, rather than billing 0.
func TestSchedule_PriceByIDRefused(t *testing.T) {
	p := monthly("p1000", 1000)
	sc := subscription.Schedule{ID: "sub_sched_1", Phases: []subscription.Phase{{StartDate: time.Unix(apr1, 0), Items: []subscription.PhaseItem{{Price: p}}}}}
	sc.Phases[0].Items[0].Price.Currency, sc.Phases[0].Items[0].Price.Recurring = "", nil
	_, err := sc.Start(nil)
	var fe *subscription.FieldError
	if !errors.As(err, &fe) || fe.Field != "phases[0].items[0].price" {
		t.Fatalf("err %v", err)
	}
}

// billing_cycle_anchor_config: day_of_month 31 from April 10 anchors on
// April 30 (the last day), then May 31; a yearly config in month 2, day 29,
// from 2025-03-01 anchors on 2026-02-28; out-of-range values name the field.
func TestAnchorConfig_Resolve(t *testing.T) {
	i := func(v int64) *int64 { return &v }
	month := monthly("p", 1000).Recurring
	got, err := subscription.AnchorConfig{DayOfMonth: i(31), Hour: i(0), Minute: i(0), Second: i(0)}.Resolve(time.Date(2025, 4, 10, 12, 0, 0, 0, time.UTC), *month)
	if err != nil || !got.Equal(time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("day 31 from Apr 10: %v %v", got, err)
	}
	got, err = subscription.AnchorConfig{DayOfMonth: i(5)}.Resolve(time.Date(2025, 12, 10, 8, 30, 0, 0, time.UTC), *month)
	if err != nil || !got.Equal(time.Date(2026, 1, 5, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("day 5 from Dec 10: %v %v", got, err)
	}
	year := *month
	year.Interval = "year"
	got, err = subscription.AnchorConfig{Month: i(2), DayOfMonth: i(29)}.Resolve(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), year)
	if err != nil || !got.Equal(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Feb 29 yearly from 2025-03-01: %v %v", got, err)
	}
	_, err = subscription.AnchorConfig{Hour: i(24)}.Resolve(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), *month)
	var fe *subscription.FieldError
	if !errors.As(err, &fe) || fe.Field != "billing_cycle_anchor_config.hour" {
		t.Fatalf("hour 24: %v", err)
	}
	// A subscription with the config and no anchor bills an initial period
	// to the resolved anchor.
	s := subAt(apr1, monthly("p3000", 3000))
	s.BillingCycleAnchor = time.Time{}
	s.AnchorConfig = &subscription.AnchorConfig{DayOfMonth: i(11), Hour: i(0), Minute: i(0), Second: i(0)}
	first, err := s.Invoice(0, subscription.Inputs{})
	if err != nil || first.Total != 968 || first.Lines[0].PeriodEnd.Unix() != 1744329600 {
		t.Fatalf("initial period to Apr 11: %v total %d", err, first.Total)
	}
}

// Advance does not bill pending items twice: two always_invoice phases in
// a row, after a create_prorations one, each invoice their own (the
// second billed the first's items again).
func TestSchedule_AdvanceInvoicesEachItemOnce(t *testing.T) {
	const apr10, apr20, apr25 = 1744243200, 1745107200, 1745539200
	ph := func(start int64, unit int64, b subscription.ProrationBehavior) subscription.Phase {
		return subscription.Phase{StartDate: unixT(start), EndDate: unixT(may1), Currency: "usd", ProrationBehavior: b,
			Items: []subscription.PhaseItem{{Price: monthly("p"+string(rune('0'+unit/1000)), unit), Quantity: 1}}}
	}
	sc := subscription.Schedule{ID: "sub_sched_2", Customer: "cus_1", Phases: []subscription.Phase{
		ph(apr1, 1000, ""), ph(apr10, 2000, subscription.CreateProrations),
		ph(apr20, 3000, subscription.AlwaysInvoice), ph(apr25, 4000, subscription.AlwaysInvoice),
	}}
	s, err := sc.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, items, invs, err := sc.Advance(s, unixT(apr1), unixT(apr25), subscription.Inputs{})
	if err != nil || len(invs) != 2 {
		t.Fatalf("advance: %v, %d invoices", err, len(invs))
	}
	seen := map[string]string{}
	for _, inv := range invs {
		for _, l := range inv.Lines {
			if id := l.Parent.InvoiceItem; id != "" {
				if first, dup := seen[id]; dup {
					t.Fatalf("item %s on %s and %s", id, first, inv.ID)
				}
				seen[id] = inv.ID
			}
		}
	}
	if len(seen) != len(items) {
		t.Fatalf("%d items, %d invoiced", len(items), len(seen))
	}
}
