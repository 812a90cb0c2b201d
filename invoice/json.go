package invoice

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/internal/totals"
	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// The codecs of invoice, line_item, invoiceitem and the pretax credit
// amount, on the project's one JSON rule (internal/stripejson): built in
// Go, a value marshals in the shape of API 2025-08-27.basil (the keys this
// package models with their values, the others with the values Stripe
// gives a new draft object); decoded, it keeps every key it carried, at
// every level, with the values of the keys it does not model: an object of
// any API version (2023's subscription, quote, tax, total_tax_amounts on an
// invoice; type, proration, price, tax_amounts on a line) decodes and
// encodes back to the same JSON.
//
// Wire readings of this package:
//
//   - discounts: ids or expanded discount objects. A decoded invoice, line
//     or invoice item writes each discount as it came (a bare id as the id,
//     an object as the object; one added in Go as an object); a value built
//     in Go writes the ids.
//   - A null or absent array (total_taxes, pretax_credit_amounts ...)
//     decodes as nil; a decoded value writes nil as null, a value built in
//     Go as [].
//   - line_item.parent: Type selects which details object the fields hold
//     (subscription_item_details unless Type is invoice_item_details); the
//     other one is kept verbatim, and is null on a value built in Go.
//   - line_item.quantity: null (a line that is not a subscription's) reads
//     as 0 and writes null again while Quantity stays 0.
//   - pricing: price_details.price and .product are Price.ID and
//     Price.Product, unit_amount_decimal is Price.UnitAmountDecimal (built
//     in Go from a price with a unit_amount only, that amount); a decoded
//     line's Price holds those three only.
//   - LineItem.TaxRates are not on the wire (basil has no line tax_rates).
//   - An invoice decoded from a bare id (a subscription's latest_invoice)
//     holds its ID only and encodes as the id.

// ErrInvalidJSON: JSON that cannot be decoded into an invoice, a line item,
// an invoice item or one of the objects nested in them (discounts, tax
// rates and their amounts included); a *FieldError names the field.
var ErrInvalidJSON = totals.ErrInvalidJSON

func decodeJSON[T any](b []byte, object string, v *T, decode func(*T, *stripejson.Decoder)) error {
	return stripejson.Decode(b, ErrInvalidJSON, object, v, decode)
}

// appendStrings writes ids as stripejson.SliceOrNull writes arrays: a nil
// ss is null on a decoded value and [] on one built in Go.
func appendStrings(e *stripejson.Encoder, i int, ss []string, decoded bool) {
	if ss == nil && !decoded {
		ss = []string{}
	}
	e.Strings(i, ss)
}

// appendMetadata writes metadata: a nil map is null on a decoded value
// and {} on a value built in Go (Stripe sends {}).
func appendMetadata(e *stripejson.Encoder, i int, m map[string]string, decoded bool) {
	if decoded {
		e.Metadata(i, m)
		return
	}
	e.MetadataOrEmpty(i, m)
}

// ---- period ----

var periodKeys = stripejson.NewKeys("end", "start")

// decodePeriod reads {"end", "start"}; null leaves the times zero and sh
// the zero Shape.
func decodePeriod(d *stripejson.Decoder, sh *stripejson.Shape, start, end *time.Time) {
	*sh, *start, *end = stripejson.Shape{}, time.Time{}, time.Time{}
	if d.IsNull() {
		return
	}
	d.Object(periodKeys, sh, func(i int) {
		if i == 0 {
			*end = d.Unix()
		} else {
			*start = d.Unix()
		}
	})
}

// appendPeriod writes the period member: an object when built in Go, when
// it came as one, or when it holds a time; else null.
func appendPeriod(e *stripejson.Encoder, i int, sh *stripejson.Shape, ownerDecoded bool, start, end time.Time) {
	has := !ownerDecoded || sh.Decoded() || !start.IsZero() || !end.IsZero()
	e.Object(i, has, func(b []byte) []byte {
		pe := stripejson.NewEncoder(b, periodKeys, sh)
		pe.UnixRequired(0, end)
		pe.UnixRequired(1, start)
		return pe.Close()
	})
}

// ---- pricing ----

// pricing {"price_details": {"price", "product"}, "type", "unit_amount_decimal"}:
// type is carried ("price_details", the only type basil has).
var (
	pricingKeys      = stripejson.NewKeys("price_details", "unit_amount_decimal")
	priceDetailsKeys = stripejson.NewKeys("price", "product")
)

