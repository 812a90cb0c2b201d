package pricing_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Properties of compiled prices (compile.go). The reference properties of
// amount_prop_test.go price every price three ways (built, compiled,
// decoded); these add what only a compiled price has: tables built for
// every valid tier list, and tiers edited after compiling.

// tieredPrice draws a valid tiered price, graduated or volume, often with
// currency options (whose tiers share the price's bounds).
func tieredPrice() *rapid.Generator[pricing.Price] {
	return rapid.OneOf(pricingtest.TieredPrice(pricing.Graduated), pricingtest.TieredPrice(pricing.Volume))
}

// cloneTiers copies tiers with fresh pointers, so that editing the copy in
// place leaves the original alone.
func cloneTiers(ts []pricing.Tier) []pricing.Tier {
	if ts == nil {
		return nil
	}
	out := make([]pricing.Tier, len(ts))
	for i, t := range ts {
		out[i] = pricing.Tier{
			UpTo: clonePtr(t.UpTo), UnitAmount: clonePtr(t.UnitAmount), UnitAmountDecimal: t.UnitAmountDecimal,
			FlatAmount: clonePtr(t.FlatAmount), FlatAmountDecimal: t.FlatAmountDecimal,
		}
	}
	return out
}

func clonePtr(v *int64) *int64 {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// deepClone copies p's tiers, options and their tiers with fresh memory
// (the table, if any, is not rebuilt: Compile the copy).
func deepClone(p pricing.Price) pricing.Price {
	p.Tiers = cloneTiers(p.Tiers)
	p.CurrencyOptions = maps.Clone(p.CurrencyOptions)
	for c, o := range p.CurrencyOptions {
		o.Tiers = cloneTiers(o.Tiers)
		p.CurrencyOptions[c] = o
	}
	return p
}

// lineCurrencies are the currencies a line of p can be priced in: "" (the
// price's own) and each option's.
func lineCurrencies(p pricing.Price) []pricing.Currency {
	cs := []pricing.Currency{""}
	for c := range p.CurrencyOptions {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}

// tiersOf returns the tier list a line in currency c reads.
func tiersOf(p pricing.Price, c pricing.Currency) []pricing.Tier {
	if c == "" || c == p.Currency {
		return p.Tiers
	}
	return p.CurrencyOptions[c].Tiers
}

// setTiersOf makes ts the tier list a line in currency c reads.
func setTiersOf(p *pricing.Price, c pricing.Currency, ts []pricing.Tier) {
	if c == "" || c == p.Currency {
		p.Tiers = ts
		return
	}
	o := p.CurrencyOptions[c]
	o.Tiers = ts
	p.CurrencyOptions[c] = o
}

// A price Validate accepts gets a table for every tier list, whether it is
// compiled or decoded, and a copy of it shares them.
func TestPrice_Compile_validTiersCompile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := tieredPrice().Draw(t, "price")
		c, err := p.Compile()
		if err != nil {
			t.Fatalf("Compile of a valid price: %v", err)
		}
		d, ok := decodeAgain(p)
		if !ok {
			t.Fatal("a valid price does not decode from its own JSON")
		}
		copied := d
		for _, cur := range lineCurrencies(p) {
			for form, q := range map[string]pricing.Price{"built": p, "compiled": c, "decoded": d, "copy of decoded": copied} {
				if got, want := pricing.TiersCompiled(q, cur), form != "built"; got != want {
					t.Fatalf("%s: TiersCompiled(%q) = %v, want %v", form, cur, got, want)
				}
			}
		}
	})
}

// An edit is one change to one tier list of a compiled price, as a caller
// may make it after compiling.
type edit struct {
	desc    string
	inPlace bool // the slice the table was built from was written; else another slice was assigned
}

