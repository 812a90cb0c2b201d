package quote_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

// model is the lifecycle table of the spec, nothing more.
type model struct {
	status                              quote.Status
	expiresAt                           time.Time
	finalizedAt, acceptedAt, canceledAt time.Time
}

func (m model) live() bool { return m.status == quote.StatusDraft || m.status == quote.StatusOpen }

// TestQuote_Lifecycle runs random event sequences against the model: every
// event in every state, refused events wrapping ErrInvalidTransition and
// leaving the quote alone, terminal states staying terminal, and
// status_transitions times set once and never moved. It also checks that no
// transition mutates its receiver.
func TestQuote_Lifecycle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.QuoteWith(quotetest.Config{MaxLines: 3}).Draw(t, "quote")
		q, err := q.Compute()
		if err != nil {
			t.Fatalf("compute generated quote: %v", err)
		}
		m := model{status: quote.StatusDraft, expiresAt: q.ExpiresAt}
		clock := q.Created
		var outcomes int

		drawAt := func(t *rapid.T) time.Time {
			// Mostly small steps, so that quotes live long enough to be
			// accepted; sometimes a jump, or exactly the expiry.
			d := rapid.OneOf(
				rapid.Int64Range(-600, 3600),
				rapid.Int64Range(-600, 3600),
				rapid.Int64Range(-3600, 3*24*3600),
				rapid.Int64Range(0, 90*24*3600),
				rapid.Just(m.expiresAt.Sub(clock).Milliseconds()/1000), // exactly at expiry
			).Draw(t, "delta")
			at := clock.Add(time.Duration(d) * time.Second)
			if at.After(clock) {
				clock = at
			}
			return at
		}
		snapshot := func() string { return fingerprint(q) }
		// step applies a transition result: checks the receiver was not
		// mutated, that refusals are ErrInvalidTransition, and moves on.
		step := func(name string, ev quote.Event, before string, next quote.Quote, err error, allowed bool) {
			if snapshot() != before {
				t.Fatalf("%s mutated its receiver", name)
			}
			if !allowed {
				if !errors.Is(err, quote.ErrInvalidTransition) {
					t.Fatalf("%s from %s: err = %v, want ErrInvalidTransition", name, m.status, err)
				}
				var te *quote.TransitionError
				if !errors.As(err, &te) || te.From != q.Status || te.Event != ev {
					t.Fatalf("%s: error %v does not name status %s and event %s", name, err, q.Status, ev)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s from %s: unexpected error %v", name, m.status, err)
			}
			q = next
		}

		t.Repeat(map[string]func(*rapid.T){
			"finalize": func(t *rapid.T) {
				at := drawAt(t)
				before := snapshot()
				next, err := q.Finalize(at)
				ok := m.status == quote.StatusDraft && at.Before(m.expiresAt)
				if m.status == quote.StatusDraft && !ok && !errors.Is(err, quote.ErrExpired) {
					t.Fatalf("finalize at or after expires_at: err = %v, want ErrExpired", err)
				}
				step("finalize", quote.EventFinalize, before, next, err, ok)
				if ok {
					m.status, m.finalizedAt = quote.StatusOpen, at
				}
			},
			"accept": func(t *rapid.T) {
				at := drawAt(t)
				before := snapshot()
				next, o, err := q.Accept(at)
				ok := m.status == quote.StatusOpen && at.Before(m.expiresAt) && !at.Before(m.finalizedAt)
				step("accept", quote.EventAccept, before, next, err, ok)
				name, v := o.Object()
				if ok {
					m.status, m.acceptedAt = quote.StatusAccepted, at
					if name == "" || v == nil {
						t.Fatal("accept created nothing")
					}
					outcomes++
				} else if name != "" {
					t.Fatalf("refused accept created a %s", name)
				}
				if outcomes > 1 {
					t.Fatal("a quote was accepted twice")
				}
			},
			"cancel": func(t *rapid.T) {
				at := drawAt(t)
				before := snapshot()
				next, err := q.Cancel(at)
				ok := m.live()
				step("cancel", quote.EventCancel, before, next, err, ok)
				if ok {
					m.status, m.canceledAt = quote.StatusCanceled, at
					if !at.Before(m.expiresAt) {
						m.canceledAt = m.expiresAt
					}
				}
			},
			"advance": func(t *rapid.T) {
				at := drawAt(t)
				before := snapshot()
				next := q.Advance(at)
				step("advance", quote.Event("advance"), before, next, nil, true)
				if m.live() && !at.Before(m.expiresAt) {
					m.status, m.canceledAt = quote.StatusCanceled, m.expiresAt
				}
			},
			"extend expires_at": func(t *rapid.T) {
				at := drawAt(t)
				exp := at.Add(time.Duration(rapid.Int64Range(-3600, 30*24*3600).Draw(t, "new_expiry")) * time.Second)
				before := snapshot()
				next, err := q.Update(at, quote.Update{ExpiresAt: &exp})
				ok := m.live() && at.Before(m.expiresAt) && exp.After(at)
				step("update expires_at", quote.EventUpdate, before, next, err, ok)
				if ok {
					m.expiresAt = exp
				}
			},
			"edit lines": func(t *rapid.T) {
				at := drawAt(t)
				lines := append([]quote.LineItem(nil), q.LineItems...)
				lines[0].Quantity++
				before := snapshot()
				next, err := q.Update(at, quote.Update{LineItems: &lines})
				ok := m.status == quote.StatusDraft && at.Before(m.expiresAt)
				step("update line_items", quote.EventUpdate, before, next, err, ok)
			},
			"revise": func(t *rapid.T) {
				at := drawAt(t)
				before := snapshot()
				rev, err := q.Revise(q.ID+"_rev", at)
				ok := m.status == quote.StatusOpen && at.Before(m.expiresAt)
				if snapshot() != before {
					t.Fatal("revise mutated its receiver")
				}
				if ok != (err == nil) {
					t.Fatalf("revise from %s: err = %v, allowed %v", m.status, err, ok)
				}
				if err != nil && !errors.Is(err, quote.ErrInvalidTransition) {
					t.Fatalf("revise: err = %v, want ErrInvalidTransition", err)
				}
				if ok && (rev.Status != quote.StatusDraft || rev.FromQuote == nil || !rev.FromQuote.IsRevision || rev.FromQuote.Quote != q.ID) {
					t.Fatalf("revision = %v from %+v", rev.Status, rev.FromQuote)
				}
			},
			"clone": func(t *rapid.T) {
				at := drawAt(t)
				c, err := q.Clone(q.ID+"_copy", at)
				ok := m.status != quote.StatusCanceled
				if ok != (err == nil) {
					t.Fatalf("clone from %s: err = %v, allowed %v", m.status, err, ok)
				}
				if ok && (c.Status != quote.StatusDraft || c.AmountTotal != q.AmountTotal || c.Number != "") {
					t.Fatalf("clone: status %s total %d number %q, want a draft with the same total %d", c.Status, c.AmountTotal, c.Number, q.AmountTotal)
				}
			},
			"": func(t *rapid.T) {
				if q.Status != m.status || q.Status.Terminal() == m.live() {
					t.Fatalf("status = %s (terminal %v), model %s", q.Status, q.Status.Terminal(), m.status)
				}
				st := q.StatusTransitions
				if !st.FinalizedAt.Equal(m.finalizedAt) || !st.AcceptedAt.Equal(m.acceptedAt) || !st.CanceledAt.Equal(m.canceledAt) {
					t.Fatalf("status_transitions = %v / %v / %v, model %v / %v / %v",
						st.FinalizedAt, st.AcceptedAt, st.CanceledAt, m.finalizedAt, m.acceptedAt, m.canceledAt)
				}
				if !q.ExpiresAt.Equal(m.expiresAt) {
					t.Fatalf("expires_at = %v, model %v", q.ExpiresAt, m.expiresAt)
				}
				if (q.Number != "") != !m.finalizedAt.IsZero() {
					t.Fatalf("number %q with finalized_at %v", q.Number, m.finalizedAt)
				}
				if (q.Status == quote.StatusAccepted) != (q.Invoice != "" || q.Subscription != "" || q.SubscriptionSchedule != "") {
					t.Fatalf("status %s with invoice %q subscription %q schedule %q", q.Status, q.Invoice, q.Subscription, q.SubscriptionSchedule)
				}
			},
		})
	})
}

