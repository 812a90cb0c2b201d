package credit

import (
	"errors"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Category is a grant's category: paid or promotional. It affects only the
// pay-first order (promotional pays before paid). [S]
type Category string

// Categories.
const (
	CategoryPaid        Category = "paid"
	CategoryPromotional Category = "promotional"
)

// Grant limits. [S]
const (
	MaxNameLength   = 100 // characters in a grant's name
	MinPriority     = 0   // the highest priority
	MaxPriority     = 100 // the lowest priority
	DefaultPriority = 50  // a null priority counts as this
)

// Grant is a billing.credit_grant: an allocation of billing credits to a
// customer. It is a plain value; functions that change a grant (Expire, Void)
// return a new one.
//
// Times are UTC time.Time values, unix seconds on the wire. A zero
// EffectiveAt, ExpiresAt or VoidedAt is JSON null: a null EffectiveAt means
// effective from Created [P], a null ExpiresAt means the credits never
// expire, a null VoidedAt means not voided. A nil Priority is JSON null and
// counts as DefaultPriority. An empty Name or TestClock is null; an empty
// CustomerAccount is left out of a grant built in Go (Stripe's documented
// examples omit it). A nil Metadata is {} in a grant built in Go. Customer
// decodes from an id or an expanded customer object and encodes as the id.
// A grant decoded from JSON re-encodes with exactly the keys it had (see
// the package doc). The zero Grant is invalid (Validate says why).
type Grant struct {
	ID                  string
	Amount              Amount
	ApplicabilityConfig ApplicabilityConfig
	Category            Category
	Created             time.Time
	Customer            string
	CustomerAccount     string
	EffectiveAt         time.Time
	ExpiresAt           time.Time
	Livemode            bool
	Metadata            map[string]string
	Name                string
	Priority            *int
	TestClock           string
	Updated             time.Time
	VoidedAt            time.Time

	wire stripejson.Shape
}

// Effective returns when the grant becomes effective: EffectiveAt, or
// Created when EffectiveAt is null. [P]
func (g Grant) Effective() time.Time {
	if g.EffectiveAt.IsZero() {
		return g.Created
	}
	return g.EffectiveAt
}

// PriorityValue returns the grant's priority, DefaultPriority when null.
func (g Grant) PriorityValue() int {
	if g.Priority == nil {
		return DefaultPriority
	}
	return *g.Priority
}

// Currency returns the currency of the grant's monetary amount.
func (g Grant) Currency() pricing.Currency { return g.Amount.Monetary.Currency }

// Window reports the grant's state at t: whether its credits are usable
// (effective_at <= t < expires_at and not voided at t). Instants are
// compared in whole unix seconds, as Stripe stores them.
func (g Grant) Window(t time.Time) GrantState {
	eff, exp, void := windowOf(&g)
	return stateAt(eff, exp, void, t.Unix())
}

// windowOf returns the grant's effective time, expires_at and voided_at in
// unix seconds, math.MaxInt64 standing for a null expires_at or voided_at.
func windowOf(g *Grant) (eff, exp, void int64) {
	exp, void = math.MaxInt64, math.MaxInt64
	if !g.ExpiresAt.IsZero() {
		exp = g.ExpiresAt.Unix()
	}
	if !g.VoidedAt.IsZero() {
		void = g.VoidedAt.Unix()
	}
	return g.Effective().Unix(), exp, void
}

func stateAt(eff, exp, void, t int64) GrantState {
	switch {
	case t >= void:
		return StateVoided
	case t < eff:
		return StatePending
	case t >= exp:
		return StateExpired
	}
	return StateActive
}

// GrantState is where a grant stands at an instant.
type GrantState int

// Grant states; windows are half-open: a grant is active on
// [effective_at, expires_at) and voided from voided_at on.
const (
	StateActive  GrantState = iota // effective, not expired, not voided
	StatePending                   // before effective_at
	StateExpired                   // at or after expires_at
	StateVoided                    // at or after voided_at
)

// String returns "active", "pending", "expired" or "voided".
func (s GrantState) String() string {
	switch s {
	case StateActive:
		return "active"
	case StatePending:
		return "pending"
	case StateExpired:
		return "expired"
	case StateVoided:
		return "voided"
	}
	return "unknown"
}

// Validate checks the grant against Stripe's rules and reports every problem
// at once (errors.Join of *FieldError, each wrapping ErrInvalidGrant, or
// ErrUnsupportedAmount for a custom_pricing_unit amount): customer or
// customer_account set; amount type monetary with a supported currency and a
// positive value; exactly one of applicability_config.scope.price_type
// ("metered") and .prices (1 to 20, each with an id); category paid or
// promotional; name at most 100 characters; priority 0..100 when set;
// every time set within the years 1970 to 9999 (as Stripe's JSON bounds
// them), effective_at or created set; expires_at after the effective time
// when both are set (in whole seconds).
func (g Grant) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, field, format, args...))
	}
	if g.Customer == "" && g.CustomerAccount == "" {
		add("customer", "is required (or customer_account)")
	}
	errs = g.Amount.validate(errs, ErrInvalidGrant, ObjectGrant, g.ID, "amount")
	errs = g.ApplicabilityConfig.Scope.validate(errs, ErrInvalidGrant, ObjectGrant, g.ID, "applicability_config.scope")
	if g.Category != CategoryPaid && g.Category != CategoryPromotional {
		add("category", "must be %q or %q, got %q", CategoryPaid, CategoryPromotional, g.Category)
	}
	if n := utf8.RuneCountInString(g.Name); n > MaxNameLength {
		add("name", "at most %d characters, got %d", MaxNameLength, n)
	}
	if g.Priority != nil && (*g.Priority < MinPriority || *g.Priority > MaxPriority) {
		add("priority", "must be between %d and %d, got %d", MinPriority, MaxPriority, *g.Priority)
	}
	if g.EffectiveAt.IsZero() && g.Created.IsZero() {
		add("effective_at", "is required when created is null")
	}
	for _, f := range [...]struct {
		name string
		t    time.Time
	}{{"created", g.Created}, {"effective_at", g.EffectiveAt}, {"expires_at", g.ExpiresAt}, {"updated", g.Updated}, {"voided_at", g.VoidedAt}} {
		errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, f.name, f.t)
	}
	if !g.ExpiresAt.IsZero() && g.ExpiresAt.Unix() <= g.Effective().Unix() {
		add("expires_at", "must be after effective_at (%d), got %d", g.Effective().Unix(), g.ExpiresAt.Unix())
	}
	return joinErrs(errs)
}

