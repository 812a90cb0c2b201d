package credit

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/pricing"
)

// grantState is the per-grant accumulator of one pass over the transactions.
type grantState struct {
	ledger    int64 // credits minus debits effective at or before at
	fundAt    int64 // effective time of the funding credit (recorded or implied)
	minDebit  int64 // earliest debit effective at or before at
	reserved  int64 // draft-invoice reservations
	available int64
	effU      int64 // the grant's effective time, unix seconds
	expU      int64 // expires_at, or math.MaxInt64
	voidU     int64 // voided_at, or math.MaxInt64
	value     int64 // the grant's amount
	cur       pricing.Currency
	credits   int32 // credit transactions effective at or before at (funding included)
	granted   int32 // credits_granted transactions seen (any time)
	include   bool  // grant takes part in this computation
	funded    bool  // a funding credit exists (recorded, or implied)
	applied   bool  // a credits_applied debit exists (any time)
}

// scratch is stack space for the per-grant arrays of a call with up to
// scratchGrants grants, so the common case allocates nothing for them.
type scratch struct {
	states [scratchGrants]grantState
	slots  [4 * scratchGrants]int32
	ids    [scratchGrants]string
}

const scratchGrants = 128

// ledger is the result of one pass: per-grant state, indexed like grants.
type ledger struct {
	grants []Grant
	index  idIndex
	states []grantState
	later  bool // an included grant has a transaction effective after the instant
}

// wholeHistory is an instant after every transaction: a ledger built at it
// replays the whole history.
const wholeHistory = math.MaxInt64 / 2

func (l *ledger) lookup(id string) int { return l.index.lookup(id) }

// buildLedger replays txns over grants at instant at, for the grants of
// customer (all grants when all is set). It checks every transaction of an
// included grant, whatever its time, and reports every problem at once.
// Transactions of grants not included are skipped; transactions naming a
// grant not in grants are ErrUnknownGrant unless ignoreUnknown.
//
// The index and the states are sized by the number of grants and live in sc
// when it is given and large enough (else they are allocated once); nothing
// is allocated per transaction. Only grants with reinstated credits need a
// second pass, which allocates by their number of credits.
//
// The never-negative check covers the whole history, not only the part up
// to at: when some transaction lies after at, the history is replayed once
// more to its end (allocating its own per-grant arrays), so a summary of the
// past refuses a ledger that goes below zero later. A query at or after the
// last transaction, the common case, pays nothing for this.
func buildLedger(customer string, all bool, grants []Grant, txns []Transaction, at time.Time, ignoreUnknown bool, sc *scratch) (ledger, error) {
	l, err := buildLedgerU(customer, all, grants, txns, at.Unix(), ignoreUnknown, sc)
	if err != nil || !l.later {
		return l, err
	}
	if _, err := buildLedgerU(customer, all, grants, txns, wholeHistory, ignoreUnknown, nil); err != nil {
		return l, err
	}
	return l, nil
}

// buildLedgerU is buildLedger at the instant atU, in unix seconds.
func buildLedgerU(customer string, all bool, grants []Grant, txns []Transaction, atU int64, ignoreUnknown bool, sc *scratch) (ledger, error) {
	l := ledger{grants: grants}
	var slotBuf []int32
	var idBuf []string
	if sc != nil && len(grants) <= len(sc.states) {
		l.states = sc.states[:len(grants)]
		slotBuf, idBuf = sc.slots[:], sc.ids[:]
	} else {
		l.states = make([]grantState, len(grants))
	}
	var errs []error
	var dups []int
	l.index, dups = newIDIndex(grants, slotBuf, idBuf)
	for _, i := range dups {
		errs = append(errs, stripejson.Errorf(ErrDuplicateGrant, ObjectGrant, grants[i].ID, "id", "appears more than once"))
	}
	var valid [4]pricing.Currency // currencies known to be valid
	nValid := 0
	for i := range grants {
		g := &grants[i]
		if all || g.Customer == customer {
			st := &l.states[i]
			st.include = true
			st.minDebit = math.MaxInt64
			st.effU, st.expU, st.voidU = windowOf(g)
			st.value, st.cur = g.Amount.Monetary.Value, g.Amount.Monetary.Currency
			a := &g.Amount
			if a.isMonetary() && a.Monetary.Value > 0 && slices.Contains(valid[:nValid], a.Monetary.Currency) {
				continue
			}
			n := len(errs)
			if errs = a.validate(errs, ErrInvalidGrant, ObjectGrant, g.ID, "amount"); len(errs) == n && nValid < len(valid) {
				valid[nValid] = a.Monetary.Currency
				nValid++
			}
		}
	}
	if len(errs) > 0 {
		return l, joinErrs(errs)
	}
	l.pass(txns, atU, ignoreUnknown, &errs)
	if len(errs) > 0 {
		return l, joinErrs(errs)
	}
	return l, l.finish(txns, atU)
}

