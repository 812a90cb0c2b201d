package invoice

import (
	"errors"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Sentinel errors; every error this package returns wraps one of them.
var (
	// ErrInvalidInvoice: an invoice whose lines, discounts or tax rates
	// cannot be computed; a *FieldError names the field.
	ErrInvalidInvoice = errors.New("invoice: invalid invoice")
	// ErrCurrencyMismatch: an amount_off coupon in another currency with no
	// currency option for the invoice's, or a line in another currency.
	ErrCurrencyMismatch = errors.New("invoice: currency mismatch")
	// ErrOverflow: an amount does not fit in int64 minor units.
	ErrOverflow = errors.New("invoice: amount overflows int64 minor units")
)

// FieldError is the module's one field error: object, id, field, reason.
type FieldError = stripejson.FieldError
