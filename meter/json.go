package meter

import (
	"github.com/billingkit/billingkit/internal/stripejson"
)

// The JSON of every type goes through internal/stripejson (manual, section
// JSON): one Keys table per object, in writing order, and a Shape in each
// value remembering the keys it was decoded with and its unknown members.

const (
	mkID = iota
	mkObject
	mkCreated
	mkCustomerMapping
	mkDefaultAggregation
	mkDisplayName
	mkEventName
	mkEventTimeWindow
	mkLivemode
	mkStatus
	mkStatusTransitions
	mkUpdated
	mkValueSettings
)

const (
	ekObject = iota
	ekCreated
	ekEventName
	ekIdentifier
	ekLivemode
	ekPayload
	ekTimestamp
)

const (
	akObject = iota
	akCancel
	akEventName
	akLivemode
	akStatus
	akType
)

const (
	skID = iota
	skObject
	skAggregatedValue
	skEndTime
	skLivemode
	skMeter
	skStartTime
)

var (
	meterKeys = stripejson.NewKeys("id", "object", "created", "customer_mapping", "default_aggregation",
		"display_name", "event_name", "event_time_window", "livemode", "status", "status_transitions",
		"updated", "value_settings")
	customerMappingKeys    = stripejson.NewKeys("event_payload_key", "type")
	defaultAggregationKeys = stripejson.NewKeys("formula")
	statusTransitionsKeys  = stripejson.NewKeys("deactivated_at")
	valueSettingsKeys      = stripejson.NewKeys("event_payload_key")

	eventKeys      = stripejson.NewKeys("object", "created", "event_name", "identifier", "livemode", "payload", "timestamp")
	adjustmentKeys = stripejson.NewKeys("object", "cancel", "event_name", "livemode", "status", "type")
	cancelKeys     = stripejson.NewKeys("identifier")
	summaryKeys    = stripejson.NewKeys("id", "object", "aggregated_value", "end_time", "livemode", "meter", "start_time")
)

// nestedObject reads a nested object; null leaves the zero Shape (a value
// that was not an object), {} a decoded one.
func nestedObject(d *stripejson.Decoder, k *stripejson.Keys, sh *stripejson.Shape, field func(i int)) {
	if !d.Object(k, sh, field) && !d.Failed() {
		*sh = stripejson.Shape{}
	}
}

// nested writes member i holding a nested object: as an object when it
// holds a value, was decoded from one, or belongs to a value built in Go
// (Stripe always sends these objects); as null when a decoded parent had
// null there; not at all when a decoded parent lacked the key.
func nested(e *stripejson.Encoder, i int, parent, child *stripejson.Shape, nonZero bool, write func(b []byte) []byte) {
	obj := nonZero || child.Decoded()
	if e.Field(i, obj) {
		if obj || !parent.Decoded() {
			e.B = write(e.B)
		} else {
			e.Null()
		}
	}
}

// UnmarshalJSON decodes a Stripe billing.meter. See the manual, section
// JSON; a problem is a [*FieldError] wrapping [ErrInvalidJSON].
func (m *Meter) UnmarshalJSON(b []byte) error {
	*m = Meter{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, ObjectMeter, func(d *stripejson.Decoder) {
		d.Object(meterKeys, &m.wire, func(i int) {
			switch i {
			case mkID:
				m.ID = d.String()
			case mkObject:
				d.Const(ObjectMeter)
			case mkCreated:
				m.Created = d.Unix()
			case mkCustomerMapping:
				m.CustomerMapping.decode(d)
			case mkDefaultAggregation:
				m.DefaultAggregation.decode(d)
			case mkDisplayName:
				m.DisplayName = d.String()
			case mkEventName:
				m.EventName = d.String()
			case mkEventTimeWindow:
				m.EventTimeWindow = TimeWindow(d.String())
			case mkLivemode:
				m.Livemode = d.Bool()
			case mkStatus:
				m.Status = Status(d.String())
			case mkStatusTransitions:
				m.StatusTransitions.decode(d)
			case mkUpdated:
				m.Updated = d.Unix()
			case mkValueSettings:
				m.ValueSettings.decode(d)
			}
		})
	})
}

