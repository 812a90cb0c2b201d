package meter

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/maphash"
	"math"
	"strconv"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// Aggregate returns the customer's usage of meter m on the half-open window
// [start, end), as Stripe's meter event summary for that window: the
// meter's formula (sum, count or last) over the events that count. An event
// counts when its event_name is the meter's, the payload names the customer
// under [Meter.CustomerKey], its timestamp lies in the window, no earlier
// event holds its identifier, no adjustment cancels it and, with an hour or
// day event_time_window, no newer event of the same UTC window replaces
// it. The rules, step by step, are the package manual's section Model;
// instants are whole unix seconds (section Time).
//
// Errors: the meter's settings ([ErrInvalidMeter], [ErrUnsupported]), the
// customer and window ([ErrInvalidQuery]), an event of the customer without
// identifier or timestamp or with an invalid value ([ErrInvalidEvent]), an
// adjustment of the meter's events without identifier
// ([ErrInvalidAdjustment]) return the zero Summary and the first problem
// found. Different events sharing an identifier are reported with
// [ErrDuplicateEvent] together with the summary, which counts the first of
// them: a non-nil error that wraps ErrDuplicateEvent comes with a valid
// summary (manual, section Identifiers).
//
// Aggregate never modifies its arguments, keeps no state and allocates a
// fixed number of times per call, whatever the number of events (manual,
// section Speed).
func Aggregate(m Meter, customer string, events []Event, adj []Adjustment, start, end time.Time) (Summary, error) {
	if err := m.check(); err != nil {
		return Summary{}, err
	}
	s, e, err := query(customer, start, end)
	if err != nil {
		return Summary{}, err
	}
	if uint64(len(events)) > math.MaxInt32 {
		return Summary{}, errorf(ErrUnsupported, ObjectEvent, "", "events", "%d events: at most %d per call", len(events), math.MaxInt32)
	}
	w := m.EventTimeWindow.seconds()
	// Candidates: the customer's events whose timestamp falls in the
	// window, widened for a time window to the whole UTC hours or days it
	// overlaps (an event just before start can replace one after it).
	lo, hi := s, e
	if w > 0 && s < e {
		lo = floorDiv(s, w) * w
		hi = -floorDiv(-e, w) * w
	}
	name, ck := m.EventName, m.CustomerKey()

	// Pass 1: classify, check the customer's events.
	cand := make([]uint64, (len(events)+63)/64)
	nCand, nOther := 0, 0
	for i := range events {
		ev := &events[i]
		if ev.EventName != name {
			continue
		}
		if ev.Payload[ck] != customer {
			nOther++
			continue
		}
		if ev.Identifier == "" {
			return Summary{}, errorf(ErrInvalidEvent, ObjectEvent, "", eventField(i, "identifier"), "is required")
		}
		if ev.Timestamp.IsZero() {
			return Summary{}, errorf(ErrInvalidEvent, ObjectEvent, ev.Identifier, eventField(i, "timestamp"), "is required")
		}
		if ts := ev.Timestamp.Unix(); ts < lo || ts >= hi {
			nOther++
			continue
		}
		cand[i>>6] |= 1 << (i & 63)
		nCand++
	}

	// Pass 2: group the candidates by identifier. Pass 3: other events of
	// the meter that share a candidate's identifier join its group.
	seed := maphash.MakeSeed()
	valueKey := m.ValueKey()
	if m.DefaultAggregation.Formula == FormulaCount {
		valueKey = "" // count reads no value
	}
	ids := newIDIndex(seed, nCand, valueKey)
	ids.insertAll(events, cand)
	if nCand > 0 && nOther > 0 {
		for i := range events {
			ev := &events[i]
			if cand[i>>6]&(1<<(i&63)) != 0 || ev.EventName != name || ev.Identifier == "" {
				continue
			}
			if g := ids.lookup(events, ev.Identifier); g >= 0 {
				ids.join(events, g, i)
			}
		}
	}

	// Adjustments of the meter's events cancel identifiers.
	for j := range adj {
		a := &adj[j]
		if a.EventName != name {
			continue
		}
		if err := a.check(); err != nil {
			err.Field = "adjustments[" + strconv.Itoa(j) + "]." + err.Field
			return Summary{}, err
		}
		if g := ids.lookup(events, a.Cancel.Identifier); g >= 0 {
			ids.groups[g].flags |= groupCanceled
		}
	}

	out := Summary{
		ID:        summaryID(m.ID, customer, s, e),
		Livemode:  m.Livemode,
		Meter:     m.ID,
		StartTime: time.Unix(s, 0).UTC(),
		EndTime:   time.Unix(e, 0).UTC(),
	}
	f := formula{kind: m.DefaultAggregation.Formula, valueKey: valueKey, last: -1}
	counts := func(gr *group) bool {
		i := gr.winner
		return gr.flags&groupCanceled == 0 && cand[i>>6]&(1<<(i&63)) != 0
	}
	if w == 0 {
		for g := range ids.groups {
			if gr := &ids.groups[g]; counts(gr) {
				if err := f.add(events, gr); err != nil {
					return Summary{}, err
				}
			}
		}
	} else {
		n := 0
		for g := range ids.groups {
			if counts(&ids.groups[g]) {
				n++
			}
		}
		// At most one entry per counted group and per UTC window that
		// [lo, hi) spans (31 days, or 744 hours, for a month).
		windows := newBucketIndex(seed, int(min(int64(n), (hi-lo)/w)))
		for g := range ids.groups {
			if gr := &ids.groups[g]; counts(gr) {
				windows.offer(events, ids.groups, floorDiv(events[gr.winner].Timestamp.Unix(), w), int32(g))
			}
		}
		for _, b := range windows.entries {
			gr := &ids.groups[b.best]
			if ts := events[gr.winner].Timestamp.Unix(); ts >= s && ts < e {
				if err := f.add(events, gr); err != nil {
					return Summary{}, err
				}
			}
		}
	}
	out.AggregatedValue = f.result()
	return out, duplicates(events, name, ids.groups)
}

