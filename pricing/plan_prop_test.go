package pricing_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

// Plan -> Price -> Plan is lossless, in value and in JSON.
func TestPlanToPrice_RoundTripProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		plan := pricingtest.Plan().Draw(t, "plan")
		price, err := pricing.PlanToPrice(plan)
		if err != nil {
			t.Fatal(err)
		}
		back, err := pricing.PriceToPlan(price)
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(plan) {
			t.Fatalf("(-want +got)\n-%+v\n+%+v", plan, back)
		}
		a, _ := json.Marshal(plan)
		b, _ := json.Marshal(back)
		if string(a) != string(b) {
			t.Fatalf("JSON (-want +got)\n-%s\n+%s", a, b)
		}
	})
}

// A valid plan converts to a valid recurring price, and the price computes
// the same fields the plan has.
func TestPlanToPrice_ValidProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		plan := pricingtest.Plan().Draw(t, "plan")
		price, _ := pricing.PlanToPrice(plan)
		if err := price.Validate(); err != nil {
			t.Fatalf("valid plan became an invalid price: %v", err)
		}
		if price.Type != pricing.RecurringType || price.Recurring.Interval != plan.Interval ||
			price.Recurring.IntervalCount != plan.IntervalCount || price.Currency != plan.Currency {
			t.Fatalf("mapping lost fields: %+v from %+v", price, plan)
		}
	})
}

// Price -> Plan -> Price keeps every field a plan can carry; the others
// (lookup_key, tax_behavior, currency_options, custom_unit_amount) are
// dropped. A one-time price always errors.
func TestPriceToPlan_Prop(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		price := pricingtest.Price().Draw(t, "price")
		plan, err := pricing.PriceToPlan(price)
		if price.Type == pricing.OneTime {
			if !errors.Is(err, pricing.ErrOneTimePrice) {
				t.Fatalf("one-time price: got %v, want ErrOneTimePrice", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.Validate(); err != nil {
			t.Fatalf("valid recurring price became an invalid plan: %v", err)
		}
		back, err := pricing.PlanToPrice(plan)
		if err != nil {
			t.Fatal(err)
		}
		want := price
		want.LookupKey, want.TaxBehavior, want.CurrencyOptions, want.CustomUnitAmount = "", pricing.TaxUnspecified, nil, nil
		if !back.Equal(want) {
			t.Fatalf("(-want +got)\n-%+v\n+%+v", want, back)
		}
	})
}
