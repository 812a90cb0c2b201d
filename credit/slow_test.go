package credit_test

import (
	"errors"
	"sort"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/pricing"
)

// The slow reference: the ledger as a plain replay of events in time order,
// written independently of the package's one-pass code, to compare with it.

type refEvent struct {
	at     int64
	credit bool
	grant  string
	amount int64
}

var errRef = errors.New("reference: invalid ledger")

// refLedger replays the ledger of customer's grants up to and including at
// and returns each grant's ledger balance, or errRef for any inconsistency.
func refLedger(customer string, grants []credit.Grant, txns []credit.Transaction, at time.Time) (map[string]int64, error) {
	return refLedgerReplay(customer, grants, txns, at, nil)
}

// refBalances replays the ledger once (checking it as refLedger does) and
// returns the balances of customer's grants at any instant.
func refBalances(customer string, grants []credit.Grant, txns []credit.Transaction) (func(at time.Time) map[string]int64, error) {
	var events []refEvent
	if _, err := refLedgerReplay(customer, grants, txns, time.Time{}, &events); err != nil {
		return nil, err
	}
	return func(at time.Time) map[string]int64 {
		bal := map[string]int64{}
		for _, g := range grants {
			if g.Customer == customer {
				bal[g.ID] = 0
			}
		}
		for _, e := range events {
			if e.at > at.Unix() {
				break
			}
			if e.credit {
				bal[e.grant] += e.amount
			} else {
				bal[e.grant] -= e.amount
			}
		}
		return bal
	}, nil
}

func refLedgerReplay(customer string, grants []credit.Grant, txns []credit.Transaction, at time.Time, replay *[]refEvent) (map[string]int64, error) {
	byID := map[string]credit.Grant{}
	for _, g := range grants {
		if _, dup := byID[g.ID]; dup {
			return nil, errRef
		}
		byID[g.ID] = g
		if g.Customer == customer && (!(g.Amount.Type == credit.AmountMonetary || g.Amount.Type == "" && g.Amount.CustomPricingUnit == nil) || g.Amount.Monetary.Value <= 0 || !g.Amount.Monetary.Currency.Valid()) {
			return nil, errRef
		}
	}
	if !refReinstatementsValid(customer, byID, txns) {
		return nil, errRef
	}
	var events []refEvent
	granted := map[string]int{}
	for _, t := range txns {
		g, ok := byID[t.CreditGrant]
		if !ok {
			return nil, errRef
		}
		if g.Customer != customer {
			continue
		}
		if t.Validate() != nil {
			return nil, errRef
		}
		dir, _ := t.Direction()
		amt, _ := t.Amount()
		if amt.Monetary.Currency != g.Amount.Monetary.Currency {
			return nil, errRef
		}
		if dir == credit.TypeCredit && t.Credit.Type == credit.CreditsGranted {
			granted[g.ID]++
			if granted[g.ID] > 1 || amt.Monetary.Value != g.Amount.Monetary.Value || t.EffectiveAt.Before(effectiveOf(g)) {
				return nil, errRef
			}
		}
		events = append(events, refEvent{at: t.EffectiveAt.Unix(), credit: dir == credit.TypeCredit, grant: g.ID, amount: amt.Monetary.Value})
	}
	for _, g := range grants {
		if g.Customer != customer || granted[g.ID] > 0 {
			continue
		}
		eff := effectiveOf(g)
		becomesEffective := (g.ExpiresAt.IsZero() || eff.Before(g.ExpiresAt)) && (g.VoidedAt.IsZero() || eff.Before(g.VoidedAt))
		if becomesEffective {
			events = append(events, refEvent{at: eff.Unix(), credit: true, grant: g.ID, amount: g.Amount.Monetary.Value})
		}
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].at != events[j].at {
			return events[i].at < events[j].at
		}
		return events[i].credit && !events[j].credit
	})
	if replay != nil {
		*replay = events
	}
	bal := map[string]int64{}
	for _, g := range grants {
		if g.Customer == customer {
			bal[g.ID] = 0
		}
	}
	// Replay the whole history (no balance may ever go below zero), and
	// read the balances at the instant at on the way.
	atU := at.Unix()
	running := map[string]int64{}
	for _, e := range events {
		if e.credit {
			running[e.grant] += e.amount
		} else {
			running[e.grant] -= e.amount
		}
		if running[e.grant] < 0 {
			return nil, errRef
		}
		if e.at <= atU {
			bal[e.grant] = running[e.grant]
		}
	}
	return bal, nil
}

