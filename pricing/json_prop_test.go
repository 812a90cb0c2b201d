package pricing_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// checkJSONStable encodes v, decodes the encoding into a new T and fails
// unless the result is Equal to v and encodes to the same bytes. It returns
// the decoded value.
func checkJSONStable[T interface{ Equal(T) bool }](t *rapid.T, v T) T {
	a, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var q T
	if err := json.Unmarshal(a, &q); err != nil {
		t.Fatalf("own encoding %s does not decode: %v", a, err)
	}
	if !q.Equal(v) {
		t.Fatalf("decode(encode(v)) != v (-want +got)\n-%+v\n+%+v\njson %s", v, q, a)
	}
	if b, _ := json.Marshal(q); !bytes.Equal(a, b) {
		t.Fatalf("re-encoding differs (-want +got)\n-%s\n+%s", a, b)
	}
	return q
}

// decode(encode(p)) equals p, encodes to the same bytes and still
// validates, for every generated price.
func TestPrice_JSONRoundTripProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := checkJSONStable(t, pricingtest.Price().Draw(t, "price"))
		if err := q.Validate(); err != nil {
			t.Fatalf("decoded price no longer validates: %v", err)
		}
	})
}

// The same for plans.
func TestPlan_JSONRoundTripProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := checkJSONStable(t, pricingtest.Plan().Draw(t, "plan"))
		if err := q.Validate(); err != nil {
			t.Fatalf("decoded plan no longer validates: %v", err)
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

// TestPrice_JSONStateMachine edits a price (decoded from a fixture or
// generated) field by field between JSON round trips. Invariant: decoding
// the encoding gives an equal price whose encoding is the same bytes, so no
// edit is lost and the keys a decoded price carried are kept.
func TestPrice_JSONStateMachine(t *testing.T) {
	seeds := fuzzSeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		var p pricing.Price
		if rapid.Bool().Draw(t, "from_fixture") {
			if err := json.Unmarshal(rapid.SampledFrom(seeds).Draw(t, "seed"), &p); err != nil {
				// seeds include plans and deleted objects: start from a generated price then
				p = pricingtest.Price().Draw(t, "price")
			}
		} else {
			p = pricingtest.Price().Draw(t, "price")
		}
		t.Repeat(map[string]func(*rapid.T){
			"round trip": func(t *rapid.T) { p = checkJSONStable(t, p) },
			"set nickname": func(t *rapid.T) {
				p.Nickname = rapid.SampledFrom([]string{"", "basic", "é\n\"x\""}).Draw(t, "nickname")
			},
			"set tiers": func(t *rapid.T) {
				p.Tiers = pricingtest.Tiers().Draw(t, "tiers")
			},
			"clear tiers": func(t *rapid.T) { p.Tiers = nil },
			"set unit amount": func(t *rapid.T) {
				// Not 0, and the decimal twin kept equal: 0 beside a non-zero
				// decimal (or beside tiers or a custom amount), and a "0"
				// decimal beside a non-zero amount, are stripe-go's nulls
				// and read as null (json_test.go).
				v := rapid.Int64Range(1, 1000).Draw(t, "unit_amount")
				p.UnitAmount = &v
				if p.UnitAmountDecimal.Valid {
					p.UnitAmountDecimal = decimal.NewNullDecimal(decimal.NewFromInt(v))
				}
			},
			"clear unit amount": func(t *rapid.T) { p.UnitAmount = nil },
			"set recurring": func(t *rapid.T) {
				r := pricingtest.Recurring().Draw(t, "recurring")
				p.Recurring = &r
			},
			"edit recurring": func(t *rapid.T) {
				r := pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
				if p.Recurring != nil {
					r = *p.Recurring // a copy keeps the decoded keys
				}
				r.AggregateUsage = rapid.SampledFrom([]pricing.AggregateUsage{"", pricing.AggregateSum}).Draw(t, "aggregate_usage")
				r.Meter = rapid.SampledFrom([]string{"", "mtr_1"}).Draw(t, "meter")
				p.Recurring = &r
			},
			"set metadata": func(t *rapid.T) {
				p.Metadata = rapid.SampledFrom([]map[string]string{nil, {}, {"k": "v"}}).Draw(t, "metadata")
			},
			"set currency options": func(t *rapid.T) {
				p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{"eur": {UnitAmount: p.UnitAmount}}
			},
			"": func(t *rapid.T) { checkJSONStable(t, p) },
		})
	})
}

