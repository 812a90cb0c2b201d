package meter_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
)

// Worked example (d) of invoice.md: April 2025 = [1743465600, 1746057600).
const (
	april = 1743465600
	may   = 1746057600
	june  = 1748736000
)

func at(unix int64) time.Time { return time.Unix(unix, 0).UTC() }

// event is one usage record of cus_1 on "api", received a minute after it
// happened.
func event(id, value string, ts int64) meter.Event {
	return meter.Event{
		EventName:  "api",
		Identifier: id,
		Payload:    map[string]string{"stripe_customer_id": "cus_1", "value": value},
		Timestamp:  at(ts),
		Created:    at(ts + 60),
	}
}

func apiMeter(f meter.Formula, w meter.TimeWindow) meter.Meter {
	return meter.Meter{
		ID:                 "mtr_1",
		EventName:          "api",
		DefaultAggregation: meter.DefaultAggregation{Formula: f},
		EventTimeWindow:    w,
		Status:             meter.StatusActive,
	}
}

func cancel(id string) meter.Adjustment {
	return meter.Adjustment{EventName: "api", Type: meter.AdjustmentCancel, Cancel: meter.Cancel{Identifier: id}, Status: meter.AdjustmentComplete}
}

// exampleD returns ev_1 .. ev_4 of worked example (d) and ev_5, sent
// after ev_2 on the same UTC day.
func exampleD() (ev1to4 []meter.Event, ev5 meter.Event) {
	ev1to4 = []meter.Event{
		event("ev_1", "100", 1743465600), // 2025-04-01T00:00:00Z
		event("ev_2", "250", 1744243200), // 2025-04-10T00:00:00Z
		event("ev_3", "50", 1746057599),  // 2025-04-30T23:59:59Z
		event("ev_4", "999", 1746057600), // 2025-05-01T00:00:00Z
	}
	return ev1to4, event("ev_5", "70", 1744286400) // 2025-04-10T12:00:00Z, created after ev_2
}

func TestAggregate_WorkedExampleD(t *testing.T) {
	base, ev5 := exampleD()
	with5 := append(append([]meter.Event(nil), base...), ev5)
	tests := []struct {
		name       string
		formula    meter.Formula
		window     meter.TimeWindow
		events     []meter.Event
		adj        []meter.Adjustment
		start, end int64
		want       string
	}{
		{"april sum: 100 + 250 + 50, ev_4 is May's", meter.FormulaSum, meter.WindowNone, base, nil, april, may, "400"},
		{"april count", meter.FormulaCount, meter.WindowNone, base, nil, april, may, "3"},
		{"april last: ev_3 at 23:59:59", meter.FormulaLast, meter.WindowNone, base, nil, april, may, "50"},
		{"may sum: ev_4 at the boundary is May's", meter.FormulaSum, meter.WindowNone, base, nil, may, june, "999"},
		{"cancel ev_2: sum 100 + 50", meter.FormulaSum, meter.WindowNone, base, []meter.Adjustment{cancel("ev_2")}, april, may, "150"},
		{"cancel ev_2: count", meter.FormulaCount, meter.WindowNone, base, []meter.Adjustment{cancel("ev_2")}, april, may, "2"},
		{"cancel ev_2: last unchanged", meter.FormulaLast, meter.WindowNone, base, []meter.Adjustment{cancel("ev_2")}, april, may, "50"},
		{"day window: ev_5 replaces ev_2, 100 + 70 + 50", meter.FormulaSum, meter.WindowDay, with5, nil, april, may, "220"},
		{"raw: ev_5 adds, 100 + 250 + 70 + 50", meter.FormulaSum, meter.WindowNone, with5, nil, april, may, "470"},
		{"day window count: three days", meter.FormulaCount, meter.WindowDay, with5, nil, april, may, "3"},
		{"raw count with ev_5", meter.FormulaCount, meter.WindowNone, with5, nil, april, may, "4"},
		{"hour window: 00:00 and 12:00 are different hours", meter.FormulaSum, meter.WindowHour, with5, nil, april, may, "470"},
		{"day window last: still ev_3", meter.FormulaLast, meter.WindowDay, with5, nil, april, may, "50"},
		{"day window, ev_5 cancelled: ev_2 was never replaced", meter.FormulaSum, meter.WindowDay, with5, []meter.Adjustment{cancel("ev_5")}, april, may, "400"},
		{"cancel ev_3: last is ev_2", meter.FormulaLast, meter.WindowNone, base, []meter.Adjustment{cancel("ev_3")}, april, may, "250"},
		{"empty window", meter.FormulaSum, meter.WindowNone, base, nil, april, april, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := meter.Aggregate(apiMeter(tt.formula, tt.window), "cus_1", tt.events, tt.adj, at(tt.start), at(tt.end))
			if err != nil {
				t.Fatal(err)
			}
			if want := decimal.RequireFromString(tt.want); !s.AggregatedValue.Equal(want) {
				t.Fatalf("aggregated_value (-want +got)\n-%s\n+%s", want, s.AggregatedValue)
			}
			if !s.StartTime.Equal(at(tt.start)) || !s.EndTime.Equal(at(tt.end)) || s.Meter != "mtr_1" || !strings.HasPrefix(s.ID, "mtrusg_") {
				t.Fatalf("summary fields: %+v", s)
			}
		})
	}
}

