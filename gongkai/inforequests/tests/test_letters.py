"""Letters (告知书): wording per outcome, DOCX and PDF rendering, editing, sending, archive."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from typing import Any

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn
from pypdf import PdfReader

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.letters import LetterContent, compose, remedies
from gongkai.inforequests.letters.docx import render_docx
from gongkai.inforequests.letters.pdf import render_pdf
from gongkai.inforequests.models import (
    DENIALS,
    ApplicantType,
    LetterKind,
    Notice,
    NoticeKind,
    OrganisationType,
    Outcome,
)
from gongkai.inforequests.tests.factories import InfoRequestFactory, received, release_reviewed
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db

# 条例第四十二条: the finding recorded before any fee.
EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"
D = date

# The article each reply letter must cite for its outcome (条例, 国务院令第711号).
ARTICLES: dict[str, list[str]] = {
    Outcome.OPEN: ["第三十六条第二项", "予以公开"],
    Outcome.PARTIAL: [
        "第三十七条",
        "区分处理",
        "不予公开的内容属于涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息",
        "根据《中华人民共和国政府信息公开条例》第十五条、第三十六条第三项和第三十七条的规定",
    ],
    Outcome.STATE_SECRET: ["第十四条", "第三十六条第三项", "国家秘密", "不予公开"],
    Outcome.LAW_PROHIBITS: ["第十四条", "第三十六条第三项", "法律、行政法规禁止公开"],
    Outcome.THREE_SAFETY_ONE_STABILITY: ["第十四条", "第三十六条第三项", "社会稳定"],
    Outcome.THIRD_PARTY_RIGHTS: ["第十五条", "第三十六条第三项", "第三方合法权益"],
    Outcome.INTERNAL_AFFAIRS: ["第十六条第一款", "第三十六条第三项", "内部事务信息"],
    Outcome.PROCESS_INFO: ["第十六条第二款", "第三十六条第三项", "过程性信息"],
    Outcome.ENFORCEMENT_FILE: ["第十六条第二款", "第三十六条第三项", "行政执法案卷信息"],
    Outcome.ADMIN_QUERY: ["第三十六条第七项", "不动产登记"],
    Outcome.NA_NOT_HELD: ["第三十六条第四项", "不存在"],
    Outcome.NA_NEED_CREATE: ["第三十八条", "加工、分析"],
    Outcome.NA_UNCLEAR: ["第三十条", "补正后的申请内容仍不明确"],
    Outcome.NP_PETITION: ["第三十九条第一款", "信访、投诉、举报"],
    Outcome.NP_REPEAT: ["第三十六条第六项", "不予重复处理"],
    Outcome.NP_PUBLICATION: ["第三十九条第二款", "公开出版物"],
    Outcome.NP_MASS: ["第三十五条", "不予处理"],
    Outcome.NP_CONFIRM: ["第二十七条", "第三十八条", "确认或者重新出具"],
    Outcome.OTHER_NO_CORRECTION: ["第三十条", "逾期未补正"],
    Outcome.OTHER_NO_FEE: ["国办函〔2020〕109号", "逾期未按收费通知要求缴纳费用"],
    Outcome.OTHER_OTHER: ["申请人撤回申请", "不再处理"],
}
# 行政复议法 (2023) 第二十条 / 行政诉讼法第四十六条: the applicant's choice, for every act
# that is not a refusal to disclose.
REMEDIES = (
    "如对本答复不服，可以依照《中华人民共和国行政复议法》第二十条的规定，自收到本告知书之日起"
    "60日内向示范区人民政府申请行政复议，也可以依照《中华人民共和国行政诉讼法》第四十六条的规定，"
    "自知道该行政行为之日起6个月内向有管辖权的人民法院提起行政诉讼。"
)
# 行政复议法 (2023) 第二十三条第一款第（四）项 / 行政诉讼法第四十五条: a refusal to disclose
# goes to reconsideration first.
RECONSIDERATION_FIRST = (
    "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当先向示范区人民政府"
    "申请行政复议（自收到本告知书之日起60日内提出）；对行政复议决定不服的，可以依照"
    "《中华人民共和国行政诉讼法》第四十五条的规定，自收到行政复议决定书之日起15日内向"
    "有管辖权的人民法院提起行政诉讼"
)
# 条例第五十一条: the complaint route to the openness competent department.
COMPLAINT = (
    "您认为本机关在政府信息公开工作中侵犯您合法权益的，还可以依照"
    "《中华人民共和国政府信息公开条例》第五十一条的规定，向政府信息公开工作主管部门"
    "示范区人民政府办公室投诉、举报。"
)


def expected_remedies(outcome: str) -> list[str]:
    if outcome in DENIALS:
        return ["如对本答复不服，" + RECONSIDERATION_FIRST, COMPLAINT]
    if outcome == Outcome.PARTIAL:
        return ["如对本答复中不予公开的部分不服，" + RECONSIDERATION_FIRST, COMPLAINT]
    return [REMEDIES, COMPLAINT]


def squeeze(text: str) -> str:
    """PDF text without page numbers (—1—) and the punctuation a line break may move."""
    return "".join(
        ch for ch in re.sub(r"—\s*\d+\s*—", "", text) if ch not in "，。；、（）《》“”：\n "
    )


def decided(district: Any, outcome: str, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "organ": district.education,
        "received_date": D(2025, 11, 3),
        "status": Status.DECIDED,
        "outcome": outcome,
        "decision_reasons": "理由如下。" if outcome != Outcome.OTHER_OTHER else "申请人撤回申请。",
        "decided_on": D(2025, 11, 20),
        "correction_notified_on": D(2025, 11, 5),
        "correction_items": ["请写明文号"],
        "correction_period_days": 10,
        "corrected_on": D(2025, 11, 10) if outcome == Outcome.NA_UNCLEAR else None,
        "fee_notice_on": D(2025, 11, 6) if outcome == Outcome.OTHER_NO_FEE else None,
        "withheld_grounds": [Outcome.THIRD_PARTY_RIGHTS] if outcome == Outcome.PARTIAL else [],
    }
    values.update(overrides)
    return InfoRequestFactory(**values)


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """BaseFont name → whether the font program is embedded, for every font of every page."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", ""
    )


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("outcome", list(Outcome), ids=[o.value for o in Outcome])
def test_every_outcome_has_its_wording_and_renders_docx_and_pdf(district, outcome):
    info_request = decided(district, outcome)
    draft = compose(info_request, LetterKind.REPLY)
    assert draft.title == "政府信息公开申请答复告知书"
    for words in ARTICLES[outcome]:
        assert words in draft.body, words
    remedies_text = expected_remedies(outcome)
    for paragraph in remedies_text:
        assert paragraph in draft.body, paragraph
    if outcome in DENIALS:
        # No choice of a direct lawsuit within 6 months: reconsideration comes first.
        assert "第四十六条" not in draft.body and "6个月" not in draft.body
    # Every decision is stated once (the repeated “经审查” is gone).
    assert draft.body.count("经审查") == 1 or outcome == Outcome.NP_MASS, draft.body
    assert "第二条" not in draft.body
    assert draft.addressee == "王小明"
    assert f"申请编号：{info_request.case_number}" in draft.body
    content = LetterContent(
        title=draft.title,
        reference="〔2025〕第7号",
        addressee=draft.addressee,
        body=draft.body,
        signatory=draft.signatory,
        letter_date=D(2025, 12, 15),
    )
    document = render_docx(content)
    text = docx_text(document)
    assert "政府信息公开申请答复告知书" in text and "〔2025〕第7号" in text
    assert "王小明：" in text and all(p in text for p in remedies_text)
    assert "示范区教育局" in text and "2025年12月15日" in text and "（印章）" in text
    pdf = render_pdf(content)
    assert pdf.startswith(b"%PDF")
    fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), fonts
    assert any("CJK" in name for name in fonts)
    rendered = squeeze(pdf_text(pdf))
    for paragraph in remedies_text:
        assert squeeze(paragraph) in rendered, paragraph
    # The outcome's own wording reaches both files too (not only the template).
    for words in ARTICLES[outcome]:
        assert words in text and squeeze(words) in rendered, words
    assert text.count("经审查") == draft.body.count("经审查")
    assert "第二条" not in text and "第二条" not in pdf_text(pdf)


