// Command billingkit reads and writes Stripe JSON around the billingkit
// library.
//
// With no arguments it prints a walk-through: the seed's credit balance
// summary, a partial application of credits and an expiry, a plan converted
// to a price and a tiered bill, and a quote accepted into a subscription.
//
// Subcommands read Stripe JSON on standard input and write Stripe JSON on
// standard output:
//
//	billingkit price -quantity N          a price or a plan -> {"price": <as price>, "amount": N}
//	billingkit summary [-at UNIX]         {"customer", "grants", "transactions", "filter"} -> billing.credit_balance_summary
//	billingkit quote finalize -at UNIX    a quote -> {"quote": ...}
//	billingkit quote accept -at UNIX      a quote -> {"quote": ..., "invoice" | "subscription" | "subscription_schedule": ...}
//	billingkit quote cancel -at UNIX      a quote -> {"quote": ...}
//	billingkit invoice preview -at UNIX   {"subscription", "changes", "meters", "meter_events", ...} -> invoice
//	billingkit invoice period -k K        {"subscription", ...} -> the invoice at the k-th period boundary
//
// A quote subcommand reads a bare Stripe quote or the {"quote": ...} that a
// quote subcommand writes, so "quote finalize ... | quote accept ..." works.
// The summary input's keys are exactly the four above; any other is refused.
//
// Bad input prints a one-line error naming the field on standard error and
// exits with status 2. An offending value is quoted in that line by at most
// its first 40 characters and "...". "billingkit help [COMMAND]", -h after
// any subcommand ("billingkit quote accept -h") or -h alone prints that
// usage on standard output and exits 0.
//
// price validates its input strictly (pricing.Price.Validate or
// pricing.Plan.Validate) before it prices, so an object the library would
// still price leniently, such as Stripe's synthetic fixture price that carries
// custom_unit_amount {null, null, null} beside unit_amount 2000, is refused
// with the field named. A price decoded from partial JSON (no "object" key,
// as in Stripe's docs examples) is written back with the keys it had.
//
// -quantity and -at are decimal digits only (-at may start with '-': unix
// seconds before 1970). A leading zero is refused rather than read in either
// base: "-quantity 010" was octal 8 in earlier versions (Go's flag syntax),
// so reading it as 10 now would change an existing script's amount without a
// word. "0x10", "1e3", "+5" and "1_000" are refused too. Without -at, summary
// answers for the current time, as Stripe's API does; quote requires -at.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
