package invoice_test

import (
	"testing"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/invoice"
	"pgregory.net/rapid"
)

// seedCorpus adds the fixtures of the given object types and a few
// malformed or odd documents.
func seedCorpus(f *testing.F, objects ...string) {
	fixtures := wireFixtures(f)
	for _, o := range objects {
		for _, doc := range fixtures[o] {
			f.Add(doc)
		}
	}
	for _, s := range []string{``, `null`, `"in_1"`, `""`, `{}`, `[]`, `{"id":1}`, `{"lines":{"data":[{"quantity":null}]}}`,
		`{"object":"line_item","quantity":3,"quantity":null,"\u0000quantity":1,"\ufffdquantity":2}`,
		`{"parent":{"type":"invoice_item_details","subscription_item_details":{"x":1},"type":"x"}}`,
		`{"a":1,"a":2,"parent":null,"parent":{"type":"quote_details"}}`, "\xff", `{"description":"\ud800"}`} {
		f.Add([]byte(s))
	}
}

func newInvoice() any { return new(invoice.Invoice) }
func newLine() any    { return new(invoice.LineItem) }
func newItem() any    { return new(invoice.Item) }
func newCredit() any  { return new(invoice.PretaxCreditAmount) }

// FuzzDecodeInvoice: any bytes, decoded as an invoice and as a line item,
// never panic, and what decodes encodes idempotently.
func FuzzDecodeInvoice(f *testing.F) {
	seedCorpus(f, "invoice", "line_item")
	f.Fuzz(func(t *testing.T, data []byte) {
		wiretest.Stable(t, data, newInvoice)
		wiretest.Stable(t, data, newLine)
	})
}

// FuzzDecodeItem: any bytes, decoded as an invoice item and as a pretax
// credit amount, never panic, and what decodes encodes idempotently.
func FuzzDecodeItem(f *testing.F) {
	seedCorpus(f, "invoiceitem")
	f.Fuzz(func(t *testing.T, data []byte) {
		wiretest.Stable(t, data, newItem)
		wiretest.Stable(t, data, newCredit)
	})
}

// vocab is what the mutation property draws: numbers, strings and keys
// of invoice objects.
var vocab = wiretest.Vocab{
	Numbers: []string{"0", "-1", "1", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "1e30", "0.5", "253402300799", "253402300800"},
	Strings: []string{"", "eur", "subscription_details", "quote_details", "subscription_item_details",
		"invoice_item_details", "price_details", "discount", "credit_balance_transaction", "tax_rate_details",
		"inclusive", "exclusive", "di_1", "1.5", "-3", "1e-05", "1e999"},
	Keys: []string{"id", "object", "type", "amount", "quantity", "parent", "data", "discount",
		"tax_rate", "price", "subscription_details", "invoice_item_details", "subscription_item_details",
		"credited_items", "proration_details", "period", "pricing", "price_details", "Type", "AMOUNT"},
}

// TestDecode_MutatedIdempotent: the fuzz properties on fixtures with a few
// random mutations deep inside (the native fuzzers mostly break the
// syntax).
func TestDecode_MutatedIdempotent(t *testing.T) {
	fixtures := wireFixtures(t)
	for _, tt := range []struct {
		object string
		newV   func() any
	}{{"invoice", newInvoice}, {"line_item", newLine}, {"invoiceitem", newItem}} {
		t.Run(tt.object, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				b := vocab.Mutated(rapid.SampledFrom(fixtures[tt.object]), 1).Draw(t, "json")
				wiretest.Stable(t, b, tt.newV)
			})
		})
	}
}
