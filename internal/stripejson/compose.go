package stripejson

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

// Helpers that compose objects out of the Encoder and Decoder methods:
// arrays of nested objects, Stripe list objects, values of other packages.
// An append function has the shape func(*T, []byte, *error) []byte: it
// appends *T's JSON and records the first error in *error.

// Marshal runs an append function on an empty buffer and returns its output
// or the error it recorded.
func Marshal(app func([]byte, *error) []byte) ([]byte, error) {
	var err error
	b := app(make([]byte, 0, 512), &err)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// DecodeSlice reads an array of T, each element by decode (nil for null).
func DecodeSlice[T any](d *Decoder, decode func(*T, *Decoder)) []T {
	if d.IsNull() || d.Failed() {
		return nil
	}
	out := make([]T, d.Len())
	d.Array(func(i int) { decode(&out[i], d) })
	return out
}

// AppendSlice writes s as an array ([] for nil).
func AppendSlice[T any](b []byte, s []T, app func(*T, []byte, *error) []byte, err *error) []byte {
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = app(&s[i], b, err)
	}
	return append(b, ']')
}

// Slice writes member i, the array s ([] for an empty or nil s), when s is
// not nil or the rule asks for the key.
func Slice[T any](e *Encoder, i int, s []T, app func(*T, []byte, *error) []byte, err *error) {
	if e.Field(i, s != nil) {
		e.B = AppendSlice(e.B, s, app, err)
	}
}

// SliceOrNull is Slice, writing null for a nil s when nullForNil: a nil
// that means null rather than empty (a value decoded from null, or a nil
// with its own meaning, such as an item's tax rates).
func SliceOrNull[T any](e *Encoder, i int, s []T, nullForNil bool, app func(*T, []byte, *error) []byte, err *error) {
	if e.Field(i, s != nil) {
		if s == nil && nullForNil {
			e.Null()
			return
		}
		e.B = AppendSlice(e.B, s, app, err)
	}
}

// Nested writes member i, the object *v, when has (v holds a value) or the
// rule asks for the key.
func Nested[T any](e *Encoder, i int, has bool, v *T, app func(*T, []byte, *error) []byte, err *error) {
	if e.Field(i, has) {
		e.B = app(v, e.B, err)
	}
}

// Nullable writes member i, the object *v or null when !has, when has or
// the rule asks for the key.
func Nullable[T any](e *Encoder, i int, has bool, v *T, app func(*T, []byte, *error) []byte, err *error) {
	e.Object(i, has, func(b []byte) []byte { return app(v, b, err) })
}

// CloseBuilt closes e, first writing, for a value built in Go (never
// decoded), members: the keys of Stripe's shape that the package does not
// model, with the values Stripe gives a new object ("`"key":value,...`").
// A decoded value keeps its own values of those keys as unknown keys. The
// caller has written at least one member.
func CloseBuilt(e *Encoder, sh *Shape, members string) []byte {
	if !sh.Decoded() && members != "" {
		e.B = append(append(e.B, ','), members...)
	}
	return e.Close()
}

// AppendMarshaler writes m's own JSON (a type of another package), or null
// when it fails, recording the error.
func AppendMarshaler(b []byte, m json.Marshaler, err *error) []byte {
	mb, merr := m.MarshalJSON()
	if merr != nil {
		if *err == nil {
			*err = merr
		}
		return append(b, "null"...)
	}
	return append(b, mb...)
}

// Number writes member i, a decimal as a JSON number (percent_off,
// percentage), or null.
func (e *Encoder) Number(i int, v decimal.NullDecimal) {
	if e.Field(i, v.Valid) {
		if !v.Valid {
			e.Null()
			return
		}
		e.B = AppendDecimal(e.B, v.Decimal)
	}
}

// MetadataOrEmpty writes member i, m or {} for nil (for objects whose
// metadata Stripe never sends as null).
func (e *Encoder) MetadataOrEmpty(i int, m map[string]string) {
	if e.Field(i, m != nil) {
		if m == nil {
			m = map[string]string{}
		}
		e.B = AppendMetadata(e.B, m)
	}
}

// List is a Stripe list object's own members (object "list"): around a
// quote's line items, an invoice's lines, a subscription's items. Keep one
// in the owning value so that a decoded list re-encodes as it came.
type List struct {
	URL     string // "" writes the default url
	HasMore bool
	wire    Shape
}

var listKeys = NewKeys("object", "data", "has_more", "url")

const (
	lObject = iota
	lData
	lHasMore
	lURL
)

// Decode reads the list, data reading the "data" member.
func (l *List) Decode(d *Decoder, data func()) {
	d.Object(listKeys, &l.wire, func(i int) {
		switch i {
		case lObject:
			d.Const("list")
		case lData:
			data()
		case lHasMore:
			l.HasMore = d.Bool()
		case lURL:
			l.URL = d.String()
		}
	})
}

// DecodeList reads a list object of T into l and returns its data: nil for
// a null list, an empty slice for a list whose data is null or missing.
func DecodeList[T any](l *List, d *Decoder, decode func(*T, *Decoder)) []T {
	if d.IsNull() {
		return nil
	}
	out := []T{}
	l.Decode(d, func() {
		if s := DecodeSlice(d, decode); s != nil {
			out = s
		}
	})
	return out
}

// AppendJSON writes the list of n elements, data writing them; url is the
// default url for a list built in Go.
func (l *List) AppendJSON(b []byte, url string, n int, data func([]byte) []byte) []byte {
	e := NewEncoder(b, listKeys, &l.wire)
	e.Const(lObject, "list")
	if e.Field(lData, n > 0) {
		e.B = data(e.B)
	}
	e.Bool(lHasMore, l.HasMore)
	if e.Field(lURL, l.URL != "") {
		if l.URL != "" {
			url = l.URL
		}
		e.B = AppendString(e.B, url)
	}
	return e.Close()
}

// AppendList writes s as list l.
func AppendList[T any](l *List, b []byte, url string, s []T, app func(*T, []byte, *error) []byte, err *error) []byte {
	return l.AppendJSON(b, url, len(s), func(b []byte) []byte { return AppendSlice(b, s, app, err) })
}
