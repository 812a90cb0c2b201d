package pricing

import (
	"errors"
	"fmt"
	"strconv"

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
	r, err := p.line(quantity, nil)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if r.frac {
		return r.d, nil
	}
	return decimal.NewFromInt(r.i), nil
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
// so the currency's exponent does not change the arithmetic). When every
// amount involved is an integer, the line is computed in int64 with checked
// arithmetic and without allocating; shopspring/decimal is used only when a
// fractional *_decimal value takes part.
//
// Errors, checked in this order, the first one found returned:
//   - an unknown opts.Rounding wraps ErrInvalidOptions;
//   - a negative quantity wraps ErrInvalidQuantity;
//   - an opts.Currency without an option wraps ErrUnknownCurrency;
//   - a field the computation cannot use (a missing unit amount, tiered
//     without tiers or tiers_mode, a tier without any amount, up_to out of
//     order, a bad divide_by or round, an unknown billing_scheme, a negative
//     amount, a decimal with more than 12 places, an amount and its decimal
//     twin disagreeing) is a *FieldError naming the field as Stripe does
//     ("tiers[2].unit_amount", "currency_options.eur.tiers[0].up_to") and
//     wrapping ErrInvalidPrice; a *_decimal amount beyond int64 wraps
//     ErrOverflow instead;
//   - custom amount problems wrap ErrInvalidOptions (or ErrInvalidQuantity
//     for a quantity other than 1);
//   - an exact amount above math.MaxInt64 minor units wraps ErrOverflow. It
//     is never wrapped around, and since it is checked before rounding,
//     rounding cannot overflow.
//
// AmountWith never panics, whatever p holds.
func (p Price) AmountWith(quantity int64, opts AmountOptions) (int64, error) {
	return p.amount(quantity, opts)
}

// amount is AmountWith on a pointer, so that Amount does not copy p twice.
func (p *Price) amount(quantity int64, opts AmountOptions) (int64, error) {
	if !opts.Rounding.valid() {
		return 0, fmt.Errorf("%w: unknown rounding mode %d", ErrInvalidOptions, int(opts.Rounding))
	}
	r, err := p.line(quantity, &opts)
	if err != nil {
		return 0, err
	}
	if !r.frac {
		return r.i, nil
	}
	return opts.Rounding.Round(r.d)
}

// num is an amount in minor units: the integer i, or the decimal d when frac
// is set (d may then hold an integral value too).
type num struct {
	i    int64
	d    decimal.Decimal
	frac bool
}

func (n num) dec() decimal.Decimal {
	if n.frac {
		return n.d
	}
	return decimal.NewFromInt(n.i)
}

// source is the set of amount fields a line is computed from: the price's own
// or those of one of its currency options (opt names it; "" for the price).
type source struct {
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
	return &FieldError{Object: "price", Field: f, Reason: fmt.Sprintf(format, args...), Err: err}
}

// priceErr is a *FieldError about a field that belongs to the price itself.
func priceErr(field string, err error, format string, args ...any) error {
	return &FieldError{Object: "price", Field: field, Reason: fmt.Sprintf(format, args...), Err: err}
}

// source selects the amounts for currency c.
func (p *Price) source(c Currency) (source, error) {
	if c == "" || c == p.Currency {
		return source{unit: p.UnitAmount, unitDec: p.UnitAmountDecimal, tiers: p.Tiers, custom: p.CustomUnitAmount}, nil
	}
	o, ok := p.CurrencyOptions[c]
	if !ok {
		return source{}, priceErr("currency_options."+string(c), ErrUnknownCurrency,
			"the price has no option for currency %q (its currency is %q)", string(c), string(p.Currency))
	}
	return source{opt: c, unit: o.UnitAmount, unitDec: o.UnitAmountDecimal, tiers: o.Tiers, custom: o.CustomUnitAmount}, nil
}

// line computes the exact amount of quantity q. opts is nil for ExactAmount.
func (p *Price) line(q int64, opts *AmountOptions) (num, error) {
	if q < 0 {
		return num{}, fmt.Errorf("%w: %d is negative", ErrInvalidQuantity, q)
	}
	var cur Currency
	var custom *int64
	if opts != nil {
		cur, custom = opts.Currency, opts.CustomAmount
	}
	src, err := p.source(cur)
	if err != nil {
		return num{}, err
	}
	switch p.BillingScheme {
	case "", PerUnit:
		return p.perUnit(&src, q, custom)
	case Tiered:
		return p.tiered(&src, q, custom)
	}
	return num{}, priceErr("billing_scheme", ErrInvalidPrice, "unknown value %q (want per_unit or tiered)", string(p.BillingScheme))
}

func (p *Price) perUnit(src *source, q int64, custom *int64) (num, error) {
	unit, ok, err := src.amount(-1, "unit_amount", src.unit, "unit_amount_decimal", src.unitDec)
	if err != nil {
		return num{}, err
	}
	if !ok {
		if src.custom != nil {
			return p.customAmount(src, q, custom)
		}
		return num{}, src.fieldErr(-1, "unit_amount", ErrInvalidPrice,
			"required: a per_unit price needs unit_amount, unit_amount_decimal or custom_unit_amount")
	}
	if custom != nil {
		return num{}, fmt.Errorf("%w: CustomAmount given for a price without custom_unit_amount", ErrInvalidOptions)
	}
	if t := p.TransformQuantity; t != nil {
		if t.DivideBy < 1 {
			return num{}, priceErr("transform_quantity.divide_by", ErrInvalidPrice, "must be at least 1 (got %d)", t.DivideBy)
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
			return num{}, priceErr("transform_quantity.round", ErrInvalidPrice, "unknown value %q (want up or down)", string(t.Round))
		}
	}
	var a acc
	a.add(q, unit, num{})
	return a.result(q)
}

func (p *Price) customAmount(src *source, q int64, given *int64) (num, error) {
	if p.TransformQuantity != nil {
		return num{}, priceErr("transform_quantity", ErrInvalidPrice, "cannot be combined with custom_unit_amount")
	}
	c := src.custom
	if c.Minimum != nil && *c.Minimum < 0 {
		return num{}, src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidPrice, "must not be negative (got %d)", *c.Minimum)
	}
	if c.Maximum != nil && *c.Maximum < 0 {
		return num{}, src.fieldErr(-1, "custom_unit_amount.maximum", ErrInvalidPrice, "must not be negative (got %d)", *c.Maximum)
	}
	if c.Minimum != nil && c.Maximum != nil && *c.Minimum > *c.Maximum {
		return num{}, src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidPrice, "%d is greater than maximum %d", *c.Minimum, *c.Maximum)
	}
	if given == nil {
		return num{}, src.fieldErr(-1, "custom_unit_amount", ErrInvalidOptions,
			"the customer chooses the amount: pass it as AmountOptions.CustomAmount")
	}
	if q != 1 {
		return num{}, fmt.Errorf("%w: a custom_unit_amount price bills quantity 1, got %d", ErrInvalidQuantity, q)
	}
	switch v := *given; {
	case v < 0:
		return num{}, fmt.Errorf("%w: CustomAmount %d is negative", ErrInvalidOptions, v)
	case c.Minimum != nil && v < *c.Minimum:
		return num{}, src.fieldErr(-1, "custom_unit_amount.minimum", ErrInvalidOptions, "CustomAmount %d is less than the minimum %d", v, *c.Minimum)
	case c.Maximum != nil && v > *c.Maximum:
		return num{}, src.fieldErr(-1, "custom_unit_amount.maximum", ErrInvalidOptions, "CustomAmount %d is greater than the maximum %d", v, *c.Maximum)
	}
	return num{i: *given}, nil
}

