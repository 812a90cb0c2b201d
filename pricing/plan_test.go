package pricing

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// fullPlan sets every plan field.
func fullPlan() Plan {
	return Plan{
		ID: "plan_full", Active: true, AggregateUsage: AggregateLastEver, BillingScheme: Tiered,
		Created: time.Unix(1681851647, 0).UTC(), Currency: "eur", Interval: Week, IntervalCount: 2, Livemode: true,
		Metadata: map[string]string{"k": "v"}, Meter: "mtr_1", Nickname: "weekly", Product: "prod_1",
		Tiers:     []Tier{{UpTo: i64(10), UnitAmount: i64(5), UnitAmountDecimal: dec("5")}, {FlatAmountDecimal: dec("0.5")}},
		TiersMode: Volume, TrialPeriodDays: i64(7), UsageType: Metered,
	}
}

func TestPlanToPrice(t *testing.T) {
	tests := []struct {
		name, reason string
		plan         Plan
		want         Price
	}{
		{"every field", "the spec's mapping table, row by row", fullPlan(), Price{
			ID: "plan_full", Active: true, BillingScheme: Tiered, Created: time.Unix(1681851647, 0).UTC(), Currency: "eur",
			Livemode: true, Metadata: map[string]string{"k": "v"}, Nickname: "weekly", Product: "prod_1",
			Recurring:   &Recurring{Interval: Week, IntervalCount: 2, Meter: "mtr_1", UsageType: Metered, AggregateUsage: AggregateLastEver, TrialPeriodDays: i64(7)},
			TaxBehavior: TaxUnspecified,
			Tiers:       []Tier{{UpTo: i64(10), UnitAmount: i64(5), UnitAmountDecimal: dec("5")}, {FlatAmountDecimal: dec("0.5")}},
			TiersMode:   Volume, Type: RecurringType,
		}},
		{"per_unit package", "amount -> unit_amount, transform_usage -> transform_quantity",
			Plan{Currency: "usd", Interval: Month, IntervalCount: 1, Amount: i64(2000), AmountDecimal: dec("2000"),
				BillingScheme: PerUnit, TransformUsage: &TransformQuantity{DivideBy: 5, Round: RoundDirUp}, Metadata: map[string]string{}},
			Price{Currency: "usd", Recurring: &Recurring{Interval: Month, IntervalCount: 1}, UnitAmount: i64(2000), UnitAmountDecimal: dec("2000"),
				BillingScheme: PerUnit, TransformQuantity: &TransformQuantity{DivideBy: 5, Round: RoundDirUp}, Metadata: map[string]string{},
				Type: RecurringType, TaxBehavior: TaxUnspecified}},
		{"null metadata", "a price's metadata is never null: null -> {}",
			Plan{Currency: "usd", Interval: Day, IntervalCount: 1},
			Price{Currency: "usd", Recurring: &Recurring{Interval: Day, IntervalCount: 1}, Metadata: map[string]string{},
				Type: RecurringType, TaxBehavior: TaxUnspecified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanToPrice(tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(tt.want)
				t.Errorf("%s (-want +got)\n-%s\n+%s", tt.reason, wj, gj)
			}
			back, err := PriceToPlan(got)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(tt.plan) {
				t.Errorf("PriceToPlan(PlanToPrice(p)) != p (-want +got)\n-%+v\n+%+v", tt.plan, back)
			}
		})
	}
}

func TestPlanToPrice_NoAliasing(t *testing.T) {
	p := fullPlan()
	pr, _ := PlanToPrice(p)
	*p.Tiers[0].UpTo = 99
	p.Tiers[1].FlatAmount = i64(1)
	p.Metadata["k"] = "changed"
	*p.TrialPeriodDays = 1
	if *pr.Tiers[0].UpTo != 10 || pr.Tiers[1].FlatAmount != nil || pr.Metadata["k"] != "v" || *pr.Recurring.TrialPeriodDays != 7 {
		t.Errorf("the price shares memory with the plan: %+v", pr)
	}
	pl, _ := PriceToPlan(pr)
	*pr.Tiers[0].UpTo = 42
	pr.Metadata["k"] = "again"
	if *pl.Tiers[0].UpTo != 10 || pl.Metadata["k"] != "v" {
		t.Errorf("the plan shares memory with the price: %+v", pl)
	}
}

func TestPriceToPlan(t *testing.T) {
	p := validPrice()
	p.LookupKey = "std"
	p.TaxBehavior = TaxInclusive
	p.CurrencyOptions = map[Currency]CurrencyOption{"eur": {UnitAmount: i64(900)}}
	pl, err := PriceToPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	want := Plan{
		ID: "price_1", Active: true, BillingScheme: PerUnit, Currency: "usd", Interval: Month, IntervalCount: 1,
		Metadata: map[string]string{}, Product: "prod_1", UsageType: Licensed, Amount: i64(1000), AmountDecimal: dec("1000"),
	}
	if !pl.Equal(want) {
		t.Errorf("lookup_key, tax_behavior and currency_options are dropped (-want +got)\n-%+v\n+%+v", want, pl)
	}
}

