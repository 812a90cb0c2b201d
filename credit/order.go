package credit

import (
	"cmp"
	"slices"
)

// Order ranks grants for paying an invoice line: a negative result means a
// pays before b, positive b before a, zero no preference. It is a value: pass
// another one to ApplyWith in ApplyOptions (other billing systems rank largest
// grant first, cheapest cost basis first, scoped before global). A nil
// Order means StripeOrder. Whatever the Order, ties are broken by grant id,
// so the result never depends on the order of the input slice.
type Order func(a, b Grant) int

// StripeOrder is Stripe's pay-first order [S]: lower priority number first
// (a null priority counts as 50); then earlier expires_at (no expiry last);
// then promotional before paid; then earlier effective_at; then earlier
// created. Final tie-break: id [P]. Instants are compared in whole unix
// seconds, as Stripe stores them.
func StripeOrder(a, b Grant) int { return stripeOrder(&a, &b) }

// stripeOrder is StripeOrder without copying the grants.
func stripeOrder(a, b *Grant) int {
	if c := cmp.Compare(a.PriorityValue(), b.PriorityValue()); c != 0 {
		return c
	}
	switch ae, be := a.ExpiresAt.IsZero(), b.ExpiresAt.IsZero(); {
	case ae && !be:
		return 1
	case !ae && be:
		return -1
	case !ae && !be:
		if c := cmp.Compare(a.ExpiresAt.Unix(), b.ExpiresAt.Unix()); c != 0 {
			return c
		}
	}
	if ap, bp := a.Category == CategoryPromotional, b.Category == CategoryPromotional; ap != bp {
		if ap {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Effective().Unix(), b.Effective().Unix()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Created.Unix(), b.Created.Unix()); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Compare ranks a and b under o, falling back to the grant id on a tie.
func (o Order) Compare(a, b Grant) int {
	if o == nil {
		o = StripeOrder
	}
	if c := o(a, b); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Sort returns a copy of grants sorted by o (ties by id); grants is not
// modified.
func (o Order) Sort(grants []Grant) []Grant {
	out := slices.Clone(grants)
	slices.SortStableFunc(out, o.Compare)
	return out
}
