"""Small modules with one job: no module over 600 lines and no function over 80 lines.

Measured on every Python file of ``optimizer/`` and ``api/``; the database migrations are left
aside (each one is written once and never edited). A new offender fails here with its size, so
it is split when it is written rather than when it has grown.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("optimizer", "api")
ASIDE = ("api/alembic",)
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def offenders(source: str, name: str) -> list[str]:
    """The module itself if it is too long, then each function (or method) that is."""
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines")
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def measured_files() -> list[Path]:
    files = []
    for root in ROOTS:
        for path in sorted((REPO / root).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if not relative.startswith(ASIDE):
                files.append(path)
    return files


def test_the_measure_sees_a_long_function_and_a_long_module() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"def long():\n{body}\n\n\ndef short():\n    return 1\n"
    assert offenders(source, "m.py") == [f"m.py:1 long(): {MAX_FUNCTION_LINES + 1} lines"]
    padding = "\n" * (MAX_MODULE_LINES + 1)
    assert offenders(f"x = 1{padding}", "m.py") == [f"m.py: {MAX_MODULE_LINES + 1} lines"]
    assert offenders("async def f():\n    return 1\n", "m.py") == []


def test_no_module_and_no_function_is_too_long() -> None:
    files = measured_files()
    assert len(files) > 100  # the whole engine and service are measured, not a corner of them
    found = [
        problem
        for path in files
        for problem in offenders(
            path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix()
        )
    ]
    assert found == []
