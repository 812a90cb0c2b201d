package stripejson

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Unix time bounds: Stripe's timestamps are positive, and a time beyond the
// last second of year 9999 overflows time.Time's arithmetic.
const (
	MinUnix = 1
	MaxUnix = 253402300799
)

// maxDecimalExponent bounds the exponent of a decoded decimal string, so
// that "1e999999" is refused instead of printed with a million zeros.
const maxDecimalExponent = 64

// Decoder reads one JSON document. Its methods read the current value (the
// document, or the member or element being visited) and record the first
// problem as a *FieldError naming the path; after a problem every read
// returns a zero value.
type Decoder struct {
	val      []byte
	path     []seg
	err      *FieldError
	sentinel error
	object   string
	id       string
}

type seg struct {
	name  string
	index int // -1 for a named member
}

// Unmarshal decodes data with decode, which reads the document through the
// Decoder (usually with d.Object). sentinel is the package's ErrInvalidJSON
// and object the Stripe object name, both used for the error. Malformed
// JSON is an error before decode runs.
func Unmarshal(data []byte, sentinel error, object string, decode func(d *Decoder)) error {
	if !json.Valid(data) {
		var raw json.RawMessage
		err := json.Unmarshal(data, &raw)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return &FieldError{Object: object, Reason: err.Error(), Err: sentinel, Cause: err}
	}
	d := Decoder{val: bytes.TrimSpace(data), sentinel: sentinel, object: object}
	decode(&d)
	if d.err != nil {
		if d.err.ID == "" {
			d.err.ID = d.id
		}
		return d.err
	}
	return nil
}

// Decode is Unmarshal into a fresh T, stored in *dst only when decoding
// succeeds: an error leaves *dst unchanged, and so does JSON null, as
// encoding/json does for a value that decodes itself. decode takes its
// arguments as DecodeSlice's does, so a method expression ((*T).decode)
// can be passed.
func Decode[T any](data []byte, sentinel error, object string, dst *T, decode func(v *T, d *Decoder)) error {
	var v T
	null := false
	err := Unmarshal(data, sentinel, object, func(d *Decoder) {
		if null = d.IsNull(); !null {
			decode(&v, d)
		}
	})
	if err == nil && !null {
		*dst = v
	}
	return err
}

// Err returns the first problem found, or nil.
func (d *Decoder) Err() error {
	if d.err == nil {
		return nil
	}
	return d.err
}

// Fail records a problem with the current value.
func (d *Decoder) Fail(format string, args ...any) {
	if d.err == nil {
		d.err = Errorf(d.sentinel, d.object, "", d.Path(), format, args...)
	}
}

// failCause records a problem found by a nested decoder.
func (d *Decoder) failCause(field, reason string, cause error) {
	if d.err == nil {
		d.err = &FieldError{Object: d.object, Field: field, Reason: reason, Err: d.sentinel, Cause: cause}
	}
}

// Path returns the path of the current value ("tiers[2].up_to").
func (d *Decoder) Path() string {
	var b []byte
	for _, s := range d.path {
		if s.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.index), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, s.name...)
	}
	return string(b)
}

// Failed reports whether a problem was recorded.
func (d *Decoder) Failed() bool { return d.err != nil }

// Raw returns a copy of the current value's bytes.
func (d *Decoder) Raw() []byte { return bytes.Clone(d.val) }

// IsNull reports whether the current value is null.
func (d *Decoder) IsNull() bool { return isNull(d.val) }

// Kind names the JSON kind of the current value ("a string", "null").
func (d *Decoder) Kind() string { return kind(d.val) }

// Object reads the current value as an object of the type whose keys k
// lists: sh becomes its Shape, and field(i) is called for each member with
// modelled key i, the member being the current value. Unknown members are
// kept in sh; a key equal to a modelled one but for case is refused. It
// returns false for null (sh is then a decoded shape with no keys) and,
// with a problem recorded, for anything but an object.
func (d *Decoder) Object(k *Keys, sh *Shape, field func(i int)) bool {
	*sh = Shape{present: decodedBit}
	if d.err != nil || isNull(d.val) {
		return false
	}
	if d.val[0] != '{' {
		d.Fail("want an object or null, got %s", kind(d.val))
		return false
	}
	obj := d.val
	var extra []member
	top := len(d.path) == 0
	eachMember(obj, func(key, val []byte, m []byte) bool {
		i, fold := k.lookup(key)
		if i < 0 {
			if fold != "" {
				d.path = append(d.path, seg{name: string(key), index: -1})
				d.Fail("keys are case-sensitive: %s is not %q", Short(string(key)), fold)
				d.path = d.path[:len(d.path)-1]
				return false
			}
			extra = append(extra, member{string(key), m})
			return true
		}
		sh.present |= 1 << i
		if top && k.names[i] == "id" && len(val) > 0 && val[0] == '"' {
			d.id, _ = unquote(val)
		}
		d.path = append(d.path, seg{name: k.names[i], index: -1})
		d.val = val
		field(i)
		d.path = d.path[:len(d.path)-1]
		return d.err == nil
	})
	d.val = obj
	sh.extra = joinExtra(extra)
	return d.err == nil
}

