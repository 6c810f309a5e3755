"""One hook registry through which a module plugs itself into the rest of the site, and the
`public_change` signal.

A module registers everything from its AppConfig.ready(), by hook name:

| hook | what is registered |
|---|---|
| `inbox` | staff inbox providers: callable(user, today) → sections |
| `staff_menu` | `MenuItem`s of the back office's navigation |
| `portal_columns` | portal columns (栏目) |
| `sitemaps` | (section, Sitemap class) |
| `public_paths` | callables yielding the module's published paths (full static build) |
| `public_change_paths` | callables(obj, change) → paths affected by a public change of obj |
| `search_providers` | search providers (kind, entry_for, public_ids, all_ids) |
| `detail_panels` | (model label, template name) shown on another module's detail page |
| `pre_sign_off_checks` | checks run before the department head signs a document (同步审签), raising GateRefused |
| `pre_publish_checks` | checks run before a document is issued/published, raising GateRefused |
| `pre_government_checks` | checks run before the government office accepts a 代拟稿 |
| `publish_companions` | callables(obj, actor) run inside the publish transaction (三同步) |
| `document_return_suggestions` | (document) -> initial 退文 form values, {} if none (G8) |
| `clock_types` | statutory clock types (gongkai.calendars.clocktypes.ClockType) |

Registering is idempotent (a second ready() in tests or autoreload adds nothing), and each
entry may carry a `key` so that a later registration replaces it.

`public_change` is sent after commit whenever what the public sees of an object changes
(published, withdrawn, repealed, expired, updated while public). Search and publishing
listen to it generically: kwargs `instance` and `change`, sender the model class.

Bulk work (imports of thousands of rows) collects its announcements instead
(`collecting_public_changes`) and hands them over a chunk at a time
(`send_public_changes`): receivers of `public_changes` handle a whole chunk at once (search
indexes it in one pass, publishing queues each affected list once), then `public_change` is
sent for each item with ``batched=True`` for receivers that only know single changes
(receivers of both ignore ``batched=True``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.dispatch import Signal

HOOKS = (
    "inbox",
    "staff_menu",
    "portal_columns",
    "sitemaps",
    "public_paths",
    "public_change_paths",
    "public_change_paths_many",
    "search_providers",
    "detail_panels",
    "pre_sign_off_checks",
    "pre_publish_checks",
    "pre_government_checks",
    "publish_companions",
    # (document) -> initial values of the 退文 form, {} when the module has none to suggest.
    "document_return_suggestions",
    "clock_types",
    # Called with the ids of the clocks whose due dates a calendar recompute changed
    # (inside its transaction): modules that copy a due date onto their rows refresh it.
    "clocks_recomputed",
)

_REGISTRY: dict[str, dict[Any, Any]] = {name: {} for name in HOOKS}


def _check(hook: str) -> dict[Any, Any]:
    try:
        return _REGISTRY[hook]
    except KeyError:
        raise LookupError(f"unknown hook {hook!r}; known: {', '.join(HOOKS)}") from None


def register(hook: str, item: Any, *, key: Any = None) -> Any:
    """Add `item` to `hook` (replacing the entry of the same key). Returns the item, so it
    can decorate a function."""
    _check(hook)[item if key is None else key] = item
    return item


def unregister(hook: str, key: Any) -> None:
    _check(hook).pop(key, None)


def registered(hook: str) -> list[Any]:
    """The entries of `hook`, in registration order."""
    return list(_check(hook).values())


def registered_items(hook: str) -> dict[Any, Any]:
    return dict(_check(hook))


def _everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class MenuItem:
    """An entry of the staff navigation (hook `staff_menu`).

    `visible(user)` decides whether it shows; it is the current page when the request's URL
    namespace is `app_name` (a module's whole back office) or, without one, when the view's
    URL name is the name part of `url_name`.
    """

    key: str
    label: Any
    url_name: str
    order: int = 100
    app_name: str = ""
    visible: Callable[[Any], bool] = _everyone

    def is_current(self, resolver_match: Any) -> bool:
        if resolver_match is None:
            return False
        if self.app_name:
            return bool(resolver_match.app_name == self.app_name)
        return bool(resolver_match.url_name == self.url_name.rsplit(":", 1)[-1])


@dataclass(frozen=True)
class DetailPanel:
    """A module's panel on another module's detail page (hook `detail_panels`).

    Rendered by `{% detail_panels "<place>" obj %}` (gongkai.core.templatetags.kit_tags) on
    the pages of `model` ("app_label.ModelName") at `place` ("staff" or "portal"):
    `template` with the context `context(request, obj)`.

    `flag` (name, expression factory): an annotation the host page adds to the query that
    loads `obj` (`panel_flags`), e.g. an `Exists` saying whether the panel has anything to
    show; `context` reads it to skip its own query when there is nothing.
    """

    key: str
    model: str
    place: str
    template: str
    context: Callable[[Any, Any], dict[str, Any]]
    order: int = 100
    flag: tuple[str, Callable[[], Any]] | None = None


def panels_for(place: str, obj: Any) -> list[DetailPanel]:
    label = obj._meta.label
    panels = [p for p in registered("detail_panels") if p.place == place and p.model == label]
    return sorted(panels, key=lambda p: (p.order, p.key))


def panel_flags(place: str, model: Any) -> dict[str, Any]:
    """The annotations the panels at `place` of `model`'s pages ask of its query."""
    label = model._meta.label
    return {
        p.flag[0]: p.flag[1]()
        for p in registered("detail_panels")
        if p.place == place and p.model == label and p.flag is not None
    }


def menu_for(user: Any) -> list[MenuItem]:
    """The staff navigation of `user`, in order."""
    items = sorted(registered("staff_menu"), key=lambda item: (item.order, item.key))
    return [item for item in items if item.visible(user)]


# kwargs: instance (the model instance), change (str: published, withdrawn, repealed, …)
public_change = Signal()


# kwargs: changes (list of (instance, change)): a chunk of bulk work (send_public_changes).
public_changes = Signal()

_collecting = threading.local()


def announce_public_change(instance: Any, change: str) -> None:
    """Send `public_change` after the current transaction commits (at once outside one); in
    `collecting_public_changes`, record it for `send_public_changes` instead."""
    batch = getattr(_collecting, "batch", None)
    if batch is not None:
        batch.append((instance, change))
        return
    transaction.on_commit(
        lambda: public_change.send(sender=type(instance), instance=instance, change=change)
    )


@contextmanager
def collecting_public_changes() -> Iterator[list[tuple[Any, str]]]:
    """Record the announcements of this thread in the yielded list instead of sending them.

    The caller hands them to `send_public_changes`, typically inside the transaction that
    made the changes, so that the items, their index entries and their queued pages commit
    together. An item whose own savepoint was rolled back may still be in the list: the
    receivers ask the database what is public, so it is then a no-op.
    """
    previous = getattr(_collecting, "batch", None)
    batch: list[tuple[Any, str]] = []
    _collecting.batch = batch
    try:
        yield batch
    finally:
        _collecting.batch = previous


def send_public_changes(changes: list[tuple[Any, str]]) -> None:
    """Hand a chunk of recorded changes to the receivers (see the module doc)."""
    if not changes:
        return
    public_changes.send(sender=None, changes=list(changes))
    for instance, change in changes:
        public_change.send(sender=type(instance), instance=instance, change=change, batched=True)
