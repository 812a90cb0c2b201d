// Package quotetest provides rapid generators of valid quotes for
// property-based tests, in the manner of net/http/httptest: the quote
// package's own tests use them, and so can any caller building on quotes.
//
// Every quote a generator here returns is a draft ready to finalize: it has a
// customer, at least one line, one currency, one interval across its
// recurring lines, prices that pass pricing's Validate (drawn from
// pricing/pricingtest, without pay-what-you-want prices, which a quote line
// cannot price), and an expires_at after its created time, so that
// q.Finalize(q.Created) succeeds. Coupons, tax rates, trials, effective
// dates (past or future) and both collection methods are mixed in.
//
// The generators are deterministic functions of rapid's random stream and
// hold no state.
package quotetest

import (
	"fmt"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/billingkit/billingkit/quote"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Lines selects which kinds of line a generated quote has.
type Lines int

const (
	// AnyLines draws one-time, recurring or mixed.
	AnyLines Lines = iota
	// OneTimeLines: no recurring line (accepted into an invoice).
	OneTimeLines
	// RecurringLines: every line recurring.
	RecurringLines
	// MixedLines: at least one one-time and one recurring line.
	MixedLines
)

// Config shapes QuoteWith's quotes. The zero Config draws any kind of lines,
// 1..8 of them.
type Config struct {
	Lines    Lines
	MaxLines int // at most 20 (a subscription's item limit); 0 means 8
}

// Epoch returns the earliest created time of a generated quote,
// 2025-01-01 UTC; created times lie within a year after it.
func Epoch() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// Quote generates a draft quote ready to finalize, of any kind.
func Quote() *rapid.Generator[quote.Quote] { return QuoteWith(Config{}) }

// OneTimeQuote generates a draft quote without recurring lines.
func OneTimeQuote() *rapid.Generator[quote.Quote] { return QuoteWith(Config{Lines: OneTimeLines}) }

// RecurringQuote generates a draft quote whose lines all recur.
func RecurringQuote() *rapid.Generator[quote.Quote] { return QuoteWith(Config{Lines: RecurringLines}) }

// MixedQuote generates a draft quote with one-time and recurring lines.
func MixedQuote() *rapid.Generator[quote.Quote] { return QuoteWith(Config{Lines: MixedLines}) }

// QuoteWith generates a draft quote ready to finalize, shaped by c.
func QuoteWith(c Config) *rapid.Generator[quote.Quote] {
	maxLines := c.MaxLines
	if maxLines <= 0 {
		maxLines = 8
	}
	maxLines = min(maxLines, quote.MaxSubscriptionItems)
	return rapid.Custom(func(t *rapid.T) quote.Quote {
		kind := c.Lines
		if kind == AnyLines {
			kind = rapid.SampledFrom([]Lines{OneTimeLines, RecurringLines, MixedLines}).Draw(t, "lines_kind")
		}
		minLines := 1
		if kind == MixedLines {
			minLines = 2
		}
		n := rapid.IntRange(minLines, max(minLines, maxLines)).Draw(t, "lines")
		created := Epoch().Add(time.Duration(rapid.Int64Range(0, 365*24*3600).Draw(t, "created_offset")) * time.Second)
		q := quote.New("qt_"+rapid.StringMatching(`[A-Za-z0-9]{8,14}`).Draw(t, "id"), created)
		q.ExpiresAt = created.Add(time.Duration(rapid.Int64Range(3600, 60*24*3600).Draw(t, "expires_in")) * time.Second)
		q.Customer = "cus_" + rapid.StringMatching(`[A-Za-z0-9]{6,14}`).Draw(t, "customer")
		q.Currency = rapid.SampledFrom([]pricing.Currency{"usd", "eur", "jpy", "kwd", "gbp"}).Draw(t, "currency")
		rec := pricing.Recurring{
			Interval:      rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week, pricing.Month, pricing.Year}).Draw(t, "interval"),
			IntervalCount: rapid.Int64Range(1, 3).Draw(t, "interval_count"),
			UsageType:     pricing.Licensed,
		}
		q.LineItems = make([]quote.LineItem, n)
		for i := range q.LineItems {
			recurring := kind == RecurringLines
			if kind == MixedLines {
				recurring = i == 0 || (i > 1 && rapid.Bool().Draw(t, "recurring"))
				if i == 1 {
					recurring = false
				}
			}
			p := rapid.OneOf(pricingtest.PerUnitPrice(), pricingtest.PackagePrice(), pricingtest.TieredPrice("")).Draw(t, "price")
			p = withCurrency(p, q.Currency)
			if recurring {
				r := rec
				p.Type, p.Recurring = pricing.RecurringType, &r
			} else {
				p.Type, p.Recurring = pricing.OneTime, nil
			}
			li := quote.LineItem{
				ID:       fmt.Sprintf("li_%d", i+1),
				Price:    p,
				Quantity: rapid.OneOf(rapid.Int64Range(0, 10), pricingtest.QuantityFor(p)).Draw(t, "quantity"),
			}
			if rapid.IntRange(0, 3).Draw(t, "line_discount") == 0 {
				li.Discounts = []quote.Discount{DiscountFor(q.Currency, fmt.Sprintf("li%d", i+1)).Draw(t, "line_discount")}
			}
			if rapid.IntRange(0, 3).Draw(t, "line_tax") == 0 {
				li.TaxRates = rapid.SliceOfN(TaxRate(), 1, 2).Draw(t, "line_tax_rates")
				for j := range li.TaxRates {
					li.TaxRates[j].ID = fmt.Sprintf("txr_li%d_%d", i+1, j+1)
				}
			}
			q.LineItems[i] = li
		}
		q.Discounts = nil
		for j := range rapid.IntRange(0, 2).Draw(t, "discounts") {
			d := DiscountFor(q.Currency, fmt.Sprintf("q%d", j+1)).Draw(t, "discount")
			if rapid.IntRange(0, 4).Draw(t, "applies_to") == 0 {
				d.Coupon.AppliesTo = &quote.AppliesTo{Products: []string{q.LineItems[rapid.IntRange(0, n-1).Draw(t, "applies_to_line")].Price.Product}}
			}
			q.Discounts = append(q.Discounts, d)
		}
		q.DefaultTaxRates = rapid.SliceOfN(TaxRate(), 0, 2).Draw(t, "default_tax_rates")
		for j := range q.DefaultTaxRates {
			q.DefaultTaxRates[j].ID = fmt.Sprintf("txr_default_%d", j+1)
		}
		if rapid.IntRange(0, 2).Draw(t, "send_invoice") == 0 {
			q.CollectionMethod = quote.SendInvoice
			d := rapid.Int64Range(0, 60).Draw(t, "days_until_due")
			q.InvoiceSettings.DaysUntilDue = &d
		}
		if rapid.IntRange(0, 2).Draw(t, "trial") == 0 {
			d := rapid.Int64Range(0, 60).Draw(t, "trial_period_days")
			q.SubscriptionData.TrialPeriodDays = &d
		}
		switch rapid.IntRange(0, 3).Draw(t, "effective_date") {
		case 1: // in the past: ignored at acceptance
			q.SubscriptionData.EffectiveDate = created.Add(-time.Duration(rapid.Int64Range(1, 30*24*3600).Draw(t, "effective_ago")) * time.Second)
		case 2: // in the future: a schedule
			q.SubscriptionData.EffectiveDate = created.Add(time.Duration(rapid.Int64Range(1, 90*24*3600).Draw(t, "effective_in")) * time.Second)
		}
		if rapid.Bool().Draw(t, "subscription_metadata") {
			q.SubscriptionData.Metadata = map[string]string{"plan": rapid.StringMatching(`[a-z]{1,8}`).Draw(t, "plan")}
			q.SubscriptionData.Description = "subscription from " + q.ID
		}
		return q
	})
}

