package totals

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Percentages (coupon percent_off, tax rate percentage) are carried as
// integers in units of 1/10,000 percent, so that every amount is computed in
// integer arithmetic: x percent of a is a * P / percentScale with
// P = x * 10,000.
const (
	percentPlaces = 4
	percentScale  = 1_000_000 // 100% in units of 1/10,000 percent
)

// scaledPercent returns p in units of 1/10,000 percent. It fails when p has
// more than four decimal places or lies outside [0, 100].
func scaledPercent(p decimal.Decimal) (uint64, error) {
	// Fast path, without allocating: a small coefficient and exponent.
	if e := p.Exponent(); e >= -percentPlaces && e <= 2 && p.NumDigits() <= 12 {
		c := p.CoefficientInt64()
		for ; e > -percentPlaces; e-- {
			c *= 10
		}
		if c >= 0 && c <= percentScale {
			return uint64(c), nil
		}
	}
	if p.IsNegative() {
		return 0, errors.New("must not be negative")
	}
	if p.GreaterThan(decimal.NewFromInt(100)) {
		return 0, errors.New("must be at most 100")
	}
	s := p.Shift(percentPlaces)
	if !s.Equal(s.Truncate(0)) {
		return 0, fmt.Errorf("at most %d decimal places", percentPlaces)
	}
	return uint64(s.IntPart()), nil
}

// mulDivRound returns a*b/d rounded half-up, for non-negative a, b and d > 0,
// computed exactly in 128 bits. It fails when the result exceeds int64.
func mulDivRound(a int64, b, d uint64) (int64, error) {
	if a < 0 {
		return 0, fmt.Errorf("%w: negative amount %d", errNegative, a)
	}
	hi, lo := bits.Mul64(uint64(a), b)
	if hi >= d {
		return 0, fmt.Errorf("%w: %d x %d / %d", errOverflow, a, b, d)
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r {
		q++
	}
	if q > math.MaxInt64 {
		return 0, fmt.Errorf("%w: %d x %d / %d", errOverflow, a, b, d)
	}
	return int64(q), nil
}

// mulDivFloor returns floor(a*b/d) and the remainder, for 0 <= a, 0 <= b <= d,
// d > 0 (so the quotient is at most a).
func mulDivFloor(a, b, d int64) (int64, int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, r := bits.Div64(hi, lo, uint64(d))
	return int64(q), int64(r)
}

func add(a, b int64) (int64, error) {
	s, err := pricing.AddAmounts(a, b)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errOverflow, err)
	}
	return s, nil
}
