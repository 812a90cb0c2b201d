package pricing_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestRecurring_Period(t *testing.T) {
	monthly := pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
	tests := []struct {
		name       string
		reason     string
		r          pricing.Recurring
		anchor     time.Time
		n          int
		start, end time.Time
	}{
		{"month Jan 31 first", "period 0 starts at the anchor", monthly, date(2023, 1, 31), 0, date(2023, 1, 31), date(2023, 2, 28)},
		{"month Jan 31 common year", "February 2023 has 28 days: clamp", monthly, date(2023, 1, 31), 1, date(2023, 2, 28), date(2023, 3, 31)},
		{"month Jan 31 back to 31", "March has a 31st: back to the anchor day, not chained from Feb 28", monthly, date(2023, 1, 31), 2, date(2023, 3, 31), date(2023, 4, 30)},
		{"month Jan 31 April", "April has 30 days", monthly, date(2023, 1, 31), 3, date(2023, 4, 30), date(2023, 5, 31)},
		{"month Jan 31 leap year", "February 2024 has 29 days", monthly, date(2024, 1, 31), 1, date(2024, 2, 29), date(2024, 3, 31)},
		{"month Jan 31 a year on", "twelve months from the anchor is Jan 31 again", monthly, date(2023, 1, 31), 12, date(2024, 1, 31), date(2024, 2, 29)},
		{"month Jan 30 February", "30 is clamped too, to 28", monthly, date(2023, 1, 30), 1, date(2023, 2, 28), date(2023, 3, 30)},
		{"month mid-month", "the 15th exists every month", monthly, date(2023, 1, 15), 5, date(2023, 6, 15), date(2023, 7, 15)},
		{"month Dec 31 across the year", "Dec 31 -> Jan 31 -> Feb 28", monthly, date(2022, 12, 31), 1, date(2023, 1, 31), date(2023, 2, 28)},
		{"quarterly Nov 30", "every 3 months from Nov 30: Feb 29 in 2024, then May 30", pricing.Recurring{Interval: pricing.Month, IntervalCount: 3},
			date(2023, 11, 30), 1, date(2024, 2, 29), date(2024, 5, 30)},
		{"year Feb 29 common year", "a yearly anchor on Feb 29 falls on Feb 28 in common years", pricing.Recurring{Interval: pricing.Year, IntervalCount: 1},
			date(2024, 2, 29), 0, date(2024, 2, 29), date(2025, 2, 28)},
		{"year Feb 29 back in a leap year", "and returns to Feb 29 in the next leap year", pricing.Recurring{Interval: pricing.Year, IntervalCount: 1},
			date(2024, 2, 29), 3, date(2027, 2, 28), date(2028, 2, 29)},
		{"year Jan 31", "Jan 31 exists every year", pricing.Recurring{Interval: pricing.Year, IntervalCount: 1}, date(2023, 1, 31), 1, date(2024, 1, 31), date(2025, 1, 31)},
		{"every 2 years", "interval_count 2", pricing.Recurring{Interval: pricing.Year, IntervalCount: 2}, date(2020, 2, 29), 1, date(2022, 2, 28), date(2024, 2, 29)},
		{"day", "one day", pricing.Recurring{Interval: pricing.Day, IntervalCount: 1}, date(2024, 2, 28), 1, date(2024, 2, 29), date(2024, 3, 1)},
		{"every 3 days", "interval_count 3", pricing.Recurring{Interval: pricing.Day, IntervalCount: 3}, date(2023, 12, 30), 1, date(2024, 1, 2), date(2024, 1, 5)},
		{"week", "seven days", pricing.Recurring{Interval: pricing.Week, IntervalCount: 1}, date(2024, 2, 26), 1, date(2024, 3, 4), date(2024, 3, 11)},
		{"every 2 weeks", "fourteen days", pricing.Recurring{Interval: pricing.Week, IntervalCount: 2}, date(2023, 1, 31), 2, date(2023, 2, 28), date(2023, 3, 14)},
		{"time of day kept", "boundaries keep the anchor's clock time", monthly,
			time.Date(2023, 1, 31, 13, 45, 10, 500, time.UTC), 1, time.Date(2023, 2, 28, 13, 45, 10, 500, time.UTC), time.Date(2023, 3, 31, 13, 45, 10, 500, time.UTC)},
		{"anchor in another zone", "2024-03-01 05:00 +09:00 is Feb 29 20:00 UTC; periods are computed in UTC", monthly,
			time.Date(2024, 3, 1, 5, 0, 0, 0, time.FixedZone("JST", 9*3600)), 1, time.Date(2024, 3, 29, 20, 0, 0, 0, time.UTC), time.Date(2024, 4, 29, 20, 0, 0, 0, time.UTC)},
		{"last supported period", "ends in year 9999", pricing.Recurring{Interval: pricing.Year, IntervalCount: 1}, date(9998, 1, 1), 0, date(9998, 1, 1), date(9999, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, err := tt.r.Period(tt.anchor, tt.n)
			if err != nil {
				t.Fatalf("Period(%s, %d): %v (%s)", tt.anchor, tt.n, err, tt.reason)
			}
			if !start.Equal(tt.start) || !end.Equal(tt.end) || start.Location() != time.UTC || end.Location() != time.UTC {
				t.Errorf("Period(%s, %d) (-want +got):\n-[%s, %s)\n+[%s, %s)\n(%s)", tt.anchor, tt.n, tt.start, tt.end, start, end, tt.reason)
			}
		})
	}
}

