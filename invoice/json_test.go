package invoice_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// loadFixtureGroups reads testdata/fixtures.json: group ("invoice",
// "line_item", "invoiceitem") -> name -> object.
func loadFixtureGroups(tb testing.TB) map[string]map[string]json.RawMessage {
	tb.Helper()
	b, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f map[string]json.RawMessage
	if err := json.Unmarshal(b, &f); err != nil {
		tb.Fatal(err)
	}
	out := map[string]map[string]json.RawMessage{}
	for group, raw := range f {
		if strings.HasPrefix(group, "_") {
			continue
		}
		var objs map[string]json.RawMessage
		if err := json.Unmarshal(raw, &objs); err != nil {
			tb.Fatal(err)
		}
		out[group] = objs
	}
	return out
}

// wireFixtures is every Stripe object of testdata by its "object" (the
// fixtures and the objects nested in them), and the JSON of the Go-built
// invoice and item of this file, so that every nested shape appears.
func wireFixtures(tb testing.TB) map[string][][]byte {
	tb.Helper()
	w := map[string][][]byte{}
	groups := loadFixtureGroups(tb)
	for _, group := range []string{"invoice", "line_item", "invoiceitem"} {
		names := make([]string, 0, len(groups[group]))
		for n := range groups[group] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			collect(tb, w, groups[group][n])
		}
	}
	for _, v := range []any{builtInvoice(), builtItem()} {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		collect(tb, w, b)
	}
	return w
}

