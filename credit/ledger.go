package credit

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Ledger is a compiled credit ledger: grants and their transactions,
// validated once when they enter, kept as columns of int64 per grant, and
// queried at any instant. See the package doc, sections "Ledger",
// "Atomicity" and "Complexity".
//
// Events may arrive in any order (Append takes transactions earlier than
// those already in the ledger); a change that would leave the ledger
// invalid at any instant is refused and changes nothing. Queries write
// nothing: Apply, Expire, Void and VoidInvoice return the transactions
// (and grant) to record, which the caller appends (and passes to
// UpdateGrant).
//
// The zero Ledger is an empty ledger, ready to use (AddGrant, then
// Append). A Ledger is safe for concurrent queries; Append, AddGrant and
// UpdateGrant need exclusive access (guard the Ledger with a sync.RWMutex
// to share it). It must not be copied after first use.
type Ledger struct {
	grants  []Grant
	rules   []rule
	gids    strIndex              // grant id -> grant position
	cust    map[string]*custEntry // customer or customer account -> its grants
	tls     []timeline            // by grant position
	tails   []tail                // by grant position: its last event's time and balance
	fund    []int32               // the recorded funding of each grant, -1
	applied []int32               // credits_applied debits of each grant

	ids     strIndex  // transaction id -> transaction number
	txGrant []int32   // by transaction number
	txRefs  []lineRef // by transaction number: the invoice line of an application or reinstatement

	linesOnce sync.Once
	lx        *lines // the invoice lines, indexed when first needed
}

// tail is a grant's balance from its last event on: one compact array of
// them answers a query at or after every event (the usual one: now)
// without touching the timelines.
type tail struct{ at, bal int64 }

func tailOf(tl *timeline) tail {
	if n := len(tl.at); n > 0 {
		return tail{tl.at[n-1], tl.bal[n-1]}
	}
	return tail{math.MinInt64, 0}
}

// custEntry is one customer's (or customer account's) grants, in the order
// they were added, with the facts a summary needs of them.
type custEntry struct {
	grants []int32
	facts  custFacts
}

// lineRef is the invoice line of an application or a reinstatement.
type lineRef struct{ invoice, line string }

// lines indexes the applications and reinstatements of every (grant,
// invoice line), and the lines of every invoice: what Apply (an invoice
// finalizes once), VoidInvoice and the reinstatement rule read.
type lines struct {
	recs     []lineRec
	idx      lineIndex // (grant, invoice, line) -> record
	invoices strIndex  // invoice ids
	invHead  []int32   // by invoice: its most recent record
	pts      []linePoint
	ptNext   []int32 // the list of each record's points
}

// lineRec is one invoice line of one grant: its applications and
// reinstatements (a list through Ledger.pts), and the next line record of
// the same invoice.
type lineRec struct {
	key  lineKey
	h    uint64 // key's hash in the index
	head int32
	next int32
}

