"""A unit under edit while a plan runs, and the posts a staffing record holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..base.vocab import HEADCOUNT_TYPES
from ..schema.structure import Link, Staffing, Unit

__all__ = ["Draft", "amounts"]


def amounts(staffing: Staffing | Mapping[str, int | None]) -> dict[str, int]:
    """Return the posts a staffing record holds, by type (types at 0 or unknown left out)."""
    values = vars(staffing) if isinstance(staffing, Staffing) else staffing
    return {k: v for k, v in values.items() if v}


class Draft:
    """A unit under edit: its field values, shared with the frozen unit it came from until
    a field changes, then its own and mutable; validated and frozen again once, at the end.
    """

    __slots__ = ("frozen", "values", "posts")

    def __init__(self, unit: Unit, created: bool = False) -> None:
        self.frozen: Unit | None = unit
        #: the field values (the frozen unit's own until :meth:`set`: never write to it)
        self.values: dict[str, Any] = vars(unit)
        #: the posts by type (likewise shared until :meth:`add_posts`)
        self.posts: dict[str, int | None] = vars(unit.staffing)
        if created:  # an event's new unit holds the posts the event gives it: unwritten is
            # 0; its people in post (实有) are not posts: unwritten, they are not known
            unset = set(self.posts) - unit.staffing.model_fields_set - set(HEADCOUNT_TYPES)
            if unset:
                self._thaw()
                self.posts.update(dict.fromkeys(unset, 0))

    @property
    def id(self) -> str:
        return str(self.values["id"])

    @property
    def parent(self) -> str | None:
        parent: str | None = self.values["parent"]
        return parent

    @property
    def functions(self) -> tuple[str, ...]:
        functions: tuple[str, ...] = self.values["functions"]
        return functions

    @property
    def nameplates(self) -> tuple[str, ...]:
        plates: tuple[str, ...] = self.values["nameplates"]
        return plates

    @property
    def links(self) -> tuple[Link, ...]:
        links: tuple[Link, ...] = self.values["links"]
        return links

    def fields(self) -> dict[str, Any]:
        """Return the unit's field values as they are now (a new dict)."""
        return {**self.values, "staffing": dict(self.posts)}

    def _thaw(self) -> None:
        if self.frozen is not None:
            self.values = dict(self.values)
            self.posts = dict(self.posts)
            self.frozen = None

    def set(self, changes: Mapping[str, Any]) -> None:
        """Change fields (``staffing`` is changed through :meth:`add_posts`)."""
        self._thaw()
        self.values.update(changes)

    def add_posts(self, delta: Mapping[str, int]) -> None:
        """Add posts by type (negative amounts remove; never below 0); a type that is not
        known stays unknown: posts moved into or out of an unknown number leave it unknown."""
        self._thaw()
        for key, value in delta.items():
            have = self.posts[key]
            if have is not None:
                self.posts[key] = max(have + value, 0)

    def forget_posts(self, keys: Iterable[str]) -> None:
        """Make these types unknown (the unit took in posts of an unknown number)."""
        keys = [k for k in keys if self.posts[k] is not None]
        if keys:
            self._thaw()
            self.posts.update(dict.fromkeys(keys))

    def freeze(self) -> Unit:
        """Return the unit as a validated, frozen record."""
        if self.frozen is None:
            staffing = Staffing.model_validate(self.posts)
            self.frozen = Unit.model_validate({**self.values, "staffing": staffing})
        return self.frozen
