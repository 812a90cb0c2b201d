package subscription

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/invoice"
)

// Update applies change c at instant at (doc.go, Changes and prorations):
// the updated subscription, the invoice items its change creates, and the
// invoice issued now (always_invoice, or a cancellation that invoices),
// if any. With create_prorations the items are pending (invoice null):
// pass them back through Inputs.Pending to later Invoice and Preview calls;
// with always_invoice every returned item is on the returned invoice; with
// none there are no prorations (in flexible mode, the usage of a removed
// metered item is still an item). s and in are not modified.
func Update(s Subscription, c Change, at time.Time, in Inputs) (Subscription, []invoice.Item, *invoice.Invoice, error) {
	b, err := s.prepare(&in)
	if err != nil {
		return s, nil, nil, err
	}
	return b.update(c, at)
}

// update is Update on a prepared subscription: b.s changed by c at at, with
// the inputs b.in.
func (b *billing) update(c Change, at time.Time) (Subscription, []invoice.Item, *invoice.Invoice, error) {
	s, in := *b.s, b.in
	at = at.UTC()
	if at.Before(b.cy.start) {
		return s, nil, nil, errorf(ErrInvalidChange, s.ID, "at", "%d is before start_date %d", at.Unix(), b.cy.start.Unix())
	}
	if !b.cy.end.IsZero() && !at.Before(b.cy.end) && !s.EndedAt.IsZero() {
		return s, nil, nil, errorf(ErrInvalidChange, s.ID, "ended_at", "the subscription ended at %d", s.EndedAt.Unix())
	}
	behavior := c.ProrationBehavior
	switch behavior {
	case "":
		behavior = CreateProrations
	case CreateProrations, AlwaysInvoice, None:
	default:
		return s, nil, nil, errorf(ErrInvalidChange, s.ID, "proration_behavior", "unknown value %q", behavior)
	}
	k, ps, pe, err := b.cy.periodAt(at)
	if err != nil {
		return s, nil, nil, errorf(ErrInvalidChange, s.ID, "at", "%v", err)
	}
	pd := at
	if !c.ProrationDate.IsZero() {
		if behavior == None {
			return s, nil, nil, errorf(ErrInvalidChange, s.ID, "proration_date", "a change with proration_behavior none carries no proration_date")
		}
		pd = c.ProrationDate.UTC()
		if pd.Before(ps) || !pd.Before(pe) {
			return s, nil, nil, errorf(ErrInvalidChange, s.ID, "proration_date", "%d lies outside the current period [%d, %d)", pd.Unix(), ps.Unix(), pe.Unix())
		}
	}
	if !c.TrialEnd.IsZero() && !c.TrialEnd.Equal(s.TrialEnd) {
		return s, nil, nil, errorf(ErrUnsupported, s.ID, "trial_end", "changing the trial of an existing subscription is not modelled")
	}
	ns, err := b.apply(c, at)
	if err != nil {
		return s, nil, nil, err
	}
	for i := range ns.Items {
		ns.Items[i].CurrentPeriodStart, ns.Items[i].CurrentPeriodEnd = ps, pe
	}
	inTrial := !b.cy.trialEnd.IsZero() && at.Before(b.cy.trialEnd)
	if behavior != None && !inTrial && !c.CancelNow {
		// Stripe invoices a move between free and paid at once and, in
		// classic mode, restarts the billing cycle there: refused rather
		// than prorated as if nothing restarted.
		oldPaid, err := b.paid(s.Items)
		if err != nil {
			return s, nil, nil, err
		}
		newPaid, err := b.paid(ns.Items)
		if err != nil {
			return s, nil, nil, err
		}
		if oldPaid != newPaid {
			return s, nil, nil, errorf(ErrUnsupported, s.ID, "items", "a change between a free and a paid subscription restarts its billing cycle: not modelled (apply it with proration_behavior none, or as a new subscription)")
		}
	}
	// The state the change applies to names the items and the invoice it
	// creates: s and the pending items are the same throughout.
	state := stateKey(&s, in.Pending)
	var items []invoice.Item
	if behavior != None && !inTrial {
		if items, err = b.prorations(&ns, c, at, pd, k, ps, pe, state); err != nil {
			return s, nil, nil, err
		}
	}
	if s.BillingMode == Flexible && !c.CancelNow {
		// Flexible invoices the usage of a removed metered item [S].
		usage, err := b.removedUsage(&ns, at, ps, state)
		if err != nil {
			return s, nil, nil, err
		}
		items = append(items, usage...)
	}
	if behavior != AlwaysInvoice && !(c.CancelNow && behavior != None) {
		return ns, items, nil, nil
	}
	// An invoice now: the prorations, the pending items, and, when the
	// subscription ends now, its un-invoiced usage.
	nb, err := ns.prepare(in)
	if err != nil {
		return s, nil, nil, err
	}
	reason := invoice.ReasonSubscriptionUpdate
	// The key names the state the change applied to (the latest invoice
	// and the pending items), so that two changes in one second issue
	// distinct invoices and a retry the same one.
	inv := nb.newInvoice(b.id(IDKey{Prefix: "in", Kind: reason, Parent: s.ID, Invoice: unix(at), InvoiceLineItem: state, N: int64(k)}), reason, at)
	inv.PeriodStart = ps
	if d := nb.activeDiscounts(ns.Discounts, at); d != nil {
		inv.Discounts = d
	}
	for i := range items {
		items[i].Invoice = inv.ID
	}
	var lines []invoice.LineItem
	for _, it := range in.Pending {
		if sweptNow(&it, s.ID, s.Customer, ps, at) {
			lines = append(lines, itemLine(it))
		}
	}
	for _, it := range items {
		lines = append(lines, itemLine(it))
	}
	if c.CancelNow {
		for i := range s.Items {
			it := &s.Items[i]
			if !it.Price.Recurring.Metered() {
				continue
			}
			l := invoice.LineItem{
				Discountable: true, Discounts: b.activeDiscounts(it.Discounts, at), Price: it.Price,
				TaxRates: ownRates(it.TaxRates), PeriodStart: ps, PeriodEnd: at,
				Parent: invoice.LineParent{Type: invoice.ParentSubscriptionItem, Subscription: s.ID, SubscriptionItem: it.ID},
			}
			// Usage during a trial bills 0 (doc.go).
			q, amt, desc, err := b.usageLine(i, &it.Price, ps, at, inTrial)
			if err != nil {
				return s, nil, nil, err
			}
			l.Quantity, l.Amount, l.Description = q, amt, desc
			lines = append(lines, l)
		}
	}
	out, err := nb.finish(inv, lines, at)
	if err != nil {
		return s, nil, nil, err
	}
	ns.LatestInvoice = &out
	return ns, items, &out, nil
}

