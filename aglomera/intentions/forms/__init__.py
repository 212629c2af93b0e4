"""Forms of project intentions, one module per area (see actions/)."""
