"""Boundaries that a one-character change in the code would move: each pinned on both sides."""

from __future__ import annotations

import pytest

import orgchart
from orgchart import Staffing, Structure, Unit, When
from orgchart.base.style import DEFAULT_THEME

GOV = Unit(id="gov", name="镇政府", kind="government", category="leadership")


def _unit(uid: str, **fields: object) -> Unit:
    return Unit.model_validate({"id": uid, "name": uid, "kind": "office",
                                "category": "party-government", "parent": "gov", **fields})


def _codes(s: Structure) -> list[str]:
    return [p.code for p in orgchart.check(s)]


def test_a_unit_may_start_and_end_on_the_same_day_but_not_end_before_it_starts() -> None:
    day = When(2020, 1, 1)
    same = Structure("s", "S", units=(GOV, _unit("a", valid_from=day, valid_to=day)))
    assert "date-order" not in _codes(same)
    before = Structure("s", "S", units=(GOV, _unit("a", valid_from=day,
                                                   valid_to=When(2019, 12, 31))))
    assert _codes(before).count("date-order") == 1


def test_a_structure_may_start_and_end_on_the_same_day_but_not_end_before_it_starts() -> None:
    day = When(2020, 1, 1)
    assert "date-order" not in _codes(Structure("s", "S", units=(GOV,), valid_from=day,
                                                valid_to=day))
    early = Structure("s", "S", units=(GOV,), valid_from=day, valid_to=When(2019, 12, 31))
    assert _codes(early).count("date-order") == 1


def _flat(n: int) -> Structure:
    return Structure("s", "S", units=(GOV, *(_unit(f"u{i}") for i in range(n - 1))))


def test_orthogonal_lines_up_to_the_theme_limit_then_cheaper_ones() -> None:
    limit = int(DEFAULT_THEME["layout"]["ortho_max_units"])
    at, over = orgchart.to_dot(_flat(limit)), orgchart.to_dot(_flat(limit + 1))
    assert "splines=ortho" in at.replace('"', "") and "splines=ortho" not in over.replace('"', "")
    assert "splines=polyline" in over.replace('"', "")


def test_same_units_treats_an_unknown_headcount_and_zero_alike_but_not_a_real_one() -> None:
    def with_actual(actual: int | None) -> Structure:
        return Structure("s", "S", units=(GOV, _unit("a", staffing=Staffing(admin=2,
                                                                            actual=actual))))

    assert orgchart.same_units(with_actual(0), with_actual(None))
    assert not orgchart.same_units(with_actual(2), with_actual(None))


def test_diff_credits_a_removed_unit_to_the_first_of_equally_close_new_units() -> None:
    old = Structure("a", "A", units=(GOV, _unit("x", name="农办")))
    new = Structure("b", "B", units=(GOV, _unit("p", name="农办"), _unit("q", name="农办")))
    first = [e for e in orgchart.diff(old, new) if e.type == "rename"]
    assert [(e.unit, e.id) for e in first] == [("x", "p")]
    swapped = Structure("b", "B", units=(GOV, _unit("q", name="农办"), _unit("p", name="农办")))
    second = [e for e in orgchart.diff(old, swapped) if e.type == "rename"]
    assert [(e.unit, e.id) for e in second] == [("x", "q")]


def test_many_roots_give_short_messages_not_a_quadratic_text() -> None:
    # each extra root is one problem; listing every root in each made N squared text
    # (50,000 roots: 24 GB before the process was killed)
    s = Structure("s", "S", units=tuple(
        Unit(id=f"r{i}", name="x", kind="office", category="other") for i in range(2000)))
    found = [p for p in orgchart.check(s) if p.code == "multiple-roots"]
    assert len(found) == 1999
    assert max(len(p.message) for p in found) < 200
    assert "'r0', 'r1', 'r2', 'r3', 'r4' and 1,995 more" in found[0].message


def test_unknown_names_in_a_large_structure_are_checked_in_linear_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    from orgchart.base.text import Suggester

    # every unit names a parent that does not exist: each problem used to compare its name
    # with every id (20,000 units did not finish in 300 s); count the comparisons instead
    compared = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: object, **kw: object) -> object:
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    s = Structure("s", "S", units=tuple(
        Unit(id=f"u{i}", name="x", kind="office", category="other", parent=f"nowhere{i}")
        for i in range(5_000)))
    found = [p for p in orgchart.check(s) if p.code == "unknown-unit"]
    assert len(found) == 5_000 and max(compared) <= Suggester.LIMIT
    small = Structure("s", "S", units=(GOV, _unit("a", parent="gvo")))
    assert "did you mean 'gov'" in next(p.message for p in orgchart.check(small)
                                        if p.code == "unknown-unit")
