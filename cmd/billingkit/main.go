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
//
// Bad input prints a one-line error naming the field on standard error and
// exits with status 2.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