func (p *Price) tiered(src *source, q int64, custom *int64) (num, error) {
	if custom != nil {
		return num{}, fmt.Errorf("%w: CustomAmount given for a tiered price", ErrInvalidOptions)
	}
	if p.TransformQuantity != nil {
		return num{}, priceErr("transform_quantity", ErrInvalidPrice, "cannot be combined with tiers")
	}
	volume := false
	switch p.TiersMode {
	case Graduated:
	case Volume:
		volume = true
	case "":
		return num{}, priceErr("tiers_mode", ErrInvalidPrice, "required when billing_scheme is tiered (graduated or volume)")
	default:
		return num{}, priceErr("tiers_mode", ErrInvalidPrice, "unknown value %q (want graduated or volume)", string(p.TiersMode))
	}
	tiers := src.tiers
	if len(tiers) == 0 {
		return num{}, src.fieldErr(-1, "tiers", ErrInvalidPrice, "required when billing_scheme is tiered")
	}
	// One pass checks every tier (so that a broken tier is reported whatever
	// the quantity) and adds the tiers the quantity reaches.
	var a acc
	prev := int64(0) // up_to of the previous tier
	done := false    // the tier holding q has been billed
	for i := range tiers {
		t := &tiers[i]
		last := i == len(tiers)-1
		switch {
		case t.UpTo == nil && !last:
			return num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "only the last tier may be unbounded (null or \"inf\")")
		case t.UpTo != nil && last:
			return num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "the last tier must be unbounded (null or \"inf\"), got %d", *t.UpTo)
		case t.UpTo != nil && *t.UpTo < 1:
			return num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "must be at least 1 (got %d)", *t.UpTo)
		case t.UpTo != nil && i > 0 && *t.UpTo <= prev:
			return num{}, src.fieldErr(i, "up_to", ErrInvalidPrice, "must be greater than tiers[%d].up_to (%d), got %d", i-1, prev, *t.UpTo)
		}
		unit, hasUnit, err := src.amount(i, "unit_amount", t.UnitAmount, "unit_amount_decimal", t.UnitAmountDecimal)
		if err != nil {
			return num{}, err
		}
		flat, hasFlat, err := src.amount(i, "flat_amount", t.FlatAmount, "flat_amount_decimal", t.FlatAmountDecimal)
		if err != nil {
			return num{}, err
		}
		if !hasUnit && !hasFlat {
			return num{}, src.fieldErr(i, "unit_amount", ErrInvalidPrice,
				"the tier needs unit_amount, unit_amount_decimal, flat_amount or flat_amount_decimal")
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
	return a.result(q)
}

