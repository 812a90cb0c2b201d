package stripejson

import (
	"encoding/json"
	"errors"
	"testing"
)

// Found while converting credit: the case-variant rule compares only keys
// of the same byte length, but encoding/json (and so stripe-go) matches
// keys with Unicode simple folding, where "ſ" (U+017F, two bytes) is "s"
// and "K" (U+212A, three bytes) is "k". Such a key is kept as unknown and
// re-encoded after the modelled one, so a plain Go decoder of the output
// reads it as an override: here a grant expiring in 2026 expires in 1970.
func TestObject_UnicodeFoldVariantRefused(t *testing.T) {
	errBad := errors.New("test: invalid json")
	keys := NewKeys("expires_at", "kind")
	for _, doc := range []string{
		`{"expires_at":1767225600,"expireſ_at":1}`, // U+017F LATIN SMALL LETTER LONG S
		`{"kind":"a","\u212aind":"b"}`,             // U+212A KELVIN SIGN
	} {
		var sh Shape
		err := Unmarshal([]byte(doc), errBad, "thing", func(d *Decoder) {
			d.Object(keys, &sh, func(int) { _ = d.Raw() })
		})
		if err == nil {
			// What a reader that matches keys as encoding/json does sees.
			var plain struct {
				ExpiresAt int64  `json:"expires_at"`
				Kind      string `json:"kind"`
			}
			_ = json.Unmarshal([]byte(`{"expires_at":1767225600,"kind":"a",`+sh.Extra()+`}`), &plain)
			t.Errorf("%s: accepted, unknown members %s kept; encoding/json then reads %+v", doc, sh.Extra(), plain)
		}
	}
}
