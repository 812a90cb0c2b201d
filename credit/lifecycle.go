package credit

import (
	"cmp"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// second returns t truncated to whole unix seconds, in UTC, as on the wire.
func second(t time.Time) time.Time { return time.Unix(t.Unix(), 0).UTC() }

// LifecycleOptions are the options of ExpireWith, VoidWith, VoidInvoiceWith
// and FundingWith. The zero value is what Expire, Void, VoidInvoice and
// Funding use.
type LifecycleOptions struct {
	// IDs names the new transactions; nil means DeterministicID.
	IDs IDGenerator
}

// Expire expires grant g at instant at. The returned transactions are new
// (append them to the ledger); g and txns are not modified.
//
// If g's expires_at has already been reached, the expiry is at expires_at
// (the expiry Stripe's ledger would have recorded) [S] and g is returned
// unchanged. Otherwise this is an expire-now: expires_at and updated
// become at, which must be after g's effective time (a pending grant is
// voided, not expired: ErrInvalidGrant) [P]. The credits_expired debit
// takes the balance at the expiry to zero, effective then [S]; and since
// the ledger must stay valid at every instant [P], credits given back to
// g after its expiry and not expired at once (an invoice voided later) are
// expired in the second they come back, each by one more debit. Nothing
// is written when nothing remains, so Expire is idempotent. Transactions
// of other grants in txns are ignored.
//
// Errors: a voided grant (ErrGrantVoided); an invalid grant or ledger (as
// Summarize); an instant outside the years 1970 to 9999
// (ErrInvalidGrant); and ErrNegativeBalance, naming g and the transaction,
// when one of g's debits in txns after the expiry would then take its
// balance below zero (an expiry back-dated before applications) [P].
func Expire(g Grant, txns []Transaction, at time.Time) (Grant, []Transaction, error) {
	return ExpireWith(g, txns, at, LifecycleOptions{})
}

// Void voids grant g at instant at: voided_at and updated become at, and a
// credits_voided debit of the balance at at is written, effective at at
// (none when nothing remains; a grant voided before or in the second it
// becomes effective was never funded, and cannot be voided so once a
// credits_granted is recorded: ErrInvalidGrant) [S]; as for Expire,
// credits that come back after at are voided as they come. Voiding is
// refused with
// ErrVoidAfterApplication once any credits_applied debit of g exists, even
// if later reinstated, and with ErrGrantVoided if g is already voided; a
// debit that g's later transactions in txns would take below zero is
// ErrNegativeBalance.
func Void(g Grant, txns []Transaction, at time.Time) (Grant, []Transaction, error) {
	return VoidWith(g, txns, at, LifecycleOptions{})
}

// VoidInvoice reinstates the credits applied to invoice, voided at instant
// at: one credits_application_invoice_voided credit per (grant, line) of the
// amount applied and not yet reinstated, effective at at. For a grant that
// has expired (or been voided) by at, a credits_expired (credits_voided)
// debit of the same amount follows at once [S]; for a grant whose expiry
// (or void) comes after at and is already recorded in txns, that debit is
// effective at the recorded expiry instead, so every balance from then on
// stays as it was [P]. The transactions are ordered by line id, then grant
// id, each credit followed by its debit. An invoice without applied
// credits, or one already reinstated, gives no transactions. Errors: an
// invalid ledger (as Summarize; grants of every customer are checked), and
// credits applied to the invoice after at (ErrInvalidTransaction: an
// invoice is voided after it finalized).
func VoidInvoice(grants []Grant, txns []Transaction, invoice string, at time.Time) ([]Transaction, error) {
	return VoidInvoiceWith(grants, txns, invoice, at, LifecycleOptions{})
}

// ExpireWith is Expire with options.
func ExpireWith(g Grant, txns []Transaction, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	var sc scratch
	s, _, err := compileSlices([]Grant{g}, txns, nil, at.Unix(), &sc, scanOpts{ignoreUnknown: true, needAll: true})
	if err != nil {
		return g, nil, err
	}
	out, ws, err := expire(g, &s.rules[0], &s.tls[0], sliceSource(txns), at)
	if err != nil {
		return g, nil, err
	}
	named, err := nameWrites(ws, o.IDs, takenIn(txns))
	if err != nil {
		return g, nil, err
	}
	return out, named, nil
}

// VoidWith is Void with options.
func VoidWith(g Grant, txns []Transaction, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	var sc scratch
	s, _, err := compileSlices([]Grant{g}, txns, nil, at.Unix(), &sc, scanOpts{ignoreUnknown: true, needAll: true})
	if err != nil {
		return g, nil, err
	}
	out, ws, err := void(g, &s.rules[0], &s.tls[0], sliceSource(txns), at)
	if err != nil {
		return g, nil, err
	}
	named, err := nameWrites(ws, o.IDs, takenIn(txns))
	if err != nil {
		return g, nil, err
	}
	return out, named, nil
}

// VoidInvoiceWith is VoidInvoice with options.
func VoidInvoiceWith(grants []Grant, txns []Transaction, invoice string, at time.Time, o LifecycleOptions) ([]Transaction, error) {
	// The grants the invoice used need their timelines (a recorded expiry).
	var sc scratch
	s, hits, err := compileSlices(grants, txns, nil, at.Unix(), &sc, scanOpts{invoice: invoice, needHits: true})
	if err != nil {
		return nil, err
	}
	pairs := map[lineKey]*invoicePair{}
	var list []*invoicePair
	for _, tx := range hits {
		t := &txns[tx]
		gi := int32(s.idx.lookup(t.CreditGrant))
		r := t.ref()
		k := lineKey{grant: gi, line: r.InvoiceLineItem}
		p := pairs[k]
		if p == nil {
			p = &invoicePair{grant: gi, line: r.InvoiceLineItem}
			pairs[k] = p
			list = append(list, p)
		}
		ev, _, _ := compileTxn(t, &s.rules[gi], "", nil)
		p.add(linePoint{at: ev.at, v: -ev.v, tx: int32(tx)})
	}
	ps := make([]invoicePair, len(list))
	for i, p := range list {
		ps[i] = *p
	}
	ws, err := voidInvoice(grants, s.rules, func(gi int32) *timeline { return &s.tls[gi] }, sliceSource(txns), ps, invoice, at)
	if err != nil {
		return nil, err
	}
	return nameWrites(ws, o.IDs, takenIn(txns))
}

// write is a transaction a lifecycle function writes, before it is named.
type write struct {
	grant   *Grant
	kind    kind
	v       int64 // > 0
	at      int64 // effective
	created int64
	ref     InvoiceLineRef // the invoice line of a reinstatement, and the key of its debits
}

// expire computes the expiry of grant g (rule r, timeline tl) at at.
func expire(g Grant, r *rule, tl *timeline, src source, at time.Time) (Grant, []write, error) {
	if !g.VoidedAt.IsZero() {
		return g, nil, stripejson.Errorf(ErrGrantVoided, ObjectGrant, g.ID, "voided_at", "voided at %d, cannot expire", g.VoidedAt.Unix())
	}
	when := second(at)
	if err := checkInstant(when, ErrInvalidGrant, ObjectGrant, g.ID, "expires_at"); err != nil {
		return g, nil, err
	}
	now := when.Unix()
	out := g
	end := r.exp
	if end == never || end > now { // expire now
		if now <= r.eff {
			return g, nil, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at",
				"cannot expire at %d: the grant becomes effective at %d (void a pending grant instead)", now, r.eff)
		}
		end = now
		out.ExpiresAt, out.Updated = when, when
	}
	ws, err := drain(&out, tl, end, now, kindExpired, src)
	if err != nil {
		return g, nil, err
	}
	nr := *r
	nr.exp = end
	if err := keepsApplications(&out, r, &nr, tl, src); err != nil {
		return g, nil, err
	}
	if err := keepsRecorded(&out, r, &nr, tl); err != nil {
		return g, nil, err
	}
	return out, ws, nil
}

