"""What a build owns in its output folder: the manifest, the index page's marker, the lock,
and the temporary files that killed writers left behind."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path

from ..base.errors import OrgChartError, RenderError
from ..write.files import TEMPORARY_PREFIX, write_atomic
from .naming import build_path

__all__ = ["MANIFEST", "INDEX_MARKER", "HTML_INDEX", "LOCK_TIMEOUT", "locked",
           "remove_stale_temporaries", "claim", "check_index", "write_manifest", "not_ours",
           "rel", "maybe_target"]

#: The file in an output folder that lists what builds wrote there: only those files, and
#: files that do not exist yet, may be (re)written by the next build.
MANIFEST = ".orgchart-build"
#: The first line of the index page: a page without it was not written by orgchart.
INDEX_MARKER = ("<!-- written by orgchart build; it replaces this page and the files listed in "
                f"{MANIFEST} -->")
#: The index page of the interactive charts, written when a build writes ``html``.
HTML_INDEX = "index.html"
#: How long a build waits for another one writing into the same folder, in seconds.
LOCK_TIMEOUT = 600.0


def remove_stale_temporaries(out: Path, pids: Collection[int] | None = None) -> None:
    """Delete temporary files that killed processes left behind (see write_atomic).

    Only those of ``pids``, or, by default, of processes that are no longer running: a
    render or an export writing into the folder at the same time keeps its file.
    """
    if not os.path.isdir(out):  # os.path: False, not OSError, on a name too long
        return
    for tmp in out.rglob(TEMPORARY_PREFIX + "*"):
        writer = tmp.name[len(TEMPORARY_PREFIX):].split("-", 1)[0]
        pid = int(writer) if writer.isdigit() else None
        if pids is not None and pid not in pids:
            continue
        if pids is None and pid is not None and _running(pid):
            continue
        if tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether a process with this id exists (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


@contextlib.contextmanager
def locked(out: Path, timeout: float, waiting: Callable[[], None] | None) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (flock on the folder itself)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    try:
        fd = os.open(out, os.O_RDONLY)
    except OSError as err:
        raise RenderError(f"{out}: cannot open the output folder: {err.strerror or err}; "
                          "check that it is a readable folder") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RenderError(
                        f"{out}: another orgchart build is writing into this folder (waited "
                        f"{timeout:g} s); wait for it to finish, or build into another "
                        "folder") from None
                if waiting is not None:
                    waiting()
                    waiting = None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def not_ours(path: Path, why: str) -> str:
    """Say that the build refuses to replace ``path``, a file it did not write."""
    return (f"{path}: refusing to replace it: orgchart did not write it ({why}); move it "
            "away, or build into another folder")


def rel(out: Path, path: Path) -> str:
    """``path`` relative to the output folder, as the manifest lists it."""
    return path.relative_to(out).as_posix()


def maybe_target(src: Path, out: Path, model: Path, fmt: str) -> Path | None:
    """Where ``model`` is drawn in ``fmt``; None when it would leave the output folder."""
    try:
        return build_path(src, out, model, fmt)
    except OrgChartError:  # reported when the model is drawn
        return None


def claim(out: Path, src: Path, models: Sequence[Path], formats: Sequence[str]) -> set[str]:
    """Return the files this build may write in ``out``, and list them in the manifest first.

    They are the files earlier builds wrote (the manifest) and the build's targets that do
    not exist yet; listing them before drawing keeps a killed build's files its own. The
    index page is also the build's when its first line is :data:`INDEX_MARKER`.

    Raises:
        RenderError: ``out/README.md`` exists and orgchart did not write it.
    """
    owned = _read_manifest(out)
    index = out / "README.md"
    if os.path.lexists(index) and "README.md" not in owned:
        check_index(out)
        owned.add("README.md")
    targets = [t for m in models for fmt in formats if (t := maybe_target(src, out, m, fmt))]
    if "html" in formats:
        targets.append(out / HTML_INDEX)
    owned |= {rel(out, t) for t in [*targets, index] if not os.path.lexists(t)}
    write_manifest(out, owned)
    return owned


def check_index(out: Path) -> None:
    """Refuse an index page that orgchart did not write (``-o docs``, ``-o .``).

    Raises:
        RenderError: ``out/README.md`` exists, is not listed in the manifest and does not
            start with :data:`INDEX_MARKER`.
    """
    index = out / "README.md"
    if (os.path.lexists(index) and "README.md" not in _read_manifest(out)
            and not _has_marker(index)):
        raise RenderError(not_ours(index, "no 'written by orgchart build' line at its top"))


def _read_manifest(out: Path) -> set[str]:
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return set()
    except OSError as err:
        raise RenderError(f"{out / MANIFEST}: cannot read: {err.strerror or err}; remove it "
                          "or build into another folder") from None
    return {line for line in text.splitlines() if line.strip() and not line.startswith("#")}


def write_manifest(out: Path, owned: set[str]) -> None:
    """List ``owned`` (paths relative to ``out``) as the files builds wrote there."""
    header = ("# written by orgchart build: the files it wrote in this folder, which the next "
              "build may replace; it replaces no other file\n")
    write_atomic(out / MANIFEST, (header + "".join(f"{rel}\n" for rel in sorted(owned)))
                 .encode("utf-8"))


def _has_marker(index: Path) -> bool:
    try:
        with index.open("rb") as f:
            first = f.readline(len(INDEX_MARKER) * 4)
    except OSError:
        return False
    return first.decode("utf-8", "replace").rstrip("\r\n") == INDEX_MARKER
