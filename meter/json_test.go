package meter_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
)

// objectFile is a testdata file: Stripe objects by object name.
type objectFile struct {
	Objects   map[string]json.RawMessage `json:"objects"`
	Reencoded map[string]json.RawMessage `json:"reencoded"`
}

func readObjects(t testing.TB, name string) objectFile {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var f objectFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// newObject returns a pointer to a zero value of the type modelling the
// Stripe object name.
func newObject(name string) any {
	switch name {
	case meter.ObjectMeter:
		return new(meter.Meter)
	case meter.ObjectEvent:
		return new(meter.Event)
	case meter.ObjectAdjustment:
		return new(meter.Adjustment)
	case meter.ObjectSummary:
		return new(meter.Summary)
	}
	panic("no type for " + name)
}

var objectNames = []string{meter.ObjectMeter, meter.ObjectEvent, meter.ObjectAdjustment, meter.ObjectSummary}

// tb is what testing.T and rapid.T share.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func roundTrip(t tb, name string, doc []byte) []byte {
	t.Helper()
	v := newObject(name)
	if err := json.Unmarshal(doc, v); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, doc)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func mustEqualJSON(t testing.TB, want, got []byte) {
	t.Helper()
	if ok, err := wiretest.Equal(want, got); err != nil || !ok {
		t.Fatalf("JSON differs (err %v)\n-%s\n+%s", err, want, got)
	}
}

func TestJSON_FixturesRoundTrip(t *testing.T) {
	f := readObjects(t, "meter-fixtures.json")
	for _, name := range objectNames {
		t.Run(name, func(t *testing.T) {
			doc := f.Objects[name]
			if doc == nil {
				t.Fatal("fixture missing")
			}
			mustEqualJSON(t, doc, roundTrip(t, name, doc))
		})
	}
}

