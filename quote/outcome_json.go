package quote

import (
	"strconv"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// The codecs of the objects acceptance creates. Built in Go, they marshal
// in the shapes of Stripe's API 2023-08-16 (the version of
// quote-schemas.json): the keys a quote determines carry its values, the
// others (closeBuilt's members) the values Stripe gives a new draft object
// (null, false, 0, empty lists). Decoded, they keep every key they carried:
// the objects of any API version decode and encode back to the same JSON.
// Discounts and tax rates inside them are ids where Stripe sends ids.

// ---- invoice ----

var invoiceKeys = stripejson.NewKeys("id", "object", "auto_advance", "billing_reason", "collection_method",
	"created", "currency", "customer", "default_tax_rates", "description", "discounts", "due_date", "footer",
	"lines", "livemode", "period_end", "period_start", "quote", "status", "subscription", "subtotal", "tax",
	"total", "total_discount_amounts", "total_tax_amounts")

const (
	invID = iota
	invObject
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
	invFooter
	invLines
	invLivemode
	invPeriodEnd
	invPeriodStart
	invQuote
	invStatus
	invSubscription
	invSubtotal
	invTax
	invTotal
	invTotalDiscountAmounts
	invTotalTaxAmounts
)

// invoiceDefaults are the members of a new draft invoice this package does
// not model; the amounts derived from the total are added by appendJSON.
const invoiceDefaults = `"amount_paid":0,"amount_shipping":0,"application_fee_amount":null,"attempt_count":0,` +
	`"attempted":false,"automatic_tax":{"enabled":false,"status":null},"custom_fields":null,` +
	`"default_payment_method":null,"default_source":null,"discount":null,"effective_at":null,` +
	`"ending_balance":null,"hosted_invoice_url":null,"invoice_pdf":null,"metadata":{},` +
	`"next_payment_attempt":null,"number":null,"on_behalf_of":null,"paid":false,"paid_out_of_band":false,` +
	`"payment_settings":{"default_mandate":null,"payment_method_options":null,"payment_method_types":null},` +
	`"post_payment_credit_notes_amount":0,"pre_payment_credit_notes_amount":0,"receipt_number":null,` +
	`"starting_balance":0,"statement_descriptor":null,` +
	`"status_transitions":{"finalized_at":null,"marked_uncollectible_at":null,"paid_at":null,"voided_at":null},` +
	`"test_clock":null,"webhooks_delivered_at":null`

// InclusiveTax returns the part of Tax that is inclusive (inside the amounts).
func (inv Invoice) InclusiveTax() int64 {
	var s int64
	for _, t := range inv.TotalTax {
		if t.Rate.Inclusive {
			s += t.Amount
		}
	}
	return s
}

// MarshalJSON writes Stripe's invoice object (status draft), or its id for
// an invoice decoded from a bare id.
func (inv Invoice) MarshalJSON() ([]byte, error) { return stripejson.Marshal(inv.appendJSON) }

// UnmarshalJSON reads Stripe's invoice object.
func (inv *Invoice) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "invoice", inv, (*Invoice).decode)
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
		case invFooter:
			inv.Footer = d.String()
		case invLines:
			inv.lines.Decode(d, func() { inv.Lines = stripejson.DecodeSlice(d, (*InvoiceLine).decode) })
		case invLivemode:
			inv.Livemode = d.Bool()
		case invPeriodEnd:
			inv.PeriodEnd = d.Unix()
		case invPeriodStart:
			inv.PeriodStart = d.Unix()
		case invQuote:
			inv.Quote = d.ID()
		case invStatus:
			inv.Status = d.String()
		case invSubscription:
			inv.Subscription = d.ID()
		case invSubtotal:
			inv.Subtotal = d.Int()
		case invTax:
			inv.Tax = d.Int()
		case invTotal:
			inv.Total = d.Int()
		case invTotalDiscountAmounts:
			inv.TotalDiscount = stripejson.DecodeSlice(d, (*DiscountAmount).DecodeInvoice)
		case invTotalTaxAmounts:
			inv.TotalTax = stripejson.DecodeSlice(d, (*TaxAmount).DecodeInvoice)
		}
	})
}

