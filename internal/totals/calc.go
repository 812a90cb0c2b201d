package totals

import (
	"errors"
	"fmt"
	"sort"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Calc is the discount and tax engine: what one owner (a quote, an
// invoice) applies to its lines. Run states the rules.
type Calc struct {
	// Object and ID name the owner in errors ("quote", "qt_1").
	Object, ID string
	// Invalid, Mismatch and Overflow are the owner's sentinels for a bad
	// coupon or rate, an amount_off in another currency, and an amount
	// beyond int64.
	Invalid, Mismatch, Overflow error
	Currency                    pricing.Currency
	// Discounts apply to every discountable line after its own, in order.
	Discounts []Discount
	// DefaultTaxRates tax the lines that have no TaxRates of their own.
	DefaultTaxRates []TaxRate
	// LinePath names line i in errors ("line_items[3]"); TotalPath names a
	// total field: it receives the engine's name for it (see Field*).
	LinePath  func(i int) string
	TotalPath func(field string) string
	// LineField maps the engine's name of a line field to the owner's
	// (nil: unchanged).
	LineField func(field string) string
}

// Field names the engine reports in overflow errors; owners map them
// (Calc.TotalPath, Calc.LineField).
const (
	FieldDiscount       = "amount_discount"
	FieldTax            = "amount_tax"
	FieldTaxes          = "taxes"
	FieldTotal          = "amount_total"
	FieldSubtotal       = "amount_subtotal"
	FieldTotalDiscount  = "total_details.amount_discount"
	FieldTotalTax       = "total_details.amount_tax"
	FieldDiscountsTotal = "total_details.breakdown.discounts"
	FieldTaxesTotal     = "total_details.breakdown.taxes"
	FieldCredits        = "pretax_credit_amounts"
)

// Line is one line's input.
type Line struct {
	Amount  int64  // before discounts; negative for a credit (a proration)
	Product string // for coupons with applies_to
	// NotDiscountable: no discount applies (Stripe's prorations).
	NotDiscountable bool
	Discounts       []Discount // the line's own (item) discounts
	TaxRates        []TaxRate  // the line's own rates; nil: the defaults
	Credits         int64      // pretax credits, taken after discounts, before tax
}

// LineResult is one line's output.
type LineResult struct {
	DiscountAmounts []DiscountAmount // own discounts, then the owner's
	Taxes           []TaxAmount      // one per rate
	Discount        int64            // all discounts
	Net             int64            // Amount - Discount - Credits
	Tax             int64            // exclusive and inclusive
	Total           int64            // Net + the exclusive taxes
}

// Result is the totals of a run.
type Result struct {
	Lines                             []LineResult // when Run was asked for them
	Subtotal, Discount, ItemDiscount  int64
	Credits, Tax, TaxExclusive, Total int64
	Discounts                         []DiscountAmount // per discount id, in order of first use
	Taxes                             []TaxAmount      // per (rate id, inclusive)
	discountIdx                       map[string]int
	taxIdx                            map[taxKey]int
}

type coupon struct {
	d        *Discount // read only
	percent  uint64    // scaled; used when isPct
	isPct    bool
	off      int64
	products []string // nil: every product
}

type rate struct {
	r       *TaxRate
	percent uint64 // scaled
}

type taxKey struct {
	id        string
	inclusive bool
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

// Run computes lines under c's discounts and rates; lineDetail asks for
// each line's result. The rules, for each line:
//
//  1. The line's own discounts, then the owner's, each in order and each on
//     what the previous ones left (none on a NotDiscountable line):
//     percent_off takes round-half-up(p% of the amount); amount_off on a
//     line takes at most the amount left (a line never goes below 0); an
//     owner-level amount_off is capped at the sum of the eligible lines and
//     spread over them in proportion to their amounts, the remainder going
//     one minor unit at a time to the lines with the largest remainders,
//     ties to the earlier line. A coupon with applies_to only touches lines
//     of the listed products. Negative lines take no discount.
//  2. Pretax credits come off what is left (net).
//  3. Taxes on the net: the line's own tax rates, or the defaults when it
//     has none. With inclusive rates summing to I percent, each rate takes
//     p% of net x 100/(100+I), rounded half-up (away from zero for a
//     credit) per line and rate; the taxable amount is the net less the
//     inclusive taxes, so that they sum exactly to the net. Exclusive tax is
//     added to the total; inclusive tax is reported inside it.
//
// Errors, all at once (errors.Join), as *stripejson.FieldError naming the
// field: a discount or rate that is not expanded, a coupon without exactly
// one of percent_off and amount_off, a percent_off of 0, a percentage
// outside [0, 100] or with more than four decimal places, an amount_off in
// another currency with no currency_options entry (Mismatch), and any
// amount beyond int64 (Overflow).
func (c *Calc) Run(lines []Line, lineDetail bool) (Result, error) {
	var errs []error
	own := make([][]coupon, len(lines))
	taxes := make([][]rate, len(lines))
	nOwn, nRates := 0, 0
	for i := range lines {
		for j := range lines[i].Discounts {
			cp, err := c.coupon(&lines[i].Discounts[j], func() string { return fmt.Sprintf("%s.discounts[%d]", c.LinePath(i), j) })
			if err != nil {
				errs = append(errs, err)
				continue
			}
			own[i] = append(own[i], cp)
			nOwn++
		}
		if lines[i].TaxRates != nil {
			for j := range lines[i].TaxRates {
				rt, err := c.taxRate(&lines[i].TaxRates[j], func() string { return fmt.Sprintf("%s.tax_rates[%d]", c.LinePath(i), j) })
				if err != nil {
					errs = append(errs, err)
					continue
				}
				taxes[i] = append(taxes[i], rt)
				nRates++
			}
		}
	}
	defaults := make([]rate, 0, len(c.DefaultTaxRates))
	for j := range c.DefaultTaxRates {
		rt, err := c.taxRate(&c.DefaultTaxRates[j], func() string { return fmt.Sprintf("default_tax_rates[%d]", j) })
		if err != nil {
			errs = append(errs, err)
			continue
		}
		defaults = append(defaults, rt)
	}
	nRates += len(defaults)
	for i := range lines {
		if lines[i].TaxRates == nil {
			taxes[i] = defaults
		}
	}
	owner := make([]coupon, 0, len(c.Discounts))
	for j := range c.Discounts {
		cp, err := c.coupon(&c.Discounts[j], func() string { return fmt.Sprintf("discounts[%d]", j) })
		if err != nil {
			errs = append(errs, err)
			continue
		}
		owner = append(owner, cp)
	}
	if len(errs) > 0 {
		return Result{}, errors.Join(errs...)
	}
	return c.run(lines, own, owner, taxes, nOwn, nRates, lineDetail)
}

func (c *Calc) run(lines []Line, own [][]coupon, owner []coupon, taxes [][]rate, nOwn, nRates int, lineDetail bool) (Result, error) {
	n := len(lines)
	t := Result{
		Discounts: make([]DiscountAmount, 0, min(len(owner)+nOwn, linearLookup)),
		Taxes:     make([]TaxAmount, 0, min(nRates, linearLookup)),
	}
	fail := func(i int, field string, err error) (Result, error) {
		var path string
		if i >= 0 {
			if c.LineField != nil {
				field = c.LineField(field)
			}
			path = c.LinePath(i) + "." + field
		} else {
			path = field
			if c.TotalPath != nil {
				path = c.TotalPath(field)
			}
		}
		kind := c.Invalid
		if errors.Is(err, errOverflow) {
			kind = c.Overflow
		}
		return t, &stripejson.FieldError{Object: c.Object, ID: c.ID, Field: path, Reason: err.Error(), Err: kind}
	}
	amt := make([]int64, n)
	var res []LineResult
	var discBacking []DiscountAmount
	var taxBacking []TaxAmount
	if lineDetail {
		res = make([]LineResult, n)
		nd, nt := 0, 0
		for i := range lines {
			nd += len(own[i]) + len(owner)
			nt += len(taxes[i])
		}
		discBacking = make([]DiscountAmount, 0, nd)
		taxBacking = make([]TaxAmount, 0, nt)
	}
	perLine := len(owner)
	var scratch []TaxAmount // a line's taxes when lineDetail is off
	appendDisc := func(i int, d int64, cp *coupon) {
		r := &res[i]
		if r.DiscountAmounts == nil {
			k := len(discBacking)
			w := len(own[i]) + perLine
			r.DiscountAmounts = discBacking[k:k:min(k+w, cap(discBacking))]
			discBacking = discBacking[:min(k+w, cap(discBacking))]
		}
		r.DiscountAmounts = append(r.DiscountAmounts, DiscountAmount{Amount: d, Discount: *cp.d})
	}
	take := func(i int, d int64, cp *coupon, item bool) error {
		amt[i] -= d
		if lineDetail {
			appendDisc(i, d, cp)
		}
		if item {
			t.ItemDiscount += d
		}
		return t.addDiscount(cp.d, d)
	}
	eligible := func(i int) bool { return !lines[i].NotDiscountable && lines[i].Amount >= 0 }
	for i := range lines {
		amt[i] = lines[i].Amount
		if !eligible(i) {
			continue
		}
		for k := range own[i] {
			cp := &own[i][k]
			if !cp.appliesTo(lines[i].Product) {
				continue
			}
			var d int64
			if cp.isPct {
				v, err := mulDivRound(amt[i], cp.percent, percentScale)
				if err != nil {
					return fail(i, FieldDiscount, err)
				}
				d = v
			} else {
				d = min(cp.off, amt[i])
			}
			if err := take(i, d, cp, true); err != nil {
				return fail(-1, FieldDiscountsTotal, err)
			}
		}
	}
	for k := range owner {
		cp := &owner[k]
		if cp.isPct {
			for i := range lines {
				if !eligible(i) || !cp.appliesTo(lines[i].Product) {
					continue
				}
				d, err := mulDivRound(amt[i], cp.percent, percentScale)
				if err != nil {
					return fail(i, FieldDiscount, err)
				}
				if err := take(i, d, cp, false); err != nil {
					return fail(-1, FieldDiscountsTotal, err)
				}
			}
			continue
		}
		shares, err := spread(cp, amt, lines)
		if err != nil {
			return fail(-1, FieldTotalDiscount, err)
		}
		for i, d := range shares {
			if !eligible(i) || !cp.appliesTo(lines[i].Product) {
				continue
			}
			if err := take(i, d, cp, false); err != nil {
				return fail(-1, FieldDiscountsTotal, err)
			}
		}
	}
	for i := range lines {
		sub := lines[i].Amount
		disc := sub - amt[i]
		if cr := lines[i].Credits; cr < 0 || cr > max(amt[i], 0) {
			return fail(i, FieldCredits, fmt.Errorf("credits %d: want 0 to the line's %d after discounts", cr, max(amt[i], 0)))
		}
		net := amt[i] - lines[i].Credits
		rates := taxes[i]
		incl := uint64(percentScale)
		for _, r := range rates {
			if r.r.Inclusive {
				incl += r.percent
			}
		}
		lineTaxes := scratch[:0]
		if lineDetail && len(rates) > 0 {
			k := len(taxBacking)
			lineTaxes = taxBacking[k:k:min(k+len(rates), cap(taxBacking))]
			taxBacking = taxBacking[:min(k+len(rates), cap(taxBacking))]
		}
		var taxAll, taxExcl, taxIncl int64
		first := len(lineTaxes)
		for _, r := range rates {
			v, err := mulDivRoundSigned(net, r.percent, incl)
			if err != nil {
				return fail(i, FieldTax, err)
			}
			if taxAll, err = add(taxAll, v); err != nil {
				return fail(i, FieldTax, err)
			}
			if r.r.Inclusive {
				taxIncl += v
			} else if taxExcl, err = add(taxExcl, v); err != nil {
				return fail(i, FieldTax, err)
			}
			lineTaxes = append(lineTaxes, TaxAmount{Amount: v, Rate: *r.r})
			if !lineDetail {
				scratch = lineTaxes
			}
		}
		// The taxable amount: the net less the inclusive taxes, so that
		// they sum exactly to the net.
		taxable := net - taxIncl
		for k := first; k < len(lineTaxes); k++ {
			lineTaxes[k].TaxableAmount = taxable
			if err := t.addTax(&lineTaxes[k]); err != nil {
				return fail(-1, FieldTaxesTotal, err)
			}
		}
		total, err := add(net, taxExcl)
		if err != nil {
			return fail(i, FieldTotal, err)
		}
		if lineDetail {
			r := &res[i]
			r.Discount, r.Net, r.Tax, r.Total = disc, net, taxAll, total
			r.Taxes = lineTaxes
			if r.DiscountAmounts == nil {
				r.DiscountAmounts = []DiscountAmount{}
			}
			if r.Taxes == nil {
				r.Taxes = []TaxAmount{}
			}
		}
		if t.Subtotal, err = add(t.Subtotal, sub); err != nil {
			return fail(-1, FieldSubtotal, err)
		}
		if t.Discount, err = add(t.Discount, disc); err != nil {
			return fail(-1, FieldTotalDiscount, err)
		}
		if t.Credits, err = add(t.Credits, lines[i].Credits); err != nil {
			return fail(-1, FieldTotal, err)
		}
		if t.Tax, err = add(t.Tax, taxAll); err != nil {
			return fail(-1, FieldTotalTax, err)
		}
		if t.TaxExclusive, err = add(t.TaxExclusive, taxExcl); err != nil {
			return fail(-1, FieldTotalTax, err)
		}
		if t.Total, err = add(t.Total, total); err != nil {
			return fail(-1, FieldTotal, err)
		}
	}
	t.Lines = res
	t.discountIdx, t.taxIdx = nil, nil
	return t, nil
}

// TaxInclusive is the inclusive part of Tax.
func (t *Result) TaxInclusive() int64 { return t.Tax - t.TaxExclusive }

func (c *Calc) coupon(d *Discount, pathOf func() string) (coupon, error) {
	if d.Unexpanded {
		return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, pathOf(), "discount %q is not expanded: the coupon is needed to compute totals", d.ID)
	}
	cp := coupon{d: d}
	if d.Coupon.AppliesTo != nil {
		cp.products = d.Coupon.AppliesTo.Products
		if cp.products == nil {
			cp.products = []string{}
		}
	}
	path := func() string { return pathOf() + ".coupon" }
	switch {
	case d.Coupon.PercentOff.Valid && d.Coupon.AmountOff != nil:
		return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path(), "percent_off and amount_off are mutually exclusive")
	case d.Coupon.PercentOff.Valid:
		p, err := scaledPercent(d.Coupon.PercentOff.Decimal)
		if err != nil {
			return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path()+".percent_off", "%s: %v", d.Coupon.PercentOff.Decimal, err)
		}
		if p == 0 {
			return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path()+".percent_off", "must be greater than 0 (Stripe's rule), got 0")
		}
		cp.isPct, cp.percent = true, p
	case d.Coupon.AmountOff != nil:
		if *d.Coupon.AmountOff < 0 {
			return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path()+".amount_off", "must not be negative, got %d", *d.Coupon.AmountOff)
		}
		cp.off = *d.Coupon.AmountOff
		if d.Coupon.Currency != c.Currency {
			opt, ok := d.Coupon.CurrencyOptions[c.Currency]
			if !ok {
				return coupon{}, stripejson.Errorf(c.Mismatch, c.Object, c.ID, path()+".currency", "amount_off in %q, the %s is in %q and the coupon has no currency_options.%s", d.Coupon.Currency, c.Object, c.Currency, c.Currency)
			}
			if opt.AmountOff < 0 {
				return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path()+".currency_options."+string(c.Currency)+".amount_off", "must not be negative, got %d", opt.AmountOff)
			}
			cp.off = opt.AmountOff
		}
	default:
		return coupon{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path(), "needs percent_off or amount_off")
	}
	return cp, nil
}

