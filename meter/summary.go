package meter

import (
	"math"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// Summary is a meter event summary (object "billing.meter_event_summary"):
// a customer's usage of a meter on [StartTime, EndTime), as Aggregate
// computes it and as Stripe's GET /v1/billing/meters/:id/event_summaries
// returns it.
//
// AggregatedValue is exact. On the wire it is a JSON number, written with
// exactly its digits ("400", "0.125"); a decoded summary re-encodes the
// number as it was written while the value is unchanged. Stripe computes
// it in double precision; [Summary.Float64] gives that reading.
//
// The zero Summary has value 0; its times encode as 0.
type Summary struct {
	ID              string
	AggregatedValue decimal.Decimal
	EndTime         time.Time
	Livemode        bool
	Meter           string
	StartTime       time.Time

	wire     stripejson.Shape
	raw      string          // the decoded aggregated_value, as written
	rawValue decimal.Decimal // and its value
}

// Float64 returns the aggregated value as the nearest float64, what
// Stripe's API and stripe-go's AggregatedValue carry.
func (s Summary) Float64() float64 {
	return s.AggregatedValue.InexactFloat64()
}

// Quantity returns the aggregated value as an integer quantity, for pricing
// a metered line. A value with a fraction, or beyond int64, is a
// [*FieldError] wrapping [ErrUnsupported]: a non-integer usage cannot price
// a quantity yet (manual, section Values).
func (s Summary) Quantity() (int64, error) {
	v := s.AggregatedValue
	if !v.IsInteger() {
		return 0, errorf(ErrUnsupported, ObjectSummary, s.ID, "aggregated_value", "%s is not an integer quantity", v.String())
	}
	if v.GreaterThan(decimal.NewFromInt(math.MaxInt64)) || v.LessThan(decimal.NewFromInt(math.MinInt64)) {
		return 0, errorf(ErrUnsupported, ObjectSummary, s.ID, "aggregated_value", "%s is out of the int64 range", stripejson.Short(v.String()))
	}
	return v.IntPart(), nil
}