// MarshalJSON encodes the meter as Stripe's billing.meter.
func (m Meter) MarshalJSON() ([]byte, error) {
	e := stripejson.NewEncoder(nil, meterKeys, &m.wire)
	e.String(mkID, m.ID)
	e.Const(mkObject, ObjectMeter)
	e.UnixRequired(mkCreated, m.Created)
	c := m.CustomerMapping
	nested(&e, mkCustomerMapping, &m.wire, &c.wire, c.EventPayloadKey != "" || c.Type != "", c.append)
	a := m.DefaultAggregation
	nested(&e, mkDefaultAggregation, &m.wire, &a.wire, a.Formula != "", a.append)
	e.String(mkDisplayName, m.DisplayName)
	e.String(mkEventName, m.EventName)
	e.String(mkEventTimeWindow, string(m.EventTimeWindow))
	e.Bool(mkLivemode, m.Livemode)
	e.String(mkStatus, string(m.Status))
	t := m.StatusTransitions
	nested(&e, mkStatusTransitions, &m.wire, &t.wire, !t.DeactivatedAt.IsZero(), t.append)
	e.UnixRequired(mkUpdated, m.Updated)
	v := m.ValueSettings
	nested(&e, mkValueSettings, &m.wire, &v.wire, v.EventPayloadKey != "", v.append)
	return e.Close(), nil
}

func (c *CustomerMapping) decode(d *stripejson.Decoder) {
	nestedObject(d, customerMappingKeys, &c.wire, func(i int) {
		switch i {
		case 0:
			c.EventPayloadKey = d.String()
		case 1:
			c.Type = CustomerMappingType(d.String())
		}
	})
}

func (c CustomerMapping) append(b []byte) []byte {
	e := stripejson.NewEncoder(b, customerMappingKeys, &c.wire)
	e.String(0, c.EventPayloadKey)
	e.String(1, string(c.Type))
	return e.Close()
}

// UnmarshalJSON decodes a meter's customer_mapping on its own.
func (c *CustomerMapping) UnmarshalJSON(b []byte) error {
	*c = CustomerMapping{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, "", c.decode)
}

// MarshalJSON encodes a meter's customer_mapping on its own.
func (c CustomerMapping) MarshalJSON() ([]byte, error) { return c.append(nil), nil }

func (a *DefaultAggregation) decode(d *stripejson.Decoder) {
	nestedObject(d, defaultAggregationKeys, &a.wire, func(int) { a.Formula = Formula(d.String()) })
}

func (a DefaultAggregation) append(b []byte) []byte {
	e := stripejson.NewEncoder(b, defaultAggregationKeys, &a.wire)
	e.String(0, string(a.Formula))
	return e.Close()
}

// UnmarshalJSON decodes a meter's default_aggregation on its own.
func (a *DefaultAggregation) UnmarshalJSON(b []byte) error {
	*a = DefaultAggregation{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, "", a.decode)
}

// MarshalJSON encodes a meter's default_aggregation on its own.
func (a DefaultAggregation) MarshalJSON() ([]byte, error) { return a.append(nil), nil }

func (t *StatusTransitions) decode(d *stripejson.Decoder) {
	nestedObject(d, statusTransitionsKeys, &t.wire, func(int) { t.DeactivatedAt = d.Unix() })
}

func (t StatusTransitions) append(b []byte) []byte {
	e := stripejson.NewEncoder(b, statusTransitionsKeys, &t.wire)
	e.Unix(0, t.DeactivatedAt)
	return e.Close()
}

// UnmarshalJSON decodes a meter's status_transitions on its own.
func (t *StatusTransitions) UnmarshalJSON(b []byte) error {
	*t = StatusTransitions{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, "", t.decode)
}

// MarshalJSON encodes a meter's status_transitions on its own.
func (t StatusTransitions) MarshalJSON() ([]byte, error) { return t.append(nil), nil }

func (v *ValueSettings) decode(d *stripejson.Decoder) {
	nestedObject(d, valueSettingsKeys, &v.wire, func(int) { v.EventPayloadKey = d.String() })
}

func (v ValueSettings) append(b []byte) []byte {
	e := stripejson.NewEncoder(b, valueSettingsKeys, &v.wire)
	e.String(0, v.EventPayloadKey)
	return e.Close()
}

// UnmarshalJSON decodes a meter's value_settings on its own.
func (v *ValueSettings) UnmarshalJSON(b []byte) error {
	*v = ValueSettings{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, "", v.decode)
}

// MarshalJSON encodes a meter's value_settings on its own.
func (v ValueSettings) MarshalJSON() ([]byte, error) { return v.append(nil), nil }

// UnmarshalJSON decodes a Stripe billing.meter_event. A null value in the
// payload reads as "".
func (ev *Event) UnmarshalJSON(b []byte) error {
	*ev = Event{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, ObjectEvent, func(d *stripejson.Decoder) {
		d.Object(eventKeys, &ev.wire, func(i int) {
			switch i {
			case ekObject:
				d.Const(ObjectEvent)
			case ekCreated:
				ev.Created = d.Unix()
			case ekEventName:
				ev.EventName = d.String()
			case ekIdentifier:
				ev.Identifier = d.String()
			case ekLivemode:
				ev.Livemode = d.Bool()
			case ekPayload:
				ev.Payload = d.Metadata()
			case ekTimestamp:
				ev.Timestamp = d.Unix()
			}
		})
	})
}

