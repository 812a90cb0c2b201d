package quote

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

type fixtureFile struct {
	Quotes        map[string]json.RawMessage `json:"quotes"`
	Items         map[string]json.RawMessage `json:"items"`
	LineItemLists map[string]json.RawMessage `json:"line_item_lists"`
}

func loadFixtures(t testing.TB) fixtureFile {
	t.Helper()
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixtureFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Quotes) == 0 {
		t.Fatal("no fixture quotes")
	}
	return f
}

// fataler is what jsonEqual needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// jsonEqual compares two JSON texts as values (key order and spacing aside).
// The external tests reach it as JSONEqual (export_test.go).
func jsonEqual(t fataler, a, b []byte) bool {
	t.Helper()
	var x, y any
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	if err := da.Decode(&x); err != nil {
		t.Fatalf("decode %s: %v", a, err)
	}
	if err := db.Decode(&y); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// TestQuote_JSONFixtures: every quote Stripe sends in the fixtures decodes and
// encodes back to the same JSON, key for key.
func TestQuote_JSONFixtures(t *testing.T) {
	f := loadFixtures(t)
	for name, raw := range f.Quotes {
		t.Run(name, func(t *testing.T) {
			var q Quote
			if err := json.Unmarshal(raw, &q); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if q.ID == "" || q.Status == "" {
				t.Fatalf("decoded quote lacks id or status: %+v", q)
			}
			out, err := json.Marshal(q)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if !jsonEqual(t, raw, out) {
				t.Errorf("round trip differs\nwant %s\ngot  %s", raw, out)
			}
		})
	}
}

func TestLineItem_JSONFixtures(t *testing.T) {
	f := loadFixtures(t)
	for name, raw := range f.Items {
		t.Run(name, func(t *testing.T) {
			var li LineItem
			if err := json.Unmarshal(raw, &li); err != nil {
				t.Fatalf("decode: %v", err)
			}
			out, err := json.Marshal(li)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, raw, out) {
				t.Errorf("round trip differs\nwant %s\ngot  %s", raw, out)
			}
		})
	}
}

func TestQuote_UnmarshalJSONErrors(t *testing.T) {
	tests := []struct {
		name, in, field string
		reason          string
	}{
		{"wrong object", `{"object":"invoice","id":"in_1"}`, "object", "another kind of object is not a quote"},
		{"amount of wrong type", `{"object":"quote","amount_total":"12"}`, "amount_total", "amounts are integers"},
		{"line quantity of wrong type", `{"object":"quote","line_items":{"object":"list","data":[{"object":"item","quantity":"x"}]}}`, "line_items.data[0].quantity", "quantity is an integer, and the path names the line"},
		{"not an object", `[1,2]`, "", "a quote is an object"},
		{"time beyond year 9999", `{"object":"quote","status":"open","expires_at":9223372036854775807}`, "expires_at",
			"time.Unix wraps such a time, and the quote would count as expired"},
		{"effective date beyond year 9999", `{"object":"quote","subscription_data":{"effective_date":-9223372036854775807}}`, "subscription_data.effective_date",
			"a schedule starting then cannot be computed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q Quote
			err := json.Unmarshal([]byte(tt.in), &q)
			if !errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("err = %v, want ErrInvalidJSON (%s)", err, tt.reason)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("field = %q, want %q (%s); err %v", fieldOf(err), tt.field, tt.reason, err)
			}
			if msg := err.Error(); strings.Contains(msg, "struct") || strings.Contains(msg, "int64") || len(msg) > 200 {
				t.Errorf("error %q speaks of Go types; want the JSON kinds", msg)
			}
		})
	}
}

// A price's problem is pricing's, reported under the line's path
// ("line_items.data[0].price.unit_amount") and wrapping pricing's error too.
func TestQuote_UnmarshalJSONPriceError(t *testing.T) {
	var q Quote
	err := json.Unmarshal([]byte(`{"object":"quote","id":"qt_1","line_items":{"object":"list","data":[{"object":"item","price":{"object":"price","unit_amount":"x"}}]}}`), &q)
	var fe *FieldError
	if !errors.Is(err, ErrInvalidJSON) || !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "line_items.data[0].price") || fe.Cause == nil {
		t.Fatalf("err = %v, want a FieldError under line_items.data[0].price with pricing's error as its cause", err)
	}
}

