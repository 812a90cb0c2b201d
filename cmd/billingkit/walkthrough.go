package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/subscription"
)

// The walk-through's fixed instants (the library never reads a clock).
var (
	seedCreated = time.Unix(1726688741, 0).UTC() // 2024-09-18, the seed grant's creation
	finalizedAt = seedCreated.Add(24 * time.Hour)
	expiredAt   = seedCreated.Add(48 * time.Hour)
)

const (
	seedCustomer = "cus_QsEHa3GKweMwih"
	seedGrantID  = "credgr_test_61R9rvFh1HgrFIoCp41L6nFOS1ekDCeW"
)

// walkthrough prints a worked tour of the library. Its first output is the
// seed's credit balance summary as Stripe JSON.
func walkthrough(w io.Writer) error {
	p := &printer{w: w}

	// 1. The seed: a $10 grant nothing has touched.
	grant := credit.Grant{
		ID:                  seedGrantID,
		Amount:              credit.Money("usd", 1000),
		ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
		Category:            credit.CategoryPaid,
		Created:             seedCreated,
		Customer:            seedCustomer,
		EffectiveAt:         seedCreated,
		Name:                "Purchased Credits",
		Updated:             seedCreated,
	}
	grants := []credit.Grant{grant}
	filter := credit.GrantFilter(seedGrantID)
	summary, err := credit.Summarize(seedCustomer, grants, nil, filter, seedCreated)
	if err != nil {
		return err
	}
	p.json(summary)
	p.say("\n^ The seed: customer %s holds a $10.00 credit grant (%s) that nothing has\n"+
		"  touched, so Summarize gives available = ledger = 1000 cents, exactly as Stripe's\n"+
		"  GET /v1/billing/credit_balance_summary answers.\n", seedCustomer, seedGrantID)

	// 2. A partial application: a $6 metered line and a $3 licensed line.
	inv := credit.Invoice{
		ID:        "in_walkthrough",
		Customer:  seedCustomer,
		Currency:  "usd",
		PeriodEnd: finalizedAt,
		Lines: []credit.InvoiceLine{
			{ID: "il_metered", Price: "price_api_calls", Metered: true, Amount: 600},
			{ID: "il_seat", Price: "price_seat", Metered: false, Amount: 300},
		},
	}
	app, err := credit.Apply(grants, nil, inv, finalizedAt)
	if err != nil {
		return err
	}
	p.say("\n== Credits applied when invoice %s finalizes (after discounts, before taxes)\n", inv.ID)
	for _, l := range app.Lines {
		p.say("line %-11s amount %4d  covered %4d  left to pay %4d\n", l.Line, l.Amount, l.Covered, l.Remaining)
	}
	p.say("The licensed line is not eligible: a price_type=metered grant covers metered lines only.\n")
	p.say("Ledger entry written:\n")
	for _, t := range app.Transactions {
		p.json(t)
	}
	txns := append([]credit.Transaction(nil), app.Transactions...)
	summary, err = credit.Summarize(seedCustomer, grants, txns, filter, finalizedAt)
	if err != nil {
		return err
	}
	p.say("Balance after the application:\n")
	p.json(summary)

	// 3. An expiry: the rest of the grant expires now.
	expired, expiry, err := credit.Expire(grant, txns, expiredAt)
	if err != nil {
		return err
	}
	txns = append(txns, expiry...)
	p.say("\n== The grant expires at %s: a credits_expired debit of what is left\n", expiredAt.Format(time.RFC3339))
	for _, t := range expiry {
		p.json(t)
	}
	summary, err = credit.Summarize(seedCustomer, []credit.Grant{expired}, txns, filter, expiredAt)
	if err != nil {
		return err
	}
	p.say("Balance after the expiry:\n")
	p.json(summary)

	// 4. Pricing: a legacy plan becomes a price; a tiered bill.
	if err := walkPricing(p); err != nil {
		return err
	}

	// 5. A quote accepted into a subscription.
	sub, err := walkQuote(p)
	if err != nil {
		return err
	}

	// 6. What the subscription bills next: a cycle invoice, an upgrade
	// with prorations, a month of metered usage paid partly by the seed's
	// grant.
	if err := walkSubscription(p, sub, grants, filter); err != nil {
		return err
	}
	return p.err
}

