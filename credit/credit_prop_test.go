package credit_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"pgregory.net/rapid"
)

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

func grantBalancesMap(t *rapid.T, customer string, grants []credit.Grant, txns []credit.Transaction, at time.Time) map[string]credit.GrantBalance {
	t.Helper()
	bs, err := credit.GrantBalances(customer, grants, txns, at)
	if err != nil {
		t.Fatalf("GrantBalances: %v", err)
	}
	m := map[string]credit.GrantBalance{}
	for _, b := range bs {
		m[b.CreditGrant] = b
	}
	return m
}

// Summarize agrees with the slow replay on every generated ledger, filter
// and instant.
func TestSummarize_MatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		f := credittest.Filters(l).Draw(t, "filter")
		at := credittest.Times(l).Draw(t, "at")
		got, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
		want, refErr := refSummarize(l.Customer, l.Grants, l.Transactions, f, at, nil)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("error: Summarize %v, reference %v", err, refErr)
		}
		if err == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("summary (-want +got):\n-%s\n+%s", js(want), js(got))
		}
	})
}

// Reservations lower the available balance as the reference says.
func TestSummarize_ReservationsMatchReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		at := credittest.Times(l).Draw(t, "at")
		var rs []credit.Reservation
		reserved := map[string]int64{}
		for _, g := range l.Grants {
			if g.Customer == l.Customer && rapid.Bool().Draw(t, "reserve") {
				a := rapid.Int64Range(1, 200000).Draw(t, "reserved")
				rs = append(rs, credit.Reservation{CreditGrant: g.ID, Invoice: "in_draft", Amount: a})
				reserved[g.ID] += a
			}
		}
		f := credit.ScopeFilter(credit.Scope{Prices: []credit.ApplicablePrice{{ID: "price_a"}, {ID: "price_c"}}})
		got, err := credit.SummarizeWith(l.Customer, l.Grants, l.Transactions, f, at, credit.SummaryOptions{Reservations: rs})
		want, refErr := refSummarize(l.Customer, l.Grants, l.Transactions, f, at, reserved)
		if err != nil || refErr != nil {
			t.Fatalf("valid ledger refused: %v / %v", err, refErr)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("summary (-want +got):\n-%s\n+%s", js(want), js(got))
		}
	})
}

// Conservation, never negative, available <= ledger.
func TestSummarize_Invariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		at := credittest.Times(l).Draw(t, "at")
		f := credittest.Filters(l).Draw(t, "filter")
		s, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
		if err != nil {
			t.Fatalf("valid ledger refused: %v", err)
		}
		per := grantBalancesMap(t, l.Customer, l.Grants, l.Transactions, at)
		// ledger = sum(credits) - sum(debits) per grant, funding implied when not recorded.
		for _, g := range l.Grants {
			if g.Customer != l.Customer {
				if _, ok := per[g.ID]; ok {
					t.Fatalf("grant %s of another customer has a balance", g.ID)
				}
				continue
			}
			var sum int64
			funded := false
			for _, txn := range l.Transactions {
				if txn.CreditGrant != g.ID || txn.EffectiveAt.After(at) {
					if txn.CreditGrant == g.ID && txn.Credit.Type == credit.CreditsGranted {
						funded = true
					}
					continue
				}
				if txn.Type == credit.TypeCredit {
					sum += txn.Credit.Amount.Monetary.Value
					funded = funded || txn.Credit.Type == credit.CreditsGranted
				} else {
					sum -= txn.Debit.Amount.Monetary.Value
				}
			}
			eff := effectiveOf(g)
			if !funded && !eff.After(at) && (g.ExpiresAt.IsZero() || eff.Before(g.ExpiresAt)) && (g.VoidedAt.IsZero() || eff.Before(g.VoidedAt)) {
				sum += g.Amount.Monetary.Value
			}
			b := per[g.ID]
			if b.Ledger != sum {
				t.Fatalf("grant %s ledger %d, credits - debits %d", g.ID, b.Ledger, sum)
			}
			if b.Ledger < 0 || b.Available < 0 || b.Available > b.Ledger {
				t.Fatalf("grant %s: ledger %d available %d", g.ID, b.Ledger, b.Available)
			}
			if b.State != credit.StateActive && b.Available != 0 {
				t.Fatalf("grant %s %s but available %d", g.ID, b.State, b.Available)
			}
		}
		// Totals equal the sum of per-grant summaries of the selected grants.
		for _, bal := range s.Balances {
			var led, av int64
			for _, g := range l.Grants {
				if g.Customer != l.Customer || g.Currency() != bal.Currency() || !refSelects(f, g) {
					continue
				}
				one, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, credit.GrantFilter(g.ID), at)
				if err != nil || len(one.Balances) != 1 {
					t.Fatalf("per-grant summary of %s: %v %s", g.ID, err, js(one))
				}
				led += one.Balances[0].LedgerBalance.Monetary.Value
				av += one.Balances[0].AvailableBalance.Monetary.Value
			}
			if led != bal.LedgerBalance.Monetary.Value || av != bal.AvailableBalance.Monetary.Value {
				t.Fatalf("%s totals %d/%d, per-grant sums %d/%d", bal.Currency(), bal.LedgerBalance.Monetary.Value, bal.AvailableBalance.Monetary.Value, led, av)
			}
			if bal.AvailableBalance.Monetary.Value > bal.LedgerBalance.Monetary.Value || bal.AvailableBalance.Monetary.Value < 0 {
				t.Fatalf("balance %s: available > ledger or negative", js(bal))
			}
		}
		if !slices.IsSortedFunc(s.Balances, func(a, b credit.Balance) int { return cmp.Compare(a.Currency(), b.Currency()) }) {
			t.Fatalf("balances not sorted by currency: %s", js(s))
		}
	})
}