// withCurrency prices p in c, dropping a currency option for c (a price
// cannot carry an option in its own currency).
func withCurrency(p pricing.Price, c pricing.Currency) pricing.Price {
	if p.Currency == c {
		return p
	}
	if _, ok := p.CurrencyOptions[c]; ok {
		opts := make(map[pricing.Currency]pricing.CurrencyOption, len(p.CurrencyOptions))
		for k, v := range p.CurrencyOptions {
			if k != c {
				opts[k] = v
			}
		}
		p.CurrencyOptions = opts
	}
	p.Currency = c
	return p
}

// Coupon generates a valid coupon for a quote in currency c: percent_off
// (0.01..100, two decimal places, sometimes exactly 100) or amount_off in c,
// with any duration.
func Coupon(c pricing.Currency) *rapid.Generator[quote.Coupon] {
	return rapid.Custom(func(t *rapid.T) quote.Coupon {
		cp := quote.Coupon{
			ID:       "co_" + rapid.StringMatching(`[A-Z0-9]{6}`).Draw(t, "coupon_id"),
			Duration: rapid.SampledFrom([]quote.Duration{quote.DurationOnce, quote.DurationRepeating, quote.DurationForever}).Draw(t, "duration"),
			Created:  Epoch(),
			Valid:    true,
			Metadata: map[string]string{},
		}
		if cp.Duration == quote.DurationRepeating {
			m := rapid.Int64Range(1, 12).Draw(t, "duration_in_months")
			cp.DurationInMonths = &m
		}
		if rapid.Bool().Draw(t, "percent") {
			hundredths := rapid.OneOf(rapid.Just(int64(10000)), rapid.Int64Range(1, 10000)).Draw(t, "percent_off_hundredths")
			cp.PercentOff = decimal.NewNullDecimal(decimal.New(hundredths, -2))
		} else {
			off := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, 100_000_000)).Draw(t, "amount_off")
			cp.AmountOff, cp.Currency = &off, c
		}
		return cp
	})
}

// DiscountFor generates a discount with a Coupon(c), its id made unique by
// tag.
func DiscountFor(c pricing.Currency, tag string) *rapid.Generator[quote.Discount] {
	return rapid.Custom(func(t *rapid.T) quote.Discount {
		cp := Coupon(c).Draw(t, "coupon")
		cp.ID += "_" + tag
		return quote.Discount{ID: "di_" + tag, Coupon: cp, Start: Epoch()}
	})
}

// TaxRate generates a valid tax rate: 0..30 percent with up to four decimal
// places, inclusive or exclusive. Its id is "txr_gen"; callers give
// distinct rates distinct ids.
func TaxRate() *rapid.Generator[quote.TaxRate] {
	return rapid.Custom(func(t *rapid.T) quote.TaxRate {
		units := rapid.OneOf(rapid.SampledFrom([]int64{0, 50000, 100000, 200000, 75000}), rapid.Int64Range(0, 300000)).Draw(t, "percentage_ten_thousandths")
		return quote.TaxRate{
			ID:          "txr_gen",
			Active:      true,
			DisplayName: "VAT",
			Inclusive:   rapid.Bool().Draw(t, "inclusive"),
			Percentage:  decimal.New(units, -4),
			Created:     Epoch(),
			Metadata:    map[string]string{},
		}
	})
}
