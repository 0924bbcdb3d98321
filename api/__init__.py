"""The solve-job service: a FastAPI door into the optimizer, with durable jobs.

Nothing in :mod:`optimizer` imports this package; the CLI reaches it lazily (``foodroute serve``).
"""
