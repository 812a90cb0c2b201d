package quote

import (
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Subscription limits Stripe documents for what a quote can create.
const (
	MaxSubscriptionItems   = 20 // recurring lines of a recurring quote
	MaxAddInvoiceItems     = 20 // one-time lines of a recurring quote
	defaultRevisionNumber  = 1
	defaultSequenceNumber  = "0001"
	numberPrefixHexLetters = 8

	maxDaysUntilDue    = 3650 // policy: ten years
	maxTrialPeriodDays = 730  // Stripe's two-year limit on trials
)

// FinalizeOptions are the choices FinalizeWith takes.
type FinalizeOptions struct {
	// Number is the quote number to assign. Empty means the default,
	// "QT-<PREFIX>-0001-1", where PREFIX is 8 uppercase hex digits derived
	// from the customer id (Stripe uses the customer's invoice prefix and a
	// per-customer sequence, which this package, holding no state, cannot
	// know: callers that track sequences pass the number here).
	Number string
}

// Finalize moves a draft quote to open at time at. It is FinalizeWith with
// zero options.
func (q Quote) Finalize(at time.Time) (Quote, error) {
	return q.FinalizeWith(at, FinalizeOptions{})
}

// FinalizeWith moves a draft quote to open at time at: it computes the
// totals, records status_transitions.finalized_at = at and assigns a number.
//
// Guards, all reported at once inside a *TransitionError (wrapping
// ErrInvalidTransition): the status is draft; at is before expires_at
// (ErrExpired); a customer is set; there is at least one line item (policy);
// Validate passes (known enums, days_until_due exactly with send_invoice,
// valid prices, ...); a recurring quote has at most
// MaxSubscriptionItems recurring and MaxAddInvoiceItems one-time lines;
// Compute succeeds (one currency, one interval across recurring lines, ...);
// and the quote is not a revision, which FinalizeRevision finalizes so that
// its original is canceled.
func (q Quote) FinalizeWith(at time.Time, opts FinalizeOptions) (Quote, error) {
	if q.Status != StatusDraft {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventFinalize}
	}
	var errs []error
	if q.FromQuote != nil && q.FromQuote.IsRevision {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "from_quote", "a revision of %s is finalized with FinalizeRevision, which also cancels the original", q.FromQuote.Quote))
	}
	out, err := q.finalize(at, opts.Number, errs)
	if err != nil {
		return q, err
	}
	return out, nil
}

func (q Quote) finalize(at time.Time, number string, errs []error) (Quote, error) {
	if !q.ExpiresAt.IsZero() && !at.Before(q.ExpiresAt) {
		errs = append(errs, fmt.Errorf("%w: expires_at %d is not after %d", ErrExpired, q.ExpiresAt.Unix(), at.Unix()))
	}
	errs = q.readyErrs(errs)
	out, err := q.Compute()
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventFinalize, Reason: errors.Join(errs...)}
	}
	out.Status = StatusOpen
	out.StatusTransitions.FinalizedAt = at
	if number == "" {
		number = DefaultNumber(q.Customer, defaultRevisionNumber)
	}
	out.Number = number
	return out, nil
}

// readyErrs appends to errs what keeps q from being finalized or accepted,
// besides its status, its expiry and Compute: no customer, no line,
// Validate's problems, and more recurring or one-time lines than a
// subscription takes. Accept checks them again because an open quote may
// come from JSON rather than from Finalize.
func (q Quote) readyErrs(errs []error) []error {
	if q.Customer == "" {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "customer", "required to finalize or accept"))
	}
	if len(q.LineItems) == 0 {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "line_items", "at least one line item is required to finalize or accept"))
	}
	if err := q.Validate(); err != nil {
		errs = append(errs, err)
	}
	var rec, once int
	for i := range q.LineItems {
		if isRecurring(q.LineItems[i].Price) {
			rec++
		} else {
			once++
		}
	}
	if rec > 0 && rec > MaxSubscriptionItems {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "line_items", "%d recurring lines, a subscription holds at most %d items", rec, MaxSubscriptionItems))
	}
	if rec > 0 && once > MaxAddInvoiceItems {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "line_items", "%d one-time lines, a subscription's first invoice takes at most %d add_invoice_items", once, MaxAddInvoiceItems))
	}
	return errs
}

