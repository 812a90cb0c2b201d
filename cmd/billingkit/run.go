package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/billingkit/billingkit/internal/jsonkind"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the walk-through or writing the output failed
	exitUsage = 2 // bad arguments or bad input
)

// maxInput bounds what a subcommand reads from standard input.
const maxInput = 64 << 20

// errUsage marks errors in the command line rather than in the input; like
// every error it is one line on standard error and exit status 2.
var errUsage = errors.New("usage")

// helpRequest is returned instead of a result when the arguments ask for a
// usage text (-h, -help, --help or "billingkit help ..."): run prints usage
// on standard output and exits 0.
type helpRequest struct{ usage string }

func (h helpRequest) Error() string { return "help requested" }

// run is the whole command, with its streams as arguments so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		if err := walkthrough(stdout); err != nil {
			printError(stderr, fmt.Errorf("walk-through: %w", err))
			return exitFail
		}
		return exitOK
	}
	out, err := dispatch(args, stdin)
	var help helpRequest
	if errors.As(err, &help) {
		if _, err := io.WriteString(stdout, help.usage); err != nil {
			printError(stderr, fmt.Errorf("writing standard output: %w", err))
			return exitFail
		}
		return exitOK
	}
	if err != nil {
		printError(stderr, err)
		return exitUsage
	}
	if err := writeJSON(stdout, out); err != nil {
		printError(stderr, fmt.Errorf("writing standard output: %w", err))
		return exitFail
	}
	return exitOK
}

// dispatch runs the subcommand args[0] (len(args) > 0).
func dispatch(args []string, stdin io.Reader) (any, error) {
	switch args[0] {
	case "price":
		return cmdPrice(args[1:], stdin)
	case "summary":
		return cmdSummary(args[1:], stdin)
	case "quote":
		return cmdQuote(args[1:], stdin)
	case "invoice":
		return cmdInvoice(args[1:], stdin)
	}
	if isHelpWord(args[0]) {
		return nil, helpFor(args[1:])
	}
	return nil, fmt.Errorf("%w: unknown command %q (want price, summary, quote or invoice; see billingkit help)", errUsage, args[0])
}

// isHelpWord reports whether arg asks for help where a subcommand or a
// transition is expected.
func isHelpWord(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// helpFor answers "billingkit help [price | summary | quote [finalize |
// accept | cancel]]" with the usage of what the words name.
func helpFor(words []string) error {
	name := strings.Join(words, " ")
	if u, ok := usages[name]; ok {
		return helpRequest{u}
	}
	return fmt.Errorf("%w: help: unknown command %q (want price, summary, quote, invoice or one of their subcommands)", errUsage, name)
}

// usages holds each subcommand's usage, by the words that name it; "" is
// the whole command's.
var usages = map[string]string{
	"": `usage:
  billingkit                                         the walk-through
  billingkit price -quantity N                       a price or plan on stdin -> {"price", "amount"}
  billingkit summary [-at UNIX]                      {"customer","grants","transactions","filter"} on stdin -> balance summary
  billingkit quote finalize|accept|cancel -at UNIX   a quote or {"quote": ...} on stdin -> {"quote", outcome}
  billingkit invoice preview -at UNIX                {"subscription", "changes", ...} on stdin -> the preview invoice
  billingkit invoice period -k K                     {"subscription", ...} on stdin -> the k-th boundary's invoice
  billingkit help [COMMAND]                          a command's usage (so does COMMAND -h)

Bad input or arguments: one line on standard error, exit status 2.
`,
	"price": `usage: billingkit price -quantity N < price.json

Reads a Stripe price or a legacy plan on standard input, validates it
strictly, and prints {"price": <the price; a plan converted>, "amount": <minor
units for N>}.

  -quantity N   the quantity to price (required): decimal digits, no sign,
                no leading zero (010 is refused, not read as octal 8)
`,
	"summary": `usage: billingkit summary [-at UNIX] < ledger.json

Reads {"customer", "grants", "transactions", "filter"} on standard input,
validates every grant and transaction, and prints the customer's
billing.credit_balance_summary.

  -at UNIX   the instant, unix seconds (default: now): decimal digits with an
             optional leading '-', no leading zero, years 1 to 9999
`,
	"quote": usageQuote("finalize|accept|cancel",
		"Finalizes a draft quote (draft -> open), accepts an open one (open -> accepted,\n"+
			"creating an invoice, a subscription or a subscription schedule) or cancels a\n"+
			"draft or open one."),
	"quote finalize": usageQuote("finalize", "Finalizes a draft quote (draft -> open)."),
	"quote accept": usageQuote("accept",
		"Accepts an open quote (open -> accepted), creating an invoice, a subscription\n"+
			"or a subscription schedule."),
	"quote cancel": usageQuote("cancel", "Cancels a draft or open quote."),
}

func usageQuote(words, what string) string {
	return "usage: billingkit quote " + words + " -at UNIX < quote.json\n\n" + what + `

Reads a Stripe quote (with its line_items expanded), or the {"quote": ...}
that a quote subcommand prints, on standard input, and prints {"quote": ...},
plus for an accept the object created under its name ("invoice",
"subscription" or "subscription_schedule"). So one transition pipes into the
next: billingkit quote finalize ... | billingkit quote accept ...

  -at UNIX   the instant of the transition, unix seconds (required): decimal
             digits with an optional leading '-', no leading zero, years 1 to 9999
`
}

// newFlags returns a flag set, named by the words of its subcommand, that
// reports errors instead of printing or exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args and refuses positional arguments; -h and -help
// become a helpRequest for the flag set's subcommand.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return helpRequest{usages[fs.Name()]}
		}
		return fmt.Errorf("%w: %s: %v (see billingkit %s -h)", errUsage, fs.Name(), err, fs.Name())
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fs.Name(), fs.Arg(0))
	}
	return nil
}

