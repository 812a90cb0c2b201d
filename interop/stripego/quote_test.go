package stripego_test

import (
	"encoding/json"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"github.com/billingkit/billingkit/subscription"
	stripe "github.com/stripe/stripe-go/v82"
	"pgregory.net/rapid"
)

// quoteCarry is what a quote's JSON goes through in a stripe.Quote: every
// key our quote writes has a stripe.Quote field except a list's "object"
// ("list"), which stripe-go's ListMeta does not hold. Prices inside go
// through stripe.Price (see pricing_test.go).
var quoteCarry = carry{
	modelled: goQuoteShape,
	dropped: map[string]string{
		"*.line_items.object":         "stripe-go's ListMeta has no object field",
		"*.recurring.aggregate_usage": "not in API 2025-08-27.basil",
	},
}

// quoteShape is the set of keys our quote writes for values built in Go
// (here, by the generators and by Finalize and Accept): the keys it models.
// A decoded quote may carry more, which the quote package passes through
// unread.
var (
	quoteShapeOnce sync.Once
	quoteShape     shape
)

func goQuoteShape() shape {
	quoteShapeOnce.Do(func() {
		quoteShape = shape{}
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
			quoteShape.add(enc(q))
			q, err = q.Finalize(q.Created)
			if err != nil {
				panic(err)
			}
			q, _, err = q.Accept(q.Created)
			if err != nil {
				panic(err)
			}
			quoteShape.add(enc(q))
		}
	})
	return quoteShape
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
// struct and back, and checks it as every basil object is checked (see
// basil_test.go): its values, its JSON, what survives of the invoice and
// what the subscription computes.
func checkOutcomeTrip(t tb, o quote.Outcome) {
	t.Helper()
	switch {
	case o.Invoice != nil:
		checkInvoiceTrip(t, "invoice", *o.Invoice)
	case o.Subscription != nil:
		checkSubscriptionTrip(t, "subscription", *o.Subscription, subscription.Inputs{}, o.Subscription.Created)
	case o.SubscriptionSchedule != nil:
		tripBasil[stripe.SubscriptionSchedule, quote.SubscriptionSchedule](t, "subscription_schedule", mustJSON(t, o.SubscriptionSchedule))
	default:
		t.Fatal("acceptance created nothing")
	}
}

// readBack is v (an object acceptance created) as a reader of its JSON
// holds it: its JSON decoded again. (Built in Go, a nil slice and an empty
// one are one JSON value, [], in most places.)
func readBack(t tb, v any) any {
	t.Helper()
	p := reflect.New(reflect.TypeOf(v).Elem())
	if err := json.Unmarshal(mustJSON(t, v), p.Interface()); err != nil {
		t.Fatalf("%T does not decode its own JSON: %v", v, err)
	}
	return p.Elem().Interface()
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
		if d := diffValues(readBack(t, wantObj), readBack(t, gotObj), nil); d != "" {
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