// NewLedger compiles grants and txns (in any order; neither slice is
// modified nor kept) into a Ledger. Every grant must pass Grant.Validate
// and have a unique id; every transaction must have an id not used by
// another, name one of the grants, and pass the rules of Summarize (its
// grant's currency, one credits_granted per grant of the grant's amount,
// never a balance below zero at any instant, reinstatements within what
// was applied to the same invoice line by then). Every problem is
// reported at once, joined; the result is then nil.
func NewLedger(grants []Grant, txns []Transaction) (*Ledger, error) {
	s, errs := newScan(grants, nil, true, math.MaxInt64, nil)
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	l := &Ledger{
		grants: slices.Clone(grants),
		rules:  s.rules,
		gids:   s.idx,
		cust:   map[string]*custEntry{},
	}
	var dups []int
	l.ids, dups = indexIDs(len(txns), func(i int) string { return txns[i].ID }, nil, nil)
	for _, i := range dups {
		if id := txns[i].ID; id != "" {
			errs = append(errs, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, id, "id", "transactions[%d] repeats transactions[%d]", i, l.ids.lookup(id)))
		}
	}
	for i := range txns {
		if txns[i].ID == "" {
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, "", "id", "is required (transactions[%d])", i))
		}
	}
	var hits []int32
	if s.pass(txns, false, false, nil, &errs, &hits); len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	for gi := range s.acc {
		s.acc[gi].need = true
	}
	if err := s.gather(txns); err != nil {
		return nil, err
	}
	l.tls = s.tls
	l.tails = make([]tail, len(grants))
	for gi := range l.tls {
		l.tails[gi] = tailOf(&l.tls[gi])
	}
	l.fund = make([]int32, len(grants))
	l.applied = make([]int32, len(grants))
	for gi := range grants {
		l.fund[gi], l.applied[gi] = s.acc[gi].fundTx, s.acc[gi].applied
		l.index(int32(gi))
	}
	l.txGrant = make([]int32, len(txns))
	l.txRefs = make([]lineRef, len(txns))
	for gi := range l.tls {
		for _, in := range l.tls[gi].info {
			if in.tx < 0 {
				continue
			}
			l.txGrant[in.tx] = int32(gi)
			if in.kind == kindApplied || in.kind == kindReinstated {
				r := txns[in.tx].ref()
				l.txRefs[in.tx] = lineRef{r.Invoice, r.InvoiceLineItem}
			}
		}
	}
	return l, nil
}

// index adds grant gi to the customer index.
func (l *Ledger) index(gi int32) {
	if l.cust == nil {
		l.cust = map[string]*custEntry{}
	}
	g := &l.grants[gi]
	for _, c := range [...]string{g.Customer, g.CustomerAccount} {
		if c == "" {
			continue
		}
		e := l.cust[c]
		if e == nil {
			e = &custEntry{}
			l.cust[c] = e
		}
		k, found := slices.BinarySearch(e.grants, gi) // grants stay in the order they were added
		if found {
			continue
		}
		if k == len(e.grants) { // added last, as NewLedger and AddGrant do: update the facts
			e.grants = append(e.grants, gi)
			e.facts.add(g, k, c)
			continue
		}
		e.grants = slices.Insert(e.grants, k, gi)
		e.facts = customerOf(l.grants, e.grants, c)
	}
}

// unindex removes grant gi from the customer index.
func (l *Ledger) unindex(gi int32) {
	for _, c := range [...]string{l.grants[gi].Customer, l.grants[gi].CustomerAccount} {
		e := l.cust[c]
		if c == "" || e == nil {
			continue
		}
		gs := slices.DeleteFunc(slices.Clone(e.grants), func(x int32) bool { return x == gi })
		if len(gs) == 0 {
			delete(l.cust, c)
			continue
		}
		l.cust[c] = &custEntry{grants: gs, facts: customerOf(l.grants, gs, c)}
	}
}

// lines returns the index of invoice lines, built on first use (from the
// timelines: O(n) once; Append keeps it up to date after). Safe for
// concurrent queries.
func (l *Ledger) lines() *lines {
	l.linesOnce.Do(func() {
		lx := &lines{idx: newLineIndex(len(l.txRefs))}
		for gi := range l.tls {
			tl := &l.tls[gi]
			for i, in := range tl.info {
				if in.kind == kindApplied || in.kind == kindReinstated {
					r := l.txRefs[in.tx]
					lx.addPoint(int32(gi), r.invoice, r.line, linePoint{at: tl.at[i], v: -tl.v[i], tx: in.tx})
				}
			}
		}
		l.lx = lx
	})
	return l.lx
}

