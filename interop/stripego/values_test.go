package stripego_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/shopspring/decimal"
)

// The objects of API 2025-08-27.basil (invoice, line_item, invoiceitem,
// subscription, subscription_item, subscription_schedule, the meter
// objects) are compared as Go values: every exported field of our types,
// at every depth, is what the type models (a key a decoded object carried
// and our type does not read lives in unexported fields, and is checked on
// the JSON instead: basilWire in basil_test.go). A value read back after stripe-go must
// equal the value read from the same JSON directly, field by field, except
// where a named loss (below) explains the difference.

// loss is one thing stripe-go cannot carry of a modelled value: why, and
// which difference it explains. accept reports whether want -> got is that
// difference, and nothing more.
type loss struct {
	why    string
	accept func(want, got reflect.Value) bool
}

// losses maps a field path pattern to the loss stripe-go causes there.
// Paths are Go field names joined with ".", "[]" for a slice element or a
// map value ("LatestInvoice.Lines[].Discounts[]"); a pattern "*.Field"
// matches Field at any depth (and at the top).
type losses map[string]loss

// find returns the loss at path, and its pattern.
func (ls losses) find(path string) (string, loss, bool) {
	if l, ok := ls[path]; ok {
		return path, l, true
	}
	for p, l := range ls {
		if matchPath(p, path) {
			return p, l, true
		}
	}
	return "", loss{}, false
}

// exceptionHits counts, by name, the named exceptions (losses and dropped
// keys) a comparison used: TestStripeGo_BasilExceptionsAreReal checks that
// each is still needed.
var exceptionHits = hitCounter{m: map[string]int{}}

type hitCounter struct {
	mu sync.Mutex
	m  map[string]int
}

func (h *hitCounter) add(name string) {
	h.mu.Lock()
	h.m[name]++
	h.mu.Unlock()
}

func (h *hitCounter) reset() {
	h.mu.Lock()
	h.m = map[string]int{}
	h.mu.Unlock()
}

func (h *hitCounter) count(name string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.m[name]
}

// nullAsZero: a nullable number (a pointer) stripe-go holds as int64 or
// float64 comes back as 0 when it was null.
func nullAsZero(why string) loss {
	return loss{why: why, accept: func(w, g reflect.Value) bool {
		return w.Kind() == reflect.Pointer && w.IsNil() && !g.IsNil() && g.Elem().IsZero()
	}}
}

// unexpanded: a reference stripe-go held as an id (it reads an id into an
// object of which it sets only ID) comes back as that object: the same id,
// every other field stripe-go's zero.
func unexpanded(why string) loss {
	return loss{why: why, accept: func(w, g reflect.Value) bool {
		return w.Kind() == reflect.Struct && w.FieldByName("ID").String() == g.FieldByName("ID").String() &&
			onlyID(w) && onlyID(g)
	}}
}

// floatPrecision: a decimal stripe-go holds as float64 comes back at
// float64 precision.
func floatPrecision(why string) loss {
	return loss{why: why, accept: func(w, g reflect.Value) bool {
		wd, ok1 := w.Interface().(decimal.Decimal)
		gd, ok2 := g.Interface().(decimal.Decimal)
		return ok1 && ok2 && floatDecimal(wd).Equal(gd)
	}}
}

// onlyID reports whether v (a struct) holds nothing but its ID and, for a
// reference our types decoded from an id, Unexpanded: every other exported
// field is zero, a pointer to zero, or (stripe-go's zero of a nullable
// decimal) a valid 0.
func onlyID(v reflect.Value) bool {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "ID" || f.Name == "Unexpanded" {
			continue
		}
		if !zeroish(v.Field(i)) {
			return false
		}
	}
	return true
}

// zeroish reports whether v holds only zeros, as stripe-go writes an
// object it holds nothing of: zero values, pointers to them, empty
// slices and maps, valid 0 decimals, zero times.
func zeroish(v reflect.Value) bool {
	switch x := v.Interface().(type) {
	case time.Time:
		return x.IsZero() || x.Unix() == 0
	case decimal.Decimal:
		return x.IsZero()
	case decimal.NullDecimal:
		return !x.Valid || x.Decimal.IsZero()
	}
	switch v.Kind() {
	case reflect.Pointer:
		return v.IsNil() || zeroish(v.Elem())
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !zeroish(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return v.IsZero()
}

// diffValues compares want with got (values of the same type) field by
// field and returns the differences no loss in ls explains, one per line,
// or "".
func diffValues(want, got any, ls losses) string {
	var diffs []string
	diffValue(&diffs, "", reflect.ValueOf(want), reflect.ValueOf(got), ls)
	return strings.Join(diffs, "\n")
}

func joinField(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func showValue(v reflect.Value) string {
	if !v.IsValid() {
		return "<none>"
	}
	switch x := v.Interface().(type) {
	case time.Time:
		return showUnix(x)
	case decimal.Decimal:
		return x.String()
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil() {
		return "nil"
	}
	s := fmt.Sprintf("%+v", v.Interface())
	if v.Kind() == reflect.Pointer {
		s = fmt.Sprintf("&%+v", v.Elem().Interface())
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// diffValue appends the differences of want and got at path, unless a loss
// at path explains them.
func diffValue(diffs *[]string, path string, w, g reflect.Value, ls losses) {
	var here []string
	compareValue(&here, path, w, g, ls)
	if len(here) == 0 {
		return
	}
	if p, l, ok := ls.find(path); ok && l.accept(w, g) {
		exceptionHits.add("loss " + p)
		return
	}
	*diffs = append(*diffs, here...)
}

func compareValue(diffs *[]string, path string, w, g reflect.Value, ls losses) {
	differ := func() {
		*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, showValue(w), showValue(g)))
	}
	switch x := w.Interface().(type) {
	case time.Time:
		if !sameUnix(x, g.Interface().(time.Time)) {
			differ()
		}
		return
	case decimal.Decimal:
		if !x.Equal(g.Interface().(decimal.Decimal)) {
			differ()
		}
		return
	case pricing.Price:
		// A price goes through stripe.Price: compared as the price tests
		// compare it (see doc.go, and stripeView).
		gp := g.Interface().(pricing.Price)
		if !stripeView(x).Equal(stripeView(gp)) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, clip(mustJSONValue(x)), clip(mustJSONValue(gp))))
		}
		return
	}
	switch w.Kind() {
	case reflect.Pointer:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				differ()
			}
			return
		}
		diffValue(diffs, path, w.Elem(), g.Elem(), ls)
	case reflect.Struct:
		for i := range w.NumField() {
			f := w.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			diffValue(diffs, joinField(path, f.Name), w.Field(i), g.Field(i), ls)
		}
	case reflect.Slice:
		if w.IsNil() != g.IsNil() || w.Len() != g.Len() {
			differ()
			return
		}
		for i := range w.Len() {
			diffValue(diffs, path+"[]", w.Index(i), g.Index(i), ls)
		}
	case reflect.Map:
		if w.IsNil() != g.IsNil() || w.Len() != g.Len() {
			differ()
			return
		}
		keys := w.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				*diffs = append(*diffs, fmt.Sprintf("%s[%v]: want %s, got no key", path, k, showValue(w.MapIndex(k))))
				continue
			}
			diffValue(diffs, path+"[]", w.MapIndex(k), gv, ls)
		}
	default:
		if !w.Equal(g) {
			differ()
		}
	}
}

func mustJSONValue(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(err.Error())
	}
	return b
}