// The order of grants and transactions changes no result.
func TestSummarize_InputOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		at := credittest.Times(l).Draw(t, "at")
		f := credittest.Filters(l).Draw(t, "filter")
		want, err1 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
		grants := rapid.Permutation(l.Grants).Draw(t, "grants")
		txns := rapid.Permutation(l.Transactions).Draw(t, "txns")
		got, err2 := credit.Summarize(l.Customer, grants, txns, f, at)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(want, got) {
			t.Fatalf("permuted input (-want +got):\n-%s %v\n+%s %v", js(want), err1, js(got), err2)
		}
	})
}

// A ledger broken by one extra debit, a changed amount or a debit moved in
// time is refused exactly when the replay finds a negative balance or an
// inconsistency; when it is accepted the result is the replay's.
func TestSummarize_PerturbedMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		txns := slices.Clone(l.Transactions)
		if len(txns) == 0 || len(l.Grants) == 0 {
			return
		}
		i := rapid.IntRange(0, len(txns)-1).Draw(t, "txn")
		switch rapid.IntRange(0, 3).Draw(t, "perturbation") {
		case 0: // change an amount
			v := rapid.Int64Range(1, 200000).Draw(t, "value")
			if txns[i].Type == credit.TypeCredit {
				txns[i].Credit.Amount.Monetary.Value = v
			} else {
				txns[i].Debit.Amount.Monetary.Value = v
			}
		case 1: // move in time
			txns[i].EffectiveAt = credittest.Times(l).Draw(t, "moved to")
		case 2: // an extra debit
			g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
			txns = append(txns, credit.Transaction{ID: "cbtxn_extra", CreditGrant: g.ID, Type: credit.TypeDebit,
				EffectiveAt: credittest.Times(l).Draw(t, "extra at"),
				Debit:       credit.Debit{Type: credit.CreditsExpired, Amount: credit.Money(g.Currency(), rapid.Int64Range(1, 200000).Draw(t, "extra"))}})
		case 3: // an extra reinstatement
			g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
			txns = append(txns, credit.Transaction{ID: "cbtxn_extra", CreditGrant: g.ID, Type: credit.TypeCredit,
				EffectiveAt: credittest.Times(l).Draw(t, "extra at"),
				Credit: credit.Credit{Type: credit.CreditsApplicationInvoiceVoided, Amount: credit.Money(g.Currency(), rapid.Int64Range(1, 200000).Draw(t, "extra")),
					CreditsApplicationInvoiceVoided: credit.InvoiceLineRef{Invoice: "in_x", InvoiceLineItem: "il_x"}}})
		}
		at := credittest.Times(l).Draw(t, "at")
		f := credit.ScopeFilter(credit.Scope{PriceType: credit.PriceTypeMetered})
		got, err := credit.Summarize(l.Customer, l.Grants, txns, f, at)
		want, refErr := refSummarize(l.Customer, l.Grants, txns, f, at, nil)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("error: Summarize %v, reference %v", err, refErr)
		}
		if err == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("summary (-want +got):\n-%s\n+%s", js(want), js(got))
		}
		if err != nil && !errors.Is(err, credit.ErrNegativeBalance) && !errors.Is(err, credit.ErrInvalidTransaction) {
			t.Fatalf("unexpected error class: %v", err)
		}
	})
}

