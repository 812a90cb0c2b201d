package quote

import (
	"fmt"

	"github.com/billingkit/billingkit/internal/stripejson"
	shared "github.com/billingkit/billingkit/internal/totals"
	"github.com/billingkit/billingkit/pricing"
)

// The codecs of the quote and its nested objects. Each object type has a
// Keys table (its modelled keys, in writing order) and index constants in
// the same order; its decode reads the members through a
// stripejson.Decoder and its appendJSON writes them through an Encoder,
// which keeps the decoded object's unknown keys (see the package doc).

// ---- helpers shared by every codec of the package ----

// unmarshal is stripejson.Decode with this package's ErrInvalidJSON, for
// the package's decode methods (func(*T, *Decoder)).
func unmarshal[T any](b []byte, object string, v *T, decode func(*T, *stripejson.Decoder)) error {
	return stripejson.Decode(b, ErrInvalidJSON, object, v, decode)
}

// ---- quote ----

var quoteKeys = stripejson.NewKeys("id", "object", "amount_subtotal", "amount_total", "automatic_tax",
	"collection_method", "computed", "created", "currency", "customer", "default_tax_rates", "description",
	"discounts", "expires_at", "footer", "from_quote", "header", "invoice", "invoice_settings", "line_items?",
	"livemode", "metadata", "number", "status", "status_transitions", "subscription", "subscription_data",
	"subscription_schedule", "total_details")

const (
	qID = iota
	qObject
	qAmountSubtotal
	qAmountTotal
	qAutomaticTax
	qCollectionMethod
	qComputed
	qCreated
	qCurrency
	qCustomer
	qDefaultTaxRates
	qDescription
	qDiscounts
	qExpiresAt
	qFooter
	qFromQuote
	qHeader
	qInvoice
	qInvoiceSettings
	qLineItems
	qLivemode
	qMetadata
	qNumber
	qStatus
	qStatusTransitions
	qSubscription
	qSubscriptionData
	qSubscriptionSchedule
	qTotalDetails
)

// quoteDefaults are Stripe's keys of a quote this package does not model,
// written (as null) on a quote built in Go.
const quoteDefaults = `"application":null,"application_fee_amount":null,"application_fee_percent":null,"on_behalf_of":null,"test_clock":null,"transfer_data":null`

// MarshalJSON writes Stripe's quote object. See Quote and the package doc
// for the conventions.
func (q Quote) MarshalJSON() ([]byte, error) { return stripejson.Marshal(q.appendJSON) }

// UnmarshalJSON reads Stripe's quote object: any quote Stripe sends,
// whatever its API version, and the quotes stripe-go writes (see the
// package doc's JSON readings). Unknown statuses and unknown keys are kept;
// expandable fields sent expanded (customer, invoice, ...) keep only their
// id. The lines' own discounts and tax rates are recovered as LineItem
// describes. Malformed JSON, a value of the wrong type, a time outside the
// years 1970 to 9999 or a key differing from a modelled one only in case
// is a *FieldError wrapping ErrInvalidJSON; q is then unchanged.
func (q *Quote) UnmarshalJSON(b []byte) error { return unmarshal(b, "quote", q, (*Quote).decode) }

