package credit

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// A scan compiles a slice of transactions against a set of grants: the
// first step of NewLedger, and all that the slice functions (Summarize,
// Apply, ...) need in the common case. One pass (pass) interns each
// transaction's grant id, compiles it (compileTxn) and adds it to its
// grant's accumulator; nothing is allocated per transaction. A grant whose
// only credit is its funding is then checked from its accumulator alone
// (accept): its balance is lowest just before the funding and at the end.
// The other grants (with reinstated credits, or whose accumulator does not
// settle the question asked) get their timeline built (gather), exactly
// as the Ledger keeps it, and are checked on it; a grant the shortcut
// refuses is also rebuilt, so that every error is the timeline's.

// gacc accumulates one grant's events.
type gacc struct {
	at       int64 // sum of the events effective at or before the instant
	total    int64 // sum of all events
	minDebit int64 // earliest debit, never when none
	maxDebit int64 // latest debit, math.MinInt64 when none
	fundAt   int64 // the recorded funding's time
	fundTx   int32 // the recorded funding, -1 when none
	n        int32 // events
	reinst   int32 // reinstatements
	applied  int32 // applications
	include  bool  // the grant takes part
	overflow bool  // a sum overflowed in input order
	need     bool  // build the timeline

	// The streaming check of a grant with reinstatements, reading its
	// events newest first (see rejoin): the time of the event read last,
	// and of the application read last; the largest sum of the events
	// read so far (total, read in this order) met at the start of a
	// second, that is the sum of the events after it, at or after the
	// grant's effective time, and before it; whether an event came newer
	// than one read before it.
	lastAt, lastApp     int64
	supAfter, supBefore int64
	unsorted            bool
}

// scratch is stack space for the per-grant arrays of a scan over up to
// scratchGrants grants, so the common case allocates nothing for them.
type scratch struct {
	cache idCache
	rules [scratchGrants]rule
	acc   [scratchGrants]gacc
	slots [4 * scratchGrants]uint64
	keys  [scratchGrants]string
	sel   [scratchGrants]int32
	bal   [scratchGrants]int64
}

const scratchGrants = 128

// scan is a compilation in progress.
type scan struct {
	grants []Grant
	rules  []rule
	acc    []gacc
	idx    strIndex
	atU    int64

	customer string // the customer the grants are selected for, if any

	// invoice, when set, has the pass collect (in its hits) the
	// transactions of the included grants that apply credits to it or
	// reinstate them.
	invoice string

	tls []timeline // by grant, built by gather

	cache *idCache
}

// currencies remembers a few currencies known to be valid, so compiling
// grants does not look each one up.
type currencies struct {
	c [4]pricing.Currency
	n int
}

func (k *currencies) has(c pricing.Currency) bool {
	for _, x := range k.c[:k.n] {
		if x == c {
			return true
		}
	}
	return false
}

func (k *currencies) add(c pricing.Currency) {
	if k.n < len(k.c) {
		k.c[k.n] = c
		k.n++
	}
}

// inRangeWindow reports whether the times a grant's window is made of are
// set (effective_at or created) and in range.
func inRangeWindow(g *Grant) bool {
	e := g.EffectiveAt
	if e.IsZero() {
		e = g.Created
	}
	return inRange(e.Unix()) && (g.ExpiresAt.IsZero() || inRange(g.ExpiresAt.Unix())) && (g.VoidedAt.IsZero() || inRange(g.VoidedAt.Unix()))
}

// idCache remembers which grant the last ids seen name, in slots chosen by
// their length and last three bytes: when the input repeats the same string
// (a grant id shared by the transactions built in Go, or interned by
// Transactions' decoding), a hit costs a comparison that succeeds on the
// string's address, without hashing. Any other string misses, or fails
// the comparison, and takes the index's seeded hash: a pattern of ids can
// make the cache useless, never the lookup slower than a miss and a
// comparison.
type idCache struct {
	id   [cacheSlots]string
	gi   [cacheSlots]int32
	mask uint64
}

