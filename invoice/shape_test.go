package invoice_test

import (
	"encoding/json"
	"testing"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/billingkit/billingkit/invoice"
)

// An invoice whose discount amounts and tax rate details were expanded, or
// whose tax_rate_details is null, re-encodes as it came (not as ids, not
// as {}).
func TestJSON_ExpandedNestedObjectsKeepTheirShape(t *testing.T) {
	for _, doc := range []string{
		`{"id":"in_1","object":"invoice","total_discount_amounts":[{"amount":5,"discount":{"id":"di_1","object":"discount","coupon":null,"start":1735689600}}]}`,
		`{"id":"in_1","object":"invoice","total_taxes":[{"amount":5,"tax_behavior":"exclusive","tax_rate_details":{"tax_rate":{"id":"txr_1","object":"tax_rate","percentage":20,"inclusive":false}},"taxability_reason":"standard_rated","taxable_amount":25,"type":"tax_rate_details"}]}`,
		`{"id":"in_1","object":"invoice","total_taxes":[{"amount":5,"tax_behavior":"exclusive","tax_rate_details":null,"taxability_reason":null,"taxable_amount":25,"type":"tax_rate_details"}]}`,
	} {
		var inv invoice.Invoice
		if err := json.Unmarshal([]byte(doc), &inv); err != nil {
			t.Fatalf("decode %s: %v", doc, err)
		}
		out, err := json.Marshal(inv)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := wiretest.Equal([]byte(doc), out); err != nil || !ok {
			t.Errorf("round trip differs:\n in  %s\n out %s", doc, out)
		}
	}
}
