package quote

import (
	"bytes"
	"encoding/json"

	"github.com/billingkit/billingkit/pricing"
)

// Decoding of the created objects reads the fields this package models
// (those it writes with a value from the quote); other keys are ignored, so
// the objects of any API version decode. Discounts and tax rates sent as ids
// decode with only their id (Unexpanded set).

func decodePrice(b json.RawMessage, field string) (pricing.Price, error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return pricing.Price{}, nil
	}
	if t[0] == '"' {
		var id string
		if err := json.Unmarshal(t, &id); err != nil {
			return pricing.Price{}, jsonErr(field, err)
		}
		return pricing.Price{ID: id}, nil
	}
	var p pricing.Price
	if err := json.Unmarshal(t, &p); err != nil {
		return pricing.Price{}, prefixErr(err, field)
	}
	return p, nil
}

func decodeDiscountIDs(raws []json.RawMessage, field string) ([]Discount, error) {
	return decodeEach[Discount](raws, field)
}

type wireInvoiceTaxAmountIn struct {
	Amount        int64           `json:"amount"`
	Inclusive     bool            `json:"inclusive"`
	TaxRate       json.RawMessage `json:"tax_rate"`
	TaxableAmount *int64          `json:"taxable_amount"`
}

func decodeTaxAmounts(ws []wireInvoiceTaxAmountIn, field string) ([]TaxAmount, error) {
	if ws == nil {
		return nil, nil
	}
	out := make([]TaxAmount, len(ws))
	for i, w := range ws {
		var r TaxRate
		if len(w.TaxRate) > 0 {
			if err := json.Unmarshal(w.TaxRate, &r); err != nil {
				return nil, prefixErr(err, field)
			}
		}
		r.Inclusive = w.Inclusive
		out[i] = TaxAmount{Amount: w.Amount, Rate: r}
		if w.TaxableAmount != nil {
			out[i].TaxableAmount = *w.TaxableAmount
		}
	}
	return out, nil
}

type wireInvoiceDiscountAmountIn struct {
	Amount   int64    `json:"amount"`
	Discount Discount `json:"discount"`
}

func decodeDiscountAmounts(ws []wireInvoiceDiscountAmountIn) []DiscountAmount {
	if ws == nil {
		return nil
	}
	out := make([]DiscountAmount, len(ws))
	for i, w := range ws {
		out[i] = DiscountAmount(w)
	}
	return out
}

