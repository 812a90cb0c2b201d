package quote

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/billingkit/billingkit/pricing"
)

// ---- discounts, coupons, tax rates ----

type wireCoupon struct {
	ID               string                              `json:"id"`
	Object           string                              `json:"object"`
	AmountOff        *int64                              `json:"amount_off"`
	AppliesTo        *wireAppliesTo                      `json:"applies_to,omitempty"`
	Created          int64                               `json:"created"`
	Currency         *string                             `json:"currency"`
	CurrencyOptions  map[string]wireCouponCurrencyOption `json:"currency_options,omitempty"`
	Duration         Duration                            `json:"duration"`
	DurationInMonths *int64                              `json:"duration_in_months"`
	Livemode         bool                                `json:"livemode"`
	MaxRedemptions   *int64                              `json:"max_redemptions"`
	Metadata         map[string]string                   `json:"metadata"`
	Name             *string                             `json:"name"`
	PercentOff       *number                             `json:"percent_off"`
	RedeemBy         *int64                              `json:"redeem_by"`
	TimesRedeemed    int64                               `json:"times_redeemed"`
	Valid            bool                                `json:"valid"`
}

type wireCouponCurrencyOption struct {
	AmountOff int64 `json:"amount_off"`
}

type wireAppliesTo struct {
	Products []string `json:"products"`
}

