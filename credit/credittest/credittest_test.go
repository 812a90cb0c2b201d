package credittest_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"github.com/billingkit/billingkit/pricing"
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

// Currencies and Prices shape every grant, transaction, invoice and filter
// drawn, for one currency and for a list, and ledgers stay consistent.
func TestLedgersWith_CurrenciesAndPrices(t *testing.T) {
	many := make([]string, 30) // more than a scope may list
	for i := range many {
		many[i] = fmt.Sprintf("price_cat_%d", i)
	}
	for _, tt := range []struct {
		name string
		o    credittest.Options
	}{
		{"one currency", credittest.Options{Currencies: []pricing.Currency{"kwd"}, Prices: []string{"price_only"}}},
		{"a list", credittest.Options{Currencies: []pricing.Currency{"jpy", "eur", "jpy"}, Prices: []string{"price_x", "price_y", "price_x"}}},
		{"OneCurrency takes the first", credittest.Options{Currencies: []pricing.Currency{"gbp", "usd"}, OneCurrency: true, Prices: many}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			currencies, prices := tt.o.Currencies, tt.o.Prices
			if tt.o.OneCurrency {
				currencies = currencies[:1]
			}
			rapid.Check(t, func(t *rapid.T) {
				l := credittest.LedgersWith(tt.o).Draw(t, "ledger")
				checkCurrency := func(what string, c pricing.Currency) {
					if !slices.Contains(currencies, c) {
						t.Fatalf("%s in %s, not in %v", what, c, currencies)
					}
				}
				checkPrices := func(what string, s credit.Scope) {
					for _, p := range s.Prices {
						if !slices.Contains(prices, p.ID) {
							t.Fatalf("%s scope names %s, not in the catalogue", what, p.ID)
						}
					}
				}
				for _, g := range l.Grants {
					if err := g.Validate(); err != nil {
						t.Fatalf("grant: %v", err)
					}
					checkCurrency("grant "+g.ID, g.Currency())
					checkPrices("grant "+g.ID, g.ApplicabilityConfig.Scope)
				}
				for _, x := range l.Transactions {
					a := x.Debit.Amount
					if x.Type == credit.TypeCredit {
						a = x.Credit.Amount
					}
					checkCurrency("transaction "+x.ID, a.Monetary.Currency)
				}
				if _, err := credit.GrantBalances(l.Customer, l.Grants, l.Transactions, l.End); err != nil {
					t.Fatal(err)
				}
				inv := credittest.Invoices(l).Draw(t, "invoice")
				if err := inv.Validate(); err != nil {
					t.Fatalf("invoice: %v", err)
				}
				checkCurrency("invoice", inv.Currency)
				for _, ln := range inv.Lines {
					if !slices.Contains(prices, ln.Price) {
						t.Fatalf("invoice line %s uses %s, not in the catalogue", ln.ID, ln.Price)
					}
				}
				f := credittest.Filters(l).Draw(t, "filter")
				if err := f.Validate(); err != nil {
					t.Fatalf("filter: %v", err)
				}
				checkPrices("filter", f.ApplicabilityScope)
			})
		})
	}
}

// Ids are unique within a ledger, and a drawn invoice's ids are new.
func TestLedgers_UniqueIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		seen := map[string]string{}
		unique := func(kind, id string) {
			if prev, dup := seen[id]; dup {
				t.Fatalf("%s id %q already used by a %s", kind, id, prev)
			}
			seen[id] = kind
		}
		for _, g := range l.Grants {
			unique("grant", g.ID)
		}
		for _, x := range l.Transactions {
			unique("transaction", x.ID)
		}
		lines := map[string]bool{}
		for _, x := range l.Transactions {
			if ref := x.Debit.CreditsApplied; ref.InvoiceLineItem != "" && x.Debit.Type == credit.CreditsApplied {
				if lines[ref.InvoiceLineItem] {
					t.Fatalf("invoice line %s applied twice", ref.InvoiceLineItem)
				}
				lines[ref.InvoiceLineItem] = true
			}
		}
		inv := credittest.Invoices(l).Draw(t, "invoice")
		unique("invoice", inv.ID)
		for _, ln := range inv.Lines {
			if lines[ln.ID] {
				t.Fatalf("new invoice line %s reuses a line of the history", ln.ID)
			}
			unique("invoice line", ln.ID)
		}
	})
}

func TestLedgersWith_BadOptionsPanic(t *testing.T) {
	for _, o := range []credittest.Options{
		{Currencies: []pricing.Currency{"usd", "USD"}},
		{Prices: []string{"price_a", ""}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("LedgersWith(%+v) did not panic", o)
				}
			}()
			credittest.LedgersWith(o)
		}()
	}
}