// UnmarshalJSON reads Stripe's invoice line item (object "line_item").
func (l *InvoiceLine) UnmarshalJSON(b []byte) error {
	var w struct {
		ID               string                        `json:"id"`
		Object           string                        `json:"object"`
		Type             string                        `json:"type"`
		Amount           int64                         `json:"amount"`
		Currency         string                        `json:"currency"`
		Description      *string                       `json:"description"`
		Price            json.RawMessage               `json:"price"`
		Quantity         *int64                        `json:"quantity"`
		Period           struct{ Start, End *int64 }   `json:"period"`
		DiscountAmounts  []wireInvoiceDiscountAmountIn `json:"discount_amounts"`
		Discounts        []json.RawMessage             `json:"discounts"`
		TaxAmounts       []wireInvoiceTaxAmountIn      `json:"tax_amounts"`
		TaxRates         []json.RawMessage             `json:"tax_rates"`
		Subscription     expandable                    `json:"subscription"`
		SubscriptionItem expandable                    `json:"subscription_item"`
		Invoice          expandable                    `json:"invoice"`
		Livemode         bool                          `json:"livemode"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	if err := checkObject(w.Object, "line_item", ""); err != nil {
		return err
	}
	n := InvoiceLine{ID: w.ID, Type: w.Type, Amount: w.Amount, Currency: pricing.Currency(w.Currency),
		DiscountAmounts: decodeDiscountAmounts(w.DiscountAmounts), Livemode: w.Livemode,
		PeriodStart: fromUnix(w.Period.Start), PeriodEnd: fromUnix(w.Period.End)}
	if w.Description != nil {
		n.Description = *w.Description
	}
	if w.Quantity != nil {
		n.Quantity = *w.Quantity
	}
	var err error
	if n.Price, err = decodePrice(w.Price, "price"); err != nil {
		return err
	}
	if n.Discounts, err = decodeDiscountIDs(w.Discounts, "discounts"); err != nil {
		return err
	}
	if n.TaxAmounts, err = decodeTaxAmounts(w.TaxAmounts, "tax_amounts"); err != nil {
		return err
	}
	if n.TaxRates, err = decodeEach[TaxRate](w.TaxRates, "tax_rates"); err != nil {
		return err
	}
	for _, e := range []struct {
		dst *string
		src expandable
		f   string
	}{{&n.Subscription, w.Subscription, "subscription"}, {&n.SubscriptionItem, w.SubscriptionItem, "subscription_item"}, {&n.Invoice, w.Invoice, "invoice"}} {
		if *e.dst, err = expandedID(e.src, e.f); err != nil {
			return err
		}
	}
	*l = n
	return nil
}

// UnmarshalJSON reads Stripe's invoice object.
func (inv *Invoice) UnmarshalJSON(b []byte) error {
	var w struct {
		ID               string                        `json:"id"`
		Object           string                        `json:"object"`
		Customer         expandable                    `json:"customer"`
		Currency         string                        `json:"currency"`
		CollectionMethod CollectionMethod              `json:"collection_method"`
		AutoAdvance      bool                          `json:"auto_advance"`
		BillingReason    *string                       `json:"billing_reason"`
		Created          *int64                        `json:"created"`
		DueDate          *int64                        `json:"due_date"`
		PeriodStart      *int64                        `json:"period_start"`
		PeriodEnd        *int64                        `json:"period_end"`
		Quote            expandable                    `json:"quote"`
		Subscription     expandable                    `json:"subscription"`
		Status           *string                       `json:"status"`
		Description      *string                       `json:"description"`
		Footer           *string                       `json:"footer"`
		Lines            *listObject[json.RawMessage]  `json:"lines"`
		Discounts        []json.RawMessage             `json:"discounts"`
		DefaultTaxRates  []json.RawMessage             `json:"default_tax_rates"`
		Subtotal         int64                         `json:"subtotal"`
		Tax              *int64                        `json:"tax"`
		Total            int64                         `json:"total"`
		TotalDiscount    []wireInvoiceDiscountAmountIn `json:"total_discount_amounts"`
		TotalTax         []wireInvoiceTaxAmountIn      `json:"total_tax_amounts"`
		Livemode         bool                          `json:"livemode"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	if err := checkObject(w.Object, "invoice", ""); err != nil {
		return err
	}
	n := Invoice{ID: w.ID, Currency: pricing.Currency(w.Currency), CollectionMethod: w.CollectionMethod,
		AutoAdvance: w.AutoAdvance, Created: fromUnix(w.Created), DueDate: fromUnix(w.DueDate),
		PeriodStart: fromUnix(w.PeriodStart), PeriodEnd: fromUnix(w.PeriodEnd), Subtotal: w.Subtotal,
		Total: w.Total, TotalDiscount: decodeDiscountAmounts(w.TotalDiscount), Livemode: w.Livemode}
	for _, s := range []struct {
		dst *string
		src *string
	}{{&n.BillingReason, w.BillingReason}, {&n.Status, w.Status}, {&n.Description, w.Description}, {&n.Footer, w.Footer}} {
		if s.src != nil {
			*s.dst = *s.src
		}
	}
	if w.Tax != nil {
		n.Tax = *w.Tax
	}
	var err error
	for _, e := range []struct {
		dst *string
		src expandable
		f   string
	}{{&n.Customer, w.Customer, "customer"}, {&n.Quote, w.Quote, "quote"}, {&n.Subscription, w.Subscription, "subscription"}} {
		if *e.dst, err = expandedID(e.src, e.f); err != nil {
			return err
		}
	}
	if w.Lines != nil {
		if n.Lines, err = decodeEach[InvoiceLine](w.Lines.Data, "lines.data"); err != nil {
			return err
		}
	}
	if n.Discounts, err = decodeDiscountIDs(w.Discounts, "discounts"); err != nil {
		return err
	}
	if n.DefaultTaxRates, err = decodeEach[TaxRate](w.DefaultTaxRates, "default_tax_rates"); err != nil {
		return err
	}
	if n.TotalTax, err = decodeTaxAmounts(w.TotalTax, "total_tax_amounts"); err != nil {
		return err
	}
	*inv = n
	return nil
}

// UnmarshalJSON reads Stripe's subscription_item object.
func (it *SubscriptionItem) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           string            `json:"id"`
		Object       string            `json:"object"`
		Price        json.RawMessage   `json:"price"`
		Quantity     *int64            `json:"quantity"`
		TaxRates     []json.RawMessage `json:"tax_rates"`
		Discounts    []json.RawMessage `json:"discounts"`
		Created      *int64            `json:"created"`
		Subscription string            `json:"subscription"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	if err := checkObject(w.Object, "subscription_item", ""); err != nil {
		return err
	}
	n := SubscriptionItem{ID: w.ID, Created: fromUnix(w.Created), Subscription: w.Subscription}
	if w.Quantity != nil {
		n.Quantity = *w.Quantity
	}
	var err error
	if n.Price, err = decodePrice(w.Price, "price"); err != nil {
		return err
	}
	if n.TaxRates, err = decodeEach[TaxRate](w.TaxRates, "tax_rates"); err != nil {
		return err
	}
	if n.Discounts, err = decodeDiscountIDs(w.Discounts, "discounts"); err != nil {
		return err
	}
	*it = n
	return nil
}

// UnmarshalJSON reads Stripe's subscription object; latest_invoice may be
// an id (LatestInvoice then holds only its ID) or expanded.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                 string                       `json:"id"`
		Object             string                       `json:"object"`
		Customer           expandable                   `json:"customer"`
		Currency           string                       `json:"currency"`
		CollectionMethod   CollectionMethod             `json:"collection_method"`
		DaysUntilDue       *int64                       `json:"days_until_due"`
		Status             string                       `json:"status"`
		Created            *int64                       `json:"created"`
		StartDate          *int64                       `json:"start_date"`
		BillingCycleAnchor *int64                       `json:"billing_cycle_anchor"`
		CurrentPeriodStart *int64                       `json:"current_period_start"`
		CurrentPeriodEnd   *int64                       `json:"current_period_end"`
		TrialStart         *int64                       `json:"trial_start"`
		TrialEnd           *int64                       `json:"trial_end"`
		Items              *listObject[json.RawMessage] `json:"items"`
		Discounts          []json.RawMessage            `json:"discounts"`
		DefaultTaxRates    []json.RawMessage            `json:"default_tax_rates"`
		Description        *string                      `json:"description"`
		Metadata           map[string]string            `json:"metadata"`
		LatestInvoice      json.RawMessage              `json:"latest_invoice"`
		Livemode           bool                         `json:"livemode"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	if err := checkObject(w.Object, "subscription", ""); err != nil {
		return err
	}
	n := Subscription{ID: w.ID, Currency: pricing.Currency(w.Currency), CollectionMethod: w.CollectionMethod,
		DaysUntilDue: w.DaysUntilDue, Status: w.Status, Created: fromUnix(w.Created), StartDate: fromUnix(w.StartDate),
		BillingCycleAnchor: fromUnix(w.BillingCycleAnchor), CurrentPeriodStart: fromUnix(w.CurrentPeriodStart),
		CurrentPeriodEnd: fromUnix(w.CurrentPeriodEnd), TrialStart: fromUnix(w.TrialStart), TrialEnd: fromUnix(w.TrialEnd),
		Metadata: w.Metadata, Livemode: w.Livemode}
	if w.Description != nil {
		n.Description = *w.Description
	}
	var err error
	if n.Customer, err = expandedID(w.Customer, "customer"); err != nil {
		return err
	}
	if w.Items != nil {
		if n.Items, err = decodeEach[SubscriptionItem](w.Items.Data, "items.data"); err != nil {
			return err
		}
	}
	if n.Discounts, err = decodeDiscountIDs(w.Discounts, "discounts"); err != nil {
		return err
	}
	if n.DefaultTaxRates, err = decodeEach[TaxRate](w.DefaultTaxRates, "default_tax_rates"); err != nil {
		return err
	}
	if li := bytes.TrimSpace(w.LatestInvoice); len(li) > 0 && !bytes.Equal(li, []byte("null")) {
		inv := &Invoice{}
		if li[0] == '"' {
			if err := json.Unmarshal(li, &inv.ID); err != nil {
				return jsonErr("latest_invoice", err)
			}
		} else if err := json.Unmarshal(li, inv); err != nil {
			return prefixErr(err, "latest_invoice")
		}
		n.LatestInvoice = inv
	}
	*s = n
	return nil
}