func (q *Quote) decode(d *stripejson.Decoder) {
	d.Object(quoteKeys, &q.wire, func(i int) {
		switch i {
		case qID:
			q.ID = d.String()
		case qObject:
			d.Const("quote")
		case qAmountSubtotal:
			q.AmountSubtotal = d.Int()
		case qAmountTotal:
			q.AmountTotal = d.Int()
		case qAutomaticTax:
			q.AutomaticTax.decode(d)
		case qCollectionMethod:
			q.CollectionMethod = CollectionMethod(d.String())
		case qComputed:
			q.Computed.decode(d)
		case qCreated:
			q.Created = d.Unix()
		case qCurrency:
			q.Currency = pricing.Currency(d.String())
		case qCustomer:
			q.Customer = d.ID()
		case qDefaultTaxRates:
			q.DefaultTaxRates = stripejson.DecodeSlice(d, (*TaxRate).Decode)
		case qDescription:
			q.Description = d.String()
		case qDiscounts:
			q.Discounts = stripejson.DecodeSlice(d, (*Discount).Decode)
		case qExpiresAt:
			q.ExpiresAt = d.Unix()
		case qFooter:
			q.Footer = d.String()
		case qFromQuote:
			if !d.IsNull() {
				q.FromQuote = new(FromQuote)
				q.FromQuote.decode(d)
			}
		case qHeader:
			q.Header = d.String()
		case qInvoice:
			q.Invoice = d.ID()
		case qInvoiceSettings:
			q.InvoiceSettings.decode(d)
		case qLineItems:
			q.LineItems = stripejson.DecodeList(&q.lines, d, (*LineItem).decode)
		case qLivemode:
			q.Livemode = d.Bool()
		case qMetadata:
			q.Metadata = d.Metadata()
		case qNumber:
			q.Number = d.String()
		case qStatus:
			q.Status = Status(d.String())
		case qStatusTransitions:
			q.StatusTransitions.decode(d)
		case qSubscription:
			q.Subscription = d.ID()
		case qSubscriptionData:
			q.SubscriptionData.decode(d)
		case qSubscriptionSchedule:
			q.SubscriptionSchedule = d.ID()
		case qTotalDetails:
			q.TotalDetails.decode(d)
		}
	})
	if d.Failed() {
		return
	}
	// stripe-go writes 0 for a nil days_until_due: on a charge_automatically
	// quote, 0 is null (policy, see the package doc). Without a
	// collection_method the 0 is kept as written.
	if dd := q.InvoiceSettings.DaysUntilDue; dd != nil && *dd == 0 && q.CollectionMethod == ChargeAutomatically {
		q.InvoiceSettings.DaysUntilDue = nil
	}
	quoteDiscounts := make(map[string]bool, len(q.Discounts))
	for _, disc := range q.Discounts {
		quoteDiscounts[disc.ID] = true
	}
	for i := range q.LineItems {
		q.LineItems[i].recoverInputs(quoteDiscounts, q.DefaultTaxRates)
	}
	for i := range q.Computed.Upfront.LineItems {
		q.Computed.Upfront.LineItems[i].recoverInputs(quoteDiscounts, q.DefaultTaxRates)
	}
}

