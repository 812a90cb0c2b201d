package credit_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/pricing"
)

var t0 = time.Unix(1735689600, 0).UTC() // 2025-01-01

func day(n float64) time.Time { return t0.Add(time.Duration(n * 24 * float64(time.Hour))) }

const cus = "cus_scenario"

func metered() credit.ApplicabilityConfig {
	return credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}}
}

func pricesScope(ids ...string) credit.ApplicabilityConfig {
	var s credit.Scope
	for _, id := range ids {
		s.Prices = append(s.Prices, credit.ApplicablePrice{ID: id})
	}
	return credit.ApplicabilityConfig{Scope: s}
}

func prio(p int) *int { return &p }

// Scenario grants.
var (
	// A: $10, metered, effective day 0, expires day 30.
	grantA = credit.Grant{ID: "credgr_A", Customer: cus, Amount: credit.Money("usd", 1000), ApplicabilityConfig: metered(),
		Category: credit.CategoryPaid, Created: t0, EffectiveAt: t0, ExpiresAt: day(30), Updated: t0}
	// B: $5, price_x only, promotional, effective day 10 (in the future at first).
	grantB = credit.Grant{ID: "credgr_B", Customer: cus, Amount: credit.Money("usd", 500), ApplicabilityConfig: pricesScope("price_x"),
		Category: credit.CategoryPromotional, Created: t0, EffectiveAt: day(10), Updated: t0}
	// C: 20 eur, metered, effective day 0, no expiry.
	grantC = credit.Grant{ID: "credgr_C", Customer: cus, Amount: credit.Money("eur", 2000), ApplicabilityConfig: metered(),
		Category: credit.CategoryPaid, Created: t0, EffectiveAt: t0, Updated: t0}
	// D: $3, metered, voided on day 5 with nothing applied.
	grantD = credit.Grant{ID: "credgr_D", Customer: cus, Amount: credit.Money("usd", 300), ApplicabilityConfig: metered(),
		Category: credit.CategoryPaid, Created: t0, EffectiveAt: t0, VoidedAt: day(5), Updated: day(5)}
	// E: another customer's grant.
	grantE = credit.Grant{ID: "credgr_E", Customer: "cus_other", Amount: credit.Money("usd", 999), ApplicabilityConfig: metered(),
		Category: credit.CategoryPaid, Created: t0, EffectiveAt: t0, Updated: t0}
)

func debitTxn(id, grant string, kind credit.DebitType, cur pricing.Currency, v int64, at time.Time, inv, line string) credit.Transaction {
	return credit.Transaction{ID: id, Created: at, CreditGrant: grant, EffectiveAt: at, Type: credit.TypeDebit,
		Debit: credit.Debit{Amount: credit.Money(cur, v), Type: kind, CreditsApplied: credit.InvoiceLineRef{Invoice: inv, InvoiceLineItem: line}}}
}

func applied(id, grant string, v int64, at time.Time) credit.Transaction {
	return debitTxn(id, grant, credit.CreditsApplied, "usd", v, at, "in_1", "il_1")
}

func expired(id, grant string, v int64, at time.Time) credit.Transaction {
	return debitTxn(id, grant, credit.CreditsExpired, "usd", v, at, "", "")
}

func creditTxn(id, grant string, kind credit.CreditType, cur pricing.Currency, v int64, at time.Time, inv, line string) credit.Transaction {
	return credit.Transaction{ID: id, Created: at, CreditGrant: grant, EffectiveAt: at, Type: credit.TypeCredit,
		Credit: credit.Credit{Amount: credit.Money(cur, v), Type: kind, CreditsApplicationInvoiceVoided: credit.InvoiceLineRef{Invoice: inv, InvoiceLineItem: line}}}
}

func reinstated(id, grant string, v int64, at time.Time) credit.Transaction {
	return creditTxn(id, grant, credit.CreditsApplicationInvoiceVoided, "usd", v, at, "in_1", "il_1")
}

type bal struct {
	cur           pricing.Currency
	ledger, avail int64
}

func balances(bs ...bal) []credit.Balance {
	out := []credit.Balance{}
	for _, b := range bs {
		out = append(out, credit.Balance{AvailableBalance: credit.Money(b.cur, b.avail), LedgerBalance: credit.Money(b.cur, b.ledger)})
	}
	return out
}

var (
	byMetered = credit.ScopeFilter(credit.Scope{PriceType: credit.PriceTypeMetered})
	byPriceX  = credit.ScopeFilter(credit.Scope{Prices: []credit.ApplicablePrice{{ID: "price_x"}}})
	byPriceY  = credit.ScopeFilter(credit.Scope{Prices: []credit.ApplicablePrice{{ID: "price_y"}}})
)

