"""Routing backends: each translates the domain model into one solver and back into sequences."""
