"""foodroute engine: a pure-Python library, no web code."""
