// Package meter reproduces Stripe Billing's usage meters offline: billing
// meters (billing.meter), the meter events that record usage
// (billing.meter_event), the adjustments that cancel events
// (billing.meter_event_adjustment), and the meter event summary that
// aggregates a customer's events over a window
// (billing.meter_event_summary). It does no I/O, reads no clock and holds
// no mutable state: every instant is an argument. It imports nothing from
// billingkit but the internal JSON codec kit.
//
// # API
//
//   - Types: [Meter] (with [CustomerMapping], [DefaultAggregation],
//     [ValueSettings], [StatusTransitions]), [Event], [Adjustment] (with
//     [Cancel]), [Summary]; the enums [Formula], [TimeWindow], [Status],
//     [CustomerMappingType], [AdjustmentType], [AdjustmentStatus].
//   - Aggregating: [Aggregate], the customer's usage on [start, end).
//     [Summary.Quantity] turns an integer aggregate into a quantity to
//     price, [Summary.Float64] gives Stripe's double reading.
//   - Reading an event: [Meter.CustomerKey], [Meter.ValueKey],
//     [Meter.Value] (an event's exact value).
//   - Validation: [Meter.Validate], [Event.Validate],
//     [Adjustment.Validate], each reporting every problem at once. Aggregate
//     checks only what its result depends on (section Errors); run the
//     validators where data enters your system.
//
// # Model
//
// Aggregate(m, customer, events, adjustments, start, end) computes, in
// this order ([S] Stripe states it, [P] this package's policy where Stripe
// is silent):
//
//  1. The meter's events are those whose event_name is the meter's [S].
//     Events of other names are not read at all. Livemode is not compared
//     [P]: Stripe keeps live and test data apart, and so should the caller.
//  2. An event is the customer's when its payload holds the customer's id
//     under customer_mapping.event_payload_key, by default
//     "stripe_customer_id" [S]. Every event of the customer must have an
//     identifier and a timestamp [P]; Stripe always sets both.
//  3. Identifiers: of the meter's events that share an identifier, the
//     first counts and the others never do (section Identifiers).
//  4. Adjustments of type cancel among the meter's adjustments remove the
//     event with their cancel.identifier from every aggregate [S]
//     (section Adjustments).
//  5. With event_time_window hour or day, only the newest remaining event
//     of each UTC hour or day counts [S] (section Time windows).
//  6. An event counts when its timestamp lies in [start, end) [P]
//     (section Time).
//  7. The formula folds the counted events: sum, count or last [S]
//     (section Formulas); values are exact decimals (section Values).
//
// The summary's id is "mtrusg_" and a hash of (meter id, customer, start,
// end), so the same question always gets the same id; meter and livemode
// are the meter's [P].
//
// # Zero values
//
// The zero Meter, Event and Adjustment are invalid and say so through
// Validate (and Aggregate, where it matters). An empty TimeWindow is JSON
// null, raw events; an empty CustomerMapping.Type reads as by_id, an
// empty Adjustment.Type as cancel, empty payload keys as Stripe's
// defaults. A zero time.Time is JSON null where Stripe allows null
// (deactivated_at) and 0 elsewhere; a zero Event.Created orders before
// every other instant. The zero Summary aggregates to 0.
//
// # Formulas
//
//   - sum: the sum of the counted events' values [S].
//   - count: the number of counted events [S]; values are not read, so a
//     count meter's events need none [P].
//   - last: the value of the last counted event, 0 when none counts [S].
//     "Last" is the greatest timestamp, then the greatest created, then the
//     greatest identifier [P].
//
// The zero value of every formula is 0: a window without counted events
// aggregates to 0.
//
// # Time windows
//
// A meter whose event_time_window is hour or day receives pre-aggregated
// usage: a newer event of the same UTC hour or day replaces the one before
// it [S]. "Newer" is the greater created, then the greater timestamp, then
// the greater identifier [P]. The replacement is what Stripe stores, so it
// does not depend on the window asked for [P]: the newest event of each
// UTC hour or day is chosen among all of the customer's remaining events of
// that hour or day, and it then counts when its own timestamp lies in
// [start, end). A window that cuts a UTC day in two therefore never counts
// an event that a newer one, just outside the window, replaced. Cancelled
// events and duplicates are removed before the choice: a cancelled event
// never replaced anything [P].
//
// Consequences, pinned by property tests: for sum and count, with every
// event_time_window, splitting [start, end) at any instant t into [start,
// t) and [t, end) gives two aggregates that add up to the whole. For last,
// the whole is the later part's last when the later part counts any event,
// else the earlier part's. Aggregates do not depend on the order of the
// events or adjustments, and an event delivered twice counts once.
//
// # Identifiers
//
// Stripe enforces an identifier's uniqueness within a rolling period of at
// least 24 hours [S]. Offline there is no such period [P, stricter than
// Stripe]: among the meter's events (any customer, any time) that share an
// identifier, the first counts and the others never do, however far apart
// they are. "First" is the least created, then the least timestamp, then
// the payload, then livemode (a payload orders as its keys and values
// sorted by key). Events equal in all of these are the same event,
// delivered twice: they count once and are not reported. Different events
// sharing an identifier are reported: Aggregate returns its summary, in
// which the first counts, together with an error wrapping
// [ErrDuplicateEvent] that names the identifier with the least value and
// says how many identifiers are shared. So a caller may keep the summary
// or refuse it. Only the identifiers of the customer's candidates are
// checked: the customer's events whose timestamp lies in [start, end) or,
// with a time window, in a UTC hour or day that [start, end) overlaps. A
// duplicate elsewhere does not change this aggregate and is not this
// call's business.
//
// # Adjustments
//
// An adjustment applies when its event_name is the meter's; its type must
// be cancel (an empty type reads as cancel) and it must name an identifier.
// Stripe cancels only events received within the last 24 hours and never
// changes a finalized invoice [S]; offline, Aggregate applies every
// adjustment it is given, pending or complete, and whoever finalized an
// invoice keeps its numbers [P]. A cancel names an identifier: it removes
// the event that counts for it (its duplicates never counted). A cancel
// whose identifier matches no event cancels nothing, and a second cancel of
// the same identifier changes nothing [P].
//
// # Values
//
// An event's value is the payload string under value_settings
// .event_payload_key, by default "value" [S]. It is parsed exactly [P]: an
// optional minus sign, digits, and optionally a point followed by digits
// ("25", "0.125", "-3"); no exponent, plus sign or spaces. Leading zeros
// and trailing zeros after the point are not significant; what remains may
// have at most 12 decimal places [P] and at most 15 digits, as Stripe
// requires since 2026-04-22 [S] (so a value is below 10^15 in magnitude).
// Negative values are accepted and summed [P]. A missing or invalid value
// of a counted event is [ErrInvalidEvent]; values of events that do not
// count are not read.
//
// Aggregates are exact decimals ([Summary].AggregatedValue), written as
// JSON numbers with exactly their digits: nothing is rounded. A
// non-integer aggregate cannot price a quantity yet: [Summary.Quantity]
// reports [ErrUnsupported] [P].
//
// # Inactive meters
//
// A meter's status and status_transitions.deactivated_at do not change
// what Aggregate computes [P]. Stripe refuses events sent to an inactive
// meter when they arrive; that is an ingestion check, like the 35-day and
// 5-minute bounds on timestamps [S], and not aggregation's. The events a
// caller holds are the events Stripe accepted, and their usage still
// bills.
//
// # JSON
//
// Every type marshals to and from Stripe's wire JSON, API version
// 2025-08-27.basil (stripe-go v82.5.1's field names), through the one
// codec kit of billingkit (internal/stripejson):
//
//   - A decoded object re-encodes with exactly the keys it had, and keeps
//     every unknown key with its raw value. A value built in Go encodes in
//     the basil shape: every key, null where it holds nothing, and the
//     nested objects (customer_mapping, default_aggregation,
//     status_transitions, value_settings, cancel) always as objects.
//   - What stripe-go writes for nothing decodes as null: a time of 0 and
//     an empty string. Decoding tolerates any enum string; computing
//     refuses what it does not know ([ErrUnsupported]).
//   - aggregated_value is a JSON number, read digit by digit into a
//     decimal; a decoded summary writes its number back as it was written
//     while the value is unchanged.
//   - Keys are case-sensitive; a key equal to a modelled one but for case
//     is refused. Problems are [*FieldError]s wrapping [ErrInvalidJSON]
//     and naming the path.
//
// # Errors
//
// Errors wrap exported sentinels for errors.Is ([ErrInvalidJSON],
// [ErrInvalidMeter], [ErrInvalidEvent], [ErrInvalidAdjustment],
// [ErrDuplicateEvent], [ErrInvalidQuery], [ErrUnsupported]), through a
// [*FieldError] naming the object, its id (an event's identifier) and the
// field as Stripe names it, prefixed with the argument for an element of a
// slice: "meter: billing.meter_event ev_1: events[3].payload.value: "abc"
// is not a decimal number ...". Validate methods join every problem;
// Aggregate returns the first one found, checking the meter, then the
// query, then the customer's events, then the adjustments, then the
// values of the counted events. Whether Aggregate fails does not depend on
// the order of its input; which problem it names first may. Nothing panics
// on caller input.
//
// # Time
//
// Instants are arguments, compared in whole unix seconds (as Stripe
// stores them; a fraction of a second is dropped) and in UTC. The window
// is half-open: start_time inclusive, end_time exclusive, as Stripe's
// event summaries take them [S] (its aggregated_value description says
// both inclusive; the parameters win [P]). start and end must lie in the
// years 1970 to 9999 and start must not be after end; start == end is an
// empty window. Stripe requires summary windows aligned to minutes; this
// package does not, since invoice periods are aligned to seconds [P].
// Hours and days are UTC, counted from the unix epoch. An event's created
// orders events but never places them: a back-dated event (created after
// the window closed, timestamp inside it) counts in the window of its
// timestamp [S].
//
// # Speed
//
// Aggregate makes one pass over the events to classify them, one over the
// customer's candidates to group them by identifier (hashing 32 at a time
// and loading their table slots before probing, so the cache misses of a
// large table overlap), and, when other events of the meter exist, one
// more to find identifiers they share with a candidate; then one pass
// over the groups. A value is parsed once, when its event takes its
// identifier, while its payload is in cache, and is reported only if the
// event counts. Parsing never allocates: integers are summed on an
// int64-wide path carried into 128 bits, fractions as 128-bit integers
// scaled by 10^12, and a decimal is built only for the result.
//
// It allocates a fixed number of times per call, never per event or per
// adjustment: a bit set of the events (one bit each), an identifier table
// (16 bytes per candidate, at most half full) and its groups (16 bytes
// per candidate), with a time window a table of UTC windows sized by the
// fewer of the counted events and the hours or days the window spans, the
// result and the summary id: about 32 bytes per candidate in all. The
// tables are keyed with hash/maphash under a seed drawn per call, so no
// input makes them slow; many copies of one identifier cost one
// comparison each. Aggregate accepts at most 2^31-1 events per call
// ([ErrUnsupported]).
package meter
