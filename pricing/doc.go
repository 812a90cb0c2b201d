// Package pricing models Stripe's prices and legacy plans offline: their wire
// JSON, their validation, the conversion between the two, the amount of a
// quantity and the billing periods of a recurring price. It does no I/O and
// reads no clock; every function is a pure function of its arguments.
//
// # Model
//
// [Price] is Stripe's price object (object "price"), [Plan] the legacy plan
// object (object "plan") that prices replaced. Both are plain structs passed
// by value; nothing in this package mutates a value it is given, and
// functions that return a changed value return a copy that shares no slices
// or maps with their input. The nested types follow Stripe's sub-objects:
// [Recurring] (price.recurring), [Tier] (price_tier and plan_tier, which have
// the same fields), [TransformQuantity] (price.transform_quantity and
// plan.transform_usage), [CustomUnitAmount] (pay what you want) and
// [CurrencyOption] (one entry of price.currency_options).
//
// Amounts are int64 counts of the currency's minor unit (cents for usd, yen
// for jpy, fils for kwd), as on the wire. The *_decimal fields
// (unit_amount_decimal, amount_decimal, flat_amount_decimal) are
// [decimal.NullDecimal] values in minor units with at most 12 decimal places,
// never float64. Nullable integers are pointers (nil for null); nullable
// strings use "" for null.
//
// Enumerations (BillingScheme, TiersMode, PriceType, TaxBehavior, Interval,
// UsageType, AggregateUsage, RoundDirection) are typed strings with the
// constants Stripe documents. Decoding accepts any value, since Stripe may add
// values; Validate rejects values it does not know.
//
// # Zero values
//
// The zero Price and the zero Plan are invalid (no currency, no amount,
// and for a plan no interval); Validate says so field by field. Empty
// fields take Stripe's create defaults where Stripe has one: an empty
// billing_scheme is per_unit, an empty usage_type is licensed, and an empty
// price type is inferred from recurring (recurring set: recurring; else
// one_time). interval_count has no such default: it must be at least 1.
// The zero [Currency] is invalid (Valid reports false) but has exponent 2.
// The zero [RoundingMode] is RoundHalfUp. The zero [AmountOptions] prices in
// the price's own currency, half-up, without a custom amount.
//
// # Currencies
//
// A [Currency] is a lowercase three-letter ISO 4217 code, as Stripe writes
// it. [ParseCurrency] accepts only the currencies Stripe supports and
// [Currencies] lists them. [Currency.Exponent] gives the digits of the minor
// unit: 0 for Stripe's zero-decimal currencies (bif clp djf gnf jpy kmf krw
// mga pyg rwf ugx vnd vuv xaf xof xpf), 3 for its three-decimal currencies
// (bhd jod kwd omr tnd), 2 for every other. The exponent does not change
// arithmetic (amounts are already in minor units); it matters for display and
// for callers converting major units. Stripe's special cases for payouts and
// charges (isk and ugx sent with two decimals, huf and twd payouts in whole
// units, three-decimal charges ending in 0) are charge-time rules outside
// this package.
//
// # JSON
//
// Every type marshals to and from Stripe's wire JSON, so a Stripe API
// response, a webhook payload or the json.Marshal of a stripe-go struct
// decodes straight into it. The codecs follow billingkit's one JSON rule:
//
//   - a decoded value remembers which keys it carried and keeps every
//     unknown key with its raw value, at every level (price, recurring,
//     tiers, transform_quantity, custom_unit_amount, currency options);
//     encoding writes the modelled values plus the unknown keys, so
//     decoding a Stripe object and encoding it again gives the same JSON
//     value with exactly its keys (plus any key set to a value since);
//   - a value built in Go is written in the current API's shape (below);
//   - keys match Stripe's exact case only: a key that differs from a
//     modelled key only in case ("Currency") is refused with a
//     [*FieldError] naming it, never read and never kept;
//   - of duplicate keys the last wins, as with encoding/json.
//
// Field names and the "object" key are Stripe's; key order is id, object,
// then alphabetical (compare JSON as values, not bytes). Nullable strings
// use "" for null: null and "" decode alike and "" encodes as null. Nil
// pointers and invalid NullDecimals are null; metadata nil is null and an
// empty map {} (a price's metadata is never null on Stripe, a plan's may
// be). *_decimal values are JSON strings ("1000", "0.5"), read exactly (a
// JSON number there is read exactly too); an exponent beyond ±64 is an
// error, and a value no amount can have, built in Go, is written as
// coefficient e exponent ("1e1048576") rather than digit by digit.
// tiers[].up_to is read from an integer, null or "inf" (create
// parameters use "inf"); nil, unbounded, is written as null. product may be
// an id or the expanded product object, whose id is kept and written back.
// Unknown enum values decode (Stripe may add values; Validate reports
// them). A deleted object ({"deleted": true}) does not decode into a Price
// or a Plan, nor does an object whose "object" is another kind. Decoding
// replaces the whole value; JSON null, or an error, leaves it unchanged.
//
// Readings of what Stripe never sends but stripe-go writes (stripe-go's
// json.Marshal writes 0 for a nil integer or time), each a policy of this
// package:
//
//   - created 0 (or null) decodes as the zero [time.Time], which encodes as
//     0; any other created outside 1 to 253402300799 (the years 1970 to
//     9999) is a decoding error naming created;
//   - up_to 0 on the last tier of a tiers list means unbounded (nil), as
//     stripe-go writes a nil up_to; on any other tier 0 stays 0, and
//     Validate refuses it (up_to is at least 1);
//   - an integer amount of 0 beside a non-zero _decimal twin means the
//     decimal: the integer decodes as nil. This holds for unit_amount
//     beside unit_amount_decimal (price and currency options), a tier's
//     unit_amount and flat_amount beside their decimals, and a plan's
//     amount beside amount_decimal. 0 beside a zero or null decimal stays
//     0;
//   - where stripe-go's zero can only stand for null it reads as null
//     (the issue is silent; this is what a stripe-go user expects): a
//     _decimal twin "0" beside a non-zero integer amount (the same pairs;
//     Stripe's twins always agree), and unit_amount and unit_amount_decimal
//     that are both 0 or null on a tiered price or plan (and on the
//     currency options of a tiered price) or beside a custom_unit_amount
//     (the price's or the option's), which have no unit amount. Without
//     this a tiered price from stripe-go would fail Validate and a
//     pay-what-you-want one would price at 0.
//
// Stripe's API versions differ in which keys they send: tiers and
// currency_options appear only when expanded, aggregate_usage is present
// (often null) before API version 2025-03-31 and absent after, meter and
// custom_unit_amount are absent from 2022-era objects. A value built in Go
// is written in the current API's shape. For a price: id, object, active,
// billing_scheme, created, currency, custom_unit_amount, livemode,
// lookup_key, metadata, nickname, product, recurring, tax_behavior,
// tiers_mode, transform_quantity, type, unit_amount and unit_amount_decimal,
// plus tiers and currency_options when non-nil. For price.recurring:
// interval, interval_count, meter, trial_period_days and usage_type, plus
// aggregate_usage when set. For a plan: id, object, active, amount,
// amount_decimal, billing_scheme, created, currency, interval,
// interval_count, livemode, metadata, meter, nickname, product, tiers_mode,
// transform_usage, trial_period_days and usage_type, plus aggregate_usage
// when set and tiers when non-nil. A tier writes all five of its keys,
// transform_quantity and custom_unit_amount all of theirs, a currency
// option all of its keys but tiers (written when non-nil).
//
// A JSON value of the wrong type (a string for an amount, a boolean up_to),
// an integer outside int64, a malformed decimal string, a time out of range
// or a case-variant key is an error: a [*FieldError] wrapping
// [ErrInvalidJSON] that names the object, its id when read before the
// problem, and the field the way Stripe does, e.g.
//
//	pricing: price price_1: tiers[1].up_to: want an integer, null or "inf", got a boolean
//
// # Validation
//
// [Price.Validate] and [Plan.Validate] check a value against Stripe's rules
// and report every problem at once, joined with [errors.Join]. Each problem
// is a [*FieldError] naming the field path as Stripe names it
// ("recurring.interval_count", "tiers[2].up_to",
// "currency_options.eur.tiers[0].unit_amount", "transform_quantity.divide_by")
// and wrapping [ErrInvalidPrice]; problems with a currency code also wrap
// [ErrUnknownCurrency]. Use errors.As to reach the first, or walk the join
// for all. The rules are listed on Price.Validate; the choices made where
// Stripe is silent are listed below.
//
// Decoding does not validate: a price decoded from Stripe's synthetic
// fixtures (currency "currency", interval_count 797691627) decodes, and
// Validate rejects it.
//
// # Plans and prices
//
// [PlanToPrice] and [PriceToPlan] follow Stripe's migration mapping: amount
// and amount_decimal are unit_amount and unit_amount_decimal; interval,
// interval_count, usage_type, aggregate_usage, trial_period_days and meter
// move under recurring; transform_usage is transform_quantity; the id is kept
// (a plan id works as a price id). A plan becomes a recurring price with
// tax_behavior "unspecified"; a null plan metadata becomes {} (a price's
// metadata is never null) and is restored as null on the way back, so
// Plan -> Price -> Plan is lossless, down to the JSON keys and unknown keys
// of a decoded plan. A price's lookup_key, tax_behavior, currency_options
// and custom_unit_amount have no plan counterpart and are dropped by
// PriceToPlan; a one-time price has none at all ([ErrOneTimePrice]).
// Unknown top-level keys travel with the value both ways (which of them
// the other object has cannot be known), but for one that is a key the
// other object models (a plan carrying "unit_amount"), which is dropped so
// that no key is written twice. Unknown keys inside a price's
// recurring object are dropped by PriceToPlan, as a plan has no such
// object.
//
// # Amounts
//
// The amount of a quantity is the amount of one invoice line, computed
// exactly in minor units and rounded once, at the end of the line:
//
//   - per_unit: quantity x unit_amount;
//   - package (transform_quantity): the quantity divided by divide_by, rounded
//     up or down as round says, times unit_amount;
//   - volume tiers: the tier whose range holds the quantity prices every
//     unit, plus its flat amount; tier i covers (up_to[i-1], up_to[i]], and
//     quantity 0 falls in the first tier, whose flat amount is billed;
//   - graduated tiers: each tier reached bills its own units times its unit
//     amount plus its flat amount; the first tier is always reached;
//   - custom_unit_amount: the customer's amount, within [minimum, maximum];
//   - currency_options: the same computation with the other currency's
//     amounts; a currency without an option is an error.
//
// [Price.Amount] bills q units, rounded half-up; [Price.AmountWith] chooses a
// currency option, a rounding mode and, for a pay-what-you-want price, the
// customer's amount (within [minimum, maximum]; such a line bills quantity
// 1); [Price.ExactAmount] returns the amount before rounding, a decimal with
// at most 12 places. A quantity is a non-negative integer.
//
// Integer prices, including those carrying an integral *_decimal twin as
// Stripe returns them, are computed in checked int64; fractional *_decimal
// amounts in exact 128-bit fixed point (12 places). Neither allocates. A
// line beyond math.MaxInt64 minor units is [ErrOverflow], never a wrapped
// number. A field the computation cannot use is a [*FieldError] naming it as
// Stripe does (tiers[2].unit_amount), and options that do not fit the price
// wrap [ErrInvalidOptions].
//
// A tiered price built in Go is priced by checking every tier on every call
// (up_to order, signs, places, each amount against its _decimal twin),
// whatever the quantity. A price decoded by UnmarshalJSON, or returned by
// [Price.Compile], carries instead a table compiled once from each of its
// tier lists (its own and each currency option's) that passes those checks,
// and prices graduated and volume lines from it, at about the cost of a
// plain int64 loop over the tiers. The table is immutable and shared by
// copies of the price. It is used only for the tiers slice it was built
// from, and each call compares the tier fields the line's amount depends on
// (pointers, the numbers they point to, decimals) with it, so a caller who
// edits a decoded price's tiers, by any means, is billed for the edited
// tiers; see [Price.Compile] for the fields a call does not compare.
//
// The computation reads what billing_scheme says it needs and is more
// lenient than [Price.Validate]: an empty scheme is per_unit, and a unit
// amount wins over an empty custom_unit_amount object, so Stripe's synthetic
// fixture price still prices although Validate rejects it. Run Validate once
// when a price enters the system (Compile, for a price built in Go:
// Validate and the tables at once), then Amount on the hot path.
//
// # Rounding
//
// A line that involves fractional *_decimal amounts is rounded once, after
// the tiers are summed, to whole minor units. The default is half-up (halves
// away from zero: 1.5 -> 2, 2.5 -> 3); [AmountOptions].Rounding selects
// half-even, up (away from zero) or down (toward zero). Stripe documents
// rounding once per line but not the mode of halves; half-up is this
// project's choice.
//
// # Time
//
// Times are arguments, never read from a clock. created is Unix seconds in
// UTC. A recurring price bills every interval_count x interval from its
// anchor, in UTC; see [Recurring.Period]. Monthly and yearly periods that
// start on a day a month lacks fall on that month's last day and return to
// the anchor day afterwards (Jan 31 -> Feb 28 -> Mar 31); period k is computed
// from the anchor directly, never by chaining from a clamped date.
//
// # Errors
//
// Errors are values callers branch on with errors.Is: [ErrInvalidPrice],
// [ErrUnknownCurrency], [ErrInvalidJSON], [ErrOverflow],
// [ErrInvalidQuantity], [ErrOneTimePrice], [ErrInvalidOptions] (a rounding
// mode, currency option or custom amount that does not fit the price) and
// [ErrInvalidPeriod] (a negative period index, or a period outside the years
// 1 to 9999). Problems with one field are [*FieldError] values (Object, ID,
// Field, Reason, Err, Cause) that unwrap to Err and Cause; a problem with a
// currency code has Err [ErrInvalidPrice] and Cause [ErrUnknownCurrency].
// Messages are lowercase and start with "pricing: ". No function panics on
// any input.
//
// # Where Stripe is silent
//
// These are this package's choices, each tested:
//
//   - the whole billing interval is at most three years, and three years in
//     days is 1095;
//   - tiers: up_to is at least 1, strictly ascending, and only the last tier
//     is unbounded;
//   - decimal flat amounts are allowed, like decimal unit amounts;
//   - when an amount and its _decimal twin are both set (as on every object
//     Stripe returns) they must be equal;
//   - custom_unit_amount, the price's or a currency option's, cannot be
//     combined with unit_amount(_decimal), tiers or transform_quantity and
//     is allowed on one-time prices only (Stripe's pay what you want does
//     not support recurring prices); Stripe's synthetic fixture
//     price, which carries custom_unit_amount {null, null, null} beside
//     unit_amount 2000 on a recurring price, is therefore invalid;
//   - currency_options may hold an entry for the price's own currency
//     (Stripe includes one when the field is expanded); its amounts must
//     equal the price's where both are set;
//   - aggregate_usage and meter require usage_type metered;
//   - half-up rounding by default, once per line;
//   - a pay-what-you-want (custom_unit_amount) line bills quantity 1; any
//     other quantity is [ErrInvalidQuantity];
//   - a *_decimal value beyond int64 minor units is invalid;
//   - null plan metadata becomes {} on the price.
//
// # Testing
//
// Package [github.com/billingkit/billingkit/pricing/pricingtest] provides
// rapid generators of valid currencies, quantities, prices and plans for
// property-based tests of code built on this package.
package pricing