// parseDecimal reads s as a base-10 int64 written with decimal digits only,
// after a '-' when negative is allowed. A leading zero is refused rather
// than read either way: Go's flag package (and so earlier versions of this
// command) read "010" as octal 8, and C habits agree, so quietly reading it
// as 10 would change what an existing script prices. Also refused: "+",
// spaces, "_" separators, "0x" hex, exponents such as "1e3", and anything
// outside int64.
func parseDecimal(s string, negative bool) (int64, error) {
	digits := s
	if negative && strings.HasPrefix(digits, "-") {
		digits = digits[1:]
	}
	if digits == "" {
		return 0, errors.New(wantDigits(negative))
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, errors.New(wantDigits(negative))
		}
	}
	if len(digits) > 1 && digits[0] == '0' {
		return 0, errors.New("a leading zero is refused (it is not read as octal): write the number without it")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("out of range for a 64-bit integer")
	}
	return n, nil
}

func wantDigits(negative bool) string {
	if negative {
		return "want decimal digits with an optional leading '-' (no '+', spaces, '_', hex or exponent)"
	}
	return "want decimal digits (no sign, spaces, '_', hex or exponent)"
}

// countFlag is a required non-negative integer flag such as -quantity.
type countFlag struct {
	set bool
	n   int64
}

func (f *countFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return strconv.FormatInt(f.n, 10)
}

func (f *countFlag) Set(s string) error {
	n, err := parseDecimal(s, false)
	if err != nil {
		return err
	}
	f.set, f.n = true, n
	return nil
}

// The unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// unixFlag is an optional -at flag: unix seconds (times before 1970 are
// negative), with whether it was given.
type unixFlag struct {
	set bool
	t   time.Time
}

func (f *unixFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return strconv.FormatInt(f.t.Unix(), 10)
}

func (f *unixFlag) Set(s string) error {
	n, err := parseDecimal(s, true)
	if err == nil && (n < minUnix || n > maxUnix) {
		// time.Unix wraps beyond these, and an instant in the far past
		// would slip past every expiry check.
		err = fmt.Errorf("want unix seconds within the years 1 to 9999 (%d to %d)", minUnix, maxUnix)
	}
	if err != nil {
		return err
	}
	f.set, f.t = true, time.Unix(n, 0).UTC()
	return nil
}

// readInput reads all of standard input, refusing empty or oversized input.
func readInput(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %v", err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("standard input is larger than %d bytes", maxInput)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("standard input is empty: expected Stripe JSON")
	}
	return b, nil
}

// decodeStrict decodes one JSON value from b into v and refuses anything
// after it. A JSON value of the wrong kind is reported by its field and the
// JSON kinds involved, not by Go type names.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return errors.New(jsonkind.Reason(te))
			}
			return fmt.Errorf("%s: %s", te.Field, jsonkind.Reason(te))
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// decodeObject decodes b as one JSON object into its members, keyed exactly
// as written; null and every other kind are refused.
func decodeObject(b []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := decodeStrict(b, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("want an object, got null")
	}
	return m, nil
}

// member is a key of a JSON object and where its value decodes.
type member struct {
	key string
	v   any
}

// decodeMembers decodes each member of m present among members into its v,
// in order, and stops at the first error, naming its key.
func decodeMembers(m map[string]json.RawMessage, members []member) error {
	for _, f := range members {
		raw, ok := m[f.key]
		if !ok {
			continue
		}
		if err := decodeStrict(raw, f.v); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
	}
	return nil
}

// checkKeys refuses a member of m not among keys, which are listed in the
// error. Keys match exactly, so "Customer" is not "customer".
func checkKeys(m map[string]json.RawMessage, keys ...string) error {
	var unknown []string
	for k := range m {
		found := false
		for _, want := range keys {
			if k == want {
				found = true
				break
			}
		}
		if !found {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	// Report the smallest, so the message does not depend on map order.
	first := unknown[0]
	for _, k := range unknown[1:] {
		if k < first {
			first = k
		}
	}
	return fmt.Errorf("unknown key %q (want %s)", first, strings.Join(keys, ", "))
}

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
