package stripego_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// viaStripe is what a stripe-go user does with a payload: json.Unmarshal
// into the stripe-go struct S, then json.Marshal of that struct. It returns
// the re-marshalled JSON, or the error of either step.
func viaStripe[S any](b []byte) ([]byte, error) {
	var s S
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("stripe-go decode: %w", err)
	}
	out, err := json.Marshal(&s)
	if err != nil {
		return nil, fmt.Errorf("stripe-go encode: %w", err)
	}
	return out, nil
}

// mustJSON is json.Marshal for values whose encoding cannot fail; it fails
// the test otherwise.
func mustJSON(t tb, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%T): %v", v, err)
	}
	return b
}

// fixture is one Stripe example object found in testdata.
type fixture struct {
	Name   string // file and JSON path, e.g. "quote-fixtures.json:/stripe_mock/quote"
	Object string // its "object" value
	Raw    []byte // the object's JSON exactly as in the file
}

var (
	fixturesOnce sync.Once
	allFixtures  []fixture
	deletedOnes  []fixture
	fixturesErr  error
)

// fixtureFiles are Stripe's example objects, copied from the project's
// shared reference material (../shared/stripe/) so that these tests stand
// alone on a fresh clone.
var fixtureFiles = []string{
	"credit-fixtures.json",
	"current-fixtures.json",
	"pricing-fixtures.json",
	"quote-fixtures.json",
}

// loadFixtures walks every fixture file and collects every JSON object
// that has an "object" key, at any depth (a price inside a subscription
// item is a fixture too), in file order and then path order.
func loadFixtures() {
	for _, name := range fixtureFiles {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			fixturesErr = err
			return
		}
		if err := walkJSON(name+":", json.RawMessage(b)); err != nil {
			fixturesErr = fmt.Errorf("%s: %w", name, err)
			return
		}
	}
}

func walkJSON(path string, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var obj string
		if o, ok := m["object"]; ok && json.Unmarshal(o, &obj) == nil && obj != "" {
			f := fixture{Name: path, Object: obj, Raw: slices.Clone(raw)}
			var deleted bool
			if d, ok := m["deleted"]; ok && json.Unmarshal(d, &deleted) == nil && deleted {
				deletedOnes = append(deletedOnes, f)
			} else {
				allFixtures = append(allFixtures, f)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := walkJSON(path+"/"+k, m[k]); err != nil {
				return err
			}
		}
	case '[':
		var a []json.RawMessage
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, v := range a {
			if err := walkJSON(fmt.Sprintf("%s[%d]", path, i), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// fixturesOf returns the fixtures whose "object" is object (deleted objects
// excluded), failing the test when there are fewer than min.
func fixturesOf(t *testing.T, object string, min int) []fixture {
	t.Helper()
	fixturesOnce.Do(loadFixtures)
	if fixturesErr != nil {
		t.Fatal(fixturesErr)
	}
	var out []fixture
	for _, f := range allFixtures {
		if f.Object == object {
			out = append(out, f)
		}
	}
	if len(out) < min {
		t.Fatalf("found %d %q fixtures in testdata, want at least %d", len(out), object, min)
	}
	return out
}

// deletedFixturesOf returns the deleted objects ({"deleted": true}) of kind
// object.
func deletedFixturesOf(t *testing.T, object string) []fixture {
	t.Helper()
	fixturesOnce.Do(loadFixtures)
	if fixturesErr != nil {
		t.Fatal(fixturesErr)
	}
	var out []fixture
	for _, f := range deletedOnes {
		if f.Object == object {
			out = append(out, f)
		}
	}
	return out
}

// subtestName shortens a fixture name for t.Run.
func subtestName(f fixture) string {
	return strings.ReplaceAll(f.Name, "/", "_")
}

// sameUnix reports whether a and b are the same instant on the wire: whole
// unix seconds, the zero Time standing for null.
func sameUnix(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() == b.IsZero()
	}
	return a.Unix() == b.Unix()
}

// showUnix prints a time as it is on the wire.
func showUnix(t time.Time) string {
	if t.IsZero() {
		return "null"
	}
	return fmt.Sprint(t.Unix())
}

// errString is err's message, or "<nil>".
func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// tb is what the checks need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
}

// jsonKey returns the JSON value of key in v's JSON object, compacted, or
// nil when v's JSON has no such key.
func jsonKey(t tb, v any, key string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(mustJSON(t, v), &m); err != nil {
		t.Fatalf("%T does not encode as a JSON object: %v", v, err)
	}
	raw, ok := m[key]
	if !ok {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// clip shortens JSON for a failure message.
func clip(b []byte) string {
	const n = 1500
	if len(b) > n {
		return string(b[:n]) + fmt.Sprintf("... (%d bytes)", len(b))
	}
	return string(b)
}
