"""Structure figures of the product code (issue 12), read from the source with ``ast``.

``python -m tests.code_metrics [root]`` prints them; ``tests/unit/test_architecture.py`` holds the rules that
must stay true. Figures:

- files outside the data layer (``lti_tool/db/``, ``*/repositories.py``, ``*/queries.py``) that build or run SQL;
- ``kind`` branches (``kind ==``, ``kind !=``, ``kind in``) outside ``assessments/item_types/``;
- function-local imports, imports of another module's ``_private`` names;
- import cycles between modules (all imports, function-local ones included, since those only hide a cycle);
- the longest functions and the files over 500 lines.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGES = ("lti_tool", "assessments", "xapi")
SQL_CALLS = {"select", "insert", "update", "delete", "text", "union_all", "exists"}
SQL_METHODS = {"execute", "scalars", "scalar", "query"}
KIND_BRANCH = re.compile(r"\bkind(?:\.key)?\s*(?:==|!=|\bin\b)|(?:==|!=)\s*\w*kind\b")


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    source: str
    imports: set[str] = field(default_factory=set)


def modules(root: Path) -> dict[str, Module]:
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(root).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            source = path.read_text(encoding="utf-8")
            out[".".join(parts)] = Module(".".join(parts), path, ast.parse(source), source)
    for module in out.values():
        module.imports = _imports(module, out)
    return out


def _imports(module: Module, known: dict[str, Module]) -> set[str]:
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    found = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module.name:
                found.add(name)
    return found


def cycles(mods: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan). A package's ``__init__`` importing
    its own submodules is not a cycle when they do not import it back."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in mods[v].imports:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for name in mods:
        if name not in index:
            visit(name)
    return out


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def local_imports(module: Module) -> int:
    """Import statements inside a function (each counted once, also in nested functions)."""
    return len({id(n) for f in _functions(module.tree) for n in ast.walk(f)
                if isinstance(n, ast.Import | ast.ImportFrom)})


def private_imports(module: Module, mods: dict[str, Module]) -> list[str]:
    out = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    out.append(f"{module.name}: {alias.name}")
    return out


def builds_sql(module: Module) -> bool:
    if module.name.startswith("lti_tool.db") or module.name.rpartition(".")[2] in ("repositories", "queries"):
        return False
    sqlalchemy_names = {alias.asname or alias.name for node in ast.walk(module.tree)
                        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy")
                        for alias in node.names}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in SQL_CALLS & sqlalchemy_names:
                return True
            if isinstance(func, ast.Attribute) and func.attr in SQL_METHODS and sqlalchemy_names:
                return True
    return False


def kind_branches(module: Module) -> int:
    if module.name.startswith("assessments.item_types"):
        return 0
    return sum(bool(KIND_BRANCH.search(line)) for line in module.source.splitlines()
               if not line.lstrip().startswith("#"))


def longest_functions(mods: dict[str, Module], top: int = 10) -> list[tuple[int, str]]:
    sizes = [(f.end_lineno - f.lineno + 1, f"{m.name}.{f.name}") for m in mods.values() for f in _functions(m.tree)
             if f.end_lineno is not None]
    return sorted(sizes, reverse=True)[:top]


def report(root: Path) -> dict[str, object]:
    mods = modules(root)
    return {
        "modules": len(mods),
        "files with SQL outside repositories/queries": sorted(m.name for m in mods.values() if builds_sql(m)),
        "kind branches outside item types": {m.name: n for m in mods.values() if (n := kind_branches(m))},
        "function-local imports": sum(local_imports(m) for m in mods.values()),
        "private imports across modules": [p for m in mods.values() for p in private_imports(m, mods)],
        "import cycles": cycles(mods),
        "longest functions": longest_functions(mods),
        "files over 500 lines": sorted(f"{m.name} ({m.source.count(chr(10))})" for m in mods.values()
                                       if m.source.count("\n") > 500),
    }


def main(argv: list[str]) -> None:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    for name, value in report(root).items():
        if isinstance(value, list | dict):
            print(f"{name}: {len(value)}")
            items = value.items() if isinstance(value, dict) else value
            for item in items:
                print(f"    {item}")
        else:
            print(f"{name}: {value}")


if __name__ == "__main__":
    main(sys.argv)
