package quote

import (
	"errors"
	"fmt"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// Compute returns q with every amount computed: each line's subtotal,
// discounts, taxes and total; computed.upfront (with its line items);
// computed.recurring; and the top-level amount_subtotal, amount_total and
// total_details, which equal computed.upfront (policy; both real Stripe
// examples agree). It does not change the status and works in any status.
// Compute is idempotent: Compute of a computed quote changes nothing.
//
// The rules, in order, for each line:
//
//  1. Subtotal: the price's amount for the quantity in the quote's currency
//     (pricing.Price.AmountWith: per unit, package, tiered, decimal, and the
//     price's currency_options when the quote's currency is not the price's
//     own), rounded once, half-up. A metered recurring price has no quantity
//     to bill up front and counts 0 (policy). An empty quote currency is
//     taken from the first line's price.
//  2. Discounts and taxes: the module's one discount and tax engine
//     (invoice.Calc; its rules, stated once, are on Calc.Run in
//     internal/totals) takes the line's own discounts, then the quote's,
//     then taxes what is left with the line's own tax rates, or the quote's
//     default_tax_rates when it has none.
//  3. amount_total = amount_subtotal - amount_discount + exclusive tax;
//     amount_tax counts exclusive and inclusive tax.
//
// Three sets of totals come out of these rules:
//   - line_items: every line for one period (or once), with every discount.
//   - computed.upfront: the first invoice after acceptance: the same, except
//     that during a trial (subscription_data.trial_period_days > 0) recurring
//     lines are 0 (policy), so quote-level amount_off is spread over the
//     one-time lines only.
//   - computed.recurring: recurring lines only, forever coupons only; nil
//     when no line recurs.
//
// Errors, all reported at once (errors.Join) as *FieldError naming the field:
// line_items nil (a quote decoded without its lines, which Stripe sends only
// when expanded: its totals cannot be recomputed), a price pricing cannot
// compute (wrapping pricing's error), a negative quantity, a line priced in
// another currency without a currency option (ErrCurrencyMismatch), recurring lines with different intervals, a
// discount or tax rate that is not expanded, a coupon without exactly one of
// percent_off and amount_off, a percent_off of 0, a percentage outside
// [0, 100] or with more than four decimal places, an amount_off in another currency without a
// currency_options entry for the quote's (ErrCurrencyMismatch),
// automatic_tax.enabled (ErrUnsupported), and any amount beyond int64 minor
// units (ErrOverflow). On error the returned Quote is q unchanged.
func (q Quote) Compute() (Quote, error) {
	var c calc
	if err := q.prepare(&c); err != nil {
		return q, err
	}
	// Compute writes only new slices (lines, computed totals); the inputs it
	// leaves alone (discounts, tax rates, metadata) are shared, unmodified.
	out := q
	out.Currency = c.currency
	lines := make([]LineItem, len(q.LineItems))
	listTotals, err := c.pass(&q, lines, false, false)
	if err != nil {
		return q, err
	}
	out.LineItems = lines
	upTotals := listTotals
	var upLines []LineItem
	if c.trial && c.anyRecurring {
		upLines = make([]LineItem, len(q.LineItems))
		upTotals, err = c.pass(&q, upLines, true, false)
		if err != nil {
			return q, err
		}
	} else {
		upLines = append(make([]LineItem, 0, len(lines)), lines...)
	}
	// The three total_details get their own amount_shipping and breakdown,
	// from one allocation each.
	shipping, breakdowns := new([3]int64), new([3]Breakdown)
	// Decoded objects keep their unknown keys (their shapes) through Compute.
	old := &q.Computed
	out.Computed.Upfront = Upfront{
		AmountSubtotal: upTotals.subtotal,
		AmountTotal:    upTotals.total,
		TotalDetails:   upTotals.details(&shipping[0], &breakdowns[0], &old.Upfront.TotalDetails),
		LineItems:      upLines,
		wire:           old.Upfront.wire,
		lines:          old.Upfront.lines,
	}
	out.Computed.Recurring = nil
	if c.anyRecurring {
		recTotals, err := c.pass(&q, nil, false, true)
		if err != nil {
			return q, err
		}
		var oldRec RecurringTotals
		if old.Recurring != nil {
			oldRec = *old.Recurring
		}
		out.Computed.Recurring = &RecurringTotals{
			AmountSubtotal: recTotals.subtotal,
			AmountTotal:    recTotals.total,
			Interval:       c.interval,
			IntervalCount:  c.intervalCount,
			TotalDetails:   recTotals.details(&shipping[1], &breakdowns[1], &oldRec.TotalDetails),
			wire:           oldRec.wire,
		}
	}
	out.AmountSubtotal = upTotals.subtotal
	out.AmountTotal = upTotals.total
	out.TotalDetails = upTotals.details(&shipping[2], &breakdowns[2], &q.TotalDetails)
	return out, nil
}

// calc holds what Compute checked and precomputed once for its passes.
type calc struct {
	currency      pricing.Currency
	base          []int64 // each line's subtotal
	recurring     []bool
	trial         bool
	anyRecurring  bool
	interval      pricing.Interval
	intervalCount int64
}

// prepare fills c (a value on Compute's stack) with what every pass needs:
// the lines' amounts from their prices, and the recurring interval.
func (q *Quote) prepare(c *calc) error {
	var errs []error
	*c = calc{currency: q.Currency}
	if q.LineItems == nil {
		errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, "line_items", "not expanded: the lines are needed to compute totals (decode a quote retrieved with expand[]=line_items)"))
	}
	if q.AutomaticTax.Enabled {
		errs = append(errs, stripejson.Errorf(ErrUnsupported, "quote", q.ID, "automatic_tax.enabled", "automatic tax is out of scope (no I/O)"))
	}
	if c.currency == "" && len(q.LineItems) > 0 {
		c.currency = q.LineItems[0].Price.Currency
	}
	c.trial = q.SubscriptionData.TrialPeriodDays != nil && *q.SubscriptionData.TrialPeriodDays > 0
	c.base = make([]int64, len(q.LineItems))
	c.recurring = make([]bool, len(q.LineItems))
	firstRecurring := -1
	for i := range q.LineItems {
		li := &q.LineItems[i]
		p := li.Price
		path := lazyPath("line_items[%d]", i)
		if li.Quantity < 0 {
			errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, path()+".quantity", "must not be negative, got %d", li.Quantity))
		}
		if p.Currency != c.currency {
			if _, ok := p.CurrencyOptions[c.currency]; !ok {
				errs = append(errs, stripejson.Errorf(ErrCurrencyMismatch, "quote", q.ID, path()+".price.currency", "%q differs from the quote's %q and the price has no currency_options.%s", p.Currency, c.currency, c.currency))
			}
		}
		if isRecurring(p) {
			c.recurring[i] = true
			c.anyRecurring = true
			if p.Recurring == nil {
				errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, path()+".price.recurring", "a recurring price needs recurring"))
			} else if firstRecurring < 0 {
				firstRecurring = i
				c.interval, c.intervalCount = p.Recurring.Interval, intervalCount(p.Recurring)
			} else if p.Recurring.Interval != c.interval || intervalCount(p.Recurring) != c.intervalCount {
				errs = append(errs, stripejson.Errorf(ErrInvalidQuote, "quote", q.ID, path()+".price.recurring",
					"every %d %s differs from line_items[%d]'s every %d %s: recurring lines must share interval and interval_count",
					intervalCount(p.Recurring), p.Recurring.Interval, firstRecurring, c.intervalCount, c.interval))
			}
		}
		if c.recurring[i] && p.Recurring != nil && p.Recurring.UsageType == pricing.Metered {
			c.base[i] = 0
		} else if li.Quantity >= 0 {
			opts := pricing.AmountOptions{}
			if p.Currency != c.currency {
				opts.Currency = c.currency
			}
			amt, err := p.AmountWith(li.Quantity, opts)
			if err != nil {
				e := &FieldError{Object: "quote", ID: q.ID, Field: path() + ".price", Reason: err.Error(), Err: ErrInvalidQuote, Cause: err}
				if errors.Is(err, pricing.ErrOverflow) {
					e.Err = ErrOverflow
				}
				errs = append(errs, e)
			}
			c.base[i] = amt
		}
	}
	return errors.Join(errs...)
}

