package credit

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
)

// TransactionType is the direction of a transaction: credit or debit.
type TransactionType string

// Transaction directions.
const (
	TypeCredit TransactionType = "credit"
	TypeDebit  TransactionType = "debit"
)

// CreditType is the kind of a credit (an increase of a grant's balance).
type CreditType string

// Credit kinds. [S]
const (
	// CreditsGranted is the grant's funding, written when it becomes effective.
	CreditsGranted CreditType = "credits_granted"
	// CreditsApplicationInvoiceVoided reinstates credits applied to an invoice
	// line when that invoice is voided.
	CreditsApplicationInvoiceVoided CreditType = "credits_application_invoice_voided"
)

// DebitType is the kind of a debit (a decrease of a grant's balance).
type DebitType string

// Debit kinds. [S]
const (
	CreditsApplied DebitType = "credits_applied" // applied to an invoice line
	CreditsExpired DebitType = "credits_expired" // the remaining balance at expiry
	CreditsVoided  DebitType = "credits_voided"  // the remaining balance at void
)

// Transaction is a billing.credit_balance_transaction: one credit or debit
// against one grant. Amounts are positive; the direction is the type.
//
// Exactly one of Credit and Debit is set (non-zero) in a valid transaction,
// and Type names it. Decoding is defensive [S]: when "type" is null it is
// taken from the side that is set; when both or neither side is set (as in
// Stripe's generator fixtures) the transaction still decodes, with Type
// empty, and Validate, Summarize, Apply and the lifecycle functions report
// it as ErrInvalidTransaction. CreditGrant and the invoice references decode
// from an id or an expanded object. A zero Credit or Debit encodes as null,
// a zero Type as null, an empty TestClock as null.
type Transaction struct {
	ID          string
	Created     time.Time
	Credit      Credit
	CreditGrant string
	Debit       Debit
	EffectiveAt time.Time
	Livemode    bool
	TestClock   string
	Type        TransactionType
}

// Credit is the credit side of a transaction. CreditsApplicationInvoiceVoided
// is set only for that type (null otherwise).
type Credit struct {
	Amount                          Amount
	CreditsApplicationInvoiceVoided InvoiceLineRef
	Type                            CreditType
}

// Debit is the debit side of a transaction. CreditsApplied is set only for
// that type (null otherwise).
type Debit struct {
	Amount         Amount
	CreditsApplied InvoiceLineRef
	Type           DebitType
}

// InvoiceLineRef names the invoice line credits were applied to (or
// reinstated from). The zero value encodes as null.
type InvoiceLineRef struct {
	Invoice         string
	InvoiceLineItem string
}

// IsZero reports whether c is unset.
func (c Credit) IsZero() bool {
	return len(c.Type)|len(c.Amount.Type)|len(c.Amount.Monetary.Currency)|
		len(c.CreditsApplicationInvoiceVoided.Invoice)|len(c.CreditsApplicationInvoiceVoided.InvoiceLineItem) == 0 &&
		c.Amount.Monetary.Value == 0 && c.Amount.CustomPricingUnit == nil
}

// IsZero reports whether d is unset.
func (d Debit) IsZero() bool {
	return len(d.Type)|len(d.Amount.Type)|len(d.Amount.Monetary.Currency)|
		len(d.CreditsApplied.Invoice)|len(d.CreditsApplied.InvoiceLineItem) == 0 &&
		d.Amount.Monetary.Value == 0 && d.Amount.CustomPricingUnit == nil
}

// Direction returns the transaction's direction: Type when set (the
// matching side must be set and the other unset), else the one side that is
// set. Both or neither side set is ErrInvalidTransaction.
func (t Transaction) Direction() (TransactionType, error) {
	d, problem := t.direction()
	if problem != "" {
		return "", stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "type", "%s", problem)
	}
	return d, nil
}

