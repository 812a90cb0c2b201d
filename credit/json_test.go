package credit_test

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/credit"
)

// fixtures returns testdata/credit-fixtures.json, parsed.
func fixtures(t *testing.T) map[string]map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/credit-fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]map[string]json.RawMessage
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// decodeObject decodes raw into the credit type its "object" names and
// returns the value re-encoded.
func decodeObject(t *testing.T, raw json.RawMessage) (any, []byte, error) {
	t.Helper()
	var probe struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, nil, err
	}
	var v any
	switch probe.Object {
	case credit.ObjectGrant:
		v = new(credit.Grant)
	case credit.ObjectTransaction:
		v = new(credit.Transaction)
	case credit.ObjectSummary:
		v = new(credit.Summary)
	default:
		v = new(credit.Amount)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, nil, err
	}
	out, err := json.Marshal(v)
	return v, out, err
}

func jsonEqual(t *testing.T, want, got []byte) bool {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(w, g)
}

// Every credit object of every section decodes; the generator fixtures'
// transactions (type null, both sides set) decode but do not validate.
func TestFixtures_DecodeAll(t *testing.T) {
	f := fixtures(t)
	n := 0
	for section, entries := range f {
		if section == "x-meta" {
			continue
		}
		if res, ok := entries["resources"]; ok {
			var objs map[string]json.RawMessage
			if err := json.Unmarshal(res, &objs); err != nil {
				t.Fatal(err)
			}
			for name, raw := range objs {
				v, _, err := decodeObject(t, raw)
				if err != nil {
					t.Errorf("%s %s: %v", section, name, err)
					continue
				}
				n++
				if txn, ok := v.(*credit.Transaction); ok {
					if txn.Type != "" {
						t.Errorf("%s: type %q, want empty (both sides set)", section, txn.Type)
					}
					if err := txn.Validate(); !errors.Is(err, credit.ErrInvalidTransaction) {
						t.Errorf("%s: Validate = %v, want ErrInvalidTransaction", section, err)
					}
				}
				if g, ok := v.(*credit.Grant); ok && g.Customer != "obj_123" {
					t.Errorf("%s: expanded customer decoded as %q, want obj_123", section, g.Customer)
				}
			}
			continue
		}
		for name, raw := range entries {
			var e map[string]json.RawMessage
			if json.Unmarshal(raw, &e) != nil {
				continue // a note
			}
			obj, ok := e["object"]
			if section == "synthetic_illustrations" {
				obj, ok = raw, true
			}
			if !ok {
				continue // a request only
			}
			if _, _, err := decodeObject(t, obj); err != nil {
				t.Errorf("%s %s: %v", section, name, err)
				continue
			}
			n++
		}
	}
	if n < 20 {
		t.Errorf("decoded %d objects, want every one (at least 20)", n)
	}
}

// Stripe's documented examples, and the synthetic ones, re-encode to the
// same JSON (compared as parsed values; keys starting with "x-" are notes).
func TestFixtures_RoundTrip(t *testing.T) {
	f := fixtures(t)
	for _, section := range []string{"docs_examples", "synthetic_illustrations"} {
		for name, raw := range f[section] {
			var e map[string]json.RawMessage
			if json.Unmarshal(raw, &e) != nil {
				continue
			}
			obj := raw
			if section == "docs_examples" {
				var ok bool
				if obj, ok = e["object"]; !ok {
					continue
				}
			} else {
				var m map[string]any
				_ = json.Unmarshal(raw, &m)
				for k := range m {
					if strings.HasPrefix(k, "x-") {
						delete(m, k)
					}
				}
				obj, _ = json.Marshal(m)
			}
			t.Run(section+"/"+name, func(t *testing.T) {
				_, got, err := decodeObject(t, obj)
				if err != nil {
					t.Fatal(err)
				}
				if !jsonEqual(t, obj, got) {
					t.Errorf("round trip differs (-want +got):\n-%s\n+%s", obj, got)
				}
			})
		}
	}
}