// Ledgers over time with hand-computed summaries.
func TestSummarize_Scenarios(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		grants []credit.Grant
		txns   []credit.Transaction
		filter credit.Filter
		at     time.Time
		opts   credit.SummaryOptions
		want   []credit.Balance
	}{
		{name: "seed", reason: "an untouched grant: its funding is implied, all of it available",
			grants: []credit.Grant{grantA}, filter: credit.GrantFilter("credgr_A"), at: day(1), want: balances(bal{"usd", 1000, 1000})},
		{name: "recorded funding", reason: "a recorded credits_granted gives the same balance as the implied one",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{creditTxn("t1", "credgr_A", credit.CreditsGranted, "usd", 1000, t0, "", "")},
			filter: credit.GrantFilter("credgr_A"), at: day(1), want: balances(bal{"usd", 1000, 1000})},
		{name: "before any grant is effective", reason: "at day -1 even A is pending: 0 and 0, but the entry is there",
			grants: []credit.Grant{grantA}, filter: byMetered, at: day(-1), want: balances(bal{"usd", 0, 0})},
		{name: "grant effective in the future", reason: "B is pending on day 1: ledger 0, available 0",
			grants: []credit.Grant{grantB}, filter: credit.GrantFilter("credgr_B"), at: day(1), want: balances(bal{"usd", 0, 0})},
		{name: "future grant once effective", reason: "B becomes effective on day 10 (inclusive)",
			grants: []credit.Grant{grantB}, filter: credit.GrantFilter("credgr_B"), at: day(10), want: balances(bal{"usd", 500, 500})},
		{name: "partial application", reason: "$3 of $10 applied on day 2: 700 left",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2))},
			filter: byMetered, at: day(3), want: balances(bal{"usd", 700, 700})},
		{name: "before the application", reason: "historical view: on day 1 the day-2 debit does not count yet",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2))},
			filter: byMetered, at: day(1), want: balances(bal{"usd", 1000, 1000})},
		{name: "expiry before the debit is recorded", reason: "expired on day 30, credits_expired not written: ledger keeps 700, nothing available",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2))},
			filter: byMetered, at: day(31), want: balances(bal{"usd", 700, 0})},
		{name: "expiry at the instant", reason: "windows are half-open: at expires_at nothing is available",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2))},
			filter: byMetered, at: day(30), want: balances(bal{"usd", 700, 0})},
		{name: "expiry after the debit is recorded", reason: "credits_expired of 700 on day 30: ledger 0",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), expired("t2", "credgr_A", 700, day(30))},
			filter: byMetered, at: day(31), want: balances(bal{"usd", 0, 0})},
		{name: "void", reason: "D voided on day 5 with its debit: 0 after",
			grants: []credit.Grant{grantD}, txns: []credit.Transaction{debitTxn("t1", "credgr_D", credit.CreditsVoided, "usd", 300, day(5), "", "")},
			filter: byMetered, at: day(6), want: balances(bal{"usd", 0, 0})},
		{name: "before the void", reason: "on day 4 D is whole",
			grants: []credit.Grant{grantD}, txns: []credit.Transaction{debitTxn("t1", "credgr_D", credit.CreditsVoided, "usd", 300, day(5), "", "")},
			filter: byMetered, at: day(4), want: balances(bal{"usd", 300, 300})},
		{name: "void before the debit is recorded", reason: "voided but credits_voided missing: ledger 300, available 0",
			grants: []credit.Grant{grantD}, filter: byMetered, at: day(6), want: balances(bal{"usd", 300, 0})},
		{name: "invoice voided before expiry", reason: "the 300 applied on day 2 come back on day 10",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), reinstated("t2", "credgr_A", 300, day(10))},
			filter: byMetered, at: day(11), want: balances(bal{"usd", 1000, 1000})},
		{name: "invoice voided after expiry", reason: "reinstated on day 35 and expired at once: ledger stays 0",
			grants: []credit.Grant{grantA}, txns: []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), expired("t2", "credgr_A", 700, day(30)),
				reinstated("t3", "credgr_A", 300, day(35)), expired("t4", "credgr_A", 300, day(35))},
			filter: byMetered, at: day(35), want: balances(bal{"usd", 0, 0})},
		{name: "two currencies", reason: "one entry per currency, sorted: eur before usd",
			grants: []credit.Grant{grantA, grantC}, filter: byMetered, at: day(1), want: balances(bal{"eur", 2000, 2000}, bal{"usd", 1000, 1000})},
		{name: "prices filter", reason: "price_x takes B (listed) and the metered A and C",
			grants: []credit.Grant{grantA, grantB, grantC}, filter: byPriceX, at: day(11), want: balances(bal{"eur", 2000, 2000}, bal{"usd", 1500, 1500})},
		{name: "price_type filter", reason: "price_type=metered takes only metered-scoped grants, not B",
			grants: []credit.Grant{grantA, grantB}, filter: byMetered, at: day(11), want: balances(bal{"usd", 1000, 1000})},
		{name: "prices filter without a match", reason: "price_y matches no prices-scoped grant and there is no metered one: empty array",
			grants: []credit.Grant{grantB}, filter: byPriceY, at: day(11), want: balances()},
		{name: "credit_grant filter", reason: "only C, though A is there too",
			grants: []credit.Grant{grantA, grantC}, filter: credit.GrantFilter("credgr_C"), at: day(1), want: balances(bal{"eur", 2000, 2000})},
		{name: "another customer's grant", reason: "E belongs to cus_other and is ignored",
			grants: []credit.Grant{grantA, grantE}, txns: []credit.Transaction{applied("t1", "credgr_E", 999, day(1))},
			filter: byMetered, at: day(2), want: balances(bal{"usd", 1000, 1000})},
		{name: "reservation", reason: "400 reserved on a draft invoice: available 600, ledger 1000",
			grants: []credit.Grant{grantA}, filter: byMetered, at: day(1),
			opts: credit.SummaryOptions{Reservations: []credit.Reservation{{CreditGrant: "credgr_A", Invoice: "in_draft", Amount: 400}}},
			want: balances(bal{"usd", 1000, 600})},
		{name: "reservation above the balance", reason: "available never goes below zero",
			grants: []credit.Grant{grantA}, filter: byMetered, at: day(1),
			opts: credit.SummaryOptions{Reservations: []credit.Reservation{{CreditGrant: "credgr_A", Amount: 700}, {CreditGrant: "credgr_A", Amount: 800}}},
			want: balances(bal{"usd", 1000, 0})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := credit.SummarizeWith(cus, tt.grants, tt.txns, tt.filter, tt.at, tt.opts)
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			want := credit.Summary{Customer: cus, Balances: tt.want}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s (-want +got):\n-%s\n+%s", tt.reason, js(want), js(got))
			}
		})
	}
}

