package totals

import (
	"maps"
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// Duration is how long a coupon applies: once (the first invoice), repeating
// (DurationInMonths months) or forever. Stripe marks the enum open; unknown
// values decode and are treated like once by Compute.
type Duration string

// Coupon durations.
const (
	DurationOnce      Duration = "once"
	DurationRepeating Duration = "repeating"
	DurationForever   Duration = "forever"
)

// Coupon is Stripe's coupon object (object "coupon"): a percent_off or an
// amount_off (in Currency) discount.
//
// Rules used by Compute: exactly one of PercentOff (0 < p <= 100; Stripe
// shows two decimal places, Compute accepts up to four [P]) and AmountOff (>= 0, Currency must be the
// quote's, or CurrencyOptions has the quote's currency) is set. A coupon with AppliesTo applies only to lines whose
// price's product is listed. Once and repeating coupons count towards the
// first invoice (computed.upfront and the line items); only forever coupons
// count towards computed.recurring.
type Coupon struct {
	ID               string
	AmountOff        *int64
	Currency         pricing.Currency // amount_off's currency; "" is null
	PercentOff       decimal.NullDecimal
	Duration         Duration
	DurationInMonths *int64
	Name             string
	AppliesTo        *AppliesTo
	// CurrencyOptions are amount_off's values in other currencies: a quote
	// in such a currency uses CurrencyOptions[currency].AmountOff.
	CurrencyOptions map[pricing.Currency]CouponCurrencyOption
	Created         time.Time
	Livemode        bool
	MaxRedemptions  *int64
	Metadata        map[string]string
	RedeemBy        time.Time
	TimesRedeemed   int64
	Valid           bool

	wire stripejson.Shape
	ref  bool // decoded from a bare coupon id; encodes as the id
}

// CouponCurrencyOption is a coupon's amount_off in another currency.
type CouponCurrencyOption struct {
	AmountOff int64

	wire stripejson.Shape
}

// AppliesTo restricts a coupon to the listed products.
type AppliesTo struct {
	Products []string

	wire stripejson.Shape
}

// Discount is Stripe's discount object (object "discount"): a coupon
// applied to a quote or a line. On the wire a discount may be a bare id
// (not expanded); such a Discount has only its ID, decodes and encodes as a
// string, and cannot be computed (Compute names it).
type Discount struct {
	ID            string
	Coupon        Coupon
	Customer      string
	Start         time.Time
	End           time.Time // zero is null
	PromotionCode string
	Invoice       string
	InvoiceItem   string
	Subscription  string
	// Unexpanded is set for a discount decoded from a bare id.
	Unexpanded bool

	wire       stripejson.Shape // as a discount object
	ref        stripejson.Shape // as a schedule phase's discount reference
	fromSource bool             // coupon came from source.coupon (newer API versions)
	sourceType string
	sourceWire stripejson.Shape
}

// DiscountAmount is the amount one discount took off a line or a total
// (wire: {"amount", "discount"}; on an invoice the discount is its id).
type DiscountAmount struct {
	Amount   int64
	Discount Discount

	wire     stripejson.Shape // as a quote's discount amount
	invWire  stripejson.Shape // as an invoice's discount amount
	expanded bool             // the invoice shape's discount was decoded expanded
}

// TaxRate is Stripe's tax rate object (object "tax_rate"). Percentage is the
// rate in percent (20 for 20%); Inclusive says the price already contains
// the tax (it is reported, not added).
type TaxRate struct {
	ID           string
	Active       bool
	Country      string
	Created      time.Time
	Description  string
	DisplayName  string
	Inclusive    bool
	Jurisdiction string
	Livemode     bool
	Metadata     map[string]string
	Percentage   decimal.Decimal
	State        string
	TaxType      string
	// Unexpanded is set for a tax rate decoded from a bare id.
	Unexpanded bool

	wire stripejson.Shape
}

// TaxAmount is the tax one rate added to (or, inclusive, found inside) a line
// or a total (wire: {"amount", "rate", "taxability_reason", "taxable_amount"};
// on an invoice {"amount", "inclusive", "tax_rate", ...} with the rate's id).
type TaxAmount struct {
	Amount        int64
	Rate          TaxRate
	TaxableAmount int64
	// TaxabilityReason is the invoice shape's taxability_reason ("" writes
	// standard_rated on a value built in Go).
	TaxabilityReason string

	wire        stripejson.Shape // as a quote's tax amount
	invWire     stripejson.Shape // as an invoice's tax amount
	detailsWire stripejson.Shape // its tax_rate_details
	rateObject  bool             // tax_rate_details.tax_rate was decoded expanded
}

// ---- codecs ----

// The codec methods (Decode, AppendJSON, HasValue) are exported for the
// packages that nest these objects (invoice, subscription, quote).

var couponKeys = stripejson.NewKeys("id", "object", "amount_off", "applies_to?", "created", "currency",
	"currency_options?", "duration", "duration_in_months", "livemode", "max_redemptions", "metadata", "name",
	"percent_off", "redeem_by", "times_redeemed", "valid")

const (
	cID = iota
	cObject
	cAmountOff
	cAppliesTo
	cCreated
	cCurrency
	cCurrencyOptions
	cDuration
	cDurationInMonths
	cLivemode
	cMaxRedemptions
	cMetadata
	cName
	cPercentOff
	cRedeemBy
	cTimesRedeemed
	cValid
)

// MarshalJSON writes Stripe's coupon object (a coupon decoded from a bare
// id writes the id).
func (c Coupon) MarshalJSON() ([]byte, error) { return stripejson.Marshal(c.AppendJSON) }

// UnmarshalJSON reads Stripe's coupon object. A percent_off,
// duration_in_months or max_redemptions of 0, and an amount_off of 0 beside
// a percent_off, read as null: Stripe requires them positive, and stripe-go
// writes 0 for nil.
func (c *Coupon) UnmarshalJSON(b []byte) error {
	return stripejson.Decode(b, ErrInvalidJSON, "coupon", c, (*Coupon).Decode)
}

func (c *Coupon) Decode(d *stripejson.Decoder) {
	if d.Kind() == "a string" {
		*c = Coupon{ID: d.String(), ref: true}
		return
	}
	d.Object(couponKeys, &c.wire, func(i int) {
		switch i {
		case cID:
			c.ID = d.String()
		case cObject:
			d.Const("coupon")
		case cAmountOff:
			c.AmountOff = d.IntPtr()
		case cAppliesTo:
			if !d.IsNull() {
				c.AppliesTo = new(AppliesTo)
				d.Object(appliesToKeys, &c.AppliesTo.wire, func(int) { c.AppliesTo.Products = d.Strings() })
			}
		case cCreated:
			c.Created = d.Unix()
		case cCurrency:
			c.Currency = pricing.Currency(d.String())
		case cCurrencyOptions:
			if !d.IsNull() {
				c.CurrencyOptions = map[pricing.Currency]CouponCurrencyOption{}
				d.Map(func(key string) {
					var o CouponCurrencyOption
					d.Object(couponOptionKeys, &o.wire, func(int) { o.AmountOff = d.Int() })
					c.CurrencyOptions[pricing.Currency(key)] = o
				})
			}
		case cDuration:
			c.Duration = Duration(d.String())
		case cDurationInMonths:
			c.DurationInMonths = d.IntPtr()
		case cLivemode:
			c.Livemode = d.Bool()
		case cMaxRedemptions:
			c.MaxRedemptions = d.IntPtr()
		case cMetadata:
			c.Metadata = d.Metadata()
		case cName:
			c.Name = d.String()
		case cPercentOff:
			c.PercentOff = d.Decimal()
		case cRedeemBy:
			c.RedeemBy = d.Unix()
		case cTimesRedeemed:
			c.TimesRedeemed = d.Int()
		case cValid:
			c.Valid = d.Bool()
		}
	})
	// stripe-go writes 0 for a nil number; Stripe requires these positive
	// (policy, see the package doc).
	if c.PercentOff.Valid && c.PercentOff.Decimal.IsZero() {
		c.PercentOff = decimal.NullDecimal{}
	}
	if c.AmountOff != nil && *c.AmountOff == 0 && c.PercentOff.Valid {
		c.AmountOff = nil
	}
	c.DurationInMonths = positiveOrNil(c.DurationInMonths)
	c.MaxRedemptions = positiveOrNil(c.MaxRedemptions)
}

// positiveOrNil reads a 0 that Stripe never sends as null.
func positiveOrNil(p *int64) *int64 {
	if p != nil && *p == 0 {
		return nil
	}
	return p
}

var (
	appliesToKeys    = stripejson.NewKeys("products")
	couponOptionKeys = stripejson.NewKeys("amount_off")
)

func (c *Coupon) AppendJSON(b []byte, _ *error) []byte {
	if c.ref {
		return stripejson.AppendString(b, c.ID)
	}
	e := stripejson.NewEncoder(b, couponKeys, &c.wire)
	e.String(cID, c.ID)
	e.Const(cObject, "coupon")
	e.IntPtr(cAmountOff, c.AmountOff)
	stripejson.Nullable(&e, cAppliesTo, c.AppliesTo != nil, c.AppliesTo, func(a *AppliesTo, b []byte, _ *error) []byte {
		ae := stripejson.NewEncoder(b, appliesToKeys, &a.wire)
		stripejson.Slice(&ae, 0, a.Products, func(p *string, b []byte, _ *error) []byte { return stripejson.AppendString(b, *p) }, nil)
		return ae.Close()
	}, nil)
	e.UnixRequired(cCreated, c.Created)
	e.String(cCurrency, string(c.Currency))
	if e.Field(cCurrencyOptions, c.CurrencyOptions != nil) {
		if c.CurrencyOptions == nil {
			e.Null()
		} else {
			e.B = append(e.B, '{')
			for j, cur := range slices.Sorted(maps.Keys(c.CurrencyOptions)) {
				if j > 0 {
					e.B = append(e.B, ',')
				}
				o := c.CurrencyOptions[cur]
				e.B = append(stripejson.AppendString(e.B, string(cur)), ':')
				oe := stripejson.NewEncoder(e.B, couponOptionKeys, &o.wire)
				oe.Int(0, o.AmountOff)
				e.B = oe.Close()
			}
			e.B = append(e.B, '}')
		}
	}
	e.String(cDuration, string(c.Duration))
	e.IntPtr(cDurationInMonths, c.DurationInMonths)
	e.Bool(cLivemode, c.Livemode)
	e.IntPtr(cMaxRedemptions, c.MaxRedemptions)
	e.MetadataOrEmpty(cMetadata, c.Metadata)
	e.String(cName, c.Name)
	e.Number(cPercentOff, c.PercentOff)
	e.Unix(cRedeemBy, c.RedeemBy)
	e.Int(cTimesRedeemed, c.TimesRedeemed)
	e.Bool(cValid, c.Valid)
	return e.Close()
}

// HasValue reports whether c holds anything to write.
func (c *Coupon) HasValue() bool {
	return c.ID != "" || c.ref || c.wire.Decoded() || c.PercentOff.Valid || c.AmountOff != nil
}

var discountKeys = stripejson.NewKeys("id", "object", "coupon", "customer", "end", "invoice", "invoice_item",
	"promotion_code", "source?", "start", "subscription")

const (
	dID = iota
	dObject
	dCoupon
	dCustomer
	dEnd
	dInvoice
	dInvoiceItem
	dPromotionCode
	dSource
	dStart
	dSubscription
)

var sourceKeys = stripejson.NewKeys("coupon", "type")

// MarshalJSON writes Stripe's discount object, or its id for an unexpanded
// discount.
func (d Discount) MarshalJSON() ([]byte, error) { return stripejson.Marshal(d.AppendJSON) }

// UnmarshalJSON reads Stripe's discount object, or a bare discount id. The
// coupon may be the discount's "coupon" or, in newer API versions,
// "source": {"coupon", "type"}.
func (d *Discount) UnmarshalJSON(b []byte) error {
	return stripejson.Decode(b, ErrInvalidJSON, "discount", d, (*Discount).Decode)
}

func (x *Discount) Decode(d *stripejson.Decoder) {
	if d.Kind() == "a string" {
		*x = Discount{ID: d.String(), Unexpanded: true}
		return
	}
	d.Object(discountKeys, &x.wire, func(i int) {
		switch i {
		case dID:
			x.ID = d.String()
		case dObject:
			d.Const("discount")
		case dCoupon:
			if !d.IsNull() {
				x.Coupon.Decode(d)
			}
		case dCustomer:
			x.Customer = d.ID()
		case dEnd:
			x.End = d.Unix()
		case dInvoice:
			x.Invoice = d.ID()
		case dInvoiceItem:
			x.InvoiceItem = d.ID()
		case dPromotionCode:
			x.PromotionCode = d.ID()
		case dSource:
			x.fromSource = !d.IsNull()
			d.Object(sourceKeys, &x.sourceWire, func(j int) {
				if j == 0 {
					if !d.IsNull() {
						x.Coupon.Decode(d)
					}
				} else {
					x.sourceType = d.String()
				}
			})
		case dStart:
			x.Start = d.Unix()
		case dSubscription:
			x.Subscription = d.ID()
		}
	})
}

func (x *Discount) AppendJSON(b []byte, err *error) []byte {
	if x.Unexpanded {
		return stripejson.AppendString(b, x.ID)
	}
	e := stripejson.NewEncoder(b, discountKeys, &x.wire)
	e.String(dID, x.ID)
	e.Const(dObject, "discount")
	stripejson.Nullable(&e, dCoupon, !x.fromSource && x.Coupon.HasValue(), &x.Coupon, (*Coupon).AppendJSON, err)
	e.String(dCustomer, x.Customer)
	e.Unix(dEnd, x.End)
	e.String(dInvoice, x.Invoice)
	e.String(dInvoiceItem, x.InvoiceItem)
	e.String(dPromotionCode, x.PromotionCode)
	if e.Field(dSource, x.fromSource) {
		se := stripejson.NewEncoder(e.B, sourceKeys, &x.sourceWire)
		stripejson.Nullable(&se, 0, x.Coupon.HasValue(), &x.Coupon, (*Coupon).AppendJSON, err)
		se.String(1, x.sourceType)
		e.B = se.Close()
	}
	e.UnixRequired(dStart, x.Start)
	e.String(dSubscription, x.Subscription)
	return stripejson.CloseBuilt(&e, &x.wire, `"checkout_session":null`)
}

// HasValue reports whether x holds anything to write.
func (x *Discount) HasValue() bool { return x.ID != "" || x.Unexpanded || x.wire.Decoded() }

// HasValue reports whether r holds anything to write.
func (r *TaxRate) HasValue() bool { return r.ID != "" || r.Unexpanded || r.wire.Decoded() }

var taxRateKeys = stripejson.NewKeys("id", "object", "active", "country", "created", "description",
	"display_name", "inclusive", "jurisdiction", "livemode", "metadata", "percentage", "state", "tax_type")

const (
	trID = iota
	trObject
	trActive
	trCountry
	trCreated
	trDescription
	trDisplayName
	trInclusive
	trJurisdiction
	trLivemode
	trMetadata
	trPercentage
	trState
	trTaxType
)

// MarshalJSON writes Stripe's tax_rate object, or its id when unexpanded.
func (r TaxRate) MarshalJSON() ([]byte, error) { return stripejson.Marshal(r.AppendJSON) }

// UnmarshalJSON reads Stripe's tax_rate object or a bare tax rate id.
func (r *TaxRate) UnmarshalJSON(b []byte) error {
	return stripejson.Decode(b, ErrInvalidJSON, "tax_rate", r, (*TaxRate).Decode)
}

func (r *TaxRate) Decode(d *stripejson.Decoder) {
	if d.Kind() == "a string" {
		*r = TaxRate{ID: d.String(), Unexpanded: true}
		return
	}
	d.Object(taxRateKeys, &r.wire, func(i int) {
		switch i {
		case trID:
			r.ID = d.String()
		case trObject:
			d.Const("tax_rate")
		case trActive:
			r.Active = d.Bool()
		case trCountry:
			r.Country = d.String()
		case trCreated:
			r.Created = d.Unix()
		case trDescription:
			r.Description = d.String()
		case trDisplayName:
			r.DisplayName = d.String()
		case trInclusive:
			r.Inclusive = d.Bool()
		case trJurisdiction:
			r.Jurisdiction = d.String()
		case trLivemode:
			r.Livemode = d.Bool()
		case trMetadata:
			r.Metadata = d.Metadata()
		case trPercentage:
			r.Percentage = d.Decimal().Decimal
		case trState:
			r.State = d.String()
		case trTaxType:
			r.TaxType = d.String()
		}
	})
}

func (r *TaxRate) AppendJSON(b []byte, _ *error) []byte {
	if r.Unexpanded {
		return stripejson.AppendString(b, r.ID)
	}
	e := stripejson.NewEncoder(b, taxRateKeys, &r.wire)
	e.String(trID, r.ID)
	e.Const(trObject, "tax_rate")
	e.Bool(trActive, r.Active)
	e.String(trCountry, r.Country)
	e.UnixRequired(trCreated, r.Created)
	e.String(trDescription, r.Description)
	e.String(trDisplayName, r.DisplayName)
	e.Bool(trInclusive, r.Inclusive)
	e.String(trJurisdiction, r.Jurisdiction)
	e.Bool(trLivemode, r.Livemode)
	e.Metadata(trMetadata, r.Metadata)
	if e.Field(trPercentage, !r.Percentage.IsZero()) {
		e.B = stripejson.AppendDecimal(e.B, r.Percentage)
	}
	e.String(trState, r.State)
	e.String(trTaxType, r.TaxType)
	// Keys of stripe-go v82's tax_rate this package does not model, with
	// the values of Stripe's example object.
	return stripejson.CloseBuilt(&e, &r.wire, `"effective_percentage":null,"flat_amount":null,"jurisdiction_level":null,"rate_type":null`)
}

var discountAmountKeys = stripejson.NewKeys("amount", "discount")

// MarshalJSON writes {"amount", "discount"}.
func (a DiscountAmount) MarshalJSON() ([]byte, error) { return stripejson.Marshal(a.AppendJSON) }

// UnmarshalJSON reads {"amount", "discount"}.
func (a *DiscountAmount) UnmarshalJSON(b []byte) error {
	return stripejson.Decode(b, ErrInvalidJSON, "", a, (*DiscountAmount).Decode)
}

func (a *DiscountAmount) Decode(d *stripejson.Decoder) {
	d.Object(discountAmountKeys, &a.wire, func(i int) {
		if i == 0 {
			a.Amount = d.Int()
		} else if !d.IsNull() {
			a.Discount.Decode(d)
		}
	})
}

func (a *DiscountAmount) AppendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, discountAmountKeys, &a.wire)
	e.Int(0, a.Amount)
	stripejson.Nullable(&e, 1, a.Discount.HasValue(), &a.Discount, (*Discount).AppendJSON, err)
	return e.Close()
}

