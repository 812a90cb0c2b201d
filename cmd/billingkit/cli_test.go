package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// -h, -help and --help after each subcommand print that subcommand's usage
// on standard output and exit 0, without reading standard input; so does
// "billingkit help WORDS".
func TestHelp(t *testing.T) {
	subcommands := []string{"price", "summary", "quote", "quote finalize", "quote accept", "quote cancel"}
	seen := map[string]string{}
	for _, sub := range subcommands {
		words := strings.Fields(sub)
		want := "usage: billingkit " + sub + " "
		if sub == "quote" {
			want = "usage: billingkit quote finalize|accept|cancel "
		}
		var variants [][]string
		for _, h := range []string{"-h", "-help", "--help"} {
			variants = append(variants, append(append([]string{}, words...), h))
		}
		variants = append(variants, append([]string{"help"}, words...))
		if len(words) == 2 {
			variants = append(variants, append(append([]string{}, words...), "-at", "5", "-h"))
		}
		for _, args := range variants {
			out, errOut, code := runCmd(t, "not JSON: help must not read standard input", args...)
			if code != exitOK || errOut != "" || !strings.HasPrefix(out, want) {
				t.Errorf("%q: exit %d, stdout %.60q, stderr %q; want 0 and stdout starting %q", args, code, out, errOut, want)
			}
		}
		out, _, _ := runCmd(t, "", append(words, "-h")...)
		if prev, ok := seen[out]; ok {
			t.Errorf("%q and %q print the same usage", sub, prev)
		}
		seen[out] = sub
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		out, errOut, code := runCmd(t, "", args...)
		if code != exitOK || errOut != "" || !strings.HasPrefix(out, "usage:\n") {
			t.Errorf("%q: exit %d, stdout %.60q, stderr %q; want 0 and the whole usage", args, code, out, errOut)
		}
		for _, sub := range []string{"price", "summary", "quote finalize|accept|cancel"} {
			if !strings.Contains(out, "billingkit "+sub) {
				t.Errorf("%q: the usage does not list %q", args, sub)
			}
		}
	}
	out, errOut, code := runCmd(t, "", "help", "prices")
	if code != exitUsage || out != "" || !strings.Contains(errOut, `"prices"`) {
		t.Errorf("help prices: exit %d, stdout %q, stderr %q; want 2 naming the unknown command", code, out, errOut)
	}
}

// -quantity and -at are decimal digits: no octal, hex, exponent, sign (but
// -at's '-'), separators or spaces, and no leading zero.
func TestDecimalFlags(t *testing.T) {
	price := readTestdata(t, "graduated-price.json")
	for _, tc := range []struct {
		quantity   string
		wantAmount int64
	}{
		{"0", 0},
		{"6", 4150},
		{"10", 6750}, // 5 x 700 + 5 x 650; not 8 units
		{"25", 15750},
	} {
		out, errOut, code := runCmd(t, price, "price", "-quantity", tc.quantity)
		var got struct{ Amount int64 }
		if code != exitOK || json.Unmarshal([]byte(out), &got) != nil || got.Amount != tc.wantAmount {
			t.Errorf("-quantity %s: exit %d, amount %d, stderr %q; want 0 and %d", tc.quantity, code, got.Amount, errOut, tc.wantAmount)
		}
	}
	refused := []string{"010", "00", "0x10", "0X10", "0o10", "0b1", "1e3", "1.0", "+5", "-1", "-0", "1_000", " 5", "5 ", "", "٣", "9223372036854775808"}
	for _, q := range refused {
		out, errOut, code := runCmd(t, price, "price", "-quantity", q)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "-quantity") {
			t.Errorf("-quantity %q: exit %d, stdout %.40q, stderr %q; want 2 and one line naming -quantity", q, code, out, errOut)
		}
	}
	if _, errOut, _ := runCmd(t, price, "price", "-quantity", "010"); !strings.Contains(errOut, "leading zero") {
		t.Errorf("-quantity 010: stderr %q does not say why (a leading zero)", errOut)
	}

	seed := readTestdata(t, "seed-summary-input.json")
	for _, at := range []string{"0", "-0", "-5", "1729301460", "253402300799", "-62135596800"} {
		if _, errOut, code := runCmd(t, seed, "summary", "-at", at); code != exitOK {
			t.Errorf("-at %s: exit %d, stderr %q; want 0", at, code, errOut)
		}
	}
	for _, at := range []string{"01729301460", "-05", "0x10", "1e3", "+1", "--5", "1729301460.5", "1_729_301_460", "", "253402300800", "-62135596801"} {
		out, errOut, code := runCmd(t, seed, "summary", "-at", at)
		if code != exitUsage || out != "" || !strings.Contains(errOut, "-at") {
			t.Errorf("-at %q: exit %d, stdout %.40q, stderr %q; want 2 naming -at", at, code, out, errOut)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		s        string
		negative bool
		want     int64
		ok       bool
	}{
		{"0", false, 0, true},
		{"7", false, 7, true},
		{"9223372036854775807", false, 9223372036854775807, true},
		{"-9223372036854775808", true, -9223372036854775808, true},
		{"-12", true, -12, true},
		{"-12", false, 0, false},
		{"012", false, 0, false},
		{"-012", true, 0, false},
		{"-", true, 0, false},
		{"9223372036854775808", false, 0, false},
	} {
		got, err := parseDecimal(tc.s, tc.negative)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDecimal(%q, %v) = %d, %v; want %d, ok %v", tc.s, tc.negative, got, err, tc.want, tc.ok)
		}
	}
}