// validate checks a monetary amount used for computation.
func (a Amount) validate(errs []error, sentinel error, object, id, prefix string) []error {
	switch {
	case a.isMonetary():
	case a.Type == AmountCustomPricingUnit:
		return append(errs, stripejson.Errorf(ErrUnsupportedAmount, object, id, prefix+".type", "custom_pricing_unit amounts are not supported yet"))
	default:
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".type", "must be %q, got %q", AmountMonetary, a.Type))
	}
	if !a.Monetary.Currency.Valid() {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".monetary.currency", "unknown currency %q", a.Monetary.Currency))
	}
	if a.Monetary.Value <= 0 {
		errs = append(errs, stripejson.Errorf(sentinel, object, id, prefix+".monetary.value", "must be positive, got %d", a.Monetary.Value))
	}
	return errs
}

func joinErrs(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

var grantKeys = stripejson.NewKeys("id", "object", "amount", "applicability_config", "category", "created",
	"customer", "customer_account?", "effective_at", "expires_at", "livemode", "metadata", "name", "priority",
	"test_clock", "updated", "voided_at")

const (
	grantID = iota
	grantObject
	grantAmount
	grantApplicabilityConfig
	grantCategory
	grantCreated
	grantCustomer
	grantCustomerAccount
	grantEffectiveAt
	grantExpiresAt
	grantLivemode
	grantMetadata
	grantName
	grantPriority
	grantTestClock
	grantUpdated
	grantVoidedAt
)

// MarshalJSON writes the grant as Stripe's billing.credit_grant object.
func (g Grant) MarshalJSON() ([]byte, error) { return g.appendJSON(nil), nil }

// UnmarshalJSON reads Stripe's billing.credit_grant object. It accepts
// Stripe's generator fixtures (expanded customer, null effective_at, invalid
// currencies): decoding checks shapes, Validate checks rules. An "object"
// other than billing.credit_grant is an error.
func (g *Grant) UnmarshalJSON(b []byte) error { return unmarshal(b, ObjectGrant, g.decode) }

func (g *Grant) decode(d *stripejson.Decoder) {
	*g = Grant{}
	d.Object(grantKeys, &g.wire, func(i int) {
		switch i {
		case grantID:
			g.ID = d.String()
		case grantObject:
			d.Const(ObjectGrant)
		case grantAmount:
			g.Amount.decode(d)
		case grantApplicabilityConfig:
			g.ApplicabilityConfig.decode(d)
		case grantCategory:
			g.Category = Category(d.String())
		case grantCreated:
			g.Created = d.Unix()
		case grantCustomer:
			g.Customer = d.ID()
		case grantCustomerAccount:
			g.CustomerAccount = d.ID()
		case grantEffectiveAt:
			g.EffectiveAt = d.Unix()
		case grantExpiresAt:
			g.ExpiresAt = d.Unix()
		case grantLivemode:
			g.Livemode = d.Bool()
		case grantMetadata:
			g.Metadata = d.Metadata()
		case grantName:
			g.Name = d.String()
		case grantPriority:
			g.Priority = nil
			if p := d.IntPtr(); p != nil {
				v := int(*p)
				if int64(v) != *p {
					d.Fail("%d is out of the int range", *p)
				}
				g.Priority = &v
			}
		case grantTestClock:
			g.TestClock = d.ID()
		case grantUpdated:
			g.Updated = d.Unix()
		case grantVoidedAt:
			g.VoidedAt = d.Unix()
		}
	})
}

func (g *Grant) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, grantKeys, &g.wire)
	e.String(grantID, g.ID)
	e.Const(grantObject, ObjectGrant)
	e.Object(grantAmount, !g.Amount.IsZero() || g.Amount.wire.Decoded(), g.Amount.appendJSON)
	c := &g.ApplicabilityConfig
	e.Object(grantApplicabilityConfig, !c.Scope.IsZero() || c.Scope.Prices != nil || c.wire.Decoded(), c.appendJSON)
	e.String(grantCategory, string(g.Category))
	e.UnixRequired(grantCreated, g.Created)
	e.String(grantCustomer, g.Customer)
	e.String(grantCustomerAccount, g.CustomerAccount)
	e.Unix(grantEffectiveAt, g.EffectiveAt)
	e.Unix(grantExpiresAt, g.ExpiresAt)
	e.Bool(grantLivemode, g.Livemode)
	metadata(&e, grantMetadata, g.Metadata, g.wire)
	e.String(grantName, g.Name)
	if e.Field(grantPriority, g.Priority != nil) {
		if g.Priority == nil {
			e.Null()
		} else {
			e.B = strconv.AppendInt(e.B, int64(*g.Priority), 10)
		}
	}
	e.String(grantTestClock, g.TestClock)
	e.UnixRequired(grantUpdated, g.Updated)
	e.Unix(grantVoidedAt, g.VoidedAt)
	return e.Close()
}