// fingerprint renders what a transition could mutate through shared
// memory: the quote's scalars, its lines' inputs and amounts, its slices and
// maps.
func fingerprint(q quote.Quote) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %v %v %v %v %s %d %d %v %s%s%s|", q.ID, q.Status, q.ExpiresAt, q.StatusTransitions.FinalizedAt,
		q.StatusTransitions.AcceptedAt, q.StatusTransitions.CanceledAt, q.Number, q.AmountSubtotal, q.AmountTotal,
		q.Metadata, q.Invoice, q.Subscription, q.SubscriptionSchedule)
	for _, li := range q.LineItems {
		fmt.Fprintf(&b, "%s %d %d %d %d %d %d %d %d %d;", li.ID, li.Quantity, li.AmountSubtotal, li.AmountDiscount, li.AmountTax,
			li.AmountTotal, len(li.Discounts), len(li.TaxRates), len(li.DiscountAmounts), len(li.TaxAmounts))
	}
	for _, li := range q.Computed.Upfront.LineItems {
		fmt.Fprintf(&b, "%d %d;", li.AmountTotal, len(li.DiscountAmounts))
	}
	fmt.Fprintf(&b, "%d %d %v", len(q.Discounts), len(q.DefaultTaxRates), q.Computed.Recurring != nil)
	return b.String()
}

