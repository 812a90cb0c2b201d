package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
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
	if err := walkQuote(p); err != nil {
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

func walkQuote(p *printer) error {
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
		return err
	}
	accepted, outcome, err := open.Accept(finalizedAt.Add(time.Hour))
	if err != nil {
		return err
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
	return nil
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
