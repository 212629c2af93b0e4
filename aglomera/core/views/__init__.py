"""The pages of core: the signed-in user's start page."""
