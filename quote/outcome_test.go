package quote_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/billingkit/billingkit/quote"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestOutcome_JSONGolden pins the JSON of an accepted quote and of what it
// created, {"quote": ..., "<object>": ...}, for the three kinds of outcome.
// The golden files were checked by hand against Stripe's shapes; run with
// -update after a deliberate change and review the diff.
func TestOutcome_JSONGolden(t *testing.T) {
	mixed := func() quote.Quote {
		q := draft(line("li_setup", oneTime("setup", 5000), 1), line("li_seat", monthly("seat", 2000), 3))
		q.Discounts = []quote.Discount{percentOff("di_10", "10", quote.DurationForever)}
		q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", false)}
		return q
	}
	tests := []struct {
		name string
		q    quote.Quote
	}{
		{"invoice", func() quote.Quote {
			q := draft(line("li_1", oneTime("tshirt", 1099), 2))
			q.CollectionMethod = quote.SendInvoice
			q.InvoiceSettings.DaysUntilDue = i64(30)
			q.DefaultTaxRates = []quote.TaxRate{taxRate("txr_vat", "20", true)}
			return q
		}()},
		{"subscription", func() quote.Quote {
			q := mixed()
			q.SubscriptionData.TrialPeriodDays = i64(7)
			q.SubscriptionData.Metadata = map[string]string{"team": "blue"}
			return q
		}()},
		{"subscription_schedule", func() quote.Quote {
			q := mixed()
			q.SubscriptionData.EffectiveDate = t0.AddDate(0, 1, 0)
			return q
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, err := tt.q.Finalize(t0)
			if err != nil {
				t.Fatal(err)
			}
			acc, o, err := open.Accept(t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			name, v := o.Object()
			if name != tt.name {
				t.Fatalf("outcome %s, want %s", name, tt.name)
			}
			got, err := json.MarshalIndent(map[string]any{"quote": acc, name: v}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, want, got) {
				t.Errorf("JSON differs from %s (-want +got):\n- %s\n+ %s", path, want, got)
			}
			var back quote.Quote
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(got, &doc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(doc["quote"], &back); err != nil {
				t.Fatalf("accepted quote does not decode: %v", err)
			}
			if back.Status != quote.StatusAccepted || back.AmountTotal != acc.AmountTotal {
				t.Fatalf("decoded accepted quote: %s %d", back.Status, back.AmountTotal)
			}
		})
	}
}
