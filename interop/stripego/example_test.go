package stripego_test

import (
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/pricing"
	stripe "github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// testSecret stands for the endpoint's signing secret (whsec_...), which
// a real handler reads from its configuration.
const testSecret = "whsec_test_interop"

// signedDelivery is what Stripe POSTs to a webhook endpoint: the payload and
// its Stripe-Signature header. Here the header is signed with the test
// secret, as Stripe would sign it, now.
func signedDelivery(payload string) ([]byte, string) {
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload: []byte(payload),
		Secret:  testSecret,
	})
	return signed.Payload, signed.Header
}

// A webhook verified with stripe-go, its event.data.object decoded into a
// credit.Grant, and the customer's balance summarized from it.
func Example_creditGrantWebhook() {
	// The delivery of a billing.credit_grant.created event; the grant is
	// Stripe's documented example.
	payload, header := signedDelivery(`{
  "id": "evt_test_interop_grant",
  "object": "event",
  "api_version": "` + stripe.APIVersion + `",
  "created": 1726620803,
  "livemode": false,
  "pending_webhooks": 1,
  "type": "billing.credit_grant.created",
  "data": {
    "object": {
      "id": "credgr_test_61R9a6NUWsRmOW3RM41L6nFOS1ekDGHo",
      "object": "billing.credit_grant",
      "amount": {"monetary": {"currency": "usd", "value": 1000}, "type": "monetary"},
      "applicability_config": {"scope": {"price_type": "metered"}},
      "category": "paid",
      "created": 1726620803,
      "customer": "cus_QrvQguzkIK8zTj",
      "effective_at": 1729297860,
      "expires_at": null,
      "livemode": false,
      "metadata": {},
      "name": "Purchased Credits",
      "priority": 50,
      "test_clock": null,
      "updated": 1726620803,
      "voided_at": null
    }
  }
}`)

	// In an http.Handler: payload is the request body, header is
	// r.Header.Get("Stripe-Signature").
	event, err := webhook.ConstructEvent(payload, header, testSecret)
	if err != nil {
		log.Fatal(err) // a bad signature, a stale timestamp or another API version
	}
	fmt.Println(event.Type)

	// event.Data.Raw is data.object exactly as Stripe sent it.
	var g credit.Grant
	if err := json.Unmarshal(event.Data.Raw, &g); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d %s for %s from %s\n", g.ID, g.Amount.Monetary.Value, g.Currency(), g.Customer,
		g.Effective().UTC().Format(time.RFC3339))

	for _, at := range []time.Time{g.Created, g.Effective()} {
		s, err := credit.Summarize(g.Customer, []credit.Grant{g}, nil, credit.GrantFilter(g.ID), at)
		if err != nil {
			log.Fatal(err)
		}
		b, _ := s.Balance(g.Currency())
		fmt.Printf("at %s: available %d, ledger %d\n", at.UTC().Format(time.DateOnly),
			b.AvailableBalance.Monetary.Value, b.LedgerBalance.Monetary.Value)
	}
	// Output:
	// billing.credit_grant.created
	// credgr_test_61R9a6NUWsRmOW3RM41L6nFOS1ekDGHo: 1000 usd for cus_QrvQguzkIK8zTj from 2024-10-19T00:31:00Z
	// at 2024-09-18: available 0, ledger 0
	// at 2024-10-19: available 1000, ledger 1000
}

// A webhook verified with stripe-go, its event.data.object decoded into a
// pricing.Price, and the price's amount for a quantity.
func Example_priceWebhook() {
	payload, header := signedDelivery(`{
  "id": "evt_test_interop_price",
  "object": "event",
  "api_version": "` + stripe.APIVersion + `",
  "created": 1735689600,
  "livemode": false,
  "pending_webhooks": 1,
  "type": "price.created",
  "data": {
    "object": {
      "id": "price_graduated",
      "object": "price",
      "active": true,
      "billing_scheme": "tiered",
      "created": 1735689600,
      "currency": "usd",
      "custom_unit_amount": null,
      "livemode": false,
      "lookup_key": null,
      "metadata": {},
      "nickname": null,
      "product": "prod_interop",
      "recurring": {"interval": "month", "interval_count": 1, "meter": null, "trial_period_days": null, "usage_type": "licensed"},
      "tax_behavior": "unspecified",
      "tiers": [
        {"flat_amount": 500, "flat_amount_decimal": "500", "unit_amount": 100, "unit_amount_decimal": "100", "up_to": 10},
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": null, "unit_amount_decimal": "62.5", "up_to": null}
      ],
      "tiers_mode": "graduated",
      "transform_quantity": null,
      "type": "recurring",
      "unit_amount": null,
      "unit_amount_decimal": null
    }
  }
}`)
	event, err := webhook.ConstructEvent(payload, header, testSecret)
	if err != nil {
		log.Fatal(err)
	}
	var p pricing.Price
	if err := json.Unmarshal(event.Data.Raw, &p); err != nil {
		log.Fatal(err)
	}
	if err := p.Validate(); err != nil {
		log.Fatal(err)
	}
	for _, q := range []int64{1, 10, 25} {
		cents, err := p.Amount(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d units cost %d %s cents\n", event.Type, q, cents, p.Currency)
	}
	// Output:
	// price.created: 1 units cost 600 usd cents
	// price.created: 10 units cost 1500 usd cents
	// price.created: 25 units cost 2438 usd cents
}