type member struct {
	key string
	raw []byte // `"key":value`
}

// joinExtra joins the unknown members, keeping the last of duplicate keys
// (in linear time, whatever the keys).
func joinExtra(ms []member) *string {
	switch len(ms) {
	case 0:
		return nil
	case 1:
		s := string(ms[0].raw)
		return &s
	}
	last := make(map[string]int, len(ms))
	for i, m := range ms {
		last[m.key] = i
	}
	var b []byte
	for i, m := range ms {
		if last[m.key] != i {
			continue
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		b = append(b, m.raw...)
	}
	s := string(b)
	return &s
}

// Array reads the current value as an array, calling elem(i) for each
// element, the element being the current value. It returns false for null
// and, with a problem recorded, for anything but an array.
func (d *Decoder) Array(elem func(i int)) bool {
	if d.err != nil || isNull(d.val) {
		return false
	}
	if d.val[0] != '[' {
		d.Fail("want an array or null, got %s", kind(d.val))
		return false
	}
	arr := d.val
	eachElement(arr, func(i int, val []byte) bool {
		d.path = append(d.path, seg{index: i})
		d.val = val
		elem(i)
		d.path = d.path[:len(d.path)-1]
		return d.err == nil
	})
	d.val = arr
	return d.err == nil
}

// Len returns the number of elements of the current value when it is an
// array, else 0; use it to size a slice before Array.
func (d *Decoder) Len() int {
	if len(d.val) == 0 || d.val[0] != '[' {
		return 0
	}
	n := 0
	eachElement(d.val, func(int, []byte) bool { n++; return true })
	return n
}

// Map reads the current value as an object with free keys (metadata,
// currency_options), calling member(key) for each member, the member being
// the current value. It returns false for null and, with a problem
// recorded, for anything but an object.
func (d *Decoder) Map(member func(key string)) bool {
	if d.err != nil || isNull(d.val) {
		return false
	}
	if d.val[0] != '{' {
		d.Fail("want an object or null, got %s", kind(d.val))
		return false
	}
	obj := d.val
	eachMember(obj, func(key, val []byte, _ []byte) bool {
		k := string(key)
		d.path = append(d.path, seg{name: k, index: -1})
		d.val = val
		member(k)
		d.path = d.path[:len(d.path)-1]
		return d.err == nil
	})
	d.val = obj
	return d.err == nil
}

// Value decodes the current value into u with its own UnmarshalJSON (a type
// of another package, such as a pricing.Price inside a quote line). A
// *FieldError it returns is reported under the current path, its sentinel
// kept as Cause.
func (d *Decoder) Value(u json.Unmarshaler) {
	if d.err != nil {
		return
	}
	err := u.UnmarshalJSON(d.val)
	if err == nil {
		return
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		field := d.Path()
		if fe.Field != "" {
			if field != "" && fe.Field[0] != '[' {
				field += "."
			}
			field += fe.Field
		}
		d.failCause(field, fe.Reason, errors.Join(fe.Err, fe.Cause))
		return
	}
	d.failCause(d.Path(), err.Error(), err)
}

// String reads a string; null reads as "".
func (d *Decoder) String() string {
	if d.err != nil || isNull(d.val) {
		return ""
	}
	s, ok := unquote(d.val)
	if !ok {
		d.Fail("want a string or null, got %s", kind(d.val))
	}
	return s
}

// Const checks that the current value (an "object" member) is want or null.
func (d *Decoder) Const(want string) {
	if s := d.String(); s != "" && s != want && d.err == nil {
		d.Fail("want %q, got %s", want, Short(s))
	}
}

// ID reads an expandable reference: an id string, or the "id" of an
// expanded object; null reads as "".
func (d *Decoder) ID() string {
	if d.err != nil || len(d.val) == 0 || d.val[0] != '{' {
		return d.String()
	}
	var id []byte
	eachMember(d.val, func(key, val, _ []byte) bool {
		if string(key) == "id" {
			id = val
		}
		return true
	})
	obj := d.val
	d.path = append(d.path, seg{name: "id", index: -1})
	d.val = id
	s := d.String()
	d.path = d.path[:len(d.path)-1]
	d.val = obj
	return s
}

// Bool reads a boolean; null reads as false.
func (d *Decoder) Bool() bool {
	if d.err != nil || isNull(d.val) {
		return false
	}
	switch string(d.val) {
	case "true":
		return true
	case "false":
		return false
	}
	d.Fail("want a boolean, got %s", kind(d.val))
	return false
}

// Int reads an integer; null reads as 0.
func (d *Decoder) Int() int64 {
	v, _ := d.int()
	return v
}

// IntPtr reads a nullable integer: nil for null.
func (d *Decoder) IntPtr() *int64 {
	if v, ok := d.int(); ok {
		return &v
	}
	return nil
}

func (d *Decoder) int() (int64, bool) {
	if d.err != nil || isNull(d.val) {
		return 0, false
	}
	if kind(d.val) != "a number" {
		d.Fail("want an integer, got %s", kind(d.val))
		return 0, false
	}
	v, ok := parseInt(d.val)
	if !ok {
		if bytes.ContainsAny(d.val, ".eE") {
			d.Fail("want an integer, got %s", Short(string(d.val)))
		} else {
			d.Fail("%s is out of the int64 range", Short(string(d.val)))
		}
		return 0, false
	}
	return v, true
}

// Unix reads a unix-second time. Null and 0 read as the zero time.Time
// (stripe-go writes 0 for a nil time); anything else outside [MinUnix,
// MaxUnix] is a problem (Stripe never sends it). The time is in UTC.
func (d *Decoder) Unix() time.Time {
	v, ok := d.int()
	if !ok || v == 0 {
		return time.Time{}
	}
	if v < MinUnix || v > MaxUnix {
		d.Fail("unix time %d is outside 1 to %d (years 1970 to 9999)", v, int64(MaxUnix))
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// Decimal reads a decimal string ("0.125"); null reads as invalid. A JSON
// number is accepted too. An exponent beyond ±64 is a problem.
func (d *Decoder) Decimal() decimal.NullDecimal {
	if d.err != nil || isNull(d.val) {
		return decimal.NullDecimal{}
	}
	raw := d.val
	if raw[0] == '"' {
		inner := raw[1 : len(raw)-1]
		if len(inner) > 0 && inner[0] != '-' {
			if v, ok := parseInt(inner); ok {
				return decimal.NullDecimal{Decimal: decimal.New(v, 0), Valid: true}
			}
		}
		s, _ := unquote(raw)
		return d.decimalOf(s)
	}
	if kind(raw) != "a number" {
		d.Fail("want a decimal string or null, got %s", kind(raw))
		return decimal.NullDecimal{}
	}
	return d.decimalOf(string(raw))
}

func (d *Decoder) decimalOf(s string) decimal.NullDecimal {
	v, err := decimal.NewFromString(s)
	if err != nil {
		d.Fail("%s is not a decimal number", Short(s))
		return decimal.NullDecimal{}
	}
	if e := v.Exponent(); e > maxDecimalExponent || e < -maxDecimalExponent {
		d.Fail("%s is out of range", Short(s))
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: v, Valid: true}
}

// Metadata reads a map of strings; null reads as nil, a null value as "".
func (d *Decoder) Metadata() map[string]string {
	if d.err != nil || isNull(d.val) {
		return nil
	}
	out := map[string]string{}
	d.Map(func(key string) { out[key] = d.String() })
	return out
}

// Strings reads an array of strings (ids); null reads as nil.
func (d *Decoder) Strings() []string {
	if d.err != nil || isNull(d.val) {
		return nil
	}
	out := make([]string, 0, d.Len())
	d.Array(func(int) { out = append(out, d.String()) })
	return out
}

// Scanner over syntactically valid JSON (checked by json.Valid first). It
// never indexes out of range, whatever the input.

func isNull(raw []byte) bool { return len(raw) == 0 || raw[0] == 'n' }

// kind names the JSON type of raw for error messages.
func kind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "a number"
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// eachMember calls f with the key (unescaped; invalid UTF-8 replaced by
// U+FFFD, as in string values), the raw value and the raw member
// (`"key":value`) of every member of obj, in document order, until f
// returns false.
func eachMember(obj []byte, f func(key, val, member []byte) bool) {
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		start := i
		end := skipString(obj, i)
		key := obj[i+1 : max(i+1, end-1)]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			var s string
			if json.Unmarshal(obj[i:end], &s) == nil {
				key = []byte(s)
			}
		}
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return
		}
		i = skipSpace(obj, i+1)
		vEnd := skipValue(obj, i)
		if !f(key, obj[i:vEnd], obj[start:vEnd]) {
			return
		}
		i = skipSpace(obj, vEnd)
		if i >= len(obj) || obj[i] != ',' {
			return
		}
		i = skipSpace(obj, i+1)
	}
}

// eachElement calls f with every element of arr until f returns false.
func eachElement(arr []byte, f func(i int, val []byte) bool) {
	i := skipSpace(arr, 1)
	for n := 0; i < len(arr) && arr[i] != ']'; n++ {
		end := skipValue(arr, i)
		if !f(n, arr[i:end]) {
			return
		}
		i = skipSpace(arr, end)
		if i >= len(arr) || arr[i] != ',' {
			return
		}
		i = skipSpace(arr, i+1)
	}
}

// unquote decodes a JSON string literal.
func unquote(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", false
			}
			return s, true
		}
	}
	return string(inner), true
}

// parseInt parses a JSON integer; ok is false for a fraction, an exponent
// or a value outside int64.
func parseInt(b []byte) (int64, bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	if n := len(b) - i; n == 0 || n > 18 {
		v, err := strconv.ParseInt(string(b), 10, 64)
		return v, err == nil
	}
	var v int64
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}
