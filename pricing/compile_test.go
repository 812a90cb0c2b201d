package pricing_test

import (
	"errors"
	"testing"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// stripeGraduatedJSON is Stripe's documented graduated example as the API
// returns it (every amount with its _decimal twin): 1-5 at 7.00 USD, 6-10
// at 6.50 USD, 11 and up at 6.00 USD.
const stripeGraduatedJSON = `{
  "id": "price_1", "object": "price", "active": true, "billing_scheme": "tiered",
  "created": 1679431181, "currency": "usd", "livemode": false, "metadata": {},
  "tiers": [
    {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 700, "unit_amount_decimal": "700", "up_to": 5},
    {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 650, "unit_amount_decimal": "650", "up_to": 10},
    {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 600, "unit_amount_decimal": "600", "up_to": null}
  ],
  "tiers_mode": "graduated", "type": "one_time", "unit_amount": null, "unit_amount_decimal": null
}`

// TestPrice_Amount_editAfterDecode pins the rule of compiled prices: a
// decoded price carries tables built from its tiers, and a caller who then
// edits the tiers, in any way, is billed for the edited tiers, exactly as
// the general path bills them (errors included); the one exception is a
// field the line's amount does not depend on.
func TestPrice_Amount_editAfterDecode(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		edit      func(p *pricing.Price)
		quantity  int64
		want      int64
		wantField string // a *FieldError naming it, wrapping ErrInvalidPrice
	}{
		{name: "as decoded", reason: "5 x 700 + 5 x 650 + 2 x 600", edit: func(*pricing.Price) {}, quantity: 12, want: 7950},
		{name: "a copy", reason: "copies share the table",
			edit: func(p *pricing.Price) { c := *p; *p = c }, quantity: 12, want: 7950},
		{name: "new slice", reason: "the table is not used for another slice",
			edit: func(p *pricing.Price) {
				ts := append([]pricing.Tier(nil), p.Tiers...)
				ts[2] = pricing.Tier{UnitAmount: i64(500)}
				p.Tiers = ts
			}, quantity: 12, want: 7750},
		{name: "in place, both twins", reason: "a changed pointer and decimal are seen",
			edit: func(p *pricing.Price) {
				p.Tiers[0].UnitAmount, p.Tiers[0].UnitAmountDecimal = i64(800), dec("800")
			}, quantity: 12, want: 8450},
		{name: "through the pointer, up_to", reason: "the number behind a pointer is compared: 4 x 700 + 6 x 650 + 2 x 600",
			edit: func(p *pricing.Price) { *p.Tiers[0].UpTo = 4 }, quantity: 12, want: 7900},
		{name: "through the pointer, twin cleared", reason: "5 x 700 + 5 x 640 + 2 x 600",
			edit: func(p *pricing.Price) {
				p.Tiers[1].UnitAmountDecimal = decimal.NullDecimal{}
				*p.Tiers[1].UnitAmount = 640
			}, quantity: 12, want: 7900},
		{name: "through the pointer, twin left behind", reason: "unit_amount 800 beside \"700\" is refused, as by the general path",
			edit: func(p *pricing.Price) { *p.Tiers[0].UnitAmount = 800 }, quantity: 12, wantField: "tiers[0].unit_amount_decimal"},
		{name: "tier appended", reason: "the unbounded tier is no longer last",
			edit: func(p *pricing.Price) { p.Tiers = append(p.Tiers, pricing.Tier{UnitAmount: i64(1)}) }, quantity: 3, wantField: "tiers[2].up_to"},
		{name: "broken where the line reads", reason: "tier 1 is reached at 12",
			edit: func(p *pricing.Price) { p.Tiers[1].UpTo = i64(3) }, quantity: 12, wantField: "tiers[1].up_to"},
		{name: "broken beyond the line, high quantity", reason: "tier 2 is reached at 12",
			edit: func(p *pricing.Price) { *p.Tiers[2].UnitAmount = -1 }, quantity: 12, wantField: "tiers[2].unit_amount"},
		{name: "broken beyond the line, low quantity", reason: "the exception: 3 units read tier 0 only, whatever tier 2 holds",
			edit: func(p *pricing.Price) { *p.Tiers[2].UnitAmount = -1 }, quantity: 3, want: 2100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodedPrice(t, []byte(stripeGraduatedJSON))
			if !pricing.TiersCompiled(p, "") {
				t.Fatal("the decoded price has no table")
			}
			tt.edit(&p)
			got, err := p.Amount(tt.quantity)
			var fe *pricing.FieldError
			switch {
			case tt.wantField == "" && (err != nil || got != tt.want):
				t.Errorf("%s: Amount(%d) (-want +got):\n-%d\n+%d %v", tt.reason, tt.quantity, tt.want, got, err)
			case tt.wantField != "" && (!errors.As(err, &fe) || fe.Field != tt.wantField || !errors.Is(err, pricing.ErrInvalidPrice)):
				t.Errorf("%s: Amount(%d) = %d, %v; want a problem with %s", tt.reason, tt.quantity, got, err, tt.wantField)
			}
			if tt.name == "broken beyond the line, low quantity" {
				if p.Validate() == nil {
					t.Error("Validate accepts the broken tier")
				}
				again, _ := p.Compile()
				if _, err := again.Amount(tt.quantity); !errors.Is(err, pricing.ErrInvalidPrice) {
					t.Errorf("compiled again, Amount(%d) = %v; want the broken tier refused", tt.quantity, err)
				}
			}
		})
	}
}

