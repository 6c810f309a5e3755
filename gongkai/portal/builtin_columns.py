"""The portal's own columns (domain.md §6.2), registered by PortalConfig.ready: 政府信息公开
(the frame of the columns below it) and its 指南.

Every module registers its own columns from its AppConfig.ready: the documents'
(gongkai.documents.columns: 制度, 法定主动公开内容, 政策文件, 规范性文件, 目录), 政策解读
(gongkai.interpretations.columns), 依申请公开 (gongkai.inforequests.columns), the one
政府信息公开年报 column (gongkai.reports.columns, /ndbg/; the old path /xxgk/reports/
redirects there), and the others.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.columns import Column, register


def register_portal_columns() -> None:
    register(
        Column(
            key="xxgk",
            title=_("政府信息公开"),
            url_name="portal:xxgk",
            order=10,
            nav=10,
            description=_("政府信息公开指南、制度、法定主动公开内容、政策文件和目录。"),
        )
    )
    register(
        Column(
            key="guide",
            title=_("政府信息公开指南"),
            url_name="portal:guide",
            parent="xxgk",
            order=10,
            description=_(
                "政府信息的分类、编排体系、获取方式和政府信息公开工作机构的联系方式（条例第十二条）。"
            ),
        )
    )
