package subscription_test

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/meter"
	"github.com/billingkit/billingkit/pricing"
	"reflect"

	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/subscription"
)

// deepCopy returns a copy of v sharing no exported slice, map or pointer
// with it (unexported fields are copied shallowly), so that
// reflect.DeepEqual(before, after) detects a mutation through v.
func deepCopy[T any](v T) T {
	return copyValue(reflect.ValueOf(&v).Elem()).Interface().(T)
}

func copyValue(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return out
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(copyValue(v.Elem()))
		out.Set(p)
	case reflect.Slice:
		if v.IsNil() {
			return out
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			s.Index(i).Set(copyValue(v.Index(i)))
		}
		out.Set(s)
	case reflect.Map:
		if v.IsNil() {
			return out
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			m.SetMapIndex(copyValue(it.Key()), copyValue(it.Value()))
		}
		out.Set(m)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(copyValue(v.Index(i)))
		}
	case reflect.Struct:
		out.Set(v) // unexported fields: shallow
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(copyValue(v.Field(i)))
			}
		}
	case reflect.Interface:
		if !v.IsNil() {
			out.Set(copyValue(v.Elem()))
		}
	default:
		out.Set(v)
	}
	return out
}

func deepCopyInputs(in subscription.Inputs) subscription.Inputs { return deepCopy(in) }
func deepCopyInvoice(inv invoice.Invoice) invoice.Invoice       { return deepCopy(inv) }

// ---- generators ----

// world is a generated subscription and its interval. Its coupons are
// forever percent_off ones (the Rat reference computes them), plus, when
// asked, an amount_off one (amountOff: the reference does not model its
// spread).
type world struct {
	s         subscription.Subscription
	iv        pricing.Interval
	count     int64     // as on the prices: 0 is stripe-go's zero, read as 1
	anchor    time.Time // the start, or a later anchor (an initial period)
	amountOff bool
}

// boundary is w's k-th period boundary (invoice.md 2.1): the start, then
// the anchor's periods; with an anchor after the start, boundary 1 is the
// anchor.
func (w *world) boundary(k int) time.Time {
	if w.anchor.Equal(w.s.StartDate) {
		return slowBoundary(w.anchor, w.iv, w.count, k)
	}
	if k == 0 {
		return w.s.StartDate
	}
	return slowBoundary(w.anchor, w.iv, w.count, k-1)
}

// initial scales a full period's amount to the initial period [start,
// anchor) when ps is its start: round(amount x (anchor - start) / (anchor -
// the boundary one interval before it)).
func (w *world) initial(ps time.Time) func(int64) int64 {
	if w.anchor.Equal(w.s.StartDate) || !ps.Equal(w.s.StartDate) {
		return func(a int64) int64 { return a }
	}
	prev := slowBoundaryBefore(w.anchor, w.iv, w.count)
	return func(a int64) int64 {
		return roundHalfAway(new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(a), big.NewInt(w.anchor.Unix()-w.s.StartDate.Unix())), big.NewInt(w.anchor.Unix()-prev.Unix())))
	}
}

type worldOpts struct {
	laterAnchor bool // sometimes anchor after the start
	metered     bool // one metered item on mtr_1 besides the licensed ones
	amountOff   bool // allow an amount_off subscription coupon
	taxes       bool // allow tax rates
}

var maxCount = map[pricing.Interval]int64{pricing.Day: 90, pricing.Week: 12, pricing.Month: 12, pricing.Year: 3}

