package stripego_test

// One test per reading of stripe-go's zero values, on stripe-go structs built
// the way a stripe-go user holds them. The first group is the library's
// target policy (issue 7, part 2); the second, marked "beyond the target
// policy", covers zeros the issue does not name, where only one reading is
// possible and a stripe-go user would expect it (see doc.go).

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/subscription"
	"github.com/shopspring/decimal"
	stripe "github.com/stripe/stripe-go/v82"
)

// fromStripe is json.Marshal of a stripe-go struct decoded into ours.
func fromStripe[O any](t *testing.T, s any) (O, error) {
	t.Helper()
	var o O
	b := mustJSON(t, s)
	err := json.Unmarshal(b, &o)
	return o, err
}

func mustFromStripe[O any](t *testing.T, s any) O {
	t.Helper()
	o, err := fromStripe[O](t, s)
	if err != nil {
		t.Fatalf("stripe-go's JSON does not decode into %T: %v\nstripe-go JSON: %s", o, err, clip(mustJSON(t, s)))
	}
	return o
}

const (
	day0 = 1735689600 // 2025-01-01T00:00:00Z
	day1 = day0 + 86400
)

// stripeGrant is a grant of 5000 usd cents effective from day0, with no
// expiry and not voided: stripe-go holds the null expires_at and voided_at
// as 0.
func stripeGrant() *stripe.BillingCreditGrant {
	return &stripe.BillingCreditGrant{
		ID: "credgr_interop", Object: "billing.credit_grant",
		Amount: &stripe.BillingCreditGrantAmount{
			Type:     stripe.BillingCreditGrantAmountTypeMonetary,
			Monetary: &stripe.BillingCreditGrantAmountMonetary{Currency: stripe.CurrencyUSD, Value: 5000},
		},
		ApplicabilityConfig: &stripe.BillingCreditGrantApplicabilityConfig{Scope: &stripe.BillingCreditGrantApplicabilityConfigScope{
			PriceType: stripe.BillingCreditGrantApplicabilityConfigScopePriceTypeMetered,
		}},
		Category: stripe.BillingCreditGrantCategoryPaid,
		Created:  day0, Updated: day0, EffectiveAt: day0,
		Customer: &stripe.Customer{ID: "cus_interop"},
		Metadata: map[string]string{}, Name: "Purchased credits", Priority: 50,
	}
}

// Target policy: a nullable unix time of 0 decodes as null. The issue's
// example: a grant that went through stripe-go must not be silently voided
// (voided_at 0 read as 1970) or expired.
func TestGrant_StripeGoZeroTimesAreNull(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*stripe.BillingCreditGrant)
	}{
		{"expires_at and voided_at 0", func(*stripe.BillingCreditGrant) {}},
		{"effective_at 0 too (effective from created)", func(g *stripe.BillingCreditGrant) { g.EffectiveAt = 0 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sg := stripeGrant()
			tt.change(sg)
			g := mustFromStripe[credit.Grant](t, sg)
			for _, f := range []struct {
				name string
				at   time.Time
			}{{"expires_at", g.ExpiresAt}, {"voided_at", g.VoidedAt}} {
				if !f.at.IsZero() {
					t.Errorf("%s 0 decoded as %v, want null (the zero Time)", f.name, f.at)
				}
			}
			if sg.EffectiveAt == 0 && !g.EffectiveAt.IsZero() {
				t.Errorf("effective_at 0 decoded as %v, want null", g.EffectiveAt)
			}
			s, err := credit.Summarize("cus_interop", []credit.Grant{g}, nil, credit.GrantFilter(g.ID), time.Unix(day1, 0))
			if err != nil {
				t.Fatalf("Summarize: %v", err)
			}
			b, ok := s.Balance("usd")
			if !ok || b.AvailableBalance.Monetary.Value != 5000 || b.LedgerBalance.Monetary.Value != 5000 {
				t.Fatalf("summary of the grant from stripe-go: %s; want 5000 available and 5000 in the ledger", mustJSON(t, s))
			}
		})
	}
}

