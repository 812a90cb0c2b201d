package subscription_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The basil key sets (stripe-go v82.5.1's json tags, API 2025-08-27.basil)
// of the objects a value built in Go writes.
var (
	basilSubscriptionKeys = []string{"application", "application_fee_percent", "automatic_tax",
		"billing_cycle_anchor", "billing_cycle_anchor_config", "billing_mode", "billing_thresholds", "cancel_at",
		"cancel_at_period_end", "canceled_at", "cancellation_details", "collection_method", "created", "currency",
		"customer", "days_until_due", "default_payment_method", "default_source", "default_tax_rates", "description",
		"discounts", "ended_at", "id", "invoice_settings", "items", "latest_invoice", "livemode", "metadata",
		"next_pending_invoice_item_invoice", "object", "on_behalf_of", "pause_collection", "payment_settings",
		"pending_invoice_item_interval", "pending_setup_intent", "pending_update", "schedule", "start_date", "status",
		"test_clock", "transfer_data", "trial_end", "trial_settings", "trial_start"}
	basilItemKeys = []string{"billing_thresholds", "created", "current_period_end", "current_period_start",
		"discounts", "id", "metadata", "object", "plan", "price", "quantity", "subscription", "tax_rates"}
	basilScheduleKeys = []string{"application", "billing_mode", "canceled_at", "completed_at", "created",
		"current_phase", "customer", "default_settings", "end_behavior", "id", "livemode", "metadata", "object",
		"phases", "released_at", "released_subscription", "status", "subscription", "test_clock"}
	basilSettingsKeys = []string{"application_fee_percent", "automatic_tax", "billing_cycle_anchor",
		"billing_thresholds", "collection_method", "default_payment_method", "description", "invoice_settings",
		"on_behalf_of", "transfer_data"}
	basilPhaseKeys = []string{"add_invoice_items", "application_fee_percent", "automatic_tax",
		"billing_cycle_anchor", "billing_thresholds", "collection_method", "currency", "default_payment_method",
		"default_tax_rates", "description", "discounts", "end_date", "invoice_settings", "items", "metadata",
		"on_behalf_of", "proration_behavior", "start_date", "transfer_data", "trial_end"}
	basilPhaseItemKeys  = []string{"billing_thresholds", "discounts", "metadata", "plan", "price", "quantity", "tax_rates"}
	basilAddedItemKeys  = []string{"discounts", "metadata", "period", "price", "quantity", "tax_rates"}
	basilAnchorConfKeys = []string{"day_of_month", "hour", "minute", "month", "second"}
)

const (
	wireApr1 = 1743465600 // 2025-04-01T00:00Z
	wireMay1 = 1746057600 // 2025-05-01T00:00Z
)

func wireTime(s int64) time.Time { return time.Unix(s, 0).UTC() }

func wirePrice(id string, amount int64) pricing.Price {
	return pricing.Price{ID: id, Active: true, BillingScheme: pricing.PerUnit, Currency: "usd",
		Product: "prod_" + id, Type: pricing.RecurringType, UnitAmount: &amount,
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}
}

func wireCoupon(id string, pct int64) invoice.Coupon {
	return invoice.Coupon{ID: id, PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(pct)), Duration: invoice.DurationForever, Valid: true}
}

// wireBuiltSubscription is a subscription built in Go: two items (the second
// with its own, empty, tax rates), two discounts, an anchor config, a
// default tax rate and an expanded latest invoice.
func wireBuiltSubscription() subscription.Subscription {
	vat := invoice.TaxRate{ID: "txr_vat", Active: true, DisplayName: "VAT", Percentage: decimal.NewFromInt(20)}
	day := int64(1)
	return subscription.Subscription{
		ID: "sub_1", Customer: "cus_1", Currency: "usd", CollectionMethod: invoice.ChargeAutomatically,
		Status: subscription.StatusActive, Created: wireTime(wireApr1), StartDate: wireTime(wireApr1),
		BillingCycleAnchor: wireTime(wireApr1), AnchorConfig: &subscription.AnchorConfig{DayOfMonth: &day},
		Items: []subscription.Item{
			{ID: "si_a", Created: wireTime(wireApr1), CurrentPeriodStart: wireTime(wireApr1), CurrentPeriodEnd: wireTime(wireMay1),
				Price: wirePrice("price_seat", 2000), Quantity: 3, Subscription: "sub_1"},
			{ID: "si_b", Created: wireTime(wireApr1), CurrentPeriodStart: wireTime(wireApr1), CurrentPeriodEnd: wireTime(wireMay1),
				Price: wirePrice("price_addon", 500), Quantity: 1, Subscription: "sub_1", TaxRates: []invoice.TaxRate{},
				Discounts: []invoice.Discount{{ID: "di_item", Coupon: wireCoupon("co_5", 5)}}},
		},
		Discounts:       []invoice.Discount{{ID: "di_1", Coupon: wireCoupon("co_10", 10)}, {ID: "di_2", Coupon: wireCoupon("co_20", 20)}},
		DefaultTaxRates: []invoice.TaxRate{vat},
		Metadata:        map[string]string{"order": "42"},
		LatestInvoice: &invoice.Invoice{ID: "in_1", Customer: "cus_1", Currency: "usd", CollectionMethod: invoice.ChargeAutomatically,
			BillingReason: invoice.ReasonSubscriptionCreate, Created: wireTime(wireApr1), PeriodStart: wireTime(wireApr1),
			PeriodEnd: wireTime(wireApr1), Status: "draft", Subtotal: 6500, Total: 6500, AmountDue: 6500, AmountRemaining: 6500},
	}
}

