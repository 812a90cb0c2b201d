package credit

import (
	"slices"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// Summary is a billing.credit_balance_summary: a computed view, with no id,
// of a customer's credit balances, one entry per currency of the selected
// grants, sorted by currency. Balances is never nil once computed or
// decoded, and encodes as [] when empty. An empty CustomerAccount is left
// out of a summary built in Go, as in Stripe's documented example. Customer
// decodes from an id or an expanded customer and encodes as the id.
type Summary struct {
	Balances        []Balance
	Customer        string
	CustomerAccount string
	Livemode        bool

	wire stripejson.Shape
}

// Balance is one currency's entry of a Summary. Both amounts are monetary
// amounts in that currency; LedgerBalance >= AvailableBalance >= 0.
type Balance struct {
	AvailableBalance Amount
	LedgerBalance    Amount

	wire stripejson.Shape
}

// Currency returns the balance's currency.
func (b Balance) Currency() pricing.Currency { return b.LedgerBalance.Monetary.Currency }

// Balance returns the entry for currency c, if any.
func (s Summary) Balance(c pricing.Currency) (Balance, bool) {
	for _, b := range s.Balances {
		if b.Currency() == c {
			return b, true
		}
	}
	return Balance{}, false
}

// Reservation is an amount of a grant's credits reserved on a draft invoice.
// It lowers the grant's available balance (never below zero), not its
// ledger balance. [S]
type Reservation struct {
	CreditGrant string
	Invoice     string // informational
	Amount      int64  // minor units of the grant's currency, > 0
}

// SummaryOptions are the options of SummarizeWith and GrantBalancesWith.
// The zero value is what Summarize and GrantBalances use.
type SummaryOptions struct {
	// Reservations are draft-invoice reservations, subtracted from the
	// available balance of the grants they name. A reservation for a grant
	// not among the customer's grants is ErrUnknownGrant; a non-positive
	// amount is ErrInvalidTransaction. Reservations add up per grant.
	Reservations []Reservation
}

// GrantBalance is one grant's balances at an instant.
type GrantBalance struct {
	CreditGrant string
	Currency    pricing.Currency
	State       GrantState
	Ledger      int64 // credits minus debits effective at or before the instant
	Available   int64 // usable now: ledger less reservations inside the window, else 0
}

// Summarize computes customer's billing.credit_balance_summary at instant
// at from the grants and the ledger's transactions (in any order; neither
// slice is modified). customer is a customer id or a customer account id:
// it selects the grants whose customer or customer_account it is (Stripe
// allows either); an empty customer is ErrNoCustomer. Grants of other
// customers, and their transactions, are ignored. The filter is required
// and selects grants (see Filter). The summary's customer is customer (its
// customer_account too, or instead, when it selected grants by
// customer_account).
//
// Per grant [P]: the ledger balance is the sum of its credits less its
// debits with effective_at <= at, its credits_granted implied (at the
// grant's effective time) when txns hold none; the available balance is
// max(0, ledger - reserved) while effective_at <= at < expires_at and not
// voided, else 0. A pending grant has both 0; an expired or voided grant
// whose debit is not recorded yet keeps its ledger balance but has nothing
// available. Per currency the summary adds the selected grants up; a
// selected grant whose balances are 0 still yields its currency's entry.
//
// The ledger of the customer's grants must be valid at every instant,
// whatever at is: the rules are the Ledger's (see "Ledger" in the package
// doc), except that transaction ids are not compared (run CheckLedger
// where transactions enter). It returns an error (joined, every problem
// at once) for an invalid filter (ErrInvalidFilter), a filter naming a
// grant the customer does not have, a transaction naming an unknown grant
// (ErrUnknownGrant), a currency mismatch (ErrCurrencyMismatch), a balance
// below zero at any instant (ErrNegativeBalance, naming the transaction),
// a malformed transaction, a second funding or one that contradicts its
// grant, a reinstatement beyond what was applied to its invoice line by
// then (ErrInvalidTransaction), duplicate grant ids, mixed livemode,
// overflow. It makes one pass over the transactions and allocates by the
// number of grants and of reinstated invoice lines; a grant the pass
// cannot settle takes a second pass, which allocates by its number of
// transactions (see "Complexity" in the package doc).
func Summarize(customer string, grants []Grant, txns []Transaction, f Filter, at time.Time) (Summary, error) {
	return SummarizeWith(customer, grants, txns, f, at, SummaryOptions{})
}

// SummarizeWith is Summarize with options: draft-invoice reservations.
func SummarizeWith(customer string, grants []Grant, txns []Transaction, f Filter, at time.Time, o SummaryOptions) (Summary, error) {
	ferr := f.Validate()
	var sc scratch
	v, err := sliceView(customer, grants, txns, at, &sc)
	if ferr != nil || err != nil {
		return Summary{}, joinErrs(slices.DeleteFunc([]error{ferr, err}, func(e error) bool { return e == nil })) // every problem at once
	}
	return v.summarize(customer, f, at, o)
}

// GrantBalances returns the balances of each of customer's grants at
// instant at, in the order of grants, under the same rules and errors as
// Summarize (without a filter).
func GrantBalances(customer string, grants []Grant, txns []Transaction, at time.Time) ([]GrantBalance, error) {
	return GrantBalancesWith(customer, grants, txns, at, SummaryOptions{})
}

// GrantBalancesWith is GrantBalances with options: draft-invoice
// reservations.
func GrantBalancesWith(customer string, grants []Grant, txns []Transaction, at time.Time, o SummaryOptions) ([]GrantBalance, error) {
	var sc scratch
	v, err := sliceView(customer, grants, txns, at, &sc)
	if err != nil {
		return nil, err
	}
	return v.grantBalances(customer, at, o)
}

// sliceView compiles the ledger of customer's grants (scan) and returns
// their balances at at.
func sliceView(customer string, grants []Grant, txns []Transaction, at time.Time, sc *scratch) (view, error) {
	if customer == "" {
		return view{}, errNoCustomer()
	}
	s, _, err := compileSlices(grants, txns, func(g *Grant) bool { return belongsTo(g, customer) }, at.Unix(), sc, scanOpts{})
	if err != nil {
		return view{}, err
	}
	s.customer = customer
	return s.view(sc), nil
}

var summaryKeys = stripejson.NewKeys("object", "balances", "customer", "customer_account?", "livemode")

const (
	summaryObject = iota
	summaryBalances
	summaryCustomer
	summaryCustomerAccount
	summaryLivemode
)

// MarshalJSON writes Stripe's billing.credit_balance_summary object, keys in
// the order of Stripe's documented example.
func (s Summary) MarshalJSON() ([]byte, error) { return s.appendJSON(nil), nil }

// UnmarshalJSON reads Stripe's billing.credit_balance_summary object.
func (s *Summary) UnmarshalJSON(b []byte) error { return unmarshal(b, ObjectSummary, s.decode) }

func (s *Summary) decode(d *stripejson.Decoder) {
	*s = Summary{Balances: []Balance{}}
	d.Object(summaryKeys, &s.wire, func(i int) {
		switch i {
		case summaryObject:
			d.Const(ObjectSummary)
		case summaryBalances:
			s.Balances = make([]Balance, d.Len())
			d.Array(func(j int) { s.Balances[j].decode(d) })
		case summaryCustomer:
			s.Customer = d.ID()
		case summaryCustomerAccount:
			s.CustomerAccount = d.ID()
		case summaryLivemode:
			s.Livemode = d.Bool()
		}
	})
}

func (s *Summary) appendJSON(b []byte) []byte {
	e := stripejson.NewEncoder(b, summaryKeys, &s.wire)
	e.Const(summaryObject, ObjectSummary)
	if e.Field(summaryBalances, true) {
		e.B = append(e.B, '[')
		for j := range s.Balances {
			if j > 0 {
				e.B = append(e.B, ',')
			}
			e.B = s.Balances[j].appendJSON(e.B)
		}
		e.B = append(e.B, ']')
	}
	e.String(summaryCustomer, s.Customer)
	e.String(summaryCustomerAccount, s.CustomerAccount)
	e.Bool(summaryLivemode, s.Livemode)
	return e.Close()
}

var balanceKeys = stripejson.NewKeys("available_balance", "ledger_balance")

const (
	balanceAvailable = iota
	balanceLedger
)

// MarshalJSON writes {"available_balance", "ledger_balance"}.
func (b Balance) MarshalJSON() ([]byte, error) { return b.appendJSON(nil), nil }

// UnmarshalJSON reads {"available_balance", "ledger_balance"}.
func (b *Balance) UnmarshalJSON(data []byte) error { return unmarshal(data, "", b.decode) }

func (b *Balance) decode(d *stripejson.Decoder) {
	*b = Balance{}
	d.Object(balanceKeys, &b.wire, func(i int) {
		switch i {
		case balanceAvailable:
			b.AvailableBalance.decode(d)
		case balanceLedger:
			b.LedgerBalance.decode(d)
		}
	})
}

func (b *Balance) appendJSON(out []byte) []byte {
	e := stripejson.NewEncoder(out, balanceKeys, &b.wire)
	a, l := &b.AvailableBalance, &b.LedgerBalance
	e.Object(balanceAvailable, !a.IsZero() || a.wire.Decoded(), a.appendJSON)
	e.Object(balanceLedger, !l.IsZero() || l.wire.Decoded(), l.appendJSON)
	return e.Close()
}
