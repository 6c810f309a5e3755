"""The seeder registry: dependency order, idempotent registration, and a new module's seeder
running in seed_demo beside the built-in ones."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.demo import registry
from gongkai.demo.registry import DemoContext, Seeder


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry for the test; the real one is restored afterwards."""
    monkeypatch.setattr(registry, "_SEEDERS", {})
    return registry


def _noop(context: DemoContext) -> int:
    return 0


def test_seeders_run_after_the_ones_they_name(scratch_registry):
    scratch_registry.register(Seeder("meetings", "meetings", _noop, after=("accounts",)))
    scratch_registry.register(Seeder("accounts", "users", _noop, after=("organizations",)))
    scratch_registry.register(Seeder("organizations", "organs", _noop))
    keys = [s.key for s in scratch_registry.seeders()]
    assert keys == ["organizations", "accounts", "meetings"]


def test_missing_dependency_and_cycle_are_refused(scratch_registry):
    scratch_registry.register(Seeder("a", "a", _noop, after=("missing",)))
    with pytest.raises(ValueError, match="missing"):
        scratch_registry.seeders()
    scratch_registry.unregister("a")
    scratch_registry.register(Seeder("a", "a", _noop, after=("b",)))
    scratch_registry.register(Seeder("b", "b", _noop, after=("a",)))
    with pytest.raises(ValueError, match="cycle"):
        scratch_registry.seeders()


def test_registering_again_is_harmless_but_a_different_seeder_is_refused(scratch_registry):
    seeder = Seeder("documents", "demo documents", _noop)
    scratch_registry.register(seeder)
    scratch_registry.register(seeder)
    assert scratch_registry.seeders() == [seeder]
    with pytest.raises(ValueError, match="already registered"):
        scratch_registry.register(Seeder("documents", "other", _noop))


def test_every_module_with_demo_data_is_registered():
    keys = [s.key for s in registry.seeders()]
    assert keys[:2] == ["organizations", "accounts"]
    assert "documents" in keys


@pytest.mark.django_db
def test_a_registered_seeder_runs_in_seed_demo_with_the_district(monkeypatch: Any) -> None:
    seen: dict[str, Any] = {}

    def seed_notes(context: DemoContext) -> int:
        seen["organs"] = sorted(context.organs)
        seen["clerk"] = context.users["edu_clerk"].username
        return 3

    monkeypatch.setattr(registry, "_SEEDERS", dict(registry._SEEDERS))
    registry.register(Seeder("notes", "demo notes", seed_notes, after=("accounts",)))
    out = StringIO()
    call_command("seed_demo", "--no-corpus", stdout=out)
    assert "demo notes created 3" in out.getvalue()
    assert "organs created 9, users created 23, demo documents created 16" in out.getvalue()
    assert seen["clerk"] == "edu_clerk" and "gov" in seen["organs"]
