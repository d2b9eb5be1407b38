"""The export's flat table: fixed columns named from the profile, and the same values whether Arrow's JSON
reader or the Python fallback flattens a batch."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pyarrow.parquet as pq

from xapi import statements as st
from xapi import vocabulary as v
from xapi.statement_batches import to_batch
from xapi.statement_export import write_table
from xapi.statement_table import column_name, columns
from xapi.table_files import open_table

IRIS = v.ToolIris("https://tool.example")
NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
STORED = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def attempt() -> list[dict]:
    ctx = st.ExamContext(IRIS, st.Actor("https://lms.example", "user-1"), "basic", {"en": "Basic"},
                         str(uuid.uuid4()), "s-1", "basic@1", "basic", 0.7, person={"department": "Finance"})
    item = st.AnsweredItem("q1", 3, "c1", "choice", {"en": "Q?"}, {"choices": [], "correctResponsesPattern": ["a"]},
                           "a", "nl")
    return [st.initialized(ctx, NOW), st.answered(ctx, item, NOW), st.scored(ctx, item, 1.0, NOW),
            st.judged(ctx, True, 18, 20, 321.5, NOW, timed_out=True),
            st.earned(IRIS, ctx.actor, "basic", "cert-1", NOW, NOW + dt.timedelta(days=730))]


def test_columns_are_fixed_and_named_after_the_iri_last_segment():
    names = [c.name for c in columns(IRIS)]
    assert names == [c.name for c in columns(v.ToolIris("https://elsewhere.example/"))]
    assert names[:3] == ["id", "stored", "timestamp"] and names[-1] == "statement"
    assert {"ctx_department", "ctx_item_version", "ctx_masteryscore", "ctx_sessionid", "res_timed_out",
            "res_valid_until"} <= set(names)
    assert len(names) == len(set(names))
    assert column_name("ctx_", IRIS.extension("business-unit")) == "ctx_business_unit"


def test_values_are_typed_and_the_statement_text_is_kept():
    statements = attempt()
    texts = [json.dumps(s) for s in statements]
    rows = to_batch(texts, [STORED] * len(texts), columns(IRIS)).to_pylist()
    initialized, answered, scored, judged, earned = rows
    assert [r["verb"] for r in rows] == ["initialized", "answered", "scored", "passed", "earned"]
    assert initialized["ctx_masteryscore"] == 0.7 and initialized["ctx_department"] == "Finance"
    assert answered["response"] == "a" and answered["success"] is None and answered["ctx_item_version"] == 3
    assert scored["success"] is True and scored["score_scaled"] == 1.0 and scored["language"] == "nl"
    assert (judged["score_raw"], judged["score_max"], judged["res_timed_out"]) == (18.0, 20.0, True)
    assert earned["res_valid_until"] == NOW + dt.timedelta(days=730) and earned["ctx_certificate_id"] == "cert-1"
    assert all(r["stored"] == STORED and r["timestamp"] == NOW for r in rows)
    assert [r["statement"] for r in rows] == texts


def test_a_batch_arrow_cannot_read_is_flattened_in_python_with_the_same_values():
    statements = attempt()
    odd = json.loads(json.dumps(statements[1]))
    odd["result"]["response"] = 42  # a number where the column is text: Arrow's reader refuses the batch
    fast = to_batch(statements, [STORED] * 5, columns(IRIS)).to_pylist()
    slow = to_batch([*statements, odd], [STORED] * 6, columns(IRIS)).to_pylist()
    assert slow[:5] == fast and slow[5]["response"] == "42" and slow[5]["id"] == odd["id"]


def test_parquet_in_row_groups_and_an_empty_export_is_a_valid_file(tmp_path):
    out = tmp_path / "s.parquet"
    table = open_table("parquet", out, columns(IRIS))
    assert write_table(((s, STORED) for s in attempt() * 1), table, IRIS, batch=2) == 5
    table.close()
    assert pq.ParquetFile(out).metadata.num_row_groups == 3 and pq.read_table(out).num_rows == 5
    empty = tmp_path / "empty.parquet"
    table = open_table("parquet", empty, columns(IRIS))
    assert write_table([], table, IRIS) == 0
    table.close()
    assert pq.read_table(empty).column_names == [c.name for c in columns(IRIS)]
