// Package stripego holds the tests that billingkit's types and stripe-go's
// (github.com/stripe/stripe-go/v82 v82.5.1, API 2025-08-27.basil) read each
// other's JSON. It is a module of its own, so that the library never depends
// on stripe-go; it has no API, only tests and examples:
//
//	cd interop/stripego && go test ./...
//
// # What is tested
//
// For every object type billingkit models (pricing.Price and pricing.Plan;
// credit.Grant, credit.Transaction and credit.Summary; quote.Quote; the
// API 2025-08-27.basil objects of packages invoice, subscription and
// meter: invoice.Invoice, invoice.LineItem, invoice.Item,
// subscription.Subscription, subscription.Item, subscription.Schedule,
// meter.Meter, meter.Event, meter.Adjustment and meter.Summary), for every
// such object in Stripe's fixtures (testdata, copied from the project's
// shared reference material, nested objects included), for values of the
// exported generators (pricingtest, credittest, quotetest, through rapid,
// and what quote.Accept creates from them: an invoice, a subscription or
// a schedule) and for values the library builds itself (library_test.go: a
// classic and a flexible subscription with item and subscription
// discounts, an exclusive and an inclusive tax rate, a metered price and
// billing credits; their creation and cycle invoices, drafts with credits
// previewed and the same finalized, a preview with prorations, an upgrade
// invoiced now, the invoice items an upgrade leaves pending, a trial with
// a cancel_at, a cancellation now; meters, events, adjustments and the
// summaries meter.Aggregate computes):
//
//   - (a) our JSON decodes into the stripe-go struct (stripe.Price,
//     stripe.Plan, stripe.BillingCreditGrant,
//     stripe.BillingCreditBalanceTransaction,
//     stripe.BillingCreditBalanceSummary, stripe.Quote, stripe.Invoice,
//     stripe.InvoiceLineItem, stripe.InvoiceItem, stripe.Subscription,
//     stripe.SubscriptionItem, stripe.SubscriptionSchedule,
//     stripe.BillingMeter, stripe.BillingMeterEvent,
//     stripe.BillingMeterEventAdjustment, stripe.BillingMeterEventSummary),
//     and json.Marshal of that struct decodes back into ours with the same
//     values, as far as stripe-go can carry them, and the same computed
//     results: a price's amounts at many quantities, in each currency
//     option and at customer amounts; credit.Summarize of the ledger;
//     quote.Compute's totals, and Finalize and Accept of the quote that
//     came back; Invoice.Compute; a subscription's Invoice(0), Invoice(1),
//     Invoice(2), its Preview and previews of changes (a move to another
//     price, create_prorations and always_invoice, and a cancellation);
//     the next invoice that sweeps pending invoice items; meter.Aggregate,
//     Validate and Meter.Value of the meter objects;
//   - (b) Stripe's example JSON decoded by stripe-go and re-marshalled
//     decodes into ours with the same values and results as Stripe's JSON
//     decoded directly.
//
// Values are compared with Price.Equal and Plan.Equal (after mapping the
// states stripe-go cannot tell apart to one), field by field for the credit
// objects, and key by key on our JSON for the quote, on the keys it models
// (the keys a value built in Go writes with a value). The basil objects are
// compared twice (basil_test.go): as Go values, every exported field at
// every depth (what the type models: a key a decoded object carried and the
// type does not read is kept in unexported fields), each difference being
// one of the named losses below; and as JSON, where every key ours wrote
// must come back with its value, or with what stripe-go writes for a value
// it holds as a Go zero (a null as "", 0, false or "0"; an unexpanded
// reference as an object holding the id and zeros; a key we did not write
// as its zero), or be one of the named keys stripe-go has no field for. So
// the keys nothing reads, which a decoded object passes through
// (payment_settings, issuer, a line's subscription ...), may take
// stripe-go's zeros, and nothing else. A subscription item's plan, which
// the item keeps as it came, is compared as a plan. Computed results are
// compared as values, and so are the objects that accepting the quote read
// back after stripe-go creates (as a reader of their JSON holds them). Each
// named exception must still be needed: TestStripeGo_BasilExceptionsAreReal
// fails when one no longer is. What must
// survive of an invoice (its totals and breakdowns, total_taxes,
// total_pretax_credit_amounts; each line's amount, parent with
// subscription_item_details.proration and credited_items, discounts,
// pretax_credit_amounts and taxes) is compared with the invoice as the
// library built it. Computing an object decoded with bare discount ids
// needs their coupons: the tests expand them by id, as a caller who
// fetched them would, on both sides.
//
// # Reading stripe-go's zeros
//
// stripe-go holds nullable fields as Go zero values, and json.Marshal writes
// the zero: 0 for a null timestamp, for the unbounded tier's up_to, for a
// null unit_amount beside unit_amount_decimal, for a null days_until_due;
// "" for a null string; "0" for a null *_decimal, which it holds as float64.
// The tests expect the library's policy (issue 7): a nullable unix time of
// 0 reads as null and a time outside 1..253402300799 is a field error; the
// last tier's up_to 0 is unbounded; unit_amount 0 beside a non-zero
// unit_amount_decimal means the decimal; days_until_due 0 on a
// charge_automatically quote means null; keys match Stripe's case only (a
// case variant, which encoding/json and so stripe-go accept, is a field
// error). The basil objects rely on two of these readings, each tested on
// stripe-go structs as a stripe-go user holds them (policy_test.go): a
// nullable time 0 is null (an invoice's due_date,
// status_transitions.finalized_at and
// parent.subscription_details.subscription_proration_date; a
// subscription's cancel_at, canceled_at, ended_at, trial_start, trial_end
// and billing_mode.updated_at; a meter's status_transitions.deactivated_at),
// so a subscription from stripe-go neither ended nor had a trial in 1970;
// and "" is a null string (descriptions, footer, schedule, a meter's
// display_name and event_time_window, its payload keys, which then take
// Stripe's defaults).
//
// Where the issue is silent the tests expect what a stripe-go user would:
// where stripe-go's zero can only stand for null, it reads as null. These
// are marked "beyond the target policy" in policy_test.go:
//
//   - unit_amount_decimal (flat_amount_decimal, amount_decimal) "0" beside a
//     non-zero unit_amount (flat_amount, amount): a stripe-go user who sets
//     only UnitAmount sends it;
//   - unit_amount 0 and unit_amount_decimal "0" on a tiered price (or a
//     tiered currency option), which has no unit amount, and beside a
//     custom_unit_amount, which Stripe never combines with one (today such a
//     pay-what-you-want price prices at 0 without an error);
//   - a coupon's percent_off 0 or amount_off 0 beside the other (Stripe
//     requires both to be positive where set);
//   - an expandable reference stripe-go held as an id (a phase item's price,
//     a discount's coupon), which it writes as an object with the id,
//     "object": "" and zero fields, and an expanded coupon in a
//     subscription schedule's phases: they decode, naming the same id (as
//     objects of zeros, not as ids: see the losses below).
//
// # What stripe-go cannot carry
//
// These losses are inherent: the tests compare around them, and document
// them here.
//
//   - Decimals (*_decimal) are float64 in stripe-go: exact only to about 15
//     significant digits, so "1234567.123456789012" comes back as
//     "1234567.123456789"; amounts are compared with those of the price at
//     float64 precision.
//   - Nullable integers whose 0 is a valid value come back 0: a grant's null
//     priority (which counts as 50) comes back as priority 0, the highest,
//     and changes the order credits are applied in (credit.Summarize does
//     not depend on it); a pay-what-you-want price's null maximum comes back
//     as maximum 0, so it accepts no amount but 0; a null minimum or preset,
//     trial_period_days, a coupon's duration_in_months and max_redemptions,
//     total_details.amount_shipping come back 0, with the same effect.
//   - Nullable strings come back "", which our types read as null.
//   - Fields stripe-go v82 has no field for are dropped: aggregate_usage (a
//     price's recurring and a plan's; removed in 2025-03-31), a grant's and a
//     summary's customer_account, a custom_pricing_unit credit amount
//     (preview), a list's "object": "list".
//
// Of the basil objects (named in basil_test.go: basilLosses for values,
// basilDropped for keys):
//
//   - days_until_due is int64 in stripe-go: a subscription's, a
//     schedule's (default_settings.invoice_settings) and a phase's
//     (invoice_settings) null comes back 0. On a charge_automatically
//     subscription it changes nothing computed; on send_invoice, 0 is a
//     real value (due at once).
//   - ending_balance is int64: a draft invoice's null comes back 0.
//   - billing_cycle_anchor_config's day_of_month, month, hour, minute and
//     second are int64: null comes back 0 (the config is carried; the
//     periods use billing_cycle_anchor).
//   - Discounts sent as ids (an invoice's, a line's, a subscription's, an
//     item's, and the discount of discount_amounts and
//     total_discount_amounts): stripe-go reads an id into a discount of
//     which it sets only the id, and writes it as an object of zeros, which
//     our types read as an expanded discount with no coupon (Unexpanded
//     false) and write back as such an object where they write discounts
//     as they came. Computing needs the coupon either way: Compute then
//     reports the missing coupon instead of the unexpanded discount.
//   - A schedule phase item's and add_invoice_item's price, an id, comes
//     back as stripe-go's price object holding the id and zeros; it reads
//     as that price (equal to the id's price as far as stripe-go carries a
//     price) and is written back as an object.
//   - A meter event summary's aggregated_value is float64: exact to 15
//     significant digits (a single event's value always is), so
//     Summary.Float64 survives, and the exact sum of many events may not.
//   - A price's recurring.trial_period_days null comes back 0 (above): a
//     subscription item's price read back so is not Price.Equal to the
//     same price sent again, and subscription.Update takes re-sending it
//     for a change of price, and prorates it.
//   - Keys stripe-go v82.5.1 has no field for: a list's "object"; in
//     Stripe's current examples, keys of API versions after basil
//     (billing_mode.flexible, billing_schedules, managed_payments,
//     pending_update.discount and .discounts, the payto, pix and upi
//     payment method options, a line's subtotal, an invoice item's
//     net_amount and quantity_decimal, a discount's source).
//   - Expandable fields come back expanded, as objects holding the id and
//     zero values; our types keep the id where they read the field, and
//     keep the object where they pass the key through unread (a line's
//     subscription). A subscription item's plan is read as a plan and
//     compares as one; a schedule phase item's plan, an id, reads back as
//     the id.
//
// The tests run against the library in the same repository (a replace
// directive), so they test the library as it is on disk.
package stripego