func intervalCount(r *pricing.Recurring) int64 {
	if r.IntervalCount == 0 {
		return 1 // Stripe's default
	}
	return r.IntervalCount
}

// lazyPath formats a field path only when an error needs it.
func lazyPath(format string, i int) func() string {
	return func() string { return fmt.Sprintf(format, i) }
}

// totals is one pass's result.
type totals struct {
	subtotal, discount, tax, total int64
	discounts                      []DiscountAmount
	taxes                          []TaxAmount
}

// details returns t's total_details, with amount_shipping 0 (written to
// shipping) and the breakdown (written to bd), in old's JSON shape.
func (t totals) details(shipping *int64, bd *Breakdown, old *TotalDetails) TotalDetails {
	*shipping = 0
	*bd = Breakdown{Discounts: nonNil(t.discounts), Taxes: nonNil(t.taxes)}
	if old.Breakdown != nil {
		bd.wire = old.Breakdown.wire
	}
	return TotalDetails{
		AmountDiscount: t.discount,
		AmountTax:      t.tax,
		AmountShipping: shipping,
		Breakdown:      bd,
		wire:           old.wire,
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// forever keeps the forever discounts of ds (nil stays nil).
func forever(ds []Discount) []Discount {
	if ds == nil {
		return nil
	}
	out := make([]Discount, 0, len(ds))
	for _, d := range ds {
		if d.Coupon.Duration == DurationForever {
			out = append(out, d)
		}
	}
	return out
}

// pass computes one set of totals with invoice's engine (what it is fed
// is on Compute; its rules, on Calc.Run). out, when not nil, receives the
// line items (len(out) == number of lines). trial zeroes recurring lines;
// recurringOnly keeps recurring lines and forever coupons only.
func (c *calc) pass(q *Quote, out []LineItem, trial, recurringOnly bool) (totals, error) {
	lines := make([]invoice.CalcLine, 0, len(q.LineItems))
	index := make([]int, 0, len(q.LineItems)) // engine line -> quote line
	for i := range q.LineItems {
		if recurringOnly && !c.recurring[i] {
			continue
		}
		li := &q.LineItems[i]
		l := invoice.CalcLine{Amount: c.base[i], Product: li.Price.Product, Discounts: li.Discounts, TaxRates: li.TaxRates}
		if trial && c.recurring[i] {
			l.Amount = 0
		}
		if recurringOnly {
			l.Discounts = forever(l.Discounts)
		}
		lines = append(lines, l)
		index = append(index, i)
	}
	prefix := ""
	switch {
	case recurringOnly:
		prefix = "computed.recurring."
	case trial:
		prefix = "computed.upfront."
	}
	linePrefix := prefix
	if recurringOnly {
		linePrefix = ""
	}
	e := invoice.Calc{
		Object: "quote", ID: q.ID,
		Invalid: ErrInvalidQuote, Mismatch: ErrCurrencyMismatch, Overflow: ErrOverflow,
		Currency:        c.currency,
		Discounts:       q.Discounts,
		DefaultTaxRates: q.DefaultTaxRates,
		LinePath:        func(k int) string { return fmt.Sprintf("%sline_items[%d]", linePrefix, index[k]) },
		TotalPath:       func(f string) string { return prefix + f },
	}
	if recurringOnly {
		e.Discounts = forever(q.Discounts)
	}
	r, err := e.Run(lines, out != nil)
	if err != nil {
		return totals{}, err
	}
	if out != nil {
		for k, lr := range r.Lines {
			li := q.LineItems[index[k]]
			li.Currency = c.currency
			li.AmountSubtotal = lines[k].Amount
			li.AmountDiscount = lr.Discount
			li.AmountTax = lr.Tax
			li.AmountTotal = lr.Total
			li.DiscountAmounts = lr.DiscountAmounts
			li.TaxAmounts = lr.Taxes
			out[index[k]] = li
		}
	}
	return totals{subtotal: r.Subtotal, discount: r.Discount, tax: r.Tax, total: r.Total, discounts: r.Discounts, taxes: r.Taxes}, nil
}
