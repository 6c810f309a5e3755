"""Render public pages to files under settings.PUBLISH_ROOT, through the real views.

Each page is rendered by Django's own request handler (the full middleware chain and the
real URLconf), so a published file holds exactly the bytes Django would send. A 200 is
written atomically (temporary file + os.replace) beside a pre-compressed `.gz` for nginx's
gzip_static; a 404/410 or a redirect deletes the file (a withdrawn document). Unchanged
bytes are not rewritten, so ETag and Last-Modified stay stable.

Layout: /a/b/ → a/b/index.html, /sitemap.xml → sitemap.xml. Names starting with a dot are
never pages (temporary files, `.state/`) and are never served.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.db.models import F, Q
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.utils import timezone

from gongkai.core.kit import columns
from gongkai.documents.views_public import FILTER_OPTIONS_CACHE_KEY
from gongkai.publishing.models import JobOutcome, PublishJob

logger = logging.getLogger(__name__)

# WSGI environ key that marks the publisher's own requests: the serving middleware must
# render them, not answer from the files being replaced. An HTTP client cannot set it
# (headers arrive as HTTP_*).
PUBLISH_ENVIRON_KEY = "gongkai.publishing"
STATE_DIR = ".state"
COLUMN_STATE_FILE = "columns.json"
DELETE_STATUSES = frozenset({301, 302, 307, 308, 404, 410})
MAX_ATTEMPTS = 5
CLAIM_BATCH = 20
# A claim older than this belongs to a worker that died; the job is taken again.
STALE_CLAIM = timedelta(minutes=10)
KEEP_DONE = timedelta(days=7)
# In-process publishing after a commit stops after this many seconds; the rest waits for
# `publish_site --pending` (cron/systemd timer).
DEFAULT_IN_PROCESS_SECONDS = 10.0


class PublishError(Exception):
    pass


def publish_root() -> Path:
    return Path(settings.PUBLISH_ROOT)


def file_for(path: str, root: Path | None = None) -> Path | None:
    """The file a public path is published to, or None if the path can never be a file."""
    if not path.startswith("/") or "\\" in path or "\x00" in path or "?" in path:
        return None
    parts = path.split("/")[1:]
    if path.endswith("/"):
        parts = [*parts[:-1], "index.html"]
    if not parts or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    return (root or publish_root()).joinpath(*parts)


def path_for_file(file: Path, root: Path | None = None) -> str:
    rel = PurePosixPath(file.relative_to(root or publish_root()).as_posix())
    if rel.name == "index.html":
        parent = rel.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{rel.as_posix()}"


# --- rendering --------------------------------------------------------------------------------


@dataclass
class Rendered:
    status: int
    content: bytes
    content_type: str


class Renderer:
    """Django's request handler with the project's middleware, built once per batch."""

    def __init__(self) -> None:
        self.handler = BaseHandler()
        self.handler.load_middleware()
        site = urlsplit(settings.SITE_URL)
        self.secure = site.scheme == "https"
        self.factory = RequestFactory(HTTP_HOST=site.netloc or "localhost")

    def get(self, path: str) -> Rendered:
        request = self.factory.get(path, secure=self.secure)
        request.META[PUBLISH_ENVIRON_KEY] = True
        response: HttpResponseBase = self.handler.get_response(request)
        if response.streaming:
            # Files (attachments, media) are never published.
            return Rendered(response.status_code, b"", response.get("Content-Type", ""))
        return Rendered(
            response.status_code,
            response.content,  # type: ignore[attr-defined]
            response.get("Content-Type", ""),
        )


# --- files ------------------------------------------------------------------------------------


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_page(target: Path, data: bytes) -> bool:
    """Write the page and its .gz; False when the file already holds these bytes."""
    gz = target.with_name(target.name + ".gz")
    try:
        if target.read_bytes() == data and gz.exists():
            return False
    except FileNotFoundError:
        pass
    # mtime=0: the same page always compresses to the same bytes.
    _write_atomic(gz, gzip.compress(data, compresslevel=9, mtime=0))
    _write_atomic(target, data)
    stat = target.stat()
    os.utime(gz, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return True


def delete_page(target: Path, root: Path | None = None) -> bool:
    root = root or publish_root()
    existed = target.exists()
    target.unlink(missing_ok=True)
    target.with_name(target.name + ".gz").unlink(missing_ok=True)
    # Remove the folders a detail page leaves empty (xxgk/documents/<uid>/).
    folder = target.parent
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
    return existed


@contextmanager
def path_lock(path: str) -> Iterator[None]:
    """One writer per path across processes (the in-process publisher and the command).

    Render and write happen under the lock, so a render that started before a change
    cannot overwrite the render queued by that change. The lock is an flock on a file of
    the publish root: publishing runs on one host.
    """
    folder = publish_root() / STATE_DIR / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()
    with open(folder / name, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def publish_path(path: str, renderer: Renderer) -> str:
    """Render one path and write or delete its file; returns a JobOutcome value."""
    target = file_for(path)
    if target is None:
        raise PublishError(f"{path!r} cannot be published as a file")
    with path_lock(path):
        return _publish_locked(path, target, renderer)


def _publish_locked(path: str, target: Path, renderer: Renderer) -> str:
    page = renderer.get(path)
    if page.status == 200 and page.content:
        return JobOutcome.WRITTEN if write_page(target, page.content) else JobOutcome.UNCHANGED
    if page.status in DELETE_STATUSES or (page.status == 200 and not page.content):
        return JobOutcome.DELETED if delete_page(target) else JobOutcome.ABSENT
    raise PublishError(f"{path}: HTTP {page.status}")


# --- the queue --------------------------------------------------------------------------------


def enqueue(paths: Iterable[str], reason: str = "") -> int:
    """Add paths to the durable queue (one pending row per path); returns how many."""
    unique = sorted({p for p in paths if file_for(p) is not None})
    if not unique:
        return 0
    PublishJob.objects.bulk_create(
        [PublishJob(path=p, reason=reason[:200]) for p in unique],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(unique)


def _claimable(now: datetime) -> Q:
    return Q(done_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    )


def claim(batch: int = CLAIM_BATCH) -> list[PublishJob]:
    """Claim pending jobs with a conditional UPDATE each (compare-and-set, STYLE.md §4)."""
    now = timezone.now()
    ids = list(
        PublishJob.objects.filter(_claimable(now))
        .order_by("id")
        .values_list("id", flat=True)[:batch]
    )
    claimed = [
        pk
        for pk in ids
        if PublishJob.objects.filter(_claimable(now), pk=pk).update(
            claimed_at=now, attempts=F("attempts") + 1
        )
    ]
    return list(PublishJob.objects.filter(pk__in=claimed).order_by("id"))


@dataclass
class PublishResult:
    outcomes: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    remaining: int = 0

    def paths(self, *outcomes: str) -> set[str]:
        return {p for p, o in self.outcomes.items() if o in outcomes}

    @property
    def written(self) -> set[str]:
        return self.paths(JobOutcome.WRITTEN)

    @property
    def deleted(self) -> set[str]:
        return self.paths(JobOutcome.DELETED)

    def summary(self) -> str:
        counts = Counter(self.outcomes.values())
        parts = [f"{counts.get(o, 0)} {o}" for o in JobOutcome.values if counts.get(o)]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.remaining:
            parts.append(f"{self.remaining} still pending")
        return ", ".join(parts) or "nothing to do"


def _finish(job: PublishJob, outcome: str, error: str = "") -> None:
    PublishJob.objects.filter(pk=job.pk).update(
        done_at=timezone.now(), outcome=outcome, error=error
    )


def _retry_later(job: PublishJob, error: str) -> None:
    """Keep the claim: the job is taken again once the claim is stale (STALE_CLAIM), which
    spaces the attempts; after MAX_ATTEMPTS it is given up (the full rebuild repairs)."""
    if job.attempts >= MAX_ATTEMPTS:
        _finish(job, JobOutcome.FAILED, error)
    else:
        PublishJob.objects.filter(pk=job.pk).update(error=error)


def forget_render_caches() -> None:
    """Pages of a batch are rendered from the database as it is now, not from values a view
    cached before the change (documents.views_public.filter_options)."""
    cache.delete(FILTER_OPTIONS_CACHE_KEY)


def process_pending(*, seconds: float | None = None) -> PublishResult:
    """Publish queued paths until the queue is empty or `seconds` have passed."""
    result = PublishResult()
    deadline = None if seconds is None else time.monotonic() + seconds
    check_column_state()
    renderer: Renderer | None = None
    while deadline is None or time.monotonic() < deadline:
        jobs = claim()
        if not jobs:
            break
        if renderer is None:
            forget_render_caches()
            renderer = Renderer()
        # The jobs of one claim are rendered from one state of the database.
        with columns.remembered_availability():
            for job in jobs:
                try:
                    outcome = publish_path(job.path, renderer)
                except Exception as exc:  # noqa: BLE001 — one bad page must not stop the queue
                    logger.exception("publishing %s failed", job.path)
                    result.failed[job.path] = str(exc)
                    _retry_later(job, f"{type(exc).__name__}: {exc}")
                else:
                    result.outcomes[job.path] = outcome
                    _finish(job, outcome)
    result.remaining = PublishJob.objects.filter(done_at__isnull=True).count()
    PublishJob.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    return result


_local = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Only queue, do not publish after each commit (bulk imports): the list pages are
    queued once for all the documents; run `publish_site --pending` afterwards."""
    previous = getattr(_local, "deferred", False)
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = previous


