"""Writing statement rows (``statement_table.row``) to Parquet or JSON Lines, batch by batch.

Parquet: one row group per batch, timestamps as UTC microseconds, the statement as JSON text.
JSON Lines: one object per row with the column names as keys, timestamps as ISO 8601 strings and the
statement as a nested object. Neither keeps more than one batch in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from .statement_table import Column

FORMATS = ("parquet", "jsonl")
_ARROW_TYPES = {"string": pa.string(), "timestamp": pa.timestamp("us", tz="UTC"), "float": pa.float64(),
                "int": pa.int64(), "bool": pa.bool_(), "json": pa.string()}


class TableWriter(Protocol):
    def write(self, rows: Sequence[tuple[Any, ...]]) -> None: ...

    def close(self) -> None: ...


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.type]) for c in columns])


class ParquetTable:
    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self.schema = arrow_schema(columns)
        self._writer = pq.ParquetWriter(str(path), self.schema, compression="zstd")

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        data = list(zip(*rows, strict=True))
        data[-1] = tuple(json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in data[-1])
        arrays = [pa.array(values, type=field.type) for values, field in zip(data, self.schema, strict=True)]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self._writer.close()  # an export without rows is still a valid file with every column


def _json_value(value: Any) -> Any:
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, dt.datetime) else value


class JsonLinesTable:
    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self.names = [c.name for c in columns]
        self._file: IO[str] = path.open("w", encoding="utf-8")

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self._file.writelines(
            json.dumps(dict(zip(self.names, map(_json_value, r), strict=True)), ensure_ascii=False) + "\n"
            for r in rows)

    def close(self) -> None:
        self._file.close()


def open_table(fmt: str, path: Path, columns: Sequence[Column]) -> TableWriter:
    if fmt == "parquet":
        return ParquetTable(path, columns)
    if fmt == "jsonl":
        return JsonLinesTable(path, columns)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
