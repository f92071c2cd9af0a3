from typing import Any

import pytest

import orgchart
from orgchart import Staffing, Structure, Unit

SEMANTIC = "tests/data/broken/semantic.yaml"


def located() -> list[tuple[str, str]]:
    s = orgchart.load_structure(SEMANTIC)
    return [(str(p.where).removeprefix(SEMANTIC + ":"), p.code) for p in orgchart.check(s)]


def test_every_check_fires_once_at_the_right_place() -> None:
    assert located() == [
        ("6:5", "cap-exceeded"),
        ("16:13", "unknown-unit"),
        ("17:17", "unknown-function"),
        ("23:15", "leaders-over-quota"),
        ("23:39", "mixed-staffing"),
        ("29:23", "mixed-staffing"),
        ("31:15", "date-order"),
        ("36:13", "cycle"),
        ("42:5", "multiple-roots"),
    ]


def test_clean_model_has_no_problems() -> None:
    assert orgchart.check(orgchart.load_structure("tests/data/minimal.yaml")) == []


#: every post type written (0: none), so that these tests are about known posts; unknown
#: posts are tested in tests/test_unknown.py
ZERO = dict.fromkeys(("admin", "institution", "worker", "heads", "deputies"), 0)


def known(**posts: int) -> Staffing:
    return Staffing(**{**ZERO, **posts})


def unit(uid: str, parent: str | None = "gov", **kw: object) -> Unit:
    base: dict[str, object] = {"id": uid, "name": uid, "kind": "office",
                               "category": "party-government", "parent": parent}
    base.update(kw)
    return Unit(**base)  # type: ignore[arg-type]


def gov() -> Unit:
    return unit("gov", None, kind="government", category="leadership")


def codes(*units: Unit, **kw: object) -> list[str]:
    s = Structure("s", "S", units=(gov(), *units), **kw)  # type: ignore[arg-type]
    return [p.code for p in orgchart.check(s)]


def test_leaders_within_quota_pass_and_above_fail() -> None:
    assert codes(unit("a", staffing=known(admin=2, heads=1, deputies=1))) == []
    assert codes(unit("a", staffing=known(admin=1, heads=1, deputies=1))) == [
        "leaders-over-quota"]


def test_mixed_staffing_both_ways() -> None:
    assert codes(unit("a", staffing=known(institution=1))) == ["mixed-staffing"]
    assert codes(unit("c", category="public-institution", kind="centre",
                      staffing=known(admin=1))) == ["mixed-staffing"]
    assert codes(unit("c", category="public-institution", kind="centre",
                      staffing=known(institution=1))) == []


def test_over_establishment_is_a_warning() -> None:
    s = Structure("s", "S", units=(gov(), unit("a", staffing=known(admin=2, actual=3))))
    (p,) = orgchart.check(s)
    assert (p.code, p.severity) == ("over-establishment", "warning")
    assert "warning: over-establishment" in str(p)


def test_links_must_resolve_and_not_point_to_self() -> None:
    link = orgchart.Link.model_validate({"type": "业务指导", "with": "county"})
    assert link.type == "guidance"
    assert codes(unit("a", links=(link,))) == ["unknown-unit"]
    body = orgchart.OutsideBody(id="county", name="县局")
    assert codes(unit("a", links=(link,)), outside=(body,)) == []
    self_link = orgchart.Link.model_validate({"type": "co-location", "with": "a"})
    assert codes(unit("a", links=(self_link,))) == ["self-link"]


def test_outside_body_id_clash() -> None:
    assert codes(unit("a"), outside=(orgchart.OutsideBody(id="a", name="x"),)) == [
        "duplicate-id"]


def test_duplicate_unit_and_outside_body_ids() -> None:
    assert codes(unit("a"), unit("a", kind="team")) == ["duplicate-id"]
    body = orgchart.OutsideBody(id="county", name="县局")
    assert codes(unit("a"), outside=(body, body.model_copy(update={"name": "县局2"}))) == [
        "duplicate-id"]
    s = Structure("s", "S", units=(gov(), unit("a"), unit("a"), unit("a")))
    (p,) = orgchart.check(s)
    assert "unit id 'a' is used by 3 units" in p.message
    assert "duplicate-id" in orgchart.CHECKS


