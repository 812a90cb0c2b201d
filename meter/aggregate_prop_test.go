package meter_test

import (
	"encoding/json"
	"testing"

	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// fatal reports whether err is a failure without a summary (anything but
// nil and a duplicate report).
func fatal(err error) bool {
	c := errorClass(err)
	return c != "ok" && c != meter.ErrDuplicateEvent.Error()
}

// Property: Aggregate equals the plain replay of slow_test.go, value and
// error class alike, and modifies none of its arguments.
func TestProperty_MatchesReference(t *testing.T) {
	rapid.Check(t, checkMatchesReference)
}

func checkMatchesReference(t *rapid.T) {
	sc := genScenario(t, rare(t, 2, "valid input"))
	before, _ := json.Marshal(sc.events)
	beforeAdj, _ := json.Marshal(sc.adj)
	got, err := sc.fast()
	want, wantErr := sc.slow()
	if errorClass(err) != errorClass(wantErr) {
		t.Fatalf("error: got %v, reference %v\n%s", err, wantErr, sc)
	}
	if !fatal(err) && got.AggregatedValue.String() != want {
		t.Fatalf("aggregated_value (-reference +got)\n-%s\n+%s\n%s", want, got.AggregatedValue, sc)
	}
	after, _ := json.Marshal(sc.events)
	afterAdj, _ := json.Marshal(sc.adj)
	if string(before) != string(after) || string(beforeAdj) != string(afterAdj) {
		t.Fatal("Aggregate modified its input")
	}
}

// Property: for sum and count, with every event_time_window (the
// replacement within an hour or day does not depend on the window asked
// for), the aggregates of [start, t) and [t, end) add up to that of
// [start, end), for any t in between. For last, the whole is the later
// part's last when the later part counts an event, else the earlier
// part's. A failure in the whole is a failure in a part and back.
func TestProperty_SplitWindow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t, rare(t, 2, "valid input"))
		s, e := sc.start.Unix(), sc.end.Unix()
		mid := at(rapid.Int64Range(s, e).Draw(t, "split at"))
		whole, err := sc.fast()
		left, errL := meter.Aggregate(sc.m, sc.customer, sc.events, sc.adj, sc.start, mid)
		right, errR := meter.Aggregate(sc.m, sc.customer, sc.events, sc.adj, mid, sc.end)
		if fatal(err) != (fatal(errL) || fatal(errR)) {
			t.Fatalf("whole %v, parts %v / %v", err, errL, errR)
		}
		if fatal(err) {
			return
		}
		switch sc.m.DefaultAggregation.Formula {
		case meter.FormulaSum, meter.FormulaCount:
			if sum := left.AggregatedValue.Add(right.AggregatedValue); !sum.Equal(whole.AggregatedValue) {
				t.Fatalf("%s + %s = %s, whole %s", left.AggregatedValue, right.AggregatedValue, sum, whole.AggregatedValue)
			}
		case meter.FormulaLast:
			counter := sc.m
			counter.DefaultAggregation.Formula = meter.FormulaCount
			n, _ := meter.Aggregate(counter, sc.customer, sc.events, sc.adj, mid, sc.end)
			want := left.AggregatedValue
			if !n.AggregatedValue.IsZero() {
				want = right.AggregatedValue
			}
			if !want.Equal(whole.AggregatedValue) {
				t.Fatalf("last: whole %s, left %s, right %s (right counts %s)", whole.AggregatedValue, left.AggregatedValue, right.AggregatedValue, n.AggregatedValue)
			}
		}
	})
}

// Property: the order of the events and of the adjustments changes
// nothing: neither the value nor whether it fails.
func TestProperty_OrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t, rare(t, 2, "valid input"))
		got, err := sc.fast()
		shuffled := sc
		shuffled.events = rapid.Permutation(sc.events).Draw(t, "events order")
		shuffled.adj = rapid.Permutation(sc.adj).Draw(t, "adjustments order")
		again, err2 := shuffled.fast()
		if errorClass(err) != errorClass(err2) {
			t.Fatalf("error %v, shuffled %v", err, err2)
		}
		if !got.AggregatedValue.Equal(again.AggregatedValue) || got.ID != again.ID {
			t.Fatalf("%s, shuffled %s", got.AggregatedValue, again.AggregatedValue)
		}
	})
}

// Property: delivering events and adjustments again, any number of times,
// changes nothing.
func TestProperty_DuplicateDeliveries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t, rare(t, 2, "valid input"))
		got, err := sc.fast()
		again := sc
		again.events = append([]meter.Event(nil), sc.events...)
		again.adj = append([]meter.Adjustment(nil), sc.adj...)
		if len(sc.events) > 0 {
			for _, i := range rapid.SliceOf(rapid.IntRange(0, len(sc.events)-1)).Draw(t, "delivered again") {
				again.events = append(again.events, sc.events[i])
			}
		}
		if len(sc.adj) > 0 {
			for _, i := range rapid.SliceOf(rapid.IntRange(0, len(sc.adj)-1)).Draw(t, "adjusted again") {
				again.adj = append(again.adj, sc.adj[i])
			}
		}
		got2, err2 := again.fast()
		if errorClass(err) != errorClass(err2) || !got.AggregatedValue.Equal(got2.AggregatedValue) {
			t.Fatalf("%s %v, delivered again %s %v", got.AggregatedValue, err, got2.AggregatedValue, err2)
		}
	})
}

