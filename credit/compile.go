package credit

import (
	"math"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// The compiled form. A grant compiles to a rule (its window in unix
// seconds, its amount and currency); a transaction compiles, against its
// grant's rule, to an event (when it is effective, its signed amount, its
// kind). Both the Ledger and the slice functions compile through the
// functions of this file, so they validate by the same rules.

// kind is the type of a compiled event.
type kind uint8

const (
	kindGranted    kind = iota + 1 // credits_granted, recorded
	kindImplied                    // credits_granted implied at the effective time (no transaction)
	kindReinstated                 // credits_application_invoice_voided
	kindApplied                    // credits_applied
	kindExpired                    // credits_expired
	kindVoided                     // credits_voided
)

// debit reports whether events of kind k take from the balance.
func (k kind) debit() bool { return k >= kindApplied }

// never stands for a null expires_at or voided_at.
const never = math.MaxInt64

// rule is a grant compiled for computing.
type rule struct {
	eff, exp, void int64 // effective time, expires_at, voided_at (never when null)
	value          int64 // the amount granted
	cur            pricing.Currency
	metered        bool // scoped to price_type metered
}

// ruleOf returns the rule of g, whose times must be in range.
func ruleOf(g *Grant) rule {
	eff, exp, void := windowOf(g)
	return rule{eff: eff, exp: exp, void: void, value: g.Amount.Monetary.Value, cur: g.Amount.Monetary.Currency,
		metered: g.ApplicabilityConfig.Scope.PriceType == PriceTypeMetered}
}

// funds reports whether the grant ever becomes effective, and so is funded:
// its window [eff, min(exp, void)) is not empty.
func (r *rule) funds() bool { return r.eff < r.exp && r.eff < r.void }

// state is the grant's state at t.
func (r *rule) state(t int64) GrantState { return stateAt(r.eff, r.exp, r.void, t) }

// inRange reports whether u is a unix time Stripe can send: years 1970 to
// 9999.
func inRange(u int64) bool { return u >= stripejson.MinUnix && u <= stripejson.MaxUnix }

// timeProblem appends an error when t is set and out of range.
func timeProblem(errs []error, sentinel error, object, id, field string, t time.Time) []error {
	if t.IsZero() {
		return errs
	}
	if u := t.Unix(); !inRange(u) {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, field,
			"unix time %d is outside %d to %d (years 1970 to 9999)", u, int64(stripejson.MinUnix), int64(stripejson.MaxUnix)))
	}
	return errs
}

// compileGrant compiles g, appending a problem for each field the
// computation depends on that it cannot use: an amount that is not a
// positive monetary amount in a supported currency, and times outside the
// years 1970 to 9999 (a grant with neither effective_at nor created has no
// effective time).
func compileGrant(g *Grant, errs []error) (rule, []error) {
	n := len(errs)
	errs = g.Amount.validate(errs, ErrInvalidGrant, ObjectGrant, g.ID, "amount")
	if g.EffectiveAt.IsZero() && g.Created.IsZero() {
		errs = append(errs, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "effective_at", "is required when created is null"))
	} else if g.EffectiveAt.IsZero() {
		errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, "created", g.Created)
	} else {
		errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, "effective_at", g.EffectiveAt)
	}
	errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, "expires_at", g.ExpiresAt)
	errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, "voided_at", g.VoidedAt)
	if len(errs) > n {
		return rule{}, errs
	}
	return ruleOf(g), errs
}

// event is a transaction compiled against its grant's rule.
type event struct {
	at   int64 // effective_at, unix seconds
	v    int64 // signed amount: credits positive, debits negative
	kind kind
}

