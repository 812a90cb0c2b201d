package subscription_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// The state machine of one subscription's life (TestSubscription_StateMachine):
// a start (with or without a trial, monthly or weekly, anchored at a month
// end or later), changes at random instants of the open period (a price, a
// quantity, an item added or deleted; create_prorations, always_invoice or
// none, with or without a proration_date), cancellations (at period end, or
// now), usage reported late, out of order and twice, billing credit grants,
// and period boundaries, where the next Invoice(k) is issued and, with
// grants, finalized (its credits_applied transactions appended to the
// ledger).
//
// Invariants, after every step: every invoice's totals balance
// (smCheckTotals: invoice.md 2.9); the credit ledger is valid (NewLedger,
// CheckLedger), no grant's balance is negative at any transaction time,
// and the credits on finalized invoices are exactly the ledger's
// credits_applied transactions; every invoice item a change leaves
// pending is on exactly one invoice, the next one issued, and no invoice
// names an item twice or one that was never created; ids are unique.
// At each call: nothing given to the library is modified; a boundary
// invoice has its instant, period and billing reason, bills each licensed
// item once in advance at its full price, and bills each metered period
// once with the usage the events make (the first event of an identifier
// counts, usage during a trial bills 0); Preview of a change is what the
// change then issues (the invoice now, or the next renewal with the
// pending items) and Preview without a change is Invoice(next); a
// finalized invoice is due what its draft showed. Once the subscription
// has ended, Invoice says ErrNoInvoice.
//
// Every identifier here starts with "sm" (other test files of this
// package are written at the same time).

// Knobs of the machine.
const (
	smMaxSteps = 20 // actions per history; later actions do nothing
	smCustomer = "cus_sm"
	smOther    = "cus_sm_other" // whose usage never counts
	smSubID    = "sub_sm"
	smMeterID  = "mtr_sm"
	smEvent    = "sm_api_calls"
)

// TestSubscription_StateMachine runs 100 short histories (at most 20
// actions each) by default; for more:
//
//	go test -run '^TestSubscription_StateMachine$' ./subscription -rapid.checks=10000
//	go test -run '^$' -fuzz '^FuzzSubscription_StateMachine$' -fuzztime 10000x ./subscription
func TestSubscription_StateMachine(t *testing.T) {
	rapid.Check(t, smRun)
}

// FuzzSubscription_StateMachine is TestSubscription_StateMachine as a fuzz
// target.
func FuzzSubscription_StateMachine(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(smRun))
}

// smItem is an invoice item a change created, and the invoice that took it.
type smItem struct {
	item  invoice.Item
	by    string // the invoice that took it, "" while pending
	after int    // len(m.invoices) when it was created: the next invoice takes it
}

// smBilled is a metered line's usage period.
type smBilled struct {
	item, invoice string
	from, to      time.Time
}

type smMachine struct {
	sub      subscription.Subscription
	rec      pricing.Recurring
	start    time.Time
	anchor   time.Time
	trialEnd time.Time // zero: no trial
	offset   int       // 1 when the anchor is after the start
	meters   []meter.Meter

	now   time.Time
	next  int       // the next boundary to invoice
	endAt time.Time // when the subscription ends, zero: open-ended
	// finalByUpdate: the cancellation now issued the final invoice.
	finalByUpdate bool
	done          bool // the final invoice is issued
	afterFinal    bool // an invoice was issued after the final one

	events   []meter.Event
	grants   []credit.Grant
	txns     []credit.Transaction
	items    []*smItem // every invoice item a change created, in order
	invoices []invoice.Invoice
	billed   []smBilled
	steps    int
	n        int // names events and grants
}

func smT(u int64) time.Time { return time.Unix(u, 0).UTC() }

// smBetween draws an instant in [lo, hi) (hi after lo), in whole seconds,
// one of the ends a time in four.
func smBetween(t *rapid.T, lo, hi time.Time, label string) time.Time {
	switch rapid.IntRange(0, 7).Draw(t, label+" kind") {
	case 0:
		return lo
	case 1:
		return hi.Add(-time.Second)
	}
	return lo.Add(time.Duration(rapid.Int64Range(0, hi.Unix()-lo.Unix()-1).Draw(t, label)) * time.Second)
}

// smMonthEndAfter is the first month's last day, at 00:00 UTC, after t.
func smMonthEndAfter(t time.Time) time.Time {
	y, mo, _ := t.Date()
	e := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC)
	if !e.After(t) {
		e = time.Date(y, mo+2, 0, 0, 0, 0, 0, time.UTC)
	}
	return e
}

// smLicensed is a licensed per-unit price of unit minor units per interval;
// the same amount and interval give the same price.
func smLicensed(unit int64, iv pricing.Interval) pricing.Price {
	id := fmt.Sprintf("price_sm_%d_%s", unit, iv)
	return pricing.Price{ID: id, Active: true, Currency: "usd", Product: "prod_sm_" + strconv.FormatInt(unit, 10),
		Type: pricing.RecurringType, BillingScheme: pricing.PerUnit, UnitAmount: &unit,
		Recurring: &pricing.Recurring{Interval: iv, IntervalCount: 1, UsageType: pricing.Licensed}}
}

// smMeteredPrice is a price on the machine's meter: per unit, or Stripe's
// graduated example (up to 5 at 700, up to 10 at 650, then 600).
func smMeteredPrice(iv pricing.Interval, graduated bool, unit int64) pricing.Price {
	p := smLicensed(unit, iv)
	p.ID, p.Product = "price_sm_metered_"+string(iv), "prod_sm_metered"
	p.Recurring.UsageType, p.Recurring.Meter = pricing.Metered, smMeterID
	if graduated {
		p.ID += "_graduated"
		p.UnitAmount = nil
		p.BillingScheme, p.TiersMode = pricing.Tiered, pricing.Graduated
		i := func(v int64) *int64 { return &v }
		p.Tiers = []pricing.Tier{{UpTo: i(5), UnitAmount: i(700)}, {UpTo: i(10), UnitAmount: i(650)}, {UnitAmount: i(600)}}
	}
	return p
}

func smSumMeter() meter.Meter {
	return meter.Meter{ID: smMeterID, EventName: smEvent, DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum},
		Status: meter.StatusActive}
}

func smPercent(id string, pct int64, d invoice.Duration, start time.Time) invoice.Discount {
	c := invoice.Coupon{ID: "co_" + id, PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(pct)), Duration: d, Valid: true}
	return invoice.Discount{ID: "di_" + id, Coupon: c, Start: start, Customer: smCustomer}
}

func smAmountOff(id string, off int64, months int64, start time.Time) invoice.Discount {
	c := invoice.Coupon{ID: "co_" + id, AmountOff: &off, Currency: "usd", Duration: invoice.DurationRepeating, DurationInMonths: &months, Valid: true}
	return invoice.Discount{ID: "di_" + id, Coupon: c, Start: start, Customer: smCustomer}
}

func smRate(id, pct string, inclusive bool) invoice.TaxRate {
	return invoice.TaxRate{ID: id, Percentage: decimal.RequireFromString(pct), Inclusive: inclusive, Active: true, DisplayName: "VAT"}
}

