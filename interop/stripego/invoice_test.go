package stripego_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
	stripe "github.com/stripe/stripe-go/v82"
)

// lineFacts and invoiceFacts are what must survive of an invoice, written
// out: its totals and breakdowns, and each line's amount, parent (the
// proration flag, the subscription item, credited_items), discounts,
// pretax credits and taxes. They are compared with the original value
// built in Go, not only with our own decoding of its JSON.
type lineFacts struct {
	ID, Currency, Description, PriceID, Product string
	Amount, Quantity                            int64
	Discountable                                bool
	Period                                      [2]string
	Parent                                      string // type, proration, the items behind it, credited_items
	DiscountIDs                                 []string
	DiscountAmounts, PretaxCreditAmounts, Taxes []string
}

type invoiceFacts struct {
	ID, Status, BillingReason, Customer, Currency, CollectionMethod, Description, Footer string
	Created, DueDate, PeriodStart, PeriodEnd, FinalizedAt                                string
	AutoAdvance                                                                          bool
	Parent                                                                               string
	Subtotal, SubtotalExcludingTax, TotalExcludingTax, Total                             int64
	AmountDue, AmountPaid, AmountRemaining, StartingBalance                              int64
	DiscountIDs, DefaultTaxRates                                                         []string
	TotalDiscountAmounts, TotalPretaxCreditAmounts, TotalTaxes                           []string
	Lines                                                                                []lineFacts
}

func discountAmountFacts(ds []invoice.DiscountAmount) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d off by %s", d.Amount, d.Discount.ID))
	}
	return out
}

func pretaxFacts(ps []invoice.PretaxCreditAmount) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d %s discount=%q transaction=%q", p.Amount, p.Type, p.Discount, p.CreditBalanceTransaction))
	}
	return out
}

// taxFacts lists tax amounts; built, they are an invoice built in Go,
// whose "" taxability_reason is written standard_rated.
func taxFacts(ts []invoice.TaxAmount, built bool) []string {
	out := []string{}
	for _, x := range ts {
		reason := x.TaxabilityReason
		if reason == "" && built {
			reason = "standard_rated"
		}
		out = append(out, fmt.Sprintf("%d on %d at %s inclusive=%v reason=%q", x.Amount, x.TaxableAmount, x.Rate.ID, x.Rate.Inclusive, reason))
	}
	return out
}

func discountIDs(ds []invoice.Discount) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// factsOf lists what must survive of inv; built says inv was built in Go
// (not decoded).
func factsOf(inv invoice.Invoice, built bool) invoiceFacts {
	f := invoiceFacts{
		ID: inv.ID, Status: inv.Status, BillingReason: inv.BillingReason, Customer: inv.Customer, Currency: string(inv.Currency),
		CollectionMethod: string(inv.CollectionMethod), Description: inv.Description, Footer: inv.Footer,
		Created: showUnix(inv.Created), DueDate: showUnix(inv.DueDate), PeriodStart: showUnix(inv.PeriodStart),
		PeriodEnd: showUnix(inv.PeriodEnd), FinalizedAt: showUnix(inv.FinalizedAt), AutoAdvance: inv.AutoAdvance,
		Subtotal: inv.Subtotal, SubtotalExcludingTax: inv.SubtotalExcludingTax, TotalExcludingTax: inv.TotalExcludingTax,
		Total: inv.Total, AmountDue: inv.AmountDue, AmountPaid: inv.AmountPaid, AmountRemaining: inv.AmountRemaining,
		StartingBalance: inv.StartingBalance, DiscountIDs: discountIDs(inv.Discounts),
		TotalDiscountAmounts: discountAmountFacts(inv.TotalDiscountAmounts), TotalPretaxCreditAmounts: pretaxFacts(inv.TotalPretaxCreditAmounts),
		TotalTaxes: taxFacts(inv.TotalTaxes, built), DefaultTaxRates: []string{}, Lines: []lineFacts{},
	}
	for _, r := range inv.DefaultTaxRates {
		f.DefaultTaxRates = append(f.DefaultTaxRates, r.ID+" "+r.Percentage.String())
	}
	if p := inv.Parent; p != nil {
		f.Parent = fmt.Sprintf("%s subscription=%q quote=%q metadata=%v proration_date=%s", p.Type, p.Subscription, p.Quote,
			p.SubscriptionMetadata, showUnix(p.ProrationDate))
	}
	for _, l := range inv.Lines {
		p := l.Parent
		credited := "null"
		if c := p.CreditedItems; c != nil {
			credited = fmt.Sprintf("%s %v", c.Invoice, c.InvoiceLineItems)
		}
		f.Lines = append(f.Lines, lineFacts{
			ID: l.ID, Currency: string(l.Currency), Description: l.Description, PriceID: l.Price.ID, Product: l.Price.Product,
			Amount: l.Amount, Quantity: l.Quantity, Discountable: l.Discountable,
			Period: [2]string{showUnix(l.PeriodStart), showUnix(l.PeriodEnd)},
			Parent: fmt.Sprintf("%s proration=%v invoice_item=%q subscription=%q subscription_item=%q credited_items=%s",
				p.Type, p.Proration, p.InvoiceItem, p.Subscription, p.SubscriptionItem, credited),
			DiscountIDs: discountIDs(l.Discounts), DiscountAmounts: discountAmountFacts(l.DiscountAmounts),
			PretaxCreditAmounts: pretaxFacts(l.PretaxCreditAmounts), Taxes: taxFacts(l.Taxes, built),
		})
	}
	return f
}

