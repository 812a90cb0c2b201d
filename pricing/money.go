package pricing

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"

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

// valid reports whether m is one of the four modes.
func (m RoundingMode) valid() bool { return m >= RoundHalfUp && m <= RoundDown }

// Round rounds d, a number of minor units, to an integer with mode m. It
// returns ErrOverflow when the result does not fit in int64, and an error
// wrapping ErrInvalidOptions for an unknown mode. Any decimal is accepted: a
// value far outside int64 or far below one minor unit is decided without
// scaling it.
func (m RoundingMode) Round(d decimal.Decimal) (int64, error) {
	if !m.valid() {
		return 0, fmt.Errorf("%w: unknown rounding mode %d", ErrInvalidOptions, int(m))
	}
	s := d.Sign()
	if s == 0 {
		return 0, nil
	}
	// d lies in [10^(mag-1), 10^mag) in absolute value.
	mag := int64(d.NumDigits()) + int64(d.Exponent())
	if mag > 20 {
		return 0, fmt.Errorf("%w: %s", ErrOverflow, fmtDecimal(d))
	}
	if mag < -1 { // 0 < |d| < 0.01: only RoundUp leaves zero
		if m == RoundUp {
			return int64(s), nil
		}
		return 0, nil
	}
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
	}
	if r.LessThan(minInt64) || r.GreaterThan(maxInt64) {
		return 0, fmt.Errorf("%w: %s", ErrOverflow, fmtDecimal(d))
	}
	return r.IntPart(), nil
}

const (
	maxInt64Value = math.MaxInt64
	// maxAmountPlaces is the most decimal places Stripe allows in a
	// *_decimal amount.
	maxAmountPlaces = 12
)

var (
	minInt64 = decimal.NewFromInt(math.MinInt64)
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
)

// pow10 holds 10^0 through 10^18, every power of ten that fits in int64.
var pow10 = [19]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// decKind is what classify found a decimal amount to be.
type decKind uint8

const (
	decWhole    decKind = iota // a whole number within int64
	decFrac                    // a fraction with at most 12 decimal places, within int64
	decNegative                // below zero
	decPlaces                  // more than 12 decimal places
	decLarge                   // above math.MaxInt64
)

// classify sorts a decimal amount in minor units into a decKind. For
// decWhole it returns the value as c (places 0); for decFrac it returns the
// amount as c / 10^places with places in 1..12, or places -1 when the
// coefficient does not fit in int64 (the caller then keeps the decimal). It
// does not allocate when the coefficient fits in int64 (every amount Stripe
// writes), and never scales d by a power of ten larger than its own
// coefficient, so a hostile exponent costs nothing.
func classify(d decimal.Decimal) (c int64, places int, kind decKind) {
	switch d.Sign() {
	case 0:
		return 0, 0, decWhole
	case -1:
		return 0, 0, decNegative
	}
	n := d.NumDigits()
	e := int(d.Exponent())
	// d lies in [10^(n+e-1), 10^(n+e)).
	if n+e > 19 {
		return 0, 0, decLarge
	}
	if n+e <= -maxAmountPlaces {
		return 0, 0, decPlaces // 0 < d < 10^-12
	}
	if n <= 18 {
		c := d.CoefficientInt64()
		if e >= 0 { // e <= 18 here
			v, ok := mul64(c, pow10[e])
			if !ok {
				return 0, 0, decLarge
			}
			return v, 0, decWhole
		}
		k := -e // k < 12+n <= 30
		if k <= 18 && c%pow10[k] == 0 {
			return c / pow10[k], 0, decWhole
		}
		if k > maxAmountPlaces {
			if c%pow10[k-maxAmountPlaces] != 0 {
				return 0, 0, decPlaces
			}
			c, k = c/pow10[k-maxAmountPlaces], maxAmountPlaces
		}
		return c, k, decFrac
	}
	// A coefficient of 19 digits or more: rare, so plain decimal arithmetic.
	if d.GreaterThan(maxInt64) {
		return 0, 0, decLarge
	}
	if d.IsInteger() {
		return d.IntPart(), 0, decWhole
	}
	if !d.Equal(d.Truncate(maxAmountPlaces)) {
		return 0, 0, decPlaces
	}
	return 0, -1, decFrac
}

// u128 is an unsigned 128-bit integer, hi x 2^64 + lo.
type u128 struct{ hi, lo uint64 }

func mul64x64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// mul64 returns x*m and whether it fits in 128 bits.
func (x u128) mul64(m uint64) (u128, bool) {
	h1, lo := bits.Mul64(x.lo, m)
	h2, l2 := bits.Mul64(x.hi, m)
	hi, carry := bits.Add64(h1, l2, 0)
	return u128{hi, lo}, h2 == 0 && carry == 0
}

// add returns x+y and whether it fits in 128 bits.
func (x u128) add(y u128) (u128, bool) {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, c := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}, c == 0
}

func (x u128) less(y u128) bool { return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo) }

func (x u128) big() *big.Int {
	b := new(big.Int).SetUint64(x.hi)
	return b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(x.lo))
}

// fmtDecimal formats d for an error message. d.String() writes every digit,
// which for a hostile exponent (1e2147483647) would take gigabytes; beyond
// 40 digits either side of the point d is written as coefficient e exponent.
func fmtDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e >= -40 && e <= 40 {
		return d.String()
	}
	return d.Coefficient().String() + "e" + strconv.Itoa(int(d.Exponent()))
}

// mul64 returns a*b for a, b >= 0 and whether it fits in int64.
func mul64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return int64(lo), hi == 0 && lo <= math.MaxInt64
}

// add64 returns a+b for a, b >= 0 and whether it fits in int64.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, s >= a
}

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