var taxAmountKeys = stripejson.NewKeys("amount", "rate", "taxable_amount")

// MarshalJSON writes {"amount", "rate", "taxability_reason", "taxable_amount"}.
func (t TaxAmount) MarshalJSON() ([]byte, error) { return stripejson.Marshal(t.AppendJSON) }

// UnmarshalJSON reads {"amount", "rate", "taxability_reason", "taxable_amount"}.
func (t *TaxAmount) UnmarshalJSON(b []byte) error {
	return stripejson.Decode(b, ErrInvalidJSON, "", t, (*TaxAmount).Decode)
}

func (t *TaxAmount) Decode(d *stripejson.Decoder) {
	d.Object(taxAmountKeys, &t.wire, func(i int) {
		switch i {
		case 0:
			t.Amount = d.Int()
		case 1:
			if !d.IsNull() {
				t.Rate.Decode(d)
			}
		case 2:
			t.TaxableAmount = d.Int()
		}
	})
}

func (t *TaxAmount) AppendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, taxAmountKeys, &t.wire)
	e.Int(0, t.Amount)
	stripejson.Nullable(&e, 1, t.Rate.HasValue(), &t.Rate, (*TaxRate).AppendJSON, err)
	e.Int(2, t.TaxableAmount)
	return stripejson.CloseBuilt(&e, &t.wire, `"taxability_reason":null`)
}

