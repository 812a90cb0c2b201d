package meter

import (
	"errors"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Sentinel errors. Every error this package returns wraps one of these,
// usually through a [*FieldError], so callers branch with errors.Is. See
// the package manual, section Errors.
var (
	// ErrInvalidJSON: JSON that cannot be decoded into a meter object (a
	// wrong JSON kind, a wrong "object" string, a time outside the years
	// 1970 to 9999). Unknown keys are kept, never errors.
	ErrInvalidJSON = errors.New("meter: invalid json")
	// ErrInvalidMeter: a billing.meter that fails Meter.Validate, or one
	// Aggregate cannot aggregate with (no event_name, no formula).
	ErrInvalidMeter = errors.New("meter: invalid meter")
	// ErrInvalidEvent: a billing.meter_event that fails Event.Validate, or
	// one of the customer's events Aggregate reads that has no identifier,
	// no timestamp, or a value that is not a decimal number within the
	// limits of the manual's section Values.
	ErrInvalidEvent = errors.New("meter: invalid meter event")
	// ErrInvalidAdjustment: a billing.meter_event_adjustment that fails
	// Adjustment.Validate (no event_name, no cancel.identifier).
	ErrInvalidAdjustment = errors.New("meter: invalid meter event adjustment")
	// ErrDuplicateEvent: two different events share an identifier. Aggregate
	// still returns the summary in which the first of them (by created)
	// counts; see the manual, section Identifiers.
	ErrDuplicateEvent = errors.New("meter: duplicate meter event identifier")
	// ErrInvalidQuery: what Aggregate is asked for, the parameters of
	// Stripe's event summaries request, is wrong: an empty customer, a
	// start_time after the end_time, a zero time or one outside the years
	// 1970 to 9999.
	ErrInvalidQuery = errors.New("meter: invalid aggregation query")
	// ErrUnsupported: a value this package decodes and keeps but does not
	// compute with: a formula, event_time_window, customer_mapping.type or
	// adjustment type other than Stripe's current ones, a summary whose
	// aggregated value is not an int64 integer where a quantity is needed,
	// or more events than fit in an int32 index.
	ErrUnsupported = errors.New("meter: unsupported")
)

// FieldError is the one error shape of billingkit (see
// internal/stripejson): one problem with one field of one object. Object
// is the Stripe object name ([ObjectMeter], [ObjectEvent], ...), ID the
// meter's or summary's id, or an event's identifier; Field the path as
// Stripe names it ("default_aggregation.formula"), prefixed by the argument
// when the object came in a slice ("events[3].payload.value"). It unwraps
// to the sentinel (and, for an unsupported value, to [ErrUnsupported] too).
type FieldError = stripejson.FieldError

// Object names, as Stripe writes them in "object" and as FieldError.Object.
const (
	ObjectMeter      = "billing.meter"
	ObjectEvent      = "billing.meter_event"
	ObjectAdjustment = "billing.meter_event_adjustment"
	ObjectSummary    = "billing.meter_event_summary"
)

// errorf is stripejson.Errorf: sentinel, object, id, field, reason.
func errorf(sentinel error, object, id, field, format string, args ...any) *FieldError {
	return stripejson.Errorf(sentinel, object, id, field, format, args...)
}

// unsupportedf reports a value that decodes but is not computed with: the
// error unwraps to sentinel and to ErrUnsupported.
func unsupportedf(sentinel error, object, id, field, format string, args ...any) *FieldError {
	e := stripejson.Errorf(sentinel, object, id, field, format, args...)
	e.Cause = ErrUnsupported
	return e
}