func decodePricing(d *stripejson.Decoder, p *pricing.Price, sh, details *stripejson.Shape) {
	*p, *sh, *details = pricing.Price{}, stripejson.Shape{}, stripejson.Shape{}
	if d.IsNull() {
		return
	}
	d.Object(pricingKeys, sh, func(i int) {
		switch i {
		case 0:
			p.ID, p.Product, *details = "", "", stripejson.Shape{}
			if !d.IsNull() {
				d.Object(priceDetailsKeys, details, func(j int) {
					if j == 0 {
						p.ID = d.ID()
					} else {
						p.Product = d.ID()
					}
				})
			}
		case 1:
			p.UnitAmountDecimal = d.Decimal()
		}
	})
}

// hasPricing reports whether the pricing member is an object.
func hasPricing(p *pricing.Price, sh *stripejson.Shape) bool {
	return sh.Decoded() || p.ID != "" || p.Product != "" || p.UnitAmountDecimal.Valid || p.UnitAmount != nil
}

func appendPricing(b []byte, p *pricing.Price, sh, details *stripejson.Shape) []byte {
	e := stripejson.NewEncoder(b, pricingKeys, sh)
	e.Object(0, details.Decoded() || p.ID != "" || p.Product != "", func(b []byte) []byte {
		de := stripejson.NewEncoder(b, priceDetailsKeys, details)
		de.String(0, p.ID)
		de.String(1, p.Product)
		return de.Close()
	})
	unit := p.UnitAmountDecimal
	if !unit.Valid && p.UnitAmount != nil {
		unit = decimal.NullDecimal{Decimal: decimal.New(*p.UnitAmount, 0), Valid: true}
	}
	e.Decimal(1, unit)
	return stripejson.CloseBuilt(&e, sh, `"type":"price_details"`)
}

// ---- invoice ----

var invoiceKeys = stripejson.NewKeys("id", "object", "amount_due", "amount_paid", "amount_remaining",
	"auto_advance", "billing_reason", "collection_method", "created", "currency", "customer",
	"default_tax_rates", "description", "discounts", "due_date", "ending_balance", "footer", "lines",
	"livemode", "metadata", "parent", "period_end", "period_start", "starting_balance", "status",
	"status_transitions", "subtotal", "subtotal_excluding_tax", "total", "total_discount_amounts",
	"total_excluding_tax", "total_pretax_credit_amounts", "total_taxes")

const (
	invID = iota
	invObject
	invAmountDue
	invAmountPaid
	invAmountRemaining
	invAutoAdvance
	invBillingReason
	invCollectionMethod
	invCreated
	invCurrency
	invCustomer
	invDefaultTaxRates
	invDescription
	invDiscounts
	invDueDate
	invEndingBalance
	invFooter
	invLines
	invLivemode
	invMetadata
	invParent
	invPeriodEnd
	invPeriodStart
	invStartingBalance
	invStatus
	invStatusTransitions
	invSubtotal
	invSubtotalExcludingTax
	invTotal
	invTotalDiscountAmounts
	invTotalExcludingTax
	invTotalPretaxCreditAmounts
	invTotalTaxes
)

// invoiceDefaults are the members of a new basil draft invoice this
// package does not model (stripe-go v82.5.1's Invoice, less the keys
// Stripe sends only when expanded: confirmation_secret, payments,
// threshold_reason). The account's and the customer's snapshots are
// unknown here: null ("none" for customer_tax_exempt, Stripe's default).
const invoiceDefaults = `"account_country":null,"account_name":null,"account_tax_ids":null,` +
	`"amount_overpaid":0,"amount_shipping":0,"application":null,"attempt_count":0,"attempted":false,` +
	`"automatic_tax":{"disabled_reason":null,"enabled":false,"liability":null,"provider":null,"status":null},` +
	`"automatically_finalizes_at":null,"custom_fields":null,"customer_address":null,"customer_email":null,` +
	`"customer_name":null,"customer_phone":null,"customer_shipping":null,"customer_tax_exempt":"none",` +
	`"customer_tax_ids":[],"default_payment_method":null,"default_source":null,"effective_at":null,` +
	`"from_invoice":null,"hosted_invoice_url":null,"invoice_pdf":null,"issuer":{"type":"self"},` +
	`"last_finalization_error":null,"latest_revision":null,"next_payment_attempt":null,"number":null,` +
	`"on_behalf_of":null,` +
	`"payment_settings":{"default_mandate":null,"payment_method_options":null,"payment_method_types":null},` +
	`"post_payment_credit_notes_amount":0,"pre_payment_credit_notes_amount":0,"receipt_number":null,` +
	`"rendering":null,"shipping_cost":null,"shipping_details":null,"statement_descriptor":null,` +
	`"test_clock":null,"webhooks_delivered_at":null`

// status_transitions: finalized_at is modelled, the other times carried.
var transitionKeys = stripejson.NewKeys("finalized_at")

