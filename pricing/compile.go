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
// trusting them, the fields of every tier the amount depends on with what
// they held when compiled: the pointers, the numbers they point to, and the
// *_decimal values (shopspring decimals are immutable: equal coefficient
// pointer and exponent is an equal value, and the table keeps a copy, so the
// coefficient cannot be freed and its address reused). For graduated
// pricing those are all the fields of every tier up to the one holding the
// quantity; for volume pricing, the up_to of those tiers and every field of
// the one holding it. Any difference and the line goes through the general
// path, which reads the tiers as they are now. Changed fields that the
// amount does not depend on are not looked at (comparing every tier on
// every call would cost as much as checking them); a tier broken in place
// after compiling, in such a field, is reported by Validate and by the
// general path, and the compiled path returns the amount, which that field
// cannot change.

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
	// line is computed in int64 from u.c, f.c and pre.
	whole bool
}

// tierKey is one compiled tier: what the tier held, compared with the tier
// on every use, and what it means. The fields a volume line compares for
// every tier below the one holding its quantity come first.
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
// The returned price prices exactly as p does: a tier list that fails its
// checks is not compiled and keeps being refused. A table is used only for
// the tiers it was built from: a price whose Tiers (or an option's) is
// assigned another slice is priced from that slice by the general path, and
// each call compares every tier field the amount depends on with what was
// compiled, pointers, the numbers they point to and decimals, falling back
// to the general path on any difference; so editing a tier after compiling
// prices the edited tier. Only a tier field the amount at that quantity does
// not depend on is not compared (for graduated pricing, tiers beyond the one
// holding the quantity; for volume, the amounts of every other tier and the
// up_to of the tiers beyond): broken in place after compiling, it is
// reported by Validate, and AmountWith returns the amount, which it cannot
// change. Compile again after editing tiers in place to have every field
// checked.
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

// graduated returns the amount of q under graduated pricing from a whole
// table; false when tiers is not the slice t was built from, one of the
// tiers up to the one holding q differs from the table, or the amount
// overflows (the general path then reports it).
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

// volume is graduated for volume pricing: the tier holding q bills every
// unit. The tiers before it are compared by up_to only, which is all the
// amount takes from them.
func (t *tierTable) volume(tiers []Tier, q int64) (int64, bool) {
	keys := t.keys
	if len(tiers) != len(keys) || len(keys) == 0 || &tiers[0] != t.first {
		return 0, false
	}
	tiers = tiers[:len(keys)]
	for i := range keys {
		k := &keys[i]
		if q > k.up { // then k.upTo is not nil: the last tier's up is math.MaxInt64
			if !k.boundedBy(&tiers[i]) {
				return 0, false
			}
			continue
		}
		if !k.same(&tiers[i]) {
			return 0, false
		}
		m, ok1 := mul64(q, k.uc)
		m, ok2 := add64(m, k.fc)
		return m, ok1 && ok2
	}
	return 0, false // unreachable: the last tier holds every quantity
}

// price adds the amount of q from t to a, a fresh accumulator, as the
// general path would: true when it did, false (a untouched) when tiers is
// not the slice t was built from or a tier the amount depends on differs
// from the table, or, for a whole table, the amount overflows.
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
	keys := t.keys
	if len(tiers) != len(keys) || len(keys) == 0 || &tiers[0] != t.first {
		return false
	}
	tiers = tiers[:len(keys)]
	n := -1 // the tier holding q, once the tiers up to it are compared
	for i := range keys {
		k := &keys[i]
		holds := q <= k.up
		if !holds && volume {
			if !k.boundedBy(&tiers[i]) {
				return false
			}
			continue
		}
		if !k.same(&tiers[i]) {
			return false
		}
		if holds {
			n = i
			break
		}
	}
	if n < 0 {
		return false // unreachable: the last tier holds every quantity
	}
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
