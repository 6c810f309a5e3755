"""Layering rules of STYLE.md, checked by scanning imports (AST)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "gongkai"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sources(folder: str) -> list[Path]:
    return [p for p in (ROOT / folder).rglob("*.py") if "tests" not in p.parts]


def test_lib_imports_no_django() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(
            m for m in imported_modules(p) if m.split(".")[0] == "django"
        )
        for p in sources("lib")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_lib_imports_no_other_gongkai_app() -> None:
    for p in sources("lib"):
        bad = [
            m
            for m in imported_modules(p)
            if m.startswith("gongkai.") and not m.startswith("gongkai.lib")
        ]
        assert not bad, f"{p}: {bad}"


def test_portal_never_writes() -> None:
    for p in sources("portal"):
        bad = [m for m in imported_modules(p) if m.endswith(".services") or ".services." in m]
        assert not bad, f"{p} imports services: {bad}"


def test_no_module_level_text_is_translated_at_import() -> None:
    """`gettext` at module level runs once, at import, in whatever language is active then:
    a refusal kept in a constant stayed Chinese in the English UI. Constants use
    gettext_lazy; text that is data of the Chinese portal is a plain string."""
    import ast

    eager_names = {"gettext", "ngettext", "pgettext"}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        eager = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in eager_names
        }
        statements = [
            statement
            for node in tree.body
            for statement in (node.body if isinstance(node, ast.ClassDef) else [node])
            if isinstance(statement, ast.Assign | ast.AnnAssign)
        ]
        for statement in statements:
            lambdas = {id(n) for n in ast.walk(statement) if isinstance(n, ast.Lambda)}
            inside = {
                id(c) for lam in ast.walk(statement) if id(lam) in lambdas for c in ast.walk(lam)
            }
            for call in ast.walk(statement):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in eager
                    and id(call) not in inside
                ):
                    found.append(f"{path.relative_to(ROOT.parent)}:{statement.lineno}")
    assert found == []
