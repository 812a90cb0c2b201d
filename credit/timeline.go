package credit

import (
	"cmp"
	"slices"
)

// evRec is an event with the number of the transaction it came from (-1
// for an implied funding), the unit that timelines are built from.
type evRec struct {
	at   int64
	v    int64
	tx   int32
	kind kind
}

// compareRec orders events as a grant's ledger replays them: by time;
// within a second credits before debits (so a balance is never lower
// than at the end of its second); then by transaction number, so the
// order is total and the same whatever the order of the input.
func compareRec(a, b *evRec) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	if ad, bd := a.kind.debit(), b.kind.debit(); ad != bd {
		if ad {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.tx, b.tx)
}

// sortRecs sorts recs by compareRec, in linear time when they are in time
// order, oldest or newest first (as Stripe lists transactions), whatever
// the order within each second: only runs of one second are then sorted.
func sortRecs(recs []evRec) {
	asc, desc := true, true
	for i := 1; i < len(recs) && (asc || desc); i++ {
		a, b := recs[i-1].at, recs[i].at
		asc = asc && a <= b
		desc = desc && a >= b
	}
	switch {
	case asc:
	case desc:
		slices.Reverse(recs)
	default:
		slices.SortFunc(recs, func(a, b evRec) int { return compareRec(&a, &b) })
		return
	}
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].at == recs[i].at {
			j++
		}
		if run := recs[i:j]; len(run) > 1 && !slices.IsSortedFunc(run, func(a, b evRec) int { return compareRec(&a, &b) }) {
			slices.SortFunc(run, func(a, b evRec) int { return compareRec(&a, &b) })
		}
		i = j
	}
}

// evInfo is what a timeline keeps of an event besides its time and amount.
type evInfo struct {
	tx   int32 // transaction number, -1 for an implied funding
	kind kind
}

// timeline is one grant's ledger compiled: its events in the order of
// compareRec, as columns, with the balance after each event (prefix sums)
// and the stack of its strict suffix minima, so that the balance at an
// instant and the lowest balance from an instant on are binary searches.
type timeline struct {
	at   []int64
	v    []int64
	bal  []int64 // balance after each event
	info []evInfo
	lows []int32 // positions j with bal[j] < bal[k] for every k > j, increasing
}

// count returns the number of events effective at or before t.
func (tl *timeline) count(t int64) int {
	at := tl.at
	n := len(at)
	if n == 0 || at[n-1] <= t { // the usual question: now, after every event
		return n
	}
	// Binary search: base is the last position known to be <= t, if any.
	// (The if compiles to a branch; an arithmetic, branch-free form was
	// measured no faster.)
	base := 0
	for n > 1 {
		half := n >> 1
		if at[base+half-1] <= t {
			base += half
		}
		n -= half
	}
	if at[base] <= t {
		base++
	}
	return base
}

// balanceAt returns the ledger balance at instant t.
func (tl *timeline) balanceAt(t int64) int64 {
	if i := tl.count(t); i > 0 {
		return tl.bal[i-1]
	}
	return 0
}

// lowFrom returns the lowest balance at any instant at or after t: what a
// debit written at t may take without a later balance going below zero.
func (tl *timeline) lowFrom(t int64) int64 {
	i := tl.count(t)
	b := int64(0)
	if i > 0 {
		b = tl.bal[i-1]
	}
	k, _ := slices.BinarySearch(tl.lows, int32(i))
	if k < len(tl.lows) {
		b = min(b, tl.bal[tl.lows[k]])
	}
	return b
}

// valid reports whether no balance is below zero.
func (tl *timeline) valid() bool { return len(tl.lows) == 0 || tl.bal[tl.lows[0]] >= 0 }

// firstNegative returns the position of the first event after which the
// balance is below zero, or -1.
func (tl *timeline) firstNegative() int {
	if tl.valid() {
		return -1
	}
	for i, b := range tl.bal {
		if b < 0 {
			return i
		}
	}
	return -1
}

// firstNegativeFrom is firstNegative among the events from position p on
// (the earlier balances being known to be valid).
func (tl *timeline) firstNegativeFrom(p int) int {
	for i := p; i < len(tl.bal); i++ {
		if tl.bal[i] < 0 {
			return i
		}
	}
	return -1
}

// fill sets the timeline to recs (sorted), in columns of exactly their
// length cut from the arenas, and computes balances and lows. It returns
// false on overflow (the balances are then unusable).
func (tl *timeline) fill(recs []evRec, ar *arena) bool {
	n := len(recs)
	tl.at, tl.v, tl.bal, tl.info = ar.take(n)
	for i := range recs {
		r := &recs[i]
		tl.at[i], tl.v[i], tl.info[i] = r.at, r.v, evInfo{tx: r.tx, kind: r.kind}
	}
	return tl.rebalance(0)
}