// TestFinalizeRevision: finalizing a revision cancels its open original,
// keeps the original's sequence and bumps the revision number.
func TestFinalizeRevision(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := quotetest.Quote().Draw(t, "quote")
		open, err := q.Finalize(q.Created)
		if err != nil {
			t.Fatal(err)
		}
		at := q.Created.Add(time.Minute)
		rev, err := open.Revise("qt_rev", at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rev.Finalize(at); !errors.Is(err, quote.ErrInvalidTransition) {
			t.Fatalf("Finalize of a revision: err = %v, want ErrInvalidTransition pointing to FinalizeRevision", err)
		}
		orig, fin, err := quote.FinalizeRevision(open, rev, at)
		if err != nil {
			t.Fatal(err)
		}
		if orig.Status != quote.StatusCanceled || !orig.StatusTransitions.CanceledAt.Equal(at) {
			t.Fatalf("original: %s canceled at %v, want canceled at %v", orig.Status, orig.StatusTransitions.CanceledAt, at)
		}
		if open.Status != quote.StatusOpen || rev.Status != quote.StatusDraft {
			t.Fatal("FinalizeRevision mutated its inputs")
		}
		want := open.Number[:len(open.Number)-1] + "2"
		if fin.Status != quote.StatusOpen || fin.Number != want {
			t.Fatalf("revision: %s number %q, want open %q", fin.Status, fin.Number, want)
		}
		if fin.AmountTotal != open.AmountTotal {
			t.Fatalf("revision total %d, original %d", fin.AmountTotal, open.AmountTotal)
		}
		// Not a revision of this original: refused, both unchanged.
		other := open
		other.ID = "qt_other"
		if _, _, err := quote.FinalizeRevision(other, rev, at); !errors.Is(err, quote.ErrInvalidTransition) {
			t.Fatalf("revision of another quote: err = %v", err)
		}
	})
}

// The reason inside a transition error keeps field names that contain
// "quote": only the package prefix at the start of a problem is dropped.
func TestTransitionError_KeepsFieldNames(t *testing.T) {
	r := quote.New("qt_2", time.Unix(1000, 0).UTC())
	r.FromQuote = &quote.FromQuote{Quote: "qt_1", IsRevision: true}
	_, err := r.Finalize(time.Unix(2000, 0).UTC())
	if err == nil || !strings.Contains(err.Error(), "from_quote") || strings.Contains(err.Error(), "from_a") {
		t.Fatalf("Finalize error = %v, want it to name from_quote intact", err)
	}
	if !strings.HasPrefix(err.Error(), "quote: ") || strings.Count(" "+err.Error(), " quote: ") != 1 {
		t.Errorf("error %q: want exactly one package prefix, at the start", err)
	}
}