// Target policy: a unix time outside 1..253402300799 (years 1970-9999) is a
// field error, never a silent value. A stripe-go user can put any int64 in a
// timestamp field.
func TestStripeGo_TimesOutOfRangeAreErrors(t *testing.T) {
	decodeErr := func(t *testing.T, s any, into any, field string, wantErr bool) {
		t.Helper()
		err := json.Unmarshal(mustJSON(t, s), into)
		switch {
		case wantErr && err == nil:
			t.Errorf("%s decoded into %T without error", field, into)
		case wantErr && !strings.Contains(err.Error(), field):
			t.Errorf("the error does not name %s: %v", field, err)
		case !wantErr && err != nil:
			t.Errorf("%s decoded into %T with an error: %v", field, into, err)
		}
	}
	for _, tt := range []struct {
		name    string
		value   int64
		wantErr bool
	}{
		{"year 10000", 253402300800, true},
		{"last second of 9999", 253402300799, false},
		{"year 1", -62135596800, true},
		{"one second before 1970", -1, true},
		{"int64 max", 1<<63 - 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := stripeGrant()
			g.ExpiresAt = tt.value
			decodeErr(t, g, new(credit.Grant), "expires_at", tt.wantErr)
			g = stripeGrant()
			g.VoidedAt = tt.value
			decodeErr(t, g, new(credit.Grant), "voided_at", tt.wantErr)
			x := &stripe.BillingCreditBalanceTransaction{
				ID: "cbtxn_interop", Object: "billing.credit_balance_transaction", Created: day0, EffectiveAt: tt.value,
				CreditGrant: &stripe.BillingCreditGrant{ID: "credgr_interop"}, Type: "credit",
				Credit: &stripe.BillingCreditBalanceTransactionCredit{Type: "credits_granted", Amount: &stripe.BillingCreditBalanceTransactionCreditAmount{
					Type: "monetary", Monetary: &stripe.BillingCreditBalanceTransactionCreditAmountMonetary{Currency: "usd", Value: 5000}}},
			}
			decodeErr(t, x, new(credit.Transaction), "effective_at", tt.wantErr)
			p := stripePerUnit(1000)
			p.Created = tt.value
			decodeErr(t, p, new(pricing.Price), "created", tt.wantErr)
			q := &stripe.Quote{ID: "qt_interop", Object: "quote", Status: stripe.QuoteStatusDraft, Created: day0, ExpiresAt: tt.value,
				CollectionMethod: stripe.QuoteCollectionMethodChargeAutomatically}
			decodeErr(t, q, new(quote.Quote), "expires_at", tt.wantErr)
			inv := stripeInvoice()
			inv.DueDate = tt.value
			decodeErr(t, inv, new(invoice.Invoice), "due_date", tt.wantErr)
			sub := stripeSubscription()
			sub.CancelAt = tt.value
			decodeErr(t, sub, new(subscription.Subscription), "cancel_at", tt.wantErr)
			sub = stripeSubscription()
			sub.Items.Data[0].CurrentPeriodEnd = tt.value
			decodeErr(t, sub, new(subscription.Subscription), "items.data[0].current_period_end", tt.wantErr)
			ev := stripeMeterEvent()
			ev.Timestamp = tt.value
			decodeErr(t, ev, new(meter.Event), "timestamp", tt.wantErr)
		})
	}
}

// stripePerUnit is a one-time per_unit price of cents, with unit_amount and
// unit_amount_decimal both set, as Stripe returns them.
func stripePerUnit(cents int64) *stripe.Price {
	return &stripe.Price{
		ID: "price_interop", Object: "price", Active: true, Created: day0, Currency: stripe.CurrencyUSD,
		BillingScheme: stripe.PriceBillingSchemePerUnit, Type: stripe.PriceTypeOneTime, Metadata: map[string]string{},
		Product: &stripe.Product{ID: "prod_interop"}, UnitAmount: cents, UnitAmountDecimal: float64(cents),
	}
}

// stripeTiered is a tiered price with up to 5 at 100 and the rest at 50
// (both amounts set on each tier, as Stripe returns them): stripe-go holds
// the unbounded last tier's up_to null as 0.
func stripeTiered(mode stripe.PriceTiersMode) *stripe.Price {
	return &stripe.Price{
		ID: "price_tiered", Object: "price", Active: true, Created: day0, Currency: stripe.CurrencyUSD,
		BillingScheme: stripe.PriceBillingSchemeTiered, TiersMode: mode, Type: stripe.PriceTypeOneTime,
		Metadata: map[string]string{}, Product: &stripe.Product{ID: "prod_interop"},
		Tiers: []*stripe.PriceTier{
			{UpTo: 5, UnitAmount: 100, UnitAmountDecimal: 100},
			{UpTo: 0, UnitAmount: 50, UnitAmountDecimal: 50},
		},
	}
}

// Target policy: the unbounded last tier may arrive as up_to 0.
func TestPrice_StripeGoUnboundedTier(t *testing.T) {
	for _, tt := range []struct {
		mode stripe.PriceTiersMode
		want map[int64]int64 // quantity -> amount
	}{
		{stripe.PriceTiersModeGraduated, map[int64]int64{0: 0, 5: 500, 10: 750, 1000: 500 + 995*50}},
		{stripe.PriceTiersModeVolume, map[int64]int64{0: 0, 5: 500, 10: 500, 1000: 50_000}},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			p := mustFromStripe[pricing.Price](t, stripeTiered(tt.mode))
			if len(p.Tiers) != 2 || p.Tiers[1].UpTo != nil {
				t.Fatalf("tiers after stripe-go: %s; want the last tier unbounded (up_to null)", mustJSON(t, p.Tiers))
			}
			for q, want := range tt.want {
				if got, err := p.Amount(q); err != nil || got != want {
					t.Errorf("Amount(%d) = %d, %v; want %d", q, got, err, want)
				}
			}
		})
	}
}

