"""A cache on disk of parsed model files, keyed by their content.

Parsing YAML while keeping every value's place is most of the time of loading a model
written out in full. A file parsed cleanly once is stored as its plain data and the
places of its top-level keys (pickled), under a hash of its bytes and of the parser's
own source, in ``$XDG_CACHE_HOME/orgchart/parsed`` (``~/.cache/orgchart/parsed``). The
next read of the same bytes, under any name, takes it from there; the deeper places are
still recovered from the text only when a problem needs one.

The cache is an optimisation, never a source of truth:
- an entry is used only when its checksum holds and it unpickles into plain data (only
  dates and times are let in as classes); anything else is ignored and overwritten;
- an entry is written to a temporary file and renamed into place, so readers and other
  writers only ever see whole entries;
- any error writing it (a read-only home, a full disk) leaves the file parsed, uncached;
- ``ORGCHART_NO_CACHE=1`` (or ``orgchart --no-cache``) turns it off;
- files under :data:`SMALLEST` bytes are not cached (parsing them costs less).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = ["cache_dir", "turned_off", "lookup", "store", "ENV_OFF", "SMALLEST"]

#: Set to anything but "" or "0" to read every file afresh.
ENV_OFF = "ORGCHART_NO_CACHE"
#: Files smaller than this are parsed each time: a town that extends a template (a few
#: hundred bytes) parses in tens of microseconds, less than an entry costs to write.
SMALLEST = 4096
_MAGIC = b"orgchart-parsed-1\n"
_SUM = 16  # bytes of the checksum that follows the magic
#: the classes an entry may hold besides plain containers, numbers and texts
_ALLOWED = {("datetime", "date"): dt.date, ("datetime", "datetime"): dt.datetime,
            ("datetime", "timezone"): dt.timezone, ("datetime", "timedelta"): dt.timedelta}
#: the modules whose code decides what a file parses into: a change to any of them
#: makes every entry stale
_PARSER_SOURCES = ("yamlsource.py", "inputs.py", "parsecache.py", "../base/locations.py",
                   "../base/labels.py")

_off = False
_salt: bytes | None = None

Entry = tuple[Any, dict[Any, int], dict[Any, int]]


@contextlib.contextmanager
def turned_off() -> Iterator[None]:
    """Read every file afresh while inside (``orgchart --no-cache``)."""
    global _off
    was, _off = _off, True
    try:
        yield
    finally:
        _off = was


def cache_dir() -> Path | None:
    """Return the folder of the cache, or None when it is turned off or has no home."""
    if _off or os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home directory
            return None
    return Path(base) / "orgchart" / "parsed"


def _parser_salt() -> bytes:
    """Return what, besides a file's bytes, its parse depends on: the parser's source,
    PyYAML's version and the pickle protocol."""
    global _salt
    if _salt is None:
        h = hashlib.blake2b(digest_size=16)
        here = Path(__file__).parent
        for name in _PARSER_SOURCES:
            try:
                h.update((here / name).read_bytes())
            except OSError:
                h.update(b"?" + name.encode())
        h.update(f"{yaml.__version__} {pickle.HIGHEST_PROTOCOL}".encode())
        _salt = h.digest()
    return _salt


def _entry_path(folder: Path, raw: bytes) -> Path:
    key = hashlib.blake2b(raw, digest_size=20, key=_parser_salt()).hexdigest()
    return folder / key[:2] / key[2:]


class _Unpickler(pickle.Unpickler):
    """Unpickles plain data only: a tampered entry cannot name any other class."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a parse cache")
        return found


def lookup(raw: bytes) -> Entry | None:
    """Return the cached parse of the file content ``raw``: its data and the places of
    its values and keys (spot ints, the shallow part only); None when there is none."""
    folder = cache_dir() if len(raw) >= SMALLEST else None
    if folder is None:
        return None
    try:
        with open(_entry_path(folder, raw), "rb") as f:
            blob = f.read()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + _SUM
    if (blob[:len(_MAGIC)] != _MAGIC or
            hashlib.blake2b(blob[head:], digest_size=_SUM).digest() != blob[len(_MAGIC):head]):
        return None  # not an entry, truncated or damaged: parsed afresh and overwritten
    try:
        entry = _Unpickler(io.BytesIO(blob[head:])).load()
    except Exception:  # noqa: BLE001 - a damaged entry is ignored, whatever it raises
        return None
    if (not isinstance(entry, tuple) or len(entry) != 3 or not isinstance(entry[1], dict)
            or not isinstance(entry[2], dict)):
        return None
    return entry


def store(raw: bytes, data: Any, values: dict[Any, int], keys: dict[Any, int]) -> None:
    """Remember the parse of ``raw``; give up quietly when it cannot be written."""
    folder = cache_dir() if len(raw) >= SMALLEST else None
    if folder is None:
        return
    try:
        payload = pickle.dumps((data, values, keys), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # a value PyYAML made that pickle cannot hold: left uncached
    path = _entry_path(folder, raw)
    blob = _MAGIC + hashlib.blake2b(payload, digest_size=_SUM).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return