func (inv *Invoice) appendJSON(b []byte, err *error) []byte {
	if inv.ref {
		return stripejson.AppendString(b, inv.ID)
	}
	e := stripejson.NewEncoder(b, invoiceKeys, &inv.wire)
	e.String(invID, inv.ID)
	e.Const(invObject, "invoice")
	e.Bool(invAutoAdvance, inv.AutoAdvance)
	e.String(invBillingReason, inv.BillingReason)
	e.String(invCollectionMethod, string(inv.CollectionMethod))
	e.UnixRequired(invCreated, inv.Created)
	e.String(invCurrency, string(inv.Currency))
	e.String(invCustomer, inv.Customer)
	stripejson.Slice(&e, invDefaultTaxRates, inv.DefaultTaxRates, (*TaxRate).AppendJSON, err)
	e.String(invDescription, inv.Description)
	stripejson.Slice(&e, invDiscounts, inv.Discounts, appendID, nil)
	e.Unix(invDueDate, inv.DueDate)
	e.String(invFooter, inv.Footer)
	if e.Field(invLines, inv.Lines != nil) {
		e.B = inv.lines.AppendJSON(e.B, "/v1/invoices/"+inv.ID+"/lines", len(inv.Lines), func(b []byte) []byte {
			return stripejson.AppendSlice(b, inv.Lines, (*InvoiceLine).appendJSON, err)
		})
	}
	e.Bool(invLivemode, inv.Livemode)
	e.UnixRequired(invPeriodEnd, inv.PeriodEnd)
	e.UnixRequired(invPeriodStart, inv.PeriodStart)
	e.String(invQuote, inv.Quote)
	e.String(invStatus, inv.Status)
	e.String(invSubscription, inv.Subscription)
	e.Int(invSubtotal, inv.Subtotal)
	e.Int(invTax, inv.Tax)
	e.Int(invTotal, inv.Total)
	stripejson.Slice(&e, invTotalDiscountAmounts, inv.TotalDiscount, (*DiscountAmount).AppendInvoice, err)
	stripejson.Slice(&e, invTotalTaxAmounts, inv.TotalTax, (*TaxAmount).AppendInvoice, err)
	if !inv.wire.Decoded() {
		total := strconv.FormatInt(inv.Total, 10)
		e.B = append(e.B, `,"amount_due":`+total+`,"amount_remaining":`+total+
			`,"subtotal_excluding_tax":`+strconv.FormatInt(inv.Subtotal-inv.InclusiveTax(), 10)+
			`,"total_excluding_tax":`+strconv.FormatInt(inv.Total-inv.Tax, 10)...)
	}
	return stripejson.CloseBuilt(&e, &inv.wire, invoiceDefaults)
}

// appendID writes a discount as its id.
func appendID(d *Discount, b []byte, _ *error) []byte { return stripejson.AppendString(b, d.ID) }

// ---- invoice line ----

var invoiceLineKeys = stripejson.NewKeys("id", "object", "amount", "currency", "description", "discount_amounts",
	"discounts", "invoice", "livemode", "period", "price", "quantity", "subscription", "subscription_item",
	"tax_amounts", "tax_rates", "type")

const (
	ilID = iota
	ilObject
	ilAmount
	ilCurrency
	ilDescription
	ilDiscountAmounts
	ilDiscounts
	ilInvoice
	ilLivemode
	ilPeriod
	ilPrice
	ilQuantity
	ilSubscription
	ilSubscriptionItem
	ilTaxAmounts
	ilTaxRates
	ilType
)

var periodKeys = stripejson.NewKeys("end", "start")

const invoiceLineDefaults = `"amount_excluding_tax":null,"discountable":true,"invoice_item":null,"metadata":{},` +
	`"proration":false,"proration_details":{"credited_items":null},"unit_amount_excluding_tax":null`

// MarshalJSON writes Stripe's invoice line item (object "line_item").
func (l InvoiceLine) MarshalJSON() ([]byte, error) { return stripejson.Marshal(l.appendJSON) }

// UnmarshalJSON reads Stripe's invoice line item (object "line_item").
func (l *InvoiceLine) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "line_item", l, (*InvoiceLine).decode)
}