// drawInt64Ptr draws a value for an integer field: usually a plausible
// amount or bound, sometimes nil, negative or 0.
func drawInt64Ptr(t *rapid.T, label string, was *int64) *int64 {
	switch rapid.IntRange(0, 5).Draw(t, label+"_kind") {
	case 0:
		return nil
	case 1:
		v := rapid.Int64Range(-3, 0).Draw(t, label+"_small")
		return &v
	case 2:
		if was != nil {
			v := *was + rapid.Int64Range(-1, 1).Draw(t, label+"_nudge")
			return &v
		}
	}
	v := rapid.Int64Range(1, 200).Draw(t, label)
	return &v
}

// drawDecimal draws a value for a *_decimal field: usually none or the twin
// of the integer amount v, sometimes another or a fraction.
func drawDecimal(t *rapid.T, label string, v *int64) decimal.NullDecimal {
	switch rapid.IntRange(0, 4).Draw(t, label+"_kind") {
	case 0:
		return decimal.NullDecimal{}
	case 1:
		if v != nil {
			return decimal.NewNullDecimal(decimal.NewFromInt(*v))
		}
	case 2:
		return decimal.NewNullDecimal(decimal.New(rapid.Int64Range(-5, 5000).Draw(t, label+"_frac"), -2))
	}
	return decimal.NewNullDecimal(decimal.NewFromInt(rapid.Int64Range(0, 200).Draw(t, label)))
}

func drawTier(t *rapid.T, label string) pricing.Tier {
	var x pricing.Tier
	if rapid.Bool().Draw(t, label+"_bounded") {
		x.UpTo = drawInt64Ptr(t, label+"_up_to", nil)
	}
	x.UnitAmount = drawInt64Ptr(t, label+"_unit", nil)
	x.UnitAmountDecimal = drawDecimal(t, label+"_unit_decimal", x.UnitAmount)
	x.FlatAmount = drawInt64Ptr(t, label+"_flat", nil)
	return x
}

var tierFields = []string{"up_to", "unit_amount", "unit_amount_decimal", "flat_amount", "flat_amount_decimal"}

// setField sets field f of x to a drawn value.
func setField(t *rapid.T, x *pricing.Tier, f string) {
	switch f {
	case "up_to":
		x.UpTo = drawInt64Ptr(t, "up_to", x.UpTo)
	case "unit_amount":
		x.UnitAmount = drawInt64Ptr(t, "unit_amount", x.UnitAmount)
	case "unit_amount_decimal":
		x.UnitAmountDecimal = drawDecimal(t, "unit_amount_decimal", x.UnitAmount)
	case "flat_amount":
		x.FlatAmount = drawInt64Ptr(t, "flat_amount", x.FlatAmount)
	case "flat_amount_decimal":
		x.FlatAmountDecimal = drawDecimal(t, "flat_amount_decimal", x.FlatAmount)
	}
}

// drawEdit changes the tier list of p that a line in currency c reads.
func drawEdit(t *rapid.T, p *pricing.Price, c pricing.Currency) edit {
	ts := tiersOf(*p, c)
	j := rapid.IntRange(0, len(ts)-1).Draw(t, "tier")
	f := rapid.SampledFrom(tierFields).Draw(t, "field")
	switch rapid.IntRange(0, 6).Draw(t, "edit") {
	case 0: // another slice, one field changed
		ts = slices.Clone(ts)
		setField(t, &ts[j], f)
		setTiersOf(p, c, ts)
		return edit{desc: fmt.Sprintf("new slice, tiers[%d].%s", j, f)}
	case 1: // a tier appended (in the same array when it has room)
		setTiersOf(p, c, append(ts, drawTier(t, "appended")))
		return edit{desc: "tier appended"}
	case 2: // the last tier dropped
		if len(ts) > 1 {
			setTiersOf(p, c, ts[:len(ts)-1])
			return edit{desc: "last tier dropped"}
		}
	case 3: // a whole tier replaced in place
		ts[j] = drawTier(t, "replacement")
		return edit{desc: fmt.Sprintf("tiers[%d] replaced in place", j), inPlace: true}
	case 4: // written through the tier's own pointer
		var ptr *int64
		switch f {
		case "up_to":
			ptr = ts[j].UpTo
		case "unit_amount", "unit_amount_decimal":
			ptr, f = ts[j].UnitAmount, "unit_amount"
		default:
			ptr, f = ts[j].FlatAmount, "flat_amount"
		}
		if ptr != nil {
			*ptr = *ptr + rapid.Int64Range(-3, 3).Draw(t, "through")
			return edit{desc: fmt.Sprintf("*tiers[%d].%s written", j, f), inPlace: true}
		}
	case 5: // the same number behind a new pointer: nothing changes
		if ts[j].UnitAmount != nil {
			ts[j].UnitAmount = clonePtr(ts[j].UnitAmount)
			return edit{desc: fmt.Sprintf("tiers[%d].unit_amount: same value, new pointer", j), inPlace: true}
		}
	}
	setField(t, &ts[j], f)
	return edit{desc: fmt.Sprintf("tiers[%d].%s set in place", j, f), inPlace: true}
}

