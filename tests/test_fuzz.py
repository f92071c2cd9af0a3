"""Fuzzing: random and mutated model files raise only the library's errors, located.

The budget is CI's (a few hundred examples per test) unless the environment variable
ORGCHART_FUZZ names a larger hypothesis profile: ``ORGCHART_FUZZ=large pytest
tests/test_fuzz.py`` (10,000 examples per test), or a number of examples per test
(``ORGCHART_FUZZ=50000``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from test_reorg import plans

import orgchart
from orgchart.charts import to_dot
from orgchart.exports import EXPORT_FORMATS, export

#: Seeds, each mutated in a copy of its own folder so that its relative references
#: (from:, to:, extends:, members:, catalogues) still resolve.
SEED_PATHS = ["tests/data/minimal.yaml", "tests/data/reorg/old.yaml",
              "tests/data/reorg/plan.yaml", "models/hunan/township-2019.yaml",
              "tests/data/broken/semantic.yaml", "models/liuyang/reform/shashi-reform.yaml",
              "models/liuyang/county.yaml", "models/liuyang/towns/dayao.yaml",
              "models/catalogues/township-functions.yaml"]
SEEDS = [Path(p).read_text(encoding="utf-8") for p in SEED_PATHS]
#: Text that hostile or careless input brings: C0 controls (Word's manual line break \v,
#: escape sequences), Mermaid directives, spreadsheet formulas, long names.
HOSTILE = ["\v", "\f", "\x1b[2J", "\x00", "\x07", "\r", "%%{init: {'theme': 'dark'}}%%",
           "%%", "=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "=HYPERLINK(\"http://x\")",
           "镇" * 300, "a" * 2000]
TOKENS = ["", "null", "-1", "1.5", "[]", "{}", "'x'", "town", "agri-centre", "2019-13-45",
          "abolish", "merge", "<script>", '"', "&", "*x", "&x", ": :", "\t", "事业单位", "99999",
          *[json.dumps(h) for h in HOSTILE]]  # as YAML double-quoted scalars (escapes)

_CI = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.function_scoped_fixture])
settings.register_profile("orgchart-ci", _CI)
settings.register_profile("large", _CI, max_examples=10_000)
_PROFILE = os.environ.get("ORGCHART_FUZZ", "ci")
if _PROFILE.isdigit():
    settings.register_profile(_PROFILE, _CI, max_examples=int(_PROFILE))


def budget(ci_examples: int) -> settings:
    """The settings of a fuzz test: CI's ``ci_examples``, or the chosen profile's budget."""
    if _PROFILE == "ci":
        return settings(settings.get_profile("orgchart-ci"), max_examples=ci_examples)
    return settings.get_profile(_PROFILE)


def check_csv(text: str) -> None:
    """No cell may start a formula when a spreadsheet opens the table (OWASP CSV injection)."""
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))):
        for cell in row:
            if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell):
                continue  # a number, such as a negative vacancy, is no formula
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), \
                f"CSV cell {cell[:40]!r} would be read as a formula"


def check_mermaid(text: str) -> None:
    """Model text never becomes a Mermaid directive or comment (%%{init: ...}%%)."""
    for line in text.splitlines():
        body = re.sub(r"^\s*%% ", "", line, count=1)  # the exporter's own comment line
        assert "%%" not in body, f"Mermaid line {line[:80]!r} holds a live %%"


def _export_all(model: object, path: Path) -> None:
    """Export ``model`` in every format; a format that does not fit may refuse, cleanly."""
    import networkx as nx

    for fmt in EXPORT_FORMATS:
        try:
            text = export(model, fmt)  # type: ignore[arg-type]
        except orgchart.OrgChartError:
            takes_it = isinstance(model, orgchart.Structure) or (
                isinstance(model, orgchart.Reorganisation) and EXPORT_FORMATS[fmt][0] == "any")
            assert not takes_it, f"{fmt} refused a model it takes"
            continue
        if fmt in ("json", "jsonld", "popolo"):
            json.loads(text)
        elif fmt == "graphml":
            nx.read_graphml(io.StringIO(text))
        elif fmt == "gexf":
            nx.read_gexf(io.StringIO(text))
        elif fmt == "csv":
            from orgchart.exports.tables import relations_csv

            assert isinstance(model, orgchart.Structure)
            check_csv(text)
            check_csv(relations_csv(model))
        elif fmt == "mermaid":
            check_mermaid(text)


def _round_trip(model: orgchart.Structure | orgchart.Reorganisation, path: Path) -> None:
    """The canonical YAML of a model that loads without errors loads back equal."""
    copy = path.with_name(path.stem + "-copy.yaml")
    copy.write_text(export(model, "yaml", copy), encoding="utf-8")
    try:
        again = orgchart.load(copy)
    finally:
        copy.unlink()
    if isinstance(model, orgchart.Structure):
        assert again == model
    else:
        assert isinstance(again, orgchart.Reorganisation)
        assert again.events == model.events and again.before == model.before


def exercise(path: Path) -> None:
    """Do everything a user can do with a file; only OrgChartError may come out."""
    try:
        model = orgchart.load(path)
        _export_all(model, path)
        if isinstance(model, orgchart.Structure):
            problems = orgchart.check(model)
            for p in problems:
                assert p.where.file and p.where.line >= 1 and p.where.col >= 1, p
            to_dot(model)
            _round_trip(model, path)
            for member in model.members:
                orgchart.diff(member, model.members[0])
        elif isinstance(model, orgchart.Reorganisation):
            acc = orgchart.account(model)
            for p in acc.problems:
                assert p.where.file and p.where.line >= 1 and p.where.col >= 1, p
            _round_trip(model, path)
            _export_all(acc.after, path)
            orgchart.diff(model.before, acc.after)
            if model.after is not None:
                orgchart.diff(acc.after, model.after)
    except orgchart.OrgChartError as err:
        for p in getattr(err, "problems", []):
            assert p.where.file and p.where.line >= 1 and p.where.col >= 1, p


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    seed = draw(st.integers(0, len(SEEDS) - 1))
    lines = SEEDS[seed].splitlines()
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
    return SEED_PATHS[seed], "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the models and test data, where mutated files can sit beside their seeds."""
    import shutil

    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("models", "tests/data"):
        shutil.copytree(folder, root / folder)
    return root


