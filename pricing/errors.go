package pricing

import "errors"

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
)
