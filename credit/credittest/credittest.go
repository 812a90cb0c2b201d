// Package credittest provides rapid generators of consistent credit ledgers
// (grants plus transaction histories that Stripe's ledger could have
// written) and of invoices, for property tests of code built on package
// credit, and a seeded builder of large ledgers for benchmarks.
//
// A generated Ledger is valid: every transaction names one of its grants,
// currencies agree, no balance is ever negative in time order, applications
// happen only while a grant is active, a voided grant never had credits
// applied. Histories mix recorded and implied funding, expiries recorded and
// not yet recorded, expire-now and void events, and invoices voided (with
// reinstatement and immediate re-expiry). Some grants belong to other
// customers, to exercise filtering by customer.
package credittest

import (
	"math/rand"
	"slices"
	"strconv"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/pricing"
	"pgregory.net/rapid"
)

// Epoch returns the earliest instant a generated ledger uses.
func Epoch() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// Customer is the customer most generated grants belong to; Other the
// customer of the rest.
const (
	Customer = "cus_test_main"
	Other    = "cus_test_other"
)

// Currencies returns the currencies generated ledgers use: two-, zero- and
// three-decimal ones.
func Currencies() []pricing.Currency { return []pricing.Currency{"usd", "eur", "jpy", "kwd"} }

// Prices returns the price ids generated scopes and lines use.
func Prices() []string { return []string{"price_a", "price_b", "price_c", "price_d", "price_e"} }

// Ledger is a generated ledger: the grants (in their final state, after any
// expire-now or void), the transactions in time order, and the span of time
// they cover. End is after every transaction and every grant window bound
// of the history's events.
type Ledger struct {
	Customer     string
	Grants       []credit.Grant
	Transactions []credit.Transaction
	Start, End   time.Time
	Invoices     int      // invoices used so far; new invoice ids start after
	Prices       []string // the price ids scopes use and Invoices and Filters draw from; empty: Prices()
}

// Options shape generated ledgers. Zero fields take the defaults.
//
// Ids need no option: they are always unique within a ledger (grants
// credgr_gen_N, transactions cbtxn_gen_N, applications to invoices
// in_gen_N and lines il_gen_N), and Invoices draws in_new_M and il_new_K
// ids, M after Ledger.Invoices. Raise Ledger.Invoices after applying a
// drawn invoice to draw the next one under a new id.
type Options struct {
	MaxGrants      int  // default 8
	MaxEvents      int  // default 30
	OneCurrency    bool // all grants in the first of Currencies (usd by default)
	SingleCustomer bool // no grants of other customers

	// Currencies are the currencies grants (and so their transactions and
	// invoices) are drawn in: one or several. Nil or empty: Currencies().
	// Building a generator panics on a currency Stripe does not support.
	Currencies []pricing.Currency
	// Prices is the catalogue of price ids that grants' scopes, and the
	// invoice lines and filters drawn for the ledger, use (duplicates are
	// dropped). Nil or empty: Prices(). Building a generator panics on an
	// empty id.
	Prices []string

	exactGrants bool // exactly MaxGrants grants
	bench       bool // only applications, every funding and expiry recorded
}

// drawer abstracts rapid and math/rand.
type drawer interface {
	intn(label string, lo, hi int) int // in [lo, hi]
}

type rapidDrawer struct{ t *rapid.T }

func (d rapidDrawer) intn(label string, lo, hi int) int {
	return rapid.IntRange(lo, hi).Draw(d.t, label)
}

type randDrawer struct{ r *rand.Rand }

func (d randDrawer) intn(_ string, lo, hi int) int { return lo + d.r.Intn(hi-lo+1) }

// Ledgers generates consistent ledgers with the default options.
func Ledgers() *rapid.Generator[Ledger] { return LedgersWith(Options{}) }

