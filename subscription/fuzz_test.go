package subscription_test

import (
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/subscription"
	"pgregory.net/rapid"
)

// wireFuzzValue draws an arbitrary JSON value, biased to what breaks
// decoders: wrong types, huge and negative numbers, nulls, unknown enums,
// keys the package models.
func wireFuzzValue(depth int) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		k := rapid.IntRange(0, 9).Draw(t, "kind")
		if depth <= 0 && k >= 8 {
			k = 0
		}
		switch k {
		case 0:
			return nil
		case 1:
			return rapid.Bool().Draw(t, "bool")
		case 2:
			return json.Number(rapid.SampledFrom([]string{"0", "-1", "1", "9223372036854775807", "9223372036854775808",
				"-9223372036854775808", "1e30", "0.5", "253402300799", "253402300800", "1743465600"}).Draw(t, "num"))
		case 3:
			return rapid.Int64().Draw(t, "int")
		case 4:
			return rapid.SampledFrom([]string{"", "usd", "classic", "flexible", "active", "canceled", "list", "plan",
				"price", "subscription_item", "create_prorations", "always_invoice", "none", "prorate", "now",
				"price_1", "si_1", "di_1", "1.5"}).Draw(t, "str")
		case 5:
			return rapid.String().Draw(t, "anystr")
		case 6:
			return []any{}
		case 7:
			return map[string]any{}
		case 8:
			return rapid.SliceOfN(wireFuzzValue(depth-1), 0, 3).Draw(t, "arr")
		default:
			m := map[string]any{}
			for range rapid.IntRange(0, 3).Draw(t, "keys") {
				m[rapid.SampledFrom([]string{"id", "object", "type", "data", "price", "plan", "quantity", "deleted",
					"items", "tax_rates", "discounts", "coupon", "flexible", "updated_at", "day_of_month",
					"days_until_due", "invoice_settings", "Type", "ID"}).Draw(t, "key")] = wireFuzzValue(depth-1).Draw(t, "val")
			}
			return m
		}
	})
}

// wireMutate replaces a random node of v (a decoded JSON tree) with a
// random value, or deletes a key.
func wireMutate(t *rapid.T, v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return wireFuzzValue(2).Draw(t, "replacement")
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		k := rapid.SampledFrom(keys).Draw(t, "key")
		if rapid.IntRange(0, 6).Draw(t, "delete") == 0 {
			delete(x, k)
		} else {
			x[k] = wireMutate(t, x[k])
		}
		return x
	case []any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return wireFuzzValue(2).Draw(t, "replacement")
		}
		i := rapid.IntRange(0, len(x)-1).Draw(t, "index")
		x[i] = wireMutate(t, x[i])
		return x
	}
	return wireFuzzValue(2).Draw(t, "replacement")
}

// wireMutated draws one of docs with a few random mutations.
func wireMutated(docs [][]byte) *rapid.Generator[[]byte] {
	return rapid.Custom(func(t *rapid.T) []byte {
		var tree any
		if err := json.Unmarshal(rapid.SampledFrom(docs).Draw(t, "doc"), &tree); err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(0, 4).Draw(t, "mutations") {
			tree = wireMutate(t, tree)
		}
		b, err := json.Marshal(tree)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// wireStable checks that what decodes into a new T encodes, and that its
// encoding decodes again to the same JSON.
func wireStable[T any](t *rapid.T, in []byte) {
	var v T
	if err := json.Unmarshal(in, &v); err != nil {
		return
	}
	out, err := json.Marshal(&v)
	if err != nil {
		t.Fatalf("decoded %T does not encode: %v\n%s", v, err, in)
	}
	var v2 T
	if err := json.Unmarshal(out, &v2); err != nil {
		t.Fatalf("encoded %T does not decode: %v\n%s", v, err, out)
	}
	out2, err := json.Marshal(&v2)
	if err != nil {
		t.Fatalf("re-decoded %T does not encode: %v", v, err)
	}
	if eq, err := wiretest.Equal(out, out2); err != nil || !eq {
		t.Fatalf("%T encoding is not stable (%v): %s\n- %s\n+ %s", v, err, wiretest.Diff(out, out2), out, out2)
	}
}

// wireFuzzDocs is the subscription, item and schedule documents of
// testdata (fixtures and values built in Go).
func wireFuzzDocs(tb testing.TB) [][]byte {
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f map[string]json.RawMessage
	if err := json.Unmarshal(b, &f); err != nil {
		tb.Fatal(err)
	}
	var docs [][]byte
	for _, group := range []string{"subscription", "subscription_item", "subscription_schedule"} {
		var objs map[string]json.RawMessage
		if err := json.Unmarshal(f[group], &objs); err != nil {
			tb.Fatal(err)
		}
		names := make([]string, 0, len(objs))
		for n := range objs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			docs = append(docs, objs[n])
		}
	}
	for _, v := range []any{wireBuiltSubscription(), wireBuiltSchedule()} {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, b)
	}
	return docs
}

// FuzzDecodeSubscription: decoding a subscription (and an item, and a
// schedule) never panics; what decodes encodes, and what it encodes
// decodes again to the same JSON.
func FuzzDecodeSubscription(f *testing.F) {
	docs := wireFuzzDocs(f)
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 0, 1})
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		in := wireMutated(docs).Draw(t, "json")
		wireStable[subscription.Subscription](t, in)
		wireStable[subscription.Item](t, in)
		wireStable[subscription.Schedule](t, in)
	}))
}

// FuzzDecodeChange: decoding a change never panics; what decodes encodes,
// and what it encodes decodes again to the same JSON.
func FuzzDecodeChange(f *testing.F) {
	example, err := os.ReadFile("testdata/change.json")
	if err != nil {
		f.Fatal(err)
	}
	docs := [][]byte{example,
		[]byte(`{"cancel_now":true,"proration_behavior":"none","discounts":[{"id":"di_1","object":"discount","coupon":{"id":"co_1","object":"coupon","percent_off":10,"duration":"forever"}},"di_2"]}`),
		[]byte(`{"items":[{"price":{"id":"p","object":"price","currency":"usd","type":"one_time","unit_amount":5},"quantity":1,"tax_rates":["txr_1"],"discounts":[]}],"cancel_at_period_end":true}`),
	}
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 0, 1})
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		wireStable[subscription.Change](t, wireMutated(docs).Draw(t, "json"))
	}))
}

// TestJSON_DecodeStable runs the fuzz properties under rapid.
func TestJSON_DecodeStable(t *testing.T) {
	docs := wireFuzzDocs(t)
	rapid.Check(t, func(t *rapid.T) {
		in := wireMutated(docs).Draw(t, "json")
		wireStable[subscription.Subscription](t, in)
		wireStable[subscription.Item](t, in)
		wireStable[subscription.Schedule](t, in)
	})
	example, err := os.ReadFile("testdata/change.json")
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		wireStable[subscription.Change](t, wireMutated([][]byte{example}).Draw(t, "json"))
	})
}
