package pricing

// The reference pricer: the rules of AmountWith read literally and computed
// with math/big, slowly and obviously. Property tests (amount_prop_test.go,
// package pricing_test) compare the fast code to it; its names are exported
// so that the external test package can reach them.

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// ReferenceLoopLimit is the largest quantity for which the reference bills a
// graduated price unit by unit; above it, tier by tier.
const ReferenceLoopLimit = 2000

// ReferenceAmount is the reference for AmountWith: ReferenceExact rounded
// with opts.Rounding.
func ReferenceAmount(p Price, q int64, opts AmountOptions) (int64, error) {
	r, err := ReferenceExact(p, q, opts)
	if err != nil {
		return 0, err
	}
	return refRound(r, opts.Rounding).Int64(), nil // ReferenceExact checked the range
}

// ReferenceExact is the reference for the exact amount of a line. Errors are
// the same sentinels, in the same order, as AmountWith's; field errors are
// *FieldError with the same Field.
func ReferenceExact(p Price, q int64, opts AmountOptions) (*big.Rat, error) {
	if opts.Rounding != RoundHalfUp && opts.Rounding != RoundHalfEven && opts.Rounding != RoundUp && opts.Rounding != RoundDown {
		return nil, ErrInvalidOptions
	}
	if q < 0 {
		return nil, ErrInvalidQuantity
	}
	prefix := ""
	unit, unitDec, tiers, custom := p.UnitAmount, p.UnitAmountDecimal, p.Tiers, p.CustomUnitAmount
	if opts.Currency != "" && opts.Currency != p.Currency {
		o, ok := p.CurrencyOptions[opts.Currency]
		if !ok {
			return nil, refErr("currency_options."+string(opts.Currency), ErrUnknownCurrency)
		}
		prefix = "currency_options." + string(opts.Currency) + "."
		unit, unitDec, tiers, custom = o.UnitAmount, o.UnitAmountDecimal, o.Tiers, o.CustomUnitAmount
	}

	var total *big.Rat
	switch p.BillingScheme {
	case "", PerUnit:
		u, err := refField(prefix+"unit_amount", unit, prefix+"unit_amount_decimal", unitDec)
		if err != nil {
			return nil, err
		}
		if u == nil && custom == nil {
			return nil, refErr(prefix+"unit_amount", ErrInvalidPrice)
		}
		if u == nil {
			return refCustom(p, prefix, custom, q, opts.CustomAmount)
		}
		if opts.CustomAmount != nil {
			return nil, ErrInvalidOptions
		}
		n := q
		if t := p.TransformQuantity; t != nil {
			if t.DivideBy < 1 {
				return nil, refErr("transform_quantity.divide_by", ErrInvalidPrice)
			}
			switch t.Round {
			case RoundDirDown:
				n = q / t.DivideBy
			case RoundDirUp:
				n = q / t.DivideBy
				if n*t.DivideBy < q {
					n++
				}
			default:
				return nil, refErr("transform_quantity.round", ErrInvalidPrice)
			}
		}
		total = new(big.Rat).Mul(ratInt(n), u)

	case Tiered:
		if opts.CustomAmount != nil {
			return nil, ErrInvalidOptions
		}
		if p.TransformQuantity != nil {
			return nil, refErr("transform_quantity", ErrInvalidPrice)
		}
		if p.TiersMode != Graduated && p.TiersMode != Volume {
			return nil, refErr("tiers_mode", ErrInvalidPrice)
		}
		if len(tiers) == 0 {
			return nil, refErr(prefix+"tiers", ErrInvalidPrice)
		}
		ts, err := refTiers(prefix, tiers)
		if err != nil {
			return nil, err
		}
		switch {
		case p.TiersMode == Volume:
			total = refVolume(ts, q)
		case q <= ReferenceLoopLimit:
			total = RefGraduatedLoop(ts, q)
		default:
			total = RefGraduatedByTier(ts, q)
		}

	default:
		return nil, refErr("billing_scheme", ErrInvalidPrice)
	}
	if total.Cmp(ratInt(math.MaxInt64)) > 0 {
		return nil, ErrOverflow
	}
	return total, nil
}

// RefTier is a tier as the reference sees it: upTo nil for the last tier.
type RefTier struct {
	upTo       *int64
	unit, flat *big.Rat
}

// holds reports whether unit or quantity u is at most the tier's upper bound.
func (t RefTier) holds(u int64) bool { return t.upTo == nil || u <= *t.upTo }