// addPoint records an application (p.v > 0) or reinstatement (p.v < 0)
// of grant gi on an invoice line.
func (lx *lines) addPoint(gi int32, invoice, line string, p linePoint) {
	k := lineKey{gi, invoice, line}
	li, h := lx.idx.findHash(&k, lx.recs)
	if li < 0 {
		li = int32(len(lx.recs))
		inv, fresh := lx.invoices.add(invoice)
		if fresh {
			lx.invHead = append(lx.invHead, -1)
		}
		lx.recs = append(lx.recs, lineRec{key: k, head: -1, next: lx.invHead[inv]})
		lx.invHead[inv] = li
		lx.idx.add(h, li, lx.recs)
	}
	lx.pts = append(lx.pts, p)
	lx.ptNext = append(lx.ptNext, lx.recs[li].head)
	lx.recs[li].head = int32(len(lx.pts) - 1)
}

// invoice returns the most recent line record of invoice, -1 when none.
func (lx *lines) invoice(invoice string) int32 {
	if i := lx.invoices.lookup(invoice); i >= 0 {
		return lx.invHead[i]
	}
	return -1
}

// points returns the applications and reinstatements of line record li.
func (lx *lines) points(li int32, out []linePoint) []linePoint {
	for p := lx.recs[li].head; p >= 0; p = lx.ptNext[p] {
		out = append(out, lx.pts[p])
	}
	return out
}

func (l *Ledger) txID(tx int32) string { return l.ids.keys[tx] }

func (l *Ledger) txRef(tx int32) (string, string) { return l.txRefs[tx].invoice, l.txRefs[tx].line }

// batch names the transactions of a ledger and of a batch being appended
// (numbered from base on) in errors.
type batch struct {
	l    *Ledger
	base int32
	txns []Transaction
}

func (b batch) txID(tx int32) string {
	if tx >= b.base {
		return b.txns[tx-b.base].ID
	}
	return b.l.txID(tx)
}

func (b batch) txRef(tx int32) (string, string) {
	if tx >= b.base {
		r := b.txns[tx-b.base].ref()
		return r.Invoice, r.InvoiceLineItem
	}
	return b.l.txRef(tx)
}

// Len returns the number of transactions in the ledger.
func (l *Ledger) Len() int { return len(l.txGrant) }

// Grant returns the grant with id id, as the ledger holds it.
func (l *Ledger) Grant(id string) (Grant, bool) {
	gi := l.gids.lookup(id)
	if gi < 0 {
		return Grant{}, false
	}
	return l.grants[gi], true
}

// Grants returns the ledger's grants, in the order they were added (a
// new slice; the grants share their Metadata maps and Prices slices with
// the ledger's, which must not be modified).
func (l *Ledger) Grants() []Grant { return slices.Clone(l.grants) }

// HasTransaction reports whether the ledger holds a transaction with id
// id (so a redelivered webhook can be recognized before Append refuses it).
func (l *Ledger) HasTransaction(id string) bool { return l.ids.lookup(id) >= 0 }

