package credit

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// second returns t truncated to whole unix seconds, in UTC, as on the wire.
func second(t time.Time) time.Time { return time.Unix(t.Unix(), 0).UTC() }

// LifecycleOptions are the options of ExpireWith, VoidWith, VoidInvoiceWith
// and FundingWith. The zero value is what Expire, Void, VoidInvoice and
// Funding use.
type LifecycleOptions struct {
	// IDs names the new transactions; nil means DeterministicID.
	IDs IDGenerator
}

// Expire expires grant g at instant at. The returned transactions are new
// (append them to the ledger); g and txns are not modified.
//
// If g's expires_at has already been reached, the credits_expired debit of
// its remaining ledger balance is written effective at expires_at (the
// expiry Stripe's ledger would have recorded) [S]. Otherwise this is an
// expire-now: expires_at and updated become at and the debit is effective at
// at [S]. No debit is written when nothing remains (a pending grant, or one
// already expired in txns), so Expire is idempotent. Transactions of other
// grants in txns are ignored. Errors: a voided grant (ErrGrantVoided), an
// invalid amount or ledger (as Summarize), and ErrNegativeBalance when g's
// transactions already in txns after the debit's instant would then take
// its balance below zero (an expiry back-dated before applications) [P].
func Expire(g Grant, txns []Transaction, at time.Time) (Grant, []Transaction, error) {
	return ExpireWith(g, txns, at, LifecycleOptions{})
}

// Void voids grant g at instant at: voided_at and updated become at, and a
// credits_voided debit of the remaining ledger balance is written effective
// at at (none when nothing remains) [S]. Voiding is refused with
// ErrVoidAfterApplication once any credits_applied debit of g exists, even
// if later reinstated, and with ErrGrantVoided if g is already voided; as
// for Expire, a debit that g's later transactions in txns would take below
// zero is ErrNegativeBalance.
func Void(g Grant, txns []Transaction, at time.Time) (Grant, []Transaction, error) {
	return VoidWith(g, txns, at, LifecycleOptions{})
}

// VoidInvoice reinstates the credits applied to invoice, voided at instant
// at: one credits_application_invoice_voided credit per (grant, line) of the
// amount applied and not yet reinstated, effective at at; for a grant that
// has expired by at, a credits_expired debit of the same amount follows at
// once [S]. The transactions are ordered by line id, then grant id, each
// credit followed by its expiry. An invoice without applied credits, or one
// already reinstated, gives no transactions. Errors: an invalid ledger (as
// Summarize; grants of every customer are checked), and credits applied to
// the invoice after at (ErrInvalidTransaction: an invoice is voided after
// it finalized).
func VoidInvoice(grants []Grant, txns []Transaction, invoice string, at time.Time) ([]Transaction, error) {
	return VoidInvoiceWith(grants, txns, invoice, at, LifecycleOptions{})
}

// ExpireWith is Expire with options.
func ExpireWith(g Grant, txns []Transaction, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	if !g.VoidedAt.IsZero() && !at.Before(g.VoidedAt) {
		return g, nil, stripejson.Errorf(ErrGrantVoided, ObjectGrant, g.ID, "voided_at", "voided at %d, cannot expire", g.VoidedAt.Unix())
	}
	when := second(at)
	eff := when
	out := g
	if !g.ExpiresAt.IsZero() && !g.ExpiresAt.After(when) {
		eff = second(g.ExpiresAt)
	} else {
		out.ExpiresAt, out.Updated = when, when
	}
	l, err := buildLedger("", true, []Grant{out}, txns, when, true, nil)
	if err != nil {
		return g, nil, err
	}
	remaining := l.states[0].ledger
	if remaining == 0 {
		return out, nil, nil
	}
	d := debit(o.IDs, out, CreditsExpired, remaining, when, eff, InvoiceLineRef{})
	if err := keepsLedgerValid(out, txns, d); err != nil {
		return g, nil, err
	}
	return out, []Transaction{d}, nil
}

// keepsLedgerValid checks that appending the debit d of grant g to txns
// leaves g's ledger valid at every instant: a debit written at an instant
// before g's transactions already in txns must not take a later balance
// below zero. Errors: ErrNegativeBalance naming g.
func keepsLedgerValid(g Grant, txns []Transaction, d Transaction) error {
	all := slices.Concat(txns, []Transaction{d})
	_, err := buildLedger("", true, []Grant{g}, all, time.Unix(math.MaxInt64/2, 0), true, nil)
	if errors.Is(err, ErrNegativeBalance) {
		return stripejson.Errorf(ErrNegativeBalance, ObjectGrant, g.ID, "ledger_balance",
			"a %s debit of %d at %d leaves too little for the grant's later transactions", d.Debit.Type, d.Debit.Amount.Monetary.Value, d.EffectiveAt.Unix())
	}
	return err
}