func walkPricing(p *printer) error {
	amount := int64(2000)
	plan := pricing.Plan{
		ID:            "plan_pro_monthly",
		Active:        true,
		Amount:        &amount,
		BillingScheme: pricing.PerUnit,
		Created:       seedCreated,
		Currency:      "usd",
		Interval:      pricing.Month,
		IntervalCount: 1,
		Metadata:      map[string]string{},
		Product:       "prod_pro",
		UsageType:     pricing.Licensed,
	}
	price, err := pricing.PlanToPrice(plan)
	if err != nil {
		return err
	}
	p.say("\n== A legacy plan (amount 2000, month) read through the Prices API: the same id, type recurring\n")
	p.json(price)

	tiers := []pricing.Tier{
		{UpTo: ptr(int64(5)), UnitAmount: ptr(int64(700))},
		{UpTo: ptr(int64(10)), UnitAmount: ptr(int64(650))},
		{UnitAmount: ptr(int64(600))},
	}
	p.say("\n== Tiers 1-5 at $7.00, 6-10 at $6.50, 11+ at $6.00 (Stripe's tiered pricing page)\n")
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		tiered := pricing.Price{Currency: "usd", BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers, Type: pricing.OneTime}
		for _, q := range []int64{6, 25} {
			a, err := tiered.Amount(q)
			if err != nil {
				return err
			}
			p.say("%-9s quantity %2d -> %6d cents\n", mode, q, a)
		}
	}
	return nil
}

func walkQuote(p *printer) (subscription.Subscription, error) {
	monthly := pricing.Price{
		ID: "price_pro_monthly", Active: true, BillingScheme: pricing.PerUnit, Created: seedCreated,
		Currency: "usd", Product: "prod_pro", Type: pricing.RecurringType, UnitAmount: ptr(int64(2000)),
		Recurring:   &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed},
		TaxBehavior: pricing.TaxExclusive, Metadata: map[string]string{},
	}
	setup := pricing.Price{
		ID: "price_onboarding", Active: true, BillingScheme: pricing.PerUnit, Created: seedCreated,
		Currency: "usd", Product: "prod_onboarding", Type: pricing.OneTime, UnitAmount: ptr(int64(5000)),
		TaxBehavior: pricing.TaxExclusive, Metadata: map[string]string{},
	}
	q := quote.New("qt_walkthrough", seedCreated)
	q.Customer = seedCustomer
	q.Currency = "usd"
	q.LineItems = []quote.LineItem{
		{Price: monthly, Quantity: 3, Description: "Pro seats"},
		{Price: setup, Quantity: 1, Description: "Onboarding"},
	}
	q.Discounts = []quote.Discount{{
		ID:     "di_launch",
		Coupon: quote.Coupon{ID: "LAUNCH10", PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Duration: quote.DurationForever, Valid: true},
	}}
	open, err := q.Finalize(finalizedAt)
	if err != nil {
		return subscription.Subscription{}, err
	}
	accepted, outcome, err := open.Accept(finalizedAt.Add(time.Hour))
	if err != nil {
		return subscription.Subscription{}, err
	}
	p.say("\n== Quote %s (3 Pro seats at $20.00/month, $50.00 onboarding, 10%% off forever)\n", accepted.ID)
	p.say("status %s, number %s\n", accepted.Status, accepted.Number)
	p.say("up front:  subtotal %d, discount %d, total %d\n",
		accepted.Computed.Upfront.AmountSubtotal, accepted.Computed.Upfront.TotalDetails.AmountDiscount, accepted.Computed.Upfront.AmountTotal)
	if r := accepted.Computed.Recurring; r != nil {
		p.say("recurring: subtotal %d, total %d every %d %s\n", r.AmountSubtotal, r.AmountTotal, r.IntervalCount, r.Interval)
	}
	name, obj := outcome.Object()
	p.say("Accepting it created a %s (%s), which is on the quote:\n", name, accepted.Subscription)
	p.json(obj)
	return *outcome.Subscription, nil
}

// printer writes the walk-through and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) say(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) json(v any) {
	if p.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		p.err = err
		return
	}
	_, p.err = fmt.Fprintf(p.w, "%s\n", b)
}

func ptr[T any](v T) *T { return &v }

