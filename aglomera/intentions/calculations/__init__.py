"""Read-only calculations of project intentions (the working group's arithmetic, the ranking)."""
