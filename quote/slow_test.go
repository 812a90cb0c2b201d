package quote_test

import (
	"math/big"

	"github.com/billingkit/billingkit/quote"
)

// The slow, obviously right reference for Compute: every amount is a
// big.Rat, percentages come from their decimal strings, the amount_off
// remainder goes out by repeated search for the largest remainder. It
// shares no code with the package.

type refMode int

const (
	refList refMode = iota
	refUpfront
	refRecurring
)

type refLine struct {
	included                       bool
	sub, disc, tax, exclTax, total int64
}

type refTotals struct {
	sub, disc, tax, total int64
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return r
}

// roundHalfUp rounds a non-negative rational to the nearest integer, halves up.
func roundHalfUp(r *big.Rat) int64 {
	x := new(big.Rat).Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom()) // floor for non-negative
	return q.Int64()
}

func floorRat(r *big.Rat) int64 {
	return new(big.Int).Quo(r.Num(), r.Denom()).Int64()
}

func applies(c quote.Coupon, product string) bool {
	if c.AppliesTo == nil {
		return true
	}
	for _, p := range c.AppliesTo.Products {
		if p == product {
			return true
		}
	}
	return false
}

func isRec(li quote.LineItem) bool { return li.Price.Recurring != nil }

// refCompute computes one set of totals of q by the rules of Compute's
// documentation.
func refCompute(q quote.Quote, mode refMode) ([]refLine, refTotals) {
	n := len(q.LineItems)
	lines := make([]refLine, n)
	amt := make([]*big.Rat, n)
	trial := q.SubscriptionData.TrialPeriodDays != nil && *q.SubscriptionData.TrialPeriodDays > 0
	couponOK := func(c quote.Coupon) bool { return mode != refRecurring || c.Duration == quote.DurationForever }
	for i, li := range q.LineItems {
		amt[i] = new(big.Rat)
		if mode == refRecurring && !isRec(li) {
			continue
		}
		lines[i].included = true
		if !(mode == refUpfront && trial && isRec(li)) {
			exact, err := li.Price.ExactAmount(li.Quantity)
			if err != nil {
				panic(err)
			}
			lines[i].sub = roundHalfUp(rat(exact.String()))
		}
		amt[i].SetInt64(lines[i].sub)
		for _, d := range li.Discounts {
			if !couponOK(d.Coupon) || !applies(d.Coupon, li.Price.Product) {
				continue
			}
			var off int64
			if d.Coupon.PercentOff.Valid {
				off = roundHalfUp(new(big.Rat).Mul(amt[i], new(big.Rat).Quo(rat(d.Coupon.PercentOff.Decimal.String()), big.NewRat(100, 1))))
			} else {
				off = min(*d.Coupon.AmountOff, floorRat(amt[i]))
			}
			amt[i].Sub(amt[i], new(big.Rat).SetInt64(off))
		}
	}
	for _, d := range q.Discounts {
		c := d.Coupon
		if !couponOK(c) {
			continue
		}
		eligible := func(i int) bool { return lines[i].included && applies(c, q.LineItems[i].Price.Product) }
		if c.PercentOff.Valid {
			p := new(big.Rat).Quo(rat(c.PercentOff.Decimal.String()), big.NewRat(100, 1))
			for i := range lines {
				if eligible(i) {
					amt[i].Sub(amt[i], new(big.Rat).SetInt64(roundHalfUp(new(big.Rat).Mul(amt[i], p))))
				}
			}
			continue
		}
		sum := new(big.Rat)
		for i := range lines {
			if eligible(i) {
				sum.Add(sum, amt[i])
			}
		}
		if sum.Sign() == 0 {
			continue
		}
		off := new(big.Rat).SetInt64(*c.AmountOff)
		if off.Cmp(sum) > 0 {
			off.Set(sum)
		}
		shares := make([]int64, n)
		rems := make([]*big.Rat, n)
		var given int64
		for i := range lines {
			if !eligible(i) {
				continue
			}
			exact := new(big.Rat).Quo(new(big.Rat).Mul(off, amt[i]), sum)
			shares[i] = floorRat(exact)
			rems[i] = new(big.Rat).Sub(exact, new(big.Rat).SetInt64(shares[i]))
			given += shares[i]
		}
		for left := floorRat(off) - given; left > 0; left-- {
			best := -1
			for i := range lines {
				if rems[i] != nil && rems[i].Sign() > 0 && (best < 0 || rems[i].Cmp(rems[best]) > 0) {
					best = i
				}
			}
			shares[best]++
			rems[best] = new(big.Rat)
		}
		for i := range lines {
			amt[i].Sub(amt[i], new(big.Rat).SetInt64(shares[i]))
		}
	}
	var t refTotals
	for i, li := range q.LineItems {
		if !lines[i].included {
			continue
		}
		rates := li.TaxRates
		if rates == nil {
			rates = q.DefaultTaxRates
		}
		base := big.NewRat(100, 1)
		for _, r := range rates {
			if r.Inclusive {
				base.Add(base, rat(r.Percentage.String()))
			}
		}
		l := &lines[i]
		net := floorRat(amt[i])
		for _, r := range rates {
			v := roundHalfUp(new(big.Rat).Quo(new(big.Rat).Mul(new(big.Rat).SetInt64(net), rat(r.Percentage.String())), base))
			l.tax += v
			if !r.Inclusive {
				l.exclTax += v
			}
		}
		l.disc = l.sub - net
		l.total = net + l.exclTax
		t.sub += l.sub
		t.disc += l.disc
		t.tax += l.tax
		t.total += l.total
	}
	return lines, t
}
