package subscription

import (
	"time"

	"github.com/billingkit/billingkit/pricing"
)

// cycle is a subscription's billing periods (doc.go, Periods): boundary 0
// is start_date; boundary k >= 1 is pricing's period k-offset from the
// anchor, where offset is 1 when the anchor lies after the start (an
// initial period [start, anchor): a trial, or a later anchor) and 0 when it
// is the start.
type cycle struct {
	rec           pricing.Recurring // interval_count >= 1
	start, anchor time.Time
	offset        int
	trialEnd      time.Time // zero: no trial
	end           time.Time // zero: open-ended
	approx        int64     // seconds of one interval, roughly, to seek
	// initialSpan is anchor - prevBoundary() in seconds: the whole
	// interval an initial period [start, anchor) is prorated against.
	initialSpan int64
}

func (c *cycle) boundary(k int) (time.Time, error) {
	if k <= 0 {
		return c.start, nil
	}
	s, _, err := c.rec.Period(c.anchor, k-c.offset)
	return s, err
}

// periodAt returns k with boundary(k) <= at < boundary(k+1), and both
// boundaries. at must not be before the start.
func (c *cycle) periodAt(at time.Time) (int, time.Time, time.Time, error) {
	k := 0
	if d := at.Unix() - c.anchor.Unix(); d > 0 && c.approx > 0 {
		k = int(d/c.approx) + c.offset - 1
	}
	k = max(k, 0)
	for {
		b, err := c.boundary(k)
		if err != nil {
			return 0, time.Time{}, time.Time{}, err
		}
		if k > 0 && b.After(at) {
			k--
			continue
		}
		n, err := c.boundary(k + 1)
		if err != nil {
			return 0, time.Time{}, time.Time{}, err
		}
		if !n.After(at) {
			k++
			continue
		}
		return k, b, n, nil
	}
}

// prevBoundary is the boundary one interval before the anchor, for the
// fraction of an initial period (invoice.md 2.1: (anchor - start) /
// (anchor - this)).
func (c *cycle) prevBoundary() time.Time {
	n := int(c.rec.IntervalCount)
	a := c.anchor
	switch c.rec.Interval {
	case pricing.Day:
		return a.AddDate(0, 0, -n)
	case pricing.Week:
		return a.AddDate(0, 0, -7*n)
	case pricing.Year:
		n *= 12
	}
	t := a.AddDate(0, -n, 0)
	if t.Day() != a.Day() { // overflowed into the next month: clamp
		t = t.AddDate(0, 0, -t.Day())
	}
	return t
}

// initialShare is x prorated to the initial period [start, anchor) (invoice.md
// 2.1): x (anchor - start) / (anchor - prevBoundary()).
func (c *cycle) initialShare(x int64) int64 {
	return prorate(x, c.anchor.Unix()-c.start.Unix(), c.initialSpan)
}

func approxSeconds(r pricing.Recurring) int64 {
	per := map[pricing.Interval]int64{pricing.Day: 86400, pricing.Week: 604800, pricing.Month: 2629746, pricing.Year: 31556952}[r.Interval]
	return per * r.IntervalCount
}

// Resolve is the anchor a billing_cycle_anchor_config gives a subscription
// created at start with interval rec [S]: the first instant at or after
// start on day_of_month (the last day of a shorter month: 31 renews on the
// last day), in month for a yearly interval, at hour:minute:second (unset
// ones take start's). The result lies within one interval of start
// (Stripe: the first full invoice falls within one period). Errors name
// the field of a value out of range.
func (c AnchorConfig) Resolve(start time.Time, rec pricing.Recurring) (time.Time, error) {
	start = start.UTC()
	get := func(p *int64, def int, lo, hi int64, field string) (int, error) {
		if p == nil {
			return def, nil
		}
		if *p < lo || *p > hi {
			return 0, errorf(ErrInvalidSubscription, "", "billing_cycle_anchor_config."+field, "want %d to %d, got %d", lo, hi, *p)
		}
		return int(*p), nil
	}
	dom, err := get(c.DayOfMonth, start.Day(), 1, 31, "day_of_month")
	if err != nil {
		return time.Time{}, err
	}
	month, err := get(c.Month, int(start.Month()), 1, 12, "month")
	if err != nil {
		return time.Time{}, err
	}
	h, err := get(c.Hour, start.Hour(), 0, 23, "hour")
	if err != nil {
		return time.Time{}, err
	}
	mi, err := get(c.Minute, start.Minute(), 0, 59, "minute")
	if err != nil {
		return time.Time{}, err
	}
	se, err := get(c.Second, start.Second(), 0, 59, "second")
	if err != nil {
		return time.Time{}, err
	}
	at := func(y int, m time.Month) time.Time {
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return time.Date(y, m, min(dom, last), h, mi, se, 0, time.UTC)
	}
	y, m := start.Year(), start.Month()
	if rec.Interval == pricing.Year {
		m = time.Month(month)
	}
	t := at(y, m)
	for i := 0; t.Before(start) && i < 24; i++ {
		if rec.Interval == pricing.Year {
			y++
		} else {
			y, m = y+(int(m))/12, m%12+1
		}
		t = at(y, m)
	}
	return t, nil
}