// Target policy: unit_amount 0 beside a non-zero unit_amount_decimal means
// the decimal (stripe-go writes a null unit_amount as 0), on the price, on
// a tier and on a currency option.
func TestPrice_StripeGoDecimalUnitAmount(t *testing.T) {
	sp := stripePerUnit(0)
	sp.UnitAmountDecimal = 0.5
	sp.CurrencyOptions = map[string]*stripe.PriceCurrencyOptions{"eur": {UnitAmount: 0, UnitAmountDecimal: 0.25}}
	p := mustFromStripe[pricing.Price](t, sp)
	if p.UnitAmount != nil {
		t.Errorf("unit_amount 0 beside unit_amount_decimal 0.5 decoded as %d, want null", *p.UnitAmount)
	}
	if got, err := p.Amount(3); err != nil || got != 2 { // 1.5, half-up
		t.Errorf("Amount(3) = %d, %v; want 2", got, err)
	}
	if got, err := p.AmountWith(10, pricing.AmountOptions{Currency: "eur"}); err != nil || got != 3 { // 2.5, half-up
		t.Errorf("AmountWith(10, eur) = %d, %v; want 3", got, err)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}

	st := stripeTiered(stripe.PriceTiersModeGraduated)
	st.Tiers[1].UnitAmount, st.Tiers[1].UnitAmountDecimal = 0, 12.5
	pt := mustFromStripe[pricing.Price](t, st)
	if got, err := pt.Amount(7); err != nil || got != 525 { // 500 + 2 x 12.5
		t.Errorf("tiered Amount(7) = %d, %v; want 525", got, err)
	}
}

// stripeGoQuote returns q after a trip through stripe.Quote.
func stripeGoQuote(t *testing.T, q quote.Quote) quote.Quote {
	t.Helper()
	return quoteViaStripe(t, mustJSON(t, q))
}

// interopQuote is a draft for 3 units of a 1000-cent price.
func interopQuote(t *testing.T, cm quote.CollectionMethod, days *int64) quote.Quote {
	t.Helper()
	price := mustFromStripe[pricing.Price](t, stripePerUnit(1000))
	q := quote.New("qt_interop", time.Unix(day0, 0).UTC())
	q.Customer, q.Currency, q.CollectionMethod = "cus_interop", "usd", cm
	q.InvoiceSettings.DaysUntilDue = days
	q.LineItems = []quote.LineItem{{ID: "li_1", Price: price, Quantity: 3}}
	return q
}

// Target policy: days_until_due 0 on a charge_automatically quote means null
// (stripe-go writes null as 0), so the quote still finalizes; on a
// send_invoice quote 0 is a real value (due at once) and stays.
func TestQuote_StripeGoDaysUntilDue(t *testing.T) {
	at := time.Unix(day0+60, 0)
	q := stripeGoQuote(t, interopQuote(t, quote.ChargeAutomatically, nil))
	if d := q.InvoiceSettings.DaysUntilDue; d != nil {
		t.Errorf("charge_automatically: days_until_due 0 decoded as %d, want null", *d)
	}
	if _, err := q.Finalize(at); err != nil {
		t.Errorf("charge_automatically quote from stripe-go does not finalize: %v", err)
	}

	q = stripeGoQuote(t, interopQuote(t, quote.SendInvoice, ptr(int64(0))))
	if d := q.InvoiceSettings.DaysUntilDue; d == nil || *d != 0 {
		t.Errorf("send_invoice: days_until_due 0 decoded as %v, want 0", d)
	}
	if _, err := q.Finalize(at); err != nil {
		t.Errorf("send_invoice quote with days_until_due 0 from stripe-go does not finalize: %v", err)
	}
}

