package invoice_test

import (
	"errors"
	"testing"
	"time"

	"github.com/billingkit/billingkit/credit"
	"github.com/billingkit/billingkit/invoice"
)

// Regressions of the review of Compute and Finalize.

// A line's credits are summed with overflow checks, and may not exceed
// the line after discounts (they wrapped, and ate into other lines).
func TestRegress_CreditsBounded(t *testing.T) {
	l := mkMetered("1", 100)
	l.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: 500, Type: invoice.CreditBalance}}
	_, err := mkInvoice(l, mkLine("2", 1000)).Compute()
	var fe *invoice.FieldError
	if !errors.As(err, &fe) || fe.Field != "lines.data[0].pretax_credit_amounts" || !errors.Is(err, invoice.ErrInvalidInvoice) {
		t.Fatalf("credit 500 on a 100 line: %v", err)
	}
	big := int64(1) << 62
	l.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: big, Type: invoice.CreditBalance}, {Amount: big, Type: invoice.CreditBalance}, {Amount: big, Type: invoice.CreditBalance}}
	if _, err := mkInvoice(l).Compute(); !errors.Is(err, invoice.ErrOverflow) {
		t.Fatalf("credits summing past int64: %v", err)
	}
}

// Finalize with no grants keeps no preview credit (a draft's credit with no
// transaction made a phantom 1000 off).
func TestRegress_FinalizeDropsPreviewCredits(t *testing.T) {
	l := mkMetered("1", 4150)
	l.PretaxCreditAmounts = []invoice.PretaxCreditAmount{{Amount: 1000, Type: invoice.CreditBalance}}
	draft, err := mkInvoice(l).Compute()
	if err != nil || draft.AmountDue != 3150 {
		t.Fatalf("draft: %v due %d", err, draft.AmountDue)
	}
	final, app, err := invoice.Finalize(draft, nil, nil, time.Unix(1746057600, 0), credit.ApplyOptions{})
	if err != nil || final.AmountDue != 4150 || len(app.Transactions) != 0 || final.Status != "open" {
		t.Fatalf("finalized: %v due %d, %d transactions, %s", err, final.AmountDue, len(app.Transactions), final.Status)
	}
}