// dependsOn reports whether the amount of quantity q, under mode, from
// the valid tiers ts, depends on field f of tier j ("" for any field): for
// graduated pricing, every field of the tiers up to the one holding q; for
// volume pricing, every field of the one holding q and the up_to of the one
// before (the bounds of its range). This is Compile's rule, restated.
func dependsOn(ts []pricing.Tier, mode pricing.TiersMode, q int64, j int, f string) bool {
	holding := len(ts) - 1
	for i, x := range ts {
		if x.UpTo == nil || q <= *x.UpTo {
			holding = i
			break
		}
	}
	if mode == pricing.Graduated {
		return j <= holding
	}
	return j == holding || (j == holding-1 && (f == "up_to" || f == ""))
}

// changesWhatAmountReads reports whether after, the tiers before edited in
// place, holds a different value (pointers compared by what they point to,
// decimals by value) in a field the amount of q depends on (dependsOn).
func changesWhatAmountReads(before, after []pricing.Tier, mode pricing.TiersMode, q int64) bool {
	if len(before) != len(after) {
		return true
	}
	for j := range before {
		b, a := before[j], after[j]
		changed := map[string]bool{
			"up_to":               !int64PtrEq(b.UpTo, a.UpTo),
			"unit_amount":         !int64PtrEq(b.UnitAmount, a.UnitAmount),
			"unit_amount_decimal": !nullDecimalEq(b.UnitAmountDecimal, a.UnitAmountDecimal),
			"flat_amount":         !int64PtrEq(b.FlatAmount, a.FlatAmount),
			"flat_amount_decimal": !nullDecimalEq(b.FlatAmountDecimal, a.FlatAmountDecimal),
		}
		for f, c := range changed {
			if c && dependsOn(before, mode, q, j, f) {
				return true
			}
		}
	}
	return false
}