func TestErrorLine(t *testing.T) {
	big := strings.Repeat("A", 100<<10)
	a40 := strings.Repeat("A", keepChars)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"short values are whole", errors.New(`unknown command "prices"`), `unknown command "prices"`},
		{"a long field path is whole", errors.New("line_items[12].price.currency_options.usd.tiers[3].up_to: must ascend"),
			"line_items[12].price.currency_options.usd.tiers[3].up_to: must ascend"},
		{"a 100 KB quoted value", fmt.Errorf("price.currency: unknown currency %q", big), `price.currency: unknown currency "` + a40 + `..."`},
		{"a 100 KB bare id keeps its colon", fmt.Errorf("billing.credit_grant %s: priority: got 101", big), "billing.credit_grant " + a40 + "...: priority: got 101"},
		{"a 100 KB bare word of punctuation", errors.New("x " + strings.Repeat(")", 100<<10)), "x " + strings.Repeat(")", keepChars) + "..."},
		{"escapes are whole characters", fmt.Errorf("id %q", strings.Repeat("é\n", 100)), `id "` + strings.Repeat(`é\n`, keepChars/2) + `..."`},
		{"unicode escapes are never split", errors.New(`id "` + strings.Repeat(`\u00e9`, 100) + `"`), `id "` + strings.Repeat(`\u00e9`, keepChars) + `..."`},
		{"the rune literal '\"' is no quote", fmt.Errorf(`invalid character '"' in %q`, big), `invalid character '"' in "` + a40 + `..."`},
		{"joined errors on one line", errors.Join(errors.New("a: bad"), errors.New("b:\tworse")), "a: bad; b: worse"},
		{"an unclosed quote is a bare word", errors.New(`value "` + big), `value "` + a40[1:] + "..."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := errorLine(tc.err)
			if got != tc.want {
				t.Errorf("errorLine = %.200q\nwant          %.200q", got, tc.want)
			}
			if !utf8.ValidString(got) || strings.Contains(got, "\n") {
				t.Errorf("errorLine = %.200q: not one valid UTF-8 line", got)
			}
		})
	}

	var many []error
	for i := range 500 {
		many = append(many, fmt.Errorf("grants[%d]: priority: got 101", i))
	}
	if got := errorLine(errors.Join(many...)); utf8.RuneCountInString(got) > maxLine+3 || !strings.HasSuffix(got, "...") || !strings.HasPrefix(got, "grants[0]: priority") {
		t.Errorf("500 problems: a line of %d characters ending %q; want at most %d, cut with ...", len(got), got[max(0, len(got)-20):], maxLine+3)
	}
}

