package credit

import (
	"encoding/json"
	"errors"
	"math"
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
// CustomerAccount is omitted (Stripe's documented examples omit it). Customer
// decodes from an id or an expanded customer object and encodes as the id.
//
// A Grant decoded from JSON remembers which optional keys (customer_account,
// priority, voided_at) were absent or null, so Stripe's own objects re-encode
// to the same JSON. The zero Grant is invalid (Validate says why).
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

	wire wireKeys
}

// wireKeys records the shape of optional keys in decoded JSON.
type wireKeys uint8

const (
	wireNoPriority          wireKeys = 1 << iota // "priority" absent
	wireNoVoidedAt                               // "voided_at" absent
	wireNullCustomerAccount                      // "customer_account": null present
)

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
// expires_at after the effective time when both are set (in whole seconds).
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

type grantWire struct {
	ID                  string              `json:"id"`
	Object              string              `json:"object"`
	Amount              Amount              `json:"amount"`
	ApplicabilityConfig ApplicabilityConfig `json:"applicability_config"`
	Category            Category            `json:"category"`
	Created             int64               `json:"created"`
	Customer            json.RawMessage     `json:"customer"`
	CustomerAccount     json.RawMessage     `json:"customer_account,omitempty"`
	EffectiveAt         *int64              `json:"effective_at"`
	ExpiresAt           *int64              `json:"expires_at"`
	Livemode            bool                `json:"livemode"`
	Metadata            map[string]string   `json:"metadata"`
	Name                *string             `json:"name"`
	Priority            json.RawMessage     `json:"priority,omitempty"`
	TestClock           json.RawMessage     `json:"test_clock"`
	Updated             int64               `json:"updated"`
	VoidedAt            json.RawMessage     `json:"voided_at,omitempty"`
}

// jsonNull returns the JSON literal null.
func jsonNull() json.RawMessage { return json.RawMessage("null") }

// MarshalJSON writes the grant as Stripe's billing.credit_grant object.
func (g Grant) MarshalJSON() ([]byte, error) {
	w := grantWire{
		ID: g.ID, Object: ObjectGrant, Amount: g.Amount, ApplicabilityConfig: g.ApplicabilityConfig,
		Category: g.Category, Created: unixOf(g.Created), EffectiveAt: nullTime(g.EffectiveAt),
		ExpiresAt: nullTime(g.ExpiresAt), Livemode: g.Livemode, Metadata: g.Metadata,
		Name: nullString(g.Name), Updated: unixOf(g.Updated),
	}
	w.Customer, _ = json.Marshal(g.Customer)
	w.TestClock = jsonNull()
	if g.TestClock != "" {
		w.TestClock, _ = json.Marshal(g.TestClock)
	}
	if g.CustomerAccount != "" {
		w.CustomerAccount, _ = json.Marshal(g.CustomerAccount)
	} else if g.wire&wireNullCustomerAccount != 0 {
		w.CustomerAccount = jsonNull()
	}
	if w.Metadata == nil {
		w.Metadata = map[string]string{}
	}
	if g.Priority != nil {
		w.Priority, _ = json.Marshal(*g.Priority)
	} else if g.wire&wireNoPriority == 0 {
		w.Priority = jsonNull()
	}
	if !g.VoidedAt.IsZero() {
		w.VoidedAt, _ = json.Marshal(g.VoidedAt.Unix())
	} else if g.wire&wireNoVoidedAt == 0 {
		w.VoidedAt = jsonNull()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads Stripe's billing.credit_grant object. It accepts
// Stripe's generator fixtures (expanded customer, null effective_at, invalid
// currencies): decoding checks shapes, Validate checks rules. An "object"
// other than billing.credit_grant is an error.
func (g *Grant) UnmarshalJSON(b []byte) error {
	var w grantWire
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr(ObjectGrant, err)
	}
	if err := checkObject(ObjectGrant, w.Object); err != nil {
		return err
	}
	cust, err := expandableID("customer", w.Customer)
	if err != nil {
		return err
	}
	clock, err := expandableID("test_clock", w.TestClock)
	if err != nil {
		return err
	}
	out := Grant{
		ID: w.ID, Amount: w.Amount, ApplicabilityConfig: w.ApplicabilityConfig, Category: w.Category,
		Created: timeOf(w.Created), Customer: cust, EffectiveAt: timeOfPtr(w.EffectiveAt),
		ExpiresAt: timeOfPtr(w.ExpiresAt), Livemode: w.Livemode, Metadata: w.Metadata,
		TestClock: clock, Updated: timeOf(w.Updated),
	}
	if w.Name != nil {
		out.Name = *w.Name
	}
	if w.CustomerAccount != nil {
		if isNull(w.CustomerAccount) {
			out.wire |= wireNullCustomerAccount
		} else if out.CustomerAccount, err = expandableID("customer_account", w.CustomerAccount); err != nil {
			return err
		}
	}
	switch {
	case w.Priority == nil:
		out.wire |= wireNoPriority
	case !isNull(w.Priority):
		var p int
		if err := json.Unmarshal(w.Priority, &p); err != nil {
			return jsonErr("priority", err)
		}
		out.Priority = &p
	}
	switch {
	case w.VoidedAt == nil:
		out.wire |= wireNoVoidedAt
	case !isNull(w.VoidedAt):
		var s int64
		if err := json.Unmarshal(w.VoidedAt, &s); err != nil {
			return jsonErr("voided_at", err)
		}
		out.VoidedAt = timeOf(s)
	}
	*g = out
	return nil
}
