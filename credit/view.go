package credit

import (
	"cmp"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// view is what every query reads, whether the grants come from a Ledger
// or from a scan of slices: one customer's grants (positions into grants,
// in the order they were given) and their ledger balances at one instant.
type view struct {
	grants []Grant
	rules  []rule
	index  strIndex // grant id -> position
	sel    []int32
	bal    []int64 // by position in sel
	atU    int64

	customer custFacts
}

// custFacts are what a summary needs to know of a customer's grants as a
// whole: whether they were selected by customer or by customer_account,
// their livemode, and the first grant (position in sel) whose livemode
// differs from the first's, -1 when none.
type custFacts struct {
	byCustomer, byAccount bool
	livemode              bool
	mixed                 int
}

func customerOf(grants []Grant, sel []int32, customer string) custFacts {
	f := custFacts{mixed: -1}
	for k, gi := range sel {
		f.add(&grants[gi], k, customer)
	}
	return f
}

// add takes in g, the k-th grant of customer.
func (f *custFacts) add(g *Grant, k int, customer string) {
	f.byCustomer = f.byCustomer || g.Customer == customer
	f.byAccount = f.byAccount || g.CustomerAccount == customer
	if k == 0 {
		f.livemode, f.mixed = g.Livemode, -1
	} else if g.Livemode != f.livemode && f.mixed < 0 {
		f.mixed = k
	}
}

// find returns the position in sel of the grant with id id, or -1.
func (v *view) find(id string) int {
	gi := v.index.lookup(id)
	if gi < 0 {
		return -1
	}
	return slices.Index(v.sel, int32(gi))
}

func errNoCustomer() error {
	return stripejson.Errorf(ErrNoCustomer, ObjectSummary, "", "customer", "is required (a customer or customer_account id)")
}

// reserve returns the reservations by position in sel (nil when none).
func (v *view) reserve(customer string, o SummaryOptions) ([]int64, error) {
	if len(o.Reservations) == 0 {
		return nil, nil
	}
	reserved := make([]int64, len(v.sel))
	var errs []error
	for i, r := range o.Reservations {
		k := v.find(r.CreditGrant)
		field := "reservations[" + itoa(i) + "]"
		switch {
		case k < 0:
			errs = append(errs, stripejson.Errorf(ErrUnknownGrant, "reservation", r.Invoice, field+".credit_grant", "customer %s has no credit grant %q", customer, r.CreditGrant))
		case r.Amount <= 0:
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, "reservation", r.Invoice, field+".amount", "must be positive, got %d", r.Amount))
		default:
			var ok bool
			if reserved[k], ok = addChecked(reserved[k], r.Amount); !ok {
				errs = append(errs, stripejson.Errorf(ErrOverflow, "reservation", r.Invoice, field+".amount", "reservations overflow int64"))
			}
		}
	}
	return reserved, joinErrs(errs)
}

// available is the available balance of the k-th grant: the ledger less
// reservations, floored at zero, inside the grant's window, else zero. [P]
func (v *view) available(k int, reserved []int64) int64 {
	if v.rules[v.sel[k]].state(v.atU) != StateActive {
		return 0
	}
	a := v.bal[k]
	if reserved != nil {
		a -= reserved[k]
	}
	return max(a, 0)
}

