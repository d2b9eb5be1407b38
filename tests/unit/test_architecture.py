"""The structure rules of ARCHITECTURE.md, read from the source (``tests/code_metrics.py``).

Each rule is checked on the product code and, in ``test_the_checks_can_fail``, on a small tree that
breaks it, so none of them passes because its detector sees nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assessments.item_types.registry import ITEM_TYPES
from tests import code_metrics as cm

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"flask", "flask_babel", "flask_wtf", "flask_sqlalchemy", "werkzeug", "sqlalchemy", "lti_tool",
              "pylti1p3", "redis", "psycopg"}
DEV_ONLY = {"pytest", "hypothesis", "xmlschema", "selenium", "lti1p3platform", "ralph", "pypdf", "aiosmtpd",
            "duckdb"}

#: modules outside the data layer that still run SQL, each for a stated reason; the set must stay exact, so
#: moving a query out shrinks it and a new query in a view or service fails the test
SQL_OUTSIDE_DATA_LAYER = {
    # the key-set and platform storage pylti1p3 calls through its ToolConf interface (nonces: repositories)
    "lti_tool.lti.keys", "lti_tool.lti.platforms", "lti_tool.lti.invitations",
    # readiness probe (SELECT 1, migration head) and outbox gauges
    "lti_tool.observability",
    # the shared content cache loads and stores competence-model and exam versions
    "lti_tool.catalogue",
}
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 65  # "under ~60 lines", with room for a signature and a docstring


@pytest.fixture(scope="module")
def mods() -> dict[str, cm.Module]:
    return cm.modules(ROOT)


def _imported_tops(module: cm.Module) -> set[str]:
    tops = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            tops.add(node.module.split(".")[0])
    return tops


def domain_violations(mods: dict[str, cm.Module]) -> list[str]:
    return [f"{m.name} imports {sorted(_imported_tops(m) & FRAMEWORKS)}" for m in mods.values()
            if m.name.split(".")[0] in ("assessments", "xapi") and _imported_tops(m) & FRAMEWORKS]


def dev_only_imports(mods: dict[str, cm.Module]) -> list[str]:
    return [f"{m.name} imports {sorted(_imported_tops(m) & DEV_ONLY)}" for m in mods.values()
            if _imported_tops(m) & DEV_ONLY]


def item_type_branches(mods: dict[str, cm.Module]) -> list[str]:
    """Comparisons with an item type's key outside its plugin (``kind == "matching"`` and the like)."""
    out = []
    for m in mods.values():
        if m.name.startswith("assessments.item_types"):
            continue
        for node in ast.walk(m.tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                values = [e for o in operands for e in (o.elts if isinstance(o, ast.Tuple | ast.List | ast.Set)
                                                        else [o])]
                if any(isinstance(v, ast.Constant) and v.value in ITEM_TYPES for v in values):
                    out.append(f"{m.name}:{node.lineno} {ast.unparse(node)}")
    return out


def test_the_domain_is_plain_python(mods: dict[str, cm.Module]) -> None:
    assert domain_violations(mods) == []


def test_no_import_cycles(mods: dict[str, cm.Module]) -> None:
    assert cm.cycles(mods) == []


def test_no_private_names_imported_across_modules(mods: dict[str, cm.Module]) -> None:
    assert [p for m in mods.values() for p in cm.private_imports(m, mods)] == []


def test_sql_only_in_repositories_and_queries(mods: dict[str, cm.Module]) -> None:
    assert {m.name for m in mods.values() if cm.builds_sql(m)} == SQL_OUTSIDE_DATA_LAYER


def test_views_run_no_sql(mods: dict[str, cm.Module]) -> None:
    assert [m.name for m in mods.values() if m.name.endswith("views") and cm.builds_sql(m)] == []


def test_item_types_are_plugins(mods: dict[str, cm.Module]) -> None:
    assert item_type_branches(mods) == []


def test_test_only_code_is_not_shipped(mods: dict[str, cm.Module]) -> None:
    assert dev_only_imports(mods) == []
    assert [m.name for m in mods.values() if m.name.endswith(("_check", "_fakes", "conftest"))] == []


def test_product_files_stay_small(mods: dict[str, cm.Module]) -> None:
    assert [m.name for m in mods.values() if m.source.count("\n") > MAX_FILE_LINES] == []


def test_functions_stay_short(mods: dict[str, cm.Module]) -> None:
    assert [name for size, name in cm.longest_functions(mods, top=20) if size > MAX_FUNCTION_LINES] == []


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, cm.Module]:
    for package in cm.PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, source in files.items():
        (tmp_path / name).write_text(source)
    return cm.modules(tmp_path)


def test_the_checks_can_fail(tmp_path: Path) -> None:
    mods = _tree(tmp_path, {
        "lti_tool/a.py": "from .b import helper\n",
        "lti_tool/b.py": "def helper():\n    from .a import x\n",  # a cycle hidden in a function
        "lti_tool/views.py": "from sqlalchemy import select\nfrom .a import _secret\nrows = db.scalars(select(X))\n",
        "lti_tool/queries.py": "from sqlalchemy import select\nrows = db.scalars(select(X))\n",
        "assessments/rules.py": "from flask import g\nimport pytest\nok = kind == 'matching'\n",
    })
    assert cm.cycles(mods) == [["lti_tool.a", "lti_tool.b"]]
    assert [p for m in mods.values() for p in cm.private_imports(m, mods)] == ["lti_tool.views: _secret"]
    assert {m.name for m in mods.values() if cm.builds_sql(m)} == {"lti_tool.views"}
    assert domain_violations(mods) == ["assessments.rules imports ['flask']"]
    assert dev_only_imports(mods) == ["assessments.rules imports ['pytest']"]
    assert item_type_branches(mods) == ["assessments.rules:3 kind == 'matching'"]
