"""foodroute HTTP service."""
