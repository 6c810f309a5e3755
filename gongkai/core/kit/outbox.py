"""The durable outbox: e-mail and SMS to people outside the system, each sent once.

A module tells someone something by calling :func:`enqueue` **inside the transaction of the
service that caused it** (the receipt of an application, a 补正 notice, a 舆情 alert…): the
message is a row of `core.OutboxMessage`, committed with the business write or rolled back
with it, so nothing is announced that did not happen and nothing that happened is lost.
``key`` names the message (``"inforequests:12:receipt"``); enqueueing the same key again
returns the stored message and sends nothing new.

The `send_outbox` job (a `JobCommand`, cron every minute or ``--loop`` under systemd) calls
:func:`deliver_pending`. Each message is claimed with a conditional UPDATE that commits
before anything is sent (status → sending, a lease of ``GONGKAI_OUTBOX_LEASE_SECONDS``), then
sent through Django's mail (e-mail, with its attachments) or the SMS gateway
(`gongkai.core.kit.sms`), then marked sent — one message at a time, each in its own commit:

- two senders never take the same message (the claim is a compare-and-set on the row);
- a failure is retried with a growing wait (``GONGKAI_OUTBOX_RETRY_SECONDS`` × 2ⁿ, at most a
  day) and after ``GONGKAI_OUTBOX_MAX_ATTEMPTS`` stays as *failed* for an administrator
  (:func:`requeue`), never dropped;
- a stop (SIGTERM on restart) is honoured between messages, never in the middle of one, so a
  restart sends nothing twice; only a hard crash between the gateway's acceptance and the
  commit leaves one message in doubt. After its lease it is sent again with the same
  identity — the same ``Message-ID`` header and the gateway's idempotency key
  ``outbox-<id>`` — so a gateway or mail client that deduplicates shows it once;
- a ``sensitive`` body (one that carries a query code) is erased once it was delivered.

Attachments are files already stored by the module (a sent letter, released files):
:class:`Attachment` names the storage and the stored name; they are read at send time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.permissions import is_administrator
from gongkai.core.kit.sms import sms_backend
from gongkai.core.models import OutboxChannel, OutboxMessage, OutboxStatus, record_event
from gongkai.core.storage import private_storage

__all__ = [
    "Attachment",
    "ClaimedNotice",
    "Notice",
    "OutboxRun",
    "deliver_pending",
    "enqueue",
    "queue_once",
    "messages_about",
    "messages_visible_to",
    "register_topic_scope",
    "requeue",
    "retry",
]

DEFAULTS: dict[str, Any] = {
    "GONGKAI_OUTBOX_LEASE_SECONDS": 300,
    "GONGKAI_OUTBOX_RETRY_SECONDS": 60,
    "GONGKAI_OUTBOX_MAX_ATTEMPTS": 12,
}
ERASED = "（内容已在发送后删除）"
MAX_WAIT = timedelta(days=1)


def _setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


@dataclass(frozen=True)
class Attachment:
    """A stored file sent with an e-mail: ``file`` is its name in ``storage``."""

    name: str
    file: str
    content_type: str = "application/octet-stream"
    storage: str = "private"  # or "default" (published files)

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "file": self.file,
            "content_type": self.content_type,
            "storage": self.storage,
        }


def topic_of(obj: Any) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def enqueue(
    *,
    key: str,
    channel: OutboxChannel | str,
    recipient: str,
    body: str,
    subject: str = "",
    attachments: Sequence[Attachment] = (),
    sensitive: bool = False,
    about: Any = None,
) -> OutboxMessage:
    """Store one message to send (idempotent on ``key``). Call it in the service's transaction."""
    if channel not in OutboxChannel.values:
        raise ValueError(f"unknown outbox channel {channel!r}")
    if not recipient.strip():
        raise ValueError("an outbox message needs a recipient")
    message, _created = OutboxMessage.objects.get_or_create(
        key=key[:200],
        defaults={
            "channel": channel,
            "recipient": recipient.strip(),
            "subject": subject[:200],
            "body": body,
            "attachments": [a.as_json() for a in attachments],
            "sensitive": sensitive,
            "topic": topic_of(about) if about is not None else "",
        },
    )
    return message


def messages_about(obj: Any) -> Any:
    """The messages enqueued about ``obj`` (its history page shows them)."""
    return OutboxMessage.objects.filter(topic=topic_of(obj))


def requeue(message: OutboxMessage) -> bool:
    """An administrator sends a failed message again (its attempts start over)."""
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claim=""
        )
    )


# model label ("inforequests.inforequest") → scope(user): the rows of that model whose
# messages the user may see on the back office's outbox page (administrators see all).
_TOPIC_SCOPES: dict[str, Callable[[Any], QuerySet[Any]]] = {}


def register_topic_scope(model: Any, scope: Callable[[Any], QuerySet[Any]]) -> None:
    """A module says whose messages about its ``model`` a (non-administrator) user may see,
    e.g. the openness office of the organ handling a request."""
    _TOPIC_SCOPES[model._meta.label_lower] = scope


def messages_visible_to(user: Any) -> QuerySet[OutboxMessage]:
    """The messages a user may see and retry: all for administrators; otherwise those about
    an object a module's registered scope gives the user (one subquery per module)."""
    qs = OutboxMessage.objects.all()
    if is_administrator(user):
        return qs
    visible = Q(pk__in=[])
    for label, scope in _TOPIC_SCOPES.items():
        topics = (
            scope(user)
            .annotate(_topic=Concat(Value(f"{label}:"), Cast("pk", CharField())))
            .values("_topic")
        )
        visible |= Q(topic__in=topics)
    return qs.filter(visible)


