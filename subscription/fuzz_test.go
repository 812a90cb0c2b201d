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

func newSubscription() any { return new(subscription.Subscription) }
func newItem() any         { return new(subscription.Item) }
func newSchedule() any     { return new(subscription.Schedule) }
func newChange() any       { return new(subscription.Change) }

// wireVocab is what the mutation properties draw: numbers, strings and
// keys of subscription objects and changes.
var wireVocab = wiretest.Vocab{
	Numbers: []string{"0", "-1", "1", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "1e30", "0.5", "253402300799", "253402300800", "1743465600"},
	Strings: []string{"", "usd", "classic", "flexible", "active", "canceled", "list", "plan",
		"price", "subscription_item", "create_prorations", "always_invoice", "none", "prorate", "now",
		"price_1", "si_1", "di_1", "1.5"},
	Keys: []string{"id", "object", "type", "data", "price", "plan", "quantity", "deleted",
		"items", "tax_rates", "discounts", "coupon", "flexible", "updated_at", "day_of_month",
		"days_until_due", "invoice_settings", "Type", "ID"},
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
		in := wireVocab.Mutated(rapid.SampledFrom(docs), 0).Draw(t, "json")
		wiretest.Stable(t, in, newSubscription)
		wiretest.Stable(t, in, newItem)
		wiretest.Stable(t, in, newSchedule)
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
		wiretest.Stable(t, wireVocab.Mutated(rapid.SampledFrom(docs), 0).Draw(t, "json"), newChange)
	}))
}

// TestJSON_DecodeStable runs the fuzz properties under rapid.
func TestJSON_DecodeStable(t *testing.T) {
	docs := wireFuzzDocs(t)
	rapid.Check(t, func(t *rapid.T) {
		in := wireVocab.Mutated(rapid.SampledFrom(docs), 0).Draw(t, "json")
		wiretest.Stable(t, in, newSubscription)
		wiretest.Stable(t, in, newItem)
		wiretest.Stable(t, in, newSchedule)
	})
	example, err := os.ReadFile("testdata/change.json")
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		wiretest.Stable(t, wireVocab.Mutated(rapid.SampledFrom([][]byte{example}), 0).Draw(t, "json"), newChange)
	})
}