// Target policy: keys match Stripe's exact case only; a case-variant of a
// modelled key is a field error. encoding/json, and so stripe-go, matches
// keys case-insensitively: stripe-go reads the variant as the key.
func TestStripeGo_CaseVariantKeys(t *testing.T) {
	grant := `{"id":"credgr_1","object":"billing.credit_grant","amount":{"monetary":{"currency":"usd","value":5000},"type":"monetary"},` +
		`"applicability_config":{"scope":{"price_type":"metered"}},"category":"paid","created":1735689600,"customer":"cus_1",` +
		`"effective_at":1735689600,"expires_at":null,"livemode":false,"metadata":{},"name":null,"priority":50,"test_clock":null,` +
		`"updated":1735689600,"VOIDED_AT":1735689700}`
	price := `{"id":"price_1","object":"price","active":true,"billing_scheme":"per_unit","created":1735689600,"currency":"usd",` +
		`"type":"one_time","Unit_Amount":1000}`
	quoteJSON := `{"id":"qt_1","object":"quote","status":"draft","STATUS":"open","collection_method":"charge_automatically",` +
		`"created":1735689600,"expires_at":1738281600}`
	invoiceJSON := `{"id":"in_1","object":"invoice","status":"draft","created":1735689600,"currency":"usd","Due_Date":1736899200}`
	subscriptionJSON := `{"id":"sub_1","object":"subscription","status":"active","created":1735689600,"CANCEL_AT":1738368000}`
	for _, tt := range []struct {
		name, json, variant string
		stripeGo            func([]byte) (bool, error) // whether stripe-go read the variant
		ours                any
	}{
		{"grant", grant, "VOIDED_AT", func(b []byte) (bool, error) {
			var g stripe.BillingCreditGrant
			err := json.Unmarshal(b, &g)
			return g.VoidedAt == 1735689700, err
		}, new(credit.Grant)},
		{"price", price, "Unit_Amount", func(b []byte) (bool, error) {
			var p stripe.Price
			err := json.Unmarshal(b, &p)
			return p.UnitAmount == 1000, err
		}, new(pricing.Price)},
		{"quote", quoteJSON, "STATUS", func(b []byte) (bool, error) {
			var q stripe.Quote
			err := json.Unmarshal(b, &q)
			return q.Status == stripe.QuoteStatusOpen, err
		}, new(quote.Quote)},
		{"invoice", invoiceJSON, "Due_Date", func(b []byte) (bool, error) {
			var inv stripe.Invoice
			err := json.Unmarshal(b, &inv)
			return inv.DueDate == 1736899200, err
		}, new(invoice.Invoice)},
		{"subscription", subscriptionJSON, "CANCEL_AT", func(b []byte) (bool, error) {
			var s stripe.Subscription
			err := json.Unmarshal(b, &s)
			return s.CancelAt == 1738368000, err
		}, new(subscription.Subscription)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if read, err := tt.stripeGo([]byte(tt.json)); err != nil || !read {
				t.Errorf("stripe-go did not read %s as its key (err %v): the difference this test documents is gone", tt.variant, err)
			}
			err := json.Unmarshal([]byte(tt.json), tt.ours)
			if err == nil {
				t.Fatalf("%T accepted the case-variant key %s: %s", tt.ours, tt.variant, mustJSON(t, tt.ours))
			}
			if !strings.Contains(err.Error(), tt.variant) {
				t.Errorf("the error does not name %s: %v", tt.variant, err)
			}
		})
	}
}

// Beyond the target policy: a stripe-go user who sets only UnitAmount (or a
// tier's FlatAmount) gets "unit_amount_decimal": "0" beside it, stripe-go's
// null. A decimal "0" beside a non-zero integer amount can only mean null.
func TestPrice_StripeGoIntegerAmountWithoutDecimal(t *testing.T) {
	sp := stripePerUnit(1000)
	sp.UnitAmountDecimal = 0
	p := mustFromStripe[pricing.Price](t, sp)
	if got, err := p.Amount(3); err != nil || got != 3000 {
		t.Errorf("per_unit Amount(3) = %d, %v; want 3000", got, err)
	}

	st := stripeTiered(stripe.PriceTiersModeGraduated)
	st.Tiers[0] = &stripe.PriceTier{UpTo: 5, FlatAmount: 700}
	pt := mustFromStripe[pricing.Price](t, st)
	if got, err := pt.Amount(7); err != nil || got != 800 { // 700 + 2 x 50
		t.Errorf("tiered Amount(7) = %d, %v; want 800", got, err)
	}
}

// Beyond the target policy: a tiered stripe-go price carries unit_amount 0
// and unit_amount_decimal "0" (stripe-go's nulls) beside its tiers. Tiered
// prices have no unit amount, so they can only mean null, and the price
// Stripe sent must validate.
func TestPrice_StripeGoTieredValidates(t *testing.T) {
	p := mustFromStripe[pricing.Price](t, stripeTiered(stripe.PriceTiersModeVolume))
	if err := p.Validate(); err != nil {
		t.Errorf("Validate of a tiered price from stripe-go: %v", err)
	}
}

// Beyond the target policy: a pay-what-you-want stripe-go price carries
// unit_amount 0 (stripe-go's null) beside custom_unit_amount, which Stripe
// never combines with a unit amount. Today it prices at 0 per unit, with no
// error, and refuses the customer's amount.
func TestPrice_StripeGoCustomUnitAmount(t *testing.T) {
	sp := stripePerUnit(0)
	sp.CustomUnitAmount = &stripe.PriceCustomUnitAmount{Minimum: 100, Maximum: 10_000, Preset: 500}
	p := mustFromStripe[pricing.Price](t, sp)
	if got, err := p.Amount(1); err == nil {
		t.Errorf("Amount(1) of a pay-what-you-want price = %d, want an error (the customer chooses)", got)
	}
	if got, err := p.AmountWith(1, pricing.AmountOptions{CustomAmount: ptr(int64(700))}); err != nil || got != 700 {
		t.Errorf("AmountWith(1, custom 700) = %d, %v; want 700", got, err)
	}
}