func (q *Quote) appendJSON(b []byte, err *error) []byte {
	sh := q.wire
	if q.LineItems == nil {
		sh = sh.Without(qLineItems) // lines dropped in Go are not written back
	}
	e := stripejson.NewEncoder(b, quoteKeys, &sh)
	e.String(qID, q.ID)
	e.Const(qObject, "quote")
	e.Int(qAmountSubtotal, q.AmountSubtotal)
	e.Int(qAmountTotal, q.AmountTotal)
	stripejson.Nested(&e, qAutomaticTax, q.AutomaticTax != AutomaticTax{}, &q.AutomaticTax, (*AutomaticTax).appendJSON, err)
	if e.Field(qCollectionMethod, q.CollectionMethod != "") {
		cm := q.CollectionMethod
		if cm == "" {
			cm = ChargeAutomatically
		}
		e.B = stripejson.AppendString(e.B, string(cm))
	}
	if e.Field(qComputed, q.Computed.hasValue()) {
		e.B = q.Computed.appendJSON(e.B, q.ID, err)
	}
	e.UnixRequired(qCreated, q.Created)
	e.String(qCurrency, string(q.Currency))
	e.String(qCustomer, q.Customer)
	stripejson.Slice(&e, qDefaultTaxRates, q.DefaultTaxRates, (*TaxRate).AppendJSON, err)
	e.String(qDescription, q.Description)
	stripejson.Slice(&e, qDiscounts, q.Discounts, (*Discount).AppendJSON, err)
	e.UnixRequired(qExpiresAt, q.ExpiresAt)
	e.String(qFooter, q.Footer)
	stripejson.Nullable(&e, qFromQuote, q.FromQuote != nil, q.FromQuote, (*FromQuote).appendJSON, err)
	e.String(qHeader, q.Header)
	e.String(qInvoice, q.Invoice)
	stripejson.Nested(&e, qInvoiceSettings, q.InvoiceSettings != InvoiceSettings{}, &q.InvoiceSettings, (*InvoiceSettings).appendJSON, err)
	if e.Field(qLineItems, q.LineItems != nil) {
		e.B = stripejson.AppendList(&q.lines, e.B, "/v1/quotes/"+q.ID+"/line_items", q.LineItems, (*LineItem).appendJSON, err)
	}
	e.Bool(qLivemode, q.Livemode)
	e.MetadataOrEmpty(qMetadata, q.Metadata)
	e.String(qNumber, q.Number)
	e.String(qStatus, string(q.Status))
	stripejson.Nested(&e, qStatusTransitions, q.StatusTransitions != StatusTransitions{}, &q.StatusTransitions, (*StatusTransitions).appendJSON, err)
	e.String(qSubscription, q.Subscription)
	stripejson.Nested(&e, qSubscriptionData, q.SubscriptionData.hasValue(), &q.SubscriptionData, (*SubscriptionData).appendJSON, err)
	e.String(qSubscriptionSchedule, q.SubscriptionSchedule)
	stripejson.Nested(&e, qTotalDetails, q.TotalDetails != TotalDetails{}, &q.TotalDetails, (*TotalDetails).appendJSON, err)
	return stripejson.CloseBuilt(&e, &sh, quoteDefaults)
}

// String returns the quote's id and status, for logs.
func (q Quote) String() string { return fmt.Sprintf("quote %s (%s)", q.ID, q.Status) }

// ---- line items ----

var itemKeys = stripejson.NewKeys("id", "object", "amount_discount", "amount_subtotal", "amount_tax",
	"amount_total", "currency", "description", "discounts", "price", "quantity", "taxes")

const (
	iID = iota
	iObject
	iAmountDiscount
	iAmountSubtotal
	iAmountTax
	iAmountTotal
	iCurrency
	iDescription
	iDiscounts
	iPrice
	iQuantity
	iTaxes
)

// MarshalJSON writes Stripe's quote line item (object "item"). Before
// Compute has run (DiscountAmounts and TaxAmounts nil), "discounts" and
// "taxes" list the line's own discounts and tax rates with amount 0, so
// nothing is lost on the wire; a line with no rates of its own (nil: the
// quote's defaults) writes "taxes": null, so that decoding does not mistake
// it for an explicitly untaxed line ("taxes": []).
func (li LineItem) MarshalJSON() ([]byte, error) { return stripejson.Marshal(li.appendJSON) }

// UnmarshalJSON reads Stripe's quote line item. The line's own Discounts
// and TaxRates are recovered by the enclosing Quote's UnmarshalJSON (they
// depend on the quote's discounts and default tax rates); decoded alone, a
// line takes every discount and tax rate it lists as its own.
func (li *LineItem) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "item", li, func(li *LineItem, d *stripejson.Decoder) {
		li.decode(d)
		li.recoverInputs(nil, nil)
	})
}

func (li *LineItem) decode(d *stripejson.Decoder) {
	d.Object(itemKeys, &li.wire, func(i int) {
		switch i {
		case iID:
			li.ID = d.String()
		case iObject:
			d.Const("item")
		case iAmountDiscount:
			li.AmountDiscount = d.Int()
		case iAmountSubtotal:
			li.AmountSubtotal = d.Int()
		case iAmountTax:
			li.AmountTax = d.Int()
		case iAmountTotal:
			li.AmountTotal = d.Int()
		case iCurrency:
			li.Currency = pricing.Currency(d.String())
		case iDescription:
			li.Description = d.String()
		case iDiscounts:
			li.DiscountAmounts = stripejson.DecodeSlice(d, (*DiscountAmount).Decode)
		case iPrice:
			if !d.IsNull() {
				d.Value(&li.Price)
			}
		case iQuantity:
			li.Quantity = d.Int()
		case iTaxes:
			li.TaxAmounts = stripejson.DecodeSlice(d, (*TaxAmount).Decode)
		}
	})
}

