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
