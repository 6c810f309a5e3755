"""The public pages at /ysqgk/: the guide, the online form, the receipt."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.core.models import events_for
from gongkai.inforequests.codes import query_code_matches
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.factories import VALID_ID
from gongkai.inforequests.workflow import Channel, Status

pytestmark = pytest.mark.django_db

FORM = reverse("inforequests_public:form")


def form_data(organ_: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "email": "wang@example.com",
        "address": "辽宁省大连市示范区人民路100号",
        "postcode": "116000",
        "organ": organ_.pk,
        "info_title": "2024年示范街道房屋征收补偿方案",
        "info_doc_number": "",
        "info_description": "示范街道2024年房屋征收项目的补偿安置方案",
        "provision_form": "paper",
        "delivery": "post",
        "client_token": "token-1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_entry_page_has_the_guide_and_both_ways_in(client, district):
    response = client.get(reverse("inforequests_public:apply"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("20个工作日", "7个工作日", "信息处理费", "行政复议", "第五十一条"):
        assert text in html
    # 行政复议法 (2023) 第二十三条第一款第（四）项: a refusal goes to reconsideration first.
    assert "不予公开政府信息的决定不服的，应当先申请行政复议" in html
    assert reverse("inforequests_public:form") in html
    assert reverse("inforequests_public:track") in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_portal_column_for_the_guide_is_available(district):
    # The portal registers 依申请公开 once this URL name exists (gongkai.inforequests.columns).
    assert reverse("inforequests_public:apply") == "/ysqgk/"


def test_form_carries_a_client_token_and_the_table3_applicant_types(client, district):
    html = client.get(FORM).content.decode()
    assert 'name="client_token"' in html
    for label in (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
    ):
        assert label in html


def test_bad_id_checksum_is_reported_on_its_field_in_chinese(client, district):
    response = client.post(
        FORM, form_data(district.education, id_number="110105194912310021", client_token="t2")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "居民身份证号码校验位不正确" in form.errors["id_number"][0]
    assert not InfoRequest.objects.exists()


def test_missing_fields_each_get_a_chinese_message_at_once(client, district):
    data = form_data(
        district.education,
        applicant_name="",
        phone="",
        email="",
        address="",
        info_title="",
        info_description="",
        delivery=None,
        organ="",
    )
    response = client.post(FORM, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["applicant_name"] == ["请填写申请人姓名或名称。"]
    assert errors["organ"] == ["请选择受理机关。"]
    assert errors["delivery"] == ["请选择获取信息的方式。"]
    assert "至少填写一种联系方式" in errors["phone"][0]
    assert "特征性描述" in errors["info_description"][0]
    html = response.content.decode()
    assert "申请未提交，请按提示修改" in html
    assert not InfoRequest.objects.exists()


def test_organisation_needs_its_table3_sub_type(client, district):
    response = client.post(
        FORM,
        form_data(
            district.education,
            applicant_type="organisation",
            applicant_name="示范律师事务所",
            id_type="uscc",
            id_number="91350100M000100Y43",
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation_type"] == ["请选择法人或其他组织的类型。"]


def test_email_delivery_without_email_is_refused_by_intake_rules(client, district):
    response = client.post(FORM, form_data(district.education, delivery="email", email=""))
    assert response.status_code == 400
    assert "请填写电子邮箱" in response.context["form"].errors["email"][0]


def test_valid_application_is_stored_before_the_receipt_shows_number_and_code(client, district):
    response = client.post(FORM, form_data(district.education))
    assert response.status_code == 302
    assert response["Location"] == reverse("inforequests_public:receipt")
    info_request = InfoRequest.objects.get()
    # 条例第三十一条: acknowledged automatically; the receipt page says so.
    assert info_request.status == Status.RECEIVED
    assert info_request.received_date == info_request.submitted_at.astimezone().date()
    assert info_request.channel == Channel.ONLINE
    assert info_request.remote_ip == "127.0.0.1"
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    code = receipt.context["query_code"]
    assert info_request.case_number in html and code in html
    assert query_code_matches(info_request.case_number, code, info_request.query_code_hash)
    assert "查询码只在本页显示" in html
    assert "本回执即为受理机关对收到申请的确认" in html
    assert "打印回执" in html
    # The receipt can be reloaded (and printed) for a while; once done, the code is gone.
    assert client.get(reverse("inforequests_public:receipt")).context["query_code"] == code
    client.post(reverse("inforequests_public:receipt_done"))
    assert client.get(reverse("inforequests_public:receipt")).status_code == 410


def test_double_submit_creates_one_case_and_shows_the_same_code(client, district):
    first = client.post(FORM, form_data(district.education))
    code = client.get(first["Location"]).context["query_code"]
    second = client.post(FORM, form_data(district.education))
    assert second.status_code == 302
    assert InfoRequest.objects.count() == 1
    assert client.get(second["Location"]).context["query_code"] == code
    actions = [e.action for e in events_for(InfoRequest.objects.get())]
    assert actions.count("inforequest.submitted") == 1
    assert actions.count("inforequest.received") == 1


def test_flood_is_throttled_with_429_and_accepted_applications_stay(client, district, settings):
    settings.GONGKAI_INFOREQUEST_SUBMIT_MAX = 2
    for token in ("a", "b"):
        assert (
            client.post(FORM, form_data(district.education, client_token=token)).status_code == 302
        )
    response = client.post(FORM, form_data(district.education, client_token="c"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "您提交申请过于频繁，请稍后再试" in html
    assert "已经提交成功的申请不受影响" in html
    # What the applicant typed is kept on the page, in a form that posts it again.
    assert "2024年示范街道房屋征收补偿方案" in html
    assert f'<form method="post" action="{FORM}"' in html and ">提交申请</button>" in html
    assert InfoRequest.objects.count() == 2


def test_throttle_is_per_address(client, district, settings):
    settings.GONGKAI_INFOREQUEST_SUBMIT_MAX = 1
    client.post(FORM, form_data(district.education, client_token="a"))
    blocked = client.post(FORM, form_data(district.education, client_token="b"))
    other = client.post(
        FORM, form_data(district.education, client_token="c"), REMOTE_ADDR="10.0.0.2"
    )
    assert blocked.status_code == 429
    assert other.status_code == 302


def test_inactive_organ_is_not_offered(client, district):
    district.finance.is_active = False
    district.finance.save()
    response = client.post(FORM, form_data(district.finance))
    assert response.status_code == 400
    assert response.context["form"].errors["organ"] == ["受理机关无效，请重新选择。"]
