package stripego_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	stripe "github.com/stripe/stripe-go/v82"
	"pgregory.net/rapid"
)

// What stripe-go cannot carry of the credit objects (see doc.go):
//
//   - billing.credit_grant: customer_account (not in stripe-go v82) is
//     dropped; a null priority is written 0, which is a valid priority (the
//     highest), so it reads back as 0, not as the default 50; an amount of
//     type custom_pricing_unit (a preview feature) loses its
//     custom_pricing_unit; null times are written 0 (the target policy reads
//     them as null again).
//   - billing.credit_balance_transaction: null times are written 0; a null
//     type is written "".
//   - billing.credit_balance_summary: customer_account is dropped.
//
// Expandable fields (customer, test_clock, credit_grant, invoice) come back
// from stripe-go expanded, as objects holding the id and zero values; the
// credit package reads their id.

// problems collects the fields on which two values differ.
type problems []string

func (p *problems) add(field string, want, got any) {
	*p = append(*p, fmt.Sprintf("%s: want %v, got %v", field, want, got))
}

func (p *problems) eq(field string, want, got any) {
	if want != got {
		p.add(field, want, got)
	}
}

func (p *problems) time(field string, want, got time.Time) {
	if !sameUnix(want, got) {
		p.add(field, showUnix(want), showUnix(got))
	}
}

func (p problems) check(t tb, what string) {
	t.Helper()
	if len(p) > 0 {
		t.Fatalf("%s after stripe-go differs beyond what stripe-go cannot carry:\n%s", what, strings.Join(p, "\n"))
	}
}

// compareAmount compares a credit amount with the one read back after
// stripe-go: its type (an empty type with a monetary value is monetary) and
// its monetary value; stripe-go has no custom_pricing_unit.
func compareAmount(p *problems, field string, want, got credit.Amount) {
	typ := func(a credit.Amount) credit.AmountType {
		if a.Type == "" && (a.Monetary.Currency != "" || a.Monetary.Value != 0) {
			return credit.AmountMonetary
		}
		return a.Type
	}
	p.eq(field+".type", typ(want), typ(got))
	p.eq(field+".monetary.currency", want.Monetary.Currency, got.Monetary.Currency)
	p.eq(field+".monetary.value", want.Monetary.Value, got.Monetary.Value)
	if got.CustomPricingUnit != nil {
		p.add(field+".custom_pricing_unit (not carried)", nil, got.CustomPricingUnit)
	}
}

// compareScope compares applicability scopes by value (a decoded scope may
// remember a "prices": null key stripe-go wrote).
func compareScope(p *problems, field string, want, got credit.Scope) {
	p.eq(field+".price_type", want.PriceType, got.PriceType)
	ids := func(s credit.Scope) []string {
		var out []string
		for _, pr := range s.Prices {
			out = append(out, pr.ID)
		}
		return out
	}
	if w, g := ids(want), ids(got); !slices.Equal(w, g) {
		p.add(field+".prices", w, g)
	}
}

// compareGrant compares a grant with the grant read back after stripe-go, on
// every field stripe-go can carry.
func compareGrant(t tb, want, got credit.Grant) {
	t.Helper()
	var p problems
	p.eq("id", want.ID, got.ID)
	compareAmount(&p, "amount", want.Amount, got.Amount)
	compareScope(&p, "applicability_config.scope", want.ApplicabilityConfig.Scope, got.ApplicabilityConfig.Scope)
	p.eq("category", want.Category, got.Category)
	p.time("created", want.Created, got.Created)
	p.eq("customer", want.Customer, got.Customer)
	p.eq("customer_account (not carried)", "", got.CustomerAccount)
	p.time("effective_at", want.EffectiveAt, got.EffectiveAt)
	p.time("expires_at", want.ExpiresAt, got.ExpiresAt)
	p.eq("livemode", want.Livemode, got.Livemode)
	// As our JSON writes it (a nil map may be written {}).
	p.eq("metadata", string(jsonKey(t, want, "metadata")), string(jsonKey(t, got, "metadata")))
	p.eq("name", want.Name, got.Name)
	// A null priority is written 0 by stripe-go, and 0 is a valid priority.
	wp := 0
	if want.Priority != nil {
		wp = *want.Priority
	}
	if got.Priority == nil || *got.Priority != wp {
		p.add("priority", wp, got.Priority)
	}
	p.eq("test_clock", want.TestClock, got.TestClock)
	p.time("updated", want.Updated, got.Updated)
	p.time("voided_at", want.VoidedAt, got.VoidedAt)
	p.check(t, "grant "+want.ID)
}

func compareRef(p *problems, field string, want, got credit.InvoiceLineRef) {
	p.eq(field+".invoice", want.Invoice, got.Invoice)
	p.eq(field+".invoice_line_item", want.InvoiceLineItem, got.InvoiceLineItem)
}

