"""Policy interpretations (政策解读) linked to the documents they explain (domain.md §2.2, §10.1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.files import StoredFile
from gongkai.interpretations.workflow import Element, Form, Status


class Interpretation(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("关联文件"), related_name="interpretations"
    )
    # 谁起草谁解读: the drafting department, which for joint documents is the lead organ.
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("解读单位"),
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    interpreter_name = models.CharField(_("解读人（联系人）"), max_length=60, blank=True)
    interpreter_phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("解读正文"), blank=True)
    # Several forms at once (文字 + 图解 + 视频 …); values of workflow.Form.
    forms = models.JSONField(_("解读形式"), default=list, blank=True)
    # Content elements covered (背景依据, 目标任务 …); values of workflow.Element.
    elements = models.JSONField(_("内容要素"), default=list, blank=True)

    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    sign_off_opinion = models.TextField(_("审签意见"), blank=True)
    # Share of the text copied from the documents, measured at sign-off (避免简单摘抄).
    copy_ratio = models.FloatField(_("摘抄比例"), null=True, blank=True)

    published_date = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["-published_date", "-created_at", "-id"]
        constraints = [
            # Sign-off by the department head is what makes an interpretation count (G8).
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(signed_off_by__isnull=False),
                name="interpretation_signed_unless_draft",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "withdrawn"])
                | models.Q(published_date__isnull=False),
                name="interpretation_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "organ"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        from gongkai.interpretations.workflow import EDITABLE_STATES

        return self.status in EDITABLE_STATES

    def form_labels(self) -> list[str]:
        labels = dict(Form.choices)
        return [str(labels[f]) for f in Form.values if f in self.forms]

    def element_labels(self) -> list[str]:
        labels = dict(Element.choices)
        return [str(labels[e]) for e in Element.values if e in self.elements]


def media_upload_to(instance: Media, filename: str) -> str:
    return f"interpretations/{instance.interpretation.uid}/{uuid.uuid4().hex}.{instance.kind}"


class MediaKind(models.TextChoices):
    PNG = "png", _("PNG 图片")
    JPEG = "jpeg", _("JPEG 图片")
    MP4 = "mp4", _("MP4 视频")
    PDF = "pdf", _("PDF 文件")


class Media(StoredFile):
    """An image (图解), video (视频) or PDF of an interpretation."""

    interpretation = models.ForeignKey(
        Interpretation, on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=MediaKind.choices)
    size = models.PositiveBigIntegerField(_("大小"))
    file = models.FileField(_("文件"), upload_to=media_upload_to, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("解读材料")
        verbose_name_plural = _("解读材料")

    @property
    def is_image(self) -> bool:
        return self.kind in (MediaKind.PNG, MediaKind.JPEG)

    @property
    def is_video(self) -> bool:
        return self.kind == MediaKind.MP4
