package credit_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/credit/credittest"
)

// Benchmarks of the Ledger, on the inputs of shape_bench_test.go. Run with
//
//	go test -run '^$' -bench 'Ledger|RawReplay|Colliding|Reinstated' -benchmem ./credit
//
// and the allocations at 10^6 transactions (large: about 1 GB of input)
// with -bench 'Allocs1e6'.

// instants returns k instants spread over the input's history, to query at.
func instants(in *benchInput, k int) []time.Time {
	start := in.end.Add(-time.Duration(len(in.txns)+2) * time.Second)
	out := make([]time.Time, k)
	for i := range out {
		out[i] = start.Add(time.Duration(int64(i+1) * int64(in.end.Sub(start)) / int64(k)))
	}
	return out
}

func newLedger(b *testing.B, in *benchInput) *credit.Ledger {
	led, err := credit.NewLedger(in.grants, in.txns)
	if err != nil {
		b.Fatal(err)
	}
	return led
}

// A Ledger query, now (after every transaction) and at instants spread
// over the history.
func BenchmarkLedger_Summarize(b *testing.B) {
	for _, shape := range []string{"go", "stripe"} {
		for _, n := range benchSizes {
			for _, when := range []string{"now", "history"} {
				b.Run(fmt.Sprintf("shape=%s/size=%d/at=%s", shape, n, when), func(b *testing.B) {
					in := shapeInput(b, shape, n, false)
					led := newLedger(b, in)
					ats := instants(in, 16)
					if when == "now" {
						ats = []time.Time{in.end}
					}
					settle()
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						if _, err := led.Summarize(in.customer, byMetered, ats[i%len(ats)]); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
			}
		}
	}
}

// The raw int64 replay at the same instants as BenchmarkLedger_Summarize.
func BenchmarkRawReplay_Instants(b *testing.B) {
	for _, shape := range []string{"go", "stripe"} {
		for _, n := range benchSizes {
			for _, when := range []string{"now", "history"} {
				b.Run(fmt.Sprintf("shape=%s/size=%d/at=%s", shape, n, when), func(b *testing.B) {
					in := shapeInput(b, shape, n, false)
					ats := instants(in, 16)
					if when == "now" {
						ats = []time.Time{in.end}
					}
					settle()
					b.ReportAllocs()
					var sink int64
					i := 0
					for b.Loop() {
						sink += in.raw.replay(ats[i%len(ats)].Unix())
						i++
					}
					_ = sink
				})
			}
		}
	}
}

// Building a Ledger, per transaction.
func BenchmarkNewLedger(b *testing.B) {
	for _, shape := range []string{"go", "stripe"} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("shape=%s/size=%d", shape, n), func(b *testing.B) {
				in := shapeInput(b, shape, n, false)
				settle()
				b.ReportAllocs()
				for b.Loop() {
					newLedger(b, in)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
			})
		}
	}
}

