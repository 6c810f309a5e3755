"""主题分类: the 22 top-level topics of the State Council policy library (domain.md §7.2)
and a few second-level ones a district uses every day.

Idempotent (get_or_create): rows an administrator renamed or added are left alone, and
running it on a database that already has the topics creates nothing. The reverse does
nothing, because documents may already point at the topics (on_delete=PROTECT).
"""

from django.db import migrations

# 国务院公文主题分类, in the library's order; 民政、乡村振兴、救灾 was formerly 民政、扶贫、救灾.
TOP_LEVEL = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、乡村振兴、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]

SECOND_LEVEL = {
    "综合政务": ["政务公开", "应急管理", "政务督查", "电子政务"],
    "国民经济管理、国有资产监管": ["发展规划", "国有资产监管"],
    "财政、金融、审计": ["财政", "审计", "税务"],
    "农业、林业、水利": ["农业、畜牧业、渔业", "水利"],
    "市场监管、安全生产监管": ["市场监管", "安全生产监管", "食品药品监管"],
    "城乡建设、环境保护": ["城乡建设", "环境监测、保护与治理", "住房保障"],
    "科技、教育": ["教育", "科技"],
    "卫生、体育": ["卫生", "体育"],
    "劳动、人事、监察": ["就业", "社会保障"],
    "民政、乡村振兴、救灾": ["社会救助", "减灾救灾", "社会福利", "乡村振兴"],
}


def create_topics(apps, schema_editor):
    Topic = apps.get_model("documents", "Topic")
    for position, name in enumerate(TOP_LEVEL, start=1):
        parent, _ = Topic.objects.get_or_create(
            parent=None, name=name, defaults={"sort_order": position * 10}
        )
        for child_position, child in enumerate(SECOND_LEVEL.get(name, []), start=1):
            Topic.objects.get_or_create(
                parent=parent, name=child, defaults={"sort_order": child_position * 10}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_topics, migrations.RunPython.noop),
    ]
