package wiretest

import (
	"encoding/json"
	"sort"

	"pgregory.net/rapid"
)

// Vocab is what a package's mutation properties draw JSON from, biased to
// what breaks decoders: numbers (as written: huge, negative, fractional,
// out of range), strings (enum values, ids) and object keys its codecs
// model.
type Vocab struct {
	Numbers, Strings, Keys []string
}

// Value draws an arbitrary JSON value of at most depth levels of nesting:
// null, booleans, the vocabulary's numbers and strings, any int64 or
// string, empty and random arrays and objects.
func (v Vocab) Value(depth int) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		k := rapid.IntRange(0, 9).Draw(t, "kind")
		if depth <= 0 && k >= 8 {
			k = 0
		}
		switch k {
		case 0:
			return nil
		case 1:
			return rapid.Bool().Draw(t, "bool")
		case 2:
			return json.Number(rapid.SampledFrom(v.Numbers).Draw(t, "num"))
		case 3:
			return rapid.Int64().Draw(t, "int")
		case 4:
			return rapid.SampledFrom(v.Strings).Draw(t, "str")
		case 5:
			return rapid.String().Draw(t, "anystr")
		case 6:
			return []any{}
		case 7:
			return map[string]any{}
		case 8:
			return rapid.SliceOfN(v.Value(depth-1), 0, 3).Draw(t, "arr")
		default:
			m := map[string]any{}
			for range rapid.IntRange(0, 3).Draw(t, "keys") {
				m[rapid.SampledFrom(v.Keys).Draw(t, "key")] = v.Value(depth-1).Draw(t, "val")
			}
			return m
		}
	})
}

// Mutate replaces a random node of x (a decoded JSON tree) with a random
// value, or deletes a key.
func (v Vocab) Mutate(t *rapid.T, x any) any {
	switch x := x.(type) {
	case map[string]any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return v.Value(2).Draw(t, "replacement")
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		k := rapid.SampledFrom(keys).Draw(t, "key")
		if rapid.IntRange(0, 6).Draw(t, "delete") == 0 {
			delete(x, k)
		} else {
			x[k] = v.Mutate(t, x[k])
		}
		return x
	case []any:
		if len(x) == 0 || rapid.IntRange(0, 5).Draw(t, "stop") == 0 {
			return v.Value(2).Draw(t, "replacement")
		}
		i := rapid.IntRange(0, len(x)-1).Draw(t, "index")
		x[i] = v.Mutate(t, x[i])
		return x
	}
	return v.Value(2).Draw(t, "replacement")
}

// Mutated draws a document of doc with min to 4 mutations (its numbers
// kept as written).
func (v Vocab) Mutated(doc *rapid.Generator[[]byte], min int) *rapid.Generator[[]byte] {
	return rapid.Custom(func(t *rapid.T) []byte {
		tree, err := Value(doc.Draw(t, "doc"))
		if err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(min, 4).Draw(t, "mutations") {
			tree = v.Mutate(t, tree)
		}
		b, err := json.Marshal(tree)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// TB is what Stable needs of *testing.T and *rapid.T.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Stable checks the codec property on data: decoding it into a new value
// (newV) never panics; when it decodes, it encodes, the encoding decodes
// again, and encodes to the same JSON.
func Stable(t TB, data []byte, newV func() any) {
	t.Helper()
	v := newV()
	if err := json.Unmarshal(data, v); err != nil {
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded %T does not encode: %v\n%s", v, err, data)
	}
	v2 := newV()
	if err := json.Unmarshal(out, v2); err != nil {
		t.Fatalf("encoded %T does not decode: %v\nin  %s\nout %s", v, err, data, out)
	}
	out2, err := json.Marshal(v2)
	if err != nil {
		t.Fatalf("re-decoded %T does not encode: %v", v, err)
	}
	if eq, err := Equal(out, out2); err != nil || !eq {
		t.Fatalf("%T encoding is not stable (%v): %s\nin  %s\n-   %s\n+   %s", v, err, Diff(out, out2), data, out, out2)
	}
}