// ---- the invoice shapes ----

// On an invoice (basil), a discount amount is {"amount", "discount": id};
// a tax amount is {"amount", "tax_behavior", "tax_rate_details":
// {"tax_rate": id}, "taxability_reason", "taxable_amount", "type":
// "tax_rate_details"}.
var (
	invDiscountAmountKeys = stripejson.NewKeys("amount", "discount")
	invTaxAmountKeys      = stripejson.NewKeys("amount", "tax_behavior", "tax_rate_details", "taxability_reason",
		"taxable_amount", "type")
	taxRateDetailsKeys = stripejson.NewKeys("tax_rate")
)

// DecodeInvoice reads a discount amount in an invoice's shape.
func (a *DiscountAmount) DecodeInvoice(d *stripejson.Decoder) {
	d.Object(invDiscountAmountKeys, &a.invWire, func(i int) {
		if i == 0 {
			a.Amount = d.Int()
		} else if !d.IsNull() {
			a.Discount.Decode(d)
			a.expanded = !a.Discount.Unexpanded
		}
	})
}

// AppendInvoice writes a discount amount in an invoice's shape: the
// discount as its id, or as the object it was decoded as.
func (a *DiscountAmount) AppendInvoice(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, invDiscountAmountKeys, &a.invWire)
	e.Int(0, a.Amount)
	if a.expanded {
		stripejson.Nested(&e, 1, true, &a.Discount, (*Discount).AppendJSON, err)
	} else {
		e.String(1, a.Discount.ID)
	}
	return e.Close()
}

