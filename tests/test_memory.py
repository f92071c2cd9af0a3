"""What a loaded structure keeps in memory: a province of 2,000 towns written out in full
is kept whole (bench/load_scale.py), so every byte a unit keeps counts 30,000 times."""

from __future__ import annotations

import gc
import importlib.util
import shutil
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ConfigDict

from orgchart import load_structure
from orgchart.base.when import When
from orgchart.schema.record import Record

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_scale", ROOT / "bench" / "load_scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """31 towns of 15 units, each written out in full, as the benchmark writes them."""
    folder = tmp_path_factory.mktemp("province")
    shutil.copytree(ROOT / "models" / "catalogues", folder / "models" / "catalogues")
    (folder / "towns").mkdir()
    bench = _bench()
    files = []
    for n in range(31):
        path = folder / "towns" / f"{n:05d}.yaml"
        path.write_text(bench.town_text(n), encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.parametrize("cache", ["off", "on"])
def test_a_town_kept_after_loading_costs_little_memory(
        towns: list[Path], cache: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A town of 15 units kept 107 KB: each unit's set of fields written (728 bytes, a
    source's 216), a date object for every source's date and the file's text for its
    places. Shared sets and dates and the text compressed keep it near 72 KB."""
    if cache == "off":
        monkeypatch.setenv("ORGCHART_NO_CACHE", "1")
    load_structure(towns[0])  # the catalogue, imports and the cache entries aside
    kept = [load_structure(t) for t in towns[1:]]  # once, so that the cache is filled
    del kept
    gc.collect()
    tracemalloc.start()
    try:
        kept = [load_structure(t) for t in towns[1:]]
        gc.collect()
        per_town = tracemalloc.get_traced_memory()[0] / len(kept)
    finally:
        tracemalloc.stop()
    assert sum(len(s.units) for s in kept) == 15 * len(kept)
    assert per_town < 85_000, f"{per_town:,.0f} bytes kept a town"


def test_units_that_write_the_same_fields_share_one_set_of_them(towns: list[Path]) -> None:
    a, b = (load_structure(t).unit("general-office") for t in towns[1:3])
    assert a.name_en != b.name_en
    assert a.model_fields_set == {"id", "name", "short_name", "name_en", "kind", "category",
                                  "rank", "parent", "functions", "staffing", "nameplates",
                                  "note", "sources", "verified"}
    assert a.model_fields_set is b.model_fields_set
    assert a.sources[0].model_fields_set is b.sources[1].model_fields_set
    assert a.staffing.model_fields_set is b.staffing.model_fields_set
    # a copy is given its own set before it is changed: the others keep theirs
    copy = a.model_copy(update={"credit_code": "12430181MB1234567X"})
    assert "credit_code" in copy.model_fields_set
    assert "credit_code" not in a.model_fields_set | b.model_fields_set


def test_a_record_must_stay_frozen() -> None:
    """Sharing the set is safe only while no instance can change its fields."""
    with pytest.raises(TypeError, match="must stay frozen"):
        class Loose(Record):  # noqa: F841
            model_config = ConfigDict(frozen=False)


def test_dates_written_alike_are_one_object(towns: list[Path]) -> None:
    a, b = (load_structure(t).unit("town") for t in towns[1:3])
    assert a.sources[0].date == When(2020) and a.sources[1].date == When(2022)
    assert a.sources[0].date is b.sources[0].date
    assert not hasattr(a.sources[0].date, "__dict__")  # slots: 56 bytes, not 160
