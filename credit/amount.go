package credit

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
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
// An empty Type with Monetary set means monetary [P]: it computes as one,
// and an Amount built in Go without a Type encodes with "type": "monetary".
// A zero Monetary is null; "custom_pricing_unit" is written only when set
// (or decoded).
type Amount struct {
	Type              AmountType
	Monetary          Monetary
	CustomPricingUnit *CustomPricingUnitAmount // preview only; decoded, not computed

	wire stripejson.Shape
}

// Monetary is a monetary amount: a currency and a value in its minor units
// (cents for usd, yen for jpy). Stripe's values are positive integers.
type Monetary struct {
	Currency pricing.Currency
	Value    int64

	wire stripejson.Shape
}

// CustomPricingUnitAmount is the preview-only custom_pricing_unit amount. Its
// value is a decimal string on the wire. This package decodes and re-encodes
// it but does not compute with it (ErrUnsupportedAmount).
type CustomPricingUnitAmount struct {
	ID      string
	Value   decimal.Decimal
	Details *CustomPricingUnitDetails // custom_pricing_unit_details, when expanded

	wire stripejson.Shape
}

// CustomPricingUnitDetails is the expanded custom pricing unit object.
type CustomPricingUnitDetails struct {
	Created     time.Time
	DisplayName string
	ID          string
	LookupKey   string
	Metadata    map[string]string
	Status      string

	wire stripejson.Shape
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

// IsZero reports whether a is the zero Amount (what it was decoded from
// aside).
func (a Amount) IsZero() bool {
	return a.Type == "" && a.Monetary.IsZero() && a.CustomPricingUnit == nil
}

// IsZero reports whether m is the zero Monetary (what it was decoded from
// aside).
func (m Monetary) IsZero() bool { return m.Currency == "" && m.Value == 0 }

// JSON (see the package doc): one Keys table per object, keys in the order
// they are written.

var amountKeys = stripejson.NewKeys("custom_pricing_unit?", "monetary", "type")

const (
	amountCustomPricingUnit = iota
	amountMonetary
	amountType
)

var monetaryKeys = stripejson.NewKeys("currency", "value")

const (
	monetaryCurrency = iota
	monetaryValue
)

var cpuAmountKeys = stripejson.NewKeys("custom_pricing_unit_details?", "id", "value")

const (
	cpuAmountDetails = iota
	cpuAmountID
	cpuAmountValue
)

var cpuDetailsKeys = stripejson.NewKeys("created", "display_name", "id", "lookup_key", "metadata", "status")

const (
	cpuCreated = iota
	cpuDisplayName
	cpuID
	cpuLookupKey
	cpuMetadata
	cpuStatus
)

// MarshalJSON writes Stripe's amount shape.
func (a Amount) MarshalJSON() ([]byte, error) { return a.appendJSON(nil), nil }

// UnmarshalJSON reads Stripe's amount shape; null is the zero Amount.
func (a *Amount) UnmarshalJSON(b []byte) error { return unmarshal(b, "", a.decode) }

func (a *Amount) decode(d *stripejson.Decoder) { a.decodeIn(d, nil) }

func (a *Amount) decodeIn(d *stripejson.Decoder, in *interner) {
	*a = Amount{}
	if d.IsNull() {
		return
	}
	d.Object(amountKeys, &a.wire, func(i int) {
		switch i {
		case amountCustomPricingUnit:
			a.CustomPricingUnit = nil
			if !d.IsNull() {
				a.CustomPricingUnit = new(CustomPricingUnitAmount)
				a.CustomPricingUnit.decode(d)
			}
		case amountMonetary:
			a.Monetary.decodeIn(d, in)
		case amountType:
			a.Type = canon(d.String(), AmountMonetary, AmountCustomPricingUnit)
		}
	})
}

func (a *Amount) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, amountKeys, &a.wire)
	if u := a.CustomPricingUnit; e.Field(amountCustomPricingUnit, u != nil) {
		if u == nil {
			e.Null()
		} else {
			e.B = u.appendJSON(e.B)
		}
	}
	e.Object(amountMonetary, !a.Monetary.IsZero() || a.Monetary.wire.Decoded(), a.Monetary.appendJSON)
	typ := a.Type
	if typ == "" && !a.wire.Decoded() && a.CustomPricingUnit == nil && !a.Monetary.IsZero() {
		typ = AmountMonetary
	}
	e.String(amountType, string(typ))
	return e.Close()
}

// MarshalJSON writes {"currency", "value"}.
func (m Monetary) MarshalJSON() ([]byte, error) { return m.appendJSON(nil), nil }

// UnmarshalJSON reads {"currency", "value"}.
func (m *Monetary) UnmarshalJSON(b []byte) error { return unmarshal(b, "", m.decode) }

func (m *Monetary) decode(d *stripejson.Decoder) { m.decodeIn(d, nil) }

