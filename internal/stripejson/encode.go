package stripejson

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Encoder writes one object under the package rule (see the package doc):
// each method writes key i of the object's Keys when the rule says so.
// Methods are called in the table's order; Close writes the kept unknown
// members and the closing brace.
type Encoder struct {
	B     []byte // the output so far
	k     *Keys
	sh    *Shape
	first bool
}

// NewEncoder starts an object of the type k describes, with shape sh (the
// zero Shape for a value built in Go), appending to b.
func NewEncoder(b []byte, k *Keys, sh *Shape) Encoder {
	return Encoder{B: append(b, '{'), k: k, sh: sh, first: true}
}

// Field writes the key of member i and reports true when the member is to
// be written (hasValue: the Go value is not its zero/null); the caller then
// appends the value to e.B. Use it for values the typed methods do not
// cover.
func (e *Encoder) Field(i int, hasValue bool) bool {
	if !e.sh.emit(e.k, i, hasValue) {
		return false
	}
	if !e.first {
		e.B = append(e.B, ',')
	}
	e.first = false
	e.B = append(e.B, '"')
	e.B = append(e.B, e.k.names[i]...)
	e.B = append(e.B, '"', ':')
	return true
}

// Close writes the unknown members the object was decoded with and the
// closing brace, and returns the output.
func (e *Encoder) Close() []byte {
	if e.sh.extra != nil {
		if !e.first {
			e.B = append(e.B, ',')
		}
		e.B = append(e.B, *e.sh.extra...)
	}
	return append(e.B, '}')
}

// Null appends null.
func (e *Encoder) Null() { e.B = append(e.B, "null"...) }

// String writes s; "" is null.
func (e *Encoder) String(i int, s string) {
	if e.Field(i, s != "") {
		e.B = AppendNullString(e.B, s)
	}
}

// Const writes the constant s (the "object" member) when the shape has it.
func (e *Encoder) Const(i int, s string) {
	if e.Field(i, false) {
		e.B = AppendString(e.B, s)
	}
}

// Bool writes v.
func (e *Encoder) Bool(i int, v bool) {
	if e.Field(i, v) {
		e.B = strconv.AppendBool(e.B, v)
	}
}

// Int writes v.
func (e *Encoder) Int(i int, v int64) {
	if e.Field(i, v != 0) {
		e.B = strconv.AppendInt(e.B, v, 10)
	}
}

// IntPtr writes *v, or null for nil.
func (e *Encoder) IntPtr(i int, v *int64) {
	if e.Field(i, v != nil) {
		if v == nil {
			e.Null()
			return
		}
		e.B = strconv.AppendInt(e.B, *v, 10)
	}
}

// Unix writes a nullable time as unix seconds; the zero time is null.
func (e *Encoder) Unix(i int, t time.Time) {
	if e.Field(i, !t.IsZero()) {
		e.B = AppendUnix(e.B, t)
	}
}

// UnixRequired writes a required time (created) as unix seconds; the zero
// time is 0.
func (e *Encoder) UnixRequired(i int, t time.Time) {
	if e.Field(i, !t.IsZero()) {
		var s int64
		if !t.IsZero() {
			s = t.Unix()
		}
		e.B = strconv.AppendInt(e.B, s, 10)
	}
}

// Decimal writes d as a decimal string, or null when invalid.
func (e *Encoder) Decimal(i int, d decimal.NullDecimal) {
	if e.Field(i, d.Valid) {
		if !d.Valid {
			e.Null()
			return
		}
		e.B = append(e.B, '"')
		e.B = AppendDecimal(e.B, d.Decimal)
		e.B = append(e.B, '"')
	}
}

// Metadata writes m with sorted keys, or null for nil.
func (e *Encoder) Metadata(i int, m map[string]string) {
	if e.Field(i, m != nil) {
		e.B = AppendMetadata(e.B, m)
	}
}

// Strings writes ss as an array of strings, or null for nil.
func (e *Encoder) Strings(i int, ss []string) {
	if e.Field(i, ss != nil) {
		if ss == nil {
			e.Null()
			return
		}
		e.B = append(e.B, '[')
		for j, s := range ss {
			if j > 0 {
				e.B = append(e.B, ',')
			}
			e.B = AppendString(e.B, s)
		}
		e.B = append(e.B, ']')
	}
}

// Object writes member i as the nested object appendJSON appends when has
// (the value is set, or was decoded from an object), and as null when the
// rule asks for the key but the value is unset.
func (e *Encoder) Object(i int, has bool, appendJSON func([]byte) []byte) {
	if e.Field(i, has) {
		if has {
			e.B = appendJSON(e.B)
		} else {
			e.Null()
		}
	}
}

// Value writes v with json.Marshal (v's own MarshalJSON), or null when
// hasValue is false. A marshalling error is returned by Close's caller
// through err.
func (e *Encoder) Value(i int, hasValue bool, v any, err *error) {
	if e.Field(i, hasValue) {
		if !hasValue {
			e.Null()
			return
		}
		b, merr := json.Marshal(v)
		if merr != nil {
			if *err == nil {
				*err = merr
			}
			e.Null()
			return
		}
		e.B = append(e.B, b...)
	}
}

// AppendUnix appends t as unix seconds, or null for the zero time.
func AppendUnix(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, t.Unix(), 10)
}

// AppendNullString appends s as a JSON string, or null for "".
func AppendNullString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return AppendString(b, s)
}

// AppendMetadata appends m as an object with sorted keys, or null for nil.
func AppendMetadata(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k)
		b = append(b, ':')
		b = AppendString(b, m[k])
	}
	return append(b, '}')
}

// AppendDecimal appends d as Stripe writes a decimal string ("0.125"). A
// value no amount can have, at least 10^65 or below 10^-65, is written as
// coefficient e exponent ("1e1048576") instead of digit by digit, which for
// an exponent built in Go could take gigabytes; decoding refuses it.
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	if d.Sign() != 0 {
		e := int64(d.Exponent())
		if e > maxDecimalExponent || int64(d.NumDigits())+e < -maxDecimalExponent {
			b = d.Coefficient().Append(b, 10)
			b = append(b, 'e')
			return strconv.AppendInt(b, e, 10)
		}
	}
	return append(b, d.String()...)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as encoding/json does
// (invalid UTF-8 becomes U+FFFD; U+2028 and U+2029 are escaped), except
// that <, > and & are written as they are.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