func effectiveOf(g credit.Grant) time.Time {
	if g.EffectiveAt.IsZero() {
		return g.Created
	}
	return g.EffectiveAt
}

func refActive(g credit.Grant, at time.Time) bool {
	eff := effectiveOf(g)
	if at.Before(eff) {
		return false
	}
	if !g.ExpiresAt.IsZero() && !at.Before(g.ExpiresAt) {
		return false
	}
	return g.VoidedAt.IsZero() || at.Before(g.VoidedAt)
}

func refAvailable(g credit.Grant, ledger, reserved int64, at time.Time) int64 {
	if !refActive(g, at) || ledger <= reserved {
		return 0
	}
	return ledger - reserved
}

func refSelects(f credit.Filter, g credit.Grant) bool {
	if f.Type == credit.FilterCreditGrant {
		return g.ID == f.CreditGrant
	}
	gs, fs := g.ApplicabilityConfig.Scope, f.ApplicabilityScope
	if fs.PriceType != "" {
		return gs.PriceType == fs.PriceType
	}
	if gs.PriceType == credit.PriceTypeMetered {
		return true
	}
	for _, a := range gs.Prices {
		for _, b := range fs.Prices {
			if a.ID == b.ID {
				return true
			}
		}
	}
	return false
}

// refSummarize is the reference Summarize (reservations by grant id).
func refSummarize(customer string, grants []credit.Grant, txns []credit.Transaction, f credit.Filter, at time.Time, reserved map[string]int64) (credit.Summary, error) {
	if f.Validate() != nil {
		return credit.Summary{}, errRef
	}
	bal, err := refLedger(customer, grants, txns, at)
	if err != nil {
		return credit.Summary{}, err
	}
	if f.Type == credit.FilterCreditGrant {
		if _, ok := bal[f.CreditGrant]; !ok {
			return credit.Summary{}, errRef
		}
	}
	ledger := map[pricing.Currency]int64{}
	avail := map[pricing.Currency]int64{}
	live := map[bool]bool{}
	for _, g := range grants {
		if g.Customer != customer {
			continue
		}
		live[g.Livemode] = true
		if !refSelects(f, g) {
			continue
		}
		c := g.Amount.Monetary.Currency
		ledger[c] += bal[g.ID]
		avail[c] += refAvailable(g, bal[g.ID], reserved[g.ID], at)
	}
	if len(live) > 1 {
		return credit.Summary{}, errRef
	}
	s := credit.Summary{Customer: customer, Livemode: live[true], Balances: []credit.Balance{}}
	var curs []string
	for c := range ledger {
		curs = append(curs, string(c))
	}
	sort.Strings(curs)
	for _, c := range curs {
		cur := pricing.Currency(c)
		s.Balances = append(s.Balances, credit.Balance{
			AvailableBalance: credit.Money(cur, avail[cur]),
			LedgerBalance:    credit.Money(cur, ledger[cur]),
		})
	}
	return s, nil
}

// refBetter is Stripe's pay-first order written as a key comparison: does a
// pay before b?
func refBetter(a, b credit.Grant) bool {
	pa, pb := 50, 50
	if a.Priority != nil {
		pa = *a.Priority
	}
	if b.Priority != nil {
		pb = *b.Priority
	}
	if pa != pb {
		return pa < pb
	}
	const never = int64(1) << 62
	ea, eb := never, never
	if !a.ExpiresAt.IsZero() {
		ea = a.ExpiresAt.Unix()
	}
	if !b.ExpiresAt.IsZero() {
		eb = b.ExpiresAt.Unix()
	}
	if ea != eb {
		return ea < eb
	}
	ca, cb := a.Category == credit.CategoryPromotional, b.Category == credit.CategoryPromotional
	if ca != cb {
		return ca
	}
	if x, y := effectiveOf(a).Unix(), effectiveOf(b).Unix(); x != y {
		return x < y
	}
	if x, y := a.Created.Unix(), b.Created.Unix(); x != y {
		return x < y
	}
	return a.ID < b.ID
}