func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return "<none>"
}

func TestQuote_UnknownStatusDecodes(t *testing.T) {
	var q Quote
	if err := json.Unmarshal([]byte(`{"object":"quote","id":"qt_1","status":"stale"}`), &q); err != nil {
		t.Fatal(err)
	}
	if q.Status != "stale" || q.Status.Known() {
		t.Fatalf("status = %q (known %v), want the unknown value kept", q.Status, q.Status.Known())
	}
	if _, err := q.Finalize(q.Created); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("finalize from an unknown status: err = %v, want ErrInvalidTransition", err)
	}
}

// TestQuote_StripeReferenceAccept joins Stripe's API reference examples: the
// finalized quote with its line items (1099 x 2) computes Stripe's 2198 and
// accepts into an invoice of 2198, as the reference's accepted quote shows.
func TestQuote_StripeReferenceAccept(t *testing.T) {
	f := loadFixtures(t)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(f.Quotes["api_reference_examples.finalize_a_quote"], &doc); err != nil {
		t.Fatal(err)
	}
	doc["line_items"] = f.LineItemLists["api_reference_examples.retrieve_a_quote_s_line_items"]
	in, _ := json.Marshal(doc)
	var q Quote
	if err := json.Unmarshal(in, &q); err != nil {
		t.Fatal(err)
	}
	c, err := q.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if c.AmountTotal != 2198 || c.LineItems[0].AmountSubtotal != 2198 || c.Computed.Recurring != nil {
		t.Fatalf("computed %d (line %d), want Stripe's 2198", c.AmountTotal, c.LineItems[0].AmountSubtotal)
	}
	at := q.StatusTransitions.FinalizedAt.Add(1e9)
	acc, o, err := q.Accept(at)
	if err != nil {
		t.Fatal(err)
	}
	if o.Invoice == nil || o.Invoice.Total != 2198 || acc.Invoice != o.Invoice.ID || acc.Subscription != "" {
		t.Fatalf("accepted into %+v", o)
	}
	if _, _, err := q.Accept(q.ExpiresAt); !errors.Is(err, ErrExpired) {
		t.Fatalf("accept at expires_at: err = %v, want ErrExpired", err)
	}
}

