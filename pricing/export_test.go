package pricing

// Names the external tests (package pricing_test) need from inside.

// TiersCompiled reports whether the tier list a line in currency c reads
// (the price's own for "" or p.Currency, else currency_options[c]'s) is the
// slice one of p's compiled tables was built from. It does not say whether
// the table still matches the tiers: each call of AmountWith compares that.
func TiersCompiled(p Price, c Currency) bool {
	tiers := p.Tiers
	if c != "" && c != p.Currency {
		tiers = p.CurrencyOptions[c].Tiers
	}
	return p.tab.find(tiers) != nil
}