// keepsRecorded refuses a change of grant g's window that moves an expiry
// or a void already recorded (a credits_expired or credits_voided debit at
// expires_at or voided_at): the ledger says it happened then.
func keepsRecorded(g *Grant, old, new *rule, tl *timeline) error {
	if new.exp != old.exp && old.exp != never && recorded(tl, old.exp, kindExpired) {
		return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at", "the expiry at %d is recorded (credits_expired): it cannot move", old.exp)
	}
	if new.void != old.void && old.void != never && recorded(tl, old.void, kindVoided) {
		return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "voided_at", "the void at %d is recorded (credits_voided): it cannot move", old.void)
	}
	return nil
}

// keepsApplications refuses a change of grant g's window (from rule old
// to rule new) that leaves outside it an application recorded inside it:
// a grant pays only while it is effective, not expired and not voided.
func keepsApplications(g *Grant, old, new *rule, tl *timeline, src source) error {
	for i, in := range tl.info {
		if in.kind == kindApplied && old.state(tl.at[i]) == StateActive && new.state(tl.at[i]) != StateActive {
			return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at",
				"transaction %s applied credits at %d: the grant's window must still hold it", src.txID(in.tx), tl.at[i])
		}
	}
	return nil
}

// void computes the void of grant g (rule r, timeline tl) at at.
func void(g Grant, r *rule, tl *timeline, src source, at time.Time) (Grant, []write, error) {
	if !g.VoidedAt.IsZero() {
		return g, nil, stripejson.Errorf(ErrGrantVoided, ObjectGrant, g.ID, "voided_at", "already voided at %d", g.VoidedAt.Unix())
	}
	for _, in := range tl.info {
		if in.kind == kindApplied {
			inv, _ := src.txRef(in.tx)
			return g, nil, stripejson.Errorf(ErrVoidAfterApplication, ObjectGrant, g.ID, "voided_at", "transaction %s applied credits to invoice %s", src.txID(in.tx), inv)
		}
	}
	when := second(at)
	if err := checkInstant(when, ErrInvalidGrant, ObjectGrant, g.ID, "voided_at"); err != nil {
		return g, nil, err
	}
	now := when.Unix()
	out := g
	out.VoidedAt, out.Updated = when, when
	if now <= r.eff { // voided before it became effective: never funded
		for i, in := range tl.info {
			if in.kind == kindGranted {
				return g, nil, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "voided_at",
					"cannot void at %d, before the grant becomes effective: transaction %s funded it at %d (void it later)", now, src.txID(in.tx), tl.at[i])
			}
		}
		var recs []evRec
		implied := false
		for _, e := range tl.recs() {
			if e.kind == kindImplied {
				implied = true
				continue
			}
			recs = append(recs, e)
		}
		if implied {
			nt := &timeline{}
			nt.fill(recs, nil)
			if p := nt.firstNegative(); p >= 0 {
				return g, nil, stripejson.Errorf(ErrNegativeBalance, ObjectGrant, g.ID, "ledger_balance",
					"voided at %d, before it becomes effective, the grant is never funded, and transaction %s at %d takes its balance below zero",
					now, src.txID(nt.info[p].tx), nt.at[p])
			}
			tl = nt
		}
	}
	ws, err := drain(&out, tl, now, now, kindVoided, src)
	return out, ws, err
}