// genStart is an instant between 2019 and 2031, often on a month's last
// days (29, 30, 31: the clamped anchors), at any clock time.
func genStart(t *rapid.T) time.Time {
	y := rapid.IntRange(2019, 2031).Draw(t, "year")
	m := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
	d := rapid.OneOf(rapid.IntRange(1, 28), rapid.IntRange(28, 31)).Draw(t, "day")
	d = min(d, daysIn(y, m))
	return time.Date(y, m, d, rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute"), rapid.IntRange(0, 59).Draw(t, "second"), 0, time.UTC)
}

func genRate(t *rapid.T, label string) invoice.TaxRate {
	pct := decimal.New(rapid.Int64Range(0, 300000).Draw(t, label+"_pct"), -4) // 0 to 30%, 4 places
	return invoice.TaxRate{ID: "txr_" + label, Percentage: pct, Inclusive: rapid.Bool().Draw(t, label+"_inclusive")}
}

func genPrice(t *rapid.T, id string, iv pricing.Interval, count int64) pricing.Price {
	unit := rapid.Int64Range(0, 1_000_000_000_000).Draw(t, id+"_unit")
	p := price(id, unit, iv, count)
	if rapid.Bool().Draw(t, id+"_zero") { // stripe-go-like zero values
		p.BillingScheme, p.Active, p.Type, p.Recurring.UsageType = "", false, "", ""
	}
	return p
}

func genWorld(t *rapid.T, o worldOpts) world {
	iv := rapid.SampledFrom([]pricing.Interval{pricing.Day, pricing.Week, pricing.Month, pricing.Year}).Draw(t, "interval")
	count := rapid.Int64Range(0, maxCount[iv]).Draw(t, "interval_count")
	start := genStart(t)
	w := world{iv: iv, count: count, anchor: start}
	s := subscription.Subscription{ID: "sub_1", Customer: "cus_1", Created: start, StartDate: start}
	if rapid.Bool().Draw(t, "set_fields") {
		s.Currency, s.Status, s.BillingCycleAnchor = "usd", subscription.StatusActive, start
		s.CollectionMethod, s.Metadata = invoice.ChargeAutomatically, map[string]string{}
	}
	if o.laterAnchor && rapid.IntRange(0, 2).Draw(t, "later_anchor") == 0 {
		// An anchor inside the first interval: an initial period.
		first := slowBoundary(start, iv, count, 1)
		w.anchor = start.Add(time.Duration(rapid.Int64Range(1, first.Unix()-start.Unix()-1).Draw(t, "anchor_offset")) * time.Second)
		s.BillingCycleAnchor = w.anchor
	}
	n := rapid.IntRange(1, 3).Draw(t, "items")
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("si_%d", i)
		it := subscription.Item{ID: id, Created: start, Subscription: "sub_1", Price: genPrice(t, fmt.Sprintf("p%d", i), iv, count),
			Quantity: rapid.Int64Range(0, 5).Draw(t, id+"_qty")}
		if pct := rapid.Int64Range(0, 100).Draw(t, id+"_pct"); pct > 0 && rapid.Bool().Draw(t, id+"_discounted") {
			it.Discounts = []invoice.Discount{percentOff(id, pct, invoice.DurationForever, 0)}
		}
		if o.taxes && rapid.Bool().Draw(t, id+"_own_rates") {
			it.TaxRates = []invoice.TaxRate{genRate(t, id)}
		}
		s.Items = append(s.Items, it)
	}
	if o.metered {
		p := meteredPrice("pmet", rapid.Int64Range(0, 1000).Draw(t, "metered_unit"))
		p.Recurring.Interval, p.Recurring.IntervalCount = iv, count
		s.Items = append(s.Items, subscription.Item{ID: "si_met", Created: start, Subscription: "sub_1", Price: p})
	}
	if pct := rapid.Int64Range(0, 100).Draw(t, "sub_pct"); pct > 0 && rapid.Bool().Draw(t, "sub_discounted") {
		s.Discounts = append(s.Discounts, percentOff("sub", pct, invoice.DurationForever, 0))
	}
	if o.amountOff && rapid.Bool().Draw(t, "amount_off") {
		off := rapid.Int64Range(0, 100_000).Draw(t, "amount_off_value")
		s.Discounts = append(s.Discounts, invoice.Discount{ID: "di_off", Coupon: invoice.Coupon{ID: "co_off", AmountOff: &off, Currency: "usd", Duration: invoice.DurationForever, Valid: true}})
		w.amountOff = true
	}
	if o.taxes && rapid.Bool().Draw(t, "default_rates") {
		s.DefaultTaxRates = []invoice.TaxRate{genRate(t, "default"), genRate(t, "default2")}
	}
	w.s = s
	return w
}

// period draws a period k of w (0..3) and returns its boundaries.
func (w *world) period(t *rapid.T) (int, time.Time, time.Time) {
	k := rapid.IntRange(0, 3).Draw(t, "k")
	return k, w.boundary(k), w.boundary(k + 1)
}

func drawIn(t *rapid.T, label string, from, to time.Time) time.Time {
	return unixT(rapid.Int64Range(from.Unix(), to.Unix()-1).Draw(t, label))
}

// genEvents is usage of cus_1 (and some of cus_2) around [from, to):
// unique identifiers, integer values unless fractions is set.
func genEvents(t *rapid.T, from, to time.Time, fractions bool) []meter.Event {
	n := rapid.OneOf(rapid.Just(0), rapid.IntRange(1, 12)).Draw(t, "events")
	span := to.Unix() - from.Unix()
	out := make([]meter.Event, n)
	for i := range out {
		ts := rapid.Int64Range(from.Unix()-span/4, to.Unix()+span/4).Draw(t, "ts")
		v := strconv.FormatInt(rapid.Int64Range(0, 1000).Draw(t, "value"), 10)
		if fractions && rapid.Bool().Draw(t, "fraction") {
			v += "." + strconv.Itoa(rapid.IntRange(1, 999).Draw(t, "decimals"))
		}
		customer := rapid.SampledFrom([]string{"cus_1", "cus_1", "cus_2"}).Draw(t, "customer")
		out[i] = meter.Event{EventName: "api_requests", Identifier: fmt.Sprintf("ev_%d", i), Timestamp: unixT(ts),
			Created: unixT(ts + rapid.Int64Range(0, 3600).Draw(t, "delay")), Payload: map[string]string{"stripe_customer_id": customer, "value": v}}
	}
	return out
}