func TestSummarize_Errors(t *testing.T) {
	custom := grantA
	custom.Amount = credit.Amount{Type: credit.AmountCustomPricingUnit}
	both := applied("t_both", "credgr_A", 300, day(2))
	both.Type = ""
	both.Credit = credit.Credit{Amount: credit.Money("usd", 1), Type: credit.CreditsGranted}
	tests := []struct {
		name   string
		grants []credit.Grant
		txns   []credit.Transaction
		filter credit.Filter
		want   error
		field  string
	}{
		{"unknown grant", []credit.Grant{grantA}, []credit.Transaction{applied("t1", "credgr_Z", 1, day(1))}, byMetered, credit.ErrUnknownGrant, "credit_grant"},
		{"currency mismatch", []credit.Grant{grantA}, []credit.Transaction{debitTxn("t1", "credgr_A", credit.CreditsApplied, "eur", 1, day(1), "in_1", "il_1")}, byMetered, credit.ErrCurrencyMismatch, "debit.amount.monetary.currency"},
		{"debit beyond the balance", []credit.Grant{grantA}, []credit.Transaction{applied("t1", "credgr_A", 1001, day(1))}, byMetered, credit.ErrNegativeBalance, "debit.amount.monetary.value"},
		{"debit before funding", []credit.Grant{grantB}, []credit.Transaction{applied("t1", "credgr_B", 1, day(2))}, byMetered, credit.ErrNegativeBalance, "debit.amount.monetary.value"},
		{"negative in between", []credit.Grant{grantA}, []credit.Transaction{applied("t1", "credgr_A", 1000, day(1)), applied("t2", "credgr_A", 300, day(2)), reinstated("t3", "credgr_A", 1000, day(3))}, byMetered, credit.ErrNegativeBalance, "debit.amount.monetary.value"},
		{"second credits_granted", []credit.Grant{grantA}, []credit.Transaction{creditTxn("t1", "credgr_A", credit.CreditsGranted, "usd", 1000, t0, "", ""), creditTxn("t2", "credgr_A", credit.CreditsGranted, "usd", 1000, t0, "", "")}, byMetered, credit.ErrInvalidTransaction, "credit.type"},
		{"credits_granted of another amount", []credit.Grant{grantA}, []credit.Transaction{creditTxn("t1", "credgr_A", credit.CreditsGranted, "usd", 999, t0, "", "")}, byMetered, credit.ErrInvalidTransaction, "credit.amount.monetary.value"},
		{"both sides set", []credit.Grant{grantA}, []credit.Transaction{both}, byMetered, credit.ErrInvalidTransaction, "type"},
		{"typed debit without a debit", []credit.Grant{grantA}, []credit.Transaction{{ID: "t_empty", CreditGrant: "credgr_A", Type: credit.TypeDebit, EffectiveAt: day(1)}}, byMetered, credit.ErrInvalidTransaction, "type"},
		{"zero filter", []credit.Grant{grantA}, nil, credit.Filter{}, credit.ErrInvalidFilter, "type"},
		{"filter on another customer's grant", []credit.Grant{grantA, grantE}, nil, credit.GrantFilter("credgr_E"), credit.ErrUnknownGrant, "credit_grant"},
		{"custom pricing unit", []credit.Grant{custom}, nil, byMetered, credit.ErrUnsupportedAmount, "amount.type"},
		{"duplicate grant", []credit.Grant{grantA, grantA}, nil, byMetered, credit.ErrDuplicateGrant, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := credit.Summarize(cus, tt.grants, tt.txns, tt.filter, day(40))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var fe *credit.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !strings.HasPrefix(err.Error(), "credit: ") {
				t.Fatalf("err = %v (field %q), want a *FieldError on %q", err, fieldOf(fe), tt.field)
			}
		})
	}
}

func fieldOf(fe *credit.FieldError) string {
	if fe == nil {
		return ""
	}
	return fe.Field
}

// Every problem is reported at once.
func TestSummarize_ErrorsJoined(t *testing.T) {
	_, err := credit.Summarize(cus, []credit.Grant{grantA}, []credit.Transaction{applied("t1", "credgr_Y", 1, day(1)), applied("t2", "credgr_Z", 1, day(1))}, byMetered, day(2))
	if err == nil || !strings.Contains(err.Error(), "credgr_Y") || !strings.Contains(err.Error(), "credgr_Z") {
		t.Fatalf("err = %v, want both unknown grants named", err)
	}
}

func TestGrant_Validate(t *testing.T) {
	long := strings.Repeat("é", 101)
	tests := []struct {
		name   string
		reason string
		edit   func(*credit.Grant)
		fields []string
	}{
		{"valid", "scenario grant A is valid", func(*credit.Grant) {}, nil},
		{"priority 101", "priority is 0..100", func(g *credit.Grant) { g.Priority = prio(101) }, []string{"priority"}},
		{"priority 0", "0 is the highest priority, allowed", func(g *credit.Grant) { g.Priority = prio(0) }, nil},
		{"zero value", "value must be positive", func(g *credit.Grant) { g.Amount.Monetary.Value = 0 }, []string{"amount.monetary.value"}},
		{"unknown currency", "currency must be supported", func(g *credit.Grant) { g.Amount.Monetary.Currency = "USD" }, []string{"amount.monetary.currency"}},
		{"long name", "name is at most 100 characters (not bytes)", func(g *credit.Grant) { g.Name = long }, []string{"name"}},
		{"name of 100", "100 characters are fine", func(g *credit.Grant) { g.Name = long[2:] }, nil},
		{"both scopes", "exactly one of price_type and prices", func(g *credit.Grant) {
			*g = withScope(*g, credit.Scope{PriceType: "metered", Prices: []credit.ApplicablePrice{{ID: "p"}}})
		}, []string{"applicability_config.scope"}},
		{"no scope", "exactly one of price_type and prices", func(g *credit.Grant) { *g = withScope(*g, credit.Scope{}) }, []string{"applicability_config.scope"}},
		{"21 prices", "at most 20 prices", func(g *credit.Grant) {
			var s credit.Scope
			for i := 0; i < 21; i++ {
				s.Prices = append(s.Prices, credit.ApplicablePrice{ID: fmt.Sprint("price_", i)})
			}
			*g = withScope(*g, s)
		}, []string{"applicability_config.scope.prices"}},
		{"empty price id", "each price needs an id", func(g *credit.Grant) {
			*g = withScope(*g, credit.Scope{Prices: []credit.ApplicablePrice{{ID: "p"}, {}}})
		}, []string{"applicability_config.scope.prices[1].id"}},
		{"expires before effective", "expires_at must be after effective_at", func(g *credit.Grant) { g.ExpiresAt = g.EffectiveAt }, []string{"expires_at"}},
		{"expires in the same second", "expires_at must be after effective_at in whole seconds, or the window is empty", func(g *credit.Grant) {
			g.ExpiresAt = g.EffectiveAt.Add(500 * time.Millisecond)
		}, []string{"expires_at"}},
		{"category", "paid or promotional", func(g *credit.Grant) { g.Category = "free" }, []string{"category"}},
		{"everything at once", "every problem is reported", func(g *credit.Grant) {
			g.Priority = prio(-1)
			g.Amount.Monetary.Value = -5
			g.Name = long
		}, []string{"amount.monetary.value", "name", "priority"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := grantA
			tt.edit(&g)
			err := g.Validate()
			got := fieldsOf(err)
			if !reflect.DeepEqual(tt.fields, got) {
				t.Fatalf("%s: fields (-want +got):\n-%v\n+%v\n(%v)", tt.reason, tt.fields, got, err)
			}
			if err != nil && !errors.Is(err, credit.ErrInvalidGrant) {
				t.Fatalf("err %v does not wrap ErrInvalidGrant", err)
			}
		})
	}
}

