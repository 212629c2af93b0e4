"""Monitoring's domain calculations, read-only (they read through queries and models and never
write): the money funnel (`funnel`), early warning of decommitment (`early_warning`) and the
indicator roll-ups (`indicators`)."""
