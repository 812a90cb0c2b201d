package quote

import (
	"encoding/json"

	"github.com/billingkit/billingkit/pricing"
)

// The created objects marshal in the shapes of Stripe's API 2023-08-16 (the
// version of quote-schemas.json): the fields a quote determines carry its
// values, the others the values Stripe gives a new draft object (null,
// false, 0, empty lists). Discounts and tax rates inside them are ids where
// Stripe sends ids.

type wireInvoiceDiscountAmount struct {
	Amount   int64  `json:"amount"`
	Discount string `json:"discount"`
}

type wireInvoiceTaxAmount struct {
	Amount           int64   `json:"amount"`
	Inclusive        bool    `json:"inclusive"`
	TaxRate          string  `json:"tax_rate"`
	TaxabilityReason *string `json:"taxability_reason"`
	TaxableAmount    *int64  `json:"taxable_amount"`
}

func discountIDs(ds []Discount) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

func discountAmounts(ds []DiscountAmount) []wireInvoiceDiscountAmount {
	out := make([]wireInvoiceDiscountAmount, len(ds))
	for i, d := range ds {
		out[i] = wireInvoiceDiscountAmount{Amount: d.Amount, Discount: d.Discount.ID}
	}
	return out
}

func taxAmounts(ts []TaxAmount) []wireInvoiceTaxAmount {
	out := make([]wireInvoiceTaxAmount, len(ts))
	for i, t := range ts {
		ta := t.TaxableAmount
		out[i] = wireInvoiceTaxAmount{Amount: t.Amount, Inclusive: t.Rate.Inclusive, TaxRate: t.Rate.ID, TaxableAmount: &ta}
	}
	return out
}

type wirePeriod struct {
	End   int64 `json:"end"`
	Start int64 `json:"start"`
}

type wireInvoiceLine struct {
	ID                     string                      `json:"id"`
	Object                 string                      `json:"object"`
	Amount                 int64                       `json:"amount"`
	AmountExcludingTax     *int64                      `json:"amount_excluding_tax"`
	Currency               pricing.Currency            `json:"currency"`
	Description            *string                     `json:"description"`
	DiscountAmounts        []wireInvoiceDiscountAmount `json:"discount_amounts"`
	Discountable           bool                        `json:"discountable"`
	Discounts              []string                    `json:"discounts"`
	Invoice                string                      `json:"invoice"`
	InvoiceItem            *string                     `json:"invoice_item"`
	Livemode               bool                        `json:"livemode"`
	Metadata               map[string]string           `json:"metadata"`
	Period                 wirePeriod                  `json:"period"`
	Price                  pricing.Price               `json:"price"`
	Proration              bool                        `json:"proration"`
	ProrationDetails       json.RawMessage             `json:"proration_details"`
	Quantity               int64                       `json:"quantity"`
	Subscription           *string                     `json:"subscription"`
	SubscriptionItem       *string                     `json:"subscription_item"`
	TaxAmounts             []wireInvoiceTaxAmount      `json:"tax_amounts"`
	TaxRates               []TaxRate                   `json:"tax_rates"`
	Type                   string                      `json:"type"`
	UnitAmountExcludingTax *string                     `json:"unit_amount_excluding_tax"`
}

// MarshalJSON writes Stripe's invoice line item (object "line_item").
func (l InvoiceLine) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireInvoiceLine{
		ID: l.ID, Object: "line_item", Amount: l.Amount, Currency: l.Currency, Description: nullStr(l.Description),
		DiscountAmounts: discountAmounts(l.DiscountAmounts), Discountable: true, Discounts: discountIDs(l.Discounts),
		Invoice: l.Invoice, Livemode: l.Livemode, Metadata: map[string]string{},
		Period: wirePeriod{End: unixReq(l.PeriodEnd), Start: unixReq(l.PeriodStart)}, Price: l.Price,
		ProrationDetails: json.RawMessage(`{"credited_items":null}`), Quantity: l.Quantity,
		Subscription: nullStr(l.Subscription), SubscriptionItem: nullStr(l.SubscriptionItem),
		TaxAmounts: taxAmounts(l.TaxAmounts), TaxRates: nonNil(l.TaxRates), Type: l.Type,
	})
}