// Beyond the target policy: stripe-go writes a coupon's null amount_off or
// percent_off as 0. Stripe requires percent_off > 0 and amount_off > 0 on
// a coupon that has them, so the 0 can only mean null; a quote with a
// coupon must compute the same totals after stripe-go.
func TestQuote_StripeGoCouponZeros(t *testing.T) {
	for _, tt := range []struct {
		name   string
		coupon quote.Coupon
		total  int64
	}{
		{"percent_off", quote.Coupon{ID: "co_10", PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Duration: quote.DurationForever, Valid: true}, 2700},
		{"amount_off", quote.Coupon{ID: "co_500", AmountOff: ptr(int64(500)), Currency: "usd", Duration: quote.DurationOnce, Valid: true}, 2500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := interopQuote(t, quote.ChargeAutomatically, nil)
			q.Discounts = []quote.Discount{{ID: "di_1", Coupon: tt.coupon, Start: time.Unix(day0, 0)}}
			want, err := q.Compute()
			if err != nil || want.AmountTotal != tt.total {
				t.Fatalf("Compute before stripe-go: total %d, %v; want %d", want.AmountTotal, err, tt.total)
			}
			got, err := stripeGoQuote(t, q).Compute()
			if err != nil || got.AmountTotal != tt.total {
				t.Errorf("Compute after stripe-go: total %d, %v; want %d", got.AmountTotal, err, tt.total)
			}
		})
	}
}

// Beyond the target policy: stripe-go writes an expandable reference it
// holds as an id (a phase item's price, a discount's coupon) as an object
// with that id, "object": "" and zero fields, and an expanded coupon as an
// object. A subscription schedule quote.Accept created must decode after
// stripe-go, its phase items naming the same prices.
func TestSubscriptionSchedule_StripeGoReferences(t *testing.T) {
	price := mustFromStripe[pricing.Price](t, stripePerUnit(1000))
	price.Type, price.Recurring = pricing.RecurringType, &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}
	q := interopQuote(t, quote.ChargeAutomatically, nil)
	q.LineItems[0].Price = price
	q.Discounts = []quote.Discount{{ID: "di_1", Start: time.Unix(day0, 0), Coupon: quote.Coupon{
		ID: "co_10", PercentOff: decimal.NewNullDecimal(decimal.NewFromInt(10)), Duration: quote.DurationForever, Valid: true}}}
	q.SubscriptionData.EffectiveDate = time.Unix(day0+30*86400, 0)
	at := time.Unix(day0+60, 0)
	q, err := q.Finalize(at)
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := q.Accept(at)
	if err != nil {
		t.Fatal(err)
	}
	if o.SubscriptionSchedule == nil {
		t.Fatalf("acceptance created %v, want a subscription schedule", o)
	}
	got := decodeVia[stripe.SubscriptionSchedule, quote.SubscriptionSchedule](t, mustJSON(t, o.SubscriptionSchedule))
	if len(got.Phases) != 1 || len(got.Phases[0].Items) != 1 || got.Phases[0].Items[0].Price.ID != price.ID {
		t.Errorf("phases after stripe-go: %s", mustJSON(t, got.Phases))
	}
}

// ---- the basil objects: invoice, subscription, schedule, meter ----

const feb1 = 1738368000 // 2025-02-01T00:00:00Z

// stripeRecurring is stripePerUnit(cents) as a licensed monthly price.
func stripeRecurring(cents int64) *stripe.Price {
	p := stripePerUnit(cents)
	p.Type = stripe.PriceTypeRecurring
	p.Recurring = &stripe.PriceRecurring{Interval: stripe.PriceRecurringIntervalMonth, IntervalCount: 1,
		UsageType: stripe.PriceRecurringUsageTypeLicensed}
	return p
}

// stripeSubscription is an active classic subscription to 2 units of a
// 1000-cent monthly price from day0, as a stripe-go user holds it: no
// trial, no cancellation, not ended (stripe-go holds those null times as
// 0), no description ("").
func stripeSubscription() *stripe.Subscription {
	return &stripe.Subscription{
		ID: "sub_interop", Object: "subscription", BillingCycleAnchor: day0,
		BillingMode:      &stripe.SubscriptionBillingMode{Type: stripe.SubscriptionBillingModeTypeClassic},
		CollectionMethod: stripe.SubscriptionCollectionMethodChargeAutomatically, Created: day0, Currency: stripe.CurrencyUSD,
		Customer: &stripe.Customer{ID: "cus_interop"},
		Items: &stripe.SubscriptionItemList{Data: []*stripe.SubscriptionItem{{
			ID: "si_interop", Object: "subscription_item", Created: day0, CurrentPeriodStart: day0, CurrentPeriodEnd: feb1,
			Metadata: map[string]string{}, Price: stripeRecurring(1000), Quantity: 2, Subscription: "sub_interop",
		}}},
		Metadata: map[string]string{}, StartDate: day0, Status: stripe.SubscriptionStatusActive,
	}
}