// pass accumulates the transactions of the included grants in one loop,
// resolving null types by the side that is set, and appends one error per
// problem.
func (l *ledger) pass(txns []Transaction, atU int64, ignoreUnknown bool, errp *[]error) {
	grants := l.grants
	errs := *errp
	defer func() { *errp = errs }()
	for i := range txns {
		t := &txns[i]
		gi := l.index.lookup(t.CreditGrant)
		if gi < 0 {
			if !ignoreUnknown {
				errs = append(errs, stripejson.Errorf(ErrUnknownGrant, ObjectTransaction, t.ID, "credit_grant", "unknown credit grant %q", t.CreditGrant))
			}
			continue
		}
		st := &l.states[gi]
		if !st.include {
			continue
		}
		g := &grants[gi]
		var a *Amount
		credit := false
		switch {
		case t.Type == TypeCredit && t.Debit.IsZero():
			a, credit = &t.Credit.Amount, true
		case t.Type == TypeDebit && t.Credit.IsZero():
			a = &t.Debit.Amount
		default:
			d, problem := t.direction()
			if problem != "" {
				errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "type", "%s", problem))
				continue
			}
			if d == TypeCredit {
				a, credit = &t.Credit.Amount, true
			} else {
				a = &t.Debit.Amount
			}
		}
		if !a.isMonetary() || a.Monetary.Value <= 0 {
			if _, problem := t.direction(); problem != "" { // the typed side is null
				errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "type", "%s", problem))
				continue
			}
			errs = t.amountProblem(errs, *a, sideName(credit))
			continue
		}
		if !sameCurrency(a.Monetary.Currency, g.Amount.Monetary.Currency) {
			errs = append(errs, stripejson.Errorf(ErrCurrencyMismatch, ObjectTransaction, t.ID, sideName(credit)+".amount.monetary.currency",
				"%q differs from credit grant %s currency %q", a.Monetary.Currency, g.ID, g.Amount.Monetary.Currency))
			continue
		}
		v := a.Monetary.Value
		eff := t.EffectiveAt.Unix()
		if eff > atU {
			l.later = true
		}
		if credit {
			switch t.Credit.Type {
			case CreditsGranted:
				st.granted++
				switch {
				case !t.Credit.CreditsApplicationInvoiceVoided.IsZero():
					errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.credits_application_invoice_voided", "must be null for credits_granted"))
					continue
				case st.granted > 1:
					errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.type", "second credits_granted for credit grant %s", g.ID))
					continue
				case v != g.Amount.Monetary.Value:
					errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.amount.monetary.value",
						"credits_granted of %d differs from credit grant %s amount %d", v, g.ID, g.Amount.Monetary.Value))
					continue
				case eff < st.effU:
					errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at",
						"credits_granted at %d precedes credit grant %s effective_at %d", eff, g.ID, st.effU))
					continue
				}
				st.fundAt, st.funded = eff, true
			case CreditsApplicationInvoiceVoided:
				if r := t.Credit.CreditsApplicationInvoiceVoided; r.Invoice == "" || r.InvoiceLineItem == "" {
					errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.credits_application_invoice_voided", "invoice and invoice_line_item are required"))
					continue
				}
			default:
				errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "credit.type", "unknown credit type %q", t.Credit.Type))
				continue
			}
			if eff <= atU {
				s := st.ledger + v
				if s < st.ledger {
					errs = append(errs, stripejson.Errorf(ErrOverflow, ObjectGrant, g.ID, "ledger_balance", "credits overflow int64"))
					continue
				}
				st.ledger = s
				st.credits++
			}
			continue
		}
		switch t.Debit.Type {
		case CreditsApplied:
			if r := t.Debit.CreditsApplied; r.Invoice == "" || r.InvoiceLineItem == "" {
				errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.credits_applied", "invoice and invoice_line_item are required"))
				continue
			}
			st.applied = true
		case CreditsExpired, CreditsVoided:
			if !t.Debit.CreditsApplied.IsZero() {
				errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.credits_applied", "must be null for %s", t.Debit.Type))
				continue
			}
		default:
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "debit.type", "unknown debit type %q", t.Debit.Type))
			continue
		}
		if eff <= atU {
			s := st.ledger - v
			if s > st.ledger {
				errs = append(errs, stripejson.Errorf(ErrOverflow, ObjectGrant, g.ID, "ledger_balance", "debits overflow int64"))
				continue
			}
			st.ledger = s
			if eff < st.minDebit {
				st.minDebit = eff
			}
		}
	}
}