// LedgersWith generates consistent ledgers shaped by o.
func LedgersWith(o Options) *rapid.Generator[Ledger] {
	o = o.normalized()
	return rapid.Custom(func(t *rapid.T) Ledger {
		return build(rapidDrawer{t}, o)
	})
}

// Random builds a consistent ledger from a fixed seed with exactly grants
// grants (all of Customer) and about events events, for benchmarks. The
// same arguments always give the same ledger.
func Random(seed int64, grants, events int) Ledger {
	d := randDrawer{rand.New(rand.NewSource(seed))}
	return build(d, Options{MaxGrants: grants, MaxEvents: events, SingleCustomer: true, exactGrants: true, bench: true}.normalized())
}

type grantSim struct {
	balance     int64
	recorded    bool // funding credit recorded
	applied     bool
	lastApplied time.Time // the latest application
	expiredTx   bool      // credits_expired recorded
}

type applied struct {
	grant   int
	invoice string
	line    string
	amount  int64
	undone  bool
}

// normalized returns o with its currencies and prices checked, duplicates
// dropped and defaults filled in.
func (o Options) normalized() Options {
	if len(o.Currencies) == 0 {
		o.Currencies = Currencies()
	}
	var cs []pricing.Currency
	for _, c := range o.Currencies {
		if !c.Valid() {
			panic("credittest: Options.Currencies: unsupported currency " + strconv.Quote(string(c)))
		}
		if !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	if o.OneCurrency {
		cs = cs[:1]
	}
	o.Currencies = cs
	if len(o.Prices) == 0 {
		o.Prices = Prices()
	}
	var ps []string
	for _, p := range o.Prices {
		if p == "" {
			panic("credittest: Options.Prices: an empty price id")
		}
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	o.Prices = ps
	return o
}

func build(d drawer, o Options) Ledger {
	if o.MaxGrants <= 0 {
		o.MaxGrants = 8
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = 30
	}
	l := Ledger{Customer: Customer, Start: Epoch(), Prices: o.Prices}
	n := o.MaxGrants
	if !o.exactGrants {
		n = d.intn("grants", 1, o.MaxGrants)
	}
	l.Grants = make([]credit.Grant, n)
	for i := range l.Grants {
		l.Grants[i] = drawGrant(d, o, i)
		if o.bench { // long-lived, never exhausted
			g := &l.Grants[i]
			g.Amount.Monetary.Value = 1 << 50
			g.Created, g.EffectiveAt, g.Updated = Epoch(), Epoch(), Epoch()
			if !g.ExpiresAt.IsZero() {
				g.ExpiresAt = Epoch().AddDate(50, 0, 0)
			}
		}
	}
	sims := make([]grantSim, n)
	var apps []applied
	now := Epoch()
	record := func(txn credit.Transaction) { l.Transactions = append(l.Transactions, txn) }
	// fund credits grants whose effective time has come, in time order.
	fund := func(until time.Time) {
		for i := range l.Grants {
			g := &l.Grants[i]
			if sims[i].recorded || g.Effective().After(until) || !fundsAt(g) {
				continue
			}
			sims[i].recorded = true
			sims[i].balance = g.Amount.Monetary.Value
			if o.bench || d.intn("record funding", 0, 2) > 0 {
				txn, _ := credit.Funding(*g)
				record(txn)
			}
		}
	}
	// expire records credits_expired for grants whose expires_at has come.
	expire := func(until time.Time) {
		for i := range l.Grants {
			g := &l.Grants[i]
			s := &sims[i]
			if g.ExpiresAt.IsZero() || g.ExpiresAt.After(until) || s.expiredTx || !sims[i].recorded {
				continue
			}
			if !g.VoidedAt.IsZero() {
				continue
			}
			if !o.bench && d.intn("record expiry", 0, 3) == 0 {
				continue // expired, debit not recorded (yet)
			}
			s.expiredTx = true
			if s.balance > 0 {
				record(debit(*g, credit.CreditsExpired, s.balance, g.ExpiresAt, until, "", ""))
				s.balance = 0
			}
		}
	}
	events := o.MaxEvents
	if !o.bench {
		events = o.MaxEvents/3 + d.intn("events", 0, o.MaxEvents-o.MaxEvents/3)
	}
	for e := 0; (!o.bench && e < events) || (o.bench && len(l.Transactions) < events); e++ {
		step := d.intn("step", 0, 3) // 0: same second
		if step > 0 {
			step = d.intn("seconds", 1, 6*3600)
		}
		if o.bench {
			step = 1
		}
		now = now.Add(time.Duration(step) * time.Second)
		fund(now)
		expire(now)
		kind := d.intn("event", 0, 9)
		if o.bench {
			kind = 0
		}
		switch {
		case kind <= 5: // apply to an invoice line
			i := d.intn("grant", 0, n-1)
			g := &l.Grants[i]
			s := &sims[i]
			if g.Window(now) != credit.StateActive || s.balance == 0 || g.Customer != l.Customer && !o.bench && d.intn("other", 0, 1) == 0 {
				continue
			}
			amt := min(s.balance, int64(d.intn("amount", 1, 1<<20)))
			l.Invoices++
			inv := "in_gen_" + strconv.Itoa(l.Invoices)
			line := "il_gen_" + strconv.Itoa(l.Invoices)
			record(debit(*g, credit.CreditsApplied, amt, now, now, inv, line))
			s.balance -= amt
			s.applied, s.lastApplied = true, now
			apps = append(apps, applied{grant: i, invoice: inv, line: line, amount: amt})
		case kind <= 6: // void an invoice that used credits
			if len(apps) == 0 {
				continue
			}
			a := &apps[d.intn("invoice", 0, len(apps)-1)]
			if a.undone {
				continue
			}
			a.undone = true
			g := l.Grants[a.grant]
			txn := credit.Transaction{
				ID: "cbtxn_gen_" + strconv.Itoa(len(l.Transactions)), Created: now, CreditGrant: g.ID,
				Credit: credit.Credit{Amount: credit.Money(g.Currency(), a.amount), Type: credit.CreditsApplicationInvoiceVoided,
					CreditsApplicationInvoiceVoided: credit.InvoiceLineRef{Invoice: a.invoice, InvoiceLineItem: a.line}},
				EffectiveAt: now, Livemode: g.Livemode, Type: credit.TypeCredit,
			}
			record(txn)
			if g.Window(now) == credit.StateExpired {
				record(debit(g, credit.CreditsExpired, a.amount, now, now, "", ""))
			} else {
				sims[a.grant].balance += a.amount
			}
		case kind <= 7: // expire now
			i := d.intn("grant", 0, n-1)
			g := &l.Grants[i]
			if g.Window(now) != credit.StateActive || !sims[i].recorded || !now.After(g.Effective()) || sims[i].applied && !now.After(sims[i].lastApplied) {
				continue // (expiring in the second it became effective empties its window; a grant pays only before it expires)
			}
			g.ExpiresAt, g.Updated = now, now
			sims[i].expiredTx = true
			if sims[i].balance > 0 {
				record(debit(*g, credit.CreditsExpired, sims[i].balance, now, now, "", ""))
				sims[i].balance = 0
			}
		case kind <= 8: // void a grant nothing was applied from
			i := d.intn("grant", 0, n-1)
			g := &l.Grants[i]
			if sims[i].applied || !g.VoidedAt.IsZero() || g.Window(now) == credit.StateExpired || now.Equal(g.Effective()) {
				continue
			}
			pending := g.Window(now) == credit.StatePending
			g.VoidedAt, g.Updated = now, now
			if !pending && sims[i].balance > 0 {
				record(debit(*g, credit.CreditsVoided, sims[i].balance, now, now, "", ""))
				sims[i].balance = 0
			}
			sims[i].recorded = true // never funded later
		default: // time passes
		}
	}
	l.End = now.Add(time.Second)
	for i := range l.Transactions {
		l.Transactions[i].ID = "cbtxn_gen_" + strconv.Itoa(i)
	}
	return l
}

// prices returns l.Prices, or Prices() for a ledger without them.
func (l Ledger) prices() []string {
	if len(l.Prices) == 0 {
		return Prices()
	}
	return l.Prices
}

// fundsAt reports whether g ever becomes effective (see credit.Grant).
func fundsAt(g *credit.Grant) bool {
	eff := g.Effective()
	if !g.ExpiresAt.IsZero() && !eff.Before(g.ExpiresAt) {
		return false
	}
	return g.VoidedAt.IsZero() || eff.Before(g.VoidedAt)
}

func debit(g credit.Grant, kind credit.DebitType, v int64, eff, created time.Time, inv, line string) credit.Transaction {
	return credit.Transaction{
		Created: created, CreditGrant: g.ID,
		Debit: credit.Debit{Amount: credit.Money(g.Currency(), v), Type: kind,
			CreditsApplied: credit.InvoiceLineRef{Invoice: inv, InvoiceLineItem: line}},
		EffectiveAt: eff, Livemode: g.Livemode, Type: credit.TypeDebit,
	}
}

func drawGrant(d drawer, o Options, i int) credit.Grant {
	g := credit.Grant{
		ID:       "credgr_gen_" + strconv.Itoa(i),
		Customer: Customer,
		Category: credit.CategoryPaid,
	}
	if !o.SingleCustomer && d.intn("other customer", 0, 5) == 0 {
		g.Customer = Other
	}
	cur := o.Currencies[0]
	if len(o.Currencies) > 1 {
		cur = o.Currencies[d.intn("currency", 0, len(o.Currencies)-1)]
	}
	g.Amount = credit.Money(cur, int64(100*d.intn("value", 1, 1000)-d.intn("cents", 0, 99)))
	if d.intn("promotional", 0, 2) == 0 {
		g.Category = credit.CategoryPromotional
	}
	switch d.intn("priority kind", 0, 3) {
	case 0: // null
	case 1:
		p := credit.DefaultPriority
		g.Priority = &p
	default:
		p := d.intn("priority", credit.MinPriority, credit.MaxPriority)
		g.Priority = &p
	}
	g.Created = Epoch().Add(time.Duration(d.intn("created", 0, 86400)) * time.Second)
	if d.intn("null effective_at", 0, 4) > 0 {
		g.EffectiveAt = g.Created.Add(time.Duration(d.intn("effective", 0, 2*86400)) * time.Second)
	}
	if d.intn("expires", 0, 2) > 0 {
		g.ExpiresAt = g.Effective().Add(time.Duration(d.intn("lifetime days", 1, 20)*86400-d.intn("lifetime seconds", 0, 86399)) * time.Second)
	}
	if d.intn("scope", 0, 2) > 0 {
		g.ApplicabilityConfig.Scope.PriceType = credit.PriceTypeMetered
	} else {
		k := d.intn("prices", 1, min(len(o.Prices), credit.MaxScopePrices))
		start := d.intn("first price", 0, len(o.Prices)-1)
		for j := 0; j < k; j++ {
			g.ApplicabilityConfig.Scope.Prices = append(g.ApplicabilityConfig.Scope.Prices, credit.ApplicablePrice{ID: o.Prices[(start+j)%len(o.Prices)]})
		}
	}
	g.Name = "Generated credits " + strconv.Itoa(i)
	g.Updated = g.Created
	return g
}

// Invoices generates invoices of l's customer to finalize after l's
// history: new ids, a currency of one of l's grants, a period_end within the
// ledger's span, 0 to 20 lines (mostly metered) over l.Prices.
func Invoices(l Ledger) *rapid.Generator[credit.Invoice] {
	return rapid.Custom(func(t *rapid.T) credit.Invoice {
		return drawInvoice(rapidDrawer{t}, l, 20, l.Invoices+1)
	})
}

// RandomInvoice builds an invoice of lines lines for l from a fixed seed,
// for benchmarks.
func RandomInvoice(seed int64, l Ledger, lines int) credit.Invoice {
	d := randDrawer{rand.New(rand.NewSource(seed))}
	inv := drawInvoice(d, l, lines, l.Invoices+1)
	for len(inv.Lines) < lines {
		inv.Lines = append(inv.Lines, credit.InvoiceLine{ID: "il_new_" + strconv.Itoa(len(inv.Lines)), Price: l.prices()[0], Metered: true, Amount: 100})
	}
	return inv
}

func drawInvoice(d drawer, l Ledger, maxLines, n int) credit.Invoice {
	inv := credit.Invoice{ID: "in_new_" + strconv.Itoa(n), Customer: l.Customer, Currency: Currencies()[0]}
	if len(l.Grants) > 0 {
		inv.Currency = l.Grants[d.intn("currency of grant", 0, len(l.Grants)-1)].Currency()
	}
	span := int(l.End.Sub(l.Start) / time.Second)
	inv.PeriodEnd = l.End.Add(-time.Duration(d.intn("period_end before end", 0, span)) * time.Second)
	k := d.intn("lines", 0, maxLines)
	prices := l.prices()
	for j := 0; j < k; j++ {
		inv.Lines = append(inv.Lines, credit.InvoiceLine{
			ID:      "il_new_" + strconv.Itoa(j),
			Price:   prices[d.intn("price", 0, len(prices)-1)],
			Metered: d.intn("metered", 0, 5) > 0,
			Amount:  int64(d.intn("amount", 0, 500) * 100),
		})
	}
	return inv
}

// Filters generates valid summary filters for l: one of the customer's
// grants, a price_type scope, or a prices scope over l.Prices.
func Filters(l Ledger) *rapid.Generator[credit.Filter] {
	return rapid.Custom(func(t *rapid.T) credit.Filter {
		switch rapid.IntRange(0, 2).Draw(t, "filter type") {
		case 0:
			var mine []string
			for _, g := range l.Grants {
				if g.Customer == l.Customer {
					mine = append(mine, g.ID)
				}
			}
			if len(mine) == 0 {
				return credit.ScopeFilter(credit.Scope{PriceType: credit.PriceTypeMetered})
			}
			return credit.GrantFilter(rapid.SampledFrom(mine).Draw(t, "grant"))
		case 1:
			return credit.ScopeFilter(credit.Scope{PriceType: credit.PriceTypeMetered})
		}
		prices := l.prices()
		ids := rapid.SliceOfNDistinct(rapid.SampledFrom(prices), 1, min(len(prices), credit.MaxScopePrices), rapid.ID[string]).Draw(t, "prices")
		var s credit.Scope
		for _, id := range ids {
			s.Prices = append(s.Prices, credit.ApplicablePrice{ID: id})
		}
		return credit.ScopeFilter(s)
	})
}

// Times generates instants from a little before l's span to a little after
// its end, with extra weight on grant window bounds.
func Times(l Ledger) *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		if len(l.Grants) > 0 && rapid.IntRange(0, 3).Draw(t, "at a bound") == 0 {
			g := rapid.SampledFrom(l.Grants).Draw(t, "grant")
			bounds := []time.Time{g.Effective(), g.Effective().Add(-time.Second)}
			if !g.ExpiresAt.IsZero() {
				bounds = append(bounds, g.ExpiresAt, g.ExpiresAt.Add(-time.Second))
			}
			return rapid.SampledFrom(bounds).Draw(t, "bound")
		}
		span := int64(l.End.Sub(l.Start)/time.Second) + 2*86400
		return l.Start.Add(time.Duration(rapid.Int64Range(-86400, span).Draw(t, "offset")) * time.Second)
	})
}