// MarshalJSON encodes the event as Stripe's billing.meter_event; the
// payload's keys are written sorted.
func (ev Event) MarshalJSON() ([]byte, error) {
	e := stripejson.NewEncoder(nil, eventKeys, &ev.wire)
	e.Const(ekObject, ObjectEvent)
	e.UnixRequired(ekCreated, ev.Created)
	e.String(ekEventName, ev.EventName)
	e.String(ekIdentifier, ev.Identifier)
	e.Bool(ekLivemode, ev.Livemode)
	e.Metadata(ekPayload, ev.Payload)
	e.UnixRequired(ekTimestamp, ev.Timestamp)
	return e.Close(), nil
}

// UnmarshalJSON decodes a Stripe billing.meter_event_adjustment.
func (a *Adjustment) UnmarshalJSON(b []byte) error {
	*a = Adjustment{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, ObjectAdjustment, func(d *stripejson.Decoder) {
		d.Object(adjustmentKeys, &a.wire, func(i int) {
			switch i {
			case akObject:
				d.Const(ObjectAdjustment)
			case akCancel:
				a.Cancel.decode(d)
			case akEventName:
				a.EventName = d.String()
			case akLivemode:
				a.Livemode = d.Bool()
			case akStatus:
				a.Status = AdjustmentStatus(d.String())
			case akType:
				a.Type = AdjustmentType(d.String())
			}
		})
	})
}

// MarshalJSON encodes the adjustment as Stripe's
// billing.meter_event_adjustment.
func (a Adjustment) MarshalJSON() ([]byte, error) {
	e := stripejson.NewEncoder(nil, adjustmentKeys, &a.wire)
	e.Const(akObject, ObjectAdjustment)
	c := a.Cancel
	nested(&e, akCancel, &a.wire, &c.wire, c.Identifier != "", c.append)
	e.String(akEventName, a.EventName)
	e.Bool(akLivemode, a.Livemode)
	e.String(akStatus, string(a.Status))
	e.String(akType, string(a.Type))
	return e.Close(), nil
}

func (c *Cancel) decode(d *stripejson.Decoder) {
	nestedObject(d, cancelKeys, &c.wire, func(int) { c.Identifier = d.String() })
}

func (c Cancel) append(b []byte) []byte {
	e := stripejson.NewEncoder(b, cancelKeys, &c.wire)
	e.String(0, c.Identifier)
	return e.Close()
}

// UnmarshalJSON decodes an adjustment's cancel on its own.
func (c *Cancel) UnmarshalJSON(b []byte) error {
	*c = Cancel{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, "", c.decode)
}

// MarshalJSON encodes an adjustment's cancel on its own.
func (c Cancel) MarshalJSON() ([]byte, error) { return c.append(nil), nil }

// UnmarshalJSON decodes a Stripe billing.meter_event_summary.
// aggregated_value must be a JSON number (or null, read as 0); it is read
// exactly, digit by digit.
func (s *Summary) UnmarshalJSON(b []byte) error {
	*s = Summary{}
	return stripejson.Unmarshal(b, ErrInvalidJSON, ObjectSummary, func(d *stripejson.Decoder) {
		d.Object(summaryKeys, &s.wire, func(i int) {
			switch i {
			case skID:
				s.ID = d.String()
			case skObject:
				d.Const(ObjectSummary)
			case skAggregatedValue:
				switch d.Kind() {
				case "null":
					s.raw = "null"
				case "a number":
					v := d.Decimal()
					if v.Valid {
						s.AggregatedValue, s.rawValue = v.Decimal, v.Decimal
						s.raw = string(d.Raw())
					}
				default:
					d.Fail("want a number, got %s", d.Kind())
				}
			case skEndTime:
				s.EndTime = d.Unix()
			case skLivemode:
				s.Livemode = d.Bool()
			case skMeter:
				s.Meter = d.ID()
			case skStartTime:
				s.StartTime = d.Unix()
			}
		})
	})
}

// MarshalJSON encodes the summary as Stripe's billing.meter_event_summary,
// aggregated_value as a JSON number with the value's exact digits.
func (s Summary) MarshalJSON() ([]byte, error) {
	e := stripejson.NewEncoder(nil, summaryKeys, &s.wire)
	e.String(skID, s.ID)
	e.Const(skObject, ObjectSummary)
	if e.Field(skAggregatedValue, !s.AggregatedValue.IsZero()) {
		if s.raw != "" && s.AggregatedValue.Equal(s.rawValue) {
			e.B = append(e.B, s.raw...)
		} else {
			e.B = stripejson.AppendDecimal(e.B, s.AggregatedValue)
		}
	}
	e.UnixRequired(skEndTime, s.EndTime)
	e.Bool(skLivemode, s.Livemode)
	e.String(skMeter, s.Meter)
	e.UnixRequired(skStartTime, s.StartTime)
	return e.Close(), nil
}
