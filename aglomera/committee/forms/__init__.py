"""Forms of the steering committee pages, by area: they parse input; the actions decide."""
