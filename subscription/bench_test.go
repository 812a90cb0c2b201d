package subscription_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/subscription"
)

// The benchmarks of a subscription's invoices, each with a reference
// measured in the same run:
//
//	go test -run '^$' -bench . -benchmem ./subscription
//
// BenchmarkPreview: create_preview of a 20-item subscription (14 licensed,
// 6 metered on 6 sum meters, half of each kind priced by graduated
// tiers), 10^5 meter events of April 2025 (90% of the customer, 1%
// delivered twice) and 100 billing credit grants, all decoded from
// Stripe's JSON; BenchmarkPreview_Reference computes the same subtotal
// with a plain loop (events summed per meter with shopspring/decimal,
// line amounts computed directly). BenchmarkInvoice: Invoice(k) of the
// same subscription at k = 1 and at k = 1,000, with as many events in
// each period: the cost must not grow with k.

const (
	bnCustomer = "cus_bench"
	bnApr1     = 1743465600 // 2025-04-01T00:00:00Z: the start and anchor
	bnMay1     = 1746057600
	bnApr16    = 1744761600 // the preview's instant
	bnEvents   = 100_000
	bnGrants   = 100
	bnFarK     = 1000
)

// bnData is the benchmarks' input, decoded from JSON.
type bnData struct {
	sub    subscription.Subscription
	meters []meter.Meter
	events []meter.Event // April 2025 only (BenchmarkPreview)
	both   []meter.Event // half in period 1, half in period 1000 (BenchmarkInvoice)
	grants []credit.Grant
	farLo  time.Time // period bnFarK's window
	farHi  time.Time
}

var (
	bnOnce sync.Once
	bnIn   bnData
	bnErr  error
)

// bnTiers are graduated tiers: up to 5 at 700, up to 10 at 650, then 600
// (Stripe's example), scaled by f.
func bnTiers(f int64) []pricing.Tier {
	i := func(v int64) *int64 { return &v }
	return []pricing.Tier{{UpTo: i(5), UnitAmount: i(7 * f)}, {UpTo: i(10), UnitAmount: i(65 * f / 10)}, {UnitAmount: i(6 * f)}}
}

// bnBuild builds the input in Go from a fixed seed.
func bnBuild() (subscription.Subscription, []meter.Meter, []meter.Event, []meter.Event, []credit.Grant, time.Time, time.Time) {
	r := rand.New(rand.NewPCG(7, 11))
	start := time.Unix(bnApr1, 0).UTC()
	s := subscription.Subscription{ID: "sub_bench", Customer: bnCustomer, Currency: "usd", Status: subscription.StatusActive,
		Created: start, StartDate: start, BillingCycleAnchor: start}
	var meters []meter.Meter
	var meteredPrices []string
	for i := range 20 {
		unit := int64(100 + r.IntN(5000))
		p := pricing.Price{ID: fmt.Sprintf("price_bench_%02d", i), Active: true, Currency: "usd", Product: fmt.Sprintf("prod_bench_%02d", i),
			Type: pricing.RecurringType, BillingScheme: pricing.PerUnit, UnitAmount: &unit,
			Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}}
		qty := int64(1 + r.IntN(10))
		if i%2 == 1 { // graduated tiers, licensed and metered alike
			p.UnitAmount, p.BillingScheme, p.TiersMode, p.Tiers = nil, pricing.Tiered, pricing.Graduated, bnTiers(int64(1+i%3))
		}
		if i >= 14 { // metered, on its own meter
			m := meter.Meter{ID: fmt.Sprintf("mtr_bench_%d", i), EventName: fmt.Sprintf("bench_event_%d", i), Status: meter.StatusActive,
				DefaultAggregation: meter.DefaultAggregation{Formula: meter.FormulaSum}, Created: start, Updated: start}
			meters = append(meters, m)
			p.Recurring.UsageType, p.Recurring.Meter = pricing.Metered, m.ID
			meteredPrices = append(meteredPrices, p.ID)
			qty = 0
			if p.UnitAmount != nil {
				u := int64(1 + r.IntN(5))
				p.UnitAmount = &u
			}
		}
		s.Items = append(s.Items, subscription.Item{ID: fmt.Sprintf("si_bench_%02d", i), Created: start, Price: p, Quantity: qty,
			Subscription: s.ID, CurrentPeriodStart: start, CurrentPeriodEnd: time.Unix(bnMay1, 0).UTC(), Metadata: map[string]string{}})
	}
	farLo, farHi, err := pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}.Period(start, bnFarK-1)
	if err != nil {
		panic(err)
	}
	gen := func(n int, windows [][2]int64) []meter.Event {
		events := make([]meter.Event, n)
		for i := range events {
			if i > 0 && r.IntN(100) == 0 {
				events[i] = events[r.IntN(i)] // delivered again
				continue
			}
			customer := bnCustomer
			if r.IntN(10) == 0 {
				customer = "cus_other_" + strconv.Itoa(r.IntN(9))
			}
			w := windows[i%len(windows)]
			ts := w[0] + r.Int64N(w[1]-w[0])
			events[i] = meter.Event{EventName: meters[r.IntN(len(meters))].EventName, Identifier: fmt.Sprintf("bench_ev_%d", i),
				Timestamp: time.Unix(ts, 0).UTC(), Created: time.Unix(ts+r.Int64N(300), 0).UTC(),
				Payload: map[string]string{"stripe_customer_id": customer, "value": strconv.Itoa(1 + r.IntN(100))}}
		}
		return events
	}
	april := gen(bnEvents, [][2]int64{{bnApr1, bnMay1}})
	both := gen(bnEvents, [][2]int64{{bnApr1, bnMay1}, {farLo.Unix(), farHi.Unix()}})
	grants := make([]credit.Grant, bnGrants)
	for i := range grants {
		eff := time.Unix(bnApr1-int64(r.IntN(30*86400)), 0).UTC()
		g := credit.Grant{ID: fmt.Sprintf("credgr_bench_%03d", i), Amount: credit.Money("usd", int64(100+r.IntN(10000))),
			Category: credit.CategoryPaid, Customer: bnCustomer, Created: eff, EffectiveAt: eff, Name: "Bench credits",
			ApplicabilityConfig: credit.ApplicabilityConfig{Scope: credit.Scope{PriceType: credit.PriceTypeMetered}},
			Metadata:            map[string]string{}}
		if i%5 == 0 {
			g.ApplicabilityConfig.Scope = credit.Scope{Prices: []credit.ApplicablePrice{{ID: meteredPrices[i%len(meteredPrices)]}}}
			g.Category = credit.CategoryPromotional
		}
		if i%3 == 0 {
			g.ExpiresAt = eff.Add(time.Duration(60+r.IntN(400)) * 24 * time.Hour)
		}
		if i%7 == 0 {
			p := r.IntN(101)
			g.Priority = &p
		}
		grants[i] = g
	}
	return s, meters, april, both, grants, farLo, farHi
}