func (li *LineItem) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, itemKeys, &li.wire)
	e.String(iID, li.ID)
	e.Const(iObject, "item")
	e.Int(iAmountDiscount, li.AmountDiscount)
	e.Int(iAmountSubtotal, li.AmountSubtotal)
	e.Int(iAmountTax, li.AmountTax)
	e.Int(iAmountTotal, li.AmountTotal)
	if e.Field(iCurrency, li.Currency != "") {
		cur := li.Currency
		if cur == "" {
			cur = li.Price.Currency
		}
		e.B = stripejson.AppendNullString(e.B, string(cur))
	}
	e.String(iDescription, li.Description)
	discounts := li.DiscountAmounts
	if discounts == nil && len(li.Discounts) > 0 {
		discounts = make([]DiscountAmount, len(li.Discounts))
		for i, d := range li.Discounts {
			discounts[i] = DiscountAmount{Discount: d}
		}
	}
	stripejson.Slice(&e, iDiscounts, discounts, (*DiscountAmount).AppendJSON, err)
	stripejson.Nullable(&e, iPrice, shared.HasPrice(&li.Price), &li.Price, shared.AppendPrice, err)
	e.Int(iQuantity, li.Quantity)
	taxes := li.TaxAmounts
	if taxes == nil && li.TaxRates != nil {
		taxes = make([]TaxAmount, len(li.TaxRates))
		for i, r := range li.TaxRates {
			taxes[i] = TaxAmount{Rate: r}
		}
	}
	// null: the quote's default rates, not an untaxed line
	stripejson.SliceOrNull(&e, iTaxes, taxes, true, (*TaxAmount).AppendJSON, err)
	return e.Close()
}

// recoverInputs sets the line's own discounts (those not among the quote's)
// and tax rates (unless they are exactly the quote's defaults; an empty
// "taxes" list beside default rates is an explicit empty TaxRates).
func (li *LineItem) recoverInputs(quoteDiscounts map[string]bool, defaults []TaxRate) {
	li.Discounts = nil
	for _, d := range li.DiscountAmounts {
		if !quoteDiscounts[d.Discount.ID] {
			li.Discounts = append(li.Discounts, d.Discount)
		}
	}
	li.TaxRates = nil
	if len(li.TaxAmounts) == 0 {
		if li.TaxAmounts != nil && len(defaults) > 0 {
			// "taxes": [] on a quote with default rates: the line was
			// explicitly untaxed, not "use the defaults".
			li.TaxRates = []TaxRate{}
		}
		return
	}
	same := len(li.TaxAmounts) == len(defaults)
	for i := 0; same && i < len(defaults); i++ {
		same = li.TaxAmounts[i].Rate.ID == defaults[i].ID
	}
	if same {
		return
	}
	li.TaxRates = make([]TaxRate, len(li.TaxAmounts))
	for i, t := range li.TaxAmounts {
		li.TaxRates[i] = t.Rate
	}
}

// ---- the quote's nested objects ----

var automaticTaxKeys = stripejson.NewKeys("enabled", "status")

func (a *AutomaticTax) decode(d *stripejson.Decoder) {
	d.Object(automaticTaxKeys, &a.wire, func(i int) {
		if i == 0 {
			a.Enabled = d.Bool()
		} else {
			a.Status = d.String()
		}
	})
}

func (a *AutomaticTax) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, automaticTaxKeys, &a.wire)
	e.Bool(0, a.Enabled)
	e.String(1, a.Status)
	return e.Close()
}

var invoiceSettingsKeys = stripejson.NewKeys("days_until_due")

func (s *InvoiceSettings) decode(d *stripejson.Decoder) {
	d.Object(invoiceSettingsKeys, &s.wire, func(int) { s.DaysUntilDue = d.IntPtr() })
}

