package credit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"github.com/billingkit/billingkit/internal/wiretest"
	"pgregory.net/rapid"
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
	eq, err := wiretest.Equal(want, got)
	if err != nil {
		t.Fatal(err)
	}
	return eq
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
		{"all-null invoice line of an expiry is no invoice line", `{"credit_grant":"g","type":"debit","debit":{"amount":{"monetary":{"currency":"usd","value":5},"type":"monetary"},"credits_applied":{"invoice":null,"invoice_line_item":""},"type":"credits_expired"}}`, "debit", true},
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

// children says, per object kind, which member holds which nested kind.
var children = map[string]map[string]string{
	"grant":                {"amount": "amount", "applicability_config": "applicability_config"},
	"transaction":          {"credit": "credit", "debit": "debit"},
	"credit":               {"amount": "amount", "credits_application_invoice_voided": "invoice_line_ref"},
	"debit":                {"amount": "amount", "credits_applied": "invoice_line_ref"},
	"amount":               {"monetary": "monetary", "custom_pricing_unit": "custom_pricing_unit"},
	"custom_pricing_unit":  {"custom_pricing_unit_details": "custom_pricing_unit_details"},
	"applicability_config": {"scope": "scope"},
	"scope":                {"prices": "price"},
	"summary":              {"balances": "balance"},
	"balance":              {"available_balance": "amount", "ledger_balance": "amount"},
	"filter":               {"applicability_scope": "scope"},
}

var kindOfObject = map[string]string{
	credit.ObjectGrant:       "grant",
	credit.ObjectTransaction: "transaction",
	credit.ObjectSummary:     "summary",
}

// wireSamples returns every object of testdata/credit-fixtures.json by
// kind: the top-level objects (expanded references collapsed to ids, as
// this package encodes them), the filters of the documented requests, and
// every non-null object nested in them; plus, since no fixture has a
// prices scope, the objects of a generated ledger (encoded from Go).
func wireSamples(t *testing.T) map[string][][]byte {
	t.Helper()
	out := map[string][][]byte{}
	var walk func(kind string, v any)
	walk = func(kind string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = append(out[kind], b)
		for key, child := range children[kind] {
			if arr, ok := m[key].([]any); ok {
				for _, e := range arr {
					walk(child, e)
				}
				continue
			}
			walk(child, m[key])
		}
	}
	top := func(raw json.RawMessage) {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		kind, ok := kindOfObject[fmt.Sprint(m["object"])]
		if !ok {
			kind = "amount" // the synthetic custom_pricing_unit amount
		}
		walk(kind, collapseExpanded(m, true))
	}
	l := credittest.Random(1, 20, 200)
	for _, v := range []any{l.Grants, l.Transactions} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var objs []json.RawMessage
		if err := json.Unmarshal(b, &objs); err != nil {
			t.Fatal(err)
		}
		for _, raw := range objs {
			top(raw)
		}
	}
	for i := range 10 {
		v, _ := wiretest.Value([]byte(js(credittest.Filters(l).Example(i))))
		walk("filter", v)
	}
	for section, entries := range fixtures(t) {
		if res, ok := entries["resources"]; ok {
			var objs map[string]json.RawMessage
			if err := json.Unmarshal(res, &objs); err != nil {
				t.Fatal(err)
			}
			for _, raw := range objs {
				top(raw)
			}
			continue
		}
		for _, raw := range entries {
			var e map[string]json.RawMessage
			if json.Unmarshal(raw, &e) != nil {
				continue // a note
			}
			switch {
			case section == "synthetic_illustrations":
				top(raw)
			case e["object"] != nil:
				top(e["object"])
			}
			if req, ok := e["request"]; ok {
				var r map[string]any
				if err := json.Unmarshal(req, &r); err != nil {
					t.Fatal(err)
				}
				walk("filter", r["filter"])
			}
		}
	}
	return out
}

// codec decodes doc into a new value of one kind and encodes it again.
type codec func(doc []byte) ([]byte, error)

func codecOf[T any]() codec {
	return func(doc []byte) ([]byte, error) {
		v := new(T)
		if err := json.Unmarshal(doc, v); err != nil {
			return nil, err
		}
		return json.Marshal(v)
	}
}

