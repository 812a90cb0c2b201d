package pricing

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func TestRoundingMode_Round(t *testing.T) {
	tests := []struct {
		name   string
		in     decimal.Decimal
		reason string
		want   [4]int64 // half-up, half-even, up, down
	}{
		{"1.5", decimal.RequireFromString("1.5"), "a half rounds up, and to even 2", [4]int64{2, 2, 2, 1}},
		{"2.5", decimal.RequireFromString("2.5"), "a half rounds up to 3, to even 2", [4]int64{3, 2, 3, 2}},
		{"-2.5", decimal.RequireFromString("-2.5"), "halves away from zero; up is away from zero", [4]int64{-3, -2, -3, -2}},
		{"2.4999", decimal.RequireFromString("2.4999"), "below a half", [4]int64{2, 2, 3, 2}},
		{"whole", decimal.NewFromInt(42), "nothing to round", [4]int64{42, 42, 42, 42}},
		{"zero", decimal.Zero, "nothing to round", [4]int64{0, 0, 0, 0}},
		{"tiny", decimal.New(1, -40), "far below a minor unit: only up leaves zero", [4]int64{0, 0, 1, 0}},
		{"tiny negative", decimal.New(-1, -40), "far below a minor unit: up is away from zero", [4]int64{0, 0, -1, 0}},
		{"hostile exponent", decimal.New(7, math.MinInt32), "decided without scaling by 10^2147483648", [4]int64{0, 0, 1, 0}},
		{"max", decimal.NewFromInt(math.MaxInt64), "the largest amount", [4]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64}},
		{"min", decimal.NewFromInt(math.MinInt64), "the smallest amount", [4]int64{math.MinInt64, math.MinInt64, math.MinInt64, math.MinInt64}},
	}
	for _, tt := range tests {
		for m := RoundHalfUp; m <= RoundDown; m++ {
			got, err := m.Round(tt.in)
			if err != nil || got != tt.want[m] {
				t.Errorf("%s: %v.Round(%s) (-want +got):\n-%d <nil>\n+%d %v\n(%s)", tt.name, m, tt.in, tt.want[m], got, err, tt.reason)
			}
		}
	}
}

func TestRoundingMode_Round_errors(t *testing.T) {
	tests := []struct {
		name string
		mode RoundingMode
		in   decimal.Decimal
		want error
	}{
		{"above int64", RoundHalfUp, decimal.NewFromInt(math.MaxInt64).Add(decimal.NewFromInt(1)), ErrOverflow},
		{"up past int64", RoundUp, decimal.RequireFromString("9223372036854775807.1"), ErrOverflow},
		{"below int64", RoundDown, decimal.NewFromInt(math.MinInt64).Sub(decimal.NewFromInt(1)), ErrOverflow},
		{"hostile exponent", RoundDown, decimal.New(1, math.MaxInt32), ErrOverflow},
		{"unknown mode", RoundingMode(4), decimal.NewFromInt(1), ErrInvalidOptions},
		{"negative mode", RoundingMode(-1), decimal.NewFromInt(1), ErrInvalidOptions},
	}
	for _, tt := range tests {
		got, err := tt.mode.Round(tt.in)
		if !errors.Is(err, tt.want) || got != 0 {
			t.Errorf("%s: Round(%s) (-want +got):\n-0 %v\n+%d %v", tt.name, tt.in, tt.want, got, err)
		}
	}
	// Just inside the range, rounding down does not overflow.
	if got, err := RoundDown.Round(decimal.RequireFromString("9223372036854775807.9")); err != nil || got != math.MaxInt64 {
		t.Errorf("RoundDown of MaxInt64 + 0.9 (-want +got):\n-%d <nil>\n+%d %v", int64(math.MaxInt64), got, err)
	}
}

func TestRoundingMode_String(t *testing.T) {
	for m, want := range map[RoundingMode]string{RoundHalfUp: "half_up", RoundHalfEven: "half_even", RoundUp: "up", RoundDown: "down", 7: "RoundingMode(7)"} {
		if got := m.String(); got != want {
			t.Errorf("RoundingMode(%d).String() (-want +got):\n-%s\n+%s", int(m), want, got)
		}
	}
	var zero RoundingMode
	if zero != RoundHalfUp {
		t.Error("the zero RoundingMode is not RoundHalfUp")
	}
}

func TestAddAmounts(t *testing.T) {
	tests := []struct {
		a, b, want int64
		over       bool
	}{
		{1, 2, 3, false},
		{math.MaxInt64, 0, math.MaxInt64, false},
		{math.MaxInt64, 1, 0, true},
		{math.MinInt64, -1, 0, true},
		{math.MinInt64, math.MaxInt64, -1, false},
		{-5, 3, -2, false},
	}
	for _, tt := range tests {
		got, err := AddAmounts(tt.a, tt.b)
		if errors.Is(err, ErrOverflow) != tt.over || (!tt.over && (err != nil || got != tt.want)) {
			t.Errorf("AddAmounts(%d, %d) (-want +got):\n-%d overflow=%v\n+%d %v", tt.a, tt.b, tt.want, tt.over, got, err)
		}
	}
}