// boundary is the k-th period boundary: the start, then the anchor's
// periods (the first one being the initial period [start, anchor) when the
// anchor is later).
func (m *smMachine) boundary(t *rapid.T, k int) time.Time {
	if k <= 0 {
		return m.start
	}
	s, _, err := m.rec.Period(m.anchor, k-m.offset)
	if err != nil {
		t.Fatalf("Period(%d): %v", k-m.offset, err)
	}
	return s
}

// openEnd is where the open period [boundary(next-1), openEnd) ends.
func (m *smMachine) openEnd(t *rapid.T) time.Time {
	e := m.boundary(t, m.next)
	if !m.endAt.IsZero() && m.endAt.Before(e) {
		e = m.endAt
	}
	return e
}

func (m *smMachine) inputs() subscription.Inputs {
	pending := make([]invoice.Item, len(m.items))
	for i, it := range m.items {
		pending[i] = it.item
		pending[i].Invoice = it.by
	}
	return subscription.Inputs{Meters: m.meters, Events: m.events, Grants: m.grants, Transactions: m.txns, Pending: pending}
}

func smRun(t *rapid.T) {
	m := smStart(t)
	t.Repeat(map[string]func(*rapid.T){
		"usage":    m.usage,
		"grant":    m.grant,
		"update":   m.update,
		"boundary": m.boundaryAction,
		"preview":  m.preview,
		"":         m.check,
	})
	// Then a few more boundaries, so that every pending item meets the
	// invoice that must take it, and a finished subscription says so.
	for range 3 {
		m.invoiceNext(t)
		m.check(t)
	}
}

// smStart draws the subscription and issues its creation invoice.
func smStart(t *rapid.T) *smMachine {
	m := &smMachine{meters: []meter.Meter{smSumMeter()}}
	iv := rapid.SampledFrom([]pricing.Interval{pricing.Month, pricing.Week}).Draw(t, "interval")
	m.rec = pricing.Recurring{Interval: iv, IntervalCount: 1}
	y := rapid.IntRange(2023, 2026).Draw(t, "year")
	mo := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
	day := 0 // the month's last day
	if rapid.IntRange(0, 2).Draw(t, "mid-month") == 0 {
		day = rapid.IntRange(1, 28).Draw(t, "day")
	}
	var clock int
	if rapid.Bool().Draw(t, "at midnight") {
		clock = 0
	} else {
		clock = rapid.IntRange(0, 86399).Draw(t, "second of day")
	}
	if day == 0 {
		m.start = time.Date(y, mo+1, 0, 0, 0, clock, 0, time.UTC)
	} else {
		m.start = time.Date(y, mo, day, 0, 0, clock, 0, time.UTC)
	}
	m.anchor = m.start
	s := subscription.Subscription{ID: smSubID, Customer: smCustomer, Currency: "usd", Status: subscription.StatusActive,
		Created: m.start, StartDate: m.start}
	switch rapid.IntRange(0, 2).Draw(t, "start kind") {
	case 1: // a trial; the anchor is its end
		days := rapid.IntRange(1, 30).Draw(t, "trial days")
		m.trialEnd = m.start.AddDate(0, 0, days)
		m.anchor = m.trialEnd
		s.TrialStart, s.TrialEnd, s.Status = m.start, m.trialEnd, subscription.StatusTrialing
		if rapid.Bool().Draw(t, "anchor given") {
			s.BillingCycleAnchor = m.trialEnd
		}
	case 2: // a later anchor: an initial period [start, anchor)
		if iv == pricing.Month {
			m.anchor = smMonthEndAfter(m.start)
			// No later than the next natural billing date (Stripe's rule).
			if _, next, err := (pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}).Period(m.start, 0); err == nil && m.anchor.After(next) {
				m.anchor = next
			}
		} else {
			m.anchor = m.start.AddDate(0, 0, rapid.IntRange(1, 6).Draw(t, "anchor days"))
		}
		s.BillingCycleAnchor = m.anchor
	default:
		s.BillingCycleAnchor = m.start
	}
	if m.anchor.After(m.start) {
		m.offset = 1
	}
	if rapid.IntRange(0, 3).Draw(t, "flexible") == 0 {
		s.BillingMode = subscription.Flexible
	}
	n := rapid.IntRange(1, 3).Draw(t, "licensed items")
	for i := range n {
		p := smLicensed(rapid.Int64Range(1, 5000).Draw(t, "unit amount"), iv)
		s.Items = append(s.Items, subscription.Item{ID: fmt.Sprintf("si_sm_%d", i), Created: m.start, Price: p,
			Quantity: rapid.Int64Range(0, 5).Draw(t, "quantity"), Subscription: smSubID, Metadata: map[string]string{}})
	}
	if rapid.IntRange(0, 3).Draw(t, "metered item") > 0 {
		p := smMeteredPrice(iv, rapid.Bool().Draw(t, "graduated"), rapid.Int64Range(1, 20).Draw(t, "metered unit"))
		s.Items = append(s.Items, subscription.Item{ID: "si_sm_metered", Created: m.start, Price: p, Subscription: smSubID, Metadata: map[string]string{}})
	}
	switch rapid.IntRange(0, 3).Draw(t, "subscription discount") {
	case 1:
		s.Discounts = []invoice.Discount{smPercent("sm_10", 10, invoice.DurationForever, m.start)}
	case 2:
		s.Discounts = []invoice.Discount{smAmountOff("sm_300", 300, 2, m.start)}
	case 3:
		s.Discounts = []invoice.Discount{smPercent("sm_once", 50, invoice.DurationOnce, m.start)}
	}
	if rapid.IntRange(0, 3).Draw(t, "item discount") == 0 {
		s.Items[0].Discounts = []invoice.Discount{smPercent("sm_item_25", 25, invoice.DurationForever, m.start)}
	}
	switch rapid.IntRange(0, 3).Draw(t, "tax") {
	case 1:
		s.DefaultTaxRates = []invoice.TaxRate{smRate("txr_sm_20", "20", false)}
	case 2:
		s.DefaultTaxRates = []invoice.TaxRate{smRate("txr_sm_incl_10", "10", true)}
	case 3:
		s.DefaultTaxRates = []invoice.TaxRate{smRate("txr_sm_20", "20", false)}
		s.Items[0].TaxRates = []invoice.TaxRate{smRate("txr_sm_7_5", "7.5", false)}
	}
	m.sub = s
	m.setPeriods(t, 0)
	m.now = m.start
	m.invoiceNext(t)
	return m
}

// setPeriods gives the items the period that starts at boundary k.
func (m *smMachine) setPeriods(t *rapid.T, k int) {
	ps, pe := m.boundary(t, k), m.boundary(t, k+1)
	items := slices.Clone(m.sub.Items)
	for i := range items {
		items[i].CurrentPeriodStart, items[i].CurrentPeriodEnd = ps, pe
	}
	m.sub.Items = items
}