// walkSubscription continues past acceptance (the subscription's next
// invoices, doc'd in package subscription).
func walkSubscription(p *printer, s subscription.Subscription, grants []credit.Grant, filter credit.Filter) error {
	lines := func(inv invoice.Invoice) {
		for _, l := range inv.Lines {
			p.say("  %7d  %s  [%s, %s)\n", l.Amount, l.Description, l.PeriodStart.Format(time.DateOnly), l.PeriodEnd.Format(time.DateOnly))
		}
		p.say("  subtotal %d, discounts %d, credits %d, total %d, amount due %d\n",
			inv.Subtotal, sumDiscounts(inv), sumCredits(inv), inv.Total, inv.AmountDue)
	}
	next, err := s.Invoice(1, subscription.Inputs{})
	if err != nil {
		return err
	}
	p.say("\n== The subscription's next invoice, at the end of its first period (%s)\n", next.Created.Format(time.DateOnly))
	lines(next)

	// Halfway through period 1: Pro Plus at $30.00 per seat, and a metered
	// API item priced by the tiers above.
	plus := s.Items[0].Price.Clone()
	plus.ID, plus.Product, plus.UnitAmount = "price_pro_plus", "prod_pro_plus", ptr(int64(3000))
	api := pricing.Price{
		ID: "price_api_calls", Active: true, BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated, Created: seedCreated,
		Currency: "usd", Product: "prod_api", Type: pricing.RecurringType,
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Metered, Meter: "mtr_api_calls"},
		Tiers: []pricing.Tier{
			{UpTo: ptr(int64(5)), UnitAmount: ptr(int64(700))},
			{UpTo: ptr(int64(10)), UnitAmount: ptr(int64(650))},
			{UnitAmount: ptr(int64(600))},
		},
	}
	t1 := next.Created
	t2 := t1.AddDate(0, 1, 0)
	half := t1.Add(t2.Sub(t1) / 2)
	change := subscription.Change{Items: []subscription.ItemChange{
		{ID: s.Items[0].ID, Price: &plus},
		{Price: &api},
	}}
	up, items, _, err := subscription.Update(s, change, half, subscription.Inputs{})
	if err != nil {
		return err
	}
	p.say("\n== Upgrade to Pro Plus ($30.00/seat) at %s, halfway through the period: two prorations, pending\n", half.Format(time.RFC3339))
	for _, it := range items {
		p.say("  %7d  %s\n", it.Amount, it.Description)
	}

	// A month of usage: six API calls in period 2, reported to a meter.
	m := meter.Meter{ID: "mtr_api_calls", EventName: "api_call", Status: meter.StatusActive,
		DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum}}
	var events []meter.Event
	for i := 0; i < 6; i++ {
		events = append(events, meter.Event{EventName: "api_call", Identifier: fmt.Sprintf("evt_%d", i),
			Payload:   map[string]string{"stripe_customer_id": seedCustomer, "value": "1"},
			Timestamp: t2.Add(time.Duration(i+1) * 24 * time.Hour), Created: t2.Add(time.Duration(i+1) * 24 * time.Hour)})
	}
	in := subscription.Inputs{Pending: items, Meters: []meter.Meter{m}, Events: events, Grants: grants}
	inv2, err := up.Invoice(2, in)
	if err != nil {
		return err
	}
	p.say("\n== The invoice at %s: the prorations, Pro Plus ahead, and the new item's usage so far\n", inv2.Created.Format(time.DateOnly))
	lines(inv2)
	t3 := t2.AddDate(0, 1, 0)
	inv3, err := up.Invoice(3, in)
	if err != nil {
		return err
	}
	final, app, err := invoice.Finalize(inv3, grants, nil, t3, credit.ApplyOptions{})
	if err != nil {
		return err
	}
	p.say("\n== The invoice at %s: six API calls (5 x $7.00 + 1 x $6.50), paid partly by the seed's\n"+
		"   $10.00 grant (replayed untouched: billing credits pay metered lines, before tax)\n", t3.Format(time.DateOnly))
	lines(final)
	summary, err := credit.Summarize(seedCustomer, grants, app.Transactions, filter, t3)
	if err != nil {
		return err
	}
	p.say("Balance after it finalizes:\n")
	p.json(summary)
	return nil
}

func sumDiscounts(inv invoice.Invoice) int64 {
	var s int64
	for _, d := range inv.TotalDiscountAmounts {
		s += d.Amount
	}
	return s
}

func sumCredits(inv invoice.Invoice) int64 {
	var s int64
	for _, c := range inv.TotalPretaxCreditAmounts {
		if c.Type == invoice.CreditBalance {
			s += c.Amount
		}
	}
	return s
}
