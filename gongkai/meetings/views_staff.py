"""Staff pages of 政府会议 at /staff/meetings/: the list, the plan (meeting and agenda with
each item's openness proposal), the workflow steps, the applications to attend with the
selection, the results and the links. Each view parses, calls one service and renders
(kit.views.perform_action); applicants' personal data is masked for those who do not handle
the applications."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import holder_names, holders_anywhere
from gongkai.core.exceptions import NotPermitted
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.audit import action_label
from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.core.kit.views import perform_action
from gongkai.core.kit.views import staff_view as _staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.core.models import events_for
from gongkai.decisions.permissions import can_decide_decision
from gongkai.decisions.workflow import Status as DecisionStatus
from gongkai.meetings import forms as mforms
from gongkai.meetings import permissions as perms
from gongkai.meetings import selectors, services
from gongkai.meetings.models import AgendaItem, Meeting, MeetingLink
from gongkai.meetings.presenters import applicant_view
from gongkai.meetings.workflow import Status
from gongkai.organizations.models import Organ, OrganKind

staff_view = partial(_staff_view, members_only=gettext_lazy("政府会议办理仅限机关工作人员使用。"))


def _visible(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)


INBOX_ITEMS = 10  # meetings shown inline per line of the main 待办

# Who acts on a meeting in each 待办 section (当前办理人): the head approves the plan, the
# openness office announces and publishes, the organiser selects attendees and records.
SECTION_ROLES = {
    "to_approve": Role.HEAD,
    "to_announce": Role.OPENNESS_OFFICER,
    "to_publish": Role.OPENNESS_OFFICER,
    "to_select": Role.CLERK,
    "to_record": Role.CLERK,
}


def _handler(meeting: Meeting, key: str) -> str:
    role = SECTION_ROLES.get(key, Role.CLERK)
    names = holder_names(role, meeting.organ)
    if not names and role == Role.CLERK and meeting.organ.kind == OrganKind.DISTRICT_GOVERNMENT:
        # The 区政府's own meetings are organised by its office (permissions.organiser_organs).
        names = "、".join(
            u.get_full_name() or u.get_username() for u in holders_anywhere(Role.GOVERNMENT_OFFICE)
        )
    return names


def _inbox_item(meeting: Meeting, key: str) -> InboxItem:
    when = timezone.localtime(meeting.starts_at)
    due = when.date() if key in ("to_announce", "to_select") else None
    return InboxItem(
        label=meeting.title,
        url=reverse("meetings:detail", args=[meeting.pk]),
        handler=_handler(meeting, key),
        due=due,
        note=f"{when:%Y-%m-%d %H:%M} · {meeting.get_status_display()}",
    )


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    """Hook `inbox`: one line per non-empty section of the meetings' 待办, each with its key
    (``meetings.<section>``) and its first meetings inline."""
    return [
        InboxLink(
            module=_("政府会议"),
            title=section.title,
            count=len(section.meetings),
            url=f"{reverse('meetings:list')}?section={section.key}",
            urgent=section.urgent,
            items=tuple(_inbox_item(m, section.key) for m in section.meetings[:INBOX_ITEMS]),
            key=f"meetings.{section.key}",
        )
        for section in selectors.inbox_for(user)
    ]


@require_safe
@staff_view
def meeting_list(request: HttpRequest) -> HttpResponse:
    sections = selectors.inbox_for(request.user)
    key = request.GET.get("section", "")
    chosen = next((s for s in sections if s.key == key), None)
    meetings = (
        chosen.meetings
        if chosen is not None
        else list(selectors.meetings_visible_to(request.user)[:200])
    )
    organs = Organ.objects.filter(pk__in=perms.organiser_organs(request.user))
    return render(
        request,
        "meetings/staff/list.html",
        {
            "meetings": meetings,
            "sections": sections,
            "section": chosen,
            "can_create": organs.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def meeting_create(request: HttpRequest) -> HttpResponse:
    organs = Organ.objects.filter(pk__in=perms.organiser_organs(request.user)).order_by("pk")
    if not organs:
        raise NotPermitted(_("您不能拟订会议方案。"))
    form = mforms.MeetingForm(request.POST or None)
    organ_id = request.POST.get("organ") or request.GET.get("organ") or organs[0].pk
    organ = get_object_or_404(organs, pk=organ_id)

    def rerender(form: Any, status: int) -> HttpResponse:
        return render(
            request,
            "meetings/staff/form.html",
            {
                "form": form,
                "organs": organs,
                "organ": organ,
                "meeting": None,
                "client_token": request.POST.get("client_token") or uuid.uuid4().hex,
            },
            status=status,
        )

    if request.method != "POST":
        return rerender(form, 200)
    return perform_action(
        request,
        form=form,
        call=lambda: services.meeting_create(
            actor=request.user,
            organ=organ,
            data=form.service_data(),
            client_token=kit_api.client_token(request.user, token, scope="meeting")
            if (token := request.POST.get("client_token"))
            else None,
        ),
        success=_("会议方案已创建，请添加议题。"),
        rerender=rerender,
        done=lambda meeting: redirect("meetings:detail", meeting.pk),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    if not perms.can_edit_meeting(request.user, meeting):
        raise NotPermitted(_("会议方案当前不能修改。"))
    form = mforms.MeetingForm(request.POST or None, instance=meeting)

    def rerender(form: Any, status: int) -> HttpResponse:
        return render(
            request, "meetings/staff/form.html", {"form": form, "meeting": meeting}, status=status
        )

    if request.method != "POST":
        return rerender(form, 200)
    meeting.refresh_from_db()  # the ModelForm wrote its values on the instance
    return perform_action(
        request,
        form=form,
        call=lambda: services.meeting_update(
            actor=request.user, meeting=meeting, data=form.service_data()
        ),
        success=_("会议方案已保存。"),
        rerender=rerender,
        done=lambda m: redirect("meetings:detail", m.pk),
    )


def _detail_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    items = list(meeting.items.select_related("consultation", "major_decision"))
    clear = perms.can_see_applicants(request.user, meeting)
    applications = list(selectors.applications_of(meeting).order_by("item__order", "number"))
    for item in items:
        item.staff_applications = [  # type: ignore[attr-defined]
            {"obj": a, **applicant_view(a, clear=clear)}
            for a in applications
            if a.item_id == item.pk
        ]
        item.selection_obj = getattr(item, "selection", None)  # type: ignore[attr-defined]
        # 集体讨论决定 is recorded from the meeting once it was held (决策条例第三十条), by the
        # decision's 决策机关; a review not passed is refused there with gate G9.
        item.can_decide = (  # type: ignore[attr-defined]
            meeting.status in (Status.HELD, Status.PUBLISHED)
            and item.major_decision is not None
            and item.major_decision.status in (DecisionStatus.LEGALITY, DecisionStatus.DISCUSSION)
            and can_decide_decision(request.user, item.major_decision)
        )
    history = [
        {"event": e, "label": action_label(e.action, "meeting")} for e in events_for(meeting)
    ]
    context = {
        "meeting": meeting,
        "items": items,
        "actions": actions_for(request.user, meeting),
        "links": list(meeting.links.all()),
        "history": history,
        "clear": clear,
        "can_edit": perms.can_edit_meeting(request.user, meeting),
        "item_form": forms.get("item_form") or mforms.ItemForm(),
        "reason_form": forms.get("reason_form") or mforms.ReasonForm(),
        "opinion_form": forms.get("opinion_form") or mforms.OpinionForm(),
        "select_form": forms.get("select_form") or mforms.SelectForm(),
        "results_form": forms.get("results_form")
        or mforms.ResultsForm(initial={"press_release": meeting.press_release}, items=items),
        "link_form": forms.get("link_form") or mforms.LinkForm(),
        "decide_form": forms.get("decide_form") or mforms.DecideForm(),
    }
    return context


@require_safe
@staff_view
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    return render(request, "meetings/staff/detail.html", _detail_context(request, meeting))


def _act(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: Any,
    form_name: str,
    call: Callable[[], Any],
    success: str,
) -> HttpResponse:
    def rerender(form: Any, status: int) -> HttpResponse:
        fresh = _visible(request, meeting.pk)
        kwargs = {form_name: form} if form is not None else {}
        return render(
            request,
            "meetings/staff/detail.html",
            _detail_context(request, fresh, **kwargs),
            status=status,
        )

    return perform_action(
        request,
        form=form,
        call=call,
        success=success,
        rerender=rerender,
        done=lambda _result: redirect("meetings:detail", meeting.pk),
    )


@require_POST
@staff_view
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    form = mforms.ItemForm(request.POST)
    return _act(
        request,
        meeting,
        form=form,
        form_name="item_form",
        call=lambda: services.item_add(
            actor=request.user, meeting=meeting, data=form.service_data()
        ),
        success=_("议题已添加。"),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def item_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = _visible(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    form = mforms.ItemForm(request.POST or None, instance=item)

    def rerender(form: Any, status: int) -> HttpResponse:
        return render(
            request,
            "meetings/staff/item_form.html",
            {"form": form, "meeting": meeting, "item": item},
            status=status,
        )

    if request.method != "POST":
        return rerender(form, 200)
    item.refresh_from_db()
    return perform_action(
        request,
        form=form,
        call=lambda: services.item_update(actor=request.user, item=item, data=form.service_data()),
        success=_("议题已保存。"),
        rerender=rerender,
        done=lambda _i: redirect("meetings:detail", meeting.pk),
    )


@require_POST
@staff_view
def item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = _visible(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    return _act(
        request,
        meeting,
        form=None,
        form_name="",
        call=lambda: services.item_remove(actor=request.user, item=item),
        success=_("议题已删除。"),
    )


@require_POST
@staff_view
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    return _act(
        request,
        meeting,
        form=None,
        form_name="",
        call=lambda: services.meeting_submit(actor=request.user, meeting=meeting),
        success=_("会议方案已报送审定。"),
    )


@require_POST
@staff_view
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    form = mforms.OpinionForm(request.POST)
    return _act(
        request,
        meeting,
        form=form,
        form_name="opinion_form",
        call=lambda: services.meeting_approve(
            actor=request.user, meeting=meeting, opinion=form.cleaned_data["opinion"]
        ),
        success=_("会议方案已审定。"),
    )


def _reason_action(name: str, service: Callable[..., Any], success: Any) -> Callable[..., Any]:
    @require_POST
    @staff_view
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _visible(request, pk)
        form = mforms.ReasonForm(request.POST)
        return _act(
            request,
            meeting,
            form=form,
            form_name="reason_form",
            call=lambda: service(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            ),
            success=success,
        )

    view.__name__ = name
    return view


reopen = _reason_action("reopen", services.meeting_reopen, gettext_lazy("会议方案已退回修改。"))
cancel = _reason_action("cancel", services.meeting_cancel, gettext_lazy("会议已取消。"))


def _plain_action(name: str, service: Callable[..., Any], success: Any) -> Callable[..., Any]:
    @require_POST
    @staff_view
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _visible(request, pk)
        return _act(
            request,
            meeting,
            form=None,
            form_name="",
            call=lambda: service(actor=request.user, meeting=meeting),
            success=success,
        )

    view.__name__ = name
    return view


announce = _plain_action("announce", services.meeting_announce, gettext_lazy("会议预告已发布。"))
hold = _plain_action("hold", services.meeting_hold, gettext_lazy("已确认会议召开。"))
publish = _plain_action("publish", services.meeting_publish, gettext_lazy("会议结果已发布。"))


@require_POST
@staff_view
def select(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    form = mforms.SelectForm(request.POST)

    def call() -> Any:
        item = get_object_or_404(AgendaItem, pk=form.cleaned_data["item"], meeting=meeting)
        return services.attendees_select(
            actor=request.user,
            item=item,
            method=form.cleaned_data["method"],
            seats=form.cleaned_data.get("seats"),
            chosen=form.chosen_numbers(),
            note=form.cleaned_data.get("note") or "",
        )

    return _act(
        request,
        meeting,
        form=form,
        form_name="select_form",
        call=call,
        success=_("列席人员已选定，系统将通知报名人。"),
    )


@require_POST
@staff_view
def results(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    form = mforms.ResultsForm(request.POST, items=list(meeting.items.all()))
    return _act(
        request,
        meeting,
        form=form,
        form_name="results_form",
        call=lambda: services.meeting_record_results(
            actor=request.user,
            meeting=meeting,
            press_release=form.cleaned_data["press_release"],
            decisions=form.decisions(),
        ),
        success=_("会议结果已保存。"),
    )


@require_POST
@staff_view
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """集体讨论决定 of an item's 重大行政决策 at this meeting; the decision's gate G9 (a passed
    合法性审查) refuses with its rule shown on the form."""
    meeting = _visible(request, pk)
    form = mforms.DecideForm(request.POST)

    def call() -> Any:
        item = get_object_or_404(AgendaItem, pk=form.cleaned_data["item"], meeting=meeting)
        return services.item_decide(
            actor=request.user,
            item=item,
            minutes=form.cleaned_data["minutes"],
            decision_text=form.cleaned_data["decision_text"],
        )

    return _act(
        request,
        meeting,
        form=form,
        form_name="decide_form",
        call=call,
        success=_("集体讨论决定已登记。"),
    )


@require_POST
@staff_view
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    form = mforms.LinkForm(request.POST)
    return _act(
        request,
        meeting,
        form=form,
        form_name="link_form",
        call=lambda: services.link_add(
            actor=request.user,
            meeting=meeting,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            source=form.cleaned_data.get("source") or "",
        ),
        success=_("已增加。"),
    )


@require_POST
@staff_view
def link_remove(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    meeting = _visible(request, pk)
    link = get_object_or_404(MeetingLink, pk=link_id, meeting=meeting)
    return _act(
        request,
        meeting,
        form=None,
        form_name="",
        call=lambda: services.link_remove(actor=request.user, link=link),
        success=_("已删除。"),
    )
