"""空编 (vacant) and 超编 (over) posts: the one rule the stats, the 编制使用情况表 and the
SQLite views share."""

from __future__ import annotations

from ..base import vocab
from ..schema.structure import Staffing

__all__ = ["vacant_over", "unit_vacant_over"]


def vacant_over(posts: int | None, people: int | None) -> tuple[int | None, int | None]:
    """Return 空编 and 超编 of posts against people: each None when it cannot be known; no
    posts leave none vacant, no people none over, whatever the other figure.

    >>> vacant_over(3, 2), vacant_over(0, None), vacant_over(None, 0), vacant_over(2, None)
    ((1, 0), (0, None), (None, 0), (None, None))
    """
    vacant = 0 if posts == 0 else None if posts is None or people is None \
        else max(posts - people, 0)
    over = 0 if people == 0 else None if posts is None or people is None \
        else max(people - posts, 0)
    return vacant, over


def unit_vacant_over(st: Staffing) -> tuple[int | None, int | None]:
    """Return a unit's 合计 空编 and 超编: where every type's 空编 and 超编 are known, the sums
    of the per-type figures (a type's vacant post does not make up for another's person
    over); else the unit's posts (编制) against its people in post (实有人数), as a unit
    without per-type 实有 is compared.

    >>> unit_vacant_over(Staffing(admin=3, institution=0, worker=0, actual_admin=2,
    ...                           actual_institution=0, actual_worker=1))
    (1, 1)
    >>> unit_vacant_over(Staffing(admin=3, institution=0, worker=0, actual=3))
    (0, 0)
    """
    typed = [vacant_over(getattr(st, k), getattr(st, vocab.ACTUAL_OF[k]))
             for k in vocab.QUOTA_TYPES]
    if all(v is not None and o is not None for v, o in typed):
        return sum(v or 0 for v, _ in typed), sum(o or 0 for _, o in typed)
    return vacant_over(st.quota, st.headcount)