// rebalance recomputes the balances from position p on, and the lows. It
// returns false on overflow.
func (tl *timeline) rebalance(p int) bool {
	b := int64(0)
	if p > 0 {
		b = tl.bal[p-1]
	}
	ok := true
	for i := p; i < len(tl.v); i++ {
		var fine bool
		if b, fine = addChecked64(b, tl.v[i]); !fine {
			ok = false
		}
		tl.bal[i] = b
	}
	tl.relow()
	return ok
}

// relow rebuilds the stack of suffix minima.
func (tl *timeline) relow() {
	tl.lows = tl.lows[:0]
	m := int64(never)
	for i := len(tl.bal) - 1; i >= 0; i-- {
		if tl.bal[i] < m {
			m = tl.bal[i]
			tl.lows = append(tl.lows, int32(i))
		}
	}
	slices.Reverse(tl.lows)
}

// push appends one event after every event of the timeline (its key is
// not less than the last one's), updating the balance and the lows. It
// returns false on overflow.
func (tl *timeline) push(r evRec) bool {
	b := int64(0)
	if n := len(tl.bal); n > 0 {
		b = tl.bal[n-1]
	}
	b, ok := addChecked64(b, r.v)
	tl.at = append(tl.at, r.at)
	tl.v = append(tl.v, r.v)
	tl.bal = append(tl.bal, b)
	tl.info = append(tl.info, evInfo{tx: r.tx, kind: r.kind})
	for len(tl.lows) > 0 && tl.bal[tl.lows[len(tl.lows)-1]] >= b {
		tl.lows = tl.lows[:len(tl.lows)-1]
	}
	tl.lows = append(tl.lows, int32(len(tl.bal)-1))
	return ok
}

// truncate drops the events from position n on (undoing pushes).
func (tl *timeline) truncate(n int) {
	tl.at, tl.v, tl.bal, tl.info = tl.at[:n], tl.v[:n], tl.bal[:n], tl.info[:n]
	tl.relow()
}

// recs returns the timeline's events.
func (tl *timeline) recs() []evRec {
	out := make([]evRec, len(tl.at))
	for i := range out {
		out[i] = evRec{at: tl.at[i], v: tl.v[i], tx: tl.info[i].tx, kind: tl.info[i].kind}
	}
	return out
}

// last returns the key of the last event (ok false when empty).
func (tl *timeline) last() (evRec, bool) {
	n := len(tl.at)
	if n == 0 {
		return evRec{}, false
	}
	return evRec{at: tl.at[n-1], v: tl.v[n-1], tx: tl.info[n-1].tx, kind: tl.info[n-1].kind}, true
}

// arena hands out columns for many timelines from few allocations.
type arena struct {
	at, v, bal []int64
	info       []evInfo
}

func newArena(n int) *arena {
	return &arena{at: make([]int64, n), v: make([]int64, n), bal: make([]int64, n), info: make([]evInfo, n)}
}

// take returns columns of length n, with no spare capacity (so appending
// to one reallocates it rather than overwrite the next timeline's).
func (ar *arena) take(n int) (at, v, bal []int64, info []evInfo) {
	if ar == nil || len(ar.at) < n {
		return make([]int64, n), make([]int64, n), make([]int64, n), make([]evInfo, n)
	}
	at, v, bal, info = ar.at[:n:n], ar.v[:n:n], ar.bal[:n:n], ar.info[:n:n]
	ar.at, ar.v, ar.bal, ar.info = ar.at[n:], ar.v[n:], ar.bal[n:], ar.info[n:]
	return at, v, bal, info
}

// linePoint is one application (v > 0) or reinstatement (v < 0) of
// credits of one grant to one invoice line.
type linePoint struct {
	at int64
	v  int64
	tx int32
}

// checkLine checks the reinstatement rule on the points of one (grant,
// invoice line): at every instant, what was reinstated up to it is no more
// than what was applied up to it. Within a second, applications count
// first. It returns the index of the first reinstatement that breaks the
// rule, with the totals at its second, or -1.
func checkLine(pts []linePoint) (bad int, applied, reinstated int64) {
	slices.SortFunc(pts, func(a, b linePoint) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		if c := cmp.Compare(b.v, a.v); c != 0 { // applications (positive) first
			return c
		}
		return cmp.Compare(a.tx, b.tx)
	})
	for i, p := range pts {
		if p.v > 0 {
			applied += p.v
			continue
		}
		reinstated -= p.v
		if reinstated > applied {
			return i, applied, reinstated
		}
	}
	return -1, applied, reinstated
}
