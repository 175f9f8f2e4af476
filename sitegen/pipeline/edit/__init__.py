"""Applying an edit: what each page read (deps), re-rendering the pages whose reads changed,
the quick path for a few edited posts."""
