// Package idgen is billingkit's one id generator: the key that says what a
// new object is, the generator type every package takes, and the default
// deterministic generator. The public packages alias Key and Generator
// (credit.IDKey, credit.IDGenerator, quote.IDGenerator, ...).
package idgen

import (
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
)

// Key says what a new object is, so that a generator can name it. Within
// one computation no two new objects share a key.
type Key struct {
	// Prefix is the id prefix of the object's type, without the
	// underscore: "cbtxn", "in", "il", "sub", "si", "sub_sched", "ii".
	Prefix string
	// Kind is the kind of object within its type, such as a credit balance
	// transaction's type ("credits_applied"); may be empty.
	Kind string
	// Parent is the id of the object the new one derives from: the credit
	// grant of a transaction, the quote of an accepted quote's objects, the
	// subscription of an invoice.
	Parent string
	// Invoice and InvoiceLineItem name the invoice line a new object is
	// tied to, when it is.
	Invoice         string
	InvoiceLineItem string
	// N numbers objects that share every other field (the n-th invoice
	// line of one acceptance, the k-th period's invoice), 0-based.
	N int64
}

// Generator returns the id of a new object. It must give distinct ids for
// distinct keys, and be safe for concurrent use if shared between
// goroutines.
type Generator func(Key) string

// ID returns gen's id for k, or Deterministic's when gen is nil.
func (gen Generator) ID(k Key) string {
	if gen == nil {
		return Deterministic(k)
	}
	return gen(k)
}

// Deterministic is the default Generator: Prefix, "_", and 32 hex digits of
// the 128-bit FNV-1a hash of the key's fields, each preceded by its length
// (so that no two different keys hash the same bytes, whatever bytes the
// fields hold, NUL included). The same key always gives the same id, so the
// same input gives the same objects, and a retried computation is
// idempotent.
func Deterministic(k Key) string {
	h := fnv.New128a()
	var n [binary.MaxVarintLen64]byte
	for _, s := range [...]string{k.Prefix, k.Kind, k.Parent, k.Invoice, k.InvoiceLineItem} {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	h.Write(n[:binary.PutVarint(n[:], k.N)])
	var sum [16]byte
	prefix := k.Prefix
	if prefix == "" {
		prefix = "obj"
	}
	return prefix + "_" + hex.EncodeToString(h.Sum(sum[:0]))
}