// summarize computes the summary of the view's grants (the customer's)
// selected by f, which must be valid.
func (v *view) summarize(customer string, f Filter, at time.Time, o SummaryOptions) (Summary, error) {
	target := -1
	if f.Type == FilterCreditGrant {
		if target = v.find(f.CreditGrant); target < 0 {
			return Summary{}, stripejson.Errorf(ErrUnknownGrant, ObjectFilter, "", "credit_grant", "customer %s has no credit grant %q", customer, f.CreditGrant)
		}
	}
	reserved, err := v.reserve(customer, o)
	if err != nil {
		return Summary{}, err
	}
	c := v.customer
	if c.mixed >= 0 {
		return Summary{}, stripejson.Errorf(ErrLivemodeMismatch, ObjectGrant, v.grants[v.sel[c.mixed]].ID, "livemode", "differs from the customer's other credit grants")
	}
	type total struct {
		cur               pricing.Currency
		ledger, available int64
	}
	var buf [4]total
	totals := buf[:0]
	s := Summary{Livemode: c.livemode}
	metered := f.Type == FilterApplicabilityScope && f.ApplicabilityScope.PriceType != ""
	for k, gi := range v.sel {
		r := &v.rules[gi]
		switch {
		case target >= 0:
			if k != target {
				continue
			}
		case metered: // the filter is valid: price_type metered
			if !r.metered {
				continue
			}
		case !r.metered && !f.selects(&v.grants[gi]):
			continue
		}
		j := -1
		for i := range totals {
			if sameCurrency(totals[i].cur, r.cur) {
				j = i
				break
			}
		}
		if j < 0 {
			totals = append(totals, total{cur: r.cur})
			j = len(totals) - 1
		}
		var ok1, ok2 bool
		totals[j].ledger, ok1 = addChecked(totals[j].ledger, v.bal[k])
		totals[j].available, ok2 = addChecked(totals[j].available, v.available(k, reserved))
		if !ok1 || !ok2 {
			return Summary{}, stripejson.Errorf(ErrOverflow, ObjectSummary, "", "balances", "%s total overflows int64", r.cur)
		}
	}
	if c.byAccount {
		s.CustomerAccount = customer
	}
	if c.byCustomer || !c.byAccount {
		s.Customer = customer
	}
	if len(totals) > 1 {
		slices.SortFunc(totals, func(a, b total) int { return cmp.Compare(a.cur, b.cur) })
	}
	s.Balances = make([]Balance, len(totals))
	for j, t := range totals {
		s.Balances[j] = Balance{AvailableBalance: Money(t.cur, t.available), LedgerBalance: Money(t.cur, t.ledger)}
	}
	return s, nil
}

// grantBalances returns each of the view's grants' balances.
func (v *view) grantBalances(customer string, at time.Time, o SummaryOptions) ([]GrantBalance, error) {
	reserved, err := v.reserve(customer, o)
	if err != nil {
		return nil, err
	}
	out := make([]GrantBalance, 0, len(v.sel))
	for k, gi := range v.sel {
		out = append(out, GrantBalance{CreditGrant: v.grants[gi].ID, Currency: v.rules[gi].cur,
			State: v.rules[gi].state(v.atU), Ledger: v.bal[k], Available: v.available(k, reserved)})
	}
	return out, nil
}

// unused counts the view's unused grants: pending, or active with a
// positive ledger balance.
func (v *view) unused() int {
	n := 0
	for k, gi := range v.sel {
		switch v.rules[gi].state(v.atU) {
		case StatePending:
			n++
		case StateActive:
			if v.bal[k] > 0 {
				n++
			}
		}
	}
	return n
}

func grantLimit(customer string, n int) error {
	if n >= MaxUnusedGrants {
		return stripejson.Errorf(ErrTooManyGrants, ObjectGrant, "", "customer", "customer %s has %d unused credit grants; at most %d are allowed", customer, n, MaxUnusedGrants)
	}
	return nil
}

func alreadyApplied(invoice, txn, grant string) error {
	return stripejson.Errorf(ErrAlreadyApplied, ObjectInvoice, invoice, "", "transaction %s already applied credits of grant %s", txn, grant)
}