// drain computes the debits of kind (credits_expired or credits_voided)
// that take grant g's balance to zero at instant end and keep it there
// from then on: one of the balance at end, and one in each later second
// in which credits come back without being debited at once. created is the
// instant the computation is dated. A later debit that the balance could
// then not cover is ErrNegativeBalance.
func drain(g *Grant, tl *timeline, end, created int64, k kind, src source) ([]write, error) {
	var ws []write
	b := tl.balanceAt(end)
	if b > 0 {
		ws = append(ws, write{grant: g, kind: k, v: b, at: end, created: max(created, end)})
	}
	b = 0
	for i := tl.count(end); i < len(tl.at); {
		t := tl.at[i]
		var ref InvoiceLineRef
		for ; i < len(tl.at) && tl.at[i] == t; i++ {
			in := tl.info[i]
			if in.kind == kindReinstated {
				inv, ln := src.txRef(in.tx)
				ref = InvoiceLineRef{Invoice: inv, InvoiceLineItem: ln}
			}
			var ok bool
			if b, ok = addChecked64(b, tl.v[i]); !ok {
				return nil, overflowErr(g.ID)
			}
			if b < 0 && (i+1 == len(tl.at) || tl.at[i+1] != t) {
				return nil, stripejson.Errorf(ErrNegativeBalance, ObjectGrant, g.ID, "ledger_balance",
					"a %s debit at %d leaves too little for transaction %s at %d", debitType(k), end, src.txID(in.tx), t)
			}
		}
		if b > 0 {
			ws = append(ws, write{grant: g, kind: k, v: b, at: t, created: max(created, t), ref: ref})
			b = 0
		}
	}
	return ws, nil
}

