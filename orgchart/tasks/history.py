"""Use cases of histories: the structure on a date, the 沿革 text, changes between dates."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ..base.errors import ModelError, OrgChartError, RenderError, errors_in
from ..base.when import When
from ..engine.timeline import changes_until, replay
from ..exports.canonical import to_json, to_yaml
from ..model.history import Assume, History
from ..model.plan import Reorganisation
from ..model.structure import Catalogue, Structure
from ..read.loader import load, load_history, load_structure
from ..rules.accounting import account, staffing_table
from ..rules.history import check_history
from ..schema.events import events_to_data
from ..views.events import Names, event_line
from ..views.history import ChangeNames, change_label, format_changes, format_lineage
from ..write.files import make_folder, write_all_atomic

__all__ = ["parse_date", "checked_history", "structure_at", "model_at", "history_text",
           "diff_between", "write_structure", "draw_lineage"]


def write_structure(structure: Structure, output: Path) -> list[Path]:
    """Write ``structure`` as json (a .json name) or yaml, whole or not at all; return the
    files written.

    The state is written itself, not the files it came from: each member (a town on that
    date: renamed, merged, changed) goes into ``OUTPUT-members/ID.yaml`` beside it, and
    the structure lists those, so that the files read back as the structure on the date.

    Raises:
        RenderError: a folder or file cannot be written (nothing is written then).
    """
    files = _state_files(structure, output)
    for path in files:
        make_folder(path.parent, path)
    write_all_atomic(files)
    return list(files)


def _state_files(structure: Structure, output: Path) -> dict[Path, bytes]:
    files: dict[Path, bytes] = {}
    members = []
    folder = output.parent / f"{output.stem}-members"
    for m in structure.members:
        target = folder / f"{m.id}{output.suffix}"
        files.update(_state_files(m, target))
        members.append(dataclasses.replace(m, path=str(target)))
    state = dataclasses.replace(structure, members=tuple(members))
    json_out = output.suffix.lower() == ".json"
    text = (to_json if json_out else to_yaml)(state, output)
    return {output: text.encode("utf-8"), **files}


def parse_date(text: str) -> When:
    """Return the date asked for; an unknown date is refused (it says no day)."""
    try:
        when = When.parse(text)
    except ValueError as err:  # the reason names the text already: say it once
        said = str(err)
        raise OrgChartError(said if said.startswith(repr(text))
                            else f"{text!r} is not a date: {said}") from None
    if not when.known:
        raise OrgChartError("ask for a known date (2019-12-31, 2019-06 or 2019)")
    return when


def structure_at(path: str | os.PathLike[str], as_of: str | None = None,
                 assume: Assume | None = None) -> Structure:
    """Return the structure in ``path``; with ``as_of``, ``path`` is a history and the
    structure is the one in force on that date.

    Raises:
        ModelError: the file cannot be read, the date is ambiguous, a change fails.
    """
    if as_of is None:
        return load_structure(path)
    return checked_history(path).as_of(parse_date(as_of), assume)


def checked_history(path: str | os.PathLike[str]) -> History:
    """Return the history in ``path`` once its checks find no error: a lineage or a state
    drawn from a history whose changes do not apply would show what it does not say.

    Raises:
        ModelError: the file cannot be read, or the checks find errors (each located).
    """
    history = load_history(path)
    errors = errors_in(check_history(history))
    if errors:
        raise ModelError(errors)
    return history


def model_at(path: str | os.PathLike[str], as_of: str | None = None,
             assume: Assume | None = None
             ) -> Structure | Catalogue | Reorganisation | History:
    """Return the model in ``path`` as every command that takes a structure reads it: the
    file's model, or (with ``as_of``) the structure the history ``path`` holds in force on
    that date (``assume``: how to take a change whose date straddles it).

    Raises:
        ModelError: as :func:`orgchart.read.loader.load` and :func:`structure_at`.
        OrgChartError: ``assume`` without ``as_of``; a date that is no date.
    """
    if as_of is None:
        if assume is not None:
            raise OrgChartError("--assume says how to take a change on the date asked for; "
                                "give that date with --as-of too")
        return load(path)
    return structure_at(path, as_of, assume)


def history_text(path: str | os.PathLike[str], unit: str | None = None,
                 structure: str | None = None, lang: str = "zh") -> str:
    """Return the 沿革 of ``unit`` (or every change, when None) as text, in Chinese or
    (``lang="en"``) English, each body by the name it had at the change, with its id."""
    history = checked_history(path)
    names, latest = _change_names(history, lang)
    if unit is None:
        return format_changes(history, lang, names)
    return format_lineage(history.lineage(unit, structure), lang, names, latest)


def _change_names(history: History, lang: str) -> tuple[dict[str, ChangeNames], Names]:
    """Return the names of the bodies each change in force met, before and after it, and
    the latest name of every body; a change not in force (planned, repealed) is not
    applied, so its bodies are named by their latest names."""
    states = [history.start]
    names: dict[str, ChangeNames] = {}
    for applied in replay(history, history.in_force):
        before = [states[-1], *(plan.before for plan, _ in applied.runs)]
        after = [applied.state, *(outcome.structure for _, outcome in applied.runs)]
        names[applied.change.id] = ChangeNames(Names.of(before + after, lang),
                                               Names.of(after + before, lang))
        states.extend(after)
    latest = Names.of(reversed(states), lang)
    for change in history.changes:
        names.setdefault(change.id, ChangeNames(latest, latest))
    return names, latest


def draw_lineage(path: str | os.PathLike[str], output: str | os.PathLike[str],
                 unit: str | None = None, structure: str | None = None) -> str:
    """Draw the lineage diagram of ``unit`` (every body a change touched, when None) into
    ``output`` (svg, png, pdf or dot); return the format. The name is checked and the
    history read before anything is drawn; the file is written whole or not at all.

    Raises:
        RenderError: a format the diagram has not (html, an unknown suffix), or drawing fails.
        ModelError: the history cannot be read, or its checks find errors.
        UnknownUnitError: no body has the id ``unit``.
    """
    from ..charts.lineage import lineage_to_dot
    from ..write.draw import draw, format_for
    from ..write.files import write_atomic

    if Path(output).suffix.lower() not in (".svg", ".png", ".pdf", ".dot", ".gv"):
        raise RenderError(f"{output}: a lineage diagram is written as .svg, .png, .pdf or .dot; "
                          "name the file so (the history's page with its date slider is "
                          "'orgchart render HISTORY -o FILE.html')")
    fmt = format_for(output)
    dot = lineage_to_dot(checked_history(path), unit, structure)
    write_atomic(output, draw(dot, fmt))
    return fmt


def diff_between(path: str | os.PathLike[str], start: str, end: str,
                 assume: Assume | None = None) -> str:
    """Return the changes in force after ``start`` up to ``end``, each with its events and
    the same staffing accounting as a plan."""
    history = load_history(path)
    d1, d2 = parse_date(start), parse_date(end)
    if d2.surely_before(d1):
        raise OrgChartError(f"--to {d2} is before --from {d1}; swap them")
    first = changes_until(history, d1, assume)
    upto = changes_until(history, d2, assume)
    between = [c for c in upto if c not in first]
    state = history.as_of(d1, assume)
    lines = [f"{history.name}: {d1} → {d2}, {len(between)} 项变更"]
    for applied in replay(history, between, start=state):
        change = applied.change
        lines.append(f"\n## {change_label(change)}")
        # units, towns and functions by name: as they were before the change, else after
        names = Names.of([state, *(plan.before for plan, _ in applied.runs), applied.state,
                          *(outcome.structure for _, outcome in applied.runs)])
        for event in events_to_data(list(change.events)):
            lines.append("- " + event_line(event, names=names))
        state = applied.state
        errors = errors_in(applied.problems)
        if errors:
            raise ModelError(errors)
        for plan, _ in applied.runs:
            acc = account(plan)
            lines.append(staffing_table(acc).rstrip("\n"))
            lines.extend(str(p) for p in acc.problems)
    return "\n".join(lines) + "\n"
