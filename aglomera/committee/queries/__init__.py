"""The read side of the steering committee, by area. Each function runs a fixed number of
queries."""
