"""The planners' console: French pages at ``/`` over the same service functions as the API."""
