package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// fixtureObject is one price or plan found in testdata/fixtures.json.
type fixtureObject struct {
	path   string // where it sits in the file, e.g. "stripe_openapi_head.subscription_item.plan"
	object string // "price" or "plan"
	raw    json.RawMessage
}

// loadFixtureObjects returns every price and plan object in
// testdata/fixtures.json, nested ones included (subscription_item.price and
// .plan), and the worked examples' prices (which carry no "object" key).
// Deleted objects are returned with object "deleted_price"/"deleted_plan".
func loadFixtureObjects(t testing.TB) []fixtureObject {
	t.Helper()
	data, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	var out []fixtureObject
	var walk func(path string, raw json.RawMessage)
	walk = func(path string, raw json.RawMessage) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		var obj string
		_ = json.Unmarshal(m["object"], &obj)
		if obj == "price" || obj == "plan" {
			if _, deleted := m["deleted"]; deleted {
				obj = "deleted_" + obj
			}
			out = append(out, fixtureObject{path: path, object: obj, raw: raw})
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(path+"."+k, m[k])
		}
	}
	keys := make([]string, 0, len(root))
	for k := range root {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "worked_examples" {
			var ex map[string]json.RawMessage
			if err := json.Unmarshal(root[k], &ex); err != nil {
				t.Fatal(err)
			}
			for id, raw := range ex {
				if strings.HasPrefix(id, "_") {
					continue
				}
				out = append(out, fixtureObject{path: k + "." + id, object: "price", raw: raw})
			}
			continue
		}
		walk(k, root[k])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// parseJSON parses data keeping numbers exact.
func parseJSON(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", data, err)
	}
	return v
}

// normalizeInf replaces every "up_to": "inf" with null: Stripe accepts "inf"
// in create parameters and returns null, and this package encodes null.
func normalizeInf(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "up_to" && e == "inf" {
				x[k] = nil
				continue
			}
			x[k] = normalizeInf(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalizeInf(e)
		}
	}
	return v
}

func indent(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// jsonDiff returns "" when want and got are the same JSON value, else a
// (-want +got) report.
func jsonDiff(t testing.TB, want, got []byte) string {
	t.Helper()
	w, g := normalizeInf(parseJSON(t, want)), parseJSON(t, got)
	if reflect.DeepEqual(w, g) {
		return ""
	}
	return fmt.Sprintf("(-want +got)\n-%s\n+%s", indent(w), indent(g))
}

func TestPrice_JSONFixtures(t *testing.T) {
	objs := loadFixtureObjects(t)
	counts := map[string]int{}
	for _, o := range objs {
		counts[o.object]++
	}
	// 4 price sections x (price + subscription_item.price) - 2022 has no
	// deleted price ... the counts guard against the walk silently missing
	// objects.
	if counts["price"] < 10 || counts["plan"] < 6 {
		t.Fatalf("found %v objects in testdata/fixtures.json, want at least 10 prices and 6 plans", counts)
	}
	for _, o := range objs {
		t.Run(o.path, func(t *testing.T) {
			var enc1, enc2 []byte
			switch o.object {
			case "price":
				enc1, enc2 = encodeDecoded[Price](t, o.raw)
			case "plan":
				enc1, enc2 = encodeDecoded[Plan](t, o.raw)
			case "deleted_price":
				var p Price
				assertFieldError(t, json.Unmarshal(o.raw, &p), ErrInvalidJSON, "price", "deleted")
				return
			case "deleted_plan":
				var p Plan
				assertFieldError(t, json.Unmarshal(o.raw, &p), ErrInvalidJSON, "plan", "deleted")
				return
			}
			if d := jsonDiff(t, o.raw, enc1); d != "" {
				t.Errorf("encode(decode(fixture)) differs from the fixture %s", d)
			}
			if !bytes.Equal(enc1, enc2) {
				t.Errorf("encoding is not stable:\n%s\n%s", enc1, enc2)
			}
		})
	}
}

// encodeDecoded decodes raw into a T and returns its encoding enc1 and the
// encoding enc2 of enc1 decoded again, failing unless both decodings
// succeed and are Equal.
func encodeDecoded[T interface{ Equal(T) bool }](t *testing.T, raw []byte) (enc1, enc2 []byte) {
	t.Helper()
	var p, q T
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("decode: %v", err)
	}
	enc1, _ = json.Marshal(p)
	if err := json.Unmarshal(enc1, &q); err != nil {
		t.Fatalf("decode of own encoding: %v", err)
	}
	if !p.Equal(q) {
		t.Errorf("decode(encode(p)) != p\n%+v\n%+v", p, q)
	}
	enc2, _ = json.Marshal(q)
	return enc1, enc2
}

// assertFieldError checks that err is (or joins) a *FieldError for object and
// field that matches sentinel.
func assertFieldError(t *testing.T, err error, sentinel error, object, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %s.%s error", object, field)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not match %v", err, sentinel)
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %q is not a *FieldError", err)
	}
	if fe.Object != object || fe.Field != field {
		t.Errorf("error names %q.%q, want %q.%q (%v)", fe.Object, fe.Field, object, field, err)
	}
}

func TestPrice_UnmarshalJSON_Values(t *testing.T) {
	in := `{
	  "id": "price_1", "object": "price", "active": true, "billing_scheme": "tiered",
	  "created": 1679431181, "currency": "usd", "livemode": false, "lookup_key": "std",
	  "metadata": {"order_id": "6735"}, "nickname": null,
	  "product": {"id": "prod_X", "object": "product", "name": "T-shirt"},
	  "recurring": {"interval": "month", "interval_count": 3, "usage_type": "metered", "aggregate_usage": "sum", "meter": null, "trial_period_days": 14},
	  "tax_behavior": "exclusive",
	  "tiers": [
	    {"up_to": 5, "unit_amount": 700, "unit_amount_decimal": "700", "flat_amount": null, "flat_amount_decimal": null},
	    {"up_to": 10, "unit_amount": null, "unit_amount_decimal": "650.123456789012", "flat_amount": 100, "flat_amount_decimal": "100"},
	    {"up_to": "inf", "unit_amount": 600}
	  ],
	  "tiers_mode": "volume", "transform_quantity": null, "type": "recurring",
	  "unit_amount": null, "unit_amount_decimal": null,
	  "some_future_key": {"nested": [1, 2, 3]}
	}`
	var p Price
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	i64 := func(v int64) *int64 { return &v }
	want := Price{
		ID: "price_1", Active: true, BillingScheme: Tiered, Created: time.Unix(1679431181, 0).UTC(),
		Currency: "usd", LookupKey: "std", Metadata: map[string]string{"order_id": "6735"}, Product: "prod_X",
		Recurring:   &Recurring{Interval: Month, IntervalCount: 3, UsageType: Metered, AggregateUsage: AggregateSum, TrialPeriodDays: i64(14)},
		TaxBehavior: TaxExclusive,
		Tiers: []Tier{
			{UpTo: i64(5), UnitAmount: i64(700), UnitAmountDecimal: decimal.NewNullDecimal(decimal.NewFromInt(700))},
			{UpTo: i64(10), UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("650.123456789012")), FlatAmount: i64(100), FlatAmountDecimal: decimal.NewNullDecimal(decimal.NewFromInt(100))},
			{UnitAmount: i64(600)},
		},
		TiersMode: Volume, Type: RecurringType,
	}
	if !p.Equal(want) {
		t.Errorf("decoded price differs (-want +got)\n-%+v\n+%+v", want, p)
	}
	if p.Created.Location() != time.UTC {
		t.Errorf("created is in %v, want UTC", p.Created.Location())
	}
	// The expanded product is written back as its id; everything else as
	// read, the unknown key included.
	out, _ := json.Marshal(p)
	if !strings.Contains(string(out), `"product":"prod_X"`) || !strings.Contains(string(out), `"up_to":null`) {
		t.Errorf("encoding %s: want product as its id and the last up_to null", out)
	}
	if !strings.Contains(string(out), `"some_future_key":{"nested":[1,2,3]}`) { // compacted by json.Marshal
		t.Errorf("encoding %s lost the unknown key or changed its raw value", out)
	}
}

