package meter_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/billingkit/billingkit/meter"
)

// benchInput builds, from a fixed seed, n events of "api" over April 2025:
// 90% of cus_1 (the customer asked for), the rest of nine others; integer
// values from 1 to 1000 and, with fractions, every tenth value "12.5";
// unique identifiers except 1% of deliveries again (copies of earlier
// events); and 100 cancel adjustments.
func benchInput(n int, fractions bool) ([]meter.Event, []meter.Adjustment) {
	r := rand.New(rand.NewPCG(1, 2))
	events := make([]meter.Event, n)
	for i := range events {
		if i > 0 && r.IntN(100) == 0 {
			events[i] = events[r.IntN(i)]
			continue
		}
		customer := "cus_1"
		if r.IntN(10) == 0 {
			customer = "cus_" + strconv.Itoa(2+r.IntN(9))
		}
		v := strconv.Itoa(1 + r.IntN(1000))
		if fractions && r.IntN(10) == 0 {
			v = "12.5"
		}
		ts := april + r.Int64N(may-april)
		events[i] = meter.Event{
			EventName:  "api",
			Identifier: "ev_" + strconv.Itoa(i),
			Payload:    map[string]string{"stripe_customer_id": customer, "value": v},
			Timestamp:  time.Unix(ts, 0).UTC(),
			Created:    time.Unix(ts+r.Int64N(300), 0).UTC(),
		}
	}
	adj := make([]meter.Adjustment, 100)
	for i := range adj {
		adj[i] = cancel("ev_" + strconv.Itoa(r.IntN(n)))
	}
	return events, adj
}

type benchCase struct {
	name      string
	formula   meter.Formula
	window    meter.TimeWindow
	fractions bool
	sizes     []int
}

var benchCases = []benchCase{
	{"", meter.FormulaSum, meter.WindowNone, false, []int{10_000, 100_000, 1_000_000}},
	{"fractions/", meter.FormulaSum, meter.WindowNone, true, []int{1_000_000}},
	{"window=day/", meter.FormulaSum, meter.WindowDay, false, []int{1_000_000}},
	{"formula=last/", meter.FormulaLast, meter.WindowNone, false, []int{1_000_000}},
}

// BenchmarkAggregate measures Aggregate over the customer's April;
// BenchmarkAggregate_Reference the replay of slow_test.go on the same
// input, so one run gives the ratio:
//
//	go test -run '^$' -bench Aggregate -benchmem ./meter
func BenchmarkAggregate(b *testing.B) {
	runBench(b, func(m meter.Meter, events []meter.Event, adj []meter.Adjustment) error {
		_, err := meter.Aggregate(m, "cus_1", events, adj, at(april), at(may))
		return err
	})
}

func BenchmarkAggregate_Reference(b *testing.B) {
	runBench(b, func(m meter.Meter, events []meter.Event, adj []meter.Adjustment) error {
		_, err := slowAggregate(m, "cus_1", events, adj, at(april), at(may))
		return err
	})
}

func runBench(b *testing.B, aggregate func(meter.Meter, []meter.Event, []meter.Adjustment) error) {
	for _, c := range benchCases {
		for _, n := range c.sizes {
			events, adj := benchInput(n, c.fractions)
			m := apiMeter(c.formula, c.window)
			b.Run(c.name+"events="+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := aggregate(m, events, adj); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAggregate_Adversarial: inputs built to make hash tables or
// duplicate handling slow: one identifier for every event, and 10^5
// different events sharing 10 identifiers.
func BenchmarkAggregate_Adversarial(b *testing.B) {
	events, _ := benchInput(100_000, false)
	same := make([]meter.Event, len(events))
	for i, ev := range events {
		ev.Identifier = "ev_same"
		same[i] = ev
	}
	ten := make([]meter.Event, len(events))
	for i, ev := range events {
		ev.Identifier = "ev_" + strconv.Itoa(i%10)
		ten[i] = ev
	}
	m := apiMeter(meter.FormulaSum, meter.WindowNone)
	for _, c := range []struct {
		name   string
		events []meter.Event
	}{{"one identifier", same}, {"ten identifiers", ten}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				meter.Aggregate(m, "cus_1", c.events, nil, at(april), at(may))
			}
		})
	}
}
