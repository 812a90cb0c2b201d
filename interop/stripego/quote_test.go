package stripego_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	stripe "github.com/stripe/stripe-go/v82"
	"pgregory.net/rapid"
)

// quoteCarry is what a quote's JSON goes through in a stripe.Quote: every
// key our quote writes has a stripe.Quote field except a list's "object"
// ("list"), which stripe-go's ListMeta does not hold. Prices inside go
// through stripe.Price (see pricing_test.go).
var quoteCarry = carry{
	modelled: func() shape { return goShapes().quote },
	dropped: map[string]string{
		"*.line_items.object":         "stripe-go's ListMeta has no object field",
		"*.recurring.aggregate_usage": "not in API 2025-08-27.basil",
	},
}

// invoiceDropped are the keys of our invoice (API 2023-08-16, the shape
// quote.Accept writes) that stripe.Invoice (API 2025-08-27.basil) has no
// field for.
var invoiceDropped = map[string]string{
	"lines.object":                           "stripe-go's ListMeta has no object field",
	"quote":                                  "basil moved it to parent.quote_details.quote",
	"subscription":                           "basil moved it to parent.subscription_details.subscription",
	"tax":                                    "removed in basil (total_taxes)",
	"subtotal_excluding_tax":                 "quote.Invoice derives it from total_tax_amounts, which basil replaced",
	"total_excluding_tax":                    "quote.Invoice derives it from tax, which basil removed",
	"total_tax_amounts":                      "basil replaced it with total_taxes",
	"discount":                               "removed (discounts)",
	"paid":                                   "removed in basil (status)",
	"paid_out_of_band":                       "removed in basil",
	"application_fee_amount":                 "removed from the invoice in basil",
	"lines.data[].price":                     "basil replaced it with pricing.price_details.price (an id)",
	"lines.data[].subscription_item":         "basil moved it to parent.subscription_item_details",
	"lines.data[].invoice_item":              "basil moved it to parent.invoice_item_details",
	"lines.data[].proration":                 "basil moved it to parent.*_details.proration",
	"lines.data[].proration_details":         "basil moved it to parent.*_details.proration_details",
	"lines.data[].tax_amounts":               "basil replaced it with taxes",
	"lines.data[].tax_rates":                 "removed in basil",
	"lines.data[].type":                      "removed in basil (parent.type)",
	"lines.data[].amount_excluding_tax":      "removed in basil",
	"lines.data[].unit_amount_excluding_tax": "removed in basil",
}

// invoiceCarry, subscriptionCarry and scheduleCarry are what the objects
// quote.Accept creates go through in stripe.Invoice, stripe.Subscription and
// stripe.SubscriptionSchedule.
var (
	invoiceCarry      = carry{modelled: func() shape { return goShapes().invoice }, dropped: invoiceDropped}
	subscriptionCarry = carry{modelled: func() shape { return goShapes().subscription }, dropped: withPrefix(map[string]string{
		"current_period_start":        "basil moved it to the items",
		"current_period_end":          "basil moved it to the items",
		"discount":                    "removed (discounts)",
		"items.object":                "stripe-go's ListMeta has no object field",
		"items.data[].plan":           "quote.SubscriptionItem derives it from the price; a decoded item passes it through unread",
		"*.recurring.aggregate_usage": "not in API 2025-08-27.basil",
		"*.plan.aggregate_usage":      "not in API 2025-08-27.basil",
	}, "latest_invoice.", invoiceDropped),
		// The target policy reads days_until_due 0 as null on a
		// charge_automatically quote; on a subscription or a schedule it
		// is silent, so null and 0 compare equal there.
		zeroed: []string{"days_until_due"}}
	scheduleCarry = carry{modelled: func() shape { return goShapes().schedule }, zeroed: []string{"*.days_until_due"}, dropped: map[string]string{
		"phases[].coupon":             "removed (phases[].discounts)",
		"*.items[].plan":              "quote.PhaseItem derives it from the price; a decoded item passes it through unread",
		"*.recurring.aggregate_usage": "not in API 2025-08-27.basil",
		"*.plan.aggregate_usage":      "not in API 2025-08-27.basil",
	}}
)

// shapes are the keys our quote types write for values built in Go (here,
// by the generators and by Quote.Accept): the keys they model. A decoded
// object may carry more, which the quote package passes through unread.
type shapes struct{ quote, invoice, subscription, schedule shape }

var (
	shapesOnce sync.Once
	goShape    shapes
)

