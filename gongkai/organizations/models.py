"""Organs (机关/单位) and their openness-office contacts (domain.md §10.1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.lib.indexno import is_valid_uscc, org_code_from_uscc


class OrganKind(models.TextChoices):
    DISTRICT_GOVERNMENT = "district_government", _("区政府")
    GOVERNMENT_OFFICE = "government_office", _("区政府办公室")
    DEPARTMENT = "department", _("部门")
    SUBDISTRICT = "subdistrict", _("街道")
    TOWNSHIP = "township", _("乡镇")


class Organ(models.Model):
    name = models.CharField(_("全称"), max_length=200, unique=True)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    slug = models.SlugField(_("代码"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=30, choices=OrganKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    org_code = models.CharField(
        _("组织机构代码"),
        max_length=20,
        blank=True,
        help_text=_("索引号前段码；留空时从统一社会信用代码中提取。"),
    )
    vertically_managed = models.BooleanField(_("垂直管理"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    # Openness office contacts (条例第十二条: the 指南 publishes them).
    office_name = models.CharField(_("政府信息公开工作机构名称"), max_length=200, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=300, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    office_fax = models.CharField(_("传真"), max_length=60, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    office_postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    website = models.URLField(_("互联网联系方式"), blank=True)

    # Remedies printed in reply letters (条例第五十一条). Left blank, each is derived from the
    # hierarchy (gongkai.organizations.selectors.remedy_bodies).
    reconsideration_organ = models.CharField(
        _("行政复议机关"),
        max_length=200,
        blank=True,
        # db_default: rows written by code that predates the field (older migrations) stay valid.
        db_default="",
        default="",
        help_text=_(
            "留空时按《行政复议法》第二十四条、第二十七条推定：部门、街道、乡镇为区人民政府；"
            "区人民政府为上一级人民政府；垂直管理机关为上一级主管部门。"
        ),
    )
    court = models.CharField(
        _("管辖法院"),
        max_length=200,
        blank=True,
        # db_default: rows written by code that predates the field (older migrations) stay valid.
        db_default="",
        default="",
        help_text=_(
            "以本机关为被告的行政诉讼的一审法院。留空时按《行政诉讼法》第十四条、第十五条推定："
            "区人民政府为中级人民法院，其他机关为基层人民法院。"
        ),
    )
    complaint_organ = models.CharField(
        _("投诉举报受理机关"),
        max_length=200,
        blank=True,
        # db_default: rows written by code that predates the field (older migrations) stay valid.
        db_default="",
        default="",
        help_text=_(
            "条例第五十一条的政府信息公开工作主管部门。留空时为区人民政府办公室"
            "（区人民政府及其办公室为上一级行政机关或者政府信息公开工作主管部门）。"
        ),
    )

    class Meta:
        verbose_name = _("机关单位")
        verbose_name_plural = _("机关单位")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.uscc and not is_valid_uscc(self.uscc):
            raise ValidationError({"uscc": _("统一社会信用代码校验失败，请核对。")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级机关不能是本机关。")})

    @property
    def index_prefix(self) -> str:
        """前段码 of the 索引号 (domain.md §7.1)."""
        if self.org_code:
            return self.org_code
        if self.uscc:
            return org_code_from_uscc(self.uscc)
        return self.slug

    def ancestors(self) -> list[Organ]:
        chain: list[Organ] = []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            children = list(
                Organ.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
            )
            frontier = [c for c in children if c not in ids]
            ids.update(frontier)
        return ids
