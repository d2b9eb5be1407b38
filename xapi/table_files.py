"""Writing the export's record batches (``statement_batches.to_batch``) to Parquet or JSON Lines.

Parquet: one row group per batch, zstd, timestamps as UTC microseconds, the statement as JSON text.
JSON Lines: one object per row with the column names as keys, timestamps as ISO 8601 strings (``Z``) and the
statement as a nested object (its text spliced in, not parsed again). Neither keeps more than one batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from .statement_batches import arrow_schema
from .statement_table import Column

FORMATS = ("parquet", "jsonl")


class TableWriter(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def close(self) -> None: ...


class ParquetTable:
    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self._writer = pq.ParquetWriter(str(path), arrow_schema(columns), compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()  # an export without rows is still a valid file with every column


def _json_value(value: Any) -> Any:
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, dt.datetime) else value


class JsonLinesTable:
    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8")

    def write(self, batch: pa.RecordBatch) -> None:
        last = batch.schema.names[-1]
        for record in batch.to_pylist():
            statement = record.pop(last)
            head = json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False)
            self._file.write(f'{head[:-1]}, "{last}": {statement}}}\n')

    def close(self) -> None:
        self._file.close()


def open_table(fmt: str, path: Path, columns: Sequence[Column]) -> TableWriter:
    if fmt == "parquet":
        return ParquetTable(path, columns)
    if fmt == "jsonl":
        return JsonLinesTable(path, columns)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