// wireBuiltSchedule is a schedule built in Go: one phase with an item, a
// one-time item and a discount.
func wireBuiltSchedule() subscription.Schedule {
	return subscription.Schedule{
		ID: "sub_sched_1", Customer: "cus_1", Created: wireTime(wireApr1), Status: "not_started", EndBehavior: "release",
		CollectionMethod: invoice.ChargeAutomatically,
		Phases: []subscription.Phase{{
			StartDate: wireTime(wireMay1), EndDate: wireTime(wireMay1 + 30*86400), Currency: "usd",
			Items:           []subscription.PhaseItem{{Price: wirePrice("price_seat", 2000), Quantity: 3}},
			AddInvoiceItems: []subscription.PhaseItem{{Price: pricing.Price{ID: "price_setup", Type: pricing.OneTime, Currency: "usd"}, Quantity: 1}},
			Discounts:       []invoice.Discount{{ID: "di_1", Coupon: wireCoupon("co_10", 10)}},
		}},
	}
}

// wireDocs is every object of testdata/fixtures.json by its "object",
// with the objects nested in them, and the JSON of the values built in Go.
func wireDocs(t *testing.T) map[string][][]byte {
	t.Helper()
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Subscription         map[string]json.RawMessage `json:"subscription"`
		SubscriptionItem     map[string]json.RawMessage `json:"subscription_item"`
		SubscriptionSchedule map[string]json.RawMessage `json:"subscription_schedule"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	w := map[string][][]byte{}
	collect := func(doc []byte) {
		v, err := wiretest.Value(doc)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				switch x["object"] {
				case "subscription", "subscription_item", "subscription_schedule":
					b, _ := json.Marshal(x)
					w[x["object"].(string)] = append(w[x["object"].(string)], b)
				}
				keys := make([]string, 0, len(x))
				for k := range x {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					walk(x[k])
				}
			case []any:
				for _, c := range x {
					walk(c)
				}
			}
		}
		walk(v)
	}
	for _, group := range []map[string]json.RawMessage{f.Subscription, f.SubscriptionItem, f.SubscriptionSchedule} {
		names := make([]string, 0, len(group))
		for n := range group {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			collect(group[n])
		}
	}
	for _, v := range []any{wireBuiltSubscription(), wireBuiltSchedule()} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		collect(b)
	}
	return w
}

// wireInjectDeep adds unknown keys (wiretest.Inject) to the object doc and to
// the objects nested in it, and drops some of their keys. Prices and plans
// are pricing's (its own properties cover them), metadata holds only
// strings, and a phase item's plan is kept as it came: none gets keys.
func wireInjectDeep(t *rapid.T, doc []byte) []byte {
	return wiretest.InjectDeep(t, doc, func(k string, _ map[string]any) bool {
		return k == "price" || k == "plan" || k == "metadata"
	})
}

// TestJSON_RoundTripUnknownKeys: for every object type of the package, any
// object (Stripe's fixtures of several API versions, the objects nested in
// them, values built in Go) with unknown keys injected at every level and
// some keys dropped decodes and encodes back to the same JSON value.
func TestJSON_RoundTripUnknownKeys(t *testing.T) {
	docs := wireDocs(t)
	types := []struct {
		object string
		value  func() any // a pointer to a new value
	}{
		{"subscription", func() any { return new(subscription.Subscription) }},
		{"subscription_item", func() any { return new(subscription.Item) }},
		{"subscription_schedule", func() any { return new(subscription.Schedule) }},
	}
	for _, tt := range types {
		t.Run(tt.object, func(t *testing.T) {
			if len(docs[tt.object]) < 2 {
				t.Fatalf("%d %s fixtures", len(docs[tt.object]), tt.object)
			}
			rapid.Check(t, func(t *rapid.T) {
				in := wireInjectDeep(t, rapid.SampledFrom(docs[tt.object]).Draw(t, "fixture"))
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

// TestJSON_FixturesExact: each fixture decodes to the values it shows and
// encodes back to itself.
func TestJSON_FixturesExact(t *testing.T) {
	docs := wireDocs(t)
	for _, doc := range docs["subscription"] {
		var s subscription.Subscription
		if err := json.Unmarshal(doc, &s); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if eq, _ := wiretest.Equal(doc, out); !eq {
			t.Errorf("subscription %s: %s", s.ID, wiretest.Diff(doc, out))
		}
	}
	var cur struct {
		Subscription map[string]json.RawMessage `json:"subscription"`
	}
	b, _ := os.ReadFile("testdata/fixtures.json")
	if err := json.Unmarshal(b, &cur); err != nil {
		t.Fatal(err)
	}
	var s subscription.Subscription
	if err := json.Unmarshal(cur.Subscription["current"], &s); err != nil {
		t.Fatal(err)
	}
	it := s.Items[0]
	if s.ID != "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw" || s.Status != subscription.StatusActive || s.BillingMode != subscription.Classic ||
		s.AnchorConfig == nil || *s.AnchorConfig.DayOfMonth != 1361669285 || s.AnchorConfig.Hour != nil ||
		s.CancelAt.Unix() != 1234567890 || !s.CancelAtPeriodEnd || s.LatestInvoice != nil || s.DaysUntilDue != nil ||
		s.DefaultTaxRates == nil || len(s.DefaultTaxRates) != 0 || s.Customer != "cus_QXg1o8vcGmoR32" {
		t.Errorf("current subscription decoded as %+v", s)
	}
	if len(s.Items) != 1 || it.ID != "si_QXhVnC2h0Jczwc" || it.CurrentPeriodEnd.Unix() != 976287773 ||
		it.CurrentPeriodStart.Unix() != 1896570518 || it.Price.ID != "price_1PgafmB7WZ01zgkW6dKueIc5" ||
		it.Price.UnitAmount == nil || *it.Price.UnitAmount != 2000 || it.Quantity != 1 || it.TaxRates == nil || len(it.TaxRates) != 0 {
		t.Errorf("current item decoded as %+v", it)
	}
	// The 2023 shape: current_period_* on the subscription (kept), an
	// expanded latest_invoice of that version.
	var old subscription.Subscription
	if err := json.Unmarshal(cur.Subscription["api_2023_08_16"], &old); err != nil {
		t.Fatal(err)
	}
	if old.LatestInvoice == nil || old.LatestInvoice.ID != "in_f688a824a4270a9a478300fba0075ca1" || len(old.Discounts) != 1 ||
		!old.Discounts[0].Unexpanded || old.BillingMode != "" || !old.Items[0].CurrentPeriodStart.IsZero() {
		t.Errorf("2023 subscription decoded as %+v", old)
	}
}

// TestSubscription_BuiltInGoIsBasil: a subscription built in Go encodes in
// the basil shape (its current periods on the items, none on the
// subscription; billing_mode classic; discounts as ids; latest_invoice
// expanded) and decodes back to the same subscription.
func TestSubscription_BuiltInGoIsBasil(t *testing.T) {
	s := wireBuiltSubscription()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	wireCheckKeys(t, "subscription", m, basilSubscriptionKeys)
	if _, ok := m["current_period_start"]; ok {
		t.Errorf("top-level current_period_start in %s", b)
	}
	if bm, _ := m["billing_mode"].(map[string]any); len(bm) != 1 || bm["type"] != "classic" {
		t.Errorf("billing_mode = %v, want {type: classic}", m["billing_mode"])
	}
	if fmt.Sprint(m["discounts"]) != "[di_1 di_2]" {
		t.Errorf("discounts = %v, want ids", m["discounts"])
	}
	wireCheckKeys(t, "billing_cycle_anchor_config", m["billing_cycle_anchor_config"].(map[string]any), basilAnchorConfKeys)
	items := m["items"].(map[string]any)
	if items["object"] != "list" || items["url"] != "/v1/subscription_items?subscription=sub_1" || items["has_more"] != false {
		t.Errorf("items = %v", items)
	}
	data := items["data"].([]any)
	if len(data) != 2 {
		t.Fatalf("%d items", len(data))
	}
	for i, d := range data {
		it := d.(map[string]any)
		wireCheckKeys(t, fmt.Sprintf("items.data[%d]", i), it, basilItemKeys)
		if it["current_period_start"] != float64(wireApr1) || it["current_period_end"] != float64(wireMay1) {
			t.Errorf("items.data[%d] period %v - %v", i, it["current_period_start"], it["current_period_end"])
		}
		plan, _ := it["plan"].(map[string]any)
		price, _ := it["price"].(map[string]any)
		if plan["object"] != "plan" || plan["id"] != price["id"] || plan["interval"] != "month" || price["object"] != "price" {
			t.Errorf("items.data[%d] plan %v price %v", i, plan, price)
		}
	}
	if data[0].(map[string]any)["tax_rates"] != nil {
		t.Errorf("items.data[0].tax_rates (nil: the defaults) = %v, want null", data[0].(map[string]any)["tax_rates"])
	}
	if r, ok := data[1].(map[string]any)["tax_rates"].([]any); !ok || len(r) != 0 {
		t.Errorf("items.data[1].tax_rates (empty) = %v, want []", data[1].(map[string]any)["tax_rates"])
	}
	if fmt.Sprint(data[1].(map[string]any)["discounts"]) != "[di_item]" {
		t.Errorf("items.data[1].discounts = %v, want ids", data[1].(map[string]any)["discounts"])
	}
	if inv, _ := m["latest_invoice"].(map[string]any); inv["object"] != "invoice" || inv["id"] != "in_1" {
		t.Errorf("latest_invoice = %v, want the expanded invoice", m["latest_invoice"])
	}

	var back subscription.Subscription
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != s.ID || back.Customer != s.Customer || back.Currency != s.Currency || back.Status != s.Status ||
		back.CollectionMethod != s.CollectionMethod || !back.Created.Equal(s.Created) || !back.StartDate.Equal(s.StartDate) ||
		!back.BillingCycleAnchor.Equal(s.BillingCycleAnchor) || *back.AnchorConfig.DayOfMonth != 1 || back.AnchorConfig.Month != nil ||
		back.BillingMode != subscription.Classic || !back.CancelAt.IsZero() || back.CancelAtPeriodEnd || back.DaysUntilDue != nil ||
		back.LatestInvoice == nil || back.LatestInvoice.ID != "in_1" || back.LatestInvoice.Total != 6500 ||
		back.Metadata["order"] != "42" || len(back.DefaultTaxRates) != 1 || !back.DefaultTaxRates[0].Percentage.Equal(decimal.NewFromInt(20)) {
		t.Errorf("decoded back as %+v", back)
	}
	for i, d := range back.Discounts {
		if d.ID != s.Discounts[i].ID {
			t.Errorf("discounts[%d] = %s, want %s", i, d.ID, s.Discounts[i].ID)
		}
	}
	if len(back.Items) != 2 {
		t.Fatalf("%d items back", len(back.Items))
	}
	for i, it := range back.Items {
		want := s.Items[i]
		if it.ID != want.ID || !it.Price.Equal(want.Price) || it.Quantity != want.Quantity || it.Subscription != want.Subscription ||
			!it.CurrentPeriodStart.Equal(want.CurrentPeriodStart) || !it.CurrentPeriodEnd.Equal(want.CurrentPeriodEnd) ||
			(it.TaxRates == nil) != (want.TaxRates == nil) || len(it.Discounts) != len(want.Discounts) {
			t.Errorf("items[%d] back as %+v, want %+v", i, it, want)
		}
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if eq, _ := wiretest.Equal(b, again); !eq {
		t.Errorf("re-encoding differs: %s", wiretest.Diff(b, again))
	}
}

// TestSubscription_BillingMode: "" is classic when built in Go; a decoded
// subscription keeps its billing_mode as it came (null, absent, flexible
// with a newer API's members).
func TestSubscription_BillingMode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"object":"subscription","id":"sub_1","billing_mode":null}`, ""},
		{`{"object":"subscription","id":"sub_1"}`, ""},
		{`{"object":"subscription","id":"sub_1","billing_mode":{"type":"flexible","flexible":{"proration_discounts":"itemized"},"updated_at":1743465600}}`, "flexible"},
		{`{"object":"subscription","id":"sub_1","billing_mode":{"type":"classic","x_new":1}}`, "classic"},
	} {
		var s subscription.Subscription
		if err := json.Unmarshal([]byte(tt.in), &s); err != nil {
			t.Fatal(err)
		}
		if string(s.BillingMode) != tt.want {
			t.Errorf("%s: mode %q, want %q", tt.in, s.BillingMode, tt.want)
		}
		out, _ := json.Marshal(s)
		if eq, _ := wiretest.Equal([]byte(tt.in), out); !eq {
			t.Errorf("%s encodes as %s", tt.in, out)
		}
	}
	s := subscription.Subscription{ID: "sub_1", BillingMode: subscription.Flexible, BillingModeUpdatedAt: wireTime(wireApr1)}
	b, _ := json.Marshal(s)
	if !strings.Contains(string(b), `"billing_mode":{"type":"flexible","updated_at":1743465600}`) {
		t.Errorf("flexible built in Go: %s", b)
	}
}

