package stripego_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
	stripe "github.com/stripe/stripe-go/v82"
	"pgregory.net/rapid"
)

// meterOutcome is what the meter objects compute, as comparable text: the
// meter's Validate, each event's Validate and value under the meter, and
// Aggregate of the customer's usage on [start, end), with its summary.
func meterOutcome(t tb, m meter.Meter, events []meter.Event, adj []meter.Adjustment, customer string, start, end time.Time) (string, meter.Summary) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "meter: %s\n", errString(m.Validate()))
	for _, e := range events {
		v, err := m.Value(e)
		fmt.Fprintf(&b, "event %s: %s, value %s (%s)\n", e.Identifier, errString(e.Validate()), v, errString(err))
	}
	for _, a := range adj {
		fmt.Fprintf(&b, "adjustment of %s: %s\n", a.Cancel.Identifier, errString(a.Validate()))
	}
	s, err := meter.Aggregate(m, customer, events, adj, start, end)
	fmt.Fprintf(&b, "aggregate: %s (%s)\n", s.AggregatedValue, errString(err))
	return b.String(), s
}

// tripMeterObjects sends a meter, its events and adjustments through
// stripe.BillingMeter, stripe.BillingMeterEvent and
// stripe.BillingMeterEventAdjustment and checks each, then that they
// aggregate the same, and that the summary goes through
// stripe.BillingMeterEventSummary.
func tripMeterObjects(t tb, m meter.Meter, events []meter.Event, adj []meter.Adjustment, customer string, start, end time.Time) {
	t.Helper()
	_, gm := tripBasil[stripe.BillingMeter, meter.Meter](t, "meter "+m.ID, mustJSON(t, m))
	ge := make([]meter.Event, len(events))
	for i, e := range events {
		_, ge[i] = tripBasil[stripe.BillingMeterEvent, meter.Event](t, "event "+e.Identifier, mustJSON(t, e))
	}
	ga := make([]meter.Adjustment, len(adj))
	for i, a := range adj {
		_, ga[i] = tripBasil[stripe.BillingMeterEventAdjustment, meter.Adjustment](t, "adjustment of "+a.Cancel.Identifier, mustJSON(t, a))
	}
	want, ws := meterOutcome(t, m, events, adj, customer, start, end)
	got, _ := meterOutcome(t, gm, ge, ga, customer, start, end)
	if want != got {
		t.Fatalf("the meter objects after stripe-go compute differently:\nwant %s\n got %s", want, got)
	}
	_, gs := tripBasil[stripe.BillingMeterEventSummary, meter.Summary](t, "summary", mustJSON(t, ws))
	checkSummaryTrip(t, ws, gs)
}

// checkSummaryTrip checks a summary read back after stripe-go against the
// one Aggregate computed: stripe-go carries Summary.Float64, and a
// quantity, where the value is an integer float64 holds exactly.
func checkSummaryTrip(t tb, want, got meter.Summary) {
	t.Helper()
	if got.Float64() != want.Float64() {
		t.Fatalf("aggregated_value after stripe-go is %v, want %v (Summary.Float64)", got.Float64(), want.Float64())
	}
	if want.AggregatedValue.IsInteger() && want.AggregatedValue.Abs().LessThan(decimal.New(1, 15)) {
		wq, werr := want.Quantity()
		gq, gerr := got.Quantity()
		if wq != gq || errString(werr) != errString(gerr) {
			t.Fatalf("Quantity after stripe-go = %d (%s), want %d (%s)", gq, errString(gerr), wq, errString(werr))
		}
	}
}

// The library's meters (raw, a day window, last; active and deactivated),
// events and adjustments go through stripe-go and aggregate the same.
func TestMeter_StripeGoLibrary(t *testing.T) {
	events := append(libEvents(),
		meter.Event{Created: utc(apr10 + 60), EventName: "api_calls", Identifier: "ev_dec", Timestamp: utc(apr10 + 30),
			Payload: map[string]string{"stripe_customer_id": "cus_lib", "value": "0.125"}},
		meter.Event{Created: utc(apr16), EventName: "api_calls", Identifier: "ev_other", Timestamp: utc(apr16),
			Payload: map[string]string{"stripe_customer_id": "cus_other", "value": "7"}},
		meter.Event{Created: utc(apr16), EventName: "api_calls", Identifier: "ev_bad", Timestamp: utc(apr16),
			Payload: map[string]string{"stripe_customer_id": "cus_lib", "value": "1e3"}})
	adj := []meter.Adjustment{
		{Cancel: meter.Cancel{Identifier: "ev_bad"}, EventName: "api_calls", Status: meter.AdjustmentComplete, Type: meter.AdjustmentCancel},
		{Cancel: meter.Cancel{Identifier: "ev_2"}, EventName: "api_calls", Status: meter.AdjustmentPending, Type: meter.AdjustmentCancel},
	}
	day := libMeter()
	day.ID, day.EventTimeWindow = "mtr_day", meter.WindowDay
	last := libMeter()
	last.ID, last.DefaultAggregation.Formula = "mtr_last", meter.FormulaLast
	off := libMeter()
	off.ID, off.Status, off.StatusTransitions.DeactivatedAt = "mtr_off", meter.StatusInactive, utc(may20)
	empty := libMeter()
	empty.ID, empty.CustomerMapping, empty.ValueSettings = "mtr_defaults", meter.CustomerMapping{}, meter.ValueSettings{}
	for _, m := range []meter.Meter{libMeter(), day, last, off, empty} {
		t.Run(m.ID, func(t *testing.T) {
			for _, w := range [][2]int64{{apr1, may1}, {apr10, apr10 + 3600}, {apr1, jun1}} {
				tripMeterObjects(t, m, events, adj, "cus_lib", utc(w[0]), utc(w[1]))
			}
			tripMeterObjects(t, m, events, nil, "cus_lib", utc(apr1), utc(may1))
		})
	}
}

