package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
)

// jsonEqual compares two JSON texts as values.
func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// The seed: Stripe's documented request and response for a $10 grant.
func TestSummary_Seed(t *testing.T) {
	// The grant is effective at 1729297860; ask an hour later.
	out, errOut, code := runCmd(t, readTestdata(t, "seed-summary-input.json"), "summary", "-at", "1729301460")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if want := readTestdata(t, "seed-summary.json"); !jsonEqual(t, out, want) {
		t.Errorf("summary (-want +got):\n-%s\n+%s", want, out)
	}
}

func TestSummary_BeforeEffective(t *testing.T) {
	out, errOut, code := runCmd(t, readTestdata(t, "seed-summary-input.json"), "summary", "-at", "1729297859")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var s struct {
		Balances []struct {
			Available struct {
				Monetary struct{ Value int64 } `json:"monetary"`
			} `json:"available_balance"`
		} `json:"balances"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Balances) != 1 || s.Balances[0].Available.Monetary.Value != 0 {
		t.Errorf("a pending grant must show 0 available, got %s", out)
	}
}

// -at takes any unix time, before 1970 too: a negative one is an instant,
// not "absent" (which would mean now).
func TestSummary_NegativeAt(t *testing.T) {
	out, errOut, code := runCmd(t, readTestdata(t, "seed-summary-input.json"), "summary", "-at", "-5")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var s struct {
		Balances []struct {
			Ledger struct {
				Monetary struct{ Value int64 } `json:"monetary"`
			} `json:"ledger_balance"`
		} `json:"balances"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Balances) != 1 || s.Balances[0].Ledger.Monetary.Value != 0 {
		t.Errorf("at -5 the grant (effective 1729297860) is pending: want ledger 0, got %s", out)
	}
}

func TestSummary_Errors(t *testing.T) {
	tests := []struct {
		name, input, wantErr string
	}{
		{"no filter", `{"customer":"cus_1","grants":[]}`, "filter"},
		{"no customer", `{"grants":[],"filter":{"type":"credit_grant","credit_grant":"credgr_1"}}`, "customer"},
		{"bad filter type", `{"customer":"cus_1","grants":[],"filter":{"type":"everything"}}`, "filter"},
		{"grant with priority 101", `{"customer":"cus_1","grants":[{"id":"credgr_1","amount":{"type":"monetary","monetary":{"currency":"usd","value":100}},"applicability_config":{"scope":{"price_type":"metered"}},"category":"paid","created":1,"customer":"cus_1","effective_at":5,"priority":101,"updated":1}],"filter":{"type":"credit_grant","credit_grant":"credgr_1"}}`, "grants[0]: credit: billing.credit_grant credgr_1: priority"},
		{"a transaction given twice", `{"customer":"cus_1","grants":[],"transactions":[{"id":"cbtxn_1","object":"billing.credit_balance_transaction","created":1,"credit_grant":"credgr_1","effective_at":1,"livemode":false,"type":"debit","credit":null,"debit":{"type":"credits_expired","amount":{"type":"monetary","monetary":{"currency":"usd","value":1}}}},{"id":"cbtxn_1","object":"billing.credit_balance_transaction","created":1,"credit_grant":"credgr_1","effective_at":1,"livemode":false,"type":"debit","credit":null,"debit":{"type":"credits_expired","amount":{"type":"monetary","monetary":{"currency":"usd","value":1}}}}],"filter":{"type":"credit_grant","credit_grant":"credgr_1"}}`, "transactions[1] repeats transactions[0]"},
		{"grant with a string amount", `{"customer":"cus_1","grants":[{"id":"credgr_1","amount":{"type":"monetary","monetary":{"currency":"usd","value":"10"}}}],"filter":{"type":"credit_grant","credit_grant":"credgr_1"}}`, "value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, tc.input, "summary", "-at", "0")
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (stderr %q)", code, exitUsage, errOut)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr = %q, want one line naming %q", errOut, tc.wantErr)
			}
		})
	}
}