// collect adds doc and the invoice objects nested in it to w.
func collect(tb testing.TB, w map[string][][]byte, doc []byte) {
	v, err := wiretest.Value(doc)
	if err != nil {
		tb.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			switch kind, _ := x["object"].(string); kind {
			case "invoice", "line_item", "invoiceitem":
				b, _ := json.Marshal(x)
				w[kind] = append(w[kind], b)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
}

// injectDeep adds unknown keys (wiretest.Inject) to the object doc and to
// the objects nested in it, and drops some of their keys: an object of
// another API version lacks keys, and must not gain them. Metadata holds
// only strings, so it gets none.
func injectDeep(t *rapid.T, doc []byte) []byte {
	return wiretest.InjectDeep(t, doc, func(k string, _ map[string]any) bool { return k == "metadata" })
}

// TestJSON_RoundTripUnknownKeys: for each object type, any fixture with
// unknown keys injected at every level and some keys dropped decodes and
// encodes back to the same JSON value.
func TestJSON_RoundTripUnknownKeys(t *testing.T) {
	fixtures := wireFixtures(t)
	types := []struct {
		object string
		value  func() any // a pointer to a new value
	}{
		{"invoice", func() any { return new(invoice.Invoice) }},
		{"line_item", func() any { return new(invoice.LineItem) }},
		{"invoiceitem", func() any { return new(invoice.Item) }},
	}
	for _, tt := range types {
		t.Run(tt.object, func(t *testing.T) {
			docs := fixtures[tt.object]
			if len(docs) < 3 {
				t.Fatalf("%d %s fixtures", len(docs), tt.object)
			}
			// Unchanged, every fixture round-trips.
			for _, doc := range docs {
				assertRoundTrip(t, doc, tt.value())
			}
			rapid.Check(t, func(t *rapid.T) {
				assertRoundTrip(t, injectDeep(t, rapid.SampledFrom(docs).Draw(t, "fixture")), tt.value())
			})
		})
	}
}

type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func assertRoundTrip(t fataler, in []byte, v any) {
	t.Helper()
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
}

// TestJSON_Fixtures reads the fixtures' values: the basil invoice, the
// 2023 shapes (their removed keys are unknown keys) and the generated
// examples with both details objects of a line's parent.
func TestJSON_Fixtures(t *testing.T) {
	g := loadFixtureGroups(t)
	var basil invoice.Invoice
	if err := json.Unmarshal(g["invoice"]["basil_subscription_cycle"], &basil); err != nil {
		t.Fatal(err)
	}
	if basil.Parent == nil || basil.Parent.Type != "subscription_details" || basil.Parent.Subscription != "sub_basil" ||
		basil.Parent.SubscriptionMetadata["plan"] != "team" || basil.Parent.ProrationDate.Unix() != 1756256400 || basil.Parent.Quote != "" {
		t.Errorf("parent = %+v", basil.Parent)
	}
	if basil.FinalizedAt.Unix() != 1756260000 || basil.DueDate != (time.Time{}) || basil.EndingBalance != nil ||
		basil.StartingBalance != -500 || basil.Total != 2140 || basil.AmountDue != 2640 || !basil.AutoAdvance {
		t.Errorf("invoice amounts or times: %+v", basil)
	}
	if len(basil.Discounts) != 1 || basil.Discounts[0].ID != "di_sub10" || !basil.Discounts[0].Unexpanded {
		t.Errorf("discounts = %+v", basil.Discounts)
	}
	if len(basil.DefaultTaxRates) != 1 || !basil.DefaultTaxRates[0].Percentage.Equal(decimal.NewFromInt(20)) {
		t.Errorf("default_tax_rates = %+v", basil.DefaultTaxRates)
	}
	if len(basil.TotalTaxes) != 1 || basil.TotalTaxes[0].Rate.ID != "txr_vat20" || basil.TotalTaxes[0].Amount != 387 ||
		basil.TotalTaxes[0].TaxableAmount != 1933 || basil.TotalTaxes[0].Rate.Inclusive {
		t.Errorf("total_taxes = %+v", basil.TotalTaxes)
	}
	wantCredits := []invoice.PretaxCreditAmount{
		{Amount: 300, Type: invoice.CreditDiscount, Discount: "di_sub10"},
		{Amount: 100, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"},
	}
	if !pretaxEqual(basil.TotalPretaxCreditAmounts, wantCredits) || !pretaxEqual(basil.Lines[1].PretaxCreditAmounts, wantCredits) {
		t.Errorf("pretax credits = %+v", basil.TotalPretaxCreditAmounts)
	}
	if len(basil.Lines) != 3 {
		t.Fatalf("%d lines", len(basil.Lines))
	}
	pr, cyc, flex := basil.Lines[0], basil.Lines[1], basil.Lines[2]
	if pr.Amount != -667 || pr.Discountable || pr.Parent.Type != invoice.ParentSubscriptionItem || !pr.Parent.Proration ||
		pr.Parent.InvoiceItem != "ii_1Rproration" || pr.Parent.SubscriptionItem != "si_pro" || pr.Parent.Subscription != "sub_basil" ||
		pr.Parent.CreditedItems != nil || pr.Price.ID != "price_pro" || pr.Price.Product != "prod_pro" ||
		!pr.Price.UnitAmountDecimal.Decimal.Equal(decimal.NewFromInt(2000)) || pr.PeriodStart.Unix() != 1756256400 ||
		pr.PeriodEnd.Unix() != 1759035600 || pr.Quantity != 1 || pr.TaxRates != nil {
		t.Errorf("proration line = %+v", pr)
	}
	if len(pr.Taxes) != 1 || pr.Taxes[0].Amount != -133 || pr.Taxes[0].TaxabilityReason != "standard_rated" {
		t.Errorf("proration taxes = %+v", pr.Taxes)
	}
	if len(cyc.DiscountAmounts) != 1 || cyc.DiscountAmounts[0].Amount != 300 || cyc.DiscountAmounts[0].Discount.ID != "di_sub10" ||
		cyc.Metadata["k"] != "v" || cyc.Parent.Proration {
		t.Errorf("cycle line = %+v", cyc)
	}
	if flex.Parent.Type != invoice.ParentInvoiceItem || flex.Parent.InvoiceItem != "ii_flex" || flex.Parent.CreditedItems == nil ||
		flex.Parent.CreditedItems.Invoice != "in_prev" || !slices.Equal(flex.Parent.CreditedItems.InvoiceLineItems, []string{"il_prev1", "il_prev2"}) ||
		flex.Price.UnitAmountDecimal.Decimal.String() != "3000.5" {
		t.Errorf("flexible credit line = %+v", flex)
	}

	// Generated example: parent.type invoice_item_details selects
	// invoice_item_details; subscription_item_details is carried.
	var cur invoice.Invoice
	if err := json.Unmarshal(g["invoice"]["current"], &cur); err != nil {
		t.Fatal(err)
	}
	if cur.Parent.Type != "quote_details" || cur.Parent.Quote != "quote" || cur.Parent.Subscription != "subscription" {
		t.Errorf("current parent = %+v", cur.Parent)
	}
	lp := cur.Lines[0].Parent
	if lp.Type != invoice.ParentInvoiceItem || lp.InvoiceItem != "invoice_item" || lp.Subscription != "" || lp.SubscriptionItem != "" {
		t.Errorf("current line parent = %+v", lp)
	}

	// API 2023-08-16: the removed keys are unknown keys.
	var old invoice.Invoice
	if err := json.Unmarshal(g["invoice"]["api_2023_quote_accept"], &old); err != nil {
		t.Fatal(err)
	}
	if old.Parent != nil || old.Total != 2198 || len(old.Lines) != 1 || old.Lines[0].Price.ID != "" || old.Lines[0].Quantity != 2 {
		t.Errorf("2023 invoice = %+v", old)
	}
	var oldItem invoice.Item
	if err := json.Unmarshal(g["invoiceitem"]["api_2023_proration"], &oldItem); err != nil {
		t.Fatal(err)
	}
	if oldItem.Subscription != "" || !oldItem.Proration || oldItem.Amount != -667 || oldItem.Date.Unix() != 1692144000 {
		t.Errorf("2023 item = %+v", oldItem)
	}

	var item invoice.Item
	if err := json.Unmarshal(g["invoiceitem"]["basil_proration"], &item); err != nil {
		t.Fatal(err)
	}
	if item.Subscription != "sub_basil" || item.SubscriptionItem != "si_team" || item.Price.ID != "price_team" ||
		item.Invoice != "in_next" || len(item.Discounts) != 2 || item.Discounts[0].Unexpanded || !item.Discounts[1].Unexpanded ||
		len(item.TaxRates) != 2 || !item.TaxRates[1].Unexpanded {
		t.Errorf("basil item = %+v", item)
	}
}

func pretaxEqual(a, b []invoice.PretaxCreditAmount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Amount != b[i].Amount || a[i].Type != b[i].Type || a[i].Discount != b[i].Discount ||
			a[i].CreditBalanceTransaction != b[i].CreditBalanceTransaction {
			return false
		}
	}
	return true
}

var (
	t0     = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	t1     = time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	tMid   = time.Date(2025, 9, 16, 0, 0, 0, 0, time.UTC)
	vat20  = invoice.TaxRate{ID: "txr_vat20", Active: true, DisplayName: "VAT", Percentage: decimal.NewFromInt(20), Country: "FR"}
	pct10  = invoice.Discount{ID: "di_sub10", Coupon: invoice.Coupon{ID: "co_10", PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Duration: invoice.DurationForever, Valid: true}, Start: t0}
	off500 = invoice.Discount{ID: "di_line500", Coupon: invoice.Coupon{ID: "co_500", AmountOff: ptr(int64(500)), Currency: "eur", Duration: invoice.DurationOnce, Valid: true}, Start: t0}
)

func ptr[T any](v T) *T { return &v }

// builtInvoice is an invoice built in Go: a subscription's update invoice
// with a credit proration and a one-time item, discounts, taxes and
// billing credits (amounts set by hand, consistent enough for a codec).
func builtInvoice() invoice.Invoice {
	lines := []invoice.LineItem{
		{
			ID: "il_proration", Amount: -1500, Currency: "eur", Description: "Unused time on 1 × Pro after 16 Sep 2025",
			Invoice: "in_built",
			Parent: invoice.LineParent{Type: invoice.ParentSubscriptionItem, InvoiceItem: "ii_proration", Proration: true,
				Subscription: "sub_1", SubscriptionItem: "si_1"},
			PeriodStart: tMid, PeriodEnd: t1,
			Price: pricing.Price{ID: "price_pro", Product: "prod_pro", Currency: "eur", UnitAmount: ptr(int64(3000)),
				Type: pricing.RecurringType, Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}},
			Quantity:        1,
			DiscountAmounts: []invoice.DiscountAmount{{Amount: 0, Discount: pct10}},
			Taxes:           []invoice.TaxAmount{{Amount: -300, Rate: vat20, TaxableAmount: -1500}},
		},
		{
			ID: "il_setup", Amount: 5000, Currency: "eur", Description: "Setup", Discountable: true, Invoice: "in_built",
			Discounts: []invoice.Discount{off500},
			Parent: invoice.LineParent{Type: invoice.ParentInvoiceItem, InvoiceItem: "ii_setup", Subscription: "sub_1",
				CreditedItems: &invoice.CreditedItems{Invoice: "in_prev", InvoiceLineItems: []string{"il_prev"}}},
			PeriodStart: tMid, PeriodEnd: tMid,
			Price: pricing.Price{ID: "price_setup", Product: "prod_setup", Currency: "eur",
				UnitAmountDecimal: decimal.NewNullDecimal(decimal.RequireFromString("5000.25"))},
			Quantity:        1,
			Metadata:        map[string]string{"order": "42"},
			DiscountAmounts: []invoice.DiscountAmount{{Amount: 500, Discount: off500}, {Amount: 450, Discount: pct10}},
			PretaxCreditAmounts: []invoice.PretaxCreditAmount{
				{Amount: 500, Type: invoice.CreditDiscount, Discount: "di_line500"},
				{Amount: 450, Type: invoice.CreditDiscount, Discount: "di_sub10"},
				{Amount: 1000, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"},
			},
			Taxes: []invoice.TaxAmount{{Amount: 610, Rate: vat20, TaxableAmount: 3050}},
		},
	}
	return invoice.Invoice{
		ID: "in_built", Customer: "cus_1", Currency: "eur", CollectionMethod: invoice.ChargeAutomatically, AutoAdvance: true,
		BillingReason: invoice.ReasonSubscriptionUpdate, Created: tMid, PeriodStart: tMid, PeriodEnd: tMid, Status: "draft",
		Parent: &invoice.Parent{Type: "subscription_details", Subscription: "sub_1",
			SubscriptionMetadata: map[string]string{"plan": "pro"}},
		Lines:           lines,
		Discounts:       []invoice.Discount{pct10},
		DefaultTaxRates: []invoice.TaxRate{vat20},
		Subtotal:        3500, SubtotalExcludingTax: 3500, TotalExcludingTax: 1550, Total: 1860, AmountDue: 1860,
		AmountRemaining:      1860,
		TotalDiscountAmounts: []invoice.DiscountAmount{{Amount: 500, Discount: off500}, {Amount: 450, Discount: pct10}},
		TotalPretaxCreditAmounts: []invoice.PretaxCreditAmount{
			{Amount: 500, Type: invoice.CreditDiscount, Discount: "di_line500"},
			{Amount: 450, Type: invoice.CreditDiscount, Discount: "di_sub10"},
			{Amount: 1000, Type: invoice.CreditBalance, CreditBalanceTransaction: "cbtxn_1"},
		},
		TotalTaxes: []invoice.TaxAmount{{Amount: 310, Rate: vat20, TaxableAmount: 1550}},
	}
}

// builtItem is a pending proration built in Go.
func builtItem() invoice.Item {
	return invoice.Item{
		ID: "ii_built", Amount: -1500, Currency: "eur", Customer: "cus_1", Date: tMid,
		Description: "Unused time on 1 × Pro after 16 Sep 2025", Discounts: []invoice.Discount{pct10},
		Subscription: "sub_1", SubscriptionItem: "si_1", PeriodStart: tMid, PeriodEnd: t1,
		Price:     pricing.Price{ID: "price_pro", Product: "prod_pro", Currency: "eur", UnitAmount: ptr(int64(3000))},
		Proration: true, Quantity: 1, TaxRates: []invoice.TaxRate{vat20},
	}
}

// stripe-go v82.5.1's JSON names of the objects, less the keys Stripe
// sends only when expanded (invoice: confirmation_secret, payments,
// threshold_reason; deleted: deleted objects only).
var (
	basilInvoiceKeys = strings.Fields(`account_country account_name account_tax_ids amount_due amount_overpaid
		amount_paid amount_remaining amount_shipping application attempt_count attempted auto_advance
		automatically_finalizes_at automatic_tax billing_reason collection_method created currency customer
		customer_address customer_email customer_name customer_phone customer_shipping customer_tax_exempt
		customer_tax_ids custom_fields default_payment_method default_source default_tax_rates description discounts
		due_date effective_at ending_balance footer from_invoice hosted_invoice_url id invoice_pdf issuer
		last_finalization_error latest_revision lines livemode metadata next_payment_attempt number object
		on_behalf_of parent payment_settings period_end period_start post_payment_credit_notes_amount
		pre_payment_credit_notes_amount receipt_number rendering shipping_cost shipping_details starting_balance
		statement_descriptor status status_transitions subtotal subtotal_excluding_tax test_clock total
		total_discount_amounts total_excluding_tax total_pretax_credit_amounts total_taxes webhooks_delivered_at`)
	basilLineKeys = strings.Fields(`amount currency description discountable discount_amounts discounts id invoice
		livemode metadata object parent period pretax_credit_amounts pricing quantity subscription taxes`)
	basilItemKeys = strings.Fields(`amount currency customer date description discountable discounts id invoice
		livemode metadata object parent period pricing proration quantity tax_rates test_clock`)
)

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// at reads a path ("lines.data.0.parent.type") of a decoded JSON value.
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			c, ok := x[p]
			if !ok {
				t.Fatalf("%s: no key %q", path, p)
			}
			v = c
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(x) {
				t.Fatalf("%s: no element %q", path, p)
			}
			v = x[i]
		default:
			t.Fatalf("%s: %q of a %T", path, p, v)
		}
	}
	return v
}