// Appending transactions one at a time, in time order, as webhooks
// arrive: per transaction.
func BenchmarkLedger_Append(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("shape=go/size=%d", n), func(b *testing.B) {
			in := shapeInput(b, "go", n, false)
			settle()
			b.ReportAllocs()
			for b.Loop() {
				led, err := credit.NewLedger(in.grants, nil)
				if err != nil {
					b.Fatal(err)
				}
				for i := range in.txns {
					if err := led.Append(in.txns[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
		})
	}
}

// collidingInput returns 10^4 grants of one customer and one application
// of each, with ids that all share their length and their last 8 bytes
// (colliding) or ordinary ids of the same length.
func collidingInput(colliding bool) ([]credit.Grant, []credit.Transaction) {
	const n = 10_000
	grants := make([]credit.Grant, n)
	txns := make([]credit.Transaction, n)
	for i := range grants {
		id := fmt.Sprintf("credgr_%08d_%s", i, strings.Repeat("x", 24))
		if !colliding {
			id = fmt.Sprintf("credgr_%s_%08d", strings.Repeat("x", 24), i)
		}
		g := grantA
		g.ID, g.ExpiresAt = id, time.Time{}
		grants[i] = g
		txns[i] = applied(fmt.Sprintf("cbtxn_%08d", i), id, 1, day(1))
		txns[i].Debit.CreditsApplied = credit.InvoiceLineRef{Invoice: fmt.Sprintf("in_%d", i), InvoiceLineItem: "il_1"}
	}
	return grants, txns
}

// Grants whose ids defeat a fixed hash of their length and tail (as the
// old index was: 10^5 of them took 95 s to index) against ordinary ids:
// building a Ledger, and a one-shot Summarize.
func BenchmarkCollidingIDs(b *testing.B) {
	for _, colliding := range []bool{false, true} {
		grants, txns := collidingInput(colliding)
		b.Run(fmt.Sprintf("op=NewLedger/colliding=%v/grants=10000", colliding), func(b *testing.B) {
			settle()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := credit.NewLedger(grants, txns); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("op=Summarize/colliding=%v/grants=10000", colliding), func(b *testing.B) {
			settle()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := credit.Summarize(cus, grants, txns, byMetered, day(2)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The Ledger with 10% of its applications reinstated against none: the
// query, and the build.
func BenchmarkLedger_Reinstated(b *testing.B) {
	for _, re := range []bool{false, true} {
		for _, n := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("op=Summarize/reinstated=%v/size=%d", re, n), func(b *testing.B) {
				in := shapeInput(b, "stripe", n, re)
				led := newLedger(b, in)
				ats := instants(in, 16)
				settle()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := led.Summarize(in.customer, byMetered, ats[i%len(ats)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run(fmt.Sprintf("op=NewLedger/reinstated=%v/size=%d", re, n), func(b *testing.B) {
				in := shapeInput(b, "stripe", n, re)
				settle()
				b.ReportAllocs()
				for b.Loop() {
					newLedger(b, in)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in.txns)), "ns/txn")
			})
		}
	}
}

// Allocations per call at 10^6 transactions (the Go-built shape, 100
// grants): every operation of the slice API and of the Ledger.
func BenchmarkAllocs1e6(b *testing.B) {
	in := shapeInput(b, "go", 1_000_000, false)
	inv := credittest.RandomInvoice(2, credittest.Random(1, benchGrants, 1000), 20)
	inv.PeriodEnd = in.end
	g := in.grants[0]
	invoice := in.txns[len(in.txns)-1].Debit.CreditsApplied.Invoice
	var led *credit.Ledger
	ops := []struct {
		name string
		run  func() error
	}{
		{"Summarize", func() error {
			_, err := credit.Summarize(in.customer, in.grants, in.txns, byMetered, in.end)
			return err
		}},
		{"Apply", func() error { _, err := credit.Apply(in.grants, in.txns, inv, in.end); return err }},
		{"Expire", func() error { _, _, err := credit.Expire(g, in.txns, in.end); return err }},
		{"Void", func() error { _, _, err := credit.Void(g, in.txns, in.end); return err }},
		{"VoidInvoice", func() error { _, err := credit.VoidInvoice(in.grants, in.txns, invoice, in.end); return err }},
		{"CheckLedger", func() error { return credit.CheckLedger(in.txns) }},
		{"NewLedger", func() (err error) { led, err = credit.NewLedger(in.grants, in.txns); return err }},
		{"Ledger.Summarize", func() error { _, err := led.Summarize(in.customer, byMetered, in.end); return err }},
		{"Ledger.Apply", func() error { _, err := led.Apply(inv, in.end); return err }},
		{"Ledger.Expire", func() error { _, _, err := led.Expire(g.ID, in.end); return err }},
		{"Ledger.VoidInvoice", func() error { _, err := led.VoidInvoice(invoice, in.end); return err }},
	}
	for _, op := range ops {
		b.Run("op="+op.name, func(b *testing.B) {
			if led == nil {
				led = newLedger(b, in)
			}
			if strings.HasPrefix(op.name, "Ledger.") {
				_ = op.run() // the first Apply or VoidInvoice indexes the invoice lines, once
			}
			settle()
			b.ReportAllocs()
			for b.Loop() {
				if err := op.run(); err != nil && !strings.Contains(op.name, "Void") {
					b.Fatal(err)
				}
			}
		})
	}
}

// Many customers, a Ledger each, queried from all cores: the throughput
// scales with them (run with -cpu 1,2,4).
func BenchmarkLedger_ParallelCustomers(b *testing.B) {
	const customers = 256
	var once sync.Once
	var leds []*credit.Ledger
	var ins []credittest.Ledger
	build := func() {
		for c := range customers {
			l := credittest.Random(int64(c+1), 10, 2000)
			led, err := credit.NewLedger(l.Grants, l.Transactions)
			if err != nil {
				panic(err)
			}
			leds, ins = append(leds, led), append(ins, l)
		}
	}
	once.Do(build)
	b.Run(fmt.Sprintf("customers=%d/grants=10/size=2000", customers), func(b *testing.B) {
		settle()
		b.ReportAllocs()
		var start atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			c := int(start.Add(97)) // each goroutine walks the customers from its own place
			for pb.Next() {
				c = (c + 1) % customers
				if _, err := leds[c].Summarize(ins[c].Customer, byMetered, ins[c].End); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
