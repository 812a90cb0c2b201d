package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/billingkit/billingkit/pricing"
)

// priceOutput is what `billingkit price` prints.
type priceOutput struct {
	Price  pricing.Price `json:"price"`
	Amount int64         `json:"amount"`
}

// cmdPrice reads a price or a plan (by its "object" field; a plan without
// one is recognised by its top-level "interval") and prices the quantity.
func cmdPrice(args []string, stdin io.Reader) (any, error) {
	fs := newFlags("price")
	var quantity countFlag
	fs.Var(&quantity, "quantity", "the quantity to price (required): decimal digits")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if !quantity.set {
		return nil, fmt.Errorf("%w: price: -quantity N is required (see billingkit price -h)", errUsage)
	}
	b, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	price, err := decodePriceOrPlan(b)
	if err != nil {
		return nil, err
	}
	if err := price.Validate(); err != nil {
		return nil, err
	}
	amount, err := price.Amount(quantity.n)
	if err != nil {
		return nil, err
	}
	return priceOutput{Price: price, Amount: amount}, nil
}

// decodePriceOrPlan decodes b as a price, or as a plan converted to a price.
func decodePriceOrPlan(b []byte) (pricing.Price, error) {
	var head struct {
		Object   *string         `json:"object"`
		Interval json.RawMessage `json:"interval"`
	}
	if err := decodeStrict(b, &head); err != nil {
		return pricing.Price{}, fmt.Errorf("input: %v", err)
	}
	isPlan := head.Interval != nil
	if head.Object != nil {
		switch *head.Object {
		case "plan":
			isPlan = true
		case "price":
			isPlan = false
		default:
			return pricing.Price{}, fmt.Errorf("object: expected \"price\" or \"plan\", got %q", *head.Object)
		}
	}
	if isPlan {
		var plan pricing.Plan
		if err := decodeStrict(b, &plan); err != nil {
			return pricing.Price{}, err
		}
		if err := plan.Validate(); err != nil {
			return pricing.Price{}, err
		}
		return pricing.PlanToPrice(plan)
	}
	var price pricing.Price
	if err := decodeStrict(b, &price); err != nil {
		return pricing.Price{}, err
	}
	return price, nil
}