// exact reports whether the grant's never-negative check needs the exact
// replay of checkReinstated: it has a credit other than its funding at or
// before atU (a reinstatement).
func (st *grantState) exact(atU int64) bool {
	switch st.credits {
	case 0:
		return false
	case 1:
		return !st.funded || st.fundAt > atU
	}
	return true
}

// finish adds implied funding and checks that no balance went negative.
func (l *ledger) finish(txns []Transaction, atU int64) error {
	grants := l.grants
	var errs []error
	multiCredit := false
	for i := range l.states {
		st := &l.states[i]
		if !st.include {
			continue
		}
		g := &grants[i]
		if st.granted == 0 && st.effU < st.expU && st.effU < st.voidU {
			st.fundAt, st.funded = st.effU, true
			if st.fundAt <= atU {
				var ok bool
				if st.ledger, ok = addChecked(st.ledger, g.Amount.Monetary.Value); !ok {
					errs = append(errs, stripejson.Errorf(ErrOverflow, ObjectGrant, g.ID, "ledger_balance", "credits overflow int64"))
					continue
				}
				st.credits++
			}
		}
		if st.exact(atU) {
			multiCredit = true
			if st.ledger < 0 {
				errs = append(errs, negativeErr(g.ID, atU))
			}
			continue
		}
		// No credit, or only the funding: the balance is lowest just before
		// the funding and at the end, so no debit may precede the funding
		// and the end must be >= 0.
		hasDebit := st.minDebit != math.MaxInt64
		if st.ledger < 0 || (hasDebit && (st.credits == 0 || st.minDebit < st.fundAt)) {
			errs = append(errs, negativeErr(g.ID, st.minDebit))
		}
	}
	if len(errs) == 0 && multiCredit {
		errs = l.checkReinstated(txns, atU)
	}
	return joinErrs(errs)
}

func sideName(credit bool) string {
	if credit {
		return "credit"
	}
	return "debit"
}

// sameCurrency is a == b, without a call for three-letter codes.
func sameCurrency(a, b pricing.Currency) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 3 {
		return a[0] == b[0] && a[1] == b[1] && a[2] == b[2]
	}
	return a == b
}

func negativeErr(grant string, when int64) error {
	return stripejson.Errorf(ErrNegativeBalance, ObjectGrant, grant, "ledger_balance", "a debit takes the balance below zero (at or before %d)", when)
}

func (t *Transaction) amountProblem(errs []error, a Amount, side string) []error {
	if a.Type == AmountCustomPricingUnit {
		return append(errs, stripejson.Errorf(ErrUnsupportedAmount, ObjectTransaction, t.ID, side+".amount.type", "custom_pricing_unit amounts are not supported yet"))
	}
	if !a.isMonetary() {
		errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, side+".amount.type", "must be %q, got %q", AmountMonetary, a.Type))
	}
	if a.Monetary.Value <= 0 {
		errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, side+".amount.monetary.value", "must be positive, got %d", a.Monetary.Value))
	}
	return errs
}

// lineKey names one invoice line of one grant.
type lineKey struct {
	grant         int
	invoice, line string
}

