package quote

import (
	"errors"
	"fmt"
	shared "github.com/billingkit/billingkit/internal/totals"
	"maps"
	"time"

	"github.com/billingkit/billingkit/internal/idgen"
	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// Outcome is what accepting a quote created: exactly one of its fields is
// set. Which one follows Stripe's rules:
//   - no recurring line: an Invoice (draft, auto_advance false);
//   - a recurring line and subscription_data.effective_date after the
//     acceptance time: a SubscriptionSchedule starting at effective_date;
//   - a recurring line otherwise (no effective date, or a past one, which is
//     ignored): a Subscription starting at acceptance, whose first invoice
//     (draft, auto_advance true) is Subscription.LatestInvoice.
type Outcome struct {
	Invoice              *Invoice              // object "invoice"
	Subscription         *Subscription         // object "subscription"
	SubscriptionSchedule *SubscriptionSchedule // object "subscription_schedule"
}

// Object returns the created object's Stripe object name ("invoice",
// "subscription" or "subscription_schedule") and the object itself, ready to
// marshal; ("", nil) for the zero Outcome. A command printing
// {"quote": q, name: v} uses it.
func (o Outcome) Object() (string, any) {
	switch {
	case o.Invoice != nil:
		return "invoice", o.Invoice
	case o.Subscription != nil:
		return "subscription", o.Subscription
	case o.SubscriptionSchedule != nil:
		return "subscription_schedule", o.SubscriptionSchedule
	}
	return "", nil
}

// FirstInvoice returns the invoice acceptance created: the Invoice, or the
// subscription's first invoice; nil for a schedule, which invoices later.
func (o Outcome) FirstInvoice() *Invoice {
	if o.Invoice != nil {
		return o.Invoice
	}
	if o.Subscription != nil {
		return o.Subscription.LatestInvoice
	}
	return nil
}

// IDGenerator names the objects acceptance creates: it returns the id of
// the object an IDKey describes, and must return distinct ids for distinct
// keys. Acceptance asks for Prefix "in" (invoice), "il" (invoice line),
// "sub" (subscription), "si" (subscription item) or "sub_sched"
// (subscription schedule), with Parent the quote's id and N numbering the
// objects of one prefix from 0 (the n-th invoice line, ...), except for a
// subscription's first invoice, which subscription.Invoice(0) names (see
// the package doc). It is the one id generator type of the module.
type IDGenerator = idgen.Generator

// IDKey says what a new object is, for an IDGenerator.
type IDKey = idgen.Key

// AcceptOptions are the choices AcceptWith takes.
type AcceptOptions struct {
	// IDs names the created objects; nil means the default, deterministic
	// generator (see the package doc): the same quote accepted at the same
	// time gives the same objects.
	IDs IDGenerator
}

// Accept accepts an open quote at time at. It is AcceptWith with zero
// options (ids derived from the quote id).
func (q Quote) Accept(at time.Time) (Quote, Outcome, error) {
	return q.AcceptWith(at, AcceptOptions{})
}

// AcceptWith accepts an open quote at time at and returns the accepted
// quote and what acceptance created (see Outcome for which object). The
// accepted quote records status_transitions.accepted_at = at and the ids of
// the created objects: invoice for an invoice; subscription and invoice
// (the first invoice) for a subscription; subscription_schedule for a
// schedule.
//
// The created objects carry the quote's customer, currency,
// collection_method and days_until_due (an invoice's due_date is at plus
// days_until_due days for send_invoice), the recurring lines as items, the
// one-time lines as add_invoice_items (a subscription's one-time lines are
// lines of its first invoice), the discounts and tax rates, and
// subscription_data's description, metadata and trial. Amounts are those
// of computed.upfront: the invoice's (or first invoice's) lines are its
// line items, and its total, tax and discounts equal computed.upfront's.
// Its subtotal is computed.upfront's less the lines' own discounts, which
// are item discounts on an invoice (Stripe: "before any invoice level
// discount or exclusive tax is applied. Item discounts are already
// incorporated").
//
// Guards, reported in a *TransitionError: the status is open (accepting an
// accepted quote is an error and creates nothing a second time); at is
// before expires_at (ErrExpired) and not before finalized_at; and, since
// an open quote may have been decoded rather than finalized here, every
// Finalize guard on its fields again (a customer, at least one line,
// Validate, at most MaxSubscriptionItems recurring and MaxAddInvoiceItems
// one-time lines for a recurring quote) and Compute, all reported at once.
func (q Quote) AcceptWith(at time.Time, opts AcceptOptions) (Quote, Outcome, error) {
	refuse := func(reason error) (Quote, Outcome, error) {
		return q, Outcome{}, &TransitionError{ID: q.ID, From: q.Status, Event: EventAccept, Reason: reason}
	}
	if q.Status != StatusOpen {
		return refuse(nil)
	}
	if q.Expired(at) {
		return refuse(fmt.Errorf("%w: expires_at %d is not after %d", ErrExpired, q.ExpiresAt.Unix(), at.Unix()))
	}
	if !q.StatusTransitions.FinalizedAt.IsZero() && at.Before(q.StatusTransitions.FinalizedAt) {
		return refuse(stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "status_transitions.finalized_at", "accepting at %d, before the quote was finalized at %d", at.Unix(), q.StatusTransitions.FinalizedAt.Unix()))
	}
	errs := q.readyErrs(nil)
	c, err := q.Compute()
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return refuse(errors.Join(errs...))
	}
	b := builder{q: &c, at: at.UTC(), ids: opts.IDs, seq: map[string]int64{}}
	var o Outcome
	out := c
	switch {
	case !c.HasRecurring():
		if o.Invoice, err = b.invoice(); err != nil {
			return refuse(err)
		}
		out.Invoice = o.Invoice.ID
	case c.SubscriptionData.EffectiveDate.After(at):
		if o.SubscriptionSchedule, err = b.schedule(); err != nil {
			return refuse(err)
		}
		out.SubscriptionSchedule = o.SubscriptionSchedule.ID
	default:
		if o.Subscription, err = b.subscription(); err != nil {
			return refuse(err)
		}
		out.Subscription = o.Subscription.ID
		out.Invoice = o.Subscription.LatestInvoice.ID
	}
	out.Status = StatusAccepted
	out.StatusTransitions.AcceptedAt = at
	return out, o, nil
}