type wireInvoice struct {
	ID                           string                      `json:"id"`
	Object                       string                      `json:"object"`
	AmountDue                    int64                       `json:"amount_due"`
	AmountPaid                   int64                       `json:"amount_paid"`
	AmountRemaining              int64                       `json:"amount_remaining"`
	AmountShipping               int64                       `json:"amount_shipping"`
	ApplicationFeeAmount         *int64                      `json:"application_fee_amount"`
	AttemptCount                 int64                       `json:"attempt_count"`
	Attempted                    bool                        `json:"attempted"`
	AutoAdvance                  bool                        `json:"auto_advance"`
	AutomaticTax                 wireAutomaticTax            `json:"automatic_tax"`
	BillingReason                string                      `json:"billing_reason"`
	CollectionMethod             CollectionMethod            `json:"collection_method"`
	Created                      int64                       `json:"created"`
	Currency                     pricing.Currency            `json:"currency"`
	CustomFields                 json.RawMessage             `json:"custom_fields"`
	Customer                     string                      `json:"customer"`
	DefaultPaymentMethod         *string                     `json:"default_payment_method"`
	DefaultSource                *string                     `json:"default_source"`
	DefaultTaxRates              []TaxRate                   `json:"default_tax_rates"`
	Description                  *string                     `json:"description"`
	Discount                     json.RawMessage             `json:"discount"`
	Discounts                    []string                    `json:"discounts"`
	DueDate                      *int64                      `json:"due_date"`
	EffectiveAt                  *int64                      `json:"effective_at"`
	EndingBalance                *int64                      `json:"ending_balance"`
	Footer                       *string                     `json:"footer"`
	HostedInvoiceURL             *string                     `json:"hosted_invoice_url"`
	InvoicePDF                   *string                     `json:"invoice_pdf"`
	Lines                        *listObject[InvoiceLine]    `json:"lines"`
	Livemode                     bool                        `json:"livemode"`
	Metadata                     map[string]string           `json:"metadata"`
	NextPaymentAttempt           *int64                      `json:"next_payment_attempt"`
	Number                       *string                     `json:"number"`
	OnBehalfOf                   *string                     `json:"on_behalf_of"`
	Paid                         bool                        `json:"paid"`
	PaidOutOfBand                bool                        `json:"paid_out_of_band"`
	PaymentSettings              json.RawMessage             `json:"payment_settings"`
	PeriodEnd                    int64                       `json:"period_end"`
	PeriodStart                  int64                       `json:"period_start"`
	PostPaymentCreditNotesAmount int64                       `json:"post_payment_credit_notes_amount"`
	PrePaymentCreditNotesAmount  int64                       `json:"pre_payment_credit_notes_amount"`
	Quote                        *string                     `json:"quote"`
	ReceiptNumber                *string                     `json:"receipt_number"`
	StartingBalance              int64                       `json:"starting_balance"`
	StatementDescriptor          *string                     `json:"statement_descriptor"`
	Status                       string                      `json:"status"`
	StatusTransitions            json.RawMessage             `json:"status_transitions"`
	Subscription                 *string                     `json:"subscription"`
	Subtotal                     int64                       `json:"subtotal"`
	SubtotalExcludingTax         int64                       `json:"subtotal_excluding_tax"`
	Tax                          *int64                      `json:"tax"`
	TestClock                    *string                     `json:"test_clock"`
	Total                        int64                       `json:"total"`
	TotalDiscountAmounts         []wireInvoiceDiscountAmount `json:"total_discount_amounts"`
	TotalExcludingTax            int64                       `json:"total_excluding_tax"`
	TotalTaxAmounts              []wireInvoiceTaxAmount      `json:"total_tax_amounts"`
	WebhooksDeliveredAt          *int64                      `json:"webhooks_delivered_at"`
}

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

// MarshalJSON writes Stripe's invoice object (status draft).
func (inv Invoice) MarshalJSON() ([]byte, error) {
	tax := inv.Tax
	w := wireInvoice{
		ID: inv.ID, Object: "invoice", AmountDue: inv.Total, AmountRemaining: inv.Total,
		AutoAdvance: inv.AutoAdvance, AutomaticTax: wireAutomaticTax{}, BillingReason: inv.BillingReason,
		CollectionMethod: inv.CollectionMethod, Created: unixReq(inv.Created), Currency: inv.Currency,
		CustomFields: json.RawMessage("null"), Customer: inv.Customer, DefaultTaxRates: nonNil(inv.DefaultTaxRates),
		Description: nullStr(inv.Description), Discount: json.RawMessage("null"), Discounts: discountIDs(inv.Discounts),
		DueDate: unixNull(inv.DueDate), Footer: nullStr(inv.Footer),
		Lines:    newList(inv.Lines, "/v1/invoices/"+inv.ID+"/lines"),
		Livemode: inv.Livemode, Metadata: map[string]string{}, PeriodEnd: unixReq(inv.PeriodEnd),
		PaymentSettings: json.RawMessage(`{"default_mandate":null,"payment_method_options":null,"payment_method_types":null}`),
		PeriodStart:     unixReq(inv.PeriodStart), Quote: nullStr(inv.Quote), Status: inv.Status,
		StatusTransitions: json.RawMessage(`{"finalized_at":null,"marked_uncollectible_at":null,"paid_at":null,"voided_at":null}`),
		Subscription:      nullStr(inv.Subscription), Subtotal: inv.Subtotal,
		SubtotalExcludingTax: inv.Subtotal - inv.InclusiveTax(), Tax: &tax, Total: inv.Total,
		TotalDiscountAmounts: discountAmounts(inv.TotalDiscount), TotalExcludingTax: inv.Total - inv.Tax,
		TotalTaxAmounts: taxAmounts(inv.TotalTax),
	}
	return json.Marshal(w)
}

