package meter

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Limits on an event's value (manual, section Values).
const (
	maxPlaces = 12 // decimal places, after trailing zeros are dropped
	maxDigits = 15 // digits, after leading and trailing zeros are dropped
)

// value is an event's value: coef x 10^-places, |coef| < 10^15,
// 0 <= places <= 12.
type value struct {
	coef   int64
	places uint8
}

// valueErr names what is wrong with a value string; 0 is no problem.
type valueErr uint8

const (
	valueOK valueErr = iota
	valueSyntax
	valuePlaces
	valueDigits
	valueMissing // no value under the key (Aggregate only)
)

func (e valueErr) reason() string {
	switch e {
	case valueSyntax:
		return "is not a decimal number (digits, at most one point, an optional leading minus)"
	case valuePlaces:
		return "has more than 12 decimal places"
	case valueDigits:
		return "has more than 15 significant digits"
	}
	return ""
}

// parseValue parses a decimal string: an optional '-', one or more digits,
// and optionally '.' followed by one or more digits. It never allocates.
func parseValue(s string) (value, valueErr) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	// Integer part.
	intStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intEnd := i
	if intEnd == intStart {
		return value{}, valueSyntax
	}
	fracStart, fracEnd := i, i
	if i < len(s) {
		if s[i] != '.' {
			return value{}, valueSyntax
		}
		i++
		fracStart = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		fracEnd = i
		if fracEnd == fracStart || i != len(s) {
			return value{}, valueSyntax
		}
	}
	// Drop leading zeros of the integer part and trailing zeros of the
	// fraction: neither is significant.
	for intStart < intEnd && s[intStart] == '0' {
		intStart++
	}
	for fracEnd > fracStart && s[fracEnd-1] == '0' {
		fracEnd--
	}
	places := fracEnd - fracStart
	if places > maxPlaces {
		return value{}, valuePlaces
	}
	var coef int64
	digits := 0
	for _, part := range [2][2]int{{intStart, intEnd}, {fracStart, fracEnd}} {
		for j := part[0]; j < part[1]; j++ {
			c := int64(s[j] - '0')
			if coef == 0 && c == 0 {
				continue // a leading zero of the fraction of 0.00x
			}
			digits++
			if digits > maxDigits {
				return value{}, valueDigits
			}
			coef = coef*10 + c
		}
	}
	if neg {
		coef = -coef
	}
	return value{coef: coef, places: uint8(places)}, valueOK
}

// pow10 holds 10^0 .. 10^12.
var pow10 = [maxPlaces + 1]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12}

// i128 is a two's complement 128-bit integer. With |coef| < 10^15 < 2^50
// and at most 2^31 events, sums of values scaled by 10^12 stay below 2^121:
// no overflow is possible.
type i128 struct {
	hi uint64
	lo uint64
}

// add64 adds v.
func (a *i128) add64(v int64) {
	var c uint64
	a.lo, c = bits.Add64(a.lo, uint64(v), 0)
	a.hi += c + uint64(v>>63) // v>>63 is 0 or -1: sign extension
}

// addScaled adds v x 10^(12 - places).
func (a *i128) addScaled(v value) {
	m := pow10[maxPlaces-int(v.places)]
	u := uint64(v.coef)
	if v.coef < 0 {
		u = uint64(-v.coef)
	}
	hi, lo := bits.Mul64(u, m)
	if v.coef < 0 { // negate the 128-bit product
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	var c uint64
	a.lo, c = bits.Add64(a.lo, lo, 0)
	a.hi, _ = bits.Add64(a.hi, hi, c)
}

// int64 returns a as an int64 and whether it fits.
func (a i128) int64() (int64, bool) {
	v := int64(a.lo)
	return v, a.hi == uint64(v>>63)
}

// big returns a as a big.Int.
func (a i128) big() *big.Int {
	neg := int64(a.hi) < 0
	hi, lo := a.hi, a.lo
	if neg {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	x := new(big.Int).SetUint64(hi)
	x.Lsh(x, 64)
	x.Or(x, new(big.Int).SetUint64(lo))
	if neg {
		x.Neg(x)
	}
	return x
}

// accumulator sums values exactly: integers on an int64-wide fast path
// (carried into 128 bits), fractions scaled by 10^12.
type accumulator struct {
	ints  i128 // sum of integer values
	fracs i128 // sum of fractional values x 10^12
	frac  bool // some value had places
}

func (s *accumulator) add(v value) {
	if v.places == 0 {
		s.ints.add64(v.coef)
		return
	}
	s.frac = true
	s.fracs.addScaled(v)
}

// decimal returns the exact sum.
func (s *accumulator) decimal() decimal.Decimal {
	if !s.frac {
		if v, ok := s.ints.int64(); ok {
			return decimal.New(v, 0)
		}
		return decimal.NewFromBigInt(s.ints.big(), 0)
	}
	x := s.ints.big()
	x.Mul(x, new(big.Int).SetUint64(pow10[maxPlaces]))
	x.Add(x, s.fracs.big())
	return trim(decimal.NewFromBigInt(x, -maxPlaces))
}

// trim drops trailing zeros of the coefficient (1.500000000000 -> 1.5),
// so the summary's value carries no exponent it does not need.
func trim(d decimal.Decimal) decimal.Decimal {
	c, e := d.Coefficient(), d.Exponent()
	if c.Sign() == 0 {
		return decimal.Decimal{}
	}
	ten := big.NewInt(10)
	var q, r big.Int
	for e < 0 {
		q.QuoRem(c, ten, &r)
		if r.Sign() != 0 {
			break
		}
		c.Set(&q)
		e++
	}
	return decimal.NewFromBigInt(c, e)
}
