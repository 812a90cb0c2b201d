package pricing_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

// corruption breaks one field of a valid price and names the field Validate
// must then report.
type corruption struct {
	name    string
	applies func(pricing.Price) bool
	apply   func(*pricing.Price) string
}

func always(pricing.Price) bool { return true }

var corruptions = []corruption{
	{"currency", always, func(p *pricing.Price) string { p.Currency = "XXX"; return "currency" }},
	{"type", always, func(p *pricing.Price) string { p.Type = "bogus"; return "type" }},
	{"tax_behavior", always, func(p *pricing.Price) string { p.TaxBehavior = "bogus"; return "tax_behavior" }},
	{"lookup_key", always, func(p *pricing.Price) string { p.LookupKey = strings.Repeat("k", 201); return "lookup_key" }},
	{"metadata", always, func(p *pricing.Price) string {
		m := map[string]string{"a[b]": "v"}
		for k, v := range p.Metadata {
			m[k] = v
		}
		p.Metadata = m
		return "metadata.a[b]"
	}},
	{"unit_amount", func(p pricing.Price) bool { return p.UnitAmount != nil }, func(p *pricing.Price) string {
		v := int64(-1)
		p.UnitAmount = &v
		return "unit_amount"
	}},
	{"interval_count", func(p pricing.Price) bool { return p.Recurring != nil }, func(p *pricing.Price) string {
		r := *p.Recurring
		r.IntervalCount = 0
		p.Recurring = &r
		return "recurring.interval_count"
	}},
	{"last up_to", func(p pricing.Price) bool { return len(p.Tiers) > 0 }, func(p *pricing.Price) string {
		tiers := append([]pricing.Tier(nil), p.Tiers...)
		v := int64(1 << 40)
		tiers[len(tiers)-1].UpTo = &v
		p.Tiers = tiers
		return "tiers[" + strconv.Itoa(len(tiers)-1) + "].up_to"
	}},
	{"divide_by", func(p pricing.Price) bool { return p.TransformQuantity != nil }, func(p *pricing.Price) string {
		p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 0, Round: p.TransformQuantity.Round}
		return "transform_quantity.divide_by"
	}},
	{"custom_unit_amount", func(p pricing.Price) bool { return p.CustomUnitAmount != nil }, func(p *pricing.Price) string {
		v := int64(-5)
		p.CustomUnitAmount = &pricing.CustomUnitAmount{Preset: &v}
		return "custom_unit_amount.preset"
	}},
}

// TestPrice_Validate_EveryProblemProp corrupts a random set of fields of a
// valid price and checks that Validate reports every one of them, each as a
// *FieldError wrapping ErrInvalidPrice, in a deterministic order.
func TestPrice_Validate_EveryProblemProp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		var applicable []corruption
		for _, c := range corruptions {
			if c.applies(p) {
				applicable = append(applicable, c)
			}
		}
		chosen := rapid.SliceOfNDistinct(rapid.SampledFrom(applicable), 1, len(applicable), func(c corruption) string { return c.name }).Draw(t, "corruptions")
		want := map[string]bool{}
		for _, c := range chosen {
			want[c.apply(&p)] = true
		}
		err := p.Validate()
		if err == nil {
			t.Fatalf("no error for %v", want)
		}
		got := map[string]bool{}
		var walk func(error)
		walk = func(e error) {
			var fe *pricing.FieldError
			if errors.As(e, &fe) && fe == e {
				if !errors.Is(fe, pricing.ErrInvalidPrice) || fe.Object != "price" {
					t.Fatalf("problem %q: object %q, wraps ErrInvalidPrice %v", fe, fe.Object, errors.Is(fe, pricing.ErrInvalidPrice))
				}
				got[fe.Field] = true
				return
			}
			j, ok := e.(interface{ Unwrap() []error })
			if !ok {
				t.Fatalf("problem %q (%T) is not a *FieldError", e, e)
			}
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
		walk(err)
		for f := range want {
			if !got[f] {
				t.Fatalf("problem with %s not reported; got %v\n%v", f, got, err)
			}
		}
		if again := p.Validate(); again.Error() != err.Error() {
			t.Fatalf("Validate is not deterministic:\n%v\n%v", err, again)
		}
	})
}
