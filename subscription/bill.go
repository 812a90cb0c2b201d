package subscription

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/internal/idgen"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
)

// IDGenerator names the objects this package creates (invoices "in", their
// lines "il", invoice items "ii", subscription items "si", previews
// "upcoming_in"); the module's one id generator type.
type IDGenerator = idgen.Generator

// IDKey says what a new object is, for an IDGenerator.
type IDKey = idgen.Key

// Inputs is what a computation may read besides the subscription. Nothing
// in it is modified.
type Inputs struct {
	Meters      []meter.Meter
	Events      []meter.Event
	Adjustments []meter.Adjustment
	// Grants and Transactions: the customer's billing credits, applied to
	// the metered lines as a preview (nothing written; see doc.go, Credits).
	Grants       []credit.Grant
	Transactions []credit.Transaction
	// Pending: invoice items not yet invoiced (prorations from Update); each
	// goes on the first invoice at or after its date.
	Pending []invoice.Item
	// IDs names the created objects; nil: deterministic ids derived from
	// the subscription's id, the boundary and the time.
	IDs IDGenerator
	// NoCredits leaves billing credits off invoices and previews.
	NoCredits bool
}

// billing is a subscription checked once for a computation.
type billing struct {
	s     *Subscription
	cy    cycle
	in    *Inputs
	cur   pricing.Currency
	meter map[string]*meter.Meter
	// events and adjustments by event name, grouped once per computation
	// so that each metered item reads only its meter's events.
	events map[string][]meter.Event
	adjs   map[string][]meter.Adjustment
	// kField names the boundary in errors: "k" for Invoice(k), "at" for a
	// preview.
	kField string
}

// eventsOf returns the inputs' events and adjustments named name.
func (b *billing) eventsOf(name string) ([]meter.Event, []meter.Adjustment) {
	if b.events == nil {
		b.events = make(map[string][]meter.Event)
		b.adjs = make(map[string][]meter.Adjustment)
		if one := b.in.Events; len(one) > 0 && !slices.ContainsFunc(one, func(e meter.Event) bool { return e.EventName != one[0].EventName }) {
			b.events[one[0].EventName] = one // one name: no copy
		} else {
			// Two passes: count, then copy into slices of the exact size.
			counts := map[string]int{}
			for i := range b.in.Events {
				counts[b.in.Events[i].EventName]++
			}
			for name, n := range counts {
				b.events[name] = make([]meter.Event, 0, n)
			}
			for i := range b.in.Events {
				e := &b.in.Events[i]
				b.events[e.EventName] = append(b.events[e.EventName], *e)
			}
		}
		for _, a := range b.in.Adjustments {
			b.adjs[a.EventName] = append(b.adjs[a.EventName], a)
		}
	}
	return b.events[name], b.adjs[name]
}