func genCancels(t *rapid.T, events []meter.Event) []meter.Adjustment {
	var out []meter.Adjustment
	for _, e := range events {
		if rapid.IntRange(0, 4).Draw(t, "cancel") == 0 {
			out = append(out, meter.Adjustment{EventName: e.EventName, Type: meter.AdjustmentCancel, Status: meter.AdjustmentComplete, Cancel: meter.Cancel{Identifier: e.Identifier}})
		}
	}
	return out
}

// changeKind is what a generated change does to the subscription.
type changeKind int

const (
	changePrice changeKind = iota
	changeQuantity
	addItem
	deleteItem
)

// genChange draws a change of w's licensed items (deleting only when
// another licensed item stays), with the proration behavior given.
func genChange(t *rapid.T, w *world, b subscription.ProrationBehavior) (subscription.Change, changeKind, int) {
	licensed := 0
	for _, it := range w.s.Items {
		if it.Price.Recurring.Meter == "" {
			licensed++
		}
	}
	kinds := []changeKind{changePrice, changeQuantity, addItem}
	if licensed > 1 {
		kinds = append(kinds, deleteItem)
	}
	kind := rapid.SampledFrom(kinds).Draw(t, "change")
	i := rapid.IntRange(0, licensed-1).Draw(t, "item")
	it := w.s.Items[i]
	c := subscription.Change{ProrationBehavior: b}
	switch kind {
	case changePrice:
		p := genPrice(t, "pnew", w.iv, w.count)
		c.Items = []subscription.ItemChange{{ID: it.ID, Price: &p}}
	case changeQuantity:
		c.Items = []subscription.ItemChange{{ID: it.ID, Quantity: ptr(rapid.Int64Range(0, 5).Draw(t, "new_qty"))}}
	case addItem:
		p := genPrice(t, "padd", w.iv, w.count)
		c.Items = []subscription.ItemChange{{Price: &p, Quantity: ptr(rapid.Int64Range(0, 5).Draw(t, "add_qty"))}}
	case deleteItem:
		c.Items = []subscription.ItemChange{{ID: it.ID, Deleted: true}}
	}
	return c, kind, i
}

// ---- checks ----

func sumItems(items []invoice.Item) int64 {
	var s int64
	for _, it := range items {
		s += it.Amount
	}
	return s
}

// checkBalanced asserts invoice.md 2.9 on a computed invoice.
func checkBalanced(t *rapid.T, what string, inv invoice.Invoice) {
	t.Helper()
	var amounts, itemDisc, invDisc, credits, lineDisc, lineTax, excl, incl int64
	for i, l := range inv.Lines {
		own := map[string]bool{}
		for _, d := range l.Discounts {
			own[d.ID] = true
		}
		amounts += l.Amount
		var disc, cr, lincl int64
		for _, d := range l.DiscountAmounts {
			disc += d.Amount
			if own[d.Discount.ID] {
				itemDisc += d.Amount
			} else {
				invDisc += d.Amount
			}
		}
		lineDisc += disc
		for _, p := range l.PretaxCreditAmounts {
			if p.Type == invoice.CreditBalance {
				cr += p.Amount
			}
		}
		credits += cr
		for _, x := range l.Taxes {
			lineTax += x.Amount
			if x.Rate.Inclusive {
				lincl += x.Amount
			}
		}
		// The taxable amount is the net less the inclusive taxes: they sum
		// to the net exactly.
		for j, x := range l.Taxes {
			if net := l.Amount - disc - cr; x.TaxableAmount+lincl != net {
				t.Errorf("%s: lines[%d].taxes[%d]: taxable %d + inclusive taxes %d != net %d", what, i, j, x.TaxableAmount, lincl, net)
			}
		}
	}
	for _, x := range inv.TotalTaxes {
		if x.Rate.Inclusive {
			incl += x.Amount
		} else {
			excl += x.Amount
		}
	}
	var totalDisc int64
	for _, d := range inv.TotalDiscountAmounts {
		totalDisc += d.Amount
	}
	var totalCredits int64
	for _, p := range inv.TotalPretaxCreditAmounts {
		if p.Type == invoice.CreditBalance {
			totalCredits += p.Amount
		}
	}
	checks := []struct {
		name      string
		got, want int64
	}{
		{"subtotal = sum(line amounts) - item discounts", inv.Subtotal, amounts - itemDisc},
		{"total_excluding_tax = subtotal - invoice discounts - credits", inv.TotalExcludingTax, inv.Subtotal - invDisc - credits},
		{"total = total_excluding_tax + exclusive tax", inv.Total, inv.TotalExcludingTax + excl},
		{"subtotal_excluding_tax = subtotal - inclusive tax", inv.SubtotalExcludingTax, inv.Subtotal - incl},
		{"amount_due = max(0, total)", inv.AmountDue, max(0, inv.Total)},
		{"amount_remaining = amount_due", inv.AmountRemaining, inv.AmountDue},
		{"sum(total_taxes) = sum(line taxes)", excl + incl, lineTax},
		{"sum(total_discount_amounts) = sum(line discount_amounts)", totalDisc, lineDisc},
		{"total credits = line credits", totalCredits, credits},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %s: got %d, want %d", what, c.name, c.got, c.want)
		}
	}
}

