package quote_test

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

// fixtureQuotes returns the JSON of every fixture quote, in name order.
func fixtureQuotes(tb testing.TB) [][]byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f struct {
		Quotes map[string]json.RawMessage `json:"quotes"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		tb.Fatal(err)
	}
	names := make([]string, 0, len(f.Quotes))
	for n := range f.Quotes {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]byte, len(names))
	for i, n := range names {
		out[i] = f.Quotes[n]
	}
	return out
}

// jsonValue draws an arbitrary JSON value, biased to what breaks decoders:
// wrong types, huge and negative numbers, nulls, unknown statuses.
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
			return json.Number(rapid.SampledFrom([]string{"0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e30", "0.5", "12.3456", "100", "101"}).Draw(t, "num"))
		case 3:
			return rapid.Int64().Draw(t, "int")
		case 4:
			return rapid.SampledFrom([]string{"", "usd", "eur", "jpy", "draft", "open", "accepted", "canceled", "stale", "recurring", "one_time", "month", "forever", "inf", "qt_x", "1.5", "-3"}).Draw(t, "str")
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
				m[rapid.SampledFrom([]string{"id", "object", "amount_off", "percent_off", "percentage", "inclusive", "quantity", "price", "unit_amount", "data", "coupon", "rate"}).Draw(t, "key")] = jsonValue(depth-1).Draw(t, "val")
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

// quoteJSON draws the JSON of a quote close to a valid one: a fixture or a
// computed generated quote, with a few random mutations.
func quoteJSON(fixtures [][]byte) *rapid.Generator[[]byte] {
	return rapid.Custom(func(t *rapid.T) []byte {
		var base []byte
		if rapid.Bool().Draw(t, "from_fixture") {
			base = rapid.SampledFrom(fixtures).Draw(t, "fixture")
		} else {
			q, err := quotetest.QuoteWith(quotetest.Config{MaxLines: 3}).Draw(t, "quote").Compute()
			if err != nil {
				t.Fatalf("compute generated quote: %v", err)
			}
			if base, err = json.Marshal(q); err != nil {
				t.Fatal(err)
			}
		}
		var tree any
		if err := json.Unmarshal(base, &tree); err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(0, 4).Draw(t, "mutations") {
			tree = mutate(t, tree)
		}
		b, err := json.Marshal(tree)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// FuzzQuote_UnmarshalJSON: decoding never panics; what decodes encodes,
// and what it encodes decodes again to the same JSON.
func FuzzQuote_UnmarshalJSON(f *testing.F) {
	fixtures := fixtureQuotes(f)
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		in := quoteJSON(fixtures).Draw(t, "json")
		var q quote.Quote
		if err := json.Unmarshal(in, &q); err != nil {
			return
		}
		out, err := json.Marshal(q)
		if err != nil {
			t.Fatalf("decoded quote does not encode: %v", err)
		}
		var q2 quote.Quote
		if err := json.Unmarshal(out, &q2); err != nil {
			t.Fatalf("encoded quote does not decode: %v\n%s", err, out)
		}
		out2, err := json.Marshal(q2)
		if err != nil || !jsonEqual(t, out, out2) {
			t.Fatalf("encoding is not stable: %v\n- %s\n+ %s", err, out, out2)
		}
	}))
}

// FuzzQuote_Compute: Compute and every transition (Finalize, Accept,
// Cancel, Advance, Update, Clone, Revise, FinalizeRevision) never panic on
// decoded input, and a successful Compute satisfies the totals identities.
func FuzzQuote_Compute(f *testing.F) {
	fixtures := fixtureQuotes(f)
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 0, 1})
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		in := quoteJSON(fixtures).Draw(t, "json")
		var q quote.Quote
		if err := json.Unmarshal(in, &q); err != nil {
			return
		}
		c, err := q.Compute()
		if err == nil {
			var sum int64
			for _, li := range c.Computed.Upfront.LineItems {
				if li.AmountTotal != li.AmountSubtotal-li.AmountDiscount+exclusiveTax(li) || li.AmountDiscount > li.AmountSubtotal {
					t.Fatalf("line %s breaks total = subtotal - discount + exclusive tax", li.ID)
				}
				sum += li.AmountTotal
			}
			if sum != c.AmountTotal {
				t.Fatalf("lines sum to %d, total %d", sum, c.AmountTotal)
			}
		}
		at := q.Created.Add(time.Duration(rapid.Int64Range(-1e6, 1e8).Draw(t, "at")) * time.Second)
		_, _ = q.Finalize(at)
		if _, o, err := q.Accept(at); err == nil {
			_, v := o.Object()
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("outcome does not marshal: %v", err)
			}
		}
		_, _ = q.Cancel(at)
		_ = q.Advance(at)
		exp := at.Add(time.Hour)
		_, _ = q.Update(at, quote.Update{ExpiresAt: &exp, Metadata: map[string]string{"k": "v"}, LineItems: &q.LineItems})
		_, _ = q.Clone("qt_clone", at)
		if rev, err := q.Revise("qt_rev", at); err == nil {
			_, _, _ = quote.FinalizeRevision(q, rev, at)
		}
	}))
}