func (c *Calc) taxRate(r *TaxRate, path func() string) (rate, error) {
	if r.Unexpanded {
		return rate{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path(), "tax rate %q is not expanded: its percentage is needed to compute totals", r.ID)
	}
	p, err := scaledPercent(r.Percentage)
	if err != nil {
		return rate{}, stripejson.Errorf(c.Invalid, c.Object, c.ID, path()+".percentage", "%s: %v", r.Percentage, err)
	}
	return rate{r: r, percent: p}, nil
}

// linearLookup is how many breakdown entries are searched linearly before an
// index map is built (most owners have a handful of discounts and rates; one
// with a discount per line must not be quadratic).
const linearLookup = 8

// addDiscount adds amt to the breakdown entry of discount d (by id, in order
// of first appearance).
func (t *Result) addDiscount(d *Discount, amt int64) error {
	i, ok := -1, false
	if t.discountIdx != nil {
		i, ok = t.discountIdx[d.ID]
	} else {
		for j := range t.Discounts {
			if t.Discounts[j].Discount.ID == d.ID {
				i, ok = j, true
				break
			}
		}
	}
	if ok {
		s, err := add(t.Discounts[i].Amount, amt)
		t.Discounts[i].Amount = s
		return err
	}
	t.Discounts = append(t.Discounts, DiscountAmount{Amount: amt, Discount: *d})
	if t.discountIdx == nil && len(t.Discounts) > linearLookup {
		t.discountIdx = make(map[string]int, 2*len(t.Discounts))
		for j := range t.Discounts {
			t.discountIdx[t.Discounts[j].Discount.ID] = j
		}
	} else if t.discountIdx != nil {
		t.discountIdx[d.ID] = len(t.Discounts) - 1
	}
	return nil
}