// ---- references ----

// slowNet is an item's period amount (scaled to an initial period by
// scale) after its own percent_off discounts and then the subscription's,
// each rounded half-up on what is left (0 for a metered item: usage is
// never prorated).
func slowNet(it subscription.Item, sub []invoice.Discount, scale func(int64) int64) int64 {
	if metered(it.Price) {
		return 0
	}
	a := scale(*it.Price.UnitAmount * it.Quantity)
	if a <= 0 {
		return a
	}
	for _, d := range append(append([]invoice.Discount{}, it.Discounts...), sub...) {
		a -= slowPercentOff(a, d.Coupon.PercentOff.Decimal.IntPart())
	}
	return a
}

func metered(p pricing.Price) bool { return p.Recurring != nil && p.Recurring.Meter != "" }

// proto is what the reference predicts of an invoice item.
type proto struct {
	SubscriptionItem string
	Amount           int64
	Start, End       int64
}

func protos(items []invoice.Item) []proto {
	out := make([]proto, len(items)) // never nil, as slowUpdate's
	for i, it := range items {
		out[i] = proto{it.SubscriptionItem, it.Amount, it.PeriodStart.Unix(), it.PeriodEnd.Unix()}
	}
	return sortProtos(out)
}

func sortProtos(ps []proto) []proto {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].SubscriptionItem != ps[j].SubscriptionItem {
			return ps[i].SubscriptionItem < ps[j].SubscriptionItem
		}
		return ps[i].Amount < ps[j].Amount
	})
	return ps
}

// slowUpdate predicts the items of changing s into ns at proration date pd
// in the period [ps, pe) (invoice.md 2.3, classic): an item whose price or
// quantity changed is credited at the old terms and debited at the new, a
// removed item credited, an added item debited, each
// round(net x (pe - pd) / (pe - ps)).
func slowUpdate(s, ns subscription.Subscription, ps, pe, pd time.Time, scale func(int64) int64) []proto {
	out := []proto{}
	add := func(it subscription.Item, sign int64) {
		if metered(it.Price) {
			return
		}
		out = append(out, proto{it.ID, sign * slowProrate(slowNet(it, ns.Discounts, scale), ps, pe, pd), pd.Unix(), pe.Unix()})
	}
	newByID := map[string]subscription.Item{}
	for _, it := range ns.Items {
		newByID[it.ID] = it
	}
	oldIDs := map[string]bool{}
	for _, it := range s.Items {
		oldIDs[it.ID] = true
		nt, kept := newByID[it.ID]
		switch {
		case !kept:
			add(it, -1)
		case nt.Quantity != it.Quantity || !nt.Price.Equal(it.Price):
			add(it, -1)
			add(nt, +1)
		}
	}
	for _, nt := range ns.Items {
		if !oldIDs[nt.ID] {
			add(nt, +1)
		}
	}
	return sortProtos(out)
}

// ---- properties ----

// Update's items equal the big.Rat reference for random amounts up to
// 10^12, quantities, anchors (month ends, leap years), intervals and
// proration dates; at the period's start a proration is the whole period's
// net, at its last second (nearly) nothing.
func TestUpdate_MatchesRatReference(t *testing.T) { rapid.Check(t, propUpdateMatchesRat) }

func FuzzUpdate_MatchesRatReference(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propUpdateMatchesRat)) }

