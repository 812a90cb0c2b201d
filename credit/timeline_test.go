package credit

import (
	"math"
	"slices"
	"testing"

	"github.com/billingkit/billingkit/internal/stripejson"
	"pgregory.net/rapid"
)

// count's binary search equals a plain search, for event times in
// range and any instant, the int64 extremes included.
func TestTimelineCount_MatchesSearch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		at := rapid.SliceOfN(rapid.Int64Range(stripejson.MinUnix, stripejson.MaxUnix), 0, 40).Draw(t, "at")
		if rapid.Bool().Draw(t, "clustered") { // many events in few seconds
			for i := range at {
				at[i] = stripejson.MinUnix + at[i]%5
			}
		}
		slices.Sort(at)
		tl := timeline{at: at}
		instants := []int64{math.MinInt64, math.MaxInt64, stripejson.MinUnix - 1, stripejson.MaxUnix + 1, rapid.Int64().Draw(t, "any")}
		for _, a := range at {
			instants = append(instants, a-1, a, a+1)
		}
		for _, x := range instants {
			want := 0
			for want < len(at) && at[want] <= x {
				want++
			}
			if got := tl.count(x); got != want {
				t.Fatalf("count(%d) over %v = %d, want %d", x, at, got, want)
			}
		}
	})
}
