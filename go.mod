module github.com/billingkit/billingkit

go 1.24

require (
	github.com/shopspring/decimal v1.6.0
	pgregory.net/rapid v1.3.0
)
