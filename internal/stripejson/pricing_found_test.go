package stripejson

import (
	"encoding/json"
	"strings"
	"testing"
)

// Found while converting pricing (PlanToPrice / PriceToPlan). Shape.Map
// keeps every unknown member of the source object, and Encoder.Close writes
// them after the target's modelled keys without looking at them. When an
// unknown member of the source is a key the TARGET models (exactly, or
// but for case), the target's JSON holds that key twice (a reader takes
// the last: the stale unknown value wins over the modelled one), or holds a
// case-variant that the target's own decoder refuses.
//
// pricing input: the plan {"amount":10,"unit_amount":5} (unit_amount is
// not a plan key, so it is kept as unknown) -> PlanToPrice -> MarshalJSON
// wrote {"unit_amount":10,...,"unit_amount":5}, which decodes as a unit
// amount of 5. pricing guards itself (plan.go, extraFor drops all unknown
// members on a collision); the fix belongs here, e.g. Close (or Map, given
// the target Keys) skipping an unknown member whose key the target models
// in any case.
func TestShapeMap_UnknownMemberModelledByTarget(t *testing.T) {
	source := NewKeys("amount")
	target := NewKeys("unit_amount")
	for _, tt := range []struct{ name, in string }{
		{"exact", `{"amount":10,"unit_amount":5}`},
		{"case-variant", `{"amount":10,"Unit_Amount":5}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var sh Shape
			var amount int64
			if err := Unmarshal([]byte(tt.in), errTest, "plan", func(d *Decoder) {
				d.Object(source, &sh, func(i int) { amount = d.Int() })
			}); err != nil {
				t.Fatal(err)
			}
			mapped := sh.Map(target, []int{0}, []int{0})
			e := NewEncoder(nil, target, &mapped)
			e.Int(0, amount)
			out := e.Close()

			// The target's JSON must read back as the value written: no
			// second unit_amount, no case-variant the decoder refuses.
			var got int64
			err := Unmarshal(out, errTest, "price", func(d *Decoder) {
				var back Shape
				d.Object(target, &back, func(i int) { got = d.Int() })
			})
			if err != nil || got != 10 || strings.Count(strings.ToLower(string(out)), `"unit_amount"`) != 1 {
				var generic map[string]any
				_ = json.Unmarshal(out, &generic)
				t.Errorf("encoded %s: reads back %d, %v (encoding/json sees %v); want unit_amount 10 once", out, got, err, generic)
			}
		})
	}
}