// Validate reports every problem with q's fields that Compute does not
// already report, joined, each a *FieldError naming the field
// (ErrInvalidQuote): a status or collection_method this package does not
// know (decoding tolerates them, Stripe marking the enums open), a coupon
// duration other than once, repeating (with duration_in_months >= 1) or
// forever, invoice_settings.days_until_due missing with send_invoice or set
// without it (policy), a days_until_due outside [0, 3650] (policy: ten
// years, so that due dates stay real dates) or a trial_period_days outside
// [0, 730] (Stripe's two-year limit on trials), and a line price failing
// pricing.Price.Validate. Finalize and Accept run it, with Compute.
func (q Quote) Validate() error {
	var errs []error
	if !q.Status.Known() {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "status", "unknown value %q", q.Status))
	}
	if q.CollectionMethod == SendInvoice && q.InvoiceSettings.DaysUntilDue == nil {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "invoice_settings.days_until_due", "required with collection_method send_invoice"))
	}
	if q.CollectionMethod != SendInvoice && q.InvoiceSettings.DaysUntilDue != nil {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "invoice_settings.days_until_due", "only with collection_method send_invoice (charge_automatically has no due date)"))
	}
	if q.CollectionMethod != "" && q.CollectionMethod != ChargeAutomatically && q.CollectionMethod != SendInvoice {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "collection_method", "unknown value %q", q.CollectionMethod))
	}
	if d := q.InvoiceSettings.DaysUntilDue; d != nil && (*d < 0 || *d > maxDaysUntilDue) {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "invoice_settings.days_until_due", "must lie in [0, %d], got %d", maxDaysUntilDue, *d))
	}
	if d := q.SubscriptionData.TrialPeriodDays; d != nil && (*d < 0 || *d > maxTrialPeriodDays) {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "subscription_data.trial_period_days", "must lie in [0, %d], got %d", maxTrialPeriodDays, *d))
	}
	checkCoupon := func(d Discount, path func() string) {
		if d.Unexpanded {
			return // Compute names it
		}
		switch d.Coupon.Duration {
		case DurationOnce, DurationForever:
		case DurationRepeating:
			if m := d.Coupon.DurationInMonths; m == nil || *m < 1 {
				errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, path()+".coupon.duration_in_months", "a repeating coupon needs duration_in_months >= 1"))
			}
		default:
			errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, path()+".coupon.duration", "unknown value %q", d.Coupon.Duration))
		}
	}
	for j, d := range q.Discounts {
		checkCoupon(d, lazyPath("discounts[%d]", j))
	}
	for i := range q.LineItems {
		li := &q.LineItems[i]
		if err := li.Price.Validate(); err != nil {
			errs = append(errs, &FieldError{Object: "quote", ID: q.ID, Field: fmt.Sprintf("line_items[%d].price", i), Reason: err.Error(), Err: ErrInvalidQuote, Cause: err})
		}
		for j, d := range li.Discounts {
			checkCoupon(d, func() string { return fmt.Sprintf("line_items[%d].discounts[%d]", i, j) })
		}
	}
	return errors.Join(errs...)
}

// DefaultNumber returns the quote number FinalizeWith assigns by default:
// "QT-<PREFIX>-0001-<revision>", PREFIX being 8 uppercase hex digits of the
// FNV-1a hash of the customer id.
func DefaultNumber(customer string, revision int) string {
	h := fnv.New32a()
	h.Write([]byte(customer))
	return fmt.Sprintf("QT-%0*X-%s-%d", numberPrefixHexLetters, h.Sum32(), defaultSequenceNumber, revision)
}

