// Package gostring builds the readable %#v text of billingkit values: the
// GoString methods of pricing, credit and quote print a value as
// Type{Name:value, ...}, one "Name:value" entry a set field, in field
// order, so that %#v (and rapid's logs of drawn values) shows amounts and
// dates instead of pointer addresses.
//
// Unset fields are left out: empty strings, zero numbers, nil pointers,
// false, zero times, nil maps and nil slices. A set but empty map prints as
// {}; a list prints as [...] whatever its length, so a caller that leaves a
// nil slice out checks for nil before List.
package gostring

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Fields collects the "Name:value" entries of a GoString, in order.
type Fields []string

// Braces returns the entries as {Name:value, Name:value}; no entries is {}.
func (f Fields) Braces() string { return "{" + strings.Join(f, ", ") + "}" }

// Raw adds name with the already formatted value v, always.
func (f *Fields) Raw(name, v string) { *f = append(*f, name+":"+v) }

// Str adds a non-empty v as a Go string literal.
func (f *Fields) Str(name, v string) {
	if v != "" {
		f.Raw(name, strconv.Quote(v))
	}
}

// Int adds a non-zero v in decimal.
func (f *Fields) Int(name string, v int64) {
	if v != 0 {
		f.Raw(name, strconv.FormatInt(v, 10))
	}
}

// Ptr adds the value of a non-nil v in decimal, zero included.
func (f *Fields) Ptr(name string, v *int64) {
	if v != nil {
		f.Raw(name, strconv.FormatInt(*v, 10))
	}
}

// Dec adds a valid d as decimal.Decimal.String writes it, zero included.
func (f *Fields) Dec(name string, d decimal.NullDecimal) {
	if d.Valid {
		f.Raw(name, d.Decimal.String())
	}
}

// Bool adds a true v.
func (f *Fields) Bool(name string, v bool) {
	if v {
		f.Raw(name, "true")
	}
}

// Time adds a non-zero t in RFC 3339 with nanoseconds.
func (f *Fields) Time(name string, t time.Time) {
	if !t.IsZero() {
		f.Raw(name, t.Format(time.RFC3339Nano))
	}
}

// Metadata adds a non-nil m as {"key":"value", ...}, keys sorted.
func (f *Fields) Metadata(name string, m map[string]string) {
	if m == nil {
		return
	}
	keys := slices.Sorted(maps.Keys(m))
	kv := make(Fields, len(keys))
	for i, k := range keys {
		kv[i] = strconv.Quote(k) + ":" + strconv.Quote(m[k])
	}
	f.Raw(name, kv.Braces())
}

// List adds [item(0), item(1), ...] with n items, always: n == 0 adds [].
func (f *Fields) List(name string, n int, item func(i int) string) {
	items := make([]string, n)
	for i := range items {
		items[i] = item(i)
	}
	f.Raw(name, "["+strings.Join(items, ", ")+"]")
}

// Quoted returns ss as a list of Go string literals: ["a", "b"]; nil or
// empty is [].
func Quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
