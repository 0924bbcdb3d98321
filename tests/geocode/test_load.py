"""Loading a BAN file: the index is replaced, never appended to."""

from __future__ import annotations

from pathlib import Path

from optimizer.geocode.addok_config import AddokRedis
from optimizer.geocode.base import AddressQuery
from optimizer.geocode.embedded import EmbeddedAddok
from optimizer.geocode.load import LoadReport, load_ban
from tests.geocode.ban import DOCUMENTS


def test_loading_the_same_file_twice_does_not_duplicate(
    loaded: LoadReport, ban_file: Path, addok_redis: AddokRedis, embedded: EmbeddedAddok
) -> None:
    assert loaded.documents == len(DOCUMENTS)
    assert embedded.documents() == len(DOCUMENTS)
    steps: list[tuple[int, int]] = []
    again = load_ban(ban_file, addok_redis, lambda done, size: steps.append((done, size)))
    assert again.documents == len(DOCUMENTS)
    assert again.redis_keys == loaded.redis_keys
    assert embedded.documents() == len(DOCUMENTS)
    assert steps and steps[-1] == (ban_file.stat().st_size, ban_file.stat().st_size)
    from addok.core import search

    results = search("rue des Ardennes 21000 Dijon", limit=10, autocomplete=False)
    assert [str(r) for r in results].count("Rue des Ardennes 21000 Dijon") == 1
    assert embedded.geocode(AddressQuery("12 rue des Ardennes", "21000")) is not None
