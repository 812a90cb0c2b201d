package stripejson

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/internal/wiretest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var errTest = errors.New("thing: invalid json")

// thing is a small object that uses every reader and writer of the kit.
type thing struct {
	ID       string
	Amount   *int64
	Created  time.Time
	Expires  time.Time
	Customer string
	Live     bool
	Rate     decimal.NullDecimal
	Meta     map[string]string
	Tags     []string
	Child    *child
	Children []child
	wire     Shape
}

type child struct {
	Name string
	N    int64
	wire Shape
}

const (
	tkID = iota
	tkObject
	tkAmount
	tkChild
	tkChildren
	tkCreated
	tkCustomer
	tkExpires
	tkLive
	tkMeta
	tkRate
	tkTags
)

var (
	thingKeys = NewKeys("id", "object", "amount", "child?", "children?", "created", "customer",
		"expires_at", "livemode", "metadata", "rate", "tags")
	childKeys = NewKeys("name", "n")
)

func (c *child) decode(d *Decoder) {
	d.Object(childKeys, &c.wire, func(i int) {
		switch i {
		case 0:
			c.Name = d.String()
		case 1:
			c.N = d.Int()
		}
	})
}

func (c *child) append(b []byte) []byte {
	e := NewEncoder(b, childKeys, &c.wire)
	e.String(0, c.Name)
	e.Int(1, c.N)
	return e.Close()
}

func (t *thing) UnmarshalJSON(b []byte) error {
	*t = thing{}
	return Unmarshal(b, errTest, "thing", func(d *Decoder) {
		d.Object(thingKeys, &t.wire, func(i int) {
			switch i {
			case tkID:
				t.ID = d.String()
			case tkObject:
				d.Const("thing")
			case tkAmount:
				t.Amount = d.IntPtr()
			case tkChild:
				if !d.IsNull() {
					t.Child = new(child)
					t.Child.decode(d)
				}
			case tkChildren:
				t.Children = make([]child, d.Len())
				d.Array(func(j int) { t.Children[j].decode(d) })
			case tkCreated:
				t.Created = d.Unix()
			case tkCustomer:
				t.Customer = d.ID()
			case tkExpires:
				t.Expires = d.Unix()
			case tkLive:
				t.Live = d.Bool()
			case tkMeta:
				t.Meta = d.Metadata()
			case tkRate:
				t.Rate = d.Decimal()
			case tkTags:
				t.Tags = d.Strings()
			}
		})
	})
}

func (t thing) MarshalJSON() ([]byte, error) {
	e := NewEncoder(nil, thingKeys, &t.wire)
	e.String(tkID, t.ID)
	e.Const(tkObject, "thing")
	e.IntPtr(tkAmount, t.Amount)
	e.Object(tkChild, t.Child != nil, func(b []byte) []byte { return t.Child.append(b) })
	if e.Field(tkChildren, t.Children != nil) {
		e.B = append(e.B, '[')
		for j := range t.Children {
			if j > 0 {
				e.B = append(e.B, ',')
			}
			e.B = t.Children[j].append(e.B)
		}
		e.B = append(e.B, ']')
	}
	e.UnixRequired(tkCreated, t.Created)
	e.String(tkCustomer, t.Customer)
	e.Unix(tkExpires, t.Expires)
	e.Bool(tkLive, t.Live)
	e.Metadata(tkMeta, t.Meta)
	e.Decimal(tkRate, t.Rate)
	e.Strings(tkTags, t.Tags)
	return e.Close(), nil
}

func decode(t *testing.T, doc string) (thing, error) {
	t.Helper()
	var v thing
	err := json.Unmarshal([]byte(doc), &v)
	return v, err
}

func mustEqualJSON(t *testing.T, want, got []byte) {
	t.Helper()
	ok, err := wiretest.Equal(want, got)
	if err != nil || !ok {
		t.Fatalf("JSON differs (err %v)\nwant %s\ngot  %s", err, want, got)
	}
}