const transitionDefaults = `"marked_uncollectible_at":null,"paid_at":null,"voided_at":null`

// MarshalJSON writes Stripe's invoice object, or its id for an invoice
// decoded from a bare id.
func (inv Invoice) MarshalJSON() ([]byte, error) { return stripejson.Marshal(inv.appendJSON) }

// UnmarshalJSON reads Stripe's invoice object (any API version), or a bare
// invoice id (the invoice then holds its ID only and encodes as the id).
func (inv *Invoice) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "invoice", inv, (*Invoice).decode)
}

func (inv *Invoice) decode(d *stripejson.Decoder) {
	if d.Kind() == "a string" {
		*inv = Invoice{ID: d.String(), ref: true}
		return
	}
	d.Object(invoiceKeys, &inv.wire, func(i int) {
		switch i {
		case invID:
			inv.ID = d.String()
		case invObject:
			d.Const("invoice")
		case invAmountDue:
			inv.AmountDue = d.Int()
		case invAmountPaid:
			inv.AmountPaid = d.Int()
		case invAmountRemaining:
			inv.AmountRemaining = d.Int()
		case invAutoAdvance:
			inv.AutoAdvance = d.Bool()
		case invBillingReason:
			inv.BillingReason = d.String()
		case invCollectionMethod:
			inv.CollectionMethod = CollectionMethod(d.String())
		case invCreated:
			inv.Created = d.Unix()
		case invCurrency:
			inv.Currency = pricing.Currency(d.String())
		case invCustomer:
			inv.Customer = d.ID()
		case invDefaultTaxRates:
			inv.DefaultTaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case invDescription:
			inv.Description = d.String()
		case invDiscounts:
			inv.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case invDueDate:
			inv.DueDate = d.Unix()
		case invEndingBalance:
			inv.EndingBalance = d.IntPtr()
		case invFooter:
			inv.Footer = d.String()
		case invLines:
			inv.lines = stripejson.List{}
			inv.Lines = stripejson.DecodeList(&inv.lines, d, (*LineItem).decode)
		case invLivemode:
			inv.Livemode = d.Bool()
		case invMetadata:
			inv.Metadata = d.Metadata()
		case invParent:
			inv.Parent, inv.parentWire = nil, stripejson.Shape{}
			if !d.IsNull() {
				inv.Parent = new(Parent)
				inv.Parent.decode(d, &inv.parentWire)
			}
		case invPeriodEnd:
			inv.PeriodEnd = d.Unix()
		case invPeriodStart:
			inv.PeriodStart = d.Unix()
		case invStartingBalance:
			inv.StartingBalance = d.Int()
		case invStatus:
			inv.Status = d.String()
		case invStatusTransitions:
			inv.FinalizedAt, inv.transitions = time.Time{}, stripejson.Shape{}
			if !d.IsNull() {
				d.Object(transitionKeys, &inv.transitions, func(int) { inv.FinalizedAt = d.Unix() })
			}
		case invSubtotal:
			inv.Subtotal = d.Int()
		case invSubtotalExcludingTax:
			inv.SubtotalExcludingTax = d.Int()
		case invTotal:
			inv.Total = d.Int()
		case invTotalDiscountAmounts:
			inv.TotalDiscountAmounts = stripejson.DecodeSlice(d, (*DiscountAmount).DecodeInvoice)
		case invTotalExcludingTax:
			inv.TotalExcludingTax = d.Int()
		case invTotalPretaxCreditAmounts:
			inv.TotalPretaxCreditAmounts = stripejson.DecodeSlice(d, (*PretaxCreditAmount).decode)
		case invTotalTaxes:
			inv.TotalTaxes = stripejson.DecodeSlice(d, (*TaxAmount).DecodeInvoice)
		}
	})
}