// TestItem_PlanAndTaxRates: a decoded item keeps the plan it carried (an
// object or null) and gains none; its tax_rates null and [] stay apart.
func TestItem_PlanAndTaxRates(t *testing.T) {
	price := `{"id":"price_1","object":"price","currency":"usd","type":"recurring","recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"},"unit_amount":100}`
	for _, in := range []string{
		`{"object":"subscription_item","id":"si_1","price":` + price + `,"plan":null,"tax_rates":null}`,
		`{"object":"subscription_item","id":"si_1","price":` + price + `,"tax_rates":[]}`,
		`{"object":"subscription_item","id":"si_1","price":` + price + `,"plan":{"id":"plan_old","object":"plan","interval":"year","currency":"eur"}}`,
	} {
		var it subscription.Item
		if err := json.Unmarshal([]byte(in), &it); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(it)
		if eq, _ := wiretest.Equal([]byte(in), out); !eq {
			t.Errorf("%s\nencodes as %s", in, out)
		}
	}
	var it subscription.Item
	if err := json.Unmarshal([]byte(`{"id":"si_1","tax_rates":null}`), &it); err != nil || it.TaxRates != nil {
		t.Errorf("tax_rates null: %v %v", it.TaxRates, err)
	}
	if err := json.Unmarshal([]byte(`{"id":"si_1","tax_rates":[]}`), &it); err != nil || it.TaxRates == nil {
		t.Errorf("tax_rates []: %v %v", it.TaxRates, err)
	}
	// Built in Go: a one-time price has no plan.
	b, _ := json.Marshal(subscription.Item{ID: "si_2", Price: pricing.Price{ID: "setup", Type: pricing.OneTime, Currency: "usd"}})
	if !strings.Contains(string(b), `"plan":null`) {
		t.Errorf("one-time item: %s", b)
	}
}

