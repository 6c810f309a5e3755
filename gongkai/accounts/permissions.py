"""Role predicates. Every other app's permissions build on these."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import HIERARCHICAL_ROLES, Membership, Role


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organ"))
        user._gongkai_memberships = cached
    return cached


def is_administrator(user: Any) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role == Role.ADMINISTRATOR for m in _memberships(user))


def organs_for_role(user: Any, role: Role) -> set[int]:
    """Ids of the organs where `user` holds `role` (including sub-organs for reviewer roles)."""
    ids: set[int] = set()
    for m in _memberships(user):
        if m.role != role:
            continue
        if role in HIERARCHICAL_ROLES:
            ids |= m.organ.descendant_ids()
        else:
            ids.add(m.organ_id)
    return ids


def has_role(user: Any, role: Role, organ_id: int | None = None) -> bool:
    if organ_id is None:
        return any(m.role == role for m in _memberships(user))
    return organ_id in organs_for_role(user, role)


def member_organ_ids(user: Any) -> set[int]:
    return {m.organ_id for m in _memberships(user)}


def roles_of(user: Any) -> set[str]:
    return {m.role for m in _memberships(user)}


def holders(role: Role | str, organ: Any) -> list[Any]:
    """The users who hold ``role`` for ``organ`` (当前办理人): members at the organ itself, or,
    for a role that covers sub-organs, at the nearest ancestor where someone holds it."""
    chain = [organ]
    if role in HIERARCHICAL_ROLES:
        chain += organ.ancestors()
    for node in chain:
        found = [
            m.user
            for m in Membership.objects.filter(role=role, organ=node, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        ]
        if found:
            return found
    return []


def holder_names(role: Role | str, organ: Any) -> str:
    """“赵敏、钱芳”: the names of :func:`holders`, for the 当前办理人 column."""
    return "、".join(u.get_full_name() or u.get_username() for u in holders(role, organ))


def holders_anywhere(role: Role | str) -> list[Any]:
    """The active users who hold ``role`` at any organ (a district-wide office such as the
    区政府办公室, which acts for organs it is not an ancestor of)."""
    seen: dict[int, Any] = {}
    for m in (
        Membership.objects.filter(role=role, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        seen.setdefault(m.user_id, m.user)
    return list(seen.values())