def test_transfer_letter_names_the_responsible_organ(district):
    info_request = decided(
        district,
        Outcome.NA_NOT_HELD,
        transferred_to_name="示范区自然资源局",
        transferred_to_contact="0411-88888888",
    )
    body = compose(info_request, LetterKind.REPLY).body
    assert "第三十六条第五项" in body
    assert "示范区自然资源局，联系方式：0411-88888888" in body


def test_organisation_is_addressed_as_such(district):
    info_request = decided(
        district,
        Outcome.OPEN,
        applicant_type=ApplicantType.ORGANISATION,
        organisation_type=OrganisationType.LEGAL_SERVICES,
        applicant_name="示范律师事务所",
    )
    body = compose(info_request, LetterKind.REPLY).body
    assert "贵单位" in body and "您" not in body


def test_pdf_fonts_are_embedded_according_to_pdffonts(district):
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed")
    info_request = decided(district, Outcome.PARTIAL)
    draft = compose(info_request, LetterKind.REPLY)
    pdf = render_pdf(
        LetterContent(draft.title, "", draft.addressee, draft.body, draft.signatory, None)
    )
    out = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=30
    ).stdout.decode()
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all("CJK" in row[0] for row in rows)
    # Columns: name type… encoding emb sub uni object ID; “emb” is the fourth from the end.
    assert all(row[-5] == "yes" for row in rows), out


