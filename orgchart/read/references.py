"""Follow the paths a model file names (templates, members, catalogues, plans): resolve
them, say why one cannot be read, read it and check what kind of file it is, and key the
caches of files already read."""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path
from typing import Any

from ..base.errors import ModelError, Problem
from ..base.locations import SourceMap
from ..base.text import suggest
from .yamlsource import read_yaml

__all__ = ["KINDS_OF_FILE", "file_kind", "read_ref", "resolve", "shown", "signature",
           "why_unusable"]


def read_ref(path: Path, ref: str, smap: SourceMap, key: tuple[str | int, ...], code: str,
              what: str, kind: str = "structure") -> tuple[Path, Any, SourceMap]:
    """Read a file that ``path`` names (relative to its folder) and check its kind."""
    target = resolve(path.parent / ref)
    unusable = why_unusable(target)
    if unusable == "not found":
        raise ModelError([Problem(smap.at(key), code,
                                  f"{what} {ref!r} not found (looked for "
                                  f"{os.path.relpath(target)}); the path is relative to this "
                                  "file")])
    if unusable:
        raise ModelError([Problem(smap.at(key), code, f"{what} {ref!r} {unusable}")])
    try:
        data, ref_smap = read_yaml(shown(target, smap))
        found = file_kind(data, ref_smap)
    except ModelError as err:
        if target.suffix.lower() in (".yaml", ".yml"):
            raise  # a model file with a mistake: the mistake is located in it
        reason = err.problems[0].message.split(";")[0] if err.problems else "unreadable"
        raise ModelError([Problem(smap.at(key), code,
                                  f"{what} {ref!r} is not an orgchart model file ({reason}); "
                                  "name a .yaml model file")]) from None
    if found != kind:
        raise ModelError([Problem(smap.at(key), code, f"{ref!r} is not a {kind} file")])
    return target, data, ref_smap


def why_unusable(target: Path) -> str | None:
    """Say why ``target`` cannot be read as a model file; None when it is a regular file."""
    try:
        st = os.stat(target)
    except ValueError:  # a NUL in the name
        return "is not a valid file name"
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return "not found"
        if err.errno == errno.ELOOP:
            return ("is a symbolic link loop (the link leads back to itself); fix or remove "
                    "the link")
        if err.errno == errno.ENAMETOOLONG:
            return ("has a name too long for the file system (over 255 bytes in one part of "
                    "the path); shorten it")
        return f"cannot be read: {err.strerror}"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a model file; name a .yaml file inside it"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a pipe, device or socket); name a .yaml model file"
    return None

#: The first key that tells what a model file holds.
KINDS_OF_FILE = ("structure", "catalogue", "reorganisation", "history")


def file_kind(data: Any, smap: SourceMap) -> str:
    if isinstance(data, dict):
        for key in KINDS_OF_FILE:
            if key in data:
                return key
    keys = list(data) if isinstance(data, dict) else []
    hint = next((suggest(k, KINDS_OF_FILE) for k in keys if suggest(k, KINDS_OF_FILE)), "")
    raise ModelError([Problem(smap.at(()), "file-kind",
                              "a model file must start with 'structure: ID' (or 'catalogue: ID' "
                              "for shared functions, 'reorganisation: ID' for a plan, 'history: "
                              f"ID' for a history){hint}")])

def resolve(path: Path) -> Path:
    """Return ``path`` made absolute with symlinks resolved.

    A folder is resolved once per process: each resolve walks every component with
    lstat, and 41,352 towns in a few folders name each other and the same templates.
    """
    path = path.absolute()
    name = path.name
    if name in ("", ".", ".."):
        return _resolve_absolute(path)
    try:
        found = _resolve_absolute(path.parent) / name
        if not os.path.islink(found):  # (False when it does not exist, as realpath keeps it)
            return found
    except ValueError:  # a NUL in the name
        return path
    return _resolve_absolute(path)


@functools.lru_cache(maxsize=4096)
def _resolve_absolute(path: Path) -> Path:
    # not Path.resolve: on Python < 3.13 it raises RuntimeError on a symlink loop, which
    # os.path.realpath leaves in the path for why_unusable to report where it is named
    try:
        return Path(os.path.realpath(path))
    except ValueError:  # a NUL in the name
        return path


def shown(target: Path, smap: SourceMap) -> str:
    """Return how messages name a referenced file: relative when the referring one is."""
    if os.path.isabs(smap.file):
        return str(target)
    return _relative(target, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative(target: Path, cwd: str) -> str:
    return os.path.relpath(target, cwd)


def signature(path: Path, smap: SourceMap) -> tuple[Path, int, int, str]:
    """Return a cache key: the file, its version, and how messages will name it (so that
    a cached template's findings read the same as a fresh one's)."""
    try:
        st = path.stat()
    except OSError:
        return (path, -1, -1, "")
    return (path, st.st_mtime_ns, st.st_size, shown(path, smap))