func TestRecurring_Period_errors(t *testing.T) {
	monthly := pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
	tests := []struct {
		name      string
		r         pricing.Recurring
		anchor    time.Time
		n         int
		want      error
		wantField string
	}{
		{"negative n", monthly, date(2024, 1, 1), -1, pricing.ErrInvalidPeriod, ""},
		{"missing interval", pricing.Recurring{IntervalCount: 1}, date(2024, 1, 1), 0, pricing.ErrInvalidPrice, "recurring.interval"},
		{"unknown interval", pricing.Recurring{Interval: "fortnight", IntervalCount: 1}, date(2024, 1, 1), 0, pricing.ErrInvalidPrice, "recurring.interval"},
		{"zero interval_count", pricing.Recurring{Interval: pricing.Month}, date(2024, 1, 1), 0, pricing.ErrInvalidPrice, "recurring.interval_count"},
		{"negative interval_count", pricing.Recurring{Interval: pricing.Day, IntervalCount: -3}, date(2024, 1, 1), 0, pricing.ErrInvalidPrice, "recurring.interval_count"},
		{"anchor before year 1", monthly, date(0, 12, 31), 0, pricing.ErrInvalidPeriod, ""},
		{"anchor after 9999", monthly, date(10000, 1, 1), 0, pricing.ErrInvalidPeriod, ""},
		{"zero time anchor", monthly, time.Time{}.Add(-time.Hour), 0, pricing.ErrInvalidPeriod, ""},
		{"end after 9999", pricing.Recurring{Interval: pricing.Year, IntervalCount: 1}, date(9999, 1, 1), 0, pricing.ErrInvalidPeriod, ""},
		{"far period", monthly, date(2024, 1, 31), 1_000_000, pricing.ErrInvalidPeriod, ""},
		{"largest n months", pricing.Recurring{Interval: pricing.Year, IntervalCount: math.MaxInt64}, date(2024, 1, 31), math.MaxInt, pricing.ErrInvalidPeriod, ""},
		{"largest n days", pricing.Recurring{Interval: pricing.Week, IntervalCount: math.MaxInt64 / 2}, date(2024, 1, 31), 3, pricing.ErrInvalidPeriod, ""},
		{"largest n", pricing.Recurring{Interval: pricing.Day, IntervalCount: 1}, date(2024, 1, 31), math.MaxInt, pricing.ErrInvalidPeriod, ""},
	}
	for _, tt := range tests {
		start, end, err := tt.r.Period(tt.anchor, tt.n)
		if !errors.Is(err, tt.want) || !start.IsZero() || !end.IsZero() {
			t.Errorf("%s: Period (-want +got):\n-zero times, %v\n+[%s, %s), %v", tt.name, tt.want, start, end, err)
			continue
		}
		if tt.wantField != "" {
			var fe *pricing.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.wantField {
				t.Errorf("%s: error %v does not name %s", tt.name, err, tt.wantField)
			}
		}
	}
}