func propUpdateMatchesRat(t *rapid.T) {
	w := genWorld(t, worldOpts{laterAnchor: true, taxes: true})
	_, ps, pe := w.period(t)
	at := drawIn(t, "at", ps, pe)
	b := rapid.SampledFrom([]subscription.ProrationBehavior{"", subscription.CreateProrations, subscription.AlwaysInvoice}).Draw(t, "behavior")
	c, _, _ := genChange(t, &w, b)
	pd := at
	switch rapid.SampledFrom([]string{"at", "start", "last second", "any"}).Draw(t, "proration_date") {
	case "start":
		pd = ps
	case "last second":
		pd = pe.Add(-time.Second)
	case "any":
		pd = drawIn(t, "pd", ps, pe)
	}
	if !pd.Equal(at) || rapid.Bool().Draw(t, "explicit_date") {
		c.ProrationDate = pd
	}
	s0, c0 := deepCopy(w.s), deepCopy(c)
	ns, items, inv, err := subscription.Update(w.s, c, at, subscription.Inputs{})
	if freePaid(err) {
		return
	}
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if !reflect.DeepEqual(w.s, s0) || !reflect.DeepEqual(c, c0) {
		t.Fatal("Update modified its subscription or change")
	}
	want := slowUpdate(w.s, ns, ps, pe, pd, w.initial(ps))
	if got := protos(items); !reflect.DeepEqual(got, want) {
		t.Fatalf("items (-want +got):\n-%+v\n+%+v", want, got)
	}
	for _, it := range items {
		if !it.Proration || it.Discountable || it.Date.Unix() != at.Unix() {
			t.Errorf("item %s: proration %v discountable %v date %d; want a non-discountable proration dated %d", it.ID, it.Proration, it.Discountable, it.Date.Unix(), at.Unix())
		}
	}
	// The two ends, against the nets directly.
	span := pe.Unix() - ps.Unix()
	for _, it := range items {
		// A credit takes the old terms back, a debit charges the new
		// (descriptions "Unused time on ..." / "Remaining time on ...").
		credit := strings.HasPrefix(it.Description, "Unused time on ")
		from := ns.Items
		if credit {
			from = w.s.Items
		}
		i := slices.IndexFunc(from, func(x subscription.Item) bool { return x.ID == it.SubscriptionItem })
		if i < 0 || credit == strings.HasPrefix(it.Description, "Remaining time on ") {
			t.Fatalf("item %s (%q) names no item of its side", it.ID, it.Description)
		}
		src := from[i]
		net := slowNet(src, ns.Discounts, w.initial(ps))
		if credit {
			net = -net
		}
		switch {
		case pd.Equal(ps) && it.Amount != net:
			t.Errorf("item %s at the period's start: %d; want the whole net %d", it.ID, it.Amount, net)
		case pd.Equal(pe.Add(-time.Second)) && 2*max(net, -net) < span && it.Amount != 0:
			t.Errorf("item %s at the period's last second: %d; want 0 (net %d over %d s)", it.ID, it.Amount, net, span)
		}
	}
	for _, it := range ns.Items {
		if !it.CurrentPeriodStart.Equal(ps) || !it.CurrentPeriodEnd.Equal(pe) {
			t.Errorf("item %s: current period [%d, %d); want [%d, %d)", it.ID, it.CurrentPeriodStart.Unix(), it.CurrentPeriodEnd.Unix(), ps.Unix(), pe.Unix())
		}
	}
	if b != subscription.AlwaysInvoice {
		if inv != nil {
			t.Fatalf("%q issued an invoice", b)
		}
		return
	}
	if inv == nil {
		t.Fatal("always_invoice issued no invoice")
	}
	checkBalanced(t, "invoice now", *inv)
	if inv.Subtotal != sumItems(items) {
		t.Errorf("invoice now: subtotal %d; want the items' sum %d", inv.Subtotal, sumItems(items))
	}
	for _, it := range items {
		if it.Invoice != inv.ID {
			t.Errorf("item %s: invoice %q; want %q", it.ID, it.Invoice, inv.ID)
		}
	}
}

// reverse is the change that undoes c (of kind, on item i of s) on ns.
func reverse(c subscription.Change, kind changeKind, i int, s, ns subscription.Subscription) subscription.Change {
	old := s.Items[i]
	r := subscription.Change{ProrationBehavior: c.ProrationBehavior, ProrationDate: c.ProrationDate}
	switch kind {
	case changePrice:
		r.Items = []subscription.ItemChange{{ID: old.ID, Price: &old.Price}}
	case changeQuantity:
		r.Items = []subscription.ItemChange{{ID: old.ID, Quantity: &old.Quantity}}
	case addItem:
		for _, it := range ns.Items {
			if !slices.ContainsFunc(s.Items, func(x subscription.Item) bool { return x.ID == it.ID }) {
				r.Items = []subscription.ItemChange{{ID: it.ID, Deleted: true}}
			}
		}
	case deleteItem:
		r.Items = []subscription.ItemChange{{Price: &old.Price, Quantity: &old.Quantity, Discounts: old.Discounts, TaxRates: old.TaxRates}}
	}
	return r
}

