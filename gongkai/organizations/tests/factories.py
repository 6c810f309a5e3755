import factory

from gongkai.organizations.models import Organ, OrganKind


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"示范区第{n}局")
    short_name = factory.Sequence(lambda n: f"第{n}局")
    slug = factory.Sequence(lambda n: f"organ{n}")
    kind = OrganKind.DEPARTMENT
    org_code = factory.Sequence(lambda n: f"{100000000 + n:09d}")
    office_name = factory.LazyAttribute(lambda o: f"{o.name}办公室")
    office_address = "示范区人民路1号"
    office_hours = "工作日 8:30-12:00，13:30-17:00"
    office_phone = "0411-12345678"
    office_fax = "0411-12345679"
    office_email = "gongkai@example.gov.cn"