// Property: a back-dated event (received after the window closed, its
// timestamp inside it) counts in the window of its timestamp. Raw: sum
// grows by its value and count by one. With a time window it is the newest
// event of its hour or day: that hour or day aggregates to its value alone.
func TestProperty_BackDated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t, true)
		s, e := sc.start.Unix(), sc.end.Unix()
		if s == e {
			return
		}
		before, err := sc.fast()
		if fatal(err) {
			t.Fatalf("valid input: %v", err)
		}
		v := rapid.SampledFrom(validValues).Draw(t, "value")
		ts := rapid.Int64Range(s, e-1).Draw(t, "timestamp")
		latest := e
		for _, ev := range sc.events {
			latest = max(latest, unix(ev.Created))
		}
		late := meter.Event{
			EventName:  "api",
			Identifier: "ev_backdated",
			Payload:    map[string]string{sc.m.CustomerKey(): sc.customer, sc.m.ValueKey(): v},
			Timestamp:  at(ts),
			Created:    at(latest + rapid.Int64Range(1, 86400*40).Draw(t, "received after")),
		}
		withLate := sc
		withLate.events = append(append([]meter.Event(nil), sc.events...), late)
		value := decimal.RequireFromString(v)
		switch sc.m.EventTimeWindow {
		case meter.WindowNone:
			after, err := withLate.fast()
			if fatal(err) {
				t.Fatal(err)
			}
			want := map[meter.Formula]decimal.Decimal{
				meter.FormulaSum:   before.AggregatedValue.Add(value),
				meter.FormulaCount: before.AggregatedValue.Add(decimal.NewFromInt(1)),
			}
			if w, ok := want[sc.m.DefaultAggregation.Formula]; ok && !after.AggregatedValue.Equal(w) {
				t.Fatalf("got %s, want %s", after.AggregatedValue, w)
			}
		default:
			w := map[meter.TimeWindow]int64{meter.WindowHour: 3600, meter.WindowDay: 86400}[sc.m.EventTimeWindow]
			from := floorDiv(ts, w) * w
			got, err := meter.Aggregate(withLate.m, withLate.customer, withLate.events, withLate.adj, at(from), at(from+w))
			if fatal(err) {
				t.Fatal(err)
			}
			want := value
			if sc.m.DefaultAggregation.Formula == meter.FormulaCount {
				want = decimal.NewFromInt(1)
			}
			if !got.AggregatedValue.Equal(want) {
				t.Fatalf("its %s aggregates to %s, want %s", sc.m.EventTimeWindow, got.AggregatedValue, want)
			}
		}
	})
}

// Property: an adjustment cancelling an event that counts removes exactly
// that event (raw sum: minus its value).
func TestProperty_CancelRemovesTheEvent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t, true)
		sc.m.EventTimeWindow = meter.WindowNone
		sc.m.DefaultAggregation.Formula = meter.FormulaSum
		sc.adj = nil
		ev := meter.Event{
			EventName:  "api",
			Identifier: "ev_cancelled",
			Payload:    map[string]string{sc.m.CustomerKey(): sc.customer, sc.m.ValueKey(): rapid.SampledFrom(validValues).Draw(t, "value")},
			Timestamp:  sc.start,
			Created:    at(april),
		}
		with := sc
		with.events = append(append([]meter.Event(nil), sc.events...), ev)
		with.adj = []meter.Adjustment{cancel("ev_cancelled")}
		before, err := sc.fast()
		after, err2 := with.fast()
		if fatal(err) || fatal(err2) {
			t.Fatal(err, err2)
		}
		if sc.start.Equal(sc.end) {
			return
		}
		if !before.AggregatedValue.Equal(after.AggregatedValue) {
			t.Fatalf("cancelled event still counts: %s -> %s", before.AggregatedValue, after.AggregatedValue)
		}
	})
}

// Sanity: the generators make the interesting cases, so the properties
// above are not vacuous.
func TestGenerators_Coverage(t *testing.T) {
	seen := map[string]int{}
	rapid.Check(t, func(rt *rapid.T) {
		sc := genScenario(rt, rare(rt, 2, "valid input"))
		got, err := sc.fast()
		seen[errorClass(err)]++
		if !fatal(err) && !got.AggregatedValue.IsZero() {
			seen["nonzero"]++
		}
	})
	for _, want := range []string{"ok", "nonzero", meter.ErrDuplicateEvent.Error()} {
		if seen[want] == 0 {
			t.Errorf("no case of %q in %v", want, seen)
		}
	}
}
