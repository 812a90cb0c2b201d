package credit_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"pgregory.net/rapid"
)

// sameOutcome fails unless a and b (a result and its error each) agree:
// both errors with the same message, or both nil with equal results.
func sameOutcome(t *rapid.T, what string, a any, errA error, b any, errB error) {
	t.Helper()
	if (errA == nil) != (errB == nil) {
		t.Fatalf("%s: errors differ:\n%v\n%v", what, errA, errB)
	}
	if errA != nil {
		if errA.Error() != errB.Error() {
			t.Fatalf("%s: errors differ:\n%v\n%v", what, errA, errB)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%s: results differ:\n%s\n%s", what, js(a), js(b))
	}
}

// customersPart returns the customer's grants and the transactions that
// name them or no grant given at all: what the slice functions compile
// for the customer.
func customersPart(customer string, grants []credit.Grant, txns []credit.Transaction) ([]credit.Grant, []credit.Transaction) {
	var gs []credit.Grant
	others := map[string]bool{}
	for _, g := range grants {
		if g.Customer == customer || g.CustomerAccount == customer {
			gs = append(gs, g)
		} else {
			others[g.ID] = true
		}
	}
	var ts []credit.Transaction
	for _, t := range txns {
		if !others[t.CreditGrant] {
			ts = append(ts, t)
		}
	}
	return gs, ts
}

// The Ledger's queries equal the slice functions' and the reference's on
// generated ledgers, at any instant.
func TestLedger_MatchesSlicesAndReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		led, err := credit.NewLedger(l.Grants, l.Transactions)
		if err != nil {
			t.Fatalf("NewLedger: %v", err)
		}
		if led.Len() != len(l.Transactions) {
			t.Fatalf("Len %d, want %d", led.Len(), len(l.Transactions))
		}
		for range 4 {
			at := credittest.Times(l).Draw(t, "at")
			f := credittest.Filters(l).Draw(t, "filter")
			got, err1 := led.Summarize(l.Customer, f, at)
			want, err2 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
			sameOutcome(t, "Summarize", got, err1, want, err2)
			ref, refErr := refSummarize(l.Customer, l.Grants, l.Transactions, f, at, nil)
			if refErr != nil || !reflect.DeepEqual(ref, got) {
				t.Fatalf("Summarize at %d: reference %s %v, Ledger %s", at.Unix(), js(ref), refErr, js(got))
			}
			gb1, err1 := led.GrantBalances(l.Customer, at)
			gb2, err2 := credit.GrantBalances(l.Customer, l.Grants, l.Transactions, at)
			sameOutcome(t, "GrantBalances", gb1, err1, gb2, err2)
			n1, err1 := led.UnusedGrants(l.Customer, at)
			n2, err2 := credit.UnusedGrants(l.Customer, l.Grants, l.Transactions, at)
			sameOutcome(t, "UnusedGrants", n1, err1, n2, err2)
		}
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := credittest.Times(l).Draw(t, "finalized at")
		a1, err1 := led.Apply(inv, at)
		a2, err2 := credit.Apply(l.Grants, l.Transactions, inv, at)
		sameOutcome(t, "Apply", a1, err1, a2, err2)
		g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
		at = credittest.Times(l).Draw(t, "lifecycle at")
		g1, x1, err1 := led.Expire(g.ID, at)
		g2, x2, err2 := credit.Expire(g, l.Transactions, at)
		sameOutcome(t, "Expire", []any{g1, x1}, err1, []any{g2, x2}, err2)
		g1, x1, err1 = led.Void(g.ID, at)
		g2, x2, err2 = credit.Void(g, l.Transactions, at)
		sameOutcome(t, "Void", []any{g1, x1}, err1, []any{g2, x2}, err2)
		invoice := "in_gen_" + fmt.Sprint(rapid.IntRange(0, l.Invoices+1).Draw(t, "invoice n"))
		v1, err1 := led.VoidInvoice(invoice, at)
		v2, err2 := credit.VoidInvoice(l.Grants, l.Transactions, invoice, at)
		sameOutcome(t, "VoidInvoice", v1, err1, v2, err2)
	})
}