type wireSubscriptionItem struct {
	ID                string            `json:"id"`
	Object            string            `json:"object"`
	BillingThresholds json.RawMessage   `json:"billing_thresholds"`
	Created           int64             `json:"created"`
	Discounts         []string          `json:"discounts"`
	Metadata          map[string]string `json:"metadata"`
	Plan              *pricing.Plan     `json:"plan"`
	Price             pricing.Price     `json:"price"`
	Quantity          int64             `json:"quantity"`
	Subscription      string            `json:"subscription"`
	TaxRates          []TaxRate         `json:"tax_rates"`
}

// MarshalJSON writes Stripe's subscription_item object, with the legacy
// plan view of its price (pricing.PriceToPlan; null if the price has none).
func (it SubscriptionItem) MarshalJSON() ([]byte, error) {
	w := wireSubscriptionItem{
		ID: it.ID, Object: "subscription_item", BillingThresholds: json.RawMessage("null"), Created: unixReq(it.Created),
		Discounts: discountIDs(it.Discounts), Metadata: map[string]string{}, Price: it.Price, Quantity: it.Quantity,
		Subscription: it.Subscription, TaxRates: nonNil(it.TaxRates),
	}
	if plan, err := pricing.PriceToPlan(it.Price); err == nil {
		w.Plan = &plan
	}
	return json.Marshal(w)
}

type wireSubscription struct {
	ID                    string                        `json:"id"`
	Object                string                        `json:"object"`
	Application           *string                       `json:"application"`
	ApplicationFeePercent *string                       `json:"application_fee_percent"`
	AutomaticTaxWire      json.RawMessage               `json:"automatic_tax"`
	BillingCycleAnchor    int64                         `json:"billing_cycle_anchor"`
	BillingThresholds     json.RawMessage               `json:"billing_thresholds"`
	CancelAt              *int64                        `json:"cancel_at"`
	CancelAtPeriodEnd     bool                          `json:"cancel_at_period_end"`
	CanceledAt            *int64                        `json:"canceled_at"`
	CancellationDetails   json.RawMessage               `json:"cancellation_details"`
	CollectionMethod      CollectionMethod              `json:"collection_method"`
	Created               int64                         `json:"created"`
	Currency              pricing.Currency              `json:"currency"`
	CurrentPeriodEnd      int64                         `json:"current_period_end"`
	CurrentPeriodStart    int64                         `json:"current_period_start"`
	Customer              string                        `json:"customer"`
	DaysUntilDue          *int64                        `json:"days_until_due"`
	DefaultPaymentMethod  *string                       `json:"default_payment_method"`
	DefaultSource         *string                       `json:"default_source"`
	DefaultTaxRates       []TaxRate                     `json:"default_tax_rates"`
	Description           *string                       `json:"description"`
	Discount              json.RawMessage               `json:"discount"`
	Discounts             []string                      `json:"discounts"`
	EndedAt               *int64                        `json:"ended_at"`
	Items                 *listObject[SubscriptionItem] `json:"items"`
	LatestInvoice         *Invoice                      `json:"latest_invoice"`
	Livemode              bool                          `json:"livemode"`
	Metadata              map[string]string             `json:"metadata"`
	NextPendingInvoice    *int64                        `json:"next_pending_invoice_item_invoice"`
	OnBehalfOf            *string                       `json:"on_behalf_of"`
	PauseCollection       json.RawMessage               `json:"pause_collection"`
	PendingInvoiceItemInt json.RawMessage               `json:"pending_invoice_item_interval"`
	PendingSetupIntent    *string                       `json:"pending_setup_intent"`
	PendingUpdate         json.RawMessage               `json:"pending_update"`
	Schedule              *string                       `json:"schedule"`
	StartDate             int64                         `json:"start_date"`
	Status                string                        `json:"status"`
	TestClock             *string                       `json:"test_clock"`
	TransferData          json.RawMessage               `json:"transfer_data"`
	TrialEnd              *int64                        `json:"trial_end"`
	TrialSettings         json.RawMessage               `json:"trial_settings"`
	TrialStart            *int64                        `json:"trial_start"`
}

