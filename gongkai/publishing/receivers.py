"""Signal receivers that keep the static site current (connected in PublishingConfig.ready).

Signals decouple the apps (STYLE.md §2): every module announces public changes after commit
through the kit's generic signal (gongkai.core.kit.hooks.public_change); organ and topic
edits come from the admin as model signals. Each receiver computes the affected pages
(gongkai.publishing.dependencies, with what modules registered under the
`public_change_paths` hook) and hands them to the publisher, which queues them and
publishes them in this process, bounded in time.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse

from gongkai.core.kit import hooks
from gongkai.core.kit.hooks import public_change, public_changes
from gongkai.documents.models import Topic
from gongkai.organizations.models import Organ
from gongkai.publishing import dependencies, publisher

DISPATCH_PREFIX = "gongkai.publishing"


def on_public_change(sender: Any, instance: Any, change: str, **kwargs: Any) -> None:
    """Sent after commit: compute the affected pages now and publish them."""
    if kwargs.get("batched"):
        return  # handled by on_public_changes
    name = sender._meta.model_name
    try:
        paths = dependencies.paths_for_change(instance, change)
    except Exception:  # noqa: BLE001 — the change is committed; the full rebuild repairs
        publisher.logger.exception("affected pages of %s %s", name, instance.pk)
        return
    if paths:
        publisher.publish_changed(paths, f"{name} {instance.pk} {change}")


def on_public_changes(sender: Any, changes: list[tuple[Any, str]], **kwargs: Any) -> None:
    """A chunk of bulk work: its pages are queued (in the caller's transaction) for the
    publisher to drain (`publish_site --pending`), never rendered here."""
    paths = dependencies.paths_for_changes(changes)
    if paths:
        publisher.enqueue(paths, f"bulk: {len(changes)} changes")


def _renamed(instance: Any, field: str) -> bool:
    before = getattr(instance, "_publishing_before", None)
    return before is not None and before != getattr(instance, field)


def remember_name(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    instance._publishing_before = (
        sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def on_reference_data_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Organs and topics: the 指南 renders them (条例第十二条: 及时更新); a rename also shows
    on every page that names the organ or topic, so everything is re-rendered."""
    renamed = _renamed(instance, "name")
    label = f"{sender._meta.model_name} {instance.pk} {'renamed' if renamed else 'changed'}"

    def publish() -> None:
        if renamed:
            # Every page may name it: queued for `publish_site --pending`, not rendered in
            # the admin's request (it can be the whole site).
            publisher.enqueue({reverse("portal:guide"), *dependencies.all_paths()}, label)
            return
        publisher.publish_changed({reverse("portal:guide")}, label)

    transaction.on_commit(publish)


def connect() -> None:
    hooks.register(
        "public_change_paths", dependencies.document_change_paths, key="publishing.document"
    )
    hooks.register(
        "public_change_paths", dependencies.statutory_change_paths, key="publishing.statutory"
    )
    public_change.connect(on_public_change, dispatch_uid=f"{DISPATCH_PREFIX}.public_change")
    public_changes.connect(on_public_changes, dispatch_uid=f"{DISPATCH_PREFIX}.public_changes")
    for model in (Organ, Topic):
        name = model._meta.model_name
        pre_save.connect(remember_name, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.pre.{name}")
        post_save.connect(
            on_reference_data_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.save.{name}"
        )
        post_delete.connect(
            on_reference_data_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.del.{name}"
        )
