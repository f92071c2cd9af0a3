"""Report what the renderer will use: Graphviz, pygraphviz and fonts with Chinese glyphs."""

from __future__ import annotations

from dataclasses import dataclass

from ..write.fonts import INSTALL_HINT, CjkFont, find_cjk_fonts

__all__ = ["Diagnosis", "diagnose"]


@dataclass(frozen=True)
class Diagnosis:
    """The rendering set-up of this machine."""

    graphviz: str
    pygraphviz: str
    cjk_fonts: tuple[CjkFont, ...]

    @property
    def ok(self) -> bool:
        """Tell whether Chinese text can be drawn to PNG and PDF."""
        return bool(self.cjk_fonts)

    def __str__(self) -> str:
        lines = [f"Graphviz {self.graphviz} (bundled in pygraphviz {self.pygraphviz})"]
        if self.cjk_fonts:
            families = sorted({f.family for f in self.cjk_fonts})
            lines.append(f"CJK fonts: {len(self.cjk_fonts)} file(s): " + ", ".join(families))
            lines.append("ok: Chinese text renders in SVG, PNG and PDF")
        else:
            lines.append("CJK fonts: none found")
            lines.append("problem: PNG and PDF output with Chinese text is refused; "
                         + INSTALL_HINT)
        return "\n".join(lines)


def diagnose() -> Diagnosis:
    """Look at the machine and return a :class:`Diagnosis`."""
    import pygraphviz

    from ..write.draw import graphviz_version

    return Diagnosis(graphviz_version(), pygraphviz.__version__, tuple(find_cjk_fonts()))
