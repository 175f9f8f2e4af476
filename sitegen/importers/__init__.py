"""`sitegen import`: move an existing blog into a sitegen site.

One module per source (jekyll, hugo, wordpress, feed, markdown) turns its input into plain
`Entry` values; the shared writer turns those into files under `content/` and never
overwrites a file; the report lists what was imported and what could not be converted.
"""