// TestInvoice_BuiltBasilShape: an invoice built in Go encodes in the basil
// shape, with exactly stripe-go's keys at each level, and decodes back to
// the same values.
func TestInvoice_BuiltBasilShape(t *testing.T) {
	inv := builtInvoice()
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := wiretest.Value(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(doc.(map[string]any)); !slices.Equal(got, sorted(basilInvoiceKeys)) {
		t.Errorf("invoice keys:\n got %v\nwant %v", got, sorted(basilInvoiceKeys))
	}
	for i := range 2 {
		line := at(t, doc, fmt.Sprintf("lines.data.%d", i)).(map[string]any)
		if got := keysOf(line); !slices.Equal(got, sorted(basilLineKeys)) {
			t.Errorf("line %d keys:\n got %v\nwant %v", i, got, sorted(basilLineKeys))
		}
	}
	want := map[string]any{
		"object":      "invoice",
		"parent.type": "subscription_details",
		"parent.subscription_details.subscription":                   "sub_1",
		"parent.subscription_details.metadata.plan":                  "pro",
		"parent.quote_details":                                       nil,
		"status_transitions.finalized_at":                            nil,
		"status_transitions.paid_at":                                 nil,
		"ending_balance":                                             nil,
		"due_date":                                                   nil,
		"starting_balance":                                           json.Number("0"),
		"amount_paid":                                                json.Number("0"),
		"amount_due":                                                 json.Number("1860"),
		"metadata":                                                   map[string]any{},
		"discounts.0":                                                "di_sub10",
		"default_tax_rates.0.id":                                     "txr_vat20",
		"default_tax_rates.0.object":                                 "tax_rate",
		"total_taxes.0.amount":                                       json.Number("310"),
		"total_taxes.0.tax_behavior":                                 "exclusive",
		"total_taxes.0.tax_rate_details.tax_rate":                    "txr_vat20",
		"total_taxes.0.taxability_reason":                            "standard_rated",
		"total_taxes.0.taxable_amount":                               json.Number("1550"),
		"total_taxes.0.type":                                         "tax_rate_details",
		"total_discount_amounts.0.discount":                          "di_line500",
		"total_discount_amounts.1.amount":                            json.Number("450"),
		"total_pretax_credit_amounts.2.type":                         "credit_balance_transaction",
		"total_pretax_credit_amounts.2.credit_balance_transaction":   "cbtxn_1",
		"total_pretax_credit_amounts.2.discount":                     nil,
		"total_pretax_credit_amounts.0.discount":                     "di_line500",
		"lines.object":                                               "list",
		"lines.has_more":                                             false,
		"lines.url":                                                  "/v1/invoices/in_built/lines",
		"lines.data.0.object":                                        "line_item",
		"lines.data.0.amount":                                        json.Number("-1500"),
		"lines.data.0.discountable":                                  false,
		"lines.data.0.discounts":                                     []any{},
		"lines.data.0.parent.type":                                   "subscription_item_details",
		"lines.data.0.parent.invoice_item_details":                   nil,
		"lines.data.0.parent.subscription_item_details.proration":    true,
		"lines.data.0.parent.subscription_item_details.invoice_item": "ii_proration",
		"lines.data.0.parent.subscription_item_details.subscription_item":                "si_1",
		"lines.data.0.parent.subscription_item_details.proration_details.credited_items": nil,
		"lines.data.0.pricing.type":                                                         "price_details",
		"lines.data.0.pricing.price_details.price":                                          "price_pro",
		"lines.data.0.pricing.price_details.product":                                        "prod_pro",
		"lines.data.0.pricing.unit_amount_decimal":                                          "3000",
		"lines.data.0.period.start":                                                         json.Number(fmt.Sprint(tMid.Unix())),
		"lines.data.0.period.end":                                                           json.Number(fmt.Sprint(t1.Unix())),
		"lines.data.0.subscription":                                                         "sub_1",
		"lines.data.0.pretax_credit_amounts":                                                []any{},
		"lines.data.0.metadata":                                                             map[string]any{},
		"lines.data.0.discount_amounts.0.discount":                                          "di_sub10",
		"lines.data.0.discount_amounts.0.amount":                                            json.Number("0"),
		"lines.data.0.taxes.0.tax_rate_details.tax_rate":                                    "txr_vat20",
		"lines.data.0.taxes.0.amount":                                                       json.Number("-300"),
		"lines.data.1.parent.type":                                                          "invoice_item_details",
		"lines.data.1.parent.subscription_item_details":                                     nil,
		"lines.data.1.parent.invoice_item_details.invoice_item":                             "ii_setup",
		"lines.data.1.parent.invoice_item_details.proration":                                false,
		"lines.data.1.parent.invoice_item_details.subscription":                             "sub_1",
		"lines.data.1.parent.invoice_item_details.proration_details.credited_items.invoice": "in_prev",
		"lines.data.1.parent.invoice_item_details.proration_details.credited_items.invoice_line_items.0": "il_prev",
		"lines.data.1.discounts.0":                                        "di_line500",
		"lines.data.1.pricing.unit_amount_decimal":                        "5000.25",
		"lines.data.1.pretax_credit_amounts.2.credit_balance_transaction": "cbtxn_1",
		"lines.data.1.metadata.order":                                     "42",
	}
	for path, w := range want {
		if got := at(t, doc, path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", path, got, w)
		}
	}
	details := at(t, doc, "lines.data.1.parent.invoice_item_details").(map[string]any)
	if _, ok := details["subscription_item"]; ok {
		t.Errorf("invoice_item_details has subscription_item: %v", details)
	}
	for _, removed := range []string{"subscription", "quote", "tax", "total_tax_amounts", "paid", "discount", "subscription_details"} {
		if _, ok := doc.(map[string]any)[removed]; ok {
			t.Errorf("built invoice has %q, which basil removed", removed)
		}
	}

	// It decodes back to the same values, and encodes to the same JSON.
	var back invoice.Invoice
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	assertSameInvoice(t, back, inv)
	b2, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if eq, err := wiretest.Equal(b, b2); err != nil || !eq {
		t.Fatalf("re-encoding differs: %s", wiretest.Diff(b, b2))
	}
}

// assertSameInvoice compares what the wire carries of two invoices (a
// decoded line's price holds its id, product and unit_amount_decimal only,
// a decoded tax amount's rate its id and inclusive flag).
func assertSameInvoice(t *testing.T, got, want invoice.Invoice) {
	t.Helper()
	type view struct {
		ID, Customer, Currency, CollectionMethod, BillingReason, Status, Description, Footer string
		AutoAdvance, Livemode                                                                bool
		Created, DueDate, PeriodStart, PeriodEnd, FinalizedAt                                int64
		Amounts                                                                              [7]int64
		EndingBalance                                                                        *int64
		Parent                                                                               *invoice.Parent
		Discounts, TaxRates                                                                  []string
		TotalDiscounts, TotalTaxes                                                           []string
		TotalPretax                                                                          []invoice.PretaxCreditAmount
		Metadata                                                                             map[string]string
		Lines                                                                                []string
	}
	unix := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	ids := func(ds []invoice.Discount) (out []string) {
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return
	}
	das := func(as []invoice.DiscountAmount) (out []string) {
		for _, a := range as {
			out = append(out, fmt.Sprint(a.Amount, a.Discount.ID))
		}
		return
	}
	taxes := func(ts []invoice.TaxAmount) (out []string) {
		for _, x := range ts {
			out = append(out, fmt.Sprint(x.Amount, x.Rate.ID, x.Rate.Inclusive, x.TaxableAmount, x.TaxabilityReason != "" && x.TaxabilityReason != "standard_rated"))
		}
		return
	}
	pretax := func(ps []invoice.PretaxCreditAmount) (out []invoice.PretaxCreditAmount) {
		for _, p := range ps {
			out = append(out, invoice.PretaxCreditAmount{Amount: p.Amount, Type: p.Type, Discount: p.Discount, CreditBalanceTransaction: p.CreditBalanceTransaction})
		}
		return
	}
	parent := func(p *invoice.Parent) *invoice.Parent {
		if p == nil {
			return nil
		}
		return &invoice.Parent{Type: p.Type, Subscription: p.Subscription, SubscriptionMetadata: p.SubscriptionMetadata,
			ProrationDate: p.ProrationDate, Quote: p.Quote}
	}
	of := func(inv invoice.Invoice) view {
		v := view{
			ID: inv.ID, Customer: inv.Customer, Currency: string(inv.Currency), CollectionMethod: string(inv.CollectionMethod),
			BillingReason: inv.BillingReason, Status: inv.Status, Description: inv.Description, Footer: inv.Footer,
			AutoAdvance: inv.AutoAdvance, Livemode: inv.Livemode,
			Created: unix(inv.Created), DueDate: unix(inv.DueDate), PeriodStart: unix(inv.PeriodStart),
			PeriodEnd: unix(inv.PeriodEnd), FinalizedAt: unix(inv.FinalizedAt),
			Amounts: [7]int64{inv.Subtotal, inv.SubtotalExcludingTax, inv.TotalExcludingTax, inv.Total, inv.AmountDue,
				inv.AmountPaid, inv.AmountRemaining},
			EndingBalance: inv.EndingBalance, Parent: parent(inv.Parent),
			Discounts: ids(inv.Discounts), TotalDiscounts: das(inv.TotalDiscountAmounts), TotalTaxes: taxes(inv.TotalTaxes),
			TotalPretax: pretax(inv.TotalPretaxCreditAmounts), Metadata: inv.Metadata,
		}
		for _, r := range inv.DefaultTaxRates {
			v.TaxRates = append(v.TaxRates, fmt.Sprint(r.ID, r.Percentage, r.DisplayName, r.Inclusive))
		}
		if v.Metadata == nil {
			v.Metadata = map[string]string{}
		}
		for _, l := range inv.Lines {
			p := l.Parent
			ci := "nil"
			if p.CreditedItems != nil {
				ci = fmt.Sprint(p.CreditedItems.Invoice, p.CreditedItems.InvoiceLineItems)
			}
			unit := l.Price.UnitAmountDecimal
			if !unit.Valid && l.Price.UnitAmount != nil {
				unit = decimal.NewNullDecimal(decimal.NewFromInt(*l.Price.UnitAmount))
			}
			md := l.Metadata
			if md == nil {
				md = map[string]string{}
			}
			v.Lines = append(v.Lines, fmt.Sprint(l.ID, l.Amount, l.Currency, l.Description, l.Discountable, ids(l.Discounts),
				das(l.DiscountAmounts), l.Invoice, md, p.Type, p.InvoiceItem, p.Proration, p.Subscription,
				p.SubscriptionItem, ci, unix(l.PeriodStart), unix(l.PeriodEnd), pretax(l.PretaxCreditAmounts),
				l.Price.ID, l.Price.Product, unit.Decimal.String(), l.Quantity, taxes(l.Taxes), l.Livemode))
		}
		return v
	}
	g, w := of(got), of(want)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("decoded invoice differs:\n got %+v\nwant %+v", g, w)
	}
}

