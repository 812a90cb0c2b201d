package pricing

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/shopspring/decimal"
)

// ErrInvalidOptions: AmountOptions that cannot apply to the price: an unknown
// rounding mode, a CustomAmount missing for a custom_unit_amount price or
// given for any other price, or a CustomAmount outside the price's bounds.
var ErrInvalidOptions = errors.New("pricing: invalid amount options")

// Amount returns the amount of quantity units of p in minor units of p's
// currency: the exact amount rounded once, half-up (1.5 -> 2, 2.5 -> 3). It is
// AmountWith with zero AmountOptions; see AmountWith for the rules and errors.
func (p Price) Amount(quantity int64) (int64, error) {
	return p.amount(quantity, AmountOptions{})
}

// ExactAmount returns the amount of quantity units of p in minor units of p's
// currency before rounding: an integer unless a *_decimal field with a
// fractional value takes part, and then a decimal with at most 12 decimal
// places (never a float).
//
// ExactAmount follows the rules of AmountWith with zero AmountOptions, so it
// returns the same errors; a custom_unit_amount price needs AmountWith, since
// its amount is the customer's.
func (p Price) ExactAmount(quantity int64) (decimal.Decimal, error) {
	var a acc
	if err := p.line(quantity, nil, &a); err != nil {
		return decimal.Decimal{}, err
	}
	return a.exact(), nil
}

// AmountWith returns the amount of one invoice line: quantity units of p, in
// minor units of the chosen currency, computed exactly and rounded once at the
// end of the line with opts.Rounding (half-up by default).
//
// Which amounts are used:
//   - opts.Currency "" or p.Currency prices in p's own currency. Any other
//     currency uses p.CurrencyOptions[opts.Currency]: its unit_amount,
//     unit_amount_decimal, tiers and custom_unit_amount replace the price's,
//     while billing_scheme, tiers_mode and transform_quantity stay the
//     price's. A currency without an option is an error naming
//     currency_options.<currency> and wrapping ErrUnknownCurrency.
//   - billing_scheme decides, as on Stripe: per_unit (also when empty, Stripe's
//     default) reads unit_amount(_decimal) and custom_unit_amount and ignores
//     tiers; tiered reads tiers and ignores unit_amount(_decimal) and
//     custom_unit_amount. Validate is stricter and rejects such mixtures.
//   - An amount may be given by its integer field, its *_decimal twin, or both
//     (as on every object Stripe returns); when both are set they must be
//     equal. Amounts must not be negative; a decimal has at most 12 decimal
//     places and, like every amount, fits in int64 minor units.
//
// How the amount of quantity q is computed:
//   - per_unit: q x unit_amount. With transform_quantity (package pricing),
//     q is first divided by divide_by and rounded up (ceil) or down (floor).
//   - per_unit with custom_unit_amount and no unit amount (pay what you
//     want): the amount is *opts.CustomAmount, which is required, must not be
//     negative and must lie within [minimum, maximum] where those are set.
//     Policy: such a line bills exactly one item, so q must be 1; any other
//     quantity wraps ErrInvalidQuantity. transform_quantity cannot be
//     combined with it.
//   - tiered, tiers_mode volume: the tier holding q bills every unit,
//     q x unit + flat. Tier i holds (tiers[i-1].up_to, tiers[i].up_to], upper
//     bound inclusive; q = 0 falls in the first tier, so its flat amount is
//     billed.
//   - tiered, tiers_mode graduated: every tier reached bills its own units
//     times its unit amount plus its flat amount. The first tier is always
//     reached, so q = 0 bills the first tier's flat amount.
//   - Tiers need unit_amount(_decimal) and/or flat_amount(_decimal) (a missing
//     one counts as zero); up_to at least 1 and strictly ascending; the last
//     tier, and only the last, unbounded (nil). transform_quantity cannot be
//     combined with tiers.
//
// Rounding happens once per line, after the tiers are summed, to an integer
// number of the currency's minor units (amounts are already in minor units,
// so the currency's exponent does not change the arithmetic).
//
// Speed: when every amount involved is an integer (including a *_decimal
// twin holding an integral value, as on objects Stripe returns), the line is
// computed in int64 with checked arithmetic; when a fractional *_decimal
// value takes part, in a 128-bit count of 10^-12 minor units, which is exact
// because Stripe allows at most 12 decimal places. Neither allocates.
// shopspring/decimal arithmetic is used only for a fraction whose
// coefficient exceeds int64, which no Stripe object carries. A tiered price
// decoded by UnmarshalJSON or returned by Compile is priced from tier
// tables compiled once instead of checking every tier on every call, with
// the same results; see Compile for the one exception, a tier field the
// amount does not depend on changed in place after compiling.
//
// Errors, checked in this order, the first one found returned:
//   - an unknown opts.Rounding wraps ErrInvalidOptions;
//   - a negative quantity wraps ErrInvalidQuantity;
//   - an opts.Currency without an option wraps ErrUnknownCurrency;
//   - an opts.CustomAmount for a price that takes none wraps
//     ErrInvalidOptions as soon as the price shows it: for a tiered price
//     before any other check of the price, for a per_unit one once its unit
//     amount has been read (and before transform_quantity is checked);
//   - a field the computation cannot use (a missing unit amount, tiered
//     without tiers or tiers_mode, a tier without any amount, up_to out of
//     order, a bad divide_by or round, an unknown billing_scheme, a negative
//     amount, a decimal with more than 12 places, an amount and its decimal
//     twin disagreeing) is a *FieldError naming the field as Stripe does
//     ("tiers[2].unit_amount", "currency_options.eur.tiers[0].up_to") and
//     wrapping ErrInvalidPrice; a *_decimal amount beyond int64 wraps
//     ErrOverflow instead;
//   - for a pay-what-you-want line, a missing or out-of-bounds CustomAmount
//     wraps ErrInvalidOptions, and a quantity other than 1
//     ErrInvalidQuantity;
//   - an exact amount above math.MaxInt64 minor units wraps ErrOverflow. It
//     is never wrapped around, and since it is checked before rounding,
//     rounding cannot overflow.
//
// AmountWith never panics, whatever p holds.
func (p Price) AmountWith(quantity int64, opts AmountOptions) (int64, error) {
	return p.amount(quantity, opts)
}

