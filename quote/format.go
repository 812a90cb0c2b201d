package quote

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/pricing"
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
	var f goFields
	f.str("ID", q.ID)
	f.str("Status", string(q.Status))
	f.str("Customer", q.Customer)
	f.str("Currency", string(q.Currency))
	f.lines("LineItems", q.LineItems)
	f.discounts("Discounts", q.Discounts)
	f.taxRates("DefaultTaxRates", q.DefaultTaxRates)
	f.int("AmountSubtotal", q.AmountSubtotal)
	f.int("AmountTotal", q.AmountTotal)
	f.totalDetails("TotalDetails", q.TotalDetails)
	var c goFields
	var up goFields
	up.int("AmountSubtotal", q.Computed.Upfront.AmountSubtotal)
	up.int("AmountTotal", q.Computed.Upfront.AmountTotal)
	up.totalDetails("TotalDetails", q.Computed.Upfront.TotalDetails)
	up.lines("LineItems", q.Computed.Upfront.LineItems)
	if len(up) > 0 {
		c.raw("Upfront", up.braces())
	}
	if r := q.Computed.Recurring; r != nil {
		var rf goFields
		rf.str("Interval", string(r.Interval))
		rf.int("IntervalCount", r.IntervalCount)
		rf.int("AmountSubtotal", r.AmountSubtotal)
		rf.int("AmountTotal", r.AmountTotal)
		rf.totalDetails("TotalDetails", r.TotalDetails)
		c.raw("Recurring", rf.braces())
	}
	if len(c) > 0 {
		f.raw("Computed", c.braces())
	}
	f.str("CollectionMethod", string(q.CollectionMethod))
	if d := q.InvoiceSettings.DaysUntilDue; d != nil {
		f.raw("InvoiceSettings", "{DaysUntilDue:"+strconv.FormatInt(*d, 10)+"}")
	}
	var sd goFields
	sd.str("Description", q.SubscriptionData.Description)
	sd.time("EffectiveDate", q.SubscriptionData.EffectiveDate)
	sd.ptr("TrialPeriodDays", q.SubscriptionData.TrialPeriodDays)
	sd.metadata("Metadata", q.SubscriptionData.Metadata)
	if len(sd) > 0 {
		f.raw("SubscriptionData", sd.braces())
	}
	var at goFields
	at.bool("Enabled", q.AutomaticTax.Enabled)
	at.str("Status", q.AutomaticTax.Status)
	if len(at) > 0 {
		f.raw("AutomaticTax", at.braces())
	}
	f.time("Created", q.Created)
	f.time("ExpiresAt", q.ExpiresAt)
	f.str("Number", q.Number)
	var st goFields
	st.time("FinalizedAt", q.StatusTransitions.FinalizedAt)
	st.time("AcceptedAt", q.StatusTransitions.AcceptedAt)
	st.time("CanceledAt", q.StatusTransitions.CanceledAt)
	if len(st) > 0 {
		f.raw("StatusTransitions", st.braces())
	}
	if fq := q.FromQuote; fq != nil {
		var ff goFields
		ff.str("Quote", fq.Quote)
		ff.bool("IsRevision", fq.IsRevision)
		f.raw("FromQuote", ff.braces())
	}
	f.str("Invoice", q.Invoice)
	f.str("Subscription", q.Subscription)
	f.str("SubscriptionSchedule", q.SubscriptionSchedule)
	f.metadata("Metadata", q.Metadata)
	f.bool("Livemode", q.Livemode)
	f.str("Header", q.Header)
	f.str("Description", q.Description)
	f.str("Footer", q.Footer)
	return "quote.Quote" + f.braces()
}

// GoString prints li's set fields with the rules of Quote.GoString, its
// price with pricing.Price.GoString: quote.LineItem{ID:"li_1",
// Price:pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000},
// Quantity:3, AmountTotal:3000}.
func (li LineItem) GoString() string { return "quote.LineItem" + lineGo(li) }

func lineGo(li LineItem) string {
	var f goFields
	f.str("ID", li.ID)
	f.raw("Price", li.Price.GoString())
	f.int("Quantity", li.Quantity)
	f.str("Description", li.Description)
	f.str("Currency", string(li.Currency))
	f.discounts("Discounts", li.Discounts)
	f.taxRates("TaxRates", li.TaxRates)
	f.int("AmountSubtotal", li.AmountSubtotal)
	f.int("AmountDiscount", li.AmountDiscount)
	f.int("AmountTax", li.AmountTax)
	f.int("AmountTotal", li.AmountTotal)
	f.discountAmounts("DiscountAmounts", li.DiscountAmounts)
	f.taxAmounts("TaxAmounts", li.TaxAmounts)
	return f.braces()
}

