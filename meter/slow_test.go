package meter_test

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/billingkit/billingkit/meter"
	"github.com/shopspring/decimal"
)

// slowAggregate is Aggregate written the obvious way, for property tests
// and the benchmark's comparison: maps and sorted slices, shopspring
// decimals for every value, each rule of the manual's section Model
// applied as a separate step over the whole input. It returns the
// aggregated value and an error wrapping the same sentinel Aggregate's
// would (for a duplicate, with the value).
func slowAggregate(m meter.Meter, customer string, events []meter.Event, adj []meter.Adjustment, start, end time.Time) (decimal.Decimal, error) {
	fail := func(err error) (decimal.Decimal, error) { return decimal.Decimal{}, err }

	// The meter.
	if m.EventName == "" {
		return fail(meter.ErrInvalidMeter)
	}
	if f := m.DefaultAggregation.Formula; f != meter.FormulaSum && f != meter.FormulaCount && f != meter.FormulaLast {
		return fail(meter.ErrInvalidMeter)
	}
	window := map[meter.TimeWindow]int64{meter.WindowNone: 0, meter.WindowHour: 3600, meter.WindowDay: 86400}
	w, ok := window[m.EventTimeWindow]
	if !ok {
		return fail(meter.ErrInvalidMeter)
	}
	if t := m.CustomerMapping.Type; t != "" && t != meter.CustomerMappingByID {
		return fail(meter.ErrInvalidMeter)
	}
	customerKey, valueKey := "stripe_customer_id", "value"
	if k := m.CustomerMapping.EventPayloadKey; k != "" {
		customerKey = k
	}
	if k := m.ValueSettings.EventPayloadKey; k != "" {
		valueKey = k
	}

	// The query.
	if customer == "" || start.IsZero() || end.IsZero() {
		return fail(meter.ErrInvalidQuery)
	}
	s, e := start.Unix(), end.Unix()
	if s < 1 || e > 253402300799 || s > e || e < 1 || s > 253402300799 {
		return fail(meter.ErrInvalidQuery)
	}

	// The meter's events; the customer's must have an identifier and a
	// timestamp.
	var mine []meter.Event // the meter's events
	for _, ev := range events {
		if ev.EventName != m.EventName {
			continue
		}
		mine = append(mine, ev)
		if ev.Payload[customerKey] == customer && (ev.Identifier == "" || ev.Timestamp.IsZero()) {
			return fail(meter.ErrInvalidEvent)
		}
	}

	// Candidates: the customer's events in the window, widened to whole
	// UTC hours or days.
	windowOf := func(ts int64) int64 { return floorDiv(ts, w) }
	inRange := func(ts int64) bool {
		if w == 0 {
			return ts >= s && ts < e
		}
		// The event's UTC hour or day overlaps [s, e).
		from := floorDiv(ts, w) * w
		return s < e && from < e && from+w > s
	}
	isCandidate := func(ev meter.Event) bool {
		return ev.Payload[customerKey] == customer && inRange(ev.Timestamp.Unix())
	}

	// Identifiers: every event of the meter sharing a candidate's
	// identifier, sorted first first.
	byID := map[string][]meter.Event{}
	for _, ev := range mine {
		if isCandidate(ev) {
			byID[ev.Identifier] = nil
		}
	}
	for _, ev := range mine {
		if _, ok := byID[ev.Identifier]; ok {
			byID[ev.Identifier] = append(byID[ev.Identifier], ev)
		}
	}
	duplicate := false
	var firsts []meter.Event
	for _, group := range byID {
		sort.SliceStable(group, func(i, j int) bool { return slowFirstLess(group[i], group[j]) })
		for _, ev := range group[1:] {
			if !sameEvent(ev, group[0]) {
				duplicate = true
			}
		}
		firsts = append(firsts, group[0])
	}

	// Adjustments.
	canceled := map[string]bool{}
	for _, a := range adj {
		if a.EventName != m.EventName {
			continue
		}
		if (a.Type != "" && a.Type != meter.AdjustmentCancel) || a.Cancel.Identifier == "" {
			return fail(meter.ErrInvalidAdjustment)
		}
		canceled[a.Cancel.Identifier] = true
	}
	var remaining []meter.Event
	for _, ev := range firsts {
		if isCandidate(ev) && !canceled[ev.Identifier] {
			remaining = append(remaining, ev)
		}
	}

	// Time windows: the newest of each UTC hour or day.
	if w > 0 {
		newest := map[int64]meter.Event{}
		for _, ev := range remaining {
			k := windowOf(ev.Timestamp.Unix())
			if old, ok := newest[k]; !ok || slowNewer(ev, old) {
				newest[k] = ev
			}
		}
		remaining = slices.Collect(maps.Values(newest))
	}
	var counted []meter.Event
	for _, ev := range remaining {
		if ts := ev.Timestamp.Unix(); ts >= s && ts < e {
			counted = append(counted, ev)
		}
	}

	// The formula.
	var result decimal.Decimal
	switch m.DefaultAggregation.Formula {
	case meter.FormulaCount:
		result = decimal.NewFromInt(int64(len(counted)))
	case meter.FormulaSum, meter.FormulaLast:
		var last *meter.Event
		for i, ev := range counted {
			v, err := slowValue(ev.Payload, valueKey)
			if err != nil {
				return fail(err)
			}
			if m.DefaultAggregation.Formula == meter.FormulaSum {
				result = result.Add(v)
			} else if last == nil || slowLastLess(*last, ev) {
				last, result = &counted[i], v
			}
		}
	}
	if duplicate {
		return result, meter.ErrDuplicateEvent
	}
	return result, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

var valueSyntax = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// slowValue parses a value with shopspring and checks the manual's limits
// on the normalized decimal.
func slowValue(payload map[string]string, key string) (decimal.Decimal, error) {
	raw, ok := payload[key]
	if !ok || !valueSyntax.MatchString(raw) {
		return decimal.Decimal{}, meter.ErrInvalidEvent
	}
	v := decimal.RequireFromString(raw)
	// Normalize: drop trailing zeros after the point.
	c, exp := v.Coefficient(), v.Exponent()
	digits := strings.TrimLeft(strings.TrimPrefix(c.String(), "-"), "0")
	for exp < 0 && strings.HasSuffix(digits, "0") {
		digits, exp = digits[:len(digits)-1], exp+1
	}
	if -exp > 12 || len(digits) > 15 {
		return decimal.Decimal{}, meter.ErrInvalidEvent
	}
	return v, nil
}

// slowPayloadLess orders payloads as their (key, value) lists sorted by
// key, a missing key before any value.
func slowPayloadCompare(a, b map[string]string) int {
	keys := slices.Sorted(maps.Keys(a))
	for k := range b {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		av, aok := a[k]
		bv, bok := b[k]
		switch {
		case aok && !bok:
			return 1
		case !aok && bok:
			return -1
		case av != bv:
			return strings.Compare(av, bv)
		}
	}
	return 0
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func sameEvent(a, b meter.Event) bool {
	return unix(a.Created) == unix(b.Created) && unix(a.Timestamp) == unix(b.Timestamp) &&
		maps.Equal(a.Payload, b.Payload) && a.Livemode == b.Livemode
}

func slowFirstLess(a, b meter.Event) bool {
	if unix(a.Created) != unix(b.Created) {
		return unix(a.Created) < unix(b.Created)
	}
	if unix(a.Timestamp) != unix(b.Timestamp) {
		return unix(a.Timestamp) < unix(b.Timestamp)
	}
	if c := slowPayloadCompare(a.Payload, b.Payload); c != 0 {
		return c < 0
	}
	return !a.Livemode && b.Livemode
}

// slowNewer: greater created, then timestamp, then identifier.
func slowNewer(a, b meter.Event) bool {
	if unix(a.Created) != unix(b.Created) {
		return unix(a.Created) > unix(b.Created)
	}
	if unix(a.Timestamp) != unix(b.Timestamp) {
		return unix(a.Timestamp) > unix(b.Timestamp)
	}
	return a.Identifier > b.Identifier
}

// slowLastLess: a is before b in the last formula's order (timestamp,
// created, identifier).
func slowLastLess(a, b meter.Event) bool {
	if unix(a.Timestamp) != unix(b.Timestamp) {
		return unix(a.Timestamp) < unix(b.Timestamp)
	}
	if unix(a.Created) != unix(b.Created) {
		return unix(a.Created) < unix(b.Created)
	}
	return a.Identifier < b.Identifier
}

// errorClass names the sentinel an error wraps, the way properties compare
// errors: the first of these it wraps.
func errorClass(err error) string {
	if err == nil {
		return "ok"
	}
	for _, s := range []error{meter.ErrInvalidMeter, meter.ErrInvalidQuery, meter.ErrInvalidEvent, meter.ErrInvalidAdjustment, meter.ErrDuplicateEvent, meter.ErrUnsupported} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return "other: " + err.Error()
}