// amount is AmountWith on a pointer, so that Amount does not copy p twice.
//
// It first tries the most common lines without the general machinery: an
// integer per_unit price (package or not) in its own currency, and a tiered
// price in its own currency whose tiers were compiled into a table of whole
// amounts (compile.go). For per_unit, the unit_amount_decimal twin every
// price from Stripe carries may be set when it is the same whole number.
// Whenever any condition of these cases fails, or the amount overflows, the
// general path decides, so the two agree by construction: every check the
// general path would make passes on the quick one (for compiled tiers, see
// compile.go for which tiers are compared on each call).
func (p *Price) amount(q int64, opts AmountOptions) (int64, error) {
	if q >= 0 && opts.CustomAmount == nil && opts.Rounding.valid() &&
		(opts.Currency == "" || opts.Currency == p.Currency) {
		var v int64
		ok := false
		switch p.BillingScheme {
		case PerUnit, "":
			v, ok = p.quickPerUnit(q)
		case Tiered:
			if t := p.tab; t != nil && t.own.whole && p.TransformQuantity == nil {
				switch p.TiersMode {
				case Graduated:
					v, ok = t.own.graduated(p.Tiers, q)
				case Volume:
					v, ok = t.own.volume(p.Tiers, q)
				}
			}
		}
		if ok {
			return v, nil
		}
	}
	if !opts.Rounding.valid() {
		return 0, fmt.Errorf("%w: unknown rounding mode %d", ErrInvalidOptions, int(opts.Rounding))
	}
	var a acc
	if err := p.line(q, &opts, &a); err != nil {
		return 0, err
	}
	return a.round(opts.Rounding), nil
}

// quickPerUnit is amount's quick lane for a per_unit price.
func (p *Price) quickPerUnit(q int64) (int64, bool) {
	u := p.UnitAmount
	if u == nil || *u < 0 {
		return 0, false
	}
	if p.UnitAmountDecimal.Valid {
		if c, _, kind := classify(p.UnitAmountDecimal.Decimal); kind != decWhole || c != *u {
			return 0, false
		}
	}
	if t := p.TransformQuantity; t != nil {
		if t.DivideBy < 1 {
			return 0, false
		}
		switch r := q % t.DivideBy; {
		case t.Round == RoundDirUp:
			q /= t.DivideBy
			if r != 0 {
				q++
			}
		case t.Round == RoundDirDown:
			q /= t.DivideBy
		default:
			return 0, false
		}
	}
	return mul64(q, *u)
}

