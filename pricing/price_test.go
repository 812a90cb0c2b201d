package pricing_test

import (
	"encoding/json"
	"strconv"
	"strings"
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

// A *_decimal built in Go with an exponent no Stripe amount has (so
// Validate rejects it) is written compactly, as coefficient e exponent,
// instead of as every digit: encoding 1e1048576 must not write a megabyte,
// nor 1e1073741824 a gigabyte. Ordinary and merely unusual decimals keep
// their plain form.
func TestPrice_MarshalJSON_hostileDecimal(t *testing.T) {
	tests := []struct {
		name, reason string
		d            decimal.Decimal
		want         string
	}{
		{"plain", "an ordinary fraction", decimal.RequireFromString("0.125"), `"0.125"`},
		{"whole", "an ordinary amount", decimal.New(1000, 0), `"1000"`},
		{"long coefficient, small value", "exponent -70 but the value is 1: still plain", decimal.NewFromBigInt(decimal.New(1, 70).BigInt(), -70), `"1"`},
		{"1e64", "the decoder's largest exponent stays plain", decimal.New(1, 64), `"1` + strings.Repeat("0", 64) + `"`},
		{"huge exponent", "1e1048576 in exponent form", decimal.New(1, 1<<20), `"1e1048576"`},
		{"tiny", "1e-1048576 in exponent form", decimal.New(7, -(1 << 20)), `"7e-1048576"`},
		{"zero with huge exponent", "zero is zero", decimal.New(0, -(1 << 20)), `"0"`},
		{"zero with huge positive exponent", "zero is zero", decimal.New(0, 1<<20), `"0"`},
		{"negative huge", "sign kept", decimal.New(-3, 1<<20), `"-3e1048576"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pricing.Price{UnitAmountDecimal: decimal.NullDecimal{Decimal: tt.d, Valid: true}}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			got := string(m["unit_amount_decimal"])
			if len(got) > 200 {
				got = got[:40] + "..." + strconv.Itoa(len(got)) + " bytes"
			}
			if got != tt.want {
				t.Errorf("%s (%s): unit_amount_decimal written as (-want +got):\n-%s\n+%s", tt.name, tt.reason, tt.want, got)
			}
		})
	}
}

func TestPrice_Clone_SharesNoMemory(t *testing.T) {
	var p pricing.Price
	doc := `{"id":"price_1","object":"price","currency":"usd","billing_scheme":"tiered","tiers_mode":"graduated",
	"tiers":[{"up_to":5,"unit_amount":700,"flat_amount":null},{"up_to":null,"unit_amount":600,"flat_amount":100}],
	"currency_options":{"eur":{"unit_amount":5,"custom_unit_amount":{"maximum":9,"minimum":1,"preset":null}}},
	"recurring":{"interval":"month","interval_count":1,"trial_period_days":7,"usage_type":"licensed"},
	"metadata":{"k":"v"},"transform_quantity":null,"type":"recurring","unit_amount":null}`
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(p)
	want, _ := p.Amount(7)
	c := p.Clone()
	*c.Tiers[0].UnitAmount = 1
	*c.Tiers[0].UpTo = 3
	*c.Tiers[1].FlatAmount = 1
	*c.CurrencyOptions["eur"].CustomUnitAmount.Maximum = 1
	*c.CurrencyOptions["eur"].UnitAmount = 1
	*c.Recurring.TrialPeriodDays = 1
	c.Metadata["k"] = "changed"
	after, _ := json.Marshal(p)
	if string(before) != string(after) {
		t.Fatalf("editing the clone changed the original:\n%s\n%s", before, after)
	}
	if got, err := p.Clone().Amount(7); err != nil || got != want {
		t.Fatalf("a clone prices %d, %v; want %d", got, err, want)
	}
}

func TestRecurring_Metered(t *testing.T) {
	for _, c := range []struct {
		r    *pricing.Recurring
		want bool
	}{
		{nil, false},
		{&pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}, false},
		{&pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Metered}, true},
		{&pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, Meter: "mtr_1"}, true},
	} {
		if got := c.r.Metered(); got != c.want {
			t.Errorf("%+v: Metered() = %v, want %v", c.r, got, c.want)
		}
	}
}
