"""The JSON Schema accepts every written form the loader accepts (issue 12 review).

Editors validate model files with ``orgchart schema``: a value the loader takes (a Chinese
category label, 副科级, 未知, 已核实, 官方) must not be underlined as an error there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import orgchart
from orgchart.base import vocab

Write = Callable[[str, str], Path]

VALIDATOR = jsonschema.Draft202012Validator(orgchart.json_schema())


def _unit(**fields: Any) -> dict[str, Any]:
    unit = {"id": "a", "name": "甲", "kind": "office", "category": "other"}
    unit.update(fields)
    return {"structure": "s", "name": "s", "units": [unit]}


CASES: list[tuple[str, dict[str, Any]]] = (
    [(f"category {s}", _unit(category=s)) for s in vocab.spellings(vocab.CATEGORIES)]
    + [(f"rank {s}", _unit(rank=s)) for s in vocab.spellings(vocab.RANKS)]
    + [(f"funding {s}", _unit(funding=s)) for s in vocab.spellings(vocab.FUNDINGS)]
    + [(f"class {s}", _unit(public_class=s)) for s in vocab.spellings(vocab.PUBLIC_CLASSES)]
    + [(f"evidence {s}", _unit(evidence=s)) for s in vocab.spellings(vocab.EVIDENCE)]
    + [(f"fact {s}", _unit(facts={s: "inferred"})) for s in vocab.spellings(vocab.FACTS)]
    + [(f"link {s}", _unit(links=[{"type": s, "with": "a"}]))
       for s in vocab.spellings(vocab.RELATIONS)]
    + [(f"source {s}", _unit(sources=[{"title": "t", "kind": s}]))
       for s in vocab.spellings(vocab.SOURCE_KINDS)]
)


@pytest.mark.parametrize(("what", "data"), CASES, ids=[c[0] for c in CASES])
def test_the_schema_accepts_what_the_loader_accepts(
        what: str, data: dict[str, Any], write: Write) -> None:
    import yaml

    path = write("s.yaml", yaml.safe_dump(data, allow_unicode=True))
    orgchart.load_structure(path)  # the loader takes it ...
    errors = [e.message for e in VALIDATOR.iter_errors(data)]
    assert errors == [], what  # ... and so must an editor


def test_the_schema_still_refuses_a_misspelling() -> None:
    assert list(VALIDATOR.iter_errors(_unit(category="领导机关x")))
    assert list(VALIDATOR.iter_errors(_unit(rank="正科长")))


def test_spellings_are_the_keys_first_then_the_labels() -> None:
    spellings = vocab.spellings(vocab.CATEGORIES)
    assert spellings[: len(vocab.CATEGORIES)] == tuple(vocab.CATEGORIES)
    assert "领导机构" in spellings and "类别未知" in spellings and "未知" in spellings