// apply returns the subscription with c's items, discounts and
// cancellation applied (no prorations), sharing no slice with s.
func (b *billing) apply(c Change, at time.Time) (Subscription, error) {
	s := *b.s
	ns := s
	ns.Items = slices.Clone(s.Items)
	ns.Metadata = maps.Clone(s.Metadata)
	byID := make(map[string]int, len(ns.Items))
	for i := range ns.Items {
		byID[ns.Items[i].ID] = i
	}
	deleted := map[int]bool{}
	newKey := stateKey(&s, nil) // names the new items
	for j, ic := range c.Items {
		field := fmt.Sprintf("items[%d]", j)
		if ic.Price != nil {
			if ic.Price.Recurring == nil {
				return s, errorf(ErrInvalidChange, s.ID, field+".price.recurring", "a subscription item needs a recurring price")
			}
			r := *ic.Price.Recurring
			if r.IntervalCount == 0 {
				r.IntervalCount = 1
			}
			if r.Interval != b.cy.rec.Interval || r.IntervalCount != b.cy.rec.IntervalCount {
				return s, errorf(ErrUnsupported, s.ID, field+".price.recurring", "every %d %s differs from the subscription's every %d %s: an interval change is not modelled", r.IntervalCount, r.Interval, b.cy.rec.IntervalCount, b.cy.rec.Interval)
			}
		}
		if ic.ID == "" {
			if ic.Deleted || ic.Price == nil {
				return s, errorf(ErrInvalidChange, s.ID, field, "a new item needs a price (and cannot be deleted)")
			}
			q := int64(1)
			if ic.Quantity != nil {
				if q = *ic.Quantity; q < 0 {
					return s, errorf(ErrInvalidChange, s.ID, field+".quantity", "must not be negative, got %d", q)
				}
			}
			ns.Items = append(ns.Items, Item{
				ID: b.id(IDKey{Prefix: "si", Parent: s.ID, Invoice: unix(at), InvoiceLineItem: newKey, N: int64(j)}), Created: at,
				Price: ic.Price.Clone(), Quantity: q, Subscription: s.ID, TaxRates: slices.Clone(ic.TaxRates), Discounts: startAt(slices.Clone(ic.Discounts), at),
				Metadata: map[string]string{},
			})
			continue
		}
		i, ok := byID[ic.ID]
		if !ok {
			return s, errorf(ErrInvalidChange, s.ID, field+".id", "%q is not an item of the subscription", ic.ID)
		}
		if ic.Deleted {
			// A deleted item's other parameters would be dropped: refused.
			switch {
			case ic.Price != nil:
				return s, errorf(ErrInvalidChange, s.ID, field+".price", "a deleted item takes no other parameter")
			case ic.Quantity != nil:
				return s, errorf(ErrInvalidChange, s.ID, field+".quantity", "a deleted item takes no other parameter")
			case ic.TaxRates != nil:
				return s, errorf(ErrInvalidChange, s.ID, field+".tax_rates", "a deleted item takes no other parameter")
			case ic.Discounts != nil:
				return s, errorf(ErrInvalidChange, s.ID, field+".discounts", "a deleted item takes no other parameter")
			}
			deleted[i] = true
			continue
		}
		it := ns.Items[i]
		if ic.Price != nil {
			it.Price = ic.Price.Clone()
			it.plan = nil // derived again from the new price
		}
		if ic.Quantity != nil {
			if *ic.Quantity < 0 {
				return s, errorf(ErrInvalidChange, s.ID, field+".quantity", "must not be negative, got %d", *ic.Quantity)
			}
			it.Quantity = *ic.Quantity
		}
		if ic.TaxRates != nil {
			it.TaxRates = slices.Clone(ic.TaxRates)
		}
		if ic.Discounts != nil {
			it.Discounts = startAt(slices.Clone(ic.Discounts), at)
		}
		ns.Items[i] = it
	}
	if len(deleted) > 0 {
		kept := ns.Items[:0:0]
		for i, it := range ns.Items {
			if !deleted[i] {
				kept = append(kept, it)
			}
		}
		ns.Items = kept
	}
	if c.Discounts != nil {
		// A discount the change adds starts with the change, so that its
		// duration runs from there.
		ns.Discounts = startAt(slices.Clone(c.Discounts), at)
	}
	if c.DefaultTaxRates != nil {
		ns.DefaultTaxRates = slices.Clone(c.DefaultTaxRates)
	}
	if !c.CancelAt.IsZero() {
		if c.CancelAt.Before(at) {
			return s, errorf(ErrInvalidChange, s.ID, "cancel_at", "%d is before the change (%d)", c.CancelAt.Unix(), at.Unix())
		}
		ns.CancelAt = c.CancelAt.UTC()
	}
	if c.CancelAtPeriodEnd != nil {
		ns.CancelAtPeriodEnd = *c.CancelAtPeriodEnd
	}
	if c.CancelNow {
		ns.Status = StatusCanceled
		ns.CanceledAt, ns.EndedAt = at, at
	}
	if len(ns.Items) == 0 && !c.CancelNow {
		return s, errorf(ErrInvalidChange, s.ID, "items", "a change cannot delete every item (cancel instead)")
	}
	return ns, nil
}