func (l *InvoiceLine) decode(d *stripejson.Decoder) {
	d.Object(invoiceLineKeys, &l.wire, func(i int) {
		switch i {
		case ilID:
			l.ID = d.String()
		case ilObject:
			d.Const("line_item")
		case ilAmount:
			l.Amount = d.Int()
		case ilCurrency:
			l.Currency = pricing.Currency(d.String())
		case ilDescription:
			l.Description = d.String()
		case ilDiscountAmounts:
			l.DiscountAmounts = stripejson.DecodeSlice(d, (*DiscountAmount).DecodeInvoice)
		case ilDiscounts:
			l.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case ilInvoice:
			l.Invoice = d.ID()
		case ilLivemode:
			l.Livemode = d.Bool()
		case ilPeriod:
			d.Object(periodKeys, &l.period, func(j int) {
				if j == 0 {
					l.PeriodEnd = d.Unix()
				} else {
					l.PeriodStart = d.Unix()
				}
			})
		case ilPrice:
			decodePrice(d, &l.Price)
		case ilQuantity:
			l.Quantity = d.Int()
		case ilSubscription:
			l.Subscription = d.ID()
		case ilSubscriptionItem:
			l.SubscriptionItem = d.ID()
		case ilTaxAmounts:
			l.TaxAmounts = stripejson.DecodeSlice(d, (*TaxAmount).DecodeInvoice)
		case ilTaxRates:
			l.TaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case ilType:
			l.Type = d.String()
		}
	})
}

func (l *InvoiceLine) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, invoiceLineKeys, &l.wire)
	e.String(ilID, l.ID)
	e.Const(ilObject, "line_item")
	e.Int(ilAmount, l.Amount)
	e.String(ilCurrency, string(l.Currency))
	e.String(ilDescription, l.Description)
	stripejson.Slice(&e, ilDiscountAmounts, l.DiscountAmounts, (*DiscountAmount).AppendInvoice, err)
	stripejson.Slice(&e, ilDiscounts, l.Discounts, appendID, nil)
	e.String(ilInvoice, l.Invoice)
	e.Bool(ilLivemode, l.Livemode)
	if e.Field(ilPeriod, !l.PeriodStart.IsZero() || !l.PeriodEnd.IsZero()) {
		pe := stripejson.NewEncoder(e.B, periodKeys, &l.period)
		pe.UnixRequired(0, l.PeriodEnd)
		pe.UnixRequired(1, l.PeriodStart)
		e.B = pe.Close()
	}
	stripejson.Nullable(&e, ilPrice, hasPrice(&l.Price), &l.Price, appendPrice, err)
	e.Int(ilQuantity, l.Quantity)
	e.String(ilSubscription, l.Subscription)
	e.String(ilSubscriptionItem, l.SubscriptionItem)
	stripejson.Slice(&e, ilTaxAmounts, l.TaxAmounts, (*TaxAmount).AppendInvoice, err)
	stripejson.Slice(&e, ilTaxRates, l.TaxRates, (*TaxRate).AppendJSON, err)
	e.String(ilType, l.Type)
	return stripejson.CloseBuilt(&e, &l.wire, invoiceLineDefaults)
}

// ---- subscription ----

var subscriptionKeys = stripejson.NewKeys("id", "object", "billing_cycle_anchor", "collection_method", "created",
	"currency", "current_period_end", "current_period_start", "customer", "days_until_due", "default_tax_rates",
	"description", "discounts", "items", "latest_invoice", "livemode", "metadata", "start_date", "status",
	"trial_end", "trial_start")

const (
	subID = iota
	subObject
	subBillingCycleAnchor
	subCollectionMethod
	subCreated
	subCurrency
	subCurrentPeriodEnd
	subCurrentPeriodStart
	subCustomer
	subDaysUntilDue
	subDefaultTaxRates
	subDescription
	subDiscounts
	subItems
	subLatestInvoice
	subLivemode
	subMetadata
	subStartDate
	subStatus
	subTrialEnd
	subTrialStart
)

