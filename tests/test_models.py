"""The shipped models must load and validate clean."""

from pathlib import Path

import pytest

import orgchart

MODELS = orgchart.find_models("models")


def test_there_are_models() -> None:
    assert len(MODELS) >= 2


@pytest.mark.parametrize("path", MODELS, ids=[str(p) for p in MODELS])
def test_model_is_clean(path: Path) -> None:
    count, problems = orgchart.validate_paths([path])
    assert (count, [str(p) for p in problems]) == (1, [])


def test_hunan_standard_township_is_6_1_1_3() -> None:
    s = orgchart.load_structure("models/hunan/township-2019.yaml")
    kinds = [u.kind for u in s if u.parent == "town" and u.category != "other"]
    assert (kinds.count("office"), kinds.count("team"), kinds.count("station"),
            kinds.count("centre")) == (6, 1, 1, 3)
    totals = s.totals()
    assert (totals.admin.value, totals.worker.value, totals.institution.value) == (48, 4, 65)
