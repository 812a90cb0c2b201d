package credit_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// Regression tests for the correctness bugs of issue 8 ("Why:
// correctness"). Each failed before the fix it names.

// validAt reports whether Summarize accepts the ledger at instant at.
func validAt(grants []credit.Grant, txns []credit.Transaction, at time.Time) error {
	_, err := credit.Summarize(cus, grants, txns, byMetered, at)
	return err
}

// A grant voided before it became effective is never funded, so a debit on
// it takes its balance below zero at every instant: the ledger is refused
// whatever instant it is asked about. It used to be accepted at day 0 and
// from day 2 on (the never-negative check counted the amount the grant
// never received) and refused at day 1.
func TestRegression_VoidedBeforeEffectiveNeverFunded(t *testing.T) {
	g := grantA
	g.ID, g.EffectiveAt, g.ExpiresAt, g.VoidedAt = "credgr_V", day(10), time.Time{}, day(5)
	txns := []credit.Transaction{
		debitTxn("t1", "credgr_V", credit.CreditsApplied, "usd", 300, day(1), "in_1", "il_1"),
		creditTxn("t2", "credgr_V", credit.CreditsApplicationInvoiceVoided, "usd", 300, day(2), "in_1", "il_1"),
	}
	for _, d := range []float64{0, 1, 1.5, 2, 3, 6, 11, 20} {
		if err := validAt([]credit.Grant{g}, txns, day(d)); !errors.Is(err, credit.ErrNegativeBalance) {
			t.Errorf("at day %v: %v, want ErrNegativeBalance (the grant was never funded)", d, err)
		}
	}
}

// checkExpired asserts that the grant returned by a lifecycle function
// validates and that, once the returned transactions are appended, the
// grant's ledger is valid and 0 from `from` on.
func checkEmptied(t *testing.T, what string, g credit.Grant, txns []credit.Transaction, from time.Time) {
	t.Helper()
	if err := g.Validate(); err != nil {
		t.Fatalf("%s returned a grant that fails Validate: %v", what, err)
	}
	if err := credit.CheckLedger(txns); err != nil {
		t.Fatalf("%s: ids repeat: %v", what, err)
	}
	for _, at := range []time.Time{from, from.Add(time.Second), from.Add(24 * time.Hour), from.Add(400 * 24 * time.Hour)} {
		bs, err := credit.GrantBalances(cus, []credit.Grant{g}, txns, at)
		if err != nil {
			t.Fatalf("%s: ledger invalid at %d: %v", what, at.Unix(), err)
		}
		if bs[0].Ledger != 0 {
			t.Fatalf("%s: ledger %d at %d, want 0 (credits stranded)", what, bs[0].Ledger, at.Unix())
		}
	}
}

// Expire dated before the grant's effective_at used to succeed and write
// nothing, returning a grant whose expires_at precedes its effective_at:
// its funding (implied or recorded) vanished without a debit, or stayed
// on an expired grant forever. Now it is refused.
func TestRegression_ExpireBeforeEffective(t *testing.T) {
	fund := creditTxn("t0", "credgr_A", credit.CreditsGranted, "usd", 1000, t0, "", "")
	for _, txns := range [][]credit.Transaction{
		nil,
		{fund},
		{fund, applied("t1", "credgr_A", 300, day(2)), reinstated("t2", "credgr_A", 300, day(3))},
	} {
		g, out, err := credit.Expire(grantA, txns, day(-1))
		if err == nil {
			checkEmptied(t, "Expire before effective_at", g, append(slices.Clone(txns), out...), day(-1))
			continue
		}
		if !errors.Is(err, credit.ErrInvalidGrant) {
			t.Fatalf("Expire before effective_at: %v, want ErrInvalidGrant", err)
		}
	}
}