def retry(message: OutboxMessage, *, actor: Any) -> bool:
    """Send a failed message again (requeue), recorded in the audit trail of the message."""
    with transaction.atomic():
        if not requeue(message):
            return False
        record_event(
            action="outbox.retried",
            subject=message,
            actor=actor,
            from_state=OutboxStatus.FAILED,
            to_state=OutboxStatus.PENDING,
            data={"attempts": message.attempts, "last_error": message.last_error[:500]},
        )
    return True


@dataclass
class OutboxRun:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def due_filter(now: Any) -> Q:
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, claimed_until__lt=now
    )


def _claim(pk: int) -> str | None:
    """Take one message for this sender (committed before sending); None if another has it."""
    now = timezone.now()
    claim = secrets.token_hex(8)
    taken = (
        OutboxMessage.objects.filter(pk=pk)
        .filter(due_filter(now))
        .update(
            status=OutboxStatus.SENDING,
            claim=claim,
            claimed_until=now + timedelta(seconds=int(_setting("GONGKAI_OUTBOX_LEASE_SECONDS"))),
        )
    )
    return claim if taken else None


def _message_id(message: OutboxMessage) -> str:
    return f"outbox-{message.pk}"


def _read(attachment: dict[str, str]) -> bytes:
    storage = private_storage() if attachment.get("storage") != "default" else default_storage
    with storage.open(attachment["file"], "rb") as handle:
        data: bytes = handle.read()
    return data


def _send(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.SMS:
        sms_backend().send(
            phone=message.recipient, text=message.body, message_id=_message_id(message)
        )
        return
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": f"<{_message_id(message)}@{domain}>"},
    )
    for attachment in message.attachments:
        email.attach(attachment["name"], _read(attachment), attachment["content_type"])
    email.send(fail_silently=False)


def _deliver(message: OutboxMessage, claim: str, run: OutboxRun) -> None:
    mine = OutboxMessage.objects.filter(pk=message.pk, claim=claim)
    attempts = message.attempts + 1
    try:
        _send(message)
    except Exception as exc:  # noqa: BLE001 - any mail or gateway failure is retried later
        error = f"{type(exc).__name__}: {exc}"[:2000]
        run.errors.append(f"{message.key}: {error}")
        if attempts >= int(_setting("GONGKAI_OUTBOX_MAX_ATTEMPTS")):
            mine.update(status=OutboxStatus.FAILED, attempts=attempts, last_error=error, claim="")
            run.failed += 1
            return
        wait = min(
            timedelta(seconds=int(_setting("GONGKAI_OUTBOX_RETRY_SECONDS")) * 2 ** (attempts - 1)),
            MAX_WAIT,
        )
        mine.update(
            status=OutboxStatus.PENDING,
            attempts=attempts,
            last_error=error,
            next_attempt_at=timezone.now() + wait,
            claim="",
        )
        run.retried += 1
        return
    done: dict[str, Any] = {
        "status": OutboxStatus.SENT,
        "attempts": attempts,
        "sent_at": timezone.now(),
        "last_error": "",
        "claim": "",
    }
    if message.sensitive:
        done["body"] = ERASED
    mine.update(**done)
    run.sent += 1


def deliver_pending(
    *, limit: int = 500, should_stop: Callable[[], bool] = lambda: False
) -> OutboxRun:
    """Send what is due, oldest first, one message per commit; stop between messages."""
    run = OutboxRun()
    due = list(
        OutboxMessage.objects.filter(due_filter(timezone.now()))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        if should_stop():
            break
        claim = _claim(pk)
        if claim is None:
            continue  # another sender has it, or it was sent meanwhile
        _deliver(OutboxMessage.objects.get(pk=pk), claim, run)
    return run


# --- notices claimed once (deadline reminders, 舆情 alerts) -----------------------------------


class ClaimedNotice(models.Model):
    """A notice about one clock that must go out once: the row is the claim.

    A module's concrete model adds what the notice is about and a unique constraint over it
    (case × clock × kind …). Whoever inserts the row queues the messages, in the same
    transaction (:func:`queue_once`): two sweeps never queue it twice, a sweep after a missed
    run catches up, and the outbox delivers and retries each message."""

    claimed_at = models.DateTimeField(_("认领时间"))
    queued_at = models.DateTimeField(_("排入发送队列时间"), null=True, blank=True)
    emails = models.PositiveSmallIntegerField(_("邮件数"), default=0)
    sms = models.PositiveSmallIntegerField(_("短信数"), default=0)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Notice:
    """What a claimed notice says, to whom: one e-mail per address, one SMS per phone."""

    emails: Sequence[str] = ()
    subject: str = ""
    body: str = ""
    phones: Sequence[str] = ()
    text: str = ""


def queue_once(
    claim: Callable[[], ClaimedNotice],
    notice: Callable[[ClaimedNotice], Notice],
    *,
    key: str,
    about: Any = None,
) -> ClaimedNotice | None:
    """Insert the claim row (`claim`), then queue the messages `notice` composes for it, in
    one transaction; None when another sweep holds the claim already (nothing is queued)."""
    try:
        with transaction.atomic():
            row = claim()
            said = notice(row)
            for address in said.emails:
                enqueue(
                    key=f"{key}:email:{address}",
                    channel=OutboxChannel.EMAIL,
                    recipient=address,
                    subject=said.subject,
                    body=said.body,
                    about=about,
                )
            for phone in said.phones:
                enqueue(
                    key=f"{key}:sms:{phone}",
                    channel=OutboxChannel.SMS,
                    recipient=phone,
                    body=said.text,
                    about=about,
                )
            row.emails, row.sms, row.queued_at = len(said.emails), len(said.phones), timezone.now()
            type(row)._default_manager.filter(pk=row.pk).update(
                emails=row.emails, sms=row.sms, queued_at=row.queued_at
            )
    except IntegrityError:
        return None
    return row
