package quote

// JSONEqual exposes jsonEqual to the package's external tests (quote_test),
// so both test packages compare JSON with one helper.
var JSONEqual = jsonEqual