// VoidWith is Void with options.
func VoidWith(g Grant, txns []Transaction, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	if !g.VoidedAt.IsZero() {
		return g, nil, stripejson.Errorf(ErrGrantVoided, ObjectGrant, g.ID, "voided_at", "already voided at %d", g.VoidedAt.Unix())
	}
	for i := range txns {
		t := &txns[i]
		if t.CreditGrant == g.ID && t.Debit.Type == CreditsApplied {
			return g, nil, stripejson.Errorf(ErrVoidAfterApplication, ObjectGrant, g.ID, "voided_at", "transaction %s applied credits to invoice %s", t.ID, t.Debit.CreditsApplied.Invoice)
		}
	}
	when := second(at)
	out := g
	out.VoidedAt, out.Updated = when, when
	// The remaining balance of the voided grant at when: a grant voided
	// in the second it becomes effective was never funded.
	l, err := buildLedger("", true, []Grant{out}, txns, when, true, nil)
	if err != nil {
		return g, nil, err
	}
	remaining := l.states[0].ledger
	if remaining == 0 || when.Before(g.Effective()) {
		return out, nil, nil
	}
	d := debit(o.IDs, out, CreditsVoided, remaining, when, when, InvoiceLineRef{})
	if err := keepsLedgerValid(out, txns, d); err != nil {
		return g, nil, err
	}
	return out, []Transaction{d}, nil
}

// VoidInvoiceWith is VoidInvoice with options.
func VoidInvoiceWith(grants []Grant, txns []Transaction, invoice string, at time.Time, o LifecycleOptions) ([]Transaction, error) {
	when := second(at)
	l, err := buildLedger("", true, grants, txns, when, false, nil)
	if err != nil {
		return nil, err
	}
	type pair struct {
		line  string
		grant int
		net   int64
	}
	var pairs []pair
	find := func(line string, gi int) *pair {
		for k := range pairs {
			if pairs[k].line == line && pairs[k].grant == gi {
				return &pairs[k]
			}
		}
		pairs = append(pairs, pair{line: line, grant: gi})
		return &pairs[len(pairs)-1]
	}
	for i := range txns {
		t := &txns[i]
		gi := l.lookup(t.CreditGrant)
		d, _ := t.direction()
		switch {
		case d == TypeDebit && t.Debit.Type == CreditsApplied && t.Debit.CreditsApplied.Invoice == invoice:
			if t.EffectiveAt.After(when) {
				return nil, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at",
					"credits were applied to invoice %s at %d, after the void at %d: an invoice is voided after it finalized", invoice, t.EffectiveAt.Unix(), when.Unix())
			}
			p := find(t.Debit.CreditsApplied.InvoiceLineItem, gi)
			p.net += t.Debit.Amount.Monetary.Value
		case d == TypeCredit && t.Credit.Type == CreditsApplicationInvoiceVoided && t.Credit.CreditsApplicationInvoiceVoided.Invoice == invoice:
			p := find(t.Credit.CreditsApplicationInvoiceVoided.InvoiceLineItem, gi)
			p.net -= t.Credit.Amount.Monetary.Value
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(a.line, b.line); c != 0 {
			return c
		}
		return cmp.Compare(grants[a.grant].ID, grants[b.grant].ID)
	})
	var out []Transaction
	for _, p := range pairs {
		if p.net <= 0 {
			continue
		}
		g := grants[p.grant]
		ref := InvoiceLineRef{Invoice: invoice, InvoiceLineItem: p.line}
		out = append(out, Transaction{
			ID:          o.IDs.ID(txnKey(string(CreditsApplicationInvoiceVoided), g.ID, ref)),
			Created:     when,
			CreditGrant: g.ID,
			Credit: Credit{
				Amount:                          Money(g.Amount.Monetary.Currency, p.net),
				CreditsApplicationInvoiceVoided: ref,
				Type:                            CreditsApplicationInvoiceVoided,
			},
			EffectiveAt: when,
			Livemode:    g.Livemode,
			TestClock:   g.TestClock,
			Type:        TypeCredit,
		})
		if g.Window(when) == StateExpired {
			d := debit(o.IDs, g, CreditsExpired, p.net, when, when, InvoiceLineRef{})
			d.ID = o.IDs.ID(txnKey(string(CreditsExpired), g.ID, ref))
			out = append(out, d)
		}
	}
	return out, nil
}

func debit(ids IDGenerator, g Grant, kind DebitType, value int64, created, eff time.Time, ref InvoiceLineRef) Transaction {
	return Transaction{
		ID:          ids.ID(txnKey(string(kind), g.ID, ref)),
		Created:     created,
		CreditGrant: g.ID,
		Debit:       Debit{Amount: Money(g.Amount.Monetary.Currency, value), CreditsApplied: ref, Type: kind},
		EffectiveAt: eff,
		Livemode:    g.Livemode,
		TestClock:   g.TestClock,
		Type:        TypeDebit,
	}
}

// Funding returns the credits_granted credit Stripe writes when grant g
// becomes effective: the full amount, created and effective at g's
// effective time, its id from DeterministicID keyed by (credits_granted, g).
// Summarize implies it when the ledger holds none, so recording it is
// optional. Errors: g's amount is not a positive monetary amount.
func Funding(g Grant) (Transaction, error) { return FundingWith(g, LifecycleOptions{}) }

// FundingWith is Funding with options.
func FundingWith(g Grant, o LifecycleOptions) (Transaction, error) {
	if errs := g.Amount.validate(nil, ErrInvalidGrant, ObjectGrant, g.ID, "amount"); len(errs) > 0 {
		return Transaction{}, joinErrs(errs)
	}
	eff := second(g.Effective())
	return Transaction{
		ID:          o.IDs.ID(txnKey(string(CreditsGranted), g.ID, InvoiceLineRef{})),
		Created:     eff,
		CreditGrant: g.ID,
		Credit:      Credit{Amount: g.Amount, Type: CreditsGranted},
		EffectiveAt: eff,
		Livemode:    g.Livemode,
		TestClock:   g.TestClock,
		Type:        TypeCredit,
	}, nil
}