func int64PtrEq(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func nullDecimalEq(a, b decimal.NullDecimal) bool {
	return a.Valid == b.Valid && (!a.Valid || a.Decimal.Equal(b.Decimal))
}

// checkEdited is the property of prices edited after compiling: AmountWith
// and ExactAmount of the edited price agree with the big.Rat reference
// priced on the tiers as they are now, amount or error, with one stated
// exception. A field the amount does not depend on (dependsOn) is not
// compared on each call, so when an in-place edit changed only such fields
// and broke the list (the reference refuses it), the compiled price
// returns the amount, and that amount is the reference's for the tiers as
// compiled.
func checkEdited(t *rapid.T, gaps *int) {
	p := tieredPrice().Draw(t, "price")
	orig, ok := decodeAgain(p)
	if !ok {
		t.Fatal("a valid price does not decode from its own JSON")
	}
	var e pricing.Price
	form := rapid.SampledFrom([]string{"decoded", "compiled"}).Draw(t, "form")
	if form == "decoded" {
		e, _ = decodeAgain(p)
	} else {
		e, _ = deepClone(orig).Compile()
	}
	c := rapid.SampledFrom(lineCurrencies(e)).Draw(t, "currency")
	before := tiersOf(orig, c)
	ed := drawEdit(t, &e, c)
	// Quantities at and around the bounds before and after the edit.
	q := rapid.OneOf(pricingtest.QuantityFor(orig), pricingtest.QuantityFor(e)).Draw(t, "quantity")
	opts := pricing.AmountOptions{Currency: c, Rounding: rapid.SampledFrom(roundingModes).Draw(t, "rounding")}

	got, err := e.AmountWith(q, opts)
	want, werr := pricing.ReferenceAmount(e, q, opts)
	if pricing.SameError(err, werr) && (err != nil || got == want) {
		checkReferenceOf(t, form+" then edited: "+ed.desc, e, q, opts) // ExactAmount too
		return
	}
	// The exception, and nothing else: an in-place edit that changed no
	// value the amount depends on.
	if err != nil || werr == nil || !ed.inPlace || changesWhatAmountReads(before, tiersOf(e, c), orig.TiersMode, q) {
		t.Fatalf("%s, then %s: AmountWith(%d, %+v) (-want +got):\n-%d %v\n+%d %v", form, ed.desc, q, opts, want, werr, got, err)
	}
	var fe *pricing.FieldError
	if !errors.As(werr, &fe) || !errors.Is(werr, pricing.ErrInvalidPrice) {
		t.Fatalf("%s, then %s: the reference refuses with %v, not a tier problem", form, ed.desc, werr)
	}
	if w, err := pricing.ReferenceAmount(orig, q, opts); err != nil || w != got {
		t.Fatalf("%s, then %s: AmountWith(%d) = %d, the tiers as compiled give %d (%v)", form, ed.desc, q, got, w, err)
	}
	*gaps++
}

func TestPrice_AmountWith_editedAfterCompile(t *testing.T) {
	gaps := 0
	rapid.Check(t, func(t *rapid.T) { checkEdited(t, &gaps) })
	t.Logf("%d lines priced a tier list broken in place beyond what their amount reads", gaps)
}

// FuzzPrice_AmountWith_editedAfterCompile is the edit property under go
// test -fuzz.
func FuzzPrice_AmountWith_editedAfterCompile(f *testing.F) {
	gaps := 0
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) { checkEdited(t, &gaps) }))
}

// A tierProblem breaks tier j of a tier list in a way Validate refuses and
// decoding keeps; ok is false when it does not apply to that tier.
type tierProblem struct {
	name  string
	apply func(ts []pricing.Tier, j int) (ok bool)
}

var tierProblems = []tierProblem{
	{"negative unit_amount", func(ts []pricing.Tier, j int) bool {
		ts[j].UnitAmount, ts[j].UnitAmountDecimal = i64(-1), decimal.NullDecimal{}
		return true
	}},
	{"negative flat_amount", func(ts []pricing.Tier, j int) bool {
		ts[j].FlatAmount, ts[j].FlatAmountDecimal = i64(-5), decimal.NullDecimal{}
		return true
	}},
	{"twins disagree", func(ts []pricing.Tier, j int) bool {
		ts[j].UnitAmount, ts[j].UnitAmountDecimal = i64(7), dec("8")
		return true
	}},
	{"13 decimal places", func(ts []pricing.Tier, j int) bool {
		ts[j].FlatAmount, ts[j].FlatAmountDecimal = nil, dec("0.0000000000001")
		return true
	}},
	{"negative decimal", func(ts []pricing.Tier, j int) bool {
		ts[j].UnitAmount, ts[j].UnitAmountDecimal = nil, dec("-0.5")
		return true
	}},
	{"decimal beyond int64", func(ts []pricing.Tier, j int) bool {
		ts[j].UnitAmount, ts[j].UnitAmountDecimal = nil, dec("1e20")
		return true
	}},
	{"no amount", func(ts []pricing.Tier, j int) bool {
		up := ts[j].UpTo
		ts[j] = pricing.Tier{UpTo: up}
		return true
	}},
	{"up_to below 1", func(ts []pricing.Tier, j int) bool {
		if j == len(ts)-1 {
			return false
		}
		ts[j].UpTo = i64(0)
		return true
	}},
	{"up_to not ascending", func(ts []pricing.Tier, j int) bool {
		if j == 0 || j == len(ts)-1 {
			return false
		}
		ts[j].UpTo = clonePtr(ts[j-1].UpTo)
		return true
	}},
	{"unbounded before the last", func(ts []pricing.Tier, j int) bool {
		if j == len(ts)-1 {
			return false
		}
		ts[j].UpTo = nil
		return true
	}},
	{"last tier bounded", func(ts []pricing.Tier, j int) bool {
		ts[len(ts)-1].UpTo = i64(1 << 40)
		return true
	}},
}

