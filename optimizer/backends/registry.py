"""Backends by name, imported on demand so that a missing solver only matters when chosen."""

from __future__ import annotations

from importlib import import_module

from optimizer.backends.base import Backend

_BACKENDS = {
    "pyvrp": ("optimizer.backends.pyvrp_backend", "PyVRPBackend"),
    "ortools": ("optimizer.backends.ortools_backend", "ORToolsBackend"),
    "auto": ("optimizer.backends.portfolio", "PortfolioBackend"),
}


def available() -> list[str]:
    """Names a caller may choose, in the order a planner should consider them."""
    names = []
    for name, (module, _) in _BACKENDS.items():
        try:
            import_module(module)
        except ImportError:
            continue
        names.append(name)
    return names


def get_backend(name: str) -> Backend:
    if name not in _BACKENDS:
        raise ValueError(f"backend {name!r} not understood; choose one of {sorted(_BACKENDS)}")
    module_name, class_name = _BACKENDS[name]
    try:
        module = import_module(module_name)
    except ImportError as error:
        raise ValueError(f"backend {name!r} is not available here ({error})") from None
    backend: Backend = getattr(module, class_name)()
    return backend
