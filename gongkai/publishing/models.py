"""Static publishing: the durable queue of pages to re-render, and 法定主动公开 item tags."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryItem(models.TextChoices):
    """Items of statutory proactive disclosure: 条例第二十条 (一)–(十五) and 第二十一条.

    The labels quote the 条例 (corpus/gov-info-disclosure-regulations-2019.txt). 第二十一条
    applies to 设区的市级、县级人民政府及其部门, so to a district and its departments.
    """

    A20_01 = "20-01", _("（一）行政法规、规章和规范性文件")
    A20_02 = "20-02", _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
    A20_03 = "20-03", _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")
    A20_04 = "20-04", _("（四）国民经济和社会发展统计信息")
    A20_05 = "20-05", _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")
    A20_06 = (
        "20-06",
        _(
            "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的"
            "行政处罚决定"
        ),
    )
    A20_07 = "20-07", _("（七）财政预算、决算信息")
    A20_08 = "20-08", _("（八）行政事业性收费项目及其依据、标准")
    A20_09 = "20-09", _("（九）政府集中采购项目的目录、标准及实施情况")
    A20_10 = "20-10", _("（十）重大建设项目的批准和实施情况")
    A20_11 = (
        "20-11",
        _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    )
    A20_12 = "20-12", _("（十二）突发公共事件的应急预案、预警信息及应对情况")
    A20_13 = "20-13", _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")
    A20_14 = "20-14", _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")
    A20_15 = "20-15", _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")
    A21_URBAN_CONSTRUCTION = "21-01", _("市政建设")
    A21_PUBLIC_SERVICES = "21-02", _("公共服务")
    A21_PUBLIC_WELFARE = "21-03", _("公益事业")
    A21_LAND_EXPROPRIATION = "21-04", _("土地征收")
    A21_HOUSING_EXPROPRIATION = "21-05", _("房屋征收")
    A21_PUBLIC_SECURITY = "21-06", _("治安管理")
    A21_SOCIAL_ASSISTANCE = "21-07", _("社会救助")

    @classmethod
    def article(cls, code: str) -> int:
        return int(code.split("-", 1)[0])


class StatutoryItemTag(models.Model):
    """A document filed under an item of 法定主动公开内容 (平台规范 61号: 专栏姓专)."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("公文"),
        on_delete=models.CASCADE,
        related_name="statutory_tags",
    )
    item_code = models.CharField(_("法定主动公开事项"), max_length=8, choices=StatutoryItem.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标注人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("标注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法定主动公开事项标注")
        verbose_name_plural = _("法定主动公开事项标注")
        ordering = ["item_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "item_code"], name="unique_statutory_item_tag"
            ),
        ]
        indexes = [models.Index(fields=["item_code", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.item_code}"


class JobOutcome(models.TextChoices):
    WRITTEN = "written", _("已写入")
    UNCHANGED = "unchanged", _("无变化")
    DELETED = "deleted", _("已删除")
    ABSENT = "absent", _("无此页面")
    FAILED = "failed", _("失败")


class PublishJob(models.Model):
    """One public path to re-render (or delete) in the static output.

    The database is the queue (STYLE.md §4): a receiver adds rows after commit, and the
    same process (after commit) or `publish_site --pending` claims them with a conditional
    UPDATE, so two workers never render the same row. At most one unclaimed row per path.
    """

    path = models.CharField(_("路径"), max_length=500)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    outcome = models.CharField(_("结果"), max_length=10, choices=JobOutcome.choices, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("静态发布任务")
        verbose_name_plural = _("静态发布任务")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["path"],
                condition=models.Q(done_at__isnull=True, claimed_at__isnull=True),
                name="one_pending_publish_job_per_path",
            ),
        ]

    def __str__(self) -> str:
        return self.path