func refTiers(prefix string, tiers []Tier) ([]RefTier, error) {
	out := make([]RefTier, len(tiers))
	for i, t := range tiers {
		f := fmt.Sprintf("%stiers[%d].", prefix, i)
		last := i == len(tiers)-1
		if (t.UpTo == nil) != last {
			return nil, refErr(f+"up_to", ErrInvalidPrice)
		}
		if t.UpTo != nil && *t.UpTo < 1 {
			return nil, refErr(f+"up_to", ErrInvalidPrice)
		}
		if t.UpTo != nil && i > 0 && *t.UpTo <= *tiers[i-1].UpTo {
			return nil, refErr(f+"up_to", ErrInvalidPrice)
		}
		unit, err := refField(f+"unit_amount", t.UnitAmount, f+"unit_amount_decimal", t.UnitAmountDecimal)
		if err != nil {
			return nil, err
		}
		flat, err := refField(f+"flat_amount", t.FlatAmount, f+"flat_amount_decimal", t.FlatAmountDecimal)
		if err != nil {
			return nil, err
		}
		if unit == nil && flat == nil {
			return nil, refErr(f+"unit_amount", ErrInvalidPrice)
		}
		if unit == nil {
			unit = new(big.Rat)
		}
		if flat == nil {
			flat = new(big.Rat)
		}
		out[i] = RefTier{upTo: t.UpTo, unit: unit, flat: flat}
	}
	return out, nil
}

// refVolume bills every unit at the rate of the first tier holding q.
func refVolume(ts []RefTier, q int64) *big.Rat {
	for _, t := range ts {
		if t.holds(q) {
			total := new(big.Rat).Mul(ratInt(q), t.unit)
			return total.Add(total, t.flat)
		}
	}
	panic("unreachable: the last tier is unbounded")
}

// RefGraduatedLoop bills a graduated price one unit at a time: unit u is
// billed at the rate of the first tier holding u, and every tier that billed
// a unit, and the first tier in any case, adds its flat amount.
func RefGraduatedLoop(ts []RefTier, q int64) *big.Rat {
	total := new(big.Rat)
	reached := make([]bool, len(ts))
	reached[0] = true
	for u := int64(1); u <= q; u++ {
		for i, t := range ts {
			if t.holds(u) {
				total.Add(total, t.unit)
				reached[i] = true
				break
			}
		}
	}
	for i, t := range ts {
		if reached[i] {
			total.Add(total, t.flat)
		}
	}
	return total
}

// RefGraduatedByTier bills a graduated price tier by tier: tier i, holding
// (lo, hi], is reached when it is the first tier or q > lo, and then bills
// min(q, hi) - lo units plus its flat amount.
func RefGraduatedByTier(ts []RefTier, q int64) *big.Rat {
	total := new(big.Rat)
	lo := int64(0)
	for i, t := range ts {
		if i > 0 && q <= lo {
			break
		}
		hi := q
		if t.upTo != nil && *t.upTo < q {
			hi = *t.upTo
		}
		units := new(big.Rat).Mul(ratInt(hi-lo), t.unit)
		total.Add(total, units)
		total.Add(total, t.flat)
		if t.upTo != nil {
			lo = *t.upTo
		}
	}
	return total
}

func refCustom(p Price, prefix string, c *CustomUnitAmount, q int64, given *int64) (*big.Rat, error) {
	f := prefix + "custom_unit_amount"
	switch {
	case p.TransformQuantity != nil:
		return nil, refErr("transform_quantity", ErrInvalidPrice)
	case c.Minimum != nil && *c.Minimum < 0:
		return nil, refErr(f+".minimum", ErrInvalidPrice)
	case c.Maximum != nil && *c.Maximum < 0:
		return nil, refErr(f+".maximum", ErrInvalidPrice)
	case c.Minimum != nil && c.Maximum != nil && *c.Minimum > *c.Maximum:
		return nil, refErr(f+".minimum", ErrInvalidPrice)
	case given == nil:
		return nil, refErr(f, ErrInvalidOptions)
	case q != 1:
		return nil, ErrInvalidQuantity
	case *given < 0:
		return nil, ErrInvalidOptions
	case c.Minimum != nil && *given < *c.Minimum:
		return nil, refErr(f+".minimum", ErrInvalidOptions)
	case c.Maximum != nil && *given > *c.Maximum:
		return nil, refErr(f+".maximum", ErrInvalidOptions)
	}
	return ratInt(*given), nil
}

// refField reads an amount and its decimal twin; nil when neither is set.
func refField(intName string, v *int64, decName string, d decimal.NullDecimal) (*big.Rat, error) {
	if v != nil && *v < 0 {
		return nil, refErr(intName, ErrInvalidPrice)
	}
	var r *big.Rat
	if d.Valid {
		var ok bool
		r, ok = new(big.Rat).SetString(d.Decimal.String())
		if !ok {
			panic("reference: cannot read decimal " + d.Decimal.String())
		}
		scaled := new(big.Rat).Mul(r, ratInt(1_000_000_000_000))
		switch {
		case r.Sign() < 0:
			return nil, refErr(decName, ErrInvalidPrice)
		case r.Cmp(ratInt(math.MaxInt64)) > 0:
			return nil, refErr(decName, ErrOverflow)
		case !scaled.IsInt():
			return nil, refErr(decName, ErrInvalidPrice)
		case v != nil && r.Cmp(ratInt(*v)) != 0:
			return nil, refErr(decName, ErrInvalidPrice)
		}
	}
	if v != nil {
		return ratInt(*v), nil
	}
	return r, nil
}