// checkFacts fails t when got (decoded after stripe-go) has not kept what
// must survive of want (built in Go).
func checkFacts(t tb, what string, want, got invoice.Invoice) {
	t.Helper()
	if d := diffValues(factsOf(want, true), factsOf(got, false), nil); d != "" {
		t.Fatalf("%s after stripe-go has lost what must survive of it:\n%s", what, d)
	}
}

// discountCatalog collects the expanded discounts in v (by id): what a
// caller who fetched a bare discount id would expand it into.
func discountCatalog(v any) map[string]invoice.Discount {
	out := map[string]invoice.Discount{}
	dt := reflect.TypeOf(invoice.Discount{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == dt {
				d := v.Interface().(invoice.Discount)
				if _, ok := out[d.ID]; !ok && d.ID != "" && !d.Unexpanded && (d.Coupon.PercentOff.Valid || d.Coupon.AmountOff != nil) {
					out[d.ID] = d
				}
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// expandDiscounts replaces, in the value p points to, every discount that
// the catalog has (by id) with the catalog's: a caller expanding the bare
// ids a decoded object holds, so that it can be computed.
func expandDiscounts(p any, catalog map[string]invoice.Discount) {
	dt := reflect.TypeOf(invoice.Discount{})
	skip := reflect.TypeOf(pricing.Price{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == dt {
				if d, ok := catalog[v.FieldByName("ID").String()]; ok {
					v.Set(reflect.ValueOf(d))
				}
				return
			}
			if v.Type() == skip {
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(p))
}

// result is one computed result: an invoice, or the error.
type result struct {
	name string
	inv  invoice.Invoice
	err  error
}

// checkResults fails t when got's results differ from want's: the same
// errors, the same invoices (checkBasil: their values but for the named
// losses, which computing passes through, and their JSON but for
// stripe-go's zeros in keys nothing reads).
func checkResults(t tb, what string, want, got []result) {
	t.Helper()
	for i := range want {
		w, g := want[i], got[i]
		if errString(w.err) != errString(g.err) {
			t.Fatalf("%s: %s after stripe-go: error %s, want %s", what, w.name, errString(g.err), errString(w.err))
		}
		if w.err != nil {
			continue
		}
		checkBasil(t, what+": "+w.name, w.inv, g.inv)
	}
}

// invoiceResults is what an invoice computes once its discounts are
// expanded from catalog: Compute.
func invoiceResults(inv invoice.Invoice, catalog map[string]invoice.Discount) []result {
	expandDiscounts(&inv, catalog)
	c, err := inv.Compute()
	return []result{{name: "Compute", inv: c, err: err}}
}

// checkInvoiceTrip sends an invoice built in Go through stripe.Invoice
// (and each line through stripe.InvoiceLineItem) and checks the values,
// the JSON, what must survive, and what it computes.
func checkInvoiceTrip(t tb, what string, inv invoice.Invoice) {
	t.Helper()
	direct, got := tripBasil[stripe.Invoice, invoice.Invoice](t, what, mustJSON(t, inv))
	checkFacts(t, what, inv, got)
	catalog := discountCatalog(inv)
	checkResults(t, what, invoiceResults(direct, catalog), invoiceResults(got, catalog))
	for _, l := range inv.Lines {
		tripBasil[stripe.InvoiceLineItem, invoice.LineItem](t, what+" line "+l.ID, mustJSON(t, l))
	}
}

// Every invoice the library builds: a subscription's creation, cycle,
// upgrade and cancellation invoices, previews, drafts with billing credits
// previewed and the same finalized.
func TestInvoice_StripeGoLibrary(t *testing.T) {
	w := buildLibWorld()
	names := make([]string, 0, len(w.invoices))
	for n := range w.invoices {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { checkInvoiceTrip(t, n, w.invoices[n]) })
	}
}

// The invoice items a change leaves pending (and those an immediate
// invoice sweeps) go through stripe.InvoiceItem and back, and, passed back
// as pending items, bill the same next invoice.
func TestInvoiceItem_StripeGoLibrary(t *testing.T) {
	w := buildLibWorld()
	for _, mode := range []string{"classic", "flexible"} {
		t.Run(mode, func(t *testing.T) {
			for _, it := range w.swept[mode] {
				tripBasil[stripe.InvoiceItem, invoice.Item](t, "swept item "+it.ID, mustJSON(t, it))
			}
			var direct, got []invoice.Item
			for _, it := range w.pending[mode] {
				d, g := tripBasil[stripe.InvoiceItem, invoice.Item](t, "pending item "+it.ID, mustJSON(t, it))
				direct, got = append(direct, d), append(got, g)
			}
			if len(direct) == 0 || len(w.swept[mode]) == 0 {
				t.Fatal("the upgrade left no pending items, or its invoice swept none")
			}
			up := w.subscriptions[mode+" upgraded"]
			bill := func(pending []invoice.Item) []result {
				in := libInputs()
				in.Pending = pending
				inv, err := up.Invoice(1, in)
				return []result{{name: "the next invoice, sweeping the pending items", inv: inv, err: err}}
			}
			checkResults(t, mode, bill(direct), bill(got))
		})
	}
}

// (a) and (b) for every invoice, invoice line and invoice item in Stripe's
// fixtures; an invoice computes the same (or fails the same) after.
func TestInvoice_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.Invoice, invoice.Invoice](t, "invoice", 3, func(t *testing.T, direct, got invoice.Invoice) {
		catalog := discountCatalog(direct)
		checkResults(t, "invoice", invoiceResults(direct, catalog), invoiceResults(got, catalog))
	})
}

func TestInvoiceLineItem_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.InvoiceLineItem, invoice.LineItem](t, "line_item", 3, nil)
}

func TestInvoiceItem_StripeGoFixtures(t *testing.T) {
	basilFixtures[stripe.InvoiceItem, invoice.Item](t, "invoiceitem", 1, nil)
}
