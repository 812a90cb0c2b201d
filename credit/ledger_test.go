package credit_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/billingkit/billingkit/credit"
)

// The Ledger's changes, one by one, with hand-computed results.
func TestLedger_Scenarios(t *testing.T) {
	var led credit.Ledger // the zero Ledger is empty and ready
	if err := led.Append(applied("t1", "credgr_A", 300, day(2))); !errors.Is(err, credit.ErrUnknownGrant) {
		t.Fatalf("Append before its grant: %v, want ErrUnknownGrant", err)
	}
	if err := led.AddGrant(grantA); err != nil {
		t.Fatalf("AddGrant: %v", err)
	}
	if err := led.AddGrant(grantA); !errors.Is(err, credit.ErrDuplicateGrant) {
		t.Fatalf("AddGrant twice: %v, want ErrDuplicateGrant", err)
	}
	bad := grantB
	bad.ID, bad.Priority = "credgr_bad", prio(101)
	if err := led.AddGrant(bad); !errors.Is(err, credit.ErrInvalidGrant) {
		t.Fatalf("AddGrant of an invalid grant: %v, want ErrInvalidGrant", err)
	}
	// Out of order: the day-10 application first, then the day-2 one.
	if err := led.Append(applied("t2", "credgr_A", 200, day(10))); err != nil {
		t.Fatalf("Append day 10: %v", err)
	}
	if err := led.Append(applied("t1", "credgr_A", 300, day(2))); err != nil {
		t.Fatalf("Append day 2, after day 10: %v", err)
	}
	for _, c := range []struct {
		at   float64
		want int64
	}{{1, 1000}, {2, 700}, {9, 700}, {10, 500}, {29, 500}} {
		s, err := led.Summarize(cus, byMetered, day(c.at))
		if err != nil || s.Balances[0].LedgerBalance.Monetary.Value != c.want {
			t.Fatalf("day %v: %v %s, want ledger %d", c.at, err, js(s), c.want)
		}
	}
	// A back-dated debit that a later one needed is refused, naming it,
	// and the ledger is unchanged.
	before, _ := led.GrantBalances(cus, day(40))
	err := led.Append(applied("t3", "credgr_A", 600, day(1)))
	var fe *credit.FieldError
	if !errors.Is(err, credit.ErrNegativeBalance) || !errors.As(err, &fe) || fe.ID != "t3" || fe.Object != credit.ObjectTransaction {
		t.Fatalf("back-dated debit of 600: %v, want ErrNegativeBalance naming t3", err)
	}
	if after, _ := led.GrantBalances(cus, day(40)); !reflect.DeepEqual(before, after) || led.Len() != 2 {
		t.Fatalf("refused Append changed the ledger: %+v -> %+v (%d transactions)", before, after, led.Len())
	}
	// A batch with one bad transaction is refused as a whole.
	err = led.Append(applied("t4", "credgr_A", 100, day(3)), applied("t1", "credgr_A", 1, day(4)))
	if !errors.Is(err, credit.ErrDuplicateTransaction) || led.Len() != 2 || led.HasTransaction("t4") || !led.HasTransaction("t1") {
		t.Fatalf("batch with a repeated id: %v, %d transactions", err, led.Len())
	}
	// A reinstatement beyond what was applied by then.
	if err := led.Append(reinstated("t5", "credgr_A", 600, day(5))); !errors.Is(err, credit.ErrInvalidTransaction) {
		t.Fatalf("reinstating 600 of 300: %v, want ErrInvalidTransaction", err)
	}
	// The lifecycle writes nothing; recording what it returns keeps the
	// ledger valid.
	g, out, err := led.Expire("credgr_A", day(31))
	if err != nil || len(out) != 1 || out[0].Debit.Amount.Monetary.Value != 500 {
		t.Fatalf("Expire: %v %s", err, js(out))
	}
	if err := led.UpdateGrant(g); err != nil {
		t.Fatalf("UpdateGrant: %v", err)
	}
	if err := led.Append(out...); err != nil {
		t.Fatalf("Append the expiry: %v", err)
	}
	if again := led.Append(out...); !errors.Is(again, credit.ErrDuplicateTransaction) {
		t.Fatalf("the expiry delivered twice: %v", again)
	}
	vi, err := led.VoidInvoice("in_1", day(35))
	if err != nil || len(vi) != 2 || vi[1].Debit.Type != credit.CreditsExpired {
		t.Fatalf("VoidInvoice after expiry: %v %s", err, js(vi))
	}
	if err := led.Append(vi...); err != nil {
		t.Fatalf("Append the reinstatement: %v", err)
	}
	bs, err := led.GrantBalances(cus, day(40))
	if err != nil || bs[0].Ledger != 0 {
		t.Fatalf("after everything: %v %+v", err, bs)
	}
	if got, ok := led.Grant("credgr_A"); !ok || !got.ExpiresAt.Equal(day(30)) || len(led.Grants()) != 1 {
		t.Fatalf("Grant: %v %s", ok, js(got))
	}
	if _, err := led.Summarize("", byMetered, day(1)); !errors.Is(err, credit.ErrNoCustomer) {
		t.Fatalf("empty customer: %v, want ErrNoCustomer", err)
	}
}

