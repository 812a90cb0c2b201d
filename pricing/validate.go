package pricing

// Validate reports every problem with p at once.
func (p Price) Validate() error { return errTODO }

// Validate reports every problem with p at once.
func (p Plan) Validate() error { return errTODO }
