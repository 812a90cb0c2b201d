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
	Scope Scope `json:"scope"`
}

// Scope says what a grant can pay for: every metered price
// ({"price_type": "metered"}) or the listed prices ({"prices": [{"id": ...}]}).
// Exactly one of the two is set in a valid scope; the zero value is invalid.
type Scope struct {
	PriceType PriceType         `json:"price_type,omitempty"`
	Prices    []ApplicablePrice `json:"prices,omitempty"`
}

// ApplicablePrice is one entry of Scope.Prices.
type ApplicablePrice struct {
	ID string `json:"id"`
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

func (s Scope) hasPrice(price string) bool {
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
func (s Scope) matchesFilter(f Scope) bool {
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