// wireFixtures returns the raw objects of testdata/fixtures.json by kind:
// "price" and "plan" (deleted ones left out; the worked examples are
// prices), and the nested objects found in them: "recurring", "tier",
// "transform_quantity" (price.transform_quantity and plan.transform_usage)
// and "custom_unit_amount". The fixtures hold no currency_options; see
// currencyOptionDocs.
func wireFixtures(tb testing.TB) map[string][][]byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][][]byte{}
	nested := func(m map[string]json.RawMessage, key, kind string) {
		if raw, ok := m[key]; ok && string(raw) != "null" {
			out[kind] = append(out[kind], raw)
		}
	}
	var walk func(raw json.RawMessage, inWorkedExamples bool)
	walk = func(raw json.RawMessage, inWorkedExamples bool) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		var obj string
		_ = json.Unmarshal(m["object"], &obj)
		if _, deleted := m["deleted"]; !deleted && (obj == "price" || obj == "plan" || (inWorkedExamples && m["currency"] != nil)) {
			if obj == "" {
				obj = "price"
			}
			out[obj] = append(out[obj], raw)
			nested(m, "recurring", "recurring")
			nested(m, "transform_quantity", "transform_quantity")
			nested(m, "transform_usage", "transform_quantity")
			nested(m, "custom_unit_amount", "custom_unit_amount")
			var tiers []json.RawMessage
			_ = json.Unmarshal(m["tiers"], &tiers)
			out["tier"] = append(out["tier"], bytesOf(tiers)...)
		}
		for k, v := range m {
			walk(v, inWorkedExamples || k == "worked_examples")
		}
	}
	walk(data, false)
	for kind, min := range map[string]int{"price": 10, "plan": 6, "recurring": 8, "tier": 6, "transform_quantity": 9, "custom_unit_amount": 4} {
		if len(out[kind]) < min {
			tb.Fatalf("found %d %s objects in testdata/fixtures.json, want at least %d", len(out[kind]), kind, min)
		}
	}
	return out
}

func bytesOf(raws []json.RawMessage) [][]byte {
	out := make([][]byte, len(raws))
	for i, r := range raws {
		out[i] = r
	}
	return out
}

// currencyOptionDocs are entries of price.currency_options in the shape
// Stripe returns them (the fixtures hold none): per-unit, tiered, pay what
// you want, and one from before custom_unit_amount existed.
var currencyOptionDocs = [][]byte{
	[]byte(`{"custom_unit_amount":null,"tax_behavior":"exclusive","unit_amount":900,"unit_amount_decimal":"900"}`),
	[]byte(`{"custom_unit_amount":null,"tax_behavior":"unspecified","tiers":[{"flat_amount":null,"flat_amount_decimal":null,"unit_amount":500,"unit_amount_decimal":"500","up_to":10},{"flat_amount":100,"flat_amount_decimal":"100","unit_amount":null,"unit_amount_decimal":"450.5","up_to":null}],"unit_amount":null,"unit_amount_decimal":null}`),
	[]byte(`{"custom_unit_amount":{"maximum":50000,"minimum":500,"preset":2000},"tax_behavior":"inclusive","unit_amount":null,"unit_amount_decimal":null}`),
	[]byte(`{"tax_behavior":null,"unit_amount":1000,"unit_amount_decimal":"1000"}`),
}

