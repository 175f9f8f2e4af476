"""End-to-end tests: built sites checked by clients nobody here wrote (see conftest.py)."""
