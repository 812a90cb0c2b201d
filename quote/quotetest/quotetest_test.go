package quotetest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

// TestQuote_Finalizes: the package's promise, every generated quote
// finalizes at its created time, with the kind of lines asked for.
func TestQuote_Finalizes(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    quotetest.Config
	}{
		{"any", quotetest.Config{}},
		{"one-time", quotetest.Config{Lines: quotetest.OneTimeLines}},
		{"recurring", quotetest.Config{Lines: quotetest.RecurringLines, MaxLines: 20}},
		{"mixed", quotetest.Config{Lines: quotetest.MixedLines}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				q := quotetest.QuoteWith(tt.c).Draw(t, "quote")
				open, err := q.Finalize(q.Created)
				if err != nil {
					t.Fatalf("generated quote does not finalize: %v", err)
				}
				if open.Status != quote.StatusOpen {
					t.Fatalf("status %s", open.Status)
				}
				var rec, once int
				for _, li := range q.LineItems {
					if li.Price.Recurring != nil {
						rec++
					} else {
						once++
					}
				}
				switch tt.c.Lines {
				case quotetest.OneTimeLines:
					if rec > 0 {
						t.Fatalf("%d recurring lines in a one-time quote", rec)
					}
				case quotetest.RecurringLines:
					if once > 0 {
						t.Fatalf("%d one-time lines in a recurring quote", once)
					}
				case quotetest.MixedLines:
					if rec == 0 || once == 0 {
						t.Fatalf("mixed quote with %d recurring and %d one-time lines", rec, once)
					}
				}
			})
		})
	}
}

// linesOf counts q's recurring and one-time lines.
func linesOf(q quote.Quote) (rec, once int) {
	for _, li := range q.LineItems {
		if li.Price.Recurring != nil {
			rec++
		} else {
			once++
		}
	}
	return rec, once
}

// checkKind fails unless q's lines are of the kind asked for.
func checkKind(t *rapid.T, q quote.Quote, k quotetest.Lines) {
	rec, once := linesOf(q)
	switch {
	case k == quotetest.OneTimeLines && rec > 0,
		k == quotetest.RecurringLines && once > 0,
		k == quotetest.MixedLines && (rec == 0 || once == 0):
		t.Fatalf("%d recurring and %d one-time lines, want kind %d", rec, once, k)
	}
}

func finalize(t *rapid.T, q quote.Quote) {
	if _, err := q.Finalize(q.Created); err != nil {
		t.Fatalf("generated quote does not finalize: %v", err)
	}
}

// Currencies restricts the quote's currency, its prices' currency and their
// currency_options.
func TestQuoteWith_Currencies(t *testing.T) {
	for _, allowed := range [][]pricing.Currency{{"kwd"}, {"eur", "jpy", "chf"}} {
		t.Run(fmt.Sprint(allowed), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				q := quotetest.QuoteWith(quotetest.Config{Currencies: allowed}).Draw(t, "quote")
				finalize(t, q)
				if !slices.Contains(allowed, q.Currency) {
					t.Fatalf("quote in %s, not in %v", q.Currency, allowed)
				}
				for _, li := range q.LineItems {
					if li.Price.Currency != q.Currency {
						t.Fatalf("line %s priced in %s, quote in %s", li.ID, li.Price.Currency, q.Currency)
					}
					for c := range li.Price.CurrencyOptions {
						if !slices.Contains(allowed, c) {
							t.Fatalf("line %s has a currency option in %s, not in %v", li.ID, c, allowed)
						}
					}
				}
			})
		})
	}
}

// UniqueIDs gives every line a price of its own id.
func TestQuoteWith_UniqueIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.QuoteWith(quotetest.Config{UniqueIDs: true, MaxLines: 20}).Draw(t, "quote")
		finalize(t, q)
		seen := map[string]string{}
		for _, li := range q.LineItems {
			if prev, dup := seen[li.Price.ID]; dup {
				t.Fatalf("lines %s and %s share price %s", prev, li.ID, li.Price.ID)
			}
			seen[li.Price.ID] = li.ID
		}
	})
}