// addTax adds ta to the breakdown entry of its rate.
func (t *Result) addTax(ta *TaxAmount) error {
	k := taxKey{ta.Rate.ID, ta.Rate.Inclusive}
	i, ok := -1, false
	if t.taxIdx != nil {
		i, ok = t.taxIdx[k]
	} else {
		for j := range t.Taxes {
			if t.Taxes[j].Rate.ID == k.id && t.Taxes[j].Rate.Inclusive == k.inclusive {
				i, ok = j, true
				break
			}
		}
	}
	if ok {
		s, err := add(t.Taxes[i].Amount, ta.Amount)
		if err != nil {
			return err
		}
		t.Taxes[i].Amount = s
		s, err = add(t.Taxes[i].TaxableAmount, ta.TaxableAmount)
		t.Taxes[i].TaxableAmount = s
		return err
	}
	t.Taxes = append(t.Taxes, *ta)
	if t.taxIdx == nil && len(t.Taxes) > linearLookup {
		t.taxIdx = make(map[taxKey]int, 2*len(t.Taxes))
		for j := range t.Taxes {
			t.taxIdx[taxKey{t.Taxes[j].Rate.ID, t.Taxes[j].Rate.Inclusive}] = j
		}
	} else if t.taxIdx != nil {
		t.taxIdx[k] = len(t.Taxes) - 1
	}
	return nil
}

// spread divides an owner-level amount_off over the eligible lines in
// proportion to what is left of them: floor shares first, then one minor
// unit each to the lines with the largest remainders, ties to the earlier
// line. The coupon is capped at the eligible sum, so no line goes below 0.
func spread(cp *coupon, amt []int64, lines []Line) ([]int64, error) {
	ok := func(i int) bool {
		return !lines[i].NotDiscountable && lines[i].Amount >= 0 && cp.appliesTo(lines[i].Product)
	}
	var sum int64
	var err error
	for i, a := range amt {
		if ok(i) {
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
		if !ok(i) {
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
		if ok(i) && rems[i] > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return rems[idx[a]] > rems[idx[b]] })
	for k := 0; k < int(left) && k < len(idx); k++ {
		shares[idx[k]]++
	}
	return shares, nil
}

// mulDivRoundSigned is mulDivRound for any sign: a credit rounds half away
// from zero, the mirror of a debit.
func mulDivRoundSigned(a int64, b, d uint64) (int64, error) {
	if a >= 0 {
		return mulDivRound(a, b, d)
	}
	if a == -a { // MinInt64
		return 0, fmt.Errorf("%w: %d", errOverflow, a)
	}
	v, err := mulDivRound(-a, b, d)
	return -v, err
}
