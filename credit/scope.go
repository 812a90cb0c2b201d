package credit

import (
	"strconv"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// PriceType is the price type a credit grant can apply to. Stripe supports
// only "metered": prices with a billing meter attached.
type PriceType string

// PriceTypeMetered is the only price type Stripe supports in a scope.
const PriceTypeMetered PriceType = "metered"

// MaxScopePrices is the most prices a scope may list. [S]
const MaxScopePrices = 20

// ApplicabilityConfig is a grant's applicability_config: {"scope": {...}}.
type ApplicabilityConfig struct {
	Scope Scope

	wire stripejson.Shape
}

// Scope says what a grant can pay for: every metered price
// ({"price_type": "metered"}) or the listed prices ({"prices": [{"id": ...}]}).
// Exactly one of the two is set in a valid scope; the zero value is invalid.
// A scope built in Go writes only the keys it sets (an empty non-nil Prices
// is written, as []).
type Scope struct {
	PriceType PriceType
	Prices    []ApplicablePrice

	wire stripejson.Shape
}

// ApplicablePrice is one entry of Scope.Prices.
type ApplicablePrice struct {
	ID string

	wire stripejson.Shape
}

// IsZero reports whether s sets neither price_type nor prices.
func (s Scope) IsZero() bool { return s.PriceType == "" && len(s.Prices) == 0 }

// Covers reports whether a grant with scope s can pay for an invoice line
// priced by price, metered telling whether that price has a meter. Only
// metered prices qualify; a prices scope also needs price in its list. [S]
func (s Scope) Covers(price string, metered bool) bool {
	if !metered {
		return false
	}
	if s.PriceType == PriceTypeMetered {
		return true
	}
	return s.hasPrice(price)
}

func (s *Scope) hasPrice(price string) bool {
	if price == "" {
		return false
	}
	for _, p := range s.Prices {
		if p.ID == price {
			return true
		}
	}
	return false
}

// matchesFilter is the applicability_scope filter rule [P]: a price_type
// filter takes grants scoped to that price type; a prices filter takes grants
// whose prices intersect it, plus price_type=metered grants, which apply to
// every metered price.
func (s *Scope) matchesFilter(f *Scope) bool {
	if f.PriceType != "" {
		return s.PriceType == f.PriceType
	}
	if s.PriceType == PriceTypeMetered {
		return true
	}
	for _, p := range f.Prices {
		if s.hasPrice(p.ID) {
			return true
		}
	}
	return false
}

// validate appends one error per problem, naming fields under prefix.
func (s Scope) validate(errs []error, sentinel error, object, id, prefix string) []error {
	switch {
	case s.PriceType == "" && s.Prices == nil:
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix, "exactly one of price_type and prices is required, got neither"))
	case s.PriceType != "" && s.Prices != nil:
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix, "exactly one of price_type and prices is allowed, got both"))
	}
	if s.PriceType != "" && s.PriceType != PriceTypeMetered {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".price_type", "must be %q, got %q", PriceTypeMetered, s.PriceType))
	}
	if s.Prices != nil && len(s.Prices) == 0 {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".prices", "must list at least one price"))
	}
	if len(s.Prices) > MaxScopePrices {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".prices", "at most %d prices, got %d", MaxScopePrices, len(s.Prices)))
	}
	for i, p := range s.Prices {
		if p.ID == "" {
			errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".prices["+itoa(i)+"].id", "is required"))
		}
	}
	return errs
}

func itoa(i int) string { return strconv.Itoa(i) }

var configKeys = stripejson.NewKeys("scope")

const configScope = 0

// MarshalJSON writes {"scope": {...}}.
func (c ApplicabilityConfig) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

// UnmarshalJSON reads {"scope": {...}}.
func (c *ApplicabilityConfig) UnmarshalJSON(b []byte) error { return unmarshal(b, "", c.decode) }

func (c *ApplicabilityConfig) decode(d *stripejson.Decoder) {
	*c = ApplicabilityConfig{}
	if d.IsNull() {
		return
	}
	d.Object(configKeys, &c.wire, func(int) { c.Scope.decode(d) })
}

func (c *ApplicabilityConfig) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, configKeys, &c.wire)
	if e.Field(configScope, true) {
		e.B = c.Scope.appendJSON(e.B)
	}
	return e.Close()
}

var scopeKeys = stripejson.NewKeys("price_type?", "prices?")

const (
	scopePriceType = iota
	scopePrices
)

// MarshalJSON writes {"price_type": ...} or {"prices": [{"id": ...}]}.
func (s Scope) MarshalJSON() ([]byte, error) { return s.appendJSON(nil), nil }

// UnmarshalJSON reads a scope; null is the zero Scope.
func (s *Scope) UnmarshalJSON(b []byte) error { return unmarshal(b, "", s.decode) }

func (s *Scope) decode(d *stripejson.Decoder) {
	*s = Scope{}
	if d.IsNull() {
		return
	}
	d.Object(scopeKeys, &s.wire, func(i int) {
		switch i {
		case scopePriceType:
			s.PriceType = PriceType(d.String())
		case scopePrices:
			s.Prices = nil
			if !d.IsNull() {
				s.Prices = make([]ApplicablePrice, d.Len())
				d.Array(func(j int) { s.Prices[j].decode(d) })
			}
		}
	})
}

func (s *Scope) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, scopeKeys, &s.wire)
	e.String(scopePriceType, string(s.PriceType))
	if e.Field(scopePrices, s.Prices != nil) {
		if s.Prices == nil {
			e.Null()
		} else {
			e.B = append(e.B, '[')
			for j := range s.Prices {
				if j > 0 {
					e.B = append(e.B, ',')
				}
				e.B = s.Prices[j].appendJSON(e.B)
			}
			e.B = append(e.B, ']')
		}
	}
	return e.Close()
}

var priceKeys = stripejson.NewKeys("id")

const priceID = 0

// MarshalJSON writes {"id": ...}.
func (p ApplicablePrice) MarshalJSON() ([]byte, error) { return p.appendJSON(nil), nil }

// UnmarshalJSON reads {"id": ...}.
func (p *ApplicablePrice) UnmarshalJSON(b []byte) error { return unmarshal(b, "", p.decode) }

func (p *ApplicablePrice) decode(d *stripejson.Decoder) {
	*p = ApplicablePrice{}
	d.Object(priceKeys, &p.wire, func(int) { p.ID = d.String() })
}

func (p *ApplicablePrice) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, priceKeys, &p.wire)
	e.String(priceID, p.ID)
	return e.Close()
}
