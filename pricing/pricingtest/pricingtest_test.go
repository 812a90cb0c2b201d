package pricingtest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/pricing/pricingtest"
	"pgregory.net/rapid"
)

func TestGenerators_PricesValidate(t *testing.T) {
	gens := map[string]*rapid.Generator[pricing.Price]{
		"Price":                 pricingtest.Price(),
		"PerUnitPrice":          pricingtest.PerUnitPrice(),
		"PackagePrice":          pricingtest.PackagePrice(),
		"TieredPrice/graduated": pricingtest.TieredPrice(pricing.Graduated),
		"TieredPrice/volume":    pricingtest.TieredPrice(pricing.Volume),
		"TieredPrice/any":       pricingtest.TieredPrice(""),
		"RecurringPrice":        pricingtest.RecurringPrice(),
		"OneTimePrice":          pricingtest.OneTimePrice(),
		"CustomUnitAmountPrice": pricingtest.CustomUnitAmountPrice(),
	}
	for name, gen := range gens {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				p := gen.Draw(t, "price")
				if err := p.Validate(); err != nil {
					t.Fatalf("generated price does not validate: %v", err)
				}
			})
		})
	}
}

func TestGenerators_Shapes(t *testing.T) {
	check := func(name string, gen *rapid.Generator[pricing.Price], ok func(pricing.Price) bool) {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				if p := gen.Draw(t, "price"); !ok(p) {
					t.Fatalf("%s generated a price of the wrong shape: %+v", name, p)
				}
			})
		})
	}
	check("PerUnitPrice", pricingtest.PerUnitPrice(), func(p pricing.Price) bool {
		return p.BillingScheme == pricing.PerUnit && p.TransformQuantity == nil && p.CustomUnitAmount == nil
	})
	check("PackagePrice", pricingtest.PackagePrice(), func(p pricing.Price) bool {
		return p.BillingScheme == pricing.PerUnit && p.TransformQuantity != nil
	})
	check("TieredPrice/graduated", pricingtest.TieredPrice(pricing.Graduated), func(p pricing.Price) bool {
		return p.BillingScheme == pricing.Tiered && p.TiersMode == pricing.Graduated && len(p.Tiers) >= 1 && len(p.Tiers) <= pricingtest.MaxTiers
	})
	check("TieredPrice/volume", pricingtest.TieredPrice(pricing.Volume), func(p pricing.Price) bool {
		return p.BillingScheme == pricing.Tiered && p.TiersMode == pricing.Volume
	})
	check("RecurringPrice", pricingtest.RecurringPrice(), func(p pricing.Price) bool {
		return p.Type == pricing.RecurringType && p.Recurring != nil
	})
	check("OneTimePrice", pricingtest.OneTimePrice(), func(p pricing.Price) bool {
		return p.Type == pricing.OneTime && p.Recurring == nil
	})
	check("CustomUnitAmountPrice", pricingtest.CustomUnitAmountPrice(), func(p pricing.Price) bool {
		return p.CustomUnitAmount != nil && p.UnitAmount == nil && !p.UnitAmountDecimal.Valid && p.Type == pricing.OneTime
	})
}

func TestGenerators_PlanValidates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Plan().Draw(t, "plan")
		if err := p.Validate(); err != nil {
			t.Fatalf("generated plan does not validate: %v", err)
		}
	})
}

func TestGenerators_RecurringValidates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := pricingtest.Recurring().Draw(t, "recurring")
		one := int64(100)
		p := pricing.Price{Currency: "usd", Type: pricing.RecurringType, Recurring: &r, UnitAmount: &one}
		if err := p.Validate(); err != nil {
			t.Fatalf("generated recurring does not validate: %v", err)
		}
	})
}

func TestGenerators_QuantityInRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := pricingtest.Price().Draw(t, "price")
		for _, q := range []int64{pricingtest.Quantity().Draw(t, "q"), pricingtest.QuantityFor(p).Draw(t, "qp")} {
			if q < 0 || q >= pricingtest.MaxQuantity {
				t.Fatalf("quantity %d out of [0, %d)", q, pricingtest.MaxQuantity)
			}
		}
	})
}

// TestCurrency_Classes checks that the three exponent classes are all well
// represented (each at least a fifth of 300 fixed-seed draws).
func TestCurrency_Classes(t *testing.T) {
	counts := map[int]int{}
	gen := pricingtest.Currency()
	const n = 300
	for i := 0; i < n; i++ {
		c := gen.Example(i)
		if !c.Valid() {
			t.Fatalf("Currency generated unsupported %q", c)
		}
		counts[c.Exponent()]++
	}
	for _, e := range []int{0, 2, 3} {
		if counts[e] < n/5 {
			t.Errorf("exponent %d drawn %d times out of %d, want at least %d", e, counts[e], n, n/5)
		}
	}
}

// TestQuantity_Zero checks that 0 is drawn often enough to matter.
func TestQuantity_Zero(t *testing.T) {
	zeros := 0
	gen := pricingtest.Quantity()
	for i := 0; i < 200; i++ {
		if gen.Example(i) == 0 {
			zeros++
		}
	}
	if zeros < 10 {
		t.Errorf("quantity 0 drawn %d times out of 200, want at least 10", zeros)
	}
}

