package credit_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// pointerAddress matches a pointer as fmt prints it: (*int64)(0xc000012345)
// under %#v, 0xc000012345 under %v.
var pointerAddress = regexp.MustCompile(`\(0x[0-9a-f]+\)|0xc0[0-9a-f]{8}`)

func TestGoString(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	p := 50
	for _, tt := range []struct {
		name string
		v    fmt.GoStringer
		want string
	}{
		{"grant: set fields, the amount compact",
			credit.Grant{ID: "credgr_1", Customer: "cus_1", Amount: credit.Money("usd", 5000), Category: credit.CategoryPaid,
				Priority: &p, ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
				ExpiresAt: at, Metadata: map[string]string{}},
			`credit.Grant{ID:"credgr_1", Customer:"cus_1", Amount:{usd 5000}, Category:"paid", Priority:50, ` +
				`ApplicabilityConfig:{Scope:{PriceType:"metered"}}, ExpiresAt:2025-01-02T03:04:05Z, Metadata:{}}`},
		{"grant scoped to prices, amount without a type",
			credit.Grant{ID: "credgr_2", Amount: credit.Amount{Monetary: credit.Monetary{Currency: "jpy", Value: 300}},
				ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{Prices: []credit.ApplicablePrice{{ID: "price_a"}, {ID: "price_b"}}}}},
			`credit.Grant{ID:"credgr_2", Amount:{jpy 300}, ApplicabilityConfig:{Scope:{Prices:["price_a", "price_b"]}}}`},
		{"custom pricing unit amount, field by field",
			credit.Grant{Amount: credit.Amount{Type: credit.AmountCustomPricingUnit,
				CustomPricingUnit: &credit.CustomPricingUnitAmount{ID: "cpu_1", Value: decimal.RequireFromString("1.5")}}},
			`credit.Grant{Amount:{Type:"custom_pricing_unit", CustomPricingUnit:{ID:"cpu_1", Value:1.5}}}`},
		{"zero grant", credit.Grant{}, `credit.Grant{}`},
		{"debit",
			credit.Transaction{ID: "cbtxn_1", Type: credit.TypeDebit, CreditGrant: "credgr_1", EffectiveAt: at,
				Debit: credit.Debit{Type: credit.CreditsApplied, Amount: credit.Money("usd", 600),
					CreditsApplied: credit.InvoiceLineRef{Invoice: "in_1", InvoiceLineItem: "il_1"}}},
			`credit.Transaction{ID:"cbtxn_1", Type:"debit", CreditGrant:"credgr_1", ` +
				`Debit:{Type:"credits_applied", Amount:{usd 600}, CreditsApplied:{Invoice:"in_1", InvoiceLineItem:"il_1"}}, ` +
				`EffectiveAt:2025-01-02T03:04:05Z}`},
		{"credit",
			credit.Transaction{ID: "cbtxn_2", Type: credit.TypeCredit, Credit: credit.Credit{Type: credit.CreditsGranted, Amount: credit.Money("kwd", 1000)}, Livemode: true},
			`credit.Transaction{ID:"cbtxn_2", Type:"credit", Credit:{Type:"credits_granted", Amount:{kwd 1000}}, Livemode:true}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.GoString(); got != tt.want {
				t.Errorf("GoString\n got %s\nwant %s", got, tt.want)
			}
			if got := fmt.Sprintf("%#v", tt.v); got != tt.want {
				t.Errorf("%%#v\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A generated ledger, printed as rapid logs it, shows every amount and no
// pointer address (a grant's priority is a *int).
func TestGoString_Ledger(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		s := fmt.Sprintf("%#v", l)
		if pointerAddress.MatchString(s) {
			t.Fatalf("address in %s", s)
		}
		for _, g := range l.Grants {
			want := fmt.Sprintf("Amount:{%s %d}", g.Amount.Monetary.Currency, g.Amount.Monetary.Value)
			if g.Priority != nil {
				want += fmt.Sprintf(", Category:%q, Priority:%d", g.Category, *g.Priority)
			}
			if !strings.Contains(s, want) {
				t.Fatalf("%s lacks %s", s, want)
			}
		}
		for _, x := range l.Transactions {
			a := x.Debit.Amount
			if x.Type == credit.TypeCredit {
				a = x.Credit.Amount
			}
			if want := fmt.Sprintf("Amount:{%s %d}", a.Monetary.Currency, a.Monetary.Value); !strings.Contains(s, want) {
				t.Fatalf("%s lacks %s", s, want)
			}
		}
	})
}
