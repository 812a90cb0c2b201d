package stripego_test

import (
	"encoding/json"
	"maps"
	"sort"
	"testing"
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/quote/quotetest"
	"github.com/billingkit/billingkit/subscription"
	stripe "github.com/stripe/stripe-go/v82"
)

// The objects of API 2025-08-27.basil (packages invoice, subscription and
// meter, and so what quote.Accept creates) go through their stripe-go
// structs and back, and are checked twice (see doc.go):
//
//   - as Go values (diffValues): every field our type models comes back
//     equal to the value read from the same JSON directly, except where a
//     named loss in basilLosses explains the difference;
//   - as JSON (basilWire): every key our JSON had comes back with its
//     value, or with what stripe-go writes for a value it holds as a Go
//     zero (carry.stripeZeros), or is a named key stripe-go has no field
//     for.

// basilLosses are the modelled values stripe-go v82.5.1 cannot carry, each
// named and documented in doc.go.
var basilLosses = losses{
	// Nullable integers stripe-go holds as int64.
	"*.DaysUntilDue": nullAsZero("days_until_due is int64 in stripe-go: a subscription's, a schedule's " +
		"(default_settings.invoice_settings) and a phase's (invoice_settings) null comes back 0"),
	"*.EndingBalance":     nullAsZero("ending_balance is int64 in stripe-go: a draft invoice's null comes back 0"),
	"AnchorConfig.Month":  nullAsZero("billing_cycle_anchor_config's members are int64 in stripe-go: null comes back 0"),
	"AnchorConfig.Hour":   nullAsZero("billing_cycle_anchor_config's members are int64 in stripe-go: null comes back 0"),
	"AnchorConfig.Minute": nullAsZero("billing_cycle_anchor_config's members are int64 in stripe-go: null comes back 0"),
	"AnchorConfig.Second": nullAsZero("billing_cycle_anchor_config's members are int64 in stripe-go: null comes back 0"),

	// Decimals stripe-go holds as float64.
	"AggregatedValue": floatPrecision("a meter event summary's aggregated_value is float64 in stripe-go: exact to 15 significant digits"),

	// Discounts sent as ids (as Stripe sends an invoice's, a line's, a
	// subscription's and an item's): stripe-go reads an id into a
	// *stripe.Discount holding only ID and writes it as an object of
	// zeros, which our types read as an expanded discount without coupon.
	"*.Discounts[]":                     unexpanded("a discount id comes back as stripe-go's discount object holding the id and zeros"),
	"*.DiscountAmounts[].Discount":      unexpanded("a discount id comes back as stripe-go's discount object holding the id and zeros"),
	"*.TotalDiscountAmounts[].Discount": unexpanded("a discount id comes back as stripe-go's discount object holding the id and zeros"),
}

// basilDropped are the keys of our JSON that stripe-go v82.5.1 has no
// field for, each with the reason: a list's "object", and, in Stripe's
// current examples (current-fixtures.json), keys of API versions after
// basil. basilDroppedOf adds those of one object type (by its "object").
var basilDropped = map[string]string{
	"*.lines.object":                 "stripe-go's ListMeta has no object field",
	"*.items.object":                 "stripe-go's ListMeta has no object field",
	"*.billing_mode.flexible":        "newer than basil: stripe-go v82.5.1's billing_mode has type and updated_at only",
	"*.payment_method_options.payto": "a payment method newer than stripe-go v82.5.1",
	"*.payment_method_options.pix":   "a payment method newer than stripe-go v82.5.1",
	"*.payment_method_options.upi":   "a payment method newer than stripe-go v82.5.1",
	"*.discounts[].source":           "newer than basil: stripe-go v82.5.1's Discount has coupon, not source",
	"lines.data[].subtotal":          "newer than basil: not in stripe-go v82.5.1's InvoiceLineItem",
}

var basilDroppedOf = map[string]map[string]string{
	"line_item": {"subtotal": "newer than basil: not in stripe-go v82.5.1's InvoiceLineItem"},
	"invoiceitem": {
		"net_amount":       "newer than basil: not in stripe-go v82.5.1's InvoiceItem",
		"quantity_decimal": "newer than basil: not in stripe-go v82.5.1's InvoiceItem",
	},
	"subscription": {
		"billing_schedules":        "newer than basil: not in stripe-go v82.5.1's Subscription",
		"managed_payments":         "newer than basil: not in stripe-go v82.5.1's Subscription",
		"pending_update.discount":  "newer than basil: not in stripe-go v82.5.1's SubscriptionPendingUpdate",
		"pending_update.discounts": "newer than basil: not in stripe-go v82.5.1's SubscriptionPendingUpdate",
	},
}

// objectOf is the Stripe object name of one of our basil types.
func objectOf(v any) string {
	switch v.(type) {
	case invoice.Invoice:
		return "invoice"
	case invoice.LineItem:
		return "line_item"
	case invoice.Item:
		return "invoiceitem"
	case subscription.Subscription:
		return "subscription"
	case subscription.Item:
		return "subscription_item"
	case subscription.Schedule:
		return "subscription_schedule"
	}
	return ""
}