def test_unknown_kind_is_a_warning_unless_declared() -> None:
    assert codes(unit("a", kind="hall")) == ["unknown-kind"]
    assert codes(unit("a", kind="hall"), kinds={"hall": "厅"}) == []


def test_no_root() -> None:
    assert codes(unit("a", parent="b"), unit("b", parent="a"))[-1] in {"cycle", "no-root"}
    s = Structure("s", "S", units=(unit("a", parent="b"), unit("b", parent="a")))
    assert {p.code for p in orgchart.check(s)} == {"no-root", "cycle"}


@pytest.mark.parametrize(("cap", "ok"), [
    ({"category": "party-government", "max_units": 2}, True),
    ({"category": "party-government", "max_units": 1}, False),
    ({"staffing": "admin", "max_posts": 5}, True),
    ({"staffing": "admin", "max_posts": 4}, False),
    ({"kind": "office", "staffing": "admin", "max_posts": 4}, True),
])
def test_caps(cap: dict[str, object], ok: bool) -> None:
    units = (unit("a", staffing=known(admin=2)), unit("b", staffing=known(admin=2)))
    s = Structure("s", "S", units=(gov().model_copy(update={"staffing": known(admin=1)}),
                                   *units), caps=(orgchart.Cap.model_validate(cap),))
    assert (orgchart.check(s) == []) is ok


def test_cap_needs_exactly_one_limit() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        orgchart.Cap.model_validate({"category": "other"})


def test_to_networkx_carries_attributes_and_typed_edges() -> None:
    g = orgchart.load_structure("tests/data/minimal.yaml").to_networkx()
    assert sorted(g.nodes) == ["centre", "county-agri", "office", "town"]
    assert g.nodes["centre"]["staffing"]["institution"] == 6
    assert g.nodes["county-agri"]["outside"] is True
    assert sorted(g.edges(keys=True)) == [
        ("centre", "office", "co-location"), ("county-agri", "centre", "guidance"),
        ("town", "centre", "leadership"), ("town", "office", "leadership")]


def test_people_in_post_without_posts_are_over_establishment(write: Any) -> None:
    path = write("q.yaml", """structure: q
name: q
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 0, institution: 0, worker: 0, actual: 3}}
""")
    problems = orgchart.check(orgchart.load_structure(path))
    assert [p.code for p in problems] == ["over-establishment"]


def test_repeated_outside_body_ids_are_located_at_the_repeat(write: Any) -> None:
    path = write("o.yaml", "structure: s\nname: s\noutside:\n  - {id: c, name: 县局}\n"
                 "  - {id: c, name: 县局2}\n  - {id: g, name: 重名}\nunits:\n"
                 "  - {id: g, name: 镇政府, kind: government, category: leadership}\n")
    found = [(str(p.where).rsplit(":", 2)[-2:], p.code)
             for p in orgchart.check(orgchart.load_structure(path))]
    assert found == [(["5", "10"], "duplicate-id"), (["6", "10"], "duplicate-id")]


def test_mixed_people_says_person_for_one() -> None:
    from orgchart.base.words import word

    def messages(n: int) -> tuple[str, str]:
        s = Structure("s", "S", units=(gov(), unit("a", staffing=known(admin=3, actual_admin=2,
                                                                       actual_institution=n))))
        (p,) = [p for p in orgchart.check(s) if p.code == "mixed-staffing"]
        return str(p), word("problem." + p.words[0], "en", **dict(p.words[1]))

    # no "1 people": the count stands after the words, the same for one and for many
    assert all("1 people" not in m and "in post on 事业编制: 1" in m for m in messages(1))
    assert all("in post on 事业编制: 2" in m for m in messages(2))
