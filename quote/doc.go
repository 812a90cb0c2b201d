// Package quote models Stripe's quotes offline: the quote object and its
// JSON, the lifecycle (draft, open, accepted, canceled), the totals Stripe
// shows (line items, computed.upfront, computed.recurring) and what
// acceptance creates (an invoice, a subscription with its first invoice, or a
// subscription schedule). It does no I/O and reads no clock: every time is an
// argument, every transition returns a new value.
//
// # Model
//
// A [Quote] is a plain value holding its [LineItem]s (each a full
// pricing.Price and a quantity, with its own discounts and tax rates), the
// quote-level [Discount]s (each a [Coupon]), the default [TaxRate]s,
// collection_method, invoice_settings, subscription_data, status_transitions,
// from_quote and the computed totals. Build a draft with [New], fill in its
// fields, then:
//
//	q, err := q.Compute()                  // totals, any status
//	q, err = q.Finalize(at)                // draft -> open
//	q, outcome, err := q.Accept(at)        // open -> accepted, creates objects
//	q, err = q.Cancel(at)                  // draft/open -> canceled
//	q = q.Advance(at)                      // automatic expiry
//	q, err = q.Update(at, quote.Update{...}) // edits, per the rules below
//	c, err := q.Clone(id, at)              // draft/open/accepted -> new draft
//	r, err := q.Revise(id, at)             // open -> new draft revision
//	orig, rev, err := quote.FinalizeRevision(orig, r, at)
//	name, obj := o.Object()                // "subscription", *quote.Subscription
//
// Transitions never modify their receiver, their arguments or any slice or
// map shared with them: results are copied where they differ.
//
// # Zero values
//
// The zero Quote has status "" and every transition refuses it (use [New]).
// A zero time.Time is JSON null (or 0 for created and expires_at, which
// Stripe always sends); a zero expires_at never expires. An empty string is
// null for nullable strings (customer, number, description, ...). A nil
// LineItem.TaxRates means "use the quote's default_tax_rates"; a nil
// Quote.LineItems omits line_items from the JSON (Stripe sends it only when
// expanded), an empty one writes an empty list. The zero [Outcome] holds
// nothing.
//
// # JSON
//
// Every type marshals to Stripe's wire JSON and back: field names, object,
// unix-second times, null where Stripe sends null, line_items as a Stripe
// list object. Every object follows the module's one JSON rule: a decoded
// object remembers which keys it carried and keeps every key this package
// does not model (application, transfer_data, automatic_tax.liability,
// invoice_settings.issuer, a price's or a created invoice's newer keys,
// ...), at every level, with its raw value; encoding writes the modelled
// values, the keys the object carried, and every kept unknown key, so every
// quote, line item, invoice, subscription and schedule in Stripe's fixtures
// decodes and encodes back to the same JSON. A key the decoded object lacked
// is written only when it now holds a value; a quote built in Go is written
// in the shape of API 2023-08-16 (the version of the quote schemas this
// package follows), and the objects acceptance creates in the shape of API
// 2025-08-27.basil (packages invoice and subscription). Keys match Stripe's exact case only: a key that differs from a
// modelled one only in case ("STATUS" beside "status") is refused with a
// [*FieldError], so that it can never be passed through to a reader that
// matches keys case-insensitively. Unknown statuses decode (Stripe marks the
// enum open) and every transition refuses them. Expandable fields sent
// expanded (customer, invoice, from_quote.quote) keep their id only.
// Discounts and tax rates sent as bare ids decode with Unexpanded set;
// Compute names them, since it needs their coupon or percentage. A price
// inside a line decodes through pricing (its problems are reported under
// the line's path, "line_items.data[0].price.currency").
//
// Readings of the wire, the same for every object of the package (policy;
// stripe-go's json.Marshal writes these for null values):
//
//   - Unix times: 0 is null (a zero time.Time); a time outside 1 to
//     253402300799 (the years 1970 to 9999) is a *FieldError
//     (ErrInvalidJSON). Stripe never sends 0 or a negative time. created and
//     expires_at, which Stripe always sends, write a zero time as 0.
//   - Strings: "" and null are the same value; an empty string is written
//     as null.
//   - invoice_settings.days_until_due: 0 on a charge_automatically quote is
//     null, as charge_automatically has no due date. On a send_invoice
//     quote, or one whose JSON has no collection_method, 0 is kept as 0.
//   - Coupons: a percent_off, duration_in_months or max_redemptions of 0 is
//     null (Stripe requires each to be positive), and so is an amount_off of
//     0 beside a percent_off, so that a coupon stripe-go wrote keeps its one
//     kind of discount.
//   - A schedule phase item's plan is an id: an object that does not name
//     itself a plan is stripe-go's json.Marshal of that id; a plan Stripe
//     expanded is kept as it is. A decoded subscription item writes back
//     the plan it carried; one built in Go, its price's plan view.
//
// On the wire a line item carries every discount and tax applied to it, not
// which were its own: decoding takes as the line's own Discounts those that
// are not among the quote's discounts, and as its own TaxRates the rates of
// its taxes unless they are exactly the quote's default_tax_rates (policy).
// The objects acceptance creates marshal in the shapes of API
// 2025-08-27.basil (they are package invoice's and subscription's types).
//
// # Lifecycle
//
//	from            event                 to         guard
//	-               New                   draft      expires_at = created + 30 days (Stripe's default)
//	draft           Finalize              open       customer; >= 1 line; one currency; one interval
//	                                                 across recurring lines; at < expires_at;
//	                                                 days_until_due iff send_invoice; prices valid
//	draft, open     Cancel                canceled   -
//	open            Accept                accepted   finalized_at <= at < expires_at; Finalize's
//	                                                 field guards again (a decoded open quote)
//	draft, open     Advance at expires_at canceled   automatic; canceled_at = expires_at
//	accepted,       anything              -          terminal: every event is refused
//	canceled
//
// Finalize records status_transitions.finalized_at and a number, Accept
// accepted_at and the ids of what it created, Cancel and Advance
// canceled_at. Each time is set once and never moves. Every refused
// transition returns a [*TransitionError] naming the quote, its status and
// the event, wrapping [ErrInvalidTransition] and, when a guard failed, the
// reasons (all of them, joined): [ErrExpired], or [*FieldError]s naming
// fields as Stripe does ("line_items[2].price.currency").
//
// Editing ([Quote.Update]): a draft is fully editable, but its customer is
// write-once; an open quote takes only expires_at (in the future) and
// metadata (policy); accepted and canceled quotes take nothing.
//
// Clone ([Quote.Clone]) copies a draft, open or accepted quote into a new
// draft with from_quote {quote, is_revision: false}. Revise ([Quote.Revise])
// copies an open quote into a draft revision (is_revision: true). A revision
// is finalized with [FinalizeRevision], which keeps the original's number
// sequence, bumps the revision ("QT-...-0001-1" -> "QT-...-0001-2"), and
// cancels the original (policy: Stripe's preview API has a "superseded"
// cancel reason; this package makes the supersession explicit). Finalize
// refuses a revision, so the original cannot be left open by mistake.
//
// # Totals
//
// [Quote.Compute] computes, for every line: the subtotal (the price's amount
// for the quantity through pricing: per unit, package, tiered, decimal,
// currency_options), the line's own discounts then the quote's, in order,
// each on what the previous left; the taxes on the rest; and amount_total =
// amount_subtotal - amount_discount + exclusive tax. Three sets come out:
// the line items (one period or once, every coupon), computed.upfront (the
// first invoice after acceptance: recurring lines are 0 during a trial),
// computed.recurring (recurring lines, forever coupons only; nil when
// nothing recurs). The top-level amount_subtotal, amount_total and
// total_details equal computed.upfront (policy; Stripe's two real examples
// agree). total_details.breakdown lists the amount of each discount and tax
// rate. Amounts are int64 minor units with overflow checks ([ErrOverflow],
// never a wrap); decimals appear only in percentages.
//
// # Rounding
//
// A line's subtotal is rounded once, half-up, by pricing. Each percent
// coupon and each tax rate is rounded half-up per line (policy). A
// quote-level amount_off is capped at what its lines have left (no line
// below 0, policy) and spread in proportion to the lines' amounts: floor
// shares, then one minor unit each to the largest remainders, ties to the
// earlier line (policy). With inclusive rates summing to I percent, every
// rate takes its percentage of net x 100/(100+I), and the taxable amount is
// the net less the inclusive taxes, so that they sum exactly to the net:
// inclusive tax is reported inside the amount and exclusive tax added on top
// (policy for the mixed case). Whether a tax is inclusive is the tax rate's
// inclusive flag, as with Stripe's manual tax rates; a price's tax_behavior
// only matters to automatic tax. Percentages carry at most four decimal
// places. Discounts and taxes are computed by the module's one engine
// (invoice.Calc), whose rules are stated once, on Calc.Run.
//
// # Acceptance
//
// [Quote.Accept] returns an [Outcome] holding exactly one object:
//
//   - no recurring line: an [Invoice] (draft, auto_advance false,
//     billing_reason quote_accept), one line per quote line; the quote's
//     invoice is set;
//   - a recurring line and subscription_data.effective_date after the
//     acceptance time: a [SubscriptionSchedule] (not_started, end_behavior
//     release) with one phase starting at effective_date: the recurring lines
//     as items, the one-time lines as add_invoice_items, the trial and
//     subscription_data's description and metadata; one billing period
//     long after the trial (policy: one iteration); the quote's
//     subscription_schedule is set;
//   - a recurring line otherwise (a past effective_date is ignored): a
//     [Subscription] starting at acceptance (active, or trialing during a
//     trial, policy), the recurring lines as items (at most 20) and its
//     first invoice (draft, auto_advance true, billing_reason
//     subscription_create) holding the one-time lines (at most 20) and the
//     first period; the quote's subscription and invoice are both set.
//
// The objects carry the quote's customer, currency, collection_method and
// days_until_due (an invoice's due_date is at + days_until_due days for
// send_invoice), the discounts and tax rates. The first invoice's lines,
// discounts, tax and total are computed.upfront's; its subtotal, as
// Stripe's, has the lines' own (item) discounts taken off. Ids come from an
// [IDGenerator] given in [AcceptOptions]. The default (policy) is the
// module's deterministic generator, the prefix, "_" and 32 hex digits of a
// 128-bit FNV-1a hash of the key ("sub_262065bec35a51b9a5936f6565e1b682"),
// so the same input gives the same output and two quotes never share ids.
// The keys: {Prefix: "sub", "si", "sub_sched", or "in" and "il" for a
// one-time quote's invoice and lines, Parent: the quote's id, N: the
// object's number among those of its prefix, from 0}; a subscription's
// first invoice is Subscription.Invoice(0)'s, keyed {Prefix: "in", Kind:
// "subscription_create", Parent: the subscription's id} and its lines
// {Prefix: "il", Parent: the invoice's id, N}.
// The created objects share no memory with the quote: editing one (a line's
// price, a coupon's metadata) leaves the other alone.
// [Outcome.Object] returns the created object with its Stripe object name,
// ready for {"quote": q, name: object}.
//
// # Time
//
// Every transition takes the time as an argument. Times are compared as
// instants and written as unix seconds; billing periods come from
// pricing.Recurring.Period, in UTC (a month after Jan 31 is Feb 28 or 29).
//
// # Out of scope
//
// Automatic tax is out of scope (no I/O): Compute refuses a quote with
// automatic_tax.enabled ([ErrUnsupported]). Also not modelled: quotes that
// update an existing subscription or schedule, multiple phases or mixed
// intervals (billing_mode flexible), shipping, application fees and
// transfers (carried through the JSON untouched), PDF rendering. Metered
// recurring prices have nothing to bill up front or in computed.recurring
// (policy: their usage is unknown) and count 0.
//
// # Policy choices where Stripe is silent
//
//   - A quote finalizes with at least one line; send_invoice needs
//     days_until_due (at most 3650 days), and charge_automatically must not
//     have it. trial_period_days is at most 730 (Stripe's limit on trials).
//   - Accepting at or after expires_at is refused with ErrExpired; accepting
//     before finalized_at is refused.
//   - Advance cancels at expires_at itself; Cancel after expires_at records
//     expires_at too, since the quote had already expired.
//   - Open quotes take only expires_at and metadata.
//   - A revision's finalization cancels its original.
//   - Discounts apply in order, each to what the previous left; percentages
//     and taxes round half-up per line; amount_off never takes a line below
//     0 and is spread by largest remainder, ties to the earlier line.
//   - Trials make recurring lines 0 up front; only subscription_data's
//     trial_period_days counts (not the price's).
//   - The top-level totals equal computed.upfront.
//   - The default quote number is "QT-<8 hex digits of the customer>-0001-1"
//     ([DefaultNumber]); pass [FinalizeOptions].Number to use your own
//     sequence.
//   - Created ids derive from the quote id unless an IDGenerator is given.
//   - JSON: a unix time of 0 is null, "" is null, days_until_due 0 on a
//     quote that is not send_invoice is null, and a coupon's zeros that
//     Stripe never sends are null (see JSON).
//   - A subscription created at acceptance is active (trialing during a
//     trial); a schedule's single phase lasts one billing period after the
//     trial.
package quote