// prorations writes the credit and debit items of a change (doc.go,
// Changes and prorations): for each licensed item whose price or quantity
// changes, a credit for the unused time at the old terms and a debit for
// the remaining time at the new; a deleted item a credit; a new item a
// debit; a cancellation now (or a cancel_at inside the period) a credit for
// the time after it. Amounts are the items' period nets after discounts, as
// the period's invoice computed them, times (period_end - from) /
// (period_end - period_start), rounded half-up once per line. state is
// stateKey(b.s, b.in.Pending).
func (b *billing) prorations(ns *Subscription, c Change, at, pd time.Time, k int, ps, pe time.Time, state string) ([]invoice.Item, error) {
	s := b.s
	// The change's discounts, else s's: apply replaces ns's only when
	// c.Discounts is set.
	discounts := ns.Discounts
	initial := k == 0 && b.cy.offset == 1 && b.cy.trialEnd.IsZero()
	oldNets, err := b.nets(s.Items, discounts, ps, at, initial)
	if err != nil {
		return nil, err
	}
	nb := *b
	nb.s = ns
	newNets, err := nb.nets(ns.Items, discounts, ps, at, initial)
	if err != nil {
		return nil, err
	}
	span := pe.Unix() - ps.Unix()
	// Service ends at cut: the period's end, or a cancel_at inside the
	// period that this change sets (a cancellation now ends it at pd).
	cut := pe
	newCancel := !ns.CancelAt.IsZero() && !ns.CancelAt.Equal(s.CancelAt) && !ns.CancelAt.Before(pd) && ns.CancelAt.Before(pe)
	if newCancel {
		cut = ns.CancelAt
	}
	var items []invoice.Item
	// Items are numbered after the subscription's pending ones and keyed by
	// the state the change applies to, so that two changes at the same
	// instant get distinct ids and a retry the same.
	seq := int64(0)
	for _, it := range b.in.Pending {
		if it.Subscription == "" || it.Subscription == s.ID {
			seq++
		}
	}
	// add writes a proration of net (for a period of length per) over
	// [from, to).
	add := func(it *Item, net, per int64, from, to time.Time, credit bool, credited *invoice.CreditedItems) {
		if !to.After(from) {
			return
		}
		amt := prorate(net, to.Unix()-from.Unix(), per)
		verb := "Remaining time on"
		kind := "debit|" + state
		if credit {
			amt, verb, kind = -amt, "Unused time on", "credit|"+state
		}
		items = append(items, invoice.Item{
			ID:     b.id(IDKey{Prefix: "ii", Kind: kind, Parent: s.ID, Invoice: unix(at), InvoiceLineItem: it.ID, N: seq + int64(len(items))}),
			Amount: amt, Currency: b.cur, Customer: s.Customer, Date: at,
			Description: fmt.Sprintf("%s %d × %s after %s", verb, it.Quantity, product(&it.Price), day(from)),
			Discounts:   []invoice.Discount{}, Metadata: map[string]string{},
			Subscription: s.ID, SubscriptionItem: it.ID, PeriodStart: from, PeriodEnd: to,
			Price: it.Price.Clone(), Proration: true, Quantity: it.Quantity, TaxRates: slices.Clone(ownRates(it.TaxRates)), Livemode: s.Livemode,
			CreditedItems: credited,
		})
	}
	credit := func(it *Item, i int, from time.Time) {
		net, per, credited := b.creditBase(it, oldNets[i], span, pe)
		add(it, net, per, from, pe, true, credited)
	}
	newIdx := make(map[string]int, len(ns.Items))
	for i := range ns.Items {
		newIdx[ns.Items[i].ID] = i
	}
	oldIdx := make(map[string]int, len(s.Items))
	for i := range s.Items {
		oldIdx[s.Items[i].ID] = i
		it := &s.Items[i]
		j, kept := newIdx[it.ID]
		if it.Price.Recurring.Metered() {
			// Usage is never prorated; a metered item turned licensed is
			// debited as a new one.
			if kept && !c.CancelNow && !ns.Items[j].Price.Recurring.Metered() {
				add(&ns.Items[j], newNets[j], span, pd, cut, false, nil)
			}
			continue
		}
		switch {
		case c.CancelNow || !kept:
			credit(it, i, pd)
		default:
			nt := &ns.Items[j]
			// Stripe's prices are immutable: the same id is the same price
			// (a copy that went through stripe-go may differ in a null
			// read as 0).
			samePrice := nt.Price.ID != "" && nt.Price.ID == it.Price.ID || nt.Price.Equal(it.Price)
			if nt.Quantity == it.Quantity && samePrice {
				if newCancel {
					credit(it, i, cut)
				}
				continue
			}
			credit(it, i, pd)
			if !nt.Price.Recurring.Metered() {
				add(nt, newNets[j], span, pd, cut, false, nil)
			}
		}
	}
	if !c.CancelNow {
		for j := range ns.Items {
			nt := &ns.Items[j]
			if _, old := oldIdx[nt.ID]; !old && !nt.Price.Recurring.Metered() {
				add(nt, newNets[j], span, pd, cut, false, nil)
			}
		}
	}
	return items, nil
}

