package credit

import (
	"strconv"

	"github.com/billingkit/billingkit/internal/gostring"
)

// GoString prints g's set fields, the amount first, in Go-like syntax, so
// that %#v (and rapid's logs of drawn values) shows amounts and dates
// instead of pointer addresses:
// credit.Grant{ID:"credgr_1", Customer:"cus_1", Amount:{usd 5000}, Priority:50}.
// A monetary amount prints as {currency value}. Nil pointers, empty
// strings, false, zero numbers and zero times are left out; a nil map is
// left out and an empty one prints as {}.
func (g Grant) GoString() string {
	var f gostring.Fields
	f.Str("ID", g.ID)
	f.Str("Customer", g.Customer)
	addAmount(&f, "Amount", g.Amount)
	f.Str("Category", string(g.Category))
	if g.Priority != nil {
		f.Raw("Priority", strconv.Itoa(*g.Priority))
	}
	if s := scopeGo(g.ApplicabilityConfig.Scope); s != "{}" {
		f.Raw("ApplicabilityConfig", "{Scope:"+s+"}")
	}
	f.Time("EffectiveAt", g.EffectiveAt)
	f.Time("ExpiresAt", g.ExpiresAt)
	f.Time("VoidedAt", g.VoidedAt)
	f.Str("Name", g.Name)
	f.Str("CustomerAccount", g.CustomerAccount)
	f.Str("TestClock", g.TestClock)
	f.Bool("Livemode", g.Livemode)
	f.Time("Created", g.Created)
	f.Time("Updated", g.Updated)
	f.Metadata("Metadata", g.Metadata)
	return "credit.Grant" + f.Braces()
}

// GoString prints t's set fields with the rules of Grant.GoString:
// credit.Transaction{ID:"cbtxn_1", Type:"debit", CreditGrant:"credgr_1",
// Debit:{Type:"credits_applied", Amount:{usd 600}, CreditsApplied:{...}}, ...}.
// An unset credit or debit side is left out.
func (t Transaction) GoString() string {
	var f gostring.Fields
	f.Str("ID", t.ID)
	f.Str("Type", string(t.Type))
	f.Str("CreditGrant", t.CreditGrant)
	var c gostring.Fields
	c.Str("Type", string(t.Credit.Type))
	addAmount(&c, "Amount", t.Credit.Amount)
	addRef(&c, "CreditsApplicationInvoiceVoided", t.Credit.CreditsApplicationInvoiceVoided)
	if len(c) > 0 {
		f.Raw("Credit", c.Braces())
	}
	var d gostring.Fields
	d.Str("Type", string(t.Debit.Type))
	addAmount(&d, "Amount", t.Debit.Amount)
	addRef(&d, "CreditsApplied", t.Debit.CreditsApplied)
	if len(d) > 0 {
		f.Raw("Debit", d.Braces())
	}
	f.Time("EffectiveAt", t.EffectiveAt)
	f.Time("Created", t.Created)
	f.Str("TestClock", t.TestClock)
	f.Bool("Livemode", t.Livemode)
	return "credit.Transaction" + f.Braces()
}

func scopeGo(s Scope) string {
	var f gostring.Fields
	f.Str("PriceType", string(s.PriceType))
	if s.Prices != nil {
		f.List("Prices", len(s.Prices), func(i int) string { return strconv.Quote(s.Prices[i].ID) })
	}
	return f.Braces()
}

// addAmount adds a monetary amount as {usd 5000}, anything else field by
// field; the zero Amount is left out.
func addAmount(f *gostring.Fields, name string, a Amount) {
	if a.IsZero() {
		return
	}
	m := a.Monetary
	if a.CustomPricingUnit == nil && (a.Type == AmountMonetary || a.Type == "") && m.Currency != "" {
		f.Raw(name, "{"+string(m.Currency)+" "+strconv.FormatInt(m.Value, 10)+"}")
		return
	}
	var g gostring.Fields
	g.Str("Type", string(a.Type))
	if !m.IsZero() {
		var mf gostring.Fields
		mf.Str("Currency", string(m.Currency))
		mf.Int("Value", m.Value)
		g.Raw("Monetary", mf.Braces())
	}
	if u := a.CustomPricingUnit; u != nil {
		var uf gostring.Fields
		uf.Str("ID", u.ID)
		uf.Raw("Value", u.Value.String())
		if u.Details != nil {
			uf.Str("DisplayName", u.Details.DisplayName)
		}
		g.Raw("CustomPricingUnit", uf.Braces())
	}
	f.Raw(name, g.Braces())
}

// addRef adds a non-zero invoice line reference.
func addRef(f *gostring.Fields, name string, r InvoiceLineRef) {
	if r.IsZero() {
		return
	}
	var g gostring.Fields
	g.Str("Invoice", r.Invoice)
	g.Str("InvoiceLineItem", r.InvoiceLineItem)
	f.Raw(name, g.Braces())
}
