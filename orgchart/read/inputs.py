"""Open the files a user names as input (models, themes, tables), safely and boundedly.

Every input file goes through :func:`read_input`: it must be a regular file (a FIFO, a
device such as ``/dev/zero`` or a folder is refused without blocking), and no more than
its size limit plus one byte is ever read, so a growing or endless file cannot exhaust
memory.
"""

from __future__ import annotations

import errno
import os
import stat

from ..base.errors import Location, ModelError, Problem
from ..base.labels import UNPRINTABLE

__all__ = ["read_input", "read_text", "read_bytes", "decode_text", "control_character",
           "has_control_character", "MAX_INPUT_BYTES"]

#: Input files larger than this are refused (a township model is ~20 KB).
MAX_INPUT_BYTES = 16 * 1024 * 1024

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input(path: str | os.PathLike[str], *, what: str = "model file",
               limit: int = MAX_INPUT_BYTES, hint: str = "") -> bytes:
    """Return the bytes of the regular file ``path``, reading at most ``limit`` + 1 bytes.

    Args:
        what: how messages name the file ("model file", "theme file", "table", ...).
        hint: what to do when the file is over ``limit`` (a default is given).

    Raises:
        ModelError: one problem located at the file: missing, unreadable, not a regular
            file (a folder, FIFO or device), or larger than ``limit``.
    """
    name = os.fspath(path)

    def fail(message: str) -> ModelError:
        return ModelError([Problem(Location(name), "file", message)])

    try:
        fd = os.open(name, _FLAGS)
    except FileNotFoundError:
        raise fail("no such file; check the path") from None
    except IsADirectoryError:
        raise fail(f"is a directory, not a {what}; name a file inside it") from None
    except OSError as err:
        if err.errno == errno.ENXIO:  # a socket, or a FIFO without a writer on some systems
            raise fail(f"not a regular file; name a {what}") from None
        raise fail(f"cannot read the file: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
    except OSError as err:
        os.close(fd)
        raise fail(f"cannot read the file: {err.strerror}") from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _kind(mode)
        if kind == "a directory":
            raise fail(f"is a directory, not a {what}; name a file inside it")
        raise fail(f"not a regular file ({kind}); name a {what} saved on disk")
    too_large = (f"the {limit:,} byte limit for one {what}; "
                 f"{hint or 'split it into smaller files'}")
    if info.st_size > limit:  # refused unread
        os.close(fd)
        raise fail(f"file is {info.st_size:,} bytes, over {too_large}")
    chunks: list[bytes] = []
    size = 0
    with os.fdopen(fd, "rb", buffering=0) as f:
        try:
            while size <= limit:
                chunk = f.read(min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as err:
            raise fail(f"cannot read the file: {err.strerror}") from None
    if size > limit:  # it grew while read
        raise fail(f"file is over {too_large}")
    return b"".join(chunks)


#: Characters refused in any text read from a file: C0 controls other than tab and
#: newline, DEL, C1 controls, and the non-characters U+FFFE/U+FFFF. They break labels
#: (Graphviz drops them), XML exports (not well-formed) and terminals (escape sequences).
_CONTROL = UNPRINTABLE
_CONTROL_NAMES = {0x00: "NUL", 0x0B: "vertical tab, Word's manual line break",
                  0x0C: "form feed, a page break", 0x0D: "carriage return",
                  0x1B: "escape, which starts terminal commands", 0x7F: "delete",
                  0x85: "next line"}


def has_control_character(text: str) -> bool:
    """Tell whether ``text`` holds a character that :func:`control_character` refuses."""
    return _CONTROL.search(text) is not None


def control_character(text: str, *, where: bool = True) -> str | None:
    """Return why ``text`` is refused if it holds a control character, else None.

    >>> control_character("党政\\v办公室")
    "unprintable character U+000B (vertical tab, Word's manual line break) at character 3; \
replace it with a space or a newline, or delete it"
    >>> control_character("a\\tb\\nc") is None
    True
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code, "a non-character" if code >= 0xFFFE else
                              "a control character" if code > 0x7F else
                              f"Ctrl-{chr(code + 0x40)}")
    at = f" at character {found.start() + 1}" if where else ""
    return (f"unprintable character U+{code:04X} ({name}){at}; "
            "replace it with a space or a newline, or delete it")


def read_text(path: str | os.PathLike[str], what: str = "model file") -> str:
    """Read a model file as UTF-8, refusing missing files, anything but a regular file
    (folders, FIFOs, devices) and huge files; see :func:`orgchart.read.inputs.read_input`.

    Raises:
        ModelError: with a one-line problem located at the file.
    """
    return decode_text(read_bytes(path, what), os.fspath(path))


def read_bytes(path: str | os.PathLike[str], what: str = "model file") -> bytes:
    """Return the bytes of a model file (or of a ``what``), refused as :func:`read_text`
    refuses it, without decoding them."""
    return read_input(path, what=what, limit=MAX_INPUT_BYTES,
                      hint="split it into towns that 'extends:' a template"
                      if what == "model file" else "")


def decode_text(raw: bytes, name: str) -> str:
    """Decode the bytes of the file ``name`` as UTF-8 (a byte-order mark is dropped).

    Raises:
        ModelError: at the first byte that is not UTF-8.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise ModelError([Problem(Location(name, line, col), "encoding",
                                  f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as "
                                  "UTF-8 (GBK/GB18030 files must be converted)")]) from None