// num is an amount in minor units: c / 10^k with k in 0..12 (k = 0 for a
// whole amount), or *d when d is set (a fraction whose coefficient does not
// fit in int64, which no amount Stripe writes has; d points at the field read).
type num struct {
	c int64
	d *decimal.Decimal
	k int8
}

func (n num) whole() bool { return n.d == nil && n.k == 0 }

func (n num) dec() decimal.Decimal {
	if n.d != nil {
		return *n.d
	}
	return decimal.New(n.c, -int32(n.k))
}

// scaled returns units x n in units of 10^-12 minor units, and false when
// that exceeds 128 bits (and so the line exceeds math.MaxInt64 minor units).
func (n num) scaled(units int64) (u128, bool) {
	return mul64x64(uint64(units), uint64(n.c)).mul64(uint64(pow10[maxAmountPlaces-int(n.k)]))
}

// source is the set of amount fields a line is computed from: the price's own
// or those of one of its currency options (opt names it; "" for the price).
type source struct {
	id      string // the price's id, for errors
	opt     Currency
	unit    *int64
	unitDec decimal.NullDecimal
	tiers   []Tier
	custom  *CustomUnitAmount
}

// fieldErr builds the *FieldError for field name of tier (-1: not a tier
// field) of src. It allocates, so it is called only once an error is certain.
func (src *source) fieldErr(tier int, name string, err error, format string, args ...any) error {
	f := ""
	if src.opt != "" {
		f = "currency_options." + string(src.opt) + "."
	}
	if tier >= 0 {
		f += "tiers[" + strconv.Itoa(tier) + "]"
		if name != "" {
			f += "."
		}
	}
	f += name
	return stripejson.Errorf(err, "price", src.id, f, format, args...)
}

// priceErr is a *FieldError about a field that belongs to the price id
// itself ("" when unknown).
func priceErr(id, field string, err error, format string, args ...any) error {
	return stripejson.Errorf(err, "price", id, field, format, args...)
}

// source selects the amounts for currency c into src.
func (p *Price) source(c Currency, src *source) error {
	if c == "" || c == p.Currency {
		*src = source{id: p.ID, unit: p.UnitAmount, unitDec: p.UnitAmountDecimal, tiers: p.Tiers, custom: p.CustomUnitAmount}
		return nil
	}
	o, ok := p.CurrencyOptions[c]
	if !ok {
		e := stripejson.Errorf(ErrInvalidPrice, "price", p.ID, "currency_options."+string(c),
			"the price has no option for currency %q (its currency is %q)", string(c), string(p.Currency))
		e.Cause = ErrUnknownCurrency
		return e
	}
	*src = source{id: p.ID, opt: c, unit: o.UnitAmount, unitDec: o.UnitAmountDecimal, tiers: o.Tiers, custom: o.CustomUnitAmount}
	return nil
}

// line computes the exact amount of quantity q into a. opts is nil for
// ExactAmount.
func (p *Price) line(q int64, opts *AmountOptions, a *acc) error {
	if q < 0 {
		return fmt.Errorf("%w: %d is negative", ErrInvalidQuantity, q)
	}
	var cur Currency
	var custom *int64
	if opts != nil {
		cur, custom = opts.Currency, opts.CustomAmount
	}
	var src source
	if err := p.source(cur, &src); err != nil {
		return err
	}
	switch p.BillingScheme {
	case "", PerUnit:
		return p.perUnit(&src, q, custom, a)
	case Tiered:
		return p.tiered(&src, q, custom, a)
	}
	return priceErr(p.ID, "billing_scheme", ErrInvalidPrice, "unknown value %q (want per_unit or tiered)", string(p.BillingScheme))
}

