package meter_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/meter"
	"pgregory.net/rapid"
)

// fuzzDecoder checks one decoder: whatever it accepts re-encodes to JSON
// that it accepts again and that encodes the same (a fixed point after one
// round), and it never panics.
func fuzzDecoder(f *testing.F, name string) {
	for _, file := range []string{"meter-fixtures.json", "stripe-go-shapes.json"} {
		f.Add([]byte(readObjects(f, file).Objects[name]))
	}
	f.Add([]byte(`{"x_unknown":{"nested":[1,"two",null]},"object":null}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		v := newObject(name)
		if err := json.Unmarshal(doc, v); err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		again := newObject(name)
		if err := json.Unmarshal(out, again); err != nil {
			t.Fatalf("re-decoding our own output: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(again)
		if ok, err := wiretest.Equal(out, out2); err != nil || !ok {
			t.Fatalf("not stable\n%s\n%s", out, out2)
		}
	})
}

func FuzzMeterJSON(f *testing.F)      { fuzzDecoder(f, meter.ObjectMeter) }
func FuzzEventJSON(f *testing.F)      { fuzzDecoder(f, meter.ObjectEvent) }
func FuzzAdjustmentJSON(f *testing.F) { fuzzDecoder(f, meter.ObjectAdjustment) }
func FuzzSummaryJSON(f *testing.F)    { fuzzDecoder(f, meter.ObjectSummary) }

// aggregateInput is a whole call of Aggregate as JSON, decoded through the
// package's own decoders.
type aggregateInput struct {
	Meter       meter.Meter        `json:"meter"`
	Customer    string             `json:"customer"`
	Events      []meter.Event      `json:"events"`
	Adjustments []meter.Adjustment `json:"adjustments"`
	Start       int64              `json:"start"`
	End         int64              `json:"end"`
}

// FuzzAggregate runs Aggregate on decoded input and checks it against the
// reference replay: never a panic, the same error class, the same value.
func FuzzAggregate(f *testing.F) {
	f.Add([]byte(`{"meter":{"id":"mtr_1","event_name":"api","default_aggregation":{"formula":"sum"},"event_time_window":"day"},"customer":"cus_1",
"events":[
{"event_name":"api","identifier":"ev_1","payload":{"stripe_customer_id":"cus_1","value":"100"},"timestamp":1743465600,"created":1743465660},
{"event_name":"api","identifier":"ev_2","payload":{"stripe_customer_id":"cus_1","value":"250"},"timestamp":1744243200,"created":1744243260},
{"event_name":"api","identifier":"ev_3","payload":{"stripe_customer_id":"cus_1","value":"50"},"timestamp":1746057599,"created":1746057659},
{"event_name":"api","identifier":"ev_4","payload":{"stripe_customer_id":"cus_1","value":"999"},"timestamp":1746057600,"created":1746057660},
{"event_name":"api","identifier":"ev_5","payload":{"stripe_customer_id":"cus_1","value":"70"},"timestamp":1744286400,"created":1744286460}],
"adjustments":[{"event_name":"api","type":"cancel","cancel":{"identifier":"ev_1"}}],"start":1743465600,"end":1746057600}`))
	f.Add([]byte(`{"meter":{"event_name":"e","default_aggregation":{"formula":"last"},"customer_mapping":{"event_payload_key":"c"},"value_settings":{"event_payload_key":"v"}},"customer":"x",
"events":[{"event_name":"e","identifier":"a","payload":{"c":"x","v":"1.5"},"timestamp":10,"created":20},{"event_name":"e","identifier":"a","payload":{"c":"x","v":"2"},"timestamp":10,"created":20}],"start":1,"end":100}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var in aggregateInput
		if err := json.Unmarshal(doc, &in); err != nil {
			return
		}
		start, end := time.Unix(in.Start, 0).UTC(), time.Unix(in.End, 0).UTC()
		got, err := meter.Aggregate(in.Meter, in.Customer, in.Events, in.Adjustments, start, end)
		want, wantErr := slowAggregate(in.Meter, in.Customer, in.Events, in.Adjustments, start, end)
		if errorClass(err) != errorClass(wantErr) {
			t.Fatalf("error %v, reference %v", err, wantErr)
		}
		if !fatal(err) && !got.AggregatedValue.Equal(want) {
			t.Fatalf("got %s, reference %s", got.AggregatedValue, want)
		}
	})
}

// FuzzProperty_MatchesReference exposes the main property to go test -fuzz.
func FuzzProperty_MatchesReference(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkMatchesReference))
}