// Append adds txns, in any order, each earlier or later than those in the
// ledger. Each transaction is checked as NewLedger checks it; and the
// ledger with all of them added must be valid at every instant. If any
// transaction is refused, none is added and the ledger is unchanged:
// the error (every problem, joined) names the refused transactions, as a
// *FieldError with their id: ErrDuplicateTransaction for an id already in
// the ledger or given twice (a redelivered event; see HasTransaction),
// ErrUnknownGrant for a grant not in the ledger (add it first with
// AddGrant), ErrInvalidTransaction for a malformed one, a second
// credits_granted or a reinstatement beyond what was applied to its
// invoice line by then, ErrNegativeBalance for the transaction after
// which a balance goes below zero at some instant (a debit that takes too
// much, or one back-dated before the credits a later debit needed).
//
// Appending after the grant's last transaction costs O(k) for k
// transactions (amortized); an earlier one rebuilds its grant's columns,
// O(n) for a grant with n transactions. See "Complexity" in the package
// doc.
func (l *Ledger) Append(txns ...Transaction) error {
	if len(txns) == 0 {
		return nil
	}
	base := int32(len(l.txGrant))
	src := batch{l, base, txns}
	var errs []error
	var seen map[string]int // ids of the batch, for a batch of more than a few
	if len(txns) > 8 {
		seen = make(map[string]int, len(txns))
	}
	type pending struct {
		gi  int32
		rec evRec
	}
	var evBuf [4]pending // a webhook appends one or a few
	evs := evBuf[:0]
	newFund := map[int32]int32{}
	for i := range txns {
		t := &txns[i]
		if t.ID == "" {
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, "", "id", "is required (transactions[%d])", i))
			continue
		}
		j, dup := -1, false
		if seen != nil {
			if j, dup = seen[t.ID]; !dup {
				seen[t.ID] = i
			}
		} else {
			for k := range txns[:i] {
				if txns[k].ID == t.ID {
					j, dup = k, true
					break
				}
			}
		}
		if dup {
			errs = append(errs, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, t.ID, "id", "transactions[%d] repeats transactions[%d]", i, j))
			continue
		}
		if l.ids.lookup(t.ID) >= 0 {
			errs = append(errs, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, t.ID, "id", "is already in the ledger"))
			continue
		}
		gi := l.gids.lookup(t.CreditGrant)
		if gi < 0 {
			errs = append(errs, stripejson.Errorf(ErrUnknownGrant, ObjectTransaction, t.ID, "credit_grant", "unknown credit grant %q", t.CreditGrant))
			continue
		}
		ev, ok, e := compileTxn(t, &l.rules[gi], l.grants[gi].ID, errs)
		if errs = e; !ok {
			continue
		}
		if ev.kind == kindGranted {
			if _, again := newFund[int32(gi)]; again || l.fund[gi] >= 0 {
				errs = append(errs, secondFunding(t, l.grants[gi].ID))
				continue
			}
			newFund[int32(gi)] = base + int32(i)
		}
		evs = append(evs, pending{int32(gi), evRec{at: ev.at, v: ev.v, tx: base + int32(i), kind: ev.kind}})
	}
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	// The reinstatement rule reads the lines: index them now, before any
	// timeline changes, if they are not yet.
	var lx *lines
	if slices.ContainsFunc(evs, func(e pending) bool { return e.rec.kind == kindReinstated }) {
		lx = l.lines()
	}
	// By grant, in grant order, each grant's new events in key order.
	slices.SortFunc(evs, func(a, b pending) int {
		if a.gi != b.gi {
			return int(a.gi - b.gi)
		}
		return compareRec(&a.rec, &b.rec)
	})
	type change struct {
		gi     int32
		pushed int       // events pushed in place (to undo)
		tl     *timeline // rebuilt, when not pushed
		recs   []evRec   // the grant's new events
	}
	var changes []change
	undo := func() {
		for _, c := range changes {
			if c.tl == nil && c.pushed > 0 {
				tl := &l.tls[c.gi]
				tl.truncate(len(tl.at) - c.pushed)
			}
		}
	}
	var recArr [4]evRec
	recBuf := recArr[:0]
	for i := range evs {
		recBuf = append(recBuf, evs[i].rec)
	}
	var changeArr [4]change
	changes = changeArr[:0]
	for i := 0; i < len(evs); {
		gi := evs[i].gi
		j := i
		for j < len(evs) && evs[j].gi == gi {
			j++
		}
		recs := recBuf[i:j:j]
		i = j
		c := change{gi: gi, recs: recs}
		tl := &l.tls[gi]
		last, has := tl.last()
		_, funds := newFund[gi]
		replaceImplied := funds && l.rules[gi].funds()
		if !replaceImplied && (!has || compareRec(&last, &recs[0]) < 0) {
			ok := true
			for _, r := range recs {
				ok = tl.push(r) && ok
				c.pushed++
			}
			if !ok {
				errs = append(errs, overflowErr(l.grants[gi].ID))
			} else if p := tl.firstNegativeFrom(len(tl.at) - c.pushed); p >= 0 {
				errs = append(errs, negativeErr(l.grants[gi].ID, tl, p, culprit(tl, p, base), src))
			}
		} else {
			all := tl.recs()
			if replaceImplied {
				all = slices.DeleteFunc(all, func(r evRec) bool { return r.kind == kindImplied })
			}
			all = append(all, recs...)
			sortRecs(all)
			nt := &timeline{}
			if !nt.fill(all, nil) {
				errs = append(errs, overflowErr(l.grants[gi].ID))
			} else if p := nt.firstNegative(); p >= 0 {
				errs = append(errs, negativeErr(l.grants[gi].ID, nt, p, culprit(nt, p, base), src))
			}
			c.tl = nt
		}
		changes = append(changes, c)
	}
	// Reinstatements: each invoice line with a new one is checked on all
	// its points.
	var added map[lineKey][]linePoint
	if lx != nil {
		added = map[lineKey][]linePoint{}
	}
	for _, e := range evs {
		if added == nil {
			break
		}
		if e.rec.kind != kindApplied && e.rec.kind != kindReinstated {
			continue
		}
		inv, ln := src.txRef(e.rec.tx)
		k := lineKey{e.gi, inv, ln}
		added[k] = append(added[k], linePoint{at: e.rec.at, v: -e.rec.v, tx: e.rec.tx})
	}
	var keys []lineKey
	for k, pts := range added {
		if slices.ContainsFunc(pts, func(p linePoint) bool { return p.v < 0 }) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b lineKey) int { return compareLineKeys(&a, &b) })
	for _, k := range keys {
		pts := slices.Clone(added[k])
		if li := lx.idx.find(&k, lx.recs); li >= 0 {
			pts = lx.points(li, pts)
		}
		if err := lineErr(k, l.grants[k.grant].ID, pts, src); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		undo()
		return joinErrs(errs)
	}
	// Commit.
	for _, c := range changes {
		if c.tl != nil {
			l.tls[c.gi] = *c.tl
		}
		l.tails[c.gi] = tailOf(&l.tls[c.gi])
	}
	for gi, tx := range newFund {
		l.fund[gi] = tx
	}
	for i := range txns {
		l.ids.add(txns[i].ID)
		l.txGrant = append(l.txGrant, -1)
		l.txRefs = append(l.txRefs, lineRef{})
	}
	lx = l.lx // nil until the lines are first needed
	for _, e := range evs {
		l.txGrant[e.rec.tx] = e.gi
		switch e.rec.kind {
		case kindApplied, kindReinstated:
			r := txns[e.rec.tx-base].ref()
			if e.rec.kind == kindApplied {
				l.applied[e.gi]++
			}
			l.txRefs[e.rec.tx] = lineRef{r.Invoice, r.InvoiceLineItem}
			if lx != nil {
				lx.addPoint(e.gi, r.Invoice, r.InvoiceLineItem, linePoint{at: e.rec.at, v: -e.rec.v, tx: e.rec.tx})
			}
		}
	}
	return nil
}