const cacheSlots = 512 // 4 per grant for the grants a scratch holds

// grant returns the position of the grant with id id, or -1: from the
// cache when it holds id, else from the index.
func (s *scan) grant(id string) int {
	c := s.cache
	if n := len(id); c != nil && n >= 3 {
		h := (uint64(id[n-1]) | uint64(id[n-2])<<8 | uint64(id[n-3])<<16 | uint64(n)<<24) * 0x9E3779B97F4A7C15 >> 32 & c.mask
		if c.id[h] == id {
			return int(c.gi[h])
		}
		return s.miss(id, h)
	}
	return s.idx.lookup(id)
}

// miss looks id up in the index and remembers it in slot h of the cache.
func (s *scan) miss(id string, h uint64) int {
	gi := s.idx.lookup(id)
	if gi >= 0 {
		s.cache.id[h], s.cache.gi[h] = id, int32(gi)
	}
	return gi
}

// newScan compiles and indexes grants, in sc.scan; include selects the
// grants that take part (nil: all). Duplicate grant ids and grants the
// computation cannot use are returned; with validate, every
// included grant must also pass Grant.Validate (the Ledger's entry rule,
// whose compilation keeps nothing of sc's arrays: sc is then unused).
//
// A scan's fields only ever hold slices of sc assigned whole, or values
// assigned whole: nothing is appended to them, so that the arrays of a
// scratch on the caller's stack stay there (escape analysis does not tell
// one field from another).
func newScan(grants []Grant, include func(*Grant) bool, validate bool, atU int64, sc *scratch) (scan, []error) {
	s := scan{grants: grants, atU: atU}
	var errs []error
	n := len(grants)
	var dups []int
	var known currencies
	id := func(i int) string { return grants[i].ID }
	if !validate && n <= scratchGrants {
		s.rules, s.acc = sc.rules[:n], sc.acc[:n]
		s.idx, dups = indexIDs(n, id, sc.slots[:], sc.keys[:])
		s.cache = &sc.cache
		s.cache.mask = uint64(1)<<bits.Len(uint(max(4*n-1, 15))) - 1
	} else {
		s.rules, s.acc = make([]rule, n), make([]gacc, n)
		s.idx, dups = indexIDs(n, id, nil, nil)
		if n <= scratchGrants {
			s.cache = &idCache{mask: uint64(1)<<bits.Len(uint(max(4*n-1, 15))) - 1}
		}
	}
	for i := range grants {
		g := &grants[i]
		s.acc[i] = gacc{}
		if len(dups) > 0 && dups[0] == i {
			dups = dups[1:]
			errs = append(errs, stripejson.Errorf(ErrDuplicateGrant, ObjectGrant, g.ID, "id", "appears more than once"))
			continue
		}
		if include != nil && !include(g) {
			continue
		}
		s.acc[i] = gacc{include: true, minDebit: never, maxDebit: math.MinInt64, fundTx: -1,
			lastAt: never, lastApp: math.MinInt64, supAfter: math.MinInt64, supBefore: math.MinInt64}
		if validate {
			if err := g.Validate(); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if known.has(g.Amount.Monetary.Currency) && g.Amount.isMonetary() && g.Amount.Monetary.Value > 0 && inRangeWindow(g) {
			s.rules[i] = ruleOf(g)
			continue
		}
		n := len(errs)
		if s.rules[i], errs = compileGrant(g, errs); len(errs) == n {
			known.add(g.Amount.Monetary.Currency)
		}
	}
	return s, errs
}

// pass compiles txns: every transaction of an included grant is checked,
// whatever its time. A transaction naming a grant not in grants is
// ErrUnknownGrant unless ignoreUnknown; one of a grant not included is
// skipped unchecked.
//
// It reads the transactions newest first when backward is set and they
// are oldest first (and as given otherwise), so that with j it can check
// the reinstatement rule as it goes (see rejoin); j may be nil.
func (s *scan) pass(txns []Transaction, ignoreUnknown, backward bool, j *rejoin, errp *[]error, hitp *[]int32) {
	errs, hits := *errp, *hitp
	defer func() { *errp, *hitp = errs, hits }()
	c := s.cache
	n := len(txns)
	for k := range n {
		i := k
		if backward {
			i = n - 1 - k
		}
		t := &txns[i]
		var gi int
		if id := t.CreditGrant; c != nil && len(id) >= 3 { // s.grant, inlined
			n := len(id)
			h := (uint64(id[n-1]) | uint64(id[n-2])<<8 | uint64(id[n-3])<<16 | uint64(n)<<24) * 0x9E3779B97F4A7C15 >> 32 & c.mask
			if c.id[h] == id {
				gi = int(c.gi[h])
			} else {
				gi = s.miss(id, h)
			}
		} else {
			gi = s.idx.lookup(id)
		}
		if gi < 0 {
			if !ignoreUnknown {
				errs = append(errs, stripejson.Errorf(ErrUnknownGrant, ObjectTransaction, t.ID, "credit_grant", "unknown credit grant %q", t.CreditGrant))
			}
			continue
		}
		a := &s.acc[gi]
		if !a.include {
			continue
		}
		var ev event
		if at, v, ok := quickApplied(t, &s.rules[gi]); ok {
			ev = event{at: at, v: v, kind: kindApplied}
		} else {
			if ev, ok, errs = compileTxn(t, &s.rules[gi], s.grants[gi].ID, errs); !ok {
				continue
			}
		}
		switch ev.kind {
		case kindGranted:
			if a.fundTx >= 0 {
				errs = append(errs, secondFunding(t, s.grants[gi].ID))
				continue
			}
			a.fundTx, a.fundAt = int32(i), ev.at
		case kindReinstated:
			a.reinst++
			if j != nil {
				if a.lastApp == ev.at { // an application of this second read before: maybe of this line
					a.need = true
				}
				r := &t.Credit.CreditsApplicationInvoiceVoided
				j.reinstated(lineKey{int32(gi), r.Invoice, r.InvoiceLineItem}, linePoint{at: ev.at, v: -ev.v, tx: int32(i)})
			}
		case kindApplied:
			a.applied++
			if j != nil {
				if a.reinst > 0 {
					r := &t.Debit.CreditsApplied
					j.applied(lineKey{int32(gi), r.Invoice, r.InvoiceLineItem}, linePoint{at: ev.at, v: -ev.v, tx: int32(i)})
				}
				a.lastApp = ev.at
			}
		}
		if j != nil { // the streaming never-negative check
			switch {
			case ev.at > a.lastAt:
				a.unsorted = true
			case ev.at < a.lastAt: // a new second: a.total is what comes after it
				if ev.at >= s.rules[gi].eff {
					a.supAfter = max(a.supAfter, a.total)
				} else {
					a.supBefore = max(a.supBefore, a.total)
				}
				a.lastAt = ev.at
			}
		}
		if ev.v < 0 {
			a.minDebit = min(a.minDebit, ev.at)
			a.maxDebit = max(a.maxDebit, ev.at)
		}
		a.n++
		var fine bool
		if a.total, fine = addChecked64(a.total, ev.v); !fine {
			a.overflow = true
		}
		if ev.at <= s.atU {
			if a.at, fine = addChecked64(a.at, ev.v); !fine {
				a.overflow = true
			}
		}
		if s.invoice != "" && (ev.kind == kindApplied || ev.kind == kindReinstated) && t.ref().Invoice == s.invoice {
			hits = append(hits, int32(i))
		}
	}
}

// implied reports whether grant gi's funding is implied (none recorded,
// and it becomes effective).
func (s *scan) implied(gi int) bool { return s.acc[gi].fundTx < 0 && s.rules[gi].funds() }

// accept decides, for each included grant not already marked need, from
// its accumulator alone, whether its ledger is valid; grants it cannot
// accept (reinstated credits, overflow, or a refusal to be explained) are
// marked need. A grant with at most one credit, its funding, has its
// lowest balance just before the funding and at the end.
func (s *scan) accept() {
	for gi := range s.acc {
		a := &s.acc[gi]
		if !a.include || a.need {
			continue
		}
		if a.overflow {
			a.need = true
			continue
		}
		if a.reinst > 0 {
			a.need = !s.streamed(gi) // checked as the pass read it, or not
			continue
		}
		r := &s.rules[gi]
		end := a.total
		fundAt := a.fundAt
		funded := a.fundTx >= 0
		if s.implied(gi) {
			end, fundAt, funded = end+r.value, r.eff, true
		}
		if end < 0 || a.minDebit != never && (!funded || a.minDebit < fundAt) {
			a.need = true // refused: the timeline names the transaction
		}
	}
}

// streamed reports whether the pass could check grant gi's balance at
// every instant as it read its events newest first, and found it never
// below zero: the balance at the end of second T is the total less what
// comes after T, plus the implied funding from the effective time on.
func (s *scan) streamed(gi int) bool {
	a := &s.acc[gi]
	if a.unsorted || a.lastAt == never && a.n > 0 {
		return false
	}
	total := a.total
	after := total
	if s.implied(gi) {
		var ok bool
		if after, ok = addChecked64(total, s.rules[gi].value); !ok {
			return false
		}
	}
	return (a.supAfter == math.MinInt64 || after-a.supAfter >= 0) && (a.supBefore == math.MinInt64 || total-a.supBefore >= 0)
}

// ledgerAt returns included grant gi's balance at the scan's instant (for
// a grant without a timeline, from its accumulator).
func (s *scan) ledgerAt(gi int) int64 {
	if s.tls != nil && s.acc[gi].need {
		return s.tls[gi].balanceAt(s.atU)
	}
	b := s.acc[gi].at
	if s.implied(gi) && s.rules[gi].eff <= s.atU {
		b += s.rules[gi].value
	}
	return b
}

// gather builds the timelines of the grants marked need, in one more pass
// over txns (which s.pass accepted), and checks them and their invoice
// lines. src names transactions in errors.
func (s *scan) gather(txns []Transaction) error {
	total := 0
	for gi := range s.acc {
		if a := &s.acc[gi]; a.include && a.need {
			total += int(a.n) + 1
		}
	}
	if total == 0 {
		return nil
	}
	// Counting sort by grant into one array of records.
	start := make([]int32, len(s.acc)+1)
	for gi := range s.acc {
		start[gi+1] = start[gi]
		if a := &s.acc[gi]; a.include && a.need {
			start[gi+1] += a.n + 1
		}
	}
	recs := make([]evRec, total)
	fill := slices.Clone(start[:len(s.acc)])
	for gi := range s.acc {
		if a := &s.acc[gi]; a.include && a.need && s.implied(gi) {
			recs[fill[gi]] = evRec{at: s.rules[gi].eff, v: s.rules[gi].value, tx: -1, kind: kindImplied}
			fill[gi]++
		}
	}
	for i := range txns {
		t := &txns[i]
		gi := s.grant(t.CreditGrant)
		if gi < 0 || !s.acc[gi].include || !s.acc[gi].need {
			continue
		}
		ev, ok, _ := compileTxn(t, &s.rules[gi], "", nil)
		if !ok {
			continue
		}
		recs[fill[gi]] = evRec{at: ev.at, v: ev.v, tx: int32(i), kind: ev.kind}
		fill[gi]++
	}
	s.tls = make([]timeline, len(s.acc))
	ar := newArena(total)
	src := sliceSource(txns)
	var errs []error
	for gi := range s.acc {
		if a := &s.acc[gi]; !a.include || !a.need {
			continue
		}
		rs := recs[start[gi]:fill[gi]]
		sortRecs(rs)
		tl := &s.tls[gi]
		if !tl.fill(rs, ar) {
			errs = append(errs, overflowErr(s.grants[gi].ID))
			continue
		}
		if p := tl.firstNegative(); p >= 0 {
			errs = append(errs, negativeErr(s.grants[gi].ID, tl, p, tl.info[p].tx, src))
		}
	}
	errs = checkLines(errs, s.grants, s.tls, func(gi int) bool { return s.acc[gi].include && s.acc[gi].need && s.acc[gi].reinst > 0 }, src)
	return joinErrs(errs)
}

// rejoin checks the reinstatement rule as a pass reads the transactions
// newest first: a reinstatement comes before the applications of its
// invoice line, so each application of a grant with reinstatements can be
// looked up among the lines reinstated so far (a seeded bitset of their
// grants and invoice tails first, then a seeded table). An application
// newer than every reinstatement of its line does not count for the rule,
// and is not looked for. It allocates by the reinstated lines only.
type rejoin struct {
	recs []lineRec
	idx  lineIndex
	pts  []linePoint
	next []int32
	bits []uint64
	seed uint64
}

func (j *rejoin) quick(k *lineKey) uint64 {
	h := (tail8(k.invoice) ^ uint64(len(k.invoice))<<56 ^ uint64(len(k.line))<<48) * j.seed
	h ^= uint64(uint32(k.grant)) * 0x9E3779B97F4A7C15
	return (h ^ h>>29) * j.seed >> 7 & uint64(len(j.bits)*64-1)
}

func (j *rejoin) point(r int32, p linePoint) {
	j.pts = append(j.pts, p)
	j.next = append(j.next, j.recs[r].head)
	j.recs[r].head = int32(len(j.pts) - 1)
}

// reinstated records a reinstatement of line k.
func (j *rejoin) reinstated(k lineKey, p linePoint) {
	if j.recs == nil {
		j.idx = newLineIndex(64)
		j.seed = j.idx.hash(&lineKey{invoice: "seed"}) | 1
	}
	r, h := j.idx.findHash(&k, j.recs)
	if r < 0 {
		r = int32(len(j.recs))
		j.recs = append(j.recs, lineRec{key: k, head: -1})
		j.idx.add(h, r, j.recs)
		if 16*len(j.recs) > 64*len(j.bits) { // 16 bits a line: rebuild, twice as large
			j.bits = make([]uint64, max(2*len(j.bits), 16))
			for i := range j.recs {
				b := j.quick(&j.recs[i].key)
				j.bits[b>>6] |= 1 << (b & 63)
			}
		} else {
			b := j.quick(&k)
			j.bits[b>>6] |= 1 << (b & 63)
		}
	}
	j.point(r, p)
}

// points appends the points of line record r to buf.
func (j *rejoin) points(r int32, buf []linePoint) []linePoint {
	for p := j.recs[r].head; p >= 0; p = j.next[p] {
		buf = append(buf, j.pts[p])
	}
	return buf
}

// applied records an application of line k if k was reinstated.
func (j *rejoin) applied(k lineKey, p linePoint) {
	if b := j.quick(&k); j.bits[b>>6]&(1<<(b&63)) == 0 {
		return
	}
	if r := j.idx.find(&k, j.recs); r >= 0 {
		j.point(r, p)
	}
}

// check marks need the grants (not need already) with a line that breaks
// the rule, whose timelines then explain it.
func (j *rejoin) check(acc []gacc) {
	var buf []linePoint
	for r := range j.recs {
		a := &acc[j.recs[r].key.grant]
		if a.need {
			continue
		}
		buf = j.points(int32(r), buf[:0])
		if bad, _, _ := checkLine(buf); bad >= 0 {
			a.need = true
		}
	}
}

// source names the transactions of a compilation in errors and gives
// their invoice lines.
type source interface {
	txID(tx int32) string
	txRef(tx int32) (invoice, line string)
}

type sliceSource []Transaction

func (s sliceSource) txID(tx int32) string { return s[tx].ID }
func (s sliceSource) txRef(tx int32) (string, string) {
	r := s[tx].ref()
	return r.Invoice, r.InvoiceLineItem
}

// negativeErr is the error of a timeline whose balance goes below zero
// after its event p, naming the transaction culprit: the last one added
// at or before p (a debit that takes too much, or a funding recorded too
// late).
func negativeErr(gid string, tl *timeline, p int, culprit int32, src source) error {
	if culprit < 0 {
		return stripejson.Errorf(ErrNegativeBalance, ObjectGrant, gid, "ledger_balance",
			"the balance goes below zero (to %d) at %d", tl.bal[p], tl.at[p])
	}
	field := "debit.amount.monetary.value"
	for i := p; i >= 0; i-- {
		if tl.info[i].tx == culprit {
			if !tl.info[i].kind.debit() {
				field = "effective_at"
			}
			break
		}
	}
	return stripejson.Errorf(ErrNegativeBalance, ObjectTransaction, src.txID(culprit), field,
		"takes credit grant %s's ledger balance below zero (to %d) at %d", gid, tl.bal[p], tl.at[p])
}

// lineKey names one invoice line of one grant.
type lineKey struct {
	grant         int32
	invoice, line string
}

// checkLines checks the reinstatement rule (checkLine) on every invoice
// line with reinstatements of the grants with reinstatements (with), from
// their timelines, as rejoin does in a pass: the reinstated lines first,
// then each application, tested against their bitset before it is hashed
// in full and looked up. A pattern of ids can defeat the bitset, never
// the table: the cost is then a full lookup for each application.
func checkLines(errs []error, grants []Grant, tls []timeline, with func(int) bool, src source) []error {
	var j rejoin
	each := func(k kind, f func(lineKey, linePoint)) {
		for gi := range tls {
			if !with(gi) {
				continue
			}
			tl := &tls[gi]
			for i, in := range tl.info {
				if in.kind == k {
					inv, ln := src.txRef(in.tx)
					f(lineKey{int32(gi), inv, ln}, linePoint{at: tl.at[i], v: -tl.v[i], tx: in.tx})
				}
			}
		}
	}
	each(kindReinstated, j.reinstated)
	if len(j.recs) == 0 {
		return errs
	}
	each(kindApplied, j.applied)
	order := make([]int32, len(j.recs))
	for r := range order {
		order[r] = int32(r)
	}
	slices.SortFunc(order, func(a, b int32) int { return compareLineKeys(&j.recs[a].key, &j.recs[b].key) })
	var buf []linePoint
	for _, r := range order {
		buf = j.points(r, buf[:0])
		if err := lineErr(j.recs[r].key, grants[j.recs[r].key.grant].ID, buf, src); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// compareLineKeys orders lines by grant, invoice and line, as errors
// report them.
func compareLineKeys(a, b *lineKey) int {
	if c := cmp.Compare(a.grant, b.grant); c != 0 {
		return c
	}
	if c := cmp.Compare(a.invoice, b.invoice); c != 0 {
		return c
	}
	return cmp.Compare(a.line, b.line)
}

// tail8 returns the last eight bytes of s (fewer, folded, when shorter).
func tail8(s string) uint64 {
	n := len(s)
	if n >= 8 {
		s = s[n-8:]
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var h uint64
	for i := 0; i < n; i++ {
		h = h<<8 | uint64(s[i])
	}
	return h
}

// lineErr checks the points of one invoice line of a grant and explains
// the first reinstatement that breaks the rule.
func lineErr(k lineKey, gid string, pts []linePoint, src source) error {
	bad, appliedBy, reinstatedBy := checkLine(pts)
	if bad < 0 {
		return nil
	}
	var total int64
	for _, p := range pts {
		if p.v > 0 {
			total = satAdd(total, p.v)
		}
	}
	p := pts[bad]
	const field = "credit.credits_application_invoice_voided"
	switch {
	case total == 0:
		return stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, src.txID(p.tx), field,
			"no credits of credit grant %s were applied to invoice %s line %s", gid, k.invoice, k.line)
	case reinstatedBy <= total:
		return stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, src.txID(p.tx), "effective_at",
			"reinstates at %d credits of credit grant %s applied to invoice %s line %s: by then %d were reinstated and only %d applied, before they were applied",
			p.at, gid, k.invoice, k.line, reinstatedBy, appliedBy)
	}
	return stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, src.txID(p.tx), field,
		"reinstates %d in all for invoice %s line %s of credit grant %s, more than the %d applied", reinstatedBy, k.invoice, k.line, gid, total)
}

func satAdd(a, b int64) int64 {
	if s, ok := addChecked64(a, b); ok {
		return s
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

// scanOpts shape a compileSlices.
type scanOpts struct {
	ignoreUnknown bool   // skip transactions of grants not given (Expire, Void)
	invoice       string // collect the transactions of this invoice (s.hits)
	// Which grants need their timeline, besides those accept marks: every
	// one; those with a debit after the instant (what they can spare is
	// not their balance then); those the invoice's transactions name.
	needAll, needLater, needHits bool
}

// compileSlices compiles grants and txns as the slice functions do: the
// grants include selects, one pass, the shortcut, and the timelines of
// the grants that need one.
func compileSlices(grants []Grant, txns []Transaction, include func(*Grant) bool, atU int64, sc *scratch, o scanOpts) (scan, []int32, error) {
	s, errs := newScan(grants, include, false, atU, sc)
	if len(errs) > 0 {
		return scan{}, nil, joinErrs(errs)
	}
	s.invoice = o.invoice
	var hits []int32
	var j rejoin
	backward := len(txns) > 1 && txns[0].EffectiveAt.Unix() < txns[len(txns)-1].EffectiveAt.Unix()
	s.pass(txns, o.ignoreUnknown, backward, &j, &errs, &hits)
	if len(errs) > 0 {
		if backward { // report in the order given
			s, errs = newScan(grants, include, false, atU, sc)
			hits = nil
			s.invoice = o.invoice
			s.pass(txns, o.ignoreUnknown, false, nil, &errs, &hits)
		}
		return scan{}, nil, joinErrs(errs)
	}
	if backward {
		slices.Reverse(hits)
	}
	j.check(s.acc)
	for gi := range s.acc {
		if a := &s.acc[gi]; a.include && (o.needAll || o.needLater && a.maxDebit > s.atU) {
			a.need = true
		}
	}
	if o.needHits {
		for _, tx := range hits {
			s.acc[s.grant(txns[tx].CreditGrant)].need = true
		}
	}
	s.accept()
	if err := s.gather(txns); err != nil {
		return scan{}, nil, err
	}
	return s, hits, nil
}

// view returns the included grants with their balances at the scan's
// instant, in sc when it is large enough.
func (s *scan) view(sc *scratch) view {
	v := view{grants: s.grants, rules: s.rules, index: s.idx, atU: s.atU}
	n := 0
	for gi := range s.acc {
		if s.acc[gi].include {
			n++
		}
	}
	if sc != nil && n <= scratchGrants {
		v.sel, v.bal = sc.sel[:0], sc.bal[:n]
	} else {
		v.sel, v.bal = make([]int32, 0, n), make([]int64, n)
	}
	for gi := range s.acc {
		if s.acc[gi].include {
			v.bal[len(v.sel)] = s.ledgerAt(gi)
			v.sel = append(v.sel, int32(gi))
		}
	}
	v.customer = customerOf(s.grants, v.sel, s.customer)
	return v
}

// lowFrom returns what included grant gi can spare at the scan's instant:
// its lowest balance from then on.
func (s *scan) lowFrom(gi int) int64 {
	if s.tls != nil && s.acc[gi].need {
		return s.tls[gi].lowFrom(s.atU)
	}
	return s.ledgerAt(gi) // no debit later: the balance only rises
}