def test_docx_sets_the_east_asian_fonts_and_the_noto_fallback(district):
    info_request = decided(district, Outcome.OPEN)
    draft = compose(info_request, LetterKind.REPLY)
    data = render_docx(
        LetterContent(draft.title, "", draft.addressee, draft.body, draft.signatory, None)
    )
    document = docx.Document(io.BytesIO(data))
    east_asia = {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        for paragraph in document.paragraphs
        for run in paragraph.runs
    }
    assert east_asia == {"仿宋_GB2312", "宋体"}
    title = document.paragraphs[0].runs[0]
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and title.bold
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as archive:
        table = archive.read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>' in table
    assert document.core_properties.author == "示范区教育局"


def test_remedies_name_the_bodies_derived_from_the_hierarchy(district, settings):
    # A department: the district government reconsiders (行政复议法第二十四条), the district
    # government's office hears complaints (条例第三条、第五十一条), a basic court.
    text = remedies(district.education)
    assert "向示范区人民政府申请行政复议" in text
    assert "向有管辖权的人民法院提起行政诉讼" in text
    assert "向政府信息公开工作主管部门示范区人民政府办公室投诉、举报" in text
    # The district government itself: the government one level up and an intermediate court
    # (行政诉讼法第十五条第（一）项), both generic until configured.
    text = remedies(district.government)
    assert "向上一级人民政府申请行政复议" in text
    assert "向有管辖权的中级人民法院提起行政诉讼" in text
    assert "向上一级行政机关或者政府信息公开工作主管部门投诉、举报" in text
    settings.GONGKAI_INFOREQUEST_RECONSIDERATION_ORGAN = "大连市人民政府"
    settings.GONGKAI_INFOREQUEST_INTERMEDIATE_COURT = "大连市中级人民法院"
    text = remedies(district.government)
    assert "向大连市人民政府申请行政复议" in text and "向大连市中级人民法院提起行政诉讼" in text
    # A vertically managed organ: the higher competent department (第二十七条), never the
    # district government.
    district.finance.vertically_managed = True
    district.finance.save()
    text = remedies(district.finance)
    assert "向上一级主管部门申请行政复议" in text and "示范区人民政府申请" not in text


def test_remedies_bodies_are_configured_on_the_organ(district):
    organ = district.education
    organ.reconsideration_organ = "示范区人民政府（区司法局受理）"
    organ.court = "示范市西岗区人民法院"
    organ.complaint_organ = "示范区政务公开办公室"
    organ.save()
    text = remedies(organ, outcome=Outcome.PROCESS_INFO)
    assert "应当先向示范区人民政府（区司法局受理）申请行政复议" in text
    assert "15日内向示范市西岗区人民法院提起行政诉讼" in text
    assert "向政府信息公开工作主管部门示范区政务公开办公室投诉、举报" in text


