package quote_test

import "github.com/billingkit/billingkit/quote"

// jsonEqual compares two JSON texts as values (key order and spacing aside).
var jsonEqual = quote.JSONEqual