func debitType(k kind) DebitType {
	switch k {
	case kindApplied:
		return CreditsApplied
	case kindVoided:
		return CreditsVoided
	}
	return CreditsExpired
}

// invoicePair is what an invoice did with one grant on one line.
type invoicePair struct {
	grant       int32
	line        string
	net         int64 // applied less reinstated
	lastApplied int64 // the latest application
	lastTx      int32
	applied     bool
}

func (p *invoicePair) add(pt linePoint) {
	p.net = satAdd(p.net, pt.v)
	if pt.v > 0 && (!p.applied || pt.at > p.lastApplied) {
		p.applied, p.lastApplied, p.lastTx = true, pt.at, pt.tx
	}
}

// voidInvoice computes the reinstatements of invoice voided at at, from
// its (grant, line) pairs.
func voidInvoice(grants []Grant, rules []rule, tlOf func(int32) *timeline, src source, pairs []invoicePair, invoice string, at time.Time) ([]write, error) {
	when := second(at)
	if err := checkInstant(when, ErrInvalidInvoice, ObjectInvoice, invoice, "voided_at"); err != nil {
		return nil, err
	}
	now := when.Unix()
	sortPairs(pairs, grants)
	for _, p := range pairs {
		if p.applied && p.lastApplied > now {
			return nil, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, src.txID(p.lastTx), "effective_at",
				"credits were applied to invoice %s at %d, after the void at %d: an invoice is voided after it finalized", invoice, p.lastApplied, now)
		}
	}
	var ws []write
	for _, p := range pairs {
		if p.net <= 0 {
			continue
		}
		g := &grants[p.grant]
		r := &rules[p.grant]
		ref := InvoiceLineRef{Invoice: invoice, InvoiceLineItem: p.line}
		ws = append(ws, write{grant: g, kind: kindReinstated, v: p.net, at: now, created: now, ref: ref})
		switch r.state(now) {
		case StateExpired:
			ws = append(ws, write{grant: g, kind: kindExpired, v: p.net, at: now, created: now, ref: ref})
		case StateVoided:
			ws = append(ws, write{grant: g, kind: kindVoided, v: p.net, at: now, created: now, ref: ref})
		default:
			// An expiry (or void) after now already recorded: the credits
			// expire with it, so balances from then on stay as they were.
			end, k := r.exp, kindExpired
			if r.void <= r.exp {
				end, k = r.void, kindVoided
			}
			if end != never && recorded(tlOf(p.grant), end, k) {
				ws = append(ws, write{grant: g, kind: k, v: p.net, at: end, created: now, ref: ref})
			}
		}
	}
	return ws, nil
}

// recorded reports whether tl holds a debit of kind k effective at t.
func recorded(tl *timeline, t int64, k kind) bool {
	for i := tl.count(t) - 1; i >= 0 && tl.at[i] == t; i-- {
		if tl.info[i].kind == k {
			return true
		}
	}
	return false
}