func TestTransaction_UnmarshalJSON(t *testing.T) {
	credit := `{"amount":{"monetary":{"currency":"usd","value":5},"type":"monetary"},"credits_application_invoice_voided":null,"type":"credits_granted"}`
	debit := `{"amount":{"monetary":{"currency":"usd","value":5},"type":"monetary"},"credits_applied":null,"type":"credits_expired"}`
	tests := []struct {
		name     string
		json     string
		wantType string
		valid    bool
	}{
		{"null type, credit set", `{"credit_grant":"g","type":null,"credit":` + credit + `,"debit":null}`, "credit", true},
		{"null type, debit set", `{"credit_grant":"g","type":null,"credit":null,"debit":` + debit + `}`, "debit", true},
		{"absent type, debit set", `{"credit_grant":"g","debit":` + debit + `}`, "debit", true},
		{"null type, both set: decodes, invalid", `{"credit_grant":"g","type":null,"credit":` + credit + `,"debit":` + debit + `}`, "", false},
		{"null type, neither set: decodes, invalid", `{"credit_grant":"g","type":null,"credit":null,"debit":null}`, "", false},
		{"type contradicts side", `{"credit_grant":"g","type":"debit","credit":` + credit + `}`, "debit", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got = decodeTxn(t, tt.json)
			if string(got.Type) != tt.wantType {
				t.Errorf("type (-want +got): -%q +%q", tt.wantType, got.Type)
			}
			err := got.Validate()
			if tt.valid != (err == nil) {
				t.Errorf("Validate() = %v, want valid=%v", err, tt.valid)
			}
			if err != nil && !strings.Contains(err.Error(), "type") {
				t.Errorf("error %q does not name the field type", err)
			}
		})
	}
}

func decodeTxn(t *testing.T, s string) credit.Transaction {
	t.Helper()
	var txn credit.Transaction
	if err := json.Unmarshal([]byte(s), &txn); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return txn
}

func TestGrant_UnmarshalJSON_WrongObject(t *testing.T) {
	var g credit.Grant
	err := json.Unmarshal([]byte(`{"object":"billing.credit_balance_transaction"}`), &g)
	if !errors.Is(err, credit.ErrInvalidJSON) {
		t.Fatalf("err = %v, want ErrInvalidJSON", err)
	}
	err = json.Unmarshal([]byte(`{"object":"billing.credit_grant","priority":"high"}`), &g)
	if !errors.Is(err, credit.ErrInvalidJSON) || !strings.Contains(err.Error(), "priority") {
		t.Fatalf("err = %v, want ErrInvalidJSON naming priority", err)
	}
}

// collapseExpanded replaces every nested object that has "object" and "id"
// keys (an expanded customer, grant, invoice) by its id, as this package
// encodes expanded references.
func collapseExpanded(v any, top bool) any {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"].(string); ok && !top {
			if _, isObject := x["object"]; isObject {
				return id
			}
		}
		for k, e := range x {
			x[k] = collapseExpanded(e, false)
		}
	case []any:
		for i := range x {
			x[i] = collapseExpanded(x[i], false)
		}
	}
	return v
}

// Stripe's generated fixtures re-encode to the same keys and values,
// expanded references written as their ids.
func TestFixtures_RoundTripGenerated(t *testing.T) {
	n := 0
	for section, entries := range fixtures(t) {
		res, ok := entries["resources"]
		if !ok {
			continue
		}
		var objs map[string]json.RawMessage
		if err := json.Unmarshal(res, &objs); err != nil {
			t.Fatal(err)
		}
		for name, raw := range objs {
			_, got, err := decodeObject(t, raw)
			if err != nil {
				t.Errorf("%s %s: %v", section, name, err)
				continue
			}
			var m any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(collapseExpanded(m, true))
			if !jsonEqual(t, want, got) {
				t.Errorf("%s %s: round trip differs (-want +got):\n-%s\n+%s", section, name, want, got)
			}
			n++
		}
	}
	if n < 10 {
		t.Errorf("round-tripped %d generated objects, want every one (at least 10)", n)
	}
}
