"""Identifier checks: a unit's unified social credit code (统一社会信用代码) and a
structure's administrative division code (行政区划代码).

A credit code (GB 32100-2015) is 18 characters: the registering authority (``1`` = 机构编制),
the kind of body (for 机构编制: ``1`` 机关, ``2`` 事业单位, ``3`` 群团, ``9`` other), the
six-digit division code where it was registered, a nine-character body code and a check
character computed per GB/T 17710 (mod 31). A division code is looked up in the NBS table of
2023 shipped in ``data/`` (see its README for source and licence).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterator
from importlib import resources

from ..base import vocab
from ..base.errors import Location, Problem
from ..base.when import When
from ..model.structure import Structure

__all__ = ["IDENTIFIER_CHECKS", "identifier_problems", "credit_check_character",
           "division_name"]

IDENTIFIER_CHECKS: dict[str, str] = {
    "credit-code": "a unit's 统一社会信用代码 has a wrong check character or a character "
                   "the standard does not use",
    "credit-code-mismatch": "a credit code's kind of body or division disagrees with the "
                            "unit's category or the structure's division code (a warning)",
    "division-code": "a structure's code is not in the NBS division codes of 2023, or names "
                     "another place (a warning)",
}

#: the 31 characters of GB 32100-2015 (no I, O, S, V, Z)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: category -> the kind-of-body characters a 机构编制 registration may give it
_KIND_OF_BODY = {"leadership": "1", "party-government": "1", "enforcement": "12",
                 "public-institution": "2", "mass-organisation": "3"}
_BODY_NAMES = {"1": "机关", "2": "事业单位", "3": "群团组织", "9": "其他"}


def credit_check_character(first17: str) -> str | None:
    """Return the check character of a credit code's first 17 characters (None: one of
    them is not a character the standard uses).

    >>> credit_check_character("91350100M000100Y4")
    '3'
    """
    try:
        total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    except ValueError:
        return None
    return _CHARS[(31 - total % 31) % 31]


@functools.cache
def _divisions() -> dict[str, str]:
    data = resources.files(__package__).joinpath("data/divisions-2023.csv.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return dict(line.split(",", 1) for line in lines)


def _short(code: str) -> str:
    """The code as the NBS table writes it: 12 digits ending in 000 as 9, trailing zero
    pairs of a province, city or county dropped (430000 -> 43)."""
    if len(code) == 12 and code.endswith("000"):
        code = code[:9]
    while len(code) in (4, 6) and code.endswith("00"):
        code = code[:-2]
    return code


def division_name(code: str) -> str | None:
    """Return the NBS 2023 name of a division code (None: not in the table).

    >>> division_name("430181126"), division_name("430181126000"), division_name("430000")
    ('沙市镇', '沙市镇', '湖南省')
    """
    return _divisions().get(_short(code))


def identifier_problems(s: Structure) -> Iterator[Problem]:
    """The problems of a structure's division code and its units' credit codes."""
    yield from _division(s)
    for u in s.units:
        code = u.credit_code
        if code is None:
            continue
        where = s.locate(u.id, "credit_code")
        check = credit_check_character(code[:17])
        if check is None:
            bad = next(c for c in code[:17] if c not in _CHARS)
            yield Problem(where, "credit-code",
                          f"credit code {code} holds {bad!r}, which GB 32100-2015 does not "
                          f"use (no I, O, S, V or Z); check the code as registered")
            continue
        if code[17] != check:
            yield Problem(where, "credit-code",
                          f"credit code {code} ends in {code[17]!r}, but its check character "
                          f"is {check!r} (GB 32100-2015); check the code as registered")
            continue
        yield from _mismatch(s, u.id, u.category, code, where)


def _mismatch(s: Structure, unit_id: str, category: str, code: str, where: Location
              ) -> Iterator[Problem]:
    allowed = _KIND_OF_BODY.get(category)
    if code[0] == "1" and allowed is not None and code[1] not in allowed:
        said = _BODY_NAMES.get(code[1], code[1])
        yield Problem(where, "credit-code-mismatch",
                      f"credit code {code} registers {unit_id!r} as {said}, but its category "
                      f"is {vocab.label(vocab.CATEGORIES, category)}; check the category or "
                      f"the code", "warning")
    if s.code is not None and len(s.code) >= 6 and code[2:8] != s.code[:6]:
        yield Problem(where, "credit-code-mismatch",
                      f"credit code {code} was registered in division {code[2:8]}, but "
                      f"{s.id} is in {s.code[:6]}; check the code or the structure's code",
                      "warning")


#: the year of the NBS table shipped (divisions-2023.csv.gz)
_TABLE_YEAR = When.parse("2023")


def _division(s: Structure) -> Iterator[Problem]:
    if s.code is None or s.template:
        return
    dated = s.valid_to or s.as_of
    if dated is not None and dated.surely_before(_TABLE_YEAR):
        return  # a state before the table's year: its codes and names may since have changed
    name = division_name(s.code)
    where = s.locate_key("code")
    if name is None:
        yield Problem(where, "division-code",
                      f"code {s.code} is not in the NBS division codes of 2023; check it "
                      f"(a newer division may be missing from the table)", "warning")
    elif s.place and "{" not in s.place and name != s.place:
        yield Problem(where, "division-code",
                      f"code {s.code} is {name} in the NBS division codes of 2023, but the "
                      f"structure's place is {s.place}; check the code or the place",
                      "warning")