// stripeReturned is doc as the codec writes it back: Stripe's create
// parameter up_to "inf" is written null, its returned form; nothing else
// changes.
func stripeReturned(t *rapid.T, doc []byte) []byte {
	v, err := wiretest.Value(doc)
	if err != nil {
		t.Fatalf("fixture %s: %v", doc, err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "up_to" && e == "inf" {
					x[k] = nil
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// injectDeep adds unknown members (wiretest.Inject) to the object doc and,
// each with a drawn chance, to its nested objects: recurring, every tier,
// transform_quantity/transform_usage, custom_unit_amount and every
// currency option (and its tiers).
func injectDeep(t *rapid.T, doc []byte) []byte {
	v, err := wiretest.Value(doc)
	if err != nil {
		t.Fatalf("fixture %s: %v", doc, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("fixture %s is not an object", doc)
	}
	inject := func(sub any) any {
		obj, ok := sub.(map[string]any)
		if !ok || !rapid.Bool().Draw(t, "inject nested") {
			return sub
		}
		raw, _ := json.Marshal(obj)
		out, err := wiretest.Value(wiretest.Inject(t, raw))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	injectTiers := func(obj map[string]any) {
		if tiers, ok := obj["tiers"].([]any); ok {
			for i := range tiers {
				tiers[i] = inject(tiers[i])
			}
		}
	}
	for _, k := range []string{"recurring", "transform_quantity", "transform_usage", "custom_unit_amount"} {
		if sub, ok := m[k]; ok {
			m[k] = inject(sub)
		}
	}
	injectTiers(m)
	if opts, ok := m["currency_options"].(map[string]any); ok {
		for c, o := range opts {
			if om, ok := o.(map[string]any); ok {
				injectTiers(om)
				if cu, ok := om["custom_unit_amount"]; ok {
					om["custom_unit_amount"] = inject(cu)
				}
			}
			opts[c] = inject(opts[c])
		}
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return wiretest.Inject(t, raw)
}

// wireValue is a pricing type that decodes from and encodes to Stripe's
// JSON.
type wireValue[T any] interface {
	*T
	json.Unmarshaler
}

// checkWireRoundTrip decodes doc into a T, encodes it, and fails unless the
// encoding is the same JSON value as doc (up_to "inf" aside).
func checkWireRoundTrip[T any, PT wireValue[T]](t *rapid.T, doc []byte) {
	var v T
	if err := PT(&v).UnmarshalJSON(doc); err != nil {
		t.Fatalf("decode %s: %v", doc, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if eq, err := wiretest.Equal(stripeReturned(t, doc), out); err != nil || !eq {
		t.Fatalf("decode -> encode changed the JSON (%v)\n in: %s\nout: %s", err, doc, out)
	}
}

// The round-trip property of the one JSON rule, one per object type: any
// fixture, with unknown keys injected (at every level for prices and plans),
// decodes and encodes to the same JSON value.
func TestPrice_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["price"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.Price](t, injectDeep(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

func TestPlan_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["plan"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.Plan](t, injectDeep(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

func TestRecurring_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["recurring"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.Recurring](t, wiretest.Inject(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

func TestTier_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["tier"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.Tier](t, wiretest.Inject(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

func TestTransformQuantity_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["transform_quantity"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.TransformQuantity](t, wiretest.Inject(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

func TestCustomUnitAmount_WireRoundTripProp(t *testing.T) {
	docs := wireFixtures(t)["custom_unit_amount"]
	rapid.Check(t, func(t *rapid.T) {
		checkWireRoundTrip[pricing.CustomUnitAmount](t, wiretest.Inject(t, rapid.SampledFrom(docs).Draw(t, "fixture")))
	})
}

// Currency options: Stripe-shaped entries (the fixtures hold none), and the
// entries of generated prices, also inside a fixture price.
func TestCurrencyOption_WireRoundTripProp(t *testing.T) {
	prices := wireFixtures(t)["price"]
	rapid.Check(t, func(t *rapid.T) {
		doc := rapid.SampledFrom(currencyOptionDocs).Draw(t, "option")
		if p := pricingtest.Price().Draw(t, "generated"); len(p.CurrencyOptions) > 0 && rapid.Bool().Draw(t, "use generated") {
			c := rapid.SampledFrom(slices.Sorted(maps.Keys(p.CurrencyOptions))).Draw(t, "currency")
			doc, _ = json.Marshal(p.CurrencyOptions[c])
		}
		checkWireRoundTrip[pricing.CurrencyOption](t, wiretest.Inject(t, doc))

		// The same entry inside a fixture price, injected at every level;
		// the price's billing_scheme is the option's (a tiered price reads
		// an option's unit_amount 0 as stripe-go's null).
		v, _ := wiretest.Value(rapid.SampledFrom(prices).Draw(t, "price"))
		price := v.(map[string]any)
		opt, _ := wiretest.Value(doc)
		price["currency_options"] = map[string]any{"eur": opt}
		price["billing_scheme"] = "per_unit"
		if opt.(map[string]any)["tiers"] != nil {
			price["billing_scheme"] = "tiered"
		}
		raw, _ := json.Marshal(price)
		checkWireRoundTrip[pricing.Price](t, injectDeep(t, raw))
	})
}
