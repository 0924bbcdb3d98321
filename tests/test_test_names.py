"""Each test module has a name of its own across ``tests/``.

The test folders are not packages, so pytest imports every test module by its bare name: two
``test_problem.py`` in two folders stop the whole suite at collection ("import file mismatch").
A mirror of a module whose name is taken elsewhere gets its folder in its name
(``tests/roads/test_road_problem.py`` for ``optimizer/roads/problem.py``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_two_test_modules_share_a_name() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        places[path.name].append(str(path.relative_to(TESTS)))
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert shared == {}