// Summaries after the last transaction change only at grant window bounds.
func TestSummarize_StableAfterLastTransaction(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		f := credittest.Filters(l).Draw(t, "filter")
		t1 := l.End.Add(time.Duration(rapid.IntRange(0, 30*86400).Draw(t, "t1")) * time.Second)
		t2 := t1.Add(time.Duration(rapid.IntRange(1, 30*86400).Draw(t, "dt")) * time.Second)
		bound := false
		for _, g := range l.Grants {
			for _, b := range []time.Time{effectiveOf(g), g.ExpiresAt, g.VoidedAt} {
				if !b.IsZero() && b.After(t1) && !b.After(t2) {
					bound = true
				}
			}
		}
		s1, err1 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, t1)
		s2, err2 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, t2)
		if err1 != nil || err2 != nil {
			t.Fatalf("valid ledger refused: %v / %v", err1, err2)
		}
		if !bound && !reflect.DeepEqual(s1, s2) {
			t.Fatalf("summary changed without a window bound between %d and %d:\n%s\n%s", t1.Unix(), t2.Unix(), js(s1), js(s2))
		}
		// Without a bound in between, only expiry or void can lower
		// available; the ledger never changes after the last transaction
		// except when a pending grant becomes effective.
		for i := range s2.Balances {
			if i < len(s1.Balances) && s1.Balances[i].Currency() == s2.Balances[i].Currency() &&
				s2.Balances[i].LedgerBalance.Monetary.Value < s1.Balances[i].LedgerBalance.Monetary.Value {
				t.Fatalf("ledger decreased with no transaction: %s -> %s", js(s1), js(s2))
			}
		}
	})
}

func appAmounts(app credit.Application) map[[2]string]int64 {
	m := map[[2]string]int64{}
	for _, txn := range app.Transactions {
		m[[2]string{txn.CreditGrant, txn.Debit.CreditsApplied.InvoiceLineItem}] += txn.Debit.Amount.Monetary.Value
	}
	return m
}

// Apply agrees with the reference, never exceeds a line or a balance,
// respects pay-first order, and its transactions keep the ledger valid.
func TestApply_MatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := l.End.Add(time.Duration(rapid.IntRange(0, 86400).Draw(t, "finalize after")) * time.Second)
		app, err := credit.Apply(l.Grants, l.Transactions, inv, at)
		want, refErr := refApply(l.Grants, l.Transactions, inv, at)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("error: Apply %v, reference %v", err, refErr)
		}
		if err != nil {
			return
		}
		before := grantBalancesMap(t, l.Customer, l.Grants, l.Transactions, at)
		got := appAmounts(app)
		if len(app.Lines) != len(inv.Lines) {
			t.Fatalf("%d line reports for %d lines", len(app.Lines), len(inv.Lines))
		}
		taken := map[string]int64{}
		for i, ln := range inv.Lines {
			la := app.Lines[i]
			if la.Line != ln.ID || la.Covered != want[i].covered || la.Covered+la.Remaining != ln.Amount || la.Remaining < 0 {
				t.Fatalf("line %s: got %+v, reference covered %d", ln.ID, la, want[i].covered)
			}
			for g, v := range want[i].byGrant {
				if got[[2]string{g, ln.ID}] != v {
					t.Fatalf("line %s grant %s: applied %d, reference %d", ln.ID, g, got[[2]string{g, ln.ID}], v)
				}
			}
			if len(la.Applied) != len(want[i].first) {
				t.Fatalf("line %s: %d grants paid, reference %d", ln.ID, len(la.Applied), len(want[i].first))
			}
			for k, ga := range la.Applied {
				if ga.CreditGrant != want[i].first[k] {
					t.Fatalf("line %s: pay order %+v, reference %v", ln.ID, la.Applied, want[i].first)
				}
				taken[ga.CreditGrant] += ga.Amount
			}
			if (la.Remaining == 0) != (la.Uncovered == "") {
				t.Fatalf("line %s: remaining %d, uncovered %q", ln.ID, la.Remaining, la.Uncovered)
			}
		}
		// Every grant of the customer either paid or is reported once, with
		// a reason.
		reported := map[string]int{}
		for g := range taken {
			reported[g]++
		}
		for _, sk := range app.Skipped {
			if sk.Reason == "" {
				t.Fatalf("grant %s skipped without reason", sk.CreditGrant)
			}
			reported[sk.CreditGrant]++
		}
		for _, g := range l.Grants {
			if g.Customer == l.Customer && reported[g.ID] != 1 {
				t.Fatalf("grant %s reported %d times: %+v", g.ID, reported[g.ID], app.Skipped)
			}
		}
		for g, v := range taken {
			if v > before[g].Ledger {
				t.Fatalf("grant %s: applied %d of a balance of %d", g, v, before[g].Ledger)
			}
		}
		after := append(slices.Clone(l.Transactions), app.Transactions...)
		if _, err := refLedger(l.Customer, l.Grants, after, at); err != nil {
			t.Fatalf("ledger invalid after Apply: %v", err)
		}
		if len(got) != len(app.Transactions) {
			t.Fatalf("more than one debit for a (grant, line): %s", js(app.Transactions))
		}
	})
}

