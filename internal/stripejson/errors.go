package stripejson

import (
	"fmt"
	"strings"
)

// FieldError is the one error shape of every package: one problem with one
// field of one object, found while decoding or validating. The public
// packages alias it (pricing.FieldError, credit.FieldError, ...).
//
// Object is the Stripe object name ("price", "billing.credit_grant",
// "quote"), empty for a nested value decoded on its own; ID the object's id
// when known; Field the path as Stripe names it ("tiers[2].up_to",
// "line_items[0].price.currency"); Reason a lowercase description. It
// unwraps to Err, the sentinel of the package that reports it, and to Cause
// when another package (or a nested decode) found the problem.
type FieldError struct {
	Object string
	ID     string
	Field  string
	Reason string
	Err    error
	Cause  error
}

// Errorf returns a *FieldError; its argument order is the one helper order
// of every package: sentinel, object, id, field, then the reason.
func Errorf(sentinel error, object, id, field, format string, args ...any) *FieldError {
	return &FieldError{Object: object, ID: id, Field: field, Reason: fmt.Sprintf(format, args...), Err: sentinel}
}

// Error returns "<pkg>: <object> <id>: <field>: <reason>", leaving out the
// parts that are empty. <pkg> is the prefix of Err's own message
// ("pricing" for "pricing: invalid price"), so every package's errors start
// with its name.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Err != nil {
		msg := e.Err.Error()
		if i := strings.Index(msg, ": "); i > 0 {
			b.WriteString(msg[:i+2])
		}
	}
	if e.Object != "" {
		b.WriteString(e.Object)
		if e.ID != "" {
			b.WriteByte(' ')
			b.WriteString(e.ID)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns Err and Cause (those that are set).
func (e *FieldError) Unwrap() []error {
	switch {
	case e.Err == nil && e.Cause == nil:
		return nil
	case e.Cause == nil:
		return []error{e.Err}
	case e.Err == nil:
		return []error{e.Cause}
	}
	return []error{e.Err, e.Cause}
}

// Short quotes s for an error message: at most 40 bytes of it (cut at a
// rune boundary) followed by "..." when longer, so that a hostile 100 KB
// value cannot make a 100 KB error line.
func Short(s string) string {
	const max = 40
	if len(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}
