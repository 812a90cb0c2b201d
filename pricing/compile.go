package pricing

import (
	"math"

	"github.com/shopspring/decimal"
)

// Compiled tier tables.
//
// Checking a tier list costs more than pricing it: on every call the
// general path checks every tier (up_to order, signs, decimal places, and
// that each integer amount agrees with its *_decimal twin, which every
// price Stripe returns carries), whatever the quantity. A price decoded by
// UnmarshalJSON, or returned by Compile, instead carries a table built once
// from each of its tier lists that passes those checks: the upper bounds and
// the amounts as numbers (whole amounts as int64), and for graduated
// pricing the amount of every tier before each one, so that a line is one
// multiplication and two additions.
//
// The table must never price tiers other than the ones it was built from,
// and a Price's tiers are exported: a caller may assign a new slice, edit a
// tier in place, point a field at another number or write through one of
// its pointers. So a table is used only for the slice it was built from
// (same first element, same length), and each call compares, before
// trusting them, the tier fields the line's amount depends on with what
// they held when compiled: the pointers, the numbers they point to, and the
// *_decimal values (shopspring decimals are immutable: equal coefficient
// pointer and exponent is an equal value, and the table keeps a copy, so the
// coefficient cannot be freed and its address reused). For graduated
// pricing those are all the fields of every tier up to the one holding the
// quantity; for volume pricing, all the fields of the tier holding it and
// the up_to of the tier before, the two bounds of its range. Any difference
// and the line goes through the general path, which reads the tiers as they
// are now.
//
// Other fields are not looked at: comparing every tier on every call costs
// about as much as checking it, which the table is there to avoid (a
// 10-tier volume line, measured, went over 4x a plain int64 loop instead
// of under 3x). Changed into another valid list, they cannot change the
// amount; broken in place after compiling, they are reported by Validate
// and by the general path (a price compiled again, or copied into a new
// slice), while the compiled path returns the amount the compared tiers
// give.

// compiled is what a price keeps from compiling: a table of its own tiers
// and of each currency option's, for each list that passes the tier checks.
type compiled struct {
	own  tierTable   // Price.Tiers; own.keys is nil when they did not compile
	opts []tierTable // CurrencyOptions[c].Tiers that compiled, in no order
}

// tierTable is one compiled tier list.
type tierTable struct {
	first *Tier     // &tiers[0] of the slice it was built from
	keys  []tierKey // one per tier
	// whole: every amount is a whole number of minor units, so that the
	// line is computed in int64 from uc, fc and pre.
	whole bool
}

// tierKey is one compiled tier: what the tier held, compared with the tier
// on every use, and what it means. up, which a line scans to find the tier
// holding its quantity, comes first.
type tierKey struct {
	upTo *int64 // the tier's up_to pointer
	up   int64  // *upTo, or math.MaxInt64 for the unbounded last tier
	// The tier's amount pointers and decimals.
	unit, flat       *int64
	unitDec, flatDec decimal.NullDecimal
	// The unit and flat amounts as priced, uc / 10^uk and fc / 10^fk minor
	// units (0 when missing; uc is *unit when unit is set); uk or fk -1
	// for a fraction whose coefficient exceeds int64, which is then
	// unitDec or flatDec itself.
	uk, fk int8
	uc, fc int64
	// pre (whole tables): the amount of every tier before this one billed
	// in full, or -1 when that exceeds math.MaxInt64 (then so does the
	// amount of any quantity this tier holds).
	pre int64
}

// same reports whether tier x holds what k was compiled from. Where a
// pointer is the one compiled, the number it points to is compared with the
// one compiled: when the integer field is set, the amount is that integer.
func (k *tierKey) same(x *Tier) bool {
	return x.UpTo == k.upTo && x.UnitAmount == k.unit && x.FlatAmount == k.flat &&
		x.UnitAmountDecimal == k.unitDec && x.FlatAmountDecimal == k.flatDec &&
		(k.upTo == nil || *k.upTo == k.up) &&
		(k.unit == nil || *k.unit == k.uc) &&
		(k.flat == nil || *k.flat == k.fc)
}

// unitNum and flatNum return the amounts as the general path reads them.
func (k *tierKey) unitNum() num { return keyNum(k.uc, k.uk, &k.unitDec.Decimal) }
func (k *tierKey) flatNum() num { return keyNum(k.fc, k.fk, &k.flatDec.Decimal) }

func keyNum(c int64, places int8, d *decimal.Decimal) num {
	if places < 0 {
		return num{d: d}
	}
	return num{c: c, k: places}
}

