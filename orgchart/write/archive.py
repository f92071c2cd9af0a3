"""Office files (xlsx, docx) are zip archives that their libraries stamp with the time of
writing: :func:`stable_zip` rewrites one so that equal documents are equal bytes."""

from __future__ import annotations

import io
import zipfile

__all__ = ["stable_zip"]

#: the date every entry gets: the earliest a zip archive can hold
_STAMP = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """Return the zip archive ``data`` with every entry dated :data:`_STAMP`, in the same
    order and deflated.

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> zipfile.ZipFile(io.BytesIO(stable_zip(buf.getvalue()))).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