// The objects acceptance creates are those of packages invoice and
// subscription (API 2025-08-27.basil), under quote's names.
type (
	Invoice              = invoice.Invoice
	InvoiceLine          = invoice.LineItem
	Subscription         = subscription.Subscription
	SubscriptionItem     = subscription.Item
	SubscriptionSchedule = subscription.Schedule
	Phase                = subscription.Phase
	PhaseItem            = subscription.PhaseItem
)

// builder creates acceptance's objects. They share no memory with the
// quote (deep copies: shared.CloneDiscounts, shared.CloneTaxRates,
// pricing.Price.Clone), so that editing one (a line's price, a discount's
// metadata) leaves the other alone.
type builder struct {
	q   *Quote
	at  time.Time
	ids IDGenerator // nil: idgen.Deterministic
	seq map[string]int64
}

func (b *builder) id(prefix string) string {
	n := b.seq[prefix]
	b.seq[prefix] = n + 1
	return b.ids.ID(idgen.Key{Prefix: prefix, Parent: b.q.ID, N: n})
}

func (b *builder) collection() CollectionMethod {
	if b.q.CollectionMethod == "" {
		return ChargeAutomatically
	}
	return b.q.CollectionMethod
}

func (b *builder) trialEnd(start time.Time) time.Time {
	if d := b.q.SubscriptionData.TrialPeriodDays; d != nil && *d > 0 {
		return start.AddDate(0, 0, int(*d))
	}
	return time.Time{}
}

func (b *builder) daysUntilDue() *int64 {
	if d := b.q.InvoiceSettings.DaysUntilDue; d != nil {
		v := *d
		return &v
	}
	return nil
}

// oneTimeLine is the invoice line of a one-time quote line: an
// invoice_item_details line for [at, at] (its ii_ is not modelled).
func (b *builder) oneTimeLine(li *LineItem, sub string) invoice.LineItem {
	return invoice.LineItem{
		Amount:       li.AmountSubtotal,
		Currency:     b.q.Currency,
		Description:  li.Description,
		Discountable: true,
		Discounts:    shared.CloneDiscounts(li.Discounts),
		Metadata:     map[string]string{},
		Parent:       invoice.LineParent{Type: invoice.ParentInvoiceItem, Subscription: sub},
		PeriodStart:  b.at,
		PeriodEnd:    b.at,
		Price:        li.Price.Clone(),
		Quantity:     li.Quantity,
		TaxRates:     shared.CloneTaxRates(li.TaxRates),
		Livemode:     b.q.Livemode,
	}
}