func withScope(g credit.Grant, s credit.Scope) credit.Grant {
	g.ApplicabilityConfig.Scope = s
	return g
}

// fieldsOf lists the fields of the *FieldErrors in err, in order.
func fieldsOf(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*credit.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		if m, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range m.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

func TestFilter_Validate(t *testing.T) {
	tests := []struct {
		name   string
		f      credit.Filter
		fields []string
	}{
		{"credit_grant", credit.GrantFilter("credgr_1"), nil},
		{"metered", byMetered, nil},
		{"prices", byPriceX, nil},
		{"zero", credit.Filter{}, []string{"type"}},
		{"unknown type", credit.Filter{Type: "customer"}, []string{"type"}},
		{"credit_grant without id", credit.Filter{Type: credit.FilterCreditGrant}, []string{"credit_grant"}},
		{"credit_grant with scope", credit.Filter{Type: credit.FilterCreditGrant, CreditGrant: "g", ApplicabilityScope: credit.Scope{PriceType: "metered"}}, []string{"applicability_scope"}},
		{"scope without scope", credit.Filter{Type: credit.FilterApplicabilityScope}, []string{"applicability_scope"}},
		{"scope with both", credit.ScopeFilter(credit.Scope{PriceType: "metered", Prices: []credit.ApplicablePrice{{ID: "p"}}}), []string{"applicability_scope"}},
		{"scope of licensed", credit.ScopeFilter(credit.Scope{PriceType: "licensed"}), []string{"applicability_scope.price_type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if got := fieldsOf(err); !reflect.DeepEqual(tt.fields, got) {
				t.Fatalf("fields (-want +got):\n-%v\n+%v\n(%v)", tt.fields, got, err)
			}
			if err != nil && !errors.Is(err, credit.ErrInvalidFilter) {
				t.Fatalf("err %v does not wrap ErrInvalidFilter", err)
			}
		})
	}
}

