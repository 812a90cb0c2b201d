package credit

import "github.com/billingkit/billingkit/internal/idgen"

// IDKey says what a new transaction is, so that an IDGenerator can name it:
// Prefix "cbtxn", Kind the credit or debit type ("credits_applied"), Parent
// the credit grant's id and, for the kinds tied to an invoice line, Invoice
// and InvoiceLineItem. Within one valid ledger no two new transactions
// share a key. It is the one key of every billingkit package.
type IDKey = idgen.Key

// IDGenerator returns the id of a new transaction. It must give distinct
// ids for distinct keys, and be safe for concurrent use if the caller
// shares it between goroutines. Pass one in ApplyOptions or
// LifecycleOptions; nil means DeterministicID.
type IDGenerator = idgen.Generator

// DeterministicID is the default IDGenerator: "cbtxn_" followed by 32 hex
// digits of the 128-bit FNV-1a hash of the key's fields, each preceded by
// its length (so no two keys hash the same bytes). The same key always
// gives the same id, so the same input always gives the same transactions.
func DeterministicID(k IDKey) string { return idgen.Deterministic(k) }

// txnKey is the key of a new transaction of kind for grant and, when set,
// the invoice line ref.
func txnKey(kind, grant string, ref InvoiceLineRef) IDKey {
	return IDKey{Prefix: "cbtxn", Kind: kind, Parent: grant, Invoice: ref.Invoice, InvoiceLineItem: ref.InvoiceLineItem}
}
