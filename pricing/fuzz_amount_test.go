package pricing_test

import (
	"testing"

	"pgregory.net/rapid"
)

// FuzzPrice_AmountWith prices arbitrary, often broken, prices (see
// hostilePrice) at arbitrary quantities with arbitrary options: the fast
// code must not panic and must return exactly what the big.Rat reference
// returns, amount or error (same sentinels, same field path).
func FuzzPrice_AmountWith(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkHostile))
}