// Stripe's pay-first order, key by key.
func TestStripeOrder(t *testing.T) {
	base := credit.Grant{ID: "b", Created: t0, EffectiveAt: t0, Category: credit.CategoryPaid}
	with := func(f func(*credit.Grant)) credit.Grant {
		g := base
		g.ID = "a" // would win the final tie-break: every case must be decided before it
		f(&g)
		return g
	}
	tests := []struct {
		name   string
		first  credit.Grant
		second credit.Grant
	}{
		{"lower priority number first", credit.Grant{ID: "z", Priority: prio(10), Created: t0}, with(func(g *credit.Grant) { g.Priority = prio(11) })},
		{"null priority counts as 50", credit.Grant{ID: "z", Priority: prio(49), Created: t0}, with(func(g *credit.Grant) { g.Priority = nil })},
		{"earlier expiry first", credit.Grant{ID: "z", ExpiresAt: day(5), Created: t0}, with(func(g *credit.Grant) { g.ExpiresAt = day(6) })},
		{"no expiry last", credit.Grant{ID: "z", ExpiresAt: day(500), Created: t0}, with(func(*credit.Grant) {})},
		{"promotional before paid", credit.Grant{ID: "z", Category: credit.CategoryPromotional, Created: t0, EffectiveAt: day(3)}, with(func(*credit.Grant) {})},
		{"earlier effective first", credit.Grant{ID: "z", Category: credit.CategoryPaid, EffectiveAt: day(-1), Created: day(2)}, with(func(*credit.Grant) {})},
		{"earlier created first", credit.Grant{ID: "z", Category: credit.CategoryPaid, EffectiveAt: t0, Created: day(-1)}, with(func(*credit.Grant) {})},
		{"id last", credit.Grant{ID: "a", Category: credit.CategoryPaid, EffectiveAt: t0, Created: t0}, base},
		{"instants in whole seconds", credit.Grant{ID: "a", Category: credit.CategoryPaid, EffectiveAt: t0.Add(900 * time.Millisecond),
			Created: t0.Add(900 * time.Millisecond), ExpiresAt: day(5).Add(900 * time.Millisecond)},
			credit.Grant{ID: "b", Category: credit.CategoryPaid, EffectiveAt: t0, Created: t0, ExpiresAt: day(5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := credit.StripeOrder(tt.first, tt.second); c >= 0 {
				t.Errorf("StripeOrder(first, second) = %d, want < 0", c)
			}
			if c := credit.StripeOrder(tt.second, tt.first); c <= 0 {
				t.Errorf("StripeOrder(second, first) = %d, want > 0", c)
			}
		})
	}
}

func TestApply_Scenarios(t *testing.T) {
	// Three usd grants of the customer: P (priority 10, $2), X (price_x only,
	// $5, promotional), A ($10, expires day 30); and C in eur.
	p := grantA
	p.ID, p.Priority, p.Amount = "credgr_P", prio(10), credit.Money("usd", 200)
	x := grantB
	x.ID, x.EffectiveAt = "credgr_X", t0
	inv := credit.Invoice{ID: "in_9", Customer: cus, Currency: "usd", PeriodEnd: day(20), Lines: []credit.InvoiceLine{
		{ID: "il_1", Price: "price_x", Metered: true, Amount: 600},
		{ID: "il_2", Price: "price_y", Metered: false, Amount: 400},
		{ID: "il_3", Price: "price_y", Metered: true, Amount: 1200},
	}}
	app, err := credit.Apply([]credit.Grant{grantA, x, p, grantC}, nil, inv, day(21))
	if err != nil {
		t.Fatal(err)
	}
	// il_1 (600, price_x): P pays 200 (priority 10), then A (expires day 30,
	// before X's no-expiry) pays 400. il_2 is not metered: nothing.
	// il_3 (1200, price_y): P empty, A pays its remaining 600, X does not
	// cover price_y, C is eur: 600 left, as what covers it ran out. X paid
	// nothing: the line it covers was paid by grants that pay first.
	want := []credit.LineApplication{
		{Line: "il_1", Amount: 600, Covered: 600, Remaining: 0,
			Applied: []credit.GrantAmount{{CreditGrant: "credgr_P", Amount: 200}, {CreditGrant: "credgr_A", Amount: 400}}},
		{Line: "il_2", Amount: 400, Covered: 0, Remaining: 400, Uncovered: credit.SkipScope},
		{Line: "il_3", Amount: 1200, Covered: 600, Remaining: 600,
			Applied:   []credit.GrantAmount{{CreditGrant: "credgr_A", Amount: 600}},
			Uncovered: credit.SkipEmpty},
	}
	if !reflect.DeepEqual(want, app.Lines) {
		t.Fatalf("lines (-want +got):\n-%+v\n+%+v", want, app.Lines)
	}
	if wantSkips := []credit.Skip{{"credgr_X", credit.SkipCovered}, {"credgr_C", credit.SkipCurrency}}; !reflect.DeepEqual(wantSkips, app.Skipped) {
		t.Fatalf("skips (-want +got):\n-%+v\n+%+v", wantSkips, app.Skipped)
	}
	if app.Covered != 1200 || len(app.Transactions) != 3 {
		t.Fatalf("covered %d with %d transactions, want 1200 with 3", app.Covered, len(app.Transactions))
	}
	d := app.Transactions[1]
	if d.CreditGrant != "credgr_A" || d.Type != credit.TypeDebit || d.Debit.Type != credit.CreditsApplied ||
		d.Debit.CreditsApplied != (credit.InvoiceLineRef{Invoice: "in_9", InvoiceLineItem: "il_1"}) || !d.EffectiveAt.Equal(day(21)) || d.Debit.Amount != credit.Money("usd", 400) {
		t.Fatalf("second debit: %s", js(d))
	}
	// Skip reasons for window and void.
	late := inv
	late.ID, late.PeriodEnd, late.Lines = "in_10", day(30), inv.Lines[:1]
	app, err = credit.Apply([]credit.Grant{grantA, grantD}, nil, late, day(31))
	if err != nil {
		t.Fatal(err)
	}
	wantSkips := []credit.Skip{{"credgr_A", credit.SkipExpired}, {"credgr_D", credit.SkipVoided}}
	if !reflect.DeepEqual(wantSkips, app.Skipped) || app.Lines[0].Uncovered != credit.SkipScope {
		t.Fatalf("skips (-want +got):\n-%+v\n+%+v (line %+v)", wantSkips, app.Skipped, app.Lines[0])
	}
	// Period before expiry, finalized after it: nothing is available.
	after := inv
	after.ID, after.PeriodEnd, after.Lines = "in_12", day(29), inv.Lines[:1]
	app, err = credit.Apply([]credit.Grant{grantA}, nil, after, day(31))
	if err != nil || app.Covered != 0 || !reflect.DeepEqual([]credit.Skip{{"credgr_A", credit.SkipExpired}}, app.Skipped) {
		t.Fatalf("finalized after expiry: %v %+v", err, app)
	}
	early := inv
	early.ID, early.PeriodEnd, early.Lines = "in_11", day(5), inv.Lines[:1]
	app, err = credit.Apply([]credit.Grant{grantB}, nil, early, day(11))
	if err != nil || !reflect.DeepEqual([]credit.Skip{{"credgr_B", credit.SkipNotEffective}}, app.Skipped) {
		t.Fatalf("not effective: %v %+v", err, app)
	}
	// A caller's order: largest grant first.
	largest := func(a, b credit.Grant) int { return int(b.Amount.Monetary.Value - a.Amount.Monetary.Value) }
	app, err = credit.ApplyWith([]credit.Grant{grantA, x, p}, nil, inv, day(21), credit.ApplyOptions{Order: largest})
	if err != nil || app.Lines[0].Applied[0] != (credit.GrantAmount{CreditGrant: "credgr_A", Amount: 600}) {
		t.Fatalf("custom order: %v %+v", err, app.Lines[0])
	}
}

func TestApply_Errors(t *testing.T) {
	good := credit.Invoice{ID: "in_1", Customer: cus, Currency: "usd", PeriodEnd: day(2), Lines: []credit.InvoiceLine{{ID: "il_1", Metered: true, Amount: 5}}}
	bad := credit.Invoice{Customer: cus, Currency: "xxx", Lines: []credit.InvoiceLine{{ID: "a", Amount: -1}, {ID: "a"}}}
	_, err := credit.Apply([]credit.Grant{grantA}, nil, bad, day(3))
	want := []string{"id", "currency", "period_end", "lines[0].amount", "lines[1].id"}
	if got := fieldsOf(err); !reflect.DeepEqual(want, got) || !errors.Is(err, credit.ErrInvalidInvoice) {
		t.Fatalf("fields (-want +got):\n-%v\n+%v (%v)", want, got, err)
	}
	_, err = credit.Apply([]credit.Grant{grantA}, []credit.Transaction{applied("t1", "credgr_A", 5, day(2))}, good, day(3))
	if !errors.Is(err, credit.ErrAlreadyApplied) {
		t.Fatalf("err = %v, want ErrAlreadyApplied", err)
	}
}

func TestExpire(t *testing.T) {
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(2))}
	// Expire now, before expires_at: expires_at becomes now.
	g, out, err := credit.Expire(grantA, txns, day(3))
	if err != nil {
		t.Fatal(err)
	}
	if !g.ExpiresAt.Equal(day(3)) || !g.Updated.Equal(day(3)) || len(out) != 1 ||
		out[0].Debit.Type != credit.CreditsExpired || out[0].Debit.Amount.Monetary.Value != 700 || !out[0].EffectiveAt.Equal(day(3)) {
		t.Fatalf("expire now: %s %s", js(g), js(out))
	}
	if grantA.ExpiresAt.Equal(day(3)) {
		t.Fatal("Expire changed its argument")
	}
	// After expires_at: the debit is effective at expires_at; the grant is unchanged.
	g, out, err = credit.Expire(grantA, txns, day(31))
	if err != nil || !g.ExpiresAt.Equal(day(30)) || len(out) != 1 || !out[0].EffectiveAt.Equal(day(30)) || !out[0].Created.Equal(day(31)) {
		t.Fatalf("expire reached: %v %s %s", err, js(g), js(out))
	}
	// A voided grant cannot expire.
	if _, _, err := credit.Expire(grantD, nil, day(6)); !errors.Is(err, credit.ErrGrantVoided) {
		t.Fatalf("err = %v, want ErrGrantVoided", err)
	}
}

