package credit

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// AmountType is the kind of an Amount: "monetary", or the preview-only
// "custom_pricing_unit". Decoding accepts any string; computations need
// AmountMonetary.
type AmountType string

// Amount types.
const (
	AmountMonetary          AmountType = "monetary"
	AmountCustomPricingUnit AmountType = "custom_pricing_unit"
)

// Amount is Stripe's billing credit amount:
// {"monetary": {"currency": "usd", "value": 1000}, "type": "monetary"}.
// The zero value is the empty amount and is invalid for computation.
//
// Encoding writes "monetary" as an object when Type is monetary or Monetary is
// set, and as null otherwise; "custom_pricing_unit" is written only when set.
// An empty Type with Monetary set means monetary [P]: it computes as one and
// encodes with "type": "monetary", so amounts built in Go without a Type work.
type Amount struct {
	Type              AmountType
	Monetary          Monetary
	CustomPricingUnit *CustomPricingUnitAmount // preview only; decoded, not computed
}

// Monetary is a monetary amount: a currency and a value in its minor units
// (cents for usd, yen for jpy). Stripe's values are positive integers.
type Monetary struct {
	Currency pricing.Currency `json:"currency"`
	Value    int64            `json:"value"`
}

// CustomPricingUnitAmount is the preview-only custom_pricing_unit amount. Its
// value is a decimal string on the wire. This package decodes and re-encodes
// it but does not compute with it (ErrUnsupportedAmount).
type CustomPricingUnitAmount struct {
	ID      string                    `json:"id"`
	Value   decimal.Decimal           `json:"value"`
	Details *CustomPricingUnitDetails `json:"custom_pricing_unit_details,omitempty"`
}

// CustomPricingUnitDetails is the expanded custom pricing unit object.
type CustomPricingUnitDetails struct {
	Created     time.Time
	DisplayName string
	ID          string
	LookupKey   string // "" encodes as null
	Metadata    map[string]string
	Status      string
}

// Money returns the monetary amount of value minor units of currency c.
func Money(c pricing.Currency, value int64) Amount {
	return Amount{Type: AmountMonetary, Monetary: Monetary{Currency: c, Value: value}}
}

// isMonetary reports whether a is a monetary amount: Type monetary, or
// empty Type with no custom pricing unit.
func (a *Amount) isMonetary() bool {
	return a.Type == AmountMonetary || (a.Type == "" && a.CustomPricingUnit == nil)
}

// IsZero reports whether a is the zero Amount.
func (a Amount) IsZero() bool {
	return a.Type == "" && a.Monetary == (Monetary{}) && a.CustomPricingUnit == nil
}

type amountWire struct {
	CustomPricingUnit *CustomPricingUnitAmount `json:"custom_pricing_unit,omitempty"`
	Monetary          *Monetary                `json:"monetary"`
	Type              AmountType               `json:"type"`
}

// MarshalJSON writes Stripe's amount shape.
func (a Amount) MarshalJSON() ([]byte, error) {
	w := amountWire{CustomPricingUnit: a.CustomPricingUnit, Type: a.Type}
	if a.Type == AmountMonetary || a.Monetary != (Monetary{}) {
		m := a.Monetary
		w.Monetary = &m
		if w.Type == "" && w.CustomPricingUnit == nil {
			w.Type = AmountMonetary
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads Stripe's amount shape; "monetary": null leaves Monetary zero.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*a = Amount{}
		return nil
	}
	var w amountWire
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("amount", err)
	}
	*a = Amount{Type: w.Type, CustomPricingUnit: w.CustomPricingUnit}
	if w.Monetary != nil {
		a.Monetary = *w.Monetary
	}
	return nil
}

type cpuDetailsWire struct {
	Created     int64             `json:"created"`
	DisplayName string            `json:"display_name"`
	ID          string            `json:"id"`
	LookupKey   *string           `json:"lookup_key"`
	Metadata    map[string]string `json:"metadata"`
	Status      string            `json:"status"`
}

// MarshalJSON writes the custom pricing unit object with a unix-second created.
func (d CustomPricingUnitDetails) MarshalJSON() ([]byte, error) {
	w := cpuDetailsWire{Created: unixOf(d.Created), DisplayName: d.DisplayName, ID: d.ID, Metadata: d.Metadata, Status: d.Status}
	if d.LookupKey != "" {
		w.LookupKey = &d.LookupKey
	}
	if w.Metadata == nil {
		w.Metadata = map[string]string{}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the custom pricing unit object.
func (d *CustomPricingUnitDetails) UnmarshalJSON(b []byte) error {
	var w cpuDetailsWire
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("custom_pricing_unit_details", err)
	}
	*d = CustomPricingUnitDetails{Created: timeOf(w.Created), DisplayName: w.DisplayName, ID: w.ID, Metadata: w.Metadata, Status: w.Status}
	if w.LookupKey != nil {
		d.LookupKey = *w.LookupKey
	}
	return nil
}

// helpers shared by the JSON code of this package

func isNull(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), []byte("null")) }

func unixOf(t time.Time) int64 { return t.Unix() }

func timeOf(s int64) time.Time { return time.Unix(s, 0).UTC() }

// nullTime encodes a zero time as null and any other as unix seconds.
func nullTime(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	s := t.Unix()
	return &s
}

func timeOfPtr(p *int64) time.Time {
	if p == nil {
		return time.Time{}
	}
	return timeOf(*p)
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// expandableID decodes a field Stripe may send as an id string or as an
// expanded object with an "id" key, or null.
func expandableID(field string, raw json.RawMessage) (string, error) {
	if len(raw) == 0 || isNull(raw) {
		return "", nil
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", jsonErr(field, err)
		}
		return s, nil
	}
	var obj struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", jsonErr(field, err)
	}
	return obj.ID, nil
}

func jsonErr(field string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return fe
	}
	return &FieldError{Object: "json", Field: field, Reason: err.Error(), Err: ErrInvalidJSON}
}

func checkObject(want, got string) error {
	if got != "" && got != want {
		return &FieldError{Object: want, Field: "object", Reason: "expected " + want + ", got " + got, Err: ErrInvalidJSON}
	}
	return nil
}