// Apply at any instant, even one before transactions already in the
// ledger, leaves a ledger that replays without a negative balance at
// every later instant. [P]
func TestApply_KeepsLedgerValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := credittest.Times(l).Draw(t, "finalized at")
		inv.PeriodEnd = at
		app, err := credit.Apply(l.Grants, l.Transactions, inv, at)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		after := append(slices.Clone(l.Transactions), app.Transactions...)
		if _, err := refLedger(l.Customer, l.Grants, after, l.End.Add(400*24*time.Hour)); err != nil {
			t.Fatalf("ledger invalid after Apply at %d: %v", at.Unix(), err)
		}
	})
}

// Apply is independent of the order of its inputs.
func TestApply_InputOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := l.End
		a1, err1 := credit.Apply(l.Grants, l.Transactions, inv, at)
		grants := rapid.Permutation(l.Grants).Draw(t, "grants")
		txns := rapid.Permutation(l.Transactions).Draw(t, "txns")
		a2, err2 := credit.Apply(grants, txns, inv, at)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(a1, a2) {
			t.Fatalf("permuted input (-want +got):\n-%s %v\n+%s %v", js(a1), err1, js(a2), err2)
		}
	})
}

// Applying an invoice's lines as two invoices in a row covers each line as
// one application does, and takes the same from each grant.
func TestApply_SplitEqualsOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := l.End
		one, err := credit.Apply(l.Grants, l.Transactions, inv, at)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		k := rapid.IntRange(0, len(inv.Lines)).Draw(t, "split")
		a, b := inv, inv
		a.Lines, b.Lines = inv.Lines[:k], inv.Lines[k:]
		b.ID = inv.ID + "_b"
		appA, err := credit.Apply(l.Grants, l.Transactions, a, at)
		if err != nil {
			t.Fatalf("Apply A: %v", err)
		}
		appB, err := credit.Apply(l.Grants, append(slices.Clone(l.Transactions), appA.Transactions...), b, at)
		if err != nil {
			t.Fatalf("Apply B: %v", err)
		}
		lines := append(slices.Clone(appA.Lines), appB.Lines...)
		for i := range one.Lines {
			if !reflect.DeepEqual(one.Lines[i], lines[i]) {
				t.Fatalf("line %d (-one +split):\n-%+v\n+%+v", i, one.Lines[i], lines[i])
			}
		}
		sum := func(txns ...[]credit.Transaction) map[string]int64 {
			m := map[string]int64{}
			for _, ts := range txns {
				for _, x := range ts {
					m[x.CreditGrant] += x.Debit.Amount.Monetary.Value
				}
			}
			return m
		}
		if w, g := sum(one.Transactions), sum(appA.Transactions, appB.Transactions); !reflect.DeepEqual(w, g) {
			t.Fatalf("per-grant totals (-one +split): -%v +%v", w, g)
		}
	})
}

