"""The portal pages of 意见征集 (/yjzj/) and 重大行政决策 (/zdjc/)."""

from __future__ import annotations

import io
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit import paging
from gongkai.core.kit.api import client_ip
from gongkai.core.kit.views import public_view
from gongkai.decisions import selectors, services, throttle
from gongkai.decisions.forms import CommentForm
from gongkai.decisions.models import PublicConsultation
from gongkai.decisions.workflow import ConsultationStatus, Disposition


def _consultation(uid: UUID) -> PublicConsultation:
    return get_object_or_404(selectors.consultations_public(), uid=uid)


def days_left(c: PublicConsultation) -> int | None:
    if c.status != ConsultationStatus.OPEN or c.closes_on is None:
        return None
    return max((c.closes_on - timezone.localdate()).days, 0)


@public_view
def consultation_list(request: HttpRequest) -> HttpResponse:
    open_list = list(selectors.consultations_open())
    for c in open_list:
        c.days_left = days_left(c)  # type: ignore[attr-defined]
    finished = paging.paginate(request, selectors.consultations_finished())
    announced = selectors.consultations_public().filter(status=ConsultationStatus.ANNOUNCED)
    return render(
        request,
        "decisions/portal/consultation_list.html",
        {"nav": "yjzj", "open": open_list, "announced": announced, "page": finished},
    )


def _report_context(c: PublicConsultation) -> dict[str, object]:
    if c.status != ConsultationStatus.REPORTED:
        return {}
    report = selectors.adoption_report(c)
    return {
        "report": report,
        "dispositions": [(d.value, d.label, report.by_disposition[d.value]) for d in Disposition],
    }


@public_view
def consultation_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    c = _consultation(uid)
    context = {
        "nav": "yjzj",
        "consultation": c,
        "decision": c.decision,
        "articles": list(c.articles.all()),
        "days_left": days_left(c),
        "closing": services.closing_moment(c),
        **_report_context(c),
    }
    return render(request, "decisions/portal/consultation_detail.html", context)


def _comment_page(
    request: HttpRequest, c: PublicConsultation, form: CommentForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "decisions/portal/comment_form.html",
        {"nav": "yjzj", "consultation": c, "form": form, "closing": services.closing_moment(c)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@public_view(methods=None, private=True)
def comment(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The comment form (dynamic: it carries a form token). Stored, then acknowledged."""
    c = _consultation(uid)
    if request.method != "POST":
        initial: dict[str, int] = {}
        wanted = request.GET.get("article", "")
        if wanted.isdigit() and c.articles.filter(pk=int(wanted)).exists():
            initial["article"] = int(wanted)
        return _comment_page(request, c, CommentForm(initial=initial, consultation=c))
    form = CommentForm(request.POST, consultation=c)
    source = throttle.source_key(client_ip(request))
    if throttle.blocked(source):
        form.is_valid()
        form.add_error(None, _("您提交意见过于频繁，请稍后再试。已提交的意见不受影响。"))
        return _comment_page(request, c, form, status=429)
    throttle.counted(source)
    if not form.is_valid():
        return _comment_page(request, c, form, status=400)
    article = form.cleaned_data.get("article")
    try:
        saved = services.comment_submit(
            consultation=c,
            body=form.cleaned_data["body"],
            article_id=article.pk if article else None,
            name=form.cleaned_data.get("name", ""),
            contact=form.cleaned_data.get("contact", ""),
            source=source,
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _comment_page(request, c, form, status=400)
    # Committed: the comment is on record before it is acknowledged.
    return render(
        request,
        "decisions/portal/comment_receipt.html",
        {"nav": "yjzj", "consultation": c, "comment": saved},
    )


@public_view
def report_docx(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The adoption report (意见采纳情况) as DOCX."""
    c = _consultation(uid)
    if c.status != ConsultationStatus.REPORTED:
        raise Http404
    from docx import Document as Docx

    report = selectors.adoption_report(c)
    doc = Docx()
    doc.add_heading(_("%(title)s意见采纳情况") % {"title": c.decision.title}, level=1)
    doc.add_paragraph(c.report_summary)
    doc.add_paragraph(
        _("共收到意见%(total)d条，其中不予显示%(hidden)d条。")
        % {"total": report.total, "hidden": report.hidden}
    )
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = _("采纳情况")
    table.rows[0].cells[1].text = _("条数")
    for d in Disposition:
        row = table.add_row().cells
        row[0].text = str(d.label)
        row[1].text = str(report.by_disposition[d.value])
    doc.add_heading(_("按条款统计"), level=2)
    for label, counts, total in report.by_article:
        doc.add_paragraph(
            f"{label or _('总体意见')}：{total}（"
            + "，".join(f"{Disposition(k).label}{v}" for k, v in counts.items())
            + "）"
        )
    doc.add_heading(_("未采纳及部分采纳的理由"), level=2)
    for label, disposition, reason, n in report.reasons:
        if reason:
            doc.add_paragraph(f"{label or _('总体意见')} · {disposition}（{n}）：{reason}")
    out = io.BytesIO()
    doc.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="adoption-report.docx"'
    return response


@public_view
def decision_list(request: HttpRequest) -> HttpResponse:
    page = paging.paginate(request, selectors.decisions_public().order_by("-updated_at", "-id"))
    return render(
        request,
        "decisions/portal/decision_list.html",
        {"nav": "zdjc", "page": page, "years": selectors.catalogue_years()},
    )


@public_view
def catalogue(request: HttpRequest, year: int) -> HttpResponse:
    items = list(selectors.catalogue_for(year))
    if not items:
        raise Http404
    return render(
        request,
        "decisions/portal/catalogue.html",
        {"nav": "zdjc", "year": year, "items": items, "years": selectors.catalogue_years()},
    )


@public_view
def decision_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    decision = get_object_or_404(selectors.decisions_public(), uid=uid)
    consultations = list(selectors.consultations_public().filter(decision=decision))
    hearings = [h for h in decision.hearings.all() if h.noticed_on]
    return render(
        request,
        "decisions/portal/decision_detail.html",
        {
            "nav": "zdjc",
            "decision": decision,
            "trail": selectors.trail(decision, public=True),
            "consultations": consultations,
            "hearings": hearings,
        },
    )
