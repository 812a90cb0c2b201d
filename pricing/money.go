package pricing

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// RoundingMode selects how a fractional number of minor units becomes an
// integer. The zero value is RoundHalfUp, the project's default.
type RoundingMode int

const (
	// RoundHalfUp rounds to the nearest integer, halves away from zero (1.5 -> 2, 2.5 -> 3).
	RoundHalfUp RoundingMode = iota
	// RoundHalfEven rounds to the nearest integer, halves to even (1.5 -> 2, 2.5 -> 2).
	RoundHalfEven
	// RoundUp rounds away from zero (1.1 -> 2).
	RoundUp
	// RoundDown truncates toward zero (1.9 -> 1).
	RoundDown
)

// String returns the mode's name.
func (m RoundingMode) String() string {
	switch m {
	case RoundHalfUp:
		return "half_up"
	case RoundHalfEven:
		return "half_even"
	case RoundUp:
		return "up"
	case RoundDown:
		return "down"
	}
	return fmt.Sprintf("RoundingMode(%d)", int(m))
}

// Round rounds d, a number of minor units, to an integer with mode m. It
// returns ErrOverflow when the result does not fit in int64, and an error for
// an unknown mode.
func (m RoundingMode) Round(d decimal.Decimal) (int64, error) {
	var r decimal.Decimal
	switch m {
	case RoundHalfUp:
		r = d.Round(0)
	case RoundHalfEven:
		r = d.RoundBank(0)
	case RoundUp:
		r = d.RoundUp(0)
	case RoundDown:
		r = d.Truncate(0)
	default:
		return 0, fmt.Errorf("pricing: unknown rounding mode %d", int(m))
	}
	if r.LessThan(minInt64) || r.GreaterThan(maxInt64) {
		return 0, fmt.Errorf("%w: %s", ErrOverflow, d.String())
	}
	return r.IntPart(), nil
}

var (
	minInt64 = decimal.NewFromInt(math.MinInt64)
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
)

// AddAmounts returns a+b, or ErrOverflow when the sum does not fit in int64.
func AddAmounts(a, b int64) (int64, error) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, fmt.Errorf("%w: %d + %d", ErrOverflow, a, b)
	}
	return s, nil
}

// MulAmounts returns a*b, or ErrOverflow when the product does not fit in int64.
func MulAmounts(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	if hi != 0 || (!neg && lo > math.MaxInt64) || (neg && lo > 1<<63) {
		return 0, fmt.Errorf("%w: %d x %d", ErrOverflow, a, b)
	}
	if neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

func abs64(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}