// DecodeInvoice reads a tax amount in an invoice's shape; Rate holds the
// rate's id and Inclusive (from tax_behavior) only.
func (t *TaxAmount) DecodeInvoice(d *stripejson.Decoder) {
	d.Object(invTaxAmountKeys, &t.invWire, func(i int) {
		switch i {
		case 0:
			t.Amount = d.Int()
		case 1:
			t.Rate.Inclusive = d.String() == "inclusive"
		case 2:
			if d.IsNull() { // kept null, not a decoded (empty) object
				t.detailsWire = stripejson.Shape{}
				return
			}
			d.Object(taxRateDetailsKeys, &t.detailsWire, func(int) {
				if !d.IsNull() {
					inclusive := t.Rate.Inclusive
					t.Rate.Decode(d)
					t.rateObject = !t.Rate.Unexpanded
					t.Rate.Inclusive = t.Rate.Inclusive || inclusive
				}
			})
		case 3:
			t.TaxabilityReason = d.String()
		case 4:
			t.TaxableAmount = d.Int()
		case 5:
			d.Const("tax_rate_details")
		}
	})
}

// AppendInvoice writes a tax amount in an invoice's shape. The derived
// members (tax_behavior, tax_rate_details, type) are written on a decoded
// amount only when it carried them.
func (t *TaxAmount) AppendInvoice(b []byte, err *error) []byte {
	built := !t.invWire.Decoded()
	e := stripejson.NewEncoder(b, invTaxAmountKeys, &t.invWire)
	e.Int(0, t.Amount)
	if e.Field(1, built) {
		behavior := "exclusive"
		if t.Rate.Inclusive {
			behavior = "inclusive"
		}
		e.B = stripejson.AppendString(e.B, behavior)
	}
	e.Object(2, built || t.detailsWire.Decoded(), func(b []byte) []byte {
		de := stripejson.NewEncoder(b, taxRateDetailsKeys, &t.detailsWire)
		if t.rateObject {
			stripejson.Nested(&de, 0, true, &t.Rate, (*TaxRate).AppendJSON, err)
		} else {
			de.String(0, t.Rate.ID)
		}
		return de.Close()
	})
	reason := t.TaxabilityReason
	if reason == "" && built {
		reason = "standard_rated"
	}
	e.String(3, reason)
	e.Int(4, t.TaxableAmount)
	if e.Field(5, built) {
		e.B = stripejson.AppendString(e.B, "tax_rate_details")
	}
	return e.Close()
}

