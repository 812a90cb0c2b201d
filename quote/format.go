package quote

import (
	"maps"
	"slices"
	"strconv"

	"github.com/billingkit/billingkit/internal/gostring"
)

// GoString prints q's set fields, lines and totals first, in Go-like
// syntax, so that %#v (and rapid's logs of drawn values) shows amounts
// instead of pointer addresses: quote.Quote{ID:"qt_1", Status:"draft",
// Customer:"cus_1", Currency:"usd", LineItems:[{ID:"li_1",
// Price:pricing.Price{...}, Quantity:3}], AmountTotal:3000, ...}. Nil
// pointers, empty strings, false, zero numbers and zero times are left out;
// a nil map or slice is left out and an empty one prints as {} or []. A
// discount or tax amount in a breakdown names its discount or rate by id.
func (q Quote) GoString() string {
	var f gostring.Fields
	f.Str("ID", q.ID)
	f.Str("Status", string(q.Status))
	f.Str("Customer", q.Customer)
	f.Str("Currency", string(q.Currency))
	addLines(&f, "LineItems", q.LineItems)
	addDiscounts(&f, "Discounts", q.Discounts)
	addTaxRates(&f, "DefaultTaxRates", q.DefaultTaxRates)
	f.Int("AmountSubtotal", q.AmountSubtotal)
	f.Int("AmountTotal", q.AmountTotal)
	addTotalDetails(&f, "TotalDetails", q.TotalDetails)
	var c gostring.Fields
	var up gostring.Fields
	up.Int("AmountSubtotal", q.Computed.Upfront.AmountSubtotal)
	up.Int("AmountTotal", q.Computed.Upfront.AmountTotal)
	addTotalDetails(&up, "TotalDetails", q.Computed.Upfront.TotalDetails)
	addLines(&up, "LineItems", q.Computed.Upfront.LineItems)
	if len(up) > 0 {
		c.Raw("Upfront", up.Braces())
	}
	if r := q.Computed.Recurring; r != nil {
		var rf gostring.Fields
		rf.Str("Interval", string(r.Interval))
		rf.Int("IntervalCount", r.IntervalCount)
		rf.Int("AmountSubtotal", r.AmountSubtotal)
		rf.Int("AmountTotal", r.AmountTotal)
		addTotalDetails(&rf, "TotalDetails", r.TotalDetails)
		c.Raw("Recurring", rf.Braces())
	}
	if len(c) > 0 {
		f.Raw("Computed", c.Braces())
	}
	f.Str("CollectionMethod", string(q.CollectionMethod))
	if d := q.InvoiceSettings.DaysUntilDue; d != nil {
		f.Raw("InvoiceSettings", "{DaysUntilDue:"+strconv.FormatInt(*d, 10)+"}")
	}
	var sd gostring.Fields
	sd.Str("Description", q.SubscriptionData.Description)
	sd.Time("EffectiveDate", q.SubscriptionData.EffectiveDate)
	sd.Ptr("TrialPeriodDays", q.SubscriptionData.TrialPeriodDays)
	sd.Metadata("Metadata", q.SubscriptionData.Metadata)
	if len(sd) > 0 {
		f.Raw("SubscriptionData", sd.Braces())
	}
	var at gostring.Fields
	at.Bool("Enabled", q.AutomaticTax.Enabled)
	at.Str("Status", q.AutomaticTax.Status)
	if len(at) > 0 {
		f.Raw("AutomaticTax", at.Braces())
	}
	f.Time("Created", q.Created)
	f.Time("ExpiresAt", q.ExpiresAt)
	f.Str("Number", q.Number)
	var st gostring.Fields
	st.Time("FinalizedAt", q.StatusTransitions.FinalizedAt)
	st.Time("AcceptedAt", q.StatusTransitions.AcceptedAt)
	st.Time("CanceledAt", q.StatusTransitions.CanceledAt)
	if len(st) > 0 {
		f.Raw("StatusTransitions", st.Braces())
	}
	if fq := q.FromQuote; fq != nil {
		var ff gostring.Fields
		ff.Str("Quote", fq.Quote)
		ff.Bool("IsRevision", fq.IsRevision)
		f.Raw("FromQuote", ff.Braces())
	}
	f.Str("Invoice", q.Invoice)
	f.Str("Subscription", q.Subscription)
	f.Str("SubscriptionSchedule", q.SubscriptionSchedule)
	f.Metadata("Metadata", q.Metadata)
	f.Bool("Livemode", q.Livemode)
	f.Str("Header", q.Header)
	f.Str("Description", q.Description)
	f.Str("Footer", q.Footer)
	return "quote.Quote" + f.Braces()
}

// GoString prints li's set fields with the rules of Quote.GoString, its
// price with pricing.Price.GoString: quote.LineItem{ID:"li_1",
// Price:pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000},
// Quantity:3, AmountTotal:3000}.
func (li LineItem) GoString() string { return "quote.LineItem" + lineGo(li) }

func lineGo(li LineItem) string {
	var f gostring.Fields
	f.Str("ID", li.ID)
	f.Raw("Price", li.Price.GoString())
	f.Int("Quantity", li.Quantity)
	f.Str("Description", li.Description)
	f.Str("Currency", string(li.Currency))
	addDiscounts(&f, "Discounts", li.Discounts)
	addTaxRates(&f, "TaxRates", li.TaxRates)
	f.Int("AmountSubtotal", li.AmountSubtotal)
	f.Int("AmountDiscount", li.AmountDiscount)
	f.Int("AmountTax", li.AmountTax)
	f.Int("AmountTotal", li.AmountTotal)
	addDiscountAmounts(&f, "DiscountAmounts", li.DiscountAmounts)
	addTaxAmounts(&f, "TaxAmounts", li.TaxAmounts)
	return f.Braces()
}

