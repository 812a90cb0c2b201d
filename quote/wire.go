package quote

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/internal/jsonkind"
	"github.com/billingkit/billingkit/pricing"

	"github.com/shopspring/decimal"
)

// Wire helpers shared by every object of the package.

// unixNull is a nullable unix-second time: the zero time.Time is null.
func unixNull(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.Unix()
	return &v
}

// unixReq is a required unix-second time: the zero time.Time is 0.
func unixReq(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix decodes a unix-second time; null and 0 are the zero time.Time.
func fromUnix(p *int64) time.Time {
	if p == nil || *p == 0 {
		return time.Time{}
	}
	return time.Unix(*p, 0).UTC()
}

// maxUnix is the last second of year 9999. A unix time beyond it (or
// before its negative) overflows time.Time's comparisons and arithmetic, so
// that a far expires_at would count as past: decoding refuses it.
const maxUnix = 253402300799

// unixField is a decoded unix-second time and its field path.
type unixField struct {
	name string
	v    *int64
}

// checkUnix reports every time of fs outside [-maxUnix, maxUnix], joined,
// as *FieldError (ErrInvalidJSON).
func checkUnix(fs ...unixField) error {
	var errs []error
	for _, f := range fs {
		if f.v != nil && (*f.v > maxUnix || *f.v < -maxUnix) {
			errs = append(errs, fieldErr(f.name, ErrInvalidJSON, "unix time %d is beyond year 9999", *f.v))
		}
	}
	return errors.Join(errs...)
}

func nullStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func metadataOrEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// number is a JSON number from a decimal (percent_off, percentage), written
// without quotes as Stripe does, without touching decimal's package globals.
type number decimal.Decimal

func (n number) MarshalJSON() ([]byte, error) { return []byte(decimal.Decimal(n).String()), nil }

func (n *number) UnmarshalJSON(b []byte) error {
	var d decimal.Decimal
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	*n = number(d)
	return nil
}

// expandable is a field Stripe sends either as an id string or as the
// expanded object.
type expandable json.RawMessage

// id returns the id and whether the value was a bare string.
func (e expandable) id() (string, bool, error) {
	b := bytes.TrimSpace(e)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return "", true, nil
	}
	if b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		return s, true, err
	}
	var o struct {
		ID string `json:"id"`
	}
	err := json.Unmarshal(b, &o)
	return o.ID, false, err
}

func (e *expandable) UnmarshalJSON(b []byte) error {
	*e = append((*e)[:0], b...)
	return nil
}

func (e expandable) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	return e, nil
}

func expandedID(e expandable, field string) (string, error) {
	id, _, err := e.id()
	if err != nil {
		return "", jsonErr(field, err)
	}
	return id, nil
}

// jsonErr wraps a decoding problem in a *FieldError wrapping ErrInvalidJSON.
func jsonErr(field string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		f := stripWire(te.Field)
		if field != "" && f != "" {
			f = field + "." + f
		} else if f == "" {
			f = field
		}
		return &FieldError{Field: f, Reason: jsonkind.Reason(te), Err: ErrInvalidJSON, Cause: err}
	}
	return &FieldError{Field: field, Reason: err.Error(), Err: ErrInvalidJSON, Cause: err}
}

// stripWire drops the names of this package's embedded wire structs from a
// decoding error's field path.
func stripWire(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, p := range parts {
		if !strings.HasPrefix(p, "wire") {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// prefixErr puts prefix in front of the field of a *FieldError (or wraps
// another error in one naming prefix).
func prefixErr(err error, prefix string) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		c := *fe
		if c.Field == "" {
			c.Field = prefix
		} else {
			c.Field = prefix + "." + c.Field
		}
		return &c
	}
	var pe *pricing.FieldError
	if errors.As(err, &pe) {
		f := prefix
		if pe.Field != "" {
			f += "." + pe.Field
		}
		return &FieldError{Field: f, Reason: pe.Reason, Err: ErrInvalidJSON, Cause: err}
	}
	return &FieldError{Field: prefix, Reason: err.Error(), Err: ErrInvalidJSON, Cause: err}
}

// decodeEach decodes a JSON array element by element, naming the index of a
// bad element (prefix[i]).
func decodeEach[T any](raws []json.RawMessage, prefix string) ([]T, error) {
	if raws == nil {
		return nil, nil
	}
	out := make([]T, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			return nil, prefixErr(err, fmt.Sprintf("%s[%d]", prefix, i))
		}
	}
	return out, nil
}

