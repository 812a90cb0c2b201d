package quote

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/idgen"
	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
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
// objects of one prefix from 0 (the n-th invoice line, ...). It is the one
// id generator type of the module (credit takes the same).
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
		o.Invoice = b.invoice("", "quote_accept", false)
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

// Invoice is the invoice acceptance creates (Stripe's invoice object,
// object "invoice", in its draft state). Amounts are in minor units of
// Currency.
type Invoice struct {
	ID               string
	Customer         string
	Currency         pricing.Currency
	CollectionMethod CollectionMethod
	AutoAdvance      bool
	BillingReason    string // "quote_accept" or "subscription_create"
	Created          time.Time
	DueDate          time.Time // zero is null
	PeriodStart      time.Time
	PeriodEnd        time.Time
	Quote            string
	Subscription     string // "" is null
	Status           string // "draft"
	Description      string
	Footer           string
	Lines            []InvoiceLine
	Discounts        []Discount // the quote's discounts (wire: ids)
	DefaultTaxRates  []TaxRate
	Subtotal         int64 // the lines' amounts less their own (item) discounts
	Tax              int64 // exclusive and inclusive
	Total            int64
	TotalDiscount    []DiscountAmount // wire: total_discount_amounts
	TotalTax         []TaxAmount      // wire: total_tax_amounts
	Livemode         bool

	wire  stripejson.Shape
	lines stripejson.List
	ref   bool // decoded from a bare id (a subscription's latest_invoice); encodes as the id
}

// InvoiceLine is one line of an Invoice (object "line_item").
type InvoiceLine struct {
	ID               string
	Type             string // "subscription" for a subscription item, "invoiceitem" otherwise
	Amount           int64  // before discounts, inclusive tax included
	Currency         pricing.Currency
	Description      string
	Price            pricing.Price
	Quantity         int64
	PeriodStart      time.Time
	PeriodEnd        time.Time
	DiscountAmounts  []DiscountAmount
	Discounts        []Discount // the line's own discounts (wire: ids)
	TaxAmounts       []TaxAmount
	TaxRates         []TaxRate // the line's own tax rates
	Subscription     string
	SubscriptionItem string
	Invoice          string
	Livemode         bool

	wire   stripejson.Shape
	period stripejson.Shape
}

// Subscription is the subscription acceptance creates (object
// "subscription"). LatestInvoice is its first invoice.
type Subscription struct {
	ID                 string
	Customer           string
	Currency           pricing.Currency
	CollectionMethod   CollectionMethod
	DaysUntilDue       *int64
	Status             string // "active", or "trialing" during a trial
	Created            time.Time
	StartDate          time.Time
	BillingCycleAnchor time.Time
	CurrentPeriodStart time.Time
	CurrentPeriodEnd   time.Time
	TrialStart         time.Time // zero is null
	TrialEnd           time.Time // zero is null
	Items              []SubscriptionItem
	Discounts          []Discount // the quote's discounts (wire: ids)
	DefaultTaxRates    []TaxRate
	Description        string
	Metadata           map[string]string
	LatestInvoice      *Invoice // marshals expanded (as the id when decoded from an id)
	Livemode           bool

	wire  stripejson.Shape
	items stripejson.List
}

// SubscriptionItem is one item of a Subscription (object "subscription_item").
type SubscriptionItem struct {
	ID           string
	Price        pricing.Price
	Quantity     int64
	TaxRates     []TaxRate
	Discounts    []Discount // the line's own discounts (wire: ids)
	Created      time.Time
	Subscription string

	wire stripejson.Shape
	plan *pricing.Plan // the plan a decoded item carried (built in Go: derived from Price)
}

// SubscriptionSchedule is the schedule acceptance creates for a future
// effective date (object "subscription_schedule", status "not_started",
// end_behavior "release", one phase).
type SubscriptionSchedule struct {
	ID               string
	Customer         string
	Created          time.Time
	Status           string
	EndBehavior      string
	CollectionMethod CollectionMethod
	DaysUntilDue     *int64
	Description      string
	Phases           []Phase
	Livemode         bool

	wire        stripejson.Shape
	settings    stripejson.Shape // default_settings
	settingsInv stripejson.Shape // default_settings.invoice_settings
}