// setNum stores n, read from the tier, as *c, *places (see tierKey).
func setNum(n num, c *int64, places *int8) {
	if n.d != nil {
		*places = -1
		return
	}
	*c, *places = n.c, n.k
}

// boundedBy reports whether tier x has the bounded up_to k was compiled
// from, by value (k.upTo is not nil).
func (k *tierKey) boundedBy(x *Tier) bool {
	return x.UpTo != nil && *x.UpTo == k.up
}

// Compile returns p with a compiled table of each of its tier lists (its
// own tiers and each currency option's) that passes the tier checks of
// AmountWith, and p.Validate()'s verdict on p. AmountWith, Amount and
// ExactAmount then price tiered lines from the tables instead of checking
// every tier on every call: graduated and volume lines cost about as much as
// a plain int64 loop over the tiers. UnmarshalJSON compiles the same way, so
// a decoded price needs no Compile.
//
// As returned, the price prices exactly as p does: a tier list that fails
// its checks is not compiled and keeps being refused. A table is used only for
// the tiers slice it was built from (a price whose Tiers, or an option's,
// is assigned another slice is priced from that slice by the general path),
// and each call first compares the tier fields the line's amount depends on
// with the table (pointers, the numbers they point to, decimals), falling
// back to the general path on any difference: editing a tier after
// compiling, by any means, prices the edited tier. Those fields are, for
// graduated pricing, every field of every tier up to the one holding the
// quantity; for volume pricing, every field of the tier holding it and the
// up_to of the tier before (the bounds of the range holding the quantity).
// The one difference from the general path: a field outside those, broken
// in place after compiling, is not seen by that line (Validate reports it,
// as does AmountWith at a quantity that reads it); the line's amount is
// what the compared tiers give. Compile again after editing tiers in place
// to have every tier checked.
//
// The tables are immutable and shared by copies of the price, which stays a
// value. Compile neither modifies nor copies p's tiers.
func (p Price) Compile() (Price, error) {
	p.tab = compilePrice(&p)
	return p, p.Validate()
}

// compilePrice builds the tables of p's tier lists; nil when none compiles.
func compilePrice(p *Price) *compiled {
	var c compiled
	c.own, _ = compileTiers(p.Tiers)
	for _, o := range p.CurrencyOptions {
		if len(o.Tiers) > 0 && len(p.Tiers) > 0 && &o.Tiers[0] == &p.Tiers[0] {
			continue // the price's own slice (an option in its own currency, built in Go)
		}
		if t, ok := compileTiers(o.Tiers); ok {
			c.opts = append(c.opts, t)
		}
	}
	if c.own.keys == nil && c.opts == nil {
		return nil
	}
	return &c
}

// compileTiers builds the table of tiers; ok is false when there are none,
// or when one fails the checks AmountWith makes (source.tier).
func compileTiers(tiers []Tier) (t tierTable, ok bool) {
	if len(tiers) == 0 {
		return tierTable{}, false
	}
	keys := make([]tierKey, len(tiers))
	var src source // errors are not kept: a list that fails is not compiled
	whole := true
	prev, pre := int64(0), int64(0)
	for i := range tiers {
		x := &tiers[i]
		unit, flat, err := src.tier(i, x, prev, len(tiers))
		if err != nil {
			return tierTable{}, false
		}
		k := &keys[i]
		*k = tierKey{
			upTo: x.UpTo, up: math.MaxInt64,
			unit: x.UnitAmount, flat: x.FlatAmount,
			unitDec: x.UnitAmountDecimal, flatDec: x.FlatAmountDecimal,
			pre: pre,
		}
		setNum(unit, &k.uc, &k.uk)
		setNum(flat, &k.fc, &k.fk)
		whole = whole && unit.whole() && flat.whole()
		if x.UpTo == nil {
			continue // the last tier
		}
		k.up = *x.UpTo
		if whole && pre >= 0 {
			pre = fullTier(k, prev)
		}
		prev = k.up
	}
	return tierTable{first: &tiers[0], keys: keys, whole: whole}, true
}

// fullTier returns k.pre plus the amount of the whole of tier k, which
// starts after lo, for whole amounts, or -1 when that exceeds
// math.MaxInt64.
func fullTier(k *tierKey, lo int64) int64 {
	m, ok1 := mul64(k.up-lo, k.uc)
	m, ok2 := add64(m, k.fc)
	m, ok3 := add64(m, k.pre)
	if !(ok1 && ok2 && ok3) {
		return -1
	}
	return m
}