// compareTransaction compares a transaction with the one read back after
// stripe-go, field by field.
func compareTransaction(t tb, want, got credit.Transaction) {
	t.Helper()
	var p problems
	p.eq("id", want.ID, got.ID)
	p.time("created", want.Created, got.Created)
	p.eq("credit (set)", want.Credit.IsZero(), got.Credit.IsZero())
	compareAmount(&p, "credit.amount", want.Credit.Amount, got.Credit.Amount)
	compareRef(&p, "credit.credits_application_invoice_voided", want.Credit.CreditsApplicationInvoiceVoided, got.Credit.CreditsApplicationInvoiceVoided)
	p.eq("credit.type", want.Credit.Type, got.Credit.Type)
	p.eq("credit_grant", want.CreditGrant, got.CreditGrant)
	p.eq("debit (set)", want.Debit.IsZero(), got.Debit.IsZero())
	compareAmount(&p, "debit.amount", want.Debit.Amount, got.Debit.Amount)
	compareRef(&p, "debit.credits_applied", want.Debit.CreditsApplied, got.Debit.CreditsApplied)
	p.eq("debit.type", want.Debit.Type, got.Debit.Type)
	p.time("effective_at", want.EffectiveAt, got.EffectiveAt)
	p.eq("livemode", want.Livemode, got.Livemode)
	p.eq("test_clock", want.TestClock, got.TestClock)
	p.eq("type", want.Type, got.Type)
	p.check(t, "transaction "+want.ID)
}

// compareSummary compares two summaries on what stripe-go carries (all but
// customer_account).
func compareSummary(t tb, want, got credit.Summary) {
	t.Helper()
	var p problems
	if len(want.Balances) != len(got.Balances) {
		p.add("balances (entries)", len(want.Balances), len(got.Balances))
	} else {
		for i, b := range want.Balances {
			compareAmount(&p, fmt.Sprintf("balances[%d].available_balance", i), b.AvailableBalance, got.Balances[i].AvailableBalance)
			compareAmount(&p, fmt.Sprintf("balances[%d].ledger_balance", i), b.LedgerBalance, got.Balances[i].LedgerBalance)
		}
	}
	p.eq("customer", want.Customer, got.Customer)
	p.eq("customer_account (not carried)", "", got.CustomerAccount)
	p.eq("livemode", want.Livemode, got.Livemode)
	p.check(t, "summary")
}

// decodeVia sends b through the stripe-go struct S and decodes the result
// into a new O.
func decodeVia[S, O any](t tb, b []byte) O {
	t.Helper()
	out, err := viaStripe[S](b)
	if err != nil {
		t.Fatalf("%v\ninput: %s", err, b)
	}
	var o O
	if err := json.Unmarshal(out, &o); err != nil {
		t.Fatalf("stripe-go's JSON does not decode into %T: %v\nstripe-go JSON: %s", o, err, clip(out))
	}
	return o
}

func grantViaStripe(t tb, b []byte) credit.Grant {
	t.Helper()
	return decodeVia[stripe.BillingCreditGrant, credit.Grant](t, b)
}

func transactionViaStripe(t tb, b []byte) credit.Transaction {
	t.Helper()
	return decodeVia[stripe.BillingCreditBalanceTransaction, credit.Transaction](t, b)
}

func summaryViaStripe(t tb, b []byte) credit.Summary {
	t.Helper()
	return decodeVia[stripe.BillingCreditBalanceSummary, credit.Summary](t, b)
}

// summaryResult is Summarize's result as comparable text: the summary's JSON
// or the error.
func summaryResult(t tb, customer string, grants []credit.Grant, txns []credit.Transaction, f credit.Filter, at time.Time) string {
	s, err := credit.Summarize(customer, grants, txns, f, at)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(mustJSON(t, s))
}

// (a) for generated ledgers: every grant and transaction goes through
// stripe-go and back, field by field, and the summaries of the ledger that
// came back equal the original's for generated filters and instants; each
// summary goes through stripe-go too.
func TestLedger_StripeGoGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		grants := make([]credit.Grant, len(l.Grants))
		for i, g := range l.Grants {
			grants[i] = grantViaStripe(t, mustJSON(t, g))
			compareGrant(t, g, grants[i])
		}
		txns := make([]credit.Transaction, len(l.Transactions))
		for i, x := range l.Transactions {
			txns[i] = transactionViaStripe(t, mustJSON(t, x))
			compareTransaction(t, x, txns[i])
		}
		// Summarize does not depend on priority, the one field whose loss
		// (null written 0) changes a grant's meaning.
		for i := range 3 {
			f := credittest.Filters(l).Draw(t, fmt.Sprintf("filter%d", i))
			at := credittest.Times(l).Draw(t, fmt.Sprintf("at%d", i))
			want := summaryResult(t, l.Customer, l.Grants, l.Transactions, f, at)
			got := summaryResult(t, l.Customer, grants, txns, f, at)
			if want != got {
				t.Fatalf("Summarize at %d after stripe-go:\nwant %s\n got %s", at.Unix(), want, got)
			}
			if s, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at); err == nil {
				compareSummary(t, s, summaryViaStripe(t, mustJSON(t, s)))
			}
		}
	})
}