func goShapes() shapes {
	shapesOnce.Do(func() {
		goShape = shapes{quote: shape{}, invoice: shape{}, subscription: shape{}, schedule: shape{}}
		enc := func(v any) []byte {
			b, err := json.Marshal(v)
			if err != nil {
				panic(err)
			}
			return b
		}
		for i := range 200 {
			q, err := quotetest.Quote().Example(i).Compute()
			if err != nil {
				panic(err)
			}
			goShape.quote.add(enc(q))
			q, err = q.Finalize(q.Created)
			if err != nil {
				panic(err)
			}
			q, o, err := q.Accept(q.Created)
			if err != nil {
				panic(err)
			}
			goShape.quote.add(enc(q))
			switch {
			case o.Invoice != nil:
				goShape.invoice.add(enc(o.Invoice))
			case o.Subscription != nil:
				goShape.subscription.add(enc(o.Subscription))
				goShape.invoice.add(enc(o.Subscription.LatestInvoice))
			case o.SubscriptionSchedule != nil:
				goShape.schedule.add(enc(o.SubscriptionSchedule))
			}
		}
	})
	return goShape
}

// withPrefix returns m plus every key of more under prefix.
func withPrefix(m map[string]string, prefix string, more map[string]string) map[string]string {
	for k, v := range more {
		m[prefix+k] = v
	}
	return m
}

func quoteViaStripe(t tb, b []byte) quote.Quote {
	t.Helper()
	return decodeVia[stripe.Quote, quote.Quote](t, b)
}

// checkCarried fails t when got's JSON differs from want's beyond c.
func checkCarried(t tb, what string, want, got any, c carry) {
	t.Helper()
	if d := compareJSON(mustJSON(t, want), mustJSON(t, got), c); d != "" {
		t.Fatalf("%s after stripe-go differs beyond what stripe-go cannot carry:\n%s", what, d)
	}
}

// totals is what Quote.Compute computes, as comparable JSON: the quote's
// totals, computed.upfront and .recurring, and each line's amounts; or the
// error.
func totals(t tb, q quote.Quote) string {
	c, err := q.Compute()
	if err != nil {
		return "error: " + err.Error()
	}
	type line struct {
		ID                             string
		Subtotal, Discount, Tax, Total int64
		DiscountAmounts                []int64
		TaxAmounts                     []int64
	}
	lines := make([]line, len(c.LineItems))
	for i, li := range c.LineItems {
		l := line{ID: li.ID, Subtotal: li.AmountSubtotal, Discount: li.AmountDiscount, Tax: li.AmountTax, Total: li.AmountTotal}
		for _, d := range li.DiscountAmounts {
			l.DiscountAmounts = append(l.DiscountAmounts, d.Amount)
		}
		for _, x := range li.TaxAmounts {
			l.TaxAmounts = append(l.TaxAmounts, x.Amount)
		}
		lines[i] = l
	}
	var recurring any
	if r := c.Computed.Recurring; r != nil {
		recurring = []int64{r.AmountSubtotal, r.AmountTotal, r.TotalDetails.AmountDiscount, r.TotalDetails.AmountTax}
	}
	return string(mustJSON(t, map[string]any{
		"amount_subtotal": c.AmountSubtotal,
		"amount_total":    c.AmountTotal,
		"amount_discount": c.TotalDetails.AmountDiscount,
		"amount_tax":      c.TotalDetails.AmountTax,
		"upfront":         []int64{c.Computed.Upfront.AmountSubtotal, c.Computed.Upfront.AmountTotal, c.Computed.Upfront.TotalDetails.AmountDiscount, c.Computed.Upfront.TotalDetails.AmountTax},
		"recurring":       recurring,
		"lines":           lines,
	}))
}

// checkQuoteTrip checks a quote read back after stripe-go: the same JSON
// as far as stripe-go carries it, and the same totals.
func checkQuoteTrip(t tb, want, got quote.Quote) {
	t.Helper()
	checkCarried(t, "quote "+want.ID, want, got, quoteCarry)
	if w, g := totals(t, want), totals(t, got); w != g {
		t.Fatalf("Compute after stripe-go differs:\nwant %s\n got %s", w, g)
	}
}

// checkOutcomeTrip sends what acceptance created through its stripe-go
// struct and back, and compares.
func checkOutcomeTrip(t tb, o quote.Outcome) {
	t.Helper()
	switch {
	case o.Invoice != nil:
		got := decodeVia[stripe.Invoice, quote.Invoice](t, mustJSON(t, o.Invoice))
		checkCarried(t, "invoice", o.Invoice, got, invoiceCarry)
	case o.Subscription != nil:
		got := decodeVia[stripe.Subscription, quote.Subscription](t, mustJSON(t, o.Subscription))
		checkCarried(t, "subscription", o.Subscription, got, subscriptionCarry)
	case o.SubscriptionSchedule != nil:
		got := decodeVia[stripe.SubscriptionSchedule, quote.SubscriptionSchedule](t, mustJSON(t, o.SubscriptionSchedule))
		checkCarried(t, "subscription_schedule", o.SubscriptionSchedule, got, scheduleCarry)
	default:
		t.Fatal("acceptance created nothing")
	}
}