// usage lets time pass in the open period and reports usage up to now:
// new events of the customer, events of another customer, an event
// delivered again, a different event reusing an identifier; each lands at
// a random position (delivered out of order).
func (m *smMachine) usage(t *rapid.T) {
	if m.steps >= smMaxSteps || m.done || !m.sub.EndedAt.IsZero() {
		return
	}
	m.steps++
	lo, hi := m.boundary(t, m.next-1), m.openEnd(t)
	if !m.now.Before(hi) {
		return
	}
	m.now = smBetween(t, m.now, hi, "time passes to")
	for range rapid.IntRange(1, 4).Draw(t, "events") {
		var ev meter.Event
		kind := rapid.IntRange(0, 5).Draw(t, "event kind")
		if len(m.events) == 0 {
			kind = 0
		}
		switch kind {
		case 4: // delivered again, unchanged
			ev = rapid.SampledFrom(m.events).Draw(t, "again")
		case 5: // another event under a used identifier, received later
			old := rapid.SampledFrom(m.events).Draw(t, "reused")
			ev = old
			ev.Payload = map[string]string{"stripe_customer_id": old.Payload["stripe_customer_id"], "value": strconv.Itoa(rapid.IntRange(1, 50).Draw(t, "value"))}
			if !old.Timestamp.Before(lo) {
				ev.Timestamp = smBetween(t, lo, m.now.Add(time.Second), "timestamp")
			}
			ev.Created = old.Created.Add(time.Duration(rapid.IntRange(1, 3600).Draw(t, "later by")) * time.Second)
		default:
			m.n++
			customer := smCustomer
			if kind == 3 {
				customer = smOther
			}
			ts := smBetween(t, lo, m.now.Add(time.Second), "timestamp")
			ev = meter.Event{EventName: smEvent, Identifier: fmt.Sprintf("ev_sm_%d", m.n), Timestamp: ts,
				Created: ts.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "received after")) * time.Second),
				Payload: map[string]string{"stripe_customer_id": customer, "value": strconv.Itoa(rapid.IntRange(0, 20).Draw(t, "value"))}}
		}
		i := rapid.IntRange(0, len(m.events)).Draw(t, "position")
		m.events = slices.Insert(slices.Clip(m.events), i, ev)
	}
}

// grant adds a billing credit grant for metered prices, effective at an
// instant around now, sometimes expiring, sometimes with its funding
// transaction recorded.
func (m *smMachine) grant(t *rapid.T) {
	if m.steps >= smMaxSteps || len(m.grants) >= 4 {
		return
	}
	m.steps++
	m.n++
	eff := smBetween(t, m.start, m.now.Add(40*24*time.Hour), "effective at")
	g := credit.Grant{ID: fmt.Sprintf("credgr_sm_%d", m.n), Amount: credit.Money("usd", rapid.Int64Range(1, 5000).Draw(t, "grant amount")),
		Category:            rapid.SampledFrom([]credit.Category{credit.CategoryPaid, credit.CategoryPromotional}).Draw(t, "category"),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Created:             eff, EffectiveAt: eff, Customer: smCustomer, Name: "Credits", Metadata: map[string]string{}}
	if rapid.Bool().Draw(t, "expires") {
		g.ExpiresAt = eff.Add(time.Duration(rapid.IntRange(1, 60*86400).Draw(t, "lasts")) * time.Second)
	}
	if rapid.Bool().Draw(t, "priority") {
		p := rapid.IntRange(credit.MinPriority, credit.MaxPriority).Draw(t, "priority value")
		g.Priority = &p
	}
	m.grants = append(slices.Clip(m.grants), g)
	if rapid.Bool().Draw(t, "funding recorded") {
		f, err := credit.Funding(g)
		if err != nil {
			t.Fatalf("Funding: %v", err)
		}
		f.ID = "cbtxn_sm_fund_" + g.ID
		m.txns = append(slices.Clip(m.txns), f)
	}
}

// smChangeKinds are the changes update draws.
var smChangeKinds = []string{"price", "quantity", "add", "delete", "cancel_at_period_end", "cancel_now"}

