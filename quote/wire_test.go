package quote

import (
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// TestMembers compares the object scanner with encoding/json on generated
// objects: same keys in the same order, same values.
func TestMembers(t *testing.T) {
	var gen func(depth int) *rapid.Generator[any]
	gen = func(depth int) *rapid.Generator[any] {
		return rapid.Custom(func(t *rapid.T) any {
			k := rapid.IntRange(0, 5).Draw(t, "kind")
			if depth == 0 && k >= 4 {
				k = 0
			}
			switch k {
			case 0:
				return nil
			case 1:
				return rapid.Float64Range(-1e300, 1e300).Draw(t, "f") // finite: JSON has no NaN or Inf
			case 2:
				return rapid.String().Draw(t, "s")
			case 3:
				return rapid.Bool().Draw(t, "b")
			case 4:
				return rapid.SliceOfN(gen(depth-1), 0, 3).Draw(t, "a")
			}
			return rapid.MapOfN(rapid.String(), gen(depth-1), 0, 3).Draw(t, "m")
		})
	}
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.MapOfN(rapid.String(), gen(3), 0, 6).Draw(t, "object")
		b, err := json.MarshalIndent(m, " ", "\t")
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		ms, ok := members(b)
		if !ok {
			t.Fatalf("members failed on %s", b)
		}
		got := map[string]any{}
		for _, x := range ms {
			var v any
			if err := json.Unmarshal(x.val, &v); err != nil {
				t.Fatalf("value of %q: %v in %s", x.key, err, b)
			}
			got[x.key] = v
		}
		var want map[string]any
		_ = json.Unmarshal(b, &want)
		if !reflect.DeepEqual(got, want) || len(ms) != len(want) {
			t.Fatalf("(-want +got)\n- %v\n+ %v", want, got)
		}
	})
	for _, bad := range []string{`[1]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x`, `{"a":{"b":1}`} {
		if _, ok := members([]byte(bad)); ok {
			t.Errorf("members(%s) = ok, want failure", bad)
		}
	}
}