func (s *InvoiceSettings) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, invoiceSettingsKeys, &s.wire)
	e.IntPtr(0, s.DaysUntilDue)
	return e.Close()
}

var subscriptionDataKeys = stripejson.NewKeys("description", "effective_date", "metadata", "trial_period_days")

func (s *SubscriptionData) decode(d *stripejson.Decoder) {
	d.Object(subscriptionDataKeys, &s.wire, func(i int) {
		switch i {
		case 0:
			s.Description = d.String()
		case 1:
			s.EffectiveDate = d.Unix()
		case 2:
			s.Metadata = d.Metadata()
		case 3:
			s.TrialPeriodDays = d.IntPtr()
		}
	})
}

func (s *SubscriptionData) hasValue() bool {
	return s.wire.Decoded() || s.Description != "" || !s.EffectiveDate.IsZero() || s.Metadata != nil || s.TrialPeriodDays != nil
}

func (s *SubscriptionData) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, subscriptionDataKeys, &s.wire)
	e.String(0, s.Description)
	e.Unix(1, s.EffectiveDate)
	e.Metadata(2, s.Metadata)
	e.IntPtr(3, s.TrialPeriodDays)
	return e.Close()
}

var statusTransitionsKeys = stripejson.NewKeys("accepted_at", "canceled_at", "finalized_at")

func (s *StatusTransitions) decode(d *stripejson.Decoder) {
	d.Object(statusTransitionsKeys, &s.wire, func(i int) {
		switch i {
		case 0:
			s.AcceptedAt = d.Unix()
		case 1:
			s.CanceledAt = d.Unix()
		case 2:
			s.FinalizedAt = d.Unix()
		}
	})
}

func (s *StatusTransitions) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, statusTransitionsKeys, &s.wire)
	e.Unix(0, s.AcceptedAt)
	e.Unix(1, s.CanceledAt)
	e.Unix(2, s.FinalizedAt)
	return e.Close()
}

var fromQuoteKeys = stripejson.NewKeys("is_revision", "quote")

func (f *FromQuote) decode(d *stripejson.Decoder) {
	d.Object(fromQuoteKeys, &f.wire, func(i int) {
		if i == 0 {
			f.IsRevision = d.Bool()
		} else {
			f.Quote = d.ID()
		}
	})
}

func (f *FromQuote) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, fromQuoteKeys, &f.wire)
	e.Bool(0, f.IsRevision)
	e.String(1, f.Quote)
	return e.Close()
}

var totalDetailsKeys = stripejson.NewKeys("amount_discount", "amount_shipping", "amount_tax", "breakdown?")

func (t *TotalDetails) decode(d *stripejson.Decoder) {
	d.Object(totalDetailsKeys, &t.wire, func(i int) {
		switch i {
		case 0:
			t.AmountDiscount = d.Int()
		case 1:
			t.AmountShipping = d.IntPtr()
		case 2:
			t.AmountTax = d.Int()
		case 3:
			if !d.IsNull() {
				t.Breakdown = new(Breakdown)
				t.Breakdown.decode(d)
			}
		}
	})
}

func (t *TotalDetails) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, totalDetailsKeys, &t.wire)
	e.Int(0, t.AmountDiscount)
	e.IntPtr(1, t.AmountShipping)
	e.Int(2, t.AmountTax)
	stripejson.Nullable(&e, 3, t.Breakdown != nil, t.Breakdown, (*Breakdown).appendJSON, err)
	return e.Close()
}

var breakdownKeys = stripejson.NewKeys("discounts", "taxes")

func (bd *Breakdown) decode(d *stripejson.Decoder) {
	d.Object(breakdownKeys, &bd.wire, func(i int) {
		if i == 0 {
			bd.Discounts = stripejson.DecodeSlice(d, (*DiscountAmount).Decode)
		} else {
			bd.Taxes = stripejson.DecodeSlice(d, (*TaxAmount).Decode)
		}
	})
}