// MarshalJSON writes Stripe's subscription object, with latest_invoice
// expanded (the first invoice), as Stripe returns it with
// expand[]=latest_invoice.
func (s Subscription) MarshalJSON() ([]byte, error) {
	null := json.RawMessage("null")
	return json.Marshal(wireSubscription{
		ID: s.ID, Object: "subscription", AutomaticTaxWire: json.RawMessage(`{"enabled":false}`),
		BillingCycleAnchor: unixReq(s.BillingCycleAnchor), BillingThresholds: null,
		CancellationDetails: json.RawMessage(`{"comment":null,"feedback":null,"reason":null}`),
		CollectionMethod:    s.CollectionMethod, Created: unixReq(s.Created), Currency: s.Currency,
		CurrentPeriodEnd: unixReq(s.CurrentPeriodEnd), CurrentPeriodStart: unixReq(s.CurrentPeriodStart),
		Customer: s.Customer, DaysUntilDue: s.DaysUntilDue, DefaultTaxRates: nonNil(s.DefaultTaxRates),
		Description: nullStr(s.Description), Discount: null, Discounts: discountIDs(s.Discounts),
		Items:         newList(s.Items, "/v1/subscription_items?subscription="+s.ID),
		LatestInvoice: s.LatestInvoice, Livemode: s.Livemode, Metadata: metadataOrEmpty(s.Metadata),
		PauseCollection: null, PendingInvoiceItemInt: null, PendingUpdate: null, StartDate: unixReq(s.StartDate),
		Status: s.Status, TransferData: null, TrialEnd: unixNull(s.TrialEnd), TrialSettings: null,
		TrialStart: unixNull(s.TrialStart),
	})
}

type wirePhaseItem struct {
	BillingThresholds json.RawMessage    `json:"billing_thresholds,omitempty"`
	Discounts         []wirePhaseDisc    `json:"discounts"`
	Metadata          *map[string]string `json:"metadata,omitempty"`
	Plan              *string            `json:"plan,omitempty"`
	Price             string             `json:"price"`
	Quantity          int64              `json:"quantity"`
	TaxRates          []TaxRate          `json:"tax_rates"`
}

type wirePhaseDisc struct {
	Coupon        *string `json:"coupon"`
	Discount      *string `json:"discount"`
	PromotionCode *string `json:"promotion_code"`
}

func phaseDiscounts(ds []Discount) []wirePhaseDisc {
	out := make([]wirePhaseDisc, len(ds))
	for i, d := range ds {
		out[i] = wirePhaseDisc{Discount: nullStr(d.ID)}
		if d.Coupon.ID != "" {
			out[i].Coupon = nullStr(d.Coupon.ID)
			out[i].Discount = nil
		}
	}
	return out
}

type wireInvoiceSettingsSched struct {
	DaysUntilDue *int64 `json:"days_until_due"`
}

type wirePhase struct {
	AddInvoiceItems       []wirePhaseItem           `json:"add_invoice_items"`
	ApplicationFeePercent *string                   `json:"application_fee_percent"`
	AutomaticTax          json.RawMessage           `json:"automatic_tax"`
	BillingCycleAnchor    *string                   `json:"billing_cycle_anchor"`
	BillingThresholds     json.RawMessage           `json:"billing_thresholds"`
	CollectionMethod      CollectionMethod          `json:"collection_method"`
	Coupon                *string                   `json:"coupon"`
	Currency              pricing.Currency          `json:"currency"`
	DefaultPaymentMethod  *string                   `json:"default_payment_method"`
	DefaultTaxRates       []TaxRate                 `json:"default_tax_rates"`
	Description           *string                   `json:"description"`
	Discounts             []wirePhaseDisc           `json:"discounts"`
	EndDate               int64                     `json:"end_date"`
	InvoiceSettings       *wireInvoiceSettingsSched `json:"invoice_settings"`
	Items                 []wirePhaseItem           `json:"items"`
	Metadata              map[string]string         `json:"metadata"`
	OnBehalfOf            *string                   `json:"on_behalf_of"`
	ProrationBehavior     string                    `json:"proration_behavior"`
	StartDate             int64                     `json:"start_date"`
	TransferData          json.RawMessage           `json:"transfer_data"`
	TrialEnd              *int64                    `json:"trial_end"`
}