func discountGo(d Discount) string {
	var f goFields
	f.str("ID", d.ID)
	var c goFields
	cp := d.Coupon
	c.str("ID", cp.ID)
	c.ptr("AmountOff", cp.AmountOff)
	c.str("Currency", string(cp.Currency))
	if cp.PercentOff.Valid {
		c.raw("PercentOff", cp.PercentOff.Decimal.String())
	}
	c.str("Duration", string(cp.Duration))
	c.ptr("DurationInMonths", cp.DurationInMonths)
	if a := cp.AppliesTo; a != nil {
		c.raw("AppliesTo", "{Products:"+quoted(a.Products)+"}")
	}
	if cp.CurrencyOptions != nil {
		keys := make([]string, 0, len(cp.CurrencyOptions))
		for k := range cp.CurrencyOptions {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		opts := make(goFields, len(keys))
		for i, k := range keys {
			opts[i] = k + ":{AmountOff:" + strconv.FormatInt(cp.CurrencyOptions[pricing.Currency(k)].AmountOff, 10) + "}"
		}
		c.raw("CurrencyOptions", opts.braces())
	}
	c.str("Name", cp.Name)
	c.bool("Valid", cp.Valid)
	c.ptr("MaxRedemptions", cp.MaxRedemptions)
	c.int("TimesRedeemed", cp.TimesRedeemed)
	c.time("RedeemBy", cp.RedeemBy)
	c.time("Created", cp.Created)
	c.bool("Livemode", cp.Livemode)
	c.metadata("Metadata", cp.Metadata)
	if len(c) > 0 {
		f.raw("Coupon", c.braces())
	}
	f.str("Customer", d.Customer)
	f.time("Start", d.Start)
	f.time("End", d.End)
	f.str("PromotionCode", d.PromotionCode)
	f.str("Invoice", d.Invoice)
	f.str("InvoiceItem", d.InvoiceItem)
	f.str("Subscription", d.Subscription)
	f.bool("Unexpanded", d.Unexpanded)
	return f.braces()
}

// taxRateGo prints a rate's percentage always: 0 is a rate, not unset.
func taxRateGo(r TaxRate) string {
	var f goFields
	f.str("ID", r.ID)
	f.raw("Percentage", r.Percentage.String())
	f.bool("Inclusive", r.Inclusive)
	f.str("DisplayName", r.DisplayName)
	f.bool("Active", r.Active)
	f.str("Country", r.Country)
	f.str("State", r.State)
	f.str("Jurisdiction", r.Jurisdiction)
	f.str("TaxType", r.TaxType)
	f.str("Description", r.Description)
	f.time("Created", r.Created)
	f.bool("Livemode", r.Livemode)
	f.metadata("Metadata", r.Metadata)
	f.bool("Unexpanded", r.Unexpanded)
	return f.braces()
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// goFields collects "Name:value" entries of a GoString.
type goFields []string

func (f goFields) braces() string { return "{" + strings.Join(f, ", ") + "}" }

func (f *goFields) raw(name, v string) { *f = append(*f, name+":"+v) }

func (f *goFields) str(name, v string) {
	if v != "" {
		f.raw(name, strconv.Quote(v))
	}
}

func (f *goFields) int(name string, v int64) {
	if v != 0 {
		f.raw(name, strconv.FormatInt(v, 10))
	}
}

func (f *goFields) ptr(name string, v *int64) {
	if v != nil {
		f.raw(name, strconv.FormatInt(*v, 10))
	}
}

func (f *goFields) bool(name string, v bool) {
	if v {
		f.raw(name, "true")
	}
}

func (f *goFields) time(name string, t time.Time) {
	if !t.IsZero() {
		f.raw(name, t.Format(time.RFC3339Nano))
	}
}

func (f *goFields) list(name string, n int, item func(i int) string) {
	items := make([]string, n)
	for i := range items {
		items[i] = item(i)
	}
	f.raw(name, "["+strings.Join(items, ", ")+"]")
}

func (f *goFields) lines(name string, ls []LineItem) {
	if ls != nil {
		f.list(name, len(ls), func(i int) string { return lineGo(ls[i]) })
	}
}

func (f *goFields) discounts(name string, ds []Discount) {
	if ds != nil {
		f.list(name, len(ds), func(i int) string { return discountGo(ds[i]) })
	}
}

func (f *goFields) taxRates(name string, rs []TaxRate) {
	if rs != nil {
		f.list(name, len(rs), func(i int) string { return taxRateGo(rs[i]) })
	}
}

func (f *goFields) discountAmounts(name string, ds []DiscountAmount) {
	if ds != nil {
		f.list(name, len(ds), func(i int) string {
			return "{Amount:" + strconv.FormatInt(ds[i].Amount, 10) + ", Discount:" + strconv.Quote(ds[i].Discount.ID) + "}"
		})
	}
}

func (f *goFields) taxAmounts(name string, ts []TaxAmount) {
	if ts != nil {
		f.list(name, len(ts), func(i int) string {
			var g goFields
			g.raw("Amount", strconv.FormatInt(ts[i].Amount, 10))
			g.raw("Rate", strconv.Quote(ts[i].Rate.ID))
			g.raw("Percentage", ts[i].Rate.Percentage.String())
			g.bool("Inclusive", ts[i].Rate.Inclusive)
			g.int("TaxableAmount", ts[i].TaxableAmount)
			return g.braces()
		})
	}
}

func (f *goFields) totalDetails(name string, td TotalDetails) {
	var g goFields
	g.int("AmountDiscount", td.AmountDiscount)
	g.int("AmountTax", td.AmountTax)
	g.ptr("AmountShipping", td.AmountShipping)
	if b := td.Breakdown; b != nil {
		var bf goFields
		bf.discountAmounts("Discounts", b.Discounts)
		bf.taxAmounts("Taxes", b.Taxes)
		g.raw("Breakdown", bf.braces())
	}
	if len(g) > 0 {
		f.raw(name, g.braces())
	}
}

func (f *goFields) metadata(name string, m map[string]string) {
	if m == nil {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kv := make(goFields, len(keys))
	for i, k := range keys {
		kv[i] = strconv.Quote(k) + ":" + strconv.Quote(m[k])
	}
	f.raw(name, kv.braces())
}