func TestPriceToPlan_OneTime(t *testing.T) {
	tests := []struct {
		name, reason string
		price        Price
	}{
		{"one_time", "a plan needs an interval", Price{ID: "price_once", Type: OneTime, Currency: "usd", UnitAmount: i64(1)}},
		{"empty type", "no recurring: inferred one_time", Price{ID: "price_once", Currency: "usd", UnitAmount: i64(1)}},
		{"one_time with recurring", "type decides", Price{ID: "price_once", Type: OneTime, Recurring: &Recurring{Interval: Month, IntervalCount: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := PriceToPlan(tt.price)
			if !errors.Is(err, ErrOneTimePrice) {
				t.Fatalf("%s: got %v, want ErrOneTimePrice", tt.reason, err)
			}
			if !strings.Contains(err.Error(), `"price_once"`) {
				t.Errorf("error %q does not name the price", err)
			}
			if !pl.Equal(Plan{}) {
				t.Errorf("got a plan %+v with the error", pl)
			}
		})
	}
}

// A price of type recurring without recurring is not a one-time price but a
// broken recurring one: the error names the missing field.
func TestPriceToPlan_RecurringWithoutRecurring(t *testing.T) {
	pl, err := PriceToPlan(Price{ID: "price_1", Type: RecurringType, Currency: "usd", UnitAmount: i64(1)})
	if errors.Is(err, ErrOneTimePrice) {
		t.Errorf("error %q calls a recurring price one-time", err)
	}
	assertFieldError(t, err, ErrInvalidPrice, "price", "recurring")
	if !pl.Equal(Plan{}) {
		t.Errorf("got a plan %+v with the error", pl)
	}
}

// TestPlanToPrice_FixtureTwins: Stripe's fixtures give a plan and a price
// with the same id; each converts to the other. The synthetic head price
// carries custom_unit_amount {null, null, null}, which a plan cannot hold.
func TestPlanToPrice_FixtureTwins(t *testing.T) {
	byPath := map[string]fixtureObject{}
	for _, o := range loadFixtureObjects(t) {
		byPath[o.path] = o
	}
	for _, section := range []string{"stripe_openapi_head", "stripe_mock_head", "stripe_openapi_2022_04"} {
		t.Run(section, func(t *testing.T) {
			var plan Plan
			var price Price
			if err := json.Unmarshal(byPath[section+".plan"].raw, &plan); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(byPath[section+".price"].raw, &price); err != nil {
				t.Fatal(err)
			}
			price.CustomUnitAmount = nil
			got, err := PlanToPrice(plan)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(price) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(price)
				t.Errorf("PlanToPrice(plan) (-want +got)\n-%s\n+%s", wj, gj)
			}
			back, err := PriceToPlan(price)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(plan) {
				gj, _ := json.Marshal(back)
				t.Errorf("PriceToPlan(price) (-want +got)\n-%s\n+%s", byPath[section+".plan"].raw, gj)
			}
		})
	}
}

// TestPlanToPrice_FixtureRoundTrip: every fixture plan survives
// Plan -> Price -> Plan, down to the JSON keys it was read with.
func TestPlanToPrice_FixtureRoundTrip(t *testing.T) {
	for _, o := range loadFixtureObjects(t) {
		if o.object != "plan" {
			continue
		}
		t.Run(o.path, func(t *testing.T) {
			var plan Plan
			if err := json.Unmarshal(o.raw, &plan); err != nil {
				t.Fatal(err)
			}
			price, err := PlanToPrice(plan)
			if err != nil {
				t.Fatal(err)
			}
			back, err := PriceToPlan(price)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(plan) {
				t.Errorf("(-want +got)\n-%+v\n+%+v", plan, back)
			}
			out, _ := json.Marshal(back)
			if d := jsonDiff(t, o.raw, out); d != "" {
				t.Errorf("JSON after the round trip %s", d)
			}
			// The price view keeps the plan's API version: aggregate_usage
			// where the plan had it, meter where the plan had it.
			pj, _ := json.Marshal(price)
			var keys struct {
				Recurring map[string]json.RawMessage `json:"recurring"`
			}
			if err := json.Unmarshal(pj, &keys); err != nil {
				t.Fatal(err)
			}
			var planKeys map[string]json.RawMessage
			_ = json.Unmarshal(o.raw, &planKeys)
			for _, k := range []string{"aggregate_usage", "meter", "trial_period_days"} {
				_, inPlan := planKeys[k]
				_, inPrice := keys.Recurring[k]
				if inPlan != inPrice {
					t.Errorf("recurring.%s present %v in the price, %v in the plan: %s", k, inPrice, inPlan, pj)
				}
			}
		})
	}
}

