package pricing

// PlanToPrice converts a legacy plan to the equivalent price.
func PlanToPrice(p Plan) (Price, error) { return Price{}, errTODO }

// PriceToPlan converts a recurring price to the equivalent plan.
func PriceToPlan(p Price) (Plan, error) { return Plan{}, errTODO }