func TestVoid(t *testing.T) {
	g, out, err := credit.Void(grantA, nil, day(3))
	if err != nil || !g.VoidedAt.Equal(day(3)) || len(out) != 1 || out[0].Debit.Type != credit.CreditsVoided || out[0].Debit.Amount.Monetary.Value != 1000 {
		t.Fatalf("void: %v %s %s", err, js(g), js(out))
	}
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), reinstated("t2", "credgr_A", 300, day(2))}
	if _, _, err := credit.Void(grantA, txns, day(3)); !errors.Is(err, credit.ErrVoidAfterApplication) {
		t.Fatalf("err = %v, want ErrVoidAfterApplication (even after reinstatement)", err)
	}
	// A pending grant is voided without a debit and never funds.
	g, out, err = credit.Void(grantB, nil, day(3))
	if err != nil || len(out) != 0 {
		t.Fatalf("void pending: %v %s", err, js(out))
	}
	s, err := credit.Summarize(cus, []credit.Grant{g}, nil, byPriceX, day(20))
	if err != nil || !reflect.DeepEqual(balances(bal{"usd", 0, 0}), s.Balances) {
		t.Fatalf("after void of a pending grant: %v %s", err, js(s))
	}
}

func TestVoidInvoice(t *testing.T) {
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(2))}
	// Before expiry: reinstated, available again.
	out, err := credit.VoidInvoice([]credit.Grant{grantA}, txns, "in_1", day(10))
	if err != nil || len(out) != 1 || out[0].Credit.Type != credit.CreditsApplicationInvoiceVoided || out[0].Credit.Amount.Monetary.Value != 300 ||
		out[0].Credit.CreditsApplicationInvoiceVoided != (credit.InvoiceLineRef{Invoice: "in_1", InvoiceLineItem: "il_1"}) {
		t.Fatalf("void invoice: %v %s", err, js(out))
	}
	// After expiry: reinstated and expired at once.
	txns = append(txns, expired("t2", "credgr_A", 700, day(30)))
	out, err = credit.VoidInvoice([]credit.Grant{grantA}, txns, "in_1", day(35))
	if err != nil || len(out) != 2 || out[1].Debit.Type != credit.CreditsExpired || out[1].Debit.Amount.Monetary.Value != 300 || out[0].ID == out[1].ID {
		t.Fatalf("void invoice after expiry: %v %s", err, js(out))
	}
	s, err := credit.Summarize(cus, []credit.Grant{grantA}, append(txns, out...), byMetered, day(35))
	if err != nil || !reflect.DeepEqual(balances(bal{"usd", 0, 0}), s.Balances) {
		t.Fatalf("after: %v %s", err, js(s))
	}
	// Voiding again writes nothing; an invoice without credits neither.
	again, err := credit.VoidInvoice([]credit.Grant{grantA}, append(txns, out...), "in_1", day(36))
	if err != nil || len(again) != 0 {
		t.Fatalf("again: %v %s", err, js(again))
	}
}

func TestCheckGrantLimit(t *testing.T) {
	var grants []credit.Grant
	for i := 0; i < credit.MaxUnusedGrants; i++ {
		g := grantA
		g.ID = fmt.Sprintf("credgr_%03d", i)
		grants = append(grants, g)
	}
	if err := credit.CheckGrantLimit(cus, grants[:99], nil, day(1)); err != nil {
		t.Fatalf("99 unused: %v", err)
	}
	if err := credit.CheckGrantLimit(cus, grants, nil, day(1)); !errors.Is(err, credit.ErrTooManyGrants) {
		t.Fatalf("100 unused: %v, want ErrTooManyGrants", err)
	}
	// A used-up grant does not count; nor do expired ones.
	used := []credit.Transaction{applied("t1", "credgr_000", 1000, day(1))}
	if err := credit.CheckGrantLimit(cus, grants, used, day(2)); err != nil {
		t.Fatalf("99 unused and one used up: %v", err)
	}
	if err := credit.CheckGrantLimit(cus, grants, nil, day(31)); err != nil {
		t.Fatalf("all expired: %v", err)
	}
	// Pending grants count.
	for i := range grants {
		grants[i].EffectiveAt = day(50)
		grants[i].ExpiresAt = time.Time{}
	}
	if n, err := credit.UnusedGrants(cus, grants, nil, day(1)); err != nil || n != 100 {
		t.Fatalf("pending: %d %v", n, err)
	}
}

func TestGrant_Update(t *testing.T) {
	g := grantA
	g.Metadata = map[string]string{"keep": "1", "drop": "2"}
	later := day(60)
	got, err := g.Update(credit.GrantUpdate{ExpiresAt: &later, Metadata: map[string]string{"cost_basis": "0.9", "drop": ""}}, day(3))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"keep": "1", "cost_basis": "0.9"}
	if !got.ExpiresAt.Equal(later) || !got.Updated.Equal(day(3)) || !reflect.DeepEqual(want, got.Metadata) {
		t.Fatalf("update: %s", js(got))
	}
	if len(g.Metadata) != 2 || !g.ExpiresAt.Equal(day(30)) {
		t.Fatal("Update modified its receiver")
	}
	never := time.Time{}
	if got, err := g.Update(credit.GrantUpdate{ExpiresAt: &never}, day(3)); err != nil || !got.ExpiresAt.IsZero() {
		t.Fatalf("clear expiry: %v %s", err, js(got))
	}
	past := day(2)
	if _, err := g.Update(credit.GrantUpdate{ExpiresAt: &past}, day(3)); !errors.Is(err, credit.ErrInvalidGrant) || fieldsOf(err)[0] != "expires_at" {
		t.Fatalf("past expiry: %v", err)
	}
	if _, err := grantD.Update(credit.GrantUpdate{Metadata: map[string]string{"a": "b"}}, day(6)); !errors.Is(err, credit.ErrGrantVoided) {
		t.Fatalf("voided: %v", err)
	}
	// grantA expired on day 30: its expiry cannot be moved (that would bring
	// expired credits back), but its metadata can still change.
	if _, err := g.Update(credit.GrantUpdate{ExpiresAt: &later}, day(31)); !errors.Is(err, credit.ErrInvalidGrant) || fieldsOf(err)[0] != "expires_at" {
		t.Fatalf("moving the expiry of an expired grant: %v", err)
	}
	if _, err := g.Update(credit.GrantUpdate{ExpiresAt: &never}, day(30)); !errors.Is(err, credit.ErrInvalidGrant) {
		t.Fatalf("clearing the expiry of a grant expired at that instant: %v", err)
	}
	if got, err := g.Update(credit.GrantUpdate{Metadata: map[string]string{"a": "b"}}, day(31)); err != nil || got.Metadata["a"] != "b" {
		t.Fatalf("metadata of an expired grant: %v", err)
	}
}