// TestPrice_Coverage checks over 400 fixed-seed draws that Price produces
// every shape and the variants tests rely on.
func TestPrice_Coverage(t *testing.T) {
	seen := map[string]int{}
	gen := pricingtest.Price()
	for i := 0; i < 400; i++ {
		p := gen.Example(i)
		switch {
		case p.CustomUnitAmount != nil:
			seen["custom_unit_amount"]++
		case p.BillingScheme == pricing.Tiered && p.TiersMode == pricing.Graduated:
			seen["graduated"]++
		case p.BillingScheme == pricing.Tiered:
			seen["volume"]++
		case p.TransformQuantity != nil:
			seen["package"]++
		default:
			seen["per_unit"]++
		}
		if p.Recurring != nil {
			seen["recurring"]++
		} else {
			seen["one_time"]++
		}
		if p.CurrencyOptions != nil {
			seen["currency_options"]++
		}
		if p.UnitAmountDecimal.Valid && !p.UnitAmountDecimal.Decimal.IsInteger() {
			seen["fractional unit_amount_decimal"]++
		}
		if len(p.Tiers) == pricingtest.MaxTiers {
			seen["max tiers"]++
		}
		for _, tier := range p.Tiers {
			if tier.FlatAmountDecimal.Valid && !tier.FlatAmountDecimal.Decimal.IsInteger() {
				seen["fractional flat_amount_decimal"]++
				break
			}
		}
	}
	for _, k := range []string{"custom_unit_amount", "graduated", "volume", "package", "per_unit", "recurring", "one_time",
		"currency_options", "fractional unit_amount_decimal", "fractional flat_amount_decimal", "max tiers"} {
		if seen[k] == 0 {
			t.Errorf("no %s in 400 prices (%v)", k, seen)
		}
	}
}

// currenciesOf lists every currency p uses: its own and its options'.
func currenciesOf(p pricing.Price) []pricing.Currency {
	cs := []pricing.Currency{p.Currency}
	for c := range p.CurrencyOptions {
		cs = append(cs, c)
	}
	return cs
}

// Options.Currencies restricts the price's, its options' and the plan's
// currencies, for one currency and for a list; the values still validate.
func TestPriceWith_Currencies(t *testing.T) {
	for _, allowed := range [][]pricing.Currency{{"kwd"}, {"eur", "jpy"}, {"usd", "usd", "gbp", "bhd", "krw"}} {
		t.Run(fmt.Sprint(allowed), func(t *testing.T) {
			o := pricingtest.Options{Currencies: allowed}
			rapid.Check(t, func(t *rapid.T) {
				p := pricingtest.PriceWith(o).Draw(t, "price")
				if err := p.Validate(); err != nil {
					t.Fatalf("price does not validate: %v", err)
				}
				for _, c := range currenciesOf(p) {
					if !slices.Contains(allowed, c) {
						t.Fatalf("price %#v uses %s, not in %v", p, c, allowed)
					}
				}
				pl := pricingtest.PlanWith(o).Draw(t, "plan")
				if err := pl.Validate(); err != nil {
					t.Fatalf("plan does not validate: %v", err)
				}
				if !slices.Contains(allowed, pl.Currency) {
					t.Fatalf("plan in %s, not in %v", pl.Currency, allowed)
				}
			})
		})
	}
}

// The zero Options draws every currency class, as Price does.
func TestPriceWith_ZeroOptions(t *testing.T) {
	exps := map[int]bool{}
	gen := pricingtest.PriceWith(pricingtest.Options{})
	for i := 0; i < 200; i++ {
		exps[gen.Example(i).Currency.Exponent()] = true
	}
	if len(exps) != 3 {
		t.Errorf("exponents drawn: %v, want 0, 2 and 3", exps)
	}
}

func TestOptions_UnsupportedCurrencyPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"xyz"`) {
			t.Errorf("recovered %v, want a panic naming \"xyz\"", r)
		}
	}()
	pricingtest.PriceWith(pricingtest.Options{Currencies: []pricing.Currency{"usd", "xyz"}})
}

// A catalogue has unique ids, the asked length and valid prices in the
// asked currencies.
func TestCatalogue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cat := pricingtest.Catalogue(pricingtest.Options{Currencies: []pricing.Currency{"usd"}}, 2, 12).Draw(t, "catalogue")
		if len(cat) < 2 || len(cat) > 12 {
			t.Fatalf("%d prices, want 2 to 12", len(cat))
		}
		seen := map[string]bool{}
		for _, p := range cat {
			if seen[p.ID] {
				t.Fatalf("id %s twice", p.ID)
			}
			seen[p.ID] = true
			if p.Currency != "usd" {
				t.Fatalf("price %s in %s", p.ID, p.Currency)
			}
			if err := p.Validate(); err != nil {
				t.Fatalf("price %s: %v", p.ID, err)
			}
		}
	})
}