// update changes the subscription at an instant of the open period.
func (m *smMachine) update(t *rapid.T) {
	if m.steps >= smMaxSteps || m.done || !m.sub.EndedAt.IsZero() {
		return
	}
	m.steps++
	lo, hi := m.now, m.openEnd(t)
	if !lo.Before(hi) {
		return
	}
	at := smBetween(t, lo, hi, "at")
	ps, pe := m.boundary(t, m.next-1), m.boundary(t, m.next)
	var licensed []int
	for i := range m.sub.Items {
		if m.sub.Items[i].Price.Recurring.UsageType != pricing.Metered {
			licensed = append(licensed, i)
		}
	}
	var c subscription.Change
	kind := rapid.SampledFrom(smChangeKinds).Draw(t, "change")
	switch kind {
	case "price", "quantity", "delete":
		if len(licensed) == 0 || kind == "delete" && len(m.sub.Items) < 2 {
			return
		}
		it := m.sub.Items[rapid.SampledFrom(licensed).Draw(t, "item")]
		ic := subscription.ItemChange{ID: it.ID}
		switch kind {
		case "price":
			p := smLicensed(rapid.Int64Range(1, 5000).Draw(t, "new unit amount"), m.rec.Interval)
			ic.Price = &p
		case "quantity":
			q := rapid.Int64Range(0, 6).Draw(t, "new quantity")
			ic.Quantity = &q
		default:
			ic.Deleted = true
		}
		c.Items = []subscription.ItemChange{ic}
	case "add":
		if len(m.sub.Items) >= 6 {
			return
		}
		p := smLicensed(rapid.Int64Range(1, 5000).Draw(t, "added unit amount"), m.rec.Interval)
		q := rapid.Int64Range(1, 4).Draw(t, "added quantity")
		c.Items = []subscription.ItemChange{{Price: &p, Quantity: &q}}
	case "cancel_at_period_end":
		if m.sub.CancelAtPeriodEnd {
			return
		}
		yes := true
		c.CancelAtPeriodEnd = &yes
	case "cancel_now":
		c.CancelNow = true
	}
	c.ProrationBehavior = rapid.SampledFrom([]subscription.ProrationBehavior{"", subscription.CreateProrations, subscription.AlwaysInvoice, subscription.None}).Draw(t, "proration_behavior")
	if c.ProrationBehavior != subscription.None && rapid.Bool().Draw(t, "proration_date given") {
		c.ProrationDate = smBetween(t, ps, pe, "proration_date")
	}
	pd := at
	if !c.ProrationDate.IsZero() {
		pd = c.ProrationDate
	}

	in := m.inputs()
	before, inBefore, cBefore := deepCopy(m.sub), deepCopy(in), deepCopy(c)
	pv, pvErr := subscription.Preview(m.sub, at, in, c)
	ns, items, inv, err := subscription.Update(m.sub, c, at, in)
	smSame(t, "Update's subscription", before, m.sub)
	smSame(t, "Update's inputs", inBefore, in)
	smSame(t, "Update's change", cBefore, c)
	if errors.Is(err, subscription.ErrUnsupported) && smFreePaid(m.sub, ns0(m.sub, c)) {
		// A move between free and paid is refused, and so is its preview.
		if !errors.Is(pvErr, subscription.ErrUnsupported) {
			t.Fatalf("Update refuses a free/paid move (%v); Preview: %v", err, pvErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("Update (%s, %q) at %d: %v", kind, c.ProrationBehavior, at.Unix(), err)
	}
	// A change that ends the subscription by the next boundary, invoicing
	// nothing now, may leave nothing to bill at the end: no upcoming
	// invoice (then Invoice(next) must say so too, checked below).
	endsByNext := c.CancelNow || ns.CancelAtPeriodEnd || !ns.CancelAt.IsZero() && !ns.CancelAt.After(pe)
	nothingLeft := endsByNext && inv == nil
	smCheckError(t, "Preview", pvErr)
	if pvErr != nil && !(nothingLeft && errors.Is(pvErr, subscription.ErrNoInvoice)) {
		t.Fatalf("Preview of the change Update accepts: %v", pvErr)
	}
	if err := smCheckTotals(pv); pvErr == nil && err != nil {
		t.Fatalf("preview: %v", err)
	}

	behavior := c.ProrationBehavior
	if behavior == "" {
		behavior = subscription.CreateProrations
	}
	inTrial := !m.trialEnd.IsZero() && at.Before(m.trialEnd)
	wantInvoice := behavior == subscription.AlwaysInvoice || c.CancelNow && behavior != subscription.None
	if (inv != nil) != wantInvoice {
		t.Fatalf("Update (%s, %s): invoice %v, want one: %v", kind, behavior, inv != nil, wantInvoice)
	}
	if (behavior == subscription.None || inTrial || kind == "cancel_at_period_end") && len(items) > 0 {
		t.Fatalf("Update (%s, %s, in trial %v) wrote %d invoice items, want none", kind, behavior, inTrial, len(items))
	}
	for i, it := range items {
		switch {
		case !it.Proration || it.Subscription != smSubID || it.Customer != smCustomer || it.Currency != "usd":
			t.Fatalf("item %d: %+v is not a proration of %s", i, it, smSubID)
		case !it.Date.Equal(at) || !it.PeriodStart.Equal(pd) || !it.PeriodEnd.Equal(pe):
			t.Fatalf("item %d: date %d period [%d, %d); want date %d period [%d, %d)", i, it.Date.Unix(), it.PeriodStart.Unix(), it.PeriodEnd.Unix(), at.Unix(), pd.Unix(), pe.Unix())
		case inv == nil && it.Invoice != "":
			t.Fatalf("item %d: pending item names invoice %s", i, it.Invoice)
		case inv != nil && it.Invoice != inv.ID:
			t.Fatalf("item %d: invoice %q, want the invoice issued now %s", i, it.Invoice, inv.ID)
		}
	}

	// The preview of the change is what the change then issues: the
	// invoice now, or the next renewal with the pending items.
	var want invoice.Invoice
	if inv != nil {
		want = *inv
	} else {
		run := in
		run.Pending = append(slices.Clip(in.Pending), items...)
		nsCopy := deepCopy(ns)
		want, err = ns.Invoice(m.next, run)
		smSame(t, "Invoice's subscription", nsCopy, ns)
		if (err != nil) != (pvErr != nil) {
			t.Fatalf("Invoice(%d) after the change: %v; Preview: %v", m.next, err, pvErr)
		}
	}
	if pvErr != nil {
		// nothing to compare
	} else if a, b := smLines(pv), smLines(want); a != b || pv.Total != want.Total || pv.AmountDue != want.AmountDue {
		t.Fatalf("Preview at %d of %s (%s) differs from what the change issues:\npreview %s total %d due %d\nissued  %s total %d due %d",
			at.Unix(), kind, behavior, a, pv.Total, pv.AmountDue, b, want.Total, want.AmountDue)
	}
	if pvErr == nil && (pv.BillingReason != invoice.ReasonUpcoming || !strings.HasPrefix(pv.ID, "upcoming_in") || !pv.Created.Equal(at)) {
		t.Fatalf("preview: id %s billing_reason %s created %d", pv.ID, pv.BillingReason, pv.Created.Unix())
	}
	if pvErr == nil && (len(items) > 0) != !pv.Parent.ProrationDate.IsZero() || len(items) > 0 && !pv.Parent.ProrationDate.Equal(pd) {
		t.Fatalf("preview of %d prorations from %d: subscription_proration_date %d", len(items), pd.Unix(), pv.Parent.ProrationDate.Unix())
	}

	m.sub = ns
	m.now = at
	for _, it := range items {
		m.items = append(m.items, &smItem{item: it, after: len(m.invoices)})
	}
	switch {
	case c.CancelNow:
		m.endAt = at
	case kind == "cancel_at_period_end":
		m.endAt = pe
	}
	if inv != nil {
		if inv.BillingReason != invoice.ReasonSubscriptionUpdate || !inv.Created.Equal(at) {
			t.Fatalf("invoice now: billing_reason %s created %d; want subscription_update, %d", inv.BillingReason, inv.Created.Unix(), at.Unix())
		}
		m.issue(t, *inv, at)
		if c.CancelNow {
			m.finalByUpdate, m.done = true, true
		}
	}
	if nothingLeft && pvErr != nil {
		// Nothing to bill at the end: the subscription ends with no
		// further invoice.
		m.done = true
		m.sub.Status, m.sub.EndedAt = subscription.StatusCanceled, m.endAt
		if m.endAt.IsZero() {
			m.sub.EndedAt = at
		}
	}
}

// preview: Preview with no change, at an instant of the open period, is
// the next boundary's invoice (credits aside: the preview applies them at
// the boundary too).
func (m *smMachine) preview(t *rapid.T) {
	if m.steps >= smMaxSteps || m.done {
		return
	}
	m.steps++
	hi := m.openEnd(t)
	lo := m.now
	if !lo.Before(hi) {
		return
	}
	at := smBetween(t, lo, hi, "preview at")
	in := m.inputs()
	before, inBefore := deepCopy(m.sub), deepCopy(in)
	pv, err := subscription.Preview(m.sub, at, in)
	want, ierr := m.sub.Invoice(m.next, in)
	if err != nil || ierr != nil {
		// Only a subscription ending with nothing left to bill has no
		// upcoming invoice, and then Invoice(next) agrees.
		if !errors.Is(err, subscription.ErrNoInvoice) || !errors.Is(ierr, subscription.ErrNoInvoice) || m.endAt.IsZero() {
			t.Fatalf("Preview at %d: %v; Invoice(%d): %v", at.Unix(), err, m.next, ierr)
		}
		m.done = true
		return
	}
	smSame(t, "Preview's subscription", before, m.sub)
	smSame(t, "Preview's inputs", inBefore, in)
	if err := smCheckTotals(pv); err != nil {
		t.Fatalf("preview: %v", err)
	}
	if a, b := smLines(pv), smLines(want); a != b || pv.Total != want.Total {
		t.Fatalf("Preview at %d differs from Invoice(%d):\npreview %s total %d\ninvoice %s total %d", at.Unix(), m.next, a, pv.Total, b, want.Total)
	}
	if !pv.Parent.ProrationDate.IsZero() {
		t.Fatalf("preview with no change has subscription_proration_date %d", pv.Parent.ProrationDate.Unix())
	}
}

func (m *smMachine) boundaryAction(t *rapid.T) {
	if m.steps >= smMaxSteps {
		return
	}
	m.steps++
	m.invoiceNext(t)
}

// invoiceNext issues Invoice(next) at its boundary (or at the end of a
// subscription ending before); once the final invoice is issued it
// asserts ErrNoInvoice.
func (m *smMachine) invoiceNext(t *rapid.T) {
	k := m.next
	in := m.inputs()
	if m.done {
		// Nothing more to invoice: ErrNoInvoice. (An invoice after a
		// cancellation now that invoiced goes through the checks of any
		// invoice: it must bill nothing twice.)
		before := deepCopy(m.sub)
		inv, err := m.sub.Invoice(k, in)
		smSame(t, "Invoice's subscription", before, m.sub)
		smCheckError(t, "Invoice after the end", err)
		switch {
		case err == nil && m.finalByUpdate && !m.afterFinal:
			m.afterFinal = true
			m.issue(t, inv, inv.Created)
			return
		case !errors.Is(err, subscription.ErrNoInvoice):
			t.Fatalf("Invoice(%d) after the final invoice: %v (%s), want ErrNoInvoice", k, err, smLines(inv))
		}
		return
	}
	tk := m.boundary(t, k)
	if !m.endAt.IsZero() && m.endAt.Before(tk) {
		tk = m.endAt
	}
	before, inBefore := deepCopy(m.sub), deepCopy(in)
	inv, err := m.sub.Invoice(k, in)
	smSame(t, "Invoice's subscription", before, m.sub)
	smSame(t, "Invoice's inputs", inBefore, in)
	if errors.Is(err, subscription.ErrNoInvoice) && !m.endAt.IsZero() && !tk.Before(m.endAt) {
		// The end, with nothing left to bill: no metered item and no
		// pending item.
		for _, it := range m.sub.Items {
			if r := it.Price.Recurring; r != nil && r.UsageType == pricing.Metered {
				t.Fatalf("Invoice(%d) at the end: %v, but item %s is metered", k, err, it.ID)
			}
		}
		for _, it := range m.items {
			if it.by == "" {
				t.Fatalf("Invoice(%d) at the end: %v, but item %s is pending", k, err, it.item.ID)
			}
		}
		m.done = true
		m.sub.Status, m.sub.EndedAt = subscription.StatusCanceled, m.endAt
		return
	}
	if err != nil {
		t.Fatalf("Invoice(%d): %v", k, err)
	}
	reason := invoice.ReasonSubscriptionCycle
	if k == 0 {
		reason = invoice.ReasonSubscriptionCreate
	}
	prev := tk
	if k > 0 {
		prev = m.boundary(t, k-1)
	}
	if inv.BillingReason != reason || !inv.Created.Equal(tk) || !inv.PeriodStart.Equal(prev) || !inv.PeriodEnd.Equal(tk) {
		t.Fatalf("Invoice(%d): billing_reason %s created %d period [%d, %d); want %s, %d, [%d, %d)", k, inv.BillingReason,
			inv.Created.Unix(), inv.PeriodStart.Unix(), inv.PeriodEnd.Unix(), reason, tk.Unix(), prev.Unix(), tk.Unix())
	}
	m.checkRenewals(t, k, inv, tk)
	m.now = tk
	m.next++
	m.issue(t, inv, tk)
	switch {
	case m.done:
		// The invoice a cancellation now left to issue (with its guard off).
	case !m.endAt.IsZero() && !tk.Before(m.endAt):
		m.done = true
		m.sub.Status, m.sub.EndedAt = subscription.StatusCanceled, m.endAt
		if m.sub.CanceledAt.IsZero() {
			m.sub.CanceledAt = m.endAt
		}
	default:
		m.setPeriods(t, k)
		if m.trialEnd.IsZero() || !tk.Before(m.trialEnd) {
			m.sub.Status = subscription.StatusActive
		}
	}
}

// checkRenewals checks the licensed lines of a boundary invoice: each item
// once, in advance, at its full price (prorated only for an initial period
// or the end), nothing once the subscription ends there.
func (m *smMachine) checkRenewals(t *rapid.T, k int, inv invoice.Invoice, tk time.Time) {
	seen := map[string]int{}
	for _, l := range inv.Lines {
		if l.Parent.InvoiceItem != "" || l.Metered() {
			continue
		}
		si := l.Parent.SubscriptionItem
		seen[si]++
		i := slices.IndexFunc(m.sub.Items, func(it subscription.Item) bool { return it.ID == si })
		if i < 0 {
			t.Fatalf("Invoice(%d): line for unknown item %q", k, si)
		}
		it := m.sub.Items[i]
		full, err := it.Price.Amount(it.Quantity)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !m.endAt.IsZero() && !m.endAt.After(tk):
			t.Fatalf("Invoice(%d) at the end %d bills %s in advance: %d", k, m.endAt.Unix(), si, l.Amount)
		case k == 0 && !m.trialEnd.IsZero():
			if l.Amount != 0 {
				t.Fatalf("trial invoice bills %s: %d", si, l.Amount)
			}
		case k == 0 && m.offset == 1:
			if l.Amount < 0 || l.Amount > full || !l.PeriodEnd.Equal(m.anchor) {
				t.Fatalf("initial period line of %s: %d for [%d, %d), full %d, anchor %d", si, l.Amount, l.PeriodStart.Unix(), l.PeriodEnd.Unix(), full, m.anchor.Unix())
			}
		default:
			if next := m.boundary(t, k+1); l.Amount != full || !l.PeriodStart.Equal(tk) || !l.PeriodEnd.Equal(next) || l.Quantity != it.Quantity {
				t.Fatalf("Invoice(%d): %s bills %d x%d for [%d, %d); want %d x%d for [%d, %d)", k, si, l.Amount, l.Quantity,
					l.PeriodStart.Unix(), l.PeriodEnd.Unix(), full, it.Quantity, tk.Unix(), next.Unix())
			}
		}
	}
	ending := !m.endAt.IsZero() && !m.endAt.After(tk)
	for _, it := range m.sub.Items {
		if it.Price.Recurring.UsageType != pricing.Metered && !ending && seen[it.ID] != 1 {
			t.Fatalf("Invoice(%d) bills item %s %d times, want once", k, it.ID, seen[it.ID])
		}
	}
}

// issue records an invoice: it must balance, take every pending item once
// (the ones the caller passes), bill each metered period once with the
// usage the events make; with grants it is finalized at at and its
// credits_applied transactions join the ledger.
func (m *smMachine) issue(t *rapid.T, inv invoice.Invoice, at time.Time) {
	if err := smCheckTotals(inv); err != nil {
		t.Fatalf("invoice %s (%s): %v", inv.ID, inv.BillingReason, err)
	}
	for _, x := range m.invoices {
		if x.ID == inv.ID {
			t.Fatalf("invoice id %s issued twice", inv.ID)
		}
	}
	for _, l := range inv.Lines {
		if id := l.Parent.InvoiceItem; id != "" {
			i := slices.IndexFunc(m.items, func(x *smItem) bool { return x.item.ID == id })
			if i < 0 {
				t.Fatalf("invoice %s: line names unknown invoice item %s", inv.ID, id)
			}
			if by := m.items[i].by; by != "" {
				t.Fatalf("invoice %s: invoice item %s already on invoice %s", inv.ID, id, by)
			}
			m.items[i].by = inv.ID
			if l.Amount != m.items[i].item.Amount {
				t.Fatalf("invoice %s: invoice item %s bills %d, created for %d", inv.ID, id, l.Amount, m.items[i].item.Amount)
			}
			continue
		}
		if !l.Metered() || l.Parent.SubscriptionItem == "" {
			continue
		}
		from, to := l.PeriodStart, l.PeriodEnd
		if !to.After(from) { // the creation invoice's 0 line
			if l.Amount != 0 {
				t.Fatalf("invoice %s: metered line [%d, %d) bills %d", inv.ID, from.Unix(), to.Unix(), l.Amount)
			}
			continue
		}
		if inv.BillingReason == invoice.ReasonSubscriptionCreate {
			if l.Amount != 0 || l.Quantity != 0 {
				t.Fatalf("creation invoice: metered line bills %d x%d", l.Amount, l.Quantity)
			}
			continue
		}
		for _, b := range m.billed {
			if b.item == l.Parent.SubscriptionItem && from.Before(b.to) && b.from.Before(to) {
				t.Fatalf("usage of [%d, %d) billed again on %s (%s): already on %s for [%d, %d)", from.Unix(), to.Unix(), inv.ID,
					inv.BillingReason, b.invoice, b.from.Unix(), b.to.Unix())
			}
		}
		m.billed = append(m.billed, smBilled{item: l.Parent.SubscriptionItem, invoice: inv.ID, from: from, to: to})
		want := m.usageOn(from, to)
		if !m.trialEnd.IsZero() && !to.After(m.trialEnd) {
			want = 0 // usage during the trial bills 0
		}
		amt, err := l.Price.Amount(want)
		if err != nil {
			t.Fatal(err)
		}
		if l.Quantity != want || l.Amount != amt {
			t.Fatalf("invoice %s (%s): usage of [%d, %d) billed %d x = %d, want %d x = %d", inv.ID, inv.BillingReason,
				from.Unix(), to.Unix(), l.Quantity, l.Amount, want, amt)
		}
	}
	for _, x := range m.items {
		if x.by == "" && x.after <= len(m.invoices) {
			t.Fatalf("invoice %s (%s, at %d) left pending item %s (dated %d) that was created before it", inv.ID, inv.BillingReason,
				at.Unix(), x.item.ID, x.item.Date.Unix())
		}
	}
	if len(m.grants) > 0 {
		draft := deepCopy(inv)
		grants, txns := deepCopy(m.grants), deepCopy(m.txns)
		fin, app, err := invoice.Finalize(inv, m.grants, m.txns, at, credit.ApplyOptions{})
		smSame(t, "Finalize's invoice", draft, inv)
		smSame(t, "Finalize's grants", grants, m.grants)
		smSame(t, "Finalize's transactions", txns, m.txns)
		if err != nil {
			t.Fatalf("Finalize %s at %d: %v", inv.ID, at.Unix(), err)
		}
		if err := smCheckTotals(fin); err != nil {
			t.Fatalf("finalized %s: %v", inv.ID, err)
		}
		if fin.Total != inv.Total || fin.AmountDue != inv.AmountDue {
			t.Fatalf("finalized %s: total %d due %d, its draft (credits as a preview) %d %d", inv.ID, fin.Total, fin.AmountDue, inv.Total, inv.AmountDue)
		}
		if fin.Status != "open" || !fin.FinalizedAt.Equal(at) {
			t.Fatalf("finalized %s: status %s finalized_at %d", inv.ID, fin.Status, fin.FinalizedAt.Unix())
		}
		for _, x := range app.Transactions {
			ref := x.Debit.CreditsApplied
			if x.Type != credit.TypeDebit || x.Debit.Type != credit.CreditsApplied || ref.Invoice != inv.ID ||
				!slices.ContainsFunc(inv.Lines, func(l invoice.LineItem) bool { return l.ID == ref.InvoiceLineItem && l.Metered() }) {
				t.Fatalf("Finalize wrote %+v: not a credits_applied debit of a metered line of %s", x, inv.ID)
			}
		}
		m.txns = append(slices.Clip(m.txns), app.Transactions...)
		inv = fin
	}
	m.invoices = append(m.invoices, inv)
	latest := deepCopy(inv)
	m.sub.LatestInvoice = &latest
}

// usageOn is the machine's own reading of the customer's usage on
// [from, to): of the events sharing an identifier the first received
// counts (they differ in created here), the others never do.
func (m *smMachine) usageOn(from, to time.Time) int64 {
	first := map[string]meter.Event{}
	for _, ev := range m.events {
		if f, ok := first[ev.Identifier]; !ok || ev.Created.Before(f.Created) {
			first[ev.Identifier] = ev
		}
	}
	var sum int64
	for _, ev := range first {
		if ev.Payload["stripe_customer_id"] != smCustomer || ev.Timestamp.Before(from) || !ev.Timestamp.Before(to) {
			continue
		}
		v, err := strconv.ParseInt(ev.Payload["value"], 10, 64)
		if err != nil {
			panic(err)
		}
		sum += v
	}
	return sum
}

// check is the invariant of every step.
func (m *smMachine) check(t *rapid.T) {
	ids := map[string]bool{}
	for _, it := range m.sub.Items {
		if ids[it.ID] {
			t.Fatalf("two subscription items share id %s", it.ID)
		}
		ids[it.ID] = true
	}
	clear(ids)
	on := map[string]string{}
	for _, inv := range m.invoices {
		if ids[inv.ID] {
			t.Fatalf("invoice id %s repeats", inv.ID)
		}
		ids[inv.ID] = true
		if err := smCheckTotals(inv); err != nil {
			t.Fatalf("invoice %s: %v", inv.ID, err)
		}
		for _, l := range inv.Lines {
			if id := l.Parent.InvoiceItem; id != "" {
				if prev, ok := on[id]; ok {
					t.Fatalf("invoice item %s on %s and %s", id, prev, inv.ID)
				}
				on[id] = inv.ID
			}
		}
	}
	seen := map[string]bool{}
	for _, x := range m.items {
		if seen[x.item.ID] {
			t.Fatalf("two invoice items share id %s", x.item.ID)
		}
		seen[x.item.ID] = true
		if on[x.item.ID] != x.by {
			t.Fatalf("invoice item %s: on invoice %q, recorded %q", x.item.ID, on[x.item.ID], x.by)
		}
	}
	m.checkLedger(t)
}

// checkLedger: the grants and transactions make a valid ledger, no
// grant's balance is ever negative, and every credit on a finalized
// invoice is a transaction of the ledger (and the other way round).
func (m *smMachine) checkLedger(t *rapid.T) {
	if len(m.grants) == 0 {
		return
	}
	if err := credit.CheckLedger(m.txns); err != nil {
		t.Fatalf("CheckLedger: %v", err)
	}
	led, err := credit.NewLedger(m.grants, m.txns)
	if err != nil {
		t.Fatalf("NewLedger: %v", err)
	}
	times := []time.Time{m.start, m.now, m.now.Add(400 * 24 * time.Hour)}
	for _, x := range m.txns {
		times = append(times, x.EffectiveAt, x.EffectiveAt.Add(-time.Second))
	}
	for _, at := range times {
		bs, err := led.GrantBalances(smCustomer, at)
		if err != nil {
			t.Fatalf("GrantBalances at %d: %v", at.Unix(), err)
		}
		for _, b := range bs {
			if b.Ledger < 0 || b.Available < 0 || b.Available > b.Ledger {
				t.Fatalf("grant %s at %d: ledger %d available %d", b.CreditGrant, at.Unix(), b.Ledger, b.Available)
			}
		}
	}
	for _, g := range m.grants {
		s, err := credit.Summarize(smCustomer, m.grants, m.txns, credit.GrantFilter(g.ID), m.now)
		if err != nil {
			t.Fatalf("Summarize %s: %v", g.ID, err)
		}
		for _, b := range s.Balances {
			if b.AvailableBalance.Monetary.Value < 0 || b.LedgerBalance.Monetary.Value < 0 {
				t.Fatalf("grant %s: %+v", g.ID, b)
			}
		}
	}
	applied := map[string]int64{}
	for _, x := range m.txns {
		if x.Debit.Type == credit.CreditsApplied {
			applied[x.ID] += x.Debit.Amount.Monetary.Value
		}
	}
	onInvoices := map[string]int64{}
	for _, inv := range m.invoices {
		for _, l := range inv.Lines {
			for _, p := range l.PretaxCreditAmounts {
				if p.Type == invoice.CreditBalance {
					if p.CreditBalanceTransaction == "" {
						t.Fatalf("finalized invoice %s: a credit names no transaction", inv.ID)
					}
					onInvoices[p.CreditBalanceTransaction] += p.Amount
				}
			}
		}
	}
	if !reflect.DeepEqual(applied, onInvoices) {
		t.Fatalf("credits_applied transactions %v, credits on the invoices %v", applied, onInvoices)
	}
}

// smCheckTotals checks what invoice.md 2.9 says of an invoice's totals,
// from its lines: subtotal = sum(line amounts) - item discounts;
// total_excluding_tax = subtotal - invoice discounts - credits; total =
// total_excluding_tax + exclusive tax; amount_due = max(0, total); and
// that the breakdowns add up to the lines'.
func smCheckTotals(inv invoice.Invoice) error {
	var sum, itemDisc, invDisc, credits, excl, incl int64
	for i, l := range inv.Lines {
		own := map[string]bool{}
		for _, d := range l.Discounts {
			own[d.ID] = true
		}
		var disc int64
		for _, da := range l.DiscountAmounts {
			if da.Amount < 0 {
				return fmt.Errorf("lines[%d]: discount %s of %d", i, da.Discount.ID, da.Amount)
			}
			if own[da.Discount.ID] {
				itemDisc += da.Amount
			} else {
				invDisc += da.Amount
			}
			disc += da.Amount
		}
		var cr, dp int64
		for _, p := range l.PretaxCreditAmounts {
			switch p.Type {
			case invoice.CreditBalance:
				if p.Amount < 0 {
					return fmt.Errorf("lines[%d]: credit of %d", i, p.Amount)
				}
				cr += p.Amount
			case invoice.CreditDiscount:
				dp += p.Amount
			default:
				return fmt.Errorf("lines[%d]: pretax credit of type %q", i, p.Type)
			}
		}
		if dp != disc {
			return fmt.Errorf("lines[%d]: discount entries of pretax_credit_amounts %d, discount_amounts %d", i, dp, disc)
		}
		if cr > 0 && cr > l.Amount-disc {
			return fmt.Errorf("lines[%d]: credits %d exceed the line after discounts %d - %d", i, cr, l.Amount, disc)
		}
		credits += cr
		sum += l.Amount
		for _, tx := range l.Taxes {
			if tx.Rate.Inclusive {
				incl += tx.Amount
			} else {
				excl += tx.Amount
			}
		}
	}
	var totExcl, totIncl, totDisc, totCredit, totDiscEntries int64
	for _, tx := range inv.TotalTaxes {
		if tx.Rate.Inclusive {
			totIncl += tx.Amount
		} else {
			totExcl += tx.Amount
		}
	}
	for _, d := range inv.TotalDiscountAmounts {
		totDisc += d.Amount
	}
	for _, p := range inv.TotalPretaxCreditAmounts {
		if p.Type == invoice.CreditBalance {
			totCredit += p.Amount
		} else {
			totDiscEntries += p.Amount
		}
	}
	want := []struct {
		name      string
		got, want int64
	}{
		{"subtotal = sum(line amounts) - item discounts", inv.Subtotal, sum - itemDisc},
		{"total_excluding_tax = subtotal - invoice discounts - credits", inv.TotalExcludingTax, inv.Subtotal - invDisc - credits},
		{"total = total_excluding_tax + exclusive tax", inv.Total, inv.TotalExcludingTax + excl},
		{"amount_due = max(0, total)", inv.AmountDue, max(0, inv.Total)},
		{"amount_remaining = amount_due - amount_paid", inv.AmountRemaining, inv.AmountDue - inv.AmountPaid},
		{"subtotal_excluding_tax = subtotal - inclusive tax", inv.SubtotalExcludingTax, inv.Subtotal - incl},
		{"total_taxes exclusive = the lines'", totExcl, excl},
		{"total_taxes inclusive = the lines'", totIncl, incl},
		{"total_discount_amounts = the lines' discounts", totDisc, itemDisc + invDisc},
		{"total_pretax_credit_amounts discounts = the lines'", totDiscEntries, itemDisc + invDisc},
		{"total_pretax_credit_amounts credits = the lines'", totCredit, credits},
	}
	var errs []error
	for _, w := range want {
		if w.got != w.want {
			errs = append(errs, fmt.Errorf("%s: %d, want %d", w.name, w.got, w.want))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("totals do not balance (%s): %w", smLines(inv), errors.Join(errs...))
	}
	return nil
}

// smLines is an invoice's lines as text: amount, period, proration,
// quantity, in the invoice's order.
func smLines(inv invoice.Invoice) string {
	var b strings.Builder
	for _, l := range inv.Lines {
		p := ""
		if l.Parent.Proration {
			p = " proration"
		}
		fmt.Fprintf(&b, "{%d x%d [%d, %d)%s}", l.Amount, l.Quantity, l.PeriodStart.Unix(), l.PeriodEnd.Unix(), p)
	}
	return b.String()
}

// smCheckError fails unless err is nil or a *subscription.FieldError (the
// first of a joined error) that names a field.
func smCheckError(t interface{ Fatalf(string, ...any) }, what string, err error) {
	if err == nil {
		return
	}
	var fe *subscription.FieldError
	if !errors.As(err, &fe) || fe.Field == "" {
		t.Fatalf("%s: error %v (%T) is not a FieldError naming a field", what, err, err)
	}
}

// smSame fails when a value given to the library changed.
func smSame[T any](t *rapid.T, what string, before, after T) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("%s was modified", what)
	}
}

