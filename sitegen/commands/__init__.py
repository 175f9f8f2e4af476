"""Commands besides build and serve: `sitegen init`, `sitegen new` and `sitegen check`."""
