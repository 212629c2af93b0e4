"""The read side of project intentions, one module per area (see actions/)."""