const subscriptionDefaults = `"application":null,"application_fee_percent":null,"automatic_tax":{"enabled":false},` +
	`"billing_thresholds":null,"cancel_at":null,"cancel_at_period_end":false,"canceled_at":null,` +
	`"cancellation_details":{"comment":null,"feedback":null,"reason":null},"default_payment_method":null,` +
	`"default_source":null,"discount":null,"ended_at":null,"next_pending_invoice_item_invoice":null,` +
	`"on_behalf_of":null,"pause_collection":null,"pending_invoice_item_interval":null,"pending_setup_intent":null,` +
	`"pending_update":null,"schedule":null,"test_clock":null,"transfer_data":null,"trial_settings":null`

// MarshalJSON writes Stripe's subscription object, with latest_invoice
// expanded (the first invoice), as Stripe returns it with
// expand[]=latest_invoice.
func (s Subscription) MarshalJSON() ([]byte, error) { return stripejson.Marshal(s.appendJSON) }

// UnmarshalJSON reads Stripe's subscription object; latest_invoice may be
// an id (LatestInvoice then holds only its ID, and encodes as the id) or
// expanded.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "subscription", s, (*Subscription).decode)
}

func (s *Subscription) decode(d *stripejson.Decoder) {
	d.Object(subscriptionKeys, &s.wire, func(i int) {
		switch i {
		case subID:
			s.ID = d.String()
		case subObject:
			d.Const("subscription")
		case subBillingCycleAnchor:
			s.BillingCycleAnchor = d.Unix()
		case subCollectionMethod:
			s.CollectionMethod = CollectionMethod(d.String())
		case subCreated:
			s.Created = d.Unix()
		case subCurrency:
			s.Currency = pricing.Currency(d.String())
		case subCurrentPeriodEnd:
			s.CurrentPeriodEnd = d.Unix()
		case subCurrentPeriodStart:
			s.CurrentPeriodStart = d.Unix()
		case subCustomer:
			s.Customer = d.ID()
		case subDaysUntilDue:
			s.DaysUntilDue = d.IntPtr()
		case subDefaultTaxRates:
			s.DefaultTaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case subDescription:
			s.Description = d.String()
		case subDiscounts:
			s.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case subItems:
			s.items.Decode(d, func() { s.Items = stripejson.DecodeSlice(d, (*SubscriptionItem).decode) })
		case subLatestInvoice:
			if !d.IsNull() {
				s.LatestInvoice = new(Invoice)
				s.LatestInvoice.decode(d)
			}
		case subLivemode:
			s.Livemode = d.Bool()
		case subMetadata:
			s.Metadata = d.Metadata()
		case subStartDate:
			s.StartDate = d.Unix()
		case subStatus:
			s.Status = d.String()
		case subTrialEnd:
			s.TrialEnd = d.Unix()
		case subTrialStart:
			s.TrialStart = d.Unix()
		}
	})
}

func (s *Subscription) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, subscriptionKeys, &s.wire)
	e.String(subID, s.ID)
	e.Const(subObject, "subscription")
	e.UnixRequired(subBillingCycleAnchor, s.BillingCycleAnchor)
	e.String(subCollectionMethod, string(s.CollectionMethod))
	e.UnixRequired(subCreated, s.Created)
	e.String(subCurrency, string(s.Currency))
	e.UnixRequired(subCurrentPeriodEnd, s.CurrentPeriodEnd)
	e.UnixRequired(subCurrentPeriodStart, s.CurrentPeriodStart)
	e.String(subCustomer, s.Customer)
	e.IntPtr(subDaysUntilDue, s.DaysUntilDue)
	stripejson.Slice(&e, subDefaultTaxRates, s.DefaultTaxRates, (*TaxRate).AppendJSON, err)
	e.String(subDescription, s.Description)
	stripejson.Slice(&e, subDiscounts, s.Discounts, appendID, nil)
	if e.Field(subItems, s.Items != nil) {
		e.B = s.items.AppendJSON(e.B, "/v1/subscription_items?subscription="+s.ID, len(s.Items), func(b []byte) []byte {
			return stripejson.AppendSlice(b, s.Items, (*SubscriptionItem).appendJSON, err)
		})
	}
	stripejson.Nullable(&e, subLatestInvoice, s.LatestInvoice != nil, s.LatestInvoice, (*Invoice).appendJSON, err)
	e.Bool(subLivemode, s.Livemode)
	e.MetadataOrEmpty(subMetadata, s.Metadata)
	e.UnixRequired(subStartDate, s.StartDate)
	e.String(subStatus, s.Status)
	e.Unix(subTrialEnd, s.TrialEnd)
	e.Unix(subTrialStart, s.TrialStart)
	return stripejson.CloseBuilt(&e, &s.wire, subscriptionDefaults)
}