// invoice builds a one-time quote's invoice (quote_accept) and computes it
// with invoice's engine: the numbers of computed.upfront by construction.
func (b *builder) invoice() (*Invoice, error) {
	q := b.q
	inv := &Invoice{
		ID:               b.id("in"),
		Customer:         q.Customer,
		Currency:         q.Currency,
		CollectionMethod: b.collection(),
		BillingReason:    invoice.ReasonQuoteAccept,
		Created:          b.at,
		PeriodStart:      b.at,
		PeriodEnd:        b.at,
		Status:           "draft",
		Description:      q.Description,
		Footer:           q.Footer,
		Parent:           &invoice.Parent{Type: "quote_details", Quote: q.ID},
		Discounts:        shared.CloneDiscounts(q.Discounts),
		DefaultTaxRates:  shared.CloneTaxRates(q.DefaultTaxRates),
		Metadata:         map[string]string{},
		Livemode:         q.Livemode,
	}
	if inv.Discounts == nil {
		inv.Discounts = []invoice.Discount{}
	}
	if inv.CollectionMethod == SendInvoice && q.InvoiceSettings.DaysUntilDue != nil {
		inv.DueDate = b.at.AddDate(0, 0, int(*q.InvoiceSettings.DaysUntilDue))
	}
	up := q.Computed.Upfront.LineItems
	inv.Lines = make([]invoice.LineItem, len(up))
	for i := range up {
		l := b.oneTimeLine(&up[i], "")
		l.ID = b.id("il")
		l.Invoice = inv.ID
		inv.Lines[i] = l
	}
	out, err := inv.Compute()
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (b *builder) recurring() *pricing.Recurring {
	for i := range b.q.LineItems {
		if r := b.q.LineItems[i].Price.Recurring; r != nil && isRecurring(b.q.LineItems[i].Price) {
			return r
		}
	}
	return nil
}

// periodEnd is the end of the first billing period from start, by
// pricing.Recurring.Period (an interval_count of 0 counts as Stripe's 1).
func (b *builder) periodEnd(start time.Time) (time.Time, error) {
	r := *b.recurring()
	r.IntervalCount = intervalCount(&r)
	_, end, err := r.Period(start, 0)
	if err != nil {
		return time.Time{}, &FieldError{Object: "quote", ID: b.q.ID, Field: "line_items.price.recurring", Reason: err.Error(), Err: ErrInvalidQuote, Cause: err}
	}
	return end, nil
}

// subscription builds the subscription (its discounts start at
// acceptance, so that they apply by duration) and its first invoice,
// Subscription.Invoice(0): the recurring lines as items, the one-time
// lines on that invoice.
func (b *builder) subscription() (*Subscription, error) {
	q := b.q
	s := &Subscription{
		ID:                 b.id("sub"),
		Customer:           q.Customer,
		Currency:           q.Currency,
		CollectionMethod:   b.collection(),
		DaysUntilDue:       b.daysUntilDue(),
		Status:             subscription.StatusActive,
		Created:            b.at,
		StartDate:          b.at,
		BillingCycleAnchor: b.at,
		BillingMode:        subscription.Classic,
		Discounts:          shared.CloneDiscounts(q.Discounts),
		DefaultTaxRates:    shared.CloneTaxRates(q.DefaultTaxRates),
		Description:        q.SubscriptionData.Description,
		Metadata:           maps.Clone(q.SubscriptionData.Metadata),
		Livemode:           q.Livemode,
	}
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	s.Discounts = startAt(s.Discounts, b.at)
	periodEnd, err := b.periodEnd(b.at)
	if err != nil {
		return nil, err
	}
	if te := b.trialEnd(b.at); !te.IsZero() {
		s.Status = subscription.StatusTrialing
		s.TrialStart, s.TrialEnd = b.at, te
		s.BillingCycleAnchor = te
		periodEnd = te
	}
	seed := &Invoice{BillingReason: invoice.ReasonSubscriptionCreate}
	for i := range q.LineItems {
		li := &q.LineItems[i]
		if !isRecurring(li.Price) {
			l := b.oneTimeLine(&q.Computed.Upfront.LineItems[i], s.ID)
			l.Discounts = startAt(l.Discounts, b.at)
			seed.Lines = append(seed.Lines, l)
			continue
		}
		si := b.id("si")
		// A placeholder of the item's line, so that the first invoice
		// lists the lines in the quote's order.
		seed.Lines = append(seed.Lines, invoice.LineItem{Parent: invoice.LineParent{Type: invoice.ParentSubscriptionItem, SubscriptionItem: si}})
		s.Items = append(s.Items, SubscriptionItem{
			ID:                 si,
			Created:            b.at,
			CurrentPeriodStart: b.at,
			CurrentPeriodEnd:   periodEnd,
			Discounts:          startAt(shared.CloneDiscounts(li.Discounts), b.at),
			Metadata:           map[string]string{},
			Price:              li.Price.Clone(),
			Quantity:           li.Quantity,
			Subscription:       s.ID,
			TaxRates:           shared.CloneTaxRates(li.TaxRates),
		})
	}
	s.LatestInvoice = seed
	ids := b.ids
	first, err := s.Invoice(0, subscription.Inputs{IDs: ids})
	if err != nil {
		return nil, err
	}
	first.Description, first.Footer = q.Description, q.Footer
	s.LatestInvoice = &first
	return s, nil
}

// startAt starts discounts at t, the acceptance (invoice.md 2.5: the
// quote's discounts apply to the subscription from acceptance, by
// duration): a repeating coupon's end is recomputed from t.
func startAt(ds []Discount, t time.Time) []Discount {
	for i := range ds {
		ds[i].Start, ds[i].End = t, time.Time{}
		if ds[i].Coupon.Duration == invoice.DurationRepeating && ds[i].Coupon.DurationInMonths != nil {
			// An out-of-range duration leaves End null; the subscription
			// then refuses it, naming the field.
			ds[i].End, _ = subscription.AddMonths(t, *ds[i].Coupon.DurationInMonths)
		}
	}
	if ds == nil {
		return []Discount{}
	}
	return ds
}

func (b *builder) schedule() (*SubscriptionSchedule, error) {
	q := b.q
	start := q.SubscriptionData.EffectiveDate.UTC()
	ph := Phase{
		StartDate:        start,
		Currency:         q.Currency,
		CollectionMethod: b.collection(),
		DaysUntilDue:     b.daysUntilDue(),
		Discounts:        shared.CloneDiscounts(q.Discounts),
		DefaultTaxRates:  shared.CloneTaxRates(q.DefaultTaxRates),
		Description:      q.SubscriptionData.Description,
		Metadata:         maps.Clone(q.SubscriptionData.Metadata),
	}
	if ph.Metadata == nil {
		ph.Metadata = map[string]string{}
	}
	billFrom := start
	if te := b.trialEnd(start); !te.IsZero() {
		ph.TrialEnd = te
		billFrom = te
	}
	end, err := b.periodEnd(billFrom)
	if err != nil {
		return nil, err
	}
	ph.EndDate = end
	for _, li := range q.LineItems {
		it := PhaseItem{Price: li.Price.Clone(), Quantity: li.Quantity, TaxRates: shared.CloneTaxRates(li.TaxRates), Discounts: shared.CloneDiscounts(li.Discounts)}
		if isRecurring(li.Price) {
			ph.Items = append(ph.Items, it)
		} else {
			ph.AddInvoiceItems = append(ph.AddInvoiceItems, it)
		}
	}
	return &SubscriptionSchedule{
		ID:               b.id("sub_sched"),
		Customer:         q.Customer,
		Created:          b.at,
		Status:           "not_started",
		EndBehavior:      "release",
		BillingMode:      subscription.Classic,
		CollectionMethod: b.collection(),
		DaysUntilDue:     b.daysUntilDue(),
		Description:      q.SubscriptionData.Description,
		Phases:           []Phase{ph},
		Metadata:         map[string]string{},
		Livemode:         q.Livemode,
	}, nil
}