var codecs = map[string]codec{
	"grant":                       codecOf[credit.Grant](),
	"transaction":                 codecOf[credit.Transaction](),
	"credit":                      codecOf[credit.Credit](),
	"debit":                       codecOf[credit.Debit](),
	"invoice_line_ref":            codecOf[credit.InvoiceLineRef](),
	"amount":                      codecOf[credit.Amount](),
	"monetary":                    codecOf[credit.Monetary](),
	"custom_pricing_unit":         codecOf[credit.CustomPricingUnitAmount](),
	"custom_pricing_unit_details": codecOf[credit.CustomPricingUnitDetails](),
	"applicability_config":        codecOf[credit.ApplicabilityConfig](),
	"scope":                       codecOf[credit.Scope](),
	"price":                       codecOf[credit.ApplicablePrice](),
	"filter":                      codecOf[credit.Filter](),
	"summary":                     codecOf[credit.Summary](),
	"balance":                     codecOf[credit.Balance](),
}

// One round-trip property per object type: any fixture object of that type,
// with unknown keys injected, decodes and re-encodes to the same JSON value
// (unknown keys kept, no key gained or lost).
func TestRoundTrip_UnknownKeys(t *testing.T) {
	samples := wireSamples(t)
	for kind, roundTrip := range codecs {
		t.Run(kind, func(t *testing.T) {
			docs := samples[kind]
			if len(docs) == 0 {
				t.Fatalf("no fixture holds a %s", kind)
			}
			rapid.Check(t, func(t *rapid.T) {
				doc := wiretest.Inject(t, rapid.SampledFrom(docs).Draw(t, "fixture"))
				got, err := roundTrip(doc)
				if err != nil {
					t.Fatalf("decode %s: %v", doc, err)
				}
				if eq, err := wiretest.Equal(doc, got); err != nil || !eq {
					t.Fatalf("round trip differs (-want +got):\n-%s\n+%s", doc, got)
				}
			})
		})
	}
}

// Unknown keys are kept at every level: injected into any nested object of
// a grant, transaction or summary, they re-encode in place.
func TestRoundTrip_UnknownKeysNested(t *testing.T) {
	samples := wireSamples(t)
	for _, kind := range []string{"grant", "transaction", "summary"} {
		t.Run(kind, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				v, err := wiretest.Value(rapid.SampledFrom(samples[kind]).Draw(t, "fixture"))
				if err != nil {
					t.Fatal(err)
				}
				var objs []map[string]any
				var collect func(kind string, v any)
				collect = func(kind string, v any) {
					m, ok := v.(map[string]any)
					if !ok {
						return
					}
					objs = append(objs, m)
					for key, child := range children[kind] {
						if arr, ok := m[key].([]any); ok {
							for _, e := range arr {
								collect(child, e)
							}
							continue
						}
						collect(child, m[key])
					}
				}
				collect(kind, v)
				target := objs[rapid.IntRange(0, len(objs)-1).Draw(t, "nested object")]
				b, _ := json.Marshal(target)
				var injected map[string]any
				if err := json.Unmarshal(wiretest.Inject(t, b), &injected); err != nil {
					t.Fatal(err)
				}
				maps.Copy(target, injected)
				doc, _ := json.Marshal(v)
				got, err := codecs[kind](doc)
				if err != nil {
					t.Fatalf("decode %s: %v", doc, err)
				}
				if eq, err := wiretest.Equal(doc, got); err != nil || !eq {
					t.Fatalf("round trip differs (-want +got):\n-%s\n+%s", doc, got)
				}
			})
		})
	}
}

// A decoded object re-encodes with exactly the keys it had: a grant with
// three keys gains none.
func TestGrant_RoundTripKeepsKeys(t *testing.T) {
	doc := `{"id":"credgr_1","amount":{"monetary":{"currency":"usd","value":1000}},"customer":"cus_1"}`
	var g credit.Grant
	if err := json.Unmarshal([]byte(doc), &g); err != nil {
		t.Fatal(err)
	}
	if got := js(g); got != doc {
		t.Errorf("round trip (-want +got):\n-%s\n+%s", doc, got)
	}
	// A key the grant lacked is written once it holds a value.
	g.VoidedAt = time.Unix(1735689600, 0)
	if want, got := `{"id":"credgr_1","amount":{"monetary":{"currency":"usd","value":1000}},"customer":"cus_1","voided_at":1735689600}`, js(g); got != want {
		t.Errorf("after setting voided_at (-want +got):\n-%s\n+%s", want, got)
	}
}