// creditBase is what a credit proration takes back, as a net over a
// period of per seconds ending at pe: classic, the item's current terms
// (its period net, per = the period); flexible, what the item was last
// debited: a pending proration debit of this period (its amount over its
// own span), else the latest invoice's line for the item, naming it in
// credited_items (doc.go, billing_mode); the classic amount when neither.
func (b *billing) creditBase(it *Item, classic, span int64, pe time.Time) (int64, int64, *invoice.CreditedItems) {
	if b.s.BillingMode != Flexible {
		return classic, span, nil
	}
	var last *invoice.Item
	for i := range b.in.Pending {
		p := &b.in.Pending[i]
		if p.SubscriptionItem == it.ID && p.Proration && p.Amount > 0 && p.Invoice == "" && p.PeriodEnd.Equal(pe) && (last == nil || !p.Date.Before(last.Date)) {
			last = p
		}
	}
	if last != nil {
		return last.Amount, pe.Unix() - last.PeriodStart.Unix(), nil
	}
	if li := b.s.LatestInvoice; li != nil {
		for _, l := range li.Lines {
			if l.Parent.SubscriptionItem == it.ID && !l.Parent.Proration && l.Amount > 0 {
				net := l.Amount
				for _, d := range l.DiscountAmounts {
					net -= d.Amount
				}
				return net, span, &invoice.CreditedItems{Invoice: li.ID, InvoiceLineItems: []string{l.ID}}
			}
		}
	}
	return classic, span, nil
}

