package credit

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Invoice is what Apply needs of an invoice being finalized.
type Invoice struct {
	ID        string
	Customer  string
	Currency  pricing.Currency
	PeriodEnd time.Time
	Lines     []InvoiceLine
}

// InvoiceLine is one line of an Invoice, in invoice order.
type InvoiceLine struct {
	ID      string
	Price   string // price id
	Metered bool   // the price has a meter (usage_type metered)
	Amount  int64  // after discounts, before taxes, minor units
}

// Validate reports every problem with inv at once, each a *FieldError
// wrapping ErrInvalidInvoice: id and customer required, a supported currency,
// a period_end, and lines with unique non-empty ids and non-negative amounts.
func (inv Invoice) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, stripejson.Errorf(ErrInvalidInvoice, ObjectInvoice, inv.ID, field, format, args...))
	}
	if inv.ID == "" {
		add("id", "is required")
	}
	if inv.Customer == "" {
		add("customer", "is required")
	}
	if !inv.Currency.Valid() {
		add("currency", "unknown currency %q", inv.Currency)
	}
	if inv.PeriodEnd.IsZero() {
		add("period_end", "is required")
	}
	seen := make(map[string]int, len(inv.Lines))
	for i, ln := range inv.Lines {
		f := "lines[" + itoa(i) + "]"
		if ln.ID == "" {
			add(f+".id", "is required")
		} else if j, dup := seen[ln.ID]; dup {
			add(f+".id", "%q repeats lines[%d].id", ln.ID, j)
		} else {
			seen[ln.ID] = i
		}
		if ln.Amount < 0 {
			add(f+".amount", "must not be negative, got %d", ln.Amount)
		}
	}
	return joinErrs(errs)
}

// SkipReason says why a grant paid nothing for an invoice, or why a line
// was left to pay. [P]
type SkipReason string

// Skip reasons; a grant's is the first that applies, in this order.
const (
	SkipVoided       SkipReason = "voided"        // voided at or before finalization
	SkipCurrency     SkipReason = "currency"      // grant currency differs from the invoice's
	SkipNotEffective SkipReason = "not_effective" // period_end, or finalization, before effective_at
	SkipExpired      SkipReason = "expired"       // period_end, or finalization, at or after expires_at
	SkipEmpty        SkipReason = "empty"         // nothing to spare at finalization (for a line: what covers it ran out)
	SkipScope        SkipReason = "scope"         // covers none of the invoice's lines (for a line: no grant covers it; a line not metered)
	SkipCovered      SkipReason = "covered"       // the lines it covers were paid by grants that pay first
)

// Skip is one grant that paid nothing for an invoice, and why.
type Skip struct {
	CreditGrant string
	Reason      SkipReason
}

// GrantAmount is an amount taken from one grant.
type GrantAmount struct {
	CreditGrant string
	Amount      int64
}

// LineApplication reports one invoice line: its amount, how much credits
// covered, what is left to pay (Amount = Covered + Remaining), the grants
// that paid in pay-first order, and, when Remaining is not 0, why:
// SkipScope when no grant that can pay for the invoice covers the line
// (or the line is not metered), SkipEmpty when those that cover it ran
// out.
type LineApplication struct {
	Line      string
	Amount    int64
	Covered   int64
	Remaining int64
	Applied   []GrantAmount
	Uncovered SkipReason
}

// Application is the result of Apply: the new credits_applied debits (one
// per grant and line that paid, in line order then pay-first order), one
// LineApplication per invoice line in invoice order, the customer's grants
// that paid nothing (each once, in pay-first order, with the first reason
// that applies), and the total covered. Its size is O(lines + grants): a
// line takes from a grant either all the grant has left or all the line
// has left, so there are fewer (grant, line) payments than lines plus
// grants.
type Application struct {
	Invoice      string
	Transactions []Transaction
	Lines        []LineApplication
	Skipped      []Skip
	Covered      int64
}

// ApplyOptions are the options of ApplyWith. The zero value is what Apply
// uses.
type ApplyOptions struct {
	// Order replaces the pay-first order; nil means StripeOrder.
	Order Order
	// IDs names the new transactions; nil means DeterministicID.
	IDs IDGenerator
}

// Apply applies the invoice customer's credits to an invoice finalized at
// instant at. inv.Customer is a customer or customer account id (as for
// Summarize); grants of other customers are ignored; neither slice is
// modified; the transactions returned are new (append them to the
// ledger).
//
// Rules [S]: a grant can pay when the invoice period_end is >= its
// effective_at and < its expires_at, its currency is the invoice's, and it
// has available balance at at: it is effective, not expired and not voided
// at at (an expiry not yet debited in txns still counts [P]), and its ledger
// balance at at is positive. Only metered lines qualify, and a
// prices-scoped grant only lines whose price it lists. Lines are credited
// in invoice order; each takes from grants in pay-first order min(amount
// left, grant balance left). A grant's balance here is the lowest balance
// it has at at or at any later instant, so a back-dated finalization never
// makes a later balance negative [P]. One credits_applied debit per
// (grant, line) [P], created and effective at at, its id from the
// IDGenerator keyed by (credits_applied, grant, invoice, line).
//
// Errors: an invalid invoice (ErrInvalidInvoice, also for an instant
// outside the years 1970 to 9999), an invalid ledger (as Summarize), or
// credits already applied to this invoice (ErrAlreadyApplied).
func Apply(grants []Grant, txns []Transaction, inv Invoice, at time.Time) (Application, error) {
	return ApplyWith(grants, txns, inv, at, ApplyOptions{})
}

// ApplyWith is Apply with options: another pay-first order, another id
// generator.
func ApplyWith(grants []Grant, txns []Transaction, inv Invoice, at time.Time, o ApplyOptions) (Application, error) {
	if err := inv.Validate(); err != nil {
		return Application{}, err
	}
	if err := checkInstant(at, ErrInvalidInvoice, ObjectInvoice, inv.ID, "finalized_at"); err != nil {
		return Application{}, err
	}
	var sc scratch
	atU := at.Unix()
	s, hits, err := compileSlices(grants, txns, func(g *Grant) bool { return belongsTo(g, inv.Customer) }, atU, &sc, scanOpts{invoice: inv.ID, needLater: true})
	if err != nil {
		return Application{}, err
	}
	for _, tx := range hits {
		if t := &txns[tx]; t.Debit.Type == CreditsApplied {
			return Application{}, alreadyApplied(inv.ID, t.ID, t.CreditGrant)
		}
	}
	s.customer = inv.Customer
	v := s.view(&sc)
	spare := make([]int64, len(v.sel))
	for k, gi := range v.sel {
		spare[k] = max(0, s.lowFrom(int(gi)))
	}
	return v.apply(spare, inv, at, o)
}
