package quote

import (
	"errors"
	"fmt"
	"strings"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Sentinel errors. Every error this package returns wraps at least one of
// them, so callers can branch with errors.Is.
var (
	// ErrInvalidTransition is wrapped by every refused transition (Finalize,
	// Accept, Cancel, Update, Clone, Revise, FinalizeRevision): the quote's
	// status does not allow the event, or one of the event's guards failed.
	// The error is a *TransitionError naming the status and the event.
	ErrInvalidTransition = errors.New("quote: invalid transition")
	// ErrExpired: Finalize or Accept at or after expires_at. It comes inside
	// a *TransitionError, so it matches ErrInvalidTransition too.
	ErrExpired = errors.New("quote: quote has expired")
	// ErrInvalidQuote: a quote whose fields cannot be computed or finalized
	// (a missing price, a negative quantity, a bad coupon or tax rate, mixed
	// currencies or intervals). The error is a *FieldError naming the field.
	ErrInvalidQuote = errors.New("quote: invalid quote")
	// ErrCurrencyMismatch: a line's price or an amount_off coupon in a
	// currency other than the quote's.
	ErrCurrencyMismatch = errors.New("quote: currency mismatch")
	// ErrOverflow: an amount does not fit in int64 minor units. It also
	// matches pricing.ErrOverflow when pricing reported it.
	ErrOverflow = errors.New("quote: amount overflows int64 minor units")
	// ErrUnsupported: automatic tax, which needs a tax service (I/O) and is
	// out of scope.
	ErrUnsupported = errors.New("quote: unsupported")
	// ErrInvalidJSON: JSON that cannot be decoded into a quote (a value of
	// the wrong type, an object of another kind). Unknown keys and unknown
	// status values are not errors.
	ErrInvalidJSON = errors.New("quote: invalid json")
)

// Event names a transition attempted on a quote.
type Event string

// The events of the lifecycle.
const (
	EventFinalize Event = "finalize"
	EventAccept   Event = "accept"
	EventCancel   Event = "cancel"
	EventUpdate   Event = "update"
	EventClone    Event = "clone"
	EventRevise   Event = "revise"
)

// TransitionError is a refused transition: Event is not allowed for a quote
// in status From, or one of its guards failed (Reason, possibly several
// problems joined). It unwraps to ErrInvalidTransition and to Reason, so
// errors.Is(err, ErrExpired) holds for an expired quote.
type TransitionError struct {
	ID     string // the quote's id
	From   Status
	Event  Event
	Reason error // nil when the status alone forbids the event
}

// Error returns "quote: cannot <event> quote <id> in status <status>[: reason]".
func (e *TransitionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "quote: cannot %s quote", e.Event)
	if e.ID != "" {
		b.WriteString(" ")
		b.WriteString(e.ID)
	}
	st := string(e.From)
	if st == "" {
		st = `""`
	}
	b.WriteString(" in status ")
	b.WriteString(st)
	if e.Reason != nil {
		b.WriteString(": ")
		b.WriteString(strings.ReplaceAll(stripPrefix(e.Reason.Error(), e.ID), "\n", "; "))
	}
	return b.String()
}

// stripPrefix drops the package prefix "quote: " where it starts a line of
// msg (each joined problem starts one), and then "quote <id>: " naming the
// quote the transition error already names, and nowhere else: a field such
// as from_quote keeps its name.
func stripPrefix(msg, id string) string {
	lines := strings.Split(msg, "\n")
	named := "quote " + id + ": "
	if id == "" {
		named = "quote: "
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(strings.TrimPrefix(l, "quote: "), named)
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns ErrInvalidTransition and Reason.
func (e *TransitionError) Unwrap() []error {
	if e.Reason == nil {
		return []error{ErrInvalidTransition}
	}
	return []error{ErrInvalidTransition, e.Reason}
}

// FieldError is one problem with one field of a quote (or of an object
// nested in it, or of a created object), the shape every package of this
// module shares: Object is "quote" (or the decoded object's name), ID its
// id, Field the path as Stripe names it ("line_items[2].price.currency",
// "discounts[0].coupon.percent_off"; a decoding error names the JSON path,
// "line_items.data[0].quantity"), Reason a lowercase description. It unwraps
// to Err (ErrInvalidQuote, ErrCurrencyMismatch, ErrOverflow,
// ErrUnsupported or ErrInvalidJSON) and to Cause when another package
// (pricing) reported the problem. Its message reads
// "quote: quote <id>: <field>: <reason>".
type FieldError = stripejson.FieldError
