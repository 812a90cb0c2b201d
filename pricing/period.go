package pricing

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidPeriod: a billing period that cannot be computed: a negative
// period number, or a period starting or ending outside the years 1 through
// 9999.
var ErrInvalidPeriod = errors.New("pricing: invalid billing period")

// Years outside this range are refused by Period: they are beyond any real
// subscription and beyond RFC 3339, and time arithmetic far outside it
// would silently wrap.
const (
	minPeriodYear = 1
	maxPeriodYear = 9999
)

// Period returns the n-th (0-based) billing period of a recurring price that
// bills from anchor: the half-open window [start, end), so that end is the
// start of period n+1 and a time t belongs to period n exactly when
// !t.Before(start) && t.Before(end). Both times are in UTC, whatever
// anchor's location; the clock time of day is anchor's.
//
// Period n starts at anchor + n x interval_count x interval:
//   - day and week add whole days (24 hours in UTC);
//   - month and year add calendar months. When the anchor's day of month
//     does not exist in the target month, the boundary falls on that month's
//     last day, and later boundaries return to the anchor's day: anchor
//     Jan 31 bills Feb 28 (Feb 29 in a leap year), Mar 31, Apr 30. Each
//     boundary is computed from the anchor, never from a previous, possibly
//     clamped, boundary. A yearly anchor on Feb 29 falls on Feb 28 in
//     common years.
//
// Period errors when n is negative or when a boundary (or the anchor) lies
// outside the years 1 through 9999 (ErrInvalidPeriod), and when interval is
// not day, week, month or year or interval_count is below 1 (a *FieldError
// naming recurring.interval or recurring.interval_count, wrapping
// ErrInvalidPrice). It does not apply Validate's three-year cap on the
// interval.
func (r Recurring) Period(anchor time.Time, n int) (start, end time.Time, err error) {
	if n < 0 {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: period number %d is negative", ErrInvalidPeriod, n)
	}
	switch r.Interval {
	case Day, Week, Month, Year:
	case "":
		return time.Time{}, time.Time{}, priceErr("", "recurring.interval", ErrInvalidPrice, "required (day, week, month or year)")
	default:
		return time.Time{}, time.Time{}, priceErr("", "recurring.interval", ErrInvalidPrice, "unknown value %q (want day, week, month or year)", string(r.Interval))
	}
	if r.IntervalCount < 1 {
		return time.Time{}, time.Time{}, priceErr("", "recurring.interval_count", ErrInvalidPrice, "must be at least 1 (got %d)", r.IntervalCount)
	}
	a := anchor.UTC()
	if y := a.Year(); y < minPeriodYear || y > maxPeriodYear {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: anchor %s is outside the years %d through %d", ErrInvalidPeriod, a.Format(time.RFC3339), minPeriodYear, maxPeriodYear)
	}
	k := int64(n)
	if start, err = r.boundary(a, k); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if end, err = r.boundary(a, k+1); err != nil { // k+1 cannot wrap: boundary refused any k above maxDays
		return time.Time{}, time.Time{}, err
	}
	return start, end, nil
}

// boundary returns anchor + k x interval_count x interval for a valid r, a
// UTC anchor within the supported years and k >= 0.
func (r Recurring) boundary(a time.Time, k int64) (time.Time, error) {
	// Any step count above these leaves the supported years from any anchor
	// within them; checking first keeps the arithmetic below exact.
	const maxDays, maxMonths = (maxPeriodYear + 1) * 366, (maxPeriodYear + 1) * 12
	steps, ok := mul64(k, r.IntervalCount)
	var t time.Time
	switch r.Interval {
	case Day, Week:
		if ok && r.Interval == Week {
			steps, ok = mul64(steps, 7)
		}
		if !ok || steps > maxDays {
			return time.Time{}, r.outOfRange(a, k)
		}
		t = a.AddDate(0, 0, int(steps))
	default: // Month, Year
		if ok && r.Interval == Year {
			steps, ok = mul64(steps, 12)
		}
		if !ok || steps > maxMonths {
			return time.Time{}, r.outOfRange(a, k)
		}
		y, m, d := a.Date()
		months := int64(y)*12 + int64(m-1) + steps
		ty, tm := int(months/12), time.Month(months%12+1)
		if last := daysIn(ty, tm); d > last {
			d = last
		}
		t = time.Date(ty, tm, d, a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), time.UTC)
	}
	if t.Year() > maxPeriodYear {
		return time.Time{}, r.outOfRange(a, k)
	}
	return t, nil
}

func (r Recurring) outOfRange(a time.Time, k int64) error {
	return fmt.Errorf("%w: %d x %d %s after %s is beyond the year %d", ErrInvalidPeriod, k, r.IntervalCount, r.Interval, a.Format(time.RFC3339), maxPeriodYear)
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
