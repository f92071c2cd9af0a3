"""What a chart shows and how it looks (:class:`DiagramOptions`), and checks made before
drawing one: the text it will draw (for glyphs) and its size."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..base.style import DEFAULT_THEME, FONT_FAMILIES
from ..model.structure import Structure

__all__ = ["DiagramOptions", "ORDERS", "drawn_texts", "check_size"]

#: How a reform chart orders each side's units: as declared, or for the fewest crossings.
ORDERS: tuple[str, ...] = ("declared", "crossings")


@dataclass(frozen=True)
class DiagramOptions:
    """What a diagram shows and how it looks."""

    lang: str = "zh"
    staffing: bool = True
    functions: bool = False
    direction: str = "TB"
    theme: str | None = None
    font: str | None = None
    font_file: str | None = None
    mark_unverified: bool = True  # a reconstruction never looks like an official chart
    legend: bool = True
    title: bool = True
    #: Reform charts: keep each side in declared (三定) order, or let Graphviz order the
    #: sides for the fewest crossings.
    order: str = "declared"
    theme_data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        from ..base.errors import RenderError

        if self.lang not in ("zh", "en", "both"):
            raise RenderError(f"unknown lang {self.lang!r}; choose zh, en or both")
        if self.direction not in ("TB", "LR"):
            raise RenderError(f"unknown direction {self.direction!r}; choose TB or LR")
        if self.order not in ORDERS:
            raise RenderError(f"unknown order {self.order!r}; choose {' or '.join(ORDERS)}")

    def fonts(self) -> str:
        """Return the font-family list used in DOT (and so in SVG)."""
        families = ((self.font,) if self.font else ()) + FONT_FAMILIES
        return ",".join(dict.fromkeys(families))


def theme_for(opts: DiagramOptions) -> dict[str, Any]:
    """Return the theme a chart uses: the default, or the options' theme file and data
    (whose checks are imported only then: a plain chart does not need them)."""
    if not opts.theme_data and opts.theme is None:
        return DEFAULT_THEME
    from ..read.theme import theme_of

    return theme_of(opts.theme_data, opts.theme)


def drawn_texts(structure: Structure, opts: DiagramOptions) -> Iterator[tuple[str, str]]:
    """Yield (what it is, text) for the model text the chart draws, to check its glyphs."""
    yield "the title", f"{structure.name} {structure.name_en or ''}"
    for u in structure.units:
        texts = [u.name, u.name_en or "", *u.nameplates]
        if opts.functions:
            texts += [structure.function_name(f, opts.lang) for f in u.functions]
        yield f"unit {u.id!r} ({u.name})", " ".join(texts)
    for b in structure.outside:
        yield f"outside body {b.id!r}", f"{b.name} {b.name_en or ''}"
    for m in structure.members:
        yield f"member {m.id!r}", m.place or m.name


def check_size(boxes: int, where: str, opts: DiagramOptions) -> None:
    """Refuse, before any layout, a chart with more boxes than the theme's ``max_units``.

    Raises:
        RenderError: too many boxes; the message says how to draw less.
    """
    from ..base.errors import RenderError

    limit = int(theme_for(opts)["layout"]["max_units"])
    if boxes > limit:
        raise RenderError(
            f"{where}: {boxes:,} units are too many to draw (limit {limit:,}: layout time and "
            "memory grow faster than the chart); draw a county overview instead (a file that "
            "lists each town's file under members: draws each town as one box), split the "
            "file, write DOT with -f dot, or raise layout.max_units in a --theme file")
