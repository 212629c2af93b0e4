"""Staff and applicant pages of project intentions, one module per area (see actions/)."""
