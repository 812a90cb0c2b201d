package pricing

import (
	"errors"

	"github.com/billingkit/billingkit/internal/stripejson"
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
	// decimal string, a time outside the years 1970 to 9999, a key that
	// differs from a modelled key only in case, an object of another kind).
	// Unknown keys (kept) and unknown enum values are not errors.
	ErrInvalidJSON = errors.New("pricing: invalid json")
)

// FieldError is one problem with one field of a price or plan, found by
// Validate, by the amount computation or while decoding JSON: the one
// error shape of every billingkit package. Object is "price" or "plan"
// (empty when a nested value such as a Tier was decoded on its own), ID the
// price's or plan's id when known, Field the path as Stripe names it
// ("tiers[2].up_to", "recurring.interval_count",
// "currency_options.eur.tiers[0].unit_amount"), Reason what is wrong,
// lowercase. Its message reads
//
//	pricing: price price_1: tiers[2].up_to: must be at least 1 (got 0)
//
// It unwraps to Err, the sentinel: ErrInvalidPrice for a validation
// problem, ErrInvalidJSON for a decoding problem, ErrInvalidOptions or
// ErrOverflow for the amount computation. A problem with a currency code
// has Err ErrInvalidPrice and Cause ErrUnknownCurrency, so it matches both.
// Use errors.As to get at it; Validate joins several with errors.Join.
type FieldError = stripejson.FieldError