// find returns the table compiled from tiers, or nil.
func (c *compiled) find(tiers []Tier) *tierTable {
	if c == nil || len(tiers) == 0 {
		return nil
	}
	if c.own.first == &tiers[0] {
		return &c.own
	}
	for i := range c.opts {
		if c.opts[i].first == &tiers[0] {
			return &c.opts[i]
		}
	}
	return nil
}

// holding returns the index of the tier holding q, the first whose up is
// at least q (the last tier's is math.MaxInt64), and false when tiers is
// not the slice t was built from or a tier field the amount of q depends on
// differs from the table: for graduated pricing every field of every tier
// up to the one holding q; for volume pricing every field of that tier and
// the up_to of the one before, the bounds of its range (up_to[n-1],
// up_to[n]]. This is the rule of Compile's documentation; graduated and
// volume repeat it inline.
func (t *tierTable) holding(tiers []Tier, q int64, volume bool) (n int, ok bool) {
	keys := t.keys
	if len(tiers) != len(keys) || len(keys) == 0 || &tiers[0] != t.first {
		return 0, false
	}
	tiers = tiers[:len(keys)]
	if volume {
		for keys[n].up < q { // stops at the last tier at the latest
			n++
		}
		return n, keys[n].same(&tiers[n]) && (n == 0 || keys[n-1].boundedBy(&tiers[n-1]))
	}
	for i := range keys {
		if !keys[i].same(&tiers[i]) {
			return 0, false
		}
		if q <= keys[i].up {
			return i, true
		}
	}
	return 0, false // unreachable: the last tier holds every quantity
}

// graduated returns the amount of q under graduated pricing from a whole
// table; false when holding would be false or the amount overflows (the
// general path then reports it). It is holding, inlined by hand, and one
// line of arithmetic.
func (t *tierTable) graduated(tiers []Tier, q int64) (int64, bool) {
	keys := t.keys
	if len(tiers) != len(keys) || len(keys) == 0 || &tiers[0] != t.first {
		return 0, false
	}
	tiers = tiers[:len(keys)]
	lo := int64(0) // the previous tier's up_to
	for i := range keys {
		k := &keys[i]
		if !k.same(&tiers[i]) {
			return 0, false
		}
		if q <= k.up {
			m, ok1 := mul64(q-lo, k.uc)
			m, ok2 := add64(m, k.fc)
			m, ok3 := add64(m, k.pre)
			return m, ok1 && ok2 && ok3 && k.pre >= 0
		}
		lo = k.up
	}
	return 0, false // unreachable: the last tier holds every quantity
}

// volume is graduated for volume pricing, where the tier holding q bills
// every unit.
func (t *tierTable) volume(tiers []Tier, q int64) (int64, bool) {
	keys := t.keys
	if len(tiers) != len(keys) || len(keys) == 0 || &tiers[0] != t.first {
		return 0, false
	}
	tiers = tiers[:len(keys)]
	n := 0
	for keys[n].up < q { // stops at the last tier at the latest
		n++
	}
	k := &keys[n]
	if !k.same(&tiers[n]) || n > 0 && !keys[n-1].boundedBy(&tiers[n-1]) {
		return 0, false
	}
	m, ok1 := mul64(q, k.uc)
	m, ok2 := add64(m, k.fc)
	return m, ok1 && ok2
}

// price adds the amount of q from t to a, a fresh accumulator, as the
// general path would: true when it did, false (a untouched) when holding is
// false or, for a whole table, the amount overflows.
func (t *tierTable) price(tiers []Tier, q int64, volume bool, a *acc) bool {
	if t.whole {
		var v int64
		var ok bool
		if volume {
			v, ok = t.volume(tiers, q)
		} else {
			v, ok = t.graduated(tiers, q)
		}
		if ok {
			a.i = v
		}
		return ok
	}
	n, ok := t.holding(tiers, q, volume)
	if !ok {
		return false
	}
	keys := t.keys
	if volume {
		a.add(q, keys[n].unitNum(), keys[n].flatNum())
		return true
	}
	lo := int64(0) // the previous tier's up_to
	for i := range n {
		a.add(keys[i].up-lo, keys[i].unitNum(), keys[i].flatNum()) // a full tier
		lo = keys[i].up
	}
	a.add(q-lo, keys[n].unitNum(), keys[n].flatNum()) // the last tier reached: its share of q
	return true
}
