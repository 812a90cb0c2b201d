package credit

import (
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
// from an id or an expanded object. A zero Credit or Debit encodes as null
// (unless decoded from an object), a zero Type as null, an empty TestClock
// as null. A transaction decoded from JSON re-encodes with exactly the keys
// it had (see the package doc).
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

	wire stripejson.Shape
}

// Credit is the credit side of a transaction. CreditsApplicationInvoiceVoided
// is set only for that type (null otherwise).
type Credit struct {
	Amount                          Amount
	CreditsApplicationInvoiceVoided InvoiceLineRef
	Type                            CreditType

	wire stripejson.Shape
}

// Debit is the debit side of a transaction. CreditsApplied is set only for
// that type (null otherwise).
type Debit struct {
	Amount         Amount
	CreditsApplied InvoiceLineRef
	Type           DebitType

	wire stripejson.Shape
}

// InvoiceLineRef names the invoice line credits were applied to (or
// reinstated from). The zero value encodes as null (unless decoded from an
// object).
type InvoiceLineRef struct {
	Invoice         string
	InvoiceLineItem string

	wire stripejson.Shape
}

// IsZero reports whether r names no invoice and no line (what it was
// decoded from aside).
func (r InvoiceLineRef) IsZero() bool { return r.Invoice == "" && r.InvoiceLineItem == "" }

// IsZero reports whether c is unset (what it was decoded from aside).
func (c Credit) IsZero() bool { return c.zero() }

// IsZero reports whether d is unset (what it was decoded from aside).
func (d Debit) IsZero() bool { return d.zero() }

// zero is IsZero without copying the side (the compiled paths call it for
// every transaction).
func (c *Credit) zero() bool {
	return len(c.Type)|len(c.Amount.Type)|len(c.Amount.Monetary.Currency)|
		len(c.CreditsApplicationInvoiceVoided.Invoice)|len(c.CreditsApplicationInvoiceVoided.InvoiceLineItem) == 0 &&
		c.Amount.Monetary.Value == 0 && c.Amount.CustomPricingUnit == nil
}

func (d *Debit) zero() bool {
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

func (t *Transaction) direction() (TransactionType, string) {
	switch t.Type {
	case TypeCredit:
		if t.Credit.zero() {
			return "", "type is credit but credit is null"
		}
		if !t.Debit.zero() {
			return "", "type is credit but debit is set"
		}
		return TypeCredit, ""
	case TypeDebit:
		if t.Debit.zero() {
			return "", "type is debit but debit is null"
		}
		if !t.Credit.zero() {
			return "", "type is debit but credit is set"
		}
		return TypeDebit, ""
	case "":
		c, d := !t.Credit.zero(), !t.Debit.zero()
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
// ErrUnsupportedAmount): an id-less credit_grant, a time outside the
// years 1970 to 9999 (computing also needs effective_at), no resolvable
// direction,
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
	errs = timeProblem(errs, ErrInvalidTransaction, ObjectTransaction, t.ID, "created", t.Created)
	errs = timeProblem(errs, ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at", t.EffectiveAt)
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
			if !ref.IsZero() {
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
			if !ref.IsZero() {
				add("debit.credits_applied", "must be null for %s", t.Debit.Type)
			}
		default:
			add("debit.type", "must be %q, %q or %q, got %q", CreditsApplied, CreditsExpired, CreditsVoided, t.Debit.Type)
		}
	}
	return joinErrs(errs)
}

var transactionKeys = stripejson.NewKeys("id", "object", "created", "credit", "credit_grant", "debit",
	"effective_at", "livemode", "test_clock", "type")

const (
	txnID = iota
	txnObject
	txnCreated
	txnCredit
	txnCreditGrant
	txnDebit
	txnEffectiveAt
	txnLivemode
	txnTestClock
	txnType
)

// MarshalJSON writes the transaction as Stripe's
// billing.credit_balance_transaction object.
func (t Transaction) MarshalJSON() ([]byte, error) { return t.appendJSON(nil), nil }

// UnmarshalJSON reads Stripe's billing.credit_balance_transaction object. A
// null type is resolved from the side that is set; when both or neither is
// set the value decodes with Type empty (see Transaction). An "object" other
// than billing.credit_balance_transaction is an error.
func (t *Transaction) UnmarshalJSON(b []byte) error { return unmarshal(b, ObjectTransaction, t.decode) }

func (t *Transaction) decode(d *stripejson.Decoder) { t.decodeIn(d, nil) }

// decodeIn decodes t, interning its repeated strings in in (nil: none).
func (t *Transaction) decodeIn(d *stripejson.Decoder, in *interner) {
	*t = Transaction{}
	d.Object(transactionKeys, &t.wire, func(i int) {
		switch i {
		case txnID:
			t.ID = d.String()
		case txnObject:
			d.Const(ObjectTransaction)
		case txnCreated:
			t.Created = d.Unix()
		case txnCredit:
			t.Credit.decodeIn(d, in)
		case txnCreditGrant:
			t.CreditGrant = in.str(d.ID())
		case txnDebit:
			t.Debit.decodeIn(d, in)
		case txnEffectiveAt:
			t.EffectiveAt = d.Unix()
		case txnLivemode:
			t.Livemode = d.Bool()
		case txnTestClock:
			t.TestClock = in.str(d.ID())
		case txnType:
			t.Type = canon(d.String(), TypeCredit, TypeDebit)
		}
	})
	if t.Type == "" {
		t.Type, _ = t.direction()
	}
}

func (t *Transaction) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, transactionKeys, &t.wire)
	e.String(txnID, t.ID)
	e.Const(txnObject, ObjectTransaction)
	e.UnixRequired(txnCreated, t.Created)
	e.Object(txnCredit, !t.Credit.IsZero() || t.Credit.wire.Decoded(), t.Credit.appendJSON)
	e.String(txnCreditGrant, t.CreditGrant)
	e.Object(txnDebit, !t.Debit.IsZero() || t.Debit.wire.Decoded(), t.Debit.appendJSON)
	e.UnixRequired(txnEffectiveAt, t.EffectiveAt)
	e.Bool(txnLivemode, t.Livemode)
	e.String(txnTestClock, t.TestClock)
	e.String(txnType, string(t.Type))
	return e.Close()
}