// stateKey names a subscription's state for ids: its items, its latest
// invoice and the number of its pending items. Two changes at the same
// instant see different states; a retried change the same.
func stateKey(s *Subscription, pending []invoice.Item) string {
	var b strings.Builder
	for _, it := range s.Items {
		b.WriteString(it.ID)
		b.WriteByte(',')
	}
	if s.LatestInvoice != nil {
		b.WriteString(s.LatestInvoice.ID)
	}
	n := 0
	for _, it := range pending {
		if it.Subscription == "" || it.Subscription == s.ID {
			n++
		}
	}
	b.WriteByte('/')
	b.WriteString(strconv.Itoa(n))
	return b.String()
}

// sweptNow reports whether an invoice issued at at, in the period that
// starts at ps, takes pending item it: the subscription's (or the
// customer's) items not invoiced, dated in [ps, at] (earlier ones went on
// the period's own invoice).
func sweptNow(it *invoice.Item, sub, customer string, ps, at time.Time) bool {
	return pendingOf(it, sub, customer) && !it.Date.Before(ps) && !it.Date.After(at)
}

// pendingOf reports whether pending item it is still to be invoiced by
// subscription sub of customer: not invoiced, and its subscription and
// customer, where set, are those.
func pendingOf(it *invoice.Item, sub, customer string) bool {
	return it.Invoice == "" && (it.Subscription == "" || it.Subscription == sub) &&
		(it.Customer == "" || it.Customer == customer)
}

// paid reports whether items bill anything: some licensed item has a
// positive amount, or some item is metered (usage is paid for).
func (b *billing) paid(items []Item) (bool, error) {
	for i := range items {
		it := &items[i]
		if it.Price.Recurring.Metered() {
			return true, nil
		}
		amt, err := b.amount(i, &it.Price, it.Quantity)
		if err != nil {
			return false, err
		}
		if amt > 0 {
			return true, nil
		}
	}
	return false, nil
}

// removedUsage: for each metered item the change removes, a pending item
// billing its usage of [ps, at) (flexible mode). state is stateKey(b.s,
// b.in.Pending).
func (b *billing) removedUsage(ns *Subscription, at, ps time.Time, state string) ([]invoice.Item, error) {
	s := b.s
	kept := make(map[string]bool, len(ns.Items))
	for _, it := range ns.Items {
		kept[it.ID] = true
	}
	var out []invoice.Item
	for i := range s.Items {
		it := &s.Items[i]
		if kept[it.ID] || !it.Price.Recurring.Metered() || !at.After(ps) {
			continue
		}
		q, amt, desc, err := b.usageLine(i, &it.Price, ps, at, false)
		if err != nil {
			return nil, err
		}
		out = append(out, invoice.Item{
			ID:     b.id(IDKey{Prefix: "ii", Kind: "usage|" + state, Parent: s.ID, Invoice: unix(at), InvoiceLineItem: it.ID}),
			Amount: amt, Currency: b.cur, Customer: s.Customer, Date: at, Discountable: true,
			Description: desc,
			Discounts:   []invoice.Discount{}, Metadata: map[string]string{},
			Subscription: s.ID, SubscriptionItem: it.ID, PeriodStart: ps, PeriodEnd: at,
			Price: it.Price.Clone(), Quantity: q, TaxRates: slices.Clone(ownRates(it.TaxRates)), Livemode: s.Livemode,
		})
	}
	return out, nil
}