// The histories the machine's guards steer around, each reduced to a few
// calls. Each runs once its guard is turned off (the bug fixed).

// smReproSub is a monthly subscription of cus_sm started 2025-04-01: one
// licensed item (si_sm_0, 1000) and a metered one (si_sm_metered, 2 a
// unit), with 5 units reported an hour after the start.
func smReproSub(trialDays int) (subscription.Subscription, subscription.Inputs) {
	start := smT(1743465600) // 2025-04-01T00:00:00Z
	s := subscription.Subscription{ID: smSubID, Customer: smCustomer, Currency: "usd", Status: subscription.StatusActive,
		Created: start, StartDate: start, BillingCycleAnchor: start,
		Items: []subscription.Item{
			{ID: "si_sm_0", Created: start, Price: smLicensed(1000, pricing.Month), Quantity: 1, Subscription: smSubID},
			{ID: "si_sm_metered", Created: start, Price: smMeteredPrice(pricing.Month, false, 2), Subscription: smSubID},
		}}
	if trialDays > 0 {
		s.TrialStart, s.TrialEnd, s.Status = start, start.AddDate(0, 0, trialDays), subscription.StatusTrialing
		s.BillingCycleAnchor = s.TrialEnd
	}
	for i := range s.Items {
		s.Items[i].CurrentPeriodStart, s.Items[i].CurrentPeriodEnd = start, start.AddDate(0, 1, 0)
		if trialDays > 0 {
			s.Items[i].CurrentPeriodEnd = s.TrialEnd
		}
	}
	ev := meter.Event{EventName: smEvent, Identifier: "ev_sm_1", Timestamp: start.Add(time.Hour), Created: start.Add(time.Hour),
		Payload: map[string]string{"stripe_customer_id": smCustomer, "value": "5"}}
	return s, subscription.Inputs{Meters: []meter.Meter{smSumMeter()}, Events: []meter.Event{ev}}
}

