package subscription_test

import (
	"math/big"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
)

// Slow, obviously right references for the property tests (as netip's
// slow_test.go): periods by plain calendar arithmetic, proration amounts
// with math/big.Rat, usage as a plain replay of the events.

// slowBoundary is the k-th boundary from anchor: anchor + k x count x
// interval, months counted on the calendar from the anchor and clamped to
// the target month's last day, the anchor's clock kept.
func slowBoundary(anchor time.Time, iv pricing.Interval, count int64, k int) time.Time {
	a := anchor.UTC()
	if count == 0 {
		count = 1 // stripe-go's zero interval_count
	}
	n := int(count) * k
	switch iv {
	case pricing.Day:
		return a.Add(time.Duration(n) * 24 * time.Hour)
	case pricing.Week:
		return a.Add(time.Duration(n) * 7 * 24 * time.Hour)
	case pricing.Year:
		n *= 12
	}
	m := int(a.Month()) - 1 + n
	y := a.Year() + m/12
	m %= 12
	d := min(a.Day(), daysIn(y, time.Month(m+1)))
	return time.Date(y, time.Month(m+1), d, a.Hour(), a.Minute(), a.Second(), 0, time.UTC)
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// slowBoundaryBefore is the boundary one interval before anchor (months
// clamped to the target month's last day), for an initial period's
// fraction (invoice.md 2.1).
func slowBoundaryBefore(anchor time.Time, iv pricing.Interval, count int64) time.Time {
	a := anchor.UTC()
	if count == 0 {
		count = 1
	}
	n := int(count)
	switch iv {
	case pricing.Day:
		return a.Add(-time.Duration(n) * 24 * time.Hour)
	case pricing.Week:
		return a.Add(-time.Duration(n) * 7 * 24 * time.Hour)
	case pricing.Year:
		n *= 12
	}
	m := int(a.Month()) - 1 - n
	y := a.Year() + m/12
	if m %= 12; m < 0 {
		m += 12
		y--
	}
	d := min(a.Day(), daysIn(y, time.Month(m+1)))
	return time.Date(y, time.Month(m+1), d, a.Hour(), a.Minute(), a.Second(), 0, time.UTC)
}

// slowProrate is net x (end - date) / (end - start), rounded half away
// from zero, exactly.
func slowProrate(net int64, start, end, date time.Time) int64 {
	f := new(big.Rat).SetFrac(big.NewInt(end.Unix()-date.Unix()), big.NewInt(end.Unix()-start.Unix()))
	return roundHalfAway(new(big.Rat).Mul(new(big.Rat).SetInt64(net), f))
}

// slowPercentOff is round-half-up(amount x pct / 100) for amount >= 0.
func slowPercentOff(amount, pct int64) int64 {
	return roundHalfAway(new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(amount), big.NewInt(pct)), big.NewInt(100)))
}

// roundHalfAway rounds r to the nearest integer, halves away from zero.
func roundHalfAway(r *big.Rat) int64 {
	num, den := new(big.Int).Abs(r.Num()), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q.Int64()
}

// slowUsage replays a raw (no time window) meter over [start, end): the
// events of the meter's name and customer whose identifier no adjustment
// cancels, summed (sum), counted (count), or the value of the greatest
// (timestamp, created, identifier) (last).
func slowUsage(m meter.Meter, customer string, events []meter.Event, adj []meter.Adjustment, start, end time.Time) decimal.Decimal {
	cancelled := map[string]bool{}
	for _, a := range adj {
		if a.EventName == m.EventName {
			cancelled[a.Cancel.Identifier] = true
		}
	}
	var in []meter.Event
	for _, e := range events {
		if e.EventName != m.EventName || e.Payload[m.CustomerKey()] != customer || cancelled[e.Identifier] {
			continue
		}
		if e.Timestamp.Before(start) || !e.Timestamp.Before(end) {
			continue
		}
		in = append(in, e)
	}
	switch m.DefaultAggregation.Formula {
	case meter.FormulaCount:
		return decimal.NewFromInt(int64(len(in)))
	case meter.FormulaLast:
		if len(in) == 0 {
			return decimal.Zero
		}
		sort.Slice(in, func(i, j int) bool {
			a, b := in[i], in[j]
			if !a.Timestamp.Equal(b.Timestamp) {
				return a.Timestamp.Before(b.Timestamp)
			}
			if !a.Created.Equal(b.Created) {
				return a.Created.Before(b.Created)
			}
			return a.Identifier < b.Identifier
		})
		return decimal.RequireFromString(in[len(in)-1].Payload[m.ValueKey()])
	}
	sum := decimal.Zero
	for _, e := range in {
		sum = sum.Add(decimal.RequireFromString(e.Payload[m.ValueKey()]))
	}
	return sum
}