def test_remedies_wording_can_be_overridden_by_a_template_folder(district, settings, tmp_path):
    (tmp_path / "remedies").mkdir()
    (tmp_path / "remedies" / "choice.txt").write_text(
        "不服的，可向{{ reconsideration }}申请复议或者向{{ court }}起诉。", encoding="utf-8"
    )
    settings.GONGKAI_INFOREQUEST_LETTER_TEMPLATE_DIRS = [str(tmp_path)]
    text = remedies(district.education)
    assert text.startswith("不服的，可向示范区人民政府申请复议或者向有管辖权的人民法院起诉。")
    # The other wordings still come from the built-in templates.
    assert "应当先向" in remedies(district.education, outcome=Outcome.STATE_SECRET)


def test_partial_reply_sends_only_the_withheld_part_to_reconsideration_first(district):
    body = compose(decided(district, Outcome.PARTIAL), LetterKind.REPLY).body
    assert "如对本答复中不予公开的部分不服" in body and "应当先向示范区人民政府" in body
    assert "如对本答复的其他内容不服，可以依照《中华人民共和国行政复议法》第二十条" in body
    assert "自知道该行政行为之日起6个月内" in body


def test_fee_notice_keeps_the_choice_of_remedies(district):
    text = remedies(district.education, what="本通知", document="本通知书", you="贵单位")
    assert text.startswith("如对本通知不服，可以依照《中华人民共和国行政复议法》第二十条")
    assert "贵单位认为本机关在政府信息公开工作中侵犯贵单位合法权益的" in text


# --- the service path: draft, edit, send ---------------------------------------------------


@pytest.fixture
def partial_case(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    release_reviewed(reviewer, info_request)
    services.inforequest_decide(
        actor=reviewer,
        info_request=info_request,
        outcome=Outcome.PARTIAL,
        reasons="第3页涉及个人隐私，已作区分处理。",
        withheld_grounds=[Outcome.THIRD_PARTY_RIGHTS],
    )
    return info_request


def test_edited_text_is_what_is_rendered_and_archived(reviewer, partial_case):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    assert letter.outcome == Outcome.PARTIAL and not letter.is_sent
    original = letter.body.splitlines()[0]
    edited = "本机关已按您的要求复核了全部材料。\n" + "\n".join(letter.body.splitlines()[1:])
    services.letter_update(actor=reviewer, letter=letter, addressee="王小明先生", body=edited)
    letter = services.letter_send(actor=reviewer, letter=letter, method="post")
    assert letter.reference == "教育局依申请公开〔2025〕第1号" and letter.letter_date == D(
        2025, 12, 15
    )
    pdf = letter.pdf.open("rb").read()
    text = pdf_text(pdf)
    assert "本机关已按您的要求复核了全部材料" in text and "王小明先生" in text
    assert original[:20] not in text
    stored_docx = docx_text(letter.docx.open("rb").read())
    assert "本机关已按您的要求复核了全部材料。" in stored_docx
    assert original not in stored_docx
    assert all(fonts_of(pdf).values())
    event = events_for(partial_case).get(action="inforequest.letter_sent")
    assert event.data["reference"] == "教育局依申请公开〔2025〕第1号"
    assert len(event.data["pdf_sha256"]) == 64
    actions = [e.action for e in events_for(partial_case) if e.action.startswith("inforequest.")]
    assert actions[-3:] == [
        "inforequest.letter_drafted",
        "inforequest.letter_edited",
        "inforequest.letter_sent",
    ]


def test_files_live_in_private_storage(reviewer, partial_case, settings):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    letter = services.letter_send(actor=reviewer, letter=letter)
    assert letter.pdf.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert letter.docx.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):  # never served by URL
        letter.pdf.storage.url(letter.pdf.name)


def test_a_sent_letter_cannot_change(reviewer, partial_case):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    services.letter_send(actor=reviewer, letter=letter)
    with pytest.raises(TransitionNotAllowed):
        services.letter_update(actor=reviewer, letter=letter, addressee="x", body="y")
    with pytest.raises(TransitionNotAllowed):
        services.letter_send(actor=reviewer, letter=letter)
    with pytest.raises(TransitionNotAllowed):
        services.letter_discard(actor=reviewer, letter=letter)