// TestSchedule_BuiltInGoIsBasil: a schedule built in Go encodes in the
// basil shape, phase items name their price and plan by id, and it decodes
// back to the same JSON.
func TestSchedule_BuiltInGoIsBasil(t *testing.T) {
	s := wireBuiltSchedule()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	wireCheckKeys(t, "subscription_schedule", m, basilScheduleKeys)
	wireCheckKeys(t, "default_settings", m["default_settings"].(map[string]any), basilSettingsKeys)
	if bm, _ := m["billing_mode"].(map[string]any); bm["type"] != "classic" {
		t.Errorf("billing_mode = %v", m["billing_mode"])
	}
	ph := m["phases"].([]any)[0].(map[string]any)
	wireCheckKeys(t, "phases[0]", ph, basilPhaseKeys)
	if ph["proration_behavior"] != "create_prorations" || ph["invoice_settings"] != nil {
		t.Errorf("phase proration_behavior %v invoice_settings %v", ph["proration_behavior"], ph["invoice_settings"])
	}
	item := ph["items"].([]any)[0].(map[string]any)
	wireCheckKeys(t, "phases[0].items[0]", item, basilPhaseItemKeys)
	if item["price"] != "price_seat" || item["plan"] != "price_seat" || item["quantity"] != float64(3) {
		t.Errorf("phase item %v", item)
	}
	wireCheckKeys(t, "phases[0].add_invoice_items[0]", ph["add_invoice_items"].([]any)[0].(map[string]any), basilAddedItemKeys)
	if fmt.Sprint(ph["discounts"]) != "[map[coupon:co_10 discount:<nil> promotion_code:<nil>]]" {
		t.Errorf("phase discounts %v", ph["discounts"])
	}
	var back subscription.Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != s.ID || len(back.Phases) != 1 || back.Phases[0].Items[0].Price.ID != "price_seat" ||
		back.Phases[0].ProrationBehavior != subscription.CreateProrations || !back.Phases[0].EndDate.Equal(s.Phases[0].EndDate) ||
		back.Phases[0].Discounts[0].Coupon.ID != "co_10" || back.CollectionMethod != invoice.ChargeAutomatically {
		t.Errorf("decoded back as %+v", back)
	}
	again, _ := json.Marshal(back)
	if eq, _ := wiretest.Equal(b, again); !eq {
		t.Errorf("re-encoding differs: %s", wiretest.Diff(b, again))
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
		var s subscription.Schedule
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

// TestJSON_CaseVariantKeyRefused: a key that differs from a modelled one
// only in case is refused at any level, naming it, and leaves the value
// unchanged; a case-variant of a key the package does not model is kept.
func TestJSON_CaseVariantKeyRefused(t *testing.T) {
	tests := []struct {
		name, in, field string
		value           func() any
	}{
		{"top level", `{"object":"subscription","id":"sub_1","status":"active","STATUS":"canceled"}`, "STATUS", wireNewSub},
		{"alone", `{"object":"subscription","id":"sub_1","Cancel_At":1743465600}`, "Cancel_At", wireNewSub},
		{"billing mode", `{"object":"subscription","id":"sub_1","billing_mode":{"Type":"flexible"}}`, "billing_mode.Type", wireNewSub},
		{"anchor config", `{"object":"subscription","id":"sub_1","billing_cycle_anchor_config":{"day_of_month":1,"Day_Of_Month":31}}`, "billing_cycle_anchor_config.Day_Of_Month", wireNewSub},
		{"in an item", `{"object":"subscription","id":"sub_1","items":{"object":"list","data":[{"object":"subscription_item","QUANTITY":2}]}}`, "items.data[0].QUANTITY", wireNewSub},
		{"in the list", `{"object":"subscription","id":"sub_1","items":{"object":"list","Data":[]}}`, "items.Data", wireNewSub},
		{"unicode folding", `{"object":"subscription","id":"sub_1","trial_ſtart":1743465600}`, "trial_ſtart", wireNewSub},
		{"item", `{"object":"subscription_item","id":"si_1","Tax_Rates":[]}`, "Tax_Rates", func() any { return new(subscription.Item) }},
		{"phase", `{"object":"subscription_schedule","id":"sub_sched_1","phases":[{"End_Date":1}]}`, "phases[0].End_Date", wireNewSched},
		{"phase item", `{"object":"subscription_schedule","id":"sub_sched_1","phases":[{"items":[{"Price":"p"}]}]}`, "phases[0].items[0].Price", wireNewSched},
		{"settings", `{"object":"subscription_schedule","id":"sub_sched_1","default_settings":{"invoice_settings":{"Days_Until_Due":3}}}`, "default_settings.invoice_settings.Days_Until_Due", wireNewSched},
		{"change", `{"proration_behavior":"none","Proration_Behavior":"always_invoice"}`, "Proration_Behavior", wireNewChange},
		{"change item", `{"items":[{"id":"si_1","Deleted":true}]}`, "items[0].Deleted", wireNewChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.value()
			before, _ := json.Marshal(v)
			err := json.Unmarshal([]byte(tt.in), v)
			var fe *subscription.FieldError
			if !errors.Is(err, subscription.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError (ErrInvalidJSON) naming %s", err, tt.field)
			}
			if after, _ := json.Marshal(v); string(after) != string(before) {
				t.Errorf("a refused decode changed the value: %s", after)
			}
		})
	}
	in := `{"object":"subscription","id":"sub_1","status":"active","transfer_data":{"Destination":"acct_1"},"On_Behalf_Of":null}`
	var s subscription.Subscription
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(s)
	if eq, _ := wiretest.Equal([]byte(in), out); !eq {
		t.Errorf("unmodelled case variants: %s", out)
	}
}

func wireNewSub() any    { return &subscription.Subscription{ID: "sub_untouched"} }
func wireNewSched() any  { return &subscription.Schedule{ID: "sub_sched_untouched"} }
func wireNewChange() any { return &subscription.Change{CancelNow: true} }

// TestJSON_UnixTimes: 0 (stripe-go's nil time) is null; a time outside
// 1970 to 9999 is refused, naming the field.
func TestJSON_UnixTimes(t *testing.T) {
	for _, tt := range []struct{ in, field string }{
		{`{"object":"subscription","trial_end":-1}`, "trial_end"},
		{`{"object":"subscription","items":{"data":[{"current_period_end":253402300800}]}}`, "items.data[0].current_period_end"},
		{`{"object":"subscription","billing_mode":{"type":"classic","updated_at":-5}}`, "billing_mode.updated_at"},
		{`{"object":"subscription_schedule","phases":[{"start_date":-1}]}`, "phases[0].start_date"},
		{`{"cancel_at":-1}`, "cancel_at"},
	} {
		var v any = new(subscription.Subscription)
		switch {
		case strings.Contains(tt.in, "subscription_schedule"):
			v = new(subscription.Schedule)
		case !strings.Contains(tt.in, "object"):
			v = new(subscription.Change)
		}
		err := json.Unmarshal([]byte(tt.in), v)
		var fe *subscription.FieldError
		if !errors.Is(err, subscription.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: err = %v, want a FieldError naming %s", tt.in, err, tt.field)
		}
	}
	var s subscription.Subscription
	if err := json.Unmarshal([]byte(`{"object":"subscription","canceled_at":0,"ended_at":0,"trial_start":0,"trial_end":253402300799}`), &s); err != nil {
		t.Fatal(err)
	}
	if !s.CanceledAt.IsZero() || !s.EndedAt.IsZero() || !s.TrialStart.IsZero() || s.TrialEnd.Year() != 9999 {
		t.Errorf("canceled_at %v ended_at %v trial_start %v (want null), trial_end %v", s.CanceledAt, s.EndedAt, s.TrialStart, s.TrialEnd)
	}
}

// TestChange_Decode: the api.md example decodes, its price whole.
func TestChange_Decode(t *testing.T) {
	b, err := os.ReadFile("testdata/change.json")
	if err != nil {
		t.Fatal(err)
	}
	var c subscription.Change
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 2 || c.ProrationBehavior != subscription.AlwaysInvoice || c.ProrationDate.Unix() != 1744761600 ||
		c.CancelAt.Unix() != 1748736000 || c.CancelAtPeriodEnd == nil || *c.CancelAtPeriodEnd || c.TrialEnd.Unix() != 1746057600 ||
		c.CancelNow || c.Discounts != nil {
		t.Fatalf("change decoded as %+v", c)
	}
	seat, addon := c.Items[0], c.Items[1]
	if seat.ID != "si_seat" || seat.Price == nil || seat.Quantity == nil || *seat.Quantity != 3 || seat.Deleted || seat.TaxRates != nil {
		t.Fatalf("items[0] decoded as %+v", seat)
	}
	if p := seat.Price; p.ID != "price_seat_2000" || p.Currency != "usd" || *p.UnitAmount != 2000 || p.Recurring.Interval != pricing.Month || p.Validate() != nil {
		t.Errorf("items[0].price decoded as %+v (%v)", p, p.Validate())
	}
	if amt, err := seat.Price.Amount(3); err != nil || amt != 6000 {
		t.Errorf("items[0].price prices 3 at %d, %v", amt, err)
	}
	if addon.ID != "si_addon" || !addon.Deleted || addon.Price != nil || addon.Quantity != nil {
		t.Errorf("items[1] decoded as %+v", addon)
	}
	// Encoding writes the parameters set, and reads back the same.
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if eq, _ := wiretest.Equal(b, out); !eq {
		t.Errorf("change encodes differently: %s", wiretest.Diff(b, out))
	}
}

// TestChange_RoundTrip: a change built in Go writes only what it sets and
// decodes back to the same change.
func TestChange_RoundTrip(t *testing.T) {
	f := false
	qty := int64(0)
	p := wirePrice("price_new", 1500)
	for _, c := range []subscription.Change{
		{},
		{CancelNow: true, ProrationBehavior: subscription.None},
		{CancelAtPeriodEnd: &f, Discounts: []invoice.Discount{}},
		{Items: []subscription.ItemChange{{Price: &p, Quantity: &qty, TaxRates: []invoice.TaxRate{{ID: "txr_1", Unexpanded: true}}},
			{ID: "si_1", Discounts: []invoice.Discount{{ID: "di_1", Coupon: wireCoupon("co_10", 10)}, {ID: "di_2", Unexpanded: true}}}},
			Discounts: []invoice.Discount{{ID: "di_3", Unexpanded: true}}, TrialEnd: wireTime(wireMay1)},
	} {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back subscription.Change
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		again, _ := json.Marshal(back)
		if eq, _ := wiretest.Equal(b, again); !eq {
			t.Errorf("%s\nreads back as %s", b, again)
		}
		if (back.CancelAtPeriodEnd == nil) != (c.CancelAtPeriodEnd == nil) || (back.Discounts == nil) != (c.Discounts == nil) ||
			len(back.Items) != len(c.Items) || back.CancelNow != c.CancelNow || back.ProrationBehavior != c.ProrationBehavior ||
			!back.TrialEnd.Equal(c.TrialEnd) {
			t.Errorf("%s reads back as %+v", b, back)
		}
		for i := range c.Items {
			w, g := c.Items[i], back.Items[i]
			if g.ID != w.ID || (g.Price == nil) != (w.Price == nil) || (g.Price != nil && !g.Price.Equal(*w.Price)) ||
				(g.Quantity == nil) != (w.Quantity == nil) || (g.TaxRates == nil) != (w.TaxRates == nil) || len(g.Discounts) != len(w.Discounts) {
				t.Errorf("items[%d] reads back as %+v, want %+v", i, g, w)
			}
		}
	}
	if b, _ := json.Marshal(subscription.Change{}); string(b) != "{}" {
		t.Errorf("empty change: %s", b)
	}
}

// TestChange_Refused: a parameter the package does not apply, a
// proration_behavior other than the three, and a price given as an id are
// refused naming the field; the change is left unchanged.
func TestChange_Refused(t *testing.T) {
	for _, tt := range []struct{ name, in, field string }{
		{"unknown top level", `{"proration_behavior":"none","payment_behavior":"allow_incomplete"}`, "payment_behavior"},
		{"unknown metadata", `{"metadata":{"a":"b"}}`, "metadata"},
		{"unknown in an item", `{"items":[{"id":"si_1","quantity":2},{"id":"si_2","clear_usage":true}]}`, "items[1].clear_usage"},
		{"bad proration_behavior", `{"proration_behavior":"prorate"}`, "proration_behavior"},
		{"proration_behavior case", `{"proration_behavior":"None"}`, "proration_behavior"},
		{"price id", `{"items":[{"id":"si_1","price":"price_2000"}]}`, "items[0].price"},
		{"bad price", `{"items":[{"id":"si_1","price":{"object":"price","unit_amount":"ten"}}]}`, "items[0].price.unit_amount"},
		{"trial_end now", `{"trial_end":"now"}`, "trial_end"},
		{"not an object", `[]`, ""},
		{"item not an object", `{"items":["si_1"]}`, "items[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := subscription.Change{CancelNow: true}
			err := json.Unmarshal([]byte(tt.in), &c)
			var fe *subscription.FieldError
			if !errors.Is(err, subscription.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError (ErrInvalidJSON) naming %q", err, tt.field)
			}
			if !c.CancelNow || c.Items != nil || c.ProrationBehavior != "" {
				t.Errorf("a refused decode changed the change: %+v", c)
			}
			if tt.field != "" && !strings.Contains(err.Error(), tt.field) {
				t.Errorf("message %q does not name %s", err, tt.field)
			}
		})
	}
	var c subscription.Change
	if err := json.Unmarshal([]byte(`{"proration_behavior":null,"items":null,"cancel_at_period_end":null,"discounts":null}`), &c); err != nil ||
		c.ProrationBehavior != "" || c.Items != nil || c.CancelAtPeriodEnd != nil || c.Discounts != nil {
		t.Errorf("nulls: %+v %v", c, err)
	}
}