// revisedNumber keeps the original's sequence and bumps its revision
// ("QT-68BB114-0001-2" -> "QT-68BB114-0001-3").
func revisedNumber(original, customer string) string {
	i := strings.LastIndexByte(original, '-')
	if i > 0 {
		if n, err := strconv.Atoi(original[i+1:]); err == nil && n > 0 {
			return original[:i+1] + strconv.Itoa(n+1)
		}
	}
	return DefaultNumber(customer, defaultRevisionNumber+1)
}

// Cancel cancels a draft or open quote at time at, recording
// status_transitions.canceled_at. A quote whose expires_at is at or before
// at has already expired: Cancel then returns it canceled at expires_at, as
// Advance would. Accepted and canceled quotes (and unknown statuses) are
// refused with a *TransitionError.
func (q Quote) Cancel(at time.Time) (Quote, error) {
	if q.Status != StatusDraft && q.Status != StatusOpen {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventCancel}
	}
	out := q.clone()
	out.Status = StatusCanceled
	if !q.ExpiresAt.IsZero() && !at.Before(q.ExpiresAt) {
		at = q.ExpiresAt
	}
	out.StatusTransitions.CanceledAt = at
	return out, nil
}

// Advance applies automatic expiry: a draft or open quote whose expires_at
// is at or before at becomes canceled with canceled_at = expires_at (policy:
// the time it expired, not the time it was noticed). Any other quote is
// returned unchanged. A zero expires_at never expires.
func (q Quote) Advance(at time.Time) Quote {
	if (q.Status != StatusDraft && q.Status != StatusOpen) || q.ExpiresAt.IsZero() || at.Before(q.ExpiresAt) {
		return q
	}
	out := q.clone()
	out.Status = StatusCanceled
	out.StatusTransitions.CanceledAt = q.ExpiresAt
	return out
}

// Expired reports whether q is draft or open and its expires_at is at or
// before at (Advance would cancel it).
func (q Quote) Expired(at time.Time) bool {
	return (q.Status == StatusDraft || q.Status == StatusOpen) && !q.ExpiresAt.IsZero() && !at.Before(q.ExpiresAt)
}

// Update is an edit of a quote: nil fields are left alone. Metadata follows
// Stripe: its keys are merged into the quote's, and a key set to "" is
// removed.
type Update struct {
	Customer         *string
	Currency         *pricing.Currency
	LineItems        *[]LineItem
	Discounts        *[]Discount
	DefaultTaxRates  *[]TaxRate
	CollectionMethod *CollectionMethod
	InvoiceSettings  *InvoiceSettings
	SubscriptionData *SubscriptionData
	ExpiresAt        *time.Time
	Metadata         map[string]string
	Header           *string
	Description      *string
	Footer           *string
}