func TestPrice_Compile(t *testing.T) {
	valid := tiered(pricing.Volume, stripeTiers()...)
	broken := tiered(pricing.Volume, tier(5, i64(700), nil), tier(5, i64(650), nil), tier(0, i64(600), nil))
	withOption := with(valid, func(p *pricing.Price) {
		p.CurrencyOptions = map[pricing.Currency]pricing.CurrencyOption{
			"eur": {Tiers: []pricing.Tier{tier(5, i64(640), nil), tier(10, i64(600), nil), tier(0, i64(550), nil)}},
			"gbp": {Tiers: []pricing.Tier{tier(5, i64(-1), nil), tier(10, i64(500), nil), tier(0, i64(450), nil)}},
		}
	})
	tests := []struct {
		name     string
		reason   string
		price    pricing.Price
		compiled map[pricing.Currency]bool // TiersCompiled for these line currencies
		wantErr  bool                      // Validate's verdict, returned by Compile
	}{
		{"valid", "every valid tier list is compiled", valid, map[pricing.Currency]bool{"": true}, false},
		{"broken", "a list that fails the tier checks is not compiled, and keeps being refused", broken, map[pricing.Currency]bool{"": false}, true},
		{"options", "each option's list on its own: eur compiles, gbp (a negative unit amount) does not", withOption,
			map[pricing.Currency]bool{"": true, "eur": true, "gbp": false}, true},
		{"per unit", "nothing to compile", perUnit("usd", 100), map[pricing.Currency]bool{"": false}, false},
		{"not valid elsewhere", "a list compiles whatever else is wrong with the price",
			with(valid, func(p *pricing.Price) { p.Currency = "XXX" }), map[pricing.Currency]bool{"": true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.price.Compile()
			if (err != nil) != tt.wantErr || (err == nil) != (tt.price.Validate() == nil) {
				t.Errorf("%s: Compile error %v, want Validate's (%v)", tt.reason, err, tt.price.Validate())
			}
			if !c.Equal(tt.price) {
				t.Errorf("%s: Compile changed the price:\n%#v\n%#v", tt.reason, tt.price, c)
			}
			for cur, want := range tt.compiled {
				if got := pricing.TiersCompiled(c, cur); got != want {
					t.Errorf("%s: TiersCompiled(%q) = %v, want %v", tt.reason, cur, got, want)
				}
				for q := int64(0); q < 14; q++ {
					o := pricing.AmountOptions{Currency: cur}
					w, werr := tt.price.AmountWith(q, o)
					g, gerr := c.AmountWith(q, o)
					if g != w || !pricing.SameError(gerr, werr) {
						t.Errorf("%s: AmountWith(%d, %q) (-built +compiled):\n-%d %v\n+%d %v", tt.reason, q, cur, w, werr, g, gerr)
					}
				}
			}
		})
	}
}