// A cancellation now, with invoice_now, during a 14-day trial: the
// invoice bills the trial's 5 units at 0, as Invoice(1) would.
func TestRegression_CancelNowInTrialUsage(t *testing.T) {
	s, in := smReproSub(14)
	at := s.StartDate.AddDate(0, 0, 2)
	_, _, inv, err := subscription.Update(s, subscription.Change{CancelNow: true, ProrationBehavior: subscription.CreateProrations}, at, in)
	if err != nil || inv == nil {
		t.Fatalf("Update: %v, invoice %v", err, inv != nil)
	}
	if inv.Total != 0 {
		t.Errorf("cancellation in the trial bills %s: total %d, want 0 (usage during a trial bills 0)", smLines(*inv), inv.Total)
	}
}

// Two changes in one second: invoices issued at once and items added get
// distinct ids.
func TestRegression_SameSecondIDs(t *testing.T) {
	s, in := smReproSub(0)
	at := s.StartDate.Add(10 * 24 * time.Hour)
	q := func(n int64) *int64 { return &n }
	s1, _, inv1, err := subscription.Update(s, subscription.Change{Items: []subscription.ItemChange{{ID: "si_sm_0", Quantity: q(2)}}, ProrationBehavior: subscription.AlwaysInvoice}, at, in)
	if err != nil {
		t.Fatal(err)
	}
	_, _, inv2, err := subscription.Update(s1, subscription.Change{Items: []subscription.ItemChange{{ID: "si_sm_0", Quantity: q(3)}}, ProrationBehavior: subscription.AlwaysInvoice}, at, in)
	if err != nil {
		t.Fatal(err)
	}
	if inv1.ID == inv2.ID {
		t.Errorf("two always_invoice changes in one second issue two invoices with id %s", inv1.ID)
	}
	p1, p2 := smLicensed(300, pricing.Month), smLicensed(400, pricing.Month)
	a1, _, _, err := subscription.Update(s, subscription.Change{Items: []subscription.ItemChange{{Price: &p1}}}, at, in)
	if err != nil {
		t.Fatal(err)
	}
	a2, _, _, err := subscription.Update(a1, subscription.Change{Items: []subscription.ItemChange{{Price: &p2}}}, at, in)
	if err != nil {
		t.Fatal(err)
	}
	if id1, id2 := a2.Items[2].ID, a2.Items[3].ID; id1 == id2 {
		t.Errorf("two items added in one second share id %s", id1)
	}
}

