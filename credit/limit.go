package credit

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// MaxUnusedGrants is the most unused credit grants a customer may have. [S]
const MaxUnusedGrants = 100

// UnusedGrants counts customer's unused grants at instant at: not voided,
// not expired, and either pending or with a positive ledger balance. [S]
// Errors: an invalid ledger (as Summarize).
func UnusedGrants(customer string, grants []Grant, txns []Transaction, at time.Time) (int, error) {
	l, err := buildLedger(customer, false, grants, txns, at, false, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range grants {
		st := &l.states[i]
		if !st.include {
			continue
		}
		switch grants[i].Window(at) {
		case StatePending:
			n++
		case StateActive:
			if st.ledger > 0 {
				n++
			}
		}
	}
	return n, nil
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
	if n >= MaxUnusedGrants {
		return stripejson.Errorf(ErrTooManyGrants, ObjectGrant, "", "customer", "customer %s has %d unused credit grants; at most %d are allowed", customer, n, MaxUnusedGrants)
	}
	return nil
}