// stripeInvoice is a draft subscription_cycle invoice of 2 × 1000 cents,
// as a stripe-go user holds it: no due date, not finalized, no proration
// date (stripe-go holds those null times as 0), no description or footer
// ("").
func stripeInvoice() *stripe.Invoice {
	return &stripe.Invoice{
		ID: "in_interop", Object: "invoice", AmountDue: 2000, AmountRemaining: 2000, AutoAdvance: true,
		BillingReason: stripe.InvoiceBillingReasonSubscriptionCycle, CollectionMethod: stripe.InvoiceCollectionMethodChargeAutomatically,
		Created: feb1, Currency: stripe.CurrencyUSD, Customer: &stripe.Customer{ID: "cus_interop"}, Discounts: []*stripe.Discount{},
		DefaultTaxRates: []*stripe.TaxRate{}, Metadata: map[string]string{},
		Parent: &stripe.InvoiceParent{Type: stripe.InvoiceParentTypeSubscriptionDetails, SubscriptionDetails: &stripe.InvoiceParentSubscriptionDetails{
			Subscription: &stripe.Subscription{ID: "sub_interop"}, Metadata: map[string]string{}}},
		PeriodStart: day0, PeriodEnd: feb1, Status: stripe.InvoiceStatusDraft, StatusTransitions: &stripe.InvoiceStatusTransitions{},
		Subtotal: 2000, SubtotalExcludingTax: 2000, Total: 2000, TotalExcludingTax: 2000,
		TotalDiscountAmounts: []*stripe.InvoiceTotalDiscountAmount{}, TotalPretaxCreditAmounts: []*stripe.InvoiceTotalPretaxCreditAmount{},
		TotalTaxes: []*stripe.InvoiceTotalTax{},
		Lines: &stripe.InvoiceLineItemList{Data: []*stripe.InvoiceLineItem{{
			ID: "il_interop", Object: "line_item", Amount: 2000, Currency: stripe.CurrencyUSD, Discountable: true,
			Discounts: []*stripe.Discount{}, DiscountAmounts: []*stripe.InvoiceLineItemDiscountAmount{}, Invoice: "in_interop",
			Metadata: map[string]string{}, Period: &stripe.Period{Start: feb1, End: feb1 + 28*86400}, Quantity: 2,
			Parent: &stripe.InvoiceLineItemParent{Type: stripe.InvoiceLineItemParentTypeSubscriptionItemDetails,
				SubscriptionItemDetails: &stripe.InvoiceLineItemParentSubscriptionItemDetails{Subscription: "sub_interop", SubscriptionItem: "si_interop",
					ProrationDetails: &stripe.InvoiceLineItemParentSubscriptionItemDetailsProrationDetails{}}},
			PretaxCreditAmounts: []*stripe.InvoiceLineItemPretaxCreditAmount{},
			Pricing: &stripe.InvoiceLineItemPricing{Type: stripe.InvoiceLineItemPricingTypePriceDetails, UnitAmountDecimal: 1000,
				PriceDetails: &stripe.InvoiceLineItemPricingPriceDetails{Price: "price_interop", Product: "prod_interop"}},
			Taxes: []*stripe.InvoiceLineItemTax{},
		}}},
	}
}

// stripeMeterEvent is 25 units of cus_interop at day0.
func stripeMeterEvent() *stripe.BillingMeterEvent {
	return &stripe.BillingMeterEvent{Created: day0, EventName: "api_calls", Identifier: "ev_interop", Object: "billing.meter_event",
		Payload: map[string]string{"stripe_customer_id": "cus_interop", "value": "25"}, Timestamp: day0}
}

// wroteNull fails t unless v writes null at each key.
func wroteNull(t *testing.T, v any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if got := jsonKey(t, v, k); string(got) != "null" {
			t.Errorf("%T writes %s %s after stripe-go's zero, want null", v, k, got)
		}
	}
}

