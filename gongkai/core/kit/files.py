"""The stored-file base model: what every uploaded file of every module records.

A module's file model (公文附件, 解读材料, and those to come) inherits `StoredFile` and adds
its owner, its `file` field (where and how it is stored) and its `kind` choices:

    class Attachment(StoredFile):
        document = models.ForeignKey(Document, …, related_name="attachments")
        file = models.FileField(_("文件"), upload_to=…, storage=private_storage, max_length=300)
        kind = models.CharField(_("类型"), max_length=10)
        size = models.PositiveIntegerField(_("大小"))
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StoredFile(models.Model):
    title = models.CharField(_("名称"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    # Of the stored bytes (after metadata stripping): what a reviewer approved is identified by
    # it (保密审查 items "attachment:<id>:<sha256>").
    sha256 = models.CharField(max_length=64)
    sort_order = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title

    def record_content(self, data: bytes) -> None:
        """Size and digest of the bytes that are stored."""
        self.size = len(data)
        self.sha256 = sha256_of(data)
