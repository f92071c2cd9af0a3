"""Fuzzing: random and mutated model files raise only the library's errors, located."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgchart
from orgchart.exports import EXPORT_FORMATS, export
from orgchart.render import to_dot

SEEDS = [Path(p).read_text(encoding="utf-8") for p in (
    "tests/data/minimal.yaml", "tests/data/reorg/old.yaml", "tests/data/reorg/plan.yaml",
    "models/hunan/township-2019.yaml", "tests/data/broken/semantic.yaml")]
TOKENS = ["", "null", "-1", "1.5", "[]", "{}", "'x'", "town", "agri-centre", "2019-13-45",
          "abolish", "merge", "<script>", '"', "&", "*x", "&x", ": :", "\t", "事业单位", "99999"]


def exercise(path: Path) -> None:
    """Do everything a user can do with a file; only OrgChartError may come out."""
    try:
        model = orgchart.load(path)
        if isinstance(model, orgchart.Structure):
            for p in orgchart.check(model):
                assert p.where.file and p.where.line >= 1 and p.where.col >= 1, p
            to_dot(model)
            for fmt in EXPORT_FORMATS:
                export(model, fmt)
        elif isinstance(model, orgchart.Reorganisation):
            acc = orgchart.account(model)
            for p in acc.problems:
                assert p.where.file and p.where.line >= 1, p
            for fmt in ("yaml", "json", "jsonld", "popolo"):
                export(model, fmt)
            orgchart.diff(model.before, acc.after)
    except orgchart.OrgChartError as err:
        for p in getattr(err, "problems", []):
            assert p.where.file and p.where.line >= 1 and p.where.col >= 1, p


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "dup", "token", "token", "token", "indent",
                                    "char"]))
        if how == "drop":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "token":
            head, sep, _tail = lines[i].partition(": ")
            lines[i] = (head + sep if sep else lines[i] + ": ") + draw(st.sampled_from(TOKENS))
        elif how == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + lines[i].lstrip()
        else:
            j = draw(st.integers(0, max(len(lines[i]) - 1, 0)))
            lines[i] = lines[i][:j] + draw(st.sampled_from(TOKENS)) + lines[i][j + 1:]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_files_fail_cleanly(tmp_path_factory: object, text: str) -> None:
    folder = Path("tests/data/reorg")  # keep relative references (from: old.yaml) working
    path = folder / ".fuzz-case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        exercise(path)
    finally:
        path.unlink()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_fail_cleanly(data: bytes) -> None:
    path = Path("tests/data/.fuzz-bytes.yaml")
    path.write_bytes(data)
    try:
        exercise(path)
    finally:
        path.unlink()


NAMES = st.text(alphabet=st.sampled_from(list("镇办站<>&\"'{}[]|;:#%\\\n -_ab")), min_size=1,
                max_size=12).filter(lambda t: t.strip() != "")


@st.composite
def hostile_structures(draw: st.DrawFn) -> orgchart.Structure:
    units = [orgchart.Unit(id="root", name=draw(NAMES), kind="government",
                           category="leadership")]
    for i in range(draw(st.integers(0, 6))):
        units.append(orgchart.Unit(
            id=f"u{i}", name=draw(NAMES), kind=draw(st.sampled_from(["office", "centre"])),
            category=draw(st.sampled_from(["party-government", "other", "stationed"])),
            parent=draw(st.sampled_from([u.id for u in units])),
            nameplates=tuple(draw(st.lists(NAMES, max_size=2, unique=True))),
            name_en=draw(st.one_of(st.none(), NAMES))))
    return orgchart.Structure("s", draw(NAMES), units=tuple(units), verified=True)


@settings(max_examples=60, deadline=None)
@given(hostile_structures())
def test_every_exporter_takes_any_valid_structure(s: orgchart.Structure) -> None:
    import json
    import xml.etree.ElementTree as ET

    import networkx as nx
    import yaml

    from orgchart.render.draw import draw

    dot = to_dot(s, lang="both", functions=True, mark_unverified=True)
    assert dot.count("digraph") == 1
    svg = ET.fromstring(draw(dot, "svg"))  # well-formed: nothing injected or broken
    assert not [e for e in svg.iter() if e.tag.endswith("script")]
    for fmt in EXPORT_FORMATS:
        text = export(s, fmt)
        if fmt in ("json", "popolo", "jsonld"):
            json.loads(text)
        elif fmt == "yaml":
            assert yaml.safe_load(text)["units"][0]["name"] == s.units[0].name
        elif fmt == "graphml":
            import io

            assert len(nx.read_graphml(io.StringIO(text))) == len(s.units)
        elif fmt == "mermaid":
            assert "<" not in text.replace("<br/>", "").replace("<small>", "").replace(
                "</small>", "")