// Update applies u to q at time at and recomputes the totals.
//
// Editing rules: a draft takes every field, except that the customer is
// write-once (setting a different customer once one is set is refused); an
// open quote takes only expires_at and metadata (policy); accepted and
// canceled quotes take nothing. expires_at must be after at. A refused edit,
// or one whose result Compute rejects, returns q unchanged and a
// *TransitionError (event "update") naming every offending field.
func (q Quote) Update(at time.Time, u Update) (Quote, error) {
	refuse := func(reason error) (Quote, error) {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventUpdate, Reason: reason}
	}
	if q.Status != StatusDraft && q.Status != StatusOpen {
		return refuse(nil)
	}
	if q.Expired(at) {
		return refuse(fmt.Errorf("%w: expires_at %d is not after %d", ErrExpired, q.ExpiresAt.Unix(), at.Unix()))
	}
	var errs []error
	if q.Status == StatusOpen {
		for _, f := range u.draftOnlyFields() {
			errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, f, "cannot be changed on an open quote (only expires_at and metadata)"))
		}
	}
	if u.Customer != nil && q.Customer != "" && *u.Customer != q.Customer {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "customer", "is write-once: already %q", q.Customer))
	}
	if u.ExpiresAt != nil && !u.ExpiresAt.After(at) {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "expires_at", "%d must be in the future (after %d)", u.ExpiresAt.Unix(), at.Unix()))
	}
	if len(errs) > 0 {
		return refuse(errors.Join(errs...))
	}
	out := q.clone()
	if u.Customer != nil {
		out.Customer = *u.Customer
	}
	if u.Currency != nil {
		out.Currency = *u.Currency
	}
	if u.LineItems != nil {
		out.LineItems = slices.Clone(*u.LineItems)
		if out.LineItems == nil {
			out.LineItems = []LineItem{}
		}
	}
	if u.Discounts != nil {
		out.Discounts = slices.Clone(*u.Discounts)
	}
	if u.DefaultTaxRates != nil {
		out.DefaultTaxRates = slices.Clone(*u.DefaultTaxRates)
	}
	if u.CollectionMethod != nil {
		out.CollectionMethod = *u.CollectionMethod
	}
	if u.InvoiceSettings != nil {
		out.InvoiceSettings = *u.InvoiceSettings
		out.InvoiceSettings.DaysUntilDue = clonePtr(u.InvoiceSettings.DaysUntilDue)
	}
	if u.SubscriptionData != nil {
		out.SubscriptionData = *u.SubscriptionData
		out.SubscriptionData.Metadata = maps.Clone(u.SubscriptionData.Metadata)
		out.SubscriptionData.TrialPeriodDays = clonePtr(u.SubscriptionData.TrialPeriodDays)
	}
	if u.ExpiresAt != nil {
		out.ExpiresAt = *u.ExpiresAt
	}
	if u.Metadata != nil {
		if out.Metadata == nil {
			out.Metadata = map[string]string{}
		}
		for k, v := range u.Metadata {
			if v == "" {
				delete(out.Metadata, k)
			} else {
				out.Metadata[k] = v
			}
		}
	}
	if u.Header != nil {
		out.Header = *u.Header
	}
	if u.Description != nil {
		out.Description = *u.Description
	}
	if u.Footer != nil {
		out.Footer = *u.Footer
	}
	if q.Status == StatusOpen {
		return out, nil // amounts cannot have changed
	}
	computed, err := out.Compute()
	if err != nil {
		return refuse(err)
	}
	return computed, nil
}

func (u Update) draftOnlyFields() []string {
	var f []string
	add := func(set bool, name string) {
		if set {
			f = append(f, name)
		}
	}
	add(u.Customer != nil, "customer")
	add(u.Currency != nil, "currency")
	add(u.LineItems != nil, "line_items")
	add(u.Discounts != nil, "discounts")
	add(u.DefaultTaxRates != nil, "default_tax_rates")
	add(u.CollectionMethod != nil, "collection_method")
	add(u.InvoiceSettings != nil, "invoice_settings")
	add(u.SubscriptionData != nil, "subscription_data")
	add(u.Header != nil, "header")
	add(u.Description != nil, "description")
	add(u.Footer != nil, "footer")
	return f
}

// Clone copies a draft, open or accepted quote into a new draft quote with
// id id, created at at and expiring DefaultExpiry later, with from_quote
// {quote: q.ID, is_revision: false}. The copy keeps the customer, currency,
// lines (their inputs; amounts are recomputed), discounts, tax rates,
// collection method, settings, subscription data, metadata, header,
// description and footer; it has no number, status transitions or created
// objects. A canceled (or unknown-status) quote is refused.
func (q Quote) Clone(id string, at time.Time) (Quote, error) {
	switch q.Status {
	case StatusDraft, StatusOpen, StatusAccepted:
	default:
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventClone}
	}
	return q.copyAsDraft(id, at, false, EventClone)
}

// Revise creates a revision of an open quote: a new draft like Clone's,
// with from_quote {quote: q.ID, is_revision: true}. Only an open quote can be
// revised. Finalize the revision with FinalizeRevision, which keeps the
// original's number sequence, bumps the revision, and cancels the original.
func (q Quote) Revise(id string, at time.Time) (Quote, error) {
	if q.Status != StatusOpen {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventRevise}
	}
	if q.Expired(at) {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: EventRevise,
			Reason: fmt.Errorf("%w: expires_at %d is not after %d", ErrExpired, q.ExpiresAt.Unix(), at.Unix())}
	}
	return q.copyAsDraft(id, at, true, EventRevise)
}