// UpdateGrant refuses a grant change that would leave the ledger invalid,
// and changes nothing then.
func TestLedger_UpdateGrant(t *testing.T) {
	led, err := credit.NewLedger([]credit.Grant{grantA, grantB}, []credit.Transaction{applied("t1", "credgr_A", 300, day(2))})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(*credit.Grant)
		want error
	}{
		{"void before the effective time", func(g *credit.Grant) { g.VoidedAt = t0 }, credit.ErrInvalidGrant},
		{"expiry before the application", func(g *credit.Grant) { g.ExpiresAt = day(1) }, credit.ErrInvalidGrant},
		{"another currency", func(g *credit.Grant) { g.Amount = credit.Money("eur", 1000) }, credit.ErrCurrencyMismatch},
		{"a smaller amount than applied", func(g *credit.Grant) { g.Amount = credit.Money("usd", 200) }, credit.ErrNegativeBalance},
		{"an unknown grant", func(g *credit.Grant) { g.ID = "credgr_Z" }, credit.ErrUnknownGrant},
		{"an invalid grant", func(g *credit.Grant) { g.Category = "free" }, credit.ErrInvalidGrant},
	}
	for _, c := range cases {
		g := grantA
		c.edit(&g)
		if err := led.UpdateGrant(g); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if got, _ := led.Grant("credgr_A"); !reflect.DeepEqual(got, grantA) {
		t.Fatalf("a refused UpdateGrant changed the grant: %s", js(got))
	}
	// Metadata, and an expiry after the applications, can change.
	g := grantA
	g.Metadata = map[string]string{"k": "v"}
	g.ExpiresAt = day(60)
	if err := led.UpdateGrant(g); err != nil {
		t.Fatalf("UpdateGrant: %v", err)
	}
	if s, err := led.Summarize(cus, byMetered, day(45)); err != nil || s.Balances[0].AvailableBalance.Monetary.Value != 700 {
		t.Fatalf("after moving the expiry: %v %s", err, js(s))
	}
}

