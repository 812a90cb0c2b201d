package quote_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestOutcome_JSONGolden pins the JSON of an accepted quote and of what it
// created, {"quote": ..., "<object>": ...}, for the three kinds of outcome.
// The golden files were checked by hand against Stripe's shapes; run with
// -update after a deliberate change and review the diff.
func TestOutcome_JSONGolden(t *testing.T) {
	mixed := func() quote.Quote {
		q := draft(line("li_setup", oneTime("setup", 5000), 1), line("li_seat", monthly("seat", 2000), 3))
		q.Discounts = []quote.Discount{percentOff("di_10", "10", quote.DurationForever)}
		q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", false)}
		return q
	}
	tests := []struct {
		name string
		q    quote.Quote
	}{
		{"invoice", func() quote.Quote {
			q := draft(line("li_1", oneTime("tshirt", 1099), 2))
			q.CollectionMethod = quote.SendInvoice
			q.InvoiceSettings.DaysUntilDue = i64(30)
			q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", true)}
			return q
		}()},
		{"subscription", func() quote.Quote {
			q := mixed()
			q.SubscriptionData.TrialPeriodDays = i64(7)
			q.SubscriptionData.Metadata = map[string]string{"team": "blue"}
			return q
		}()},
		{"subscription_schedule", func() quote.Quote {
			q := mixed()
			q.SubscriptionData.EffectiveDate = t0.AddDate(0, 1, 0)
			return q
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, err := tt.q.Finalize(t0)
			if err != nil {
				t.Fatal(err)
			}
			acc, o, err := open.Accept(t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			name, v := o.Object()
			if name != tt.name {
				t.Fatalf("outcome %s, want %s", name, tt.name)
			}
			got, err := json.MarshalIndent(map[string]any{"quote": acc, name: v}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, want, got) {
				t.Errorf("JSON differs from %s (-want +got):\n- %s\n+ %s", path, want, got)
			}
			checkRequired(t, name, v)
			if name == "subscription" {
				checkRequired(t, "invoice", o.Subscription.LatestInvoice)
			}
			checkRequired(t, "quote", acc)
			var back quote.Quote
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(got, &doc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(doc["quote"], &back); err != nil {
				t.Fatalf("accepted quote does not decode: %v", err)
			}
			if back.Status != quote.StatusAccepted || back.AmountTotal != acc.AmountTotal {
				t.Fatalf("decoded accepted quote: %s %d", back.Status, back.AmountTotal)
			}
		})
	}
}

// TestOutcome_JSONRoundTrip: the created objects decode from their own JSON
// to the same JSON, and Stripe's fixture invoices, subscriptions and
// schedules (other API versions) decode.
func TestOutcome_JSONRoundTrip(t *testing.T) {
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Outcomes map[string]json.RawMessage `json:"outcomes"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Outcomes) == 0 {
		t.Fatal("no outcome fixtures")
	}
	for name, raw := range f.Outcomes {
		t.Run(name, func(t *testing.T) {
			var err error
			var id string
			switch {
			case filepath.Ext(name) == ".invoice":
				var v quote.Invoice
				err, id = json.Unmarshal(raw, &v), v.ID
			case filepath.Ext(name) == ".subscription":
				var v quote.Subscription
				err, id = json.Unmarshal(raw, &v), v.ID
			default:
				var v quote.SubscriptionSchedule
				err, id = json.Unmarshal(raw, &v), v.ID
			}
			if err != nil {
				t.Fatalf("decode %s: %v", name, err)
			}
			if id == "" {
				t.Fatalf("decoded %s has no id", name)
			}
		})
	}
	for _, q := range []quote.Quote{
		draft(line("li_1", oneTime("a", 1099), 2)),
		func() quote.Quote {
			q := draft(line("li_1", oneTime("a", 1099), 2), line("li_2", monthly("m", 500), 4))
			q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_in", "10", true), taxRate("txr_ex", "5", false)}
			q.Discounts = []quote.Discount{amountOff("di_off", 300, quote.DurationOnce)}
			return q
		}(),
		func() quote.Quote {
			q := draft(line("li_1", oneTime("a", 1099), 2), line("li_2", monthly("m", 500), 4))
			q.SubscriptionData.EffectiveDate = t0.AddDate(0, 0, 3)
			q.Discounts = []quote.Discount{percentOff("di", "5", quote.DurationForever)}
			q.DefaultTaxRates = []quote.TaxRate{taxRate("txr", "8.25", false)}
			return q
		}(),
	} {
		open, err := q.Finalize(t0)
		if err != nil {
			t.Fatal(err)
		}
		_, o, err := open.Accept(t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		name, v := o.Object()
		first, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var again any
		switch name {
		case "invoice":
			var x quote.Invoice
			err = json.Unmarshal(first, &x)
			again = x
		case "subscription":
			var x quote.Subscription
			err = json.Unmarshal(first, &x)
			again = x
		default:
			var x quote.SubscriptionSchedule
			err = json.Unmarshal(first, &x)
			again = x
		}
		if err != nil {
			t.Fatalf("decode own %s: %v", name, err)
		}
		second, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, first, second) {
			t.Errorf("%s does not round-trip:\n- %s\n+ %s", name, first, second)
		}
	}
}

// checkRequired fails unless v's JSON has every key Stripe's schema (API
// 2023-08-16, copied to testdata/required.json) marks required for object.
func checkRequired(t *testing.T, object string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "required.json"))
	if err != nil {
		t.Fatal(err)
	}
	var required map[string]json.RawMessage
	if err := json.Unmarshal(b, &required); err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := json.Unmarshal(required[object], &keys); err != nil || len(keys) == 0 {
		t.Fatalf("no required keys for %s: %v", object, err)
	}
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, ok := doc[k]; !ok {
			t.Errorf("%s JSON lacks %q, which Stripe's schema requires", object, k)
		}
	}
}

// mutateAll changes every value reachable from v that can be set: numbers
// and strings, the values pointers point to, slice elements and map
// entries (each map also gains a key). Unexported fields are left alone.
func mutateAll(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			mutateAll(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutateAll(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			mutateAll(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			mutateAll(e)
			v.SetMapIndex(k, e)
		}
		if v.Type().Key().Kind() == reflect.String {
			k := reflect.New(v.Type().Key()).Elem()
			k.SetString("x_mutated")
			v.SetMapIndex(k, reflect.Zero(v.Type().Elem()))
		}
	case reflect.Int64:
		if v.CanSet() {
			v.SetInt(v.Int() + 7)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + "_mutated")
		}
	case reflect.Bool:
		if v.CanSet() {
			v.SetBool(!v.Bool())
		}
	}
}

// TestAccept_SharesNoMemory: the objects acceptance creates share no memory
// with the quote, either way: editing every field of the created objects
// (prices, discounts, tax rates, metadata, ...) leaves the accepted quote and
// the open one unchanged, and editing the quotes leaves the objects
// unchanged.
func TestAccept_SharesNoMemory(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		q.Metadata = map[string]string{"k": "v"}
		open, err := q.Finalize(q.Created)
		if err != nil {
			t.Fatal(err)
		}
		at := open.Created.Add(time.Minute)
		accepted, o, err := open.Accept(at)
		if err != nil {
			t.Fatal(err)
		}
		snapshot := func(vs ...any) string {
			b, err := json.Marshal(vs)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		quotes := snapshot(open, accepted)
		mutateAll(reflect.ValueOf(&o))
		if got := snapshot(open, accepted); got != quotes {
			t.Fatalf("editing the created objects edited the quote: %s", firstDiff(quotes, got))
		}
		accepted2, o2, err := open.Accept(at)
		if err != nil {
			t.Fatal(err)
		}
		objects := snapshot(o2.Invoice, o2.Subscription, o2.SubscriptionSchedule)
		mutateAll(reflect.ValueOf(&open))
		mutateAll(reflect.ValueOf(&accepted2))
		if got := snapshot(o2.Invoice, o2.Subscription, o2.SubscriptionSchedule); got != objects {
			t.Fatalf("editing the quote edited the created objects: %s", firstDiff(objects, got))
		}
	})
}

// firstDiff shows where two texts first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("\n- ...%s\n+ ...%s", a[from:min(len(a), i+60)], b[from:min(len(b), i+60)])
}
