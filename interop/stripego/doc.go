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
// credit.Grant, credit.Transaction and credit.Summary; quote.Quote and the
// objects quote.Accept creates, quote.Invoice, quote.Subscription and
// quote.SubscriptionSchedule), for every such object in Stripe's fixtures
// (testdata, copied from the project's shared reference material, nested
// objects included) and for values of the exported generators
// (pricingtest, credittest, quotetest, through rapid):
//
//   - (a) our JSON decodes into the stripe-go struct (stripe.Price,
//     stripe.Plan, stripe.BillingCreditGrant,
//     stripe.BillingCreditBalanceTransaction,
//     stripe.BillingCreditBalanceSummary, stripe.Quote, stripe.Invoice,
//     stripe.Subscription, stripe.SubscriptionSchedule), and json.Marshal of
//     that struct decodes back into ours with the same values, as far as
//     stripe-go can carry them, and the same computed results: a price's
//     amounts at many quantities, in each currency option and at customer
//     amounts; credit.Summarize of the ledger; quote.Compute's totals, and
//     Finalize and Accept of the quote that came back;
//   - (b) Stripe's example JSON decoded by stripe-go and re-marshalled
//     decodes into ours with the same values and results as Stripe's JSON
//     decoded directly.
//
// Values are compared with Price.Equal and Plan.Equal (after mapping the
// states stripe-go cannot tell apart to one), field by field for the credit
// objects, and key by key on our JSON for the quote objects, on the keys
// those types model (the keys a value built in Go writes with a value).
// Keys a decoded object carried that our types pass through unread are not
// compared: no reading applies to them, so after stripe-go they hold
// stripe-go's zeros ("" for null, 0 for a null time) and, for expandable
// fields, stripe-go's expanded objects.
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
// error).
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
//     subscription schedule's phases.
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
//   - The objects quote.Accept creates are written in API 2023-08-16's shape
//     and stripe-go reads basil's, which moved or removed: an invoice's
//     quote, subscription, tax and total_tax_amounts (so also our derived
//     subtotal_excluding_tax and total_excluding_tax), discount, paid,
//     paid_out_of_band and application_fee_amount; its lines' price (basil
//     has pricing.price_details.price, an id), subscription_item,
//     invoice_item, proration, proration_details, tax_amounts, tax_rates,
//     type, amount_excluding_tax and unit_amount_excluding_tax; a
//     subscription's current_period_start and current_period_end (moved to
//     its items) and discount; a schedule phase's coupon. A subscription's
//     or schedule's null days_until_due comes back 0.
//   - Expandable fields come back expanded, as objects holding the id and
//     zero values; our types keep the id. A subscription item's and a
//     schedule phase item's plan is derived from the price when built in
//     Go and passed through unread when decoded, so after stripe-go it keeps
//     stripe-go's expanded product and zeros.
//
// The tests run against the library in the same repository (a replace
// directive), so they test the library as it is on disk.
package stripego