// perturb breaks a generated ledger the ways TestSummarize_PerturbedMatchesReference
// does, and a few more: a changed amount, a transaction moved in time, an
// extra debit or reinstatement, a transaction given twice.
func perturb(t *rapid.T, l credittest.Ledger) []credit.Transaction {
	txns := slices.Clone(l.Transactions)
	if len(txns) == 0 {
		return txns
	}
	i := rapid.IntRange(0, len(txns)-1).Draw(t, "txn")
	switch rapid.IntRange(0, 5).Draw(t, "perturbation") {
	case 0:
		v := rapid.Int64Range(1, 200000).Draw(t, "value")
		if txns[i].Type == credit.TypeCredit {
			txns[i].Credit.Amount.Monetary.Value = v
		} else {
			txns[i].Debit.Amount.Monetary.Value = v
		}
	case 1:
		txns[i].EffectiveAt = credittest.Times(l).Draw(t, "moved to")
	case 2:
		g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
		txns = append(txns, credit.Transaction{ID: "cbtxn_extra", CreditGrant: g.ID, Type: credit.TypeDebit,
			EffectiveAt: credittest.Times(l).Draw(t, "extra at"),
			Debit:       credit.Debit{Type: credit.CreditsExpired, Amount: credit.Money(g.Currency(), rapid.Int64Range(1, 200000).Draw(t, "extra"))}})
	case 3:
		g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
		ref := credit.InvoiceLineRef{Invoice: "in_x", InvoiceLineItem: "il_x"}
		if rapid.Bool().Draw(t, "of an application") {
			if j := slices.IndexFunc(txns, func(x credit.Transaction) bool { return x.Debit.Type == credit.CreditsApplied }); j >= 0 {
				g.ID, ref = txns[j].CreditGrant, txns[j].Debit.CreditsApplied
				g.Amount = txns[j].Debit.Amount
			}
		}
		txns = append(txns, credit.Transaction{ID: "cbtxn_extra", CreditGrant: g.ID, Type: credit.TypeCredit,
			EffectiveAt: credittest.Times(l).Draw(t, "extra at"),
			Credit: credit.Credit{Type: credit.CreditsApplicationInvoiceVoided, Amount: credit.Money(g.Amount.Monetary.Currency, rapid.Int64Range(1, 200000).Draw(t, "extra")),
				CreditsApplicationInvoiceVoided: ref}})
	case 4:
		txns = append(txns, txns[i]) // delivered twice
	case 5: // moved to another grant
		txns[i].CreditGrant = rapid.SampledFrom(l.Grants).Draw(t, "to grant").ID
	}
	return txns
}

// On broken ledgers the Ledger refuses exactly what the slice functions
// (with CheckLedger, which they leave to the caller) and the reference
// refuse, with the same errors as the slice functions.
func TestLedger_PerturbedMatchesSlices(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		txns := perturb(t, l)
		grants, mine := customersPart(l.Customer, l.Grants, txns)
		at := credittest.Times(l).Draw(t, "at")
		_, lerr := credit.NewLedger(grants, mine)
		_, serr := credit.Summarize(l.Customer, l.Grants, txns, byMetered, at)
		_, refErr := refSummarize(l.Customer, l.Grants, txns, byMetered, at, nil)
		dup := credit.CheckLedger(mine)
		if (serr != nil) != (refErr != nil) {
			t.Fatalf("Summarize %v, reference %v", serr, refErr)
		}
		if (lerr != nil) != (serr != nil || dup != nil) {
			t.Fatalf("NewLedger %v; Summarize %v; CheckLedger %v", lerr, serr, dup)
		}
		if dup == nil && serr != nil && lerr.Error() != serr.Error() {
			t.Fatalf("errors differ:\nNewLedger %v\nSummarize %v", lerr, serr)
		}
		if dup != nil && !errors.Is(lerr, credit.ErrDuplicateTransaction) {
			t.Fatalf("NewLedger %v, want ErrDuplicateTransaction", lerr)
		}
	})
}

