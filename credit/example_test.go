package credit_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/billingkit/billingkit/credit"
)

// The seed: a grant of $10 that nothing has touched yet.
func ExampleSummarize() {
	created := time.Unix(1726688741, 0).UTC()
	grant := credit.Grant{
		ID:                  "credgr_test_61R9rvFh1HgrFIoCp41L6nFOS1ekDCeW",
		Amount:              credit.Money("usd", 1000),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Category:            credit.CategoryPaid,
		Created:             created,
		Customer:            "cus_QsEHa3GKweMwih",
		EffectiveAt:         created,
		Name:                "Purchased Credits",
		Updated:             created,
	}
	s, err := credit.Summarize("cus_QsEHa3GKweMwih", []credit.Grant{grant}, nil,
		credit.GrantFilter(grant.ID), created.Add(time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// {"object":"billing.credit_balance_summary","balances":[{"available_balance":{"monetary":{"currency":"usd","value":1000},"type":"monetary"},"ledger_balance":{"monetary":{"currency":"usd","value":1000},"type":"monetary"}}],"customer":"cus_QsEHa3GKweMwih","livemode":false}
}

// A partial application, then an expiry: the walk-through's ledger.
func ExampleApply() {
	start := time.Unix(1735689600, 0).UTC() // 2025-01-01
	grant := credit.Grant{
		ID:                  "credgr_walk",
		Amount:              credit.Money("usd", 1000),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Category:            credit.CategoryPaid,
		Created:             start,
		Customer:            "cus_walk",
		EffectiveAt:         start,
		ExpiresAt:           start.AddDate(0, 3, 0),
		Updated:             start,
	}
	grants := []credit.Grant{grant}
	var ledger []credit.Transaction
	show := func(at time.Time) {
		s, err := credit.Summarize("cus_walk", grants, ledger, credit.GrantFilter(grant.ID), at)
		if err != nil {
			fmt.Println(err)
			return
		}
		b := s.Balances[0]
		fmt.Printf("ledger %d, available %d\n", b.LedgerBalance.Monetary.Value, b.AvailableBalance.Monetary.Value)
	}

	// A $3 metered line and a $5 licensed one, finalized on February 1st.
	feb := start.AddDate(0, 1, 0)
	app, err := credit.Apply(grants, ledger, credit.Invoice{
		ID: "in_walk", Customer: "cus_walk", Currency: "usd", PeriodEnd: feb,
		Lines: []credit.InvoiceLine{
			{ID: "il_api_calls", Price: "price_api", Metered: true, Amount: 300},
			{ID: "il_seats", Price: "price_seats", Amount: 500},
		},
	}, feb)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range app.Lines {
		fmt.Printf("%s: covered %d, to pay %d (uncovered: %q)\n", l.Line, l.Covered, l.Remaining, l.Uncovered)
	}
	ledger = append(ledger, app.Transactions...)
	show(feb)

	// Expire the rest on March 1st.
	mar := start.AddDate(0, 2, 0)
	expired, debits, err := credit.Expire(grant, ledger, mar)
	if err != nil {
		fmt.Println(err)
		return
	}
	grants[0] = expired
	ledger = append(ledger, debits...)
	fmt.Printf("%s debit of %d\n", debits[0].Debit.Type, debits[0].Debit.Amount.Monetary.Value)
	show(mar)
	// Output:
	// il_api_calls: covered 300, to pay 0 (uncovered: "")
	// il_seats: covered 0, to pay 500 (uncovered: "scope")
	// ledger 700, available 700
	// credits_expired debit of 700
	// ledger 0, available 0
}

// A caller's pay-first order: the largest grant first (ties by id).
func ExampleOrder() {
	t := time.Unix(1735689600, 0).UTC()
	grants := []credit.Grant{
		{ID: "credgr_small", Amount: credit.Money("usd", 500), Created: t},
		{ID: "credgr_big", Amount: credit.Money("usd", 5000), Created: t},
		{ID: "credgr_first", Amount: credit.Money("usd", 1000), Created: t, Priority: new(int)},
	}
	largest := credit.Order(func(a, b credit.Grant) int {
		return int(b.Amount.Monetary.Value - a.Amount.Monetary.Value)
	})
	ids := func(gs []credit.Grant) (out []string) {
		for _, g := range gs {
			out = append(out, g.ID)
		}
		return out
	}
	fmt.Println(ids(largest.Sort(grants)))
	fmt.Println(ids(credit.Order(credit.StripeOrder).Sort(grants)))
	// Output:
	// [credgr_big credgr_first credgr_small]
	// [credgr_first credgr_big credgr_small]
}

// An invoice that used credits is voided after the grant expired: the
// credits come back and expire at once, so the balance stays 0.
func ExampleVoidInvoice() {
	start := time.Unix(1735689600, 0).UTC()
	grant := credit.Grant{
		ID: "credgr_void", Customer: "cus_void", Amount: credit.Money("usd", 1000),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Category:            credit.CategoryPromotional, Created: start, EffectiveAt: start, ExpiresAt: start.AddDate(0, 1, 0),
	}
	grants := []credit.Grant{grant}
	inv := credit.Invoice{ID: "in_void", Customer: "cus_void", Currency: "usd", PeriodEnd: start.AddDate(0, 0, 7),
		Lines: []credit.InvoiceLine{{ID: "il_1", Price: "price_api", Metered: true, Amount: 400}}}
	app, _ := credit.Apply(grants, nil, inv, inv.PeriodEnd)
	ledger := app.Transactions
	_, expired, _ := credit.Expire(grant, ledger, grant.ExpiresAt)
	ledger = append(ledger, expired...)

	out, err := credit.VoidInvoice(grants, ledger, "in_void", start.AddDate(0, 2, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range out {
		if t.Type == credit.TypeCredit {
			fmt.Println(t.Credit.Type, t.Credit.Amount.Monetary.Value)
		} else {
			fmt.Println(t.Debit.Type, t.Debit.Amount.Monetary.Value)
		}
	}
	bs, _ := credit.GrantBalances("cus_void", grants, append(ledger, out...), start.AddDate(0, 2, 0))
	fmt.Printf("%s: ledger %d, available %d\n", bs[0].State, bs[0].Ledger, bs[0].Available)
	// Output:
	// credits_application_invoice_voided 400
	// credits_expired 400
	// expired: ledger 0, available 0
}

// A Ledger fed by webhooks that arrive out of order: each event is
// checked once as it enters, a refused one changes nothing, and any
// instant can be asked about.
func ExampleLedger() {
	start := time.Unix(1735689600, 0).UTC() // 2025-01-01
	day := func(n int) time.Time { return start.AddDate(0, 0, n) }
	var led credit.Ledger
	err := led.AddGrant(credit.Grant{
		ID: "credgr_1", Customer: "cus_1", Amount: credit.Money("usd", 1000),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Category:            credit.CategoryPaid, Created: start, EffectiveAt: start,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	applied := func(id string, v int64, at time.Time) credit.Transaction {
		return credit.Transaction{ID: id, CreditGrant: "credgr_1", Created: at, EffectiveAt: at, Type: credit.TypeDebit,
			Debit: credit.Debit{Type: credit.CreditsApplied, Amount: credit.Money("usd", v),
				CreditsApplied: credit.InvoiceLineRef{Invoice: "in_" + id, InvoiceLineItem: "il_1"}}}
	}
	// The day-10 application arrives first, the day-2 one later.
	fmt.Println(led.Append(applied("cbtxn_b", 400, day(10))))
	fmt.Println(led.Append(applied("cbtxn_a", 300, day(2))))
	// Redelivered, or back-dated beyond what the grant holds: refused.
	fmt.Println(led.Append(applied("cbtxn_a", 300, day(2))))
	fmt.Println(led.Append(applied("cbtxn_c", 500, day(5))))
	for _, d := range []int{1, 5, 20} {
		s, _ := led.Summarize("cus_1", credit.GrantFilter("credgr_1"), day(d))
		fmt.Printf("day %d: ledger %d\n", d, s.Balances[0].LedgerBalance.Monetary.Value)
	}
	// Output:
	// <nil>
	// <nil>
	// credit: billing.credit_balance_transaction cbtxn_a: id: is already in the ledger
	// credit: billing.credit_balance_transaction cbtxn_c: debit.amount.monetary.value: takes credit grant credgr_1's ledger balance below zero (to -200) at 1736553600
	// day 1: ledger 1000
	// day 5: ledger 700
	// day 20: ledger 300
}