// fieldProblems break one field of a price other than its tiers, each a
// problem Validate refuses, and change nothing else (unlike corruptions,
// whose custom_unit_amount problem replaces the whole object).
var fieldProblems = []corruption{
	{"currency", always, func(p *pricing.Price) string { p.Currency = "XXX"; return "currency" }},
	{"type", always, func(p *pricing.Price) string { p.Type = "bogus"; return "type" }},
	{"tax_behavior", always, func(p *pricing.Price) string { p.TaxBehavior = "bogus"; return "tax_behavior" }},
	{"lookup_key", always, func(p *pricing.Price) string { p.LookupKey = strings.Repeat("k", 201); return "lookup_key" }},
	{"metadata", always, func(p *pricing.Price) string {
		p.Metadata = maps.Clone(p.Metadata)
		if p.Metadata == nil {
			p.Metadata = map[string]string{}
		}
		p.Metadata["a[b]"] = "v"
		return "metadata.a[b]"
	}},
	{"billing_scheme", always, func(p *pricing.Price) string { p.BillingScheme = "stairstep"; return "billing_scheme" }},
	{"tiers_mode", func(p pricing.Price) bool { return p.BillingScheme == pricing.Tiered }, func(p *pricing.Price) string {
		p.TiersMode = "stairstep"
		return "tiers_mode"
	}},
	{"unit_amount", func(p pricing.Price) bool { return p.UnitAmount != nil }, func(p *pricing.Price) string {
		p.UnitAmount, p.UnitAmountDecimal = i64(-1), decimal.NullDecimal{}
		return "unit_amount"
	}},
	{"interval_count", func(p pricing.Price) bool { return p.Recurring != nil }, func(p *pricing.Price) string {
		r := *p.Recurring
		r.IntervalCount = 0
		p.Recurring = &r
		return "recurring.interval_count"
	}},
	{"divide_by", func(p pricing.Price) bool { return p.TransformQuantity != nil }, func(p *pricing.Price) string {
		p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 0, Round: p.TransformQuantity.Round}
		return "transform_quantity.divide_by"
	}},
	{"custom_unit_amount.preset", func(p pricing.Price) bool { return p.CustomUnitAmount != nil }, func(p *pricing.Price) string {
		cu := *p.CustomUnitAmount
		cu.Preset = i64(-5)
		p.CustomUnitAmount = &cu
		return "custom_unit_amount.preset"
	}},
	{"custom_unit_amount.minimum", func(p pricing.Price) bool { return p.CustomUnitAmount != nil }, func(p *pricing.Price) string {
		cu := *p.CustomUnitAmount
		cu.Minimum = i64(-1)
		p.CustomUnitAmount = &cu
		return "custom_unit_amount.minimum"
	}},
}

// reads reports whether a line in currency cur reads the tier list of
// currency c ("" for the price's own): a line in the price's currency reads
// the price's own tiers, never the option entry for that currency.
func reads(p pricing.Price, cur, c pricing.Currency) bool {
	own := func(x pricing.Currency) bool { return x == "" || x == p.Currency }
	if own(cur) {
		return c == ""
	}
	return c == cur
}