def test_references_count_per_organ_and_year(reviewer, partial_case, district, other_reviewer):
    first = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    second = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    other = received(other_reviewer, district.finance, D(2025, 12, 1))
    release_reviewed(other_reviewer, other)
    services.inforequest_decide(actor=other_reviewer, info_request=other, outcome=Outcome.OPEN)
    third = services.letter_draft(actor=other_reviewer, info_request=other, kind=LetterKind.REPLY)
    refs = [
        services.letter_send(actor=a, letter=letter).reference
        for a, letter in ((reviewer, first), (reviewer, second), (other_reviewer, third))
    ]
    # Each organ numbers its own letters, under its own prefix: no two references collide.
    assert refs == [
        "教育局依申请公开〔2025〕第1号",
        "教育局依申请公开〔2025〕第2号",
        "财政局依申请公开〔2025〕第1号",
    ]


def test_reference_pattern_is_a_setting(reviewer, partial_case, settings):
    settings.GONGKAI_INFOREQUEST_LETTER_REFERENCE = "{organ_short}依申请〔{year}〕{serial}号"
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    assert (
        services.letter_send(actor=reviewer, letter=letter).reference == "教育局依申请〔2025〕1号"
    )


def test_only_the_office_drafts_and_only_with_the_facts(district, reviewer, other_reviewer, clerk):
    info_request = received(reviewer, district.education, D(2025, 12, 10))
    for outsider in (other_reviewer, clerk):
        with pytest.raises(NotPermitted):
            services.letter_draft(actor=outsider, info_request=info_request, kind=LetterKind.REPLY)
    for kind in (LetterKind.REPLY, LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.FEE):
        with pytest.raises(TransitionNotAllowed):
            services.letter_draft(actor=reviewer, info_request=info_request, kind=kind)
    with pytest.raises(InvalidInput):
        services.letter_draft(actor=reviewer, info_request=info_request, kind="nonsense")
    assert not info_request.letters.exists()


def test_edit_refuses_an_empty_body(reviewer, partial_case):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    with pytest.raises(InvalidInput) as exc:
        services.letter_update(actor=reviewer, letter=letter, addressee="王小明", body="  \n ")
    assert exc.value.field == "body"


def test_discarding_a_draft_is_recorded(reviewer, partial_case):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    services.letter_discard(actor=reviewer, letter=letter)
    assert not partial_case.letters.exists()
    assert events_for(partial_case).filter(action="inforequest.letter_discarded").exists()


