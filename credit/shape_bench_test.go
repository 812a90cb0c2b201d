package credit_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
)

// Benchmark inputs in two shapes, built once from fixed seeds:
//
//   - "go": credittest.Random's ledger as built in Go (the README's shape):
//     100 grants of one customer, their fundings, then credits_applied
//     debits in time order, every transaction's credit_grant sharing its
//     grant's id string.
//   - "stripe": the same ledger with ids as long as Stripe's
//     (credgr_test_..., cbtxn_test_..., in_..., il_...), encoded to JSON
//     and decoded back, as an API response or a webhook payload arrives:
//     every string its own allocation.
//
// A "reinstated" ledger adds a credits_application_invoice_voided credit,
// one second after the application, for 10% of the applications.

type benchInput struct {
	customer string
	grants   []credit.Grant
	txns     []credit.Transaction
	end      time.Time
	raw      rawLedger
}

var (
	shapeMu    sync.Mutex
	shapeCache = map[string]*benchInput{}
)

// shapeInput returns the ledger of shape ("go" or "stripe") with about n
// transactions, reinstating 10% of its applications when reinstated.
func shapeInput(tb testing.TB, shape string, n int, reinstated bool) *benchInput {
	tb.Helper()
	key := fmt.Sprintf("%s/%d/%v", shape, n, reinstated)
	shapeMu.Lock()
	defer shapeMu.Unlock()
	if in, ok := shapeCache[key]; ok {
		return in
	}
	l := credittest.Random(1, benchGrants, n)
	grants, txns := l.Grants, l.Transactions
	if reinstated {
		txns = reinstate(txns, 10)
	}
	switch shape {
	case "stripe":
		grants, txns = stripeShape(tb, grants, txns, true)
	case "stripe-plain":
		grants, txns = stripeShape(tb, grants, txns, false)
	}
	in := &benchInput{customer: l.Customer, grants: grants, txns: txns, end: l.End.Add(2 * time.Second)}
	in.raw = compileRaw(grants, txns)
	shapeCache[key] = in
	return in
}

// reinstate adds, for one application in every, a reinstatement of its
// whole amount one second later, keeping the ledger in time order.
func reinstate(txns []credit.Transaction, every int) []credit.Transaction {
	out := slices.Clone(txns)
	k := 0
	for _, t := range txns {
		if t.Debit.Type != credit.CreditsApplied {
			continue
		}
		k++
		if k%every != 0 {
			continue
		}
		at := t.EffectiveAt.Add(time.Second)
		out = append(out, credit.Transaction{
			ID: t.ID + "_r", Created: at, CreditGrant: t.CreditGrant, EffectiveAt: at, Type: credit.TypeCredit,
			Credit: credit.Credit{Amount: t.Debit.Amount, Type: credit.CreditsApplicationInvoiceVoided,
				CreditsApplicationInvoiceVoided: t.Debit.CreditsApplied},
		})
	}
	slices.SortStableFunc(out, func(a, b credit.Transaction) int { return a.EffectiveAt.Compare(b.EffectiveAt) })
	return out
}

// stripeID is a deterministic id of Stripe's length: prefix and n base62
// characters.
func stripeID(r *rand.Rand, prefix string, n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := []byte(prefix)
	for range n {
		b = append(b, alphabet[r.Intn(len(alphabet))])
	}
	return string(b)
}