// Phase is one phase of a SubscriptionSchedule. EndDate is one billing
// period after the trial (or the start when there is no trial): policy, one
// iteration, as Stripe defaults.
type Phase struct {
	StartDate        time.Time
	EndDate          time.Time
	TrialEnd         time.Time // zero is null
	Currency         pricing.Currency
	CollectionMethod CollectionMethod
	DaysUntilDue     *int64
	Items            []PhaseItem
	AddInvoiceItems  []PhaseItem
	Discounts        []Discount // wire: [{"coupon", "discount", "promotion_code"}]
	DefaultTaxRates  []TaxRate
	Description      string
	Metadata         map[string]string

	wire stripejson.Shape
	inv  stripejson.Shape // invoice_settings
}

// PhaseItem is an item or an add_invoice_item of a Phase.
type PhaseItem struct {
	Price     pricing.Price // wire: the price id
	Quantity  int64
	TaxRates  []TaxRate
	Discounts []Discount

	wire stripejson.Shape
	plan string // the JSON of the plan a decoded item carried: an id, an expanded plan, or null
}

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

// invoice builds the acceptance's invoice from computed.upfront. sub is the
// subscription's id ("" for a one-time quote); itemIDs maps line index to
// subscription item id.
func (b *builder) invoiceWith(sub, reason string, autoAdvance bool, itemIDs map[int]string, periodEnd time.Time) *Invoice {
	q := b.q
	up := q.Computed.Upfront
	inv := &Invoice{
		ID:               b.id("in"),
		Customer:         q.Customer,
		Currency:         q.Currency,
		CollectionMethod: b.collection(),
		AutoAdvance:      autoAdvance,
		BillingReason:    reason,
		Created:          b.at,
		PeriodStart:      b.at,
		PeriodEnd:        b.at,
		Quote:            q.ID,
		Subscription:     sub,
		Status:           "draft",
		Description:      q.Description,
		Footer:           q.Footer,
		Discounts:        cloneDiscounts(q.Discounts),
		DefaultTaxRates:  cloneTaxRates(q.DefaultTaxRates),
		Subtotal:         up.AmountSubtotal - itemDiscounts(up.LineItems),
		Tax:              up.TotalDetails.AmountTax,
		Total:            up.AmountTotal,
		Livemode:         q.Livemode,
	}
	if bd := up.TotalDetails.Breakdown; bd != nil {
		inv.TotalDiscount = cloneDiscountAmounts(bd.Discounts)
		inv.TotalTax = cloneTaxAmounts(bd.Taxes)
	}
	if inv.CollectionMethod == SendInvoice && q.InvoiceSettings.DaysUntilDue != nil {
		inv.DueDate = b.at.AddDate(0, 0, int(*q.InvoiceSettings.DaysUntilDue))
	}
	inv.Lines = make([]InvoiceLine, len(up.LineItems))
	for i, li := range up.LineItems {
		l := InvoiceLine{
			ID:              b.id("il"),
			Type:            "invoiceitem",
			Amount:          li.AmountSubtotal,
			Currency:        q.Currency,
			Description:     li.Description,
			Price:           li.Price.Clone(),
			Quantity:        li.Quantity,
			PeriodStart:     b.at,
			PeriodEnd:       b.at,
			DiscountAmounts: cloneDiscountAmounts(li.DiscountAmounts),
			Discounts:       cloneDiscounts(li.Discounts),
			TaxAmounts:      cloneTaxAmounts(li.TaxAmounts),
			TaxRates:        cloneTaxRates(li.TaxRates),
			Subscription:    sub,
			Invoice:         inv.ID,
			Livemode:        q.Livemode,
		}
		if si, ok := itemIDs[i]; ok {
			l.Type = "subscription"
			l.SubscriptionItem = si
			l.PeriodEnd = periodEnd
		}
		inv.Lines[i] = l
	}
	return inv
}

// itemDiscounts sums what the lines' own discounts took: on an invoice they
// are item discounts, already taken off its subtotal.
func itemDiscounts(lines []LineItem) int64 {
	var s int64
	for i := range lines {
		li := &lines[i]
		for _, da := range li.DiscountAmounts {
			for j := range li.Discounts {
				if li.Discounts[j].ID == da.Discount.ID {
					s += da.Amount
					break
				}
			}
		}
	}
	return s
}