// TestPlanToPrice_PartialJSON: a plan decoded from partial JSON (no object,
// no id) keeps exactly its keys through Plan -> Price -> Plan.
func TestPlanToPrice_PartialJSON(t *testing.T) {
	in := `{"amount":100,"currency":"usd","interval":"week","interval_count":2,"metadata":null}`
	var plan Plan
	if err := json.Unmarshal([]byte(in), &plan); err != nil {
		t.Fatal(err)
	}
	price, _ := PlanToPrice(plan)
	back, _ := PriceToPlan(price)
	out, _ := json.Marshal(back)
	if d := jsonDiff(t, []byte(in), out); d != "" {
		t.Errorf("round trip %s", d)
	}
}

func TestPlanToPrice_ZeroValues(t *testing.T) {
	pr, err := PlanToPrice(Plan{})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Type != RecurringType || pr.Recurring == nil || pr.Metadata == nil {
		t.Errorf("zero plan -> %+v, want a recurring price with empty metadata", pr)
	}
	pl, err := PriceToPlan(pr)
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Equal(Plan{}) {
		t.Errorf("zero plan round trip -> %+v", pl)
	}
	// A price built in Go with empty metadata keeps it empty.
	p := validPrice()
	pl, _ = PriceToPlan(p)
	if pl.Metadata == nil {
		t.Error("empty metadata became null")
	}
}

// TestPlanToPrice_UnknownKeys: unknown top-level keys travel with the value
// both ways, so Plan -> Price -> Plan keeps them; unknown keys of a price's
// recurring object have no place in a plan and are dropped; an unknown key
// the other object models (in any case) is dropped rather than written
// twice or as a case-variant the decoder refuses, and the others stay.
func TestPlanToPrice_UnknownKeys(t *testing.T) {
	in := `{"id":"plan_1","object":"plan","amount":100,"currency":"usd","interval":"month","interval_count":1,"x_new":{"a":[1,"b"]},"x_flag":true}`
	var plan Plan
	if err := json.Unmarshal([]byte(in), &plan); err != nil {
		t.Fatal(err)
	}
	price, _ := PlanToPrice(plan)
	pj, _ := json.Marshal(price)
	if !strings.Contains(string(pj), `"x_new":{"a":[1,"b"]}`) || !strings.Contains(string(pj), `"x_flag":true`) {
		t.Errorf("the price lost the plan's unknown keys: %s", pj)
	}
	var rec struct {
		Recurring map[string]json.RawMessage `json:"recurring"`
	}
	_ = json.Unmarshal(pj, &rec)
	if _, ok := rec.Recurring["x_new"]; ok {
		t.Errorf("the plan's unknown keys belong to the price's top level, not recurring: %s", pj)
	}
	back, _ := PriceToPlan(price)
	out, _ := json.Marshal(back)
	if d := jsonDiff(t, []byte(in), out); d != "" {
		t.Errorf("Plan -> Price -> Plan %s", d)
	}

	// A price's recurring unknown keys are dropped by PriceToPlan.
	var p Price
	if err := json.Unmarshal([]byte(`{"id":"price_1","type":"recurring","recurring":{"interval":"month","interval_count":1,"x_r":1},"x_top":2}`), &p); err != nil {
		t.Fatal(err)
	}
	pl, _ := PriceToPlan(p)
	out, _ = json.Marshal(pl)
	if strings.Contains(string(out), "x_r") || !strings.Contains(string(out), `"x_top":2`) {
		t.Errorf("PriceToPlan: %s, want x_top kept and x_r dropped", out)
	}

	// Collisions: the other object models the key.
	for _, tt := range []struct {
		name, in string
		plan     bool // in is a plan (else a price)
	}{
		{"plan carries unit_amount", `{"amount":10,"unit_amount":5,"x_k":1}`, true},
		{"plan carries Type", `{"amount":10,"Type":"one_time","x_k":1}`, true},
		{"price carries amount", `{"type":"recurring","recurring":{"interval":"month"},"unit_amount":10,"amount":5,"x_k":1}`, false},
		{"price carries Interval", `{"type":"recurring","recurring":{"interval":"month"},"Interval":"day","x_k":1}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out []byte
			if tt.plan {
				var l Plan
				if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
					t.Fatal(err)
				}
				pr, _ := PlanToPrice(l)
				out, _ = json.Marshal(pr)
				var q Price
				if err := json.Unmarshal(out, &q); err != nil || !q.Equal(pr) {
					t.Errorf("the price's own JSON %s decodes as %v, %+v", out, err, q)
				}
			} else {
				var p Price
				if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
					t.Fatal(err)
				}
				pl, err := PriceToPlan(p)
				if err != nil {
					t.Fatal(err)
				}
				out, _ = json.Marshal(pl)
				var q Plan
				if err := json.Unmarshal(out, &q); err != nil || !q.Equal(pl) {
					t.Errorf("the plan's own JSON %s decodes as %v, %+v", out, err, q)
				}
			}
			if !strings.Contains(string(out), `"x_k":1`) {
				t.Errorf("%s: want the other unknown key kept", out)
			}
		})
	}
}