// Appending the transactions in any order, in any batches, gives the
// ledger NewLedger builds; a refused batch changes nothing.
func TestLedger_AppendAnyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		want, err := credit.NewLedger(l.Grants, l.Transactions)
		if err != nil {
			t.Fatalf("NewLedger: %v", err)
		}
		got, err := credit.NewLedger(l.Grants, nil)
		if err != nil {
			t.Fatalf("NewLedger of grants: %v", err)
		}
		txns := rapid.Permutation(l.Transactions).Draw(t, "order")
		for len(txns) > 0 {
			k := rapid.IntRange(1, len(txns)).Draw(t, "batch")
			batch := txns[:k]
			if err := got.Append(batch...); err != nil {
				// Refused only when a transaction needs one not appended
				// yet (a debit before the credit it needs, a reinstatement
				// before its application): then with the rest it passes.
				if err2 := got.Append(txns...); err2 != nil {
					t.Fatalf("Append refused %v, and with all that remains: %v", err, err2)
				}
				break
			}
			txns = txns[k:]
		}
		for _, at := range []time.Time{l.Start, l.End, credittest.Times(l).Draw(t, "at")} {
			for _, f := range []credit.Filter{byMetered, credittest.Filters(l).Draw(t, "filter")} {
				a, err1 := want.Summarize(l.Customer, f, at)
				b, err2 := got.Summarize(l.Customer, f, at)
				sameOutcome(t, "Summarize", a, err1, b, err2)
			}
		}
		if got.Len() != want.Len() {
			t.Fatalf("Len %d, want %d", got.Len(), want.Len())
		}
	})
}

func summaryAt(t *rapid.T, led *credit.Ledger, l credittest.Ledger) string {
	var out []string
	for _, at := range []time.Time{l.Start, l.End} {
		bs, err := led.GrantBalances(l.Customer, at)
		out = append(out, fmt.Sprint(bs, err))
	}
	return fmt.Sprint(out, led.Len())
}

// A refused Append changes nothing: the same queries give the same
// answers, and the good transactions of the batch can be appended after.
func TestLedger_AppendAtomic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		k := rapid.IntRange(0, len(l.Transactions)).Draw(t, "built")
		led, err := credit.NewLedger(l.Grants, l.Transactions[:k])
		if err != nil {
			t.Fatalf("NewLedger: %v", err)
		}
		before := summaryAt(t, led, l)
		rest := slices.Clone(l.Transactions[k:])
		bad := perturb(t, credittest.Ledger{Customer: l.Customer, Grants: l.Grants, Transactions: rest, Start: l.Start, End: l.End})
		if len(bad) == 0 {
			return
		}
		err = led.Append(bad...)
		if err == nil {
			return
		}
		var fe *credit.FieldError
		if !errors.As(err, &fe) || fe.Object != credit.ObjectTransaction && fe.Object != credit.ObjectGrant {
			t.Fatalf("refusal %v does not name a transaction", err)
		}
		if after := summaryAt(t, led, l); after != before {
			t.Fatalf("refused Append changed the ledger:\n%s\n%s", before, after)
		}
		if err := led.Append(rest...); err != nil {
			t.Fatalf("after a refused Append, the valid rest is refused: %v", err)
		}
	})
}