func TestPrice_UnmarshalJSON_Tolerant(t *testing.T) {
	tests := []struct {
		name, reason, in string
		check            func(Price) bool
	}{
		{"unknown currency", "Validate rejects it, decoding must not", `{"object":"price","currency":"currency"}`, func(p Price) bool { return p.Currency == "currency" }},
		{"unknown enum", "Stripe may add enum values", `{"billing_scheme":"per_gram","type":"subscription","tax_behavior":"maybe"}`, func(p Price) bool {
			return p.BillingScheme == "per_gram" && p.Type == "subscription" && p.TaxBehavior == "maybe"
		}},
		{"unknown keys", "newer API versions add keys; they are kept", `{"id":"price_1","transfer_lookup_key":null,"x":{"y":[]}}`, func(p Price) bool { return p.ID == "price_1" }},
		{"metadata null", "nil, written back as null", `{"metadata":null}`, func(p Price) bool { return p.Metadata == nil }},
		{"metadata empty", "empty map, written back as {}", `{"metadata":{}}`, func(p Price) bool { return p.Metadata != nil && len(p.Metadata) == 0 }},
		{"up_to inf", "create parameters write inf", `{"tiers":[{"up_to":"inf","flat_amount":1}]}`, func(p Price) bool { return len(p.Tiers) == 1 && p.Tiers[0].UpTo == nil }},
		{"created zero", "0 is the zero Time", `{"created":0}`, func(p Price) bool { return p.Created.IsZero() }},
		{"big decimal", "decimals keep every digit", `{"unit_amount_decimal":"123456789012345678901234.000000000001"}`, func(p Price) bool {
			return p.UnitAmountDecimal.Valid && p.UnitAmountDecimal.Decimal.String() == "123456789012345678901234.000000000001"
		}},
		{"escaped strings", "JSON escapes decode", `{"nickname":"caf\u00e9 \"x\"\n"}`, func(p Price) bool { return p.Nickname == "café \"x\"\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Price
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if !tt.check(p) {
				t.Errorf("%s: decoded %+v", tt.reason, p)
			}
			out, _ := json.Marshal(p)
			if d := jsonDiff(t, []byte(tt.in), out); d != "" {
				t.Errorf("%s: re-encoding differs %s", tt.reason, d)
			}
		})
	}
}

func TestPrice_UnmarshalJSON_Errors(t *testing.T) {
	tests := []struct {
		name, reason, in string
		field            string // FieldError.Field
		msg              string // substring of the message
	}{
		{"up_to bool", "a wrong type names the nested field", `{"tiers":[{"up_to":5},{"up_to":true}]}`, "tiers[1].up_to", "pricing: price: tiers[1].up_to: want an integer, null or \"inf\", got a boolean"},
		{"id in message", "the id, when read before the problem, is in the message", `{"id":"price_9","unit_amount":"1"}`, "unit_amount", "pricing: price price_9: unit_amount: want an integer, got a string"},
		{"up_to other string", "only \"inf\" is a string up_to", `{"tiers":[{"up_to":"10"}]}`, "tiers[0].up_to", `got the string "10"`},
		{"unit_amount string", "amounts are integers", `{"unit_amount":"100"}`, "unit_amount", "want an integer, got a string"},
		{"unit_amount fraction", "amounts are integers", `{"unit_amount":1.5}`, "unit_amount", `want an integer, got "1.5"`},
		{"unit_amount too big", "int64 range", `{"unit_amount":9223372036854775808}`, "unit_amount", "out of the int64 range"},
		{"decimal bool", "decimals are strings (or numbers)", `{"unit_amount_decimal":true}`, "unit_amount_decimal", "want a decimal string"},
		{"decimal garbage", "must parse", `{"unit_amount_decimal":"1.2.3"}`, "unit_amount_decimal", "not a decimal number"},
		{"decimal huge exponent", "refused instead of expanded", `{"unit_amount_decimal":"1e70"}`, "unit_amount_decimal", "out of range"},
		{"created string", "unix seconds", `{"created":"2023-01-01"}`, "created", "want an integer"},
		{"active string", "booleans", `{"active":"yes"}`, "active", "want a boolean"},
		{"metadata value number", "metadata values are strings", `{"metadata":{"n":1}}`, "metadata.n", "want a string"},
		{"recurring array", "objects", `{"recurring":[]}`, "recurring", "want an object or null"},
		{"interval_count string", "nested path", `{"recurring":{"interval_count":"1"}}`, "recurring.interval_count", "want an integer"},
		{"divide_by float", "nested path", `{"transform_quantity":{"divide_by":2.5,"round":"up"}}`, "transform_quantity.divide_by", "want an integer"},
		{"option tier", "currency option paths", `{"currency_options":{"eur":{"tiers":[{"unit_amount":"x"}]}}}`, "currency_options.eur.tiers[0].unit_amount", "want an integer"},
		{"tier null", "a tier is an object", `{"tiers":[null]}`, "tiers[0]", "want an object"},
		{"custom preset", "custom_unit_amount path", `{"custom_unit_amount":{"preset":true}}`, "custom_unit_amount.preset", "want an integer"},
		{"wrong object", "a plan is not a price", `{"object":"plan"}`, "object", `want "price", got "plan"`},
		{"deleted", "deleted objects carry no price", `{"deleted":true,"id":"price_1","object":"price"}`, "deleted", "deleted price"},
		{"not an object", "top level", `[1,2]`, "", "want an object or null, got an array"},
		{"product number", "product is an id or object", `{"product":5}`, "product", "want a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Price
			err := json.Unmarshal([]byte(tt.in), &p)
			assertFieldError(t, err, ErrInvalidJSON, "price", tt.field)
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s: message %q lacks %q", tt.reason, err, tt.msg)
			}
		})
	}
}

func TestPlan_UnmarshalJSON_Errors(t *testing.T) {
	var p Plan
	err := json.Unmarshal([]byte(`{"object":"plan","tiers":[{"up_to":1},{"up_to":{}}]}`), &p)
	assertFieldError(t, err, ErrInvalidJSON, "plan", "tiers[1].up_to")
	if want := "pricing: plan: tiers[1].up_to: want an integer, null or \"inf\", got an object"; err == nil || err.Error() != want {
		t.Errorf("message (-want +got)\n-%s\n+%v", want, err)
	}
	err = json.Unmarshal([]byte(`{"object":"price"}`), &p)
	assertFieldError(t, err, ErrInvalidJSON, "plan", "object")
	err = json.Unmarshal([]byte(`{"interval_count":true}`), &p)
	assertFieldError(t, err, ErrInvalidJSON, "plan", "interval_count")
}