type wirePhaseItemIn struct {
	Price     json.RawMessage   `json:"price"`
	Quantity  *int64            `json:"quantity"`
	TaxRates  []json.RawMessage `json:"tax_rates"`
	Discounts []wirePhaseDisc   `json:"discounts"`
}

func decodePhaseItems(ws []wirePhaseItemIn, field string) ([]PhaseItem, error) {
	if ws == nil {
		return nil, nil
	}
	out := make([]PhaseItem, len(ws))
	for i, w := range ws {
		var err error
		if out[i].Price, err = decodePrice(w.Price, field+".price"); err != nil {
			return nil, err
		}
		if w.Quantity != nil {
			out[i].Quantity = *w.Quantity
		}
		if out[i].TaxRates, err = decodeEach[TaxRate](w.TaxRates, field+".tax_rates"); err != nil {
			return nil, err
		}
		out[i].Discounts = phaseDiscountsIn(w.Discounts)
	}
	return out, nil
}

func phaseDiscountsIn(ws []wirePhaseDisc) []Discount {
	if ws == nil {
		return nil
	}
	out := make([]Discount, len(ws))
	for i, w := range ws {
		if w.Discount != nil {
			out[i].ID = *w.Discount
		}
		if w.Coupon != nil {
			out[i].Coupon.ID = *w.Coupon
		}
		out[i].Unexpanded = true
	}
	return out
}

