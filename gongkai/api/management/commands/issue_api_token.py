"""Issue an API token for an OA system: `manage.py issue_api_token USERNAME NAME`.

The raw token is printed once, on stdout alone so scripts can capture it; only its
SHA-256 is stored.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.models import ApiToken


class Command(BaseCommand):
    help = "为用户签发 API 令牌（令牌只显示一次）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="令牌所属用户；接口调用以该用户的岗位权限执行")
        parser.add_argument("name", help="令牌名称，如“教育局OA系统”")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None
        if not user.is_active:
            raise CommandError(f"用户已停用：{username}")
        name = name.strip()
        if not name:
            raise CommandError("令牌名称不能为空。")
        if len(name) > ApiToken._meta.get_field("name").max_length:
            raise CommandError("令牌名称过长（最多100个字符）。")
        token, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(raw)
        self.stderr.write(
            f"已为 {username} 签发令牌“{token.name}”（{token.prefix}…）。"
            "令牌只显示这一次，请妥善保存。"
        )