// Expire and Void leave the grant's ledger at 0; Void is refused once
// anything was applied.
func TestExpireVoid_LeaveLedgerZero(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		if len(l.Grants) == 0 {
			return
		}
		i := rapid.IntRange(0, len(l.Grants)-1).Draw(t, "grant")
		g := l.Grants[i]
		at := l.End.Add(time.Duration(rapid.IntRange(0, 40*86400).Draw(t, "after")) * time.Second)
		void := rapid.Bool().Draw(t, "void")
		var g2 credit.Grant
		var txns []credit.Transaction
		var err error
		if void {
			g2, txns, err = credit.Void(g, l.Transactions, at)
		} else {
			g2, txns, err = credit.Expire(g, l.Transactions, at)
		}
		applied := slices.ContainsFunc(l.Transactions, func(x credit.Transaction) bool {
			return x.CreditGrant == g.ID && x.Debit.Type == credit.CreditsApplied
		})
		switch {
		case !g.VoidedAt.IsZero():
			if !errors.Is(err, credit.ErrGrantVoided) {
				t.Fatalf("on a voided grant: err %v, want ErrGrantVoided", err)
			}
			return
		case void && applied:
			if !errors.Is(err, credit.ErrVoidAfterApplication) {
				t.Fatalf("void after application: err %v, want ErrVoidAfterApplication", err)
			}
			return
		case !void && !at.After(g.Effective()) && (g.ExpiresAt.IsZero() || at.Before(g.ExpiresAt)):
			if !errors.Is(err, credit.ErrInvalidGrant) {
				t.Fatalf("expire now of a pending grant: err %v, want ErrInvalidGrant (void it instead)", err)
			}
			return
		case err != nil:
			t.Fatalf("refused: %v", err)
		}
		grants := slices.Clone(l.Grants)
		grants[i] = g2
		all := append(slices.Clone(l.Transactions), txns...)
		for _, later := range []time.Time{at, at.Add(time.Hour), at.Add(400 * 24 * time.Hour)} {
			bs, err := credit.GrantBalances(g.Customer, grants, all, later)
			if err != nil {
				t.Fatalf("after: %v", err)
			}
			for _, b := range bs {
				if b.CreditGrant == g.ID && (b.Ledger != 0 || b.Available != 0) {
					t.Fatalf("after %s at %d: %+v, want ledger 0", map[bool]string{true: "void", false: "expire"}[void], later.Unix(), b)
				}
			}
		}
		// Again: nothing more to write.
		if !void {
			if _, more, err := credit.Expire(g2, all, at); err != nil || len(more) != 0 {
				t.Fatalf("second Expire: %v %s", err, js(more))
			}
		}
	})
}

// The ids of new transactions come from the generator; by default the same
// input gives the same ids.
func TestApply_IDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		a1, err1 := credit.Apply(l.Grants, l.Transactions, inv, l.End)
		a2, err2 := credit.Apply(l.Grants, l.Transactions, inv, l.End)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(a1, a2) {
			t.Fatalf("not deterministic: %v %v", err1, err2)
		}
		seen := map[string]bool{}
		for _, x := range a1.Transactions {
			if seen[x.ID] || len(x.ID) != len("cbtxn_")+32 {
				t.Fatalf("bad or repeated id %q", x.ID)
			}
			seen[x.ID] = true
		}
		n := 0
		a3, err := credit.ApplyWith(l.Grants, l.Transactions, inv, l.End, credit.ApplyOptions{IDs: func(k credit.IDKey) string {
			n++
			return fmt.Sprintf("cbtxn_%s_%s_%s", k.Kind, k.Parent, k.InvoiceLineItem)
		}})
		if err != nil || n != len(a3.Transactions) {
			t.Fatalf("generator called %d times for %d transactions (%v)", n, len(a3.Transactions), err)
		}
		for _, x := range a3.Transactions {
			if x.ID != "cbtxn_credits_applied_"+x.CreditGrant+"_"+x.Debit.CreditsApplied.InvoiceLineItem {
				t.Fatalf("id %q not from the generator", x.ID)
			}
		}
	})
}

// Fuzz targets: decoding never panics, and Summarize on whatever decodes
// never panics.