// MarshalJSON writes Stripe's coupon object.
func (c Coupon) MarshalJSON() ([]byte, error) {
	w := wireCoupon{
		ID: c.ID, Object: "coupon", AmountOff: c.AmountOff, Created: unixReq(c.Created),
		Currency: nullStr(string(c.Currency)), Duration: c.Duration, DurationInMonths: c.DurationInMonths,
		Livemode: c.Livemode, MaxRedemptions: c.MaxRedemptions, Metadata: metadataOrEmpty(c.Metadata),
		Name: nullStr(c.Name), RedeemBy: unixNull(c.RedeemBy), TimesRedeemed: c.TimesRedeemed, Valid: c.Valid,
	}
	if c.AppliesTo != nil {
		w.AppliesTo = &wireAppliesTo{Products: nonNil(c.AppliesTo.Products)}
	}
	if c.CurrencyOptions != nil {
		w.CurrencyOptions = make(map[string]wireCouponCurrencyOption, len(c.CurrencyOptions))
		for k, v := range c.CurrencyOptions {
			w.CurrencyOptions[string(k)] = wireCouponCurrencyOption(v)
		}
	}
	if c.PercentOff.Valid {
		n := number(c.PercentOff.Decimal)
		w.PercentOff = &n
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	return overlay(b, c.raw)
}

// UnmarshalJSON reads Stripe's coupon object.
func (c *Coupon) UnmarshalJSON(b []byte) error {
	var w struct {
		wireCoupon
		Created  *int64 `json:"created"`
		Currency string `json:"currency"`
		Name     string `json:"name"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("coupon", err)
	}
	if err := checkObject(w.Object, "coupon", "coupon."); err != nil {
		return err
	}
	*c = Coupon{
		ID: w.ID, AmountOff: w.AmountOff, Currency: pricing.Currency(w.Currency), Duration: w.Duration,
		DurationInMonths: w.DurationInMonths, Name: w.Name, Created: fromUnix(w.Created), Livemode: w.Livemode,
		MaxRedemptions: w.MaxRedemptions, Metadata: w.Metadata, RedeemBy: fromUnix(w.RedeemBy),
		TimesRedeemed: w.TimesRedeemed, Valid: w.Valid, raw: append(json.RawMessage(nil), b...),
	}
	if w.AppliesTo != nil {
		c.AppliesTo = &AppliesTo{Products: w.AppliesTo.Products}
	}
	if w.CurrencyOptions != nil {
		c.CurrencyOptions = make(map[pricing.Currency]CouponCurrencyOption, len(w.CurrencyOptions))
		for k, v := range w.CurrencyOptions {
			c.CurrencyOptions[pricing.Currency(k)] = CouponCurrencyOption(v)
		}
	}
	if w.PercentOff != nil {
		c.PercentOff.Decimal, c.PercentOff.Valid = decimalOf(*w.PercentOff), true
	}
	return nil
}

type wireDiscount struct {
	ID            string          `json:"id"`
	Object        string          `json:"object"`
	Coupon        *Coupon         `json:"coupon,omitempty"`
	Customer      *string         `json:"customer"`
	End           *int64          `json:"end"`
	Invoice       *string         `json:"invoice"`
	InvoiceItem   *string         `json:"invoice_item"`
	PromotionCode *string         `json:"promotion_code"`
	Source        *wireSource     `json:"source,omitempty"`
	Start         int64           `json:"start"`
	Subscription  *string         `json:"subscription"`
	CheckoutSess  json.RawMessage `json:"checkout_session"`
}

type wireSource struct {
	Coupon *Coupon `json:"coupon"`
	Type   string  `json:"type"`
}

// MarshalJSON writes Stripe's discount object, or its id for an unexpanded
// discount.
func (d Discount) MarshalJSON() ([]byte, error) {
	if d.Unexpanded {
		return json.Marshal(d.ID)
	}
	c := d.Coupon
	w := wireDiscount{
		ID: d.ID, Object: "discount", Customer: nullStr(d.Customer), End: unixNull(d.End),
		Invoice: nullStr(d.Invoice), InvoiceItem: nullStr(d.InvoiceItem), PromotionCode: nullStr(d.PromotionCode),
		Start: unixReq(d.Start), Subscription: nullStr(d.Subscription), CheckoutSess: json.RawMessage("null"),
	}
	if d.fromSource {
		w.Source = &wireSource{Coupon: &c, Type: "coupon"}
	} else {
		w.Coupon = &c
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	return overlay(b, d.raw)
}

// UnmarshalJSON reads Stripe's discount object, or a bare discount id.
func (d *Discount) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == '"' {
		var id string
		if err := json.Unmarshal(t, &id); err != nil {
			return jsonErr("discount", err)
		}
		*d = Discount{ID: id, Unexpanded: true}
		return nil
	}
	var w struct {
		ID            string          `json:"id"`
		Object        string          `json:"object"`
		Coupon        json.RawMessage `json:"coupon"`
		Customer      expandable      `json:"customer"`
		End           *int64          `json:"end"`
		Invoice       string          `json:"invoice"`
		InvoiceItem   string          `json:"invoice_item"`
		PromotionCode expandable      `json:"promotion_code"`
		Source        *struct {
			Coupon json.RawMessage `json:"coupon"`
		} `json:"source"`
		Start        *int64 `json:"start"`
		Subscription string `json:"subscription"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("discount", err)
	}
	if err := checkObject(w.Object, "discount", "discount."); err != nil {
		return err
	}
	nd := Discount{ID: w.ID, End: fromUnix(w.End), Invoice: w.Invoice, InvoiceItem: w.InvoiceItem,
		Start: fromUnix(w.Start), Subscription: w.Subscription, raw: append(json.RawMessage(nil), b...)}
	var err error
	if nd.Customer, err = expandedID(w.Customer, "discount.customer"); err != nil {
		return err
	}
	if nd.PromotionCode, err = expandedID(w.PromotionCode, "discount.promotion_code"); err != nil {
		return err
	}
	cb := w.Coupon
	if len(cb) == 0 && w.Source != nil {
		cb, nd.fromSource = w.Source.Coupon, true
	}
	if c := bytes.TrimSpace(cb); len(c) > 0 && !bytes.Equal(c, []byte("null")) {
		if c[0] == '"' {
			var id string
			if err := json.Unmarshal(c, &id); err != nil {
				return jsonErr("discount.coupon", err)
			}
			nd.Coupon.ID = id
		} else if err := json.Unmarshal(c, &nd.Coupon); err != nil {
			return err
		}
	}
	*d = nd
	return nil
}

type wireTaxRate struct {
	ID           string            `json:"id"`
	Object       string            `json:"object"`
	Active       bool              `json:"active"`
	Country      *string           `json:"country"`
	Created      int64             `json:"created"`
	Description  *string           `json:"description"`
	DisplayName  string            `json:"display_name"`
	Inclusive    bool              `json:"inclusive"`
	Jurisdiction *string           `json:"jurisdiction"`
	Livemode     bool              `json:"livemode"`
	Metadata     map[string]string `json:"metadata"`
	Percentage   number            `json:"percentage"`
	State        *string           `json:"state"`
	TaxType      *string           `json:"tax_type"`
}

// MarshalJSON writes Stripe's tax_rate object, or its id when unexpanded.
func (r TaxRate) MarshalJSON() ([]byte, error) {
	if r.Unexpanded {
		return json.Marshal(r.ID)
	}
	w := wireTaxRate{
		ID: r.ID, Object: "tax_rate", Active: r.Active, Country: nullStr(r.Country), Created: unixReq(r.Created),
		Description: nullStr(r.Description), DisplayName: r.DisplayName, Inclusive: r.Inclusive,
		Jurisdiction: nullStr(r.Jurisdiction), Livemode: r.Livemode, Metadata: r.Metadata,
		Percentage: number(r.Percentage), State: nullStr(r.State), TaxType: nullStr(r.TaxType),
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	return overlay(b, r.raw)
}

// UnmarshalJSON reads Stripe's tax_rate object or a bare tax rate id.
func (r *TaxRate) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == '"' {
		var id string
		if err := json.Unmarshal(t, &id); err != nil {
			return jsonErr("tax_rate", err)
		}
		*r = TaxRate{ID: id, Unexpanded: true}
		return nil
	}
	var w struct {
		wireTaxRate
		Country      string  `json:"country"`
		Created      *int64  `json:"created"`
		Description  string  `json:"description"`
		Jurisdiction string  `json:"jurisdiction"`
		State        string  `json:"state"`
		TaxType      string  `json:"tax_type"`
		Percentage   *number `json:"percentage"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("tax_rate", err)
	}
	if err := checkObject(w.Object, "tax_rate", "tax_rate."); err != nil {
		return err
	}
	*r = TaxRate{ID: w.ID, Active: w.Active, Country: w.Country, Created: fromUnix(w.Created),
		Description: w.Description, DisplayName: w.DisplayName, Inclusive: w.Inclusive,
		Jurisdiction: w.Jurisdiction, Livemode: w.Livemode, Metadata: w.Metadata, State: w.State,
		TaxType: w.TaxType, raw: append(json.RawMessage(nil), b...)}
	if w.Percentage != nil {
		r.Percentage = decimalOf(*w.Percentage)
	}
	return nil
}

type wireDiscountAmount struct {
	Amount   int64    `json:"amount"`
	Discount Discount `json:"discount"`
}

// MarshalJSON writes {"amount", "discount"}.
func (d DiscountAmount) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireDiscountAmount(d))
}

// UnmarshalJSON reads {"amount", "discount"}.
func (d *DiscountAmount) UnmarshalJSON(b []byte) error {
	var w wireDiscountAmount
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("discounts", err)
	}
	*d = DiscountAmount(w)
	return nil
}

type wireTaxAmount struct {
	Amount           int64   `json:"amount"`
	Rate             TaxRate `json:"rate"`
	TaxabilityReason *string `json:"taxability_reason"`
	TaxableAmount    *int64  `json:"taxable_amount"`
}

// MarshalJSON writes {"amount", "rate", "taxability_reason", "taxable_amount"}.
func (t TaxAmount) MarshalJSON() ([]byte, error) {
	ta := t.TaxableAmount
	return json.Marshal(wireTaxAmount{Amount: t.Amount, Rate: t.Rate, TaxableAmount: &ta})
}

// UnmarshalJSON reads {"amount", "rate", "taxability_reason", "taxable_amount"}.
func (t *TaxAmount) UnmarshalJSON(b []byte) error {
	var w wireTaxAmount
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("taxes", err)
	}
	*t = TaxAmount{Amount: w.Amount, Rate: w.Rate}
	if w.TaxableAmount != nil {
		t.TaxableAmount = *w.TaxableAmount
	}
	return nil
}

// ---- totals ----

type wireTotalDetails struct {
	AmountDiscount int64          `json:"amount_discount"`
	AmountShipping *int64         `json:"amount_shipping"`
	AmountTax      int64          `json:"amount_tax"`
	Breakdown      *wireBreakdown `json:"breakdown,omitempty"`
}

type wireBreakdown struct {
	Discounts []DiscountAmount `json:"discounts"`
	Taxes     []TaxAmount      `json:"taxes"`
}

func (t TotalDetails) wire() wireTotalDetails {
	w := wireTotalDetails{AmountDiscount: t.AmountDiscount, AmountShipping: t.AmountShipping, AmountTax: t.AmountTax}
	if t.Breakdown != nil {
		w.Breakdown = &wireBreakdown{Discounts: nonNil(t.Breakdown.Discounts), Taxes: nonNil(t.Breakdown.Taxes)}
	}
	return w
}

func (w wireTotalDetails) details() TotalDetails {
	t := TotalDetails{AmountDiscount: w.AmountDiscount, AmountShipping: w.AmountShipping, AmountTax: w.AmountTax}
	if w.Breakdown != nil {
		t.Breakdown = &Breakdown{Discounts: w.Breakdown.Discounts, Taxes: w.Breakdown.Taxes}
	}
	return t
}

// ---- line items ----

type wireItem struct {
	ID             string           `json:"id"`
	Object         string           `json:"object"`
	AmountDiscount int64            `json:"amount_discount"`
	AmountSubtotal int64            `json:"amount_subtotal"`
	AmountTax      int64            `json:"amount_tax"`
	AmountTotal    int64            `json:"amount_total"`
	Currency       string           `json:"currency"`
	Description    string           `json:"description"`
	Discounts      []DiscountAmount `json:"discounts"`
	Price          *pricing.Price   `json:"price"`
	Quantity       *int64           `json:"quantity"`
	Taxes          []TaxAmount      `json:"taxes"`
}

// MarshalJSON writes Stripe's quote line item (object "item"). Before
// Compute has run (DiscountAmounts and TaxAmounts nil), "discounts" and
// "taxes" list the line's own discounts and tax rates with amount 0, so
// nothing is lost on the wire.
func (li LineItem) MarshalJSON() ([]byte, error) {
	q := li.Quantity
	p := li.Price
	w := wireItem{
		ID: li.ID, Object: "item", AmountDiscount: li.AmountDiscount, AmountSubtotal: li.AmountSubtotal,
		AmountTax: li.AmountTax, AmountTotal: li.AmountTotal, Currency: string(li.Currency),
		Description: li.Description, Discounts: li.DiscountAmounts, Price: &p, Quantity: &q, Taxes: li.TaxAmounts,
	}
	if w.Currency == "" {
		w.Currency = string(p.Currency)
	}
	if w.Discounts == nil {
		w.Discounts = make([]DiscountAmount, len(li.Discounts))
		for i, d := range li.Discounts {
			w.Discounts[i] = DiscountAmount{Discount: d}
		}
	}
	if w.Taxes == nil && li.TaxRates != nil {
		// Not computed yet: the line's own rates, amounts 0. A line with no
		// rates of its own (nil: the quote's defaults) writes "taxes": null,
		// so that decoding does not mistake it for an explicitly untaxed
		// line ("taxes": []).
		w.Taxes = make([]TaxAmount, len(li.TaxRates))
		for i, r := range li.TaxRates {
			w.Taxes[i] = TaxAmount{Rate: r}
		}
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	return overlay(b, li.raw)
}

// UnmarshalJSON reads Stripe's quote line item. The line's own Discounts
// and TaxRates are recovered by the enclosing Quote's UnmarshalJSON (they
// depend on the quote's discounts and default tax rates); decoded alone, a
// line takes every discount and tax rate it lists as its own.
func (li *LineItem) UnmarshalJSON(b []byte) error {
	var w struct {
		wireItem
		Price     json.RawMessage   `json:"price"`
		Discounts []json.RawMessage `json:"discounts"`
		Taxes     []json.RawMessage `json:"taxes"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	var err error
	if w.wireItem.Discounts, err = decodeEach[DiscountAmount](w.Discounts, "discounts"); err != nil {
		return err
	}
	if w.wireItem.Taxes, err = decodeEach[TaxAmount](w.Taxes, "taxes"); err != nil {
		return err
	}
	if p := bytes.TrimSpace(w.Price); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		var price pricing.Price
		if err := json.Unmarshal(p, &price); err != nil {
			return prefixErr(err, "price")
		}
		w.wireItem.Price = &price
	}
	if err := checkObject(w.Object, "item", ""); err != nil {
		return err
	}
	n := LineItem{
		ID: w.ID, AmountDiscount: w.AmountDiscount, AmountSubtotal: w.AmountSubtotal, AmountTax: w.AmountTax,
		AmountTotal: w.AmountTotal, Currency: pricing.Currency(w.Currency), Description: w.Description,
		DiscountAmounts: w.wireItem.Discounts, TaxAmounts: w.wireItem.Taxes, raw: append(json.RawMessage(nil), b...),
	}
	if w.wireItem.Price != nil {
		n.Price = *w.wireItem.Price
	}
	if w.Quantity != nil {
		n.Quantity = *w.Quantity
	}
	n.recoverInputs(nil, nil)
	*li = n
	return nil
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

// ---- quote ----

type wireQuote struct {
	ID                   string                `json:"id"`
	Object               string                `json:"object"`
	AmountSubtotal       int64                 `json:"amount_subtotal"`
	AmountTotal          int64                 `json:"amount_total"`
	AutomaticTax         wireAutomaticTax      `json:"automatic_tax"`
	CollectionMethod     CollectionMethod      `json:"collection_method"`
	Computed             wireComputed          `json:"computed"`
	Created              int64                 `json:"created"`
	Currency             *string               `json:"currency"`
	Customer             *string               `json:"customer"`
	DefaultTaxRates      []TaxRate             `json:"default_tax_rates"`
	Description          *string               `json:"description"`
	Discounts            []Discount            `json:"discounts"`
	ExpiresAt            int64                 `json:"expires_at"`
	Footer               *string               `json:"footer"`
	FromQuote            *wireFromQuote        `json:"from_quote"`
	Header               *string               `json:"header"`
	Invoice              *string               `json:"invoice"`
	InvoiceSettings      wireInvoiceSettings   `json:"invoice_settings"`
	LineItems            *listObject[LineItem] `json:"line_items,omitempty"`
	Livemode             bool                  `json:"livemode"`
	Metadata             map[string]string     `json:"metadata"`
	Number               *string               `json:"number"`
	Status               Status                `json:"status"`
	StatusTransitions    wireStatusTransitions `json:"status_transitions"`
	Subscription         *string               `json:"subscription"`
	SubscriptionData     wireSubscriptionData  `json:"subscription_data"`
	SubscriptionSchedule *string               `json:"subscription_schedule"`
	TotalDetails         wireTotalDetails      `json:"total_details"`
}

type wireAutomaticTax struct {
	Enabled bool    `json:"enabled"`
	Status  *string `json:"status"`
}

type wireComputed struct {
	Recurring *wireRecurring `json:"recurring"`
	Upfront   wireUpfront    `json:"upfront"`
}

type wireRecurring struct {
	AmountSubtotal int64            `json:"amount_subtotal"`
	AmountTotal    int64            `json:"amount_total"`
	Interval       pricing.Interval `json:"interval"`
	IntervalCount  int64            `json:"interval_count"`
	TotalDetails   wireTotalDetails `json:"total_details"`
}

type wireUpfront struct {
	AmountSubtotal int64                 `json:"amount_subtotal"`
	AmountTotal    int64                 `json:"amount_total"`
	LineItems      *listObject[LineItem] `json:"line_items,omitempty"`
	TotalDetails   wireTotalDetails      `json:"total_details"`
}

type wireFromQuote struct {
	IsRevision bool       `json:"is_revision"`
	Quote      expandable `json:"quote"`
}

type wireInvoiceSettings struct {
	DaysUntilDue *int64 `json:"days_until_due"`
}

type wireStatusTransitions struct {
	AcceptedAt  *int64 `json:"accepted_at"`
	CanceledAt  *int64 `json:"canceled_at"`
	FinalizedAt *int64 `json:"finalized_at"`
}

type wireSubscriptionData struct {
	Description     *string           `json:"description"`
	EffectiveDate   *int64            `json:"effective_date"`
	Metadata        map[string]string `json:"metadata"`
	TrialPeriodDays *int64            `json:"trial_period_days"`
}

// quoteDefaults are Stripe's keys this package does not model, written (as
// null) on a quote that was not decoded from JSON.
const quoteDefaults = `{"application":null,"application_fee_amount":null,"application_fee_percent":null,"on_behalf_of":null,"test_clock":null,"transfer_data":null}`

// MarshalJSON writes Stripe's quote object. See Quote for the conventions.
func (q Quote) MarshalJSON() ([]byte, error) {
	cm := q.CollectionMethod
	if cm == "" {
		cm = ChargeAutomatically
	}
	w := wireQuote{
		ID: q.ID, Object: "quote", AmountSubtotal: q.AmountSubtotal, AmountTotal: q.AmountTotal,
		AutomaticTax:     wireAutomaticTax{Enabled: q.AutomaticTax.Enabled, Status: nullStr(q.AutomaticTax.Status)},
		CollectionMethod: cm,
		Computed: wireComputed{Upfront: wireUpfront{
			AmountSubtotal: q.Computed.Upfront.AmountSubtotal, AmountTotal: q.Computed.Upfront.AmountTotal,
			TotalDetails: q.Computed.Upfront.TotalDetails.wire(),
		}},
		Created: unixReq(q.Created), Currency: nullStr(string(q.Currency)), Customer: nullStr(q.Customer),
		DefaultTaxRates: nonNil(q.DefaultTaxRates), Description: nullStr(q.Description),
		Discounts: nonNil(q.Discounts), ExpiresAt: unixReq(q.ExpiresAt), Footer: nullStr(q.Footer),
		Header: nullStr(q.Header), Invoice: nullStr(q.Invoice),
		InvoiceSettings: wireInvoiceSettings{DaysUntilDue: q.InvoiceSettings.DaysUntilDue},
		Livemode:        q.Livemode, Metadata: metadataOrEmpty(q.Metadata), Number: nullStr(q.Number),
		Status: q.Status,
		StatusTransitions: wireStatusTransitions{
			AcceptedAt:  unixNull(q.StatusTransitions.AcceptedAt),
			CanceledAt:  unixNull(q.StatusTransitions.CanceledAt),
			FinalizedAt: unixNull(q.StatusTransitions.FinalizedAt),
		},
		Subscription: nullStr(q.Subscription),
		SubscriptionData: wireSubscriptionData{
			Description: nullStr(q.SubscriptionData.Description), EffectiveDate: unixNull(q.SubscriptionData.EffectiveDate),
			Metadata: q.SubscriptionData.Metadata, TrialPeriodDays: q.SubscriptionData.TrialPeriodDays,
		},
		SubscriptionSchedule: nullStr(q.SubscriptionSchedule),
		TotalDetails:         q.TotalDetails.wire(),
	}
	if q.LineItems != nil {
		w.LineItems = newList(q.LineItems, "/v1/quotes/"+q.ID+"/line_items")
	}
	if q.Computed.Upfront.LineItems != nil {
		w.Computed.Upfront.LineItems = newList(q.Computed.Upfront.LineItems, "/v1/quotes/"+q.ID+"/computed_upfront_line_items")
	}
	if r := q.Computed.Recurring; r != nil {
		w.Computed.Recurring = &wireRecurring{AmountSubtotal: r.AmountSubtotal, AmountTotal: r.AmountTotal,
			Interval: r.Interval, IntervalCount: r.IntervalCount, TotalDetails: r.TotalDetails.wire()}
	}
	if f := q.FromQuote; f != nil {
		id, _ := json.Marshal(f.Quote)
		w.FromQuote = &wireFromQuote{IsRevision: f.IsRevision, Quote: id}
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	if q.raw == nil {
		return overlayDefaults(b, []byte(quoteDefaults))
	}
	return overlay(b, q.raw)
}

// overlayDefaults appends the default keys after the modeled ones.
func overlayDefaults(modeled, defaults []byte) ([]byte, error) {
	m := bytes.TrimSpace(modeled)
	if len(m) < 2 || m[len(m)-1] != '}' {
		return modeled, nil
	}
	out := make([]byte, 0, len(m)+len(defaults))
	out = append(out, m[:len(m)-1]...)
	out = append(out, ',')
	return append(out, defaults[1:]...), nil
}

// UnmarshalJSON reads Stripe's quote object: any quote Stripe sends, whatever
// its API version. Unknown statuses and unknown keys are kept; expandable
// fields sent expanded (customer, invoice, ...) keep only their id. The
// lines' own discounts and tax rates are recovered as LineItem describes.
// Malformed JSON or a value of the wrong type is a *FieldError wrapping
// ErrInvalidJSON.
func (q *Quote) UnmarshalJSON(b []byte) error {
	var w struct {
		wireQuote
		Created              *int64               `json:"created"`
		ExpiresAt            *int64               `json:"expires_at"`
		Currency             string               `json:"currency"`
		Customer             expandable           `json:"customer"`
		Description          string               `json:"description"`
		Footer               string               `json:"footer"`
		Header               string               `json:"header"`
		Invoice              expandable           `json:"invoice"`
		Number               string               `json:"number"`
		Subscription         expandable           `json:"subscription"`
		SubscriptionSchedule expandable           `json:"subscription_schedule"`
		InvoiceSettings      *wireInvoiceSettings `json:"invoice_settings"`
		AutomaticTax         struct {
			Enabled bool   `json:"enabled"`
			Status  string `json:"status"`
		} `json:"automatic_tax"`
		SubscriptionData struct {
			wireSubscriptionData
			Description string `json:"description"`
		} `json:"subscription_data"`
		LineItems       *listObject[json.RawMessage] `json:"line_items"`
		Discounts       []json.RawMessage            `json:"discounts"`
		DefaultTaxRates []json.RawMessage            `json:"default_tax_rates"`
		Computed        struct {
			Recurring *wireRecurring `json:"recurring"`
			Upfront   struct {
				AmountSubtotal int64                        `json:"amount_subtotal"`
				AmountTotal    int64                        `json:"amount_total"`
				LineItems      *listObject[json.RawMessage] `json:"line_items"`
				TotalDetails   wireTotalDetails             `json:"total_details"`
			} `json:"upfront"`
		} `json:"computed"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	discounts, err := decodeEach[Discount](w.Discounts, "discounts")
	if err != nil {
		return err
	}
	taxRates, err := decodeEach[TaxRate](w.DefaultTaxRates, "default_tax_rates")
	if err != nil {
		return err
	}
	var lines, upLines []LineItem
	if w.LineItems != nil {
		if lines, err = decodeEach[LineItem](nonNil(w.LineItems.Data), "line_items.data"); err != nil {
			return err
		}
	}
	if l := w.Computed.Upfront.LineItems; l != nil {
		if upLines, err = decodeEach[LineItem](nonNil(l.Data), "computed.upfront.line_items.data"); err != nil {
			return err
		}
	}
	if err := checkObject(w.Object, "quote", ""); err != nil {
		return err
	}
	if err := checkUnix(unixField{"created", w.Created}, unixField{"expires_at", w.ExpiresAt},
		unixField{"subscription_data.effective_date", w.SubscriptionData.EffectiveDate},
		unixField{"status_transitions.finalized_at", w.StatusTransitions.FinalizedAt},
		unixField{"status_transitions.accepted_at", w.StatusTransitions.AcceptedAt},
		unixField{"status_transitions.canceled_at", w.StatusTransitions.CanceledAt}); err != nil {
		return err
	}
	n := Quote{
		ID: w.ID, Status: w.Status, Currency: pricing.Currency(w.Currency),
		Discounts: discounts, DefaultTaxRates: taxRates, CollectionMethod: w.CollectionMethod,
		SubscriptionData: SubscriptionData{
			Description: w.SubscriptionData.Description, EffectiveDate: fromUnix(w.SubscriptionData.EffectiveDate),
			TrialPeriodDays: w.SubscriptionData.TrialPeriodDays, Metadata: w.SubscriptionData.Metadata,
		},
		AutomaticTax: AutomaticTax{Enabled: w.AutomaticTax.Enabled, Status: w.AutomaticTax.Status},
		Created:      fromUnix(w.Created), ExpiresAt: fromUnix(w.ExpiresAt), Number: w.Number,
		StatusTransitions: StatusTransitions{
			FinalizedAt: fromUnix(w.StatusTransitions.FinalizedAt),
			AcceptedAt:  fromUnix(w.StatusTransitions.AcceptedAt),
			CanceledAt:  fromUnix(w.StatusTransitions.CanceledAt),
		},
		AmountSubtotal: w.AmountSubtotal, AmountTotal: w.AmountTotal, TotalDetails: w.TotalDetails.details(),
		Computed: Computed{Upfront: Upfront{
			AmountSubtotal: w.Computed.Upfront.AmountSubtotal, AmountTotal: w.Computed.Upfront.AmountTotal,
			TotalDetails: w.Computed.Upfront.TotalDetails.details(),
		}},
		Metadata: w.Metadata, Livemode: w.Livemode, Header: w.Header, Description: w.Description, Footer: w.Footer,
		// The lines are modelled whole: the raw copy would only go stale.
		raw: withoutKey(withoutKey(b, "line_items"), "computed", "upfront", "line_items"),
	}
	if w.InvoiceSettings != nil {
		n.InvoiceSettings.DaysUntilDue = w.InvoiceSettings.DaysUntilDue
	}
	for _, e := range []struct {
		dst   *string
		src   expandable
		field string
	}{
		{&n.Customer, w.Customer, "customer"}, {&n.Invoice, w.Invoice, "invoice"},
		{&n.Subscription, w.Subscription, "subscription"}, {&n.SubscriptionSchedule, w.SubscriptionSchedule, "subscription_schedule"},
	} {
		if *e.dst, err = expandedID(e.src, e.field); err != nil {
			return err
		}
	}
	if f := w.FromQuote; f != nil {
		id, err := expandedID(f.Quote, "from_quote.quote")
		if err != nil {
			return err
		}
		n.FromQuote = &FromQuote{Quote: id, IsRevision: f.IsRevision}
	}
	if r := w.Computed.Recurring; r != nil {
		n.Computed.Recurring = &RecurringTotals{AmountSubtotal: r.AmountSubtotal, AmountTotal: r.AmountTotal,
			Interval: r.Interval, IntervalCount: r.IntervalCount, TotalDetails: r.TotalDetails.details()}
	}
	quoteDiscounts := make(map[string]bool, len(n.Discounts))
	for _, d := range n.Discounts {
		quoteDiscounts[d.ID] = true
	}
	if w.LineItems != nil {
		n.LineItems = lines
		for i := range n.LineItems {
			n.LineItems[i].recoverInputs(quoteDiscounts, n.DefaultTaxRates)
		}
	}
	if upLines != nil {
		n.Computed.Upfront.LineItems = upLines
		for i := range n.Computed.Upfront.LineItems {
			n.Computed.Upfront.LineItems[i].recoverInputs(quoteDiscounts, n.DefaultTaxRates)
		}
	}
	*q = n
	return nil
}

// String returns the quote's id and status, for logs.
func (q Quote) String() string { return fmt.Sprintf("quote %s (%s)", q.ID, q.Status) }