var subscriptionItemKeys = stripejson.NewKeys("id", "object", "created", "discounts", "price", "quantity",
	"subscription", "tax_rates", "plan")

// MarshalJSON writes Stripe's subscription_item object; built in Go, with
// the legacy plan view of its price (pricing.PriceToPlan; null if the price
// has none), decoded, with the plan it carried.
func (it SubscriptionItem) MarshalJSON() ([]byte, error) { return stripejson.Marshal(it.appendJSON) }

// UnmarshalJSON reads Stripe's subscription_item object.
func (it *SubscriptionItem) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "subscription_item", it, (*SubscriptionItem).decode)
}

func (it *SubscriptionItem) decode(d *stripejson.Decoder) {
	d.Object(subscriptionItemKeys, &it.wire, func(i int) {
		switch i {
		case 0:
			it.ID = d.String()
		case 1:
			d.Const("subscription_item")
		case 2:
			it.Created = d.Unix()
		case 3:
			it.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case 4:
			decodePrice(d, &it.Price)
		case 5:
			it.Quantity = d.Int()
		case 6:
			it.Subscription = d.ID()
		case 7:
			it.TaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case 8:
			if !d.IsNull() {
				it.plan = new(pricing.Plan)
				d.Value(it.plan)
			}
		}
	})
}

func (it *SubscriptionItem) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, subscriptionItemKeys, &it.wire)
	e.String(0, it.ID)
	e.Const(1, "subscription_item")
	e.UnixRequired(2, it.Created)
	stripejson.Slice(&e, 3, it.Discounts, appendID, nil)
	stripejson.Nullable(&e, 4, hasPrice(&it.Price), &it.Price, appendPrice, err)
	e.Int(5, it.Quantity)
	e.String(6, it.Subscription)
	stripejson.Slice(&e, 7, it.TaxRates, (*TaxRate).AppendJSON, err)
	plan := it.plan
	if !it.wire.Decoded() {
		if p, perr := pricing.PriceToPlan(it.Price); perr == nil {
			plan = &p
		}
	}
	stripejson.Nullable(&e, 8, plan != nil, plan, appendPlan, err)
	return stripejson.CloseBuilt(&e, &it.wire, `"billing_thresholds":null,"metadata":{}`)
}

// ---- subscription schedule ----

var scheduleKeys = stripejson.NewKeys("id", "object", "created", "customer", "default_settings", "end_behavior",
	"livemode", "phases", "status")

var settingsKeys = stripejson.NewKeys("collection_method", "description", "invoice_settings")

const scheduleDefaults = `"application":null,"canceled_at":null,"completed_at":null,"current_phase":null,` +
	`"metadata":{},"released_at":null,"released_subscription":null,"subscription":null,"test_clock":null`

const settingsDefaults = `"application_fee_percent":null,"automatic_tax":{"enabled":false},` +
	`"billing_cycle_anchor":"automatic","billing_thresholds":null,"default_payment_method":null,` +
	`"on_behalf_of":null,"transfer_data":null`

// MarshalJSON writes Stripe's subscription_schedule object.
func (s SubscriptionSchedule) MarshalJSON() ([]byte, error) { return stripejson.Marshal(s.appendJSON) }

// UnmarshalJSON reads Stripe's subscription_schedule object.
func (s *SubscriptionSchedule) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "subscription_schedule", s, (*SubscriptionSchedule).decode)
}

