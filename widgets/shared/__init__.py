"""What every panel shares: observing a model, and letting go of it when closed."""
