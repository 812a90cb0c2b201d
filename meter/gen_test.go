package meter_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/meter"
	"pgregory.net/rapid"
)

// scenario is one call of Aggregate.
type scenario struct {
	m          meter.Meter
	customer   string
	events     []meter.Event
	adj        []meter.Adjustment
	start, end time.Time
}

// String prints the scenario for a failure message.
func (sc scenario) String() string {
	m, _ := json.Marshal(sc.m)
	var b strings.Builder
	fmt.Fprintf(&b, "meter %s\ncustomer %s window [%d, %d)\n", m, sc.customer, sc.start.Unix(), sc.end.Unix())
	for i, ev := range sc.events {
		e, _ := json.Marshal(ev)
		fmt.Fprintf(&b, "events[%d] %s\n", i, e)
	}
	for i, a := range sc.adj {
		e, _ := json.Marshal(a)
		fmt.Fprintf(&b, "adjustments[%d] %s\n", i, e)
	}
	return b.String()
}

func (sc scenario) fast() (meter.Summary, error) {
	return meter.Aggregate(sc.m, sc.customer, sc.events, sc.adj, sc.start, sc.end)
}

func (sc scenario) slow() (string, error) {
	v, err := slowAggregate(sc.m, sc.customer, sc.events, sc.adj, sc.start, sc.end)
	return v.String(), err
}

// rare draws true about once in n (shrinking toward false).
func rare(t *rapid.T, n int, label string) bool {
	return rapid.IntRange(0, n-1).Draw(t, label) == n-1
}

var (
	validValues = []string{"0", "1", "2", "25", "100", "-3", "0.5", "1.25", "0.000000000001", "999999999999999",
		"-999999999999999", "123.456789012345", "0.1", "0.2", "007", "1.500", "99999999999999.9"}
	invalidValues = []string{"", "abc", "1e3", "+1", ".5", "0.0000000000001", "1234567890123456"}
)

// genMeter draws a meter of event name "api" with any formula, window and
// payload keys.
func genMeter(t *rapid.T) meter.Meter {
	m := meter.Meter{
		ID:                 "mtr_" + rapid.StringMatching(`[a-z0-9]{1,6}`).Draw(t, "meter id"),
		EventName:          "api",
		DefaultAggregation: meter.DefaultAggregation{Formula: rapid.SampledFrom([]meter.Formula{meter.FormulaSum, meter.FormulaCount, meter.FormulaLast}).Draw(t, "formula")},
		EventTimeWindow:    rapid.SampledFrom([]meter.TimeWindow{meter.WindowNone, meter.WindowHour, meter.WindowDay}).Draw(t, "window"),
		Status:             rapid.SampledFrom([]meter.Status{meter.StatusActive, meter.StatusInactive}).Draw(t, "status"),
		Livemode:           rapid.Bool().Draw(t, "livemode"),
	}
	m.CustomerMapping.EventPayloadKey = rapid.SampledFrom([]string{"", "customer"}).Draw(t, "customer key")
	m.ValueSettings.EventPayloadKey = rapid.SampledFrom([]string{"", "amount"}).Draw(t, "value key")
	return m
}

