package pricing_test

import (
	"encoding/json"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

func TestPrice_Equal_decimals(t *testing.T) {
	hostile := decimal.New(1, 1<<30) // 1e1073741824: must be decided without expanding it (never call String on it)
	tests := []struct {
		name, reason string
		a, b         decimal.Decimal
		want         bool
	}{
		{"same whole", "identical values", decimal.RequireFromString("100"), decimal.RequireFromString("100"), true},
		{"trailing zero", "1.0 is 1", decimal.RequireFromString("1.0"), decimal.RequireFromString("1"), true},
		{"fraction trailing zero", "0.50 is 0.5", decimal.RequireFromString("0.50"), decimal.RequireFromString("0.5"), true},
		{"negative trailing zero", "-1.0 is -1, even though Validate rejects both", decimal.RequireFromString("-1.0"), decimal.RequireFromString("-1"), true},
		{"negative fraction trailing zero", "-0.50 is -0.5", decimal.RequireFromString("-0.50"), decimal.RequireFromString("-0.5"), true},
		{"beyond int64, exponent form", "1e20 is 100000000000000000000", decimal.New(1, 20), decimal.RequireFromString("100000000000000000000"), true},
		{"beyond int64, two exponent forms", "10e19 is 1e20", decimal.New(10, 19), decimal.New(1, 20), true},
		{"13 places, trailing zero", "too many places, still the same value", decimal.RequireFromString("0.00000000000010"), decimal.RequireFromString("0.0000000000001"), true},
		{"different negatives", "-1 is not -2", decimal.RequireFromString("-1"), decimal.RequireFromString("-2"), false},
		{"different signs", "-1 is not 1", decimal.RequireFromString("-1"), decimal.RequireFromString("1"), false},
		{"different large", "1e20 is not 2e20", decimal.New(1, 20), decimal.New(2, 20), false},
		{"hostile vs large", "magnitudes differ", hostile, decimal.New(1, 20), false},
		{"hostile vs itself", "same coefficient and exponent", hostile, decimal.New(1, 1<<30), true},
		{"hostile vs rescaled", "10e(n-1) is 1e(n)", hostile, decimal.New(10, 1<<30-1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pricing.Price{Currency: "usd", UnitAmountDecimal: decimal.NullDecimal{Decimal: tt.a, Valid: true}}
			q := pricing.Price{Currency: "usd", UnitAmountDecimal: decimal.NullDecimal{Decimal: tt.b, Valid: true}}
			if got := p.Equal(q); got != tt.want {
				t.Errorf("%s (%s): Price.Equal with unit_amount_decimal %se%d and %se%d (-want +got):\n-%v\n+%v",
					tt.name, tt.reason, tt.a.Coefficient(), tt.a.Exponent(), tt.b.Coefficient(), tt.b.Exponent(), tt.want, got)
			}
			if got := q.Equal(p); got != tt.want {
				t.Errorf("%s: Equal is not symmetric: b.Equal(a) = %v", tt.name, got)
			}
		})
	}
}

// A decimal string Stripe would never send (a trailing zero, an exponent)
// still survives decode -> encode -> decode as an Equal value, whatever its
// sign or size: Equal compares by value, and encoding writes the value.
func TestPrice_Equal_jsonRoundTripOfOddDecimals(t *testing.T) {
	for _, s := range []string{`"-1.0"`, `"-0.50"`, `"1e20"`, `"10e19"`, `"1.0"`, `"0.0000000000001"`} {
		var p, q pricing.Price
		if err := json.Unmarshal([]byte(`{"object":"price","currency":"usd","unit_amount_decimal":`+s+`}`), &p); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatalf("%s: own encoding %s does not decode: %v", s, b, err)
		}
		if !p.Equal(q) {
			t.Errorf("unit_amount_decimal %s: decode(encode(p)) is not Equal to p (encoded %s)", s, b)
		}
	}
}