// stripeShape renames every id to one of Stripe's length and round-trips
// the ledger through JSON, decoding the transactions as a
// credit.Transactions (a ledger input: repeated strings interned) or, when
// not list, one by one into a []credit.Transaction.
func stripeShape(tb testing.TB, grants []credit.Grant, txns []credit.Transaction, list bool) ([]credit.Grant, []credit.Transaction) {
	r := rand.New(rand.NewSource(7))
	gid := map[string]string{}
	grants = slices.Clone(grants)
	for i := range grants {
		id := stripeID(r, "credgr_test_", 32)
		gid[grants[i].ID] = id
		grants[i].ID = id
	}
	inv := map[string]string{}
	rename := func(m map[string]string, s, prefix string) string {
		if s == "" {
			return ""
		}
		if v, ok := m[s]; ok {
			return v
		}
		v := stripeID(r, prefix, 24)
		m[s] = v
		return v
	}
	txns = slices.Clone(txns)
	for i := range txns {
		t := &txns[i]
		t.ID = stripeID(r, "cbtxn_test_", 32)
		t.CreditGrant = gid[t.CreditGrant]
		for _, ref := range []*credit.InvoiceLineRef{&t.Debit.CreditsApplied, &t.Credit.CreditsApplicationInvoiceVoided} {
			if !ref.IsZero() {
				ref.Invoice = rename(inv, ref.Invoice, "in_")
				ref.InvoiceLineItem = rename(inv, ref.InvoiceLineItem, "il_")
			}
		}
	}
	doc, err := json.Marshal(map[string]any{"grants": grants, "transactions": txns})
	if err != nil {
		tb.Fatal(err)
	}
	if list {
		var out struct {
			Grants       []credit.Grant      `json:"grants"`
			Transactions credit.Transactions `json:"transactions"`
		}
		if err := json.Unmarshal(doc, &out); err != nil {
			tb.Fatal(err)
		}
		return out.Grants, out.Transactions
	}
	var out struct {
		Grants       []credit.Grant       `json:"grants"`
		Transactions []credit.Transaction `json:"transactions"`
	}
	if err := json.Unmarshal(doc, &out); err != nil {
		tb.Fatal(err)
	}
	return out.Grants, out.Transactions
}

// rawLedger is the raw int64 replay's input: the same data as three
// columns, grant ids resolved to indices beforehand.
type rawLedger struct {
	grant []int32
	value []int64 // signed: credits positive, debits negative
	at    []int64
	fund  []int64 // implied funding per grant (0 when recorded)
	eff   []int64
	sums  []int64 // scratch
}

func compileRaw(grants []credit.Grant, txns []credit.Transaction) rawLedger {
	idx := map[string]int32{}
	r := rawLedger{fund: make([]int64, len(grants)), eff: make([]int64, len(grants)), sums: make([]int64, len(grants))}
	for i, g := range grants {
		idx[g.ID] = int32(i)
		r.fund[i] = g.Amount.Monetary.Value
		r.eff[i] = g.Effective().Unix()
	}
	for _, t := range txns {
		gi := idx[t.CreditGrant]
		v := t.Debit.Amount.Monetary.Value
		if t.Type == credit.TypeCredit {
			v = t.Credit.Amount.Monetary.Value
			if t.Credit.Type == credit.CreditsGranted {
				r.fund[gi] = 0
			}
		} else {
			v = -v
		}
		r.grant = append(r.grant, gi)
		r.value = append(r.value, v)
		r.at = append(r.at, t.EffectiveAt.Unix())
	}
	return r
}

// replay sums each grant's transactions effective at or before at, and
// returns the total: the floor any summary computation has to pay.
func (r *rawLedger) replay(at int64) int64 {
	sums := r.sums
	for i := range sums {
		sums[i] = 0
		if r.eff[i] <= at {
			sums[i] = r.fund[i]
		}
	}
	g, v, ts := r.grant, r.value[:len(r.grant)], r.at[:len(r.grant)]
	for i, gi := range g {
		if ts[i] <= at {
			sums[gi] += v[i]
		}
	}
	var total int64
	for _, s := range sums {
		total += s
	}
	return total
}

var shapes = []string{"go", "stripe", "stripe-plain"}

// settle collects the garbage of building an input, so that its collection
// does not run during the measurement.
func settle() {
	runtime.GC()
	runtime.GC()
}

// One-shot Summarize (the slice function) on each shape and size.
func BenchmarkSummarize_Shape(b *testing.B) {
	for _, shape := range shapes {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, false)
				settle()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := credit.Summarize(in.customer, in.grants, in.txns, byMetered, in.end); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
			})
		}
	}
}

// The naive shopspring/decimal replay on the same inputs.
func BenchmarkSummarize_DecimalShape(b *testing.B) {
	for _, shape := range shapes {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, false)
				settle()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := decimalSummarize(in.customer, in.grants, in.txns, byMetered, in.end); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
			})
		}
	}
}