// A schedule phase's discount is a reference {"coupon", "discount",
// "promotion_code"}; built in Go from a discount, it names the coupon.
var discountRefKeys = stripejson.NewKeys("coupon", "discount", "promotion_code")

// DecodeRef reads a discount reference (the discount is then unexpanded).
func (x *Discount) DecodeRef(d *stripejson.Decoder) {
	x.Unexpanded = true
	d.Object(discountRefKeys, &x.ref, func(i int) {
		switch i {
		case 0:
			x.Coupon.ID = d.ID()
		case 1:
			x.ID = d.ID()
		case 2:
			x.PromotionCode = d.ID()
		}
	})
}

// HasPrice reports whether a line's or an item's price p holds anything
// to write.
func HasPrice(p *pricing.Price) bool { return p.ID != "" || p.Currency != "" || p.Type != "" }

// AppendPrice writes a line's or an item's price: p's own JSON, or null
// for an empty price.
func AppendPrice(p *pricing.Price, b []byte, err *error) []byte {
	if !HasPrice(p) {
		return append(b, "null"...)
	}
	return stripejson.AppendMarshaler(b, p, err)
}

// DiscountWriter returns how an owner writes its discounts: as they came
// when decoded (AppendJSON writes a bare id's id), as ids when built in Go.
func DiscountWriter(decoded bool) func(*Discount, []byte, *error) []byte {
	if decoded {
		return (*Discount).AppendJSON
	}
	return appendDiscountID
}

func appendDiscountID(x *Discount, b []byte, _ *error) []byte {
	return stripejson.AppendString(b, x.ID)
}

// AppendRef writes a discount reference.
func (x *Discount) AppendRef(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, discountRefKeys, &x.ref)
	id := x.ID
	if !x.ref.Decoded() && x.Coupon.ID != "" {
		id = ""
	}
	e.String(0, x.Coupon.ID)
	e.String(1, id)
	e.String(2, x.PromotionCode)
	return e.Close()
}