// refLine is the reference result for one line: amount per grant id.
type refLine struct {
	covered int64
	byGrant map[string]int64
	first   []string // grants in the order they paid
}

// refApply applies inv by picking, for each line, the best grant that can
// still pay, again and again.
func refApply(grants []credit.Grant, txns []credit.Transaction, inv credit.Invoice, at time.Time) ([]refLine, error) {
	if inv.Validate() != nil {
		return nil, errRef
	}
	bal, err := refLedger(inv.Customer, grants, txns, at)
	if err != nil {
		return nil, err
	}
	for _, t := range txns {
		if t.Debit.Type == credit.CreditsApplied && t.Debit.CreditsApplied.Invoice == inv.ID {
			for _, g := range grants {
				if g.ID == t.CreditGrant && g.Customer == inv.Customer {
					return nil, errRef
				}
			}
		}
	}
	canPay := func(g credit.Grant, ln credit.InvoiceLine) bool {
		if g.Customer != inv.Customer || bal[g.ID] <= 0 || g.Amount.Monetary.Currency != inv.Currency {
			return false
		}
		if !g.VoidedAt.IsZero() && !at.Before(g.VoidedAt) {
			return false
		}
		if inv.PeriodEnd.Before(effectiveOf(g)) || (!g.ExpiresAt.IsZero() && !inv.PeriodEnd.Before(g.ExpiresAt)) {
			return false
		}
		if !refActive(g, at) { // nothing available at finalization
			return false
		}
		if !ln.Metered {
			return false
		}
		if g.ApplicabilityConfig.Scope.PriceType == credit.PriceTypeMetered {
			return true
		}
		for _, p := range g.ApplicabilityConfig.Scope.Prices {
			if p.ID == ln.Price && ln.Price != "" {
				return true
			}
		}
		return false
	}
	out := make([]refLine, len(inv.Lines))
	for i, ln := range inv.Lines {
		out[i].byGrant = map[string]int64{}
		left := ln.Amount
		for left > 0 {
			best := -1
			for j, g := range grants {
				if canPay(g, ln) && (best < 0 || refBetter(g, grants[best])) {
					best = j
				}
			}
			if best < 0 {
				break
			}
			g := grants[best]
			take := bal[g.ID]
			if take > left {
				take = left
			}
			bal[g.ID] -= take
			left -= take
			out[i].byGrant[g.ID] += take
			out[i].first = append(out[i].first, g.ID)
		}
		out[i].covered = ln.Amount - left
	}
	return out, nil
}

// refReinstatementsValid: every credits_application_invoice_voided of the
// customer's grants gives back credits applied from the same grant to the
// same invoice line: at every instant, no more in total than was applied
// by then (applications of the same second count first).
func refReinstatementsValid(customer string, byID map[string]credit.Grant, txns []credit.Transaction) bool {
	type key struct{ grant, invoice, line string }
	type point struct {
		at int64
		v  int64 // applied positive, reinstated negative
	}
	points := map[key][]point{}
	for _, t := range txns {
		g, ok := byID[t.CreditGrant]
		if !ok || g.Customer != customer {
			continue
		}
		dir, _ := t.Direction()
		switch {
		case dir == credit.TypeDebit && t.Debit.Type == credit.CreditsApplied:
			k := key{g.ID, t.Debit.CreditsApplied.Invoice, t.Debit.CreditsApplied.InvoiceLineItem}
			points[k] = append(points[k], point{t.EffectiveAt.Unix(), t.Debit.Amount.Monetary.Value})
		case dir == credit.TypeCredit && t.Credit.Type == credit.CreditsApplicationInvoiceVoided:
			k := key{g.ID, t.Credit.CreditsApplicationInvoiceVoided.Invoice, t.Credit.CreditsApplicationInvoiceVoided.InvoiceLineItem}
			points[k] = append(points[k], point{t.EffectiveAt.Unix(), -t.Credit.Amount.Monetary.Value})
		}
	}
	for _, ps := range points {
		for _, r := range ps {
			if r.v > 0 {
				continue
			}
			var applied, reinstated int64
			for _, p := range ps {
				if p.at > r.at {
					continue
				}
				if p.v > 0 {
					applied += p.v
				} else {
					reinstated -= p.v
				}
			}
			if reinstated > applied {
				return false
			}
		}
	}
	return true
}