// basilWire is the JSON comparison of the basil object v.
func basilWire(v any) carry {
	dropped := maps.Clone(basilDropped)
	maps.Copy(dropped, basilDroppedOf[objectOf(v)])
	return carry{dropped: dropped, stripeZeros: true}
}

// basilTrip decodes b into our O directly, and after a trip through
// stripe-go's S.
func basilTrip[S, O any](t tb, b []byte) (direct, got O) {
	t.Helper()
	if err := json.Unmarshal(b, &direct); err != nil {
		t.Fatalf("does not decode into %T: %v\n%s", direct, err, clip(b))
	}
	return direct, decodeVia[S, O](t, b)
}

// checkBasil fails t when got (read back after stripe-go) differs from
// direct (read from the same JSON directly) beyond basilLosses and
// basilWire.
func checkBasil(t tb, what string, direct, got any) {
	t.Helper()
	if d := diffValues(direct, got, basilLosses); d != "" {
		t.Fatalf("%s after stripe-go: values differ beyond what stripe-go cannot carry:\n%s", what, d)
	}
	if d := compareJSON(mustJSON(t, direct), mustJSON(t, got), basilWire(direct)); d != "" {
		t.Fatalf("%s after stripe-go: JSON differs beyond stripe-go's zeros:\n%s", what, d)
	}
}

// tripBasil sends our JSON b of an object through S and checks it.
func tripBasil[S, O any](t tb, what string, b []byte) (direct, got O) {
	t.Helper()
	direct, got = basilTrip[S, O](t, b)
	checkBasil(t, what, direct, got)
	return direct, got
}

// basilFixtures runs (a) and (b) for every fixture of one basil object
// type: S is the stripe-go struct, O ours; check, when set, checks more
// (computed results) of each pair.
func basilFixtures[S, O any](t *testing.T, object string, min int, check func(t *testing.T, direct, got O)) {
	for _, f := range fixturesOf(t, object, min) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct O
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into %T: %v", direct, err)
			}
			for _, dir := range []struct {
				name string
				b    []byte
			}{{"ours", mustJSON(t, direct)}, {"stripe", f.Raw}} {
				t.Run(dir.name, func(t *testing.T) {
					got := decodeVia[S, O](t, dir.b)
					checkBasil(t, object, direct, got)
					if check != nil {
						check(t, direct, got)
					}
				})
			}
		})
	}
}

// Every named exception (a loss in basilLosses, a key in basilDropped) is
// still needed: some object of the fixtures, the library or the generators
// shows it. When stripe-go (or the library) comes to carry it, this test
// says so, and the exception and its line in doc.go go.
func TestStripeGo_BasilExceptionsAreReal(t *testing.T) {
	exceptionHits.reset()
	w := buildLibWorld()
	for _, s := range w.subscriptions {
		tripBasil[stripe.Subscription, subscription.Subscription](t, s.ID, mustJSON(t, s))
	}
	for _, inv := range w.invoices {
		tripBasil[stripe.Invoice, invoice.Invoice](t, inv.ID, mustJSON(t, inv))
	}
	for i := range 50 {
		q, err := quotetest.Quote().Example(i).Compute()
		if err == nil {
			q, err = q.Finalize(q.Created)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, o, err := q.Accept(q.Created.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if o.SubscriptionSchedule != nil {
			tripBasil[stripe.SubscriptionSchedule, subscription.Schedule](t, "schedule", mustJSON(t, o.SubscriptionSchedule))
		}
	}
	s := meter.Summary{ID: "mtrusg_1", Meter: "mtr_1", AggregatedValue: decimal17(), StartTime: utc(apr1), EndTime: utc(may1)}
	tripBasil[stripe.BillingMeterEventSummary, meter.Summary](t, "summary", mustJSON(t, s))
	trips := map[string]func(b []byte){
		"invoice":           func(b []byte) { tripBasil[stripe.Invoice, invoice.Invoice](t, "invoice", b) },
		"line_item":         func(b []byte) { tripBasil[stripe.InvoiceLineItem, invoice.LineItem](t, "line_item", b) },
		"invoiceitem":       func(b []byte) { tripBasil[stripe.InvoiceItem, invoice.Item](t, "invoiceitem", b) },
		"subscription":      func(b []byte) { tripBasil[stripe.Subscription, subscription.Subscription](t, "subscription", b) },
		"subscription_item": func(b []byte) { tripBasil[stripe.SubscriptionItem, subscription.Item](t, "subscription_item", b) },
		"subscription_schedule": func(b []byte) {
			tripBasil[stripe.SubscriptionSchedule, subscription.Schedule](t, "subscription_schedule", b)
		},
	}
	for object, trip := range trips {
		for _, f := range fixturesOf(t, object, 1) {
			trip(f.Raw)
		}
	}
	var names []string
	for p := range basilLosses {
		names = append(names, "loss "+p)
	}
	for p := range basilDropped {
		names = append(names, "dropped "+p)
	}
	for _, m := range basilDroppedOf {
		for p := range m {
			names = append(names, "dropped "+p)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if exceptionHits.count(n) == 0 {
			t.Errorf("the named exception %q is never needed: remove it (and its line in doc.go)", n)
		}
	}
}
