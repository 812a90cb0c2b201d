package credit

import "github.com/billingkit/billingkit/internal/stripejson"

// FilterType selects how a summary chooses grants.
type FilterType string

// Filter types. [S]
const (
	FilterCreditGrant        FilterType = "credit_grant"
	FilterApplicabilityScope FilterType = "applicability_scope"
)

// Filter is the balance summary's required filter parameter, in the same
// JSON: {"type": "credit_grant", "credit_grant": "credgr_..."} selects that
// grant only; {"type": "applicability_scope", "applicability_scope": {...}}
// selects the grants that can apply to that scope [S]. The matching rule
// [P]: a price_type=metered scope takes grants scoped to price_type=metered;
// a prices scope takes grants whose prices intersect it, plus
// price_type=metered grants (they apply to every metered price).
//
// The zero Filter is invalid (Stripe requires the filter).
type Filter struct {
	Type               FilterType
	CreditGrant        string
	ApplicabilityScope Scope

	wire stripejson.Shape
}

// GrantFilter returns the filter that selects the grant with id id.
func GrantFilter(id string) Filter { return Filter{Type: FilterCreditGrant, CreditGrant: id} }

// ScopeFilter returns the filter that selects the grants applicable to s.
func ScopeFilter(s Scope) Filter {
	return Filter{Type: FilterApplicabilityScope, ApplicabilityScope: s}
}

// Validate reports every problem with f at once, each a *FieldError
// wrapping ErrInvalidFilter: the type must be credit_grant (with a
// credit_grant id and no applicability_scope) or applicability_scope (with a
// valid scope: exactly one of price_type "metered" and 1 to 20 prices, and
// no credit_grant).
func (f Filter) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, stripejson.Errorf(ErrInvalidFilter, ObjectFilter, "", field, format, args...))
	}
	switch f.Type {
	case FilterCreditGrant:
		if f.CreditGrant == "" {
			add("credit_grant", "is required when type is credit_grant")
		}
		if !f.ApplicabilityScope.IsZero() || f.ApplicabilityScope.Prices != nil {
			add("applicability_scope", "must be absent when type is credit_grant")
		}
	case FilterApplicabilityScope:
		errs = f.ApplicabilityScope.validate(errs, ErrInvalidFilter, ObjectFilter, "", "applicability_scope")
		if f.CreditGrant != "" {
			add("credit_grant", "must be absent when type is applicability_scope")
		}
	case "":
		add("type", "is required")
	default:
		add("type", "must be %q or %q, got %q", FilterCreditGrant, FilterApplicabilityScope, f.Type)
	}
	return joinErrs(errs)
}

// selects reports whether f selects grant g. f must be valid.
func (f *Filter) selects(g *Grant) bool {
	if f.Type == FilterCreditGrant {
		return g.ID == f.CreditGrant
	}
	return g.ApplicabilityConfig.Scope.matchesFilter(&f.ApplicabilityScope)
}

var filterKeys = stripejson.NewKeys("type", "credit_grant?", "applicability_scope?")

const (
	filterType = iota
	filterCreditGrant
	filterApplicabilityScope
)

// MarshalJSON writes the filter; one built in Go has only the keys its
// type uses.
func (f Filter) MarshalJSON() ([]byte, error) { return f.appendJSON(nil), nil }

// UnmarshalJSON reads the filter.
func (f *Filter) UnmarshalJSON(b []byte) error { return unmarshal(b, ObjectFilter, f.decode) }

func (f *Filter) decode(d *stripejson.Decoder) {
	*f = Filter{}
	d.Object(filterKeys, &f.wire, func(i int) {
		switch i {
		case filterType:
			f.Type = FilterType(d.String())
		case filterCreditGrant:
			f.CreditGrant = d.String()
		case filterApplicabilityScope:
			f.ApplicabilityScope.decode(d)
		}
	})
}

func (f *Filter) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, filterKeys, &f.wire)
	e.String(filterType, string(f.Type))
	e.String(filterCreditGrant, f.CreditGrant)
	s := &f.ApplicabilityScope
	e.Object(filterApplicabilityScope, !s.IsZero() || s.Prices != nil || s.wire.Decoded(), s.appendJSON)
	return e.Close()
}
