"""The 政策文件 filter options: only what published documents use (documents.selectors)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.documents import selectors
from gongkai.documents.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_no_published_document_offers_nothing(district: Any, publish: Any) -> None:
    publish(title="草稿", status="draft", published_date=None, topic=TopicFactory(name="财政"))

    assert selectors.public_organs() == []
    assert selectors.public_topics() == []
    assert selectors.public_years() == []


def test_organs_are_lead_and_joint_organs_of_published_documents(
    district: Any, publish: Any
) -> None:
    publish(title="教育局文件", organ=district.education)
    publish(title="联合发文", organ=district.education, co_organs=[district.finance])
    publish(title="政府办草稿", organ=district.office, status="draft", published_date=None)

    organs = selectors.public_organs()

    assert set(organs) == {district.education, district.finance}
    assert organs == sorted(organs, key=lambda o: (o.sort_order, o.pk))


def test_a_withdrawn_joint_document_no_longer_offers_its_joint_organ(
    district: Any, publish: Any
) -> None:
    joint = publish(title="联合发文", organ=district.education, co_organs=[district.finance])
    joint.status = "withdrawn"
    joint.save(update_fields=["status"])
    publish(title="教育局文件", organ=district.education)

    assert selectors.public_organs() == [district.education]


def test_topics_list_each_used_subtopic_under_its_parent(district: Any, publish: Any) -> None:
    science = TopicFactory(name="科技、教育", sort_order=20)
    education = TopicFactory(name="教育", parent=science)
    finance = TopicFactory(name="财政、金融、审计", sort_order=10)
    TopicFactory(name="未使用", sort_order=5)
    draft_only = TopicFactory(name="只有草稿", sort_order=1)
    publish(title="小类文件", topic=education)
    publish(title="财政文件", topic=finance)
    publish(title="草稿", topic=draft_only, status="draft", published_date=None)

    assert selectors.public_topics() == [finance, science, education]


def test_years_are_those_with_published_documents_newest_first(district: Any, publish: Any) -> None:
    publish(title="2021年文件", published_date=date(2021, 1, 1))
    publish(title="2023年文件", published_date=date(2023, 12, 31))
    publish(title="2023年另一文件", published_date=date(2023, 6, 1))
    publish(title="2019年草稿", status="draft", published_date=date(2019, 5, 5))

    assert selectors.public_years() == [2023, 2021]