func (bd *Breakdown) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, breakdownKeys, &bd.wire)
	stripejson.Slice(&e, 0, bd.Discounts, (*DiscountAmount).AppendJSON, err)
	stripejson.Slice(&e, 1, bd.Taxes, (*TaxAmount).AppendJSON, err)
	return e.Close()
}

var computedKeys = stripejson.NewKeys("recurring", "upfront")

func (c *Computed) decode(d *stripejson.Decoder) {
	d.Object(computedKeys, &c.wire, func(i int) {
		if i == 1 {
			c.Upfront.decode(d)
		} else if !d.IsNull() {
			c.Recurring = new(RecurringTotals)
			c.Recurring.decode(d)
		}
	})
}

func (c *Computed) hasValue() bool {
	return c.wire.Decoded() || c.Recurring != nil || c.Upfront.hasValue()
}

func (c *Computed) appendJSON(b []byte, quoteID string, err *error) []byte {
	e := stripejson.NewEncoder(b, computedKeys, &c.wire)
	stripejson.Nullable(&e, 0, c.Recurring != nil, c.Recurring, (*RecurringTotals).appendJSON, err)
	if e.Field(1, c.Upfront.hasValue()) {
		e.B = c.Upfront.appendJSON(e.B, quoteID, err)
	}
	return e.Close()
}

var upfrontKeys = stripejson.NewKeys("amount_subtotal", "amount_total", "line_items?", "total_details")

func (u *Upfront) decode(d *stripejson.Decoder) {
	d.Object(upfrontKeys, &u.wire, func(i int) {
		switch i {
		case 0:
			u.AmountSubtotal = d.Int()
		case 1:
			u.AmountTotal = d.Int()
		case 2:
			u.LineItems = stripejson.DecodeList(&u.lines, d, (*LineItem).decode)
		case 3:
			u.TotalDetails.decode(d)
		}
	})
}

func (u *Upfront) hasValue() bool {
	return u.wire.Decoded() || u.AmountSubtotal != 0 || u.AmountTotal != 0 || u.LineItems != nil || u.TotalDetails != TotalDetails{}
}

func (u *Upfront) appendJSON(b []byte, quoteID string, err *error) []byte {
	sh := u.wire
	if u.LineItems == nil {
		sh = sh.Without(2)
	}
	e := stripejson.NewEncoder(b, upfrontKeys, &sh)
	e.Int(0, u.AmountSubtotal)
	e.Int(1, u.AmountTotal)
	if e.Field(2, u.LineItems != nil) {
		e.B = stripejson.AppendList(&u.lines, e.B, "/v1/quotes/"+quoteID+"/computed_upfront_line_items", u.LineItems, (*LineItem).appendJSON, err)
	}
	stripejson.Nested(&e, 3, u.TotalDetails != TotalDetails{}, &u.TotalDetails, (*TotalDetails).appendJSON, err)
	return e.Close()
}

var recurringTotalsKeys = stripejson.NewKeys("amount_subtotal", "amount_total", "interval", "interval_count", "total_details")

func (r *RecurringTotals) decode(d *stripejson.Decoder) {
	d.Object(recurringTotalsKeys, &r.wire, func(i int) {
		switch i {
		case 0:
			r.AmountSubtotal = d.Int()
		case 1:
			r.AmountTotal = d.Int()
		case 2:
			r.Interval = pricing.Interval(d.String())
		case 3:
			r.IntervalCount = d.Int()
		case 4:
			r.TotalDetails.decode(d)
		}
	})
}

func (r *RecurringTotals) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, recurringTotalsKeys, &r.wire)
	e.Int(0, r.AmountSubtotal)
	e.Int(1, r.AmountTotal)
	e.String(2, string(r.Interval))
	e.Int(3, r.IntervalCount)
	stripejson.Nested(&e, 4, r.TotalDetails != TotalDetails{}, &r.TotalDetails, (*TotalDetails).appendJSON, err)
	return e.Close()
}
