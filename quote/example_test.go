package quote_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/shopspring/decimal"
)

func ptr(v int64) *int64 { return &v }

// The tour: ten seats at 15.00 a month, finalized, then accepted into a
// subscription whose first invoice charges the first month.
func Example() {
	at := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)
	seat := pricing.Price{ID: "price_seat", Currency: "usd", Type: pricing.RecurringType,
		BillingScheme: pricing.PerUnit, UnitAmount: ptr(1500), Product: "prod_seat",
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}

	q := quote.New("qt_demo", at) // a draft, expiring in 30 days
	q.Customer = "cus_demo"
	q.LineItems = []quote.LineItem{{ID: "li_seats", Price: seat, Quantity: 10}}

	q, err := q.Finalize(at) // draft -> open: totals, number
	if err != nil {
		fmt.Println(err)
		return
	}
	q, out, err := q.Accept(at.Add(time.Hour)) // open -> accepted
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := out.Object()
	sub := out.Subscription
	fmt.Println(q.Status, q.AmountTotal, "->", name, sub.ID, sub.Status)
	fmt.Println("period", sub.Items[0].CurrentPeriodStart.Format(time.DateOnly), "to", sub.Items[0].CurrentPeriodEnd.Format(time.DateOnly))
	fmt.Println("first invoice", sub.LatestInvoice.ID, sub.LatestInvoice.Total)
	// Output:
	// accepted 15000 -> subscription sub_262065bec35a51b9a5936f6565e1b682 active
	// period 2025-01-15 to 2025-02-15
	// first invoice in_df992bad9f9e846baa45223046d38ff7 15000
}