func discountGo(d Discount) string {
	var f gostring.Fields
	f.Str("ID", d.ID)
	var c gostring.Fields
	cp := d.Coupon
	c.Str("ID", cp.ID)
	c.Ptr("AmountOff", cp.AmountOff)
	c.Str("Currency", string(cp.Currency))
	c.Dec("PercentOff", cp.PercentOff)
	c.Str("Duration", string(cp.Duration))
	c.Ptr("DurationInMonths", cp.DurationInMonths)
	if a := cp.AppliesTo; a != nil {
		c.Raw("AppliesTo", "{Products:"+gostring.Quoted(a.Products)+"}")
	}
	if cp.CurrencyOptions != nil {
		keys := slices.Sorted(maps.Keys(cp.CurrencyOptions))
		opts := make(gostring.Fields, len(keys))
		for i, k := range keys {
			opts[i] = string(k) + ":{AmountOff:" + strconv.FormatInt(cp.CurrencyOptions[k].AmountOff, 10) + "}"
		}
		c.Raw("CurrencyOptions", opts.Braces())
	}
	c.Str("Name", cp.Name)
	c.Bool("Valid", cp.Valid)
	c.Ptr("MaxRedemptions", cp.MaxRedemptions)
	c.Int("TimesRedeemed", cp.TimesRedeemed)
	c.Time("RedeemBy", cp.RedeemBy)
	c.Time("Created", cp.Created)
	c.Bool("Livemode", cp.Livemode)
	c.Metadata("Metadata", cp.Metadata)
	if len(c) > 0 {
		f.Raw("Coupon", c.Braces())
	}
	f.Str("Customer", d.Customer)
	f.Time("Start", d.Start)
	f.Time("End", d.End)
	f.Str("PromotionCode", d.PromotionCode)
	f.Str("Invoice", d.Invoice)
	f.Str("InvoiceItem", d.InvoiceItem)
	f.Str("Subscription", d.Subscription)
	f.Bool("Unexpanded", d.Unexpanded)
	return f.Braces()
}

// taxRateGo prints a rate's percentage always: 0 is a rate, not unset.
func taxRateGo(r TaxRate) string {
	var f gostring.Fields
	f.Str("ID", r.ID)
	f.Raw("Percentage", r.Percentage.String())
	f.Bool("Inclusive", r.Inclusive)
	f.Str("DisplayName", r.DisplayName)
	f.Bool("Active", r.Active)
	f.Str("Country", r.Country)
	f.Str("State", r.State)
	f.Str("Jurisdiction", r.Jurisdiction)
	f.Str("TaxType", r.TaxType)
	f.Str("Description", r.Description)
	f.Time("Created", r.Created)
	f.Bool("Livemode", r.Livemode)
	f.Metadata("Metadata", r.Metadata)
	f.Bool("Unexpanded", r.Unexpanded)
	return f.Braces()
}

// The add* functions below add a non-nil slice as a list, each element
// printed field by field.

func addLines(f *gostring.Fields, name string, ls []LineItem) {
	if ls != nil {
		f.List(name, len(ls), func(i int) string { return lineGo(ls[i]) })
	}
}

func addDiscounts(f *gostring.Fields, name string, ds []Discount) {
	if ds != nil {
		f.List(name, len(ds), func(i int) string { return discountGo(ds[i]) })
	}
}

func addTaxRates(f *gostring.Fields, name string, rs []TaxRate) {
	if rs != nil {
		f.List(name, len(rs), func(i int) string { return taxRateGo(rs[i]) })
	}
}

func addDiscountAmounts(f *gostring.Fields, name string, ds []DiscountAmount) {
	if ds != nil {
		f.List(name, len(ds), func(i int) string {
			return "{Amount:" + strconv.FormatInt(ds[i].Amount, 10) + ", Discount:" + strconv.Quote(ds[i].Discount.ID) + "}"
		})
	}
}

func addTaxAmounts(f *gostring.Fields, name string, ts []TaxAmount) {
	if ts != nil {
		f.List(name, len(ts), func(i int) string {
			var g gostring.Fields
			g.Raw("Amount", strconv.FormatInt(ts[i].Amount, 10))
			g.Raw("Rate", strconv.Quote(ts[i].Rate.ID))
			g.Raw("Percentage", ts[i].Rate.Percentage.String())
			g.Bool("Inclusive", ts[i].Rate.Inclusive)
			g.Int("TaxableAmount", ts[i].TaxableAmount)
			return g.Braces()
		})
	}
}

// addTotalDetails adds td's set fields, or nothing when none is set.
func addTotalDetails(f *gostring.Fields, name string, td TotalDetails) {
	var g gostring.Fields
	g.Int("AmountDiscount", td.AmountDiscount)
	g.Int("AmountTax", td.AmountTax)
	g.Ptr("AmountShipping", td.AmountShipping)
	if b := td.Breakdown; b != nil {
		var bf gostring.Fields
		addDiscountAmounts(&bf, "Discounts", b.Discounts)
		addTaxAmounts(&bf, "Taxes", b.Taxes)
		g.Raw("Breakdown", bf.Braces())
	}
	if len(g) > 0 {
		f.Raw(name, g.Braces())
	}
}