func TestRoundTrip_KeepsKeysAndUnknownMembers(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"only some keys", `{"id":"th_1","amount":null}`},
		{"unknown members at both levels", `{"id":"th_1","x_new":{"a":[1,2,{"b":null}]},"child":{"name":"c","x_c":true},"children":[{"n":3,"x":"y"}]}`},
		{"every key", `{"id":"th_1","object":"thing","amount":5,"child":null,"children":[],"created":1700000000,"customer":"cus_1","expires_at":null,"livemode":true,"metadata":{"a":"b"},"rate":"0.125","tags":["a","b"]}`},
		{"empty object", `{}`},
		{"escaped unknown key", `{"x\u00e9\n":"v"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := decode(t, tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			mustEqualJSON(t, []byte(tt.doc), out)
		})
	}
}

func TestEncode_GoBuiltValueUsesCurrentShape(t *testing.T) {
	out, err := json.Marshal(thing{ID: "th_1"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"th_1","object":"thing","amount":null,"created":0,"customer":null,"expires_at":null,"livemode":false,"metadata":null,"rate":null,"tags":null}`
	mustEqualJSON(t, []byte(want), out)
}

func TestEncode_SetFieldIsWrittenOnDecodedValue(t *testing.T) {
	v, err := decode(t, `{"id":"th_1"}`)
	if err != nil {
		t.Fatal(err)
	}
	v.Customer = "cus_9"
	out, _ := json.Marshal(v)
	mustEqualJSON(t, []byte(`{"id":"th_1","customer":"cus_9"}`), out)
}

func TestDecode_Problems(t *testing.T) {
	tests := []struct {
		name, doc, field, reason string
	}{
		{"case variant of a key", `{"id":"th_1","AMOUNT":5,"amount":1}`, "AMOUNT", "case-sensitive"},
		{"case variant nested", `{"child":{"Name":"x"}}`, "child.Name", "case-sensitive"},
		{"wrong kind", `{"amount":"5"}`, "amount", "want an integer"},
		{"fraction", `{"amount":1.5}`, "amount", "want an integer"},
		{"beyond int64", `{"amount":9223372036854775808}`, "amount", "out of the int64 range"},
		{"year 1", `{"expires_at":-62135596800}`, "expires_at", "outside"},
		{"negative time", `{"created":-1}`, "created", "outside"},
		{"after year 9999", `{"expires_at":253402300800}`, "expires_at", "outside"},
		{"near int64 max", `{"expires_at":9223372036854775807}`, "expires_at", "outside"},
		{"bad decimal", `{"rate":"1.2.3"}`, "rate", "not a decimal"},
		{"huge exponent", `{"rate":"1e99"}`, "rate", "out of range"},
		{"element path", `{"children":[{},{"n":"x"}]}`, "children[1].n", "want an integer"},
		{"other object", `{"object":"price"}`, "object", `want "thing"`},
		{"not an object", `[1]`, "", "want an object"},
		{"metadata value", `{"metadata":{"k":1}}`, "metadata.k", "want a string"},
		{"expanded id", `{"customer":{"id":5}}`, "customer.id", "want a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(t, tt.doc)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("want a *FieldError, got %v", err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Reason, tt.reason) || !errors.Is(err, errTest) {
				t.Fatalf("got field %q reason %q (%v), want field %q reason containing %q", fe.Field, fe.Reason, err, tt.field, tt.reason)
			}
		})
	}
}

func TestDecode_ErrorNamesObjectAndID(t *testing.T) {
	_, err := decode(t, `{"id":"th_7","amount":true}`)
	if err == nil || err.Error() != "thing: thing th_7: amount: want an integer, got a boolean" {
		t.Fatalf("got %v", err)
	}
}

func TestDecode_MalformedJSON(t *testing.T) {
	var v thing
	err := v.UnmarshalJSON([]byte(`{"id":`))
	if !errors.Is(err, errTest) {
		t.Fatalf("got %v", err)
	}
}

func TestDecode_StripeGoZeroes(t *testing.T) {
	// What stripe-go's json.Marshal writes for nil times and strings.
	v, err := decode(t, `{"id":"th_1","created":0,"expires_at":0,"customer":"","rate":"1e-05"}`)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Created.IsZero() || !v.Expires.IsZero() || v.Customer != "" {
		t.Fatalf("zero values must read as null: %+v", v)
	}
	if !v.Rate.Valid || !v.Rate.Decimal.Equal(decimal.New(1, -5)) {
		t.Fatalf("rate %v", v.Rate)
	}
}

func TestDecode_DuplicateKeysLastWins(t *testing.T) {
	v, err := decode(t, `{"amount":1,"amount":2,"x":1,"y":2,"x":3}`)
	if err != nil {
		t.Fatal(err)
	}
	if *v.Amount != 2 {
		t.Fatalf("amount %d", *v.Amount)
	}
	out, _ := json.Marshal(v)
	mustEqualJSON(t, []byte(`{"amount":2,"x":3,"y":2}`), out)
	if strings.Count(string(out), `"x"`) != 1 {
		t.Fatalf("duplicate unknown key written twice: %s", out)
	}
}

