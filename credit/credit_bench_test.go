package credit_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Benchmarks: 100 grants of one customer (four currencies) and 10^3, 10^4,
// 10^5 transactions, built once from a fixed seed. Run with
//
//	go test -run '^$' -bench . -benchmem ./credit
//
// and compare Summarize with the reference replay and the decimal version
// measured in the same run.

const benchGrants = 100

var benchSizes = []int{1_000, 10_000, 100_000}

var (
	benchOnce    sync.Once
	benchLedgers map[int]credittest.Ledger
)

func benchLedger(n int) credittest.Ledger {
	benchOnce.Do(func() {
		benchLedgers = map[int]credittest.Ledger{}
		for _, size := range benchSizes {
			benchLedgers[size] = credittest.Random(1, benchGrants, size)
		}
	})
	return benchLedgers[n]
}

func BenchmarkSummarize(b *testing.B) {
	for _, n := range benchSizes {
		l := benchLedger(n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, byMetered, l.End); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSummarize_Reference(b *testing.B) {
	for _, n := range benchSizes {
		l := benchLedger(n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := refSummarize(l.Customer, l.Grants, l.Transactions, byMetered, l.End, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSummarize_Decimal(b *testing.B) {
	for _, n := range benchSizes {
		l := benchLedger(n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := decimalSummarize(l.Customer, l.Grants, l.Transactions, byMetered, l.End); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Summarize is safe for concurrent use: goroutines share the same input.
func BenchmarkSummarize_Parallel(b *testing.B) {
	l := benchLedger(10_000)
	b.Run("size=10000", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, byMetered, l.End); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkApply(b *testing.B) {
	l := benchLedger(10_000)
	inv := credittest.RandomInvoice(2, l, 20)
	b.Run("lines=20/grants=100/size=10000", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := credit.Apply(l.Grants, l.Transactions, inv, l.End); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkApply_Reference(b *testing.B) {
	l := benchLedger(10_000)
	inv := credittest.RandomInvoice(2, l, 20)
	b.Run("lines=20/grants=100/size=10000", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := refApply(l.Grants, l.Transactions, inv, l.End); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// decimalSummarize is the straightforward version of the same computation
// with every amount a decimal.Decimal: the comparison baseline for the int64
// code. One pass with per-grant accumulators in maps, the same checks
// (Validate on each transaction, unknown grant, currency, funding, no debit
// before funding, no negative end balance), no reinstatement replay.
func decimalSummarize(customer string, grants []credit.Grant, txns []credit.Transaction, f credit.Filter, at time.Time) (credit.Summary, error) {
	if err := f.Validate(); err != nil {
		return credit.Summary{}, err
	}
	byID := map[string]credit.Grant{}
	ledger := map[string]decimal.Decimal{}
	funded := map[string]bool{}
	minDebit := map[string]time.Time{}
	for _, g := range grants {
		byID[g.ID] = g
		if g.Customer == customer {
			ledger[g.ID] = decimal.Zero
		}
	}
	for _, t := range txns {
		g, ok := byID[t.CreditGrant]
		if !ok {
			return credit.Summary{}, credit.ErrUnknownGrant
		}
		if g.Customer != customer {
			continue
		}
		if err := t.Validate(); err != nil {
			return credit.Summary{}, err
		}
		amt, _ := t.Amount()
		if amt.Monetary.Currency != g.Amount.Monetary.Currency {
			return credit.Summary{}, credit.ErrCurrencyMismatch
		}
		dir, _ := t.Direction()
		if dir == credit.TypeCredit && t.Credit.Type == credit.CreditsGranted {
			if funded[g.ID] || !decimal.NewFromInt(amt.Monetary.Value).Equal(decimal.NewFromInt(g.Amount.Monetary.Value)) {
				return credit.Summary{}, credit.ErrInvalidTransaction
			}
			funded[g.ID] = true
		}
		if t.EffectiveAt.After(at) {
			continue
		}
		v := decimal.NewFromInt(amt.Monetary.Value)
		if dir == credit.TypeCredit {
			ledger[g.ID] = ledger[g.ID].Add(v)
		} else {
			ledger[g.ID] = ledger[g.ID].Sub(v)
			if m, ok := minDebit[g.ID]; !ok || t.EffectiveAt.Before(m) {
				minDebit[g.ID] = t.EffectiveAt
			}
		}
	}
	totalLedger := map[pricing.Currency]decimal.Decimal{}
	totalAvail := map[pricing.Currency]decimal.Decimal{}
	for _, g := range grants {
		if g.Customer != customer {
			continue
		}
		led := ledger[g.ID]
		eff := effectiveOf(g)
		if !funded[g.ID] && !eff.After(at) && (g.ExpiresAt.IsZero() || eff.Before(g.ExpiresAt)) && (g.VoidedAt.IsZero() || eff.Before(g.VoidedAt)) {
			led = led.Add(decimal.NewFromInt(g.Amount.Monetary.Value))
		}
		if m, ok := minDebit[g.ID]; led.IsNegative() || ok && m.Before(eff) {
			return credit.Summary{}, credit.ErrNegativeBalance
		}
		if !refSelects(f, g) {
			continue
		}
		c := g.Amount.Monetary.Currency
		totalLedger[c] = totalLedger[c].Add(led)
		if refActive(g, at) {
			totalAvail[c] = totalAvail[c].Add(led)
		} else if _, ok := totalAvail[c]; !ok {
			totalAvail[c] = decimal.Zero
		}
	}
	s := credit.Summary{Customer: customer, Balances: []credit.Balance{}}
	var curs []string
	for c := range totalLedger {
		curs = append(curs, string(c))
	}
	sort.Strings(curs)
	for _, c := range curs {
		cur := pricing.Currency(c)
		s.Balances = append(s.Balances, credit.Balance{
			AvailableBalance: credit.Money(cur, totalAvail[cur].IntPart()),
			LedgerBalance:    credit.Money(cur, totalLedger[cur].IntPart()),
		})
	}
	return s, nil
}

// The baselines compute what Summarize computes, on the benchmark input.
func TestBenchmarkBaselines(t *testing.T) {
	l := credittest.Random(1, benchGrants, 2000)
	for _, at := range []time.Time{l.Start, l.Start.Add(l.End.Sub(l.Start) / 2), l.End} {
		want, err := credit.Summarize(l.Customer, l.Grants, l.Transactions, byMetered, at)
		if err != nil {
			t.Fatal(err)
		}
		ref, err1 := refSummarize(l.Customer, l.Grants, l.Transactions, byMetered, at, nil)
		dec, err2 := decimalSummarize(l.Customer, l.Grants, l.Transactions, byMetered, at)
		if err1 != nil || err2 != nil || js(ref) != js(want) || js(dec) != js(want) {
			t.Fatalf("at %d:\nSummarize %s\nreference %s %v\ndecimal   %s %v", at.Unix(), js(want), js(ref), err1, js(dec), err2)
		}
		if len(want.Balances) == 0 {
			t.Fatal("benchmark input selects no grant")
		}
	}
	if n := len(l.Transactions); n != 2000 {
		t.Fatalf("Random built %d transactions, want 2000", n)
	}
}

// benchLedgerJSON is the 10^4-transaction benchmark ledger as one JSON
// document {"grants": [...], "transactions": [...]}.
func benchLedgerJSON(b *testing.B) []byte {
	l := benchLedger(10_000)
	doc, err := json.Marshal(map[string]any{"grants": l.Grants, "transactions": l.Transactions})
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// Decoding a ledger of 100 grants and 10^4 transactions from JSON.
func BenchmarkDecode_Ledger(b *testing.B) {
	doc := benchLedgerJSON(b)
	b.Run("grants=100/size=10000", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			var in struct {
				Grants       []credit.Grant       `json:"grants"`
				Transactions []credit.Transaction `json:"transactions"`
			}
			if err := json.Unmarshal(doc, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Encoding the same ledger.
func BenchmarkEncode_Ledger(b *testing.B) {
	l := benchLedger(10_000)
	b.Run("grants=100/size=10000", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(map[string]any{"grants": l.Grants, "transactions": l.Transactions}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
