"""The SQLite export's tables as Parquet files, one per table (optional: needs pyarrow,
``pip install 'orgchart[parquet]'``), for DuckDB, Spark or pandas.

The tables are those of :mod:`orgchart.exports.dbschema` with the same columns and NULLs;
the views are SQL and are not written (DuckDB can read the SQLite file for them).
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..base.errors import RenderError
from .files import write_all_atomic

__all__ = ["write_parquet"]

_TYPES = {"INTEGER": "int64", "TEXT": "string"}


def write_parquet(fill: Callable[[sqlite3.Connection], Any], folder: Path) -> list[Path]:
    """Fill a scratch SQLite database with ``fill`` and write each table into ``folder`` as
    ``TABLE.parquet``: all files, or none.

    Raises:
        RenderError: pyarrow is not installed; ``folder`` is a file; a file cannot be written.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RenderError("Parquet needs pyarrow: pip install 'orgchart[parquet]' (or "
                          "export --to sqlite, which needs nothing)") from None
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"{folder}: is a file; --to parquet writes a folder of files, one "
                          "per table: name a folder")
    files: dict[Path, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="orgchart-parquet-") as scratch:
        conn = sqlite3.connect(Path(scratch) / "export.db")
        try:
            fill(conn)
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")]
            for table in tables:
                info = conn.execute(f"PRAGMA table_info({table})").fetchall()
                schema = pa.schema([(c[1], _TYPES[c[2]]) for c in info])
                cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
                columns = list(zip(*cursor.fetchall(), strict=True)) or [()] * len(info)
                data = pa.table([pa.array(list(col), type=schema.field(i).type)
                                 for i, col in enumerate(columns)], schema=schema)
                buffer = io.BytesIO()
                pq.write_table(data, buffer)
                files[folder / f"{table}.parquet"] = buffer.getvalue()
        finally:
            conn.close()
    write_all_atomic(files)
    return list(files)