@budget(300)
@given(case=mutated())
def test_mutated_files_fail_cleanly(sandbox: Path, case: tuple[str, str]) -> None:
    seed, text = case
    path = sandbox / Path(seed).parent / ".fuzz-case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        exercise(path)
    finally:
        path.unlink()


@budget(200)
@given(st.binary(max_size=300))
def test_random_bytes_fail_cleanly(sandbox: Path, data: bytes) -> None:
    path = sandbox / "tests/data/.fuzz-bytes.yaml"  # not the repository's tests/data
    path.write_bytes(data)
    try:
        exercise(path)
    finally:
        path.unlink()


#: C0 controls other than tab and newline: refused at load (B11).
CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\t\n"]
_PIECES = st.one_of(st.sampled_from(list("镇办站<>&\"'{}[]|;:#%\\\n -_ab=+@\t")),
                    st.sampled_from(HOSTILE[:-2]), st.sampled_from(CONTROLS))
NAMES = st.one_of(
    st.lists(_PIECES, min_size=1, max_size=12).map("".join),
    st.builds(lambda head, body: head + body, st.sampled_from(["=", "+", "-", "@", "\t"]),
              st.text(alphabet=st.sampled_from(list("镇办SUM(A1)")), max_size=8)),
    st.text(alphabet=st.sampled_from(list("镇办站ab ")), min_size=200, max_size=600),
).filter(lambda t: t.strip() != "")


def _has_control(text: object) -> bool:
    return isinstance(text, str) and any(c in text for c in CONTROLS)


@st.composite
def hostile_structures(draw: st.DrawFn) -> orgchart.Structure:
    """A valid structure with hostile names; the model may refuse C0 controls (B11)."""
    names: list[str] = []
    try:
        return draw(_hostile_structures(names))
    except ValueError:  # pydantic's ValidationError and ModelError are ValueErrors
        if any(_has_control(n) for n in names):
            reject()
        raise


@st.composite
def _hostile_structures(draw: st.DrawFn, names: list[str]) -> orgchart.Structure:
    def name() -> str:
        text = draw(NAMES)
        names.append(text)
        return text

    units = [orgchart.Unit(id="root", name=name(), kind="government", category="leadership")]
    for i in range(draw(st.integers(0, 6))):
        units.append(orgchart.Unit(
            id=f"u{i}", name=name(), kind=draw(st.sampled_from(["office", "centre"])),
            category=draw(st.sampled_from(["party-government", "other", "stationed"])),
            parent=draw(st.sampled_from([u.id for u in units])),
            nameplates=tuple(dict.fromkeys(name() for _ in range(draw(st.integers(0, 2))))),
            name_en=name() if draw(st.booleans()) else None))
    outside = [orgchart.OutsideBody(id="county", name=name())]
    for u in units[1:]:
        if draw(st.booleans()):
            other = draw(st.sampled_from(["county", *[x.id for x in units if x is not u]]))
            kind = "guidance" if other == "county" else "co-location"
            units[units.index(u)] = u.model_copy(update={"links": (
                orgchart.Link.model_validate({"type": kind, "with": other}),)})
    days = st.dates(min_value=dt.date(1949, 10, 1), max_value=dt.date(2099, 12, 31))
    whens = st.builds(  # a year, a month or a day, maybe approximate
        lambda d, precision, about: orgchart.When(
            d.year, d.month if precision > 0 else None, d.day if precision > 1 else None,
            about), days, st.integers(0, 2), st.booleans())
    dates = st.one_of(st.none(), st.just(orgchart.When.unknown()), whens)
    units = [u.model_copy(update={"valid_from": draw(dates)}) for u in units]
    if draw(st.booleans()):
        units[-1] = units[-1].model_copy(update={"parent": "county"})
    return orgchart.Structure("s", name(), units=tuple(units), outside=tuple(outside),
                              verified=True)