func (inv *Invoice) appendJSON(b []byte, err *error) []byte {
	if inv.ref {
		return stripejson.AppendString(b, inv.ID)
	}
	dec := inv.wire.Decoded()
	e := stripejson.NewEncoder(b, invoiceKeys, &inv.wire)
	e.String(invID, inv.ID)
	e.Const(invObject, "invoice")
	e.Int(invAmountDue, inv.AmountDue)
	e.Int(invAmountPaid, inv.AmountPaid)
	e.Int(invAmountRemaining, inv.AmountRemaining)
	e.Bool(invAutoAdvance, inv.AutoAdvance)
	e.String(invBillingReason, inv.BillingReason)
	e.String(invCollectionMethod, string(inv.CollectionMethod))
	e.UnixRequired(invCreated, inv.Created)
	e.String(invCurrency, string(inv.Currency))
	e.String(invCustomer, inv.Customer)
	stripejson.SliceOrNull(&e, invDefaultTaxRates, inv.DefaultTaxRates, dec, (*TaxRate).AppendJSON, err)
	e.String(invDescription, inv.Description)
	stripejson.SliceOrNull(&e, invDiscounts, inv.Discounts, dec, totals.DiscountWriter(dec), err)
	e.Unix(invDueDate, inv.DueDate)
	e.IntPtr(invEndingBalance, inv.EndingBalance)
	e.String(invFooter, inv.Footer)
	if e.Field(invLines, inv.Lines != nil) {
		if inv.Lines == nil && dec {
			e.Null()
		} else {
			e.B = stripejson.AppendList(&inv.lines, e.B, "/v1/invoices/"+inv.ID+"/lines", inv.Lines, (*LineItem).appendJSON, err)
		}
	}
	e.Bool(invLivemode, inv.Livemode)
	appendMetadata(&e, invMetadata, inv.Metadata, dec)
	e.Object(invParent, inv.Parent != nil, func(b []byte) []byte { return inv.Parent.appendJSON(b, &inv.parentWire) })
	e.UnixRequired(invPeriodEnd, inv.PeriodEnd)
	e.UnixRequired(invPeriodStart, inv.PeriodStart)
	e.Int(invStartingBalance, inv.StartingBalance)
	e.String(invStatus, inv.Status)
	e.Object(invStatusTransitions, !dec || inv.transitions.Decoded() || !inv.FinalizedAt.IsZero(), func(b []byte) []byte {
		te := stripejson.NewEncoder(b, transitionKeys, &inv.transitions)
		te.Unix(0, inv.FinalizedAt)
		return stripejson.CloseBuilt(&te, &inv.transitions, transitionDefaults)
	})
	e.Int(invSubtotal, inv.Subtotal)
	e.Int(invSubtotalExcludingTax, inv.SubtotalExcludingTax)
	e.Int(invTotal, inv.Total)
	stripejson.SliceOrNull(&e, invTotalDiscountAmounts, inv.TotalDiscountAmounts, dec, (*DiscountAmount).AppendInvoice, err)
	e.Int(invTotalExcludingTax, inv.TotalExcludingTax)
	stripejson.SliceOrNull(&e, invTotalPretaxCreditAmounts, inv.TotalPretaxCreditAmounts, dec, (*PretaxCreditAmount).appendJSON, err)
	stripejson.SliceOrNull(&e, invTotalTaxes, inv.TotalTaxes, dec, (*TaxAmount).AppendInvoice, err)
	return stripejson.CloseBuilt(&e, &inv.wire, invoiceDefaults)
}

// ---- invoice.parent ----

// Invoice parent types (invoice.parent.type).
const (
	parentSubscriptionDetails = "subscription_details"
	parentQuoteDetails        = "quote_details"
)

var (
	parentKeys = stripejson.NewKeys("quote_details", "subscription_details", "type")
	// subscription_proration_date is sent on previews of prorations only.
	subDetailsKeys   = stripejson.NewKeys("metadata", "subscription", "subscription_proration_date?")
	quoteDetailsKeys = stripejson.NewKeys("quote")
)

// decode reads invoice.parent (not null) into p, its shape into sh.
func (p *Parent) decode(d *stripejson.Decoder, sh *stripejson.Shape) {
	d.Object(parentKeys, sh, func(i int) {
		switch i {
		case 0:
			p.Quote, p.quoteWire = "", stripejson.Shape{}
			if !d.IsNull() {
				d.Object(quoteDetailsKeys, &p.quoteWire, func(int) { p.Quote = d.ID() })
			}
		case 1:
			p.Subscription, p.SubscriptionMetadata, p.ProrationDate, p.subWire = "", nil, time.Time{}, stripejson.Shape{}
			if !d.IsNull() {
				d.Object(subDetailsKeys, &p.subWire, func(j int) {
					switch j {
					case 0:
						p.SubscriptionMetadata = d.Metadata()
					case 1:
						p.Subscription = d.ID()
					case 2:
						p.ProrationDate = d.Unix()
					}
				})
			}
		case 2:
			p.Type = d.String()
		}
	})
}