// A cancellation now without proration in the same second as an earlier
// change: the final invoice still bills the period's usage and the
// change's pending items.
func TestRegression_CancelNowNoneSameSecond(t *testing.T) {
	cancel := subscription.Change{CancelNow: true, ProrationBehavior: subscription.None}
	q := func(n int64) *int64 { return &n }
	t.Run("after always_invoice", func(t *testing.T) {
		s, in := smReproSub(0)
		at := s.StartDate.Add(10 * 24 * time.Hour)
		s1, _, inv, err := subscription.Update(s, subscription.Change{Items: []subscription.ItemChange{{ID: "si_sm_0", Quantity: q(2)}}, ProrationBehavior: subscription.AlwaysInvoice}, at, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Pending = nil // the invoice took them
		s2, _, _, err := subscription.Update(s1, cancel, at, in)
		if err != nil {
			t.Fatal(err)
		}
		final, err := s2.Invoice(1, in)
		if err != nil {
			t.Fatalf("Invoice(1) after a cancellation that invoiced nothing (the invoice at that second was %s's): %v", inv.ID, err)
		}
		if final.Total != 10 {
			t.Errorf("final invoice %s: total %d, want 10 (5 units at 2)", smLines(final), final.Total)
		}
	})
	t.Run("after create_prorations", func(t *testing.T) {
		s, in := smReproSub(0)
		at := s.StartDate.Add(10 * 24 * time.Hour)
		s1, items, _, err := subscription.Update(s, subscription.Change{Items: []subscription.ItemChange{{ID: "si_sm_0", Quantity: q(2)}}}, at, in)
		if err != nil || len(items) != 2 {
			t.Fatalf("Update: %v, %d items", err, len(items))
		}
		in.Pending = items
		s2, _, _, err := subscription.Update(s1, cancel, at, in)
		if err != nil {
			t.Fatal(err)
		}
		final, err := s2.Invoice(1, in)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, l := range final.Lines {
			if l.Parent.InvoiceItem == items[0].ID || l.Parent.InvoiceItem == items[1].ID {
				got++
			}
		}
		if got != 2 {
			t.Errorf("final invoice at %d takes %d of the 2 items dated %d: %s", final.Created.Unix(), got, at.Unix(), smLines(final))
		}
	})
}

// ns0 is s with c's items applied, as the model sees them (prices and
// quantities only), to tell whether the change moves between free and paid.
func ns0(s subscription.Subscription, c subscription.Change) []subscription.Item {
	items := slices.Clone(s.Items)
	for _, ic := range c.Items {
		switch {
		case ic.ID == "":
			q := int64(1)
			if ic.Quantity != nil {
				q = *ic.Quantity
			}
			items = append(items, subscription.Item{Price: *ic.Price, Quantity: q})
		default:
			for i := range items {
				if items[i].ID != ic.ID {
					continue
				}
				if ic.Deleted {
					items = slices.Delete(items, i, i+1)
				} else {
					if ic.Price != nil {
						items[i].Price = *ic.Price
					}
					if ic.Quantity != nil {
						items[i].Quantity = *ic.Quantity
					}
				}
				break
			}
		}
	}
	return items
}

// smFreePaid reports whether moving from s's items to items moves between
// free (nothing billed) and paid.
func smFreePaid(s subscription.Subscription, items []subscription.Item) bool {
	paid := func(items []subscription.Item) bool {
		for _, it := range items {
			if r := it.Price.Recurring; r != nil && r.UsageType == pricing.Metered {
				return true
			}
			if a, err := it.Price.Amount(it.Quantity); err == nil && a > 0 {
				return true
			}
		}
		return false
	}
	return paid(s.Items) != paid(items)
}