// Keys are case-sensitive: a case-variant of a modelled key, at any level,
// is refused with a FieldError naming it, never read as an override.
func TestUnmarshalJSON_CaseVariantRefused(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		into  any
		field string
	}{
		{"amount value", `{"id":"credgr_1","amount":{"monetary":{"currency":"usd","value":1000,"VALUE":5},"type":"monetary"}}`,
			new(credit.Grant), "amount.monetary.VALUE"},
		{"grant voided_at", `{"id":"credgr_1","voided_at":null,"Voided_At":1735689600}`, new(credit.Grant), "Voided_At"},
		{"scope price id", `{"id":"credgr_1","applicability_config":{"scope":{"prices":[{"id":"price_a","ID":"price_b"}]}}}`,
			new(credit.Grant), "applicability_config.scope.prices[0].ID"},
		{"transaction type", `{"id":"cbtxn_1","type":"debit","TYPE":"credit"}`, new(credit.Transaction), "TYPE"},
		{"debit ref", `{"id":"cbtxn_1","debit":{"credits_applied":{"Invoice":"in_1"}}}`, new(credit.Transaction), "debit.credits_applied.Invoice"},
		{"summary", `{"object":"billing.credit_balance_summary","Customer":"cus_2"}`, new(credit.Summary), "Customer"},
		{"filter", `{"type":"credit_grant","Credit_Grant":"credgr_2"}`, new(credit.Filter), "Credit_Grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tt.doc), tt.into)
			var fe *credit.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, credit.ErrInvalidJSON) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError on %s wrapping ErrInvalidJSON", err, tt.field)
			}
			if !strings.HasPrefix(err.Error(), "credit: ") || !strings.Contains(err.Error(), "case-sensitive") {
				t.Errorf("message %q", err)
			}
		})
	}
}

// Stripe never sends a time outside 1970-9999: such a time is a FieldError
// naming the field, never null (year 1 once decoded as null and made a
// voided grant active) nor a value that overflows (expires_at near int64
// max broke Expire).
func TestUnmarshalJSON_TimeOutOfRange(t *testing.T) {
	tests := []struct {
		doc   string
		into  any
		field string
	}{
		{`{"id":"credgr_1","voided_at":-62135596800}`, new(credit.Grant), "voided_at"},
		{`{"id":"credgr_1","expires_at":9223372036854775000}`, new(credit.Grant), "expires_at"},
		{`{"id":"credgr_1","effective_at":253402300800}`, new(credit.Grant), "effective_at"},
		{`{"id":"credgr_1","created":-1}`, new(credit.Grant), "created"},
		{`{"id":"cbtxn_1","effective_at":-1}`, new(credit.Transaction), "effective_at"},
		{`{"amount":{"custom_pricing_unit":{"custom_pricing_unit_details":{"created":-5}}}}`, new(credit.Grant), "amount.custom_pricing_unit.custom_pricing_unit_details.created"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			err := json.Unmarshal([]byte(tt.doc), tt.into)
			var fe *credit.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, credit.ErrInvalidJSON) || fe.Field != tt.field {
				t.Fatalf("err = %v, want a FieldError on %s wrapping ErrInvalidJSON", err, tt.field)
			}
		})
	}
	var g credit.Grant
	if err := json.Unmarshal([]byte(`{"expires_at":253402300799,"voided_at":1}`), &g); err != nil {
		t.Fatalf("the bounds themselves: %v", err)
	}
	if g.ExpiresAt.Year() != 9999 || g.VoidedAt.Unix() != 1 {
		t.Fatalf("bounds decoded as %v and %v", g.ExpiresAt, g.VoidedAt)
	}
}

// The regression: a grant that went through stripe-go carries voided_at 0
// for "not voided". It was read as voided in 1970 and summarized as 0
// available; it is null, and all 5000 are available.
func TestSummarize_StripeGoVoidedAtZero(t *testing.T) {
	doc := `{"id":"credgr_sg","object":"billing.credit_grant","amount":{"monetary":{"currency":"usd","value":5000},"type":"monetary"},
	  "applicability_config":{"scope":{"price_type":"metered"}},"category":"paid","created":1735689600,"customer":"cus_sg",
	  "customer_account":"","effective_at":1735689600,"expires_at":0,"livemode":false,"metadata":{},"name":"","priority":50,
	  "test_clock":"","updated":1735689600,"voided_at":0}`
	var g credit.Grant
	if err := json.Unmarshal([]byte(doc), &g); err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	s, err := credit.Summarize("cus_sg", []credit.Grant{g}, nil, byMetered, time.Unix(1735776000, 0))
	if err != nil {
		t.Fatal(err)
	}
	if want := balances(bal{"usd", 5000, 5000}); !reflect.DeepEqual(want, s.Balances) {
		t.Fatalf("summary (-want +got):\n-%s\n+%s", js(want), js(s.Balances))
	}
}