func TestJSON_FixturesDecodeToTheirValues(t *testing.T) {
	f := readObjects(t, "meter-fixtures.json")
	var m meter.Meter
	if err := json.Unmarshal(f.Objects[meter.ObjectMeter], &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != "meter_123" || m.CustomerKey() != "customer" || m.ValueKey() != "value" || m.DefaultAggregation.Formula != meter.FormulaSum ||
		m.EventTimeWindow != meter.WindowNone || m.Status != meter.StatusActive || !m.StatusTransitions.DeactivatedAt.IsZero() ||
		!m.Created.Equal(time.Unix(1234567890, 0)) || !m.Livemode || m.CustomerMapping.Type != meter.CustomerMappingByID {
		t.Errorf("meter: %+v", m)
	}
	var e meter.Event
	if err := json.Unmarshal(f.Objects[meter.ObjectEvent], &e); err != nil {
		t.Fatal(err)
	}
	if e.Identifier != "1234-1234" || e.Payload["stripe_customer_id"] != "cus_123" || e.Payload["value"] != "25" || !e.Timestamp.Equal(time.Unix(1234567890, 0)) {
		t.Errorf("event: %+v", e)
	}
	var a meter.Adjustment
	if err := json.Unmarshal(f.Objects[meter.ObjectAdjustment], &a); err != nil {
		t.Fatal(err)
	}
	if a.Cancel.Identifier != "1234-1234" || a.Type != meter.AdjustmentCancel || a.Status != meter.AdjustmentComplete {
		t.Errorf("adjustment: %+v", a)
	}
	var s meter.Summary
	if err := json.Unmarshal(f.Objects[meter.ObjectSummary], &s); err != nil {
		t.Fatal(err)
	}
	if !s.AggregatedValue.Equal(decimal.NewFromInt(25)) || s.ID != "mtrusg_123" || s.Meter != "mtr_test_61Q8nQMqIFK9fRQmr41CMAXJrFdZ5MnA" {
		t.Errorf("summary: %+v", s)
	}
}

// stripe-go writes 0 for a nil time and "" for a null string: both decode
// as null, and re-encode as null.
func TestJSON_StripeGoShapes(t *testing.T) {
	f := readObjects(t, "stripe-go-shapes.json")
	for _, name := range objectNames {
		t.Run(name, func(t *testing.T) {
			mustEqualJSON(t, f.Reencoded[name], roundTrip(t, name, f.Objects[name]))
		})
	}
	var m meter.Meter
	if err := json.Unmarshal(f.Objects[meter.ObjectMeter], &m); err != nil {
		t.Fatal(err)
	}
	if m.DisplayName != "" || m.EventTimeWindow != meter.WindowNone || !m.StatusTransitions.DeactivatedAt.IsZero() || !m.Updated.IsZero() {
		t.Errorf("meter: %+v", m)
	}
	var e meter.Event
	if err := json.Unmarshal(f.Objects[meter.ObjectEvent], &e); err != nil {
		t.Fatal(err)
	}
	if !e.Created.IsZero() || !e.Timestamp.IsZero() || e.Payload != nil || e.Identifier != "" {
		t.Errorf("event: %+v", e)
	}
}

// A value built in Go encodes in the basil shape: every key, nested
// objects as objects.
func TestJSON_GoBuiltShape(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"zero meter", meter.Meter{}, `{"id":null,"object":"billing.meter","created":0,"customer_mapping":{"event_payload_key":null,"type":null},"default_aggregation":{"formula":null},"display_name":null,"event_name":null,"event_time_window":null,"livemode":false,"status":null,"status_transitions":{"deactivated_at":null},"updated":0,"value_settings":{"event_payload_key":null}}`},
		{"meter", meter.Meter{ID: "mtr_1", EventName: "api", DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum}, EventTimeWindow: meter.WindowDay, Status: meter.StatusInactive, StatusTransitions: meter.StatusTransitions{DeactivatedAt: at(1744000000)}, CustomerMapping: meter.CustomerMapping{EventPayloadKey: "customer", Type: meter.CustomerMappingByID}, Created: at(1712000000), Updated: at(1744000000)},
			`{"id":"mtr_1","object":"billing.meter","created":1712000000,"customer_mapping":{"event_payload_key":"customer","type":"by_id"},"default_aggregation":{"formula":"sum"},"display_name":null,"event_name":"api","event_time_window":"day","livemode":false,"status":"inactive","status_transitions":{"deactivated_at":1744000000},"updated":1744000000,"value_settings":{"event_payload_key":null}}`},
		{"event", event("ev_1", "100", april), `{"object":"billing.meter_event","created":1743465660,"event_name":"api","identifier":"ev_1","livemode":false,"payload":{"stripe_customer_id":"cus_1","value":"100"},"timestamp":1743465600}`},
		{"adjustment", cancel("ev_2"), `{"object":"billing.meter_event_adjustment","cancel":{"identifier":"ev_2"},"event_name":"api","livemode":false,"status":"complete","type":"cancel"}`},
		{"zero adjustment", meter.Adjustment{}, `{"object":"billing.meter_event_adjustment","cancel":{"identifier":null},"event_name":null,"livemode":false,"status":null,"type":null}`},
		{"summary", meter.Summary{ID: "mtrusg_1", AggregatedValue: decimal.RequireFromString("0.125"), Meter: "mtr_1", StartTime: at(april), EndTime: at(may)},
			`{"id":"mtrusg_1","object":"billing.meter_event_summary","aggregated_value":0.125,"end_time":1746057600,"livemode":false,"meter":"mtr_1","start_time":1743465600}`},
		{"zero summary", meter.Summary{}, `{"id":null,"object":"billing.meter_event_summary","aggregated_value":0,"end_time":0,"livemode":false,"meter":null,"start_time":0}`},
		{"nested on its own", meter.CustomerMapping{EventPayloadKey: "customer"}, `{"event_payload_key":"customer","type":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			mustEqualJSON(t, []byte(tt.want), out)
		})
	}
}

// A decoded object keeps its shape: absent keys stay absent, null nested
// objects stay null, {} stays {}, unknown keys at every level survive.
func TestJSON_DecodedShapeKept(t *testing.T) {
	tests := []struct{ name, object, doc string }{
		{"sparse meter", meter.ObjectMeter, `{"id":"mtr_1","event_name":"api"}`},
		{"null nested objects", meter.ObjectMeter, `{"id":"mtr_1","customer_mapping":null,"default_aggregation":null,"status_transitions":null,"value_settings":null}`},
		{"empty nested objects", meter.ObjectMeter, `{"customer_mapping":{},"default_aggregation":{},"status_transitions":{},"value_settings":{}}`},
		{"unknown keys nested", meter.ObjectMeter, `{"customer_mapping":{"type":"by_id","x_new":[1,{"a":null}]},"default_aggregation":{"formula":"sum","x_f":true},"x_top":"v"}`},
		{"event with unknown payload keys", meter.ObjectEvent, `{"identifier":"ev_1","payload":{"value":"1","region":"eu"},"x":1}`},
		{"adjustment, null cancel", meter.ObjectAdjustment, `{"cancel":null,"type":"cancel"}`},
		{"summary with a float's digits", meter.ObjectSummary, `{"aggregated_value":12.300000000000001}`},
		{"summary with an exponent", meter.ObjectSummary, `{"aggregated_value":1e-05,"id":"mtrusg_1"}`},
		{"summary with trailing zeros", meter.ObjectSummary, `{"aggregated_value":2.50}`},
		{"summary with null value", meter.ObjectSummary, `{"aggregated_value":null}`},
		{"summary with an expanded meter", meter.ObjectSummary, `{"meter":"mtr_1"}`},
		{"empty", meter.ObjectEvent, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := roundTrip(t, tt.object, []byte(tt.doc))
			// wiretest.Equal compares numbers as written: digits are kept.
			mustEqualJSON(t, []byte(tt.doc), out)
		})
	}
}

func TestJSON_SummaryChangedValueWritesItsDigits(t *testing.T) {
	var s meter.Summary
	if err := json.Unmarshal([]byte(`{"aggregated_value":2.50}`), &s); err != nil {
		t.Fatal(err)
	}
	s.AggregatedValue = decimal.RequireFromString("2.5")
	out, _ := json.Marshal(s)
	mustEqualJSON(t, []byte(`{"aggregated_value":2.50}`), out) // equal value: as written
	s.AggregatedValue = decimal.RequireFromString("3.75")
	out, _ = json.Marshal(s)
	mustEqualJSON(t, []byte(`{"aggregated_value":3.75}`), out)
}

func TestJSON_AggregateSummary(t *testing.T) {
	base, _ := exampleD()
	s, err := meter.Aggregate(apiMeter(meter.FormulaSum, ""), "cus_1", base, nil, at(april), at(may))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(s)
	want := `{"id":"` + s.ID + `","object":"billing.meter_event_summary","aggregated_value":400,"end_time":1746057600,"livemode":false,"meter":"mtr_1","start_time":1743465600}`
	mustEqualJSON(t, []byte(want), out)
	var back meter.Summary
	if err := json.Unmarshal(out, &back); err != nil || !back.AggregatedValue.Equal(s.AggregatedValue) || back.ID != s.ID {
		t.Fatalf("decoding our own summary: %+v %v", back, err)
	}
	again, _ := meter.Aggregate(apiMeter(meter.FormulaSum, ""), "cus_1", base, nil, at(april), at(may))
	if again.ID != s.ID {
		t.Fatalf("summary ids differ for the same question: %s %s", s.ID, again.ID)
	}
}

func TestJSON_Problems(t *testing.T) {
	tests := []struct{ name, object, doc, want string }{
		{"another object", meter.ObjectMeter, `{"id":"mtr_1","object":"price"}`, `meter: billing.meter mtr_1: object: want "billing.meter", got "price"`},
		{"case variant of a key", meter.ObjectEvent, `{"Identifier":"x"}`, `meter: billing.meter_event: Identifier: keys are case-sensitive: "Identifier" is not "identifier"`},
		{"case variant nested", meter.ObjectMeter, `{"value_settings":{"EVENT_PAYLOAD_KEY":"v"}}`, `value_settings.EVENT_PAYLOAD_KEY: keys are case-sensitive`},
		{"payload value not a string", meter.ObjectEvent, `{"payload":{"value":25}}`, `payload.value: want a string or null, got a number`},
		{"aggregated_value as a string", meter.ObjectSummary, `{"aggregated_value":"25"}`, `aggregated_value: want a number, got a string`},
		{"aggregated_value out of range", meter.ObjectSummary, `{"aggregated_value":1e999}`, `aggregated_value: "1e999" is out of range`},
		{"negative time", meter.ObjectEvent, `{"timestamp":-1}`, `timestamp: unix time -1 is outside`},
		{"time after 9999", meter.ObjectMeter, `{"status_transitions":{"deactivated_at":253402300800}}`, `status_transitions.deactivated_at: unix time`},
		{"nested not an object", meter.ObjectAdjustment, `{"cancel":"ev_1"}`, `cancel: want an object or null, got a string`},
		{"malformed", meter.ObjectSummary, `{"id":`, `meter: billing.meter_event_summary: unexpected end of JSON input`},
		{"not an object", meter.ObjectMeter, `[]`, `want an object or null, got an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := newObject(tt.object).(json.Unmarshaler).UnmarshalJSON([]byte(tt.doc))
			if !errors.Is(err, meter.ErrInvalidJSON) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want ErrInvalidJSON containing %q", err, tt.want)
			}
			var fe *meter.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("not a *FieldError: %T", err)
			}
		})
	}
}