// walkQuoteJSON builds a draft quote in Go and returns it as Stripe JSON.
func draftQuoteJSON(t *testing.T, recurring bool, effective time.Time) string {
	t.Helper()
	created := time.Unix(1700000000, 0).UTC()
	price := pricing.Price{
		ID: "price_1", Active: true, BillingScheme: pricing.PerUnit, Created: created, Currency: "usd",
		Product: "prod_1", Type: pricing.OneTime, UnitAmount: ptr(int64(1099)), TaxBehavior: pricing.TaxExclusive,
		Metadata: map[string]string{},
	}
	if recurring {
		price.Type = pricing.RecurringType
		price.Recurring = &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Licensed}
	}
	q := quote.New("qt_cmd", created)
	q.Customer = "cus_1"
	q.Currency = "usd"
	q.LineItems = []quote.LineItem{{Price: price, Quantity: 2}}
	q.SubscriptionData.EffectiveDate = effective
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestQuote_FinalizeThenAccept(t *testing.T) {
	future := time.Unix(1800000000, 0).UTC()
	tests := []struct {
		name      string
		recurring bool
		effective time.Time
		wantKey   string
	}{
		{"one-time lines: an invoice", false, time.Time{}, "invoice"},
		{"recurring lines: a subscription", true, time.Time{}, "subscription"},
		{"recurring lines, future effective date: a schedule", true, future, "subscription_schedule"},
	}
	at := int64(1700000100)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, draftQuoteJSON(t, tc.recurring, tc.effective), "quote", "finalize", "-at", strconv.FormatInt(at, 10))
			if code != exitOK {
				t.Fatalf("finalize: exit %d, stderr %q", code, errOut)
			}
			var fin map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &fin); err != nil {
				t.Fatal(err)
			}
			if len(fin) != 1 || fin["quote"] == nil {
				t.Fatalf("finalize printed keys %v, want only quote", keys(fin))
			}
			// finalize | accept: the whole output, as a shell pipe passes it.
			// The bare quote inside it is accepted the same way.
			bare, _, bareCode := runCmd(t, string(fin["quote"]), "quote", "accept", "-at", strconv.FormatInt(at+60, 10))
			out, errOut, code = runCmd(t, out, "quote", "accept", "-at", strconv.FormatInt(at+60, 10))
			if code != exitOK {
				t.Fatalf("accept of finalize's output: exit %d, stderr %q", code, errOut)
			}
			if bareCode != exitOK || bare != out {
				t.Errorf("accepting the bare quote (exit %d) printed something other than accepting finalize's output", bareCode)
			}
			var acc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &acc); err != nil {
				t.Fatal(err)
			}
			if len(acc) != 2 || acc["quote"] == nil || acc[tc.wantKey] == nil {
				t.Fatalf("accept printed keys %v, want quote and %s", keys(acc), tc.wantKey)
			}
			var q struct {
				Status string `json:"status"`
				Total  int64  `json:"amount_total"`
			}
			var obj struct {
				Object string `json:"object"`
			}
			if err := json.Unmarshal(acc["quote"], &q); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(acc[tc.wantKey], &obj); err != nil {
				t.Fatal(err)
			}
			if q.Status != "accepted" || q.Total != 2198 || obj.Object != tc.wantKey {
				t.Errorf("got status %q total %d object %q, want accepted, 2198 (1099 x 2), %s", q.Status, q.Total, obj.Object, tc.wantKey)
			}
		})
	}
}

func TestQuote_CancelStripeExample(t *testing.T) {
	out, errOut, code := runCmd(t, readTestdata(t, "quote-open.json"), "quote", "cancel", "-at", "1682720800")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got struct {
		Quote struct {
			Status      string `json:"status"`
			Transitions struct {
				CanceledAt *int64 `json:"canceled_at"`
			} `json:"status_transitions"`
		} `json:"quote"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Quote.Status != "canceled" || got.Quote.Transitions.CanceledAt == nil || *got.Quote.Transitions.CanceledAt != 1682720800 {
		t.Errorf("got %s", out)
	}
}

func TestQuote_Errors(t *testing.T) {
	draft := draftQuoteJSON(t, false, time.Time{})
	tests := []struct {
		name, input string
		args        []string
		wantErr     string
	}{
		{"accept a draft", draft, []string{"quote", "accept", "-at", "1700000100"}, "draft"},
		{"finalize after expiry", draft, []string{"quote", "finalize", "-at", "1800000000"}, "expire"},
		{"no -at", draft, []string{"quote", "cancel"}, "-at"},
		{"unknown transition", draft, []string{"quote", "revise", "-at", "1"}, `"revise"`},
		{"not a quote", `{"object":"quote","line_items":7}`, []string{"quote", "cancel", "-at", "1"}, "line_items"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, tc.args...)
			if code != exitUsage || out != "" {
				t.Fatalf("exit %d stdout %q, want %d and nothing (stderr %q)", code, out, exitUsage, errOut)
			}
			first := strings.SplitN(errOut, "\n", 2)[0]
			if !strings.Contains(first, tc.wantErr) {
				t.Errorf("error %q does not name %q", first, tc.wantErr)
			}
		})
	}
}

// The walk-through's first output is the seed's balance summary.
func TestWalkthrough(t *testing.T) {
	out, errOut, code := runCmd(t, "")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		t.Fatalf("first output is not JSON: %v", err)
	}
	want := `{"object": "billing.credit_balance_summary", "balances": [{"available_balance": {"monetary": {"currency": "usd", "value": 1000}, "type": "monetary"}, "ledger_balance": {"monetary": {"currency": "usd", "value": 1000}, "type": "monetary"}}], "customer": "cus_QsEHa3GKweMwih", "livemode": false}`
	if !jsonEqual(t, string(first), want) {
		t.Errorf("first output (-want +got):\n-%s\n+%s", want, first)
	}
	for _, s := range []string{`"credits_applied"`, `"credits_expired"`, "graduated quantity  6 ->   4150", "volume    quantity 25 ->  15000", `"object": "subscription"`} {
		if !strings.Contains(out, s) {
			t.Errorf("walk-through lacks %q", s)
		}
	}
	var again bytes.Buffer
	if run(nil, strings.NewReader(""), &again, &bytes.Buffer{}) != exitOK || again.String() != out {
		t.Error("the walk-through is not deterministic")
	}
}

func keys(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
