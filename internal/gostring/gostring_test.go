package gostring

import (
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestGoString_UnsetLeftOut(t *testing.T) {
	var f Fields
	f.Str("S", "")
	f.Int("I", 0)
	f.Ptr("P", nil)
	f.Dec("D", decimal.NullDecimal{})
	f.Bool("B", false)
	f.Time("T", time.Time{})
	f.Metadata("M", nil)
	if got := f.Braces(); got != "{}" {
		t.Errorf("all unset: got %s, want {}", got)
	}
}

func TestGoString_Set(t *testing.T) {
	zero := int64(0)
	var f Fields
	f.Str("S", `a"b`)
	f.Int("I", -7)
	f.Ptr("P", &zero)
	f.Dec("D", decimal.NewNullDecimal(decimal.RequireFromString("0.125")))
	f.Dec("Z", decimal.NewNullDecimal(decimal.Zero))
	f.Bool("B", true)
	f.Time("T", time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC))
	f.Metadata("E", map[string]string{})
	f.Metadata("M", map[string]string{"b": "2", "a": "1"})
	f.Raw("R", "{x}")
	want := `{S:"a\"b", I:-7, P:0, D:0.125, Z:0, B:true, T:2024-01-02T03:04:05.000000006Z, ` +
		`E:{}, M:{"a":"1", "b":"2"}, R:{x}}`
	if got := f.Braces(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestGoString_List(t *testing.T) {
	var f Fields
	f.List("Empty", 0, func(int) string { panic("no items") })
	f.List("N", 3, func(i int) string { return strconv.Itoa(i * 10) })
	if got, want := f.Braces(), "{Empty:[], N:[0, 10, 20]}"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestGoString_Quoted(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, "[]"},
		{[]string{}, "[]"},
		{[]string{"prod_1"}, `["prod_1"]`},
		{[]string{"a", `b"c`}, `["a", "b\"c"]`},
	} {
		if got := Quoted(c.in); got != c.want {
			t.Errorf("Quoted(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
