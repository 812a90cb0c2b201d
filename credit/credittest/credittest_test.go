package credittest_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"pgregory.net/rapid"
)

// Generated ledgers are consistent at every instant, and their grants and
// transactions validate.
func TestLedgers_Consistent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		for _, g := range l.Grants {
			if err := g.Validate(); err != nil {
				t.Fatalf("grant: %v", err)
			}
		}
		for _, x := range l.Transactions {
			if err := x.Validate(); err != nil {
				t.Fatalf("transaction: %v", err)
			}
			if x.EffectiveAt.After(l.End) {
				t.Fatalf("transaction %s after End", x.ID)
			}
		}
		at := credittest.Times(l).Draw(t, "at")
		for _, c := range []string{l.Customer, credittest.Other} {
			if _, err := credit.GrantBalances(c, l.Grants, l.Transactions, at); err != nil {
				t.Fatalf("customer %s at %d: %v", c, at.Unix(), err)
			}
		}
		inv := credittest.Invoices(l).Draw(t, "invoice")
		if err := inv.Validate(); err != nil {
			t.Fatalf("invoice: %v", err)
		}
		if err := credittest.Filters(l).Draw(t, "filter").Validate(); err != nil {
			t.Fatalf("filter: %v", err)
		}
	})
}

// Random is deterministic and builds what it was asked for.
func TestRandom(t *testing.T) {
	a := credittest.Random(7, 10, 500)
	b := credittest.Random(7, 10, 500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different ledgers")
	}
	if len(a.Grants) != 10 || len(a.Transactions) != 500 {
		t.Fatalf("%d grants and %d transactions, want 10 and 500", len(a.Grants), len(a.Transactions))
	}
	if _, err := credit.GrantBalances(a.Customer, a.Grants, a.Transactions, a.End.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	inv := credittest.RandomInvoice(3, a, 20)
	if len(inv.Lines) != 20 || inv.Validate() != nil {
		t.Fatalf("invoice: %d lines, %v", len(inv.Lines), inv.Validate())
	}
}

// The options shape what they say: one currency, one customer, at most
// MaxGrants grants.
func TestLedgersWith_Options(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := credittest.Options{MaxGrants: 3, OneCurrency: true, SingleCustomer: true}
		l := credittest.LedgersWith(o).Draw(t, "ledger")
		if len(l.Grants) == 0 || len(l.Grants) > o.MaxGrants {
			t.Fatalf("%d grants, want 1 to %d", len(l.Grants), o.MaxGrants)
		}
		for _, g := range l.Grants {
			if g.Currency() != "usd" || g.Customer != credittest.Customer {
				t.Fatalf("grant %s: currency %s, customer %s; want usd and %s", g.ID, g.Currency(), g.Customer, credittest.Customer)
			}
		}
	})
}