func (p *Price) perUnit(src *source, q int64, custom *int64, a *acc) error {
	unit, ok, err := src.amount(-1, false, src.unit, &src.unitDec)
	if err != nil {
		return err
	}
	if !ok {
		if src.custom != nil {
			return p.customAmount(src, q, custom, a)
		}
		return src.fieldErr(-1, "unit_amount", ErrInvalidPrice,
			"required: a per_unit price needs unit_amount, unit_amount_decimal or custom_unit_amount")
	}
	if custom != nil {
		return fmt.Errorf("%w: CustomAmount given for a price without custom_unit_amount", ErrInvalidOptions)
	}
	if t := p.TransformQuantity; t != nil {
		if t.DivideBy < 1 {
			return priceErr(p.ID, "transform_quantity.divide_by", ErrInvalidPrice, "must be at least 1 (got %d)", t.DivideBy)
		}
		switch t.Round {
		case RoundDirUp:
			r := q % t.DivideBy
			q /= t.DivideBy
			if r != 0 {
				q++
			}
		case RoundDirDown:
			q /= t.DivideBy
		default:
			return priceErr(p.ID, "transform_quantity.round", ErrInvalidPrice, "unknown value %q (want up or down)", string(t.Round))
		}
	}
	a.add(q, unit, num{})
	return a.check(q)
}

func (p *Price) customAmount(src *source, q int64, given *int64, a *acc) error {
	if p.TransformQuantity != nil {
		return priceErr(p.ID, "transform_quantity", ErrInvalidPrice, "cannot be combined with custom_unit_amount")
	}
	c := src.custom
	if c.Minimum != nil && *c.Minimum < 0 {
		return src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidPrice, "must not be negative (got %d)", *c.Minimum)
	}
	if c.Maximum != nil && *c.Maximum < 0 {
		return src.fieldErr(-1, "custom_unit_amount.maximum", ErrInvalidPrice, "must not be negative (got %d)", *c.Maximum)
	}
	if c.Minimum != nil && c.Maximum != nil && *c.Minimum > *c.Maximum {
		return src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidPrice, "%d is greater than maximum %d", *c.Minimum, *c.Maximum)
	}
	if given == nil {
		return src.fieldErr(-1, "custom_unit_amount", ErrInvalidOptions,
			"the customer chooses the amount: pass it as AmountOptions.CustomAmount")
	}
	if q != 1 {
		return fmt.Errorf("%w: a custom_unit_amount price bills quantity 1, got %d", ErrInvalidQuantity, q)
	}
	switch v := *given; {
	case v < 0:
		return fmt.Errorf("%w: CustomAmount %d is negative", ErrInvalidOptions, v)
	case c.Minimum != nil && v < *c.Minimum:
		return src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidOptions, "CustomAmount %d is less than the minimum %d", v, *c.Minimum)
	case c.Maximum != nil && v > *c.Maximum:
		return src.fieldErr(-1, "custom_unit_amount.maximum", ErrInvalidOptions, "CustomAmount %d is greater than the maximum %d", v, *c.Maximum)
	}
	a.i = *given
	return nil
}

func (p *Price) tiered(src *source, q int64, custom *int64, a *acc) error {
	if custom != nil {
		return fmt.Errorf("%w: CustomAmount given for a tiered price", ErrInvalidOptions)
	}
	if p.TransformQuantity != nil {
		return priceErr(p.ID, "transform_quantity", ErrInvalidPrice, "cannot be combined with tiers")
	}
	volume := false
	switch p.TiersMode {
	case Graduated:
	case Volume:
		volume = true
	case "":
		return priceErr(p.ID, "tiers_mode", ErrInvalidPrice, "required when billing_scheme is tiered (graduated or volume)")
	default:
		return priceErr(p.ID, "tiers_mode", ErrInvalidPrice, "unknown value %q (want graduated or volume)", string(p.TiersMode))
	}
	tiers := src.tiers
	if len(tiers) == 0 {
		return src.fieldErr(-1, "tiers", ErrInvalidPrice, "required when billing_scheme is tiered")
	}
	if t := p.tab.find(tiers); t != nil && t.price(tiers, q, volume, a) {
		return a.check(q)
	}
	// One pass checks every tier (so that a broken tier is reported whatever
	// the quantity) and adds the tiers the quantity reaches.
	prev := int64(0) // up_to of the previous tier
	done := false    // the tier holding q has been billed
	for i := range tiers {
		t := &tiers[i]
		unit, flat, err := src.tier(i, t, prev, len(tiers))
		if err != nil {
			return err
		}
		upTo := int64(0)
		if t.UpTo != nil {
			upTo = *t.UpTo
		}
		if !done {
			holds := t.UpTo == nil || q <= upTo
			switch {
			case volume && holds:
				a.add(q, unit, flat)
			case !volume && holds:
				a.add(q-prev, unit, flat) // the last tier reached: its share of q
			case !volume:
				a.add(upTo-prev, unit, flat) // a full tier
			}
			done = holds
		}
		prev = upTo
	}
	return a.check(q)
}

