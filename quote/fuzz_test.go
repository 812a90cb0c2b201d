package quote_test

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
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

// vocab is what the mutation properties draw: numbers, strings and keys
// of quotes.
var vocab = wiretest.Vocab{
	Numbers: []string{"0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e30", "0.5", "12.3456", "100", "101"},
	Strings: []string{"", "usd", "eur", "jpy", "draft", "open", "accepted", "canceled", "stale", "recurring", "one_time", "month", "forever", "inf", "qt_x", "1.5", "-3"},
	Keys:    []string{"id", "object", "amount_off", "percent_off", "percentage", "inclusive", "quantity", "price", "unit_amount", "data", "coupon", "rate"},
}

// quoteJSON draws the JSON of a quote close to a valid one: a fixture or a
// computed generated quote, with a few random mutations.
func quoteJSON(fixtures [][]byte) *rapid.Generator[[]byte] {
	base := rapid.Custom(func(t *rapid.T) []byte {
		if rapid.Bool().Draw(t, "from_fixture") {
			return rapid.SampledFrom(fixtures).Draw(t, "fixture")
		}
		q, err := quotetest.QuoteWith(quotetest.Config{MaxLines: 3}).Draw(t, "quote").Compute()
		if err != nil {
			t.Fatalf("compute generated quote: %v", err)
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	return vocab.Mutated(base, 0)
}

// FuzzQuote_UnmarshalJSON: decoding never panics; what decodes encodes,
// and what it encodes decodes again to the same JSON.
func FuzzQuote_UnmarshalJSON(f *testing.F) {
	fixtures := fixtureQuotes(f)
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		wiretest.Stable(t, quoteJSON(fixtures).Draw(t, "json"), func() any { return new(quote.Quote) })
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
