package pricing_test

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

// fuzzSeeds returns the raw price and plan objects of testdata/fixtures.json
// (and of its nested subscription items), the starting points of mutation.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		tb.Fatal(err)
	}
	var seeds [][]byte
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		if _, ok := m["object"]; ok || m["tiers"] != nil || m["transform_quantity"] != nil {
			seeds = append(seeds, raw)
		}
		for _, v := range m {
			walk(v)
		}
	}
	walk(data)
	if len(seeds) < 10 {
		tb.Fatalf("found %d seed objects", len(seeds))
	}
	return seeds
}

// jsonFragments are JSON values that probe the decoder's edges.
var jsonFragments = []string{
	`null`, `true`, `false`, `0`, `-1`, `1.5`, `1e3`, `9223372036854775807`, `9223372036854775808`,
	`-9223372036854775809`, `""`, `"inf"`, `"-inf"`, `"1.5"`, `"1e70"`, `"1e20"`, `"-1.0"`, `"0.50"`, `"0.0000000000001"`, `"x"`, `"\u00e9\n"`,
	`{}`, `[]`, `[null]`, `[{}]`, `{"id":"prod_1"}`, `{"up_to":"inf"}`, `[{"up_to":1},{"up_to":null}]`,
	`{"eur":{"unit_amount":1}}`, `{"interval":"month","interval_count":1}`,
}

// jsonFuzzKeys are the places a structured mutation writes to.
var jsonFuzzKeys = [][]string{
	{"id"}, {"object"}, {"active"}, {"billing_scheme"}, {"created"}, {"currency"}, {"currency_options"},
	{"currency_options", "eur"}, {"currency_options", "eur", "tiers"}, {"custom_unit_amount"},
	{"custom_unit_amount", "preset"}, {"livemode"}, {"lookup_key"}, {"metadata"}, {"metadata", "k"},
	{"nickname"}, {"product"}, {"recurring"}, {"recurring", "interval_count"}, {"recurring", "aggregate_usage"},
	{"tax_behavior"}, {"tiers"}, {"tiers_mode"}, {"transform_quantity"}, {"transform_quantity", "divide_by"},
	{"type"}, {"unit_amount"}, {"unit_amount_decimal"}, {"amount"}, {"amount_decimal"}, {"interval"},
	{"interval_count"}, {"transform_usage"}, {"trial_period_days"}, {"usage_type"}, {"meter"}, {"deleted"},
}

// drawJSON draws bytes to decode: arbitrary bytes, a fixture or a generated
// price with byte-level mutations, or one with a key set to an odd value.
func drawJSON(t *rapid.T, seeds [][]byte) []byte {
	var base []byte
	switch rapid.IntRange(0, 3).Draw(t, "source") {
	case 0:
		return rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "bytes")
	case 1:
		base = append([]byte(nil), rapid.SampledFrom(seeds).Draw(t, "seed")...)
	case 2:
		base, _ = json.Marshal(pricingtest.Price().Draw(t, "price"))
	default:
		base, _ = json.Marshal(pricingtest.Plan().Draw(t, "plan"))
	}
	n := rapid.IntRange(0, 3).Draw(t, "mutations")
	for i := 0; i < n; i++ {
		switch rapid.IntRange(0, 2).Draw(t, "mutation") {
		case 0: // set a key to a fragment
			var m map[string]any
			if json.Unmarshal(base, &m) != nil {
				continue
			}
			path := rapid.SampledFrom(jsonFuzzKeys).Draw(t, "key")
			var v any
			_ = json.Unmarshal([]byte(rapid.SampledFrom(jsonFragments).Draw(t, "value")), &v)
			obj := m
			for _, k := range path[:len(path)-1] {
				next, ok := obj[k].(map[string]any)
				if !ok {
					next = map[string]any{}
					obj[k] = next
				}
				obj = next
			}
			obj[path[len(path)-1]] = v
			base, _ = json.Marshal(m)
		case 1: // overwrite a byte
			if len(base) > 0 {
				i := rapid.IntRange(0, len(base)-1).Draw(t, "at")
				base[i] = rapid.SampledFrom([]byte("{}[]\":,0123456789-.eE nulltruefalseinf\\\xff")).Draw(t, "byte")
			}
		default: // splice a fragment in
			i := rapid.IntRange(0, len(base)).Draw(t, "at")
			f := rapid.SampledFrom(jsonFragments).Draw(t, "fragment")
			base = append(base[:i:i], append([]byte(f), base[i:]...)...)
		}
	}
	return base
}

// checkDecode asserts the decoding properties for data: no panic; an error
// is a *pricing.FieldError (or a syntax error from encoding/json); anything
// that decodes re-encodes, decodes again to an equal value, and encodes to
// the same bytes. Validate and Amount must not panic on what decoded.
func checkDecode(t *rapid.T, data []byte) {
	var p pricing.Price
	if err := json.Unmarshal(data, &p); err != nil {
		checkDecodeError(t, err)
	} else {
		checkJSONStable(t, p)
		_ = p.Validate()
		_, _ = p.Amount(rapid.Int64Range(-1, 1000).Draw(t, "quantity"))
		_, _ = pricing.PriceToPlan(p)
	}

	var l pricing.Plan
	if err := json.Unmarshal(data, &l); err != nil {
		checkDecodeError(t, err)
		return
	}
	checkJSONStable(t, l)
	_ = l.Validate()
	if pr, err := pricing.PlanToPrice(l); err == nil {
		_ = pr.Validate()
	}
}

func checkDecodeError(t *rapid.T, err error) {
	var fe *pricing.FieldError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &fe):
		if !errors.Is(err, pricing.ErrInvalidJSON) {
			t.Fatalf("decode error %q does not wrap ErrInvalidJSON", err)
		}
	case errors.As(err, &se):
	default:
		t.Fatalf("decode error %q is a %T, want *pricing.FieldError or *json.SyntaxError", err, err)
	}
}

// FuzzPrice_UnmarshalJSON decodes arbitrary and mutated JSON into Price and
// Plan (go test -fuzz FuzzPrice_UnmarshalJSON ./pricing).
func FuzzPrice_UnmarshalJSON(f *testing.F) {
	seeds := fuzzSeeds(f)
	for i := 0; i < 8; i++ {
		f.Add([]byte(strconv.Itoa(i * 7919)))
	}
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) { checkDecode(t, drawJSON(t, seeds)) }))
}

// TestPrice_UnmarshalJSON_MutatedProp runs the fuzz property under go test.
func TestPrice_UnmarshalJSON_MutatedProp(t *testing.T) {
	seeds := fuzzSeeds(t)
	rapid.Check(t, func(t *rapid.T) { checkDecode(t, drawJSON(t, seeds)) })
}
