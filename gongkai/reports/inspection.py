"""The annual self-inspection (年度自查, gate G17): every organ, every year, re-examines what
it withheld and what several applicants asked for (实施细则 一(三); 条例第十八条、第四十四条).

``self_inspection_generate`` builds (or refreshes, without touching decisions) the worklist:

- every document of the organ that is issued and still 不予公开 or 依申请公开, with its reasons,
  its age and the requests that named it;
- every piece of information requested by at least K distinct applicants in the year (the
  条例第四十四条 grouping of the inforequests selectors), with the count.

``inspection_item_decide`` records the decision. 转为主动公开 / 应公开的予以公开 of a document
call :func:`gongkai.documents.services.document_convert_to_proactive`: the document then goes
through 保密审查 and publication with every gate (G5, G6, G8 …). The counts feed the report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, Document
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.selectors import frequently_requested
from gongkai.organizations.models import Organ
from gongkai.reports import permissions as perms
from gongkai.reports.models import Decision, InspectionItem, ItemKind, SelfInspection

DECISIONS_NEEDING_NOTE = frozenset({Decision.KEEP, Decision.PARTIAL})


def default_due_date(year: int) -> date:
    """Departments finish before their report is due (31 January of the next year): the
    worklist is due on 15 January, leaving time to write the results into the report."""
    return date(year + 1, 1, 15)


def _withheld(organ: Organ, year: int) -> QuerySet[Document]:
    return Document.objects.filter(
        organ=organ,
        status=DocumentStatus.ISSUED,
        attribute__in=[Attribute.NOT_DISCLOSED, Attribute.ON_REQUEST],
        written_date__lte=date(year, 12, 31),
    ).order_by("written_date", "pk")


@transaction.atomic
def self_inspection_generate(
    *, actor: Any, organ: Organ, year: int, due_date: date | None = None
) -> tuple[SelfInspection, int]:
    """The worklist of ``organ`` for ``year`` and the number of items added. Idempotent:
    items already there keep their decisions. ``actor`` None is the yearly job."""
    if actor is not None and not perms.can_generate_inspection(actor, organ.pk):
        raise NotPermitted(_("只有本机关政务公开工作机构或区政府办公室可以生成自查清单。"))
    if year < 2019 or year > timezone.localdate().year:
        raise InvalidInput(_("自查年度无效。"), field="year")
    inspection, _created = SelfInspection.objects.get_or_create(
        organ=organ,
        year=year,
        defaults={"due_date": due_date or default_due_date(year), "generated_at": timezone.now()},
    )
    inspection = steps.lock(inspection)
    existing = set(inspection.items.values_list("key", flat=True))
    today = timezone.localdate()
    asked: dict[int, list[str]] = {}
    for document_id, number in InfoRequest.objects.filter(
        organ=organ, document__isnull=False
    ).values_list("document_id", "case_number"):
        asked.setdefault(document_id, []).append(number)
    added: list[InspectionItem] = []
    for document in _withheld(organ, year):
        key = f"doc:{document.pk}"
        if key in existing:
            continue
        added.append(
            InspectionItem(
                inspection=inspection,
                kind=ItemKind.WITHHELD,
                key=key,
                document=document,
                label=document.title[:300],
                attribute=document.attribute,
                reasons=list(document.reason_codes or [])
                or ([document.on_request_reason] if document.on_request_reason else []),
                written_date=document.written_date,
                requests=asked.get(document.pk, []),
                applicant_count=0,
            )
        )
        existing.add(key)
    for group in frequently_requested(organ=organ, year=year):
        key = f"doc:{group.document_id}" if group.document_id else f"req:{group.case_numbers[0]}"
        if key in existing:
            # A withheld document that is also requested often: add the count to its item.
            item = next((i for i in added if i.key == key), None)
            if item is not None:
                item.applicant_count = group.applicant_count
                item.requests = sorted(set(item.requests) | set(group.case_numbers))
            else:
                inspection.items.filter(key=key).update(
                    applicant_count=group.applicant_count, requests=group.case_numbers
                )
            continue
        named = Document.objects.filter(pk=group.document_id).first() if group.document_id else None
        added.append(
            InspectionItem(
                inspection=inspection,
                kind=ItemKind.FREQUENT,
                key=key[:80],
                document=named,
                label=group.label[:300],
                attribute=named.attribute if named else "",
                reasons=list(named.reason_codes or []) if named else [],
                written_date=named.written_date if named else None,
                requests=group.case_numbers,
                applicant_count=group.applicant_count,
            )
        )
        existing.add(key)
    InspectionItem.objects.bulk_create(added)
    inspection.generated_at = timezone.now()
    inspection.save(update_fields=["generated_at", "updated_at"])
    record_event(
        action="self_inspection.generated",
        subject=inspection,
        actor=actor,
        data={"added": len(added), "year": year, "today": today.isoformat()},
    )
    return inspection, len(added)


def _converted(item: InspectionItem) -> bool:
    return item.decision in (Decision.CONVERT, Decision.PUBLISH) and item.document_id is not None


DECISIONS = [d for d in Decision.values if d != Decision.PENDING]


def decisions_offered(user: Any, item: InspectionItem) -> list[str]:
    """The decisions ``user`` may take on ``item`` now (the page and the API offer these;
    :func:`inspection_item_decide` refuses the others with NotPermitted or
    TransitionNotAllowed): the organ's openness office, until the item's document was
    converted — after that the document's own path decides (a withdrawal is made there)."""
    if not perms.can_decide_inspection(user, item.inspection.organ_id) or _converted(item):
        return []
    return list(DECISIONS)