@budget(60)
@given(hostile_structures())
def test_every_exporter_takes_any_valid_structure(s: orgchart.Structure) -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx
    import yaml

    from orgchart.write.draw import draw

    dot = to_dot(s, lang="both", functions=True, mark_unverified=True)
    assert dot.count("digraph") == 1
    with warnings.catch_warnings():  # a Graphviz abort redrawn with polyline warns; fine here
        warnings.simplefilter("ignore", orgchart.RenderWarning)
        svg = ET.fromstring(draw(dot, "svg"))  # well-formed: nothing injected or broken
    assert not [e for e in svg.iter() if e.tag.endswith("script")]
    for fmt in EXPORT_FORMATS:
        text = export(s, fmt)
        if fmt in ("json", "popolo", "jsonld"):
            json.loads(text)
        elif fmt == "yaml":
            assert yaml.safe_load(text)["units"][0]["name"] == s.units[0].name
        elif fmt == "graphml":
            assert len(nx.read_graphml(io.StringIO(text))) == len(s.units) + len(s.outside)
        elif fmt == "gexf":
            assert len(nx.read_gexf(io.StringIO(text))) == len(s.units) + len(s.outside)
        elif fmt == "mermaid":
            assert "<" not in text.replace("<br/>", "").replace("<small>", "").replace(
                "</small>", "")
            check_mermaid(text)
        elif fmt == "csv":
            from orgchart.exports.tables import relations_csv

            check_csv(text)
            check_csv(relations_csv(s))
        if fmt == "jsonld":
            _read_jsonld(text)
        elif fmt == "popolo":
            _popolo_parents_resolve(text)
    from orgchart.views.stats import cap_stats, format_stats, staffing_stats

    for by in ("unit", "category", "kind"):
        check_csv(format_stats(staffing_stats(s, by), cap_stats(s), "csv", s.reported))


#: Where a name can be in a model file, as a template of MINI's lines.
_TEXT = st.characters(exclude_categories=["Cs"])  # a lone surrogate is refused as such
_NAME_FIELDS = ["name: 小镇\n", "    name: 党政综合办公室\n", "    nameplates: [动物防疫站]\n",
                "  - {id: county-agri, name: 县农业农村局}\n"]


@budget(100)
@given(field=st.sampled_from(_NAME_FIELDS),
       text=st.builds(lambda a, c, b: a + c + b, st.text(_TEXT, max_size=5),
                      st.sampled_from(CONTROLS), st.text(_TEXT, max_size=5)))
def test_control_characters_are_refused_at_load(sandbox: Path, field: str, text: str) -> None:
    """A C0 control in any name is a located error at load, not a broken chart or export."""
    mini = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(text)  # a YAML double-quoted scalar: the control is an escape
    line = field.replace("小镇", quoted).replace("党政综合办公室", quoted) \
        .replace("[动物防疫站]", f"[{quoted}]").replace("县农业农村局", quoted)
    assert field in mini and line != field
    path = sandbox / "tests/data/.fuzz-control.yaml"
    path.write_text(mini.replace(field, line), encoding="utf-8")
    at = mini[:mini.index(field)].count("\n") + 1
    try:
        with pytest.raises(orgchart.ModelError) as caught:
            orgchart.load(path)
    finally:
        path.unlink()
    assert [p for p in caught.value.problems if p.where.file == str(path) and p.where.line == at], \
        f"no problem located at line {at}: {caught.value}"


def _read_jsonld(text: str) -> object:
    from rdflib import Graph

    return Graph().parse(data=text, format="json-ld")


def _popolo_parents_resolve(text: str) -> None:
    import json

    orgs = json.loads(text)["organizations"]
    ids = {o["id"] for o in orgs}
    assert len(ids) == len(orgs)
    assert [o for o in orgs if o.get("parent_id", next(iter(ids))) not in ids] == []


@budget(40)
@given(plans())
def test_every_plan_exporter_takes_random_plans(plan: orgchart.Reorganisation) -> None:
    import yaml
    from rdflib import URIRef
    from rdflib.namespace import ORG, RDF

    for fmt, (takes, _suffix) in EXPORT_FORMATS.items():
        if takes != "any":
            continue
        text = export(plan, fmt)
        assert text == export(plan, fmt)
        if fmt == "yaml":
            assert len(yaml.safe_load(text)["events"]) == len(plan.events)
        elif fmt == "json":
            assert len(json.loads(text)["events"]) == len(plan.events)
        elif fmt == "popolo":
            _popolo_parents_resolve(text)
        else:
            g = _read_jsonld(text)
            event = URIRef(f"urn:orgchart:change/{plan.id}")
            assert (event, RDF.type, ORG.ChangeEvent) in g  # type: ignore[operator]
            assert len(set(g.objects(event, ORG.resultingOrganization))) == 1  # type: ignore[attr-defined]
