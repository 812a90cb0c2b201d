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

// A computed invoice writes its tax rates and discounts by id in
// total_taxes and discount amounts, even when the rates and discounts were
// decoded from JSON objects (only amounts decoded expanded stay so).
func TestJSON_ComputedAmountsWriteIDs(t *testing.T) {
	var rate invoice.TaxRate
	if err := json.Unmarshal([]byte(`{"id":"txr_1","object":"tax_rate","percentage":20,"inclusive":false}`), &rate); err != nil {
		t.Fatal(err)
	}
	var disc invoice.Discount
	if err := json.Unmarshal([]byte(`{"id":"di_1","object":"discount","coupon":{"id":"c","object":"coupon","percent_off":10,"duration":"forever"},"start":1735689600}`), &disc); err != nil {
		t.Fatal(err)
	}
	inv := mkInvoice(mkLine("1", 1000))
	inv.DefaultTaxRates = []invoice.TaxRate{rate}
	inv.Discounts = []invoice.Discount{disc}
	c, err := inv.Compute()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	var doc struct {
		TotalTaxes []struct {
			TaxRateDetails struct {
				TaxRate json.RawMessage `json:"tax_rate"`
			} `json:"tax_rate_details"`
		} `json:"total_taxes"`
		TotalDiscountAmounts []struct{ Discount json.RawMessage } `json:"total_discount_amounts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.TotalTaxes) != 1 || string(doc.TotalTaxes[0].TaxRateDetails.TaxRate) != `"txr_1"` ||
		len(doc.TotalDiscountAmounts) != 1 || string(doc.TotalDiscountAmounts[0].Discount) != `"di_1"` {
		t.Fatalf("computed invoice: %s", b)
	}
}
