package pricing

import (
	"errors"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of these where it
// applies, so callers can branch with errors.Is.
var (
	// ErrUnknownCurrency: a currency code Stripe does not support, or not lowercase.
	ErrUnknownCurrency = errors.New("pricing: unknown currency")
	// ErrOverflow: an amount does not fit in int64 minor units.
	ErrOverflow = errors.New("pricing: amount overflows int64 minor units")
	// ErrInvalidPrice: a price or plan that fails validation or cannot be priced.
	ErrInvalidPrice = errors.New("pricing: invalid price")
	// ErrInvalidQuantity: a negative quantity.
	ErrInvalidQuantity = errors.New("pricing: invalid quantity")
	// ErrOneTimePrice: a one-time price has no plan counterpart.
	ErrOneTimePrice = errors.New("pricing: a one-time price cannot be converted to a plan")
	// ErrInvalidJSON: JSON that cannot be decoded into a price or plan (a
	// value of the wrong JSON type, an integer out of range, a malformed
	// decimal string, an object of another kind). Unknown keys and unknown
	// enum values are not errors.
	ErrInvalidJSON = errors.New("pricing: invalid json")
)

// FieldError is one problem with one field of a price or plan, found by
// Validate or while decoding JSON. Field is the path as Stripe names it
// ("tiers[2].up_to", "recurring.interval_count",
// "currency_options.eur.tiers[0].unit_amount"); Object is "price" or "plan"
// (empty when a nested value such as a Tier was decoded on its own).
//
// A FieldError unwraps to Err: ErrInvalidPrice for a validation problem,
// ErrUnknownCurrency for an unknown or non-lowercase currency (which also
// matches ErrInvalidPrice), ErrInvalidJSON for a decoding problem. Use
// errors.As to get at it; Validate joins several with errors.Join.
type FieldError struct {
	Object string // "price" or "plan"; "" for a nested value decoded alone
	Field  string // the field path as Stripe names it ("tiers[2].up_to")
	Reason string // what is wrong, lowercase
	Err    error  // the sentinel: ErrInvalidPrice, ErrUnknownCurrency, ErrInvalidJSON, ErrInvalidOptions or ErrOverflow
}

// Error returns "pricing: <object>.<field>: <reason>".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("pricing: ")
	if e.Object != "" {
		b.WriteString(e.Object)
		if e.Field != "" {
			b.WriteByte('.')
		}
	}
	b.WriteString(e.Field)
	if e.Object != "" || e.Field != "" {
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the sentinels e matches: Err, plus ErrInvalidPrice when Err
// is ErrUnknownCurrency.
func (e *FieldError) Unwrap() []error {
	switch e.Err {
	case nil:
		return []error{ErrInvalidPrice}
	case ErrUnknownCurrency:
		return []error{ErrUnknownCurrency, ErrInvalidPrice}
	}
	return []error{e.Err}
}