// wireCheckKeys reports the keys of obj (an object built in Go) that differ
// from want.
func wireCheckKeys(t *testing.T, name string, obj map[string]any, want []string) {
	t.Helper()
	got := make([]string, 0, len(obj))
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	want = slices.Sorted(slices.Values(want))
	var missing, extra []string
	for _, k := range want {
		if _, ok := obj[k]; !ok {
			missing = append(missing, k)
		}
	}
	for _, k := range got {
		if !slices.Contains(want, k) {
			extra = append(extra, k)
		}
	}
	if len(missing)+len(extra) > 0 {
		t.Errorf("%s: keys missing %v, not basil %v", name, missing, extra)
	}
}

// TestJSON_NullsAndIDsKept: a decoded object's nulls, bare ids and empty
// lists encode back as they came (a null nested object does not become {}).
func TestJSON_NullsAndIDsKept(t *testing.T) {
	for _, tt := range []struct {
		in    string
		value func() any
	}{
		{`{"object":"subscription","id":"sub_1","items":null,"latest_invoice":null,"billing_cycle_anchor_config":null,"billing_mode":null,"default_tax_rates":null,"discounts":null,"days_until_due":null}`, wireNewSub},
		{`{"object":"subscription","id":"sub_1","latest_invoice":"in_1","customer":"cus_1","schedule":"sub_sched_1","discounts":["di_1"],"default_tax_rates":["txr_1"]}`, wireNewSub},
		{`{"object":"subscription","id":"sub_1","items":{"object":"list","data":[],"has_more":false,"url":"/v1/subscription_items?subscription=sub_1"},"discounts":[],"metadata":{}}`, wireNewSub},
		{`{"object":"subscription","id":"sub_1","billing_cycle_anchor_config":{"day_of_month":31,"hour":null,"minute":0,"month":2,"second":null}}`, wireNewSub},
		{`{"object":"subscription_item","id":"si_1","price":null,"plan":null,"tax_rates":null,"discounts":null}`, func() any { return new(subscription.Item) }},
		{`{"object":"subscription_schedule","id":"sub_sched_1","default_settings":null,"billing_mode":null}`, wireNewSched},
		{`{"object":"subscription_schedule","id":"sub_sched_1","default_settings":{"invoice_settings":null}}`, wireNewSched},
		{`{"object":"subscription_schedule","id":"sub_sched_1","default_settings":{"invoice_settings":{"days_until_due":30}}}`, wireNewSched},
		{`{"object":"subscription_schedule","id":"sub_sched_1","phases":[{"invoice_settings":null,"items":null,"add_invoice_items":null,"discounts":null,"default_tax_rates":null,"proration_behavior":null}]}`, wireNewSched},
		{`{"object":"subscription_schedule","id":"sub_sched_1","phases":[{"items":[{"price":{"id":"price_1","object":"price","currency":"usd","type":"recurring","recurring":{"interval":"month","interval_count":1}},"tax_rates":[],"discounts":[{"coupon":null,"discount":"di_1","promotion_code":null}]}]}]}`, wireNewSched},
	} {
		v := tt.value()
		if err := json.Unmarshal([]byte(tt.in), v); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if eq, _ := wiretest.Equal([]byte(tt.in), out); !eq {
			t.Errorf("%s\nencodes as %s: %s", tt.in, out, wiretest.Diff([]byte(tt.in), out))
		}
	}
}