func FuzzGrant_UnmarshalJSON(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		var g credit.Grant
		b := fuzzJSON(t, grantSeed)
		if json.Unmarshal(b, &g) == nil {
			_ = g.Validate()
			if _, err := json.Marshal(g); err != nil {
				t.Fatalf("decoded grant does not encode: %v", err)
			}
		}
	}))
}

func FuzzTransaction_UnmarshalJSON(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		var x credit.Transaction
		b := fuzzJSON(t, txnSeed)
		if json.Unmarshal(b, &x) == nil {
			_ = x.Validate()
			if _, err := json.Marshal(x); err != nil {
				t.Fatalf("decoded transaction does not encode: %v", err)
			}
		}
	}))
}

func FuzzSummarize_Decoded(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		var in struct {
			Grants       []credit.Grant       `json:"grants"`
			Transactions []credit.Transaction `json:"transactions"`
			Filter       credit.Filter        `json:"filter"`
		}
		g := fuzzJSON(t, grantSeed)
		x := fuzzJSON(t, txnSeed)
		fl := rapid.SampledFrom([]string{`{"type":"credit_grant","credit_grant":"credgr_f"}`, `{"type":"applicability_scope","applicability_scope":{"price_type":"metered"}}`, `{}`}).Draw(t, "filter")
		doc := `{"grants":[` + string(g) + `],"transactions":[` + string(x) + `],"filter":` + fl + `}`
		if json.Unmarshal([]byte(doc), &in) != nil {
			return
		}
		at := time.Unix(rapid.Int64Range(0, 1<<40).Draw(t, "at"), 0)
		s, err := credit.Summarize("cus_f", in.Grants, in.Transactions, in.Filter, at)
		if err == nil {
			for _, b := range s.Balances {
				if b.LedgerBalance.Monetary.Value < 0 || b.AvailableBalance.Monetary.Value > b.LedgerBalance.Monetary.Value {
					t.Fatalf("accepted input gives %s", js(s))
				}
			}
		}
		_, _ = credit.Apply(in.Grants, in.Transactions, credit.Invoice{ID: "in_f", Customer: "cus_f", Currency: "usd", PeriodEnd: at,
			Lines: []credit.InvoiceLine{{ID: "il_f", Price: "price_f", Metered: true, Amount: 500}}}, at)
	}))
}

const grantSeed = `{"id":"credgr_f","object":"billing.credit_grant","amount":{"monetary":{"currency":"usd","value":1000},"type":"monetary"},"applicability_config":{"scope":{"price_type":"metered"}},"category":"paid","created":1726688741,"customer":"cus_f","effective_at":1726688741,"expires_at":null,"livemode":false,"metadata":{},"name":"n","priority":50,"test_clock":null,"updated":1726688741,"voided_at":null}`

const txnSeed = `{"id":"cbtxn_f","object":"billing.credit_balance_transaction","created":1726688800,"credit":null,"credit_grant":"credgr_f","debit":{"amount":{"monetary":{"currency":"usd","value":300},"type":"monetary"},"credits_applied":{"invoice":"in_1","invoice_line_item":"il_1"},"type":"credits_applied"},"effective_at":1726688800,"livemode":false,"test_clock":null,"type":"debit"}`

// fuzzJSON draws a mutation of seed: bytes replaced, inserted or cut, or a
// value replaced by another JSON value.
func fuzzJSON(t *rapid.T, seed string) []byte {
	b := []byte(seed)
	n := rapid.IntRange(0, 4).Draw(t, "mutations")
	for i := 0; i < n && len(b) > 0; i++ {
		p := rapid.IntRange(0, len(b)-1).Draw(t, "pos")
		switch rapid.IntRange(0, 3).Draw(t, "op") {
		case 0:
			b[p] = rapid.Byte().Draw(t, "byte")
		case 1:
			ins := rapid.SampledFrom([]string{"null", "-1", "0", "9223372036854775807", `"x"`, "{}", "[]", `"credit"`, `"debit"`, "1e99", "true"}).Draw(t, "value")
			b = append(b[:p], append([]byte(ins), b[p:]...)...)
		case 2:
			e := min(len(b), p+rapid.IntRange(1, 12).Draw(t, "cut"))
			b = append(b[:p], b[e:]...)
		case 3:
			b = append(b[:p], rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "raw")...)
		}
	}
	return b
}

