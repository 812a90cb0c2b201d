package invoice

import (
	"errors"
	"fmt"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/internal/totals"
	"github.com/billingkit/billingkit/pricing"
)

// Compute returns inv with every amount computed from its lines (doc.go,
// Totals): each line's discount_amounts, pretax_credit_amounts (the
// discounts, then the billing credits the line already carries) and taxes,
// and the invoice's subtotal, totals, amount_due and breakdowns. It is
// idempotent, never modifies inv's slices, and on error returns inv
// unchanged with every problem at once.
func (inv Invoice) Compute() (Invoice, error) {
	var errs []error
	lines := make([]CalcLine, len(inv.Lines))
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if l.Currency != "" && inv.Currency != "" && l.Currency != inv.Currency {
			errs = append(errs, stripejson.Errorf(ErrCurrencyMismatch, "invoice", inv.ID, fmt.Sprintf("lines.data[%d].currency", i), "%q differs from the invoice's %q", l.Currency, inv.Currency))
		}
		var credits int64
		for j, p := range l.PretaxCreditAmounts {
			if p.Type != CreditBalance {
				continue
			}
			field := fmt.Sprintf("lines.data[%d].pretax_credit_amounts[%d].amount", i, j)
			if p.Amount < 0 {
				errs = append(errs, stripejson.Errorf(ErrInvalidInvoice, "invoice", inv.ID, field, "must not be negative, got %d", p.Amount))
			}
			s, err := pricing.AddAmounts(credits, p.Amount)
			if err != nil {
				errs = append(errs, stripejson.Errorf(ErrOverflow, "invoice", inv.ID, field, "the line's credits overflow int64"))
			}
			credits = s
		}
		lines[i] = CalcLine{
			Amount:          l.Amount,
			Product:         l.Price.Product,
			NotDiscountable: !l.Discountable,
			Discounts:       l.Discounts,
			TaxRates:        l.TaxRates,
			Credits:         credits,
		}
	}
	if len(errs) > 0 {
		return inv, errors.Join(errs...)
	}
	c := Calc{
		Object: "invoice", ID: inv.ID,
		Invalid: ErrInvalidInvoice, Mismatch: ErrCurrencyMismatch, Overflow: ErrOverflow,
		Currency:        inv.Currency,
		Discounts:       inv.Discounts,
		DefaultTaxRates: inv.DefaultTaxRates,
		LinePath:        func(i int) string { return fmt.Sprintf("lines.data[%d]", i) },
		TotalPath:       invoiceField,
		LineField:       lineField,
	}
	r, err := c.Run(lines, true)
	if err != nil {
		return inv, err
	}
	out := inv
	out.Lines = make([]LineItem, len(inv.Lines))
	var credits creditTotals
	var discountEntries []PretaxCreditAmount
	for i, lr := range r.Lines {
		l := inv.Lines[i]
		if l.Currency == "" {
			l.Currency = inv.Currency
		}
		l.DiscountAmounts = lr.DiscountAmounts
		if !l.Discountable && l.Parent.Proration {
			// A basil proration shows the invoice's discounts at 0: what
			// they took is already in its amount (invoice.md 2.3).
			l.DiscountAmounts = make([]DiscountAmount, len(inv.Discounts))
			for k := range inv.Discounts {
				l.DiscountAmounts[k] = DiscountAmount{Discount: inv.Discounts[k]}
			}
		}
		l.Taxes = lr.Taxes
		pre := make([]PretaxCreditAmount, 0, len(lr.DiscountAmounts)+len(l.PretaxCreditAmounts))
		for _, d := range lr.DiscountAmounts {
			if d.Amount != 0 {
				pre = append(pre, PretaxCreditAmount{Amount: d.Amount, Type: CreditDiscount, Discount: d.Discount.ID})
			}
		}
		for _, p := range l.PretaxCreditAmounts {
			if p.Type == CreditBalance {
				pre = append(pre, p)
				credits.add(p)
			}
		}
		l.PretaxCreditAmounts = pre
		out.Lines[i] = l
	}
	for _, d := range r.Discounts {
		if d.Amount != 0 {
			discountEntries = append(discountEntries, PretaxCreditAmount{Amount: d.Amount, Type: CreditDiscount, Discount: d.Discount.ID})
		}
	}
	out.Subtotal = r.Subtotal - r.ItemDiscount
	out.TotalExcludingTax = r.Subtotal - r.Discount - r.Credits
	out.Total = r.Total
	out.SubtotalExcludingTax = out.Subtotal - r.TaxInclusive()
	out.AmountDue = max(0, out.Total)
	out.AmountRemaining = max(0, out.AmountDue-out.AmountPaid)
	out.TotalDiscountAmounts = r.Discounts
	out.TotalTaxes = r.Taxes
	out.TotalPretaxCreditAmounts = append(discountEntries, credits.list...)
	if out.TotalPretaxCreditAmounts == nil {
		out.TotalPretaxCreditAmounts = []PretaxCreditAmount{}
	}
	return out, nil
}

// creditTotals combines the lines' credit entries per transaction (a
// preview's entries, with no transaction, stay apart), in order of first
// appearance.
type creditTotals struct {
	list []PretaxCreditAmount
	at   map[string]int // transaction -> index in list
}