func (q Quote) copyAsDraft(id string, at time.Time, revision bool, ev Event) (Quote, error) {
	n := New(id, at)
	n.Customer = q.Customer
	n.Currency = q.Currency
	n.LineItems = make([]LineItem, len(q.LineItems))
	for i, li := range q.LineItems {
		n.LineItems[i] = LineItem{
			ID:          li.ID,
			Price:       li.Price,
			Quantity:    li.Quantity,
			Description: li.Description,
			Discounts:   slices.Clone(li.Discounts),
			TaxRates:    slices.Clone(li.TaxRates),
			wire:        li.wire,
		}
	}
	n.Discounts = slices.Clone(q.Discounts)
	n.DefaultTaxRates = slices.Clone(q.DefaultTaxRates)
	n.CollectionMethod = q.CollectionMethod
	n.InvoiceSettings = q.InvoiceSettings
	n.InvoiceSettings.DaysUntilDue = clonePtr(q.InvoiceSettings.DaysUntilDue)
	n.SubscriptionData = q.SubscriptionData
	n.SubscriptionData.Metadata = maps.Clone(q.SubscriptionData.Metadata)
	n.SubscriptionData.TrialPeriodDays = clonePtr(q.SubscriptionData.TrialPeriodDays)
	n.AutomaticTax = q.AutomaticTax
	if q.Metadata != nil {
		n.Metadata = maps.Clone(q.Metadata)
	}
	n.Livemode = q.Livemode
	n.Header, n.Description, n.Footer = q.Header, q.Description, q.Footer
	n.FromQuote = &FromQuote{Quote: q.ID, IsRevision: revision}
	out, err := n.Compute()
	if err != nil {
		return q, &TransitionError{ID: q.ID, From: q.Status, Event: ev, Reason: err}
	}
	return out, nil
}

// FinalizeRevision finalizes revision, a draft made by Revise from original,
// at time at, and cancels original (policy: Stripe documents that a revision
// supersedes its original; this package cancels the original when the
// revision is finalized). It returns both quotes, new values; neither input
// is modified.
//
// The revision gets the original's number with the revision part bumped
// ("QT-ABCDEF12-0001-1" -> "...-0001-2"). The revision must be a draft whose
// from_quote is {original.ID, is_revision: true}, and it must pass every
// Finalize guard. The original must be open (it is then canceled at at, or
// at its expires_at if that came first) or already canceled (it is returned
// unchanged). Any failure returns both inputs unchanged and a
// *TransitionError (event "finalize") naming the quote at fault.
func FinalizeRevision(original, revision Quote, at time.Time) (Quote, Quote, error) {
	if revision.Status != StatusDraft {
		return original, revision, &TransitionError{ID: revision.ID, From: revision.Status, Event: EventFinalize}
	}
	if revision.FromQuote == nil || !revision.FromQuote.IsRevision || revision.FromQuote.Quote != original.ID {
		return original, revision, &TransitionError{ID: revision.ID, From: revision.Status, Event: EventFinalize,
			Reason: stripejson.Errorf(ErrInvalidQuote, "quote", revision.ID, "from_quote", "not a revision of %q", original.ID)}
	}
	if original.Status != StatusOpen && original.Status != StatusCanceled {
		return original, revision, &TransitionError{ID: original.ID, From: original.Status, Event: EventCancel,
			Reason: stripejson.Errorf(ErrInvalidQuote, "quote", original.ID, "status", "the original of revision %q must be open or canceled", revision.ID)}
	}
	rev, err := revision.finalize(at, revisedNumber(original.Number, revision.Customer), nil)
	if err != nil {
		return original, revision, err
	}
	orig := original
	if original.Status == StatusOpen {
		if orig, err = original.Cancel(at); err != nil {
			return original, revision, err
		}
	}
	return orig, rev, nil
}