func (s *SubscriptionSchedule) decode(d *stripejson.Decoder) {
	d.Object(scheduleKeys, &s.wire, func(i int) {
		switch i {
		case 0:
			s.ID = d.String()
		case 1:
			d.Const("subscription_schedule")
		case 2:
			s.Created = d.Unix()
		case 3:
			s.Customer = d.ID()
		case 4:
			decodeSettings(d, &s.settings, &s.settingsInv, &s.CollectionMethod, &s.Description, &s.DaysUntilDue)
		case 5:
			s.EndBehavior = d.String()
		case 6:
			s.Livemode = d.Bool()
		case 7:
			s.Phases = stripejson.DecodeSlice(d, (*Phase).decode)
		case 8:
			s.Status = d.String()
		}
	})
}

// decodeSettings reads the members a schedule's default_settings and its
// phases share: collection_method, description and
// invoice_settings.days_until_due.
func decodeSettings(d *stripejson.Decoder, sh, inv *stripejson.Shape, cm *CollectionMethod, desc *string, days **int64) {
	d.Object(settingsKeys, sh, func(i int) {
		switch i {
		case 0:
			*cm = CollectionMethod(d.String())
		case 1:
			*desc = d.String()
		case 2:
			d.Object(invoiceSettingsKeys, inv, func(int) { *days = d.IntPtr() })
		}
	})
}

func appendInvoiceSettings(b []byte, sh *stripejson.Shape, days *int64) []byte {
	e := stripejson.NewEncoder(b, invoiceSettingsKeys, sh)
	e.IntPtr(0, days)
	return e.Close()
}

func (s *SubscriptionSchedule) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, scheduleKeys, &s.wire)
	e.String(0, s.ID)
	e.Const(1, "subscription_schedule")
	e.UnixRequired(2, s.Created)
	e.String(3, s.Customer)
	if e.Field(4, s.settings.Decoded() || s.CollectionMethod != "" || s.Description != "" || s.DaysUntilDue != nil) {
		se := stripejson.NewEncoder(e.B, settingsKeys, &s.settings)
		se.String(0, string(s.CollectionMethod))
		se.String(1, s.Description)
		if se.Field(2, s.DaysUntilDue != nil) {
			se.B = appendInvoiceSettings(se.B, &s.settingsInv, s.DaysUntilDue)
		}
		e.B = stripejson.CloseBuilt(&se, &s.settings, settingsDefaults)
	}
	e.String(5, s.EndBehavior)
	e.Bool(6, s.Livemode)
	stripejson.Slice(&e, 7, s.Phases, (*Phase).appendJSON, err)
	e.String(8, s.Status)
	return stripejson.CloseBuilt(&e, &s.wire, scheduleDefaults)
}

var phaseKeys = stripejson.NewKeys("add_invoice_items", "collection_method", "currency", "default_tax_rates",
	"description", "discounts", "end_date", "invoice_settings", "items", "metadata", "start_date", "trial_end")

const (
	phAddInvoiceItems = iota
	phCollectionMethod
	phCurrency
	phDefaultTaxRates
	phDescription
	phDiscounts
	phEndDate
	phInvoiceSettings
	phItems
	phMetadata
	phStartDate
	phTrialEnd
)

const phaseDefaults = `"application_fee_percent":null,"automatic_tax":{"enabled":false},"billing_cycle_anchor":null,` +
	`"billing_thresholds":null,"coupon":null,"default_payment_method":null,"on_behalf_of":null,` +
	`"proration_behavior":"create_prorations","transfer_data":null`

func (p *Phase) decode(d *stripejson.Decoder) {
	d.Object(phaseKeys, &p.wire, func(i int) {
		switch i {
		case phAddInvoiceItems:
			p.AddInvoiceItems = stripejson.DecodeSlice(d, (*PhaseItem).decode)
		case phCollectionMethod:
			p.CollectionMethod = CollectionMethod(d.String())
		case phCurrency:
			p.Currency = pricing.Currency(d.String())
		case phDefaultTaxRates:
			p.DefaultTaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case phDescription:
			p.Description = d.String()
		case phDiscounts:
			p.Discounts = stripejson.DecodeSlice(d, (*Discount).DecodeRef)
		case phEndDate:
			p.EndDate = d.Unix()
		case phInvoiceSettings:
			d.Object(invoiceSettingsKeys, &p.inv, func(int) { p.DaysUntilDue = d.IntPtr() })
		case phItems:
			p.Items = stripejson.DecodeSlice(d, (*PhaseItem).decode)
		case phMetadata:
			p.Metadata = d.Metadata()
		case phStartDate:
			p.StartDate = d.Unix()
		case phTrialEnd:
			p.TrialEnd = d.Unix()
		}
	})
}