// Target policy: a nullable unix time of 0 reads as null. A subscription
// from stripe-go has cancel_at, canceled_at, ended_at, trial_start and
// trial_end 0, and billing_mode.updated_at 0: it must not end, nor have
// been in a trial, in 1970. It bills every period, its first invoice has
// no trial line, and a cancel_at set in stripe-go still ends it.
func TestSubscription_StripeGoZeroTimesAreNull(t *testing.T) {
	s := mustFromStripe[subscription.Subscription](t, stripeSubscription())
	for _, f := range []struct {
		name string
		at   time.Time
	}{{"cancel_at", s.CancelAt}, {"canceled_at", s.CanceledAt}, {"ended_at", s.EndedAt}, {"trial_start", s.TrialStart},
		{"trial_end", s.TrialEnd}, {"billing_mode.updated_at", s.BillingModeUpdatedAt}} {
		if !f.at.IsZero() {
			t.Errorf("%s 0 decoded as %v, want null", f.name, f.at)
		}
	}
	wroteNull(t, s, "cancel_at", "canceled_at", "ended_at", "trial_start", "trial_end")
	first, err := s.Invoice(0, subscription.Inputs{})
	if err != nil || first.Total != 2000 || len(first.Lines) != 1 || first.Lines[0].Amount != 2000 {
		t.Fatalf("Invoice(0) of the subscription from stripe-go: total %d, %d lines, %v; want one line of 2000 (no trial)", first.Total, len(first.Lines), err)
	}
	if later, err := s.Invoice(24, subscription.Inputs{}); err != nil || later.Total != 2000 {
		t.Errorf("Invoice(24): total %d, %v; want 2000 (the subscription has not ended)", later.Total, err)
	}

	sc := stripeSubscription()
	sc.CancelAt = feb1 + 14*86400
	ended := mustFromStripe[subscription.Subscription](t, sc)
	if _, err := ended.Invoice(3, subscription.Inputs{}); !errors.Is(err, subscription.ErrNoInvoice) {
		t.Errorf("Invoice(3) of a subscription canceled at Feb 15: %v, want ErrNoInvoice", err)
	}
}

// Target policy: a nullable unix time of 0 reads as null. An invoice from
// stripe-go has due_date, status_transitions.finalized_at and
// parent.subscription_details.subscription_proration_date 0: it is not
// due, nor finalized, in 1970, and it computes its totals.
func TestInvoice_StripeGoZeroTimesAreNull(t *testing.T) {
	inv := mustFromStripe[invoice.Invoice](t, stripeInvoice())
	if !inv.DueDate.IsZero() || !inv.FinalizedAt.IsZero() || inv.Parent == nil || !inv.Parent.ProrationDate.IsZero() {
		t.Errorf("due_date %s finalized_at %s proration date %v: want null (the zero Time)", showUnix(inv.DueDate), showUnix(inv.FinalizedAt), inv.Parent)
	}
	wroteNull(t, inv, "due_date")
	if got := jsonKey(t, inv, "status_transitions"); !strings.Contains(string(got), `"finalized_at":null`) {
		t.Errorf("status_transitions after stripe-go's zeros: %s, want finalized_at null", got)
	}
	c, err := inv.Compute()
	if err != nil || c.Total != 2000 || c.AmountDue != 2000 || len(c.Lines) != 1 {
		t.Errorf("Compute: total %d amount_due %d, %v; want 2000, 2000", c.Total, c.AmountDue, err)
	}

	due := stripeInvoice()
	due.CollectionMethod, due.DueDate = stripe.InvoiceCollectionMethodSendInvoice, feb1+30*86400
	if got := mustFromStripe[invoice.Invoice](t, due); got.DueDate.Unix() != feb1+30*86400 {
		t.Errorf("a due_date set in stripe-go decoded as %s", showUnix(got.DueDate))
	}
}

// Target policy: "" is a null string. What stripe-go writes for a null
// description, footer, line description or meter display name reads as
// null and is written null.
func TestStripeGo_EmptyStringsAreNullOnBasilObjects(t *testing.T) {
	inv := mustFromStripe[invoice.Invoice](t, stripeInvoice())
	wroteNull(t, inv, "description", "footer")
	wroteNull(t, inv.Lines[0], "description")
	wroteNull(t, mustFromStripe[subscription.Subscription](t, stripeSubscription()), "description", "schedule")
	m := mustFromStripe[meter.Meter](t, &stripe.BillingMeter{ID: "mtr_interop", Object: "billing.meter", Created: day0, Updated: day0,
		EventName: "api_calls", Status: stripe.BillingMeterStatusActive,
		DefaultAggregation: &stripe.BillingMeterDefaultAggregation{Formula: stripe.BillingMeterDefaultAggregationFormulaSum}})
	wroteNull(t, m, "display_name", "event_time_window")
}

