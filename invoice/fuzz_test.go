package invoice_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/invoice"
	"pgregory.net/rapid"
)

// seedCorpus adds the fixtures of the given object types and a few
// malformed or odd documents.
func seedCorpus(f *testing.F, objects ...string) {
	fixtures := wireFixtures(f)
	for _, o := range objects {
		for _, doc := range fixtures[o] {
			f.Add(doc)
		}
	}
	for _, s := range []string{``, `null`, `"in_1"`, `""`, `{}`, `[]`, `{"id":1}`, `{"lines":{"data":[{"quantity":null}]}}`,
		`{"object":"line_item","quantity":3,"quantity":null,"\u0000quantity":1,"\ufffdquantity":2}`,
		`{"parent":{"type":"invoice_item_details","subscription_item_details":{"x":1},"type":"x"}}`,
		`{"a":1,"a":2,"parent":null,"parent":{"type":"quote_details"}}`, "\xff", `{"description":"\ud800"}`} {
		f.Add([]byte(s))
	}
}

// checkIdempotent: decoding data into a new value (newV) never panics;
// when it decodes, it encodes, the encoding decodes again, and encodes to
// the same JSON.
func checkIdempotent(t fataler, data []byte, newV func() any) {
	t.Helper()
	v := newV()
	if err := json.Unmarshal(data, v); err != nil {
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded value does not encode: %v\n%s", err, data)
	}
	v2 := newV()
	if err := json.Unmarshal(out, v2); err != nil {
		t.Fatalf("encoding does not decode: %v\nin  %s\nout %s", err, data, out)
	}
	out2, err := json.Marshal(v2)
	if err != nil {
		t.Fatalf("re-decoded value does not encode: %v", err)
	}
	if eq, err := wiretest.Equal(out, out2); err != nil || !eq {
		t.Fatalf("encoding is not stable (%v): %s\nin  %s\n-   %s\n+   %s", err, wiretest.Diff(out, out2), data, out, out2)
	}
}

func newInvoice() any { return new(invoice.Invoice) }
func newLine() any    { return new(invoice.LineItem) }
func newItem() any    { return new(invoice.Item) }
func newCredit() any  { return new(invoice.PretaxCreditAmount) }

// FuzzDecodeInvoice: any bytes, decoded as an invoice and as a line item,
// never panic, and what decodes encodes idempotently.
func FuzzDecodeInvoice(f *testing.F) {
	seedCorpus(f, "invoice", "line_item")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkIdempotent(t, data, newInvoice)
		checkIdempotent(t, data, newLine)
	})
}

// FuzzDecodeItem: any bytes, decoded as an invoice item and as a pretax
// credit amount, never panic, and what decodes encodes idempotently.
func FuzzDecodeItem(f *testing.F) {
	seedCorpus(f, "invoiceitem")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkIdempotent(t, data, newItem)
		checkIdempotent(t, data, newCredit)
	})
}

// jsonValue draws an arbitrary JSON value, biased to what breaks decoders:
// wrong types, huge and negative numbers, nulls, the keys and enums of
// these objects.
func jsonValue(depth int) *rapid.Generator[any] {
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
				"-9223372036854775808", "1e30", "0.5", "253402300799", "253402300800"}).Draw(t, "num"))
		case 3:
			return rapid.Int64().Draw(t, "int")
		case 4:
			return rapid.SampledFrom([]string{"", "eur", "subscription_details", "quote_details", "subscription_item_details",
				"invoice_item_details", "price_details", "discount", "credit_balance_transaction", "tax_rate_details",
				"inclusive", "exclusive", "di_1", "1.5", "-3", "1e-05", "1e999"}).Draw(t, "str")
		case 5:
			return rapid.String().Draw(t, "anystr")
		case 6:
			return []any{}
		case 7:
			return map[string]any{}
		case 8:
			return rapid.SliceOfN(jsonValue(depth-1), 0, 3).Draw(t, "arr")
		default:
			m := map[string]any{}
			for range rapid.IntRange(0, 3).Draw(t, "keys") {
				m[rapid.SampledFrom([]string{"id", "object", "type", "amount", "quantity", "parent", "data", "discount",
					"tax_rate", "price", "subscription_details", "invoice_item_details", "subscription_item_details",
					"credited_items", "proration_details", "period", "pricing", "price_details", "Type", "AMOUNT"}).Draw(t, "key")] = jsonValue(depth-1).Draw(t, "val")
			}
			return m
		}
	})
}

// mutate replaces a random node of v (a decoded JSON tree) with a random
// value, or deletes a key.
func mutate(t *rapid.T, v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return jsonValue(2).Draw(t, "replacement")
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
			x[k] = mutate(t, x[k])
		}
		return x
	case []any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return jsonValue(2).Draw(t, "replacement")
		}
		i := rapid.IntRange(0, len(x)-1).Draw(t, "index")
		x[i] = mutate(t, x[i])
		return x
	}
	return jsonValue(2).Draw(t, "replacement")
}

// TestDecode_MutatedIdempotent: the fuzz properties on fixtures with a few
// random mutations deep inside (the native fuzzers mostly break the
// syntax).
func TestDecode_MutatedIdempotent(t *testing.T) {
	fixtures := wireFixtures(t)
	for _, tt := range []struct {
		object string
		newV   func() any
	}{{"invoice", newInvoice}, {"line_item", newLine}, {"invoiceitem", newItem}} {
		t.Run(tt.object, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				tree, err := wiretest.Value(rapid.SampledFrom(fixtures[tt.object]).Draw(t, "fixture"))
				if err != nil {
					t.Fatal(err)
				}
				for range rapid.IntRange(1, 4).Draw(t, "mutations") {
					tree = mutate(t, tree)
				}
				b, err := json.Marshal(tree)
				if err != nil {
					t.Fatal(err)
				}
				checkIdempotent(t, b, tt.newV)
			})
		})
	}
}
