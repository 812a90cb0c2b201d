// Package stripejson is the one JSON codec kit of billingkit. Every object
// of every package decodes and encodes through it, under one rule:
//
//   - A decoded object remembers which of its modelled keys it carried and
//     keeps every unknown key with its raw value ([Shape]).
//   - Encoding writes the modelled values and every kept unknown key. A key
//     the object was decoded with is written again; one it lacked is written
//     only when it now holds a value (so nothing set in Go is lost). A value
//     built in Go (never decoded) is written in the current API's shape: the
//     keys its [Keys] table marks current, plus any key holding a value.
//   - Keys match Stripe's exact case only. A key that differs from a
//     modelled key only in case ("VALUE" beside "value", or "expireſ_at"
//     under Unicode folding, as encoding/json matches keys) is refused with
//     a [FieldError], so a case-variant can never override a value or slip
//     through to a reader that matches keys case-insensitively.
//   - Of duplicate keys the last wins, as with encoding/json.
//
// Wire readings shared by every package (one place, one policy):
//
//   - Unix times: Stripe never sends 0 or a negative number for a
//     timestamp. A nullable time of 0 (what stripe-go's json.Marshal writes
//     for a nil time) decodes as null; any other time outside
//     [MinUnix, MaxUnix] (years 1970 to 9999) is a field error. A required
//     time (created) of 0 decodes as the zero time and encodes as 0.
//   - Strings: null and "" are the same value (stripe-go writes "" for a
//     null string); an empty string encodes as null.
//   - Expandable references (customer, product, invoice ...) decode from an
//     id string or an expanded object with an "id", and encode as the id.
//   - Decimal strings ("0.125", and the float forms stripe-go writes such
//     as "1e-05") decode exactly with shopspring/decimal; an exponent beyond
//     ±64 is refused.
//
// Decoding validates the syntax once with json.Valid, then walks the bytes
// with a scanner that cannot index out of range. A field path is built only
// when an error is reported.
package stripejson