func TestPrice_UnmarshalJSON_NullKeepsValue(t *testing.T) {
	p := Price{ID: "price_keep"}
	if err := json.Unmarshal([]byte("null"), &p); err != nil || p.ID != "price_keep" {
		t.Errorf("null: got %v, %+v; want no error and the value unchanged", err, p)
	}
}

func TestPrice_UnmarshalJSON_Replaces(t *testing.T) {
	one := int64(1)
	p := Price{ID: "old", UnitAmount: &one, Metadata: map[string]string{"a": "b"}}
	if err := json.Unmarshal([]byte(`{"id":"new"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != "new" || p.UnitAmount != nil || p.Metadata != nil {
		t.Errorf("decoding must replace the whole value, got %+v", p)
	}
}

// TestPrice_MarshalJSON_GoShape checks the keys a price built in Go is
// written with: the current API's shape.
func TestPrice_MarshalJSON_GoShape(t *testing.T) {
	one := int64(1000)
	tests := []struct {
		name, reason string
		v            any
		want         string
	}{
		{"price per_unit", "current API: custom_unit_amount, no aggregate_usage, no tiers unless set",
			Price{ID: "price_1", Active: true, BillingScheme: PerUnit, Created: time.Unix(1700000000, 0), Currency: "usd",
				Metadata: map[string]string{}, Product: "prod_1", Type: RecurringType, TaxBehavior: TaxUnspecified,
				Recurring:  &Recurring{Interval: Month, IntervalCount: 1, UsageType: Licensed},
				UnitAmount: &one, UnitAmountDecimal: decimal.NewNullDecimal(decimal.NewFromInt(1000))},
			`{"id":"price_1","object":"price","active":true,"billing_scheme":"per_unit","created":1700000000,"currency":"usd","custom_unit_amount":null,"livemode":false,"lookup_key":null,"metadata":{},"nickname":null,"product":"prod_1","recurring":{"interval":"month","interval_count":1,"meter":null,"trial_period_days":null,"usage_type":"licensed"},"tax_behavior":"unspecified","tiers_mode":null,"transform_quantity":null,"type":"recurring","unit_amount":1000,"unit_amount_decimal":"1000"}`},
		{"zero price", "the zero value: null for strings, 0 for created, null metadata",
			Price{},
			`{"id":null,"object":"price","active":false,"billing_scheme":null,"created":0,"currency":null,"custom_unit_amount":null,"livemode":false,"lookup_key":null,"metadata":null,"nickname":null,"product":null,"recurring":null,"tax_behavior":null,"tiers_mode":null,"transform_quantity":null,"type":null,"unit_amount":null,"unit_amount_decimal":null}`},
		{"tiers and options", "set tiers, currency_options and aggregate_usage are written",
			Price{Tiers: []Tier{{UnitAmount: &one}}, CurrencyOptions: map[Currency]CurrencyOption{"eur": {UnitAmount: &one}},
				Recurring: &Recurring{AggregateUsage: AggregateMax}},
			`{"id":null,"object":"price","active":false,"billing_scheme":null,"created":0,"currency":null,"currency_options":{"eur":{"custom_unit_amount":null,"tax_behavior":null,"unit_amount":1000,"unit_amount_decimal":null}},"custom_unit_amount":null,"livemode":false,"lookup_key":null,"metadata":null,"nickname":null,"product":null,"recurring":{"aggregate_usage":"max","interval":null,"interval_count":0,"meter":null,"trial_period_days":null,"usage_type":null},"tax_behavior":null,"tiers":[{"flat_amount":null,"flat_amount_decimal":null,"unit_amount":1000,"unit_amount_decimal":null,"up_to":null}],"tiers_mode":null,"transform_quantity":null,"type":null,"unit_amount":null,"unit_amount_decimal":null}`},
		{"plan", "current API plan: meter, no aggregate_usage",
			Plan{ID: "plan_1", Currency: "usd", Interval: Year, IntervalCount: 1, UsageType: Licensed, Amount: &one},
			`{"id":"plan_1","object":"plan","active":false,"amount":1000,"amount_decimal":null,"billing_scheme":null,"created":0,"currency":"usd","interval":"year","interval_count":1,"livemode":false,"metadata":null,"meter":null,"nickname":null,"product":null,"tiers_mode":null,"transform_usage":null,"trial_period_days":null,"usage_type":"licensed"}`},
		{"zero tier", "every tier key, null where unset",
			Tier{}, `{"flat_amount":null,"flat_amount_decimal":null,"unit_amount":null,"unit_amount_decimal":null,"up_to":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("%s (-want +got)\n-%s\n+%s", tt.reason, tt.want, got)
			}
		})
	}
}

// TestPrice_JSONStringsProp: any Go string in a string field or a metadata
// key or value is written as JSON that encoding/json reads as it reads its
// own encoding of the string (invalid UTF-8 becomes U+FFFD), and decodes to
// the same value.
func TestPrice_JSONStringsProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.SampledFrom([]rune("\"\\\x00\x01\x1f\t\r\n\u2028\u2029<>&é日\ufffd")))).Draw(t, "s")
		if rapid.Bool().Draw(t, "invalid utf8") {
			s += "\xff"
		}
		p := Price{Nickname: s, Metadata: map[string]string{s: s}}
		out, _ := json.Marshal(p)
		var generic struct {
			Nickname string            `json:"nickname"`
			Metadata map[string]string `json:"metadata"`
		}
		if err := json.Unmarshal(out, &generic); err != nil {
			t.Fatalf("encoding %q is not JSON: %v", out, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if generic.Nickname != wantBack || generic.Metadata[wantBack] != wantBack {
			t.Fatalf("string %q reads back as %q, metadata %q; encoding/json gives %q", s, generic.Nickname, generic.Metadata, wantBack)
		}
		var q Price
		if err := json.Unmarshal(out, &q); err != nil || q.Nickname != wantBack || q.Metadata[wantBack] != wantBack {
			t.Fatalf("own decoder: %v, %q", err, q.Nickname)
		}
	})
}

func TestTier_UnmarshalJSON(t *testing.T) {
	var tier Tier
	if err := json.Unmarshal([]byte(`{"up_to":"inf","flat_amount_decimal":"1.5"}`), &tier); err != nil {
		t.Fatal(err)
	}
	if tier.UpTo != nil || !tier.FlatAmountDecimal.Valid || tier.FlatAmountDecimal.Decimal.String() != "1.5" {
		t.Errorf("decoded %+v", tier)
	}
	out, _ := json.Marshal(tier)
	if string(out) != `{"flat_amount_decimal":"1.5","up_to":null}` {
		t.Errorf("a decoded tier keeps its keys, got %s", out)
	}
	err := json.Unmarshal([]byte(`{"up_to":[]}`), &tier)
	assertFieldError(t, err, ErrInvalidJSON, "", "up_to")

	var r Recurring
	err = json.Unmarshal([]byte(`{"interval":"month","interval_count":"x"}`), &r)
	assertFieldError(t, err, ErrInvalidJSON, "", "interval_count")
	if err := json.Unmarshal([]byte(`{"interval":"week","interval_count":2,"usage_type":"licensed"}`), &r); err != nil || r.Interval != Week || r.IntervalCount != 2 {
		t.Errorf("recurring: %v %+v", err, r)
	}
	out, _ = json.Marshal(r)
	if string(out) != `{"interval":"week","interval_count":2,"usage_type":"licensed"}` {
		t.Errorf("a decoded recurring keeps its keys, got %s", out)
	}

	var o CurrencyOption
	err = json.Unmarshal([]byte(`{"tiers":[{"up_to":false}]}`), &o)
	assertFieldError(t, err, ErrInvalidJSON, "", "tiers[0].up_to")
	var tq TransformQuantity
	if err := json.Unmarshal([]byte(`{"divide_by":5,"round":"up"}`), &tq); err != nil || tq.DivideBy != 5 || tq.Round != RoundDirUp {
		t.Errorf("transform: %v %+v", err, tq)
	}
	var cu CustomUnitAmount
	if err := json.Unmarshal([]byte(`{"minimum":100,"maximum":null}`), &cu); err != nil || cu.Minimum == nil || *cu.Minimum != 100 || cu.Maximum != nil {
		t.Errorf("custom_unit_amount: %v %+v", err, cu)
	}
}

