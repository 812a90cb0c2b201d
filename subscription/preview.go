package subscription

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/billingkit/billingkit/invoice"
)

// Preview is POST /v1/invoices/create_preview for the subscription at
// instant at, with the changes applied in order at at (doc.go, Previews):
// with create_prorations (or none), the next renewal invoice plus the
// pending items and the changes' prorations; with always_invoice, the
// invoice the last such change would issue now. The preview's id starts
// "upcoming_in", its billing_reason is upcoming, status draft, created at;
// parent.subscription_details.subscription_proration_date is the proration
// date when the changes prorate. Nothing is written: s and in are not
// modified, and billing credits show with no transaction.
func Preview(s Subscription, at time.Time, in Inputs, changes ...Change) (invoice.Invoice, error) {
	at = at.UTC()
	cur := s
	pending := in.Pending
	var now *invoice.Invoice
	var prorationDate time.Time
	for i, c := range changes {
		run := in
		run.Pending = pending
		ns, items, inv, err := Update(cur, c, at, run)
		if err != nil {
			return invoice.Invoice{}, inChange(i, err)
		}
		if len(items) > 0 {
			prorationDate = c.ProrationDate
			if prorationDate.IsZero() {
				prorationDate = at
			}
		}
		if inv != nil {
			now = inv
			pending = remaining(pending, inv.PeriodStart, at, &cur)
		} else {
			pending = append(pending[:len(pending):len(pending)], items...)
		}
		cur = ns
	}
	var out invoice.Invoice
	if now != nil {
		out = *now
	} else {
		run := in
		run.Pending = pending
		b, err := cur.prepare(&run)
		if err != nil {
			return invoice.Invoice{}, err
		}
		b.kField = "at"
		k := 0
		if !at.Before(b.cy.start) {
			if k, _, _, err = b.cy.periodAt(at); err != nil {
				return invoice.Invoice{}, errorf(ErrInvalidSubscription, s.ID, "billing_cycle_anchor", "%v", err)
			}
			k++
		}
		if out, err = b.cycleInvoice(k); err != nil {
			return invoice.Invoice{}, err
		}
	}
	id := in.IDs.ID(IDKey{Prefix: "upcoming_in", Parent: s.ID, Invoice: unix(at)})
	out.ID = id
	out.BillingReason = invoice.ReasonUpcoming
	out.Created = at
	out.Status = "draft"
	if out.Parent != nil {
		p := *out.Parent
		p.ProrationDate = prorationDate
		out.Parent = &p
	}
	for i := range out.Lines {
		out.Lines[i].Invoice = id
	}
	return out, nil
}

// remaining drops the pending items an invoice issued at at, in the
// period starting at ps, swept.
func remaining(pending []invoice.Item, ps, at time.Time, s *Subscription) []invoice.Item {
	var out []invoice.Item
	for _, it := range pending {
		if !sweptNow(&it, s.ID, s.Customer, ps, at) {
			out = append(out, it)
		}
	}
	return out
}

// inChange names the change an error of Update is about (changes[i]...),
// when the error is about the change's parameters rather than the
// subscription's own fields.
func inChange(i int, err error) error {
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Object != "subscription" {
		return err
	}
	if !errors.Is(err, ErrInvalidChange) && !(errors.Is(err, ErrUnsupported) && !strings.HasPrefix(fe.Field, "items.data")) {
		return err
	}
	c := *fe
	c.Field = fmt.Sprintf("changes[%d].%s", i, fe.Field)
	return &c
}