// culprit returns the transaction to blame for a balance below zero after
// event p of tl: the last event at or before p numbered from base on (a
// new one), or -1.
func culprit(tl *timeline, p int, base int32) int32 {
	for i := p; i >= 0; i-- {
		if tx := tl.info[i].tx; tx >= base {
			return tx
		}
	}
	return -1
}

// AddGrant adds a new grant (as a credit_grant.created event does). It
// must pass Grant.Validate and have an id not in the ledger
// (ErrDuplicateGrant); it has no transactions yet, and its funding is
// implied until a credits_granted is appended.
func (l *Ledger) AddGrant(g Grant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if l.gids.lookup(g.ID) >= 0 {
		return stripejson.Errorf(ErrDuplicateGrant, ObjectGrant, g.ID, "id", "is already in the ledger")
	}
	r, errs := compileGrant(&g, nil)
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	gi := int32(len(l.grants))
	l.gids.add(g.ID)
	l.grants = append(l.grants, g)
	l.rules = append(l.rules, r)
	l.fund = append(l.fund, -1)
	l.applied = append(l.applied, 0)
	var tl timeline
	if r.funds() {
		tl.push(evRec{at: r.eff, v: r.value, tx: -1, kind: kindImplied})
	}
	l.tls = append(l.tls, tl)
	l.tails = append(l.tails, tailOf(&tl))
	l.index(gi)
	return nil
}