// bnRoundTrip encodes v with encoding/json and decodes the result into
// a new value: what a caller holding Stripe's JSON works with.
func bnRoundTrip[T any](v T) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}

func bnInput(b *testing.B) *bnData {
	bnOnce.Do(func() {
		s, meters, april, both, grants, farLo, farHi := bnBuild()
		d := bnData{farLo: farLo, farHi: farHi}
		if d.sub, bnErr = bnRoundTrip(s); bnErr != nil {
			return
		}
		if d.meters, bnErr = bnRoundTrip(meters); bnErr != nil {
			return
		}
		if d.events, bnErr = bnRoundTrip(april); bnErr != nil {
			return
		}
		if d.both, bnErr = bnRoundTrip(both); bnErr != nil {
			return
		}
		if d.grants, bnErr = bnRoundTrip(grants); bnErr != nil {
			return
		}
		// The decoded values bill what the Go-built ones do.
		built, err := subscription.Preview(s, time.Unix(bnApr16, 0), subscription.Inputs{Meters: meters, Events: april, Grants: grants})
		if err != nil {
			bnErr = err
			return
		}
		decoded, err := subscription.Preview(d.sub, time.Unix(bnApr16, 0), d.previewInputs())
		if err != nil {
			bnErr = err
			return
		}
		if built.Subtotal != decoded.Subtotal || built.Total != decoded.Total || len(built.Lines) != len(decoded.Lines) {
			bnErr = fmt.Errorf("decoded input bills %d (total %d), built in Go %d (%d)", decoded.Subtotal, decoded.Total, built.Subtotal, built.Total)
			return
		}
		ref, err := bnReference(&d, d.events, bnApr1, bnMay1)
		if err != nil {
			bnErr = err
			return
		}
		if ref != decoded.Subtotal {
			bnErr = fmt.Errorf("reference subtotal %d, Preview %d", ref, decoded.Subtotal)
			return
		}
		bnIn = d
	})
	if bnErr != nil {
		b.Fatal(bnErr)
	}
	return &bnIn
}

func (d *bnData) previewInputs() subscription.Inputs {
	return subscription.Inputs{Meters: d.meters, Events: d.events, Grants: d.grants}
}