// Every error the command prints quotes at most a short prefix of an
// offending value, however long the value.
func TestErrorLine_Command(t *testing.T) {
	big := strings.Repeat("A", 100<<10)
	draft := draftQuoteJSON(t, false, time.Time{})
	bigDraft := strings.Replace(draft, `"qt_cmd"`, `"qt_`+big+`"`, 1)
	if bigDraft == draft {
		t.Fatal("the draft quote has no id to replace")
	}
	filter := `"filter":{"type":"credit_grant","credit_grant":"credgr_1"}`
	tests := []struct {
		name  string
		input string
		args  []string
		field string // named in the line
	}{
		{"an unknown currency", `{"object":"price","currency":"` + big + `","billing_scheme":"per_unit","unit_amount":5}`, []string{"price", "-quantity", "1"}, "currency"},
		{"a filter naming an unknown grant", `{"customer":"cus_1","grants":[],"filter":{"type":"credit_grant","credit_grant":"` + big + `"}}`, []string{"summary", "-at", "1"}, "credit_grant"},
		{"a grant with a long id and priority 101", `{"customer":"cus_1","grants":[{"id":"credgr_` + big + `","amount":{"type":"monetary","monetary":{"currency":"usd","value":100}},"applicability_config":{"scope":{"price_type":"metered"}},"category":"paid","created":1,"customer":"cus_1","effective_at":5,"priority":101,"updated":1}],` + filter + `}`, []string{"summary", "-at", "1"}, "priority"},
		{"a long unknown summary key", `{"customer":"cus_1","` + big + `":1}`, []string{"summary", "-at", "1"}, "unknown key"},
		{"a long unknown key beside quote", `{"quote":{},"` + big + `":1}`, []string{"quote", "accept", "-at", "1"}, "unknown key"},
		{"accepting a draft with a long id", bigDraft, []string{"quote", "accept", "-at", "1700000100"}, "accept"},
		{"a long command", ``, []string{big}, "unknown command"},
		{"a long transition", ``, []string{"quote", big, "-at", "1"}, "unknown transition"},
		{"a long -quantity", `{}`, []string{"price", "-quantity", big}, "-quantity"},
		{"a long -at", `{}`, []string{"summary", "-at", "1" + strings.Repeat("0", 100<<10)}, "-at"},
		{"a long argument", `{}`, []string{"price", "-quantity", "1", big}, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, tc.args...)
			if code != exitUsage || out != "" {
				t.Fatalf("exit %d, stdout %.60q; want %d and nothing", code, out, exitUsage)
			}
			if len(errOut) > 400 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "billingkit: ") {
				t.Fatalf("stderr is %d bytes (%.300q); want one billingkit line under 400", len(errOut), errOut)
			}
			if !strings.Contains(errOut, tc.field) || !strings.Contains(errOut, "...") {
				t.Errorf("stderr %q: want %q named and the value cut with ...", errOut, tc.field)
			}
		})
	}
}

