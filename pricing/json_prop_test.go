package pricing_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

// decode(encode(p)) equals p and encodes to the same bytes, for every
// generated price.
func TestPrice_JSONRoundTripProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		a, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q pricing.Price
		if err := json.Unmarshal(a, &q); err != nil {
			t.Fatalf("decoding %s: %v", a, err)
		}
		if !q.Equal(p) {
			t.Fatalf("decode(encode(p)) != p (-want +got)\n-%+v\n+%+v\njson %s", p, q, a)
		}
		b, _ := json.Marshal(q)
		if !bytes.Equal(a, b) {
			t.Fatalf("re-encoding differs (-want +got)\n-%s\n+%s", a, b)
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("decoded price no longer validates: %v", err)
		}
	})
}

// The same for plans.
func TestPlan_JSONRoundTripProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Plan().Draw(t, "plan")
		a, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q pricing.Plan
		if err := json.Unmarshal(a, &q); err != nil {
			t.Fatalf("decoding %s: %v", a, err)
		}
		if !q.Equal(p) {
			t.Fatalf("decode(encode(p)) != p (-want +got)\n-%+v\n+%+v\njson %s", p, q, a)
		}
		b, _ := json.Marshal(q)
		if !bytes.Equal(a, b) {
			t.Fatalf("re-encoding differs (-want +got)\n-%s\n+%s", a, b)
		}
	})
}

// The encoding agrees with encoding/json's generic view: decoding it into a
// map gives the keys and values the typed decoder read.
func TestPrice_JSONGenericProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		a, _ := json.Marshal(p)
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(a))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("not JSON: %s", a)
		}
		if m["object"] != "price" || m["currency"] != string(p.Currency) {
			t.Fatalf("object/currency wrong in %s", a)
		}
		if got, _ := m["created"].(json.Number).Int64(); got != p.Created.Unix() {
			t.Fatalf("created %d, want %d", got, p.Created.Unix())
		}
		if p.UnitAmountDecimal.Valid {
			if s, ok := m["unit_amount_decimal"].(string); !ok || s != p.UnitAmountDecimal.Decimal.String() {
				t.Fatalf("unit_amount_decimal %v, want the string %q", m["unit_amount_decimal"], p.UnitAmountDecimal.Decimal.String())
			}
		}
		if tiers, ok := m["tiers"].([]any); ok && len(tiers) > 0 {
			if last := tiers[len(tiers)-1].(map[string]any); last["up_to"] != nil {
				t.Fatalf("last tier up_to %v, want null", last["up_to"])
			}
		}
	})
}