func (p *Phase) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, phaseKeys, &p.wire)
	stripejson.Slice(&e, phAddInvoiceItems, p.AddInvoiceItems, (*PhaseItem).appendAdded, err)
	e.String(phCollectionMethod, string(p.CollectionMethod))
	e.String(phCurrency, string(p.Currency))
	stripejson.Slice(&e, phDefaultTaxRates, p.DefaultTaxRates, (*TaxRate).AppendJSON, err)
	e.String(phDescription, p.Description)
	stripejson.Slice(&e, phDiscounts, p.Discounts, (*Discount).AppendRef, err)
	e.UnixRequired(phEndDate, p.EndDate)
	if e.Field(phInvoiceSettings, p.DaysUntilDue != nil) {
		e.B = appendInvoiceSettings(e.B, &p.inv, p.DaysUntilDue)
	}
	stripejson.Slice(&e, phItems, p.Items, (*PhaseItem).appendJSON, err)
	e.MetadataOrEmpty(phMetadata, p.Metadata)
	e.UnixRequired(phStartDate, p.StartDate)
	e.Unix(phTrialEnd, p.TrialEnd)
	return stripejson.CloseBuilt(&e, &p.wire, phaseDefaults)
}

var phaseItemKeys = stripejson.NewKeys("discounts", "price", "quantity", "tax_rates", "plan?")

// refKeys read an expandable reference sent as an object.
var refKeys = stripejson.NewKeys("id", "object")

func (it *PhaseItem) decode(d *stripejson.Decoder) {
	d.Object(phaseItemKeys, &it.wire, func(i int) {
		switch i {
		case 0:
			it.Discounts = stripejson.DecodeSlice(d, (*Discount).DecodeRef)
		case 1:
			decodePrice(d, &it.Price)
		case 2:
			it.Quantity = d.Int()
		case 3:
			it.TaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case 4:
			it.plan = decodePlanRef(d)
		}
	})
}

// decodePlanRef reads a phase item's plan: an id, or an expanded plan,
// kept as it is. An object that does not say it is a plan is stripe-go's
// json.Marshal of an unexpanded reference: its id.
func decodePlanRef(d *stripejson.Decoder) string {
	if d.Kind() != "an object" {
		return string(stripejson.AppendNullString(nil, d.String()))
	}
	var id, object string
	var sh stripejson.Shape
	d.Object(refKeys, &sh, func(i int) {
		if i == 0 {
			id = d.String()
		} else {
			object = d.String()
		}
	})
	if object == "plan" {
		return string(d.Raw())
	}
	return string(stripejson.AppendNullString(nil, id))
}

// appendJSON writes an item of a phase (its price as the id; built in Go,
// with the plan of that id, Stripe's legacy view of a recurring price).
func (it *PhaseItem) appendJSON(b []byte, err *error) []byte {
	return it.append(b, true, err)
}

// appendAdded writes an add_invoice_item of a phase.
func (it *PhaseItem) appendAdded(b []byte, err *error) []byte { return it.append(b, false, err) }

func (it *PhaseItem) append(b []byte, item bool, err *error) []byte {
	e := stripejson.NewEncoder(b, phaseItemKeys, &it.wire)
	stripejson.Slice(&e, 0, it.Discounts, (*Discount).AppendRef, err)
	e.String(1, it.Price.ID)
	e.Int(2, it.Quantity)
	stripejson.Slice(&e, 3, it.TaxRates, (*TaxRate).AppendJSON, err)
	plan := it.plan
	if item && !it.wire.Decoded() {
		plan = string(stripejson.AppendNullString(nil, it.Price.ID))
	}
	if e.Field(4, plan != "") {
		e.B = append(e.B, plan...)
	}
	if !item {
		return e.Close()
	}
	return stripejson.CloseBuilt(&e, &it.wire, `"billing_thresholds":null,"metadata":{}`)
}