// apply applies the view's grants to inv finalized at at (validated by
// the caller), each grant paying at most spare[k] (what it can spare at
// at without a later balance going below zero). The report is O(lines +
// grants) in size: a (grant, line) pair is reported only when the grant
// paid for the line, and a line pays from a grant either all it has left
// or all the line has left.
func (v *view) apply(spare []int64, inv Invoice, at time.Time, o ApplyOptions) (Application, error) {
	atU, endU := at.Unix(), inv.PeriodEnd.Unix()
	n := len(v.sel)
	reason := make([]SkipReason, n) // why it cannot pay for any line of inv
	left := make([]int64, n)
	order := make([]int, n) // positions in sel, pay-first
	for k, gi := range v.sel {
		order[k] = k
		r := &v.rules[gi]
		switch {
		case atU >= r.void:
			reason[k] = SkipVoided
		case r.cur != inv.Currency:
			reason[k] = SkipCurrency
		case endU < r.eff || atU < r.eff:
			reason[k] = SkipNotEffective
		case endU >= r.exp || atU >= r.exp:
			reason[k] = SkipExpired
		default:
			left[k] = max(spare[k], 0)
		}
	}
	if o.Order == nil { // Stripe's order, ids last: compared in place
		slices.SortStableFunc(order, func(a, b int) int { return stripeOrder(&v.grants[v.sel[a]], &v.grants[v.sel[b]]) })
	} else {
		slices.SortStableFunc(order, func(a, b int) int { return o.Order.Compare(v.grants[v.sel[a]], v.grants[v.sel[b]]) })
	}
	when := second(at)
	app := Application{Invoice: inv.ID, Lines: make([]LineApplication, len(inv.Lines))}
	paid := make([]bool, n)
	for li, ln := range inv.Lines {
		la := LineApplication{Line: ln.ID, Amount: ln.Amount}
		rem := ln.Amount
		covered := false // a grant that can pay for the invoice (if not empty) covers the line
		for _, k := range order {
			if rem == 0 {
				break
			}
			g := &v.grants[v.sel[k]]
			if reason[k] != "" || !g.ApplicabilityConfig.Scope.Covers(ln.Price, ln.Metered) {
				continue
			}
			covered = true
			if left[k] == 0 {
				continue
			}
			take := min(rem, left[k])
			left[k] -= take
			rem -= take
			paid[k] = true
			la.Applied = append(la.Applied, GrantAmount{CreditGrant: g.ID, Amount: take})
			ref := InvoiceLineRef{Invoice: inv.ID, InvoiceLineItem: ln.ID}
			app.Transactions = append(app.Transactions, Transaction{
				ID:          o.IDs.ID(txnKey(string(CreditsApplied), g.ID, ref)),
				Created:     when,
				CreditGrant: g.ID,
				Debit:       Debit{Amount: Money(v.rules[v.sel[k]].cur, take), CreditsApplied: ref, Type: CreditsApplied},
				EffectiveAt: when,
				Livemode:    g.Livemode,
				TestClock:   g.TestClock,
				Type:        TypeDebit,
			})
		}
		la.Covered, la.Remaining = ln.Amount-rem, rem
		switch {
		case rem == 0:
		case covered:
			la.Uncovered = SkipEmpty
		default:
			la.Uncovered = SkipScope
		}
		var ok bool
		if app.Covered, ok = addChecked(app.Covered, la.Covered); !ok {
			return Application{}, stripejson.Errorf(ErrOverflow, ObjectInvoice, inv.ID, "lines", "covered total overflows int64")
		}
		app.Lines[li] = la
	}
	for _, k := range order {
		if paid[k] {
			continue
		}
		why := reason[k]
		if why == "" && left[k] == spare[k] && spare[k] <= 0 {
			why = SkipEmpty
		}
		if why == "" {
			why = SkipScope
			scope := v.grants[v.sel[k]].ApplicabilityConfig.Scope
			if slices.ContainsFunc(inv.Lines, func(ln InvoiceLine) bool { return ln.Amount > 0 && scope.Covers(ln.Price, ln.Metered) }) {
				why = SkipCovered
			}
		}
		app.Skipped = append(app.Skipped, Skip{CreditGrant: v.grants[v.sel[k]].ID, Reason: why})
	}
	return app, nil
}