// acc sums terms units x unit + flat: in int64 while every term is an
// integer, in decimal from the first fractional term on. Every term is
// non-negative, so an int64 overflow on the way means the exact total exceeds
// math.MaxInt64: over records it and the rest is not added up.
type acc struct {
	i    int64
	d    decimal.Decimal
	frac bool
	over bool
}

func (a *acc) add(units int64, unit, flat num) {
	if a.over {
		return
	}
	if !a.frac && !unit.frac && !flat.frac {
		m, ok := mul64(units, unit.i)
		if ok {
			m, ok = add64(m, flat.i)
		}
		if ok {
			m, ok = add64(a.i, m)
		}
		a.i, a.over = m, !ok
		return
	}
	if !a.frac {
		a.d, a.frac = decimal.NewFromInt(a.i), true
	}
	a.d = a.d.Add(decimal.NewFromInt(units).Mul(unit.dec())).Add(flat.dec())
}

func (a *acc) result(q int64) (num, error) {
	if a.over || (a.frac && a.d.GreaterThan(maxInt64)) {
		return num{}, fmt.Errorf("%w: the amount of quantity %d exceeds %d minor units", ErrOverflow, q, int64(maxInt64Value))
	}
	if a.frac {
		return num{d: a.d, frac: true}, nil
	}
	return num{i: a.i}, nil
}

// amount reads an amount given by the integer field intName and its decimal
// twin decName (of tier, or of the source when tier is -1). ok reports whether
// either is set.
func (src *source) amount(tier int, intName string, v *int64, decName string, d decimal.NullDecimal) (n num, ok bool, err error) {
	if v != nil && *v < 0 {
		return num{}, false, src.fieldErr(tier, intName, ErrInvalidPrice, "must not be negative (got %d)", *v)
	}
	if d.Valid {
		i, k := classify(d.Decimal)
		switch k {
		case decNegative:
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "must not be negative (got %s)", fmtDecimal(d.Decimal))
		case decPlaces:
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "has more than %d decimal places (%s)", maxAmountPlaces, fmtDecimal(d.Decimal))
		case decLarge:
			return num{}, false, src.fieldErr(tier, decName, ErrOverflow, "%s exceeds %d minor units", fmtDecimal(d.Decimal), int64(maxInt64Value))
		case decWhole:
			n = num{i: i}
		default:
			n = num{d: d.Decimal, frac: true}
		}
		if v != nil && (n.frac || n.i != *v) {
			return num{}, false, src.fieldErr(tier, decName, ErrInvalidPrice, "%q disagrees with %s %d", fmtDecimal(d.Decimal), intName, *v)
		}
	}
	if v != nil {
		return num{i: *v}, true, nil
	}
	return n, d.Valid, nil
}