// UpdateGrant replaces the grant with g's id by g (as a
// credit_grant.updated event does, or with the grant Expire, Void or
// Grant.Update returned). g must pass Grant.Validate; its currency
// cannot change once it has transactions (ErrCurrencyMismatch); and the
// ledger must stay valid at every instant with the grant's new window and
// amount (a recorded credits_granted must still match it, and a window
// that no longer funds the grant must not leave debits uncovered); and a
// credits_applied recorded while the grant was active must still fall in
// its window, and an expiry or void already recorded (a credits_expired
// or credits_voided debit at expires_at or voided_at) cannot move
// (ErrInvalidGrant: a back-dated change contradicting the ledger).
// Otherwise nothing changes. Unknown id:
// ErrUnknownGrant.
func (l *Ledger) UpdateGrant(g Grant) error {
	gi := l.gids.lookup(g.ID)
	if gi < 0 {
		return stripejson.Errorf(ErrUnknownGrant, ObjectGrant, g.ID, "id", "is not in the ledger")
	}
	if err := g.Validate(); err != nil {
		return err
	}
	r, errs := compileGrant(&g, nil)
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	old, was := &l.tls[gi], &l.rules[gi]
	if err := keepsApplications(&g, was, &r, old, l); err != nil {
		return err
	}
	if err := keepsRecorded(&g, was, &r, old); err != nil {
		return err
	}
	all := slices.DeleteFunc(old.recs(), func(e evRec) bool { return e.kind == kindImplied })
	if len(all) > 0 && r.cur != l.rules[gi].cur {
		return stripejson.Errorf(ErrCurrencyMismatch, ObjectGrant, g.ID, "amount.monetary.currency",
			"cannot change from %q to %q: the grant has transactions", l.rules[gi].cur, r.cur)
	}
	if f := l.fund[gi]; f >= 0 {
		if !r.funds() {
			return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "voided_at",
				"the grant would never become effective, but its credits_granted %s is recorded", l.txID(f))
		}
		for _, e := range all {
			if e.tx != f {
				continue
			}
			switch {
			case e.v != r.value:
				return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "amount.monetary.value",
					"%d differs from its credits_granted %s of %d", r.value, l.txID(f), e.v)
			case e.at < r.eff:
				return stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "effective_at",
					"%d is after its credits_granted %s at %d", r.eff, l.txID(f), e.at)
			}
		}
	} else if r.funds() {
		all = append(all, evRec{at: r.eff, v: r.value, tx: -1, kind: kindImplied})
	}
	sortRecs(all)
	var nt timeline
	if !nt.fill(all, nil) {
		return overflowErr(g.ID)
	}
	if p := nt.firstNegative(); p >= 0 {
		return stripejson.Errorf(ErrNegativeBalance, ObjectGrant, g.ID, "ledger_balance",
			"with this window or amount the balance goes below zero (to %d) at %d", nt.bal[p], nt.at[p])
	}
	l.unindex(int32(gi))
	l.grants[gi], l.rules[gi], l.tls[gi], l.tails[gi] = g, r, nt, tailOf(&nt)
	l.index(int32(gi))
	return nil
}