// An Amount built in Go without a Type is monetary when Monetary is set.
func TestAmount_ImpliedMonetary(t *testing.T) {
	g := grantA
	g.Amount = credit.Amount{Monetary: credit.Monetary{Currency: "usd", Value: 1000}}
	s, err := credit.Summarize(cus, []credit.Grant{g}, nil, byMetered, day(1))
	if err != nil || !reflect.DeepEqual(balances(bal{"usd", 1000, 1000}), s.Balances) {
		t.Fatalf("summary: %v %s", err, js(s))
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got, want := js(g.Amount), `{"monetary":{"currency":"usd","value":1000},"type":"monetary"}`; got != want {
		t.Fatalf("json (-want +got):\n-%s\n+%s", want, got)
	}
	if got, want := js(credit.Amount{}), `{"monetary":null,"type":null}`; got != want { // "" and null strings alike
		t.Fatalf("zero amount json (-want +got):\n-%s\n+%s", want, got)
	}
}

// Apply at an instant before debits already in the ledger takes no more
// than the grant can spare at every later instant, so the ledger stays
// valid. [P]
func TestApply_LaterDebits(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		txns   []credit.Transaction
		want   int64
	}{
		{"later application", "800 of A's 1000 already go to in_B on day 10: a day-5 finalization can take only 200",
			[]credit.Transaction{debitTxn("t1", "credgr_A", credit.CreditsApplied, "usd", 800, day(10), "in_B", "il_1")}, 200},
		{"later application reinstated", "in_B's 800 come back on day 12: still only 200 can be spared on day 10",
			[]credit.Transaction{debitTxn("t1", "credgr_A", credit.CreditsApplied, "usd", 800, day(10), "in_B", "il_1"),
				creditTxn("t2", "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", 800, day(12), "in_B", "il_1")}, 200},
		{"later application after a reinstatement", "700 left on day 5; 300 come back on day 7 and 900 go to in_B on day 10, leaving 100: only 100 can be spared",
			[]credit.Transaction{debitTxn("t0", "credgr_A", credit.CreditsApplied, "usd", 300, day(1), "in_0", "il_1"),
				creditTxn("t1", "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", 300, day(7), "in_0", "il_1"),
				debitTxn("t2", "credgr_A", credit.CreditsApplied, "usd", 900, day(10), "in_B", "il_1")}, 100},
		{"nothing later", "only earlier debits: the ledger balance at finalization", []credit.Transaction{applied("t1", "credgr_A", 300, day(2))}, 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := credit.Invoice{ID: "in_A", Customer: cus, Currency: "usd", PeriodEnd: day(5),
				Lines: []credit.InvoiceLine{{ID: "il_9", Metered: true, Amount: 600}}}
			app, err := credit.Apply([]credit.Grant{grantA}, tt.txns, inv, day(5))
			if err != nil {
				t.Fatal(err)
			}
			if app.Covered != tt.want {
				t.Errorf("%s: covered (-want +got): -%d +%d", tt.reason, tt.want, app.Covered)
			}
			all := append(slices.Clone(tt.txns), app.Transactions...)
			for _, at := range []time.Time{day(5), day(10), day(12), day(20)} {
				if _, err := credit.Summarize(cus, []credit.Grant{grantA}, all, byMetered, at); err != nil {
					t.Errorf("%s: ledger invalid after Apply, at %d: %v", tt.reason, at.Unix(), err)
				}
			}
		})
	}
}

// Ids that defeat the index's hash (same length, same last eight bytes)
// still find their grants, and an unknown or repeated id is still reported.
func TestSummarize_CollidingIDs(t *testing.T) {
	var grants []credit.Grant
	var txns []credit.Transaction
	for i := 0; i < 40; i++ {
		g := grantA
		g.ID = fmt.Sprintf("credgr_%02d_same_tail", i)
		grants = append(grants, g)
		txns = append(txns, applied(fmt.Sprint("t", i), g.ID, int64(i+1), day(1)))
	}
	s, err := credit.Summarize(cus, grants, txns, byMetered, day(2))
	want := balances(bal{"usd", 40*1000 - 40*41/2, 40*1000 - 40*41/2})
	if err != nil || !reflect.DeepEqual(want, s.Balances) {
		t.Fatalf("summary: %v\n(-want +got):\n-%s\n+%s", err, js(want), js(s.Balances))
	}
	one, err := credit.Summarize(cus, grants, txns, credit.GrantFilter("credgr_17_same_tail"), day(2))
	if err != nil || !reflect.DeepEqual(balances(bal{"usd", 1000 - 18, 1000 - 18}), one.Balances) {
		t.Fatalf("one grant: %v %s", err, js(one))
	}
	unknown := append(slices.Clone(txns), applied("t_x", "credgr_99_same_tail", 1, day(1)))
	if _, err := credit.Summarize(cus, grants, unknown, byMetered, day(2)); !errors.Is(err, credit.ErrUnknownGrant) {
		t.Fatalf("unknown id: %v, want ErrUnknownGrant", err)
	}
	if _, err := credit.Summarize(cus, append(slices.Clone(grants), grants[5]), txns, byMetered, day(2)); !errors.Is(err, credit.ErrDuplicateGrant) {
		t.Fatalf("repeated id: %v, want ErrDuplicateGrant", err)
	}
}

// Expire and Void at an instant before transactions of the grant already in
// the ledger are refused when their debit would take a later balance below
// zero, instead of writing a debit that breaks the ledger.
func TestExpireVoid_BeforeLaterTransactions(t *testing.T) {
	txns := []credit.Transaction{applied("t1", "credgr_A", 300, day(10))}
	g, out, err := credit.Expire(grantA, txns, day(5))
	if !errors.Is(err, credit.ErrNegativeBalance) {
		t.Fatalf("Expire on day 5 with 300 applied on day 10: %v %s %s, want ErrNegativeBalance", err, js(g), js(out))
	}
	var fe *credit.FieldError
	if !errors.As(err, &fe) || fe.ID != "credgr_A" {
		t.Fatalf("error %v does not name the grant", err)
	}
	// Transactions after the instant that leave room are fine: a
	// reinstatement followed by its immediate expiry.
	ok := []credit.Transaction{applied("t1", "credgr_A", 300, day(2)), reinstated("t2", "credgr_A", 300, day(35)), expired("t3", "credgr_A", 300, day(35))}
	if _, out, err := credit.Expire(grantA, ok, day(40)); err != nil || len(out) != 1 || out[0].Debit.Amount.Monetary.Value != 700 {
		t.Fatalf("Expire after a reinstated, re-expired application: %v %s", err, js(out))
	}
	// Void of a grant with only a later expiry recorded.
	d := grantC
	exp := []credit.Transaction{debitTxn("t1", "credgr_C", credit.CreditsExpired, "eur", 2000, day(10), "", "")}
	if _, out, err := credit.Void(d, exp, day(5)); !errors.Is(err, credit.ErrNegativeBalance) {
		t.Fatalf("Void on day 5 with an expiry on day 10: %v %s, want ErrNegativeBalance", err, js(out))
	}
}

