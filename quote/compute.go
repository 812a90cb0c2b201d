package quote

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/billingkit/billingkit/internal/stripejson"
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
//  2. The line's own discounts, then the quote's, each in order and each on
//     what the previous ones left: percent_off takes round-half-up(p% of the
//     amount); amount_off on a line takes at most the amount left (a line
//     never goes below 0, policy); a quote-level amount_off is capped at the
//     sum of the eligible lines and spread over them in proportion to their
//     amounts, the remainder going one minor unit at a time to the lines
//     with the largest remainders, ties to the earlier line (policy). A
//     coupon with applies_to only touches lines of the listed products.
//  3. Taxes on what is left (the net): the line's own tax rates, or the
//     quote's default_tax_rates when it has none. With inclusive rates
//     summing to I percent, the taxable amount is net x 100/(100+I); each
//     rate, inclusive or exclusive, takes p% of the taxable amount, rounded
//     half-up per line and rate (policy). Exclusive tax is added to the
//     total, inclusive tax is reported inside it.
//  4. amount_total = amount_subtotal - amount_discount + exclusive tax;
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
	id            string // the quote's, for errors
	currency      pricing.Currency
	base          []int64 // each line's subtotal
	recurring     []bool
	quoteCoupons  []coupon
	lineCoupons   [][]coupon
	lineTaxes     [][]rate // own rates or the defaults
	nLineCoupons  int      // the lines' own coupons, in all
	nRates        int      // default rates plus the lines' own, in all
	trial         bool
	anyRecurring  bool
	interval      pricing.Interval
	intervalCount int64
}

type coupon struct {
	d        *Discount // in the quote's Discounts or a line's, read only
	percent  uint64    // scaled; used when isPct
	isPct    bool
	off      int64
	forever  bool
	products []string
}

type rate struct {
	r       *TaxRate // in the quote's DefaultTaxRates or a line's, read only
	percent uint64   // scaled
}

func (c *coupon) appliesTo(product string) bool {
	if c.products == nil {
		return true
	}
	for _, id := range c.products {
		if id == product {
			return true
		}
	}
	return false
}

// prepare fills c (a value on Compute's stack, so that neither it nor the
// quote escapes to the heap) with what every pass needs.
func (q *Quote) prepare(c *calc) error {
	var errs []error
	*c = calc{id: q.ID, currency: q.Currency}
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
	c.lineCoupons = make([][]coupon, len(q.LineItems))
	c.lineTaxes = make([][]rate, len(q.LineItems))
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
		for j := range li.Discounts {
			cp, err := c.coupon(&li.Discounts[j], func() string { return fmt.Sprintf("%s.discounts[%d]", path(), j) })
			if err != nil {
				errs = append(errs, err)
				continue
			}
			c.lineCoupons[i] = append(c.lineCoupons[i], cp)
			c.nLineCoupons++
		}
		if li.TaxRates != nil {
			for j := range li.TaxRates {
				rt, err := c.taxRate(&li.TaxRates[j], func() string { return fmt.Sprintf("%s.tax_rates[%d]", path(), j) })
				if err != nil {
					errs = append(errs, err)
					continue
				}
				c.lineTaxes[i] = append(c.lineTaxes[i], rt)
				c.nRates++
			}
		}
	}
	defaults := make([]rate, 0, len(q.DefaultTaxRates))
	for j := range q.DefaultTaxRates {
		rt, err := c.taxRate(&q.DefaultTaxRates[j], lazyPath("default_tax_rates[%d]", j))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		defaults = append(defaults, rt)
	}
	c.nRates += len(defaults)
	for i := range q.LineItems {
		if q.LineItems[i].TaxRates == nil {
			c.lineTaxes[i] = defaults
		}
	}
	c.quoteCoupons = make([]coupon, 0, len(q.Discounts))
	for j := range q.Discounts {
		cp, err := c.coupon(&q.Discounts[j], lazyPath("discounts[%d]", j))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.quoteCoupons = append(c.quoteCoupons, cp)
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

func (c *calc) coupon(d *Discount, pathOf func() string) (coupon, error) {
	if d.Unexpanded {
		return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, pathOf(), "discount %q is not expanded: the coupon is needed to compute totals", d.ID)
	}
	cp := coupon{d: d, forever: d.Coupon.Duration == DurationForever}
	if d.Coupon.AppliesTo != nil {
		cp.products = d.Coupon.AppliesTo.Products
		if cp.products == nil {
			cp.products = []string{}
		}
	}
	path := func() string { return pathOf() + ".coupon" }
	switch {
	case d.Coupon.PercentOff.Valid && d.Coupon.AmountOff != nil:
		return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path(), "percent_off and amount_off are mutually exclusive")
	case d.Coupon.PercentOff.Valid:
		p, err := scaledPercent(d.Coupon.PercentOff.Decimal)
		if err != nil {
			return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path()+".percent_off", "%s: %v", d.Coupon.PercentOff.Decimal, err)
		}
		if p == 0 {
			return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path()+".percent_off", "must be greater than 0 (Stripe's rule), got 0")
		}
		cp.isPct, cp.percent = true, p
	case d.Coupon.AmountOff != nil:
		if *d.Coupon.AmountOff < 0 {
			return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path()+".amount_off", "must not be negative, got %d", *d.Coupon.AmountOff)
		}
		cp.off = *d.Coupon.AmountOff
		if d.Coupon.Currency != c.currency {
			opt, ok := d.Coupon.CurrencyOptions[c.currency]
			if !ok {
				return coupon{}, stripejson.Errorf(ErrCurrencyMismatch, "quote", c.id, path()+".currency", "amount_off in %q, the quote is in %q and the coupon has no currency_options.%s", d.Coupon.Currency, c.currency, c.currency)
			}
			if opt.AmountOff < 0 {
				return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path()+".currency_options."+string(c.currency)+".amount_off", "must not be negative, got %d", opt.AmountOff)
			}
			cp.off = opt.AmountOff
		}
	default:
		return coupon{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path(), "needs percent_off or amount_off")
	}
	return cp, nil
}

