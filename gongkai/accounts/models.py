"""Users, organ-scoped roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("起草人员")
    HEAD = "head", _("单位负责人（审签）")
    OPENNESS_OFFICER = "openness_officer", _("政务公开工作机构")
    # 条例第三十三条第二款: extensions need the consent of the office's head.
    OPENNESS_OFFICE_HEAD = "openness_office_head", _("政府信息公开工作机构负责人")
    GOVERNMENT_OFFICE = "government_office", _("区政府办公室审核")
    CONFIDENTIALITY = "confidentiality", _("保密审查")
    LEGAL = "legal", _("合法性审查")
    PROPAGANDA = "propaganda", _("宣传联络")
    ADMINISTRATOR = "administrator", _("系统管理员")


# Roles whose scope includes the organs below the one they are attached to: an openness
# office or confidentiality reviewer of the 区政府 covers its departments. Drafting roles
# are exact: a clerk of one department never sees another department's drafts.
HIERARCHICAL_ROLES = frozenset(
    {
        Role.OPENNESS_OFFICER,
        Role.OPENNESS_OFFICE_HEAD,
        Role.GOVERNMENT_OFFICE,
        Role.CONFIDENTIALITY,
        Role.LEGAL,
    }
)


class User(AbstractUser):
    phone = models.CharField(_("电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("机关单位"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(fields=["user", "organ", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organ} · {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API (an OA system pushing documents).

    Only the SHA-256 of the token is stored; the raw value is shown once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "gk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        return token, raw
