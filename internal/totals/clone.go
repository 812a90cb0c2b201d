package totals

import (
	"maps"
	"slices"
)

// Deep copies, so that an object built from another (an invoice from a
// subscription, a subscription from a quote) shares no memory with it.

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Clone returns a deep copy of c.
func (c Coupon) Clone() Coupon {
	c.AmountOff = clonePtr(c.AmountOff)
	c.DurationInMonths = clonePtr(c.DurationInMonths)
	c.MaxRedemptions = clonePtr(c.MaxRedemptions)
	if c.AppliesTo != nil {
		a := *c.AppliesTo
		a.Products = slices.Clone(a.Products)
		c.AppliesTo = &a
	}
	c.CurrencyOptions = maps.Clone(c.CurrencyOptions)
	c.Metadata = maps.Clone(c.Metadata)
	return c
}

// Clone returns a deep copy of r.
func (r TaxRate) Clone() TaxRate {
	r.Metadata = maps.Clone(r.Metadata)
	return r
}

// CloneDiscounts deep-copies ds (nil stays nil).
func CloneDiscounts(ds []Discount) []Discount {
	ds = slices.Clone(ds)
	for i := range ds {
		ds[i].Coupon = ds[i].Coupon.Clone()
	}
	return ds
}

// CloneTaxRates deep-copies rs (nil stays nil).
func CloneTaxRates(rs []TaxRate) []TaxRate {
	rs = slices.Clone(rs)
	for i := range rs {
		rs[i] = rs[i].Clone()
	}
	return rs
}

// CloneDiscountAmounts deep-copies as (nil stays nil).
func CloneDiscountAmounts(as []DiscountAmount) []DiscountAmount {
	as = slices.Clone(as)
	for i := range as {
		as[i].Discount.Coupon = as[i].Discount.Coupon.Clone()
	}
	return as
}

// CloneTaxAmounts deep-copies ts (nil stays nil).
func CloneTaxAmounts(ts []TaxAmount) []TaxAmount {
	ts = slices.Clone(ts)
	for i := range ts {
		ts[i].Rate = ts[i].Rate.Clone()
	}
	return ts
}
