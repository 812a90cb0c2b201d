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
	exitFail  = 1 // writing the output failed
	exitUsage = 2 // bad arguments or bad input
)

// maxInput bounds what a subcommand reads from standard input.
const maxInput = 64 << 20

// errUsage marks errors in the command line rather than in the input; like
// every error it is one line on standard error and exit status 2.
var errUsage = errors.New("usage")

// run is the whole command, with its streams as arguments so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		if err := walkthrough(stdout); err != nil {
			fmt.Fprintln(stderr, "billingkit: walk-through:", oneLine(err))
			return exitFail
		}
		return exitOK
	}
	var (
		out any
		err error
	)
	switch args[0] {
	case "price":
		out, err = cmdPrice(args[1:], stdin)
	case "summary":
		out, err = cmdSummary(args[1:], stdin)
	case "quote":
		out, err = cmdQuote(args[1:], stdin)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = fmt.Errorf("%w: unknown command %q (want price, summary or quote; see billingkit help)", errUsage, args[0])
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "billingkit:", oneLine(err))
		return exitUsage
	}
	if err := writeJSON(stdout, out); err != nil {
		fmt.Fprintln(stderr, "billingkit:", oneLine(err))
		return exitFail
	}
	return exitOK
}

const usage = `usage:
  billingkit                              the walk-through
  billingkit price -quantity N            price or plan JSON on stdin -> {"price", "amount"}
  billingkit summary [-at UNIX]           {"customer","grants","transactions","filter"} on stdin -> balance summary
  billingkit quote finalize|accept|cancel -at UNIX   quote JSON on stdin -> {"quote", outcome}
`

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args and refuses positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %s: %v (see billingkit help)", errUsage, fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fs.Name(), fs.Arg(0))
	}
	return nil
}

// The unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// unixFlag is an optional -at flag: unix seconds, any int64 (times before
// 1970 are negative), with whether it was given.
type unixFlag struct {
	set bool
	t   time.Time
}

func (f *unixFlag) String() string {
	if !f.set {
		return ""
	}
	return strconv.FormatInt(f.t.Unix(), 10)
}

func (f *unixFlag) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return errors.New("want unix seconds, an integer")
	}
	if n < minUnix || n > maxUnix {
		// time.Unix wraps beyond these, and an instant in the far past
		// would slip past every expiry check.
		return fmt.Errorf("want unix seconds within the years 1 to 9999 (%d to %d)", minUnix, maxUnix)
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

// oneLine folds a (possibly joined) error onto one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}