func (t Transaction) direction() (TransactionType, string) {
	switch t.Type {
	case TypeCredit:
		if t.Credit.IsZero() {
			return "", "type is credit but credit is null"
		}
		if !t.Debit.IsZero() {
			return "", "type is credit but debit is set"
		}
		return TypeCredit, ""
	case TypeDebit:
		if t.Debit.IsZero() {
			return "", "type is debit but debit is null"
		}
		if !t.Credit.IsZero() {
			return "", "type is debit but credit is set"
		}
		return TypeDebit, ""
	case "":
		c, d := !t.Credit.IsZero(), !t.Debit.IsZero()
		switch {
		case c && !d:
			return TypeCredit, ""
		case d && !c:
			return TypeDebit, ""
		case c && d:
			return "", "type is null and both credit and debit are set"
		}
		return "", "type is null and neither credit nor debit is set"
	}
	return "", "must be credit or debit, got " + string(t.Type)
}

// Amount returns the amount of the side the transaction's direction names.
// Its value is positive either way; the direction says whether it adds to
// or takes from the grant's balance. Errors: as Direction.
func (t Transaction) Amount() (Amount, error) {
	d, err := t.Direction()
	if err != nil {
		return Amount{}, err
	}
	if d == TypeCredit {
		return t.Credit.Amount, nil
	}
	return t.Debit.Amount, nil
}

// Validate checks the transaction and reports every problem at once
// (errors.Join of *FieldError wrapping ErrInvalidTransaction, or
// ErrUnsupportedAmount): an id-less credit_grant, no resolvable direction,
// an unknown credit or debit type, a non-monetary or non-positive amount or
// an unsupported currency, an invoice reference missing for (or set on a
// type other than) credits_applied and credits_application_invoice_voided.
func (t Transaction) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, field, format, args...))
	}
	if t.CreditGrant == "" {
		add("credit_grant", "is required")
	}
	d, problem := t.direction()
	if problem != "" {
		add("type", "%s", problem)
	}
	switch d {
	case TypeCredit:
		errs = t.Credit.Amount.validate(errs, ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.amount")
		ref := t.Credit.CreditsApplicationInvoiceVoided
		switch t.Credit.Type {
		case CreditsGranted:
			if ref != (InvoiceLineRef{}) {
				add("credit.credits_application_invoice_voided", "must be null for credits_granted")
			}
		case CreditsApplicationInvoiceVoided:
			if ref.Invoice == "" || ref.InvoiceLineItem == "" {
				add("credit.credits_application_invoice_voided", "invoice and invoice_line_item are required")
			}
		default:
			add("credit.type", "must be %q or %q, got %q", CreditsGranted, CreditsApplicationInvoiceVoided, t.Credit.Type)
		}
	case TypeDebit:
		errs = t.Debit.Amount.validate(errs, ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.amount")
		ref := t.Debit.CreditsApplied
		switch t.Debit.Type {
		case CreditsApplied:
			if ref.Invoice == "" || ref.InvoiceLineItem == "" {
				add("debit.credits_applied", "invoice and invoice_line_item are required")
			}
		case CreditsExpired, CreditsVoided:
			if ref != (InvoiceLineRef{}) {
				add("debit.credits_applied", "must be null for %s", t.Debit.Type)
			}
		default:
			add("debit.type", "must be %q, %q or %q, got %q", CreditsApplied, CreditsExpired, CreditsVoided, t.Debit.Type)
		}
	}
	return joinErrs(errs)
}

type refWire struct {
	Invoice         json.RawMessage `json:"invoice"`
	InvoiceLineItem string          `json:"invoice_line_item"`
}

// MarshalJSON writes {"invoice", "invoice_line_item"}, or null when zero.
func (r InvoiceLineRef) MarshalJSON() ([]byte, error) {
	if r == (InvoiceLineRef{}) {
		return []byte("null"), nil
	}
	inv, _ := json.Marshal(r.Invoice)
	return json.Marshal(refWire{Invoice: inv, InvoiceLineItem: r.InvoiceLineItem})
}

// UnmarshalJSON reads the reference; invoice may be an expanded invoice.
func (r *InvoiceLineRef) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*r = InvoiceLineRef{}
		return nil
	}
	var w refWire
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr("invoice_line_item", err)
	}
	inv, err := expandableID("invoice", w.Invoice)
	if err != nil {
		return err
	}
	*r = InvoiceLineRef{Invoice: inv, InvoiceLineItem: w.InvoiceLineItem}
	return nil
}