// Grants selected by customer_account: a customer identified only by its
// account can be summarized, and two accounts never merge.
func TestSummarize_CustomerAccount(t *testing.T) {
	a := grantA
	a.ID, a.Customer, a.CustomerAccount = "credgr_acct1", "", "acct_1"
	b := grantA
	b.ID, b.Customer, b.CustomerAccount = "credgr_acct2", "", "acct_2"
	grants := []credit.Grant{a, b, grantC}
	led, err := credit.NewLedger(grants, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range []func(string) (credit.Summary, error){
		func(c string) (credit.Summary, error) { return credit.Summarize(c, grants, nil, byMetered, day(1)) },
		func(c string) (credit.Summary, error) { return led.Summarize(c, byMetered, day(1)) },
	} {
		s, err := sum("acct_1")
		want := credit.Summary{CustomerAccount: "acct_1", Balances: balances(bal{"usd", 1000, 1000})}
		if err != nil || !reflect.DeepEqual(want, s) {
			t.Fatalf("by customer_account (-want +got):\n-%s\n+%s %v", js(want), js(s), err)
		}
		if _, err := sum(""); !errors.Is(err, credit.ErrNoCustomer) {
			t.Fatalf("empty customer: %v, want ErrNoCustomer", err)
		}
		s, err = sum(cus)
		if err != nil || !reflect.DeepEqual(balances(bal{"eur", 2000, 2000}), s.Balances) || s.Customer != cus || s.CustomerAccount != "" {
			t.Fatalf("by customer: %v %s", err, js(s))
		}
	}
	inv := credit.Invoice{ID: "in_a", Customer: "acct_2", Currency: "usd", PeriodEnd: day(2), Lines: []credit.InvoiceLine{{ID: "il_1", Metered: true, Amount: 50}}}
	app, err := credit.Apply(grants, nil, inv, day(2))
	if err != nil || app.Covered != 50 || app.Transactions[0].CreditGrant != "credgr_acct2" {
		t.Fatalf("Apply by customer_account: %v %s", err, js(app))
	}
}

// The slice functions read a ledger newest first to check reinstatements
// in one pass; the verdict and the error must not depend on the order the
// transactions are given in, same-second applications and reinstatements
// included.
func TestSummarize_ReinstatementInAnyOrder(t *testing.T) {
	a1 := applied("a1", "credgr_A", 300, day(2))
	r1 := reinstated("r1", "credgr_A", 300, day(2)) // the same second
	a2 := debitTxn("a2", "credgr_A", credit.CreditsApplied, "usd", 500, day(3), "in_2", "il_1")
	r2 := creditTxn("r2", "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", 200, day(4), "in_2", "il_1")
	early := creditTxn("r3", "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", 100, day(1), "in_2", "il_1")
	late := debitTxn("a3", "credgr_A", credit.CreditsApplied, "usd", 600, day(5), "in_3", "il_1")
	cases := []struct {
		name  string
		txns  []credit.Transaction
		valid bool
	}{
		{"reinstated in the second it was applied", []credit.Transaction{a1, r1, a2, r2}, true},
		{"reinstated before it was applied", []credit.Transaction{a1, a2, early}, false},
		{"a later debit the reinstatements cannot cover", []credit.Transaction{a1, r1, a2, r2, late, applied("a4", "credgr_A", 101, day(6))}, false},
		{"a later debit they cover", []credit.Transaction{a1, r1, a2, r2, late}, true},
	}
	for _, c := range cases {
		orders := [][]credit.Transaction{c.txns, slices.Clone(c.txns), nil}
		slices.Reverse(orders[1])
		orders[2] = append(slices.Clone(c.txns[len(c.txns)/2:]), c.txns[:len(c.txns)/2]...)
		var first string
		for i, txns := range orders {
			_, err := credit.Summarize(cus, []credit.Grant{grantA}, txns, byMetered, day(10))
			if (err == nil) != c.valid {
				t.Fatalf("%s, order %d: %v, want valid=%v", c.name, i, err, c.valid)
			}
			_, lerr := credit.NewLedger([]credit.Grant{grantA}, txns)
			if (lerr == nil) != (err == nil) || err != nil && lerr.Error() != err.Error() {
				t.Fatalf("%s, order %d: Summarize %v, NewLedger %v", c.name, i, err, lerr)
			}
			if err != nil {
				if i > 0 && err.Error() != first {
					t.Errorf("%s: order %d gives %v, order 0 %v", c.name, i, err, first)
				}
				first = err.Error()
			}
		}
	}
}
