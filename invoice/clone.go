package invoice

import (
	"maps"
	"slices"

	"github.com/billingkit/billingkit/internal/totals"
)

// Clone returns a deep copy of inv: no slice, map or pointer of the copy is
// shared with inv (its lines' prices included).
func (inv Invoice) Clone() Invoice {
	inv.Discounts = totals.CloneDiscounts(inv.Discounts)
	inv.DefaultTaxRates = totals.CloneTaxRates(inv.DefaultTaxRates)
	inv.TotalDiscountAmounts = totals.CloneDiscountAmounts(inv.TotalDiscountAmounts)
	inv.TotalTaxes = totals.CloneTaxAmounts(inv.TotalTaxes)
	inv.TotalPretaxCreditAmounts = slices.Clone(inv.TotalPretaxCreditAmounts)
	inv.Metadata = maps.Clone(inv.Metadata)
	if inv.EndingBalance != nil {
		v := *inv.EndingBalance
		inv.EndingBalance = &v
	}
	if inv.Parent != nil {
		p := *inv.Parent
		p.SubscriptionMetadata = maps.Clone(p.SubscriptionMetadata)
		inv.Parent = &p
	}
	if inv.Lines != nil {
		lines := make([]LineItem, len(inv.Lines))
		for i, l := range inv.Lines {
			lines[i] = l.Clone()
		}
		inv.Lines = lines
	}
	return inv
}

// Clone returns a deep copy of l.
func (l LineItem) Clone() LineItem {
	l.Discounts = totals.CloneDiscounts(l.Discounts)
	l.DiscountAmounts = totals.CloneDiscountAmounts(l.DiscountAmounts)
	l.TaxRates = totals.CloneTaxRates(l.TaxRates)
	l.Taxes = totals.CloneTaxAmounts(l.Taxes)
	l.PretaxCreditAmounts = slices.Clone(l.PretaxCreditAmounts)
	l.Metadata = maps.Clone(l.Metadata)
	l.Price = l.Price.Clone()
	if c := l.Parent.CreditedItems; c != nil {
		cc := *c
		cc.InvoiceLineItems = slices.Clone(cc.InvoiceLineItems)
		l.Parent.CreditedItems = &cc
	}
	return l
}