// Transactions is a list of transactions, as a ledger input holds them
// (the "transactions" of a request body, the "data" of a Stripe list). It
// is a []Transaction, and decoding into it is decoding each transaction,
// with one difference: the strings the transactions repeat (their grant
// ids, currencies, test clocks) share one copy, and enum values (type,
// credit.type, debit.type, amount.type) the package's constants. The
// values are the same; but Summarize, Apply and NewLedger then read a few
// hundred bytes of ids the processor keeps in cache instead of one
// scattered allocation per transaction, which is most of their time on
// decoded input (see "Complexity" in the package doc).
type Transactions []Transaction

// UnmarshalJSON reads a JSON array of Stripe's
// billing.credit_balance_transaction objects (null: nil), each as
// Transaction.UnmarshalJSON reads it; an error names the element.
func (ts *Transactions) UnmarshalJSON(b []byte) error {
	return unmarshal(b, "", func(d *stripejson.Decoder) {
		*ts = nil
		if d.IsNull() {
			return
		}
		out := make(Transactions, d.Len())
		in := &interner{m: map[string]string{}}
		if d.Array(func(i int) { out[i].decodeIn(d, in) }) {
			*ts = out
		}
	})
}

// interner shares one copy of each string it is given.
type interner struct{ m map[string]string }

// str returns the first copy of s it was given (s itself the first time).
// A nil interner returns s.
func (in *interner) str(s string) string {
	if in == nil || s == "" {
		return s
	}
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}

var creditKeys = stripejson.NewKeys("amount", "credits_application_invoice_voided", "type")

// sideAmount, sideRef and sideType index the keys of both sides, credit
// and debit.
const (
	sideAmount = iota
	sideRef
	sideType
)

// MarshalJSON writes the credit side: {"amount",
// "credits_application_invoice_voided", "type"}; the zero Credit is null.
func (c Credit) MarshalJSON() ([]byte, error) {
	if c.IsZero() && !c.wire.Decoded() {
		return []byte("null"), nil
	}
	return c.appendJSON(nil), nil
}

// UnmarshalJSON reads the credit side; null is the zero Credit.
func (c *Credit) UnmarshalJSON(b []byte) error { return unmarshal(b, "", c.decode) }

func (c *Credit) decode(d *stripejson.Decoder) { c.decodeIn(d, nil) }

func (c *Credit) decodeIn(d *stripejson.Decoder, in *interner) {
	*c = Credit{}
	if d.IsNull() {
		return
	}
	d.Object(creditKeys, &c.wire, func(i int) {
		switch i {
		case sideAmount:
			c.Amount.decodeIn(d, in)
		case sideRef:
			c.CreditsApplicationInvoiceVoided.decode(d)
		case sideType:
			c.Type = canon(d.String(), CreditsGranted, CreditsApplicationInvoiceVoided)
		}
	})
}

