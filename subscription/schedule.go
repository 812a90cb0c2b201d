package subscription

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// Start returns the subscription a schedule creates at its first phase's
// start_date, with that invoice (Invoice(0)) as latest_invoice (doc.go,
// Schedules): phase 0's items, add_invoice_items (on the first invoice),
// trial, discounts, default tax rates, currency and collection; schedule
// names sc; end_behavior cancel sets cancel_at to the last phase's end.
// ids names the subscription ("sub", parent the schedule), its items
// ("si") and its invoice; nil: deterministic.
func (sc Schedule) Start(ids IDGenerator) (Subscription, error) {
	if len(sc.Phases) == 0 {
		return Subscription{}, errorf(ErrInvalidSubscription, sc.ID, "phases", "a schedule needs a phase to start")
	}
	ph := &sc.Phases[0]
	if ph.StartDate.IsZero() {
		return Subscription{}, errorf(ErrInvalidSubscription, sc.ID, "phases[0].start_date", "is required")
	}
	start := ph.StartDate.UTC()
	cm := ph.CollectionMethod
	if cm == "" {
		cm = sc.CollectionMethod
	}
	days := ph.DaysUntilDue
	if days == nil {
		days = sc.DaysUntilDue
	}
	id := ids.ID(IDKey{Prefix: "sub", Parent: sc.ID})
	s := Subscription{
		ID: id, Customer: sc.Customer, Currency: ph.Currency, CollectionMethod: cm, DaysUntilDue: days,
		Status: StatusActive, Created: start, StartDate: start, BillingCycleAnchor: start, BillingMode: sc.BillingMode,
		Discounts: startAt(slices.Clone(ph.Discounts), start), DefaultTaxRates: ph.DefaultTaxRates,
		Description: ph.Description, Metadata: maps.Clone(ph.Metadata), Schedule: sc.ID, Livemode: sc.Livemode,
	}
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	if !ph.TrialEnd.IsZero() && ph.TrialEnd.After(start) {
		s.Status, s.TrialStart, s.TrialEnd, s.BillingCycleAnchor = StatusTrialing, start, ph.TrialEnd.UTC(), ph.TrialEnd.UTC()
	}
	if sc.EndBehavior == "cancel" {
		s.CancelAt = sc.Phases[len(sc.Phases)-1].EndDate.UTC()
	}
	for j, it := range ph.Items {
		if err := phasePrice(sc.ID, 0, "items", j, &it); err != nil {
			return Subscription{}, err
		}
		s.Items = append(s.Items, Item{
			ID: ids.ID(IDKey{Prefix: "si", Parent: id, N: int64(j)}), Created: start, Discounts: startAt(slices.Clone(it.Discounts), start),
			Metadata: map[string]string{}, Price: it.Price.Clone(), Quantity: it.Quantity, Subscription: id, TaxRates: it.TaxRates,
		})
	}
	if s.Currency == "" && len(s.Items) > 0 {
		s.Currency = s.Items[0].Price.Currency
	}
	seed := &invoice.Invoice{BillingReason: invoice.ReasonSubscriptionCreate}
	for j, it := range ph.AddInvoiceItems {
		if err := phasePrice(sc.ID, 0, "add_invoice_items", j, &it); err != nil {
			return Subscription{}, err
		}
		amt, err := amountOf(&it.Price, it.Quantity, s.Currency)
		if err != nil {
			return Subscription{}, errorf(ErrInvalidSubscription, sc.ID, fmt.Sprintf("phases[0].add_invoice_items[%d].price", j), "%v", err)
		}
		seed.Lines = append(seed.Lines, invoice.LineItem{
			Amount: amt, Discountable: true, Discounts: startAt(slices.Clone(it.Discounts), start), Metadata: map[string]string{},
			Parent:      invoice.LineParent{Type: invoice.ParentInvoiceItem, Subscription: id},
			PeriodStart: start, PeriodEnd: start, Price: it.Price.Clone(), Quantity: it.Quantity, TaxRates: ownRates(it.TaxRates),
		})
	}
	s.LatestInvoice = seed
	first, err := s.Invoice(0, Inputs{IDs: ids})
	if err != nil {
		return Subscription{}, err
	}
	s.LatestInvoice = &first
	_, pe, perr := s.periodOf(start)
	for i := range s.Items {
		s.Items[i].CurrentPeriodStart = start
		if perr == nil {
			s.Items[i].CurrentPeriodEnd = pe
		}
	}
	return s, nil
}

// phasePrice refuses a phase item whose price is not given whole (a
// decoded schedule names prices by id; nothing is fetched).
func phasePrice(schedID string, i int, list string, j int, it *PhaseItem) error {
	if it.Price.Currency == "" || (list == "items" && it.Price.Recurring == nil) {
		return errorf(ErrInvalidSubscription, schedID, fmt.Sprintf("phases[%d].%s[%d].price", i, list, j), "price %q is not given whole: its amounts are needed (nothing is fetched)", it.Price.ID)
	}
	return nil
}