func TestPrice_UnmarshalJSON_Scanner(t *testing.T) {
	tests := []struct {
		name, reason, in string
		check            func(Price) bool
	}{
		{"whitespace", "any JSON whitespace between tokens",
			" \n\t{ \"id\" :\r\n \"price_1\" , \"tiers\" : [ { \"up_to\" : 5 , \"flat_amount\" : 1 } , { \"up_to\" : null } ] } \n",
			func(p Price) bool { return p.ID == "price_1" && len(p.Tiers) == 2 && *p.Tiers[0].UpTo == 5 }},
		{"escaped key", "keys are compared after unescaping", `{"\u0069d":"price_1"}`, func(p Price) bool { return p.ID == "price_1" }},
		{"duplicate key", "the last duplicate wins, as in encoding/json", `{"id":"a","id":"b"}`, func(p Price) bool { return p.ID == "b" }},
		{"tricky strings", "braces and quotes inside skipped strings",
			`{"x":"}]\"{[","nickname":"a\"b}","metadata":{"k}":"v]\\"},"id":"price_2"}`,
			func(p Price) bool { return p.ID == "price_2" && p.Nickname == `a"b}` && p.Metadata["k}"] == `v]\` }},
		{"nested unknown", "unknown values of any shape are skipped", `{"z":[[{"a":[1,{"b":"]"}]}],-1.5e3,true,null],"id":"price_3"}`,
			func(p Price) bool { return p.ID == "price_3" }},
		{"empty containers", "empty object and arrays", `{"metadata":{},"tiers":[],"currency_options":{}}`,
			func(p Price) bool {
				return p.Metadata != nil && p.Tiers != nil && len(p.Tiers) == 0 && p.CurrencyOptions != nil
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Price
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if !tt.check(p) {
				t.Errorf("%s: decoded %+v", tt.reason, p)
			}
			var q Price
			if err := q.UnmarshalJSON([]byte(tt.in)); err != nil || !q.Equal(p) {
				t.Errorf("%s: calling UnmarshalJSON directly gives %v, %+v", tt.reason, err, q)
			}
		})
	}
}

func TestPrice_UnmarshalJSON_Malformed(t *testing.T) {
	// Called directly, UnmarshalJSON must check the syntax itself.
	for _, in := range []string{``, `{`, `{"id":}`, `{"id":"x",}`, `{"id" "x"}`, `[`, `{"tiers":[{]}`, `{"a":"\x01"}`, `nul`} {
		var p Price
		err := p.UnmarshalJSON([]byte(in))
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("UnmarshalJSON(%q) = %v, want a *FieldError wrapping ErrInvalidJSON", in, err)
		}
		var l Plan
		if err := l.UnmarshalJSON([]byte(in)); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("Plan.UnmarshalJSON(%q) = %v, want ErrInvalidJSON", in, err)
		}
		var tier Tier
		if err := tier.UnmarshalJSON([]byte(in)); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("Tier.UnmarshalJSON(%q) = %v, want ErrInvalidJSON", in, err)
		}
	}
}

// jsonValue draws a random JSON value text, nested up to depth.
func jsonValue(t *rapid.T, depth int) string {
	kinds := 6
	if depth <= 0 {
		kinds = 4
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return rapid.SampledFrom([]string{"null", "true", "false"}).Draw(t, "literal")
	case 1:
		return rapid.SampledFrom([]string{"0", "-1", "12345678901234567890", "1.5e-3", "-0.0"}).Draw(t, "number")
	case 2:
		b, _ := json.Marshal(rapid.String().Draw(t, "string"))
		return string(b)
	case 3:
		return rapid.SampledFrom([]string{`"a\"b"`, `"\\"`, `"}]{["`, `"\u00e9"`, `""`}).Draw(t, "tricky")
	case 4:
		n := rapid.IntRange(0, 3).Draw(t, "len")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = jsonValue(t, depth-1)
		}
		return "[" + strings.Join(parts, rapid.SampledFrom([]string{",", " , ", ",\n"}).Draw(t, "sep")) + "]"
	}
	return jsonObject(t, depth-1)
}

// jsonObject draws a random JSON object text with random spacing, escaped
// keys and duplicate keys.
func jsonObject(t *rapid.T, depth int) string {
	n := rapid.IntRange(0, 5).Draw(t, "members")
	parts := make([]string, n)
	for i := range parts {
		key := rapid.SampledFrom([]string{"idx", "a", "é", "x y", `q"k`}).Draw(t, "key")
		kb, _ := json.Marshal(key)
		if key == "idx" && rapid.Bool().Draw(t, "escape_key") {
			kb = []byte(`"\u0069dx"`)
		}
		ws := rapid.SampledFrom([]string{"", " ", "\n\t"}).Draw(t, "ws")
		parts[i] = ws + string(kb) + ws + ":" + ws + jsonValue(t, depth) + ws
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// TestPrice_UnknownMembers_ReferenceProp compares the decoder's scanner
// with encoding/json's own object decoding (the obviously right
// reference): a price made only of unknown members of any shape, with odd
// spacing, escaped and duplicate keys, re-encodes to the JSON value
// encoding/json reads from the input (the last duplicate winning).
func TestPrice_UnknownMembers_ReferenceProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obj := []byte(jsonObject(t, 3))
		var want map[string]json.RawMessage
		if err := json.Unmarshal(obj, &want); err != nil {
			t.Fatalf("generated invalid JSON %s: %v", obj, err)
		}
		var p Price
		if err := json.Unmarshal(obj, &p); err != nil {
			t.Fatalf("decode %s: %v", obj, err)
		}
		out, _ := json.Marshal(p)
		wantJSON, _ := json.Marshal(want)
		if eq, err := wiretest.Equal(wantJSON, out); err != nil || !eq {
			t.Fatalf("in %s: encoding/json reads %s, the price encodes %s (%v)", obj, wantJSON, out, err)
		}
	})
}

// TestPrice_MarshalJSON_DecodedThenSet: a decoded price keeps its keys, and
// a key absent from the input is written once the field holds a value.
func TestPrice_MarshalJSON_DecodedThenSet(t *testing.T) {
	in := `{"id":"price_1","object":"price","recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"},"unit_amount":5}`
	var p Price
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(p)
	if d := jsonDiff(t, []byte(in), out); d != "" {
		t.Fatalf("unchanged price %s", d)
	}
	p.Nickname = "set"
	p.Tiers = []Tier{{FlatAmount: i64(1)}}
	p.Recurring.AggregateUsage = AggregateSum
	p.UnitAmount = nil // the key stays, now null
	out, _ = json.Marshal(p)
	want := `{"id":"price_1","object":"price","nickname":"set","recurring":{"aggregate_usage":"sum","interval":"month","interval_count":1,"usage_type":"licensed"},"tiers":[{"flat_amount":1,"flat_amount_decimal":null,"unit_amount":null,"unit_amount_decimal":null,"up_to":null}],"unit_amount":null}`
	if d := jsonDiff(t, []byte(want), out); d != "" {
		t.Errorf("after setting fields %s", d)
	}
}

// Invalid UTF-8 in an object key (metadata, currency_options) becomes
// U+FFFD on decoding, as it does in string values and in encoding/json, so
// that decoding is stable: decode -> encode -> decode gives an Equal value.
func TestPrice_UnmarshalJSON_invalidUTF8Keys(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		check        func(Price) string // "" when the decoded price is right
	}{
		{"metadata key", "the key's bad byte becomes U+FFFD",
			"{\"object\":\"price\",\"metadata\":{\"a\xffb\":\"v\"}}",
			func(p Price) string {
				if _, ok := p.Metadata["a\uFFFDb"]; !ok || len(p.Metadata) != 1 {
					return fmt.Sprintf("metadata %q, want key %q", p.Metadata, "a\uFFFDb")
				}
				return ""
			}},
		{"metadata value", "values were already replaced",
			"{\"object\":\"price\",\"metadata\":{\"k\":\"x\xff\"}}",
			func(p Price) string {
				if p.Metadata["k"] != "x\uFFFD" {
					return fmt.Sprintf("metadata %q, want value %q", p.Metadata, "x\uFFFD")
				}
				return ""
			}},
		{"currency_options key", "an option key is a map key too",
			"{\"object\":\"price\",\"currency_options\":{\"e\xffr\":{\"unit_amount\":1}}}",
			func(p Price) string {
				if _, ok := p.CurrencyOptions["e\uFFFDr"]; !ok || len(p.CurrencyOptions) != 1 {
					return fmt.Sprintf("currency_options keys %v, want %q", p.CurrencyOptions, "e\uFFFDr")
				}
				return ""
			}},
		{"valid non-ASCII key", "kept as is",
			`{"object":"price","metadata":{"clé":"v"}}`,
			func(p Price) string {
				if p.Metadata["clé"] != "v" {
					return fmt.Sprintf("metadata %q, want key %q", p.Metadata, "clé")
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p, q Price
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if msg := tt.check(p); msg != "" {
				t.Errorf("%s (%s): %s", tt.name, tt.reason, msg)
			}
			b, _ := json.Marshal(p)
			if err := json.Unmarshal(b, &q); err != nil {
				t.Fatalf("own encoding %s: %v", b, err)
			}
			if !p.Equal(q) {
				t.Errorf("%s: decode(encode(p)) is not Equal to p (-want +got):\n-%+v\n+%+v", tt.name, p, q)
			}
		})
	}
}

// TestKeyTables checks that the key index constants name the keys of their
// tables, in order (json.go).
func TestKeyTables(t *testing.T) {
	tables := []struct {
		name  string
		keys  *stripejson.Keys
		index map[int]string
	}{
		{"price", priceKeys, map[int]string{pkID: "id", pkObject: "object", pkActive: "active", pkBillingScheme: "billing_scheme",
			pkCreated: "created", pkCurrency: "currency", pkCurrencyOptions: "currency_options", pkCustomUnitAmount: "custom_unit_amount",
			pkLivemode: "livemode", pkLookupKey: "lookup_key", pkMetadata: "metadata", pkNickname: "nickname", pkProduct: "product",
			pkRecurring: "recurring", pkTaxBehavior: "tax_behavior", pkTiers: "tiers", pkTiersMode: "tiers_mode",
			pkTransformQuantity: "transform_quantity", pkType: "type", pkUnitAmount: "unit_amount",
			pkUnitAmountDecimal: "unit_amount_decimal", pkDeleted: "deleted"}},
		{"plan", planKeys, map[int]string{lkID: "id", lkObject: "object", lkActive: "active", lkAggregateUsage: "aggregate_usage",
			lkAmount: "amount", lkAmountDecimal: "amount_decimal", lkBillingScheme: "billing_scheme", lkCreated: "created",
			lkCurrency: "currency", lkInterval: "interval", lkIntervalCount: "interval_count", lkLivemode: "livemode",
			lkMetadata: "metadata", lkMeter: "meter", lkNickname: "nickname", lkProduct: "product", lkTiers: "tiers",
			lkTiersMode: "tiers_mode", lkTransformUsage: "transform_usage", lkTrialPeriodDays: "trial_period_days",
			lkUsageType: "usage_type", lkDeleted: "deleted"}},
		{"recurring", recurringKeys, map[int]string{rkAggregateUsage: "aggregate_usage", rkInterval: "interval",
			rkIntervalCount: "interval_count", rkMeter: "meter", rkTrialPeriodDays: "trial_period_days", rkUsageType: "usage_type"}},
		{"tier", tierKeys, map[int]string{tkFlatAmount: "flat_amount", tkFlatAmountDecimal: "flat_amount_decimal",
			tkUnitAmount: "unit_amount", tkUnitAmountDecimal: "unit_amount_decimal", tkUpTo: "up_to"}},
		{"transform_quantity", transformKeys, map[int]string{xkDivideBy: "divide_by", xkRound: "round"}},
		{"custom_unit_amount", customKeys, map[int]string{ckMaximum: "maximum", ckMinimum: "minimum", ckPreset: "preset"}},
		{"currency_option", optionKeys, map[int]string{okCustomUnitAmount: "custom_unit_amount", okTaxBehavior: "tax_behavior",
			okTiers: "tiers", okUnitAmount: "unit_amount", okUnitAmountDecimal: "unit_amount_decimal"}},
	}
	for _, tt := range tables {
		if tt.keys.Len() != len(tt.index) {
			t.Errorf("%s: table has %d keys, constants name %d", tt.name, tt.keys.Len(), len(tt.index))
			continue
		}
		for i, want := range tt.index {
			if got := tt.keys.Name(i); got != want {
				t.Errorf("%s: key %d is %q, want %q", tt.name, i, got, want)
			}
		}
	}
	// The plan <-> price maps pair keys of the same meaning.
	for j := range planToPriceFrom {
		pl, pr := planKeys.Name(planToPriceFrom[j]), priceKeys.Name(planToPriceTo[j])
		if pl != pr && !(pl == "amount" && pr == "unit_amount") && !(pl == "amount_decimal" && pr == "unit_amount_decimal") &&
			!(pl == "transform_usage" && pr == "transform_quantity") {
			t.Errorf("plan key %q maps to price key %q", pl, pr)
		}
	}
	for j := range planToRecurringFrom {
		if pl, r := planKeys.Name(planToRecurringFrom[j]), recurringKeys.Name(planToRecurringTo[j]); pl != r {
			t.Errorf("plan key %q maps to recurring key %q", pl, r)
		}
	}
}

// TestUnmarshalJSON_CaseVariantKeys: keys match Stripe's exact case only.
// A key equal to a modelled key but for case is refused, at every level,
// with a *FieldError naming it, so it can neither override the real key
// nor reach a reader that matches keys case-insensitively. Case-variants of
// free keys (metadata, currency codes) and of unknown keys are not
// modelled keys and stay.
func TestUnmarshalJSON_CaseVariantKeys(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		plan         bool
		field        string // the refused key's path
	}{
		{"top level", "a variant of id", `{"ID":"x"}`, false, "ID"},
		{"override", "a variant after the real key cannot override it", `{"unit_amount":1000,"UNIT_AMOUNT":5}`, false, "UNIT_AMOUNT"},
		{"mixed case", "any mix of case", `{"currency":"usd","Currency":"eur"}`, false, "Currency"},
		{"recurring", "nested object", `{"recurring":{"interval":"month","Interval":"year"}}`, false, "recurring.Interval"},
		{"tier", "inside a list", `{"tiers":[{"up_to":5},{"UP_TO":10}]}`, false, "tiers[1].UP_TO"},
		{"transform", "transform_quantity", `{"transform_quantity":{"Divide_By":2}}`, false, "transform_quantity.Divide_By"},
		{"custom", "custom_unit_amount", `{"custom_unit_amount":{"Preset":2}}`, false, "custom_unit_amount.Preset"},
		{"option", "a currency option's key", `{"currency_options":{"eur":{"Unit_Amount":5}}}`, false, "currency_options.eur.Unit_Amount"},
		{"option tier", "a currency option's tier", `{"currency_options":{"eur":{"tiers":[{"Flat_Amount":1}]}}}`, false, "currency_options.eur.tiers[0].Flat_Amount"},
		{"object", "a variant of object", `{"Object":"plan"}`, false, "Object"},
		{"plan", "a plan's key", `{"amount":1200,"AMOUNT":1}`, true, "AMOUNT"},
		{"plan transform", "plan.transform_usage", `{"transform_usage":{"ROUND":"up"}}`, true, "transform_usage.ROUND"},
		{"plan deleted", "a variant of deleted is no way round the deleted check", `{"Deleted":true}`, true, "Deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			object := "price"
			if tt.plan {
				object = "plan"
				var p Plan
				err = json.Unmarshal([]byte(tt.in), &p)
			} else {
				var p Price
				err = json.Unmarshal([]byte(tt.in), &p)
			}
			assertFieldError(t, err, ErrInvalidJSON, object, tt.field)
			if err != nil && !strings.Contains(err.Error(), "case-sensitive") {
				t.Errorf("%s: message %q does not say keys are case-sensitive", tt.reason, err)
			}
		})
	}

	// Free keys and unknown keys are not modelled: their case is their own.
	in := `{"metadata":{"Order_ID":"1","order_id":"2"},"currency_options":{"EUR":{"unit_amount":1}},"x_key":1,"X_KEY":2}`
	var p Price
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatalf("free and unknown keys: %v", err)
	}
	if len(p.Metadata) != 2 || len(p.CurrencyOptions) != 1 {
		t.Errorf("decoded metadata %v, options %v", p.Metadata, p.CurrencyOptions)
	}
	out, _ := json.Marshal(p)
	if d := jsonDiff(t, []byte(in), out); d != "" {
		t.Errorf("re-encoding %s", d)
	}

	// A nested value decoded alone refuses them too.
	var tier Tier
	assertFieldError(t, json.Unmarshal([]byte(`{"Up_To":1}`), &tier), ErrInvalidJSON, "", "Up_To")
}

// TestUnmarshalJSON_StripeGoShapes: what stripe-go's json.Marshal writes
// for Stripe's nulls (package doc, "JSON") reads as the null it stands for.
func TestUnmarshalJSON_StripeGoShapes(t *testing.T) {
	tests := []struct {
		name, reason, in string
		check            func(Price) string // "" when right
	}{
		{"last up_to 0", "stripe-go writes a nil up_to as 0",
			`{"tiers":[{"up_to":10,"unit_amount":5},{"up_to":0,"unit_amount":4}]}`,
			func(p Price) string {
				if p.Tiers[1].UpTo != nil || *p.Tiers[0].UpTo != 10 {
					return "the last tier must be unbounded, the first keep 10"
				}
				return ""
			}},
		{"single up_to 0", "a single tier is the last",
			`{"tiers":[{"up_to":0,"flat_amount":5}]}`,
			func(p Price) string { return okIf(p.Tiers[0].UpTo == nil, "up_to %v, want nil", p.Tiers[0].UpTo) }},
		{"inner up_to 0", "only the last tier: elsewhere 0 stays 0",
			`{"tiers":[{"up_to":0,"unit_amount":5},{"up_to":null,"unit_amount":4}]}`,
			func(p Price) string {
				return okIf(p.Tiers[0].UpTo != nil && *p.Tiers[0].UpTo == 0, "first up_to %v, want 0", p.Tiers[0].UpTo)
			}},
		{"option tiers up_to 0", "currency options' tiers too",
			`{"currency_options":{"eur":{"tiers":[{"up_to":3,"unit_amount":1},{"up_to":0,"unit_amount":1}]}}}`,
			func(p Price) string {
				ts := p.CurrencyOptions["eur"].Tiers
				return okIf(len(ts) == 2 && ts[1].UpTo == nil, "option tiers %+v", ts)
			}},
		{"unit_amount 0 beside decimal", "stripe-go writes a nil unit_amount as 0",
			`{"unit_amount":0,"unit_amount_decimal":"1000.5"}`,
			func(p Price) string {
				return okIf(p.UnitAmount == nil && p.UnitAmountDecimal.Decimal.String() == "1000.5", "unit_amount %v", p.UnitAmount)
			}},
		{"unit_amount 0 beside zero decimal", "a free price is 0 and 0",
			`{"unit_amount":0,"unit_amount_decimal":"0"}`,
			func(p Price) string {
				return okIf(p.UnitAmount != nil && *p.UnitAmount == 0, "unit_amount %v, want 0", p.UnitAmount)
			}},
		{"unit_amount 0 alone", "no decimal: 0 is 0",
			`{"unit_amount":0,"unit_amount_decimal":null}`,
			func(p Price) string {
				return okIf(p.UnitAmount != nil && *p.UnitAmount == 0, "unit_amount %v, want 0", p.UnitAmount)
			}},
		{"tier amounts 0 beside decimals", "tier unit and flat amounts",
			`{"tiers":[{"up_to":null,"unit_amount":0,"unit_amount_decimal":"0.5","flat_amount":0,"flat_amount_decimal":"150"}]}`,
			func(p Price) string {
				t := p.Tiers[0]
				return okIf(t.UnitAmount == nil && t.FlatAmount == nil, "tier unit %v flat %v, want nil", t.UnitAmount, t.FlatAmount)
			}},
		{"tier flat 0 beside zero decimal", "0 beside \"0\" stays",
			`{"tiers":[{"up_to":null,"unit_amount":7,"unit_amount_decimal":"7","flat_amount":0,"flat_amount_decimal":"0"}]}`,
			func(p Price) string {
				return okIf(p.Tiers[0].FlatAmount != nil && *p.Tiers[0].FlatAmount == 0, "flat %v, want 0", p.Tiers[0].FlatAmount)
			}},
		{"option unit_amount 0 beside decimal", "currency options",
			`{"currency_options":{"eur":{"unit_amount":0,"unit_amount_decimal":"850.25"}}}`,
			func(p Price) string {
				return okIf(p.CurrencyOptions["eur"].UnitAmount == nil, "option unit_amount %v, want nil", p.CurrencyOptions["eur"].UnitAmount)
			}},
		{"created 0", "stripe-go writes a zero time as 0",
			`{"created":0}`,
			func(p Price) string { return okIf(p.Created.IsZero(), "created %v, want the zero time", p.Created) }},
		{"empty strings", "stripe-go writes null strings as \"\"",
			`{"nickname":"","lookup_key":"","tiers_mode":"","tax_behavior":"","recurring":{"interval":"month","meter":""}}`,
			func(p Price) string {
				return okIf(p.Nickname == "" && p.LookupKey == "" && p.TiersMode == "" && p.Recurring.Meter == "", "%+v", p)
			}},
		{"decimal 0 beside unit_amount", "stripe-go writes a nil decimal as \"0\"; a Stripe object's twins agree",
			`{"unit_amount":1000,"unit_amount_decimal":"0"}`,
			func(p Price) string {
				return okIf(!p.UnitAmountDecimal.Valid && *p.UnitAmount == 1000, "decimal %v, want null", p.UnitAmountDecimal)
			}},
		{"tier decimals 0 beside amounts", "tier unit and flat amounts",
			`{"tiers":[{"up_to":null,"unit_amount":5,"unit_amount_decimal":"0","flat_amount":700,"flat_amount_decimal":"0"}]}`,
			func(p Price) string {
				t := p.Tiers[0]
				return okIf(!t.UnitAmountDecimal.Valid && !t.FlatAmountDecimal.Valid, "tier decimals %v %v, want null", t.UnitAmountDecimal, t.FlatAmountDecimal)
			}},
		{"option decimal 0 beside unit_amount", "currency options",
			`{"currency_options":{"eur":{"unit_amount":900,"unit_amount_decimal":"0"}}}`,
			func(p Price) string {
				return okIf(!p.CurrencyOptions["eur"].UnitAmountDecimal.Valid, "option decimal %v, want null", p.CurrencyOptions["eur"].UnitAmountDecimal)
			}},
		{"tiered zero unit amount", "a tiered price has no unit amount: 0 and \"0\" are stripe-go's nulls",
			`{"billing_scheme":"tiered","unit_amount":0,"unit_amount_decimal":"0","currency_options":{"eur":{"unit_amount":0,"unit_amount_decimal":"0","tiers":[{"up_to":0,"flat_amount":1}]}}}`,
			func(p Price) string {
				o := p.CurrencyOptions["eur"]
				return okIf(p.UnitAmount == nil && !p.UnitAmountDecimal.Valid && o.UnitAmount == nil && !o.UnitAmountDecimal.Valid,
					"unit amounts %v %v, option %v %v; want null", p.UnitAmount, p.UnitAmountDecimal, o.UnitAmount, o.UnitAmountDecimal)
			}},
		{"custom zero unit amount", "pay what you want has no unit amount: 0 and \"0\" are stripe-go's nulls",
			`{"custom_unit_amount":{"maximum":10000,"minimum":100,"preset":500},"unit_amount":0,"unit_amount_decimal":"0","currency_options":{"eur":{"custom_unit_amount":{"preset":400},"unit_amount":0}}}`,
			func(p Price) string {
				o := p.CurrencyOptions["eur"]
				return okIf(p.UnitAmount == nil && !p.UnitAmountDecimal.Valid && o.UnitAmount == nil,
					"unit amounts %v %v, option %v; want null", p.UnitAmount, p.UnitAmountDecimal, o.UnitAmount)
			}},
		{"free per_unit", "a per-unit price's 0 and \"0\" are a free price",
			`{"billing_scheme":"per_unit","unit_amount":0,"unit_amount_decimal":"0"}`,
			func(p Price) string {
				return okIf(p.UnitAmount != nil && p.UnitAmountDecimal.Valid, "unit amounts %v %v, want 0 and 0", p.UnitAmount, p.UnitAmountDecimal)
			}},
		{"deleted false", "stripe-go writes deleted: false",
			`{"deleted":false,"id":"price_1"}`,
			func(p Price) string { return okIf(p.ID == "price_1", "id %q", p.ID) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Price
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if msg := tt.check(p); msg != "" {
				t.Errorf("%s: %s", tt.reason, msg)
			}
			// Decoding the encoding gives the same price (the reading is
			// stable), with the same keys.
			out, _ := json.Marshal(p)
			var q Price
			if err := json.Unmarshal(out, &q); err != nil || !q.Equal(p) {
				t.Errorf("%s: decode(encode) = %v, %+v; want %+v", tt.reason, err, q, p)
			}
			if got, want := keysOf(t, out), keysOf(t, []byte(tt.in)); got != want {
				t.Errorf("%s: keys (-want +got)\n-%s\n+%s", tt.reason, want, got)
			}
		})
	}

	// An inner up_to 0 stays 0, and Validate refuses it.
	var p Price
	if err := json.Unmarshal([]byte(`{"currency":"usd","billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"up_to":0,"unit_amount":5},{"up_to":0,"unit_amount":4}]}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Tiers[1].UpTo != nil {
		t.Errorf("the last up_to 0 must read as unbounded")
	}
	if fields := fieldsOf(t, p.Validate(), "price"); strings.Join(fields, ",") != "tiers[0].up_to" {
		t.Errorf("Validate of an inner up_to 0: problems %v, want tiers[0].up_to", fields)
	}

	// A plan's amount 0 beside a non-zero amount_decimal is null too, and
	// so is its amount_decimal "0" beside a non-zero amount, and both 0 on
	// a tiered plan.
	for _, tt := range []struct{ in, want string }{
		{`{"amount":0,"amount_decimal":"1200.5","tiers":[{"up_to":0,"unit_amount":1}]}`, "<nil> 1200.5 true"},
		{`{"amount":1200,"amount_decimal":"0"}`, "1200 0 false"},
		{`{"billing_scheme":"tiered","amount":0,"amount_decimal":"0"}`, "<nil> 0 false"},
		{`{"billing_scheme":"per_unit","amount":0,"amount_decimal":"0"}`, "0 0 true"},
	} {
		var l Plan
		if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
			t.Fatal(err)
		}
		amount := "<nil>"
		if l.Amount != nil {
			amount = fmt.Sprint(*l.Amount)
		}
		if got := fmt.Sprintf("%s %s %v", amount, l.AmountDecimal.Decimal, l.AmountDecimal.Valid); got != tt.want {
			t.Errorf("plan %s: amount, amount_decimal, valid = %s, want %s", tt.in, got, tt.want)
		}
		if l.Tiers != nil && l.Tiers[0].UpTo != nil {
			t.Errorf("plan %s: the last up_to 0 must read as unbounded", tt.in)
		}
	}

	// The pay-what-you-want price from stripe-go asks for the customer's
	// amount instead of pricing at 0.
	var c Price
	if err := json.Unmarshal([]byte(`{"currency":"usd","type":"one_time","custom_unit_amount":{"maximum":10000,"minimum":100,"preset":500},"unit_amount":0,"unit_amount_decimal":"0"}`), &c); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Amount(1); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("Amount(1) of a pay-what-you-want price from stripe-go = %d, %v; want ErrInvalidOptions", got, err)
	}
	if got, err := c.AmountWith(1, AmountOptions{CustomAmount: i64(700)}); err != nil || got != 700 {
		t.Errorf("AmountWith(1, custom 700) = %d, %v; want 700", got, err)
	}
}

func okIf(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// keysOf lists the keys of every object in doc, by path, sorted.
func keysOf(t testing.TB, doc []byte) string {
	t.Helper()
	var keys []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys = append(keys, path+"."+k)
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("", parseJSON(t, doc))
	sort.Strings(keys)
	return strings.Join(keys, " ")
}

// A stripe-go price (json.Marshal of stripe.Price: zeros for nulls, ""
// for null strings, deleted false, the expanded product) prices like the
// Stripe object it came from.
func TestPrice_StripeGoTieredAmounts(t *testing.T) {
	stripeJSON := `{"id":"price_1","object":"price","active":true,"billing_scheme":"tiered","created":1679431181,"currency":"usd",
	  "custom_unit_amount":null,"livemode":false,"lookup_key":null,"metadata":{},"nickname":null,"product":"prod_1",
	  "recurring":{"interval":"month","interval_count":1,"meter":null,"trial_period_days":null,"usage_type":"licensed"},
	  "tax_behavior":"unspecified","tiers_mode":"graduated","transform_quantity":null,"type":"recurring","unit_amount":null,"unit_amount_decimal":null,
	  "tiers":[{"flat_amount":null,"flat_amount_decimal":null,"unit_amount":null,"unit_amount_decimal":"0.5","up_to":10},
	           {"flat_amount":200,"flat_amount_decimal":"200","unit_amount":400,"unit_amount_decimal":"400","up_to":null}]}`
	stripeGoJSON := `{"id":"price_1","object":"price","active":true,"billing_scheme":"tiered","created":1679431181,"currency":"usd",
	  "currency_options":null,"custom_unit_amount":null,"deleted":false,"livemode":false,"lookup_key":"","metadata":{},"nickname":"",
	  "product":{"id":"prod_1","object":"product","active":false,"created":0,"deleted":false,"name":""},
	  "recurring":{"interval":"month","interval_count":1,"meter":"","trial_period_days":0,"usage_type":"licensed"},
	  "tax_behavior":"unspecified","tiers_mode":"graduated","transform_quantity":null,"type":"recurring","unit_amount":0,"unit_amount_decimal":"0",
	  "tiers":[{"flat_amount":0,"flat_amount_decimal":"0","unit_amount":0,"unit_amount_decimal":"0.5","up_to":10},
	           {"flat_amount":200,"flat_amount_decimal":"200","unit_amount":400,"unit_amount_decimal":"400","up_to":0}]}`
	var want, got Price
	if err := json.Unmarshal([]byte(stripeJSON), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(stripeGoJSON), &got); err != nil {
		t.Fatal(err)
	}
	if got.Product != "prod_1" || got.Tiers[0].UnitAmount != nil || got.Tiers[1].UpTo != nil || got.UnitAmount != nil {
		t.Errorf("stripe-go price decoded as %#v", got)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("the stripe-go price does not validate: %v", err)
	}
	for _, q := range []int64{0, 1, 3, 10, 11, 100} {
		w, werr := want.Amount(q)
		g, gerr := got.Amount(q)
		if w != g || (werr == nil) != (gerr == nil) {
			t.Errorf("Amount(%d): Stripe's JSON %d, %v; stripe-go's %d, %v", q, w, werr, g, gerr)
		}
	}
}

// TestUnmarshalJSON_TimeOutOfRange: Stripe never sends a timestamp outside
// the years 1970 to 9999; such a created is an error naming the field, not
// a silent value.
func TestUnmarshalJSON_TimeOutOfRange(t *testing.T) {
	for _, v := range []string{"-62135596800", "-1", "253402300800", "9223372036854775807", "-9223372036854775808"} {
		t.Run(v, func(t *testing.T) {
			var p Price
			err := json.Unmarshal([]byte(`{"id":"price_1","created":`+v+`}`), &p)
			assertFieldError(t, err, ErrInvalidJSON, "price", "created")
			if err != nil && !strings.Contains(err.Error(), "pricing: price price_1: created: unix time "+v) {
				t.Errorf("message %q", err)
			}
			var l Plan
			assertFieldError(t, json.Unmarshal([]byte(`{"created":`+v+`}`), &l), ErrInvalidJSON, "plan", "created")
		})
	}
	for _, v := range []string{"1", "253402300799"} {
		var p Price
		if err := json.Unmarshal([]byte(`{"created":`+v+`}`), &p); err != nil {
			t.Errorf("created %s is within range: %v", v, err)
		}
		out, _ := json.Marshal(p)
		if !strings.Contains(string(out), `"created":`+v) {
			t.Errorf("created %s re-encodes as %s", v, out)
		}
	}
}

// TestPrice_MarshalJSON_KeepsExactlyItsKeys: a decoded price, re-encoded,
// has exactly the keys it had, at every level, whatever API version they
// come from; a field set since adds its key and no other.
func TestPrice_MarshalJSON_KeepsExactlyItsKeys(t *testing.T) {
	for _, in := range []string{
		// 2022-era: no custom_unit_amount, meter or tiers; aggregate_usage.
		`{"id":"price_1","object":"price","active":true,"billing_scheme":"per_unit","created":1589897226,"currency":"usd","livemode":false,"lookup_key":null,"metadata":{},"nickname":null,"product":"prod_1","recurring":{"aggregate_usage":null,"interval":"month","interval_count":1,"trial_period_days":null,"usage_type":"licensed"},"tax_behavior":"unspecified","tiers_mode":null,"transform_quantity":null,"type":"recurring","unit_amount":999,"unit_amount_decimal":"999"}`,
		// A sparse object: a webhook's partial view, tiers with two keys.
		`{"id":"price_2","tiers":[{"up_to":5,"unit_amount":1},{"up_to":null,"flat_amount":2}],"x_new":{"a":[1]}}`,
		// Expanded currency options, unknown keys inside.
		`{"id":"price_3","currency_options":{"eur":{"unit_amount":1,"x_o":true},"usd":{"tiers":[{"up_to":null,"unit_amount":2,"x_t":null}]}},"custom_unit_amount":{"preset":5,"x_c":"c"},"transform_quantity":{"divide_by":2,"x_q":0}}`,
	} {
		var p Price
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(p)
		if got, want := keysOf(t, out), keysOf(t, []byte(in)); got != want {
			t.Errorf("keys (-want +got)\n-%s\n+%s", want, got)
		}
		if d := jsonDiff(t, []byte(in), out); d != "" {
			t.Errorf("values %s", d)
		}
		p.Nickname = "set"
		out, _ = json.Marshal(p)
		want := keysOf(t, []byte(in))
		if !strings.Contains(in, `"nickname"`) {
			want = keysOf(t, []byte(strings.Replace(in, `{"id"`, `{"nickname":1,"id"`, 1)))
		}
		if got := keysOf(t, out); got != want {
			t.Errorf("after setting nickname, keys (-want +got)\n-%s\n+%s", want, got)
		}
	}
}
