// Package credit reproduces Stripe Billing's billing credits offline:
// credit grants (billing.credit_grant), the credit balance transactions of
// their ledger (billing.credit_balance_transaction) and the credit balance
// summary computed from them (billing.credit_balance_summary), plus applying
// credits to a finalizing invoice and the lifecycle events Stripe writes to
// the ledger (expire, void, invoice voided). It does no I/O and reads no
// clock: every instant is an argument.
//
// # API
//
//   - Types: [Grant], [Transaction], [Summary], [Filter], [Amount],
//     [Scope], [Invoice], [Application].
//   - Balances: [Summarize] (the summary at any instant), [GrantBalances]
//     (per grant); [SummarizeWith] and [GrantBalancesWith] take
//     [SummaryOptions] (draft-invoice reservations).
//   - Applying credits: [Apply]; [ApplyWith] takes [ApplyOptions]: the
//     pay-first [Order] ([StripeOrder] by default) and the [IDGenerator].
//   - Lifecycle: [Funding], [Expire], [Void], [VoidInvoice]; their With
//     forms ([ExpireWith], ...) take [LifecycleOptions] (the id generator);
//     [Grant.Update] (expires_at and metadata only); [CheckGrantLimit] and
//     [UnusedGrants] for Stripe's limit of [MaxUnusedGrants]. Credit notes do not restore credits [S],
//     so there is nothing to call for one: the ledger stays as it is.
//   - Validation: [Grant.Validate], [Filter.Validate],
//     [Transaction.Validate], [Invoice.Validate], and [CheckLedger] for
//     transactions given twice (run where transactions enter the system;
//     Summarize does not compare ids, to keep its allocations fixed).
//
// # Model and invariants
//
// A grant holds an amount of credits in one currency. Its ledger is the
// transactions that name it: a credits_granted credit when it becomes
// effective, credits_applied debits when invoices use it, a
// credits_application_invoice_voided credit when such an invoice is voided,
// and a credits_expired or credits_voided debit of what remains when it
// expires or is voided. Amounts are positive int64 minor units of the
// currency (cents for usd, yen for jpy); the direction is the type.
//
// For every grant and instant: ledger = credits - debits; 0 <= available
// <= ledger; a summary's per-currency totals are the sums of its grants'.
// No balance is ever negative: input that would make one is an error. All
// results are independent of the order of the input slices, and no function
// modifies its arguments or keeps state between calls: everything is safe
// for concurrent use.
//
// # Zero values
//
// The zero Grant, Transaction, Filter and Invoice are invalid and say so
// through Validate. A zero time.Time in a nullable field (EffectiveAt,
// ExpiresAt, VoidedAt) is JSON null; a nil Grant.Priority is null and counts
// as 50. A zero Credit or Debit is null. A nil Order is [StripeOrder]; a nil
// IDGenerator is [DeterministicID].
//
// # JSON
//
// Every type marshals to and from Stripe's wire JSON exactly: the same
// keys, an "object" key, unix-second times, null where Stripe sends null.
// The codecs follow billingkit's one JSON rule, at every level (grant,
// transaction, credit, debit, invoice line, amount, monetary, custom
// pricing unit, applicability_config, scope, price, filter, summary,
// balance):
//
//   - A decoded object re-encodes with exactly the keys it had, and keeps
//     every unknown key with its value; a key it lacked is written only
//     once it holds a value. A value built in Go is written in the current
//     shape (an empty customer_account left out, as in Stripe's documented
//     examples and the seed summary [P]; a nil metadata as {}).
//   - Keys match Stripe's exact case only: a key that differs from a
//     modelled key only in case ("VALUE" beside "value") is a [*FieldError]
//     wrapping [ErrInvalidJSON], never an override.
//
// Wire readings, as policy [P] (what stripe-go's json.Marshal writes reads
// as Stripe's JSON does):
//
//   - Times: 0 is null (stripe-go writes 0 for a nil time: a grant with
//     "voided_at": 0 is not voided, "expires_at": 0 never expires); any time
//     outside 1 to 253402300799 (years 1970 to 9999) is a FieldError naming
//     the field, since Stripe never sends one and time arithmetic would
//     overflow beyond. A required time (created, updated, a transaction's
//     effective_at) of 0 decodes as the zero time.Time, which encodes as 0.
//   - Strings: "" and null are the same value (stripe-go writes "" for a
//     null string); an empty string encodes as null.
//   - Expanded objects (customer, credit_grant, invoice, test_clock) decode
//     to their ids and encode as the ids.
//
// Decoding checks shapes, Validate checks rules: invalid currencies and
// enum values decode and are reported by Validate. Preview-only
// custom_pricing_unit amounts decode and re-encode, but computing with them
// is [ErrUnsupportedAmount].
//
// A transaction whose "type" is null takes its direction from the side that
// is set [S]. When both or neither side is set (as in Stripe's generated
// fixtures) it still decodes, with an empty Type, and every function that
// uses it reports [ErrInvalidTransaction] [P]: decoding accepts every
// object Stripe publishes, computing never guesses.
//
// # Errors
//
// Errors wrap exported sentinels ([ErrUnknownGrant], [ErrCurrencyMismatch],
// [ErrNegativeBalance], [ErrVoidAfterApplication], [ErrInvalidFilter],
// [ErrInvalidGrant], [ErrInvalidTransaction], [ErrInvalidInvoice], ...) for
// errors.Is, usually through a [*FieldError] naming the object, its id and
// the field the way Stripe names it ("credit: billing.credit_grant credgr_1:
// priority: must be between 0 and 100, got 101"); FieldError is the one
// error shape of every billingkit package. Every problem is reported
// at once, joined. Sums that do not fit in int64 are [ErrOverflow], never
// wrapped. Nothing panics on caller input.
//
// # Rounding
//
// There is none: every amount is an integer number of minor units, and
// credits are applied in whole minor units.
//
// # Time
//
// Instants are arguments. Windows are half-open: a grant is usable on
// [effective_at, expires_at) and until voided_at. Transactions this package
// writes carry whole unix seconds in UTC.
//
// # Policy where Stripe is silent [P]
//
//   - Historical view: the ledger balance at instant t is the sum of the
//     transactions with effective_at <= t, so a summary can be asked for any
//     instant. Within one second, credits count before debits.
//   - Implied funding: when the transactions hold no credits_granted for a
//     grant, one of the grant's amount is implied at its effective time, so a
//     summary can be computed from grants alone. More than one
//     credits_granted for a grant, one of another amount, currency or
//     before the grant's effective_at, is an error. A grant whose window is
//     empty (expires_at or voided_at not after its effective time) never
//     becomes effective and is never funded.
//   - A null effective_at means effective from created. An Amount with an
//     empty type and a monetary value is monetary.
//   - Instants are compared in whole unix seconds, as Stripe stores them.
//   - Available balance per grant at t: max(0, ledger - reserved) when
//     effective_at <= t < expires_at and not voided at t; otherwise 0. So a
//     pending grant shows 0 and 0, and an expired or voided grant whose
//     debit is not recorded yet keeps its ledger balance with nothing
//     available.
//   - Never negative: a debit that takes a grant below zero at any point of
//     the time-ordered history, after the as-of instant included, is
//     [ErrNegativeBalance].
//   - Reinstatements: a credits_application_invoice_voided credit gives back
//     credits applied from the same grant to the same invoice line, not
//     before they were applied and not more in total; anything else is
//     [ErrInvalidTransaction] (a redelivered webhook under a new id would
//     otherwise raise the balance silently).
//   - Filter matching: a price_type=metered scope selects grants scoped to
//     price_type=metered; a prices scope selects grants whose prices
//     intersect it, plus price_type=metered grants. A credit_grant filter
//     naming a grant the customer does not have is [ErrUnknownGrant].
//   - Summary entries: one per currency among the selected grants, sorted
//     by currency, kept even when both balances are 0; balances is [] when
//     no grant is selected. Livemode is the customer's grants' livemode;
//     mixing live and test grants is [ErrLivemodeMismatch].
//   - Pay-first order: Stripe's keys, then the grant id as the final
//     tie-break, also after a caller's Order.
//   - Apply writes one credits_applied debit per (grant, line), created and
//     effective at the finalization instant, and reports per line what was
//     covered, what is left, and why each grant passed over was skipped
//     ([SkipReason], checked in the order voided, currency, not_effective,
//     expired, scope, empty; a line that is not metered is "scope"). A
//     grant pays from its balance at finalization only while it is
//     effective, unexpired and not voided at that instant, even when its
//     expiry is not debited in the ledger yet (reservations are for draft
//     invoices and do not apply). A ledger holding transactions later
//     than the finalization instant lowers what a grant can pay to the
//     lowest balance those take it to, so the ledger stays valid. Applying
//     to an invoice that already has credits_applied transactions is
//     [ErrAlreadyApplied].
//   - Transaction ids come from an [IDGenerator], keyed by [IDKey]{Prefix:
//     "cbtxn", Kind: the credit or debit type, Parent: the grant, Invoice,
//     InvoiceLineItem}; the default, [DeterministicID], hashes the key, so
//     the same input always gives the same ids.
//   - Expire is idempotent: once what remained has been debited it writes
//     nothing. When expires_at has already passed, the credits_expired debit
//     is effective at expires_at; otherwise it is an expire-now at the given
//     instant. Expiring or voiding a voided grant is [ErrGrantVoided].
//     Voiding a pending grant writes no debit (it was never funded).
//   - VoidInvoice writes, per (grant, line) in line id then grant id order,
//     the credit reinstating what was applied and not yet reinstated, then,
//     for a grant expired at that instant, a credits_expired debit of the
//     same amount. Voiding it again writes nothing.
//   - Unused grants (for the limit of 100): of the customer, not voided,
//     not expired, and pending or with a positive ledger balance.
//
// # Speed
//
// Summarize, GrantBalances and the ledger checks of Apply make one pass
// over the transactions with int64 arithmetic, after indexing the grants
// once; they allocate a fixed number of times per call, by the number of
// grants, never per transaction (only grants with reinstated credits need a
// second pass, which allocates by their number of credits).
package credit
