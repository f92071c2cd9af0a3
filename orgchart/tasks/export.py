"""Export a model into files: the text of :func:`orgchart.exports.export`, written atomically."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import Location, ModelError, OrgChartError, Problem, RenderError, errors_in
from ..exports import HISTORY_FORMATS, export
from ..exports.database import fill
from ..model.history import Assume, History
from ..model.plan import Reorganisation
from ..model.structure import Catalogue, Structure
from ..read.loader import load, load_histories
from ..rules.history import check_history
from ..write.files import write_all_atomic, write_with
from .history import model_at, write_structure
from .validate import models_folder

__all__ = ["Exported", "OutputIsInputError", "DATABASE_FORMATS", "export_database",
           "export_file", "export_to_files"]

#: formats that take a model file or a folder of them and need -o: format -> suffixes
DATABASE_FORMATS: dict[str, tuple[str, ...]] = {"sqlite": (".db", ".sqlite", ".sqlite3"),
                                                "parquet": ("",)}


class OutputIsInputError(RenderError):
    """The file to write is the model file being read."""


@dataclass(frozen=True)
class Exported:
    """What an export gave: the text (no output file) or the files written, and a warning
    about what the format leaves out (None: nothing)."""

    text: str | None = None
    written: list[Path] = field(default_factory=list)
    warning: str | None = None


def export_file(path: str | os.PathLike[str], fmt: str,
                output: str | os.PathLike[str] | None = None, as_of: str | None = None,
                assume: Assume | None = None) -> Exported:
    """Export the model file ``path`` to ``fmt``: as text, or into ``output``; with
    ``as_of``, ``path`` is a history and its structure on that date is exported.

    Raises:
        OutputIsInputError: ``output`` is ``path`` itself (checked before reading it).
        OrgChartError: as :func:`orgchart.read.loader.load` and :func:`export_to_files`.
    """
    # os.path.realpath, not Path.resolve: that raises on a symlink loop
    if output is not None and os.path.realpath(output) == os.path.realpath(path):
        raise OutputIsInputError(f"-o {output} is the model being exported; write to another "
                                 "file")
    model = model_at(path, as_of, assume)
    if isinstance(model, History):
        if fmt not in HISTORY_FORMATS:
            raise ModelError([Problem(Location(os.fspath(path)), "file-kind", (
                f"{fmt} holds one state: a history is exported on a date (add --as-of DATE, "
                "or 'orgchart asof HISTORY DATE -o FILE.yaml'), or with its dates as " +
                ", ".join(HISTORY_FORMATS)))])
        errors = errors_in(check_history(model))
        if errors:
            raise ModelError(errors)
    if as_of is not None and fmt in ("yaml", "json") and isinstance(model, Structure) \
            and model.members:
        return Exported(written=_state(model, fmt, output))
    if output is None:
        text, written = export(model, fmt), []
    else:
        text, written = None, export_to_files(model, fmt, output)
    warning = None
    if fmt == "csv":  # known once the tables exist, so that a write error stays one line
        from ..exports.tables import csv_warning

        assert isinstance(model, Structure)  # export refused anything else for csv
        warning = csv_warning(model)
    return Exported(text, written, warning)


def _state(model: Structure, fmt: str, output: str | os.PathLike[str] | None) -> list[Path]:
    """Write a county on a date: its members are that date's towns, not files on disk, so
    they are written beside it (see :func:`orgchart.tasks.history.write_structure`)."""
    if output is None:
        raise OrgChartError(f"a structure with members on a date is written as files (the "
                            f"members beside it): add -o FILE.{fmt}")
    target = Path(output)
    if target.suffix.lower() != f".{fmt}":
        raise OrgChartError(f"-o {output}: --to {fmt} is written as .{fmt}; name it "
                            f"{target.with_suffix('.' + fmt)}")
    return write_structure(model, target)


def export_to_files(model: Any, fmt: str, output: str | os.PathLike[str]) -> list[Path]:
    """Export ``model`` into ``output`` and return the files written.

    CSV writes the relations table beside the units table (``NAME-relations.csv``), both or
    neither, each with a byte-order mark so that Excel reads the Chinese as UTF-8.

    Raises:
        OrgChartError: as :func:`export`; RenderError when a file cannot be written.
    """
    target = Path(output)
    files = {target: export(model, fmt, target)}
    if fmt == "csv":
        from ..exports.tables import relations_csv, relations_path

        files[relations_path(target)] = relations_csv(model)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    write_all_atomic({path: text.encode(encoding) for path, text in files.items()})
    return list(files)


def export_database(path: str | os.PathLike[str], fmt: str,
                    output: str | os.PathLike[str] | None) -> Exported:
    """Export the model file ``path``, or every model file under the folder ``path``, into
    one SQLite database (``fmt`` sqlite) or a folder of Parquet files (parquet), one per
    table. Function catalogues are read through the structures that use them.

    Raises:
        OrgChartError: no ``output``; an output that is a model file or has the wrong
            suffix; a model that does not load (nothing is written); two files with one id.
    """
    if output is None:
        raise OutputIsInputError(f"--to {fmt} writes a file: name it with -o (e.g. -o "
                                 f"models{DATABASE_FORMATS[fmt][0] or '-parquet'})")
    target = Path(output)
    if fmt == "sqlite" and target.suffix.lower() not in DATABASE_FORMATS["sqlite"]:
        raise OutputIsInputError(f"-o {output}: a database is named .db, .sqlite or "
                                 f".sqlite3; name it {target.with_suffix('.db')}")
    files = models_folder(path) if os.path.isdir(path) else [Path(path)]
    if any(os.path.realpath(f) == os.path.realpath(target) for f in files):
        raise OutputIsInputError(f"-o {output} is a model being exported; write to another "
                                 "file")
    if fmt == "parquet":
        from ..write.parquet import write_parquet

        written = write_parquet(lambda conn: fill(conn, _models(files)), target)
        return Exported(written=written)
    write_with(target, lambda tmp: _fill_file(tmp, files))
    return Exported(written=[target])


def _fill_file(tmp: Path, files: list[Path]) -> None:
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        fill(conn, _models(files))
    except sqlite3.Error as err:
        raise RenderError(f"{tmp}: cannot write the database: {err}") from None
    finally:
        conn.close()


def _models(files: list[Path]) -> Iterator[Structure | Reorganisation | History]:
    """Load the files one by one, skipping catalogues and files already read as a county's
    member or a plan's structure. A history is checked as ``export`` checks it and stored
    with its changes and states; the structures it starts from (a town as it was in 2015,
    under today's id) are its states, not structures of their own, so they are skipped.

    Raises:
        ModelError: a history breaks a rule (changes out of order, ...).
    """
    seen: set[str] = set()

    def mark(model: Structure | Reorganisation | None) -> None:
        if isinstance(model, Reorganisation):
            mark(model.before)
            mark(model.after)
        elif model is not None:
            seen.add(os.path.realpath(model.path))
            for member in model.members:
                mark(member)

    histories = load_histories(files)
    for history in histories.values():
        mark(history.start)
    for f in files:
        if os.fspath(f) in histories:
            history = histories[os.fspath(f)]
            errors = errors_in(check_history(history))
            if errors:
                raise ModelError(errors)
            yield history
            continue
        if os.path.realpath(f) in seen:
            continue
        model = load(f)
        if isinstance(model, Catalogue):
            continue
        if not isinstance(model, History):  # a history is read above, by its kind
            mark(model)
        yield model
