package subscription

import (
	"errors"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Sentinel errors; every error this package returns wraps one of them.
var (
	// ErrInvalidSubscription: a subscription that cannot be billed (no
	// items, a missing price, an unknown meter); a *FieldError names the
	// field.
	ErrInvalidSubscription = errors.New("subscription: invalid subscription")
	// ErrInvalidChange: a change that cannot be applied (an unknown item,
	// a proration_date outside the current period, none with a
	// proration_date); a *FieldError names the field.
	ErrInvalidChange = errors.New("subscription: invalid change")
	// ErrNoInvoice: the subscription issues no invoice at that boundary
	// (it ended before).
	ErrNoInvoice = errors.New("subscription: no invoice at that boundary")
	// ErrUnsupported: what this version does not model and refuses rather
	// than compute wrongly: items with different intervals, an interval
	// change, a trial change on an existing subscription, a fractional
	// metered quantity.
	ErrUnsupported = errors.New("subscription: unsupported")
)

// FieldError is the module's one field error: object, id, field, reason.
type FieldError = stripejson.FieldError

func errorf(sentinel error, id, field, format string, args ...any) *FieldError {
	return stripejson.Errorf(sentinel, "subscription", id, field, format, args...)
}
