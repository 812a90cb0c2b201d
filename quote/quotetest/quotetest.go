// Package quotetest provides rapid generators of valid quotes for
// property-based tests, in the manner of net/http/httptest: the quote
// package's own tests use them, and so can any caller building on quotes.
//
// Every quote a generator here returns is a draft ready to finalize: it has a
// customer, at least one line, one currency, one interval across its
// recurring lines, prices that pass pricing's Validate (drawn from
// pricing/pricingtest, without pay-what-you-want prices, which a quote line
// cannot price, or from a catalogue of your own, Config.Prices), and an
// expires_at after its created time, so that q.Finalize(q.Created)
// succeeds. Coupons, tax rates, trials, effective dates (past or future)
// and both collection methods are mixed in. Config also restricts the
// currencies and can give every line a price of its own id.
//
// The generators are deterministic functions of rapid's random stream and
// hold no state.
package quotetest

import (
	"fmt"
	"slices"
	"strconv"
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
// 1..8 of them, in usd, eur, jpy, kwd or gbp, with prices from
// pricingtest.
type Config struct {
	Lines    Lines
	MaxLines int // at most 20 (a subscription's item limit); 0 means 8

	// Currencies are the currencies a quote may be in: one or several. Nil
	// or empty: usd, eur, jpy, kwd and gbp. Generated prices are in the
	// quote's currency, and their currency_options only in these
	// currencies. QuoteWith panics on a currency Stripe does not support.
	Currencies []pricing.Currency
	// Prices, when set, is the catalogue lines draw from: every line's price
	// is one of these, unchanged. A quote is in a currency its prices are
	// in (their own or a currency option) and its recurring lines share
	// one interval, so only prices that allow this are drawn; invalid
	// prices and prices a quote line cannot price (pay what you want) are
	// skipped. Amounts should stay within pricingtest's bounds, so that
	// totals fit in int64. QuoteWith panics when no quote with the asked
	// Lines can be drawn from the catalogue in Currencies.
	Prices []pricing.Price
	// UniqueIDs gives every line a price with its own id: no two lines
	// share a price id (Stripe refuses two subscription items with the
	// same price). Generated prices get a "_<line number>" suffix on their
	// id; with a catalogue, lines use different catalogue prices, and a
	// quote has at most as many lines as the catalogue offers distinct ids.
	// Line, discount, coupon and tax rate ids are always unique.
	UniqueIDs bool
}

// defaultCurrencies are the currencies a quote is drawn in by default.
var defaultCurrencies = []pricing.Currency{"usd", "eur", "jpy", "kwd", "gbp"}

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

// QuoteWith generates a draft quote ready to finalize, shaped by c. It
// panics on a Config it cannot honour (see Config).
func QuoteWith(c Config) *rapid.Generator[quote.Quote] {
	maxLines := c.MaxLines
	if maxLines <= 0 {
		maxLines = 8
	}
	maxLines = min(maxLines, quote.MaxSubscriptionItems)
	currencies := defaultCurrencies
	if len(c.Currencies) > 0 {
		currencies = nil
		for _, cur := range c.Currencies {
			if !cur.Valid() {
				panic("quotetest: Config.Currencies: unsupported currency " + strconv.Quote(string(cur)))
			}
			if !slices.Contains(currencies, cur) {
				currencies = append(currencies, cur)
			}
		}
	}
	var cat *catalogue
	if len(c.Prices) > 0 {
		cat = newCatalogue(c.Prices, currencies, c.Lines, c.UniqueIDs)
	}
	return rapid.Custom(func(t *rapid.T) quote.Quote {
		kind := c.Lines
		var pool *currencyPool
		var cad *cadencePool
		if cat != nil {
			kind, pool, cad = cat.draw(t, kind)
		} else if kind == AnyLines {
			kind = rapid.SampledFrom([]Lines{OneTimeLines, RecurringLines, MixedLines}).Draw(t, "lines_kind")
		}
		minLines := 1
		if kind == MixedLines {
			minLines = 2
		}
		hi := maxLines
		if cat != nil && c.UniqueIDs {
			hi = min(hi, pool.capacity(kind, cad))
		}
		n := rapid.IntRange(minLines, max(minLines, hi)).Draw(t, "lines")
		created := Epoch().Add(time.Duration(rapid.Int64Range(0, 365*24*3600).Draw(t, "created_offset")) * time.Second)
		q := quote.New("qt_"+rapid.StringMatching(`[A-Za-z0-9]{8,14}`).Draw(t, "id"), created)
		q.ExpiresAt = created.Add(time.Duration(rapid.Int64Range(3600, 60*24*3600).Draw(t, "expires_in")) * time.Second)
		q.Customer = "cus_" + rapid.StringMatching(`[A-Za-z0-9]{6,14}`).Draw(t, "customer")
		if pool != nil {
			q.Currency = pool.currency
		} else {
			q.Currency = rapid.SampledFrom(currencies).Draw(t, "currency")
		}
		rec := pricing.Recurring{
			Interval:      rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week, pricing.Month, pricing.Year}).Draw(t, "interval"),
			IntervalCount: rapid.Int64Range(1, 3).Draw(t, "interval_count"),
			UsageType:     pricing.Licensed,
		}
		q.LineItems = make([]quote.LineItem, n)
		used := map[string]bool{} // price ids taken, with UniqueIDs
		for i := range q.LineItems {
			recurring := kind == RecurringLines
			if kind == MixedLines {
				recurring = i == 0 || (i > 1 && rapid.Bool().Draw(t, "recurring"))
				if i == 1 {
					recurring = false
				}
			}
			var p pricing.Price
			if pool != nil {
				p = pool.pick(t, recurring, cad, c.UniqueIDs, used)
			} else {
				p = rapid.OneOf(pricingtest.PerUnitPrice(), pricingtest.PackagePrice(), pricingtest.TieredPrice("")).Draw(t, "price")
				p = withCurrency(p, q.Currency)
				if len(c.Currencies) > 0 {
					p = onlyOptionsIn(p, currencies)
				}
				if recurring {
					r := rec
					p.Type, p.Recurring = pricing.RecurringType, &r
				} else {
					p.Type, p.Recurring = pricing.OneTime, nil
				}
				if c.UniqueIDs {
					p.ID += "_" + strconv.Itoa(i+1)
				}
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
				if product := q.LineItems[rapid.IntRange(0, n-1).Draw(t, "applies_to_line")].Price.Product; product != "" {
					d.Coupon.AppliesTo = &quote.AppliesTo{Products: []string{product}}
				}
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

// onlyOptionsIn drops p's currency options in currencies not in cs.
func onlyOptionsIn(p pricing.Price, cs []pricing.Currency) pricing.Price {
	if p.CurrencyOptions == nil {
		return p
	}
	opts := make(map[pricing.Currency]pricing.CurrencyOption, len(p.CurrencyOptions))
	for k, v := range p.CurrencyOptions {
		if slices.Contains(cs, k) {
			opts[k] = v
		}
	}
	p.CurrencyOptions = opts
	return p
}

// catalogue is Config.Prices sorted into what a quote can use: per
// currency, the one-time prices and the recurring ones by cadence.
type catalogue struct {
	pools []*currencyPool // in the order of the currencies, only usable ones
}

type currencyPool struct {
	currency pricing.Currency
	oneTime  []pricing.Price
	cadences []*cadencePool // in the catalogue's order
}

type cadencePool struct {
	interval pricing.Interval
	count    int64
	prices   []pricing.Price
}

// newCatalogue sorts prices into pools, keeping only the prices a quote
// line in that currency can price and, with unique, the first price of
// each id. It panics when no pool serves kind.
func newCatalogue(prices []pricing.Price, currencies []pricing.Currency, kind Lines, unique bool) *catalogue {
	if unique {
		seen := map[string]bool{}
		var first []pricing.Price
		for _, p := range prices {
			if !seen[p.ID] {
				seen[p.ID] = true
				first = append(first, p)
			}
		}
		prices = first
	}
	cat := &catalogue{}
	for _, cur := range currencies {
		pool := &currencyPool{currency: cur}
		for _, p := range prices {
			if !usable(p, cur) {
				continue
			}
			if !isRecurring(p) {
				pool.oneTime = append(pool.oneTime, p)
				continue
			}
			count := max(p.Recurring.IntervalCount, 1)
			i := slices.IndexFunc(pool.cadences, func(c *cadencePool) bool { return c.interval == p.Recurring.Interval && c.count == count })
			if i < 0 {
				i = len(pool.cadences)
				pool.cadences = append(pool.cadences, &cadencePool{interval: p.Recurring.Interval, count: count})
			}
			pool.cadences[i].prices = append(pool.cadences[i].prices, p)
		}
		if len(pool.oneTime) > 0 || len(pool.cadences) > 0 {
			cat.pools = append(cat.pools, pool)
		}
	}
	if len(cat.kinds(kind)) == 0 {
		panic(fmt.Sprintf("quotetest: Config.Prices: no %s can be drawn from %d prices in %v", kindName(kind), len(prices), currencies))
	}
	return cat
}

// usable reports whether a quote line in currency cur can price p.
func usable(p pricing.Price, cur pricing.Currency) bool {
	if p.Validate() != nil {
		return false
	}
	if _, ok := p.CurrencyOptions[cur]; p.Currency != cur && !ok {
		return false
	}
	if isRecurring(p) {
		if p.Recurring == nil {
			return false
		}
		if p.Recurring.UsageType == pricing.Metered {
			return true // a quote bills metered usage later, not now
		}
	}
	opts := pricing.AmountOptions{}
	if p.Currency != cur {
		opts.Currency = cur
	}
	_, err := p.AmountWith(1, opts)
	return err == nil
}

func isRecurring(p pricing.Price) bool {
	return p.Type == pricing.RecurringType || (p.Type == "" && p.Recurring != nil)
}

func kindName(k Lines) string {
	return [...]string{"quote", "one-time quote", "recurring quote", "mixed quote"}[k]
}

// serves reports whether pool can make a quote of kind k.
func (pool *currencyPool) serves(k Lines) bool {
	switch k {
	case OneTimeLines:
		return len(pool.oneTime) > 0
	case RecurringLines:
		return len(pool.cadences) > 0
	case MixedLines:
		return len(pool.oneTime) > 0 && len(pool.cadences) > 0
	}
	return pool.serves(OneTimeLines) || pool.serves(RecurringLines)
}

// kinds lists the kinds of quote the catalogue can make, of those k asks for.
func (cat *catalogue) kinds(k Lines) []Lines {
	want := []Lines{k}
	if k == AnyLines {
		want = []Lines{OneTimeLines, RecurringLines, MixedLines}
	}
	var out []Lines
	for _, w := range want {
		if slices.ContainsFunc(cat.pools, func(p *currencyPool) bool { return p.serves(w) }) {
			out = append(out, w)
		}
	}
	return out
}

// draw picks the kind of quote, its currency's pool and, for recurring
// lines, the cadence they share.
func (cat *catalogue) draw(t *rapid.T, k Lines) (Lines, *currencyPool, *cadencePool) {
	kind := rapid.SampledFrom(cat.kinds(k)).Draw(t, "lines_kind")
	var pools []*currencyPool
	for _, p := range cat.pools {
		if p.serves(kind) {
			pools = append(pools, p)
		}
	}
	pool := rapid.SampledFrom(pools).Draw(t, "currency")
	var cad *cadencePool
	if kind != OneTimeLines {
		cad = rapid.SampledFrom(pool.cadences).Draw(t, "cadence")
	}
	return kind, pool, cad
}

// capacity is how many lines with distinct prices a quote of kind k can
// have (ids are unique within the catalogue when this is asked).
func (pool *currencyPool) capacity(k Lines, cad *cadencePool) int {
	n := 0
	if k != RecurringLines {
		n += len(pool.oneTime)
	}
	if k != OneTimeLines {
		n += len(cad.prices)
	}
	return n
}

// pick draws a line's price: recurring from cad, one-time otherwise. With
// unique it takes a price whose id is not in used, from the other kind
// when this one has none left (capacity ensures one does), and records it.
func (pool *currencyPool) pick(t *rapid.T, recurring bool, cad *cadencePool, unique bool, used map[string]bool) pricing.Price {
	from := func(rec bool) []pricing.Price {
		var ps []pricing.Price
		if rec && cad != nil {
			ps = cad.prices
		} else if !rec {
			ps = pool.oneTime
		}
		if unique {
			ps = slices.DeleteFunc(slices.Clone(ps), func(p pricing.Price) bool { return used[p.ID] })
		}
		return ps
	}
	ps := from(recurring)
	if len(ps) == 0 {
		ps = from(!recurring)
	}
	p := rapid.SampledFrom(ps).Draw(t, "price")
	used[p.ID] = true
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