def test_discarding_a_draft_from_the_staff_page(client, reviewer, partial_case):
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    client.force_login(reviewer)
    url = reverse("inforequests:letter_discard", args=[partial_case.pk, letter.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert not partial_case.letters.exists()
    assert "文书草稿已删除。" in response.content.decode()


# --- the other letters ------------------------------------------------------------------------


def test_correction_notice_lists_the_items_and_the_period(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 10))
    services.inforequest_notify_correction(
        actor=reviewer,
        info_request=info_request,
        items=["请写明所需信息的名称", "请写明形成时间"],
        period_days=10,
    )
    letter = services.letter_draft(
        actor=reviewer, info_request=info_request, kind=LetterKind.CORRECTION
    )
    assert letter.title == "政府信息公开申请补正告知书"
    assert "第三十条" in letter.body
    assert "（一）请写明所需信息的名称" in letter.body and "（二）请写明形成时间" in letter.body
    due = Notice.objects.get(info_request=info_request, kind=NoticeKind.CORRECTION).data["due"]
    year, month, day = (int(x) for x in due.split("-"))
    assert f"10个工作日内（{year}年{month}月{day}日前）" in letter.body
    assert "视为放弃申请" in letter.body
    assert services.letter_send(actor=reviewer, letter=letter).pdf


def test_extension_notice_states_the_article_and_the_new_date(district, office_head):
    info_request = received(office_head, district.education, D(2025, 12, 1))
    services.inforequest_extend(
        actor=office_head, info_request=info_request, days=15, reason="需要调取档案"
    )
    letter = services.letter_draft(
        actor=office_head, info_request=info_request, kind=LetterKind.EXTENSION
    )
    assert letter.title == "政府信息公开延期答复告知书"
    assert "第三十三条第二款" in letter.body and "延长15个工作日" in letter.body
    assert "因需要调取档案" in letter.body and "前作出答复" in letter.body


def test_consultation_letters_go_to_the_party_without_the_applicants_data(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    third = services.consultation_start(
        actor=reviewer,
        info_request=info_request,
        kind="third_party",
        party="示范建设有限公司",
        letter_summary="申请公开贵公司投标文件中的报价部分。",
    )
    letter = services.letter_draft(
        actor=reviewer, info_request=info_request, kind=LetterKind.THIRD_PARTY, consultation=third
    )
    assert letter.addressee == "示范建设有限公司"
    assert letter.title == "政府信息公开第三方意见征询函"
    assert "第三十二条" in letter.body and "15个工作日" in letter.body
    assert "申请公开贵公司投标文件中的报价部分。" in letter.body
    for personal in ("王小明", "13812345678", "11010519491231002X"):
        assert personal not in letter.body
    with pytest.raises(InvalidInput):
        services.letter_draft(
            actor=reviewer, info_request=info_request, kind=LetterKind.THIRD_PARTY
        )


def test_other_organ_letter_states_silence_is_consent(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    consultation = services.consultation_start(
        actor=reviewer, info_request=info_request, kind="other_organ", party="示范区财政局"
    )
    letter = services.letter_draft(
        actor=reviewer,
        info_request=info_request,
        kind=LetterKind.OTHER_ORGAN,
        consultation=consultation,
    )
    assert "第三十四条" in letter.body and "视为同意公开" in letter.body


def test_fee_notice_states_basis_amount_and_payment_window(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    services.inforequest_fee_notice(
        excess_finding=EXCESS,
        actor=reviewer,
        info_request=info_request,
        mode="per_volume",
        pages=150,
    )
    letter = services.letter_draft(actor=reviewer, info_request=info_request, kind=LetterKind.FEE)
    assert letter.title == "政府信息公开信息处理费收费通知书"
    assert "第四十二条" in letter.body and "国办函〔2020〕109号" in letter.body
    assert "按量计收" in letter.body and "人民币1700元" in letter.body
    assert "次日起20个工作日内" in letter.body
    assert "如对本通知不服" in letter.body


# --- 已主动公开 (条例第三十六条第（一）项), 部分公开 grounds, provisional dates -------------------


def render_both(draft: Any) -> tuple[str, str]:
    """The DOCX text and the PDF text (page numbers removed, lines joined) of a draft."""
    content = LetterContent(
        draft.title, "〔2025〕第9号", draft.addressee, draft.body, draft.signatory, D(2025, 12, 15)
    )
    pdf = re.sub(r"—\s*\d+\s*—", "", pdf_text(render_pdf(content)))
    return docx_text(render_docx(content)), pdf


def test_information_already_published_is_answered_with_its_url_and_index_number(
    district, settings
):
    from gongkai.documents.tests.factories import DocumentFactory

    settings.SITE_URL = "https://www.shifanqu.example.gov.cn"
    document = DocumentFactory(
        organ=district.education,
        title="示范区教育局关于公布2025年学区划分的通知",
        doc_number="示教发〔2025〕3号",
        status="published",
        published_date=D(2025, 6, 2),
        index_number="000000003/2025-00017",
    )
    info_request = decided(district, Outcome.OPEN, document=document)
    draft = compose(info_request, LetterKind.REPLY)
    url = f"https://www.shifanqu.example.gov.cn/xxgk/documents/{document.uid}/"
    for text in (draft.body, *render_both(draft)):
        assert "第三十六条第一项" in text and "已经主动公开" in text
        assert "索引号：000000003/2025-00017" in text
        assert url in text.replace(" ", "")
        assert "2025年6月2日" in text and "示范区教育局关于公布2025年学区划分的通知" in text
        assert "第三十六条第二项" not in text
    # Not (or no longer) public: the ordinary 予以公开 wording, no link to a hidden page.
    document.status = "withdrawn"
    document.save()
    body = compose(info_request, LetterKind.REPLY).body
    assert "第三十六条第二项" in body and "索引号" not in body


def test_deadlines_in_a_year_without_a_holiday_notice_are_printed_as_provisional(
    district, reviewer, office_head
):
    import time_machine

    # 2027: no 国务院办公厅 notice yet (the package ships schedules up to 2026).
    with time_machine.travel("2026-12-21 10:00 +08:00", tick=False):
        info_request = received(reviewer, district.education, D(2026, 12, 21))
        services.inforequest_notify_correction(
            actor=reviewer, info_request=info_request, items=["请写明文号"], period_days=15
        )
        letter = services.letter_draft(
            actor=reviewer, info_request=info_request, kind=LetterKind.CORRECTION
        )
        due = Notice.objects.get(info_request=info_request, kind=NoticeKind.CORRECTION)
        year, month, day = (int(x) for x in due.data["due"].split("-"))
        assert year == 2027
        printed = f"{year}年{month}月{day}日（暂定）"
        draft = compose(info_request, LetterKind.CORRECTION)
        for text in (letter.body, *render_both(draft)):
            assert printed in text, text
        # A deadline in a year with a published schedule stays plain.
        other = received(office_head, district.education, D(2026, 12, 1))
        services.inforequest_extend(actor=office_head, info_request=other, days=1, reason="调档")
        body = compose(other, LetterKind.EXTENSION).body
        assert "前作出答复" in body and "暂定" not in body


def test_partial_disclosure_cites_the_ground_of_each_withheld_part(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    release_reviewed(reviewer, info_request, "批复正文（第1、3、4页）")
    services.inforequest_decide(
        actor=reviewer,
        info_request=info_request,
        outcome=Outcome.PARTIAL,
        reasons="第2页为内部讨论记录，第5页含个人身份信息。",
        withheld_grounds=[Outcome.PROCESS_INFO, Outcome.THIRD_PARTY_RIGHTS],
    )
    draft = compose(info_request, LetterKind.REPLY)
    for text in (draft.body, *render_both(draft)):
        text = text.replace(" ", "")
        assert "不予公开的内容属于行政机关在履行行政管理职能过程中形成的过程性信息" in text
        assert "第十六条第二款、第三十六条第三项和第三十七条的规定" in text
        assert "第十五条、第三十六条第三项和第三十七条的规定" in text


def test_partial_disclosure_requires_a_ground_of_articles_14_to_16(district, reviewer):
    info_request = received(reviewer, district.education, D(2025, 12, 1))
    for grounds in ([], [Outcome.ADMIN_QUERY], ["nonsense"]):
        with pytest.raises(InvalidInput) as exc:
            services.inforequest_decide(
                actor=reviewer,
                info_request=info_request,
                outcome=Outcome.PARTIAL,
                reasons="部分涉及个人隐私。",
                withheld_grounds=grounds,
            )
        assert exc.value.field == "withheld_grounds"
    with pytest.raises(InvalidInput):
        services.inforequest_decide(
            actor=reviewer,
            info_request=info_request,
            outcome=Outcome.OPEN,
            withheld_grounds=[Outcome.PROCESS_INFO],
        )
    info_request.refresh_from_db()
    assert info_request.status == Status.RECEIVED and info_request.withheld_grounds == []


def _docx_header_xml(data: bytes) -> str:
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("word/header")
        )


def test_a_draft_letter_carries_a_draft_watermark_in_html_docx_and_pdf(
    client, reviewer, partial_case
):
    """Issue 15 §10: a preview is never mistaken for the letter sent."""
    letter = services.letter_draft(actor=reviewer, info_request=partial_case, kind=LetterKind.REPLY)
    client.force_login(reviewer)
    page = client.get(reverse("inforequests:letter", args=[partial_case.pk, letter.pk]))
    assert 'id="draft-watermark"' in page.content.decode()
    pdf = client.get(reverse("inforequests:letter_file", args=[partial_case.pk, letter.pk, "pdf"]))
    assert "草稿" in pdf_text(b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]))
    preview = client.get(
        reverse("inforequests:letter_file", args=[partial_case.pk, letter.pk, "docx"])
    ).content
    assert 'string="草稿"' in _docx_header_xml(preview)

    letter = services.letter_send(actor=reviewer, letter=letter)
    page = client.get(reverse("inforequests:letter", args=[partial_case.pk, letter.pk]))
    assert 'id="draft-watermark"' not in page.content.decode()
    assert "草稿" not in pdf_text(letter.pdf.open("rb").read())
    assert "草稿" not in _docx_header_xml(letter.docx.open("rb").read())
