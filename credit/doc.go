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
//     [Scope], [Invoice], [Application]; [Transactions], a list of
//     transactions whose decoding interns what they repeat.
//   - Balances: [Summarize] (the summary at any instant), [GrantBalances]
//     (per grant); [SummarizeWith] and [GrantBalancesWith] take
//     [SummaryOptions] (draft-invoice reservations).
//   - Applying credits: [Apply]; [ApplyWith] takes [ApplyOptions]: the
//     pay-first [Order] ([StripeOrder] by default) and the [IDGenerator].
//   - Lifecycle: [Funding], [Expire], [Void], [VoidInvoice]; their With
//     forms ([ExpireWith], ...) take [LifecycleOptions] (the id generator);
//     [Grant.Update] (expires_at and metadata only); [CheckGrantLimit] and
//     [UnusedGrants] for Stripe's limit of [MaxUnusedGrants]. Credit notes
//     do not restore credits [S], so there is nothing to call for one: the
//     ledger stays as it is.
//   - The compiled ledger: [Ledger] ([NewLedger], [Ledger.Append],
//     [Ledger.AddGrant], [Ledger.UpdateGrant]) answers every question above
//     ([Ledger.Summarize], [Ledger.Apply], [Ledger.Expire], ...) from
//     columns built once; see "Ledger", "Atomicity" and "Complexity".
//   - Validation: [Grant.Validate], [Filter.Validate],
//     [Transaction.Validate], [Invoice.Validate], and [CheckLedger] for
//     transactions given twice (the slice functions do not compare ids:
//     run it where transactions enter the system, or use a Ledger).
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
// for concurrent use, but for a [Ledger], which holds state (its queries
// are safe for concurrent use; its changes need exclusive access).
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
//   - Valid at every instant: a ledger is valid or not as a whole, never
//     depending on the instant asked about. No balance is below zero at any
//     instant, after the as-of instant included: the transaction after
//     which one would be is [ErrNegativeBalance] (the error names it).
//     Reinstatements: a credits_application_invoice_voided credit gives
//     back credits applied from the same grant to the same invoice line,
//     and at every instant what was given back up to it is no more than
//     what was applied up to it (applications of the same second count
//     first); anything else is [ErrInvalidTransaction] (a redelivered
//     webhook under a new id, or a reinstatement dated before its
//     application, would otherwise raise the balance silently). A
//     credits_granted of a grant that never becomes effective is
//     [ErrInvalidTransaction] too.
//   - Times: every time a grant or transaction carries, and every instant
//     a function writes, is within the years 1970 to 9999 (as Stripe's JSON
//     bounds them); anything else is refused where it enters ([Grant.Validate],
//     [Transaction.Validate], the compilation of every function), so no
//     arithmetic on seconds can overflow.
//   - Customers: a customer argument (Summarize's, GrantBalances',
//     Invoice.Customer) is a customer id or a customer account id; it
//     selects the grants whose customer or customer_account it is, as
//     Stripe lets a grant name either. An empty one is [ErrNoCustomer] (it
//     used to merge every account identified only by customer_account).
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
//     effective at the finalization instant. Its report is O(lines +
//     grants) in size: per line what was covered, what is left and, when
//     something is left, why ([SkipReason] "scope": no grant that can pay
//     for the invoice covers it, a line that is not metered included;
//     "empty": those that cover it ran out); and each grant that paid
//     nothing, once, with the first reason that applies in the order
//     voided, currency, not_effective, expired, empty, scope (it covers
//     none of the lines), covered (the lines it covers were paid by grants
//     that pay first). A grant pays from its balance at finalization only
//     while it is effective, unexpired and not voided at that instant,
//     even when its expiry is not debited in the ledger yet (reservations
//     are for draft invoices and do not apply). A ledger holding
//     transactions later than the finalization instant lowers what a grant
//     can pay to the lowest balance it has from then on, so the ledger
//     stays valid. Applying to an invoice that already has credits_applied
//     transactions is [ErrAlreadyApplied].
//   - Transaction ids come from an [IDGenerator], keyed by [IDKey]{Prefix:
//     "cbtxn", Kind: the credit or debit type, Parent: the grant, Invoice,
//     InvoiceLineItem}; the default, [DeterministicID], hashes the key (each
//     field preceded by its length), so the same input always gives the
//     same ids, and a retried computation is idempotent. When an id the
//     generator gives for a lifecycle write is already in the ledger (a
//     second expiry of the same grant), the write takes the next key number
//     (IDKey.N): ids never collide.
//   - Lifecycle at any instant: Expire, Void and VoidInvoice may be dated
//     before transactions already recorded; they then either refuse with a
//     clear error or write entries that keep the ledger valid at every
//     instant, and every grant they return passes Validate.
//   - Expire is idempotent: once what remained has been debited it writes
//     nothing. When expires_at has already passed, the credits_expired
//     debit is effective at expires_at; otherwise it is an expire-now at
//     the given instant, which must be after the grant's effective time (a
//     pending grant is voided, not expired: [ErrInvalidGrant]). Credits
//     that come back after the expiry (an invoice voided later) are
//     expired in the second they come back, so nothing stays on an
//     expired grant. An expire-now that would leave outside the grant's
//     window an application recorded inside it, or move an expiry already
//     recorded, is [ErrInvalidGrant]; one dated before applications it
//     could not cover is [ErrNegativeBalance]. Expiring or voiding a voided
//     grant is [ErrGrantVoided].
//   - Void writes a credits_voided debit of the balance at its instant;
//     voiding a grant before (or in the second) it becomes effective writes
//     none, as it is never funded, and is refused once its credits_granted
//     is recorded; voiding after any credits_applied is
//     [ErrVoidAfterApplication].
//   - VoidInvoice writes, per (grant, line) in line id then grant id order,
//     the credit reinstating what was applied and not yet reinstated, then,
//     for a grant expired (voided) at that instant, a credits_expired
//     (credits_voided) debit of the same amount; for a grant whose expiry
//     comes later and is already recorded, that debit is dated at the
//     recorded expiry, so no balance after it changes. Voiding it again
//     writes nothing; voiding it before its finalization is
//     [ErrInvalidTransaction].
//   - Unused grants (for the limit of 100): of the customer, not voided,
//     not expired, and pending or with a positive ledger balance.
//
// # Ledger
//
// A [Ledger] holds grants and their transactions compiled: each grant as
// a rule (its window in unix seconds, amount, currency), each transaction
// as an event (its time, signed amount and kind) in its grant's timeline,
// int64 columns kept in replay order (by time, credits before debits
// within a second) with the balance after each event (prefix sums) and the
// stack of its suffix minima. Grant and transaction ids are interned in
// tables hashed with hash/maphash under seeds drawn per table, so no
// pattern of ids slows them down (ids that share their length and tail
// made the previous index quadratic).
//
// Every grant and transaction is validated once, when it enters
// ([NewLedger], [Ledger.Append], [Ledger.AddGrant], [Ledger.UpdateGrant]):
// grants by [Grant.Validate], transactions by the rules of the slice
// functions plus unique ids. Queries then only read: a summary at instant
// t is, per grant of the customer, one binary search for t in its
// timeline (none when t is after its last event, the usual "now").
// Queries write nothing: Apply, Expire, Void and VoidInvoice return what to
// record (UpdateGrant the grant, Append the transactions), as the slice
// functions do; their results equal the slice functions' on the same
// grants and transactions, errors included.
//
// The slice functions are the same rules, compiled the same way: one pass
// over the transactions through the same compilation, the same per-grant
// checks, the same queries (a view of the customer's grants and their
// balances), and for a grant whose only credit is its funding a shortcut
// that decides as its timeline would (its lowest balance is just before
// the funding or at the end); other grants get their timeline built, as
// the Ledger keeps it. They differ only in that they do not compare
// transaction ids (see [CheckLedger]).
//
// At scale, keep a Ledger per customer, partitioned by customer in the
// stream processor or job runner that receives the events: appends to
// one customer's Ledger are serialized there, queries on it run anywhere,
// and the deterministic ids make a retried computation write the same
// transactions again, which Append then refuses as already there
// ([Ledger.HasTransaction]).
//
// # Atomicity
//
// [Ledger.Append] adds a batch of transactions in any order, each earlier
// or later than those in the ledger (webhooks arrive late and out of
// order; operators back-date corrections). The batch is refused as a
// whole, and the ledger left exactly as it was, when any transaction in it
// is malformed, names an unknown grant, repeats an id (of the ledger or of
// the batch), is a second funding, reinstates more than was applied to its
// invoice line by its instant, or would take a balance below zero at any
// instant, later ones included; the error names each refused transaction
// (a [*FieldError] with its id), joined. [Ledger.UpdateGrant] and
// [Ledger.AddGrant] are atomic the same way. A Ledger is safe for
// concurrent queries; Append, AddGrant and UpdateGrant need exclusive
// access (a sync.RWMutex in the caller).
//
// # Complexity
//
// For a ledger of n transactions over g grants (k of them the customer's),
// with m transactions per grant:
//
//   - NewLedger: O(n log m) time, O(n) memory (about 130 bytes a
//     transaction) in a fixed number of allocations; the first Apply,
//     VoidInvoice or reinstatement indexes the invoice lines, O(n) once.
//   - Append of k transactions: O(k log k) when they come after the events
//     of their grants (the usual order: amortized O(1) each); one dated
//     earlier rebuilds its grant's columns, O(m). A reinstatement costs
//     O(points of its invoice line).
//   - Ledger.Summarize, GrantBalances, UnusedGrants: O(k log m), no
//     allocation by n (two per call). Apply: O(k log m + lines × k) time,
//     its report O(lines + k) in size. Expire and Void: O(m) for the grant,
//     without copying the ledger. VoidInvoice: O(p log p) for the p (grant,
//     line) pairs of the invoice.
//   - The slice functions: one pass, O(n), allocating by grants and
//     reinstated invoice lines only (Summarize without reinstatements:
//     once per call, its result). Transactions in time order, either way,
//     are checked as the pass reads them, reinstatements included; a
//     grant the pass cannot settle (input out of order, or a refused
//     ledger) takes a second pass that builds its timeline, O(m log m).
//     Expire and Void build the
//     timeline of their grant only; VoidInvoice those of the grants the
//     invoice used, plus O(p log p).
//   - Decoding into [Transactions] interns the grant ids, currencies and
//     test clocks the transactions repeat: every computation then reads
//     those from memory the processor keeps in cache.
package credit