// view returns the customer's grants with their balances at atU, in buf
// when it has room (a caller's stack array: no allocation per query).
func (l *Ledger) view(customer string, atU int64, buf []int64) view {
	v := view{grants: l.grants, rules: l.rules, index: l.gids, atU: atU}
	if customer == "" {
		return v
	}
	e := l.cust[customer]
	if e == nil {
		v.customer.mixed = -1
		return v
	}
	v.sel, v.customer = e.grants, e.facts
	if cap(buf) >= len(v.sel) {
		v.bal = buf[:len(v.sel)]
	} else {
		v.bal = make([]int64, len(v.sel))
	}
	for k, gi := range v.sel {
		if t := l.tails[gi]; t.at <= atU {
			v.bal[k] = t.bal
		} else {
			v.bal[k] = l.tls[gi].balanceAt(atU)
		}
	}
	return v
}

// Summarize is the package's Summarize on the ledger: customer's
// billing.credit_balance_summary at instant at (any instant, past
// included). It costs O(g log n) for a customer with g grants of n
// transactions each. Errors: as Summarize's, but for the ledger's own
// rules, checked when it was built.
func (l *Ledger) Summarize(customer string, f Filter, at time.Time) (Summary, error) {
	return l.SummarizeWith(customer, f, at, SummaryOptions{})
}

// SummarizeWith is Summarize with options.
func (l *Ledger) SummarizeWith(customer string, f Filter, at time.Time, o SummaryOptions) (Summary, error) {
	if err := f.Validate(); err != nil {
		return Summary{}, err
	}
	if customer == "" {
		return Summary{}, errNoCustomer()
	}
	var buf [128]int64
	v := l.view(customer, at.Unix(), buf[:0])
	return v.summarize(customer, f, at, o)
}

// GrantBalances is the package's GrantBalances on the ledger.
func (l *Ledger) GrantBalances(customer string, at time.Time) ([]GrantBalance, error) {
	return l.GrantBalancesWith(customer, at, SummaryOptions{})
}

// GrantBalancesWith is GrantBalances with options.
func (l *Ledger) GrantBalancesWith(customer string, at time.Time, o SummaryOptions) ([]GrantBalance, error) {
	if customer == "" {
		return nil, errNoCustomer()
	}
	v := l.view(customer, at.Unix(), nil)
	return v.grantBalances(customer, at, o)
}

// Apply is the package's Apply on the ledger: it computes the
// credits_applied debits for invoice inv finalized at instant at, and
// writes nothing (append app.Transactions to record them). Its report is
// O(lines + grants) in size; it costs O(g log n + lines + g log g).
func (l *Ledger) Apply(inv Invoice, at time.Time) (Application, error) {
	return l.ApplyWith(inv, at, ApplyOptions{})
}

// ApplyWith is Apply with options.
func (l *Ledger) ApplyWith(inv Invoice, at time.Time, o ApplyOptions) (Application, error) {
	if err := inv.Validate(); err != nil {
		return Application{}, err
	}
	if err := checkInstant(at, ErrInvalidInvoice, ObjectInvoice, inv.ID, "finalized_at"); err != nil {
		return Application{}, err
	}
	atU := at.Unix()
	v := l.view(inv.Customer, atU, nil)
	lx := l.lines()
	first := int32(-1) // the earliest application to the invoice, as the slice function names it
	for li := lx.invoice(inv.ID); li >= 0; li = lx.recs[li].next {
		if !slices.Contains(v.sel, lx.recs[li].key.grant) {
			continue
		}
		for p := lx.recs[li].head; p >= 0; p = lx.ptNext[p] {
			if tx := lx.pts[p].tx; lx.pts[p].v > 0 && (first < 0 || tx < first) {
				first = tx
			}
		}
	}
	if first >= 0 {
		return Application{}, alreadyApplied(inv.ID, l.txID(first), l.grants[l.txGrant[first]].ID)
	}
	spare := make([]int64, len(v.sel))
	for k, gi := range v.sel {
		spare[k] = max(0, l.tls[gi].lowFrom(atU))
	}
	return v.apply(spare, inv, at, o)
}

// Expire is the package's Expire on the ledger, for the grant with id
// grant. It writes nothing: record the result with UpdateGrant and
// Append.
func (l *Ledger) Expire(grant string, at time.Time) (Grant, []Transaction, error) {
	return l.ExpireWith(grant, at, LifecycleOptions{})
}

