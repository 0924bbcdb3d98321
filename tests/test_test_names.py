"""Each test module has a name of its own across ``tests/``.

Most test folders are not packages, so pytest imports their modules by their bare names (a
module inside a package folder by its dotted name from the first folder that is not one): two
``test_problem.py`` in two plain folders stop the whole suite at collection ("import file
mismatch").
A mirror of a module whose name is taken elsewhere gets its folder in its name
(``tests/roads/test_road_problem.py`` for ``optimizer/roads/problem.py``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def import_name(path: Path) -> str:
    """The name pytest imports ``path`` under: its packages' names, then its own."""
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


def test_no_two_test_modules_share_a_name() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        places[import_name(path)].append(str(path.relative_to(TESTS)))
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert shared == {}