// checkObject fails when the object's "object" key names another kind.
func checkObject(got, want, field string) error {
	if got != "" && got != want {
		return &FieldError{Field: field + "object", Reason: fmt.Sprintf("is %q, want %q", got, want), Err: ErrInvalidJSON}
	}
	return nil
}

// member is one key of a JSON object, in order.
type member struct {
	key string
	val json.RawMessage
}

// members splits a JSON object into its keys in order; ok is false when b is
// not an object. It scans the bytes once (b is JSON that encoding/json
// produced or accepted) and falls back to ok=false on anything unexpected.
func members(b []byte) ([]member, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	var ms []member
	if i < len(b) && b[i] == '}' {
		return ms, true
	}
	for i < len(b) {
		if b[i] != '"' {
			return nil, false
		}
		end := scanString(b, i)
		if end < 0 {
			return nil, false
		}
		key := string(b[i+1 : end-1])
		if bytes.IndexByte(b[i:end], '\\') >= 0 {
			if err := json.Unmarshal(b[i:end], &key); err != nil {
				return nil, false
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		start := skipSpace(b, i+1)
		end = scanValue(b, start)
		if end < 0 {
			return nil, false
		}
		ms = append(ms, member{key, json.RawMessage(b[start:end])})
		i = skipSpace(b, end)
		if i >= len(b) {
			return nil, false
		}
		if b[i] == '}' {
			return ms, true
		}
		if b[i] != ',' {
			return nil, false
		}
		i = skipSpace(b, i+1)
	}
	return nil, false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the index after the string starting at b[i] == '"',
// or -1.
func scanString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// scanValue returns the index after the JSON value starting at b[i], or -1.
func scanValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return scanString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := scanString(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' && b[j] != '\r' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// noMerge reports keys whose objects are maps: the modeled value replaces
// the decoded one entirely, so a removed key stays removed.
func noMerge(key string) bool { return key == "metadata" || key == "currency_options" }

// overlay writes the modeled JSON of an object over the JSON it was decoded
// from (raw), so that keys this package does not model survive a round
// trip: the result has raw's keys in raw's order, each with the modeled
// value when there is one (objects merged recursively, except maps), then
// the modeled keys raw lacked, except those whose modeled value is null or
// [] (an API version, or a request without expand, that does not send the
// key). With no raw, it is modeled.
func overlay(modeled, raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return modeled, nil
	}
	ms, ok := members(modeled)
	rs, ok2 := members(raw)
	if !ok || !ok2 {
		return modeled, nil
	}
	idx := make(map[string]int, len(ms))
	for i, m := range ms {
		idx[m.key] = i
	}
	used := make([]bool, len(ms))
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	write := func(k string, v []byte) {
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(v)
	}
	for _, r := range rs {
		i, ok := idx[r.key]
		if !ok {
			write(r.key, r.val)
			continue
		}
		used[i] = true
		v := ms[i].val
		if !noMerge(r.key) && isObject(v) && isObject(r.val) {
			merged, err := overlay(v, r.val)
			if err != nil {
				return nil, err
			}
			v = merged
		}
		write(r.key, v)
	}
	for i, m := range ms {
		if v := bytes.TrimSpace(m.val); used[i] || bytes.Equal(v, []byte("null")) || bytes.Equal(v, []byte("[]")) {
			continue
		}
		write(m.key, m.val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// withoutKey returns the object b without the member at path (keys of
// nested objects), or b unchanged when there is no such member.
func withoutKey(b []byte, path ...string) []byte {
	ms, ok := members(b)
	if !ok || len(path) == 0 {
		return b
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for _, m := range ms {
		v := []byte(m.val)
		if m.key == path[0] {
			if len(path) == 1 {
				continue
			}
			v = withoutKey(v, path[1:]...)
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(m.key)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// listObject is a Stripe list object.
type listObject[T any] struct {
	Object  string `json:"object"`
	Data    []T    `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

func newList[T any](data []T, url string) *listObject[T] {
	if data == nil {
		data = []T{}
	}
	return &listObject[T]{Object: "list", Data: data, URL: url}
}

func decimalOf(n number) decimal.Decimal { return decimal.Decimal(n) }

func itoa(i int) string { return strconv.Itoa(i) }
