import factory

from gongkai.documents.models import Attribute, Document, Topic
from gongkai.organizations.tests.factories import OrganFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("parent", "name")

    name = "综合政务"
    parent = None


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"示范区关于做好第{n}项政务公开工作的通知")
    organ = factory.SubFactory(OrganFactory)
    attribute = Attribute.PROACTIVE
    genre = "通知"
    summary = "对政务公开工作作出部署。"
    body = "各街道、各部门：\n为深入贯彻《中华人民共和国政府信息公开条例》，现就有关事项通知如下。"
