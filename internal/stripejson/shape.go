package stripejson

import (
	"strings"
)

// Keys is the table of one object type's modelled keys, in the order they
// are written. Index i of the table is bit i of a Shape. It is built once,
// as a package-level table, and never changed.
type Keys struct {
	names   []string
	current uint64 // bit i: key i belongs to the current API's shape
	object  int    // index of "object", or -1
}

// NewKeys builds a table from key names in writing order (at most 63). A
// name ending in "?" is left out of the current API's shape: a Go-built
// value writes it only when it holds a value (keys Stripe sends only when
// expanded, or that newer API versions removed).
func NewKeys(names ...string) *Keys {
	if len(names) > 63 {
		panic("stripejson: more than 63 keys") // a programming error in a package table
	}
	k := &Keys{names: make([]string, len(names)), object: -1}
	for i, n := range names {
		if opt, ok := strings.CutSuffix(n, "?"); ok {
			n = opt
		} else {
			k.current |= 1 << i
		}
		k.names[i] = n
		if n == "object" {
			k.object = i
		}
	}
	return k
}

// Name returns the name of key i.
func (k *Keys) Name(i int) string { return k.names[i] }

// Len returns the number of keys.
func (k *Keys) Len() int { return len(k.names) }

// lookup returns the index of key, -1 if none, and for no exact match the
// modelled name it equals under Unicode case folding ("" if none), as
// encoding/json matches keys: "expireſ_at" (U+017F) folds to "expires_at".
func (k *Keys) lookup(key []byte) (int, string) {
	for i, n := range k.names {
		if len(n) == len(key) && n == string(key) {
			return i, ""
		}
	}
	for _, n := range k.names {
		if strings.EqualFold(n, string(key)) {
			return -1, n
		}
	}
	return -1, ""
}

// Shape is what a decoded object remembers of its JSON: which modelled keys
// it carried and its unknown members, verbatim. The zero Shape is that of a
// value built in Go. It is 16 bytes and allocates nothing for an object
// without unknown members, since every object of a ledger carries one.
type Shape struct {
	present uint64  // bit i: key i carried; bit 63: decoded
	extra   *string // unknown members, each `"key":value`, comma-separated; nil if none
}

const decodedBit = 1 << 63

// Decoded reports whether the value was decoded from JSON.
func (s Shape) Decoded() bool { return s.present&decodedBit != 0 }

// Has reports whether the decoded object carried key i.
func (s Shape) Has(i int) bool { return s.present&(1<<i) != 0 }

// With returns s as if the decoded object had also carried key i. On a
// Go-built shape it changes nothing.
func (s Shape) With(i int) Shape {
	if s.Decoded() {
		s.present |= 1 << i
	}
	return s
}

// Without returns s as if the decoded object had not carried key i.
func (s Shape) Without(i int) Shape {
	s.present &^= 1 << i
	return s
}

// Map returns the shape of another object type, described by target, that
// a decoded value converts to (a plan to a price): key from[j] present in s
// makes key to[j] present in the result. Unknown members are kept, except
// those whose key target models (exactly or but for case), which would
// otherwise stand beside the modelled key. On a Go-built shape it returns
// the zero Shape.
func (s Shape) Map(target *Keys, from, to []int) Shape {
	if !s.Decoded() {
		return Shape{}
	}
	out := Shape{present: decodedBit}
	for j, f := range from {
		if s.present&(1<<f) != 0 {
			out.present |= 1 << to[j]
		}
	}
	if s.extra != nil {
		var kept []member
		doc := []byte("{" + *s.extra + "}")
		eachMember(doc, func(key, _, m []byte) bool {
			if i, fold := target.lookup(key); i < 0 && fold == "" {
				kept = append(kept, member{string(key), m})
			}
			return true
		})
		out.extra = joinExtra(kept)
	}
	return out
}

// Extra returns the unknown members, as `"key":value` pairs joined by
// commas ("" when there are none).
func (s Shape) Extra() string {
	if s.extra == nil {
		return ""
	}
	return *s.extra
}

// WithoutExtra returns s with no unknown members.
func (s Shape) WithoutExtra() Shape {
	s.extra = nil
	return s
}

// emit reports whether key i is written: always when it holds a value;
// otherwise, for a decoded value, when it carried the key, and for a
// Go-built value, when the key belongs to the current shape.
func (s *Shape) emit(k *Keys, i int, hasValue bool) bool {
	if hasValue {
		return true
	}
	if s.Decoded() {
		return s.present&(1<<i) != 0
	}
	return k.current&(1<<i) != 0
}