// tier checks tier i of the n tiers of src, t, whose predecessor's up_to is
// prev (0 for the first tier), and returns its unit and flat amounts, a
// missing one as zero. It is the one definition of a valid tier for both
// the computation and the compiled tables (compile.go).
func (src *source) tier(i int, t *Tier, prev int64, n int) (unit, flat num, err error) {
	last := i == n-1
	switch {
	case t.UpTo == nil && !last:
		return num{}, num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "only the last tier may be unbounded (null or \"inf\")")
	case t.UpTo != nil && last:
		return num{}, num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "the last tier must be unbounded (null or \"inf\"), got %d", *t.UpTo)
	case t.UpTo != nil && *t.UpTo < 1:
		return num{}, num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "must be at least 1 (got %d)", *t.UpTo)
	case t.UpTo != nil && i > 0 && *t.UpTo <= prev:
		return num{}, num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "must be greater than tiers[%d].up_to (%d), got %d", i-1, prev, *t.UpTo)
	}
	unit, hasUnit, done := quickNum(t.UnitAmount, &t.UnitAmountDecimal)
	if !done {
		if unit, hasUnit, err = src.amount(i, false, t.UnitAmount, &t.UnitAmountDecimal); err != nil {
			return num{}, num{}, err
		}
	}
	flat, hasFlat, done := quickNum(t.FlatAmount, &t.FlatAmountDecimal)
	if !done {
		if flat, hasFlat, err = src.amount(i, true, t.FlatAmount, &t.FlatAmountDecimal); err != nil {
			return num{}, num{}, err
		}
	}
	if !hasUnit && !hasFlat {
		return num{}, num{}, src.fieldErr(i, "unit_amount", ErrInvalidPrice,
			"the tier needs unit_amount, unit_amount_decimal, flat_amount or flat_amount_decimal")
	}
	return unit, flat, nil
}

// acc sums the terms units x unit + flat of a line, exactly, in the
// cheapest form that holds them: int64 while every amount is whole; a 128-bit
// count of 10^-12 minor units once a fraction (at most 12 places, Stripe's
// limit) takes part; a decimal only for a fraction whose coefficient does
// not fit in int64. Every term is non-negative, so an overflow on the way
// means the exact total exceeds math.MaxInt64 minor units: over records it
// and the rest is not added up.
type acc struct {
	form accForm
	i    int64           // accInt
	s    u128            // accScaled: the total x 10^12
	d    decimal.Decimal // accBig
	over bool
}

type accForm uint8

const (
	accInt accForm = iota
	accScaled
	accBig
)

// maxScaled is math.MaxInt64 minor units in units of 10^-12.
var maxScaled = mul64x64(math.MaxInt64, uint64(pow10[maxAmountPlaces]))

func (a *acc) add(units int64, unit, flat num) {
	if a.over {
		return
	}
	if a.form == accInt && unit.whole() && flat.whole() {
		m, ok := mul64(units, unit.c)
		if ok {
			m, ok = add64(m, flat.c)
		}
		if ok {
			m, ok = add64(a.i, m)
		}
		a.i, a.over = m, !ok
		return
	}
	if a.form != accBig && unit.d == nil && flat.d == nil {
		if a.form == accInt {
			a.s = mul64x64(uint64(a.i), uint64(pow10[maxAmountPlaces]))
			a.form = accScaled
		}
		u, ok1 := unit.scaled(units)
		f, ok2 := flat.scaled(1)
		s, ok3 := a.s.add(u)
		s, ok4 := s.add(f)
		a.s, a.over = s, !(ok1 && ok2 && ok3 && ok4)
		return
	}
	if a.form != accBig {
		a.d, a.form = a.exact(), accBig
	}
	a.d = a.d.Add(decimal.NewFromInt(units).Mul(unit.dec())).Add(flat.dec())
}