// UnmarshalJSON reads Stripe's subscription_schedule object.
func (s *SubscriptionSchedule) UnmarshalJSON(b []byte) error {
	type settings struct {
		CollectionMethod *CollectionMethod `json:"collection_method"`
		Description      *string           `json:"description"`
		InvoiceSettings  *struct {
			DaysUntilDue *int64 `json:"days_until_due"`
		} `json:"invoice_settings"`
	}
	var w struct {
		ID              string     `json:"id"`
		Object          string     `json:"object"`
		Customer        expandable `json:"customer"`
		Created         *int64     `json:"created"`
		Status          string     `json:"status"`
		EndBehavior     string     `json:"end_behavior"`
		DefaultSettings settings   `json:"default_settings"`
		Livemode        bool       `json:"livemode"`
		Phases          []struct {
			settings
			StartDate       *int64            `json:"start_date"`
			EndDate         *int64            `json:"end_date"`
			TrialEnd        *int64            `json:"trial_end"`
			Currency        string            `json:"currency"`
			Items           []wirePhaseItemIn `json:"items"`
			AddInvoiceItems []wirePhaseItemIn `json:"add_invoice_items"`
			Discounts       []wirePhaseDisc   `json:"discounts"`
			DefaultTaxRates []json.RawMessage `json:"default_tax_rates"`
			Metadata        map[string]string `json:"metadata"`
		} `json:"phases"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("", err)
	}
	if err := checkObject(w.Object, "subscription_schedule", ""); err != nil {
		return err
	}
	apply := func(st settings, cm *CollectionMethod, days **int64, desc *string) {
		if st.CollectionMethod != nil {
			*cm = *st.CollectionMethod
		}
		if st.InvoiceSettings != nil {
			*days = st.InvoiceSettings.DaysUntilDue
		}
		if st.Description != nil {
			*desc = *st.Description
		}
	}
	n := SubscriptionSchedule{ID: w.ID, Created: fromUnix(w.Created), Status: w.Status, EndBehavior: w.EndBehavior, Livemode: w.Livemode}
	apply(w.DefaultSettings, &n.CollectionMethod, &n.DaysUntilDue, &n.Description)
	var err error
	if n.Customer, err = expandedID(w.Customer, "customer"); err != nil {
		return err
	}
	for i, wp := range w.Phases {
		p := Phase{StartDate: fromUnix(wp.StartDate), EndDate: fromUnix(wp.EndDate), TrialEnd: fromUnix(wp.TrialEnd),
			Currency: pricing.Currency(wp.Currency), Discounts: phaseDiscountsIn(wp.Discounts), Metadata: wp.Metadata}
		apply(wp.settings, &p.CollectionMethod, &p.DaysUntilDue, &p.Description)
		field := "phases[" + itoa(i) + "]"
		if p.Items, err = decodePhaseItems(wp.Items, field+".items"); err != nil {
			return err
		}
		if p.AddInvoiceItems, err = decodePhaseItems(wp.AddInvoiceItems, field+".add_invoice_items"); err != nil {
			return err
		}
		if p.DefaultTaxRates, err = decodeEach[TaxRate](wp.DefaultTaxRates, field+".default_tax_rates"); err != nil {
			return err
		}
		n.Phases = append(n.Phases, p)
	}
	*s = n
	return nil
}
