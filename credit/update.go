package credit

import (
	"maps"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// GrantUpdate is what Stripe lets an update change on a grant: only
// expires_at and metadata. [S]
type GrantUpdate struct {
	// ExpiresAt: nil leaves expires_at unchanged; a pointer to the zero
	// time clears it (the credits never expire); any other time sets it.
	ExpiresAt *time.Time
	// Metadata is merged into the grant's metadata: each key is set, and a
	// key with an empty value is removed (Stripe's metadata rule). nil
	// leaves metadata unchanged.
	Metadata map[string]string
}

// Update returns g with u applied at instant at (updated becomes at); g is
// not modified. Instants are compared in whole seconds, as Stripe stores
// them. Errors, each a *FieldError, reported together: updating a grant
// voided at or before at (ErrGrantVoided), or a new expires_at that is
// not after both the grant's effective time and at, or outside the years
// 1970 to 9999 [P] (ErrInvalidGrant;
// expiring at once is Expire's job, which also writes the debit), or a new
// expires_at for a grant that has already expired at at [P] (ErrInvalidGrant:
// moving it would bring expired credits back). Metadata can always change.
func (g Grant) Update(u GrantUpdate, at time.Time) (Grant, error) {
	var errs []error
	if !g.VoidedAt.IsZero() && !at.Before(g.VoidedAt) {
		errs = append(errs, stripejson.Errorf(ErrGrantVoided, ObjectGrant, g.ID, "voided_at", "voided at %d, cannot update", g.VoidedAt.Unix()))
	}
	out := g
	if u.ExpiresAt != nil {
		e := *u.ExpiresAt
		switch {
		case !g.ExpiresAt.IsZero() && !at.Before(g.ExpiresAt):
			errs = append(errs, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at",
				"the grant expired at %d: its expiry cannot be moved (that would bring expired credits back)", g.ExpiresAt.Unix()))
		case e.IsZero():
			out.ExpiresAt = time.Time{}
		case e.Unix() <= g.Effective().Unix():
			errs = append(errs, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at", "must be after effective_at (%d), got %d", g.Effective().Unix(), e.Unix()))
		case e.Unix() <= at.Unix():
			errs = append(errs, stripejson.Errorf(ErrInvalidGrant, ObjectGrant, g.ID, "expires_at", "must be in the future (after %d), got %d; use Expire to expire now", at.Unix(), e.Unix()))
		case !inRange(e.Unix()):
			errs = timeProblem(errs, ErrInvalidGrant, ObjectGrant, g.ID, "expires_at", e)
		default:
			out.ExpiresAt = second(e)
		}
	}
	if u.Metadata != nil {
		md := maps.Clone(g.Metadata)
		if md == nil {
			md = map[string]string{}
		}
		for k, v := range u.Metadata {
			if v == "" {
				delete(md, k)
			} else {
				md[k] = v
			}
		}
		out.Metadata = md
	}
	if err := joinErrs(errs); err != nil {
		return g, err
	}
	if err := checkInstant(at, ErrInvalidGrant, ObjectGrant, g.ID, "updated"); err != nil {
		return g, err
	}
	out.Updated = second(at)
	return out, nil
}