func (s *Subscription) prepare(in *Inputs) (*billing, error) {
	b := &billing{s: s, in: in, cur: s.Currency, kField: "k"}
	if len(s.Items) == 0 {
		return nil, errorf(ErrInvalidSubscription, s.ID, "items", "no items to bill")
	}
	if s.StartDate.IsZero() {
		return nil, errorf(ErrInvalidSubscription, s.ID, "start_date", "is required")
	}
	var errs []error
	for i := range s.Items {
		p := &s.Items[i].Price
		path := fmt.Sprintf("items.data[%d].price", i)
		if p.Currency == "" && p.ID != "" {
			errs = append(errs, errorf(ErrInvalidSubscription, s.ID, path, "price %q is given by id: its amounts are needed (nothing is fetched: expand it)", p.ID))
			continue
		}
		if p.Recurring == nil {
			errs = append(errs, errorf(ErrInvalidSubscription, s.ID, path+".recurring", "a subscription item needs a recurring price"))
			continue
		}
		r := *p.Recurring
		if r.IntervalCount == 0 {
			r.IntervalCount = 1
		}
		if i == 0 {
			b.cy.rec = pricing.Recurring{Interval: r.Interval, IntervalCount: r.IntervalCount}
		} else if r.Interval != b.cy.rec.Interval || r.IntervalCount != b.cy.rec.IntervalCount {
			errs = append(errs, errorf(ErrUnsupported, s.ID, path+".recurring", "every %d %s differs from items.data[0]'s every %d %s: mixed intervals need flexible billing mode, not modelled", r.IntervalCount, r.Interval, b.cy.rec.IntervalCount, b.cy.rec.Interval))
		}
		if b.cur == "" {
			b.cur = p.Currency
		}
		if p.Currency != b.cur {
			if _, ok := p.CurrencyOptions[b.cur]; !ok {
				errs = append(errs, errorf(ErrInvalidSubscription, s.ID, path+".currency", "%q differs from the subscription's %q", p.Currency, b.cur))
			}
		}
		if s.Items[i].Quantity < 0 {
			errs = append(errs, errorf(ErrInvalidSubscription, s.ID, fmt.Sprintf("items.data[%d].quantity", i), "must not be negative, got %d", s.Items[i].Quantity))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	b.cy.start = s.StartDate.UTC()
	b.cy.anchor = s.BillingCycleAnchor.UTC()
	trial := !s.TrialEnd.IsZero() && s.TrialEnd.After(s.StartDate)
	if s.BillingCycleAnchor.IsZero() {
		b.cy.anchor = b.cy.start
		if s.AnchorConfig != nil && !trial {
			if iv := b.cy.rec.Interval; iv != pricing.Month && iv != pricing.Year {
				return nil, errorf(ErrInvalidSubscription, s.ID, "billing_cycle_anchor_config", "applies to month and year intervals only, not %s", iv)
			}
			a, err := s.AnchorConfig.Resolve(b.cy.start, b.cy.rec)
			if err != nil {
				return nil, err
			}
			b.cy.anchor = a
		}
	}
	if trial {
		b.cy.trialEnd = s.TrialEnd.UTC()
		switch {
		case s.BillingCycleAnchor.IsZero():
			b.cy.anchor = b.cy.trialEnd
		case !b.cy.anchor.Equal(b.cy.trialEnd):
			// The trial is the initial period: the anchor is its end [S].
			return nil, errorf(ErrInvalidSubscription, s.ID, "billing_cycle_anchor", "%d differs from trial_end %d: with a trial the anchor is the trial's end", b.cy.anchor.Unix(), b.cy.trialEnd.Unix())
		}
	}
	if b.cy.anchor.Before(b.cy.start) {
		return nil, errorf(ErrInvalidSubscription, s.ID, "billing_cycle_anchor", "%d is before start_date %d", b.cy.anchor.Unix(), b.cy.start.Unix())
	}
	if b.cy.anchor.After(b.cy.start) {
		b.cy.offset = 1
		if !trial {
			// Stripe: no later than the next natural billing date.
			if _, next, err := b.cy.rec.Period(b.cy.start, 0); err == nil && b.cy.anchor.After(next) {
				return nil, errorf(ErrInvalidSubscription, s.ID, "billing_cycle_anchor", "%d is more than one interval after start_date %d (the next natural billing date is %d)", b.cy.anchor.Unix(), b.cy.start.Unix(), next.Unix())
			}
		}
	}
	if err := checkDiscounts(s); err != nil {
		return nil, err
	}
	b.cy.approx = approxSeconds(b.cy.rec)
	if _, _, err := b.cy.rec.Period(b.cy.anchor, 0); err != nil {
		return nil, errorf(ErrInvalidSubscription, s.ID, "items.data[0].price.recurring", "%v", err)
	}
	b.cy.initialSpan = b.cy.anchor.Unix() - b.cy.prevBoundary().Unix()
	switch {
	case !s.EndedAt.IsZero():
		b.cy.end = s.EndedAt.UTC()
	case !s.CancelAt.IsZero():
		b.cy.end = s.CancelAt.UTC()
	case s.CancelAtPeriodEnd:
		b.cy.end = s.Items[0].CurrentPeriodEnd.UTC()
	}
	if len(in.Meters) > 0 {
		b.meter = make(map[string]*meter.Meter, len(in.Meters))
		for i := range in.Meters {
			b.meter[in.Meters[i].ID] = &in.Meters[i]
		}
	}
	return b, nil
}

func (b *billing) id(k IDKey) string { return b.in.IDs.ID(k) }

// amount is the price of qty in the subscription's currency; errors name
// item i's price.
func (b *billing) amount(i int, p *pricing.Price, qty int64) (int64, error) {
	v, err := amountOf(p, qty, b.cur)
	if err != nil {
		return 0, b.wrap(fmt.Sprintf("items.data[%d].price", i), err)
	}
	return v, nil
}

// usage is the item's metered quantity on [from, to).
func (b *billing) usage(i int, p *pricing.Price, from, to time.Time) (int64, error) {
	field := fmt.Sprintf("items.data[%d].price.recurring.meter", i)
	m, ok := b.meter[p.Recurring.Meter]
	if !ok {
		return 0, errorf(ErrInvalidSubscription, b.s.ID, field, "meter %q is not among the inputs' meters", p.Recurring.Meter)
	}
	ev, adj := b.eventsOf(m.EventName)
	sum, err := meter.Aggregate(*m, b.s.Customer, ev, adj, from, to)
	if err != nil && !errors.Is(err, meter.ErrDuplicateEvent) {
		// Again on the whole input, so that the error names the event's
		// index in Inputs.Events.
		if _, full := meter.Aggregate(*m, b.s.Customer, b.in.Events, b.in.Adjustments, from, to); full != nil {
			err = full
		}
		return 0, b.wrap(field, err)
	}
	q, err := sum.Quantity()
	if err != nil {
		return 0, b.wrapAs(ErrUnsupported, field, err)
	}
	return q, nil
}

// usageLine is the quantity, amount and description of item i's usage
// line for [from, to); free: a trial's, which bills 0.
func (b *billing) usageLine(i int, p *pricing.Price, from, to time.Time, free bool) (int64, int64, string, error) {
	if free {
		return 0, 0, freeTrial(b.s.BillingMode, 0, product(p), true), nil
	}
	q, err := b.usage(i, p, from, to)
	if err != nil {
		return 0, 0, "", err
	}
	amt, err := b.amount(i, p, q)
	if err != nil {
		return 0, 0, "", err
	}
	return q, amt, fmt.Sprintf("%d × %s (usage %s – %s)", q, product(p), day(from), day(to)), nil
}

// prorate returns round-half-up(net x num / den), half away from zero for a
// negative net, exactly (invoice.md 2.3).
func prorate(net, num, den int64) int64 {
	if den <= 0 || num <= 0 {
		return 0
	}
	neg := net < 0
	a := uint64(net)
	if neg {
		a = uint64(-net)
	}
	hi, lo := bits.Mul64(a, uint64(num))
	q, r := bits.Div64(hi, lo, uint64(den)) // num <= den: no overflow
	if r >= uint64(den)-r {
		q++
	}
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// activeDiscounts keeps the discounts that apply to an invoice created at
// t (doc.go, Discounts): forever always; repeating from start until end
// (start + duration_in_months when end is null); once on the first boundary
// invoice at or after its start.
func (b *billing) activeDiscounts(ds []invoice.Discount, t time.Time) []invoice.Discount {
	if ds == nil {
		return nil
	}
	out := make([]invoice.Discount, 0, len(ds))
	for _, d := range ds {
		if d.Unexpanded {
			// Its coupon, so its duration, is unknown: keep it, and the
			// engine names it ("not expanded") rather than drop it.
			out = append(out, d)
			continue
		}
		start := d.Start
		if start.IsZero() {
			start = b.cy.start
		}
		if t.Before(start) {
			continue
		}
		switch d.Coupon.Duration {
		case invoice.DurationForever:
		case invoice.DurationRepeating:
			end := d.End
			if end.IsZero() {
				months := int64(1)
				if d.Coupon.DurationInMonths != nil {
					months = *d.Coupon.DurationInMonths
				}
				var err error
				if end, err = AddMonths(start, months); err != nil {
					continue // refused by checkDiscounts
				}
			}
			if !t.Before(end) {
				continue
			}
		default: // once
			if first, ok := b.firstBoundaryFrom(start); !ok || !first.Equal(t) {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func (b *billing) firstBoundaryFrom(t time.Time) (time.Time, bool) {
	if !t.After(b.cy.start) {
		return b.cy.start, true
	}
	_, lo, hi, err := b.cy.periodAt(t)
	if err != nil {
		return time.Time{}, false
	}
	if lo.Equal(t) {
		return lo, true
	}
	return hi, true
}

// nets returns each licensed item's amount for one full period after the
// discounts active for the invoice at t, as the renewal invoice computes
// them (indexes of s.Items; metered items 0).
func (b *billing) nets(items []Item, discounts []invoice.Discount, t, changeAt time.Time, initial bool) ([]int64, error) {
	// The discounts of the period's invoice, and those the change adds
	// (started at the change): a proration uses the new discounts [S].
	active := func(ds []invoice.Discount) []invoice.Discount {
		out := b.activeDiscounts(ds, t)
		for _, d := range ds {
			if !d.Unexpanded && d.Start.After(t) && !d.Start.After(changeAt) {
				out = append(out, d)
			}
		}
		return out
	}
	// Lines in the invoice's order, so that an amount_off spreads as there.
	order := itemOrder(items)
	lines := make([]invoice.CalcLine, len(items))
	for k, i := range order {
		it := &items[i]
		if it.Price.Recurring.Metered() {
			continue
		}
		amt, err := b.amount(i, &it.Price, it.Quantity)
		if err != nil {
			return nil, err
		}
		if initial { // the initial period's amount, as Invoice(0) bills it
			amt = b.cy.initialShare(amt)
		}
		lines[k] = invoice.CalcLine{Amount: amt, Product: it.Price.Product, Discounts: active(it.Discounts)}
	}
	c := invoice.Calc{
		Object: "subscription", ID: b.s.ID, Invalid: ErrInvalidSubscription, Mismatch: ErrInvalidSubscription, Overflow: ErrInvalidSubscription,
		Currency: b.cur, Discounts: active(discounts),
		LinePath:  func(k int) string { return fmt.Sprintf("items.data[%d]", order[k]) },
		TotalPath: func(f string) string { return "items" },
	}
	r, err := c.Run(lines, true)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(items))
	for k, lr := range r.Lines {
		out[order[k]] = lines[k].Amount - lr.Discount
	}
	return out, nil
}

// itemOrder is the order of items' lines on an invoice: newest first, ties
// in the subscription's order.
func itemOrder(items []Item) []int {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return items[y].Created.Compare(items[x].Created) })
	return order
}

func product(p *pricing.Price) string {
	if p.Nickname != "" {
		return p.Nickname
	}
	if p.Product != "" {
		return p.Product
	}
	return p.ID
}

func day(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// Invoice returns the invoice the subscription produces at its k-th period
// boundary: k = 0 at creation (subscription_create), k >= 1 at the end of
// each period (subscription_cycle; with a trial, k = 1 is at trial_end). It
// is a draft: billing credits appear as a preview (no transaction; finalize
// it with invoice.Finalize to write them). The rules are in doc.go.
func (s Subscription) Invoice(k int, in Inputs) (invoice.Invoice, error) {
	if k < 0 {
		return invoice.Invoice{}, errorf(ErrInvalidSubscription, s.ID, "k", "must not be negative, got %d", k)
	}
	b, err := s.prepare(&in)
	if err != nil {
		return invoice.Invoice{}, err
	}
	return b.cycleInvoice(k)
}

func (b *billing) cycleInvoice(k int) (invoice.Invoice, error) {
	s := b.s
	t, err := b.cy.boundary(k)
	if err != nil {
		return invoice.Invoice{}, errorf(ErrInvalidSubscription, s.ID, b.kField, "boundary %d: %v", k, err)
	}
	var prev time.Time
	if k > 0 {
		if prev, err = b.cy.boundary(k - 1); err != nil {
			return invoice.Invoice{}, errorf(ErrInvalidSubscription, s.ID, b.kField, "boundary %d: %v", k-1, err)
		}
	}
	next, err := b.cy.boundary(k + 1)
	if err != nil {
		return invoice.Invoice{}, errorf(ErrInvalidSubscription, s.ID, b.kField, "boundary %d: %v", k+1, err)
	}
	end := b.cy.end
	if !end.IsZero() && k > 0 && !prev.Before(end) {
		return invoice.Invoice{}, errorf(ErrNoInvoice, s.ID, b.kField, "the subscription ends at %d, before boundary %d (%d)", end.Unix(), k, t.Unix())
	}
	if !end.IsZero() && end.Before(t) {
		t = end // the final invoice, at the end
	}
	final := !end.IsZero() && end.Equal(t)
	reason := invoice.ReasonSubscriptionCycle
	if k == 0 {
		reason = invoice.ReasonSubscriptionCreate
	}
	inv := b.newInvoice(b.id(IDKey{Prefix: "in", Kind: reason, Parent: s.ID, N: int64(k)}), reason, t)
	if k > 0 {
		inv.PeriodStart = prev
	}
	inv.Discounts = b.activeDiscounts(s.Discounts, t)
	var lines []invoice.LineItem
	lines = append(lines, b.pendingLines(k, prev, t, final)...)
	itemLines, err := b.itemLines(k, prev, t, next, final)
	if err != nil {
		return invoice.Invoice{}, err
	}
	lines = append(lines, itemLines...)
	if k == 0 {
		ot := b.oneTimeLines()
		lines = append(lines, ot...)
		b.creationOrder(lines, len(ot))
	}
	if final && k > 0 && len(lines) == 0 {
		return invoice.Invoice{}, errorf(ErrNoInvoice, s.ID, b.kField, "the subscription ends at %d with nothing left to bill", end.Unix())
	}
	return b.finish(inv, lines, t)
}

func (b *billing) newInvoice(id, reason string, t time.Time) invoice.Invoice {
	s := b.s
	cm := s.CollectionMethod
	if cm == "" {
		cm = invoice.ChargeAutomatically
	}
	inv := invoice.Invoice{
		ID: id, Customer: s.Customer, Currency: b.cur, CollectionMethod: cm, AutoAdvance: true,
		BillingReason: reason, Created: t, PeriodStart: t, PeriodEnd: t, Status: "draft",
		Parent:          &invoice.Parent{Type: "subscription_details", Subscription: s.ID, SubscriptionMetadata: s.Metadata},
		DefaultTaxRates: s.DefaultTaxRates,
		Discounts:       []invoice.Discount{},
		Metadata:        map[string]string{},
		Livemode:        s.Livemode,
	}
	if cm == invoice.SendInvoice && s.DaysUntilDue != nil {
		inv.DueDate = t.AddDate(0, 0, int(*s.DaysUntilDue))
	}
	return inv
}

// finish numbers the lines, computes the invoice and applies credits as a
// preview at t. Compute gives a line without a currency the invoice's
// (b.cur); a pending item keeps its own, which Compute refuses if it
// differs.
func (b *billing) finish(inv invoice.Invoice, lines []invoice.LineItem, t time.Time) (invoice.Invoice, error) {
	for i := range lines {
		lines[i].ID = b.id(IDKey{Prefix: "il", Parent: inv.ID, N: int64(i)})
		lines[i].Invoice = inv.ID
		lines[i].Livemode = b.s.Livemode
		if lines[i].Metadata == nil {
			lines[i].Metadata = map[string]string{}
		}
	}
	if lines == nil {
		lines = []invoice.LineItem{}
	}
	inv.Lines = lines
	out, err := inv.Compute()
	if err != nil {
		return invoice.Invoice{}, b.wrap("invoice", err)
	}
	// The invoice shares no memory with the subscription or the inputs.
	out = out.Clone()
	if b.in.NoCredits || len(b.in.Grants) == 0 {
		return out, nil
	}
	ci := out.CreditInput()
	if len(ci.Lines) == 0 {
		return out, nil
	}
	// An invoice already finalized (its credits_applied debits are in the
	// ledger) shows those credits, not a second application.
	var done []credit.Transaction
	for _, tx := range b.in.Transactions {
		if tx.Debit.Type == credit.CreditsApplied && tx.Debit.CreditsApplied.Invoice == inv.ID {
			done = append(done, tx)
		}
	}
	app := credit.Application{Invoice: inv.ID, Transactions: done}
	if len(done) == 0 {
		if app, err = credit.Apply(b.in.Grants, b.in.Transactions, ci, t); err != nil {
			return invoice.Invoice{}, b.wrap("grants", err)
		}
	}
	if out, err = out.WithCredits(app, len(done) == 0); err != nil {
		return invoice.Invoice{}, b.wrap("grants", err)
	}
	return out, nil
}

// wrap makes an error of another package (invoice's, credit's) one of this
// package's, naming what the subscription's computation was reading.
func (b *billing) wrap(field string, err error) error {
	return b.wrapAs(ErrInvalidSubscription, field, err)
}

// wrapAs is wrap with another sentinel than ErrInvalidSubscription.
func (b *billing) wrapAs(sentinel error, field string, err error) error {
	return &FieldError{Object: "subscription", ID: b.s.ID, Field: field, Reason: err.Error(), Err: sentinel, Cause: err}
}

// pendingLines: the pending items of this subscription that fall on
// boundary k's invoice (dated in [prev, t): a change at a boundary comes
// after that boundary's invoice; before the start for k = 0; the final
// invoice, at the end, takes those dated at the end too), newest first,
// credits before debits, then by id.
func (b *billing) pendingLines(k int, prev, t time.Time, final bool) []invoice.LineItem {
	var items []invoice.Item
	for _, it := range b.in.Pending {
		if !pendingOf(&it, b.s.ID, b.s.Customer) {
			continue
		}
		if it.Date.After(t) || (!final && it.Date.Equal(t)) || (k > 0 && it.Date.Before(prev)) {
			continue
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(x, y invoice.Item) int {
		if c := y.Date.Compare(x.Date); c != 0 {
			return c
		}
		if (x.Amount < 0) != (y.Amount < 0) {
			if x.Amount < 0 {
				return -1
			}
			return 1
		}
		if x.ID < y.ID {
			return -1
		}
		if x.ID > y.ID {
			return 1
		}
		return 0
	})
	lines := make([]invoice.LineItem, len(items))
	for i, it := range items {
		lines[i] = itemLine(it)
	}
	return lines
}

// itemLine is the line a pending invoice item becomes.
func itemLine(it invoice.Item) invoice.LineItem {
	l := invoice.LineItem{
		Amount: it.Amount, Currency: it.Currency, Description: it.Description, Discountable: it.Discountable,
		Discounts: it.Discounts, Metadata: it.Metadata, Price: it.Price, Quantity: it.Quantity,
		PeriodStart: it.PeriodStart, PeriodEnd: it.PeriodEnd, TaxRates: ownRates(it.TaxRates),
	}
	if it.SubscriptionItem != "" {
		l.Parent = invoice.LineParent{Type: invoice.ParentSubscriptionItem, InvoiceItem: it.ID, Proration: it.Proration, Subscription: it.Subscription, SubscriptionItem: it.SubscriptionItem, CreditedItems: it.CreditedItems}
	} else {
		l.Parent = invoice.LineParent{Type: invoice.ParentInvoiceItem, InvoiceItem: it.ID, Proration: it.Proration, Subscription: it.Subscription}
	}
	return l
}

// itemLines: the subscription items' lines of boundary k's invoice
// (doc.go, What an invoice holds), newest item first.
func (b *billing) itemLines(k int, prev, t, next time.Time, final bool) ([]invoice.LineItem, error) {
	s := b.s
	order := itemOrder(s.Items)
	trial := !b.cy.trialEnd.IsZero()
	end := b.cy.end
	var lines []invoice.LineItem
	for _, i := range order {
		it := &s.Items[i]
		p := &it.Price
		l := invoice.LineItem{
			Discountable: true, Discounts: b.activeDiscounts(it.Discounts, t), Price: *p, Quantity: it.Quantity,
			TaxRates: ownRates(it.TaxRates),
			Parent:   invoice.LineParent{Type: invoice.ParentSubscriptionItem, Subscription: s.ID, SubscriptionItem: it.ID},
		}
		if l.Discounts == nil {
			l.Discounts = []invoice.Discount{}
		}
		name := product(p)
		switch {
		case p.Recurring.Metered() && k == 0:
			if s.BillingMode == Flexible && !trial {
				continue // flexible writes no line for usage at creation
			}
			l.PeriodStart, l.PeriodEnd = t, next
			l.Quantity = 0
			l.Description = fmt.Sprintf("%d × %s (Tier 1 at %s / %s)", 0, name, "0", b.cy.rec.Interval)
			if trial {
				l.Description = freeTrial(s.BillingMode, 0, name, true)
			}
		case p.Recurring.Metered():
			from, to := prev, t
			if final && b.billedAtEnd(it.ID, to) {
				continue // the invoice of a cancellation now billed it
			}
			l.PeriodStart, l.PeriodEnd = from, to
			free := trial && !from.Before(b.cy.start) && !to.After(b.cy.trialEnd)
			q, amt, desc, err := b.usageLine(i, p, from, to, free)
			if err != nil {
				return nil, err
			}
			l.Quantity, l.Amount, l.Description = q, amt, desc
		case k == 0 && trial:
			l.PeriodStart, l.PeriodEnd = t, b.cy.trialEnd
			l.Description = freeTrial(s.BillingMode, it.Quantity, name, false)
		default:
			from, to := t, next
			if k == 0 && b.cy.offset == 1 {
				to = b.cy.anchor // the initial period [start, anchor)
			}
			if !end.IsZero() && !end.After(from) {
				continue // ended: nothing more in advance
			}
			full, err := b.amount(i, p, it.Quantity)
			if err != nil {
				return nil, err
			}
			amt := full
			switch {
			case k == 0 && b.cy.offset == 1: // from is the start, to the anchor
				amt = b.cy.initialShare(full)
			case !end.IsZero() && end.Before(to):
				amt = prorate(full, end.Unix()-from.Unix(), to.Unix()-from.Unix())
				to = end
			}
			l.Amount = amt
			l.PeriodStart, l.PeriodEnd = from, to
			l.Description = fmt.Sprintf("%d × %s (at %s / %s)", it.Quantity, name, pricing.Money{Amount: full / max(it.Quantity, 1), Currency: b.cur}, b.cy.rec.Interval)
		}
		lines = append(lines, l)
	}
	return lines, nil
}

func freeTrial(mode BillingMode, qty int64, name string, usage bool) string {
	switch {
	case mode == Flexible:
		return fmt.Sprintf("Free trial for %d × %s", qty, name)
	case usage:
		return fmt.Sprintf("%d × %s (Free trial)", qty, name)
	}
	return "Trial period for " + name
}

// creationOrder puts the lines of the creation invoice in the order
// latest_invoice lists them when it is that invoice (a quote's line order):
// so that Invoice(0) recomputes it line for line (an amount_off's
// remainder goes by line order). Lines it does not list go first.
func (b *billing) creationOrder(lines []invoice.LineItem, oneTimeLines int) {
	li := b.s.LatestInvoice
	if li == nil || li.BillingReason != invoice.ReasonSubscriptionCreate {
		return
	}
	pos := make(map[string]int, len(li.Lines))
	oneTime := 0
	for i, l := range li.Lines {
		if l.Parent.Type == invoice.ParentSubscriptionItem && l.Parent.SubscriptionItem != "" && !l.Parent.Proration {
			pos["si:"+l.Parent.SubscriptionItem] = i + 1
		} else if l.Parent.Type == invoice.ParentInvoiceItem && !l.Parent.Proration {
			pos["ot:"+strconv.Itoa(oneTime)] = i + 1
			oneTime++
		}
	}
	key := make([]int, len(lines))
	first := len(lines) - oneTimeLines // the one-time lines come last, in latest_invoice's order
	for i, l := range lines {
		switch {
		case i >= first:
			key[i] = pos["ot:"+strconv.Itoa(i-first)]
		case l.Parent.Type == invoice.ParentSubscriptionItem && !l.Parent.Proration:
			key[i] = pos["si:"+l.Parent.SubscriptionItem]
		}
	}
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return key[x] - key[y] })
	sorted := make([]invoice.LineItem, len(lines))
	for i, j := range idx {
		sorted[i] = lines[j]
	}
	copy(lines, sorted)
}

// oneTimeLines: the one-time lines of the creation invoice (a quote's
// add_invoice_items), carried from latest_invoice when it is that invoice
// (doc.go, What an invoice holds).
func (b *billing) oneTimeLines() []invoice.LineItem {
	li := b.s.LatestInvoice
	if li == nil || li.BillingReason != invoice.ReasonSubscriptionCreate {
		return nil
	}
	var out []invoice.LineItem
	for _, l := range li.Lines {
		if l.Parent.Type != invoice.ParentInvoiceItem || l.Parent.Proration {
			continue
		}
		c := l
		c.DiscountAmounts, c.Taxes, c.PretaxCreditAmounts = nil, nil, nil
		c.Discounts = b.activeDiscounts(l.Discounts, b.cy.start)
		if c.Discounts == nil {
			c.Discounts = []invoice.Discount{}
		}
		out = append(out, c)
	}
	return out
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// ownRates is an item's tax rates as the engine reads them: an empty list,
// which Stripe sends for an item without rates of its own, means the
// subscription's default_tax_rates (nil) [S].
func ownRates(rs []invoice.TaxRate) []invoice.TaxRate {
	if len(rs) == 0 {
		return nil
	}
	return rs
}

// MaxDurationInMonths bounds a repeating coupon's duration_in_months (100
// years) [P].
const MaxDurationInMonths = 1200

// AddMonths is t plus n months, clamped to the last day of a shorter month
// (Jan 31 + 1 month = Feb 28, or 29), as Stripe's periods are: how a
// repeating coupon's end is reckoned [P]. n must be in 1 to
// MaxDurationInMonths and the result in the years 1 to 9999.
func AddMonths(t time.Time, n int64) (time.Time, error) {
	if n < 1 || n > MaxDurationInMonths {
		return time.Time{}, fmt.Errorf("%d months: want 1 to %d", n, MaxDurationInMonths)
	}
	_, end, err := pricing.Recurring{Interval: pricing.Month, IntervalCount: n}.Period(t, 0)
	return end, err
}

// checkDiscounts refuses a repeating coupon whose duration_in_months is out
// of range (its end could not be reckoned).
func checkDiscounts(s *Subscription) error {
	var errs []error
	check := func(ds []invoice.Discount, path string) {
		for j, d := range ds {
			if d.Unexpanded || d.Coupon.Duration != invoice.DurationRepeating || d.Coupon.DurationInMonths == nil {
				continue
			}
			if m := *d.Coupon.DurationInMonths; m < 1 || m > MaxDurationInMonths {
				errs = append(errs, errorf(ErrInvalidSubscription, s.ID, fmt.Sprintf("%s[%d].coupon.duration_in_months", path, j), "want 1 to %d, got %d", MaxDurationInMonths, m))
			}
		}
	}
	check(s.Discounts, "discounts")
	for i := range s.Items {
		check(s.Items[i].Discounts, fmt.Sprintf("items.data[%d].discounts", i))
	}
	return errors.Join(errs...)
}

// billedAtEnd reports whether the latest invoice (a cancellation's
// invoice_now) billed the item's usage up to end.
func (b *billing) billedAtEnd(item string, end time.Time) bool {
	li := b.s.LatestInvoice
	if li == nil || !li.Created.Equal(end) {
		return false
	}
	for i := range li.Lines {
		l := &li.Lines[i]
		if l.Parent.SubscriptionItem == item && !l.Parent.Proration && l.PeriodEnd.Equal(end) && l.Metered() {
			return true
		}
	}
	return false
}