type creditWire struct {
	Amount                          Amount         `json:"amount"`
	CreditsApplicationInvoiceVoided InvoiceLineRef `json:"credits_application_invoice_voided"`
	Type                            CreditType     `json:"type"`
}

type debitWire struct {
	Amount         Amount         `json:"amount"`
	CreditsApplied InvoiceLineRef `json:"credits_applied"`
	Type           DebitType      `json:"type"`
}

type transactionWire struct {
	ID          string          `json:"id"`
	Object      string          `json:"object"`
	Created     int64           `json:"created"`
	Credit      *creditWire     `json:"credit"`
	CreditGrant json.RawMessage `json:"credit_grant"`
	Debit       *debitWire      `json:"debit"`
	EffectiveAt int64           `json:"effective_at"`
	Livemode    bool            `json:"livemode"`
	TestClock   json.RawMessage `json:"test_clock"`
	Type        *string         `json:"type"`
}

// MarshalJSON writes the transaction as Stripe's
// billing.credit_balance_transaction object.
func (t Transaction) MarshalJSON() ([]byte, error) {
	w := transactionWire{
		ID: t.ID, Object: ObjectTransaction, Created: unixOf(t.Created),
		EffectiveAt: unixOf(t.EffectiveAt), Livemode: t.Livemode, Type: nullString(string(t.Type)),
	}
	if !t.Credit.IsZero() {
		w.Credit = &creditWire{t.Credit.Amount, t.Credit.CreditsApplicationInvoiceVoided, t.Credit.Type}
	}
	if !t.Debit.IsZero() {
		w.Debit = &debitWire{t.Debit.Amount, t.Debit.CreditsApplied, t.Debit.Type}
	}
	w.CreditGrant, _ = json.Marshal(t.CreditGrant)
	w.TestClock = jsonNull()
	if t.TestClock != "" {
		w.TestClock, _ = json.Marshal(t.TestClock)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads Stripe's billing.credit_balance_transaction object. A
// null type is resolved from the side that is set; when both or neither is
// set the value decodes with Type empty (see Transaction). An "object" other
// than billing.credit_balance_transaction is an error.
func (t *Transaction) UnmarshalJSON(b []byte) error {
	var w transactionWire
	if err := json.Unmarshal(b, &w); err != nil {
		return jsonErr(ObjectTransaction, err)
	}
	if err := checkObject(ObjectTransaction, w.Object); err != nil {
		return err
	}
	grant, err := expandableID("credit_grant", w.CreditGrant)
	if err != nil {
		return err
	}
	clock, err := expandableID("test_clock", w.TestClock)
	if err != nil {
		return err
	}
	out := Transaction{
		ID: w.ID, Created: timeOf(w.Created), CreditGrant: grant,
		EffectiveAt: timeOf(w.EffectiveAt), Livemode: w.Livemode, TestClock: clock,
	}
	if w.Credit != nil {
		out.Credit = Credit{w.Credit.Amount, w.Credit.CreditsApplicationInvoiceVoided, w.Credit.Type}
	}
	if w.Debit != nil {
		out.Debit = Debit{w.Debit.Amount, w.Debit.CreditsApplied, w.Debit.Type}
	}
	if w.Type != nil {
		out.Type = TransactionType(*w.Type)
	} else if d, problem := out.direction(); problem == "" {
		out.Type = d
	}
	*t = out
	return nil
}

// CheckLedger reports transactions that share an id, every pair at once
// (errors.Join of *FieldError wrapping ErrDuplicateTransaction). A ledger
// handed over twice, or a webhook delivered twice, would otherwise be counted
// twice by Summarize wherever that does not drive a balance below zero.
// Summarize and Apply do not run this check themselves: it needs a set of
// ids, an allocation per transaction, and they allocate a fixed number of
// times per call. Run it once where transactions enter the system.
// Transactions without an id are not compared.
func CheckLedger(txns []Transaction) error {
	seen := make(map[string]int, len(txns))
	var problems []error
	for i, t := range txns {
		if t.ID == "" {
			continue
		}
		if j, ok := seen[t.ID]; ok {
			problems = append(problems, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, t.ID, "id",
				"transactions[%d] repeats transactions[%d]", i, j))
			continue
		}
		seen[t.ID] = i
	}
	return errors.Join(problems...)
}
