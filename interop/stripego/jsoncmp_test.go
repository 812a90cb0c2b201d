package stripego_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// carry describes what a trip through a stripe-go struct may do to our JSON
// of one kind of object, key by key. Paths are dot-separated keys with "[]"
// for any array index ("line_items.data[].price.unit_amount"); a pattern
// "*.key" matches key at any depth.
type carry struct {
	// dropped are the keys stripe-go has no field for (or, for an object
	// of an older API version, no longer at that place): their values are
	// not compared. Each says why.
	dropped map[string]string
	// modelled, when set, returns the keys our type models (see shape):
	// other keys are ones a decoded object carried and our type passes
	// through unread, so no reading of stripe-go's zeros applies to them,
	// and they are not compared.
	modelled func() shape
	// stripeZeros, set for the objects compared as Go values (see
	// values_test.go), accepts at any key what stripe-go writes for a value
	// it holds as a Go zero: null written as "", 0, false or "0"; an id
	// written as an object holding that id and zeros (an expandable
	// reference it holds unexpanded); a key we did not write, written with
	// its zero value. Every other key must come back with its value. The
	// modelled values are checked field by field, where each such
	// difference is a named loss; so these rules only let the keys that
	// nothing reads (the ones a decoded object passes through) take
	// stripe-go's zeros.
	stripeZeros bool
}

// shape is a set of key paths, with "[]" for array indices and "*" for the
// keys of free-form maps (metadata, currency_options).
type shape map[string]bool

// freeForm are the maps whose keys are data, not field names.
var freeForm = map[string]bool{"metadata": true, "currency_options": true}

// normalize replaces the keys of free-form maps in path with "*".
func normalize(path string) string {
	parts := strings.Split(path, ".")
	for i := 1; i < len(parts); i++ {
		if freeForm[strings.TrimSuffix(parts[i-1], "[]")] {
			parts[i] = "*" + strings.TrimPrefix(parts[i], strings.TrimSuffix(parts[i], "[]"))
		}
	}
	return strings.Join(parts, ".")
}

// add records the key paths of the JSON b that hold something: a leaf
// other than null, 0, "", false, or an object or array holding such a leaf.
// Keys our encoder writes as constant placeholders (a new draft invoice's
// null hosted_invoice_url) are then not part of the shape.
func (s shape) add(b []byte) {
	var v any
	if err := decodeNumbers(b, &v); err != nil {
		panic(err)
	}
	var walk func(path string, v any) bool
	walk = func(path string, v any) bool {
		switch x := v.(type) {
		case map[string]any:
			found := false
			for k, e := range x {
				p := join(path, k)
				if walk(p, e) {
					s[normalize(p)] = true
					found = true
				}
			}
			return found
		case []any:
			found := false
			for _, e := range x {
				if walk(path+"[]", e) {
					found = true
				}
			}
			return found
		}
		return !isZeroValue(v)
	}
	walk("", v)
}

// defaultZeroed are keys whose null stripe-go writes as a zero that the
// target policy does not read as null: nullable strings (null and "" are
// one value to stripe-go) and nullable integers whose zero is a valid
// value. Nullable unix times, the unbounded tier's up_to, unit_amount beside
// a non-zero unit_amount_decimal and days_until_due on a
// charge_automatically quote are absent: the target policy reads stripe-go's
// 0 there as null, so null must come back null.
var defaultZeroed = []string{
	// strings ("" is null to stripe-go and to our types)
	"*.nickname", "*.lookup_key", "*.tiers_mode", "*.tax_behavior", "*.meter", "*.description",
	"*.header", "*.footer", "*.number", "*.name", "*.status", "*.country", "*.state",
	"*.jurisdiction", "*.tax_type", "*.currency", "*.customer", "*.invoice", "*.invoice_item",
	"*.subscription", "*.subscription_item", "*.subscription_schedule", "*.promotion_code",
	"*.checkout_session", "*.display_name", "*.taxability_reason", "*.product", "*.test_clock",
	"*.default_payment_method", "*.default_source", "*.on_behalf_of", "*.application",
	"*.quote", "*.latest_invoice", "*.schedule", "*.price", "*.provider",
	// integers: null is written 0 and 0 is a valid value
	"*.trial_period_days", "*.flat_amount", "*.amount_shipping", "*.max_redemptions",
	"*.duration_in_months", "*.amount_off", "*.percent_off", "*.maximum", "*.minimum", "*.preset",
	"*.amount", "*.unit_amount", "*.application_fee_amount", "*.application_fee_percent",
	"*.taxable_amount", "*.quantity", "*.amount_percent",
	// decimals: null is written "0"
	"*.unit_amount_decimal", "*.flat_amount_decimal", "*.amount_decimal",
}

// floatKeys are numbers stripe-go holds as float64.
var floatKeys = map[string]bool{"percent_off": true, "percentage": true, "effective_percentage": true, "aggregated_value": true}

// compareJSON compares want (our JSON of a value) with got (our JSON of
// the value read back after stripe-go) under c, and returns the
// differences, one per line, or "".
func compareJSON(want, got []byte, c carry) string {
	var w, g any
	if err := decodeNumbers(want, &w); err != nil {
		return "want: " + err.Error()
	}
	if err := decodeNumbers(got, &g); err != nil {
		return "got: " + err.Error()
	}
	var diffs []string
	c.compare(&diffs, "", w, g, nil)
	return strings.Join(diffs, "\n")
}