// After a VoidInvoice dated before a recorded expiry, a second Expire used
// to write a credits_expired debit with the same id as the first. Now the
// reinstatement before a recorded expiry is expired at that expiry, and
// nothing is left for a second Expire.
func TestRegression_VoidInvoiceBeforeRecordedExpiry(t *testing.T) {
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(2))}
	g, e1, err := credit.Expire(grantA, txns, day(31))
	if err != nil || len(e1) != 1 {
		t.Fatalf("first Expire: %v %s", err, js(e1))
	}
	txns = append(txns, e1...)
	vi, err := credit.VoidInvoice([]credit.Grant{g}, txns, "in_1", day(20))
	if err != nil {
		t.Fatalf("VoidInvoice: %v", err)
	}
	txns = append(txns, vi...)
	g, e2, err := credit.Expire(g, txns, day(40))
	if err != nil {
		t.Fatalf("second Expire: %v", err)
	}
	txns = append(txns, e2...)
	checkEmptied(t, "Expire, VoidInvoice before it, Expire", g, txns, day(30))
}

// An Expire dated before a reinstatement used to leave the reinstated
// credits on the expired grant, and every later Expire failed, so nothing
// could clear them. Now Expire expires them too, as they come back.
func TestRegression_ExpireBeforeReinstatement(t *testing.T) {
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), reinstated("t2", "credgr_A", 300, day(10))}
	g, out, err := credit.Expire(grantA, txns, day(5))
	if err != nil {
		t.Fatalf("Expire: %v", err)
	}
	txns = append(txns, out...)
	checkEmptied(t, "Expire before a reinstatement", g, txns, day(5))
	g2, more, err := credit.Expire(g, txns, day(25))
	if err != nil || len(more) != 0 || !g2.ExpiresAt.Equal(g.ExpiresAt) {
		t.Fatalf("a later Expire: %v %s, want nothing to write", err, js(more))
	}
}

// A reinstatement ledger was valid at t=15 and t=35 and refused at t=25:
// the reinstatement check looked only at the transactions up to the
// instant asked about. The rules hold at every instant, so the verdict no
// longer depends on it: here 200 are given back on day 20 when only 100
// had been applied, so the ledger is refused at every instant.
func TestRegression_ReinstatementVerdictAtEveryInstant(t *testing.T) {
	txns := []credit.Transaction{
		debitTxn("a1", "credgr_A", credit.CreditsApplied, "usd", 100, day(10), "in_1", "il_1"),
		creditTxn("r1", "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", 200, day(20), "in_1", "il_1"),
		debitTxn("a2", "credgr_A", credit.CreditsApplied, "usd", 100, day(30), "in_1", "il_1"),
	}
	for _, d := range []float64{5, 15, 25, 35} {
		if err := validAt([]credit.Grant{grantA}, txns, day(d)); !errors.Is(err, credit.ErrInvalidTransaction) {
			t.Errorf("at day %v: %v, want ErrInvalidTransaction (200 reinstated on day 20, 100 applied by then)", d, err)
		}
	}
	// Reinstating what was applied by then is valid at every instant.
	txns[1].Credit.Amount.Monetary.Value = 100
	for _, d := range []float64{5, 15, 25, 35} {
		if err := validAt([]credit.Grant{grantA}, txns, day(d)); err != nil {
			t.Errorf("at day %v: %v, want valid", d, err)
		}
	}
}

// Times near the int64 limits: an expires_at of MaxInt64/2 seconds made
// Expire write a debit in the year ~292 billion, and a debit effective
// after MaxInt64/2 seconds was never checked. Decoding bounds times to the
// years 1970 to 9999; values built in Go are now checked where they enter.
func TestRegression_TimesNearInt64Limits(t *testing.T) {
	far := time.Unix(math.MaxInt64/2, 0)
	g := grantA
	g.ExpiresAt = far
	if err := g.Validate(); !errors.Is(err, credit.ErrInvalidGrant) {
		t.Errorf("Validate of expires_at %d: %v, want ErrInvalidGrant", far.Unix(), err)
	}
	if _, out, err := credit.Expire(g, nil, far.Add(10*time.Second)); err == nil {
		t.Errorf("Expire with expires_at %d wrote %s, want an error", far.Unix(), js(out))
	}
	late := []credit.Transaction{applied("t1", "credgr_A", 5000, far.Add(100*time.Second))}
	if err := validAt([]credit.Grant{grantA}, late, day(40)); !errors.Is(err, credit.ErrInvalidTransaction) {
		t.Errorf("a debit of 5000 at %d: %v, want ErrInvalidTransaction", far.Unix()+100, err)
	}
	if err := late[0].Validate(); !errors.Is(err, credit.ErrInvalidTransaction) {
		t.Errorf("Validate of effective_at %d: %v, want ErrInvalidTransaction", far.Unix()+100, err)
	}
	if _, _, err := credit.Expire(grantA, nil, far); err == nil {
		t.Errorf("Expire now at %d: want an error (expires_at would be out of range)", far.Unix())
	}
}