func TestFieldError_Format(t *testing.T) {
	cause := errors.New("pricing: unknown currency")
	e := &FieldError{Object: "price", ID: "price_1", Field: "currency", Reason: "bad", Err: errTest, Cause: cause}
	if got := e.Error(); got != "thing: price price_1: currency: bad" {
		t.Fatalf("got %q", got)
	}
	if !errors.Is(e, errTest) || !errors.Is(e, cause) {
		t.Fatal("unwrap")
	}
	if got := (&FieldError{Reason: "r"}).Error(); got != "r" {
		t.Fatalf("got %q", got)
	}
}

func TestShort(t *testing.T) {
	long := strings.Repeat("é", 100_000)
	s := Short(long)
	if len(s) > 60 || !strings.HasSuffix(s, "...") {
		t.Fatalf("got %d bytes: %s", len(s), s)
	}
	if Short("abc") != `"abc"` {
		t.Fatal(Short("abc"))
	}
}

// Property: any document the decoder accepts re-encodes to the same JSON
// value, and decoding is idempotent; unknown members survive.
func TestProperty_RoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		v := thing{ID: rapid.StringMatching(`th_[a-z0-9]{0,6}`).Draw(rt, "id")}
		if rapid.Bool().Draw(rt, "amount") {
			a := rapid.Int64().Draw(rt, "a")
			v.Amount = &a
		}
		if rapid.Bool().Draw(rt, "created") {
			v.Created = time.Unix(rapid.Int64Range(MinUnix, MaxUnix).Draw(rt, "c"), 0).UTC()
		}
		v.Customer = rapid.String().Draw(rt, "customer")
		v.Meta = rapid.MapOf(rapid.String(), rapid.String()).Draw(rt, "meta")
		v.Tags = rapid.SliceOf(rapid.String()).Draw(rt, "tags")
		v.Children = make([]child, rapid.IntRange(0, 3).Draw(rt, "children"))
		doc, err := json.Marshal(v)
		if err != nil {
			rt.Fatal(err)
		}
		doc = wiretest.Inject(rt, doc)
		var got thing
		if err := json.Unmarshal(doc, &got); err != nil {
			rt.Fatalf("%v\n%s", err, doc)
		}
		out, err := json.Marshal(got)
		if err != nil {
			rt.Fatal(err)
		}
		if ok, err := wiretest.Equal(doc, out); err != nil || !ok {
			rt.Fatalf("round trip\nin  %s\nout %s", doc, out)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"id":"th_1","child":{"name":"x"},"children":[{"n":1}],"x":[1]}`, `{}`, `null`, `{"rate":"1e3"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var v thing
		if err := json.Unmarshal(doc, &v); err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var again thing
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decoding our own output: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(again)
		if ok, err := wiretest.Equal(out, out2); err != nil || !ok {
			t.Fatalf("not stable\n%s\n%s", out, out2)
		}
	})
}

// BenchmarkDecode_UnknownKeys shows unknown keys cost linear time (they are
// de-duplicated with one map, not pairwise).
func BenchmarkDecode_UnknownKeys(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		var sb strings.Builder
		sb.WriteString(`{"id":"th_1"`)
		for i := 0; i < n; i++ {
			sb.WriteString(`,"x_`)
			sb.WriteString(strings.Repeat("k", i%7))
			sb.WriteString(string(rune('a' + i%26)))
			sb.WriteString(`_`)
			sb.WriteString(strings.Repeat("z", i/26%5))
			sb.WriteString(`":1`)
		}
		sb.WriteString(`}`)
		doc := []byte(sb.String())
		b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var v thing
				if err := v.UnmarshalJSON(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestDecode_LeavesTargetOnNullAndError(t *testing.T) {
	decodeChild := (*child).decode
	c := child{Name: "kept"}
	for _, doc := range []string{`null`, `{"name":5}`, `{"n":`} {
		if err := Decode([]byte(doc), errTest, "child", &c, decodeChild); c.Name != "kept" {
			t.Fatalf("%s: target changed to %+v (err %v)", doc, c, err)
		}
	}
	if err := Decode([]byte(`{"name":"new","n":2}`), errTest, "child", &c, decodeChild); err != nil || c.Name != "new" || c.N != 2 {
		t.Fatalf("got %+v, %v", c, err)
	}
}
