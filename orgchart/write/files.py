"""Writing files atomically: a temporary file beside the target, synced, then renamed; the
temporary files' names, so that a build can remove those of killed writers."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ..base.errors import RenderError

__all__ = ["write_atomic", "write_all_atomic", "write_with", "make_folder", "TEMPORARY_PREFIX"]

#: Temporary files are named this, the writing process's id and a random part, so that a
#: build can tell those of a dead process (which it removes) from those of a live one.
TEMPORARY_PREFIX = ".orgchart-tmp-"


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or Ctrl-C leaves either the old file or the new one, never a truncated file.

    Raises:
        RenderError: the file cannot be written (a folder, a missing or read-only folder, a
            full disk); nothing is left behind.
    """
    write_all_atomic({Path(path): data})


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write several files that belong together: all of them, or none when one cannot be.

    Every file is first written and synced beside its target under a temporary name; only
    when all are ready are they renamed into place.

    Raises:
        RenderError: as :func:`write_atomic`; no target is touched and no temporary file
            is left behind.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(Path(path), data), Path(path)))
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as err:
                raise RenderError(_cannot_write(target, err)) from None
    finally:
        for tmp, _target in staged:
            Path(tmp).unlink(missing_ok=True)  # gone already once renamed


def write_with(path: str | os.PathLike[str], fill: Callable[[Path], None]) -> None:
    """Make ``path`` by calling ``fill`` on an empty temporary file beside it, then renaming
    it into place (for writers that open the file themselves, such as ``sqlite3``).

    Raises:
        RenderError: as :func:`write_atomic`; whatever ``fill`` raises. Either way the
            target is untouched and no temporary file is left behind.
    """
    target = Path(path)
    tmp = _stage(target, b"")
    try:
        fill(Path(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as err:
        raise RenderError(_cannot_write(target, err)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> str:
    """Write ``data`` to a synced temporary file beside ``target``; return its path."""
    if os.path.isdir(target):  # os.path: False, not OSError, on a name too long
        raise RenderError(f"{target}: is a folder; name a file inside it")
    make_folder(target.parent, target)
    try:
        handle, tmp = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-",
                                       dir=target.parent)
    except OSError as err:
        raise RenderError(_cannot_write(target, err)) from None
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise RenderError(_cannot_write(target, err)) from None
        raise
    return tmp


def make_folder(folder: str | os.PathLike[str], for_path: str | os.PathLike[str] | None = None
                ) -> None:
    """Create ``folder`` (and its parents) for writing ``for_path`` in it.

    Raises:
        RenderError: the folder cannot be made, e.g. because a file has its name.
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RenderError(_cannot_write(Path(for_path or folder), err)) from None


def _cannot_write(target: Path, err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return (f"{target}: cannot write: the name is too long for the file system (over 255 "
                "bytes in one part of the path); choose a shorter name")
    if err.errno == errno.ELOOP:
        return (f"{target}: cannot write: the path is a symbolic link loop; fix or remove the "
                "link, or choose another output path")
    for parent in [target, *target.parents]:
        if os.path.islink(parent) and not os.path.exists(parent):
            return (f"{target}: cannot write: {parent} is a symbolic link that leads nowhere (a "
                    "loop, or a missing target); fix or remove the link, or choose another "
                    "output path")
        if os.path.exists(parent) and not os.path.isdir(parent) and parent != target:
            return (f"{target}: cannot write: {parent} is a file, not a folder; choose another "
                    "output path")
    if os.path.exists(target) and not os.path.isdir(target) and isinstance(err, FileExistsError):
        return f"{target}: cannot write: it is a file, not a folder; choose another output path"
    return (f"{target}: cannot write: {err.strerror or err}; check that the folder exists "
            "and is writable, or choose another output path")