// stripeGoShape rewrites doc as stripe-go's json.Marshal writes it: every
// null time is 0 and every null string is "" (recursively).
func stripeGoShape(doc []byte) []byte {
	times := map[string]bool{"created": true, "effective_at": true, "expires_at": true, "updated": true, "voided_at": true}
	strs := map[string]bool{"id": true, "customer": true, "customer_account": true, "name": true, "test_clock": true, "type": true,
		"category": true, "credit_grant": true, "invoice": true, "invoice_line_item": true, "currency": true, "lookup_key": true}
	var rewrite func(v any) any
	rewrite = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch {
				case e == nil && times[k]:
					x[k] = 0
				case e == nil && strs[k]:
					x[k] = ""
				default:
					x[k] = rewrite(e)
				}
			}
		case []any:
			for i := range x {
				x[i] = rewrite(x[i])
			}
		}
		return v
	}
	v, _ := wiretest.Value(doc)
	out, _ := json.Marshal(rewrite(v))
	return out
}

// A ledger in stripe-go's shapes (0 for null times, "" for null strings)
// decodes to the same values as the original JSON, so every result is the
// same: summaries, balances, applications.
func TestStripeGoShapes_SameResults(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := credittest.Ledgers().Draw(t, "ledger")
		at := credittest.Times(l).Draw(t, "at")
		f := credittest.Filters(l).Draw(t, "filter")
		doc, err := json.Marshal(map[string]any{"grants": l.Grants, "transactions": l.Transactions})
		if err != nil {
			t.Fatal(err)
		}
		type ledger struct {
			Grants       []credit.Grant       `json:"grants"`
			Transactions []credit.Transaction `json:"transactions"`
		}
		var orig, sg ledger
		if err := json.Unmarshal(doc, &orig); err != nil {
			t.Fatal(err)
		}
		sgDoc := stripeGoShape(doc)
		if err := json.Unmarshal(sgDoc, &sg); err != nil {
			t.Fatalf("stripe-go shape refused: %v\n%s", err, sgDoc)
		}
		if !reflect.DeepEqual(orig, sg) {
			t.Fatalf("stripe-go shape decodes differently:\n%s\n%s", js(orig), js(sg))
		}
		want, err1 := credit.Summarize(l.Customer, orig.Grants, orig.Transactions, f, at)
		got, err2 := credit.Summarize(l.Customer, sg.Grants, sg.Transactions, f, at)
		direct, err3 := credit.Summarize(l.Customer, l.Grants, l.Transactions, f, at)
		if err1 != nil || err2 != nil || err3 != nil || !reflect.DeepEqual(want, got) || !reflect.DeepEqual(direct, got) {
			t.Fatalf("summaries differ:\n%s %v\n%s %v\n%s %v", js(direct), err3, js(want), err1, js(got), err2)
		}
	})
}

// Decoding a credit.Transactions gives what decoding each element does
// (it only shares the strings they repeat); an error names the element.
func TestTransactions_UnmarshalJSON(t *testing.T) {
	doc := `[` + txnSeed + `,` + strings.Replace(txnSeed, `"cbtxn_f"`, `"cbtxn_g"`, 1) + `]`
	var list credit.Transactions
	if err := json.Unmarshal([]byte(doc), &list); err != nil {
		t.Fatal(err)
	}
	var one []credit.Transaction
	if err := json.Unmarshal([]byte(doc), &one); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual([]credit.Transaction(list), one) {
		t.Fatalf("Transactions (-want +got):\n-%s\n+%s", js(one), js(list))
	}
	if got, want := js(list), js(one); got != want {
		t.Fatalf("re-encoded (-want +got):\n-%s\n+%s", want, got)
	}
	bad := `[` + txnSeed + `,{"object":"billing.credit_grant"}]`
	if err := json.Unmarshal([]byte(bad), &list); !errors.Is(err, credit.ErrInvalidJSON) || !strings.Contains(err.Error(), "[1]") {
		t.Fatalf("bad element: %v, want ErrInvalidJSON naming [1]", err)
	}
	if err := json.Unmarshal([]byte(`null`), &list); err != nil || list != nil {
		t.Fatalf("null: %v %v", err, list)
	}
}