// The raw int64 replay of the same data (grant ids resolved beforehand).
func BenchmarkRawReplay(b *testing.B) {
	for _, shape := range shapes {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, false)
				settle()
				b.ReportAllocs()
				at := in.end.Unix()
				var sink int64
				for b.Loop() {
					sink += in.raw.replay(at)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
				_ = sink
			})
		}
	}
}

// The floor of any one-shot implementation over a []Transaction: reading,
// newest first as Summarize's pass does, the fields it must check of each
// transaction (for a credits_applied debit: both types, the amount's type,
// currency and value, the invoice line, the time, the grant id, and that
// the credit side is unset), with no computation besides. Summarize_Shape
// over this is what the checks and the accumulation cost.
func BenchmarkFieldFloor(b *testing.B) {
	for _, shape := range shapes {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, false)
				settle()
				var sink int64
				for b.Loop() {
					for k := range in.txns {
						t := &in.txns[len(in.txns)-1-k]
						d := &t.Debit
						if t.Type == credit.TypeDebit && d.Type == credit.CreditsApplied && d.Amount.Type == credit.AmountMonetary &&
							t.Credit.IsZero() && len(d.Amount.Monetary.Currency) == 3 && d.CreditsApplied.Invoice != "" && d.CreditsApplied.InvoiceLineItem != "" {
							sink += int64(len(t.CreditGrant)) + d.Amount.Monetary.Value + t.EffectiveAt.Unix()
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
				if sink == 0 {
					b.Fatal("no credits_applied debit read")
				}
			})
		}
	}
}

// One-shot Summarize with 10% of the applications reinstated, against the
// same ledger without (BenchmarkSummarize_Shape).
func BenchmarkSummarize_Reinstated(b *testing.B) {
	for _, shape := range shapes {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, true)
				settle()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := credit.Summarize(in.customer, in.grants, in.txns, byMetered, in.end); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
			})
		}
	}
}

// One-shot Apply of a 20-line invoice, each shape.
func BenchmarkApply_Shape(b *testing.B) {
	for _, shape := range shapes {
		b.Run(fmt.Sprintf("shape=%s/lines=20/size=10000", shape), func(b *testing.B) {
			in := shapeInput(b, shape, 10_000, false)
			inv := credittest.RandomInvoice(2, credittest.Random(1, benchGrants, 10_000), 20)
			inv.PeriodEnd = in.end
			settle()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := credit.Apply(in.grants, in.txns, inv, in.end); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// CheckLedger on each shape.
func BenchmarkCheckLedger_Shape(b *testing.B) {
	for _, shape := range shapes {
		b.Run(fmt.Sprintf("shape=%s/size=100000", shape), func(b *testing.B) {
			in := shapeInput(b, shape, 100_000, false)
			settle()
			b.ReportAllocs()
			for b.Loop() {
				if err := credit.CheckLedger(in.txns); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The shapes give the same summaries, and the raw replay the same ledger
// total: the benchmarks compare like with like.
func TestBenchmarkShapes(t *testing.T) {
	for _, re := range []bool{false, true} {
		g := shapeInput(t, "go", 2000, re)
		s := shapeInput(t, "stripe", 2000, re)
		a, err1 := credit.Summarize(g.customer, g.grants, g.txns, byMetered, g.end)
		b, err2 := credit.Summarize(s.customer, s.grants, s.txns, byMetered, s.end)
		if err1 != nil || err2 != nil || js(a) != js(b) {
			t.Fatalf("reinstated=%v: go %s %v, stripe %s %v", re, js(a), err1, js(b), err2)
		}
		bs, err := credit.GrantBalances(g.customer, g.grants, g.txns, g.end)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, b := range bs {
			total += b.Ledger
		}
		if got := g.raw.replay(g.end.Unix()); got != total {
			t.Fatalf("raw replay total %d, summary total %d", got, total)
		}
		if !slices.ContainsFunc(s.txns, func(x credit.Transaction) bool { return len(x.CreditGrant) == len("credgr_test_")+32 }) {
			t.Fatal("stripe shape without Stripe-length ids")
		}
	}
}
