package credit

import "time"

// MaxUnusedGrants is the most unused credit grants a customer may have. [S]
const MaxUnusedGrants = 100

// UnusedGrants counts customer's unused grants at instant at: not voided,
// not expired, and either pending or with a positive ledger balance. [S]
// customer is a customer or customer account id, as for Summarize.
// Errors: an invalid ledger (as Summarize).
func UnusedGrants(customer string, grants []Grant, txns []Transaction, at time.Time) (int, error) {
	var sc scratch
	v, err := sliceView(customer, grants, txns, at, &sc)
	if err != nil {
		return 0, err
	}
	return v.unused(), nil
}

// CheckGrantLimit is the check a caller runs before adding a grant for
// customer at instant at: it returns ErrTooManyGrants when the customer
// already has MaxUnusedGrants unused grants (see UnusedGrants), so one more
// would exceed Stripe's limit, and nil otherwise. Errors of UnusedGrants
// are returned as they are.
func CheckGrantLimit(customer string, grants []Grant, txns []Transaction, at time.Time) error {
	n, err := UnusedGrants(customer, grants, txns, at)
	if err != nil {
		return err
	}
	return grantLimit(customer, n)
}
