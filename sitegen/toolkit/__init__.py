"""The analyst's toolkit: data files, charts and tables, facts, number formats (build hooks in hooks.py)."""
