package pricing

import (
	"fmt"
	"sort"
)

// Currency is a three-letter ISO 4217 currency code in lowercase, as Stripe
// writes it on the wire ("usd"). The zero value is invalid: its Exponent is 2
// (the default class) but Valid reports false and ParseCurrency never returns it.
type Currency string

// exponents lists every currency Stripe supports for charges, with the number
// of digits of its minor unit. Source: docs.stripe.com/currencies (zero-decimal
// and three-decimal sections); everything else Stripe supports is two-decimal.
// Codes Stripe has carried on older objects (hrk, mro, sll, std) stay, so that
// legacy prices validate; codes that are not three-letter ISO 4217 currencies
// Stripe prices in ("usdc", a stablecoin) or that were withdrawn before Stripe
// listed their successor (zmk, replaced by zmw in 2013) are not here.
var exponents = map[Currency]int8{
	// zero-decimal
	"bif": 0, "clp": 0, "djf": 0, "gnf": 0, "jpy": 0, "kmf": 0, "krw": 0, "mga": 0,
	"pyg": 0, "rwf": 0, "ugx": 0, "vnd": 0, "vuv": 0, "xaf": 0, "xof": 0, "xpf": 0,
	// three-decimal
	"bhd": 3, "jod": 3, "kwd": 3, "omr": 3, "tnd": 3,
	// two-decimal
	"usd": 2, "aed": 2, "afn": 2, "all": 2, "amd": 2, "ang": 2, "aoa": 2, "ars": 2,
	"aud": 2, "awg": 2, "azn": 2, "bam": 2, "bbd": 2, "bdt": 2, "bgn": 2, "bmd": 2,
	"bnd": 2, "bob": 2, "brl": 2, "bsd": 2, "btn": 2, "bwp": 2, "byn": 2, "bzd": 2,
	"cad": 2, "cdf": 2, "chf": 2, "cny": 2, "cop": 2, "crc": 2, "cve": 2, "czk": 2,
	"dkk": 2, "dop": 2, "dzd": 2, "egp": 2, "etb": 2, "eur": 2, "fjd": 2, "fkp": 2,
	"gbp": 2, "gel": 2, "ghs": 2, "gip": 2, "gmd": 2, "gtq": 2, "gyd": 2, "hkd": 2,
	"hnl": 2, "hrk": 2, "htg": 2, "huf": 2, "idr": 2, "ils": 2, "inr": 2, "isk": 2,
	"jmd": 2, "kes": 2, "kgs": 2, "khr": 2, "kyd": 2, "kzt": 2, "lak": 2, "lbp": 2,
	"lkr": 2, "lrd": 2, "lsl": 2, "mad": 2, "mdl": 2, "mkd": 2, "mmk": 2, "mnt": 2,
	"mop": 2, "mro": 2, "mru": 2, "mur": 2, "mvr": 2, "mwk": 2, "mxn": 2, "myr": 2,
	"mzn": 2, "nad": 2, "ngn": 2, "nio": 2, "nok": 2, "npr": 2, "nzd": 2, "pab": 2,
	"pen": 2, "pgk": 2, "php": 2, "pkr": 2, "pln": 2, "qar": 2, "ron": 2, "rsd": 2,
	"rub": 2, "sar": 2, "sbd": 2, "scr": 2, "sek": 2, "sgd": 2, "shp": 2, "sle": 2,
	"sll": 2, "sos": 2, "srd": 2, "std": 2, "stn": 2, "svc": 2, "szl": 2, "thb": 2,
	"tjs": 2, "top": 2, "try": 2, "ttd": 2, "twd": 2, "tzs": 2, "uah": 2,
	"uyu": 2, "uzs": 2, "ves": 2, "wst": 2, "xcd": 2, "yer": 2, "zar": 2, "zmw": 2,
}

// ParseCurrency returns the Currency for s. It accepts only lowercase codes of
// currencies Stripe supports. Anything else wraps ErrUnknownCurrency, and
// the message says when the code is a supported one in the wrong case
// ("USD").
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if _, ok := exponents[c]; ok {
		return c, nil
	}
	if lower := toLowerASCII(s); lower != s && Currency(lower).Valid() {
		return "", fmt.Errorf("%w: %q is not lowercase (Stripe writes currencies in lowercase)", ErrUnknownCurrency, s)
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownCurrency, s)
}

// Valid reports whether c is a currency Stripe supports.
func (c Currency) Valid() bool {
	_, ok := exponents[c]
	return ok
}

// Exponent returns the number of digits of c's minor unit: 0 for zero-decimal
// currencies such as jpy, 3 for bhd, jod, kwd, omr and tnd, and 2 for every
// other currency (including unknown ones and the zero value).
func (c Currency) Exponent() int {
	if e, ok := exponents[c]; ok {
		return int(e)
	}
	return 2
}

// String returns the code itself.
func (c Currency) String() string { return string(c) }

// Currencies returns every supported currency, sorted.
func Currencies() []Currency {
	out := make([]Currency, 0, len(exponents))
	for c := range exponents {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
