// Package wiretest holds the JSON test helpers every package's tests share:
// comparing two documents as JSON values, injecting unknown keys into a
// Stripe object for round-trip properties, and mutating documents for the
// codec property (Vocab, Stable).
package wiretest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"pgregory.net/rapid"
)

// Value decodes doc into a generic JSON value (numbers kept as written).
func Value(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Equal reports whether a and b are the same JSON value (key order and
// white space aside), and an error when either is not JSON.
func Equal(a, b []byte) (bool, error) {
	va, err := Value(a)
	if err != nil {
		return false, fmt.Errorf("first document: %w", err)
	}
	vb, err := Value(b)
	if err != nil {
		return false, fmt.Errorf("second document: %w", err)
	}
	return reflect.DeepEqual(va, vb), nil
}

// Inject returns the object doc with 1 to 4 unknown members added at the
// top level (keys no Stripe object has, values of every JSON kind), and the
// members added. doc must be a JSON object.
func Inject(t *rapid.T, doc []byte) []byte {
	v, err := Value(doc)
	if err != nil {
		t.Fatalf("wiretest.Inject: %v", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("wiretest.Inject: not an object: %s", doc)
	}
	n := rapid.IntRange(1, 4).Draw(t, "unknown keys")
	for i := 0; i < n; i++ {
		key := rapid.StringMatching(`x_[a-z_]{1,12}`).Draw(t, "unknown key")
		obj[key] = rapid.SampledFrom([]any{
			nil, true, json.Number("42"), json.Number("-1.5e3"), "text \u00e9 \"quoted\"",
			[]any{json.Number("1"), "two", nil},
			map[string]any{"nested": map[string]any{"deep": []any{}}},
		}).Draw(t, "unknown value")
	}
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatalf("wiretest.Inject: %v", err)
	}
	return out
}

// InjectDeep returns doc with unknown members injected (as Inject does)
// into it and into the objects nested in it, at every level, and with some
// of their keys dropped (an object of another API version lacks keys: it
// must not gain them). A member for which skip(key, object) is true (a
// nested object another package's properties cover, metadata that holds
// only strings) is left as it is.
func InjectDeep(t *rapid.T, doc []byte, skip func(key string, obj map[string]any) bool) []byte {
	v, err := Value(doc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any, path string) any
	walk = func(v any, path string) any {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if skip != nil && skip(k, x) {
					continue
				}
				x[k] = walk(x[k], path+"."+k)
			}
			if len(keys) > 0 && rapid.IntRange(0, 3).Draw(t, "drop a key at "+path) == 0 {
				delete(x, rapid.SampledFrom(keys).Draw(t, "dropped key"))
			}
			if !rapid.Bool().Draw(t, "inject at "+path) {
				return x
			}
			b, _ := json.Marshal(x)
			out, err := Value(Inject(t, b))
			if err != nil {
				t.Fatal(err)
			}
			return out
		case []any:
			for i := range x {
				x[i] = walk(x[i], fmt.Sprintf("%s[%d]", path, i))
			}
		}
		return v
	}
	out, err := json.Marshal(walk(v, ""))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Diff names the paths where two JSON documents differ ("" when they are
// the same value), for test failure messages.
func Diff(a, b []byte) string {
	va, _ := Value(a)
	vb, _ := Value(b)
	var out []string
	var walk func(x, y any, path string)
	walk = func(x, y any, path string) {
		mx, okx := x.(map[string]any)
		my, oky := y.(map[string]any)
		if okx && oky {
			for k, v := range mx {
				if w, ok := my[k]; !ok {
					out = append(out, path+"."+k+" missing")
				} else {
					walk(v, w, path+"."+k)
				}
			}
			for k := range my {
				if _, ok := mx[k]; !ok {
					out = append(out, path+"."+k+" added")
				}
			}
			return
		}
		ax, okx := x.([]any)
		ay, oky := y.([]any)
		if okx && oky && len(ax) == len(ay) {
			for i := range ax {
				walk(ax[i], ay[i], fmt.Sprintf("%s[%d]", path, i))
			}
			return
		}
		if fmt.Sprint(x) != fmt.Sprint(y) {
			out = append(out, fmt.Sprintf("%s: %.80v -> %.80v", path, x, y))
		}
	}
	walk(va, vb, "")
	sort.Strings(out)
	return strings.Join(out, "; ")
}