// genEvents draws events over three days from april, of cus_1 mostly,
// with identifiers from a small pool (so some are shared), created
// instants on a 10-minute grid (so some tie), copies of earlier events
// (deliveries again), and now and then an invalid value, identifier or
// timestamp.
func genEvents(t *rapid.T, m meter.Meter, valid bool) []meter.Event {
	n := rapid.IntRange(0, 30).Draw(t, "events")
	pool := rapid.IntRange(1, 2*n+1).Draw(t, "identifier pool")
	ck, vk := m.CustomerKey(), m.ValueKey()
	hours := rapid.SampledFrom([]int64{3, 71}).Draw(t, "hours spread") // few hours: many ties
	events := make([]meter.Event, 0, n)
	for i := 0; i < n; i++ {
		if i > 0 && rare(t, 8, "again") {
			events = append(events, events[rapid.IntRange(0, i-1).Draw(t, "copy of")])
			continue
		}
		ev := meter.Event{
			EventName:  "api",
			Identifier: "ev_" + strconv.Itoa(rapid.IntRange(0, pool-1).Draw(t, "identifier")),
			Payload:    map[string]string{},
			Timestamp:  at(april + 3600*rapid.Int64Range(0, hours).Draw(t, "hour") + rapid.SampledFrom([]int64{0, 1, 1800, 3599}).Draw(t, "second")),
			Created:    at(april + 600*rapid.Int64Range(-6, 500).Draw(t, "created")),
			Livemode:   rare(t, 10, "livemode"),
		}
		if rare(t, 10, "other meter") {
			ev.EventName = "other"
		}
		if c := rapid.SampledFrom([]string{"cus_1", "cus_1", "cus_1", "cus_2", ""}).Draw(t, "customer"); c != "" {
			ev.Payload[ck] = c
		}
		if !valid && rare(t, 40, "bad value") {
			ev.Payload[vk] = rapid.SampledFrom(invalidValues).Draw(t, "invalid value")
		} else {
			ev.Payload[vk] = rapid.SampledFrom(validValues).Draw(t, "value")
		}
		if rare(t, 6, "extra key") {
			ev.Payload["region"] = rapid.SampledFrom([]string{"eu", "us"}).Draw(t, "region")
		}
		if !valid && rare(t, 60, "no identifier") {
			ev.Identifier = ""
		}
		if !valid && rare(t, 60, "no timestamp") {
			ev.Timestamp = time.Time{}
		}
		if rare(t, 20, "zero created") {
			ev.Created = time.Time{}
		}
		events = append(events, ev)
	}
	return events
}

func genAdjustments(t *rapid.T, events []meter.Event, valid bool) []meter.Adjustment {
	n := rapid.IntRange(0, 5).Draw(t, "adjustments")
	adj := make([]meter.Adjustment, n)
	for i := range adj {
		a := meter.Adjustment{
			EventName: "api",
			Type:      rapid.SampledFrom([]meter.AdjustmentType{"", meter.AdjustmentCancel}).Draw(t, "type"),
			Status:    rapid.SampledFrom([]meter.AdjustmentStatus{meter.AdjustmentPending, meter.AdjustmentComplete}).Draw(t, "status"),
		}
		if len(events) > 0 && !rare(t, 4, "unknown identifier") {
			a.Cancel.Identifier = events[rapid.IntRange(0, len(events)-1).Draw(t, "cancels")].Identifier
		} else {
			a.Cancel.Identifier = "ev_none"
		}
		if rare(t, 10, "other meter's adjustment") {
			a.EventName = "other"
		}
		if !valid && rare(t, 30, "invalid adjustment") {
			a.Cancel.Identifier = ""
		}
		if a.Cancel.Identifier == "" && valid {
			a.Cancel.Identifier = "ev_none"
		}
		adj[i] = a
	}
	return adj
}

// genWindow draws [start, end) around the events' three days, unaligned
// now and then.
func genWindow(t *rapid.T) (time.Time, time.Time) {
	s := april + 3600*rapid.Int64Range(-2, 73).Draw(t, "start hour") + rapid.SampledFrom([]int64{0, 0, 1, 1800}).Draw(t, "start second")
	e := s + 1800*rapid.Int64Range(0, 100).Draw(t, "length") + rapid.SampledFrom([]int64{0, 0, 1, 3599}).Draw(t, "end second")
	return at(s), at(e)
}

// genScenario draws a whole call; with valid, no event, adjustment or
// value is invalid (duplicates may still be reported).
func genScenario(t *rapid.T, valid bool) scenario {
	m := genMeter(t)
	events := genEvents(t, m, valid)
	start, end := genWindow(t)
	return scenario{m: m, customer: "cus_1", events: events, adj: genAdjustments(t, events, valid), start: start, end: end}
}