func (c *calc) taxRate(r *TaxRate, path func() string) (rate, error) {
	if r.Unexpanded {
		return rate{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path(), "tax rate %q is not expanded: its percentage is needed to compute totals", r.ID)
	}
	p, err := scaledPercent(r.Percentage)
	if err != nil {
		return rate{}, stripejson.Errorf(ErrInvalidQuote, "quote", c.id, path()+".percentage", "%s: %v", r.Percentage, err)
	}
	return rate{r: r, percent: p}, nil
}

// totals accumulates one pass.
type totals struct {
	subtotal, discount, tax, total int64
	discounts                      []DiscountAmount
	taxes                          []TaxAmount
	discountIdx                    map[string]int // discount id -> index in discounts
	taxIdx                         map[taxKey]int // rate -> index in taxes
}

type taxKey struct {
	id        string
	inclusive bool
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

// addDiscount adds amt to the breakdown entry of discount d (by id, in order
// of first appearance).
func (t *totals) addDiscount(d *Discount, amt int64) error {
	i, ok := -1, false
	if t.discountIdx != nil {
		i, ok = t.discountIdx[d.ID]
	} else {
		for j := range t.discounts {
			if t.discounts[j].Discount.ID == d.ID {
				i, ok = j, true
				break
			}
		}
	}
	if ok {
		s, err := add(t.discounts[i].Amount, amt)
		t.discounts[i].Amount = s
		return err
	}
	t.discounts = append(t.discounts, DiscountAmount{Amount: amt, Discount: *d})
	if t.discountIdx == nil && len(t.discounts) > linearLookup {
		t.discountIdx = make(map[string]int, 2*len(t.discounts))
		for j := range t.discounts {
			t.discountIdx[t.discounts[j].Discount.ID] = j
		}
	} else if t.discountIdx != nil {
		t.discountIdx[d.ID] = len(t.discounts) - 1
	}
	return nil
}

// linearLookup is how many breakdown entries are searched linearly before an
// index map is built (most quotes have a handful of discounts and rates; a
// quote with a discount per line must not be quadratic).
const linearLookup = 8

// addTax adds ta to the breakdown entry of its rate.
func (t *totals) addTax(ta *TaxAmount) error {
	k := taxKey{ta.Rate.ID, ta.Rate.Inclusive}
	i, ok := -1, false
	if t.taxIdx != nil {
		i, ok = t.taxIdx[k]
	} else {
		for j := range t.taxes {
			if t.taxes[j].Rate.ID == k.id && t.taxes[j].Rate.Inclusive == k.inclusive {
				i, ok = j, true
				break
			}
		}
	}
	if ok {
		s, err := add(t.taxes[i].Amount, ta.Amount)
		if err != nil {
			return err
		}
		t.taxes[i].Amount = s
		s, err = add(t.taxes[i].TaxableAmount, ta.TaxableAmount)
		t.taxes[i].TaxableAmount = s
		return err
	}
	t.taxes = append(t.taxes, *ta)
	if t.taxIdx == nil && len(t.taxes) > linearLookup {
		t.taxIdx = make(map[taxKey]int, 2*len(t.taxes))
		for j := range t.taxes {
			t.taxIdx[taxKey{t.taxes[j].Rate.ID, t.taxes[j].Rate.Inclusive}] = j
		}
	} else if t.taxIdx != nil {
		t.taxIdx[k] = len(t.taxes) - 1
	}
	return nil
}

// pass computes one set of totals. out, when not nil, receives the line
// items (len(out) == number of lines). trial zeroes recurring lines;
// recurringOnly keeps recurring lines and forever coupons only.
func (c *calc) pass(q *Quote, out []LineItem, trial, recurringOnly bool) (totals, error) {
	n := len(q.LineItems)
	amt := make([]int64, n)
	included := make([]bool, n)
	var discs [][]DiscountAmount
	if out != nil {
		discs = make([][]DiscountAmount, n)
	}
	// Room for the breakdown entries of a typical quote up front: every
	// coupon and rate once, up to linearLookup of each.
	t := totals{
		discounts: make([]DiscountAmount, 0, min(len(c.quoteCoupons)+c.nLineCoupons, linearLookup)),
		taxes:     make([]TaxAmount, 0, min(c.nRates, linearLookup)),
	}
	// fail names the field an arithmetic error (an overflow) came from: a
	// line's (i >= 0) or a total's of this pass.
	fail := func(i int, field string, err error) (totals, error) {
		path := ""
		switch {
		case recurringOnly:
			path = "computed.recurring."
		case trial:
			path = "computed.upfront."
		}
		if i >= 0 {
			if recurringOnly {
				path = ""
			}
			path += fmt.Sprintf("line_items[%d].", i)
		}
		kind := ErrInvalidQuote
		if errors.Is(err, ErrOverflow) {
			kind = ErrOverflow
		}
		return t, &FieldError{Object: "quote", ID: q.ID, Field: path + field, Reason: strings.TrimPrefix(err.Error(), "quote: "), Err: kind}
	}
	couponOK := func(cp *coupon) bool { return !recurringOnly || cp.forever }
	perLine := len(c.quoteCoupons)
	// One backing array for every line's discount and tax amounts, each line
	// getting a capacity-limited window of it.
	var discBacking []DiscountAmount
	var taxBacking []TaxAmount
	if out != nil {
		nd, nt := 0, 0
		for i := 0; i < n; i++ {
			nd += len(c.lineCoupons[i]) + perLine
			nt += len(c.lineTaxes[i])
		}
		discBacking = make([]DiscountAmount, 0, nd)
		taxBacking = make([]TaxAmount, 0, nt)
	}
	appendDisc := func(i int, d int64, cp *coupon) {
		if discs[i] == nil {
			k := len(discBacking)
			w := len(c.lineCoupons[i]) + perLine
			discs[i] = discBacking[k:k:min(k+w, cap(discBacking))]
			discBacking = discBacking[:min(k+w, cap(discBacking))]
		}
		discs[i] = append(discs[i], DiscountAmount{Amount: d, Discount: *cp.d})
	}
	for i := 0; i < n; i++ {
		if recurringOnly && !c.recurring[i] {
			continue
		}
		included[i] = true
		if !(trial && c.recurring[i]) {
			amt[i] = c.base[i]
		}
		product := q.LineItems[i].Price.Product
		for k := range c.lineCoupons[i] {
			cp := &c.lineCoupons[i][k]
			if !couponOK(cp) || !cp.appliesTo(product) {
				continue
			}
			var d int64
			if cp.isPct {
				v, err := mulDivRound(amt[i], cp.percent, percentScale)
				if err != nil {
					return fail(i, "amount_discount", err)
				}
				d = v
			} else {
				d = min(cp.off, amt[i])
			}
			amt[i] -= d
			if discs != nil {
				appendDisc(i, d, cp)
			}
			if err := t.addDiscount(cp.d, d); err != nil {
				return fail(-1, "total_details.breakdown.discounts", err)
			}
		}
	}
	for k := range c.quoteCoupons {
		cp := &c.quoteCoupons[k]
		if !couponOK(cp) {
			continue
		}
		if cp.isPct {
			for i := 0; i < n; i++ {
				if !included[i] || !cp.appliesTo(q.LineItems[i].Price.Product) {
					continue
				}
				d, err := mulDivRound(amt[i], cp.percent, percentScale)
				if err != nil {
					return fail(i, "amount_discount", err)
				}
				amt[i] -= d
				if discs != nil {
					appendDisc(i, d, cp)
				}
				if err := t.addDiscount(cp.d, d); err != nil {
					return fail(-1, "total_details.breakdown.discounts", err)
				}
			}
			continue
		}
		shares, err := spread(cp, amt, included, q.LineItems)
		if err != nil {
			return fail(-1, "total_details.amount_discount", err)
		}
		for i, d := range shares {
			if !included[i] || !cp.appliesTo(q.LineItems[i].Price.Product) {
				continue
			}
			amt[i] -= d
			if discs != nil {
				appendDisc(i, d, cp)
			}
			if err := t.addDiscount(cp.d, d); err != nil {
				return fail(-1, "total_details.breakdown.discounts", err)
			}
		}
	}
	for i := 0; i < n; i++ {
		if !included[i] {
			continue
		}
		sub := c.base[i]
		if trial && c.recurring[i] {
			sub = 0
		}
		disc := sub - amt[i]
		net := amt[i]
		rates := c.lineTaxes[i]
		incl := uint64(percentScale)
		for _, r := range rates {
			if r.r.Inclusive {
				incl += r.percent
			}
		}
		taxable, err := mulDivRound(net, percentScale, incl)
		if err != nil {
			return fail(i, "taxes", err)
		}
		var taxes []TaxAmount
		if out != nil && len(rates) > 0 {
			k := len(taxBacking)
			taxes = taxBacking[k:k:min(k+len(rates), cap(taxBacking))]
			taxBacking = taxBacking[:min(k+len(rates), cap(taxBacking))]
		}
		var taxAll, taxExcl int64
		for _, r := range rates {
			v, err := mulDivRound(net, r.percent, incl)
			if err != nil {
				return fail(i, "amount_tax", err)
			}
			if taxAll, err = add(taxAll, v); err != nil {
				return fail(i, "amount_tax", err)
			}
			if !r.r.Inclusive {
				if taxExcl, err = add(taxExcl, v); err != nil {
					return fail(i, "amount_tax", err)
				}
			}
			ta := TaxAmount{Amount: v, Rate: *r.r, TaxableAmount: taxable}
			if out != nil {
				taxes = append(taxes, ta)
			}
			if err := t.addTax(&ta); err != nil {
				return fail(-1, "total_details.breakdown.taxes", err)
			}
		}
		total, err := add(net, taxExcl)
		if err != nil {
			return fail(i, "amount_total", err)
		}
		if out != nil {
			li := q.LineItems[i]
			li.Currency = c.currency
			li.AmountSubtotal = sub
			li.AmountDiscount = disc
			li.AmountTax = taxAll
			li.AmountTotal = total
			li.DiscountAmounts = nonNil(discs[i])
			li.TaxAmounts = nonNil(taxes)
			out[i] = li
		}
		if t.subtotal, err = add(t.subtotal, sub); err != nil {
			return fail(-1, "amount_subtotal", err)
		}
		if t.discount, err = add(t.discount, disc); err != nil {
			return fail(-1, "total_details.amount_discount", err)
		}
		if t.tax, err = add(t.tax, taxAll); err != nil {
			return fail(-1, "total_details.amount_tax", err)
		}
		if t.total, err = add(t.total, total); err != nil {
			return fail(-1, "amount_total", err)
		}
	}
	return t, nil
}

// spread divides a quote-level amount_off over the eligible lines in
// proportion to what is left of them: floor shares first, then one minor
// unit each to the lines with the largest remainders, ties to the earlier
// line. The coupon is capped at the eligible sum, so no line goes below 0.
func spread(cp *coupon, amt []int64, included []bool, lines []LineItem) ([]int64, error) {
	var sum int64
	var err error
	for i, a := range amt {
		if included[i] && cp.appliesTo(lines[i].Price.Product) {
			if sum, err = add(sum, a); err != nil {
				return nil, err
			}
		}
	}
	shares := make([]int64, len(amt))
	if sum == 0 {
		return shares, nil
	}
	off := min(cp.off, sum)
	rems := make([]int64, len(amt))
	var given int64
	for i, a := range amt {
		if !included[i] || !cp.appliesTo(lines[i].Price.Product) {
			continue
		}
		shares[i], rems[i] = mulDivFloor(off, a, sum)
		given += shares[i]
	}
	left := off - given
	if left == 0 {
		return shares, nil
	}
	idx := make([]int, 0, len(amt))
	for i := range amt {
		if included[i] && rems[i] > 0 && cp.appliesTo(lines[i].Price.Product) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return rems[idx[a]] > rems[idx[b]] })
	for k := 0; k < int(left) && k < len(idx); k++ {
		shares[idx[k]]++
	}
	return shares, nil
}