// TestItem_BuiltBasilShape: an invoice item built in Go encodes in the
// basil shape and decodes back to the same values.
func TestItem_BuiltBasilShape(t *testing.T) {
	it := builtItem()
	b, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := wiretest.Value(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(doc.(map[string]any)); !slices.Equal(got, sorted(basilItemKeys)) {
		t.Errorf("invoiceitem keys:\n got %v\nwant %v", got, sorted(basilItemKeys))
	}
	for path, w := range map[string]any{
		"object":      "invoiceitem",
		"parent.type": "subscription_details",
		"parent.subscription_details.subscription":      "sub_1",
		"parent.subscription_details.subscription_item": "si_1",
		"pricing.price_details.price":                   "price_pro",
		"pricing.unit_amount_decimal":                   "3000",
		"proration":                                     true,
		"invoice":                                       nil,
		"discounts.0":                                   "di_sub10",
		"tax_rates.0.id":                                "txr_vat20",
		"test_clock":                                    nil,
		"amount":                                        json.Number("-1500"),
		"period.end":                                    json.Number(fmt.Sprint(t1.Unix())),
	} {
		if got := at(t, doc, path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", path, got, w)
		}
	}
	var back invoice.Item
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != it.ID || back.Amount != it.Amount || back.Subscription != it.Subscription || back.SubscriptionItem != it.SubscriptionItem ||
		!back.Date.Equal(it.Date) || !back.PeriodStart.Equal(it.PeriodStart) || !back.PeriodEnd.Equal(it.PeriodEnd) ||
		back.Price.ID != it.Price.ID || back.Price.Product != it.Price.Product || !back.Proration || back.Quantity != 1 ||
		len(back.Discounts) != 1 || back.Discounts[0].ID != "di_sub10" || len(back.TaxRates) != 1 || back.TaxRates[0].ID != "txr_vat20" {
		t.Errorf("decoded item = %+v", back)
	}
	b2, _ := json.Marshal(back)
	if eq, err := wiretest.Equal(b, b2); err != nil || !eq {
		t.Fatalf("re-encoding differs: %s", wiretest.Diff(b, b2))
	}
	// Without a subscription, parent is null.
	it.Subscription, it.SubscriptionItem = "", ""
	b, _ = json.Marshal(it)
	if !strings.Contains(string(b), `"parent":null`) {
		t.Errorf("item without subscription: %s", b)
	}
}

// TestJSON_BuiltEdges: the zero values built in Go, a line parent
// without type, a bare invoice id, and values set in Go on decoded objects.
func TestJSON_BuiltEdges(t *testing.T) {
	// The zero invoice still has Stripe's shape: [] arrays, {} metadata, an
	// empty list, a null parent.
	b, err := json.Marshal(invoice.Invoice{})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := wiretest.Value(b)
	if got := keysOf(doc.(map[string]any)); !slices.Equal(got, sorted(basilInvoiceKeys)) {
		t.Errorf("zero invoice keys: %v", got)
	}
	for path, w := range map[string]any{"parent": nil, "lines.data": []any{}, "total_taxes": []any{}, "metadata": map[string]any{}, "discounts": []any{}} {
		if got := at(t, doc, path); !reflect.DeepEqual(got, w) {
			t.Errorf("zero invoice %s = %#v, want %#v", path, got, w)
		}
	}
	// A zero line: null parent and pricing, an object period.
	b, _ = json.Marshal(invoice.LineItem{})
	doc, _ = wiretest.Value(b)
	if got := keysOf(doc.(map[string]any)); !slices.Equal(got, sorted(basilLineKeys)) {
		t.Errorf("zero line keys: %v", got)
	}
	if at(t, doc, "parent") != nil || at(t, doc, "pricing") != nil || at(t, doc, "period.start") != json.Number("0") {
		t.Errorf("zero line: %s", b)
	}

	// A bare id decodes as a reference and encodes as the id.
	var ref invoice.Invoice
	if err := json.Unmarshal([]byte(`"in_123"`), &ref); err != nil || ref.ID != "in_123" {
		t.Fatalf("bare id: %v %+v", err, ref)
	}
	if b, _ := json.Marshal(ref); string(b) != `"in_123"` {
		t.Errorf("bare id encodes as %s", b)
	}
	if b, _ := json.Marshal(struct{ L *invoice.Invoice }{&ref}); string(b) != `{"L":"in_123"}` {
		t.Errorf("nested bare id encodes as %s", b)
	}

	// Values set in Go on a decoded object are written, even where the
	// object carried no key or null.
	var l invoice.LineItem
	if err := json.Unmarshal([]byte(`{"object":"line_item","id":"il_1","quantity":null,"parent":null,"x_keep":1}`), &l); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(l); !jsonEq(t, b, `{"object":"line_item","id":"il_1","quantity":null,"parent":null,"x_keep":1}`) {
		t.Errorf("null quantity: %s", b)
	}
	l.Quantity = 3
	l.Parent = invoice.LineParent{Type: invoice.ParentSubscriptionItem, SubscriptionItem: "si_1"}
	l.Amount = 100
	b, _ = json.Marshal(l)
	var plain struct {
		Quantity *int64
		Amount   int64
		Parent   struct {
			Type                    string
			SubscriptionItemDetails *struct{ SubscriptionItem string } `json:"subscription_item_details"`
		}
	}
	if err := json.Unmarshal(b, &plain); err != nil || plain.Quantity == nil || *plain.Quantity != 3 || plain.Amount != 100 ||
		plain.Parent.SubscriptionItemDetails == nil || strings.Count(string(b), `"quantity"`) != 1 {
		t.Errorf("values set in Go: %s", b)
	}

	// A decoded invoice keeps its discounts as they came; one built in Go
	// writes ids.
	in := `{"object":"invoice","id":"in_1","discounts":["di_1",{"id":"di_2","object":"discount","start":1756256400,"x":1}]}`
	var inv invoice.Invoice
	if err := json.Unmarshal([]byte(in), &inv); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(inv); !jsonEq(t, b, in) {
		t.Errorf("discounts as they came: %s", b)
	}
	built := invoice.Invoice{Discounts: inv.Discounts[1:]}
	b, _ = json.Marshal(built)
	if !strings.Contains(string(b), `"discounts":["di_2"]`) {
		t.Errorf("built discounts: %s", b)
	}
}

func jsonEq(t *testing.T, a []byte, b string) bool {
	t.Helper()
	eq, err := wiretest.Equal(a, []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	return eq
}

// TestJSON_CaseVariantKeyRefused: a key that differs from a modelled one
// only in case is refused, at any level, with a FieldError naming it; the
// value decoded into is left unchanged.
func TestJSON_CaseVariantKeyRefused(t *testing.T) {
	tests := []struct {
		name, object, in, field string
	}{
		{"invoice", "invoice", `{"object":"invoice","id":"in_1","total":5,"TOTAL":1}`, "TOTAL"},
		{"invoice alone", "invoice", `{"id":"in_1","Amount_Due":1}`, "Amount_Due"},
		{"parent", "invoice", `{"id":"in_1","parent":{"Type":"quote_details"}}`, "parent.Type"},
		{"parent details", "invoice", `{"id":"in_1","parent":{"subscription_details":{"SUBSCRIPTION":"sub_x"}}}`, "parent.subscription_details.SUBSCRIPTION"},
		{"status_transitions", "invoice", `{"id":"in_1","status_transitions":{"Finalized_At":1}}`, "status_transitions.Finalized_At"},
		{"line", "invoice", `{"id":"in_1","lines":{"object":"list","data":[{"object":"line_item","AMOUNT":2}]}}`, "lines.data[0].AMOUNT"},
		{"line parent", "invoice", `{"id":"in_1","lines":{"data":[{"parent":{"type":"subscription_item_details","subscription_item_details":{"Proration":true}}}]}}`, "lines.data[0].parent.subscription_item_details.Proration"},
		{"line pricing", "line_item", `{"id":"il_1","pricing":{"price_details":{"PRICE":"p"}}}`, "pricing.price_details.PRICE"},
		{"credited items", "line_item", `{"id":"il_1","parent":{"type":"invoice_item_details","invoice_item_details":{"proration_details":{"credited_items":{"Invoice":"in_0"}}}}}`, "parent.invoice_item_details.proration_details.credited_items.Invoice"},
		{"pretax", "invoice", `{"id":"in_1","total_pretax_credit_amounts":[{"amount":1,"Type":"discount"}]}`, "total_pretax_credit_amounts[0].Type"},
		{"total taxes", "invoice", `{"id":"in_1","total_taxes":[{"Tax_Behavior":"inclusive"}]}`, "total_taxes[0].Tax_Behavior"},
		{"item", "invoiceitem", `{"id":"ii_1","Proration":true}`, "Proration"},
		{"item parent", "invoiceitem", `{"id":"ii_1","parent":{"subscription_details":{"Subscription_Item":"si"}}}`, "parent.subscription_details.Subscription_Item"},
		{"item period", "invoiceitem", `{"id":"ii_1","period":{"END":1}}`, "period.END"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			var untouched bool
			switch tt.object {
			case "invoice":
				v := invoice.Invoice{ID: "in_untouched"}
				err = json.Unmarshal([]byte(tt.in), &v)
				untouched = v.ID == "in_untouched"
			case "line_item":
				v := invoice.LineItem{ID: "il_untouched"}
				err = json.Unmarshal([]byte(tt.in), &v)
				untouched = v.ID == "il_untouched"
			default:
				v := invoice.Item{ID: "ii_untouched"}
				err = json.Unmarshal([]byte(tt.in), &v)
				untouched = v.ID == "ii_untouched"
			}
			var fe *invoice.FieldError
			if !errors.Is(err, invoice.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError (ErrInvalidJSON) naming %s", err, tt.field)
			}
			if fe.Object != tt.object || !strings.HasSuffix(fe.ID, "_1") {
				t.Errorf("error names %s %s", fe.Object, fe.ID)
			}
			if !strings.HasPrefix(err.Error(), "invoice: ") || !strings.Contains(err.Error(), "case-sensitive") {
				t.Errorf("message %q", err)
			}
			if !untouched {
				t.Errorf("a refused decode changed the value")
			}
		})
	}
	// Case-variants of keys this package does not model are unknown keys:
	// kept and written back.
	in := `{"object":"invoice","id":"in_1","Number":"X","automatic_tax":{"Enabled":true},"lines":{"data":[{"parent":{"type":"invoice_item_details","subscription_item_details":{"PRORATION":1}}}]}}`
	var inv invoice.Invoice
	if err := json.Unmarshal([]byte(in), &inv); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(inv); !jsonEq(t, b, in) {
		t.Errorf("unknown case-variants: %s", b)
	}
}

// TestJSON_StripeGoStyle: stripe-go's json.Marshal writes 0 for a null
// time and "" for a null string; parent may be null. They read as null and
// encode as null.
func TestJSON_StripeGoStyle(t *testing.T) {
	in := `{"object":"invoice","id":"in_1","due_date":0,"created":0,"description":"","footer":"","parent":null,` +
		`"status_transitions":{"finalized_at":0,"paid_at":0},"customer":"","ending_balance":null,` +
		`"lines":{"object":"list","data":[{"object":"line_item","id":"il_1","description":"","invoice":"",` +
		`"parent":{"type":"subscription_item_details","invoice_item_details":null,` +
		`"subscription_item_details":{"invoice_item":"","proration":false,"proration_details":{"credited_items":null},"subscription":"","subscription_item":"si_1"}},` +
		`"pricing":{"price_details":{"price":"price_1","product":""},"type":"price_details","unit_amount_decimal":"1e-05"},` +
		`"pretax_credit_amounts":[{"amount":5,"credit_balance_transaction":"","discount":"di_1","type":"discount"}]}],"has_more":false,"url":""}}`
	var inv invoice.Invoice
	if err := json.Unmarshal([]byte(in), &inv); err != nil {
		t.Fatal(err)
	}
	if !inv.DueDate.IsZero() || !inv.Created.IsZero() || !inv.FinalizedAt.IsZero() || inv.Parent != nil || inv.Description != "" {
		t.Errorf("decoded %+v", inv)
	}
	l := inv.Lines[0]
	if l.Parent.SubscriptionItem != "si_1" || l.Parent.InvoiceItem != "" || l.Price.ID != "price_1" ||
		!l.Price.UnitAmountDecimal.Decimal.Equal(decimal.RequireFromString("0.00001")) {
		t.Errorf("line %+v", l)
	}
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	for path, w := range map[string]any{
		"due_date": nil, "created": json.Number("0"), "description": nil, "footer": nil, "parent": nil, "customer": nil,
		"status_transitions.finalized_at": nil, "status_transitions.paid_at": json.Number("0"),
		"lines.data.0.description": nil, "lines.data.0.invoice": nil,
		"lines.data.0.parent.subscription_item_details.invoice_item":      nil,
		"lines.data.0.parent.subscription_item_details.subscription":      nil,
		"lines.data.0.pricing.price_details.product":                      nil,
		"lines.data.0.pricing.unit_amount_decimal":                        "0.00001",
		"lines.data.0.pretax_credit_amounts.0.credit_balance_transaction": nil,
		"lines.url": "/v1/invoices/in_1/lines",
	} {
		doc, _ := wiretest.Value(b)
		if got := at(t, doc, path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", path, got, w)
		}
	}

	var item invoice.Item
	if err := json.Unmarshal([]byte(`{"object":"invoiceitem","id":"ii_1","date":0,"invoice":"","customer":"","parent":null,"period":{"end":0,"start":0}}`), &item); err != nil {
		t.Fatal(err)
	}
	if !item.Date.IsZero() || item.Invoice != "" || item.Subscription != "" {
		t.Errorf("item %+v", item)
	}
	if b, _ := json.Marshal(item); !jsonEq(t, b, `{"object":"invoiceitem","id":"ii_1","date":0,"invoice":null,"customer":null,"parent":null,"period":{"end":0,"start":0}}`) {
		t.Errorf("item encodes as %s", b)
	}
}

// TestJSON_InvalidValues: wrong types and out-of-range times are field
// errors naming the path.
func TestJSON_InvalidValues(t *testing.T) {
	for _, tt := range []struct{ in, field string }{
		{`{"object":"invoice","due_date":-1}`, "due_date"},
		{`{"object":"invoice","object":"quote"}`, "object"},
		{`{"object":"invoice","lines":{"data":[{"period":{"start":253402300800}}]}}`, "lines.data[0].period.start"},
		{`{"object":"invoice","lines":{"data":[{"quantity":1.5}]}}`, "lines.data[0].quantity"},
		{`{"object":"invoice","parent":"sub_1"}`, "parent"},
		{`{"object":"invoice","ending_balance":"0"}`, "ending_balance"},
		{`{"object":"invoice","lines":{"data":[{"pricing":{"unit_amount_decimal":"1e999"}}]}}`, "lines.data[0].pricing.unit_amount_decimal"},
		{`{"object":"invoice","lines":{"data":[{"parent":{"subscription_item_details":{"proration_details":{"credited_items":{"invoice_line_items":[1]}}}}}]}}`, "lines.data[0].parent.subscription_item_details.proration_details.credited_items.invoice_line_items[0]"},
		{`{"object":"invoice","total_pretax_credit_amounts":[{"amount":"1"}]}`, "total_pretax_credit_amounts[0].amount"},
		{`[]`, ""},
	} {
		var inv invoice.Invoice
		err := json.Unmarshal([]byte(tt.in), &inv)
		var fe *invoice.FieldError
		if !errors.Is(err, invoice.ErrInvalidJSON) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: err = %v, want a FieldError naming %q", tt.in, err, tt.field)
		}
	}
	var p invoice.PretaxCreditAmount
	if err := json.Unmarshal([]byte(`{"amount":5,"type":"discount","discount":{"id":"di_1","object":"discount"}}`), &p); err != nil || p.Discount != "di_1" {
		t.Errorf("expanded discount: %v %+v", err, p)
	}
	if err := json.Unmarshal([]byte(`{"amount":true}`), &p); !errors.Is(err, invoice.ErrInvalidJSON) {
		t.Errorf("pretax amount true: %v", err)
	}
}