// appendJSON writes invoice.parent with shape sh: each details object is an
// object when it came as one or holds a value (built in Go: the one Type
// names), else null.
func (p *Parent) appendJSON(b []byte, sh *stripejson.Shape) []byte {
	built := !sh.Decoded()
	e := stripejson.NewEncoder(b, parentKeys, sh)
	hasQuote := p.quoteWire.Decoded() || p.Quote != "" || built && p.Type == parentQuoteDetails
	e.Object(0, hasQuote, func(b []byte) []byte {
		qe := stripejson.NewEncoder(b, quoteDetailsKeys, &p.quoteWire)
		qe.String(0, p.Quote)
		return qe.Close()
	})
	hasSub := p.subWire.Decoded() || p.Subscription != "" || p.SubscriptionMetadata != nil ||
		!p.ProrationDate.IsZero() || built && p.Type == parentSubscriptionDetails
	e.Object(1, hasSub, func(b []byte) []byte {
		se := stripejson.NewEncoder(b, subDetailsKeys, &p.subWire)
		se.Metadata(0, p.SubscriptionMetadata)
		se.String(1, p.Subscription)
		se.Unix(2, p.ProrationDate)
		return se.Close()
	})
	e.String(2, p.Type)
	return e.Close()
}

// ---- line_item ----

var lineKeyNames = []string{"id", "object", "amount", "currency", "description", "discount_amounts",
	"discountable", "discounts", "invoice", "livemode", "metadata", "parent", "period",
	"pretax_credit_amounts", "pricing", "quantity", "taxes"}

var (
	lineKeys = stripejson.NewKeys(lineKeyNames...)
	// lineKeysNullQuantity is lineKeys without quantity, in its place a
	// name no decoded key equals (keys are valid UTF-8): a line whose
	// quantity is null decodes again with it, so that the null is kept as
	// an unknown member, since Quantity cannot hold null. (A key that
	// folds to that name, "\ufffdquantity", beside a null quantity is
	// refused as a case-variant.)
	lineKeysNullQuantity = func() *stripejson.Keys {
		names := append([]string(nil), lineKeyNames...)
		names[lQuantity] = "\xffquantity"
		return stripejson.NewKeys(names...)
	}()
	// lineKeyIndexes lists every index of lineKeys (for Shape.Map).
	lineKeyIndexes = func() []int {
		out := make([]int, len(lineKeyNames))
		for i := range out {
			out[i] = i
		}
		return out
	}()
)

const (
	lID = iota
	lObject
	lAmount
	lCurrency
	lDescription
	lDiscountAmounts
	lDiscountable
	lDiscounts
	lInvoice
	lLivemode
	lMetadata
	lParent
	lPeriod
	lPretaxCreditAmounts
	lPricing
	lQuantity
	lTaxes
)

// MarshalJSON writes Stripe's invoice line item (object "line_item").
func (l LineItem) MarshalJSON() ([]byte, error) { return stripejson.Marshal(l.appendJSON) }

// UnmarshalJSON reads Stripe's invoice line item (object "line_item") of
// any API version.
func (l *LineItem) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "line_item", l, (*LineItem).decode)
}

func (l *LineItem) decode(d *stripejson.Decoder) {
	nullQuantity := false
	field := func(i int) {
		switch i {
		case lID:
			l.ID = d.String()
		case lObject:
			d.Const("line_item")
		case lAmount:
			l.Amount = d.Int()
		case lCurrency:
			l.Currency = pricing.Currency(d.String())
		case lDescription:
			l.Description = d.String()
		case lDiscountAmounts:
			l.DiscountAmounts = stripejson.DecodeSlice(d, (*DiscountAmount).DecodeInvoice)
		case lDiscountable:
			l.Discountable = d.Bool()
		case lDiscounts:
			l.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case lInvoice:
			l.Invoice = d.ID()
		case lLivemode:
			l.Livemode = d.Bool()
		case lMetadata:
			l.Metadata = d.Metadata()
		case lParent:
			l.Parent = LineParent{}
			if !d.IsNull() {
				l.Parent.decode(d)
			}
		case lPeriod:
			decodePeriod(d, &l.period, &l.PeriodStart, &l.PeriodEnd)
		case lPretaxCreditAmounts:
			l.PretaxCreditAmounts = stripejson.DecodeSlice(d, (*PretaxCreditAmount).decode)
		case lPricing:
			decodePricing(d, &l.Price, &l.pricingWire, &l.detailsWire)
		case lQuantity:
			nullQuantity = d.IsNull()
			l.Quantity = d.Int()
		case lTaxes:
			l.Taxes = stripejson.DecodeSlice(d, (*TaxAmount).DecodeInvoice)
		}
	}
	if d.Object(lineKeys, &l.wire, field) && nullQuantity {
		*l = LineItem{}
		d.Object(lineKeysNullQuantity, &l.wire, field)
	}
}