// A catalogue with one-time and monthly usd prices, so that every kind of
// quote can be drawn, plus prices a quote line cannot use.
func catalogue(t *rapid.T) (usable []pricing.Price, unusable []pricing.Price) {
	usable = pricingtest.Catalogue(pricingtest.Options{Currencies: []pricing.Currency{"usd", "eur"}}, 0, 12).Draw(t, "catalogue")
	unit := int64(500)
	usable = append(usable,
		pricing.Price{ID: "price_fixed_once", Currency: "usd", Type: pricing.OneTime, UnitAmount: &unit},
		pricing.Price{ID: "price_fixed_month", Currency: "usd", Type: pricing.RecurringType, UnitAmount: &unit,
			Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}},
	)
	unusable = []pricing.Price{
		{ID: "price_pwyw", Currency: "usd", Type: pricing.OneTime, CustomUnitAmount: &pricing.CustomUnitAmount{}},
		{ID: "price_invalid", Currency: "usd", Type: pricing.OneTime}, // no amount
		{ID: "price_gbp", Currency: "gbp", Type: pricing.OneTime, UnitAmount: &unit},
	}
	return usable, unusable
}

// With a catalogue, every line's price is a catalogue price, unchanged and
// usable, for every kind of quote, with and without UniqueIDs.
func TestQuoteWith_Catalogue(t *testing.T) {
	for _, k := range []quotetest.Lines{quotetest.AnyLines, quotetest.OneTimeLines, quotetest.RecurringLines, quotetest.MixedLines} {
		for _, unique := range []bool{false, true} {
			t.Run(fmt.Sprintf("kind=%d/unique=%v", k, unique), func(t *testing.T) {
				rapid.Check(t, func(t *rapid.T) {
					usable, unusable := catalogue(t)
					all := append(slices.Clone(usable), unusable...)
					byID := map[string]pricing.Price{}
					for _, p := range usable {
						byID[p.ID] = p
					}
					c := quotetest.Config{Lines: k, Prices: all, Currencies: []pricing.Currency{"usd", "eur"}, UniqueIDs: unique, MaxLines: 20}
					q := quotetest.QuoteWith(c).Draw(t, "quote")
					finalize(t, q)
					checkKind(t, q, k)
					if q.Currency != "usd" && q.Currency != "eur" {
						t.Fatalf("quote in %s", q.Currency)
					}
					seen := map[string]bool{}
					for _, li := range q.LineItems {
						want, ok := byID[li.Price.ID]
						if !ok {
							t.Fatalf("line %s uses %s, not a usable catalogue price", li.ID, li.Price.ID)
						}
						if !li.Price.Equal(want) {
							t.Fatalf("line %s changed catalogue price %s:\n got %#v\nwant %#v", li.ID, want.ID, li.Price, want)
						}
						if unique && seen[li.Price.ID] {
							t.Fatalf("price %s on two lines", li.Price.ID)
						}
						seen[li.Price.ID] = true
					}
				})
			})
		}
	}
}

// A catalogue that cannot make the asked kind of quote, and an unsupported
// currency, are refused when the generator is built.
func TestQuoteWith_BadConfigPanics(t *testing.T) {
	unit := int64(100)
	once := pricing.Price{ID: "price_once", Currency: "usd", Type: pricing.OneTime, UnitAmount: &unit}
	for name, c := range map[string]quotetest.Config{
		"recurring from one-time prices": {Lines: quotetest.RecurringLines, Prices: []pricing.Price{once}},
		"catalogue in another currency":  {Prices: []pricing.Price{once}, Currencies: []pricing.Currency{"eur"}},
		"unsupported currency":           {Currencies: []pricing.Currency{"usd", "usdc"}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "quotetest: ") {
					t.Errorf("recovered %v, want a quotetest panic", r)
				}
			}()
			quotetest.QuoteWith(c)
		})
	}
}