func TestMulAmounts(t *testing.T) {
	tests := []struct {
		a, b, want int64
		over       bool
	}{
		{6, 7, 42, false},
		{0, math.MinInt64, 0, false},
		{math.MaxInt64, 1, math.MaxInt64, false},
		{math.MaxInt64, 2, 0, true},
		{math.MinInt64, 1, math.MinInt64, false},
		{math.MinInt64, -1, 0, true},
		{-(1 << 62), 2, math.MinInt64, false},
		{1 << 62, 2, 0, true},
		{-3, -4, 12, false},
		{1 << 32, 1 << 32, 0, true},
	}
	for _, tt := range tests {
		got, err := MulAmounts(tt.a, tt.b)
		if errors.Is(err, ErrOverflow) != tt.over || (!tt.over && (err != nil || got != tt.want)) {
			t.Errorf("MulAmounts(%d, %d) (-want +got):\n-%d overflow=%v\n+%d %v", tt.a, tt.b, tt.want, tt.over, got, err)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		in     decimal.Decimal
		c      int64
		places int
		kind   decKind
		cause  string
	}{
		{"integer", decimal.RequireFromString("100"), 100, 0, decWhole, "plain integer"},
		{"trailing zeros", decimal.RequireFromString("100.000"), 100, 0, decWhole, "exponent -3, integral"},
		{"positive exponent", decimal.New(15, 3), 15000, 0, decWhole, "15e3"},
		{"zero with exponent", decimal.New(0, math.MaxInt32), 0, 0, decWhole, "zero whatever the exponent"},
		{"fraction", decimal.RequireFromString("0.5"), 5, 1, decFrac, "half a minor unit"},
		{"fraction with trailing zero", decimal.RequireFromString("12.50"), 1250, 2, decFrac, "kept as 1250 / 10^2"},
		{"twelve places", decimal.RequireFromString("1.000000000001"), 1000000000001, 12, decFrac, "the most Stripe allows"},
		{"thirteen places", decimal.RequireFromString("1.0000000000001"), 0, 0, decPlaces, "one too many"},
		{"thirteen places with zeros", decimal.New(10, -13), 1, 12, decFrac, "10e-13 is 1e-12"},
		{"many zeros", decimal.New(5_000_000_000, -20), 50, 12, decFrac, "5e-11 written with 20 places"},
		{"tiny", decimal.New(1, -30), 0, 0, decPlaces, "far below 1e-12"},
		{"hostile small exponent", decimal.New(3, math.MinInt32), 0, 0, decPlaces, "decided without scaling"},
		{"negative", decimal.RequireFromString("-1"), 0, 0, decNegative, "amounts are non-negative"},
		{"max", decimal.RequireFromString("9223372036854775807"), math.MaxInt64, 0, decWhole, "19 digits, the largest amount"},
		{"max as decimal", decimal.RequireFromString("9223372036854775807.000"), math.MaxInt64, 0, decWhole, "22-digit coefficient"},
		{"just above max", decimal.RequireFromString("9223372036854775807.5"), 0, 0, decLarge, "above MaxInt64"},
		{"above max", decimal.RequireFromString("9223372036854775808"), 0, 0, decLarge, "MaxInt64 + 1"},
		{"huge exponent", decimal.New(1, math.MaxInt32), 0, 0, decLarge, "decided without scaling"},
		{"exponent overflow", decimal.New(922337203685477581, 1), 0, 0, decLarge, "18 digits times 10 overflows"},
		{"big fraction", decimal.RequireFromString("1234567890123456789.5"), 0, -1, decFrac, "20-digit coefficient below MaxInt64: kept as a decimal"},
		{"big too precise", decimal.RequireFromString("123456789.1234567890123"), 0, 0, decPlaces, "22-digit coefficient, 13 places"},
	}
	for _, tt := range tests {
		c, places, kind := classify(tt.in)
		if c != tt.c || places != tt.places || kind != tt.kind {
			t.Errorf("%s: classify(%s) (-want +got):\n-%d %d %d\n+%d %d %d\n(%s)", tt.name, fmtDecimal(tt.in), tt.c, tt.places, tt.kind, c, places, kind, tt.cause)
		}
	}
}

func TestU128(t *testing.T) {
	max := u128{math.MaxUint64, math.MaxUint64}
	if _, ok := max.add(u128{0, 1}); ok {
		t.Error("2^128-1 + 1 fits in 128 bits")
	}
	if s, ok := (u128{0, math.MaxUint64}).add(u128{0, 1}); !ok || s != (u128{1, 0}) {
		t.Errorf("carry: got %v %v, want {1 0} true", s, ok)
	}
	if _, ok := (u128{1 << 63, 0}).mul64(2); ok {
		t.Error("2^127 x 2 fits in 128 bits")
	}
	if p, ok := (u128{1, 5}).mul64(3); !ok || p != (u128{3, 15}) {
		t.Errorf("(2^64+5) x 3: got %v %v, want {3 15} true", p, ok)
	}
	if got := maxScaled.big().String(); got != "9223372036854775807000000000000" {
		t.Errorf("maxScaled (-want +got):\n-9223372036854775807000000000000\n+%s", got)
	}
}

func TestClassify_noAllocs(t *testing.T) {
	for _, s := range []string{"100", "100.000", "0.5", "1.0000000000001"} {
		d := decimal.RequireFromString(s)
		if n := testing.AllocsPerRun(100, func() { classify(d) }); n != 0 {
			t.Errorf("classify(%s) allocates %v times, want 0", s, n)
		}
	}
}