// ExpireWith is Expire with options.
func (l *Ledger) ExpireWith(grant string, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	gi := l.gids.lookup(grant)
	if gi < 0 {
		return Grant{}, nil, stripejson.Errorf(ErrUnknownGrant, ObjectGrant, grant, "id", "is not in the ledger")
	}
	g, ws, err := expire(l.grants[gi], &l.rules[gi], &l.tls[gi], l, at)
	if err != nil {
		return l.grants[gi], nil, err
	}
	out, err := l.name(ws, o.IDs)
	if err != nil {
		return l.grants[gi], nil, err
	}
	return g, out, nil
}

// Void is the package's Void on the ledger, for the grant with id grant.
// It writes nothing: record the result with UpdateGrant and Append.
func (l *Ledger) Void(grant string, at time.Time) (Grant, []Transaction, error) {
	return l.VoidWith(grant, at, LifecycleOptions{})
}

// VoidWith is Void with options.
func (l *Ledger) VoidWith(grant string, at time.Time, o LifecycleOptions) (Grant, []Transaction, error) {
	gi := l.gids.lookup(grant)
	if gi < 0 {
		return Grant{}, nil, stripejson.Errorf(ErrUnknownGrant, ObjectGrant, grant, "id", "is not in the ledger")
	}
	g, ws, err := void(l.grants[gi], &l.rules[gi], &l.tls[gi], l, at)
	if err != nil {
		return l.grants[gi], nil, err
	}
	out, err := l.name(ws, o.IDs)
	if err != nil {
		return l.grants[gi], nil, err
	}
	return g, out, nil
}

// VoidInvoice is the package's VoidInvoice on the ledger. It writes
// nothing: append the transactions it returns. It costs O(p log p + p log
// n) for p (grant, line) pairs of the invoice.
func (l *Ledger) VoidInvoice(invoice string, at time.Time) ([]Transaction, error) {
	return l.VoidInvoiceWith(invoice, at, LifecycleOptions{})
}

// VoidInvoiceWith is VoidInvoice with options.
func (l *Ledger) VoidInvoiceWith(invoice string, at time.Time, o LifecycleOptions) ([]Transaction, error) {
	var pairs []invoicePair
	lx := l.lines()
	for li := lx.invoice(invoice); li >= 0; li = lx.recs[li].next {
		p := invoicePair{grant: lx.recs[li].key.grant, line: lx.recs[li].key.line}
		for q := lx.recs[li].head; q >= 0; q = lx.ptNext[q] {
			p.add(lx.pts[q])
		}
		pairs = append(pairs, p)
	}
	ws, err := voidInvoice(l.grants, l.rules, func(gi int32) *timeline { return &l.tls[gi] }, l, pairs, invoice, at)
	if err != nil {
		return nil, err
	}
	return l.name(ws, o.IDs)
}

// name gives the lifecycle writes their ids: the generator's id for their
// key, numbered (IDKey.N) past any id the ledger already holds.
func (l *Ledger) name(ws []write, ids IDGenerator) ([]Transaction, error) {
	return nameWrites(ws, ids, func(cands map[string]int) []int {
		var taken []int
		for id, i := range cands {
			if l.ids.lookup(id) >= 0 {
				taken = append(taken, i)
			}
		}
		return taken
	})
}

// UnusedGrants is the package's UnusedGrants on the ledger.
func (l *Ledger) UnusedGrants(customer string, at time.Time) (int, error) {
	if customer == "" {
		return 0, errNoCustomer()
	}
	v := l.view(customer, at.Unix(), nil)
	return v.unused(), nil
}

// CheckGrantLimit is the package's CheckGrantLimit on the ledger.
func (l *Ledger) CheckGrantLimit(customer string, at time.Time) error {
	n, err := l.UnusedGrants(customer, at)
	if err != nil {
		return err
	}
	return grantLimit(customer, n)
}