func TestAggregate_Errors(t *testing.T) {
	base, _ := exampleD()
	ok := apiMeter(meter.FormulaSum, meter.WindowNone)
	with := func(f func(evs []meter.Event)) []meter.Event {
		evs := append([]meter.Event(nil), base...)
		for i := range evs {
			p := map[string]string{}
			for k, v := range evs[i].Payload {
				p[k] = v
			}
			evs[i].Payload = p
		}
		f(evs)
		return evs
	}
	tests := []struct {
		name       string
		m          meter.Meter
		customer   string
		events     []meter.Event
		adj        []meter.Adjustment
		start, end int64
		want       []error
		field      string
	}{
		{"no event name", meter.Meter{DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum}}, "cus_1", base, nil, april, may, []error{meter.ErrInvalidMeter}, "event_name"},
		{"no formula", apiMeter("", ""), "cus_1", base, nil, april, may, []error{meter.ErrInvalidMeter}, "default_aggregation.formula"},
		{"a formula Stripe may add", apiMeter("max", ""), "cus_1", base, nil, april, may, []error{meter.ErrInvalidMeter, meter.ErrUnsupported}, "default_aggregation.formula"},
		{"a window Stripe may add", apiMeter(meter.FormulaSum, "minute"), "cus_1", base, nil, april, may, []error{meter.ErrInvalidMeter, meter.ErrUnsupported}, "event_time_window"},
		{"a mapping Stripe may add", func() meter.Meter {
			m := ok
			m.CustomerMapping.Type = "by_email"
			return m
		}(), "cus_1", base, nil, april, may, []error{meter.ErrUnsupported}, "customer_mapping.type"},
		{"no customer: would match events without one", ok, "", base, nil, april, may, []error{meter.ErrInvalidQuery}, "customer"},
		{"start after end", ok, "cus_1", base, nil, may, april, []error{meter.ErrInvalidQuery}, "end_time"},
		{"zero start", ok, "cus_1", base, nil, 0, may, []error{meter.ErrInvalidQuery}, "start_time"},
		{"end after 9999", ok, "cus_1", base, nil, april, 253402300800, []error{meter.ErrInvalidQuery}, "end_time"},
		{"customer's event without identifier", ok, "cus_1", with(func(e []meter.Event) { e[3].Identifier = "" }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[3].identifier"},
		{"customer's event without timestamp", ok, "cus_1", with(func(e []meter.Event) { e[2].Timestamp = time.Time{} }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[2].timestamp"},
		{"counted value with an exponent", ok, "cus_1", with(func(e []meter.Event) { e[1].Payload["value"] = "1e3" }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[1].payload.value"},
		{"counted value with 13 places", ok, "cus_1", with(func(e []meter.Event) { e[1].Payload["value"] = "0.0000000000001" }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[1].payload.value"},
		{"counted value with 16 digits", ok, "cus_1", with(func(e []meter.Event) { e[1].Payload["value"] = "1234567890123456" }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[1].payload.value"},
		{"counted event without value", ok, "cus_1", with(func(e []meter.Event) { delete(e[0].Payload, "value") }), nil, april, may, []error{meter.ErrInvalidEvent}, "events[0].payload"},
		{"adjustment without identifier", ok, "cus_1", base, []meter.Adjustment{cancel("ev_1"), cancel("")}, april, may, []error{meter.ErrInvalidAdjustment}, "adjustments[1].cancel.identifier"},
		{"adjustment type Stripe may add", ok, "cus_1", base, []meter.Adjustment{{EventName: "api", Type: "restore", Cancel: meter.Cancel{Identifier: "ev_1"}}}, april, may, []error{meter.ErrInvalidAdjustment, meter.ErrUnsupported}, "adjustments[0].type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var start, end time.Time
			if tt.start != 0 {
				start = at(tt.start)
			}
			if tt.end != 0 {
				end = at(tt.end)
			}
			s, err := meter.Aggregate(tt.m, tt.customer, tt.events, tt.adj, start, end)
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Fatalf("got %v, want it to wrap %v", err, want)
				}
			}
			if !strings.Contains(err.Error(), tt.field+": ") || !strings.HasPrefix(err.Error(), "meter: ") {
				t.Fatalf("error %q does not name %q", err, tt.field)
			}
			if !s.AggregatedValue.IsZero() || s.ID != "" {
				t.Fatalf("a failed Aggregate returns the zero Summary, got %+v", s)
			}
		})
	}
}

// Events that do not count are not read: another customer's garbage, a
// value outside the window, an event of another meter.
func TestAggregate_ReadsOnlyWhatCounts(t *testing.T) {
	base, _ := exampleD()
	evs := append([]meter.Event(nil), base...)
	evs[3].Payload = map[string]string{"stripe_customer_id": "cus_1", "value": "not a number"} // May's
	evs = append(evs,
		meter.Event{EventName: "api", Payload: map[string]string{"stripe_customer_id": "cus_2", "value": "x"}}, // no identifier, no timestamp
		meter.Event{EventName: "other", Identifier: "ev_1", Payload: map[string]string{"stripe_customer_id": "cus_1", "value": "5"}, Timestamp: at(april)},
		meter.Event{EventName: "api", Identifier: "ev_9", Payload: map[string]string{"value": "5"}, Timestamp: at(april)}, // no customer
	)
	for _, f := range []meter.Formula{meter.FormulaSum, meter.FormulaCount, meter.FormulaLast} {
		s, err := meter.Aggregate(apiMeter(f, ""), "cus_1", evs, []meter.Adjustment{{EventName: "other"}}, at(april), at(may))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want := map[meter.Formula]string{meter.FormulaSum: "400", meter.FormulaCount: "3", meter.FormulaLast: "50"}[f]
		if s.AggregatedValue.String() != want {
			t.Fatalf("%s: got %s, want %s", f, s.AggregatedValue, want)
		}
	}
	// count reads no value at all.
	evs[1].Payload = map[string]string{"stripe_customer_id": "cus_1"}
	if s, err := meter.Aggregate(apiMeter(meter.FormulaCount, ""), "cus_1", evs, nil, at(april), at(may)); err != nil || s.AggregatedValue.String() != "3" {
		t.Fatalf("count: %v %v", s.AggregatedValue, err)
	}
}

func TestAggregate_Identifiers(t *testing.T) {
	base, _ := exampleD()
	m := apiMeter(meter.FormulaSum, meter.WindowNone)
	t.Run("the same event delivered three times counts once, unreported", func(t *testing.T) {
		evs := append(append(append([]meter.Event(nil), base...), base[1]), base[1])
		s, err := meter.Aggregate(m, "cus_1", evs, nil, at(april), at(may))
		if err != nil || s.AggregatedValue.String() != "400" {
			t.Fatalf("got %s, %v", s.AggregatedValue, err)
		}
	})
	t.Run("a different event with a used identifier: the first counts, reported", func(t *testing.T) {
		later := event("ev_2", "7", 1744243200+3600)
		later.Created = at(may + 86400*40) // 40 days later: Stripe's 24 hours are long gone
		evs := append([]meter.Event{later}, base...)
		s, err := meter.Aggregate(m, "cus_1", evs, nil, at(april), at(may))
		if !errors.Is(err, meter.ErrDuplicateEvent) {
			t.Fatalf("want ErrDuplicateEvent, got %v", err)
		}
		if s.AggregatedValue.String() != "400" || s.ID == "" {
			t.Fatalf("the summary comes with the report: %+v", s)
		}
		want := `meter: billing.meter_event ev_2: events[0].identifier: events[2] (created 1744243260) has it first and is the one that counts`
		if err.Error() != want {
			t.Fatalf("error (-want +got)\n-%s\n+%s", want, err)
		}
	})
	t.Run("an earlier event of another customer holds the identifier", func(t *testing.T) {
		other := event("ev_1", "5", april-86400*60)
		other.Payload = map[string]string{"stripe_customer_id": "cus_2", "value": "5"}
		s, err := meter.Aggregate(m, "cus_1", append([]meter.Event{other}, base...), nil, at(april), at(may))
		if !errors.Is(err, meter.ErrDuplicateEvent) || s.AggregatedValue.String() != "300" {
			t.Fatalf("got %s, %v; want 300 (ev_1 does not count) and a report", s.AggregatedValue, err)
		}
	})
	t.Run("a cancel removes the first; its duplicate never counts", func(t *testing.T) {
		dup := event("ev_2", "7", 1744243200)
		dup.Created = at(1744243200 + 3600)
		s, err := meter.Aggregate(m, "cus_1", append([]meter.Event{dup}, base...), []meter.Adjustment{cancel("ev_2"), cancel("ev_2"), cancel("nothing")}, at(april), at(may))
		if !errors.Is(err, meter.ErrDuplicateEvent) || s.AggregatedValue.String() != "150" {
			t.Fatalf("got %s, %v", s.AggregatedValue, err)
		}
	})
	t.Run("equal created and timestamp: the payload decides, whatever the order", func(t *testing.T) {
		a := event("ev_x", "1", april)
		b := event("ev_x", "2", april)
		for _, evs := range [][]meter.Event{{a, b}, {b, a}} {
			s, err := meter.Aggregate(m, "cus_1", evs, nil, at(april), at(may))
			if !errors.Is(err, meter.ErrDuplicateEvent) || s.AggregatedValue.String() != "1" {
				t.Fatalf("got %s, %v", s.AggregatedValue, err)
			}
		}
	})
}

func TestAggregate_InactiveMeterCountsTheSame(t *testing.T) {
	base, _ := exampleD()
	m := apiMeter(meter.FormulaSum, "")
	m.Status = meter.StatusInactive
	m.StatusTransitions.DeactivatedAt = at(1744000000) // between ev_1 and ev_2
	s, err := meter.Aggregate(m, "cus_1", base, nil, at(april), at(may))
	if err != nil || s.AggregatedValue.String() != "400" {
		t.Fatalf("got %s, %v", s.AggregatedValue, err)
	}
}

func TestAggregate_Values(t *testing.T) {
	m := apiMeter(meter.FormulaSum, "")
	m.ValueSettings.EventPayloadKey = "tokens"
	m.CustomerMapping.EventPayloadKey = "customer"
	mk := func(id, v string) meter.Event {
		return meter.Event{EventName: "api", Identifier: id, Timestamp: at(april), Payload: map[string]string{"customer": "cus_1", "tokens": v}}
	}
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"integers", []string{"1", "2", "3"}, "6"},
		{"fractions exactly: 0.1 + 0.2", []string{"0.1", "0.2"}, "0.3"},
		{"twelve places", []string{"0.000000000001", "0.000000000002"}, "0.000000000003"},
		{"negative values", []string{"10", "-2.5"}, "7.5"},
		{"insignificant zeros", []string{"007", "1.500000000000000000", "-0"}, "8.5"},
		{"fifteen digits", []string{"999999999999999", "999999999999999"}, "1999999999999998"},
		{"fifteen digits with places", []string{"123.456789012345", "0.000000000001"}, "123.456789012346"},
		{"integer sum beyond int64", []string{"999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999", "999999999999999"}, "9999999999999990"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var evs []meter.Event
			for i, v := range tt.values {
				evs = append(evs, mk(string(rune('a'+i)), v))
			}
			s, err := meter.Aggregate(m, "cus_1", evs, nil, at(april), at(may))
			if err != nil {
				t.Fatal(err)
			}
			if s.AggregatedValue.String() != tt.want {
				t.Fatalf("(-want +got)\n-%s\n+%s", tt.want, s.AggregatedValue)
			}
		})
	}
	for _, bad := range []string{"", "-", "+1", ".5", "5.", "1.2.3", " 1", "1 ", "1e3", "0x10", "1,5", "١", "0.0000000000001", "1000000000000000", "0.1234567890123456"} {
		if _, err := m.Value(mk("a", bad)); !errors.Is(err, meter.ErrInvalidEvent) {
			t.Errorf("value %q: want ErrInvalidEvent, got %v", bad, err)
		}
	}
	if v, err := m.Value(mk("a", "0.000000000001000")); err != nil || !v.Equal(decimal.New(1, -12)) {
		t.Errorf("trailing zeros: %v %v", v, err)
	}
}

// The integer sum beyond int64: 10^4 values of 999999999999999 (about
// 10^19) is carried into 128 bits, not wrapped.
func TestAggregate_IntegerSumCarries(t *testing.T) {
	evs := make([]meter.Event, 10_000)
	for i := range evs {
		evs[i] = event("ev_"+itoa(i), "999999999999999", april+int64(i))
	}
	s, err := meter.Aggregate(apiMeter(meter.FormulaSum, ""), "cus_1", evs, nil, at(april), at(may))
	if err != nil {
		t.Fatal(err)
	}
	if want := "9999999999999990000"; s.AggregatedValue.String() != want {
		t.Fatalf("got %s, want %s", s.AggregatedValue, want)
	}
	neg := make([]meter.Event, len(evs))
	for i := range evs {
		neg[i] = event("ev_"+itoa(i), "-99999999999999.5", april+int64(i))
	}
	s, err = meter.Aggregate(apiMeter(meter.FormulaSum, ""), "cus_1", neg, nil, at(april), at(may))
	if err != nil {
		t.Fatal(err)
	}
	if want := "-999999999999995000"; s.AggregatedValue.String() != want {
		t.Fatalf("got %s, want %s", s.AggregatedValue, want)
	}
}

func itoa(i int) string {
	return decimal.NewFromInt(int64(i)).String()
}

func TestSummary_Quantity(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want int64
		err  error
	}{
		{"400", 400, nil},
		{"0", 0, nil},
		{"2.5", 0, meter.ErrUnsupported},
		{"99999999999999999999", 0, meter.ErrUnsupported},
	} {
		q, err := meter.Summary{AggregatedValue: decimal.RequireFromString(tt.v)}.Quantity()
		if q != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%s: got %d, %v", tt.v, q, err)
		}
	}
	if f := (meter.Summary{AggregatedValue: decimal.RequireFromString("0.1")}).Float64(); f != 0.1 {
		t.Errorf("Float64: %v", f)
	}
}

func TestValidate(t *testing.T) {
	err := meter.Meter{DefaultAggregation: meter.DefaultAggregation{Formula: "max"}, EventTimeWindow: "week", Status: "paused"}.Validate()
	for _, field := range []string{"id", "event_name", "default_aggregation.formula", "event_time_window", "status"} {
		if !strings.Contains(err.Error(), " "+field+": ") && !strings.HasPrefix(err.Error(), "meter: billing.meter: "+field) {
			t.Errorf("meter: %q not reported in\n%v", field, err)
		}
	}
	if !errors.Is(err, meter.ErrInvalidMeter) || !errors.Is(err, meter.ErrUnsupported) {
		t.Errorf("meter: %v", err)
	}
	if err := apiMeter(meter.FormulaLast, meter.WindowDay).Validate(); err != nil {
		t.Errorf("valid meter: %v", err)
	}
	err = meter.Event{}.Validate()
	for _, field := range []string{"event_name", "identifier", "timestamp"} {
		if !strings.Contains(err.Error(), field+": is required") {
			t.Errorf("event: %q not reported in\n%v", field, err)
		}
	}
	if err := event("ev_1", "1", april).Validate(); err != nil {
		t.Errorf("valid event: %v", err)
	}
	err = meter.Adjustment{Type: "restore"}.Validate()
	if !errors.Is(err, meter.ErrInvalidAdjustment) || !errors.Is(err, meter.ErrUnsupported) || !strings.Contains(err.Error(), "event_name: is required") {
		t.Errorf("adjustment: %v", err)
	}
	if err := cancel("ev_1").Validate(); err != nil {
		t.Errorf("valid adjustment: %v", err)
	}
}

// Aggregate allocates a fixed number of times whatever the number of
// events, adjustments, duplicates and formulas: the manual's section Speed.
func TestAggregate_AllocationsDoNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: aggregates 1,000 and 20,000 events six times for each of four meters to count allocations; run without -short")
	}
	for _, c := range []struct {
		formula meter.Formula
		window  meter.TimeWindow
	}{{meter.FormulaSum, ""}, {meter.FormulaCount, ""}, {meter.FormulaLast, meter.WindowHour}, {meter.FormulaSum, meter.WindowDay}} {
		counts := map[int]float64{}
		for _, n := range []int{1_000, 20_000} {
			events, adj := benchInput(n, true)
			adj = append(adj, adj...)
			m := apiMeter(c.formula, c.window)
			counts[n] = testing.AllocsPerRun(5, func() {
				if _, err := meter.Aggregate(m, "cus_1", events, adj, at(april), at(may)); err != nil {
					t.Fatal(err)
				}
			})
		}
		if counts[1_000] != counts[20_000] || counts[20_000] > 24 {
			t.Errorf("%s/%s: %v allocations at 1,000 events, %v at 20,000", c.formula, c.window, counts[1_000], counts[20_000])
		}
	}
}
