package meter_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Property: every fixture, with unknown keys injected at the top level,
// decodes and re-encodes to the same JSON.
func TestProperty_JSONFixturesWithUnknownKeys(t *testing.T) {
	files := []objectFile{readObjects(t, "meter-fixtures.json"), readObjects(t, "stripe-go-shapes.json")}
	for _, name := range objectNames {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				doc := rapid.SampledFrom([]json.RawMessage{files[0].Objects[name], files[1].Reencoded[name]}).Draw(t, "fixture")
				doc = wiretest.Inject(t, doc)
				out := roundTrip(t, name, doc)
				if ok, err := wiretest.Equal(doc, out); err != nil || !ok {
					t.Fatalf("round trip\nin  %s\nout %s", doc, out)
				}
			})
		})
	}
}

func genTime(t *rapid.T, label string) time.Time {
	if rapid.Bool().Draw(t, label+" set") {
		return at(rapid.Int64Range(1, 253402300799).Draw(t, label))
	}
	return time.Time{}
}

func genString(t *rapid.T, label string) string {
	return rapid.OneOf(rapid.Just(""), rapid.StringMatching(`[a-z_]{1,8}`), rapid.String()).Draw(t, label)
}

// genObject draws a Go-built value of the object type name, every field
// free (the codec must carry any value, valid or not).
func genObject(t *rapid.T, name string) any {
	switch name {
	case meter.ObjectMeter:
		return meter.Meter{
			ID:                 genString(t, "id"),
			Created:            genTime(t, "created"),
			CustomerMapping:    meter.CustomerMapping{EventPayloadKey: genString(t, "customer key"), Type: meter.CustomerMappingType(genString(t, "mapping"))},
			DefaultAggregation: meter.DefaultAggregation{Formula: meter.Formula(genString(t, "formula"))},
			DisplayName:        genString(t, "display name"),
			EventName:          genString(t, "event name"),
			EventTimeWindow:    meter.TimeWindow(genString(t, "window")),
			Livemode:           rapid.Bool().Draw(t, "livemode"),
			Status:             meter.Status(genString(t, "status")),
			StatusTransitions:  meter.StatusTransitions{DeactivatedAt: genTime(t, "deactivated")},
			Updated:            genTime(t, "updated"),
			ValueSettings:      meter.ValueSettings{EventPayloadKey: genString(t, "value key")},
		}
	case meter.ObjectEvent:
		return meter.Event{
			Created:    genTime(t, "created"),
			EventName:  genString(t, "event name"),
			Identifier: genString(t, "identifier"),
			Livemode:   rapid.Bool().Draw(t, "livemode"),
			Payload:    rapid.OneOf(rapid.Just(map[string]string(nil)), rapid.MapOf(rapid.String(), rapid.String())).Draw(t, "payload"),
			Timestamp:  genTime(t, "timestamp"),
		}
	case meter.ObjectAdjustment:
		return meter.Adjustment{
			Cancel:    meter.Cancel{Identifier: genString(t, "identifier")},
			EventName: genString(t, "event name"),
			Livemode:  rapid.Bool().Draw(t, "livemode"),
			Status:    meter.AdjustmentStatus(genString(t, "status")),
			Type:      meter.AdjustmentType(genString(t, "type")),
		}
	case meter.ObjectSummary:
		return meter.Summary{
			ID:              genString(t, "id"),
			AggregatedValue: decimal.New(rapid.Int64().Draw(t, "coefficient"), int32(rapid.IntRange(-20, 20).Draw(t, "exponent"))),
			EndTime:         genTime(t, "end"),
			Livemode:        rapid.Bool().Draw(t, "livemode"),
			Meter:           genString(t, "meter"),
			StartTime:       genTime(t, "start"),
		}
	}
	panic(name)
}

// Property: a Go-built value encodes to JSON that decodes back to it and,
// with unknown keys injected, re-encodes to the same JSON.
func TestProperty_JSONRoundTripGenerated(t *testing.T) {
	for _, name := range objectNames {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				v := genObject(t, name)
				doc, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				back := newObject(name)
				if err := json.Unmarshal(doc, back); err != nil {
					t.Fatalf("%v\n%s", err, doc)
				}
				again, _ := json.Marshal(back)
				if ok, _ := wiretest.Equal(doc, again); !ok {
					t.Fatalf("decode(encode(v)) encodes differently\n%s\n%s", doc, again)
				}
				if s, ok := v.(meter.Summary); ok && !back.(*meter.Summary).AggregatedValue.Equal(s.AggregatedValue) {
					t.Fatalf("aggregated_value %s came back as %s", s.AggregatedValue, back.(*meter.Summary).AggregatedValue)
				}
				doc = wiretest.Inject(t, doc)
				if out := roundTrip(t, name, doc); !jsonSame(doc, out) {
					t.Fatalf("round trip\nin  %s\nout %s", doc, out)
				}
			})
		})
	}
}

func jsonSame(a, b []byte) bool {
	ok, err := wiretest.Equal(a, b)
	return err == nil && ok
}

// The nested objects marshal on their own too, keeping unknown keys.
func TestJSON_NestedOnTheirOwn(t *testing.T) {
	tests := []struct {
		v   json.Unmarshaler
		doc string
	}{
		{new(meter.CustomerMapping), `{"event_payload_key":"customer","type":"by_id","x":1}`},
		{new(meter.DefaultAggregation), `{"formula":"last","x":[true]}`},
		{new(meter.StatusTransitions), `{"deactivated_at":1744000000}`},
		{new(meter.ValueSettings), `{"event_payload_key":"tokens"}`},
		{new(meter.Cancel), `{"identifier":"ev_1","x":null}`},
		{new(meter.Cancel), `{}`},
	}
	for _, tt := range tests {
		if err := json.Unmarshal([]byte(tt.doc), tt.v); err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		out, err := json.Marshal(tt.v)
		if err != nil || !jsonSame([]byte(tt.doc), out) {
			t.Fatalf("(-want +got)\n-%s\n+%s (%v)", tt.doc, out, err)
		}
	}
	if err := json.Unmarshal([]byte(`{"formula":5}`), new(meter.DefaultAggregation)); err == nil {
		t.Fatal("a number formula decoded")
	}
}
