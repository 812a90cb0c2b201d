package pricing_test

import (
	"math"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

// anchor draws a billing anchor between 1970 and 2100, often on the 28th to
// the 31st of a month, at any second of the day.
func anchor() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		y := rapid.IntRange(1970, 2100).Draw(t, "year")
		m := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
		d := rapid.OneOf(rapid.IntRange(28, last), rapid.IntRange(1, last)).Draw(t, "day")
		sec := rapid.IntRange(0, 86399).Draw(t, "second")
		return time.Date(y, m, d, 0, 0, sec, 0, time.UTC)
	})
}

func periodNumber() *rapid.Generator[int] {
	return rapid.OneOf(rapid.IntRange(0, 3), rapid.IntRange(0, 60))
}

func TestRecurring_Period_contiguous(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := pricingtest.Recurring().Draw(t, "recurring")
		a := anchor().Draw(t, "anchor")
		n := periodNumber().Draw(t, "n")
		s0, e0, err := r.Period(a, n)
		if err != nil {
			t.Fatal(err)
		}
		s1, e1, err := r.Period(a, n+1)
		if err != nil {
			t.Fatal(err)
		}
		if !e0.Equal(s1) {
			t.Fatalf("period %d ends %s, period %d starts %s", n, e0, n+1, s1)
		}
		if !s0.Before(e0) || !s1.Before(e1) {
			t.Fatalf("empty or reversed period: [%s, %s), [%s, %s)", s0, e0, s1, e1)
		}
		if n == 0 && !s0.Equal(a) {
			t.Fatalf("period 0 starts %s, not at the anchor %s", s0, a)
		}
	})
}

func TestRecurring_Period_matchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := pricingtest.Recurring().Draw(t, "recurring")
		a := anchor().Draw(t, "anchor")
		n := periodNumber().Draw(t, "n")
		start, end, err := r.Period(a, n)
		if err != nil {
			t.Fatal(err)
		}
		wantStart, _ := pricing.ReferencePeriodStart(r, a, n)
		wantEnd, _ := pricing.ReferencePeriodStart(r, a, n+1)
		if !start.Equal(wantStart) || !end.Equal(wantEnd) {
			t.Fatalf("%d x %s, anchor %s, period %d (-want +got):\n-[%s, %s)\n+[%s, %s)", r.IntervalCount, r.Interval, a, n, wantStart, wantEnd, start, end)
		}
	})
}

func TestRecurring_Period_dayOfMonth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := pricing.Recurring{
			Interval:      rapid.SampledFrom([]pricing.Interval{pricing.Month, pricing.Year}).Draw(t, "interval"),
			IntervalCount: rapid.Int64Range(1, 13).Draw(t, "interval_count"),
		}
		a := anchor().Draw(t, "anchor")
		n := periodNumber().Draw(t, "n")
		start, _, err := r.Period(a, n)
		if err != nil {
			t.Fatal(err)
		}
		// The anchor's day, or the month's last day when the month is shorter:
		// a clamped date never carries over into later periods.
		last := time.Date(start.Year(), start.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if want := min(a.Day(), last); start.Day() != want {
			t.Fatalf("anchor %s, period %d starts on day %d, want %d", a, n, start.Day(), want)
		}
		if h, m, s := start.Clock(); h != a.Hour() || m != a.Minute() || s != a.Second() {
			t.Fatalf("anchor %s, period %d starts at %s: clock time changed", a, n, start)
		}
	})
}

func TestRecurring_Period_fixedLengthIntervals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := pricing.Recurring{
			Interval:      rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week}).Draw(t, "interval"),
			IntervalCount: rapid.Int64Range(1, 400).Draw(t, "interval_count"),
		}
		a := anchor().Draw(t, "anchor")
		n := periodNumber().Draw(t, "n")
		start, end, err := r.Period(a, n)
		if err != nil {
			t.Fatal(err)
		}
		day := int64(86400) // seconds; a UTC day has no leap seconds in Go's time
		if r.Interval == pricing.Week {
			day *= 7
		}
		if got, want := end.Unix()-start.Unix(), r.IntervalCount*day; got != want {
			t.Fatalf("period length (-want +got):\n-%ds\n+%ds", want, got)
		}
		if got, want := start.Unix()-a.Unix(), int64(n)*r.IntervalCount*day; got != want {
			t.Fatalf("period %d starts %ds after the anchor, want %ds", n, got, want)
		}
	})
}

// FuzzRecurring_Period: any recurring, anchor and n: no panic; either an
// error or a non-empty UTC window within the supported years that agrees
// with the reference.
func FuzzRecurring_Period(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		r := pricing.Recurring{
			Interval:      rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week, pricing.Month, pricing.Year, "", "hour"}).Draw(t, "interval"),
			IntervalCount: rapid.OneOf(rapid.Int64Range(1, 40), rapid.Int64()).Draw(t, "interval_count"),
		}
		a := time.Unix(rapid.OneOf(rapid.Int64Range(0, 5_000_000_000), rapid.Int64Range(-1<<40, 1<<40), rapid.Int64()).Draw(t, "anchor"), 0)
		n := rapid.OneOf(rapid.IntRange(0, 100), rapid.Int()).Draw(t, "n")
		start, end, err := r.Period(a, n)
		if err != nil {
			return
		}
		if !start.Before(end) || start.Location() != time.UTC || start.Year() < 1 || end.Year() > 9999 {
			t.Fatalf("Period(%s, %d) = [%s, %s)", a, n, start, end)
		}
		if steps := int64(n) * r.IntervalCount; r.IntervalCount < 1000 && n < 1000 && steps < math.MaxInt32 {
			want, ok := pricing.ReferencePeriodStart(r, a, n)
			if !ok || !want.Equal(start) {
				t.Fatalf("Period(%s, %d) starts %s, reference %s (%v)", a, n, start, want, ok)
			}
		}
	}))
}
