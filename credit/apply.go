package credit

import (
	"cmp"
	"math"
	"slices"
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

// SkipReason says why a grant was passed over for an invoice line. [P]
type SkipReason string

// Skip reasons, checked in this order.
const (
	SkipVoided       SkipReason = "voided"        // voided at or before finalization
	SkipCurrency     SkipReason = "currency"      // grant currency differs from the invoice's
	SkipNotEffective SkipReason = "not_effective" // period_end, or finalization, before effective_at
	SkipExpired      SkipReason = "expired"       // period_end, or finalization, at or after expires_at
	SkipScope        SkipReason = "scope"         // line not metered, or price not in the grant's prices
	SkipEmpty        SkipReason = "empty"         // no balance left
)

// Skip is one grant passed over for one line.
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
// that paid in pay-first order, and the grants passed over before the line
// was covered, with the reason.
type LineApplication struct {
	Line      string
	Amount    int64
	Covered   int64
	Remaining int64
	Applied   []GrantAmount
	Skipped   []Skip
}

// Application is the result of Apply: the new credits_applied debits (one
// per grant and line that paid, in line order then pay-first order), one
// LineApplication per invoice line in invoice order, and the total covered.
type Application struct {
	Invoice      string
	Transactions []Transaction
	Lines        []LineApplication
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
// instant at. Grants of other customers are ignored; neither slice is
// modified; the transactions returned are new (append them to the ledger).
//
// Rules [S]: a grant can pay when the invoice period_end is >= its
// effective_at and < its expires_at, its currency is the invoice's, and it
// has available balance at at: it is effective, not expired and not voided
// at at (an expiry not yet debited in txns still counts [P]), and its ledger
// balance at at is positive. Only metered lines qualify, and a
// prices-scoped grant only lines whose price it lists. Lines are credited
// in invoice order; each takes from grants in pay-first order min(amount
// left, grant balance left). A grant's balance here is its ledger balance
// at at, lowered to the lowest balance that transactions in txns effective
// after at take it to, so a back-dated finalization never makes a later
// balance negative [P]. One credits_applied debit per
// (grant, line) [P], created and effective at at, its id from the
// IDGenerator keyed by (credits_applied, grant, invoice, line).
//
// Errors: an invalid invoice (ErrInvalidInvoice), an invalid ledger (as
// Summarize), or credits already applied to this invoice (ErrAlreadyApplied).
func Apply(grants []Grant, txns []Transaction, inv Invoice, at time.Time) (Application, error) {
	return ApplyWith(grants, txns, inv, at, ApplyOptions{})
}

// ApplyWith is Apply with options: another pay-first order, another id
// generator.
func ApplyWith(grants []Grant, txns []Transaction, inv Invoice, at time.Time, o ApplyOptions) (Application, error) {
	if err := inv.Validate(); err != nil {
		return Application{}, err
	}
	var sc scratch
	l, err := buildLedger(inv.Customer, false, grants, txns, at, false, &sc)
	if err != nil {
		return Application{}, err
	}
	atU, endU := at.Unix(), inv.PeriodEnd.Unix()
	var later []laterEvent
	for i := range txns {
		t := &txns[i]
		if t.Debit.Type == CreditsApplied && t.Debit.CreditsApplied.Invoice == inv.ID {
			if gi := l.lookup(t.CreditGrant); gi >= 0 && l.states[gi].include {
				return Application{}, stripejson.Errorf(ErrAlreadyApplied, ObjectInvoice, inv.ID, "", "transaction %s already applied credits of grant %s", t.ID, t.CreditGrant)
			}
		}
		if eff := t.EffectiveAt.Unix(); eff > atU {
			if gi := l.lookup(t.CreditGrant); gi >= 0 && l.states[gi].include {
				d, _ := t.direction()
				if d == TypeCredit {
					later = append(later, laterEvent{gi, eff, t.Credit.Amount.Monetary.Value})
				} else {
					later = append(later, laterEvent{gi, eff, -t.Debit.Amount.Monetary.Value})
				}
			}
		}
	}
	order := make([]int, 0, len(grants))
	static := make([]SkipReason, len(grants))
	balance := make([]int64, len(grants))
	for i := range grants {
		st := &l.states[i]
		if !st.include {
			continue
		}
		order = append(order, i)
		balance[i] = st.ledger
		switch {
		case atU >= st.voidU:
			static[i] = SkipVoided
		case grants[i].Amount.Monetary.Currency != inv.Currency:
			static[i] = SkipCurrency
		case endU < st.effU || atU < st.effU:
			static[i] = SkipNotEffective
		case endU >= st.expU || atU >= st.expU:
			static[i] = SkipExpired
		}
	}
	spareLater(balance, later)
	o.Order.sortIndices(grants, order)
	when := second(at)

	app := Application{Invoice: inv.ID, Lines: make([]LineApplication, len(inv.Lines))}
	for li, ln := range inv.Lines {
		la := LineApplication{Line: ln.ID, Amount: ln.Amount}
		left := ln.Amount
		for _, gi := range order {
			if left == 0 {
				break
			}
			g := &grants[gi]
			reason := static[gi]
			if reason == "" && !g.ApplicabilityConfig.Scope.Covers(ln.Price, ln.Metered) {
				reason = SkipScope
			}
			if reason == "" && balance[gi] <= 0 {
				reason = SkipEmpty
			}
			if reason != "" {
				la.Skipped = append(la.Skipped, Skip{CreditGrant: g.ID, Reason: reason})
				continue
			}
			take := min(left, balance[gi])
			balance[gi] -= take
			left -= take
			la.Applied = append(la.Applied, GrantAmount{CreditGrant: g.ID, Amount: take})
			ref := InvoiceLineRef{Invoice: inv.ID, InvoiceLineItem: ln.ID}
			app.Transactions = append(app.Transactions, Transaction{
				ID:          o.IDs.ID(txnKey(string(CreditsApplied), g.ID, ref)),
				Created:     when,
				CreditGrant: g.ID,
				Debit: Debit{
					Amount:         Money(g.Amount.Monetary.Currency, take),
					CreditsApplied: ref,
					Type:           CreditsApplied,
				},
				EffectiveAt: when,
				Livemode:    g.Livemode,
				TestClock:   g.TestClock,
				Type:        TypeDebit,
			})
		}
		la.Covered = ln.Amount - left
		la.Remaining = left
		var ok bool
		if app.Covered, ok = addChecked(app.Covered, la.Covered); !ok {
			return Application{}, stripejson.Errorf(ErrOverflow, ObjectInvoice, inv.ID, "lines", "covered total overflows int64")
		}
		app.Lines[li] = la
	}
	return app, nil
}

// laterEvent is a transaction effective after the finalization instant:
// its grant, time and signed amount.
type laterEvent struct {
	grant int
	at    int64
	value int64
}

// spareLater lowers each grant's balance to what it can spare without a
// later transaction taking it below zero: the lowest balance it reaches
// after the finalization instant, replaying later events in time order
// (credits first within a second). Stripe finalizes in real time, so this
// only matters for a ledger that already holds transactions later than
// the finalization instant. [P]
func spareLater(balance []int64, later []laterEvent) {
	if len(later) == 0 {
		return
	}
	slices.SortFunc(later, func(a, b laterEvent) int {
		if c := cmp.Compare(a.grant, b.grant); c != 0 {
			return c
		}
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(b.value, a.value) // credits first
	})
	for i := 0; i < len(later); {
		gi := later[i].grant
		run, low := balance[gi], balance[gi]
		for ; i < len(later) && later[i].grant == gi; i++ {
			if v := later[i].value; v > 0 {
				run = min(run, math.MaxInt64-v) + v // saturates: a higher balance spares nothing more
			} else {
				run = max(run, math.MinInt64-v) + v
				low = min(low, run)
			}
		}
		balance[gi] = max(0, low)
	}
}
