package pricing

import (
	"errors"
	"sort"
	"strings"
	"testing"
)

// The spec's currency classes (docs.stripe.com/currencies).
var (
	zeroDecimal  = []Currency{"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
	threeDecimal = []Currency{"bhd", "jod", "kwd", "omr", "tnd"}
)

func TestCurrency_Exponent(t *testing.T) {
	tests := []struct {
		name, reason string
		cur          []Currency
		want         int
	}{
		{"zero-decimal", "Stripe's zero-decimal list", zeroDecimal, 0},
		{"three-decimal", "Stripe's three-decimal list", threeDecimal, 3},
		{"two-decimal", "everything else", []Currency{"usd", "eur", "gbp", "chf", "isk", "huf", "twd", "inr"}, 2},
		{"unknown", "the default class, though not Valid", []Currency{"", "xyz", "USD"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range tt.cur {
				if got := c.Exponent(); got != tt.want {
					t.Errorf("%s: %q.Exponent() = %d, want %d", tt.reason, c, got, tt.want)
				}
			}
		})
	}
}

// TestCurrencies_Classes: the table holds exactly the spec's zero- and
// three-decimal lists, every code is three lowercase letters, sorted, unique.
func TestCurrencies_Classes(t *testing.T) {
	all := Currencies()
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i] < all[j] }) {
		t.Error("Currencies is not sorted")
	}
	var zero, three []Currency
	seen := map[Currency]bool{}
	for _, c := range all {
		if seen[c] {
			t.Errorf("%q listed twice", c)
		}
		seen[c] = true
		if len(c) != 3 || strings.ToLower(string(c)) != string(c) || strings.Trim(string(c), "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("%q is not three lowercase letters", c)
		}
		if !c.Valid() {
			t.Errorf("%q listed but not Valid", c)
		}
		switch c.Exponent() {
		case 0:
			zero = append(zero, c)
		case 3:
			three = append(three, c)
		}
	}
	if strings.Join(currencyStrings(zero), ",") != strings.Join(currencyStrings(zeroDecimal), ",") {
		t.Errorf("zero-decimal currencies (-want +got)\n-%v\n+%v", zeroDecimal, zero)
	}
	if strings.Join(currencyStrings(three), ",") != strings.Join(currencyStrings(threeDecimal), ",") {
		t.Errorf("three-decimal currencies (-want +got)\n-%v\n+%v", threeDecimal, three)
	}
	if len(all) < 135 {
		t.Errorf("%d currencies, Stripe supports more than 135", len(all))
	}
	all[0] = "zzz"
	if Currencies()[0] == "zzz" {
		t.Error("Currencies returns shared memory")
	}
}

func currencyStrings(cs []Currency) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		name, reason, in string
		want             Currency
		msg              string // substring of the error, "" for success
	}{
		{"usd", "lowercase known code", "usd", "usd", ""},
		{"jpy", "zero-decimal", "jpy", "jpy", ""},
		{"kwd", "three-decimal", "kwd", "kwd", ""},
		{"uppercase", "Stripe writes lowercase", "USD", "", `"USD" is not lowercase`},
		{"mixed case", "Stripe writes lowercase", "Eur", "", "not lowercase"},
		{"unknown", "not a Stripe currency", "xyz", "", `unknown currency: "xyz"`},
		{"empty", "no code", "", "", `unknown currency: ""`},
		{"usdc", "not a three-letter ISO currency", "usdc", "", "unknown currency"},
		{"zmk", "withdrawn in 2013", "zmk", "", "unknown currency"},
		{"space", "no trimming", " usd", "", "unknown currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCurrency(tt.in)
			if tt.msg == "" {
				if err != nil || got != tt.want {
					t.Errorf("%s: ParseCurrency(%q) = %q, %v; want %q", tt.reason, tt.in, got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrUnknownCurrency) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s: ParseCurrency(%q) error %v, want ErrUnknownCurrency with %q", tt.reason, tt.in, err, tt.msg)
			}
			if got != "" {
				t.Errorf("%s: returned %q with the error", tt.reason, got)
			}
		})
	}
}

// An uppercase code is called "not lowercase" only when its lowercase form
// is a currency; an uppercase unknown code is simply unknown, as Validate
// says.
func TestParseCurrency_uppercaseUnknown(t *testing.T) {
	tests := []struct{ name, reason, in, want string }{
		{"uppercase known", "the fix is to lowercase it", "USD", `pricing: unknown currency: "USD" is not lowercase (Stripe writes currencies in lowercase)`},
		{"uppercase unknown", "lowercasing would not help", "XYZ", `pricing: unknown currency: "XYZ"`},
		{"mixed unknown", "lowercasing would not help", "Usdc", `pricing: unknown currency: "Usdc"`},
	}
	for _, tt := range tests {
		_, err := ParseCurrency(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s (%s): ParseCurrency(%q) error (-want +got):\n-%s\n+%v", tt.name, tt.reason, tt.in, tt.want, err)
		}
	}
}

func TestCurrency_String(t *testing.T) {
	if s := Currency("usd").String(); s != "usd" {
		t.Errorf("String() = %q", s)
	}
}