// TestQuote_JSONFixturesCancel: canceling a decoded Stripe quote changes its
// JSON in status and status_transitions.canceled_at only; every other key,
// modelled or not, is written back as Stripe sent it.
func TestQuote_JSONFixturesCancel(t *testing.T) {
	f := loadFixtures(t)
	n := 0
	for name, raw := range f.Quotes {
		var q Quote
		if err := json.Unmarshal(raw, &q); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if q.Status != StatusDraft && q.Status != StatusOpen {
			continue
		}
		n++
		at := q.Created.Add(time.Hour)
		c, err := q.Cancel(at)
		if err != nil {
			t.Fatalf("%s: cancel: %v", name, err)
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var before, after map[string]any
		_ = json.Unmarshal(raw, &before)
		_ = json.Unmarshal(out, &after)
		if after["status"] != "canceled" {
			t.Fatalf("%s: status %v", name, after["status"])
		}
		st := after["status_transitions"].(map[string]any)
		if want := c.StatusTransitions.CanceledAt.Unix(); st["canceled_at"] != float64(want) {
			t.Fatalf("%s: canceled_at %v, want %d", name, st["canceled_at"], want)
		}
		for k, v := range before {
			if k == "status" || k == "status_transitions" {
				continue
			}
			if !reflect.DeepEqual(after[k], v) {
				t.Errorf("%s: %s changed: %v -> %v", name, k, v, after[k])
			}
		}
		if len(after) != len(before) {
			t.Errorf("%s: %d keys before, %d after", name, len(before), len(after))
		}
	}
	if n == 0 {
		t.Fatal("no draft or open fixture")
	}
}

// TestQuote_JSONDroppedLines: lines removed from a decoded quote do not come
// back from the JSON it was decoded from.
func TestQuote_JSONDroppedLines(t *testing.T) {
	q := New("qt_1", time.Unix(1700000000, 0))
	q.Customer = "cus_1"
	q.LineItems = []LineItem{{ID: "li_1", Price: func() pricing.Price {
		v := int64(100)
		return pricing.Price{ID: "p", Currency: "usd", Type: pricing.OneTime, UnitAmount: &v}
	}(), Quantity: 1}}
	c, err := q.Compute()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	var d Quote
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	d.LineItems, d.Computed.Upfront.LineItems = nil, nil
	out, _ := json.Marshal(d)
	var doc map[string]any
	_ = json.Unmarshal(out, &doc)
	if _, ok := doc["line_items"]; ok {
		t.Fatalf("line_items came back: %s", out)
	}
	if _, ok := doc["computed"].(map[string]any)["upfront"].(map[string]any)["line_items"]; ok {
		t.Fatalf("computed.upfront.line_items came back: %s", out)
	}
	if doc["id"] != "qt_1" || doc["customer"] != "cus_1" {
		t.Fatalf("other keys lost: %s", out)
	}
}

// A line explicitly untaxed (TaxRates non-nil and empty) on a quote with
// default tax rates is written as "taxes": [] and must decode as untaxed,
// not as "use the defaults": the total survives a JSON round trip.
func TestQuote_JSONExplicitlyUntaxedLine(t *testing.T) {
	amount := int64(1000)
	q := New("qt_untaxed", time.Unix(1000, 0).UTC())
	q.Customer, q.Currency = "cus_1", "usd"
	q.DefaultTaxRates = []TaxRate{{ID: "txr_1", Percentage: decimal.RequireFromString("8.25"), Active: true}}
	q.LineItems = []LineItem{
		{Price: pricing.Price{ID: "price_1", Currency: "usd", BillingScheme: pricing.PerUnit, Type: pricing.OneTime, UnitAmount: &amount}, Quantity: 1, TaxRates: []TaxRate{}},
		{Price: pricing.Price{ID: "price_2", Currency: "usd", BillingScheme: pricing.PerUnit, Type: pricing.OneTime, UnitAmount: &amount}, Quantity: 1},
	}
	c, err := q.Compute()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var d Quote
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.LineItems[0].TaxRates == nil || len(d.LineItems[0].TaxRates) != 0 {
		t.Errorf("line 0 TaxRates = %#v, want explicitly empty", d.LineItems[0].TaxRates)
	}
	if d.LineItems[1].TaxRates != nil {
		t.Errorf("line 1 TaxRates = %#v, want nil (the defaults)", d.LineItems[1].TaxRates)
	}
	d, err = d.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(1000 + 1083); c.AmountTotal != want || d.AmountTotal != want {
		t.Errorf("amount_total before/after the round trip = %d/%d, want %d both", c.AmountTotal, d.AmountTotal, want)
	}
}

// An uncomputed draft whose lines use the quote's default tax rates keeps
// them through its own JSON: the line's nil TaxRates must not come back as
// an explicitly untaxed line.
func TestQuote_JSONUncomputedDefaultTaxes(t *testing.T) {
	amount := int64(1000)
	q := New("qt_defaults", time.Unix(1000, 0).UTC())
	q.Customer, q.Currency = "cus_1", "usd"
	q.DefaultTaxRates = []TaxRate{{ID: "txr_10", Percentage: decimal.NewFromInt(10), Active: true}}
	q.LineItems = []LineItem{{ID: "li_1", Price: pricing.Price{ID: "p", Currency: "usd", BillingScheme: pricing.PerUnit, Type: pricing.OneTime, UnitAmount: &amount}, Quantity: 1}}
	direct, err := q.Compute()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var back Quote
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.LineItems[0].TaxRates != nil {
		t.Errorf("TaxRates after the round trip = %#v, want nil (the quote's defaults)", back.LineItems[0].TaxRates)
	}
	rt, err := back.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if direct.AmountTotal != 1100 || rt.AmountTotal != 1100 {
		t.Errorf("amount_total direct/after the round trip = %d/%d, want 1100 both", direct.AmountTotal, rt.AmountTotal)
	}
}
