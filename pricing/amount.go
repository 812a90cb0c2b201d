package pricing

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"
)

var errTODO = errors.New("pricing: not implemented yet")

// Amount returns the amount of quantity in minor units, rounded once, half-up.
func (p Price) Amount(quantity int64) (int64, error) { return 0, errTODO }

// ExactAmount returns the amount of quantity in minor units before rounding.
func (p Price) ExactAmount(quantity int64) (decimal.Decimal, error) { return decimal.Zero, errTODO }

// AmountWith is Amount with a currency option, rounding mode and custom amount.
func (p Price) AmountWith(quantity int64, opts AmountOptions) (int64, error) { return 0, errTODO }

// Period returns the n-th billing period from anchor, 0-based.
func (r Recurring) Period(anchor time.Time, n int) (start, end time.Time, err error) {
	return time.Time{}, time.Time{}, errTODO
}