// Target policy: "" is null, a time 0 is null. A meter from stripe-go with
// no time window, customer mapping or value settings set ("") and never
// deactivated (deactivated_at 0) counts raw events under Stripe's default
// payload keys.
func TestMeter_StripeGoZeros(t *testing.T) {
	m := mustFromStripe[meter.Meter](t, &stripe.BillingMeter{ID: "mtr_interop", Object: "billing.meter", Created: day0, Updated: day0,
		EventName: "api_calls", Status: stripe.BillingMeterStatusActive,
		CustomerMapping:    &stripe.BillingMeterCustomerMapping{},
		DefaultAggregation: &stripe.BillingMeterDefaultAggregation{Formula: stripe.BillingMeterDefaultAggregationFormulaSum},
		StatusTransitions:  &stripe.BillingMeterStatusTransitions{}, ValueSettings: &stripe.BillingMeterValueSettings{}})
	if m.EventTimeWindow != meter.WindowNone || !m.StatusTransitions.DeactivatedAt.IsZero() ||
		m.CustomerKey() != meter.DefaultCustomerKey || m.ValueKey() != meter.DefaultValueKey {
		t.Errorf("meter from stripe-go: window %q, deactivated_at %s, keys %q %q; want none, null, Stripe's defaults",
			m.EventTimeWindow, showUnix(m.StatusTransitions.DeactivatedAt), m.CustomerKey(), m.ValueKey())
	}
	if err := m.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	ev := mustFromStripe[meter.Event](t, stripeMeterEvent())
	ev2 := mustFromStripe[meter.Event](t, stripeMeterEvent())
	ev2.Identifier, ev2.Timestamp = "ev_interop_2", time.Unix(day0+60, 0)
	s, err := meter.Aggregate(m, "cus_interop", []meter.Event{ev, ev2}, nil, time.Unix(day0, 0), time.Unix(day1, 0))
	if err != nil || !s.AggregatedValue.Equal(decimal.NewFromInt(50)) {
		t.Errorf("Aggregate: %s, %v; want 50 (two raw events of 25)", s.AggregatedValue, err)
	}
}

// A documented loss (doc.go), not a reading: stripe-go writes a null
// days_until_due as 0, which a subscription keeps as 0. On a
// charge_automatically subscription it changes nothing computed (its
// invoices have no due date); on a send_invoice one, 0 is a real value:
// due at once.
func TestSubscription_StripeGoDaysUntilDue(t *testing.T) {
	s := mustFromStripe[subscription.Subscription](t, stripeSubscription())
	if s.DaysUntilDue == nil || *s.DaysUntilDue != 0 {
		t.Errorf("days_until_due from stripe-go: %v, want 0 (the documented loss)", s.DaysUntilDue)
	}
	inv, err := s.Invoice(1, subscription.Inputs{})
	if err != nil || !inv.DueDate.IsZero() {
		t.Errorf("Invoice(1) of a charge_automatically subscription: due_date %s, %v; want null", showUnix(inv.DueDate), err)
	}
	sc := stripeSubscription()
	sc.CollectionMethod = stripe.SubscriptionCollectionMethodSendInvoice
	inv, err = mustFromStripe[subscription.Subscription](t, sc).Invoice(1, subscription.Inputs{})
	if err != nil || inv.DueDate.Unix() != feb1 {
		t.Errorf("Invoice(1) of a send_invoice subscription with days_until_due 0: due_date %s, %v; want %d", showUnix(inv.DueDate), err, feb1)
	}
}

// Target policy: a nullable unix time of 0 reads as null. A schedule phase
// from stripe-go without a trial has trial_end 0: it must not read as a
// trial ending in 1970.
func TestSubscriptionSchedule_StripeGoZeroTimesAreNull(t *testing.T) {
	cm := stripe.SubscriptionCollectionMethodChargeAutomatically
	sched := mustFromStripe[subscription.Schedule](t, &stripe.SubscriptionSchedule{
		ID: "sub_sched_interop", Object: "subscription_schedule", Created: day0, Customer: &stripe.Customer{ID: "cus_interop"},
		EndBehavior: stripe.SubscriptionScheduleEndBehaviorRelease, Status: stripe.SubscriptionScheduleStatusNotStarted,
		Metadata: map[string]string{},
		Phases: []*stripe.SubscriptionSchedulePhase{{
			StartDate: day1, EndDate: feb1, Currency: stripe.CurrencyUSD, CollectionMethod: &cm,
			ProrationBehavior: stripe.SubscriptionSchedulePhaseProrationBehaviorCreateProrations, Metadata: map[string]string{},
			Items: []*stripe.SubscriptionSchedulePhaseItem{{Price: &stripe.Price{ID: "price_interop"}, Quantity: 2, Metadata: map[string]string{}}},
		}},
	})
	if len(sched.Phases) != 1 || !sched.Phases[0].TrialEnd.IsZero() || sched.Phases[0].StartDate.Unix() != day1 {
		t.Fatalf("phases from stripe-go: %s; want one phase from %d with trial_end null", mustJSON(t, sched.Phases), day1)
	}
	wroteNull(t, sched.Phases[0], "trial_end")
	if got := sched.Phases[0].Items[0].Price.ID; got != "price_interop" {
		t.Errorf("the phase item's price after stripe-go: %q, want price_interop", got)
	}
}