func (b *builder) invoice(sub, reason string, autoAdvance bool) *Invoice {
	return b.invoiceWith(sub, reason, autoAdvance, nil, time.Time{})
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

func (b *builder) subscription() (*Subscription, error) {
	q := b.q
	s := &Subscription{
		ID:                 b.id("sub"),
		Customer:           q.Customer,
		Currency:           q.Currency,
		CollectionMethod:   b.collection(),
		DaysUntilDue:       b.daysUntilDue(),
		Status:             "active",
		Created:            b.at,
		StartDate:          b.at,
		BillingCycleAnchor: b.at,
		CurrentPeriodStart: b.at,
		Discounts:          cloneDiscounts(q.Discounts),
		DefaultTaxRates:    cloneTaxRates(q.DefaultTaxRates),
		Description:        q.SubscriptionData.Description,
		Metadata:           maps.Clone(q.SubscriptionData.Metadata),
		Livemode:           q.Livemode,
	}
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	periodEnd, err := b.periodEnd(b.at)
	if err != nil {
		return nil, err
	}
	if te := b.trialEnd(b.at); !te.IsZero() {
		s.Status = "trialing"
		s.TrialStart, s.TrialEnd = b.at, te
		s.BillingCycleAnchor = te
		periodEnd = te
	}
	s.CurrentPeriodEnd = periodEnd
	itemIDs := map[int]string{}
	for i, li := range q.LineItems {
		if !isRecurring(li.Price) {
			continue
		}
		it := SubscriptionItem{
			ID:           b.id("si"),
			Price:        li.Price.Clone(),
			Quantity:     li.Quantity,
			TaxRates:     cloneTaxRates(li.TaxRates),
			Discounts:    cloneDiscounts(li.Discounts),
			Created:      b.at,
			Subscription: s.ID,
		}
		itemIDs[i] = it.ID
		s.Items = append(s.Items, it)
	}
	s.LatestInvoice = b.invoiceWith(s.ID, "subscription_create", true, itemIDs, periodEnd)
	return s, nil
}

func (b *builder) schedule() (*SubscriptionSchedule, error) {
	q := b.q
	start := q.SubscriptionData.EffectiveDate.UTC()
	ph := Phase{
		StartDate:        start,
		Currency:         q.Currency,
		CollectionMethod: b.collection(),
		DaysUntilDue:     b.daysUntilDue(),
		Discounts:        cloneDiscounts(q.Discounts),
		DefaultTaxRates:  cloneTaxRates(q.DefaultTaxRates),
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
		it := PhaseItem{Price: li.Price.Clone(), Quantity: li.Quantity, TaxRates: cloneTaxRates(li.TaxRates), Discounts: cloneDiscounts(li.Discounts)}
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
		CollectionMethod: b.collection(),
		DaysUntilDue:     b.daysUntilDue(),
		Description:      q.SubscriptionData.Description,
		Phases:           []Phase{ph},
		Livemode:         q.Livemode,
	}, nil
}

// Deep copies: the created objects share no memory with the quote, so that
// editing one (a line's price, a discount's metadata) leaves the other
// alone.

func cloneDiscounts(ds []Discount) []Discount {
	ds = slices.Clone(ds)
	for i := range ds {
		ds[i].Coupon = cloneCoupon(ds[i].Coupon)
	}
	return ds
}

func cloneCoupon(c Coupon) Coupon {
	c.AmountOff = clonePtr(c.AmountOff)
	c.DurationInMonths = clonePtr(c.DurationInMonths)
	c.MaxRedemptions = clonePtr(c.MaxRedemptions)
	if c.AppliesTo != nil {
		a := *c.AppliesTo
		a.Products = slices.Clone(a.Products)
		c.AppliesTo = &a
	}
	c.CurrencyOptions = maps.Clone(c.CurrencyOptions)
	c.Metadata = maps.Clone(c.Metadata)
	return c
}

func cloneTaxRates(rs []TaxRate) []TaxRate {
	rs = slices.Clone(rs)
	for i := range rs {
		rs[i].Metadata = maps.Clone(rs[i].Metadata)
	}
	return rs
}

func cloneDiscountAmounts(as []DiscountAmount) []DiscountAmount {
	as = slices.Clone(as)
	for i := range as {
		as[i].Discount.Coupon = cloneCoupon(as[i].Discount.Coupon)
	}
	return as
}

func cloneTaxAmounts(ts []TaxAmount) []TaxAmount {
	ts = slices.Clone(ts)
	for i := range ts {
		ts[i].Rate.Metadata = maps.Clone(ts[i].Rate.Metadata)
	}
	return ts
}