// refRound rounds r to an integer with mode m: the integer part, then one
// more unit away from zero when the mode asks for it.
func refRound(r *big.Rat, m RoundingMode) *big.Int {
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int)) // q truncated toward zero
	if rem.Sign() == 0 {
		return q
	}
	twice := new(big.Int).Abs(rem)
	twice.Lsh(twice, 1)
	half := twice.Cmp(r.Denom()) // -1 below a half, 0 a half, 1 above
	away := false
	switch m {
	case RoundUp:
		away = true
	case RoundDown:
		away = false
	case RoundHalfUp:
		away = half >= 0
	case RoundHalfEven:
		away = half > 0 || (half == 0 && q.Bit(0) == 1)
	}
	if away {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	return q
}

func ratInt(v int64) *big.Rat { return new(big.Rat).SetInt64(v) }

func refErr(field string, sentinel error) error {
	if sentinel == ErrUnknownCurrency {
		return &FieldError{Object: "price", Field: field, Reason: "reference", Err: ErrInvalidPrice, Cause: ErrUnknownCurrency}
	}
	return &FieldError{Object: "price", Field: field, Reason: "reference", Err: sentinel}
}

// SameError reports whether two errors from the fast and the reference
// pricer agree: both nil, or both matching the same sentinels and, when
// either is a *FieldError, naming the same field.
func SameError(fast, ref error) bool {
	if (fast == nil) != (ref == nil) {
		return false
	}
	for _, s := range []error{ErrInvalidOptions, ErrInvalidQuantity, ErrUnknownCurrency, ErrInvalidPrice, ErrOverflow} {
		if errors.Is(fast, s) != errors.Is(ref, s) {
			return false
		}
	}
	var ff, rf *FieldError
	if errors.As(fast, &ff) != errors.As(ref, &rf) {
		return false
	}
	return ff == nil || ff.Field == rf.Field
}

// RatToDecimal converts an exact amount to a decimal, for comparison with
// ExactAmount (every reference amount has a finite decimal expansion).
func RatToDecimal(r *big.Rat) decimal.Decimal {
	d, err := decimal.NewFromString(r.FloatString(maxAmountPlaces))
	if err != nil {
		panic(err)
	}
	return d
}

func TestReference_graduatedLoopMatchesByTier(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 5).Draw(t, "tiers")
		ts := make([]RefTier, n)
		up := int64(0)
		for i := range ts {
			ts[i].unit = ratInt(rapid.Int64Range(0, 1000).Draw(t, "unit"))
			ts[i].flat = ratInt(rapid.Int64Range(0, 1000).Draw(t, "flat"))
			if i < n-1 {
				up += rapid.Int64Range(1, 20).Draw(t, "width")
				u := up
				ts[i].upTo = &u
			}
		}
		q := rapid.Int64Range(0, up+20).Draw(t, "q")
		loop, byTier := RefGraduatedLoop(ts, q), RefGraduatedByTier(ts, q)
		if loop.Cmp(byTier) != 0 {
			t.Fatalf("q=%d: unit by unit %s, tier by tier %s", q, loop.RatString(), byTier.RatString())
		}
	})
}

func TestReference_round(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [4]int64 // half-up, half-even, up, down
	}{
		{"one and a half", "3/2", [4]int64{2, 2, 2, 1}},
		{"two and a half", "5/2", [4]int64{3, 2, 3, 2}},
		{"below a half", "7/3", [4]int64{2, 2, 3, 2}},
		{"above a half", "8/3", [4]int64{3, 3, 3, 2}},
		{"whole", "4", [4]int64{4, 4, 4, 4}},
		{"negative half", "-5/2", [4]int64{-3, -2, -3, -2}},
	}
	for _, tt := range tests {
		r, _ := new(big.Rat).SetString(tt.in)
		for m := RoundHalfUp; m <= RoundDown; m++ {
			if got := refRound(r, m).Int64(); got != tt.want[m] {
				t.Errorf("%s: refRound(%s, %v) = %d, want %d", tt.name, tt.in, m, got, tt.want[m])
			}
		}
	}
}

// ReferencePeriodStart is the reference for the start of period n: the
// anchor moved forward one calendar month (or one day) at a time, n x
// interval_count x interval in all, then the anchor's day of month put back,
// clamped to the last day of the month reached. ok is false for an interval
// Period does not know or an interval_count below 1.
func ReferencePeriodStart(r Recurring, anchor time.Time, n int) (start time.Time, ok bool) {
	a := anchor.UTC()
	steps := n * int(r.IntervalCount)
	if r.IntervalCount < 1 {
		return time.Time{}, false
	}
	switch r.Interval {
	case Day, Week:
		if r.Interval == Week {
			steps *= 7
		}
		t := a
		for i := 0; i < steps; i++ {
			t = t.Add(24 * time.Hour) // a UTC day is always 24 hours
		}
		return t, true
	case Month, Year:
		if r.Interval == Year {
			steps *= 12
		}
		y, m := a.Year(), a.Month()
		for i := 0; i < steps; i++ {
			m++
			if m > time.December {
				m, y = time.January, y+1
			}
		}
		day := a.Day()
		for day > 28 && time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Month() != m {
			day-- // the month has no such day: try the one before
		}
		return time.Date(y, m, day, a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), time.UTC), true
	}
	return time.Time{}, false
}
