"""The benchmark folder: families, classes, stratified subsets, BKS tables and solutions."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.read import benchdata


def test_the_folder_can_be_moved_by_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(benchdata.ENVIRONMENT_VARIABLE, str(tmp_path / "elsewhere"))
    assert benchdata.root() == tmp_path / "elsewhere"
    assert not benchdata.available()


def test_unknown_families_and_subset_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown family 'taillard'"):
        benchdata.instances("taillard")
    with pytest.raises(ValueError, match="n_per_class = 0"):
        benchdata.subset("solomon", 0)


@pytest.mark.usefixtures("benchmark_folder")
def test_families_list_their_instances_by_class_and_number() -> None:
    assert [len(benchdata.instances(f)) for f in benchdata.FAMILIES] == [56, 60, 60, 9]
    assert benchdata.classes("lilim200") == ["LC1", "LC2", "LR1", "LR2", "LRC1", "LRC2"]
    assert benchdata.classes("homberger200") == ["C1", "C2", "R1", "R2", "RC1", "RC2"]
    names = [i.name for i in benchdata.instances("homberger200")][:10]
    assert names == [f"c1_2_{n}" for n in range(1, 11)]


@pytest.mark.usefixtures("benchmark_folder")
def test_subset_spreads_over_each_class() -> None:
    chosen = benchdata.subset("homberger200", 2)
    assert [i.name for i in chosen][:4] == ["c1_2_1", "c1_2_6", "c2_2_1", "c2_2_6"]
    assert len(chosen) == 12 and len({i.klass for i in chosen}) == 6
    solomon = benchdata.subset("solomon", 3)
    assert [i.name for i in solomon if i.klass == "R1"] == ["R101", "R105", "R109"]
    assert len(benchdata.subset("cvrp_x", 50)) == 9


@pytest.mark.usefixtures("benchmark_folder")
def test_instances_carry_their_bks_and_scale() -> None:
    instance = benchdata.instance("lilim200", "lc1_2_10")
    assert (instance.bks_vehicles, instance.bks_distance) == (17, 2942.1319)
    assert instance.scale == 1000.0
    trunc = benchdata.bks_table("solomon", "bks_distance_trunc1.csv")
    assert trunc["C101"].distance == 827.3


@pytest.mark.usefixtures("benchmark_folder")
def test_solomon_has_no_solution_files() -> None:
    with pytest.raises(FileNotFoundError, match="solomon/C101"):
        benchdata.bks_solution("solomon", "C101")