// decimalValue draws an event value as the meter package accepts it: at
// most 15 digits, at most 12 of them after the point, maybe negative.
func decimalValue() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		digits := rapid.IntRange(1, 15).Draw(t, "digits")
		places := rapid.IntRange(0, min(12, digits-1)).Draw(t, "places")
		var b strings.Builder
		if rapid.Bool().Draw(t, "negative") {
			b.WriteByte('-')
		}
		for i := range digits {
			if i == digits-places && places > 0 {
				b.WriteByte('.')
			}
			b.WriteByte(byte('0' + rapid.IntRange(0, 9).Draw(t, "digit")))
		}
		return b.String()
	})
}

// Aggregates of generated usage: the summary goes through
// stripe.BillingMeterEventSummary with its value at float64 precision (a
// named loss: exact to 15 significant digits, so a single event's value
// always), and the events and the meter aggregate the same after.
func TestMeterEventSummary_StripeGoGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := libMeter()
		m.DefaultAggregation.Formula = rapid.SampledFrom([]meter.Formula{meter.FormulaSum, meter.FormulaCount, meter.FormulaLast}).Draw(t, "formula")
		m.EventTimeWindow = rapid.SampledFrom([]meter.TimeWindow{meter.WindowNone, meter.WindowHour, meter.WindowDay}).Draw(t, "window")
		values := rapid.SliceOfN(decimalValue(), 1, 8).Draw(t, "values")
		events := make([]meter.Event, len(values))
		for i, v := range values {
			at := apr1 + rapid.Int64Range(0, 3*86400).Draw(t, "at")
			events[i] = meter.Event{Created: utc(at + int64(i)), EventName: "api_calls", Identifier: fmt.Sprintf("ev_%d", i), Timestamp: utc(at),
				Payload: map[string]string{"stripe_customer_id": "cus_lib", "value": v}}
		}
		tripMeterObjects(t, m, events, nil, "cus_lib", utc(apr1), utc(apr1+3*86400))
		if len(values) == 1 && m.DefaultAggregation.Formula == meter.FormulaSum {
			s, err := meter.Aggregate(m, "cus_lib", events, nil, utc(apr1), utc(apr1+4*86400))
			if err != nil {
				t.Fatal(err)
			}
			_, got := tripBasil[stripe.BillingMeterEventSummary, meter.Summary](t, "summary", mustJSON(t, s))
			if !got.AggregatedValue.Equal(s.AggregatedValue) {
				t.Fatalf("a single value of at most 15 digits after stripe-go: %s, want %s", got.AggregatedValue, s.AggregatedValue)
			}
		}
	})
}

// (a) and (b) for the meter objects in Stripe's fixtures.
func TestMeter_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.BillingMeter, meter.Meter](t, "billing.meter", 1, func(t *testing.T, direct, got meter.Meter) {
		if errString(direct.Validate()) != errString(got.Validate()) {
			t.Fatalf("Validate after stripe-go: %v, want %v", got.Validate(), direct.Validate())
		}
	})
	basilFixtures[stripe.BillingMeterEvent, meter.Event](t, "billing.meter_event", 1, nil)
	basilFixtures[stripe.BillingMeterEventAdjustment, meter.Adjustment](t, "billing.meter_event_adjustment", 1, nil)
	basilFixtures[stripe.BillingMeterEventSummary, meter.Summary](t, "billing.meter_event_summary", 1, func(t *testing.T, direct, got meter.Summary) {
		checkSummaryTrip(t, direct, got)
	})
}

// decimal17 is a sum of event values float64 cannot hold: 17 significant
// digits.
func decimal17() decimal.Decimal { return decimal.RequireFromString("1100000000000.0001") }