// (a) for generated quotes, at each status: the computed draft, the open
// quote and the accepted one go through stripe.Quote and back with the same
// JSON (as far as stripe-go carries it) and the same totals; the quotes that
// come back finalize and accept as the originals do, into the same objects;
// and what acceptance created goes through its stripe-go struct and back.
func TestQuote_StripeGoGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// At most four lines keeps 100 checks fast (each check encodes and
		// decodes a dozen quotes and created objects, with their prices,
		// discounts and tax rates); the quote package tests longer quotes.
		q, err := quotetest.QuoteWith(quotetest.Config{MaxLines: 4}).Draw(t, "quote").Compute()
		if err != nil {
			t.Fatalf("Compute of a generated quote: %v", err)
		}
		draft := quoteViaStripe(t, mustJSON(t, q))
		checkQuoteTrip(t, q, draft)

		// Finalize, then accept, before expires_at (after created).
		third := int64(q.ExpiresAt.Sub(q.Created)/time.Second) / 3
		at := q.Created.Add(time.Duration(rapid.Int64Range(0, third).Draw(t, "finalize_after")) * time.Second)
		open, err := q.Finalize(at)
		if err != nil {
			t.Fatalf("Finalize of a generated quote: %v", err)
		}
		if gotOpen, err := draft.Finalize(at); err != nil {
			t.Fatalf("the draft after stripe-go does not finalize: %v", err)
		} else {
			checkCarried(t, "finalized draft", open, gotOpen, quoteCarry)
		}
		openBack := quoteViaStripe(t, mustJSON(t, open))
		checkQuoteTrip(t, open, openBack)

		acceptAt := at.Add(time.Duration(rapid.Int64Range(0, third).Draw(t, "accept_after")) * time.Second)
		accepted, outcome, err := open.Accept(acceptAt)
		if err != nil {
			t.Fatalf("Accept of a generated quote: %v", err)
		}
		gotAccepted, gotOutcome, err := openBack.Accept(acceptAt)
		if err != nil {
			t.Fatalf("the open quote after stripe-go does not accept: %v", err)
		}
		checkCarried(t, "accepted quote", accepted, gotAccepted, quoteCarry)
		wantName, wantObj := outcome.Object()
		gotName, gotObj := gotOutcome.Object()
		if wantName != gotName {
			t.Fatalf("acceptance after stripe-go created a %s, want a %s", gotName, wantName)
		}
		if d := compareJSON(mustJSON(t, wantObj), mustJSON(t, gotObj), quoteCarry); d != "" {
			t.Fatalf("the %s acceptance created after stripe-go differs:\n%s", wantName, d)
		}
		checkQuoteTrip(t, accepted, quoteViaStripe(t, mustJSON(t, accepted)))
		checkOutcomeTrip(t, outcome)
	})
}

// Every quote in Stripe's fixtures, (a) and (b): the same JSON as far as
// stripe-go carries it, and the same totals (or the same error, for a quote
// whose lines were not expanded).
func TestQuote_StripeGoFixtures(t *testing.T) {
	for _, f := range fixturesOf(t, "quote", 10) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct quote.Quote
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into quote.Quote: %v", err)
			}
			t.Run("ours", func(t *testing.T) { checkQuoteTrip(t, direct, quoteViaStripe(t, mustJSON(t, direct))) })
			t.Run("stripe", func(t *testing.T) { checkQuoteTrip(t, direct, quoteViaStripe(t, f.Raw)) })
		})
	}
}

// fixtureTrips runs (a) and (b) for every fixture of one created-object
// type: S is the stripe-go struct, O ours.
func fixtureTrips[S, O any](t *testing.T, object string, min int, c carry) {
	for _, f := range fixturesOf(t, object, min) {
		t.Run(subtestName(f), func(t *testing.T) {
			var direct O
			if err := json.Unmarshal(f.Raw, &direct); err != nil {
				t.Fatalf("fixture does not decode into %T: %v", direct, err)
			}
			t.Run("ours", func(t *testing.T) {
				checkCarried(t, object, direct, decodeVia[S, O](t, mustJSON(t, direct)), c)
			})
			t.Run("stripe", func(t *testing.T) {
				checkCarried(t, object, direct, decodeVia[S, O](t, f.Raw), c)
			})
		})
	}
}

func TestInvoice_StripeGoFixtures(t *testing.T) {
	fixtureTrips[stripe.Invoice, quote.Invoice](t, "invoice", 3, invoiceCarry)
}

func TestSubscription_StripeGoFixtures(t *testing.T) {
	fixtureTrips[stripe.Subscription, quote.Subscription](t, "subscription", 3, subscriptionCarry)
}

func TestSubscriptionSchedule_StripeGoFixtures(t *testing.T) {
	fixtureTrips[stripe.SubscriptionSchedule, quote.SubscriptionSchedule](t, "subscription_schedule", 3, scheduleCarry)
}
