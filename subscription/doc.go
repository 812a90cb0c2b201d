// Package subscription computes what a Stripe subscription bills (API
// 2025-08-27.basil): the invoice at each period boundary
// (Subscription.Invoice), the effect of a change with its prorations
// (Update), and POST /v1/invoices/create_preview (Preview). It does no I/O
// and reads no clock: every instant is an argument, and usage, billing
// credits and pending invoice items come in Inputs, which is never
// modified. Tags: [S] Stripe documents it; [P] this package's policy where
// Stripe is silent.
//
// # Periods
//
// Boundary 0 is start_date; boundary k >= 1 is pricing.Recurring.Period
// from billing_cycle_anchor, computed from the anchor, never chained, whole
// UTC seconds [S]. The anchor defaults to the start, or to trial_end with a
// trial [S]. An anchor after the start (a trial, or a later anchor) makes
// an initial period [start, anchor), so boundary 1 is the anchor. All items
// share one interval (classic); items with different intervals are refused
// (ErrUnsupported) [P]. A billing_cycle_anchor_config is resolved to an
// anchor once, from the start (AnchorConfig.Resolve), when
// billing_cycle_anchor is absent; a given billing_cycle_anchor wins [S: the
// config is resolved at creation].
//
// # What an invoice holds
//
// The invoice at boundary t(k) (created t(k), status draft, billing_reason
// subscription_create for k = 0 and subscription_cycle after, period
// [t(k-1), t(k)) [S]) holds, in this order [S, ties P]:
//
//   - the pending invoice items (Inputs.Pending) of the subscription (and
//     its customer), not yet invoiced, dated in [t(k-1), t(k)) (a change at
//     a boundary comes after that boundary's invoice; before t(0) for
//     k = 0; the final invoice, at the end, also takes those dated at the
//     end), newest first, credits before debits, then by id; an invoice a
//     change issues now takes those dated in [period start, now];
//   - each item, newest first: a licensed item bills in advance, its full
//     amount for [t(k), t(k+1)) [S]; a metered item in arrears, the usage of
//     [t(k-1), t(k)) from meter.Aggregate on the price's recurring.meter
//     priced by the price (tiers included) [S]; a non-integer aggregate is
//     refused (ErrUnsupported) [P];
//   - for k = 0, the creation invoice's one-time lines: those of
//     latest_invoice when it is the subscription_create invoice (how a
//     quote's one-time lines reach Invoice(0)) [P].
//
// At creation, a metered item writes a 0 line in classic mode and none in
// flexible [S]; with a trial every item writes a 0 line for [start,
// trial_end) described "Trial period for {product}" (licensed) or "{qty} ×
// {product} (Free trial)" (metered; flexible: "Free trial for ...") [S],
// and usage during the trial bills 0 [P]. An initial period without a
// trial is billed prorated at creation: (anchor - start) / (anchor - the
// boundary one interval before the anchor) [P; Stripe states no
// denominator]. When the subscription ends (ended_at, cancel_at, or
// current_period_end with cancel_at_period_end) the last invoice is at the
// end: usage up to it, and a licensed period cut by the end billed
// prorated; later boundaries have no invoice (ErrNoInvoice) [P].
// Descriptions name the product by the price's nickname, else its product
// id (nothing is fetched) [P].
//
// # Discounts
//
// Item discounts apply before the subscription's, each on what is left,
// under the rules of invoice.Calc [S]. A discount applies to an invoice
// created at t by its coupon's duration [S, readings P]: forever always;
// repeating from its start until its end (start + duration_in_months when
// end is null, exclusive, so an invoice created at the end has none);
// once on the first boundary invoice at or after its start. A discount
// with no start starts at start_date [P]. Prorations are not
// discountable: their amounts already net the discounts (below) [S].
//
// # Changes and prorations
//
// Update applies a Change at instant at, inside the current period [ps,
// pe) of the boundaries above. proration_date defaults to at and must lie
// in [ps, pe); with proration_behavior none it must be absent [S]. For
// each licensed item whose price or quantity changes, a credit for the
// unused time on the old terms and a debit for the remaining time on the
// new; a deleted item a credit; a new item a debit; cancel now (with
// proration) a credit per item; a cancel_at set inside the period a credit
// from cancel_at [S]. Metered items are never prorated [S]. Each line is
// round-half-up(net × (pe - from) / (pe - ps)), exactly, half away from
// zero for credits [P; Stripe's example rounds each line to the unit],
// where net is the item's period amount after the discounts active for
// the period's invoice, each rounded as on that invoice [P]; the
// change's new discounts when it carries discounts [S]. An amount_off is
// spread there over the licensed items only, in the invoice's line order:
// when the period's invoice also had usage or one-time lines, which took
// part of it, a proration's net can differ from that invoice's line by
// the share those lines took [P]. The items have
// period [from, pe), proration true, discountable false, and the item's
// tax rates [S].
//
// proration_behavior [S]: create_prorations (default) returns the items
// pending (invoice null): pass them back through Inputs.Pending; they go on
// the next invoice. always_invoice issues an invoice now
// (subscription_update) holding them and the pending items dated at or
// before at; every returned item names it. none writes no item: the next
// invoice bills the new terms in full. Cancelling now with proration also
// invoices now, with the usage of [ps, at) (invoice_now) [S]. Refused as
// ErrUnsupported rather than computed wrongly [P]: a change of interval,
// a trial change on an existing subscription, and a change between free
// and paid (nothing billed before, something after, or the reverse) other
// than with none: Stripe invoices those at once and, in classic mode,
// restarts the billing cycle there [S]. During a trial changes
// write no prorations (the trial bills 0) [P].
//
// # Schedules
//
// Schedule.Start creates the subscription of phase 0 at its start_date,
// with its first invoice; Schedule.PhaseChange is the one change that moves
// a subscription into a phase (its items replace the subscription's,
// matched by price id; its discounts and default tax rates replace the
// subscription's; its proration_behavior) [S: a phase applies its items,
// discounts, tax rates and proration_behavior at its start]; Advance
// applies the phases that start in a window, each with Update at its
// start, and end_behavior at the last phase's end (release keeps the
// subscription, cancel ends it) [S]. A phase starting on a period boundary
// applies with no prorations: the boundary's invoice bills it in full [P].
// Phase prices must be given whole (a decoded schedule names them by id):
// otherwise the field is named in an error [P].
//
// # billing_mode
//
// Classic (basil's default; a null or absent billing_mode) and flexible
// behave alike except [S]: at creation flexible writes no 0 line for a
// metered item; trial descriptions differ; a flexible credit proration
// takes back what the item was last debited (a pending proration debit of
// the period, else the latest invoice's line, named in credited_items;
// the classic amount when neither) rather than the item's current terms;
// removing a metered item invoices its usage so far (a pending item for
// [period start, change)). Not modelled yet [P]: usage billed at the price
// in effect when reported (both modes bill the period's usage at the
// item's current price), and Stripe's exact spread of an amount_off over
// items (both use invoice.Calc's largest remainder).
//
// # Previews
//
// Preview applies the changes in order at at to a copy, then returns the
// next boundary's invoice with the pending items and the changes'
// prorations (create_prorations, none), or the invoice an always_invoice
// change issues now [P]. Its id starts "upcoming_in", billing_reason
// upcoming, created at, status draft; subscription_proration_date is set
// when the changes prorate [S]. Its amounts equal those of the invoice
// later issued for the same inputs [P].
//
// # Credits
//
// Billing credits (Inputs.Grants, Inputs.Transactions) apply to metered
// lines after discounts and before tax, as credit.Apply at the invoice's
// creation, and show as a preview: pretax credit entries with a null
// credit_balance_transaction, nothing written [P]. invoice.Finalize writes
// them. Inputs.NoCredits leaves them off.
//
// # JSON
//
// Subscription, Item, Schedule and Change marshal to and from Stripe's JSON
// under the module's one rule (see package invoice). A Change is the
// parameters of POST /v1/subscriptions/:id as JSON, with new prices given
// whole; its unknown keys are refused.
package subscription
