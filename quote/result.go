package quote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// EventAdvance names Advance in Apply (automatic expiry; never refused).
const EventAdvance Event = "advance"

// Apply applies the event named ev to q at time at: EventFinalize,
// EventAccept, EventCancel or EventAdvance, as Finalize, Accept, Cancel and
// Advance do; the Outcome is set only by an accept. Any other event returns
// q unchanged and a *TransitionError (wrapping ErrInvalidTransition) saying
// the event is unknown. It is the whole of a command such as
// "billingkit quote accept -at UNIX":
//
//	q, o, err := q.Apply(quote.Event(os.Args[2]), time.Unix(at, 0))
//	json.NewEncoder(os.Stdout).Encode(quote.Result{Quote: q, Outcome: o})
func (q Quote) Apply(ev Event, at time.Time) (Quote, Outcome, error) {
	switch ev {
	case EventFinalize:
		out, err := q.Finalize(at)
		return out, Outcome{}, err
	case EventAccept:
		return q.Accept(at)
	case EventCancel:
		out, err := q.Cancel(at)
		return out, Outcome{}, err
	case EventAdvance:
		return q.Advance(at), Outcome{}, nil
	}
	return q, Outcome{}, &TransitionError{ID: q.ID, From: q.Status, Event: ev,
		Reason: fmt.Errorf("unknown event (want %s, %s, %s or %s)", EventFinalize, EventAccept, EventCancel, EventAdvance)}
}

// Result is a quote with what its last transition created, marshalled as
// {"quote": <quote>} or {"quote": <quote>, "<object>": <object>} where
// <object> is "invoice", "subscription" or "subscription_schedule"
// (Outcome.Object): the output of "billingkit quote <event>".
type Result struct {
	Quote   Quote
	Outcome Outcome
}

// MarshalJSON writes {"quote": ..., "<object>": ...}.
func (r Result) MarshalJSON() ([]byte, error) {
	qb, err := json.Marshal(r.Quote)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"quote":`)
	buf.Write(qb)
	if name, v := r.Outcome.Object(); name != "" {
		ob, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, `,%q:`, name)
		buf.Write(ob)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads {"quote": ..., "<object>": ...}.
func (r *Result) UnmarshalJSON(b []byte) error {
	var w struct {
		Quote                Quote                 `json:"quote"`
		Invoice              *Invoice              `json:"invoice"`
		Subscription         *Subscription         `json:"subscription"`
		SubscriptionSchedule *SubscriptionSchedule `json:"subscription_schedule"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Result{Quote: w.Quote, Outcome: Outcome{Invoice: w.Invoice, Subscription: w.Subscription, SubscriptionSchedule: w.SubscriptionSchedule}}
	return nil
}
