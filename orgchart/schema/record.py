"""The base of the schema's frozen models: instances that set the same fields share the
one set of their names that pydantic keeps with each.

Pydantic keeps, beside each instance's values, a set of the fields written (its
``model_fields_set``): 216 bytes for a source, 728 for a unit, a third of what a loaded
unit costs. Frozen instances never change theirs (a copy is given a copy of it first), so
the instances that wrote the same fields may share one: a province of 2,000 towns keeps
40 MB less.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["MODEL_CONFIG", "Record"]

#: the configuration of the schema's models: unknown keys refused, instances frozen
MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

#: the shared sets, by their names; at most this many are kept (a file's models write a
#: few dozen combinations of fields), then an instance keeps its own
_LIMIT = 4096
_SHARED: dict[frozenset[str], set[str]] = {}


class Record(BaseModel):
    """A frozen model whose instances share their set of fields written with every
    instance that wrote the same ones."""

    model_config = MODEL_CONFIG

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if not cls.model_config.get("frozen"):
            raise TypeError(f"{cls.__name__}: a Record must stay frozen")

    def model_post_init(self, context: Any, /) -> None:
        """Replace this instance's set of fields written by the shared one."""
        own = self.__pydantic_fields_set__
        names = frozenset(own)
        shared = _SHARED.get(names)
        if shared is None:
            if len(_SHARED) >= _LIMIT:
                return
            shared = _SHARED[names] = own
        object.__setattr__(self, "__pydantic_fields_set__", shared)