def in_process_enabled() -> bool:
    if getattr(_local, "deferred", False):
        return False
    return bool(getattr(settings, "GONGKAI_PUBLISH_IN_PROCESS", True))


def publish_changed(paths: Iterable[str], reason: str) -> PublishResult | None:
    """Queue the affected paths, then publish them in this process (bounded in time).

    Called after commit. The rows are written first, so a crash or a timeout leaves them for
    `publish_site --pending`; a failure here never reaches the user whose action committed.
    """
    try:
        enqueue(paths, reason)
    except Exception:  # noqa: BLE001
        logger.exception("could not queue pages to publish (%s)", reason)
        return None
    if not in_process_enabled():
        return None
    seconds = float(getattr(settings, "GONGKAI_PUBLISH_SECONDS", DEFAULT_IN_PROCESS_SECONDS))
    try:
        return process_pending(seconds=seconds)
    except Exception:  # noqa: BLE001
        logger.exception("publishing after commit failed; run publish_site --pending")
        return None


# --- column state ----------------------------------------------------------------------------


def _state_file() -> Path:
    return publish_root() / STATE_DIR / COLUMN_STATE_FILE


def read_column_state() -> frozenset[str] | None:
    try:
        return frozenset(json.loads(_state_file().read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        return None


def write_column_state(keys: frozenset[str]) -> None:
    if read_column_state() != keys:
        _write_atomic(_state_file(), json.dumps(sorted(keys)).encode())


def check_column_state() -> set[str]:
    """Queue the pages that list columns when a column appeared or disappeared since the
    static site was last published (the first tagged document shows 法定主动公开内容)."""
    from gongkai.publishing.dependencies import column_state_paths

    now = columns.available_keys()
    before = read_column_state()
    if before == now:
        return set()
    if before is None:
        # Nothing published yet: pages that were never published are served by Django
        # until they are. (A lost state file with pages on disk: publish_site --full.)
        write_column_state(now)
        return set()
    paths = column_state_paths(before, now)
    enqueue(paths, "columns changed")
    write_column_state(now)
    return paths


# --- full rebuild ----------------------------------------------------------------------------


def publish_all(*, progress: int = 0, out: object = None) -> PublishResult:
    """Render every page and delete files no page produces (publish_site --full)."""
    from gongkai.publishing.dependencies import all_paths

    result = PublishResult()
    forget_render_caches()
    renderer = Renderer()
    root = publish_root()
    root.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    with columns.remembered_availability():
        for path in all_paths():
            if path in seen:
                continue
            seen.add(path)
            try:
                result.outcomes[path] = publish_path(path, renderer)
            except Exception as exc:  # noqa: BLE001
                logger.exception("publishing %s failed", path)
                result.failed[path] = str(exc)
            if progress and len(seen) % progress == 0 and out is not None:
                out.write(f"{len(seen)} pages…")  # type: ignore[attr-defined]
    for file in sorted(root.rglob("*")):
        if not file.is_file() or any(p.startswith(".") for p in file.relative_to(root).parts):
            continue
        page = file.with_name(file.name[:-3]) if file.name.endswith(".gz") else file
        path = path_for_file(page, root)
        if path not in seen and path not in result.failed and delete_page(page, root):
            result.outcomes[path] = JobOutcome.DELETED
    write_column_state(columns.available_keys())
    return result
