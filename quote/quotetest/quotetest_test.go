package quotetest_test

import (
	"testing"

	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"pgregory.net/rapid"
)

// TestQuote_Finalizes: the package's promise, every generated quote
// finalizes at its created time, with the kind of lines asked for.
func TestQuote_Finalizes(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    quotetest.Config
	}{
		{"any", quotetest.Config{}},
		{"one-time", quotetest.Config{Lines: quotetest.OneTimeLines}},
		{"recurring", quotetest.Config{Lines: quotetest.RecurringLines, MaxLines: 20}},
		{"mixed", quotetest.Config{Lines: quotetest.MixedLines}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				q := quotetest.QuoteWith(tt.c).Draw(t, "quote")
				open, err := q.Finalize(q.Created)
				if err != nil {
					t.Fatalf("generated quote does not finalize: %v", err)
				}
				if open.Status != quote.StatusOpen {
					t.Fatalf("status %s", open.Status)
				}
				var rec, once int
				for _, li := range q.LineItems {
					if li.Price.Recurring != nil {
						rec++
					} else {
						once++
					}
				}
				switch tt.c.Lines {
				case quotetest.OneTimeLines:
					if rec > 0 {
						t.Fatalf("%d recurring lines in a one-time quote", rec)
					}
				case quotetest.RecurringLines:
					if once > 0 {
						t.Fatalf("%d one-time lines in a recurring quote", once)
					}
				case quotetest.MixedLines:
					if rec == 0 || once == 0 {
						t.Fatalf("mixed quote with %d recurring and %d one-time lines", rec, once)
					}
				}
			})
		})
	}
}
