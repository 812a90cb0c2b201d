package meter_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/billingkit/billingkit/meter"
)

// Worked example (d) of invoice.md: a sum meter, four events of cus_1
// around April 2025, one of them cancelled, then the same usage sent as
// pre-aggregated daily values.
func ExampleAggregate() {
	var m meter.Meter
	_ = json.Unmarshal([]byte(`{
		"id": "mtr_1", "object": "billing.meter", "event_name": "api_requests",
		"default_aggregation": {"formula": "sum"},
		"customer_mapping": {"event_payload_key": "stripe_customer_id", "type": "by_id"},
		"value_settings": {"event_payload_key": "value"},
		"event_time_window": null, "status": "active"}`), &m)

	ev := func(id, value string, ts int64) meter.Event {
		return meter.Event{
			EventName: "api_requests", Identifier: id,
			Payload:   map[string]string{"stripe_customer_id": "cus_1", "value": value},
			Timestamp: time.Unix(ts, 0), Created: time.Unix(ts+60, 0),
		}
	}
	events := []meter.Event{
		ev("ev_1", "100", 1743465600), // 2025-04-01T00:00:00Z
		ev("ev_2", "250", 1744243200), // 2025-04-10T00:00:00Z
		ev("ev_3", "50", 1746057599),  // 2025-04-30T23:59:59Z
		ev("ev_4", "999", 1746057600), // 2025-05-01T00:00:00Z: May's
	}
	april, may := time.Unix(1743465600, 0), time.Unix(1746057600, 0)

	s, _ := meter.Aggregate(m, "cus_1", events, nil, april, may)
	fmt.Println("april:", s.AggregatedValue)

	cancel := meter.Adjustment{EventName: "api_requests", Type: meter.AdjustmentCancel,
		Cancel: meter.Cancel{Identifier: "ev_2"}}
	s, _ = meter.Aggregate(m, "cus_1", events, []meter.Adjustment{cancel}, april, may)
	fmt.Println("ev_2 cancelled:", s.AggregatedValue)

	// ev_5 is sent after ev_2, on the same UTC day: with daily windows it
	// replaces ev_2.
	events = append(events, ev("ev_5", "70", 1744286400)) // 2025-04-10T12:00:00Z
	m.EventTimeWindow = meter.WindowDay
	s, _ = meter.Aggregate(m, "cus_1", events, nil, april, may)
	b, _ := json.Marshal(s)
	fmt.Println(string(b))

	// A different event reusing an identifier is reported; the first counts.
	reuse := ev("ev_1", "5", 1744000000)
	_, err := meter.Aggregate(m, "cus_1", append(events, reuse), nil, april, may)
	fmt.Println(errors.Is(err, meter.ErrDuplicateEvent))
	// Output:
	// april: 400
	// ev_2 cancelled: 150
	// {"id":"mtrusg_5a2f3e992c5cdb3aadc2a3d6","object":"billing.meter_event_summary","aggregated_value":220,"end_time":1746057600,"livemode":false,"meter":"mtr_1","start_time":1743465600}
	// true
}