func (c *Credit) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, creditKeys, &c.wire)
	e.Object(sideAmount, !c.Amount.IsZero() || c.Amount.wire.Decoded(), c.Amount.appendJSON)
	r := &c.CreditsApplicationInvoiceVoided
	e.Object(sideRef, !r.IsZero() || r.wire.Decoded(), r.appendJSON)
	e.String(sideType, string(c.Type))
	return e.Close()
}

var debitKeys = stripejson.NewKeys("amount", "credits_applied", "type")

// MarshalJSON writes the debit side: {"amount", "credits_applied",
// "type"}; the zero Debit is null.
func (d Debit) MarshalJSON() ([]byte, error) {
	if d.IsZero() && !d.wire.Decoded() {
		return []byte("null"), nil
	}
	return d.appendJSON(nil), nil
}

// UnmarshalJSON reads the debit side; null is the zero Debit.
func (d *Debit) UnmarshalJSON(b []byte) error { return unmarshal(b, "", d.decode) }

func (d *Debit) decode(dec *stripejson.Decoder) { d.decodeIn(dec, nil) }

func (d *Debit) decodeIn(dec *stripejson.Decoder, in *interner) {
	*d = Debit{}
	if dec.IsNull() {
		return
	}
	dec.Object(debitKeys, &d.wire, func(i int) {
		switch i {
		case sideAmount:
			d.Amount.decodeIn(dec, in)
		case sideRef:
			d.CreditsApplied.decode(dec)
		case sideType:
			d.Type = canon(dec.String(), CreditsApplied, CreditsExpired, CreditsVoided)
		}
	})
}

func (d *Debit) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, debitKeys, &d.wire)
	e.Object(sideAmount, !d.Amount.IsZero() || d.Amount.wire.Decoded(), d.Amount.appendJSON)
	r := &d.CreditsApplied
	e.Object(sideRef, !r.IsZero() || r.wire.Decoded(), r.appendJSON)
	e.String(sideType, string(d.Type))
	return e.Close()
}

var refKeys = stripejson.NewKeys("invoice", "invoice_line_item")

const (
	refInvoice = iota
	refInvoiceLineItem
)

// MarshalJSON writes {"invoice", "invoice_line_item"}; the zero value is
// null.
func (r InvoiceLineRef) MarshalJSON() ([]byte, error) {
	if r.IsZero() && !r.wire.Decoded() {
		return []byte("null"), nil
	}
	return r.appendJSON(nil), nil
}

// UnmarshalJSON reads the reference; invoice may be an expanded invoice.
func (r *InvoiceLineRef) UnmarshalJSON(b []byte) error { return unmarshal(b, "", r.decode) }

func (r *InvoiceLineRef) decode(d *stripejson.Decoder) {
	*r = InvoiceLineRef{}
	if d.IsNull() {
		return
	}
	d.Object(refKeys, &r.wire, func(i int) {
		switch i {
		case refInvoice:
			r.Invoice = d.ID()
		case refInvoiceLineItem:
			r.InvoiceLineItem = d.String()
		}
	})
}

func (r *InvoiceLineRef) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, refKeys, &r.wire)
	e.String(refInvoice, r.Invoice)
	e.String(refInvoiceLineItem, r.InvoiceLineItem)
	return e.Close()
}

// CheckLedger reports transactions that share an id, every repeat at once
// (errors.Join of *FieldError wrapping ErrDuplicateTransaction), by the
// index NewLedger builds of them (see "Ledger"). A ledger handed over
// twice, or a webhook delivered twice, would otherwise be counted twice by
// the slice functions, which do not compare ids (so that they allocate by
// grants only): run it once where transactions enter the system, or use a
// Ledger, which refuses a repeated id itself. Transactions without an id
// are not compared. It allocates two words per transaction, once.
func CheckLedger(txns []Transaction) error {
	x, dups := indexIDs(len(txns), func(i int) string { return txns[i].ID }, nil, nil)
	var problems []error
	for _, i := range dups {
		if id := txns[i].ID; id != "" {
			problems = append(problems, stripejson.Errorf(ErrDuplicateTransaction, ObjectTransaction, id, "id",
				"transactions[%d] repeats transactions[%d]", i, x.lookup(id)))
		}
	}
	return errors.Join(problems...)
}
