"""sitegen: a static site generator for a curated job digest."""

__version__ = "0.1.0"