// sortedTimes returns the distinct effective times of txns, each with its
// neighbours one second before and after.
func sortedTimes(txns []credit.Transaction, extra ...time.Time) []time.Time {
	seen := map[int64]bool{}
	for _, x := range txns {
		for _, d := range []int64{-1, 0, 1} {
			seen[x.EffectiveAt.Unix()+d] = true
		}
	}
	for _, x := range extra {
		if !x.IsZero() {
			seen[x.Unix()] = true
		}
	}
	out := make([]time.Time, 0, len(seen))
	for u := range seen {
		out = append(out, time.Unix(u, 0).UTC())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// The state machine: a Ledger and the slice functions driven in lockstep
// through histories where every operation may happen at any instant,
// before or after the transactions already recorded (webhooks arrive late
// and out of order, operators back-date corrections): apply an invoice,
// void one, expire or void a grant, move a grant's expiry, record a
// funding late, append a stray application anywhere in time, deliver a
// transaction twice. Each operation gives the same result (or the same
// refusal) through the Ledger and through the slice functions; whatever
// they write is then appended to both. After every step the ledger is
// valid at every transaction time and one second either side, and the
// Ledger, the slice functions and the slow reference agree there; ids are
// unique; money is conserved (credits - debits = ledger, per grant); every
// grant passes Validate. At the end of the history, expiring every grant
// brings every balance to 0.
//
// rapid runs 100 histories by default; CI's fuzz phase runs the fuzz
// target below. For 10,000 histories:
//
//	go test -run '^TestLedger_StateMachine$' ./credit -rapid.checks=10000
//	go test -run '^$' -fuzz '^FuzzLedger_StateMachine$' -fuzztime 10000x ./credit
func TestLedger_StateMachine(t *testing.T) {
	rapid.Check(t, runMachine)
}

// FuzzLedger_StateMachine is TestLedger_StateMachine as a fuzz target.
func FuzzLedger_StateMachine(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(runMachine))
}

type machine struct {
	l        credittest.Ledger
	grants   []credit.Grant
	txns     []credit.Transaction
	led      *credit.Ledger
	invoices []string
	n        int
	now      time.Time
}

// instant draws any instant: around a recorded transaction or a grant's
// bounds, or anywhere from before the history to after now.
func (m *machine) instant(t *rapid.T, label string) time.Time {
	switch rapid.IntRange(0, 3).Draw(t, label+" kind") {
	case 0:
		if len(m.txns) > 0 {
			x := rapid.SampledFrom(m.txns).Draw(t, label+" near")
			return x.EffectiveAt.Add(time.Duration(rapid.IntRange(-1, 1).Draw(t, label+" +-")) * time.Second)
		}
	case 1:
		g := rapid.SampledFrom(m.grants).Draw(t, label+" grant")
		bounds := []time.Time{g.Effective(), g.Effective().Add(time.Second)}
		if !g.ExpiresAt.IsZero() {
			bounds = append(bounds, g.ExpiresAt, g.ExpiresAt.Add(-time.Second))
		}
		return rapid.SampledFrom(bounds).Draw(t, label+" bound")
	}
	span := int64(m.now.Sub(m.l.Start)/time.Second) + 3*86400
	return m.l.Start.Add(time.Duration(rapid.Int64Range(-86400, span).Draw(t, label)) * time.Second)
}

func (m *machine) record(t *rapid.T, what string, out []credit.Transaction) {
	t.Helper()
	if err := m.led.Append(out...); err != nil {
		t.Fatalf("%s: the Ledger refuses what it computed: %v\n%s", what, err, js(out))
	}
	m.txns = append(m.txns, out...)
}

func (m *machine) grantIndex(id string) int {
	return slices.IndexFunc(m.grants, func(g credit.Grant) bool { return g.ID == id })
}

// setGrant records a grant a lifecycle function returned.
func (m *machine) setGrant(t *rapid.T, what string, g credit.Grant) {
	t.Helper()
	if err := g.Validate(); err != nil {
		t.Fatalf("%s returned a grant that fails Validate: %v", what, err)
	}
	if err := m.led.UpdateGrant(g); err != nil {
		t.Fatalf("%s: the Ledger refuses the grant it returned: %v", what, err)
	}
	m.grants[m.grantIndex(g.ID)] = g
}

// allowed fails unless err is nil or wraps one of the sentinels.
func allowed(t *rapid.T, what string, err error, ok ...error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range ok {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%s: unexpected refusal %v", what, err)
}

func runMachine(t *rapid.T) {
	l := credittest.LedgersWith(credittest.Options{MaxEvents: 12, MaxGrants: 5}).Draw(t, "ledger")
	led, err := credit.NewLedger(l.Grants, l.Transactions)
	if err != nil {
		t.Fatalf("NewLedger: %v", err)
	}
	m := &machine{l: l, grants: slices.Clone(l.Grants), txns: slices.Clone(l.Transactions), led: led, now: l.End}
	t.Repeat(map[string]func(*rapid.T){
		"advance": func(t *rapid.T) {
			m.now = m.now.Add(time.Duration(rapid.IntRange(1, 5*86400).Draw(t, "seconds")) * time.Second)
		},
		"apply": func(t *rapid.T) {
			m.n++
			inv := credittest.Invoices(m.l).Draw(t, "invoice")
			inv.ID = fmt.Sprintf("in_sm_%d", m.n)
			at := m.instant(t, "finalized at")
			inv.PeriodEnd = at.Add(-time.Duration(rapid.IntRange(0, 86400).Draw(t, "period before")) * time.Second)
			a1, err1 := credit.Apply(m.grants, m.txns, inv, at)
			a2, err2 := m.led.Apply(inv, at)
			sameOutcome(t, "Apply", a1, err1, a2, err2)
			if err1 != nil {
				t.Fatalf("Apply: %v", err1)
			}
			m.record(t, "Apply", a1.Transactions)
			m.invoices = append(m.invoices, inv.ID)
			_, err1 = credit.Apply(m.grants, m.txns, inv, at)
			_, err2 = m.led.Apply(inv, at)
			if len(a1.Transactions) > 0 && (!errors.Is(err1, credit.ErrAlreadyApplied) || !errors.Is(err2, credit.ErrAlreadyApplied)) {
				t.Fatalf("second Apply: %v / %v, want ErrAlreadyApplied", err1, err2)
			}
		},
		"void invoice": func(t *rapid.T) {
			id := "in_never_finalized"
			if len(m.invoices) > 0 && rapid.IntRange(0, 4).Draw(t, "finalized") > 0 {
				id = rapid.SampledFrom(m.invoices).Draw(t, "invoice")
			}
			at := m.instant(t, "voided at")
			v1, err1 := credit.VoidInvoice(m.grants, m.txns, id, at)
			v2, err2 := m.led.VoidInvoice(id, at)
			sameOutcome(t, "VoidInvoice", v1, err1, v2, err2)
			allowed(t, "VoidInvoice", err1, credit.ErrInvalidTransaction) // dated before the finalization
			if err1 != nil {
				return
			}
			m.record(t, "VoidInvoice", v1)
			again, err := m.led.VoidInvoice(id, at)
			if err != nil || len(again) != 0 {
				t.Fatalf("second VoidInvoice: %v %s", err, js(again))
			}
		},
		"expire": func(t *rapid.T) {
			g := rapid.SampledFrom(m.grants).Draw(t, "grant")
			at := m.instant(t, "expired at")
			g1, x1, err1 := credit.Expire(g, m.txns, at)
			g2, x2, err2 := m.led.Expire(g.ID, at)
			sameOutcome(t, "Expire", []any{g1, x1}, err1, []any{g2, x2}, err2)
			allowed(t, "Expire", err1, credit.ErrGrantVoided, credit.ErrInvalidGrant, credit.ErrNegativeBalance)
			if err1 != nil {
				return
			}
			m.setGrant(t, "Expire", g1)
			m.record(t, "Expire", x1)
		},
		"void": func(t *rapid.T) {
			g := rapid.SampledFrom(m.grants).Draw(t, "grant")
			at := m.instant(t, "voided at")
			g1, x1, err1 := credit.Void(g, m.txns, at)
			g2, x2, err2 := m.led.Void(g.ID, at)
			sameOutcome(t, "Void", []any{g1, x1}, err1, []any{g2, x2}, err2)
			allowed(t, "Void", err1, credit.ErrGrantVoided, credit.ErrVoidAfterApplication, credit.ErrNegativeBalance, credit.ErrInvalidGrant)
			if err1 != nil {
				return
			}
			m.setGrant(t, "Void", g1)
			m.record(t, "Void", x1)
		},
		"move expiry": func(t *rapid.T) {
			i := rapid.IntRange(0, len(m.grants)-1).Draw(t, "grant")
			e := m.instant(t, "new expires_at")
			if rapid.IntRange(0, 4).Draw(t, "clear") == 0 {
				e = time.Time{}
			}
			g, err := m.grants[i].Update(credit.GrantUpdate{ExpiresAt: &e}, m.instant(t, "updated at"))
			if err != nil {
				return
			}
			grants := slices.Clone(m.grants)
			grants[i] = g
			_, serr := credit.GrantBalances(g.Customer, grants, m.txns, m.now)
			// A grant pays only while active: its applications stay in its window.
			for _, x := range m.txns {
				if x.CreditGrant == g.ID && x.Debit.Type == credit.CreditsApplied &&
					m.grants[i].Window(x.EffectiveAt) == credit.StateActive && g.Window(x.EffectiveAt) != credit.StateActive {
					serr = fmt.Errorf("application %s left out of the window", x.ID)
				}
			}
			if old := m.grants[i].ExpiresAt; !old.IsZero() && !old.Equal(g.ExpiresAt) && slices.ContainsFunc(m.txns, func(x credit.Transaction) bool {
				return x.CreditGrant == g.ID && x.Debit.Type == credit.CreditsExpired && x.EffectiveAt.Equal(old)
			}) {
				serr = errors.New("a recorded expiry moved")
			}
			lerr := m.led.UpdateGrant(g)
			if (serr == nil) != (lerr == nil) {
				t.Fatalf("UpdateGrant %v, the slice functions on the updated grant %v", lerr, serr)
			}
			if lerr == nil {
				m.grants = grants
			}
		},
		"record funding late": func(t *rapid.T) {
			g := rapid.SampledFrom(m.grants).Draw(t, "grant")
			f, err := credit.Funding(g)
			if err != nil {
				t.Fatalf("Funding: %v", err)
			}
			f.ID = fmt.Sprintf("cbtxn_sm_fund_%s", g.ID)
			txns := append(slices.Clone(m.txns), f)
			_, serr := credit.GrantBalances(g.Customer, m.grants, txns, m.now)
			lerr := m.led.Append(f)
			if (serr == nil) != (lerr == nil) || m.led.HasTransaction(f.ID) && slices.ContainsFunc(m.txns, func(x credit.Transaction) bool { return x.ID == f.ID }) && lerr == nil {
				t.Fatalf("late funding: Append %v, slice functions %v", lerr, serr)
			}
			if lerr == nil {
				m.txns = txns
			}
		},
		"stray application": func(t *rapid.T) {
			// An application, from a webhook that arrives late, at an
			// instant the grant is active: accepted exactly when the
			// balance covers it at every instant.
			g := rapid.SampledFrom(m.grants).Draw(t, "grant")
			at := m.instant(t, "applied at")
			if g.Window(at) != credit.StateActive {
				return
			}
			m.n++
			x := credit.Transaction{ID: fmt.Sprintf("cbtxn_sm_stray_%d", m.n), Created: at, CreditGrant: g.ID, EffectiveAt: at, Type: credit.TypeDebit,
				Debit: credit.Debit{Type: credit.CreditsApplied, Amount: credit.Money(g.Currency(), rapid.Int64Range(1, 2*g.Amount.Monetary.Value).Draw(t, "amount")),
					CreditsApplied: credit.InvoiceLineRef{Invoice: fmt.Sprintf("in_sm_stray_%d", m.n), InvoiceLineItem: "il_1"}}}
			txns := append(slices.Clone(m.txns), x)
			_, serr := credit.GrantBalances(g.Customer, m.grants, txns, m.now)
			_, refErr := refLedger(g.Customer, m.grants, txns, m.now)
			lerr := m.led.Append(x)
			if (serr == nil) != (lerr == nil) || (refErr == nil) != (lerr == nil) {
				t.Fatalf("stray application: Append %v, slice functions %v, reference %v", lerr, serr, refErr)
			}
			allowed(t, "stray application", lerr, credit.ErrNegativeBalance)
			if lerr == nil {
				m.txns = txns
				m.invoices = append(m.invoices, x.Debit.CreditsApplied.Invoice)
			}
		},
		"deliver twice": func(t *rapid.T) {
			if len(m.txns) == 0 {
				return
			}
			x := rapid.SampledFrom(m.txns).Draw(t, "transaction")
			before := m.led.Len()
			if err := m.led.Append(x); !errors.Is(err, credit.ErrDuplicateTransaction) || m.led.Len() != before {
				t.Fatalf("a transaction delivered twice: %v (len %d -> %d)", err, before, m.led.Len())
			}
		},
		"": m.check,
	})
	m.finalExpiry(t)
}

// check is the invariant of every step.
func (m *machine) check(t *rapid.T) {
	if err := credit.CheckLedger(m.txns); err != nil {
		t.Fatalf("ids repeat: %v", err)
	}
	if m.led.Len() != len(m.txns) {
		t.Fatalf("Ledger holds %d transactions, want %d", m.led.Len(), len(m.txns))
	}
	var bounds []time.Time
	for _, g := range m.grants {
		if err := g.Validate(); err != nil {
			t.Fatalf("grant fails Validate: %v", err)
		}
		bounds = append(bounds, g.Effective(), g.ExpiresAt, g.VoidedAt, m.now)
	}
	late := m.now
	for _, x := range m.txns {
		if x.EffectiveAt.After(late) {
			late = x.EffectiveAt
		}
	}
	for _, g := range m.grants {
		if g.Effective().After(late) {
			late = g.Effective()
		}
	}
	late = late.Add(time.Second)
	for _, customer := range []string{credittest.Customer, credittest.Other} {
		ref, err := refBalances(customer, m.grants, m.txns)
		if err != nil {
			t.Fatalf("the reference refuses the ledger: %v", err)
		}
		times := sortedTimes(m.txns, append(bounds, late)...)
		for i, at := range times {
			got, err := m.led.GrantBalances(customer, at)
			if err != nil {
				t.Fatalf("Ledger at %d: %v", at.Unix(), err)
			}
			want := ref(at)
			for _, b := range got {
				if want[b.CreditGrant] != b.Ledger {
					t.Fatalf("grant %s at %d: ledger %d, reference %d", b.CreditGrant, at.Unix(), b.Ledger, want[b.CreditGrant])
				}
			}
			// The slice functions, at a few of these instants (each call
			// compiles the whole ledger).
			if i%max(1, len(times)/3) == 0 || at.Equal(late) {
				slice, err := credit.GrantBalances(customer, m.grants, m.txns, at)
				sameOutcome(t, fmt.Sprintf("GrantBalances at %d", at.Unix()), slice, err, got, nil)
			}
		}
		// Conservation: after the last transaction, each grant's ledger is
		// its credits less its debits (its funding implied if none).
		bs, err := m.led.GrantBalances(customer, late)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			g := m.grants[m.grantIndex(b.CreditGrant)]
			var sum int64
			funded := false
			for _, x := range m.txns {
				if x.CreditGrant != g.ID {
					continue
				}
				if x.Type == credit.TypeCredit {
					sum += x.Credit.Amount.Monetary.Value
					funded = funded || x.Credit.Type == credit.CreditsGranted
				} else {
					sum -= x.Debit.Amount.Monetary.Value
				}
			}
			eff := g.Effective()
			if !funded && (g.ExpiresAt.IsZero() || eff.Before(g.ExpiresAt)) && (g.VoidedAt.IsZero() || eff.Before(g.VoidedAt)) {
				sum += g.Amount.Monetary.Value
			}
			if sum != b.Ledger || b.Ledger < 0 {
				t.Fatalf("grant %s: ledger %d, credits - debits %d", g.ID, b.Ledger, sum)
			}
		}
	}
}

// finalExpiry expires every grant not voided after everything: then
// every balance is 0.
func (m *machine) finalExpiry(t *rapid.T) {
	late := m.now
	for _, x := range m.txns {
		if x.EffectiveAt.After(late) {
			late = x.EffectiveAt
		}
	}
	for _, g := range m.grants {
		for _, b := range []time.Time{g.Effective(), g.ExpiresAt} {
			if b.After(late) {
				late = b
			}
		}
	}
	late = late.Add(24 * time.Hour)
	for _, g := range slices.Clone(m.grants) {
		if !g.VoidedAt.IsZero() {
			continue
		}
		g1, x1, err1 := credit.Expire(g, m.txns, late)
		g2, x2, err2 := m.led.Expire(g.ID, late)
		sameOutcome(t, "final Expire", []any{g1, x1}, err1, []any{g2, x2}, err2)
		if err1 != nil {
			t.Fatalf("final Expire of %s: %v", g.ID, err1)
		}
		m.setGrant(t, "final Expire", g1)
		m.record(t, "final Expire", x1)
	}
	m.check(t)
	for _, customer := range []string{credittest.Customer, credittest.Other} {
		for _, at := range []time.Time{late, late.Add(400 * 24 * time.Hour)} {
			bs, err := m.led.GrantBalances(customer, at)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bs {
				if b.Ledger != 0 || b.Available != 0 {
					t.Fatalf("after the final expiry, grant %s at %d: %+v", b.CreditGrant, at.Unix(), b)
				}
			}
		}
	}
}