// checkReinstatements checks, for the grants in times (those with
// reinstatements), that every credits_application_invoice_voided credit
// reinstates credits applied to the same invoice line from the same grant:
// not more in total than was applied, and not before the application. A
// reinstatement that fails is ErrInvalidTransaction (a redelivered webhook
// under a new id, or a reinstatement of an invoice never credited, would
// otherwise raise the balance silently).
func (l *ledger) checkReinstatements(txns []Transaction, atU int64, times map[int][]int64) []error {
	type use struct {
		applied, reinstated int64
		first               int64 // earliest application
	}
	uses := map[lineKey]*use{}
	get := func(k lineKey) *use {
		u := uses[k]
		if u == nil {
			u = &use{first: math.MaxInt64}
			uses[k] = u
		}
		return u
	}
	for i := range txns {
		t := &txns[i]
		gi := l.lookup(t.CreditGrant)
		if _, ok := times[gi]; !ok || t.EffectiveAt.Unix() > atU {
			continue
		}
		if d, _ := t.direction(); d == TypeDebit && t.Debit.Type == CreditsApplied {
			u := get(lineKey{gi, t.Debit.CreditsApplied.Invoice, t.Debit.CreditsApplied.InvoiceLineItem})
			u.applied += t.Debit.Amount.Monetary.Value
			u.first = min(u.first, t.EffectiveAt.Unix())
		}
	}
	var errs []error
	for i := range txns {
		t := &txns[i]
		gi := l.lookup(t.CreditGrant)
		if _, ok := times[gi]; !ok || t.EffectiveAt.Unix() > atU {
			continue
		}
		d, _ := t.direction()
		if d != TypeCredit || t.Credit.Type != CreditsApplicationInvoiceVoided {
			continue
		}
		r := t.Credit.CreditsApplicationInvoiceVoided
		u := get(lineKey{gi, r.Invoice, r.InvoiceLineItem})
		u.reinstated += t.Credit.Amount.Monetary.Value
		const field = "credit.credits_application_invoice_voided"
		switch {
		case u.applied == 0:
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, field,
				"no credits of credit grant %s were applied to invoice %s line %s", l.grants[gi].ID, r.Invoice, r.InvoiceLineItem))
		case t.EffectiveAt.Unix() < u.first:
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, "effective_at",
				"reinstates at %d credits applied to invoice %s line %s at %d, before they were applied", t.EffectiveAt.Unix(), r.Invoice, r.InvoiceLineItem, u.first))
		case u.reinstated > u.applied:
			errs = append(errs, stripejson.Errorf(ErrInvalidTransaction, ObjectTransaction, t.ID, field,
				"reinstates %d in all for invoice %s line %s of credit grant %s, more than the %d applied", u.reinstated, r.Invoice, r.InvoiceLineItem, l.grants[gi].ID, u.applied))
		}
	}
	return errs
}

// checkReinstated is the exact never-negative check for grants with credits
// other than their funding (reinstatements). Replaying in time order with
// credits first within a second, a balance is lowest just before a credit or
// at the end; so for each distinct credit time c it checks that the events
// strictly before c sum to >= 0. It allocates by the number of credits of
// those grants, not by the number of transactions.
func (l *ledger) checkReinstated(txns []Transaction, atU int64) []error {
	times := make(map[int][]int64)
	for i := range l.states {
		st := &l.states[i]
		if st.include && st.exact(atU) && st.funded && st.granted == 0 && st.fundAt <= atU {
			times[i] = append(times[i], st.fundAt) // implied funding
		}
	}
	for i := range txns {
		t := &txns[i]
		gi := l.lookup(t.CreditGrant)
		if gi < 0 || !l.states[gi].include || !l.states[gi].exact(atU) {
			continue
		}
		if d, _ := t.direction(); d == TypeCredit && t.EffectiveAt.Unix() <= atU {
			times[gi] = append(times[gi], t.EffectiveAt.Unix())
		}
	}
	diffs := make(map[int][]int64, len(times))
	for gi, ts := range times {
		slices.Sort(ts)
		times[gi] = slices.Compact(ts)
		diffs[gi] = make([]int64, len(times[gi]))
	}
	add := func(gi int, eff, signed int64) {
		ts := times[gi]
		k := sort.Search(len(ts), func(j int) bool { return ts[j] > eff })
		if k < len(ts) {
			diffs[gi][k] += signed
		}
	}
	for gi := range times {
		st := &l.states[gi]
		if st.granted == 0 && st.fundAt <= atU {
			add(gi, st.fundAt, l.grants[gi].Amount.Monetary.Value)
		}
	}
	for i := range txns {
		t := &txns[i]
		gi := l.lookup(t.CreditGrant)
		if _, ok := times[gi]; !ok || t.EffectiveAt.Unix() > atU {
			continue
		}
		d, _ := t.direction()
		if d == TypeCredit {
			add(gi, t.EffectiveAt.Unix(), t.Credit.Amount.Monetary.Value)
		} else {
			add(gi, t.EffectiveAt.Unix(), -t.Debit.Amount.Monetary.Value)
		}
	}
	errs := l.checkReinstatements(txns, atU, times)
	for gi, d := range diffs {
		var run int64
		for j, v := range d {
			run += v
			if run < 0 {
				errs = append(errs, negativeErr(l.grants[gi].ID, times[gi][j]))
				break
			}
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return cmp.Compare(a.Error(), b.Error()) })
	return errs
}

// availableAt returns a grant's available balance at instant atU: the
// ledger less reservations, floored at zero, inside the grant's window, else
// zero. [P]
func availableAt(st *grantState, atU int64) int64 {
	if stateAt(st.effU, st.expU, st.voidU, atU) != StateActive {
		return 0
	}
	a := st.ledger - st.reserved
	if a < 0 {
		return 0
	}
	return a
}