func (c *creditTotals) add(p PretaxCreditAmount) {
	if p.CreditBalanceTransaction != "" {
		if k, ok := c.at[p.CreditBalanceTransaction]; ok {
			c.list[k].Amount += p.Amount // each line's sum is checked, and lines' sum is bounded by the total
			return
		}
		if c.at == nil {
			c.at = map[string]int{}
		}
		c.at[p.CreditBalanceTransaction] = len(c.list)
	}
	c.list = append(c.list, PretaxCreditAmount{Amount: p.Amount, Type: CreditBalance, CreditBalanceTransaction: p.CreditBalanceTransaction})
}

// invoiceField maps the engine's total fields to the invoice's.
func invoiceField(f string) string {
	switch f {
	case totals.FieldSubtotal:
		return "subtotal"
	case totals.FieldTotalDiscount, totals.FieldDiscountsTotal:
		return "total_discount_amounts"
	case totals.FieldTotalTax, totals.FieldTaxesTotal:
		return "total_taxes"
	}
	return "total"
}

// lineField maps the engine's line fields to a line_item's.
func lineField(f string) string {
	switch f {
	case totals.FieldDiscount:
		return "discount_amounts"
	case totals.FieldTax, totals.FieldTaxes:
		return "taxes"
	case totals.FieldCredits:
		return "pretax_credit_amounts"
	}
	return "amount"
}

// Metered reports whether a line bills a meter price (recurring.meter set,
// or usage_type metered): the lines billing credits may pay (doc.go,
// Credits).
func (l *LineItem) Metered() bool { return l.Price.Recurring.Metered() }

// CreditInput is the invoice as credit.Apply reads it: its metered lines,
// each at its amount after discounts (call it on a computed invoice), and
// period_end.
func (inv Invoice) CreditInput() credit.Invoice {
	ci := credit.Invoice{ID: inv.ID, Customer: inv.Customer, Currency: inv.Currency, PeriodEnd: inv.PeriodEnd}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if !l.Metered() {
			continue
		}
		amt := l.Amount
		for _, d := range l.DiscountAmounts {
			amt -= d.Amount
		}
		ci.Lines = append(ci.Lines, credit.InvoiceLine{ID: l.ID, Price: l.Price.ID, Metered: true, Amount: max(0, amt)})
	}
	return ci
}

// WithCredits returns inv (computed) with app's credits on its lines and
// the totals recomputed: on a finalized invoice each credits_applied
// transaction becomes a credit entry naming it; in a preview (preview
// true) the amounts come from app.Lines and name no transaction. Credit
// entries inv already had are replaced.
func (inv Invoice) WithCredits(app credit.Application, preview bool) (Invoice, error) {
	byLine := make(map[string][]PretaxCreditAmount, len(app.Lines))
	if preview {
		for _, la := range app.Lines {
			for _, ga := range la.Applied {
				byLine[la.Line] = append(byLine[la.Line], PretaxCreditAmount{Amount: ga.Amount, Type: CreditBalance})
			}
		}
	} else {
		for _, t := range app.Transactions {
			ref := t.Debit.CreditsApplied
			byLine[ref.InvoiceLineItem] = append(byLine[ref.InvoiceLineItem], PretaxCreditAmount{Amount: t.Debit.Amount.Monetary.Value, Type: CreditBalance, CreditBalanceTransaction: t.ID})
		}
	}
	out := inv
	out.Lines = make([]LineItem, len(inv.Lines))
	for i, l := range inv.Lines {
		pre := make([]PretaxCreditAmount, 0, len(l.PretaxCreditAmounts))
		for _, p := range l.PretaxCreditAmounts {
			if p.Type != CreditBalance {
				pre = append(pre, p)
			}
		}
		l.PretaxCreditAmounts = append(pre, byLine[l.ID]...)
		out.Lines[i] = l
	}
	return out.Compute()
}

// Finalize finalizes a draft invoice at instant at: it computes it,
// applies the customer's billing credits through credit.ApplyWith (grants
// and transactions are read, never modified: append the returned
// application's Transactions to the ledger), fills the lines'
// pretax_credit_amounts, and sets status open, finalized_at and
// ending_balance 0.
func Finalize(inv Invoice, grants []credit.Grant, txns []credit.Transaction, at time.Time, opts credit.ApplyOptions) (Invoice, credit.Application, error) {
	// A draft's preview credits (no transaction) are not what finalizing
	// applies: drop them, then apply for real.
	c, err := inv.WithCredits(credit.Application{}, false)
	if err != nil {
		return inv, credit.Application{}, err
	}
	var app credit.Application
	if ci := c.CreditInput(); len(ci.Lines) > 0 && len(grants) > 0 {
		if app, err = credit.ApplyWith(grants, txns, ci, at, opts); err != nil {
			return inv, credit.Application{}, err
		}
		if c, err = c.WithCredits(app, false); err != nil {
			return inv, credit.Application{}, err
		}
	}
	c.Status = "open"
	c.FinalizedAt = at.UTC()
	zero := int64(0)
	c.EndingBalance = &zero
	return c, app, nil
}

// TotalTax is the invoice's tax, exclusive and inclusive: the sum of
// total_taxes.
func (inv Invoice) TotalTax() int64 {
	var s int64
	for _, t := range inv.TotalTaxes {
		s += t.Amount
	}
	return s
}
