package credit

import (
	"encoding/hex"
	"hash/fnv"
)

// IDKey identifies a transaction this package writes: its kind (the credit
// or debit type, such as "credits_applied"), its grant and, for the kinds
// tied to an invoice line, the invoice and line. Within one valid ledger no
// two new transactions share a key.
type IDKey struct {
	Kind            string
	CreditGrant     string
	Invoice         string
	InvoiceLineItem string
}

// IDGenerator returns the id of a new transaction. It must be safe for
// concurrent use if the caller shares it between goroutines. Pass one to
// Apply with WithIDGenerator, or set Lifecycle.IDs.
type IDGenerator func(IDKey) string

// DeterministicID is the default IDGenerator: "cbtxn_" followed by 32 hex
// digits of the 128-bit FNV-1a hash of the key's four fields (each followed
// by a zero byte). The same key always gives the same id, so the same input
// always gives the same transactions.
func DeterministicID(k IDKey) string {
	h := fnv.New128a()
	for _, s := range [...]string{k.Kind, k.CreditGrant, k.Invoice, k.InvoiceLineItem} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var sum [16]byte
	return "cbtxn_" + hex.EncodeToString(h.Sum(sum[:0]))
}

func (gen IDGenerator) id(k IDKey) string {
	if gen == nil {
		return DeterministicID(k)
	}
	return gen(k)
}