@transaction.atomic
def inspection_item_decide(
    *, actor: Any, item: InspectionItem, decision: str, note: str = ""
) -> InspectionItem:
    item = steps.lock(item)
    inspection = item.inspection
    if not perms.can_decide_inspection(actor, inspection.organ_id):
        raise NotPermitted(_("只有本机关政务公开工作机构可以作出自查处理决定。"))
    if _converted(item):
        raise TransitionNotAllowed(
            _("该信息已转为主动公开，处理结果不能再更改；如需撤回请在公文中办理。")
        )
    if decision not in DECISIONS:
        raise InvalidInput(_("请选择处理结果。"), field="decision")
    note = note.strip()
    if decision in DECISIONS_NEEDING_NOTE and not note:
        raise InvalidInput(_("继续不予公开或部分公开的，须写明复核后的理由和依据。"), field="note")
    if decision in (Decision.CONVERT, Decision.PUBLISH):
        basis = "条例第四十四条" if item.kind == ItemKind.FREQUENT else "条例第十八条"
        document = item.document
        if document is not None:
            if document.attribute != Attribute.PROACTIVE:
                document_services.document_convert_to_proactive(
                    actor=actor,
                    document=document,
                    reason=note or str(Decision(decision).label),
                    basis=basis,
                )
        elif not note:
            raise InvalidInput(
                _("该信息尚未登记为公文：请写明公开的方式（如已制作主动公开文件的名称）。"),
                field="note",
            )
    item.decision = decision
    item.decision_note = note[:5000]
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    record_event(
        action="self_inspection.decided",
        subject=inspection,
        actor=actor,
        reason=note[:2000],
        data={"item": item.pk, "label": item.label[:100], "decision": decision},
    )
    return item


@transaction.atomic
def self_inspection_set_due(
    *, actor: Any, inspection: SelfInspection, due_date: date
) -> SelfInspection:
    inspection = steps.lock(inspection)
    if not perms.can_set_inspection_due(actor, inspection):
        raise NotPermitted(_("只有区政府办公室或政务公开工作机构可以设定自查期限。"))
    inspection.due_date = due_date
    inspection.save(update_fields=["due_date", "updated_at"])
    record_event(
        action="self_inspection.due_set",
        subject=inspection,
        actor=actor,
        data={"due_date": due_date.isoformat()},
    )
    return inspection


def inspection_results(*, organ: Organ, year: int) -> dict[str, int]:
    """Counts for the report (section 一（三）): items, converted, published, kept, partial."""
    counts = Counter(
        InspectionItem.objects.filter(inspection__organ=organ, inspection__year=year).values_list(
            "decision", flat=True
        )
    )
    return {
        "items": sum(counts.values()),
        "converted": counts[Decision.CONVERT],
        "published": counts[Decision.PUBLISH],
        "kept": counts[Decision.KEEP],
        "partial": counts[Decision.PARTIAL],
        "pending": counts[Decision.PENDING],
    }


def progress(inspection: SelfInspection, today: date) -> dict[str, Any]:
    counts = Counter(inspection.items.values_list("decision", flat=True))
    total = sum(counts.values())
    pending = counts[Decision.PENDING]
    published = inspection.items.filter(
        decision__in=[Decision.CONVERT, Decision.PUBLISH],
        document__status=DocumentStatus.PUBLISHED,
    ).count()
    return {
        "total": total,
        "decided": total - pending,
        "pending": pending,
        "awaiting_publication": inspection.items.filter(
            decision__in=[Decision.CONVERT, Decision.PUBLISH], document__isnull=False
        )
        .exclude(document__status=DocumentStatus.PUBLISHED)
        .count(),
        "published": published,
        "overdue": pending > 0 and today > inspection.due_date,
    }
