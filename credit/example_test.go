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
