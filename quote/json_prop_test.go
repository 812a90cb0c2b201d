package quote_test

import (
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

// wireFixtures is every Stripe object of testdata by type: the fixtures of
// fixtures.json and current.json (Stripe's current API), objects nested in
// them, and the JSON of computed and accepted generated quotes, so that
// discounts, coupons, tax rates and breakdowns appear too.
type wireFixtures map[string][][]byte

func loadWireFixtures(t *testing.T) wireFixtures {
	t.Helper()
	w := wireFixtures{}
	for _, file := range []string{"testdata/fixtures.json", "testdata/current.json"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var f map[string]json.RawMessage
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		for _, group := range []string{"quotes", "items", "line_item_lists", "outcomes", "coupons", "discounts", "tax_rates"} {
			var objs map[string]json.RawMessage
			if f[group] == nil {
				continue
			}
			if err := json.Unmarshal(f[group], &objs); err != nil {
				t.Fatal(err)
			}
			names := make([]string, 0, len(objs))
			for n := range objs {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				w.collect(t, objs[n])
			}
		}
	}
	// A quote with its lines expanded, as Stripe's reference shows them.
	b, _ := os.ReadFile("testdata/fixtures.json")
	var f struct {
		Quotes map[string]map[string]json.RawMessage `json:"quotes"`
		Lists  map[string]json.RawMessage            `json:"line_item_lists"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	q := f.Quotes["api_reference_examples.finalize_a_quote"]
	q["line_items"] = f.Lists["api_reference_examples.retrieve_a_quote_s_line_items"]
	expanded, _ := json.Marshal(q)
	w["quote"] = append(w["quote"], expanded)
	// Generated quotes, computed and accepted: every kind of nested object.
	for seed := range 12 {
		q := quotetest.Quote().Example(seed)
		open, err := q.Finalize(q.Created)
		if err != nil {
			t.Fatal(err)
		}
		_, o, err := open.Accept(open.Created.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{open, o.Invoice, o.Subscription, o.SubscriptionSchedule} {
			if b, err := json.Marshal(v); err == nil && string(b) != "null" {
				w.collect(t, b)
			}
		}
	}
	return w
}

// collect adds doc and the objects nested in it, by their "object" (and the
// quote's discount and tax amounts by their place).
func (w wireFixtures) collect(t *testing.T, doc []byte) {
	v, err := wiretest.Value(doc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch x := v.(type) {
		case map[string]any:
			kind, _ := x["object"].(string)
			switch {
			case key == "discounts" && x["discount"] != nil && x["object"] == nil:
				kind = "discount_amount"
			case key == "taxes" && x["rate"] != nil:
				kind = "tax_amount"
			}
			if kind != "" && kind != "list" && kind != "price" && kind != "plan" {
				b, _ := json.Marshal(x)
				w[kind] = append(w[kind], b)
			}
			for k, c := range x {
				walk(c, k)
			}
		case []any:
			for _, c := range x {
				walk(c, key)
			}
		}
	}
	walk(v, "")
}

// injectDeep adds unknown keys (wiretest.Inject) to the object doc and to
// objects nested in it, at every level this package models, and drops
// some of their keys. Prices and
// plans are pricing's (its own properties cover them) and metadata holds
// only strings, so neither gets keys.
func injectDeep(t *rapid.T, doc []byte) []byte {
	return wiretest.InjectDeep(t, doc, func(k string, obj map[string]any) bool {
		return k == "price" || k == "plan" || k == "metadata" || k == "currency_options" && obj["object"] == "price"
	})
}

// TestJSON_RoundTripUnknownKeys: for every object type of the package, any
// fixture with unknown keys injected (at its top level and in the objects
// nested in it) and some keys dropped decodes and encodes back to the same
// JSON value.
func TestJSON_RoundTripUnknownKeys(t *testing.T) {
	fixtures := loadWireFixtures(t)
	types := []struct {
		object string
		value  func() any // a pointer to a new value
	}{
		{"quote", func() any { return new(quote.Quote) }},
		{"item", func() any { return new(quote.LineItem) }},
		{"coupon", func() any { return new(quote.Coupon) }},
		{"discount", func() any { return new(quote.Discount) }},
		{"tax_rate", func() any { return new(quote.TaxRate) }},
		{"discount_amount", func() any { return new(quote.DiscountAmount) }},
		{"tax_amount", func() any { return new(quote.TaxAmount) }},
		{"invoice", func() any { return new(quote.Invoice) }},
		{"line_item", func() any { return new(quote.InvoiceLine) }},
		{"subscription", func() any { return new(quote.Subscription) }},
		{"subscription_item", func() any { return new(quote.SubscriptionItem) }},
		{"subscription_schedule", func() any { return new(quote.SubscriptionSchedule) }},
	}
	for _, tt := range types {
		t.Run(tt.object, func(t *testing.T) {
			docs := fixtures[tt.object]
			if len(docs) == 0 {
				t.Fatalf("no %s fixture", tt.object)
			}
			rapid.Check(t, func(t *rapid.T) {
				in := injectDeep(t, rapid.SampledFrom(docs).Draw(t, "fixture"))
				v := tt.value()
				if err := json.Unmarshal(in, v); err != nil {
					t.Fatalf("decode: %v\n%s", err, in)
				}
				out, err := json.Marshal(v)
				if err != nil {
					t.Fatalf("encode: %v", err)
				}
				if eq, err := wiretest.Equal(in, out); err != nil || !eq {
					t.Fatalf("round trip differs (%v): %s\nwant %s\ngot  %s", err, wiretest.Diff(in, out), in, out)
				}
			})
		})
	}
}

// TestQuote_CaseVariantKeyRefused: a key that differs from a modelled one
// only in case is refused, at any level. A regression: "quote cancel" wrote a
// canceled quote still carrying a passed-through "STATUS":"open", which a
// case-insensitive decoder (encoding/json) reads as open.
func TestQuote_CaseVariantKeyRefused(t *testing.T) {
	tests := []struct {
		name, in, field string
	}{
		{"top level", `{"object":"quote","id":"qt_1","status":"draft","STATUS":"open"}`, "STATUS"},
		{"alone", `{"object":"quote","id":"qt_1","Status":"open"}`, "Status"},
		{"nested", `{"object":"quote","id":"qt_1","invoice_settings":{"Days_Until_Due":3}}`, "invoice_settings.Days_Until_Due"},
		{"in a line", `{"object":"quote","id":"qt_1","line_items":{"object":"list","data":[{"object":"item","QUANTITY":2}]}}`, "line_items.data[0].QUANTITY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := quote.New("qt_untouched", t0)
			err := json.Unmarshal([]byte(tt.in), &q)
			var fe *quote.FieldError
			if !errors.Is(err, quote.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError (ErrInvalidJSON) naming %s", err, tt.field)
			}
			if fe.Object != "quote" || fe.ID != "qt_1" {
				t.Errorf("error names %s %s, want quote qt_1", fe.Object, fe.ID)
			}
			if q.ID != "qt_untouched" {
				t.Errorf("a refused decode changed the quote: %s", q.ID)
			}
		})
	}
	// A case-variant of a key this package does not model is an unknown key
	// like any other: kept and written back.
	in := `{"object":"quote","id":"qt_1","status":"draft","transfer_data":{"Destination":"acct_1"},"On_Behalf_Of":null}`
	var q quote.Quote
	if err := json.Unmarshal([]byte(in), &q); err != nil {
		t.Fatal(err)
	}
	c, err := q.Cancel(t0)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(c)
	var plain struct{ Status string }
	if err := json.Unmarshal(out, &plain); err != nil || plain.Status != "canceled" || !strings.Contains(string(out), `"On_Behalf_Of":null`) {
		t.Fatalf("canceled quote reads as %q through encoding/json: %s", plain.Status, out)
	}
}

// stripeGoShape rewrites a quote's JSON as stripe-go's json.Marshal writes
// it: 0 for a null time, "" for a null string, 0 for a null days_until_due
// and for a coupon's null numbers,
// in the keys this package models (unknown keys pass through as they are;
// prices are pricing's).
func stripeGoShape(t *testing.T, doc []byte) []byte {
	t.Helper()
	times := map[string]bool{"created": true, "expires_at": true, "effective_date": true, "finalized_at": true,
		"accepted_at": true, "canceled_at": true, "redeem_by": true, "end": true, "start": true}
	strs := map[string]bool{"customer": true, "description": true, "footer": true, "header": true, "number": true,
		"invoice": true, "subscription": true, "subscription_schedule": true, "status": true, "name": true,
		"currency": true, "country": true, "jurisdiction": true, "state": true, "tax_type": true,
		"promotion_code": true, "invoice_item": true}
	v, err := wiretest.Value(doc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["object"] == "coupon" {
				for _, k := range []string{"amount_off", "percent_off", "duration_in_months", "max_redemptions"} {
					if x[k] == nil {
						x[k] = json.Number("0")
					}
				}
			}
			for k, c := range x {
				switch {
				case k == "price":
					continue
				case c == nil && times[k]:
					x[k] = json.Number("0")
				case c == nil && (strs[k] || k == "days_until_due"):
					if k == "days_until_due" {
						x[k] = json.Number("0")
					} else {
						x[k] = ""
					}
				default:
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
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

// TestQuote_StripeGoShape: a quote as stripe-go writes it (0 for null
// times, "" for null strings, days_until_due 0 on a charge_automatically
// quote, 0 for a coupon's null amount_off or percent_off) decodes to the same quote as its original JSON: it validates,
// finalizes, computes the same totals and encodes to the same JSON.
func TestQuote_StripeGoShape(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		q := quotetest.Quote().Draw(rt, "quote")
		if q.CollectionMethod == quote.SendInvoice {
			q.CollectionMethod, q.InvoiceSettings.DaysUntilDue = quote.ChargeAutomatically, nil
		}
		c, err := q.Compute()
		if err != nil {
			rt.Fatal(err)
		}
		orig, err := json.Marshal(c)
		if err != nil {
			rt.Fatal(err)
		}
		goShaped := stripeGoShape(t, orig)
		if !strings.Contains(string(goShaped), `"days_until_due":0`) || !strings.Contains(string(goShaped), `"finalized_at":0`) {
			rt.Fatalf("not stripe-go shaped: %s", goShaped)
		}
		var a, b quote.Quote
		if err := json.Unmarshal(orig, &a); err != nil {
			rt.Fatal(err)
		}
		if err := json.Unmarshal(goShaped, &b); err != nil {
			rt.Fatalf("stripe-go shape does not decode: %v\n%s", err, goShaped)
		}
		if b.InvoiceSettings.DaysUntilDue != nil || !b.StatusTransitions.FinalizedAt.IsZero() {
			rt.Fatalf("days_until_due %v, finalized_at %v: want null", b.InvoiceSettings.DaysUntilDue, b.StatusTransitions.FinalizedAt)
		}
		if err := b.Validate(); err != nil {
			rt.Fatalf("stripe-go shape does not validate: %v", err)
		}
		ca, err := a.Compute()
		if err != nil {
			rt.Fatal(err)
		}
		cb, err := b.Compute()
		if err != nil {
			rt.Fatalf("stripe-go shape does not compute: %v", err)
		}
		if ca.AmountTotal != cb.AmountTotal || ca.AmountSubtotal != cb.AmountSubtotal || ca.TotalDetails.AmountTax != cb.TotalDetails.AmountTax ||
			ca.TotalDetails.AmountDiscount != cb.TotalDetails.AmountDiscount || ca.AmountTotal != c.AmountTotal {
			rt.Fatalf("totals differ: original %d/%d, stripe-go shape %d/%d", ca.AmountSubtotal, ca.AmountTotal, cb.AmountSubtotal, cb.AmountTotal)
		}
		if _, err := b.Finalize(b.Created); err != nil {
			rt.Fatalf("stripe-go shape does not finalize: %v", err)
		}
		ea, _ := json.Marshal(a)
		eb, _ := json.Marshal(b)
		if eq, err := wiretest.Equal(ea, eb); err != nil || !eq {
			rt.Fatalf("decoded quotes differ\n- %s\n+ %s", ea, eb)
		}
	})
}

// TestQuote_UnixTimeBounds: Stripe never sends 0 or a negative time: 0 is
// null, anything outside 1970 to 9999 is refused, naming the field.
func TestQuote_UnixTimeBounds(t *testing.T) {
	for _, tt := range []struct {
		in, field string
	}{
		{`{"object":"quote","expires_at":-1}`, "expires_at"},
		{`{"object":"quote","created":-62135596800}`, "created"},
		{`{"object":"quote","status_transitions":{"canceled_at":253402300800}}`, "status_transitions.canceled_at"},
		{`{"object":"quote","discounts":[{"object":"discount","id":"di","end":-5}]}`, "discounts[0].end"},
	} {
		var q quote.Quote
		err := json.Unmarshal([]byte(tt.in), &q)
		var fe *quote.FieldError
		if !errors.Is(err, quote.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: err = %v, want a FieldError naming %s", tt.in, err, tt.field)
		}
	}
	var q quote.Quote
	if err := json.Unmarshal([]byte(`{"object":"quote","status":"canceled","status_transitions":{"canceled_at":0,"accepted_at":253402300799}}`), &q); err != nil {
		t.Fatal(err)
	}
	if !q.StatusTransitions.CanceledAt.IsZero() || q.StatusTransitions.AcceptedAt.Year() != 9999 {
		t.Fatalf("canceled_at %v (want null), accepted_at %v", q.StatusTransitions.CanceledAt, q.StatusTransitions.AcceptedAt)
	}
}

// TestCoupon_StripeGoZeros: stripe-go writes 0 for a coupon's nil numbers;
// a percent_off, duration_in_months or max_redemptions of 0 (Stripe requires
// them positive), and an amount_off of 0 beside a percent_off, are null.
func TestCoupon_StripeGoZeros(t *testing.T) {
	var pct, off quote.Coupon
	if err := json.Unmarshal([]byte(`{"object":"coupon","id":"co_10","percent_off":10,"amount_off":0,"currency":"","duration":"forever","duration_in_months":0,"max_redemptions":0,"redeem_by":0}`), &pct); err != nil {
		t.Fatal(err)
	}
	if !pct.PercentOff.Valid || pct.AmountOff != nil || pct.DurationInMonths != nil || pct.MaxRedemptions != nil || !pct.RedeemBy.IsZero() {
		t.Errorf("percent coupon read as %#v", pct)
	}
	if err := json.Unmarshal([]byte(`{"object":"coupon","id":"co_500","percent_off":0,"amount_off":500,"currency":"usd","duration":"once"}`), &off); err != nil {
		t.Fatal(err)
	}
	if off.PercentOff.Valid || off.AmountOff == nil || *off.AmountOff != 500 {
		t.Errorf("amount coupon read as %#v", off)
	}
}

// TestPhaseItem_PlanReference: a schedule phase item's plan is an id; an
// object that does not say it is a plan is stripe-go's json.Marshal of that
// id, while a plan Stripe expanded is kept as it is.
func TestPhaseItem_PlanReference(t *testing.T) {
	for _, tt := range []struct{ plan, want string }{
		{`"price_1"`, `"price_1"`},
		{`{"id":"price_1","object":"","active":false,"amount":0}`, `"price_1"`},
		{`{"id":"price_1","object":"plan","active":true,"amount":100}`, `{"id":"price_1","object":"plan","active":true,"amount":100}`},
		{`null`, `null`},
	} {
		in := `{"object":"subscription_schedule","id":"sub_sched_1","phases":[{"items":[{"price":"price_1","quantity":1,"plan":` + tt.plan + `}]}]}`
		var s quote.SubscriptionSchedule
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Fatalf("%s: %v", tt.plan, err)
		}
		out, _ := json.Marshal(s)
		want := strings.Replace(in, tt.plan, tt.want, 1)
		if eq, err := wiretest.Equal([]byte(want), out); err != nil || !eq {
			t.Errorf("plan %s:\nwant %s\ngot  %s", tt.plan, want, out)
		}
	}
}