func TestCheckLedger(t *testing.T) {
	debit := func(id string) credit.Transaction {
		return credit.Transaction{ID: id, CreditGrant: "credgr_1", Type: credit.TypeDebit}
	}
	tests := []struct {
		name string
		txns []credit.Transaction
		want []string // the ids reported, in order
	}{
		{"empty ledger", nil, nil},
		{"distinct ids", []credit.Transaction{debit("cbtxn_1"), debit("cbtxn_2")}, nil},
		{"ids left empty are not compared", []credit.Transaction{debit(""), debit("")}, nil},
		{"a webhook delivered twice", []credit.Transaction{debit("cbtxn_1"), debit("cbtxn_2"), debit("cbtxn_1")}, []string{"cbtxn_1"}},
		{"every repeat reported", []credit.Transaction{debit("a"), debit("a"), debit("b"), debit("a"), debit("b")}, []string{"a", "a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := credit.CheckLedger(tc.txns)
			if (err == nil) != (len(tc.want) == 0) {
				t.Fatalf("CheckLedger = %v, want duplicates %v", err, tc.want)
			}
			if err == nil {
				return
			}
			if !errors.Is(err, credit.ErrDuplicateTransaction) {
				t.Errorf("error %v does not wrap ErrDuplicateTransaction", err)
			}
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *credit.FieldError
				if !errors.As(e, &fe) || fe.Field != "id" {
					t.Fatalf("problem %v is not a FieldError on id", e)
				}
				got = append(got, fe.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("duplicates (-want +got):\n-%v\n+%v", tc.want, got)
			}
		})
	}
}

// A ledger that goes below zero after the instant asked about is refused at
// that instant too: the never-negative rule holds over the whole history, so
// a summary or an application never builds on a ledger that is wrong later.
func TestLedger_NegativeLaterIsRefusedEarlier(t *testing.T) {
	bad := []credit.Transaction{debitTxn("t1", "credgr_A", credit.CreditsExpired, "usd", 1001, day(10), "", "")}
	if _, err := credit.Summarize(cus, []credit.Grant{grantA}, bad, credit.GrantFilter("credgr_A"), day(5)); !errors.Is(err, credit.ErrNegativeBalance) {
		t.Errorf("Summarize at day 5 = %v, want ErrNegativeBalance (the day-10 debit of 1001 exceeds the 1000 granted)", err)
	}
	inv := credit.Invoice{ID: "in_A", Customer: cus, Currency: "usd", PeriodEnd: day(5),
		Lines: []credit.InvoiceLine{{ID: "il_9", Metered: true, Amount: 600}}}
	if _, err := credit.Apply([]credit.Grant{grantA}, bad, inv, day(5)); !errors.Is(err, credit.ErrNegativeBalance) {
		t.Errorf("Apply at day 5 = %v, want ErrNegativeBalance", err)
	}
	ok := []credit.Transaction{debitTxn("t1", "credgr_A", credit.CreditsExpired, "usd", 1000, day(10), "", "")}
	s, err := credit.Summarize(cus, []credit.Grant{grantA}, ok, credit.GrantFilter("credgr_A"), day(5))
	if err != nil || len(s.Balances) != 1 || s.Balances[0].LedgerBalance.Monetary.Value != 1000 {
		t.Errorf("Summarize at day 5 of a valid ledger = %+v, %v; want ledger 1000", s, err)
	}
}

// A credits_application_invoice_voided credit must give back credits that
// were applied from the same grant to the same invoice line, not before the
// application and not more in total: otherwise the balance would rise
// silently (a redelivered webhook under a new id, a made-up reinstatement).
func TestSummarize_ReinstatementsMatchApplications(t *testing.T) {
	apply := applied("t1", "credgr_A", 200, day(2)) // in_1 / il_1
	reinstate := func(id string, v int64, at time.Time, inv, line string) credit.Transaction {
		return creditTxn(id, "credgr_A", credit.CreditsApplicationInvoiceVoided, "usd", v, at, inv, line)
	}
	tests := []struct {
		name  string
		txns  []credit.Transaction
		field string // "" when valid
	}{
		{"the applied amount given back", []credit.Transaction{apply, reinstate("t2", 200, day(3), "in_1", "il_1")}, ""},
		{"given back twice", []credit.Transaction{apply, reinstate("t2", 200, day(3), "in_1", "il_1"), reinstate("t3", 200, day(4), "in_1", "il_1")}, "credit.credits_application_invoice_voided"},
		{"more than applied", []credit.Transaction{apply, reinstate("t2", 900, day(3), "in_1", "il_1")}, "credit.credits_application_invoice_voided"},
		{"an invoice never credited", []credit.Transaction{apply, reinstate("t2", 100, day(3), "in_9", "il_1")}, "credit.credits_application_invoice_voided"},
		{"before the application", []credit.Transaction{apply, reinstate("t2", 200, day(1), "in_1", "il_1")}, "effective_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := credit.Summarize(cus, []credit.Grant{grantA}, tc.txns, credit.GrantFilter("credgr_A"), day(5))
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Summarize = %v, want no error", err)
				}
				return
			}
			if !errors.Is(err, credit.ErrInvalidTransaction) || !slices.Contains(fieldsOf(err), tc.field) {
				t.Fatalf("Summarize = %v, want ErrInvalidTransaction on %s", err, tc.field)
			}
		})
	}
	inv := credit.Invoice{ID: "in_A", Customer: cus, Currency: "usd", PeriodEnd: day(5),
		Lines: []credit.InvoiceLine{{ID: "il_9", Metered: true, Amount: 600}}}
	app, err := credit.Apply([]credit.Grant{grantA}, nil, inv, day(5))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credit.VoidInvoice([]credit.Grant{grantA}, app.Transactions, "in_A", day(4)); err == nil {
		t.Error("VoidInvoice dated before the application: want an error")
	}
}
