package stripego_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
	stripe "github.com/stripe/stripe-go/v82"
)

// checkItemPlans compares each item's plan (Stripe's legacy view of its
// price, which our Item keeps as it came when decoded) as a plan: the
// plan tests' reading of what stripe-go cannot carry of a plan.
func checkItemPlans(t tb, what string, want, got []subscription.Item) {
	t.Helper()
	for i := range want {
		// stripe-go writes an absent plan as null.
		wp, gp := jsonKey(t, want[i], "plan"), jsonKey(t, got[i], "plan")
		if wp == nil {
			wp = []byte("null")
		}
		if string(wp) == "null" || string(gp) == "null" {
			if string(wp) != string(gp) {
				t.Fatalf("%s: items[%d].plan after stripe-go is %s, want %s", what, i, gp, wp)
			}
			continue
		}
		var w, g pricing.Plan
		if err := json.Unmarshal(wp, &w); err != nil {
			t.Fatalf("%s: items[%d].plan: %v", what, i, err)
		}
		if err := json.Unmarshal(gp, &g); err != nil {
			t.Fatalf("%s: items[%d].plan after stripe-go: %v", what, i, err)
		}
		if sw, sg := stripeViewPlan(w), stripeViewPlan(g); !sw.Equal(sg) {
			t.Fatalf("%s: items[%d].plan after stripe-go differs beyond what stripe-go cannot carry:\nwant %s\n got %s", what, i, mustJSON(t, sw), mustJSON(t, sg))
		}
	}
}

// subscriptionResults is what a subscription computes, once its
// discounts are expanded from catalog: its first three invoices, a preview
// at at, and a preview of each change at at.
func subscriptionResults(s subscription.Subscription, catalog map[string]invoice.Discount, in subscription.Inputs, at time.Time, changes ...subscription.Change) []result {
	expandDiscounts(&s, catalog)
	var out []result
	for k := range 3 {
		inv, err := s.Invoice(k, in)
		out = append(out, result{name: fmt.Sprintf("Invoice(%d)", k), inv: inv, err: err})
	}
	inv, err := subscription.Preview(s, at, in)
	out = append(out, result{name: "Preview", inv: inv, err: err})
	for i, c := range changes {
		inv, err := subscription.Preview(s, at, in, c)
		out = append(out, result{name: fmt.Sprintf("Preview of change %d", i), inv: inv, err: err})
	}
	return out
}

// checkSubscriptionTrip sends a subscription built in Go through
// stripe.Subscription (its items through stripe.SubscriptionItem too) and
// checks the values, the JSON, the plans, what survives of its latest
// invoice, and what it computes with in at at (and with changes).
func checkSubscriptionTrip(t tb, what string, s subscription.Subscription, in subscription.Inputs, at time.Time, changes ...subscription.Change) {
	t.Helper()
	direct, got := tripBasil[stripe.Subscription, subscription.Subscription](t, what, mustJSON(t, s))
	checkItemPlans(t, what, direct.Items, got.Items)
	if s.LatestInvoice != nil {
		if got.LatestInvoice == nil {
			t.Fatalf("%s after stripe-go has no latest_invoice", what)
		}
		checkFacts(t, what+" latest_invoice", *s.LatestInvoice, *got.LatestInvoice)
	}
	catalog := discountCatalog(s)
	checkResults(t, what, subscriptionResults(direct, catalog, in, at, changes...), subscriptionResults(got, catalog, in, at, changes...))
	for _, it := range s.Items {
		d, g := tripBasil[stripe.SubscriptionItem, subscription.Item](t, what+" item "+it.ID, mustJSON(t, it))
		checkItemPlans(t, what+" item "+it.ID, []subscription.Item{d}, []subscription.Item{g})
	}
}

// Every subscription the library builds (classic and flexible, upgraded
// with pending prorations and with an immediate invoice, a trial with a
// cancel_at, one canceled now) goes through stripe.Subscription and back
// with the same values and computes the same invoices and previews,
// usage, billing credits and the upgrade's prorations included.
func TestSubscription_StripeGoLibrary(t *testing.T) {
	w := buildLibWorld()
	names := make([]string, 0, len(w.subscriptions))
	for n := range w.subscriptions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			// A move to a price none of them has: re-sending an item's own
			// price is no change in Go, but is one after stripe-go (see
			// doc.go: trial_period_days).
			lite := libPrice("price_seat_lite", 1500)
			checkSubscriptionTrip(t, n, w.subscriptions[n], libInputs(), time.Unix(apr16, 0), libMove(lite, subscription.CreateProrations),
				libMove(lite, subscription.AlwaysInvoice), subscription.Change{CancelNow: true})
		})
	}
}

// (a) and (b) for every subscription, subscription item and subscription
// schedule in Stripe's fixtures; a subscription computes the same (or
// fails the same) after.
func TestSubscription_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.Subscription, subscription.Subscription](t, "subscription", 3, func(t *testing.T, direct, got subscription.Subscription) {
		checkItemPlans(t, "subscription", direct.Items, got.Items)
		catalog := discountCatalog(direct)
		at := direct.StartDate
		checkResults(t, "subscription", subscriptionResults(direct, catalog, subscription.Inputs{}, at), subscriptionResults(got, catalog, subscription.Inputs{}, at))
	})
}

func TestSubscriptionItem_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.SubscriptionItem, subscription.Item](t, "subscription_item", 3, func(t *testing.T, direct, got subscription.Item) {
		checkItemPlans(t, "subscription_item", []subscription.Item{direct}, []subscription.Item{got})
	})
}

func TestSubscriptionSchedule_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.SubscriptionSchedule, subscription.Schedule](t, "subscription_schedule", 3, nil)
}
