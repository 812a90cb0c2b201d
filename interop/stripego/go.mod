module github.com/billingkit/billingkit/interop/stripego

go 1.24

replace github.com/billingkit/billingkit => ../..

require (
	github.com/billingkit/billingkit v0.0.0
	github.com/stripe/stripe-go/v82 v82.5.1
	pgregory.net/rapid v1.3.0
)

require github.com/shopspring/decimal v1.6.0