func (l *LineItem) appendJSON(b []byte, err *error) []byte {
	dec := l.wire.Decoded()
	wire := &l.wire
	if dec && l.Quantity != 0 && !l.wire.Has(lQuantity) {
		// A quantity set on a line decoded with a null one replaces it.
		w := l.wire.Map(lineKeys, lineKeyIndexes, lineKeyIndexes)
		wire = &w
	}
	e := stripejson.NewEncoder(b, lineKeys, wire)
	e.String(lID, l.ID)
	e.Const(lObject, "line_item")
	e.Int(lAmount, l.Amount)
	e.String(lCurrency, string(l.Currency))
	e.String(lDescription, l.Description)
	stripejson.SliceOrNull(&e, lDiscountAmounts, l.DiscountAmounts, dec, (*DiscountAmount).AppendInvoice, err)
	e.Bool(lDiscountable, l.Discountable)
	stripejson.SliceOrNull(&e, lDiscounts, l.Discounts, dec, totals.DiscountWriter(dec), err)
	e.String(lInvoice, l.Invoice)
	e.Bool(lLivemode, l.Livemode)
	appendMetadata(&e, lMetadata, l.Metadata, dec)
	e.Object(lParent, l.Parent.hasValue(), l.Parent.appendJSON)
	appendPeriod(&e, lPeriod, &l.period, dec, l.PeriodStart, l.PeriodEnd)
	stripejson.SliceOrNull(&e, lPretaxCreditAmounts, l.PretaxCreditAmounts, dec, (*PretaxCreditAmount).appendJSON, err)
	e.Object(lPricing, hasPricing(&l.Price, &l.pricingWire), func(b []byte) []byte {
		return appendPricing(b, &l.Price, &l.pricingWire, &l.detailsWire)
	})
	e.Int(lQuantity, l.Quantity)
	stripejson.SliceOrNull(&e, lTaxes, l.Taxes, dec, (*TaxAmount).AppendInvoice, err)
	if dec {
		return e.Close()
	}
	// basil's line_item.subscription: the parent's subscription.
	return stripejson.CloseBuilt(&e, wire, `"subscription":`+string(stripejson.AppendNullString(nil, l.Parent.Subscription)))
}

// ---- line_item.parent ----

var (
	lineParentKeys       = stripejson.NewKeys("invoice_item_details", "subscription_item_details", "type")
	subItemDetailsKeys   = stripejson.NewKeys("invoice_item", "proration", "proration_details", "subscription", "subscription_item")
	invItemDetailsKeys   = stripejson.NewKeys("invoice_item", "proration", "proration_details", "subscription")
	prorationDetailsKeys = stripejson.NewKeys("credited_items")
	creditedItemsKeys    = stripejson.NewKeys("invoice", "invoice_line_items")
	// noKeys reads an object kept verbatim.
	noKeys = stripejson.NewKeys()
)

const (
	lpInvoiceItemDetails = iota
	lpSubscriptionItemDetails
	lpType
)

// decode reads line_item.parent (not null). The type selects the details
// object the fields hold, and it may follow them: a first pass reads it.
func (p *LineParent) decode(d *stripejson.Decoder) {
	*p = LineParent{}
	d.Object(lineParentKeys, &p.wire, func(i int) {
		if i == lpType {
			p.Type = d.String()
		}
	})
	inv := p.Type == ParentInvoiceItem
	d.Object(lineParentKeys, &p.wire, func(i int) {
		switch i {
		case lpInvoiceItemDetails:
			if inv {
				p.decodeDetails(d, invItemDetailsKeys)
			} else {
				p.decodeOther(d)
			}
		case lpSubscriptionItemDetails:
			if inv {
				p.decodeOther(d)
			} else {
				p.decodeDetails(d, subItemDetailsKeys)
			}
		}
	})
}

func (p *LineParent) decodeOther(d *stripejson.Decoder) {
	p.other = stripejson.Shape{}
	if !d.IsNull() {
		d.Object(noKeys, &p.other, func(int) {})
	}
}

func (p *LineParent) decodeDetails(d *stripejson.Decoder, k *stripejson.Keys) {
	p.InvoiceItem, p.Proration, p.Subscription, p.SubscriptionItem, p.CreditedItems = "", false, "", "", nil
	p.details, p.prorationWire = stripejson.Shape{}, stripejson.Shape{}
	if d.IsNull() {
		return
	}
	d.Object(k, &p.details, func(i int) {
		switch i {
		case 0:
			p.InvoiceItem = d.ID()
		case 1:
			p.Proration = d.Bool()
		case 2:
			p.CreditedItems, p.prorationWire = nil, stripejson.Shape{}
			if !d.IsNull() {
				d.Object(prorationDetailsKeys, &p.prorationWire, func(int) {
					p.CreditedItems = nil
					if !d.IsNull() {
						p.CreditedItems = new(CreditedItems)
						p.CreditedItems.decode(d)
					}
				})
			}
		case 3:
			p.Subscription = d.ID()
		case 4:
			p.SubscriptionItem = d.ID()
		}
	})
}