// check returns the line's ErrOverflow, if any.
func (a *acc) check(q int64) error {
	if a.over || (a.form == accScaled && maxScaled.less(a.s)) || (a.form == accBig && a.d.GreaterThan(maxInt64)) {
		return fmt.Errorf("%w: the amount of quantity %d exceeds %d minor units", ErrOverflow, q, int64(maxInt64Value))
	}
	return nil
}

// exact returns the sum as a decimal.
func (a *acc) exact() decimal.Decimal {
	switch a.form {
	case accScaled:
		if a.s.hi == 0 && a.s.lo <= math.MaxInt64 {
			return decimal.New(int64(a.s.lo), -maxAmountPlaces)
		}
		return decimal.NewFromBigInt(a.s.big(), -maxAmountPlaces)
	case accBig:
		return a.d
	}
	return decimal.NewFromInt(a.i)
}

// round returns the sum rounded to whole minor units with a valid mode m,
// once check has passed (so the sum is at most math.MaxInt64 and rounding
// cannot overflow).
func (a *acc) round(m RoundingMode) int64 {
	switch a.form {
	case accScaled:
		// s <= maxScaled, so s.hi < 10^12 and the quotient fits.
		q, r := bits.Div64(a.s.hi, a.s.lo, uint64(pow10[maxAmountPlaces]))
		const half = 500_000_000_000 // 10^12 / 2
		if r != 0 && (m == RoundUp || (m == RoundHalfUp && r >= half) || (m == RoundHalfEven && (r > half || (r == half && q%2 == 1)))) {
			q++
		}
		return int64(q)
	case accBig:
		v, _ := m.Round(a.d) // cannot fail: check bounded d and m is valid
		return v
	}
	return a.i
}

// amount reads an amount given by an integer field and its decimal twin:
// unit_amount(_decimal) when flat is false, flat_amount(_decimal) when true,
// of tier (or of the source when tier is -1). ok reports whether either is
// set. d points into the price, and so may n.d. Callers first try quickNum,
// which inlines, and call amount when it cannot decide.
func (src *source) amount(tier int, flat bool, v *int64, d *decimal.NullDecimal) (n num, ok bool, err error) {
	if n, ok, done := quickNum(v, d); done {
		return n, ok, nil
	}
	return src.amountSlow(tier, flat, v, d)
}

// quickNum is amount for an integer field without a decimal twin, the
// common case of a price built in Go: done is false when d is set or *v is
// negative.
func quickNum(v *int64, d *decimal.NullDecimal) (n num, ok, done bool) {
	if d.Valid || (v != nil && *v < 0) {
		return num{}, false, false
	}
	if v == nil {
		return num{}, false, true
	}
	return num{c: *v}, true, true
}

func (src *source) amountSlow(tier int, flat bool, v *int64, d *decimal.NullDecimal) (n num, ok bool, err error) {
	intName, decName := "unit_amount", "unit_amount_decimal"
	if flat {
		intName, decName = "flat_amount", "flat_amount_decimal"
	}
	if v != nil && *v < 0 {
		return num{}, false, src.fieldErr(tier, intName, ErrInvalidPrice, "must not be negative (got %d)", *v)
	}
	if d.Valid {
		c, places, kind := classify(d.Decimal)
		switch kind {
		case decNegative:
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "must not be negative (got %s)", fmtDecimal(d.Decimal))
		case decPlaces:
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "has more than %d decimal places (%s)", maxAmountPlaces, fmtDecimal(d.Decimal))
		case decLarge:
			return num{}, false, src.fieldErr(tier, decName, ErrOverflow, "%s exceeds %d minor units", fmtDecimal(d.Decimal), int64(maxInt64Value))
		case decWhole:
			n = num{c: c}
		default: // decFrac
			if places < 0 {
				n = num{d: &d.Decimal}
			} else {
				n = num{c: c, k: int8(places)}
			}
		}
		if v != nil && (!n.whole() || n.c != *v) {
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "%q disagrees with %s %d", fmtDecimal(d.Decimal), intName, *v)
		}
	}
	if v != nil {
		return num{c: *v}, true, nil
	}
	return n, d.Valid, nil
}
