package meter

import (
	"errors"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// Event is a meter event (object "billing.meter_event"): one usage record.
// Payload maps keys to strings; the meter names the keys holding the
// customer's id and the value. Timestamp is when the usage happened, Created
// when Stripe received it: an event is counted in the window of its
// Timestamp, and Created orders events that compete (manual, sections
// Identifiers and Time windows).
//
// The zero Event is invalid (no event name, identifier or timestamp). A
// zero Created encodes as 0 and orders before every other instant; a zero
// Timestamp encodes as 0.
type Event struct {
	Created    time.Time
	EventName  string
	Identifier string
	Livemode   bool
	Payload    map[string]string
	Timestamp  time.Time

	wire stripejson.Shape
}

// Validate reports every problem of the event at once, joined, each a
// [*FieldError] wrapping [ErrInvalidEvent]: no event_name, identifier or
// timestamp. Values are checked against a meter: see [Meter.Value].
func (e Event) Validate() error {
	var errs []error
	if e.EventName == "" {
		errs = append(errs, errorf(ErrInvalidEvent, ObjectEvent, e.Identifier, "event_name", "is required"))
	}
	if e.Identifier == "" {
		errs = append(errs, errorf(ErrInvalidEvent, ObjectEvent, e.Identifier, "identifier", "is required"))
	}
	if e.Timestamp.IsZero() {
		errs = append(errs, errorf(ErrInvalidEvent, ObjectEvent, e.Identifier, "timestamp", "is required"))
	}
	return errors.Join(errs...)
}

// Value returns the event's value under the meter, exactly: the payload
// string under [Meter.ValueKey], a decimal number as the manual's section
// Values defines it (at most 12 decimal places, at most 15 digits). A
// missing or malformed value is a [*FieldError] wrapping [ErrInvalidEvent].
// Value does not check that the event belongs to the meter.
func (m Meter) Value(e Event) (decimal.Decimal, error) {
	key := m.ValueKey()
	s, ok := e.Payload[key]
	if !ok {
		return decimal.Decimal{}, errorf(ErrInvalidEvent, ObjectEvent, e.Identifier, "payload", "has no %s", stripejson.Short(key))
	}
	v, bad := parseValue(s)
	if bad != valueOK {
		return decimal.Decimal{}, errorf(ErrInvalidEvent, ObjectEvent, e.Identifier, "payload."+key, "%s %s", stripejson.Short(s), bad.reason())
	}
	return decimal.New(v.coef, -int32(v.places)), nil
}

// AdjustmentType is a meter event adjustment's type.
type AdjustmentType string

// AdjustmentCancel is the one adjustment Stripe defines: it removes the
// event named by cancel.identifier from every aggregate.
const AdjustmentCancel AdjustmentType = "cancel"

// AdjustmentStatus is a meter event adjustment's status. Aggregate applies
// pending and complete adjustments alike (manual, section Adjustments).
type AdjustmentStatus string

// The statuses Stripe defines.
const (
	AdjustmentPending  AdjustmentStatus = "pending"
	AdjustmentComplete AdjustmentStatus = "complete"
)

// Adjustment is a meter event adjustment (object
// "billing.meter_event_adjustment"): a cancellation of the event whose
// identifier is Cancel.Identifier, among the events named EventName.
//
// The zero Adjustment is invalid (no event name, no identifier to cancel).
// An empty Type reads as [AdjustmentCancel].
type Adjustment struct {
	Cancel    Cancel
	EventName string
	Livemode  bool
	Status    AdjustmentStatus
	Type      AdjustmentType

	wire stripejson.Shape
}

// Cancel is an adjustment's cancel: the identifier of the event it cancels.
type Cancel struct {
	Identifier string

	wire stripejson.Shape
}

// Validate reports every problem of the adjustment at once, joined, each a
// [*FieldError] wrapping [ErrInvalidAdjustment] (and [ErrUnsupported] for a
// type other than cancel): no event_name, no cancel.identifier.
func (a Adjustment) Validate() error {
	var errs []error
	if a.EventName == "" {
		errs = append(errs, errorf(ErrInvalidAdjustment, ObjectAdjustment, "", "event_name", "is required"))
	}
	if err := a.check(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// check reports the first problem that stops Aggregate from applying the
// adjustment.
func (a Adjustment) check() *FieldError {
	switch a.Type {
	case "", AdjustmentCancel:
	default:
		return unsupportedf(ErrInvalidAdjustment, ObjectAdjustment, "", "type", "want cancel, got %s", stripejson.Short(string(a.Type)))
	}
	if a.Cancel.Identifier == "" {
		return errorf(ErrInvalidAdjustment, ObjectAdjustment, "", "cancel.identifier", "is required")
	}
	return nil
}