// hasValue reports whether the parent is an object (else null).
func (p *LineParent) hasValue() bool {
	return p.wire.Decoded() || p.Type != "" || p.detailsHaveValue()
}

func (p *LineParent) detailsHaveValue() bool {
	return p.InvoiceItem != "" || p.Proration || p.Subscription != "" || p.SubscriptionItem != "" || p.CreditedItems != nil
}

func (p *LineParent) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, lineParentKeys, &p.wire)
	has := !p.wire.Decoded() || p.details.Decoded() || p.detailsHaveValue()
	if p.Type == ParentInvoiceItem {
		e.Object(lpInvoiceItemDetails, has, func(b []byte) []byte { return p.appendDetails(b, invItemDetailsKeys) })
		e.Object(lpSubscriptionItemDetails, p.other.Decoded(), p.appendOther)
	} else {
		e.Object(lpInvoiceItemDetails, p.other.Decoded(), p.appendOther)
		e.Object(lpSubscriptionItemDetails, has, func(b []byte) []byte { return p.appendDetails(b, subItemDetailsKeys) })
	}
	e.String(lpType, p.Type)
	return e.Close()
}

func (p *LineParent) appendOther(b []byte) []byte {
	e := stripejson.NewEncoder(b, noKeys, &p.other)
	return e.Close()
}

func (p *LineParent) appendDetails(b []byte, k *stripejson.Keys) []byte {
	e := stripejson.NewEncoder(b, k, &p.details)
	e.String(0, p.InvoiceItem)
	e.Bool(1, p.Proration)
	has := !p.details.Decoded() || p.prorationWire.Decoded() || p.CreditedItems != nil
	e.Object(2, has, func(b []byte) []byte {
		pe := stripejson.NewEncoder(b, prorationDetailsKeys, &p.prorationWire)
		pe.Object(0, p.CreditedItems != nil, func(b []byte) []byte { return p.CreditedItems.appendJSON(b) })
		return pe.Close()
	})
	e.String(3, p.Subscription)
	if k == subItemDetailsKeys {
		e.String(4, p.SubscriptionItem)
	}
	return e.Close()
}

func (c *CreditedItems) decode(d *stripejson.Decoder) {
	d.Object(creditedItemsKeys, &c.wire, func(i int) {
		if i == 0 {
			c.Invoice = d.ID()
		} else {
			c.InvoiceLineItems = d.Strings()
		}
	})
}

func (c *CreditedItems) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, creditedItemsKeys, &c.wire)
	e.String(0, c.Invoice)
	appendStrings(&e, 1, c.InvoiceLineItems, c.wire.Decoded())
	return e.Close()
}

// ---- pretax credit amount ----

var pretaxCreditKeys = stripejson.NewKeys("amount", "credit_balance_transaction", "discount", "type")

// MarshalJSON writes {"amount", "credit_balance_transaction", "discount",
// "type"}.
func (p PretaxCreditAmount) MarshalJSON() ([]byte, error) { return stripejson.Marshal(p.appendJSON) }

// UnmarshalJSON reads {"amount", "credit_balance_transaction", "discount",
// "type"}; an expanded discount or credit balance transaction reads as its
// id.
func (p *PretaxCreditAmount) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "", p, (*PretaxCreditAmount).decode)
}

func (p *PretaxCreditAmount) decode(d *stripejson.Decoder) {
	d.Object(pretaxCreditKeys, &p.wire, func(i int) {
		switch i {
		case 0:
			p.Amount = d.Int()
		case 1:
			p.CreditBalanceTransaction = d.ID()
		case 2:
			p.Discount = d.ID()
		case 3:
			p.Type = d.String()
		}
	})
}

func (p *PretaxCreditAmount) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, pretaxCreditKeys, &p.wire)
	e.Int(0, p.Amount)
	e.String(1, p.CreditBalanceTransaction)
	e.String(2, p.Discount)
	e.String(3, p.Type)
	return e.Close()
}

// ---- invoiceitem ----

var itemKeys = stripejson.NewKeys("id", "object", "amount", "currency", "customer", "date", "description",
	"discountable", "discounts", "invoice", "livemode", "metadata", "parent", "period", "pricing", "proration",
	"quantity", "tax_rates")

const (
	itID = iota
	itObject
	itAmount
	itCurrency
	itCustomer
	itDate
	itDescription
	itDiscountable
	itDiscounts
	itInvoice
	itLivemode
	itMetadata
	itParent
	itPeriod
	itPricing
	itProration
	itQuantity
	itTaxRates
)

