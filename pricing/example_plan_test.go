package pricing_test

import (
	"encoding/json"
	"fmt"

	"github.com/billingkit/billingkit/pricing"
)

// A legacy plan, as Stripe's API returns it, converted to the equivalent
// price: amount becomes unit_amount, the interval moves under recurring,
// transform_usage becomes transform_quantity, the id stays.
func ExamplePlanToPrice() {
	const planJSON = `{
	  "id": "plan_NjpIbv3g3ZibnD", "object": "plan", "active": true, "aggregate_usage": null,
	  "amount": 1200, "amount_decimal": "1200", "billing_scheme": "per_unit", "created": 1681851647,
	  "currency": "usd", "interval": "month", "interval_count": 1, "livemode": false, "metadata": {},
	  "nickname": null, "product": "prod_NjpI7DbZx6AlWQ", "tiers_mode": null,
	  "transform_usage": {"divide_by": 5, "round": "up"}, "trial_period_days": null, "usage_type": "licensed"
	}`
	var plan pricing.Plan
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		fmt.Println(err)
		return
	}
	price, err := pricing.PlanToPrice(plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.MarshalIndent(price, "", "  ")
	fmt.Println(string(out))
	fmt.Println("valid:", price.Validate() == nil)
	// Output:
	// {
	//   "id": "plan_NjpIbv3g3ZibnD",
	//   "object": "price",
	//   "active": true,
	//   "billing_scheme": "per_unit",
	//   "created": 1681851647,
	//   "currency": "usd",
	//   "livemode": false,
	//   "lookup_key": null,
	//   "metadata": {},
	//   "nickname": null,
	//   "product": "prod_NjpI7DbZx6AlWQ",
	//   "recurring": {
	//     "aggregate_usage": null,
	//     "interval": "month",
	//     "interval_count": 1,
	//     "trial_period_days": null,
	//     "usage_type": "licensed"
	//   },
	//   "tax_behavior": "unspecified",
	//   "tiers_mode": null,
	//   "transform_quantity": {
	//     "divide_by": 5,
	//     "round": "up"
	//   },
	//   "type": "recurring",
	//   "unit_amount": 1200,
	//   "unit_amount_decimal": "1200"
	// }
	// valid: true
}

// Validate reports every problem at once, each naming the field as Stripe
// does; errors.As reaches each one.
func ExamplePrice_Validate() {
	five, ten := int64(5), int64(10)
	p := pricing.Price{
		Currency:      "USD",
		BillingScheme: pricing.Tiered,
		TiersMode:     pricing.Graduated,
		Tiers: []pricing.Tier{
			{UpTo: &ten, UnitAmount: &five},
			{UpTo: &five, UnitAmount: &five},
		},
	}
	err := p.Validate()
	fmt.Println(err)
	// Output:
	// pricing: price: currency: "USD" is not lowercase (Stripe writes "usd")
	// pricing: price: tiers[1].up_to: the last tier must be unbounded (null or "inf"), got 5
	// pricing: price: tiers[1].up_to: must be greater than tiers[0].up_to (10), got 5
}