func phaseItems(its []PhaseItem, full bool) []wirePhaseItem {
	out := make([]wirePhaseItem, len(its))
	for i, it := range its {
		out[i] = wirePhaseItem{Discounts: phaseDiscounts(it.Discounts), Price: it.Price.ID, Quantity: it.Quantity, TaxRates: nonNil(it.TaxRates)}
		if full {
			m := map[string]string{}
			out[i].BillingThresholds = json.RawMessage("null")
			out[i].Metadata = &m
			out[i].Plan = nullStr(it.Price.ID) // a recurring price's plan has the price's id
		}
	}
	return out
}

type wireSchedule struct {
	ID                   string            `json:"id"`
	Object               string            `json:"object"`
	Application          *string           `json:"application"`
	CanceledAt           *int64            `json:"canceled_at"`
	CompletedAt          *int64            `json:"completed_at"`
	Created              int64             `json:"created"`
	CurrentPhase         json.RawMessage   `json:"current_phase"`
	Customer             string            `json:"customer"`
	DefaultSettings      json.RawMessage   `json:"default_settings"`
	EndBehavior          string            `json:"end_behavior"`
	Livemode             bool              `json:"livemode"`
	Metadata             map[string]string `json:"metadata"`
	Phases               []wirePhase       `json:"phases"`
	ReleasedAt           *int64            `json:"released_at"`
	ReleasedSubscription *string           `json:"released_subscription"`
	Status               string            `json:"status"`
	Subscription         *string           `json:"subscription"`
	TestClock            *string           `json:"test_clock"`
}

// MarshalJSON writes Stripe's subscription_schedule object.
func (s SubscriptionSchedule) MarshalJSON() ([]byte, error) {
	null := json.RawMessage("null")
	ds, err := json.Marshal(struct {
		ApplicationFeePercent *string                  `json:"application_fee_percent"`
		AutomaticTax          json.RawMessage          `json:"automatic_tax"`
		BillingCycleAnchor    string                   `json:"billing_cycle_anchor"`
		BillingThresholds     json.RawMessage          `json:"billing_thresholds"`
		CollectionMethod      CollectionMethod         `json:"collection_method"`
		DefaultPaymentMethod  *string                  `json:"default_payment_method"`
		Description           *string                  `json:"description"`
		InvoiceSettings       wireInvoiceSettingsSched `json:"invoice_settings"`
		OnBehalfOf            *string                  `json:"on_behalf_of"`
		TransferData          json.RawMessage          `json:"transfer_data"`
	}{AutomaticTax: json.RawMessage(`{"enabled":false}`), BillingCycleAnchor: "automatic", BillingThresholds: null,
		CollectionMethod: s.CollectionMethod, Description: nullStr(s.Description),
		InvoiceSettings: wireInvoiceSettingsSched{DaysUntilDue: s.DaysUntilDue}, TransferData: null})
	if err != nil {
		return nil, err
	}
	w := wireSchedule{
		ID: s.ID, Object: "subscription_schedule", Created: unixReq(s.Created), CurrentPhase: null,
		Customer: s.Customer, DefaultSettings: ds, EndBehavior: s.EndBehavior, Livemode: s.Livemode,
		Metadata: map[string]string{}, Status: s.Status, Phases: make([]wirePhase, len(s.Phases)),
	}
	for i, p := range s.Phases {
		w.Phases[i] = wirePhase{
			AddInvoiceItems: phaseItems(p.AddInvoiceItems, false), AutomaticTax: json.RawMessage(`{"enabled":false}`),
			BillingThresholds: null, CollectionMethod: p.CollectionMethod, Currency: p.Currency,
			DefaultTaxRates: nonNil(p.DefaultTaxRates), Description: nullStr(p.Description),
			Discounts: phaseDiscounts(p.Discounts), EndDate: unixReq(p.EndDate),
			InvoiceSettings: &wireInvoiceSettingsSched{DaysUntilDue: p.DaysUntilDue},
			Items:           phaseItems(p.Items, true), Metadata: metadataOrEmpty(p.Metadata),
			ProrationBehavior: "create_prorations", StartDate: unixReq(p.StartDate), TransferData: null,
			TrialEnd: unixNull(p.TrialEnd),
		}
	}
	return json.Marshal(w)
}
