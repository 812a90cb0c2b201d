package meter

import (
	"errors"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// Formula is default_aggregation.formula: how a meter aggregates its
// events (manual, section Formulas).
type Formula string

// The formulas Stripe defines. Decoding keeps any other string; Aggregate
// refuses it with [ErrUnsupported].
const (
	FormulaSum   Formula = "sum"   // the sum of the counted events' values
	FormulaCount Formula = "count" // the number of counted events
	FormulaLast  Formula = "last"  // the value of the last counted event
)

// TimeWindow is event_time_window: the UTC window within which only the
// newest event counts, or none (manual, section Time windows).
type TimeWindow string

// The windows Stripe defines; the empty TimeWindow is JSON null (raw
// events: every event counts).
const (
	WindowNone TimeWindow = ""
	WindowHour TimeWindow = "hour"
	WindowDay  TimeWindow = "day"
)

// seconds returns the window's length in seconds (0 for none, -1 unknown).
func (w TimeWindow) seconds() int64 {
	switch w {
	case WindowNone:
		return 0
	case WindowHour:
		return 3600
	case WindowDay:
		return 86400
	}
	return -1
}

// Status is a meter's status.
type Status string

// The statuses Stripe defines. Neither changes what Aggregate computes
// (manual, section Inactive meters).
const (
	StatusActive   Status = "active"
	StatusInactive Status = "inactive"
)

// CustomerMappingType is customer_mapping.type.
type CustomerMappingType string

// CustomerMappingByID is the one mapping Stripe defines: the payload value
// under customer_mapping.event_payload_key is the customer's id. The empty
// type is read as it.
const CustomerMappingByID CustomerMappingType = "by_id"

// The payload keys a meter reads when its mapping or value settings leave
// them empty, as Stripe defaults them.
const (
	DefaultCustomerKey = "stripe_customer_id"
	DefaultValueKey    = "value"
)

// Meter is a billing meter (object "billing.meter"): which events it counts
// (EventName), whose they are (CustomerMapping) and how they aggregate
// (DefaultAggregation, ValueSettings, EventTimeWindow). See the manual,
// section Model.
//
// The zero Meter is invalid (no event name, no formula): Validate and
// Aggregate report it. Times are UTC; a zero Created or Updated encodes as
// 0, a zero StatusTransitions.DeactivatedAt as null.
type Meter struct {
	ID                 string
	Created            time.Time
	CustomerMapping    CustomerMapping
	DefaultAggregation DefaultAggregation
	DisplayName        string
	EventName          string
	EventTimeWindow    TimeWindow
	Livemode           bool
	Status             Status
	StatusTransitions  StatusTransitions
	Updated            time.Time
	ValueSettings      ValueSettings

	wire stripejson.Shape
}

// CustomerMapping is a meter's customer_mapping: the payload key holding
// the customer's id. An empty EventPayloadKey reads as
// [DefaultCustomerKey], an empty Type as [CustomerMappingByID].
type CustomerMapping struct {
	EventPayloadKey string
	Type            CustomerMappingType

	wire stripejson.Shape
}

// DefaultAggregation is a meter's default_aggregation.
type DefaultAggregation struct {
	Formula Formula

	wire stripejson.Shape
}

// StatusTransitions is a meter's status_transitions; a zero DeactivatedAt
// is null (never deactivated).
type StatusTransitions struct {
	DeactivatedAt time.Time

	wire stripejson.Shape
}

// ValueSettings is a meter's value_settings: the payload key holding an
// event's value. An empty EventPayloadKey reads as [DefaultValueKey].
type ValueSettings struct {
	EventPayloadKey string

	wire stripejson.Shape
}

// CustomerKey returns the payload key that names an event's customer:
// customer_mapping.event_payload_key, or [DefaultCustomerKey] when empty.
func (m Meter) CustomerKey() string {
	if k := m.CustomerMapping.EventPayloadKey; k != "" {
		return k
	}
	return DefaultCustomerKey
}

// ValueKey returns the payload key that holds an event's value:
// value_settings.event_payload_key, or [DefaultValueKey] when empty.
func (m Meter) ValueKey() string {
	if k := m.ValueSettings.EventPayloadKey; k != "" {
		return k
	}
	return DefaultValueKey
}

// Validate reports every problem of the meter at once, joined, each a
// [*FieldError] wrapping [ErrInvalidMeter] (and [ErrUnsupported] for a
// value Stripe may add later): no id or event_name, a formula other than
// sum, count or last, an event_time_window other than null, hour or day,
// a customer_mapping.type other than by_id, a status other than active or
// inactive.
func (m Meter) Validate() error {
	var errs []error
	if m.ID == "" {
		errs = append(errs, errorf(ErrInvalidMeter, ObjectMeter, m.ID, "id", "is required"))
	}
	if err := m.check(); err != nil {
		errs = append(errs, err)
	}
	switch m.Status {
	case StatusActive, StatusInactive:
	case "":
		errs = append(errs, errorf(ErrInvalidMeter, ObjectMeter, m.ID, "status", "is required"))
	default:
		errs = append(errs, unsupportedf(ErrInvalidMeter, ObjectMeter, m.ID, "status", "want active or inactive, got %s", stripejson.Short(string(m.Status))))
	}
	return errors.Join(errs...)
}

// check reports, joined, the problems that stop Aggregate: the settings
// its result depends on.
func (m Meter) check() error {
	var errs []error
	if m.EventName == "" {
		errs = append(errs, errorf(ErrInvalidMeter, ObjectMeter, m.ID, "event_name", "is required"))
	}
	switch f := m.DefaultAggregation.Formula; f {
	case FormulaSum, FormulaCount, FormulaLast:
	case "":
		errs = append(errs, errorf(ErrInvalidMeter, ObjectMeter, m.ID, "default_aggregation.formula", "is required"))
	default:
		errs = append(errs, unsupportedf(ErrInvalidMeter, ObjectMeter, m.ID, "default_aggregation.formula", "want sum, count or last, got %s", stripejson.Short(string(f))))
	}
	if m.EventTimeWindow.seconds() < 0 {
		errs = append(errs, unsupportedf(ErrInvalidMeter, ObjectMeter, m.ID, "event_time_window", "want null, hour or day, got %s", stripejson.Short(string(m.EventTimeWindow))))
	}
	switch t := m.CustomerMapping.Type; t {
	case "", CustomerMappingByID:
	default:
		errs = append(errs, unsupportedf(ErrInvalidMeter, ObjectMeter, m.ID, "customer_mapping.type", "want by_id, got %s", stripejson.Short(string(t))))
	}
	return errors.Join(errs...)
}
