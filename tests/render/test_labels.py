"""One unit label for every chart: the reform chart draws a unit as the structure chart does."""

from __future__ import annotations

import re

import pytest

import orgchart
from orgchart.charts import to_dot
from orgchart.charts.reorg import reorg_to_dot
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account

PLAN = "tests/data/reorg/plan.yaml"


def _labels(dot: str, prefix: str = "") -> dict[str, str]:
    """Return each node's HTML-like label by node id (without ``prefix``)."""
    return {m[1][len(prefix):]: m[2] for m in re.finditer(r'^ *"([^"]+)" \[.*?label=(<<TABLE.*'
                                                          r'</TABLE>>)\]$', dot, re.M)
            if m[1].startswith(prefix)}


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
@pytest.mark.parametrize("path", [PLAN, "models/liuyang/reform/shashi-reform.yaml"])
def test_reform_chart_draws_a_kept_unit_as_the_structure_chart(path: str, lang: str) -> None:
    plan = orgchart.load(path)
    assert isinstance(plan, Reorganisation)
    acc = account(plan)
    reform = _labels(reorg_to_dot(acc, lang=lang), "a:")
    chart = _labels(to_dot(acc.after, lang=lang))  # with its ※ marks, as the reform chart
    kept = [u.id for u in acc.after.units if u.id in plan.before]
    assert kept and all(reform[k] == chart[k] for k in kept)


def test_reform_chart_writes_nameplates_in_english_under_lang_en() -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    acc = account(plan)
    plates = [p for u in acc.after.units for p in u.nameplates]
    assert plates  # the plan adds a nameplate (动物防疫站)
    dot = reorg_to_dot(acc, lang="en")
    chart = to_dot(acc.after, lang="en")
    for plate in plates:
        assert f"(also: {plate})" in dot and f"(also: {plate})" in chart
        assert f"（挂{plate}牌子）" not in dot


def test_chart_modules_stay_small() -> None:
    from pathlib import Path

    charts = Path(__file__).resolve().parents[2] / "orgchart" / "charts"
    big = {p.name: n for p in charts.glob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert big == {}, "split chart modules of over 300 lines by job"