// A quote subcommand reads what a quote subcommand writes, for every
// transition, and refuses a wrapper it did not write.
func TestQuote_ReadsItsOwnOutput(t *testing.T) {
	wrap := func(s string) string { return `{"quote":` + s + `}` }
	draft := draftQuoteJSON(t, true, time.Time{})
	status := func(t *testing.T, out string) string {
		t.Helper()
		var r struct {
			Quote struct{ Status string } `json:"quote"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("output is not JSON: %v", err)
		}
		return r.Quote.Status
	}
	for _, tc := range []struct {
		name, input string
		args        []string
		want        string
	}{
		{"finalize a wrapped draft", wrap(draft), []string{"quote", "finalize", "-at", "1700000100"}, "open"},
		{"cancel a wrapped draft", wrap(draft), []string{"quote", "cancel", "-at", "1700000100"}, "canceled"},
		{"accept a wrapped open quote", wrap(readTestdata(t, "quote-open.json")), []string{"quote", "accept", "-at", "1680128900"}, "accepted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if got := status(t, out); got != tc.want {
				t.Errorf("status %q, want %q", got, tc.want)
			}
		})
	}

	// accept | cancel: the accepted quote (with its invoice beside it) is
	// read, and refused for what it is, not for an empty status.
	accepted, errOut, code := runCmd(t, readTestdata(t, "quote-open.json"), "quote", "accept", "-at", "1680128900")
	if code != exitOK {
		t.Fatalf("accept: exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(accepted, "{\n  \"quote\": {") {
		t.Errorf("accept's output does not start with the quote: %.40q", accepted)
	}
	_, errOut, code = runCmd(t, accepted, "quote", "cancel", "-at", "1680128901")
	if code != exitUsage || !strings.Contains(errOut, "accepted") || strings.Contains(errOut, `""`) {
		t.Errorf("cancel of accept's output: exit %d, stderr %q; want 2 naming status accepted", code, errOut)
	}

	for _, tc := range []struct{ name, input, want string }{
		{"null", `null`, "want an object, got null"},
		{"quote null", `{"quote":null}`, "quote: want an object, got null"},
		{"quote a string", `{"quote":"qt_1"}`, "quote: want an object, got string"},
		{"an unknown key beside quote", `{"quote":{},"invoices":{}}`, `unknown key "invoices"`},
		{"a case variant beside quote", `{"quote":{},"Invoice":{}}`, `unknown key "Invoice"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, "quote", "accept", "-at", "1")
			if code != exitUsage || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %.40q, stderr %q; want 2 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// The summary input has exactly four keys, matched exactly.
func TestSummary_InputKeys(t *testing.T) {
	seed := readTestdata(t, "seed-summary-input.json")
	for _, tc := range []struct{ name, input, want string }{
		{"a misspelt transactions", strings.Replace(seed, `"customer"`, `"transaction": [], "customer"`, 1), `unknown key "transaction"`},
		{"a case variant", strings.Replace(seed, `"customer"`, `"Customer"`, 1), `unknown key "Customer"`},
		{"null", `null`, "want an object, got null"},
		{"a number for the customer", `{"customer":5}`, "customer: want a string, got number"},
		{"an object for the transactions", `{"customer":"cus_1","transactions":{}}`, "transactions: want an array, got object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, "summary", "-at", "1729301460")
			if code != exitUsage || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %.40q, stderr %q; want 2 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// invoice: bad input is one line on standard error naming the field (the
// change by its index, a grant by its index, -k), exit status 2.
func TestInvoice_BadInput(t *testing.T) {
	b, err := os.ReadFile("testdata/subscription-upgrade.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	sub := string(doc["subscription"])
	tests := []struct {
		name, input string
		args        []string
		field       string
	}{
		{"a change's price given by id", `{"subscription":` + sub + `,"changes":[{},{"items":[{"id":"si_readme","price":"price_pro"}]}]}`, []string{"invoice", "preview", "-at", "1744761600"}, "changes[1]"},
		{"a change naming no item", `{"subscription":` + sub + `,"changes":[{},{"items":[{"id":"si_nope"}]}]}`, []string{"invoice", "preview", "-at", "1744761600"}, "changes[1].items[0].id"},
		{"an invalid grant", `{"subscription":` + sub + `,"grants":[{}]}`, []string{"invoice", "period", "-k", "1"}, "grants[0]"},
		{"changes given to period", `{"subscription":` + sub + `,"changes":[{}]}`, []string{"invoice", "period", "-k", "1"}, "changes"},
		{"no subscription", `{"changes":[]}`, []string{"invoice", "period", "-k", "1"}, "subscription"},
		{"an unreachable boundary", `{"subscription":` + sub + `}`, []string{"invoice", "period", "-k", "1048576"}, "k: boundary"},
		{"a missing -at", `{"subscription":` + sub + `}`, []string{"invoice", "preview"}, "-at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tc.input, tc.args...)
			if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.field) {
				t.Fatalf("exit %d, stdout %.60q, stderr %q; want %d, one line naming %q", code, out, errOut, exitUsage, tc.field)
			}
		})
	}
}