func sortPairs(pairs []invoicePair, grants []Grant) {
	slices.SortFunc(pairs, func(a, b invoicePair) int {
		if c := cmp.Compare(a.line, b.line); c != 0 {
			return c
		}
		return cmp.Compare(grants[a.grant].ID, grants[b.grant].ID)
	})
}

// nameWrites turns writes into transactions, each named by ids for its key
// (kind, grant, invoice line): the first key number (IDKey.N) from 0 on
// whose id neither repeats another write's nor is taken (taken reports,
// of the candidate ids, the indices of those already in the ledger).
func nameWrites(ws []write, ids IDGenerator, taken func(map[string]int) []int) ([]Transaction, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	keys := make([]IDKey, len(ws))
	names := make([]string, len(ws))
	for i, w := range ws {
		keys[i] = txnKey(w.kind.wireType(), w.grant.ID, w.ref)
	}
	for round := 0; ; round++ {
		if round == 64 {
			return nil, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, names[0], "id", "the id generator gives ids already in the ledger")
		}
		cands := make(map[string]int, len(ws))
		clash := false
		for i := range ws {
			names[i] = ids.ID(keys[i])
			if _, dup := cands[names[i]]; dup {
				keys[i].N++
				clash = true
				continue
			}
			cands[names[i]] = i
		}
		for _, i := range taken(cands) {
			keys[i].N++
			clash = true
		}
		if !clash {
			break
		}
	}
	out := make([]Transaction, len(ws))
	for i, w := range ws {
		t := Transaction{
			ID:          names[i],
			Created:     time.Unix(w.created, 0).UTC(),
			CreditGrant: w.grant.ID,
			EffectiveAt: time.Unix(w.at, 0).UTC(),
			Livemode:    w.grant.Livemode,
			TestClock:   w.grant.TestClock,
		}
		amt := Money(w.grant.Amount.Monetary.Currency, w.v)
		if w.kind == kindReinstated {
			t.Type = TypeCredit
			t.Credit = Credit{Amount: amt, CreditsApplicationInvoiceVoided: w.ref, Type: CreditsApplicationInvoiceVoided}
		} else {
			t.Type = TypeDebit
			t.Debit = Debit{Amount: amt, Type: debitType(w.kind)}
		}
		out[i] = t
	}
	return out, nil
}

// wireType is the credit or debit type of kind k.
func (k kind) wireType() string {
	switch k {
	case kindGranted, kindImplied:
		return string(CreditsGranted)
	case kindReinstated:
		return string(CreditsApplicationInvoiceVoided)
	}
	return string(debitType(k))
}

// takenIn reports the candidate ids that txns already hold, in one pass.
func takenIn(txns []Transaction) func(map[string]int) []int {
	return func(cands map[string]int) []int {
		var taken []int
		for i := range txns {
			if k, ok := cands[txns[i].ID]; ok {
				taken = append(taken, k)
				delete(cands, txns[i].ID)
			}
		}
		return taken
	}
}

// Funding returns the credits_granted credit Stripe writes when grant g
// becomes effective: the full amount, created and effective at g's
// effective time, its id from DeterministicID keyed by (credits_granted, g).
// Summarize implies it when the ledger holds none, so recording it is
// optional. Errors: g's amount is not a positive monetary amount.
func Funding(g Grant) (Transaction, error) { return FundingWith(g, LifecycleOptions{}) }

// FundingWith is Funding with options.
func FundingWith(g Grant, o LifecycleOptions) (Transaction, error) {
	if errs := g.Amount.validate(nil, ErrInvalidGrant, ObjectGrant, g.ID, "amount"); len(errs) > 0 {
		return Transaction{}, joinErrs(errs)
	}
	eff := second(g.Effective())
	return Transaction{
		ID:          o.IDs.ID(txnKey(string(CreditsGranted), g.ID, InvoiceLineRef{})),
		Created:     eff,
		CreditGrant: g.ID,
		Credit:      Credit{Amount: g.Amount, Type: CreditsGranted},
		EffectiveAt: eff,
		Livemode:    g.Livemode,
		TestClock:   g.TestClock,
		Type:        TypeCredit,
	}, nil
}