// TestPrice_AmountWith_refusesWhatValidateRefuses: take a valid price and
// break it in one way Validate refuses. A line that reads the broken field
// then fails, or the field could not affect its amount: AmountWith returns
// an error, or exactly the amount of the unbroken price. A broken tier in
// the tier list a line reads always fails the line, with a *FieldError
// naming that list, whatever the quantity and however the price was made:
// built in Go, compiled (Compile builds no table from tiers that fail the
// checks) or decoded (nor does decoding). Tiers broken in place after
// compiling are TestPrice_AmountWith_editedAfterCompile's.
func TestPrice_AmountWith_refusesWhatValidateRefuses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(pricingtest.Price(), tieredPrice()).Draw(t, "price")
		broken := deepClone(p)
		var lists []pricing.Currency // the tier lists there are to break
		for _, c := range lineCurrencies(p) {
			if c == "" && len(p.Tiers) > 0 || c != "" && len(p.CurrencyOptions[c].Tiers) > 0 {
				lists = append(lists, c)
			}
		}
		var what string
		brokenList := pricing.Currency("-") // none
		if len(lists) > 0 && rapid.Bool().Draw(t, "tier_problem") {
			brokenList = rapid.SampledFrom(lists).Draw(t, "list")
			ts := tiersOf(broken, brokenList)
			j := rapid.IntRange(0, len(ts)-1).Draw(t, "tier")
			prob := rapid.SampledFrom(tierProblems).Draw(t, "problem")
			if !prob.apply(ts, j) {
				t.Skip("the problem does not apply to this tier")
			}
			what = fmt.Sprintf("%s in tiers[%d] of %q", prob.name, j, brokenList)
		} else {
			var applicable []corruption
			for _, c := range fieldProblems {
				if c.applies(p) {
					applicable = append(applicable, c)
				}
			}
			c := rapid.SampledFrom(applicable).Draw(t, "corruption")
			what = c.name + ": " + c.apply(&broken)
		}
		if broken.Validate() == nil {
			t.Fatalf("%s: Validate accepts the broken price", what)
		}
		compiled, _ := broken.Compile()
		decoded, ok := decodeAgain(broken)
		if !ok || decoded.Validate() == nil {
			t.Fatalf("%s: decoding loses the problem (decodes: %v)", what, ok)
		}
		forms := map[string]pricing.Price{"built": broken, "compiled": compiled, "decoded": decoded}
		for _, cur := range lineCurrencies(p) {
			q := pricingtest.QuantityFor(p).Draw(t, "quantity")
			opts := pricing.AmountOptions{Currency: cur, Rounding: rapid.SampledFrom(roundingModes).Draw(t, "rounding")}
			if cu := customOf(p, cur); cu != nil {
				v := rapid.Int64Range(0, pricingtest.MaxAmount).Draw(t, "custom_amount")
				opts.CustomAmount, q = &v, 1
			}
			want, werr := p.AmountWith(q, opts)
			for form, b := range forms {
				got, err := b.AmountWith(q, opts)
				if brokenList != "-" && reads(p, cur, brokenList) && p.BillingScheme == pricing.Tiered {
					prefix := "tiers["
					if brokenList != "" {
						prefix = "currency_options." + string(brokenList) + ".tiers["
					}
					var fe *pricing.FieldError
					if err == nil || !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, prefix) {
						t.Fatalf("%s, %s: AmountWith(%d, %+v) = %d, %v; want a *FieldError naming %s...", what, form, q, opts, got, err, prefix)
					}
					continue
				}
				if err == nil && (werr != nil || got != want) {
					t.Fatalf("%s, %s: AmountWith(%d, %+v) = %d, the unbroken price's is %d, %v", what, form, q, opts, got, want, werr)
				}
			}
		}
	})
}

// customOf returns the custom_unit_amount a line in currency cur reads.
func customOf(p pricing.Price, cur pricing.Currency) *pricing.CustomUnitAmount {
	if cur == "" || cur == p.Currency {
		return p.CustomUnitAmount
	}
	return p.CurrencyOptions[cur].CustomUnitAmount
}