// A change and its reverse at the same instant net to zero.
func TestUpdate_ReverseNetsToZero(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t, worldOpts{laterAnchor: true, amountOff: true, taxes: true})
		_, ps, pe := w.period(t)
		at := drawIn(t, "at", ps, pe)
		b := rapid.SampledFrom([]subscription.ProrationBehavior{subscription.CreateProrations, subscription.AlwaysInvoice}).Draw(t, "behavior")
		c, kind, i := genChange(t, &w, b)
		if w.amountOff && kind == deleteItem {
			// Not an inverse: the item added back takes another place
			// among the lines an amount_off spreads over (ties go to the
			// earlier line).
			return
		}
		if rapid.Bool().Draw(t, "explicit_date") {
			c.ProrationDate = drawIn(t, "pd", ps, pe)
		}
		ns, there, _, err := subscription.Update(w.s, c, at, subscription.Inputs{})
		if freePaid(err) {
			return
		}
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		r := reverse(c, kind, i, w.s, ns)
		_, back, _, err := subscription.Update(ns, r, at, subscription.Inputs{})
		if freePaid(err) {
			return
		}
		if err != nil {
			t.Fatalf("reverse Update: %v", err)
		}
		if sum := sumItems(there) + sumItems(back); sum != 0 {
			t.Fatalf("change %v then reverse %v: items sum to %d; want 0\nthere %+v\nback  %+v", protos(there), protos(back), sum, protos(there), protos(back))
		}
	})
}

func lineDescriptions(inv invoice.Invoice) []string {
	out := make([]string, len(inv.Lines))
	for i, l := range inv.Lines {
		out[i] = l.Description
	}
	return out
}

func taxTotals(inv invoice.Invoice) string { return taxes(inv.TotalTaxes) }

// samePreview asserts that a preview shows the invoice it previews: its
// lines (amounts, periods, descriptions) and totals.
func samePreview(t *rapid.T, pv, want invoice.Invoice) {
	t.Helper()
	if got, w := linesOf(pv), linesOf(want); !reflect.DeepEqual(got, w) {
		t.Fatalf("preview lines (-want +got):\n-%v\n+%v", w, got)
	}
	if got, w := lineDescriptions(pv), lineDescriptions(want); !reflect.DeepEqual(got, w) {
		t.Errorf("preview descriptions (-want +got):\n-%q\n+%q", w, got)
	}
	if got, w := totalsOf(pv), totalsOf(want); got != w {
		t.Errorf("preview totals (-want +got):\n-%+v\n+%+v", w, got)
	}
	if got, w := taxTotals(pv), taxTotals(want); got != w {
		t.Errorf("preview total_taxes (-want +got):\n-%s\n+%s", w, got)
	}
	if got, w := discountAmounts(pv.TotalDiscountAmounts), discountAmounts(want.TotalDiscountAmounts); got != w {
		t.Errorf("preview total_discount_amounts (-want +got):\n-%s\n+%s", w, got)
	}
	var gc, wc int64
	for _, p := range pv.TotalPretaxCreditAmounts {
		gc += p.Amount
	}
	for _, p := range want.TotalPretaxCreditAmounts {
		wc += p.Amount
	}
	if gc != wc {
		t.Errorf("preview pretax credits %d; want %d", gc, wc)
	}
}

// genUsage gives w's metered item (if any) a meter, events and
// cancellations around [from, to), and sometimes a credit grant.
func genUsage(t *rapid.T, w *world, from, to time.Time) subscription.Inputs {
	var in subscription.Inputs
	if !metered(w.s.Items[len(w.s.Items)-1].Price) {
		return in
	}
	in.Meters = []meter.Meter{sumMeter()}
	in.Events = genEvents(t, from, to, false)
	in.Adjustments = genCancels(t, in.Events)
	if rapid.Bool().Draw(t, "grant") {
		g := creditGrant()
		g.Amount = credit.Money("usd", rapid.Int64Range(1, 100_000).Draw(t, "grant_amount"))
		g.Created = w.s.StartDate
		g.EffectiveAt = drawIn(t, "grant_effective", w.s.StartDate, to.Add(time.Second))
		in.Grants = []credit.Grant{g}
	}
	return in
}

// Preview at any instant of period k is Invoice(k+1) of the same inputs:
// with no change, with pending prorations of an earlier change, with a
// change in the request (create_prorations: the renewal and the change's
// prorations; always_invoice: the invoice the change issues now).
func TestPreview_IsTheNextInvoice(t *testing.T) { rapid.Check(t, propPreviewIsNextInvoice) }

func FuzzPreview_IsTheNextInvoice(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propPreviewIsNextInvoice)) }