// invoiceitem.parent {"subscription_details": {"subscription",
// "subscription_item"}, "type"}: type is carried ("subscription_details",
// the only type basil has).
var (
	itemParentKeys     = stripejson.NewKeys("subscription_details")
	itemSubDetailsKeys = stripejson.NewKeys("subscription", "subscription_item")
)

// MarshalJSON writes Stripe's invoiceitem object.
func (it Item) MarshalJSON() ([]byte, error) { return stripejson.Marshal(it.appendJSON) }

// UnmarshalJSON reads Stripe's invoiceitem object of any API version.
func (it *Item) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "invoiceitem", it, (*Item).decode)
}

func (it *Item) decode(d *stripejson.Decoder) {
	d.Object(itemKeys, &it.wire, func(i int) {
		switch i {
		case itID:
			it.ID = d.String()
		case itObject:
			d.Const("invoiceitem")
		case itAmount:
			it.Amount = d.Int()
		case itCurrency:
			it.Currency = pricing.Currency(d.String())
		case itCustomer:
			it.Customer = d.ID()
		case itDate:
			it.Date = d.Unix()
		case itDescription:
			it.Description = d.String()
		case itDiscountable:
			it.Discountable = d.Bool()
		case itDiscounts:
			it.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case itInvoice:
			it.Invoice = d.ID()
		case itLivemode:
			it.Livemode = d.Bool()
		case itMetadata:
			it.Metadata = d.Metadata()
		case itParent:
			it.Subscription, it.SubscriptionItem = "", ""
			it.parentWire, it.subWire = stripejson.Shape{}, stripejson.Shape{}
			if !d.IsNull() {
				d.Object(itemParentKeys, &it.parentWire, func(int) {
					it.Subscription, it.SubscriptionItem, it.subWire = "", "", stripejson.Shape{}
					if !d.IsNull() {
						d.Object(itemSubDetailsKeys, &it.subWire, func(j int) {
							if j == 0 {
								it.Subscription = d.ID()
							} else {
								it.SubscriptionItem = d.ID()
							}
						})
					}
				})
			}
		case itPeriod:
			decodePeriod(d, &it.period, &it.PeriodStart, &it.PeriodEnd)
		case itPricing:
			decodePricing(d, &it.Price, &it.pricingWire, &it.detailsWire)
		case itProration:
			it.Proration = d.Bool()
		case itQuantity:
			it.Quantity = d.Int()
		case itTaxRates:
			it.TaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		}
	})
}

func (it *Item) appendJSON(b []byte, err *error) []byte {
	dec := it.wire.Decoded()
	e := stripejson.NewEncoder(b, itemKeys, &it.wire)
	e.String(itID, it.ID)
	e.Const(itObject, "invoiceitem")
	e.Int(itAmount, it.Amount)
	e.String(itCurrency, string(it.Currency))
	e.String(itCustomer, it.Customer)
	e.UnixRequired(itDate, it.Date)
	e.String(itDescription, it.Description)
	e.Bool(itDiscountable, it.Discountable)
	stripejson.SliceOrNull(&e, itDiscounts, it.Discounts, dec, totals.DiscountWriter(dec), err)
	e.String(itInvoice, it.Invoice)
	e.Bool(itLivemode, it.Livemode)
	appendMetadata(&e, itMetadata, it.Metadata, dec)
	hasSub := it.subWire.Decoded() || it.Subscription != "" || it.SubscriptionItem != ""
	e.Object(itParent, it.parentWire.Decoded() || hasSub, func(b []byte) []byte {
		pe := stripejson.NewEncoder(b, itemParentKeys, &it.parentWire)
		pe.Object(0, hasSub, func(b []byte) []byte {
			se := stripejson.NewEncoder(b, itemSubDetailsKeys, &it.subWire)
			se.String(0, it.Subscription)
			se.String(1, it.SubscriptionItem)
			return se.Close()
		})
		return stripejson.CloseBuilt(&pe, &it.parentWire, `"type":"subscription_details"`)
	})
	appendPeriod(&e, itPeriod, &it.period, dec, it.PeriodStart, it.PeriodEnd)
	e.Object(itPricing, hasPricing(&it.Price, &it.pricingWire), func(b []byte) []byte {
		return appendPricing(b, &it.Price, &it.pricingWire, &it.detailsWire)
	})
	e.Bool(itProration, it.Proration)
	e.Int(itQuantity, it.Quantity)
	stripejson.SliceOrNull(&e, itTaxRates, it.TaxRates, dec, (*TaxRate).AppendJSON, err)
	return stripejson.CloseBuilt(&e, &it.wire, `"test_clock":null`)
}