// grantInstants are the instants a grant's summary is asked for: around its
// creation, effective time, expiry and void, and much later.
func grantInstants(g credit.Grant) []time.Time {
	var out []time.Time
	for _, at := range []time.Time{g.Created, g.EffectiveAt, g.ExpiresAt, g.VoidedAt, g.Updated} {
		if !at.IsZero() {
			out = append(out, at.Add(-time.Second), at, at.Add(time.Second))
		}
	}
	return append(out, g.Created.AddDate(5, 0, 0))
}

// Every grant in Stripe's fixtures: (a) ours -> stripe-go -> ours, (b)
// Stripe's JSON -> stripe-go -> ours, compared with decoding Stripe's JSON
// directly, field by field and by its summaries at instants around its
// window.
func TestGrant_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "billing.credit_grant", 10) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct credit.Grant
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into credit.Grant: %v", err)
			}
			check := func(t *testing.T, got credit.Grant) {
				compareGrant(t, direct, got)
				for _, at := range grantInstants(direct) {
					filter := credit.GrantFilter(direct.ID)
					want := summaryResult(t, direct.Customer, []credit.Grant{direct}, nil, filter, at)
					gotS := summaryResult(t, got.Customer, []credit.Grant{got}, nil, filter, at)
					if want != gotS {
						t.Fatalf("Summarize at %d after stripe-go:\nwant %s\n got %s", at.Unix(), want, gotS)
					}
				}
			}
			t.Run("ours", func(t *testing.T) { check(t, grantViaStripe(t, mustJSON(t, direct))) })
			t.Run("stripe", func(t *testing.T) { check(t, grantViaStripe(t, f.Raw)) })
		})
	}
}

// transactionResults is what a transaction computes to: its direction, its
// amount, its validation, and the summary of a grant it belongs to, just
// before, at and after it.
func transactionResults(t tb, x credit.Transaction) []string {
	var out []string
	d, err := x.Direction()
	out = append(out, fmt.Sprintf("direction=%s err=%s", d, errString(err)))
	a, err := x.Amount()
	out = append(out, fmt.Sprintf("amount=%s %s %d err=%s", a.Type, a.Monetary.Currency, a.Monetary.Value, errString(err)))
	out = append(out, "validate="+errString(x.Validate()))
	if err != nil || a.Monetary.Value <= 0 || x.EffectiveAt.IsZero() {
		return out
	}
	// A grant the transaction can belong to: funded with its amount (a
	// credits_granted transaction) or with a million times it.
	amount := a.Monetary.Value * 1_000_000
	if x.Credit.Type == credit.CreditsGranted {
		amount = a.Monetary.Value
	}
	start := x.EffectiveAt.Add(-24 * time.Hour)
	if x.Credit.Type == credit.CreditsGranted {
		start = x.EffectiveAt
	}
	g := credit.Grant{
		ID: x.CreditGrant, Amount: credit.Money(a.Monetary.Currency, amount), Category: credit.CategoryPaid,
		Created: start, EffectiveAt: start, Customer: "cus_interop", Livemode: x.Livemode,
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
	}
	for _, at := range []time.Time{x.EffectiveAt.Add(-time.Second), x.EffectiveAt, x.EffectiveAt.Add(time.Hour)} {
		out = append(out, summaryResult(t, g.Customer, []credit.Grant{g}, []credit.Transaction{x}, credit.GrantFilter(g.ID), at))
	}
	return out
}

// Every credit balance transaction in Stripe's fixtures, (a) and (b).
func TestTransaction_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "billing.credit_balance_transaction", 10) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct credit.Transaction
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into credit.Transaction: %v", err)
			}
			check := func(t *testing.T, got credit.Transaction) {
				compareTransaction(t, direct, got)
				if w, g := transactionResults(t, direct), transactionResults(t, got); !slices.Equal(w, g) {
					t.Fatalf("results after stripe-go differ:\n%s", diffLines(w, g))
				}
			}
			t.Run("ours", func(t *testing.T) { check(t, transactionViaStripe(t, mustJSON(t, direct))) })
			t.Run("stripe", func(t *testing.T) { check(t, transactionViaStripe(t, f.Raw)) })
		})
	}
}

// Every credit balance summary in Stripe's fixtures, (a) and (b).
func TestSummary_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "billing.credit_balance_summary", 5) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct credit.Summary
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into credit.Summary: %v", err)
			}
			check := func(t *testing.T, got credit.Summary) {
				compareSummary(t, direct, got)
				for _, b := range direct.Balances {
					gb, ok := got.Balance(b.Currency())
					if !ok || b.AvailableBalance.Monetary.Value != gb.AvailableBalance.Monetary.Value ||
						b.LedgerBalance.Monetary.Value != gb.LedgerBalance.Monetary.Value {
						t.Fatalf("Balance(%s) after stripe-go: want %+v, got %+v (found %v)", b.Currency(), b, gb, ok)
					}
				}
			}
			t.Run("ours", func(t *testing.T) { check(t, summaryViaStripe(t, mustJSON(t, direct))) })
			t.Run("stripe", func(t *testing.T) { check(t, summaryViaStripe(t, f.Raw)) })
		})
	}
}
