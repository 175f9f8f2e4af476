"""sitegen: a static site generator for Markdown blogs."""

__version__ = "0.1.0"