func (m *Monetary) decodeIn(d *stripejson.Decoder, in *interner) {
	*m = Monetary{}
	if d.IsNull() {
		return
	}
	d.Object(monetaryKeys, &m.wire, func(i int) {
		switch i {
		case monetaryCurrency:
			m.Currency = pricing.Currency(in.str(string(canonCurrency(d.String()))))
		case monetaryValue:
			m.Value = d.Int()
		}
	})
}

func (m *Monetary) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, monetaryKeys, &m.wire)
	e.String(monetaryCurrency, string(m.Currency))
	e.Int(monetaryValue, m.Value)
	return e.Close()
}

// MarshalJSON writes the custom_pricing_unit amount, its value a decimal
// string.
func (u CustomPricingUnitAmount) MarshalJSON() ([]byte, error) { return u.appendJSON(nil), nil }

// UnmarshalJSON reads the custom_pricing_unit amount; the value may be a
// decimal string or a number.
func (u *CustomPricingUnitAmount) UnmarshalJSON(b []byte) error { return unmarshal(b, "", u.decode) }

func (u *CustomPricingUnitAmount) decode(d *stripejson.Decoder) {
	*u = CustomPricingUnitAmount{}
	d.Object(cpuAmountKeys, &u.wire, func(i int) {
		switch i {
		case cpuAmountDetails:
			u.Details = nil
			if !d.IsNull() {
				u.Details = new(CustomPricingUnitDetails)
				u.Details.decode(d)
			}
		case cpuAmountID:
			u.ID = d.String()
		case cpuAmountValue:
			u.Value = d.Decimal().Decimal
		}
	})
}

func (u *CustomPricingUnitAmount) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, cpuAmountKeys, &u.wire)
	if d := u.Details; e.Field(cpuAmountDetails, d != nil) {
		if d == nil {
			e.Null()
		} else {
			e.B = d.appendJSON(e.B)
		}
	}
	e.String(cpuAmountID, u.ID)
	e.Decimal(cpuAmountValue, decimal.NullDecimal{Decimal: u.Value, Valid: true})
	return e.Close()
}

// MarshalJSON writes the custom pricing unit object; a nil Metadata is {}.
func (c CustomPricingUnitDetails) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

// UnmarshalJSON reads the custom pricing unit object.
func (c *CustomPricingUnitDetails) UnmarshalJSON(b []byte) error { return unmarshal(b, "", c.decode) }

func (c *CustomPricingUnitDetails) decode(d *stripejson.Decoder) {
	*c = CustomPricingUnitDetails{}
	d.Object(cpuDetailsKeys, &c.wire, func(i int) {
		switch i {
		case cpuCreated:
			c.Created = d.Unix()
		case cpuDisplayName:
			c.DisplayName = d.String()
		case cpuID:
			c.ID = d.String()
		case cpuLookupKey:
			c.LookupKey = d.String()
		case cpuMetadata:
			c.Metadata = d.Metadata()
		case cpuStatus:
			c.Status = d.String()
		}
	})
}

func (c *CustomPricingUnitDetails) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, cpuDetailsKeys, &c.wire)
	e.UnixRequired(cpuCreated, c.Created)
	e.String(cpuDisplayName, c.DisplayName)
	e.String(cpuID, c.ID)
	e.String(cpuLookupKey, c.LookupKey)
	metadata(&e, cpuMetadata, c.Metadata, c.wire)
	e.String(cpuStatus, c.Status)
	return e.Close()
}

// Helpers shared by the codecs of this package.

// unmarshal decodes b with decode, errors wrapping ErrInvalidJSON and
// naming object ("" for a nested value decoded on its own).
func unmarshal(b []byte, object string, decode func(*stripejson.Decoder)) error {
	return stripejson.Unmarshal(b, ErrInvalidJSON, object, decode)
}

// metadata writes key i as metadata: a nil map is {} in a value built in
// Go (Stripe's metadata is never null) and null in a decoded one that had
// null.
func metadata(e *stripejson.Encoder, i int, m map[string]string, sh stripejson.Shape) {
	if m == nil && !sh.Decoded() {
		if e.Field(i, true) {
			e.B = append(e.B, "{}"...)
		}
		return
	}
	e.Metadata(i, m)
}

// canon returns the constant among known that equals s, so that a decoded
// enum shares the constant's bytes (compared and hashed from memory the
// program keeps hot), or s itself when it is none of them.
func canon[T ~string](s string, known ...T) T {
	for _, k := range known {
		if string(k) == s {
			return k
		}
	}
	return T(s)
}

// commonCurrencies are the currencies a decoded amount most likely holds.
var commonCurrencies = [...]pricing.Currency{"usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "inr", "brl", "mxn", "sgd", "hkd", "sek", "nok", "dkk", "pln", "nzd", "kwd"}

// canonCurrency is canon for the common currencies.
func canonCurrency(s string) pricing.Currency {
	if len(s) == 3 {
		for _, c := range commonCurrencies {
			if string(c) == s {
				return c
			}
		}
	}
	return pricing.Currency(s)
}