// Transactions whose type is null (resolved by the side that is set) give
// the same results as typed ones.
func TestSummarize_NullTypes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		at := credittest.Times(l).Draw(t, "at")
		f := credittest.Filters(l).Draw(t, "filter")
		txns := slices.Clone(l.Transactions)
		for i := range txns {
			if rapid.Bool().Draw(t, "null type") {
				txns[i].Type = ""
			}
		}
		want, err1 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
		got, err2 := credit.Summarize(l.Customer, l.Grants, txns, f, at)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(want, got) {
			t.Fatalf("null types (-want +got):\n-%s %v\n+%s %v", js(want), err1, js(got), err2)
		}
	})
}

// Pay-first order is respected: per line, the grants that paid did so in
// Stripe's order, and none paid while a grant ranked before it that could
// pay for the line still had balance; a line left to pay is "empty" when
// every grant that can pay for it ran out and "scope" when none covers
// it; a grant reported "empty" had nothing to spare, one reported
// "covered" had balance left at the end and covers a line.
func TestApply_PayFirstOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		inv := credittest.Invoices(l).Draw(t, "invoice")
		at := l.End
		app, err := credit.Apply(l.Grants, l.Transactions, inv, at)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		var mine []credit.Grant
		for _, g := range l.Grants {
			if g.Customer == l.Customer {
				mine = append(mine, g)
			}
		}
		ordered := credit.Order(nil).Sort(mine)
		left := map[string]int64{}
		for id, b := range grantBalancesMap(t, l.Customer, l.Grants, l.Transactions, at) {
			left[id] = b.Ledger
		}
		static := map[string]bool{} // skipped for a reason that holds for every line
		for _, s := range app.Skipped {
			switch s.Reason {
			case credit.SkipVoided, credit.SkipCurrency, credit.SkipNotEffective, credit.SkipExpired:
				static[s.CreditGrant] = true
			case credit.SkipEmpty:
				if left[s.CreditGrant] > 0 {
					t.Fatalf("grant %s skipped as empty with %d", s.CreditGrant, left[s.CreditGrant])
				}
			}
		}
		canPay := func(g credit.Grant, ln credit.InvoiceLine) bool {
			return !static[g.ID] && g.ApplicabilityConfig.Scope.Covers(ln.Price, ln.Metered)
		}
		for i, la := range app.Lines {
			ln := inv.Lines[i]
			pos := -1
			for _, a := range la.Applied {
				j := slices.IndexFunc(ordered, func(g credit.Grant) bool { return g.ID == a.CreditGrant })
				if j <= pos || !canPay(ordered[j], ln) {
					t.Fatalf("line %s: payers out of order or not eligible: %+v", la.Line, la.Applied)
				}
				for _, g := range ordered[pos+1 : j] {
					if canPay(g, ln) && left[g.ID] > 0 {
						t.Fatalf("line %s: %s paid while %s, ranked first, had %d", la.Line, a.CreditGrant, g.ID, left[g.ID])
					}
				}
				pos = j
				left[a.CreditGrant] -= a.Amount
			}
			switch la.Uncovered {
			case credit.SkipEmpty, credit.SkipScope:
				covering := false
				for _, g := range ordered {
					if canPay(g, ln) {
						covering = true
						if left[g.ID] > 0 {
							t.Fatalf("line %s: %d left to pay while %s has %d", la.Line, la.Remaining, g.ID, left[g.ID])
						}
					}
				}
				if covering != (la.Uncovered == credit.SkipEmpty) {
					t.Fatalf("line %s: uncovered %q, but a grant covering it exists: %v", la.Line, la.Uncovered, covering)
				}
			case "":
				if la.Remaining != 0 {
					t.Fatalf("line %s: %d left without a reason", la.Line, la.Remaining)
				}
			default:
				t.Fatalf("line %s: uncovered %q", la.Line, la.Uncovered)
			}
		}
		for _, s := range app.Skipped {
			if s.Reason == credit.SkipCovered && !slices.ContainsFunc(inv.Lines, func(ln credit.InvoiceLine) bool {
				g := ordered[slices.IndexFunc(ordered, func(g credit.Grant) bool { return g.ID == s.CreditGrant })]
				return ln.Amount > 0 && g.ApplicabilityConfig.Scope.Covers(ln.Price, ln.Metered)
			}) {
				t.Fatalf("grant %s reported covered but covers no line", s.CreditGrant)
			}
		}
	})
}