func propPreviewIsNextInvoice(t *rapid.T) {
	w := genWorld(t, worldOpts{laterAnchor: true, metered: rapid.Bool().Draw(t, "metered"), amountOff: true, taxes: true})
	k, ps, pe := w.period(t)
	at := drawIn(t, "at", ps, pe)
	in := genUsage(t, &w, ps, pe)
	s0, in0 := deepCopy(w.s), deepCopy(in)
	var pv, want invoice.Invoice
	var err error
	switch variant := rapid.SampledFrom([]string{"plain", "pending", "change", "always_invoice"}).Draw(t, "variant"); variant {
	case "plain":
		if pv, err = subscription.Preview(w.s, at, in); err != nil {
			t.Fatalf("Preview: %v", err)
		}
		if want, err = w.s.Invoice(k+1, in); err != nil {
			t.Fatalf("Invoice(%d): %v", k+1, err)
		}
	case "pending":
		c, _, _ := genChange(t, &w, subscription.CreateProrations)
		d := drawIn(t, "changed_at", ps, at.Add(time.Second))
		ns, items, _, err := subscription.Update(w.s, c, d, in)
		if freePaid(err) {
			return
		}
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		run := in
		run.Pending = items
		if pv, err = subscription.Preview(ns, at, run); err != nil {
			t.Fatalf("Preview: %v", err)
		}
		if want, err = ns.Invoice(k+1, run); err != nil {
			t.Fatalf("Invoice(%d): %v", k+1, err)
		}
	case "change", "always_invoice":
		b := subscription.CreateProrations
		if variant == "always_invoice" {
			b = subscription.AlwaysInvoice
		}
		c, _, _ := genChange(t, &w, b)
		c0 := deepCopy(c)
		if pv, err = subscription.Preview(w.s, at, in, c); freePaid(err) {
			return
		} else if err != nil {
			t.Fatalf("Preview: %v", err)
		}
		if !reflect.DeepEqual(c, c0) {
			t.Fatal("Preview modified the change")
		}
		ns, items, now, err := subscription.Update(w.s, c, at, in)
		if freePaid(err) {
			return
		}
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if now != nil {
			want = *now
			break
		}
		run := in
		run.Pending = items
		if want, err = ns.Invoice(k+1, run); err != nil {
			t.Fatalf("Invoice(%d): %v", k+1, err)
		}
	}
	if !reflect.DeepEqual(w.s, s0) || !reflect.DeepEqual(in, in0) {
		t.Fatal("inputs modified")
	}
	samePreview(t, pv, want)
	checkBalanced(t, "preview", pv)
	checkBalanced(t, "invoice", want)
	if pv.BillingReason != invoice.ReasonUpcoming || !pv.Created.Equal(at) {
		t.Errorf("preview: billing_reason %s created %d; want upcoming, %d", pv.BillingReason, pv.Created.Unix(), at.Unix())
	}
}

// Invoices do not depend on the order of the pending items, the events or
// the adjustments they are given.
func TestInvoice_OrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t, worldOpts{laterAnchor: true, metered: true, amountOff: true, taxes: true})
		k, ps, pe := w.period(t)
		in := genUsage(t, &w, ps, pe)
		// A few changes during the period, some at the same instant.
		cur := w.s
		at := ps
		for n := rapid.IntRange(0, 3).Draw(t, "changes"); n > 0 && at.Before(pe); n-- {
			at = drawIn(t, "changed_at", at, pe)
			cw := world{s: cur, iv: w.iv, count: w.count, anchor: w.anchor}
			c, _, _ := genChange(t, &cw, subscription.CreateProrations)
			ns, items, _, err := subscription.Update(cur, c, at, in)
			if freePaid(err) {
				return
			}
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			in.Pending = append(in.Pending, items...)
			cur = ns
		}
		shuffled := in
		shuffled.Pending = rapid.Permutation(in.Pending).Draw(t, "pending")
		shuffled.Events = rapid.Permutation(in.Events).Draw(t, "events")
		shuffled.Adjustments = rapid.Permutation(in.Adjustments).Draw(t, "adjustments")
		for _, kk := range []int{k, k + 1} {
			a, err := cur.Invoice(kk, in)
			if err != nil {
				t.Fatalf("Invoice(%d): %v", kk, err)
			}
			b, err := cur.Invoice(kk, shuffled)
			if err != nil {
				t.Fatalf("Invoice(%d), shuffled: %v", kk, err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("Invoice(%d) depends on the inputs' order:\n%v\n%v", kk, linesOf(a), linesOf(b))
			}
			checkBalanced(t, fmt.Sprintf("invoice %d", kk), a)
		}
		at = drawIn(t, "preview_at", ps, pe)
		a, err := subscription.Preview(cur, at, in)
		if err != nil {
			t.Fatalf("Preview: %v", err)
		}
		b, err := subscription.Preview(cur, at, shuffled)
		if err != nil {
			t.Fatalf("Preview, shuffled: %v", err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("Preview depends on the inputs' order:\n%v\n%v", linesOf(a), linesOf(b))
		}
	})
}