// compileTxn compiles t against r, the rule of its grant gid, appending one
// error per problem: no resolvable direction, an amount that is not a
// positive monetary amount in the grant's currency, an effective_at that
// is null or outside the years 1970 to 9999, an unknown credit or debit
// type, an invoice reference missing where required or set where not, a
// credits_granted of another amount than the grant's, before the grant's
// effective time, or of a grant that never becomes effective. Rules that span transactions (one funding, the
// balance, reinstatements) are checked by the caller.
func compileTxn(t *Transaction, r *rule, gid string, errs []error) (event, bool, []error) {
	var a *Amount
	credit := false
	switch {
	case t.Type == TypeDebit && t.Credit.zero():
		a = &t.Debit.Amount
	case t.Type == TypeCredit && t.Debit.zero():
		a, credit = &t.Credit.Amount, true
	default:
		d, problem := t.direction()
		if problem != "" {
			return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "type", "%s", problem))
		}
		if d == TypeCredit {
			a, credit = &t.Credit.Amount, true
		} else {
			a = &t.Debit.Amount
		}
	}
	if !a.isMonetary() || a.Monetary.Value <= 0 {
		return event{}, false, t.amountProblem(errs, *a, sideName(credit))
	}
	if !sameCurrency(a.Monetary.Currency, r.cur) {
		return event{}, false, append(errs, stripejson.Errorf(ErrCurrencyMismatch, ObjectTransaction, t.ID, sideName(credit)+".amount.monetary.currency",
			"%q differs from credit grant %s currency %q", a.Monetary.Currency, gid, r.cur))
	}
	v := a.Monetary.Value
	at := t.EffectiveAt.Unix()
	if !inRange(at) {
		if t.EffectiveAt.IsZero() {
			return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at", "is required"))
		}
		return event{}, false, timeProblem(errs, ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at", t.EffectiveAt)
	}
	if credit {
		ref := &t.Credit.CreditsApplicationInvoiceVoided
		switch t.Credit.Type {
		case CreditsGranted:
			switch {
			case ref.Invoice != "" || ref.InvoiceLineItem != "":
				return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.credits_application_invoice_voided", "must be null for credits_granted"))
			case v != r.value:
				return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.amount.monetary.value",
					"credits_granted of %d differs from credit grant %s amount %d", v, gid, r.value))
			case at < r.eff:
				return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at",
					"credits_granted at %d precedes credit grant %s effective_at %d", at, gid, r.eff))
			case !r.funds():
				return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.type",
					"credit grant %s is voided or expires at or before it becomes effective (%d): it is never funded", gid, r.eff))
			}
			return event{at: at, v: v, kind: kindGranted}, true, errs
		case CreditsApplicationInvoiceVoided:
			if ref.Invoice == "" || ref.InvoiceLineItem == "" {
				return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.credits_application_invoice_voided", "invoice and invoice_line_item are required"))
			}
			return event{at: at, v: v, kind: kindReinstated}, true, errs
		}
		return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.type", "unknown credit type %q", t.Credit.Type))
	}
	ref := &t.Debit.CreditsApplied
	var k kind
	switch t.Debit.Type {
	case CreditsApplied:
		if ref.Invoice == "" || ref.InvoiceLineItem == "" {
			return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.credits_applied", "invoice and invoice_line_item are required"))
		}
		return event{at: at, v: -v, kind: kindApplied}, true, errs
	case CreditsExpired:
		k = kindExpired
	case CreditsVoided:
		k = kindVoided
	default:
		return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.type", "unknown debit type %q", t.Debit.Type))
	}
	if ref.Invoice != "" || ref.InvoiceLineItem != "" {
		return event{}, false, append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.credits_applied", "must be null for %s", t.Debit.Type))
	}
	return event{at: at, v: -v, kind: k}, true, errs
}

// quickApplied compiles t when it is what most ledgers are made of, a
// typed credits_applied debit of a positive monetary amount in the grant's
// currency with its invoice line: it returns what compileTxn returns for
// it (effective_at and the signed amount), and ok false for anything else
// (then compileTxn decides). It reads no more of t than compileTxn does,
// in fewer steps.
func quickApplied(t *Transaction, r *rule) (at, v int64, ok bool) {
	d := &t.Debit
	if t.Type != TypeDebit || d.Type != CreditsApplied || d.Amount.Type != AmountMonetary || !t.Credit.zero() {
		return 0, 0, false
	}
	v = d.Amount.Monetary.Value
	at = t.EffectiveAt.Unix()
	if v <= 0 || !sameCurrency(d.Amount.Monetary.Currency, r.cur) || !inRange(at) ||
		d.CreditsApplied.Invoice == "" || d.CreditsApplied.InvoiceLineItem == "" {
		return 0, 0, false
	}
	return at, -v, true
}

// ref returns the invoice line t applies credits to or reinstates them
// from (zero for other kinds).
func (t *Transaction) ref() InvoiceLineRef {
	if t.Debit.Type == CreditsApplied {
		return t.Debit.CreditsApplied
	}
	return t.Credit.CreditsApplicationInvoiceVoided
}

func secondFunding(t *Transaction, gid string) error {
	return stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.type", "second credits_granted for credit grant %s", gid)
}

// addChecked64 returns a+b, or false when the sum overflows int64.
func addChecked64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

func overflowErr(gid string) error {
	return stripejson.Errorf(ErrOverflow, ObjectGrant, gid, "ledger_balance", "the ledger balance overflows int64")
}

// checkInstant refuses an instant a computation would write to the ledger
// when it falls outside the years 1970 to 9999.
func checkInstant(at time.Time, sentinel error, object, id, field string) error {
	if u := at.Unix(); !inRange(u) {
		return stripejson.Errorf(sentinel, object, id, field,
			"unix time %d is outside %d to %d (years 1970 to 9999)", u, int64(stripejson.MinUnix), int64(stripejson.MaxUnix))
	}
	return nil
}

// selects reports whether grant g belongs to customer, which names a
// customer (customer) or a customer account (customer_account), as Stripe
// allows either. An empty customer selects nothing.
func belongsTo(g *Grant, customer string) bool {
	return customer != "" && (g.Customer == customer || g.CustomerAccount == customer)
}

func sideName(credit bool) string {
	if credit {
		return "credit"
	}
	return "debit"
}

// sameCurrency is a == b, without a call for three-letter codes.
func sameCurrency(a, b pricing.Currency) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 3 {
		return a[0] == b[0] && a[1] == b[1] && a[2] == b[2]
	}
	return a == b
}

func (t *Transaction) amountProblem(errs []error, a Amount, side string) []error {
	if _, problem := t.direction(); problem != "" { // the typed side is null
		return append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "type", "%s", problem))
	}
	if a.Type == AmountCustomPricingUnit {
		return append(errs, stripejson.Errorf(ErrUnsupportedAmount, ObjectTransaction, t.ID, side+".amount.type", "custom_pricing_unit amounts are not supported yet"))
	}
	if !a.isMonetary() {
		errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, side+".amount.type", "must be %q, got %q", AmountMonetary, a.Type))
	}
	if a.Monetary.Value <= 0 {
		errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, side+".amount.monetary.value", "must be positive, got %d", a.Monetary.Value))
	}
	return errs
}
