package invoice

import (
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// CollectionMethod is how an invoice is paid.
type CollectionMethod string

// Collection methods.
const (
	ChargeAutomatically CollectionMethod = "charge_automatically"
	SendInvoice         CollectionMethod = "send_invoice"
)

// Billing reasons (invoice.billing_reason).
const (
	ReasonSubscriptionCreate = "subscription_create"
	ReasonSubscriptionCycle  = "subscription_cycle"
	ReasonSubscriptionUpdate = "subscription_update"
	ReasonUpcoming           = "upcoming"
	ReasonQuoteAccept        = "quote_accept"
	ReasonManual             = "manual"
)

// Invoice is Stripe's invoice object (object "invoice"), API 2025-08-27.basil.
// Amounts are minor units of Currency. Compute fills the amounts from the
// lines (doc.go, Totals).
type Invoice struct {
	ID               string
	Customer         string
	Currency         pricing.Currency
	CollectionMethod CollectionMethod
	AutoAdvance      bool
	BillingReason    string
	Created          time.Time
	DueDate          time.Time // zero is null
	PeriodStart      time.Time
	PeriodEnd        time.Time
	Status           string // "draft", "open", ...
	Description      string
	Footer           string
	Parent           *Parent // null for a manual invoice
	Lines            []LineItem
	// Discounts are the invoice-level discounts (wire: ids, or expanded
	// objects when decoded so); they apply to every discountable line after
	// its own.
	Discounts []Discount
	// DefaultTaxRates tax the lines that have no tax rates of their own.
	DefaultTaxRates []TaxRate

	Subtotal                 int64 // the lines' amounts less their item discounts
	SubtotalExcludingTax     int64 // Subtotal less its inclusive tax
	TotalExcludingTax        int64 // Subtotal less invoice discounts and pretax credits, before exclusive tax
	Total                    int64 // TotalExcludingTax plus exclusive tax
	AmountDue                int64 // max(0, Total)
	AmountPaid               int64
	AmountRemaining          int64 // AmountDue - AmountPaid
	StartingBalance          int64
	EndingBalance            *int64 // null until finalized
	TotalDiscountAmounts     []DiscountAmount
	TotalPretaxCreditAmounts []PretaxCreditAmount
	TotalTaxes               []TaxAmount
	FinalizedAt              time.Time // status_transitions.finalized_at; zero is null
	Metadata                 map[string]string
	Livemode                 bool

	wire        stripejson.Shape
	lines       stripejson.List
	parentWire  stripejson.Shape
	transitions stripejson.Shape // status_transitions
	ref         bool             // decoded from a bare id; encodes as the id
}

// Parent is what created an invoice (invoice.parent).
type Parent struct {
	Type string // "subscription_details" or "quote_details"
	// SubscriptionDetails, for Type subscription_details.
	Subscription         string
	SubscriptionMetadata map[string]string
	// ProrationDate is subscription_proration_date: set on previews of
	// prorations only; zero is null.
	ProrationDate time.Time
	// Quote, for Type quote_details.
	Quote string

	subWire, quoteWire stripejson.Shape
}

// Line parent types (line_item.parent.type).
const (
	ParentSubscriptionItem = "subscription_item_details"
	ParentInvoiceItem      = "invoice_item_details"
)

// LineItem is one line of an invoice (object "line_item").
type LineItem struct {
	ID           string
	Amount       int64 // before discounts (a proration's is already net); negative for a credit
	Currency     pricing.Currency
	Description  string
	Discountable bool
	// Discounts are the line's own (item) discounts (wire: ids); they
	// apply before the invoice's.
	Discounts       []Discount
	DiscountAmounts []DiscountAmount
	Invoice         string
	Metadata        map[string]string
	Parent          LineParent
	PeriodStart     time.Time
	PeriodEnd       time.Time
	// PretaxCreditAmounts lists the discounts, then the billing credits
	// applied to the line, before tax.
	PretaxCreditAmounts []PretaxCreditAmount
	// Price is what the line bills (wire: pricing.price_details.price and
	// .product, and pricing.unit_amount_decimal; the full price when built
	// in Go). Metered prices (recurring.meter set) take billing credits.
	Price    pricing.Price
	Quantity int64
	Taxes    []TaxAmount
	// TaxRates are the rates Compute applies to the line (nil: the
	// invoice's DefaultTaxRates). Basil has no line tax_rates: they are not
	// on the wire; a decoded line takes the defaults.
	TaxRates []TaxRate
	Livemode bool

	wire        stripejson.Shape
	period      stripejson.Shape
	pricingWire stripejson.Shape
	detailsWire stripejson.Shape // pricing.price_details
}

// LineParent is line_item.parent: the subscription item or the invoice item
// behind a line.
type LineParent struct {
	Type             string // ParentSubscriptionItem or ParentInvoiceItem
	InvoiceItem      string // the ii_ behind a proration or a one-time line
	Proration        bool
	Subscription     string
	SubscriptionItem string
	// CreditedItems: for a flexible-mode credit proration, the invoice and
	// lines it credits (proration_details.credited_items); nil is null.
	CreditedItems *CreditedItems

	wire, details, prorationWire stripejson.Shape
	// other is the details object Type does not select, kept verbatim
	// when decoded (Stripe's examples carry both).
	other stripejson.Shape
}

// CreditedItems names the original debits a proration credits.
type CreditedItems struct {
	Invoice          string
	InvoiceLineItems []string

	wire stripejson.Shape
}

// Pretax credit types.
const (
	CreditDiscount = "discount"
	CreditBalance  = "credit_balance_transaction"
)

// PretaxCreditAmount is one entry of pretax_credit_amounts: a discount or a
// billing credit taken off a line before tax.
type PretaxCreditAmount struct {
	Amount int64
	Type   string // CreditDiscount or CreditBalance
	// Discount is the discount's id (Type discount).
	Discount string
	// CreditBalanceTransaction is the cbtxn_ id (Type
	// credit_balance_transaction); "" (null) in a preview, which commits
	// nothing.
	CreditBalanceTransaction string

	wire stripejson.Shape
}

// Item is Stripe's invoiceitem object (object "invoiceitem"): a pending
// line, here the prorations create_prorations leaves for the next invoice.
type Item struct {
	ID           string
	Amount       int64 // net (discounts of the subscription already reflected)
	Currency     pricing.Currency
	Customer     string
	Date         time.Time
	Description  string
	Discountable bool
	Discounts    []Discount
	Invoice      string // "" (null) while pending
	Metadata     map[string]string
	// Subscription and SubscriptionItem: parent.subscription_details.
	Subscription     string
	SubscriptionItem string
	PeriodStart      time.Time
	PeriodEnd        time.Time
	Price            pricing.Price // wire: pricing.price_details
	Proration        bool
	Quantity         int64
	TaxRates         []TaxRate
	Livemode         bool
	// CreditedItems: for a flexible-mode credit proration, the debit it
	// credits. Not on the invoiceitem wire (basil has no such key); the
	// line it becomes carries it in proration_details.credited_items.
	CreditedItems *CreditedItems

	wire        stripejson.Shape
	parentWire  stripejson.Shape
	subWire     stripejson.Shape
	period      stripejson.Shape
	pricingWire stripejson.Shape
	detailsWire stripejson.Shape
}