// A metered line bills the replayed usage of the period before its
// boundary; licensed lines bill the period after it; invoices leave their
// inputs alone.
func TestInvoice_PeriodsAndUsage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t, worldOpts{laterAnchor: true, metered: true, taxes: true})
		k := rapid.IntRange(0, 4).Draw(t, "k")
		var from time.Time
		if k > 0 {
			from = w.boundary(k - 1)
		}
		at, next := w.boundary(k), w.boundary(k+1)
		lo := from
		if k == 0 {
			lo = w.s.StartDate
		}
		in := genUsage(t, &w, lo, at.Add(time.Second))
		s0, in0 := deepCopy(w.s), deepCopy(in)
		inv, err := w.s.Invoice(k, in)
		if err != nil {
			t.Fatalf("Invoice(%d): %v", k, err)
		}
		if !reflect.DeepEqual(w.s, s0) || !reflect.DeepEqual(in, in0) {
			t.Fatal("Invoice modified its inputs")
		}
		checkBalanced(t, "invoice", inv)
		if !inv.Created.Equal(at) {
			t.Errorf("created %d; want boundary %d", inv.Created.Unix(), at.Unix())
		}
		for _, l := range inv.Lines {
			switch {
			case l.Parent.SubscriptionItem != "si_met":
				if !l.PeriodStart.Equal(at) || !l.PeriodEnd.Equal(next) {
					t.Errorf("licensed line %s: period [%d, %d); want [%d, %d)", l.Parent.SubscriptionItem, l.PeriodStart.Unix(), l.PeriodEnd.Unix(), at.Unix(), next.Unix())
				}
				if want := w.initial(at)(*l.Price.UnitAmount * l.Quantity); l.Amount != want {
					t.Errorf("licensed line %s: amount %d; want %d", l.Parent.SubscriptionItem, l.Amount, want)
				}
			case k == 0:
				if l.Quantity != 0 || l.Amount != 0 {
					t.Errorf("creation invoice: metered line %d x = %d; want 0", l.Quantity, l.Amount)
				}
			default:
				want := slowUsage(in.Meters[0], "cus_1", in.Events, in.Adjustments, from, at)
				if !l.PeriodStart.Equal(from) || !l.PeriodEnd.Equal(at) || l.Quantity != want.IntPart() {
					t.Errorf("metered line: %d for [%d, %d); want %s for [%d, %d)", l.Quantity, l.PeriodStart.Unix(), l.PeriodEnd.Unix(), want, from.Unix(), at.Unix())
				}
				if unit := *w.s.Items[len(w.s.Items)-1].Price.UnitAmount; l.Amount != unit*l.Quantity {
					t.Errorf("metered line amount %d; want %d x %d", l.Amount, unit, l.Quantity)
				}
			}
		}
	})
}

// Splitting a window's usage in two sums to the whole (sum, count), and
// every aggregate is the plain replay's.
func TestAggregate_SplitWindows(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := sumMeter()
		m.DefaultAggregation.Formula = rapid.SampledFrom([]meter.Formula{meter.FormulaSum, meter.FormulaCount, meter.FormulaLast}).Draw(t, "formula")
		from := genStart(t)
		to := from.Add(time.Duration(rapid.Int64Range(2, 90*86400).Draw(t, "span")) * time.Second)
		mid := drawIn(t, "mid", from.Add(time.Second), to)
		events := genEvents(t, from, to, true)
		adj := genCancels(t, events)
		agg := func(a, b time.Time) decimal.Decimal {
			s, err := meter.Aggregate(m, "cus_1", events, adj, a, b)
			if err != nil {
				t.Fatalf("Aggregate [%d, %d): %v", a.Unix(), b.Unix(), err)
			}
			if want := slowUsage(m, "cus_1", events, adj, a, b); !s.AggregatedValue.Equal(want) {
				t.Fatalf("Aggregate [%d, %d) = %s; replay %s", a.Unix(), b.Unix(), s.AggregatedValue, want)
			}
			return s.AggregatedValue
		}
		whole, first, second := agg(from, to), agg(from, mid), agg(mid, to)
		if m.DefaultAggregation.Formula != meter.FormulaLast && !first.Add(second).Equal(whole) {
			t.Fatalf("%s: [from, mid) %s + [mid, to) %s != [from, to) %s", m.DefaultAggregation.Formula, first, second, whole)
		}
	})
}

// freePaid reports the refusal of a change between a free and a paid
// subscription (ErrUnsupported): such draws have nothing to compare.
func freePaid(err error) bool {
	return errors.Is(err, subscription.ErrUnsupported) && strings.Contains(err.Error(), "free and a paid")
}