func decodeNumbers(b []byte, v *any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

func matchPath(pattern, path string) bool {
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		return path == rest || strings.HasSuffix(path, "."+rest)
	}
	return pattern == path
}

// recordDrop counts, for the pattern of c.dropped that path matches, a key
// stripe-go did drop (see TestStripeGo_BasilExceptionsAreReal).
func (c carry) recordDrop(path string) {
	for p := range c.dropped {
		if matchPath(p, path) {
			exceptionHits.add("dropped " + p)
		}
	}
}

func (c carry) isDropped(path string) bool {
	for p := range c.dropped {
		if matchPath(p, path) {
			return true
		}
	}
	return false
}

func (c carry) isZeroed(path string, parent map[string]any) bool {
	last := path[strings.LastIndex(path, ".")+1:]
	// unit_amount (and a plan's amount) beside a non-zero decimal: stripe-go's
	// 0 reads as null under the target policy, so null must stay null.
	if twin, ok := map[string]string{"unit_amount": "unit_amount_decimal"}[last]; ok && parent != nil {
		if d, ok := parent[twin].(string); ok {
			if v, err := decimal.NewFromString(d); err == nil && !v.IsZero() {
				return false
			}
		}
	}
	for _, p := range defaultZeroed {
		if matchPath(p, path) {
			return true
		}
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func show(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func (c carry) compare(diffs *[]string, path string, want, got any, parent map[string]any) {
	if path != "" && c.isDropped(path) {
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got)))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if c.stripeZeros {
			for k, gv := range g {
				if _, ok := w[k]; !ok && !c.isDropped(join(path, k)) && !zeroJSON(gv) {
					*diffs = append(*diffs, fmt.Sprintf("%s: not written, got %s", join(path, k), show(gv)))
				}
			}
		}
		for _, k := range keys {
			p := join(path, k)
			if c.isDropped(p) {
				if _, ok := g[k]; !ok {
					c.recordDrop(p)
				}
				continue
			}
			if c.modelled != nil && !c.modelled()[normalize(p)] {
				continue
			}
			gv, ok := g[k]
			if !ok {
				// A key missing after the trip reads as null.
				gv = nil
				if w[k] != nil {
					*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got no key", p, show(w[k])))
					continue
				}
			}
			c.compare(diffs, p, w[k], gv, w)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			// An empty list and null differ: stripe-go carries both.
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got)))
			return
		}
		if len(w) != len(g) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %d entries, got %d: want %s, got %s", path, len(w), len(g), show(want), show(got)))
			return
		}
		for i := range w {
			c.compare(diffs, path+"[]", w[i], g[i], nil)
		}
	default:
		if !c.leafEqual(path, want, got, parent) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got)))
		}
	}
}

func isZeroValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		if x == "" {
			return true
		}
		d, err := decimal.NewFromString(x)
		return err == nil && d.IsZero()
	case json.Number:
		d, err := decimal.NewFromString(x.String())
		return err == nil && d.IsZero()
	}
	return false
}

func (c carry) leafEqual(path string, want, got any, parent map[string]any) bool {
	last := path[strings.LastIndex(path, ".")+1:]
	switch w := want.(type) {
	case json.Number:
		if g, ok := got.(json.Number); ok {
			if floatKeys[last] {
				wf, _ := w.Float64()
				gf, _ := g.Float64()
				return wf == gf
			}
			wd, err1 := decimal.NewFromString(w.String())
			gd, err2 := decimal.NewFromString(g.String())
			return err1 == nil && err2 == nil && wd.Equal(gd)
		}
	case string:
		if g, ok := got.(map[string]any); ok && c.stripeZeros {
			return refObject(w, g)
		}
		if g, ok := got.(string); ok {
			if w == g {
				return true
			}
			if strings.HasSuffix(last, "_decimal") {
				wd, err1 := decimal.NewFromString(w)
				gd, err2 := decimal.NewFromString(g)
				return err1 == nil && err2 == nil && floatDecimal(wd).Equal(gd)
			}
			return false
		}
	case bool:
		if g, ok := got.(bool); ok {
			return w == g
		}
	case nil:
		if got == nil {
			return true
		}
		return (c.stripeZeros || c.isZeroed(path, parent)) && isZeroValue(got)
	}
	// A zero value that stripe-go wrote for null, read back as null.
	if got == nil && isZeroValue(want) && c.isZeroed(path, parent) {
		return true
	}
	return false
}

// zeroJSON reports whether v is what stripe-go writes for a field it holds
// nothing in: null, false, "", 0, "0", [] or {}, or an object of such
// values.
func zeroJSON(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !zeroJSON(e) {
				return false
			}
		}
		return true
	case []any:
		return len(x) == 0
	}
	return isZeroValue(v)
}

// refObject reports whether got is stripe-go's JSON of the reference id it
// holds unexpanded: an object with that id, its "object" (stripe-go's ""
// or the constant our type writes) and zeros.
func refObject(id string, got map[string]any) bool {
	if got["id"] != id {
		return false
	}
	for k, v := range got {
		if k != "id" && k != "object" && !zeroJSON(v) {
			return false
		}
	}
	return true
}
