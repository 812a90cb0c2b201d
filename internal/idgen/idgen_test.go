package idgen

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestDeterministic_LengthPrefixedFields(t *testing.T) {
	// Without length prefixes these pairs hash the same bytes.
	pairs := [][2]Key{
		{{Prefix: "cbtxn", Kind: "a\x00b", Parent: "c"}, {Prefix: "cbtxn", Kind: "a", Parent: "b\x00c"}},
		{{Prefix: "cbtxn", Invoice: "in_1", InvoiceLineItem: ""}, {Prefix: "cbtxn", Invoice: "", InvoiceLineItem: "in_1"}},
		{{Prefix: "in", Parent: "qt_1", N: 1}, {Prefix: "in", Parent: "qt_1", N: 0}},
	}
	for _, p := range pairs {
		if Deterministic(p[0]) == Deterministic(p[1]) {
			t.Errorf("%+v and %+v share id %s", p[0], p[1], Deterministic(p[0]))
		}
	}
}

func TestDeterministic_Shape(t *testing.T) {
	id := Deterministic(Key{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1"})
	if !strings.HasPrefix(id, "cbtxn_") || len(id) != len("cbtxn_")+32 {
		t.Fatalf("got %q", id)
	}
	if id != Deterministic(Key{Prefix: "cbtxn", Kind: "credits_applied", Parent: "credgr_1"}) {
		t.Fatal("not deterministic")
	}
	if Generator(nil).ID(Key{Prefix: "in"}) != Deterministic(Key{Prefix: "in"}) {
		t.Fatal("nil generator must use Deterministic")
	}
	custom := Generator(func(k Key) string { return "x_" + k.Parent })
	if custom.ID(Key{Parent: "p"}) != "x_p" {
		t.Fatal("custom generator not used")
	}
}

// Property: different keys give different ids (no collision among drawn keys).
func TestDeterministic_Distinct(t *testing.T) {
	field := rapid.SampledFrom([]string{"", "a", "\x00", "a\x00", "\x00a", "ab", "b"})
	rapid.Check(t, func(t *rapid.T) {
		draw := func(l string) Key {
			return Key{Prefix: "p", Kind: field.Draw(t, l+"k"), Parent: field.Draw(t, l+"p"),
				Invoice: field.Draw(t, l+"i"), InvoiceLineItem: field.Draw(t, l+"l"), N: rapid.Int64Range(0, 2).Draw(t, l+"n")}
		}
		a, b := draw("a"), draw("b")
		if a != b && Deterministic(a) == Deterministic(b) {
			t.Fatalf("%+v and %+v collide", a, b)
		}
	})
}
