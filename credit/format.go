package credit

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// GoString prints g's set fields, the amount first, in Go-like syntax, so
// that %#v (and rapid's logs of drawn values) shows amounts and dates
// instead of pointer addresses:
// credit.Grant{ID:"credgr_1", Customer:"cus_1", Amount:{usd 5000}, Priority:50}.
// A monetary amount prints as {currency value}. Nil pointers, empty
// strings, false, zero numbers and zero times are left out; a nil map is
// left out and an empty one prints as {}.
func (g Grant) GoString() string {
	var f goFields
	f.str("ID", g.ID)
	f.str("Customer", g.Customer)
	f.amount("Amount", g.Amount)
	f.str("Category", string(g.Category))
	if g.Priority != nil {
		f.raw("Priority", strconv.Itoa(*g.Priority))
	}
	if s := scopeGo(g.ApplicabilityConfig.Scope); s != "{}" {
		f.raw("ApplicabilityConfig", "{Scope:"+s+"}")
	}
	f.time("EffectiveAt", g.EffectiveAt)
	f.time("ExpiresAt", g.ExpiresAt)
	f.time("VoidedAt", g.VoidedAt)
	f.str("Name", g.Name)
	f.str("CustomerAccount", g.CustomerAccount)
	f.str("TestClock", g.TestClock)
	f.bool("Livemode", g.Livemode)
	f.time("Created", g.Created)
	f.time("Updated", g.Updated)
	f.metadata("Metadata", g.Metadata)
	return "credit.Grant" + f.braces()
}

// GoString prints t's set fields with the rules of Grant.GoString:
// credit.Transaction{ID:"cbtxn_1", Type:"debit", CreditGrant:"credgr_1",
// Debit:{Type:"credits_applied", Amount:{usd 600}, CreditsApplied:{...}}, ...}.
// An unset credit or debit side is left out.
func (t Transaction) GoString() string {
	var f goFields
	f.str("ID", t.ID)
	f.str("Type", string(t.Type))
	f.str("CreditGrant", t.CreditGrant)
	var c goFields
	c.str("Type", string(t.Credit.Type))
	c.amount("Amount", t.Credit.Amount)
	c.ref("CreditsApplicationInvoiceVoided", t.Credit.CreditsApplicationInvoiceVoided)
	if len(c) > 0 {
		f.raw("Credit", c.braces())
	}
	var d goFields
	d.str("Type", string(t.Debit.Type))
	d.amount("Amount", t.Debit.Amount)
	d.ref("CreditsApplied", t.Debit.CreditsApplied)
	if len(d) > 0 {
		f.raw("Debit", d.braces())
	}
	f.time("EffectiveAt", t.EffectiveAt)
	f.time("Created", t.Created)
	f.str("TestClock", t.TestClock)
	f.bool("Livemode", t.Livemode)
	return "credit.Transaction" + f.braces()
}

func scopeGo(s Scope) string {
	var f goFields
	f.str("PriceType", string(s.PriceType))
	if s.Prices != nil {
		ids := make([]string, len(s.Prices))
		for i, p := range s.Prices {
			ids[i] = strconv.Quote(p.ID)
		}
		f.raw("Prices", "["+strings.Join(ids, ", ")+"]")
	}
	return f.braces()
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

// amount prints a monetary amount as {usd 5000}, anything else field by
// field; the zero Amount is left out.
func (f *goFields) amount(name string, a Amount) {
	if a.IsZero() {
		return
	}
	m := a.Monetary
	if a.CustomPricingUnit == nil && (a.Type == AmountMonetary || a.Type == "") && m.Currency != "" {
		f.raw(name, "{"+string(m.Currency)+" "+strconv.FormatInt(m.Value, 10)+"}")
		return
	}
	var g goFields
	g.str("Type", string(a.Type))
	if !m.IsZero() {
		var mf goFields
		mf.str("Currency", string(m.Currency))
		if m.Value != 0 {
			mf.raw("Value", strconv.FormatInt(m.Value, 10))
		}
		g.raw("Monetary", mf.braces())
	}
	if u := a.CustomPricingUnit; u != nil {
		var uf goFields
		uf.str("ID", u.ID)
		uf.raw("Value", u.Value.String())
		if u.Details != nil {
			uf.str("DisplayName", u.Details.DisplayName)
		}
		g.raw("CustomPricingUnit", uf.braces())
	}
	f.raw(name, g.braces())
}

func (f *goFields) ref(name string, r InvoiceLineRef) {
	if r.IsZero() {
		return
	}
	var g goFields
	g.str("Invoice", r.Invoice)
	g.str("InvoiceLineItem", r.InvoiceLineItem)
	f.raw(name, g.braces())
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