// Grant.Update with sub-second times could set expires_at == effective_at
// (in whole seconds) and so unfund the grant. Instants are compared in
// whole seconds.
func TestRegression_UpdateSubSecond(t *testing.T) {
	g := grantA
	g.EffectiveAt = t0.Add(300 * time.Millisecond)
	e := t0.Add(800 * time.Millisecond)
	got, err := g.Update(credit.GrantUpdate{ExpiresAt: &e}, t0.Add(100*time.Millisecond))
	if err == nil {
		t.Fatalf("Update to expires_at %s on a grant effective at %s: %s, want ErrInvalidGrant", e, g.EffectiveAt, js(got))
	}
	if !errors.Is(err, credit.ErrInvalidGrant) {
		t.Fatalf("err %v, want ErrInvalidGrant", err)
	}
}

// DeterministicID hashes each field preceded by its length, so keys whose
// fields hold NUL bytes, or whose bytes move from one field to the next,
// never give the same id.
func TestRegression_DeterministicIDNoCollisions(t *testing.T) {
	keys := []credit.IDKey{
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1", Invoice: "in_1", InvoiceLineItem: "il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1\x00in_1", InvoiceLineItem: "il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1", Invoice: "in_1\x00il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied\x00credgr_1", Invoice: "in_1", InvoiceLineItem: "il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1in_1", InvoiceLineItem: "il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1", Invoice: "in_", InvoiceLineItem: "1il_1"},
		{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1", Invoice: "in_1", InvoiceLineItem: "il_1", N: 1},
		{Prefix: "cbtxn\x00", Kind: "credits_applied", Parent: "credgr_1", Invoice: "in_1", InvoiceLineItem: "il_1"},
	}
	seen := map[string]int{}
	for i, k := range keys {
		id := credit.DeterministicID(k)
		if j, ok := seen[id]; ok {
			t.Errorf("keys %d and %d give the same id %s:\n%+v\n%+v", j, i, id, keys[j], k)
		}
		seen[id] = i
	}
}

// A ledger in time order with an unknown grant is compiled twice (the
// second time in the order given, to report errors in that order), on the
// same stack scratch. The second id index found the first one's slots
// still set: with a power-of-two number of grants it filled up, and the
// lookup of the unknown id never ended.
func TestRegression_RetriedScanOnUsedScratch(t *testing.T) {
	for _, n := range []int{1, 3, 4, 5, 8, 16} {
		var grants []credit.Grant
		for i := range n {
			g := grantA
			g.ID = "credgr_" + string(rune('a'+i))
			grants = append(grants, g)
		}
		txns := []credit.Transaction{
			debitTxn("t1", grants[0].ID, credit.CreditsApplied, "usd", 1, day(1), "in_1", "il_1"),
			debitTxn("t2", "credgr_nope", credit.CreditsApplied, "usd", 1, day(2), "in_1", "il_2"),
		}
		done := make(chan error, 1)
		go func() { done <- validAt(grants, txns, day(3)) }()
		select {
		case err := <-done:
			if !errors.Is(err, credit.ErrUnknownGrant) {
				t.Errorf("%d grants: %v, want ErrUnknownGrant", n, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%d grants: Summarize did not return", n)
		}
	}
}
