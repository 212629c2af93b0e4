"""Read-only domain calculations of the committee: they never write."""