// formula folds counted events into the meter's aggregate.
type formula struct {
	kind     Formula
	valueKey string
	count    int64
	sum      accumulator
	last     int32 // the last event so far, -1 for none
	lastV    value
}

// add counts the winner of group gr, with the value read when it won.
func (f *formula) add(events []Event, gr *group) error {
	f.count++
	if f.kind == FormulaCount {
		return nil
	}
	if gr.bad != valueOK {
		ev := &events[gr.winner]
		if gr.bad == valueMissing {
			return errorf(ErrInvalidEvent, ObjectEvent, ev.Identifier, eventField(int(gr.winner), "payload"), "has no %s", stripejson.Short(f.valueKey))
		}
		raw := ev.Payload[f.valueKey]
		return errorf(ErrInvalidEvent, ObjectEvent, ev.Identifier, eventField(int(gr.winner), "payload."+f.valueKey), "%s %s", stripejson.Short(raw), gr.bad.reason())
	}
	switch f.kind {
	case FormulaSum:
		f.sum.add(gr.value())
	case FormulaLast:
		if f.last < 0 || compareLast(&events[gr.winner], &events[f.last]) > 0 {
			f.last, f.lastV = gr.winner, gr.value()
		}
	}
	return nil
}

// result returns the aggregate: 0 when no event counts.
func (f *formula) result() decimal.Decimal {
	switch {
	case f.kind == FormulaCount:
		return decimal.NewFromInt(f.count)
	case f.kind == FormulaSum:
		return f.sum.decimal()
	case f.last < 0:
		return decimal.Decimal{}
	}
	return decimal.New(f.lastV.coef, -int32(f.lastV.places))
}

// duplicates reports the groups in which different events share an
// identifier: the one with the least identifier, one of its events that
// differs from the first (found by one more pass, on this error path
// only), and how many such identifiers there are.
func duplicates(events []Event, name string, groups []group) error {
	n, first := 0, -1
	for g := range groups {
		if groups[g].flags&groupConflict == 0 {
			continue
		}
		n++
		if first < 0 || events[groups[g].winner].Identifier < events[groups[first].winner].Identifier {
			first = g
		}
	}
	if n == 0 {
		return nil
	}
	gr := groups[first]
	win := &events[gr.winner]
	other := 0
	for i := range events {
		if ev := &events[i]; ev.EventName == name && ev.Identifier == win.Identifier && compareFirst(ev, win) != 0 {
			other = i
			break
		}
	}
	more := ""
	if n > 1 {
		more = "; " + strconv.Itoa(n) + " identifiers are shared by different events"
	}
	return errorf(ErrDuplicateEvent, ObjectEvent, win.Identifier, eventField(other, "identifier"),
		"events[%d] (created %d) has it first and is the one that counts%s", gr.winner, unixOf(win.Created), more)
}

// query checks the customer and window and returns the window in unix
// seconds.
func query(customer string, start, end time.Time) (s, e int64, err error) {
	if customer == "" {
		return 0, 0, errorf(ErrInvalidQuery, "", "", "customer", "is required")
	}
	for _, t := range [2]struct {
		name string
		at   time.Time
	}{{"start_time", start}, {"end_time", end}} {
		if t.at.IsZero() {
			return 0, 0, errorf(ErrInvalidQuery, "", "", t.name, "is required")
		}
		if u := t.at.Unix(); u < stripejson.MinUnix || u > stripejson.MaxUnix {
			return 0, 0, errorf(ErrInvalidQuery, "", "", t.name, "unix time %d is outside 1 to %d (years 1970 to 9999)", u, int64(stripejson.MaxUnix))
		}
	}
	s, e = start.Unix(), end.Unix()
	if s > e {
		return 0, 0, errorf(ErrInvalidQuery, "", "", "end_time", "%d is before start_time %d", e, s)
	}
	return s, e, nil
}

// summaryID is the summary's id: "mtrusg_" and 24 hex digits of a SHA-256
// of what the summary is (meter, customer, window), so the same question
// always gets the same id.
func summaryID(meter, customer string, s, e int64) string {
	var buf [128]byte
	b := append(buf[:0], meter...)
	b = append(b, 0)
	b = append(b, customer...)
	b = append(b, 0)
	b = strconv.AppendInt(b, s, 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, e, 10)
	sum := sha256.Sum256(b)
	var id [len("mtrusg_") + 24]byte
	copy(id[:], "mtrusg_")
	hex.Encode(id[len("mtrusg_"):], sum[:12])
	return string(id[:])
}

func eventField(i int, field string) string {
	return "events[" + strconv.Itoa(i) + "]." + field
}

// unixOf is t in unix seconds, 0 for the zero time (a created that was 0
// on the wire).
func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// floorDiv is a / b rounded toward negative infinity (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
