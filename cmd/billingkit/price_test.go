package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// runCmd runs the command with input on standard input.
func runCmd(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(input), &out, &errb)
	return out.String(), errb.String(), code
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPrice(t *testing.T) {
	tests := []struct {
		name       string
		input      string
		quantity   string
		wantAmount int64
		wantObject any // the "object" key of the printed price, nil when absent
		wantID     any
	}{
		{"graduated tiers from Stripe's docs (700/650/600, q=6)", readTestdata(t, "graduated-price.json"), "6", 4150, nil, nil},
		{"graduated tiers, q=25", readTestdata(t, "graduated-price.json"), "25", 15750, nil, nil},
		{"a 2022 plan becomes a price with the same id", readTestdata(t, "plan-2022.json"), "3", 6000, "price", "price_1KmRa3ARuRTs9TwL7bUeCPPs"},
		{"quantity 0 of a per-unit plan", readTestdata(t, "plan-2022.json"), "0", 0, "price", "price_1KmRa3ARuRTs9TwL7bUeCPPs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, "price", "-quantity", tc.quantity)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			var got struct {
				Price  map[string]any `json:"price"`
				Amount int64          `json:"amount"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if got.Amount != tc.wantAmount {
				t.Errorf("amount = %d, want %d", got.Amount, tc.wantAmount)
			}
			if got.Price["object"] != tc.wantObject || got.Price["id"] != tc.wantID {
				t.Errorf("price object/id = %v/%v, want %v/%v", got.Price["object"], got.Price["id"], tc.wantObject, tc.wantID)
			}
		})
	}
}

func TestPrice_PlanBecomesRecurringPrice(t *testing.T) {
	out, errOut, code := runCmd(t, readTestdata(t, "plan-2022.json"), "price", "-quantity", "1")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got struct {
		Price struct {
			Type       string `json:"type"`
			UnitAmount int64  `json:"unit_amount"`
			Recurring  struct {
				Interval      string `json:"interval"`
				IntervalCount int64  `json:"interval_count"`
			} `json:"recurring"`
		} `json:"price"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Price.Type != "recurring" || got.Price.UnitAmount != 2000 || got.Price.Recurring.Interval != "month" || got.Price.Recurring.IntervalCount != 1 {
		t.Errorf("converted price = %+v, want recurring, 2000, month x1", got.Price)
	}
}

// Bad input gets one line on standard error that names the field, and exit 2.
func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		args     []string
		wantCode int
		wantErr  string // a substring of the one-line error
	}{
		{"tiers out of order", `{"object":"price","currency":"usd","billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":5,"unit_amount":1},{"up_to":3,"unit_amount":2}]}`,
			[]string{"price", "-quantity", "3"}, exitUsage, "tiers[1].up_to"},
		{"wrong JSON type", `{"object":"price","currency":"usd","unit_amount":"ten"}`,
			[]string{"price", "-quantity", "1"}, exitUsage, "unit_amount"},
		{"unknown currency", `{"object":"price","currency":"USD","billing_scheme":"per_unit","unit_amount":5}`,
			[]string{"price", "-quantity", "1"}, exitUsage, "currency"},
		{"another object", `{"object":"coupon"}`, []string{"price", "-quantity", "1"}, exitUsage, "object"},
		{"missing quantity", `{}`, []string{"price"}, exitUsage, "-quantity"},
		{"empty input", ``, []string{"price", "-quantity", "1"}, exitUsage, "empty"},
		{"trailing data", `{"object":"price","currency":"usd","billing_scheme":"per_unit","unit_amount":5} {}`, []string{"price", "-quantity", "1"}, exitUsage, "after the JSON value"},
		{"unknown command", ``, []string{"prices"}, exitUsage, `unknown command "prices"`},
		{"a stray closing bracket after the object", `{"object":"price","currency":"usd","billing_scheme":"per_unit","unit_amount":5}]`, []string{"price", "-quantity", "1"}, exitUsage, "after the JSON value"},
		{"an array instead of an object", `[]`, []string{"price", "-quantity", "1"}, exitUsage, "want an object, got array"},
		{"a quantity that is not a number", `{}`, []string{"price", "-quantity", "abc"}, exitUsage, "-quantity"},
		{"a negative quantity", `{}`, []string{"price", "-quantity", "-1"}, exitUsage, "-quantity"},
		{"summary with an array", `[1]`, []string{"summary", "-at", "0"}, exitUsage, "want an object, got array"},
		{"summary with grants not an array", `{"customer":"cus_1","grants":"g"}`, []string{"summary", "-at", "0"}, exitUsage, "grants: want an array, got string"},
		{"quote with a string", `"x"`, []string{"quote", "cancel", "-at", "1"}, exitUsage, "want an object, got string"},
		{"quote -at not a number", `{}`, []string{"quote", "cancel", "-at", "noon"}, exitUsage, "-at"},
		{"quote without a transition", `{}`, []string{"quote"}, exitUsage, "finalize, accept or cancel"},
		{"quote -at beyond the year 9999", `{}`, []string{"quote", "finalize", "-at", "9223372036854775807"}, exitUsage, "-at"},
		{"summary -at before the year 1", `{}`, []string{"summary", "-at", "-9223372036854775808"}, exitUsage, "-at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, tc.args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.wantCode, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "billingkit: ") || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr = %q, want one billingkit line containing %q", errOut, tc.wantErr)
			}
			for _, goName := range []string{"Go value", "struct {", "credit.", "pricing.", "goroutine"} {
				if strings.Contains(errOut, goName) {
					t.Errorf("stderr %q speaks of Go (%q), not of the input", errOut, goName)
				}
			}
		})
	}
}
