"""Commands besides build and serve: `sitegen new` and `sitegen check`."""
