package credit

import (
	"errors"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Sentinel errors. Every error this package returns wraps one of these (often
// through a *FieldError), so callers can branch with errors.Is.
var (
	// ErrUnknownGrant: a transaction, filter or reservation refers to a
	// credit grant that is not among the grants given (or, for a filter or
	// reservation, not among the customer's).
	ErrUnknownGrant = errors.New("credit: unknown credit grant")
	// ErrCurrencyMismatch: a transaction's currency differs from its grant's.
	ErrCurrencyMismatch = errors.New("credit: currency mismatch")
	// ErrNegativeBalance: a debit would take a grant's balance below zero.
	ErrNegativeBalance = errors.New("credit: negative balance")
	// ErrVoidAfterApplication: Void of a grant from which credits were applied.
	ErrVoidAfterApplication = errors.New("credit: cannot void a credit grant after credits were applied")
	// ErrInvalidFilter: a summary filter that fails Filter.Validate.
	ErrInvalidFilter = errors.New("credit: invalid filter")
	// ErrInvalidGrant: a credit grant that fails Grant.Validate, or one whose
	// amount cannot be computed with (see ErrUnsupportedAmount).
	ErrInvalidGrant = errors.New("credit: invalid credit grant")
	// ErrInvalidTransaction: a credit balance transaction that fails
	// Transaction.Validate (no direction, both sides set, unknown type,
	// non-positive amount) or contradicts its grant (a second credits_granted,
	// or one whose amount differs from the grant's).
	ErrInvalidTransaction = errors.New("credit: invalid credit balance transaction")
	// ErrInvalidInvoice: an Invoice given to Apply that fails Invoice.Validate.
	ErrInvalidInvoice = errors.New("credit: invalid invoice")
	// ErrUnsupportedAmount: a custom_pricing_unit amount (a preview feature)
	// where a monetary amount is needed to compute. It decodes, but is not
	// computed with yet.
	ErrUnsupportedAmount = errors.New("credit: only monetary amounts can be computed")
	// ErrDuplicateGrant: two grants with the same id.
	ErrDuplicateGrant = errors.New("credit: duplicate credit grant id")
	// ErrDuplicateTransaction: two transactions with the same id (CheckLedger).
	ErrDuplicateTransaction = errors.New("credit: duplicate credit balance transaction id")
	// ErrGrantVoided: Expire or Void of a grant that is already voided.
	ErrGrantVoided = errors.New("credit: credit grant is voided")
	// ErrAlreadyApplied: Apply to an invoice that already has credits_applied
	// transactions in the ledger (an invoice finalizes once).
	ErrAlreadyApplied = errors.New("credit: credits already applied to invoice")
	// ErrTooManyGrants: CheckGrantLimit found MaxUnusedGrants unused grants.
	ErrTooManyGrants = errors.New("credit: too many unused credit grants")
	// ErrLivemodeMismatch: live-mode and test-mode objects mixed in one computation.
	ErrLivemodeMismatch = errors.New("credit: live-mode and test-mode objects mixed")
	// ErrNoCustomer: a summary, balance or limit asked for an empty
	// customer (a customer or customer account id is required; an empty
	// one would merge the grants of every account identified only by
	// customer_account).
	ErrNoCustomer = errors.New("credit: customer or customer_account is required")
	// ErrInvalidJSON: JSON that cannot be decoded into a credit object (wrong
	// JSON type, wrong object string). Unknown keys are not errors.
	ErrInvalidJSON = errors.New("credit: invalid json")
)

// ErrOverflow: a sum of amounts that does not fit in int64 minor units. It
// is reported, never wrapped around. It wraps pricing.ErrOverflow, so
// errors.Is matches either, and its messages start with "credit: ".
var ErrOverflow error = overflowError{}

type overflowError struct{}

func (overflowError) Error() string { return "credit: amount overflows int64 minor units" }
func (overflowError) Unwrap() error { return pricing.ErrOverflow }

// Object names used in FieldError.Object, as Stripe names them.
const (
	ObjectGrant       = "billing.credit_grant"
	ObjectTransaction = "billing.credit_balance_transaction"
	ObjectSummary     = "billing.credit_balance_summary"
	ObjectFilter      = "filter"
	ObjectInvoice     = "invoice"
)

// FieldError is one problem with one field of one object: the one error
// shape of every billingkit package. Object is the Stripe object name
// (ObjectGrant, ObjectTransaction, ...), ID the object's id when it has one,
// Field the path as Stripe names it ("amount.monetary.value",
// "applicability_config.scope.prices[3].id", "lines[2].amount"), Reason a
// lowercase description. It unwraps to Err, one of the sentinel errors, and
// formats as "credit: billing.credit_grant credgr_1: priority: must be
// between 0 and 100, got 101".
type FieldError = stripejson.FieldError

// addChecked returns a+b for non-negative a and b, or false on overflow.
func addChecked(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, false
	}
	return s, true
}