// A one-time quote: two T-shirts at 10.99 with 20% VAT on top, accepted into
// an invoice.
func ExampleQuote_Accept_invoice() {
	created := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	tshirt := pricing.Price{ID: "price_tshirt", Active: true, Currency: "usd", Type: pricing.OneTime,
		BillingScheme: pricing.PerUnit, UnitAmount: ptr(1099), Product: "prod_tshirt"}

	q := quote.New("qt_tshirts", created)
	q.Customer = "cus_ada"
	q.LineItems = []quote.LineItem{{ID: "li_1", Price: tshirt, Quantity: 2, Description: "T-shirt"}}
	q.DefaultTaxRates = []quote.TaxRate{{ID: "txr_vat", DisplayName: "VAT", Percentage: decimal.NewFromInt(20)}}

	open, err := q.Finalize(created.Add(time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	accepted, outcome, err := open.Accept(created.Add(48 * time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := outcome.Object()
	inv := outcome.Invoice
	fmt.Println(accepted.Status, accepted.Number, "->", name, accepted.Invoice)
	fmt.Println("subtotal", inv.Subtotal, "tax", inv.TotalTax(), "total", inv.Total, "auto_advance", inv.AutoAdvance)
	for _, l := range inv.Lines {
		fmt.Println(l.ID, l.Description, l.Quantity, "x", *l.Price.UnitAmount, "=", l.Amount)
	}
	// Output:
	// accepted QT-5C7CF159-0001-1 -> invoice in_0ed6f4fcf6cd1aee48cb1214bf4c1e99
	// subtotal 2198 tax 440 total 2638 auto_advance false
	// il_148a1e61a32d50f11138b3d05472bf53 T-shirt 2 x 1099 = 2198
}

// A quote with a setup fee, three seats billed monthly, a 10% forever coupon
// and a 14-day trial, accepted into a subscription whose first invoice bills
// the setup fee only.
func ExampleQuote_Accept_subscription() {
	created := time.Date(2025, 1, 31, 12, 0, 0, 0, time.UTC)
	setup := pricing.Price{ID: "price_setup", Active: true, Currency: "usd", Type: pricing.OneTime,
		BillingScheme: pricing.PerUnit, UnitAmount: ptr(5000), Product: "prod_setup"}
	seat := pricing.Price{ID: "price_seat", Active: true, Currency: "usd", Type: pricing.RecurringType,
		BillingScheme: pricing.PerUnit, UnitAmount: ptr(2000), Product: "prod_seat",
		Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}

	q := quote.New("qt_team", created)
	q.Customer = "cus_grace"
	q.LineItems = []quote.LineItem{
		{ID: "li_setup", Price: setup, Quantity: 1, Description: "Onboarding"},
		{ID: "li_seats", Price: seat, Quantity: 3, Description: "Seats"},
	}
	q.Discounts = []quote.Discount{{ID: "di_loyal", Coupon: quote.Coupon{ID: "LOYAL10", Duration: quote.DurationForever,
		PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Valid: true}}}
	q.SubscriptionData.TrialPeriodDays = ptr(14)

	open, err := q.Finalize(created)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("line items:", open.LineItems[0].AmountTotal, open.LineItems[1].AmountTotal)
	fmt.Println("up front:", open.Computed.Upfront.AmountTotal, "then every", open.Computed.Recurring.Interval+":", open.Computed.Recurring.AmountTotal)

	at := created.Add(24 * time.Hour)
	accepted, outcome, err := open.Accept(at)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := outcome.Subscription
	fmt.Println(accepted.Status, "->", accepted.Subscription, "first invoice", accepted.Invoice)
	fmt.Println(s.Status, "trial until", s.TrialEnd.Format(time.DateOnly), "items", len(s.Items), "x", s.Items[0].Quantity, s.Items[0].Price.ID)
	for _, l := range s.LatestInvoice.Lines {
		fmt.Println(l.Parent.Type, l.Description, l.Amount-l.DiscountAmounts[0].Amount)
	}
	b, _ := json.Marshal(map[string]any{"quote": accepted.ID, "subscription": s.ID, "latest_invoice_total": s.LatestInvoice.Total})
	os.Stdout.Write(append(b, '\n'))
	// Output:
	// line items: 4500 5400
	// up front: 4500 then every month: 5400
	// accepted -> sub_ad07d572ef5a51b95f82a3c378d5d224 first invoice in_806fd277b799f03c55d15c9acc3b12ff
	// trialing trial until 2025-02-15 items 1 x 3 price_seat
	// invoice_item_details Onboarding 4500
	// subscription_item_details Trial period for prod_seat 0
	// {"latest_invoice_total":4500,"quote":"qt_team","subscription":"sub_ad07d572ef5a51b95f82a3c378d5d224"}
}

// A yearly plan starting on the first of next month: accepting now creates a
// subscription schedule whose phase starts on the effective date.
func ExampleQuote_Accept_schedule() {
	created := time.Date(2025, 5, 12, 15, 30, 0, 0, time.UTC)
	plan := pricing.Price{ID: "price_pro_yearly", Active: true, Currency: "eur", Type: pricing.RecurringType,
		BillingScheme: pricing.PerUnit, UnitAmount: ptr(120000), Product: "prod_pro",
		Recurring: &pricing.Recurring{Interval: pricing.Year, IntervalCount: 1, UsageType: pricing.Licensed}}

	q := quote.New("qt_pro", created)
	q.Customer = "cus_linus"
	q.LineItems = []quote.LineItem{{ID: "li_pro", Price: plan, Quantity: 1}}
	q.CollectionMethod = quote.SendInvoice
	q.InvoiceSettings.DaysUntilDue = ptr(30)
	q.SubscriptionData.EffectiveDate = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

	open, err := q.Finalize(created)
	if err != nil {
		fmt.Println(err)
		return
	}
	accepted, outcome, err := open.AcceptWith(created.Add(time.Hour), quote.AcceptOptions{
		IDs: func(k quote.IDKey) string { return fmt.Sprintf("%s_%03d", k.Prefix, k.N+1) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := outcome.SubscriptionSchedule
	ph := s.Phases[0]
	fmt.Println(accepted.Status, "->", accepted.SubscriptionSchedule, s.Status)
	fmt.Println("phase", ph.StartDate.Format(time.DateOnly), "to", ph.EndDate.Format(time.DateOnly), ph.CollectionMethod, *ph.DaysUntilDue, "days")
	fmt.Println("items", ph.Items[0].Price.ID, "x", ph.Items[0].Quantity, "up front", accepted.Computed.Upfront.AmountTotal, ph.Currency)
	// Output:
	// accepted -> sub_sched_001 not_started
	// phase 2025-06-01 to 2026-06-01 send_invoice 30 days
	// items price_pro_yearly x 1 up front 120000 eur
}

// Revising an open quote: finalizing the revision cancels the original and
// bumps the revision number.
func ExampleFinalizeRevision() {
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	p := pricing.Price{ID: "price_a", Active: true, Currency: "usd", Type: pricing.OneTime, BillingScheme: pricing.PerUnit, UnitAmount: ptr(1000), Product: "prod_a"}
	q := quote.New("qt_v1", at)
	q.Customer = "cus_1"
	q.LineItems = []quote.LineItem{{ID: "li_1", Price: p, Quantity: 1}}
	v1, _ := q.Finalize(at)

	rev, _ := v1.Revise("qt_v2", at.Add(time.Hour))
	lines := []quote.LineItem{{ID: "li_1", Price: p, Quantity: 3}}
	rev, _ = rev.Update(at.Add(time.Hour), quote.Update{LineItems: &lines})
	v1, v2, err := quote.FinalizeRevision(v1, rev, at.Add(2*time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v1.ID, v1.Status, v1.Number)
	fmt.Println(v2.ID, v2.Status, v2.Number, v2.AmountTotal, "revises", v2.FromQuote.Quote)
	// Output:
	// qt_v1 canceled QT-551100C2-0001-1
	// qt_v2 open QT-551100C2-0001-2 3000 revises qt_v1
}