// startAt dates discounts without a start at t.
func startAt(ds []invoice.Discount, t time.Time) []invoice.Discount {
	for i := range ds {
		if ds[i].Start.IsZero() {
			ds[i].Start = t
		}
	}
	return ds
}

// periodOf returns the period [ps, pe) that contains at.
func (s *Subscription) periodOf(at time.Time) (time.Time, time.Time, error) {
	b, err := s.prepare(&Inputs{})
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	_, ps, pe, err := b.cy.periodAt(at)
	return ps, pe, err
}

// PhaseChange is the one change that moves s into phase i of sc at the
// phase's start_date (doc.go, Schedules): the phase's items replace the
// subscription's (matched by price id: a kept price keeps its item with the
// phase's quantity, rates and discounts; others are deleted or added), its
// discounts and default tax rates replace the subscription's, under the
// phase's proration_behavior.
func (sc Schedule) PhaseChange(s Subscription, i int) (Change, error) {
	if i < 0 || i >= len(sc.Phases) {
		return Change{}, errorf(ErrInvalidChange, sc.ID, "phases", "no phase %d (the schedule has %d)", i, len(sc.Phases))
	}
	ph := &sc.Phases[i]
	c := Change{ProrationBehavior: ph.ProrationBehavior, Discounts: startAt(slices.Clone(ph.Discounts), ph.StartDate), DefaultTaxRates: ph.DefaultTaxRates}
	if c.Discounts == nil {
		c.Discounts = []invoice.Discount{}
	}
	used := map[string]bool{}
	for j := range ph.Items {
		it := ph.Items[j]
		if err := phasePrice(sc.ID, i, "items", j, &it); err != nil {
			return Change{}, err
		}
		q := it.Quantity
		ic := ItemChange{Quantity: &q, TaxRates: it.TaxRates, Discounts: startAt(slices.Clone(it.Discounts), ph.StartDate)}
		if ic.TaxRates == nil {
			ic.TaxRates = []invoice.TaxRate{}
		}
		if ic.Discounts == nil {
			ic.Discounts = []invoice.Discount{}
		}
		for _, cur := range s.Items {
			if cur.Price.ID == it.Price.ID && !used[cur.ID] {
				ic.ID = cur.ID
				used[cur.ID] = true
				break
			}
		}
		if ic.ID == "" {
			p := it.Price.Clone()
			ic.Price = &p
		}
		c.Items = append(c.Items, ic)
	}
	for _, cur := range s.Items {
		if !used[cur.ID] {
			c.Items = append(c.Items, ItemChange{ID: cur.ID, Deleted: true})
		}
	}
	return c, nil
}

// Advance applies, in order, every phase of sc after the first whose
// start_date lies in (from, to], each as PhaseChange at its start with
// Update (with proration_behavior none when the phase starts on a period
// boundary: compute that boundary's invoice after Advance, and it bills the
// new phase), and then end_behavior when the last phase's end lies in (from,
// to] (release: the subscription goes on, its schedule field cleared;
// cancel: canceled_at and ended_at at that end). It returns the
// subscription, the invoice items the changes left pending and the
// invoices they issued. Pending items in `in` are read, not modified.
func (sc Schedule) Advance(s Subscription, from, to time.Time, in Inputs) (Subscription, []invoice.Item, []invoice.Invoice, error) {
	var items []invoice.Item
	var invs []invoice.Invoice
	pending := slices.Clone(in.Pending)
	for i := 1; i < len(sc.Phases); i++ {
		at := sc.Phases[i].StartDate.UTC()
		if !at.After(from) || at.After(to) {
			continue
		}
		c, err := sc.PhaseChange(s, i)
		if err != nil {
			return s, nil, nil, err
		}
		run := in
		run.Pending = pending
		// Update, preparing s once for the boundary test and the change.
		b, err := s.prepare(&run)
		if err != nil {
			return s, nil, nil, err
		}
		// A phase that starts on a period boundary takes effect with that
		// boundary's invoice, which bills it in full: no prorations [P,
		// as Stripe's renewals into a new phase].
		if _, ps, _, err := b.cy.periodAt(at); err == nil && ps.Equal(at) {
			c.ProrationBehavior = None
		}
		ns, its, inv, err := b.update(c, at)
		if err != nil {
			return s, nil, nil, err
		}
		if inv != nil {
			invs = append(invs, *inv)
			pending = remaining(pending, inv.PeriodStart, at, &s)
		} else {
			pending = append(pending, its...)
		}
		items = append(items, its...)
		s = ns
	}
	if n := len(sc.Phases); n > 0 {
		end := sc.Phases[n-1].EndDate.UTC()
		if !end.IsZero() && end.After(from) && !end.After(to) {
			switch sc.EndBehavior {
			case "cancel":
				s.Status, s.CanceledAt, s.EndedAt = StatusCanceled, end, end
			default: // release
				s.Schedule = ""
			}
		}
	}
	return s, items, invs, nil
}

// amountOf prices qty of p in currency cur (p's own when cur is empty or
// p's: AmountWith reads both as the price itself).
func amountOf(p *pricing.Price, qty int64, cur pricing.Currency) (int64, error) {
	return p.AmountWith(qty, pricing.AmountOptions{Currency: cur})
}