// bnReference is the naive subtotal of the preview: one plain loop over
// the events summing each meter's values of the customer on [from, to)
// with shopspring/decimal (an identifier counts once), then each line's
// amount computed directly from its price (per unit, or graduated tiers
// walked one by one).
func bnReference(d *bnData, events []meter.Event, from, to int64) (int64, error) {
	seen := make(map[string]bool, len(events))
	sums := make(map[string]decimal.Decimal, len(d.meters))
	for _, ev := range events {
		if ev.Payload["stripe_customer_id"] != bnCustomer || seen[ev.Identifier] {
			continue
		}
		if ts := ev.Timestamp.Unix(); ts < from || ts >= to {
			continue
		}
		seen[ev.Identifier] = true
		v, err := decimal.NewFromString(ev.Payload["value"])
		if err != nil {
			return 0, err
		}
		sums[ev.EventName] = sums[ev.EventName].Add(v)
	}
	eventName := make(map[string]string, len(d.meters))
	for _, m := range d.meters {
		eventName[m.ID] = m.EventName
	}
	var subtotal int64
	for _, it := range d.sub.Items {
		p := it.Price
		q := it.Quantity
		if p.Recurring.Meter != "" {
			q = sums[eventName[p.Recurring.Meter]].IntPart()
		}
		if p.BillingScheme != pricing.Tiered {
			subtotal += *p.UnitAmount * q
			continue
		}
		left, last := q, int64(0)
		for _, tier := range p.Tiers {
			n := left
			if tier.UpTo != nil {
				n = min(left, *tier.UpTo-last)
				last = *tier.UpTo
			}
			subtotal += n * *tier.UnitAmount
			if left -= n; left == 0 {
				break
			}
		}
	}
	return subtotal, nil
}

// BenchmarkPreview: create_preview in mid-April, with no change and with a
// quantity change (create_prorations): the renewal of the 14 licensed
// items, April's usage of the 6 metered ones, 100 grants applied as a
// preview.
func BenchmarkPreview(b *testing.B) {
	d := bnInput(b)
	qty := int64(7)
	for _, c := range []struct {
		name    string
		changes []subscription.Change
	}{
		{"change=none", nil},
		{"change=quantity", []subscription.Change{{Items: []subscription.ItemChange{{ID: "si_bench_00", Quantity: &qty}}}}},
	} {
		b.Run(fmt.Sprintf("items=20/events=%d/grants=%d/%s", bnEvents, bnGrants, c.name), func(b *testing.B) {
			b.ReportAllocs()
			in := d.previewInputs()
			at := time.Unix(bnApr16, 0)
			for b.Loop() {
				if _, err := subscription.Preview(d.sub, at, in, c.changes...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPreview_Reference is bnReference on the same input.
func BenchmarkPreview_Reference(b *testing.B) {
	d := bnInput(b)
	b.Run(fmt.Sprintf("items=20/events=%d", bnEvents), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bnReference(d, d.events, bnApr1, bnMay1); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInvoice: Invoice(k) at k = 1 (May 1, 2025, billing April's
// usage) and at k = 1,000 (83 years on), with 5 x 10^4 events in each of
// the two periods and the 100 grants.
func BenchmarkInvoice(b *testing.B) {
	d := bnInput(b)
	in := subscription.Inputs{Meters: d.meters, Events: d.both, Grants: d.grants}
	for _, k := range []int{1, bnFarK} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.sub.Invoice(k, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInvoice_Reference is bnReference for the periods of k = 1 and
// k = 1,000 on the same events.
func BenchmarkInvoice_Reference(b *testing.B) {
	d := bnInput(b)
	for _, k := range []int{1, bnFarK} {
		from, to := int64(bnApr1), int64(bnMay1)
		if k == bnFarK {
			from, to = d.farLo.Unix(), d.farHi.Unix()
		}
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bnReference(d, d.both, from, to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPreview_VsReference alternates one Preview (no change) and one
// bnReference on the same input, so that both see the same machine on a
// busy runner, and reports each one's time per call and their ratio.
func BenchmarkPreview_VsReference(b *testing.B) {
	d := bnInput(b)
	in := d.previewInputs()
	at := time.Unix(bnApr16, 0)
	var fast, ref time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		if _, err := subscription.Preview(d.sub, at, in); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := bnReference(d, d.events, bnApr1, bnMay1); err != nil {
			b.Fatal(err)
		}
		fast, ref = fast+t1.Sub(t0), ref+time.Since(t1)
		n++
	}
	b.ReportMetric(float64(fast.Nanoseconds())/float64(n), "preview-ns/call")
	b.ReportMetric(float64(ref.Nanoseconds())/float64(n), "reference-ns/call")
	b.ReportMetric(float64(fast)/float64(ref), "preview/reference")
}

// BenchmarkInvoice_FarVsNear alternates Invoice(1) and Invoice(1000) on
// the same input and reports each one's time per call and their ratio.
func BenchmarkInvoice_FarVsNear(b *testing.B) {
	d := bnInput(b)
	in := subscription.Inputs{Meters: d.meters, Events: d.both, Grants: d.grants}
	var near, far time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		if _, err := d.sub.Invoice(1, in); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := d.sub.Invoice(bnFarK, in); err != nil {
			b.Fatal(err)
		}
		near, far = near+t1.Sub(t0), far+time.Since(t1)
		n++
	}
	b.ReportMetric(float64(near.Nanoseconds())/float64(n), "k=1-ns/call")
	b.ReportMetric(float64(far.Nanoseconds())/float64(n), "k=1000-ns/call")
	b.ReportMetric(float64(far)/float64(near), "k=1000/k=1")
}
